"""Occupation coding on the blind set (issue 13): the product classifier beside a character
TF-IDF and a rapidfuzz baseline, in one run, with 95% bootstrap intervals; then the gain from
corrections, by replaying half of the labelled titles as accepted corrections.

    .venv/bin/python -m benchmarks.occupations.blind_eval          # prints, writes RESULTS section

The set is `benchmarks/occupations/blind/labels.csv` (how it was made: blind/README.md); the
51job titles are read from the shared postings at run time (never committed). Rows labelled
`unknown` (too vague for one 细类) are left out of the accuracy and counted. A method that
returns nothing for a title counts as wrong.

Metrics: top-1 and top-5 (the labelled 细类 is first / among the first five), 中类 top-1 (the
first answer shares the label's 中类, e.g. 4-10).

Parts: set E (333 titles added last on 2026-12-06 by a third labeller, labelled and committed
before anything ran on them) is the held-out figure; set D (326 titles added earlier that day)
was held out until it was run once; set C (335 titles added earlier still) was held out until it
had been run three times and its weak rows read; half B (odd CRC32 of the id among the first 702) was run once at
the end of the second round and used for development from the fourth; half A (even) is for
development.

Corrections replay: every title of one part becomes an accepted correction (its cleaned,
normalised title → its label), exactly as `jobhub.coding` applies them: an accepted correction
is the first suggestion for every title with the same key. Another part is then coded with and
without those corrections (half A teaching half B, the first 702 teaching set C, the first 702
with set C teaching set D, and the first 702 with sets C and D teaching set E); only
titles whose key a taught title shares can change, so the gain measures how often real titles
repeat.
"""

from __future__ import annotations

import csv
import re
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from benchmarks.occupations.blind.load import SETS, BlindRow, load_blind_sets
from benchmarks.occupations.build_examples import SHIPPED_SETS, written_examples
from benchmarks.quality.methods import bootstrap, paired_difference
from jobhub.occupations import classifier, clean_title, taxonomy
from jobhub.occupations.classifier import CONFIDENT_SCORE, Candidate, TitleClassifier
from jobhub.occupations.labels import build_labels, canon

RESULTS = Path(__file__).with_name("RESULTS.md")
BLIND = Path(__file__).with_name("blind")
SECTION = "blind"

Method = Callable[[Sequence[str]], list[list[str]]]


class HeldOut:
    """The shipped classifier, except for the labelled sets' own titles.

    The shipped example memory (``data/examples.csv``) holds the written titles of the labelled
    sets with their labels, so coding those titles with it would score the labels against
    themselves.  A title of a labelled set is coded by a model whose memory leaves that set out
    (every set holding that title, should one title be in several); any other title (a set
    added later, not in the shipped memory) by the shipped model.
    """

    def __init__(self, rows: Sequence[BlindRow]) -> None:
        sets_of: dict[str, set[str]] = {}
        for row in rows:
            sets_of.setdefault(row.title, set()).add(row.set)
        shipped = set(SHIPPED_SETS)
        self._held = {t: frozenset(s & shipped) for t, s in sets_of.items() if s & shipped}
        self._models: dict[frozenset[str], TitleClassifier] = {}

    def model(self, held: frozenset[str]) -> TitleClassifier:
        if not held:
            return classifier.default_classifier()
        if held not in self._models:
            others = [s for s in SHIPPED_SETS if s not in held]
            self._models[held] = TitleClassifier.fit(example_titles=written_examples(others))
        return self._models[held]

    def classify_many(self, titles: Sequence[str], top: int = 5) -> list[list[Candidate]]:
        groups: dict[frozenset[str], list[int]] = {}
        for i, title in enumerate(titles):
            groups.setdefault(self._held.get(title, frozenset()), []).append(i)
        out: list[list[Candidate]] = [[] for _ in titles]
        for held, positions in groups.items():
            found = self.model(held).classify_many([titles[i] for i in positions], top)
            for i, candidates in zip(positions, found, strict=True):
                out[i] = candidates
        return out


