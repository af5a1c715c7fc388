"""The judged set's inputs: the profiles, our own vacancies and the real 51job postings
(titles and skill tags only, read at run time, never copied into the repository).

A real posting is known in committed files only by its row key, `51job:` + the first 12 hex
digits of the SHA-1 of its title, company, area, salary, tags and issue date.
"""

from __future__ import annotations

import csv
import hashlib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
_REL = Path("shared") / "data" / "postings" / "51job-2023.csv"
# ../shared from the repository (a worktree one level deeper looks one level further up)
POSTINGS = next((p / _REL for p in ROOT.parents[:2] if (p / _REL).exists()), ROOT.parent / _REL)
PROFILES = HERE / "profiles.toml"
VACANCIES = HERE / "vacancies.csv"
OFFICE2 = HERE / "vacancies_office2.csv"
OFFICE3 = HERE / "vacancies_office3.csv"
# "old": the 305 written vacancies + the real postings (the corpus of every earlier round);
# "office2": the same plus the 517 public-office vacancies of vacancies_office2.csv (generated
# from one trade's parts at a time); "office3": old plus the 517 of vacancies_office3.csv
# (written one by one by sessions that saw nothing of the benchmark; held out, see RESULTS.md)
EXTRA = {"old": None, "office2": OFFICE2, "office3": OFFICE3}
CORPORA = tuple(EXTRA)

# tags of a 51job posting that are benefits or working conditions, not skills
_BENEFIT = re.compile(
    r"险|金|补贴|补助|福利|奖|体检|旅游|双休|休|年假|假期|班车|住宿|包吃|包住|期权|培训|弹性|"
    r"下午茶|出国|晋升|餐补|房补|宿舍|加班|全勤|节日|团建|扁平|氛围|假|餐$|食宿|食堂|公寓|双薪|调薪|"
    r"免费|瑜伽"
)


@dataclass(frozen=True)
class Profile:
    id: str
    segment: str
    desired_titles: tuple[str, ...]
    skills: tuple[str, ...]
    summary: str
    expected_pay: int | None
    key_groups: tuple[str, ...]

    def text(self) -> str:
        """One text of every field, as the baselines get it."""
        return " ".join((*self.desired_titles, *self.skills, self.summary))

    def for_judge(self) -> str:
        pay = f"；期望月薪 {self.expected_pay}" if self.expected_pay else ""
        return (
            f"意向：{'、'.join(self.desired_titles)}；技能：{'、'.join(self.skills) or '（未填）'}"
            f"；简介：{self.summary}{pay}"
        )


@dataclass(frozen=True)
class Vacancy:
    id: str
    title: str
    skills: tuple[str, ...]
    description: str = ""
    kind: str = "regular"
    pay: str = ""
    source: str = "own"  # own | 51job

    def text(self) -> str:
        return " ".join((self.title, *self.skills, self.description))

    def for_judge(self) -> str:
        parts = [f"【{self.title}】", f"类型 {self.kind}"]
        if self.pay:
            parts.append(f"薪资 {self.pay}")
        parts.append(f"技能：{'、'.join(self.skills) or '（无）'}")
        if self.description:
            parts.append(self.description)
        return " ".join(parts)


def load_profiles(path: Path = PROFILES) -> list[Profile]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [
        Profile(
            id=p["id"],
            segment=p["segment"],
            desired_titles=tuple(p["desired_titles"]),
            skills=tuple(p.get("skills", ())),
            summary=p.get("summary", ""),
            expected_pay=p.get("expected_pay"),
            key_groups=tuple(p.get("key_groups", ())),
        )
        for p in data["profile"]
    ]


_UNIT = {"month": "/月", "day": "/天", "hour": "/小时", "piece": "/单"}


def load_own(path: Path = VACANCIES) -> list[Vacancy]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            Vacancy(
                id=r["id"],
                title=r["title"],
                skills=tuple(s for s in r["skills"].split("、") if s),
                description=r["description"],
                kind=r["kind"],
                pay=f"{r['pay_min']}-{r['pay_max']}{_UNIT[r['pay_unit']]}" if r["pay_min"] else "",
            )
            for r in csv.DictReader(fh)
        ]


def posting_key(row: dict[str, str]) -> str:
    fields = ("jobName", "companyName", "area", "salary", "tags", "issueDate")
    digest = hashlib.sha1("\x1f".join(row[f] for f in fields).encode("utf-8")).hexdigest()
    return f"51job:{digest[:12]}"


def posting_skills(row: dict[str, str]) -> tuple[str, ...]:
    """The tags that are skills: not the experience, degree or a benefit; in order, once."""
    drop = {row["workYear"], row["degree"], ""}
    out: dict[str, None] = {}
    for tag in row["tags"].split(","):
        tag = tag.strip()
        if tag not in drop and not _BENEFIT.search(tag):
            out.setdefault(tag, None)
    return tuple(out)


def load_postings(path: Path = POSTINGS) -> list[Vacancy]:
    """The real postings as vacancies (title and skills only), one per distinct row key."""
    if not path.exists():
        return []
    seen: dict[str, Vacancy] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            key = posting_key(row)
            if key not in seen:
                seen[key] = Vacancy(
                    id=key, title=row["jobName"], skills=posting_skills(row), source="51job"
                )
    return list(seen.values())


def load_corpus(postings: Path = POSTINGS, name: str = "old") -> list[Vacancy]:
    if name not in CORPORA:
        raise ValueError(f"corpus {name!r}: one of {CORPORA}")
    extra = EXTRA[name]
    return load_own() + (load_own(extra) if extra else []) + load_postings(postings)
