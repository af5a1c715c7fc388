"""Does the "unknown" threshold keep its promise on every kind of title?  (issue 13, round six)

    .venv/bin/python -m benchmarks.occupations.calibration        # prints; writes nothing

On the development sets A, B, C and D (never a held-out set), per source (real 51job titles,
written public-office titles) and per register of the first answer (大类 1-2: managers,
engineers and professionals; 大类 3-6: clerks, service and manual workers): where a logistic
curve of P(first answer right | its score) crosses 0.5 (below it, asking is better than
answering), pooled and leaving one set out; the share right among titles under
``CONFIDENT_SCORE``; and accuracy against coverage.  Per segment count too: whether the words a board adds
around the trade (several segments) are what lowers the written titles' scores.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.linear_model import LogisticRegression

from benchmarks.occupations.blind.load import load_blind_sets
from benchmarks.occupations.blind_eval import held_out, split
from jobhub.occupations import classifier, clean_title

THRESHOLDS = (0.0, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8)


def crossing(scores: np.ndarray, right: np.ndarray) -> float:
    """The score where a logistic curve of P(right | score) crosses 0.5."""
    fitted = LogisticRegression(C=1e6).fit(scores[:, None], right)
    return float(-fitted.intercept_[0] / fitted.coef_[0][0])


def coverage_table(scores: np.ndarray, right: np.ndarray) -> list[str]:
    out = [
        "| threshold | answered | right when answered | right, unknown counted wrong |",
        "|---:|---:|---:|---:|",
    ]
    for t in THRESHOLDS:
        sure = scores >= t
        kept = float(right[sure].mean()) if sure.any() else 0.0
        out.append(f"| {t:.2f} | {sure.mean():.3f} | {kept:.3f} | {(right & sure).mean():.3f} |")
    return out


def main() -> None:
    rows = [r for r in load_blind_sets() if r.code != "unknown" and r.set in ("AB", "C", "D")]
    # the sets' own written titles are in the shipped example memory: each set is coded with a
    # memory that leaves it out (blind_eval.HeldOut)
    found = held_out().classify_many([r.title for r in rows], top=1)
    scores = np.array([c[0].score if c else 0.0 for c in found])
    right = np.array([bool(c) and c[0].code == r.code for r, c in zip(rows, found, strict=True)])
    professional = np.array([bool(c) and c[0].code[0] in "12" for c in found])
    source = np.array([r.source for r in rows])
    part = np.empty(len(rows), dtype=object)
    for name, positions in split(rows).items():
        part[positions] = name
    under = scores < classifier.CONFIDENT_SCORE
    several = np.array([len(clean_title(r.title).segments) > 1 for r in rows])

    groups: Sequence[tuple[str, np.ndarray]] = (
        ("all of A-D", np.ones(len(rows), dtype=bool)),
        ("51job (real)", source == "51job"),
        ("written", source == "written"),
        ("first answer 大类 1-2", professional),
        ("first answer 大类 3-6", ~professional),
        ("51job, 大类 1-2", (source == "51job") & professional),
        ("51job, 大类 3-6", (source == "51job") & ~professional),
        ("written, 大类 3-6", (source == "written") & ~professional),
        ("51job, one segment after cleaning", (source == "51job") & ~several),
        ("51job, several segments", (source == "51job") & several),
        ("written, one segment", (source == "written") & ~several),
        ("written, several segments", (source == "written") & several),
    )
    print(f"Sets A-D, {len(rows)} titles; unknown below {classifier.CONFIDENT_SCORE:.2f}.")
    print()
    print(
        "| titles | n | first answer right | logistic 0.5 crossing | under the threshold "
        "| right among those under |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for name, mask in groups:
        low = mask & under
        print(
            f"| {name} | {mask.sum()} | {right[mask].mean():.3f} "
            f"| {crossing(scores[mask], right[mask]):.3f} | {low.sum()} "
            f"| {right[low].mean() if low.any() else float('nan'):.2f} |"
        )
    print()
    print("Leaving one set out (crossing fitted on the other three), per register:")
    for held in ("A", "B", "C", "D"):
        train = part != held
        print(
            f"- without {held}: 大类 1-2 {crossing(scores[train & professional], right[train & professional]):.3f}, "
            f"大类 3-6 {crossing(scores[train & ~professional], right[train & ~professional]):.3f}"
        )
    for name, mask in groups[1:3]:
        print()
        print(f"Accuracy against coverage, {name} ({mask.sum()} titles):")
        print()
        print("\n".join(coverage_table(scores[mask], right[mask])))


if __name__ == "__main__":
    main()