@cache
def held_out() -> HeldOut:
    """The coder every figure of this file uses (``HeldOut`` over every labelled row)."""
    return HeldOut(load_blind_sets())


def _labels() -> tuple[list[str], list[str]]:
    leaves = taxonomy.leaves()
    labels = build_labels(leaves)
    return [lb.text for lb in labels], [leaves[lb.leaf].code for lb in labels]


def _dedupe(codes: list[str], top: int = 5) -> list[str]:
    out: list[str] = []
    for code in codes:
        if code not in out:
            out.append(code)
        if len(out) == top:
            break
    return out


def char_tfidf() -> Method:
    """Character 1–3-gram TF-IDF (char_wb, sublinear) over every name and alias; cosine."""
    texts, codes = _labels()
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True)
    matrix = vec.fit_transform(texts)

    def run(titles: Sequence[str]) -> list[list[str]]:
        queries = vec.transform([canon(clean_title(t).text) for t in titles])
        scores = (queries @ matrix.T).toarray()
        out = []
        for row in scores:
            order = row.argsort()[::-1][:40]
            out.append(_dedupe([codes[i] for i in order if row[i] > 0]))
        return out

    return run


def rapidfuzz_wratio() -> Method:
    """Clean the title, then rapidfuzz WRatio against every name and alias."""
    texts, codes = _labels()

    def run(titles: Sequence[str]) -> list[list[str]]:
        out = []
        for title in titles:
            query = canon(clean_title(title).text)
            found = process.extract(query, texts, scorer=fuzz.WRatio, limit=40)
            out.append(_dedupe([codes[i] for _t, _s, i in found]))
        return out

    return run


def product(corrections: dict[str, str] | None = None) -> Method:
    """The shipped classifier; with ``corrections`` (key → code), an accepted correction comes
    first for its key, as jobhub.coding.services.suggest_many puts it."""

    def run(titles: Sequence[str]) -> list[list[str]]:
        ranked = held_out().classify_many(list(titles), top=5)
        out = []
        for title, candidates in zip(titles, ranked, strict=True):
            codes = [c.code for c in candidates]
            fixed = (corrections or {}).get(canon(clean_title(title).text))
            out.append(_dedupe([fixed, *codes]) if fixed else codes)
        return out

    return run


def unsure_counted_wrong(
    titles: Sequence[str],
    gold: list[str],
    threshold: float,
    model: classifier.TitleClassifier | None = None,
):
    """The product (or ``model``) as it answers alone: below ``threshold`` it says unknown
    (wrong here); the top 5 stay (the form shows them when it asks)."""
    found = (model or held_out()).classify_many(list(titles), top=5)
    sure = [bool(c) and c[0].score >= threshold for c in found]
    result = score([[c.code for c in cands] for cands in found], gold)
    for key in ("top-1", "中类 top-1"):
        result[key] = [hit * ok for hit, ok in zip(result[key], sure, strict=True)]
    return result, sure


def calibrate(scored: Sequence[tuple[float, bool]]) -> float:
    """The top-1 score where a confident answer becomes more often right than wrong: a
    logistic curve of P(right | score) fitted to the titles (Platt scaling), read where it
    crosses 0.5.  Below it, answering is worse than asking.  (The previous rule, the threshold
    maximising +1 per right and -1 per wrong answer kept, jumps about on a flat stretch of that
    sum; ``running_sum_threshold`` keeps it for comparison.)"""
    x = np.array([[s] for s, _ok in scored])
    y = np.array([ok for _s, ok in scored])
    fitted = LogisticRegression(C=1e6).fit(x, y)
    return float(-fitted.intercept_[0] / fitted.coef_[0][0])


def running_sum_threshold(scored: Sequence[tuple[float, bool]]) -> float:
    """The previous calibration: the threshold maximising the sum of +1 per right and -1 per
    wrong answer kept (the lowest such, on ties)."""
    candidates = sorted({round(s, 3) for s, _ok in scored} | {0.0})
    return max(
        candidates,
        key=lambda t: (sum(1 if ok else -1 for s, ok in scored if s >= t), -t),
    )


