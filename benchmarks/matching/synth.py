"""Synthetic seekers and vacancies at realistic sizes for the matching benchmarks.

Titles, descriptions and skills are built from the 职业分类大典 (names, aliases, definitions,
tasks) and the shipped skills vocabulary; points are spread over a city of ~60 × 60 km with
a dozen district centres (most jobs and people near them, 15% anywhere). The mix of kinds,
key groups, travel limits and skill spellings (synonyms, typos, full-width letters, spaces,
filler words) follows what station data looks like. Deterministic for a seed.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

import numpy as np

from jobhub.matching.models import GeoPoint, SeekerProfile, VacancyProfile
from jobhub.matching.skills import default_vocabulary
from jobhub.matching.tokenizer import taxonomy_csv_path

CITY = (30.66, 104.06)
_KM_LAT = 111.2
_MARK = re.compile(r"(L/S|L|S)$")
_TASK_SPLIT = re.compile(r"\d+\.|[。；;]")

_BENEFITS = (
    "五险一金",
    "包吃住",
    "月休4天",
    "节日福利",
    "带薪年假",
    "周末双休",
    "加班补贴",
    "提供住宿",
    "餐补",
    "交通补贴",
    "年终奖",
    "定期体检",
    "员工旅游",
    "绩效奖金",
    "包工作餐",
    "全勤奖",
)
_TITLE_PREFIX = ("急招", "高薪招聘", "诚聘", "招聘", "")
_TITLE_SUFFIX = ("（包吃住）", "（五险一金）", "双休", "长白班", "日结", "（可兼职）", "+提成", "")
_DISTRICTS = (
    "锦江区",
    "青羊区",
    "金牛区",
    "武侯区",
    "成华区",
    "龙泉驿区",
    "新都区",
    "温江区",
    "双流区",
    "郫都区",
    "高新区",
    "天府新区",
)
_COMPANIES = (
    "某物业公司",
    "某科技有限公司",
    "某餐饮管理公司",
    "某物流公司",
    "某制造厂",
    "某酒店",
    "某超市",
    "某建筑公司",
    "某家政公司",
    "某医院",
    "某汽车服务公司",
    "某商贸公司",
)
_REQ = ("持有{}", "熟练使用{}", "具备{}经验", "有{}者优先", "会{}", "掌握{}", "{}")
_EXPERIENCE = (
    "1年以上相关工作经验",
    "3年以上相关工作经验",
    "经验不限",
    "接受应届毕业生",
    "有相关经验者优先",
    "吃苦耐劳，责任心强",
)
_GENERIC_SKILLS = ("communication", "teamwork", "office_software")
_FULLWIDTH = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}


@dataclass(frozen=True, slots=True)
class Occupation:
    code: str
    name: str
    aliases: tuple[str, ...]
    clauses: tuple[str, ...]
    skills: tuple[str, ...]  # skill ids


class Universe:
    """Occupations with their skill pools and sampling weights, and the city's districts."""

    def __init__(self, seed: int = 7) -> None:
        vocab = default_vocabulary()
        self.vocab = vocab
        rng = np.random.default_rng(seed)
        occs: list[Occupation] = []
        with taxonomy_csv_path().open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if row["level"] != "4" or row["code"][0] not in "23456":
                    continue
                name = _MARK.sub("", row["name"].strip())
                aliases = tuple(
                    a.strip()
                    for a in re.split(r"[,，]", row.get("alias") or "")
                    if a.strip() and a.strip() != row["name"]
                )
                text = (row["definition"] or "") + "。" + (row["tasks"] or "")
                clauses = tuple(
                    c.strip(" 。，、") for c in _TASK_SPLIT.split(text) if len(c.strip()) >= 6
                )
                code = row["code"]
                pool = tuple(
                    s.id for s in vocab.skills if any(code.startswith(p) for p in s.occupations)
                )
                if not pool:
                    pool = tuple(
                        s.id for s in vocab.skills if any(code[:4] == p[:4] for p in s.occupations)
                    )
                occs.append(
                    Occupation(code, name, aliases, clauses or (name,), pool or _GENERIC_SKILLS)
                )
        self.occupations = occs
        share = {"2": 0.22, "3": 0.08, "4": 0.40, "5": 0.05, "6": 0.25}
        weights = np.zeros(len(occs))
        for major, total in share.items():
            idx = np.array([i for i, o in enumerate(occs) if o.code[0] == major])
            ranks = rng.permutation(len(idx))
            # popular jobs dominate (保洁, 保安, 电工 ...): Zipf-like within each 大类, and
            # occupations with a known skill pool are the trades people register for
            w = 1.0 / (ranks + 5.0) ** 0.9
            w *= np.array([3.0 if occs[i].skills != _GENERIC_SKILLS else 1.0 for i in idx])
            weights[idx] = total * w / w.sum()
        self.weights = weights / weights.sum()
        self.cum = np.cumsum(self.weights)
        self.by_minor: dict[str, list[int]] = {}
        for i, o in enumerate(occs):
            self.by_minor.setdefault(o.code[:7], []).append(i)
        n_d = len(_DISTRICTS)
        ang = rng.uniform(0, 2 * math.pi, n_d)
        rad = np.concatenate(([0.0], rng.uniform(3, 18, n_d - 1)))
        self.centres = np.stack((rad * np.sin(ang), rad * np.cos(ang)), axis=1)  # km offsets
        self.spread = rng.uniform(1.5, 4.0, n_d)
        dw = rng.uniform(0.5, 1.5, n_d)
        dw[0] *= 2
        self.district_w = dw / dw.sum()

    # -- pieces -------------------------------------------------------------------------------

    def pick_occupations(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return np.minimum(np.searchsorted(self.cum, rng.random(n)), len(self.occupations) - 1)

    def points(self, rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        d = rng.choice(len(self.centres), size=n, p=self.district_w)
        xy = self.centres[d] + rng.normal(size=(n, 2)) * self.spread[d, None]
        uniform = rng.random(n) < 0.15
        xy[uniform] = rng.uniform(-30, 30, size=(int(uniform.sum()), 2))
        lat = CITY[0] + xy[:, 1] / _KM_LAT
        lng = CITY[1] + xy[:, 0] / (_KM_LAT * math.cos(math.radians(CITY[0])))
        return lat, lng, d

    def title(self, rng: np.random.Generator, occ: Occupation, noisy: bool) -> str:
        base = (
            occ.aliases[rng.integers(len(occ.aliases))]
            if occ.aliases and rng.random() < 0.5
            else occ.name
        )
        if not noisy:
            return base
        return (
            _TITLE_PREFIX[rng.integers(len(_TITLE_PREFIX))]
            + base
            + _TITLE_SUFFIX[rng.integers(len(_TITLE_SUFFIX))]
        )

    def skill_text(self, rng: np.random.Generator, skill_id: str) -> str:
        skill = self.vocab.by_id[skill_id]
        if skill.aliases and rng.random() < 0.45:
            return skill.aliases[rng.integers(len(skill.aliases))]
        return skill.name

    def sibling(self, rng: np.random.Generator, occ_index: int) -> int:
        group = self.by_minor[self.occupations[occ_index].code[:7]]
        return group[rng.integers(len(group))]


def _perturb(rng: np.random.Generator, text: str) -> str:
    """How people type skills on a form: typos, full-width letters, spaces, filler words."""
    r = rng.random()
    if r < 0.10 and len(text) >= 4:
        i = int(rng.integers(1, len(text) - 1))
        if text.isascii():
            return text[:i] + text[i + 1] + text[i] + text[i + 2 :]  # swapped letters
        return (
            text.replace("证", "正").replace("作", "做") if ("证" in text or "作" in text) else text
        )
    if r < 0.18:
        return text.translate(_FULLWIDTH)
    if r < 0.25:
        return " ".join(text)
    if r < 0.30:
        return ("熟练使用" if text.isascii() else "持有") + text
    return text


def vacancies(
    n: int, seed: int = 1, universe: Universe | None = None, start_id: int = 0
) -> Iterator[VacancyProfile]:
    """n synthetic vacancies; ids are ints from start_id."""
    u = universe or Universe()
    rng = np.random.default_rng(seed)
    occ_idx = u.pick_occupations(rng, n)
    lat, lng, dist = u.points(rng, n)
    kinds = rng.choice(4, size=n, p=(0.82, 0.10, 0.04, 0.04))
    kind_names = ("regular", "gig", "public_welfare", "traineeship")
    for i in range(n):
        occ = u.occupations[occ_idx[i]]
        n_clauses = int(rng.integers(3, 7))
        clauses = [occ.clauses[j] for j in rng.integers(0, len(occ.clauses), n_clauses)]
        if rng.random() < 0.3:
            other = u.occupations[u.sibling(rng, int(occ_idx[i]))]
            clauses.append(other.clauses[rng.integers(len(other.clauses))])
        n_sk = int(rng.integers(1, 7))
        pool = occ.skills
        skill_ids = list(dict.fromkeys(pool[j] for j in rng.integers(0, len(pool), n_sk)))
        if rng.random() < 0.3:
            skill_ids.append(_GENERIC_SKILLS[rng.integers(3)])
        skills = [u.skill_text(rng, s) for s in skill_ids]
        reqs = [_REQ[rng.integers(len(_REQ))].format(s) for s in skills if rng.random() < 0.8]
        benefits = [
            _BENEFITS[j]
            for j in rng.choice(len(_BENEFITS), size=int(rng.integers(2, 6)), replace=False)
        ]
        description = (
            "岗位职责："
            + "；".join(clauses)
            + "。任职要求："
            + "，".join([*reqs, _EXPERIENCE[rng.integers(len(_EXPERIENCE))]])
            + "。福利待遇："
            + "，".join(benefits)
            + f"。工作地点：{_DISTRICTS[dist[i]]}。"
        )
        r = rng.random()
        code = (
            occ.code
            if r < 0.85
            else (u.occupations[u.sibling(rng, int(occ_idx[i]))].code if r < 0.90 else None)
        )
        yield VacancyProfile(
            id=start_id + i,
            title=u.title(rng, occ, noisy=rng.random() < 0.5),
            description=description,
            skills=tuple(skills),
            location=GeoPoint(float(lat[i]), float(lng[i])),
            kind=kind_names[kinds[i]],  # type: ignore[arg-type]
            occupation_code=code,
        )


def seekers(
    n: int, seed: int = 2, universe: Universe | None = None, start_id: int = 0
) -> Iterator[SeekerProfile]:
    """n synthetic job seekers; ids are ints from start_id."""
    u = universe or Universe()
    rng = np.random.default_rng(seed)
    occ_idx = u.pick_occupations(rng, n)
    lat, lng, _ = u.points(rng, n)
    limits = rng.choice(5, size=n, p=(0.6, 0.1, 0.12, 0.12, 0.06))
    limit_km = (None, 3.0, 5.0, 10.0, 20.0)
    for i in range(n):
        home = int(occ_idx[i])
        occ = u.occupations[home]
        wanted = [home] + ([u.sibling(rng, home)] if rng.random() < 0.4 else [])
        titles = tuple(dict.fromkeys(u.title(rng, u.occupations[j], noisy=False) for j in wanted))
        years = int(rng.integers(1, 16))
        clause = occ.clauses[rng.integers(len(occ.clauses))]
        pool = occ.skills
        skill_ids = list(
            dict.fromkeys(pool[j] for j in rng.integers(0, len(pool), int(rng.integers(1, 8))))
        )
        if rng.random() < 0.4:
            skill_ids.append(_GENERIC_SKILLS[rng.integers(3)])
        skills = tuple(_perturb(rng, u.skill_text(rng, s)) for s in skill_ids)
        summary = f"{years}年{titles[0]}工作经验，{clause}，" + "、".join(skills[:3]) + "。"
        history = []
        for _ in range(int(rng.integers(0, 4))):
            y1 = int(rng.integers(2005, 2022))
            past = u.occupations[u.sibling(rng, home)] if rng.random() < 0.6 else occ
            history.append(
                f"{y1}-{y1 + int(rng.integers(1, 4))} 在{_COMPANIES[rng.integers(len(_COMPANIES))]}任{past.name}，"
                + past.clauses[rng.integers(len(past.clauses))]
            )
        groups: list[str] = []
        r = rng.random()
        if r < 0.08:
            groups.append("employment_difficulty")
            groups.append(
                (
                    "older_worker",
                    "disabled",
                    "low_income",
                    "long_term_unemployed",
                    "zero_employment_household",
                )[rng.integers(5)]
            )
        if rng.random() < 0.04:
            groups.append("veteran")
        if rng.random() < (0.12 if occ.code[0] in "23" else 0.03):
            groups.append("graduate_within_2y")
        codes = tuple(u.occupations[j].code for j in wanted) if rng.random() < 0.8 else ()
        yield SeekerProfile(
            id=start_id + i,
            skills=skills,
            desired_titles=titles,
            summary=summary,
            work_history=tuple(history),
            location=GeoPoint(float(lat[i]), float(lng[i])),
            max_distance_km=limit_km[limits[i]],
            key_groups=tuple(groups),
            occupation_codes=codes,
            registered_unemployed_youth=bool(rng.random() < 0.03),
        )


def without_skills(
    vacancies: list[VacancyProfile], share: float, seed: int = 4
) -> list[VacancyProfile]:
    """The vacancies with a share of them listing no skills (a quarter of the real postings
    do): a person who names no desired job meets those through the titles their skills go
    with."""
    drop = np.random.default_rng(seed).random(len(vacancies)) < share
    return [replace(v, skills=()) if d else v for v, d in zip(vacancies, drop, strict=True)]


def skills_only(people: list[SeekerProfile], share: float, seed: int) -> list[SeekerProfile]:
    """The people with a share of them giving skills but naming no desired job (and so no
    occupation code): the engine meets titles for them through what the vacancies teach."""
    pick = np.random.default_rng(seed).random(len(people)) < share
    return [
        replace(s, desired_titles=(), occupation_codes=()) if alone else s
        for s, alone in zip(people, pick, strict=True)
    ]
