"""TREC-style pooling: the top 10 of every method for every profile, without the method.

`judged/pool.csv` (committed) holds only ids: profile id and vacancy id (a real posting's row
key, never its text). The texts a judge reads go to the git-ignored `out/pool_to_judge.csv`.
Re-pooling keeps every pair already in the pool and every grade in `qrels.csv`, adds only the
new pairs, and says how many pairs still need a grade.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from benchmarks.quality.judged.corpus import HERE, Profile, Vacancy

POOL = HERE / "pool.csv"
QRELS = HERE / "qrels.csv"
OUT = HERE.parent / "out"
TO_JUDGE = OUT / "pool_to_judge.csv"
DEPTH = 10

Pair = tuple[str, str]


def blind_order(pairs: Iterable[Pair]) -> list[Pair]:
    """Grouped by profile; within a profile by a hash of the pair, so nothing tells the judge
    which method returned a vacancy or at what rank, and the order is stable across runs."""

    def key(pair: Pair) -> tuple[str, str]:
        return pair[0], hashlib.sha1(f"{pair[0]}|{pair[1]}".encode()).hexdigest()

    return sorted(set(pairs), key=key)


def read_pool(path: Path = POOL) -> list[Pair]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return [(r["profile_id"], r["vacancy_id"]) for r in csv.DictReader(fh)]


def read_qrels(path: Path = QRELS) -> dict[Pair, int]:
    """(profile id, vacancy id) → grade 0/1/2."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        out: dict[Pair, int] = {}
        for r in csv.DictReader(fh):
            grade = int(r["grade"])
            if grade not in (0, 1, 2):
                raise ValueError(f"qrels: grade {grade} of {r['profile_id']}/{r['vacancy_id']}")
            out[(r["profile_id"], r["vacancy_id"])] = grade
        return out


def merge_pool(old: Sequence[Pair], runs: Mapping[str, Mapping[str, Sequence[str]]]) -> list[Pair]:
    """The old pool plus every method's top DEPTH per profile, de-duplicated, blind order."""
    new = {
        (pid, vid)
        for ranking in runs.values()
        for pid, ids in ranking.items()
        for vid in ids[:DEPTH]
    }
    return blind_order(set(old) | new)


def write_pool(
    pairs: Sequence[Pair],
    qrels: Mapping[Pair, int],
    profiles: Mapping[str, Profile],
    vacancies: Mapping[str, Vacancy],
    pool_path: Path = POOL,
    judge_path: Path = TO_JUDGE,
) -> int:
    """Write the committed id-only pool and the git-ignored judging sheet; return the number
    of pooled pairs without a grade."""
    with pool_path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["profile_id", "vacancy_id"])
        w.writerows(pairs)
    judge_path.parent.mkdir(parents=True, exist_ok=True)
    with judge_path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["profile_id", "vacancy_id", "grade", "profile", "vacancy"])
        for pid, vid in pairs:
            grade = qrels.get((pid, vid))
            vacancy = vacancies[vid].for_judge() if vid in vacancies else "（不在本次语料中）"
            w.writerow(
                [pid, vid, "" if grade is None else grade, profiles[pid].for_judge(), vacancy]
            )
    return sum(1 for pair in pairs if pair not in qrels)