# The parts of the classifier that can be switched off, to measure what each adds (a weight
# of 0 removes the part; the spelt-out readings of abbreviations and level words cannot).
ABLATIONS = {
    "without the coverage of the title by each 细类's text": {"EVIDENCE_WEIGHT": 0.0},
    "without the head-noun check": {"HEAD_WEIGHT": 0.0},
    "without bracketed asides as readings (still evidence)": {"ASIDE_WEIGHT": 0.0},
    "without weighing a segment by its share of the title": {"PART_WEIGHT": 0.0},
    "without leaning workers' titles away from 大类 1 and 2": {"REGISTER_WEIGHT": 0.0},
    "without reading an aside as the field in front of the title": {"FIELD_READING": 0},
    "without the weaker hint of a Latin label beside Chinese words": {
        "LATIN_BASE": classifier.CONTAINS_BASE
    },
    "without holding titles that name no trade (普工) below the threshold": {
        "NO_TRADE_SCORE": 10.0
    },
    "without the labelled example memory (the other sets' written titles)": {"EXAMPLE_WEIGHT": 0.0},
}


@contextmanager
def patched(values: dict[str, float]) -> Iterator[None]:
    old = {name: getattr(classifier, name) for name in values}
    for name, value in values.items():
        setattr(classifier, name, value)
    try:
        yield
    finally:
        for name, value in old.items():
            setattr(classifier, name, value)


def weak_second_pass() -> dict[str, tuple[str, str]]:
    """Set C's rows whose label is marked weak: id -> (first label, blind second-pass label)
    (``blind/second_pass_c_weak.csv``, made from the 大典 definitions without the classifier's
    answers or the first labels)."""
    with open(BLIND / "labels.csv", encoding="utf-8", newline="") as f:
        first = {
            r["id"]: r["code"]
            for r in csv.DictReader(f)
            if r["set"] == "C" and r["note"].lower().startswith("weak")
        }
    path = BLIND / "second_pass_c_weak.csv"
    if not path.exists():
        return {}
    with open(path, encoding="utf-8", newline="") as f:
        return {r["id"]: (first[r["id"]], r["code"]) for r in csv.DictReader(f)}


def _middle(code: str) -> str:
    return "-".join(code.split("-")[:2])


def score(answers: list[list[str]], gold: list[str]) -> dict[str, list[float]]:
    top1 = [float(bool(a) and a[0] == g) for a, g in zip(answers, gold, strict=True)]
    top5 = [float(g in a[:5]) for a, g in zip(answers, gold, strict=True)]
    mid = [
        float(bool(a) and _middle(a[0]) == _middle(g)) for a, g in zip(answers, gold, strict=True)
    ]
    return {"top-1": top1, "top-5": top5, "中类 top-1": mid}


def split(rows: Sequence[BlindRow]) -> dict[str, list[int]]:
    """Row positions of each part: half A (development: even CRC32 of the id among the first
    702), half B (odd; run once at the end of the second round, development from the fourth),
    set C (added on 2026-12-06; run three times and its weak rows read since), set D (added later
    that day; run once since), set E (added after D; run once as the held-out set of round six)
    and set F (the held-out titles added last, labelled before anything ran on them)."""
    parts: dict[str, list[int]] = {"A": [], "B": [], "C": [], "D": [], "E": [], "F": []}
    for i, row in enumerate(rows):
        if row.set in ("C", "D", "E", "F"):
            parts[row.set].append(i)
        else:
            parts["B" if zlib.crc32(row.id.encode()) % 2 else "A"].append(i)
    return parts


