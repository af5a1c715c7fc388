"""Measure the posting reviewer on real postings and on the labelled set.

Run from the repository root:

    .venv/bin/python benchmarks/postings/measure.py [--csv PATH] [--samples 12]

1. Real postings: reads ../shared/data/postings/51job-2023.csv at run time (never
   copied into the repository). That file has no description: the reviewed text is
   the job name (as the title) and the tags (as the description, comma-separated,
   so each tag is its own clause). Salary strings are parsed into min/max/unit;
   headcount and validity are not in the file and are filled with placeholders, so
   missing_field is reported only for the fields the file has. Prints the share of
   postings flagged per code and a random sample of hits per code (to stdout only:
   the sample is third-party text and stays out of the repository).
2. Labelled set: per-code precision and recall on tests/postings/labelled.jsonl.
3. Speed: postings per second of the reviewer and of a naive baseline (one regex
   per phrase, each scanned separately, no context), same postings, same run. The
   naive baseline's flag counts are printed too, to show what context buys.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from jobhub.postings import ALL_CODES, Posting, Review, parse_request, review  # noqa: E402
from jobhub.postings.engine import TEXT_CHECKERS  # noqa: E402
from jobhub.postings.text import Scan, prepare  # noqa: E402

DEFAULT_CSV = REPO.parent / "shared" / "data" / "postings" / "51job-2023.csv"
LABELLED = REPO / "tests" / "postings" / "labelled.jsonl"
PLACEHOLDER_VALID_UNTIL = date(2099, 12, 31)

# What a keyword blacklist typically holds: one phrase list per code, no context.
NAIVE_PHRASES: dict[str, tuple[str, ...]] = {
    "gender": ("限男", "限女", "男性", "女性", "男士", "女士", "男生", "女生"),
    "marital_childbearing": ("已婚", "未婚", "已育", "未育", "婚育", "生育", "结婚", "怀孕"),
    "pregnancy_test": ("孕检", "妊娠", "验孕"),
    "ethnicity_religion": ("民族", "汉族", "宗教", "信仰"),
    "hukou_region": ("户口", "户籍", "本地人", "外地", "籍贯", "落户"),
    "disability_exclusion": ("残疾", "健全", "聋哑"),
    "pathogen_carrier": ("乙肝", "携带者", "传染病", "hiv", "艾滋"),
    "fee_deposit": ("押金", "保证金", "收费", "报名费", "服装费", "费用"),
    "document_withholding": ("身份证", "证件", "银行卡", "密码"),
    "training_loan": ("培训", "贷款", "分期", "学费"),
    "placement_hype": ("保录", "包分配", "内推", "入编", "包就业"),
    "pyramid_scheme": ("下线", "拉人", "团队计酬", "资本运作"),
    "task_scam": ("刷单", "返佣", "垫付", "高薪", "兼职"),
    "age_limit": ("岁", "年龄", "90后", "00后"),
    "school_tier": ("985", "211", "双一流", "名校", "一本", "统招"),
    "off_platform_contact": ("微信", "qq", "vx", "私聊"),
}
NAIVE_REGEXES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (code, re.compile(re.escape(phrase)))
    for code, phrases in NAIVE_PHRASES.items()
    for phrase in phrases
)


def naive_codes(text: str) -> set[str]:
    """Codes of the naive baseline: any phrase anywhere, each regex scanned on its own."""
    lowered = text.lower()
    return {code for code, rx in NAIVE_REGEXES if rx.search(lowered)}


_RANGE = re.compile(r"^([\d.]+)(千|万)?-([\d.]+)(千|万)(?:/(年))?(?:·\d+薪)?$")
_PER_DAY = re.compile(r"^([\d.]+)(元|千)/天$")
_AT_MOST = re.compile(r"^([\d.]+)(千|万)及以下(?:/(年))?$")
_SCALE = {"千": 1000.0, "万": 10000.0, "元": 1.0}


def parse_salary(raw: str) -> tuple[float, float, str] | None:
    """'1-1.5万·13薪' → (10000, 15000, 'month'); '150元/天' → (150, 150, 'day').

    Yearly pay ('10-20万/年') is divided by 12. 'N千及以下' has no floor: it is read
    as min = max = N, so a low ceiling still meets the minimum-wage check.
    """
    raw = raw.strip()
    m = _RANGE.match(raw)
    if m:
        lo_scale = _SCALE[m.group(2) or m.group(4)]
        lo, hi = float(m.group(1)) * lo_scale, float(m.group(3)) * _SCALE[m.group(4)]
        if m.group(5):
            lo, hi = lo / 12, hi / 12
        return lo, hi, "month"
    m = _PER_DAY.match(raw)
    if m:
        value = float(m.group(1)) * _SCALE[m.group(2)]
        return value, value, "day"
    m = _AT_MOST.match(raw)
    if m:
        value = float(m.group(1)) * _SCALE[m.group(2)]
        if m.group(3):
            value /= 12
        return value, value, "month"
    return None


def load_csv(path: Path) -> list[tuple[Posting, str]]:
    """Postings built from the CSV, each with its raw salary string."""
    out: list[tuple[Posting, str]] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            pay = parse_salary(row["salary"])
            posting = Posting(
                title=row["jobName"],
                description=row["tags"],
                employer_name=row["companyName"] or None,
                headcount=1,  # placeholder: not in the file
                work_location=row["area"] or None,
                salary_min=pay[0] if pay else None,
                salary_max=pay[1] if pay else None,
                salary_unit=pay[2] if pay else None,  # type: ignore[arg-type]
                valid_until=PLACEHOLDER_VALID_UNTIL,  # placeholder: not in the file
            )
            out.append((posting, row["salary"]))
    return out


def snippet(posting: Posting, finding_start: int | None, finding_end: int | None, text: str) -> str:
    """The hit with a few characters of context, for reading."""
    if finding_start is None or finding_end is None:
        return f"{text}"
    lo, hi = max(0, finding_start - 10), min(len(posting.description), finding_end + 10)
    d = posting.description
    return f"…{d[lo:finding_start]}[{d[finding_start:finding_end]}]{d[finding_end:hi]}…"


def measure_real(postings: list[tuple[Posting, str]], samples: int, seed: int) -> list[Review]:
    n = len(postings)
    reviews = [review(p) for p, _ in postings]
    per_code: Counter[str] = Counter()
    hits_by_code: dict[str, list[tuple[int, str]]] = defaultdict(list)
    missing_by_field: Counter[str] = Counter()
    naive_per_code: Counter[str] = Counter()
    for i, ((posting, raw_salary), result) in enumerate(zip(postings, reviews, strict=True)):
        for code in result.codes:
            per_code[code] += 1
        for f in result.findings:
            if f.code == "missing_field":
                missing_by_field[f.text] += 1
            where = (
                "标题" if f.field == "title" else ("描述" if f.field == "description" else "字段")
            )
            shown = snippet(posting, f.start, f.end, f.text)
            extra = f" salary={raw_salary!r}" if f.code == "wage_outlier" else ""
            hits_by_code[f.code].append(
                (i, f"[{where}] {posting.title} | {shown} ({f.rule}){extra}")
            )
        for code in naive_codes(posting.title + " " + posting.description):
            naive_per_code[code] += 1

    verdicts = Counter(r.verdict for r in reviews)
    print(f"## Real postings: {n} rows of 51job-2023.csv\n")
    print(
        "verdicts: "
        + ", ".join(f"{v} {verdicts[v]} ({verdicts[v] / n:.1%})" for v in ("ok", "warn", "reject"))
    )
    print("\n| code | reviewer: postings flagged | share | naive baseline: flagged | share |")
    print("|---|---:|---:|---:|---:|")
    for code in ALL_CODES:
        print(
            f"| {code} | {per_code[code]} | {per_code[code] / n:.2%} | "
            f"{naive_per_code.get(code, 0)} | {naive_per_code.get(code, 0) / n:.2%} |"
        )
    print(
        "\nmissing_field by field: "
        + ", ".join(f"{k} {v}" for k, v in missing_by_field.most_common())
    )

    rng = random.Random(seed)
    print(
        f"\n## Sample of hits per code (up to {samples}, seed {seed}); read these, do not commit them\n"
    )
    for code in ALL_CODES:
        hits = hits_by_code.get(code, [])
        if not hits:
            continue
        chosen = hits if len(hits) <= samples else rng.sample(hits, samples)
        print(f"### {code}: {len(hits)} findings")
        for _, line in sorted(chosen):
            print("  - " + line)
    print()
    return reviews


def measure_labelled(path: Path) -> None:
    rows = [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    naive_tp: Counter[str] = Counter()
    naive_fp: Counter[str] = Counter()
    naive_fn: Counter[str] = Counter()
    verdict_ok = 0
    for row in rows:
        posting = parse_request(row["posting"])
        expected = set(row["expect"]["codes"])
        result = review(posting)
        got = set(result.codes)
        verdict_ok += result.verdict == row["expect"]["verdict"]
        naive = naive_codes(posting.title + " " + posting.description)
        for code in ALL_CODES:
            for pred, t, f_, n_ in ((got, tp, fp, fn), (naive, naive_tp, naive_fp, naive_fn)):
                if code in pred and code in expected:
                    t[code] += 1
                elif code in pred:
                    f_[code] += 1
                elif code in expected:
                    n_[code] += 1
    kinds = Counter(row["kind"] for row in rows)
    trades = Counter(row["trade"] for row in rows)
    print(f"## Labelled set: {len(rows)} postings ({dict(kinds)}); trades {dict(trades)}\n")
    print(f"verdict agreement: {verdict_ok}/{len(rows)}\n")
    print("| code | reviewer P | reviewer R | naive P | naive R | positives |")
    print("|---|---:|---:|---:|---:|---:|")

    def ratio(a: int, b: int) -> str:
        return f"{a / b:.2f}" if b else "n/a"

    for code in ALL_CODES:
        if code == "missing_field":
            positives = tp[code] + fn[code]
            print(
                f"| {code} | {ratio(tp[code], tp[code] + fp[code])} | {ratio(tp[code], positives)} | n/a | n/a | {positives} |"
            )
            continue
        positives = tp[code] + fn[code]
        print(
            f"| {code} | {ratio(tp[code], tp[code] + fp[code])} | {ratio(tp[code], positives)} | "
            f"{ratio(naive_tp[code], naive_tp[code] + naive_fp[code])} | {ratio(naive_tp[code], positives)} | {positives} |"
        )
    print()


def _text_rules_only(posting: Posting) -> int:
    """Prepare title and description and run the 16 text rules: no fields, no wages."""
    title, description = prepare(posting.title), prepare(posting.description)
    whole = title.norm + "\n" + description.norm
    return sum(
        len(checker(Scan(text=text, in_title=text is title, whole=whole)))
        for text in (title, description)
        for checker in TEXT_CHECKERS
    )


def measure_speed(postings: list[Posting], repeat: int) -> None:
    def best_of(fn: Callable[[], object]) -> float:
        best = float("inf")
        for _ in range(repeat):
            t0 = time.perf_counter()
            fn()
            best = min(best, time.perf_counter() - t0)
        return best

    texts = [p.title + " " + p.description for p in postings]
    # Warm the caches (rule data, compiled patterns, folded characters) before timing.
    for p in postings:
        review(p)
    t_review = best_of(lambda: [review(p) for p in postings])
    t_text = best_of(lambda: [_text_rules_only(p) for p in postings])
    t_naive = best_of(lambda: [naive_codes(t) for t in texts])
    n = len(postings)
    print(f"## Speed (best of {repeat}, {n} postings, one process)\n")
    print("| what | seconds | postings/s |")
    print("|---|---:|---:|")
    print(
        f"| reviewer: review() (16 text rules, fields, wages, findings) | {t_review:.3f} | {n / t_review:,.0f} |"
    )
    print(
        f"| reviewer: text rules only (normalise + 16 rules) | {t_text:.3f} | {n / t_text:,.0f} |"
    )
    print(
        f"| naive baseline ({len(NAIVE_REGEXES)} regexes, one per phrase) | {t_naive:.3f} | {n / t_naive:,.0f} |"
    )
    print()
    # Worst cases: descriptions at the 5,000-character limit, dense with rule words.
    print("| adversarial description (5,000 chars) | findings | ms per review |")
    print("|---|---:|---:|")
    for unit in ("押金", "加微信", "限男性，", "不收取任何押金、保证金、", "男", "1-"):
        text = (unit * (5000 // len(unit)))[:5000]
        adversarial = replace(postings[0], description=text)
        t = best_of(lambda adversarial=adversarial: review(adversarial))
        print(f"| {unit!r} repeated | {len(review(adversarial).findings)} | {t * 1000:.1f} |")
    print()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV, help="path to 51job-2023.csv")
    parser.add_argument("--labelled", type=Path, default=LABELLED)
    parser.add_argument("--samples", type=int, default=12, help="hits to print per code")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3, help="timing repetitions")
    args = parser.parse_args(argv)

    rows = load_csv(args.csv)
    unparsed = Counter(raw for p, raw in rows if p.salary_unit is None)
    print(
        f"salary strings not parsed: {sum(unparsed.values())} ({dict(unparsed.most_common(5))})\n"
    )
    measure_real(rows, args.samples, args.seed)
    measure_labelled(args.labelled)
    measure_speed([p for p, _ in rows], args.repeat)


if __name__ == "__main__":
    main()
