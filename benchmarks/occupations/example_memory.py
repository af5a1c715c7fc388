"""The labelled example memory measured leaving one set out (issue 13, round seven).

    .venv/bin/python -m benchmarks.occupations.example_memory            # grid, then report
    .venv/bin/python -m benchmarks.occupations.example_memory --weight 0.5 --no-grid

The memory (``jobhub/occupations/examples.py``) holds the project's written titles with their
blind labels; the shipped file holds every set's.  Measuring it on a set whose titles are in it
would be measuring recall of the labels, so here each set (AB, C, D, E) is coded by a classifier
whose memory holds the *other* sets' written titles only.

1. **Weight** (``classifier.EXAMPLE_WEIGHT``) and whether weak labels belong in the memory are
   chosen on AB, C and D only: each of the three is coded with a memory of the other two
   (set E's titles stay out of the choice), and the setting with the best mean of top-1
   (unknown counted wrong) and top-5 over their pooled titles wins.
2. **Report**: each set coded with a memory of all the other sets at that setting, beside the
   same classifier without a memory, char TF-IDF and rapidfuzz, in the same run, by source
   (51job / written), with 95% bootstrap intervals and paired differences (``blind_eval``'s
   helpers).  Set E, never used in the choice, is the figure to read; the classifier's other
   parts were developed on AB, C and D, so their figures are optimistic for every method.
3. **Threshold**: where a logistic curve of P(right | top-1 score) crosses 0.5
   (``calibration.crossing``, the method of round six) on A-D, with the memory held out as in 2.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

import numpy as np

from benchmarks.occupations.blind.load import SETS, BlindRow, load_blind_sets
from benchmarks.occupations.blind_eval import (
    char_tfidf,
    patched,
    rapidfuzz_wratio,
    score,
    unsure_counted_wrong,
)
from benchmarks.occupations.build_examples import SHIPPED_SETS, WITH_WEAK, written_examples
from benchmarks.occupations.calibration import crossing
from benchmarks.quality.methods import bootstrap, paired_difference
from jobhub.occupations import classifier
from jobhub.occupations.classifier import CONFIDENT_SCORE, TitleClassifier

WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5)
CHOICE_SETS = ("AB", "C", "D")
METRICS = ("top-1", "top-5", "中类 top-1")

Scores = dict[str, list[float]]
Ranked = list[tuple[float, bool]]
THRESHOLDS = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75)


def fitted(held: str, pool: Sequence[str], with_weak: bool) -> TitleClassifier:
    """A classifier whose memory holds the written titles of ``pool`` other than ``held``."""
    others = [s for s in pool if s != held]
    return TitleClassifier.fit(example_titles=written_examples(others, with_weak=with_weak))


def answer(
    model: TitleClassifier, rows: Sequence[BlindRow], weight: float
) -> tuple[Scores, Ranked]:
    """Unknown (top-1 score under ``CONFIDENT_SCORE``) counted wrong; and per title the first
    answer's score and whether it is the label (threshold aside), for calibration."""
    with patched({"EXAMPLE_WEIGHT": weight}):
        result, _sure = unsure_counted_wrong(
            [r.title for r in rows], [r.code for r in rows], CONFIDENT_SCORE, model
        )
        found = model.classify_many([r.title for r in rows], top=1)
    return result, [
        (c[0].score if c else 0.0, bool(c) and c[0].code == r.code)
        for c, r in zip(found, rows, strict=True)
    ]


def choose(by_set: dict[str, list[BlindRow]]) -> tuple[float, bool, list[str]]:
    """The weight and weak-label choice with the best mean of top-1 and top-5 over AB, C and D,
    each coded with a memory of the other two."""
    lines = [
        "| weak labels in the memory | weight | top-1, unknown wrong | top-5 | mean |",
        "|---|---:|---:|---:|---:|",
    ]
    best: tuple[float, float, bool] = (-1.0, 0.0, WITH_WEAK)
    for with_weak in (False, True):
        models = {held: fitted(held, CHOICE_SETS, with_weak) for held in CHOICE_SETS}
        for weight in WEIGHTS:
            top1: list[float] = []
            top5: list[float] = []
            for held in CHOICE_SETS:
                result, _ = answer(models[held], by_set[held], weight)
                top1 += result["top-1"]
                top5 += result["top-5"]
            mean = (np.mean(top1) + np.mean(top5)) / 2
            lines.append(
                f"| {'yes' if with_weak else 'no'} | {weight:.2f} | {np.mean(top1):.3f} | "
                f"{np.mean(top5):.3f} | {mean:.3f} |"
            )
            if mean > best[0] + 1e-9:
                best = (float(mean), weight, with_weak)
    return best[1], best[2], lines