def main(write: bool = True) -> None:
    every = load_blind_sets()
    unknown = [r for r in every if r.code == "unknown"]
    rows = [r for r in every if r.code != "unknown"]
    titles = [r.title for r in rows]
    gold = [r.code for r in rows]
    parts = split(rows)
    half_a, half_b = parts["A"], parts["B"]
    set_c, set_d, set_e, set_f = parts["C"], parts["D"], parts["E"], parts["F"]
    first_round = sorted(half_a + half_b)

    methods = {
        "char TF-IDF": char_tfidf(),
        "rapidfuzz WRatio": rapidfuzz_wratio(),
        "classifier (product)": product(),
    }
    results = {name: score(method(titles), gold) for name, method in methods.items()}
    # The threshold below which the product says "unknown", calibrated on half A only.
    top1 = held_out().classify_many(list(titles), top=1)
    scored_a = [
        (top1[i][0].score if top1[i] else 0.0, bool(top1[i]) and top1[i][0].code == gold[i])
        for i in half_a
    ]
    calibrated, running_sum = calibrate(scored_a), running_sum_threshold(scored_a)
    unsure, sure = unsure_counted_wrong(titles, gold, CONFIDENT_SCORE)
    asked = f"classifier, unknown below {CONFIDENT_SCORE:.2f} counted wrong"
    results[asked] = unsure

    def table(idx: Sequence[int], named: dict[str, dict[str, list[float]]]) -> list[str]:
        out = ["| method | top-1 | top-5 | 中类 top-1 |", "|---|---|---|---|"]
        for name, metrics in named.items():
            cells = " | ".join(str(bootstrap([v[i] for i in idx])) for v in metrics.values())
            out.append(f"| {name} | {cells} |")
        return out

    def differences(idx: Sequence[int]) -> list[str]:
        out = []
        for name in ("char TF-IDF", "rapidfuzz WRatio"):
            for mine in ("classifier (product)", asked):
                for metric in ("top-1", "top-5"):
                    diff = paired_difference(
                        [results[mine][metric][i] for i in idx],
                        [results[name][metric][i] for i in idx],
                    )
                    out.append(f"- {mine} − {name}, {metric}: {diff}")
        return out

    def by_source(idx: Sequence[int]) -> list[str]:
        out = []
        for source, prefix in (("51job (real)", "51job"), ("written", "written")):
            part = [i for i in idx if rows[i].source == prefix]
            cells = ", ".join(
                f"{name} top-1 {bootstrap([results[name]['top-1'][i] for i in part])}"
                f" / top-5 {bootstrap([results[name]['top-5'][i] for i in part])}"
                for name in (asked, "char TF-IDF")
            )
            out.append(f"- {source}, {len(part)} titles: {cells}")
        return out

    def set_part(heading: str, part: list[int]) -> list[str]:
        return [
            f"### {heading} ({len(part)} titles)",
            "",
            *table(part, results),
            "",
            *differences(part),
            "",
            "By source (unknown counted wrong, beside char TF-IDF):",
            "",
            *by_source(part),
        ]

    n_unknown = {k: sum(1 for r in unknown if r.set == k) for k in SETS}
    lines = [
        "## Blind set: real and public-office titles labelled without the classifier",
        "",
        f"`python -m benchmarks.occupations.blind_eval`: {len(rows)} labelled titles "
        f"({len(unknown)} more labelled `unknown` are left out: {n_unknown['AB']} in the first "
        f"702, {n_unknown['C']} in set C, {n_unknown['D']} in set D, {n_unknown['E']} in set E, "
        f"{n_unknown['F']} in set F); "
        "how they were chosen and "
        "labelled: "
        "`benchmarks/occupations/blind/README.md`. 95% bootstrap intervals over titles; "
        "differences are paired (the same titles resampled for both methods).",
        "",
        "- **Set F is the held-out figure**: 367 titles (148 real 51job titles, 219 newly "
        "written public-office titles, 56 of them care and domestic work) labelled on "
        "2026-12-06 by a fourth session blind to the classifier and committed before anything "
        "ran on them; no method was tuned on them. It is coded with the shipped example memory.",
        "- Set E: 333 titles (114 real, 219 written) labelled by a third session; run once as "
        "the held-out set of round six, then used to choose round seven's memory (left out of "
        "its own memory here), so it is **no longer a clean held-out set**.",
        "- Set D: 326 titles (122 real, 204 written) added and labelled earlier on 2026-12-06 "
        "by another session blind to the classifier; run once, so it is **no longer a clean "
        "held-out set**.",
        "- Set C: 335 titles (172 real, 163 written) added and labelled earlier on 2026-12-06; "
        "run at the end of the third round, at the start of the fourth and at its end, and its "
        "weak rows read, so it is **no longer a clean held-out set**.",
        "- Half B (odd CRC32 of the id among the first 702): run once at the end of the second "
        "round; in the fourth round its misses were read and changes chosen on A and B, so it "
        "is **development** too (its heading keeps the name 'seen once' for continuity).",
        "- Half A (even) was read while developing (its misses, curated aliases, every weight "
        "and the unknown threshold): **development**.",
        "- The shipped example memory (`data/examples.csv`, round seven) holds the written "
        "titles of AB, C, D and E with their labels; here each of those sets is coded with a "
        "memory that leaves it out (`HeldOut`), and a set added later (F) with the shipped one.",
        "",
        *set_part("Set F, held out", set_f),
        "",
        *set_part("Set E, run once as held out", set_e),
        "",
        *set_part("Set D, run once", set_d),
        "",
        *set_part("Set C, run three times", set_c),
        "",
        f"### Half B, seen once ({len(half_b)} titles)",
        "",
        *table(half_b, results),
        "",
        *differences(half_b),
        "",
        f"### Half A, development ({len(half_a)} titles)",
        "",
        *table(half_a, results),
        "",
        f"### The first 702 (A and B, {len(first_round)} titles)",
        "",
        *table(first_round, results),
        "",
        f"### Everything (A, B, C, D, E and F, {len(rows)} titles)",
        "",
        *table(range(len(rows)), results),
        "",
        *differences(range(len(rows))),
        "",
        f"Unknown: the classifier says unknown below a top-1 score of {CONFIDENT_SCORE:.2f} "
        f"(`CONFIDENT_SCORE`), for {len(sure) - sum(sure)} of {len(sure)} titles "
        f"({sum(not sure[i] for i in set_f)} in set F, "
        f"{sum(not sure[i] for i in set_e)} in set E, {sum(not sure[i] for i in set_d)} in set D, "
        f"{sum(not sure[i] for i in set_c)} in set C, "
        f"{sum(not sure[i] for i in half_b)} in half B); the form then asks the person to choose among the top 5, so top-5 is "
        f"unchanged. Calibrated on half A in this run: {calibrated:.3f} (where a logistic curve "
        f"of P(right | score) crosses 0.5); the running-sum rule (the threshold maximising +1 "
        f"per right and −1 per wrong answer kept) gives {running_sum:.3f} on the same titles.",
        "",
        *_calibration_lines(titles, gold, half_a + half_b, top1, unknown),
        "",
        *_weak_lines(rows, titles, gold, set_c, methods["char TF-IDF"]),
        "",
        *_job_words_lines(titles, gold, parts),
        "",
        "What each part adds (set F, top-1 with unknowns counted wrong and top-5, each part "
        "switched off alone, the same run):",
        "",
    ]
    d_gold = [gold[i] for i in set_f]
    d_titles = [titles[i] for i in set_f]
    full, _ = unsure_counted_wrong(d_titles, d_gold, CONFIDENT_SCORE)
    lines.append(f"- all parts: top-1 {bootstrap(full['top-1'])}, top-5 {bootstrap(full['top-5'])}")
    for name, values in ABLATIONS.items():
        with patched(values):
            less, _ = unsure_counted_wrong(d_titles, d_gold, CONFIDENT_SCORE)
        lines.append(
            f"- {name}: top-1 {bootstrap(less['top-1'])}, top-5 {bootstrap(less['top-5'])}; "
            f"all parts − this, top-1 {paired_difference(full['top-1'], less['top-1'])}"
        )

    lines += ["", "Corrections replayed (top-1 of the product's ranking, as a form shows it):", ""]
    for taught, tested, what in (
        (half_a, half_b, "the titles of half A as accepted corrections, half B coded"),
        (first_round, set_c, "the first 702's titles as accepted corrections, set C coded"),
        (
            first_round + set_c,
            set_d,
            "the first 702's and set C's titles as accepted corrections, set D coded",
        ),
        (
            first_round + set_c + set_d,
            set_e,
            "the first 702's and sets C's and D's titles as accepted corrections, set E coded",
        ),
        (
            first_round + set_c + set_d + set_e,
            set_f,
            "the first 702's and sets C's, D's and E's titles as accepted corrections, set F coded",
        ),
    ):
        corrections = {canon(clean_title(titles[i]).text): gold[i] for i in taught}
        t_titles = [titles[i] for i in tested]
        t_gold = [gold[i] for i in tested]
        plain = score(product()(t_titles), t_gold)["top-1"]
        fixed = score(product(corrections)(t_titles), t_gold)["top-1"]
        shared = sum(canon(clean_title(t).text) in corrections for t in t_titles)
        lines.append(
            f"- {what} ({len(tested)} titles, {shared} sharing a key with a correction): "
            f"top-1 {bootstrap(plain)} without, {bootstrap(fixed)} with; gain "
            f"{paired_difference(fixed, plain)}."
        )
    text = "\n".join(lines)
    print(text)
    if write:
        _write_section(text)


