"""Accuracy of the job-title classifier: top-1 and top-5, measured two ways.

(a) Alias hold-out, 5-fold.  The 479 alias rows of csco22.csv carry job-board titles.  Every
    (细类, alias) pair on a level-4 row is assigned to one of 5 folds by a CRC32 of the pair;
    for each fold the classifier is fitted *without* that fold's aliases and asked to code
    them.  Left out of the evaluation (but not of fitting): aliases equal to their own 细类's
    name or name variant (trivial), and aliases whose text is also a label of another 细类
    (the answer would be ambiguous).  The curated ``extra_aliases.csv`` is switched off here,
    so nothing written by us can leak an answer.
(b) Hand-labelled titles in ``tests/occupations/labelled_titles.csv``: noisy job-board titles
    with every acceptable 细类 listed (a hit is any of them).  ``dev`` rows were written before
    the classifier and used while building it; ``fresh`` rows were written before any tuning,
    and never looked at until the model was frozen.  Reported for the shipped model and for
    the taxonomy alone (no curated aliases).

Run from the repository root:  .venv/bin/python benchmarks/occupations/accuracy.py [--misses]
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
import zlib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz, process  # noqa: E402

from jobhub.occupations import taxonomy  # noqa: E402
from jobhub.occupations.classifier import TitleClassifier  # noqa: E402
from jobhub.occupations.cleaning import clean_title  # noqa: E402
from jobhub.occupations.labels import build_labels, canon, name_variants  # noqa: E402

LABELLED = ROOT / "tests" / "occupations" / "labelled_titles.csv"
FOLDS = 5


BUCKETS = (0.9, 0.8, 0.6, 0.0)


def _rate(hits: int, total: int) -> str:
    return f"{hits / total:6.1%}" if total else "   n/a"


def _calibration(outcomes: list[tuple[float, bool]]) -> str:
    """Top-1 accuracy by top-1 score band: how far a score can be trusted."""
    parts = []
    upper = 1.01
    for lower in BUCKETS:
        band = [hit for score, hit in outcomes if lower <= score < upper]
        parts.append(
            f"[{lower:.1f},{min(upper, 1.0):.1f}{']' if upper > 1 else ')'}: "
            f"{len(band)} titles, {_rate(sum(band), len(band)).strip()} right"
        )
        upper = lower
    return "    top-1 by score: " + "; ".join(parts)


class NaiveBaseline:
    """The obvious first attempt: clean, then rapidfuzz WRatio against every label."""

    def __init__(self, exclude_aliases=(), use_extra_aliases: bool = True) -> None:
        leaves = taxonomy.leaves()
        labels = build_labels(
            leaves, exclude_aliases=exclude_aliases, use_extra_aliases=use_extra_aliases
        )
        self._texts = [label.text for label in labels]
        self._codes = [leaves[label.leaf].code for label in labels]

    def classify(self, title: str, top: int = 5) -> list[str]:
        query = canon(clean_title(title).text)
        codes: list[str] = []
        for _text, _score, index in process.extract(
            query, self._texts, scorer=fuzz.WRatio, limit=top * 4
        ):
            if self._codes[index] not in codes:
                codes.append(self._codes[index])
        return codes[:top]


def holdout_pairs() -> tuple[list[tuple[str, str]], Counter[str]]:
    """(code, alias) pairs to evaluate, and counts of what was left out and why."""
    leaves = taxonomy.leaves()
    owners: dict[str, set[str]] = {}
    for leaf in leaves:
        for text in [leaf.name, *name_variants(leaf.name), *leaf.aliases]:
            owners.setdefault(canon(text), set()).add(leaf.code)
    for occupation in taxonomy.all_occupations():
        if occupation.level == 3:
            for alias in occupation.aliases:
                owners.setdefault(canon(alias), set()).add(occupation.code)
    pairs: list[tuple[str, str]] = []
    skipped: Counter[str] = Counter()
    for leaf in leaves:
        own = {canon(t) for t in [leaf.name, *name_variants(leaf.name)]}
        for alias in leaf.aliases:
            text = canon(alias)
            if not text or text in own:
                skipped["same as the 细类 name"] += 1
            elif owners.get(text, set()) - {leaf.code}:
                skipped["also a label of another code"] += 1
            else:
                pairs.append((leaf.code, alias))
    return pairs, skipped


def evaluate_holdout(show_misses: bool, with_naive: bool) -> None:
    pairs, skipped = holdout_pairs()
    folds: list[list[tuple[str, str]]] = [[] for _ in range(FOLDS)]
    for pair in pairs:
        folds[zlib.crc32("\t".join(pair).encode()) % FOLDS].append(pair)
    top1 = top5 = group1 = naive1 = naive5 = 0
    misses: list[str] = []
    outcomes: list[tuple[float, bool]] = []
    started = time.perf_counter()
    for fold in folds:
        model = TitleClassifier.fit(exclude_aliases=fold, use_extra_aliases=False)
        baseline = (
            NaiveBaseline(exclude_aliases=fold, use_extra_aliases=False) if with_naive else None
        )
        results = model.classify_many([alias for _code, alias in fold], top=5)
        for (code, alias), candidates in zip(fold, results, strict=True):
            codes = [c.code for c in candidates]
            top1 += codes[0] == code
            top5 += code in codes
            group1 += taxonomy.common_level(codes[0], code) >= 3
            outcomes.append((candidates[0].score, codes[0] == code))
            naive = baseline.classify(alias) if baseline else []
            naive1 += bool(naive) and naive[0] == code
            naive5 += code in naive
            if codes[0] != code:
                misses.append(f"  {alias} -> {codes[0]} {candidates[0].name} (want {code})")
    elapsed = time.perf_counter() - started
    total = len(pairs)
    print(f"(a) alias hold-out, {FOLDS}-fold: {total} aliases evaluated", end="")
    print(f" ({', '.join(f'{n} {why}' for why, n in skipped.items())} left out)")
    print(f"    top-1 {_rate(top1, total)}   top-5 {_rate(top5, total)}", end="")
    print(f"   top-1 in the right 小类 {_rate(group1, total)}   [{elapsed:.1f} s]")
    print(_calibration(outcomes))
    if with_naive:
        print(
            f"    naive baseline (rapidfuzz WRatio over the same labels): top-1 "
            f"{_rate(naive1, total)}   top-5 {_rate(naive5, total)}"
        )
    if show_misses:
        print("\n".join(misses[:80]))


def labelled_rows() -> list[dict[str, str]]:
    with LABELLED.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def evaluate_labelled(show_misses: bool, splits: list[str]) -> None:
    rows = [r for r in labelled_rows() if r["split"] in splits]
    models = {
        "shipped model": TitleClassifier.fit(),
        "taxonomy only (no extra_aliases.csv)": TitleClassifier.fit(use_extra_aliases=False),
    }
    for label, model in models.items():
        results = model.classify_many([r["title"] for r in rows], top=5)
        print(f"(b) labelled titles, {label}:")
        for split in splits:
            picked = [
                (row, candidates)
                for row, candidates in zip(rows, results, strict=True)
                if row["split"] == split
            ]
            top1 = sum(c[0].code in r["codes"].split() for r, c in picked)
            top5 = sum(any(x.code in r["codes"].split() for x in c) for r, c in picked)
            print(
                f"    {split:6} n={len(picked):3}   top-1 {_rate(top1, len(picked))}"
                f"   top-5 {_rate(top5, len(picked))}"
            )
            if label == "shipped model":
                print(
                    _calibration([(c[0].score, c[0].code in r["codes"].split()) for r, c in picked])
                )
            if show_misses and label == "shipped model":
                for row, candidates in picked:
                    if candidates[0].code not in row["codes"].split():
                        got = ", ".join(f"{c.code} {c.name} {c.score:.2f}" for c in candidates[:3])
                        print(f"      {row['title']}  want {row['codes']}  got {got}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--misses", action="store_true", help="list the misses")
    parser.add_argument(
        "--splits", default="dev,fresh", help="labelled splits to report (default dev,fresh)"
    )
    parser.add_argument("--skip-holdout", action="store_true")
    parser.add_argument(
        "--no-naive", action="store_true", help="skip the naive baseline (about 30 s)"
    )
    args = parser.parse_args()
    if not args.skip_holdout:
        evaluate_holdout(args.misses, not args.no_naive)
    evaluate_labelled(args.misses, args.splits.split(","))


if __name__ == "__main__":
    main()