def report(
    by_set: dict[str, list[BlindRow]], weight: float, with_weak: bool
) -> tuple[list[str], dict[str, dict[str, Ranked]]]:
    """Per held-out set and source: the methods side by side, and the paired differences."""
    tfidf, fuzzy = char_tfidf(), rapidfuzz_wratio()
    without = TitleClassifier.fit(use_examples=False)
    lines: list[str] = []
    scored: dict[str, dict[str, Ranked]] = {}
    for held in SHIPPED_SETS:
        rows = by_set[held]
        model = fitted(held, SHIPPED_SETS, with_weak)
        titles, gold = [r.title for r in rows], [r.code for r in rows]
        mine, ranked = answer(model, rows, weight)
        plain, ranked_plain = answer(without, rows, 0.0)
        methods: dict[str, Scores] = {
            "char TF-IDF": score(tfidf(titles), gold),
            "rapidfuzz WRatio": score(fuzzy(titles), gold),
            "classifier without memory": plain,
            f"classifier with memory (weight {weight:g})": mine,
        }
        scored[held] = {"with": ranked, "without": ranked_plain}
        lines += [
            f"#### Set {held} held out ({len(rows)} titles; memory: the other sets' "
            f"{len(written_examples([s for s in SHIPPED_SETS if s != held], with_weak=with_weak))} "
            "written titles)",
            "",
            "| titles | method | top-1 | top-5 | 中类 top-1 |",
            "|---|---|---|---|---|",
        ]
        for source in ("all", "51job", "written"):
            idx = [i for i, r in enumerate(rows) if source == "all" or r.source == source]
            for name, metrics in methods.items():
                cells = " | ".join(str(bootstrap([metrics[m][i] for i in idx])) for m in METRICS)
                lines.append(f"| {source} ({len(idx)}) | {name} | {cells} |")
        lines.append("")
        for source in ("all", "51job", "written"):
            idx = [i for i, r in enumerate(rows) if source == "all" or r.source == source]
            for other in ("classifier without memory", "char TF-IDF"):
                diffs = ", ".join(
                    f"{m} {paired_difference([mine[m][i] for i in idx], [methods[other][m][i] for i in idx])}"
                    for m in ("top-1", "top-5")
                )
                lines.append(f"- {source}: with memory − {other}: {diffs}")
        lines.append("")
    return lines, scored


def growth_lines(by_set: dict[str, list[BlindRow]], weight: float, with_weak: bool) -> list[str]:
    """Set E coded with memories of more and more of the other sets (AB; AB and C; AB, C and
    D): how the gain grows with the number of examples."""
    rows = by_set["E"]
    lines = [
        "| memory | examples | E top-1, unknown wrong | E top-5 | E written top-1 | E written top-5 |",
        "|---|---:|---|---|---|---|",
    ]
    for n in range(len(CHOICE_SETS) + 1):
        sets = CHOICE_SETS[:n]
        pairs = written_examples(sets, with_weak=with_weak)
        model = TitleClassifier.fit(example_titles=pairs, use_examples=bool(pairs))
        result, _ = answer(model, rows, weight)
        written = [i for i, r in enumerate(rows) if r.source == "written"]
        lines.append(
            f"| {', '.join(sets) or 'none'} | {len(pairs)} | {bootstrap(result['top-1'])} | "
            f"{bootstrap(result['top-5'])} | {bootstrap([result['top-1'][i] for i in written])} "
            f"| {bootstrap([result['top-5'][i] for i in written])} |"
        )
    return lines


def threshold_lines(scored: dict[str, dict[str, Ranked]]) -> list[str]:
    """Where P(right | top-1 score) crosses 0.5 (``calibration.crossing``) on AB, C and D, with
    and without the memory (held out as in the report), and top-1 with unknowns counted wrong
    at other thresholds, on AB, C and D and on E."""
    lines = []
    for which in ("without", "with"):
        pairs = [p for held in CHOICE_SETS for p in scored[held][which]]
        scores = np.array([s for s, _ in pairs])
        right = np.array([ok for _, ok in pairs])
        bands = "; ".join(
            f"{low:.2f}–{high:.2f}: {int(right[(scores >= low) & (scores < high)].sum())} right, "
            f"{int((~right[(scores >= low) & (scores < high)]).sum())} wrong"
            for low, high in zip(THRESHOLDS, THRESHOLDS[1:], strict=False)
        )
        lines.append(
            f"- {which} memory: crossing {crossing(scores, right):.3f} on AB, C and D "
            f"({len(pairs)} titles); by first score: {bands}"
        )
    lines += [
        "",
        "| threshold | AB, C, D without | AB, C, D with | E without | E with |",
        "|---:|---:|---:|---:|---:|",
    ]
    for t in THRESHOLDS:
        cells = []
        for sets in (CHOICE_SETS, ("E",)):
            for which in ("without", "with"):
                pairs = [p for held in sets for p in scored[held][which]]
                cells.append(f"{sum(ok and s >= t for s, ok in pairs) / len(pairs):.3f}")
        lines.append(f"| {t:.2f} | {' | '.join(cells)} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--weight", type=float, help="skip the choice; use this weight")
    parser.add_argument("--with-weak", action="store_true", help="with --weight: weak labels in")
    parser.add_argument("--no-grid", action="store_true", help="with --weight: no grid printed")
    args = parser.parse_args()
    rows = [r for r in load_blind_sets() if r.code != "unknown"]
    by_set = {s: [r for r in rows if r.set == s] for s in SETS}
    if args.weight is None or not args.no_grid:
        weight, with_weak, grid = choose(by_set)
        print("Choice on AB, C and D, each coded with a memory of the other two:\n")
        print("\n".join(grid))
        print(f"\nchosen: weight {weight:g}, weak labels {'in' if with_weak else 'out'}\n")
    if args.weight is not None:
        weight, with_weak = args.weight, args.with_weak
    lines, scored = report(by_set, weight, with_weak)
    print("\n".join(lines))
    print("Set E with memories of more and more of the other sets:\n")
    print("\n".join(growth_lines(by_set, weight, with_weak)))
    print()
    print("Top-1 threshold (unknown below it):\n")
    print("\n".join(threshold_lines(scored)))
    print(f"(classifier.EXAMPLE_WEIGHT shipped: {classifier.EXAMPLE_WEIGHT:g})")


if __name__ == "__main__":
    main()