def _calibration_lines(titles, gold, idx, top1, unknown) -> list[str]:
    """The threshold as calibrated on half A and half B together, how many answers each score
    band holds right and wrong, and how often titles the labellers left as ``unknown`` are
    answered unknown."""
    scored = [
        (top1[i][0].score if top1[i] else 0.0, bool(top1[i]) and top1[i][0].code == gold[i])
        for i in idx
    ]
    bands = []
    for low, high in ((0.0, 0.5), (0.5, 0.55), (0.55, 0.6), (0.6, 0.65), (0.65, 0.7)):
        band = [ok for s, ok in scored if low <= s < high]
        bands.append(f"{low:.2f}–{high:.2f}: {sum(band)} right, {len(band) - sum(band)} wrong")
    curve = []
    for threshold in (0.0, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.9):
        kept = [ok for s, ok in scored if s >= threshold]
        curve.append(
            f"| {threshold:.2f} | {len(kept) / len(scored):.3f} | "
            f"{sum(kept) / max(len(kept), 1):.3f} | {sum(kept) / len(scored):.3f} |"
        )
    found = held_out().classify_many([r.title for r in unknown], top=1)
    asked = {
        part: sum(
            1
            for r, f in zip(unknown, found, strict=True)
            if r.set == part and (not f or f[0].score < CONFIDENT_SCORE)
        )
        for part in SETS
    }
    total = {part: sum(r.set == part for r in unknown) for part in SETS}
    return [
        f"Calibrated on half A and half B together ({len(idx)} titles): {calibrate(scored):.3f} "
        f"(logistic), {running_sum_threshold(scored):.3f} (running sum). Answers by top-1 score "
        f"on A and B: {'; '.join(bands)}.",
        "",
        "Accuracy against coverage on A and B (answer only at or above the threshold):",
        "",
        "| threshold | answered | right when answered | right, unknown counted wrong |",
        "|---:|---:|---:|---:|",
        *curve,
        "",
        f"Titles the labellers left as `unknown` (too vague for one 细类) that the classifier also "
        f"answers unknown: {asked['AB']} of {total['AB']} in the first 702, {asked['C']} of "
        f"{total['C']} in set C, {asked['D']} of {total['D']} in set D, {asked['E']} of "
        f"{total['E']} in set E, {asked['F']} of {total['F']} in set F.",
    ]


def _job_words_lines(titles, gold, parts: dict[str, list[int]]) -> list[str]:
    """What the job-board words of ``data/job_words.csv`` add, per part: the product beside the
    same model fitted without them (labels, readings and evidence off), unknowns counted wrong.
    The file was written after half B's and set C's misses were read, so their gains are seen."""
    with_words = classifier.TitleClassifier.fit(use_examples=False)
    without = classifier.TitleClassifier.fit(use_job_words=False, use_examples=False)
    lines = [
        "What the job-board words (`jobhub/occupations/data/job_words.csv`) add, per part (unknown "
        f"below {CONFIDENT_SCORE:.2f} counted wrong; the same model fitted without the file, both "
        "without the example memory):",
        "",
        "| part | titles | top-1 with | top-1 without | top-1 gain | top-5 with | top-5 without "
        "| top-5 gain |",
        "|---|---:|---|---|---|---|---|---|",
    ]
    names = {
        "A": "half A (its misses not read for the file)",
        "B": "half B (seen)",
        "C": "set C (seen)",
        "D": "set D (run once)",
        "E": "set E (run once)",
        "F": "set F (held out)",
    }
    for part, idx in parts.items():
        if not idx:
            continue
        t, g = [titles[i] for i in idx], [gold[i] for i in idx]
        on, _ = unsure_counted_wrong(t, g, CONFIDENT_SCORE, with_words)
        off, _ = unsure_counted_wrong(t, g, CONFIDENT_SCORE, without)
        lines.append(
            f"| {names.get(part, part)} | {len(idx)} | {bootstrap(on['top-1'])} | "
            f"{bootstrap(off['top-1'])} | {paired_difference(on['top-1'], off['top-1'])} | "
            f"{bootstrap(on['top-5'])} | {bootstrap(off['top-5'])} | "
            f"{paired_difference(on['top-5'], off['top-5'])} |"
        )
    return lines


def _weak_lines(rows, titles, gold, set_c, tfidf: Method) -> list[str]:
    """Set C scored with the blind second pass of its weak rows beside the original labels
    (the original figures stay the figures of record)."""
    second = weak_second_pass()
    if not second:
        return []
    same = sum(a == b for a, b in second.values())
    middle = sum(_middle(a) == _middle(b) for a, b in second.values())
    lines = [
        f"Set C's {len(second)} weak rows, labelled again blind (from the 大典 definitions, "
        f"without the classifier's answers or the first labels; `blind/second_pass_c_weak.csv`): "
        f"the same 细类 as the first label for {same}, the same 中类 for {middle}; "
        f"{sum(b == 'unknown' for _a, b in second.values())} now `unknown`.",
        "",
        "| set C, unknown counted wrong | titles | classifier top-1 | top-5 | char TF-IDF top-1 "
        "| top-5 | top-1 difference |",
        "|---|---:|---|---|---|---|---|",
    ]
    weak_ids = set(second)
    for name, relabel in (("original labels", False), ("weak rows relabelled", True)):
        for subset, keep in (("all", lambda r: True), ("weak rows", lambda r: r.id in weak_ids)):
            idx = [i for i in set_c if keep(rows[i])]
            codes = [
                second[rows[i].id][1] if relabel and rows[i].id in second else gold[i] for i in idx
            ]
            idx = [i for i, c in zip(idx, codes, strict=True) if c != "unknown"]
            codes = [c for c in codes if c != "unknown"]
            mine, _ = unsure_counted_wrong([titles[i] for i in idx], codes, CONFIDENT_SCORE)
            base = score(tfidf([titles[i] for i in idx]), codes)
            lines.append(
                f"| {name}, {subset} | {len(idx)} | {bootstrap(mine['top-1'])} | "
                f"{bootstrap(mine['top-5'])} | {bootstrap(base['top-1'])} | "
                f"{bootstrap(base['top-5'])} | {paired_difference(mine['top-1'], base['top-1'])} |"
            )
    return lines


def _write_section(text: str) -> None:
    start, end = f"<!-- section:{SECTION} -->", f"<!-- /section:{SECTION} -->"
    current = RESULTS.read_text(encoding="utf-8")
    block = f"{start}\n{text}\n{end}"
    if start in current:
        current = re.sub(
            re.escape(start) + ".*?" + re.escape(end), lambda _m: block, current, flags=re.S
        )
    else:
        current = current.rstrip() + "\n\n" + block + "\n"
    RESULTS.write_text(current, encoding="utf-8")


if __name__ == "__main__":
    main()
