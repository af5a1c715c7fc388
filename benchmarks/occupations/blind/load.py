"""Load the blind occupation evaluation set (see README.md in this folder).

Rows from 51job store only the row index into the postings CSV and the first
12 hex digits of sha1(jobName); the title is read from the CSV at run time and
checked against the hash. Written rows carry their title in full.

The `set` column says which round a row belongs to: `AB` (the first 702 titles,
split into halves A and B by CRC32 of the id), `C` (added on 2026-12-06, held out
until it was run and its weak rows read), `D` (added later on 2026-12-06 by another
labeller, held out until it was run once), `E` (added on 2026-12-06 by a third labeller,
committed before anything ran on it) or `F` (the fresh held-out set added last on
2026-12-06 by a fourth labeller, committed before anything ran on it).
"""

from __future__ import annotations

import csv
import hashlib
import os
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
LABELS_CSV = HERE / "labels.csv"
DEFAULT_POSTINGS_CSV = "/work/shared/data/postings/51job-2023.csv"
SETS = ("AB", "C", "D", "E", "F")  # in the order they were added


def postings_csv_path() -> str:
    return os.environ.get("JOBHUB_POSTINGS_CSV") or DEFAULT_POSTINGS_CSV


class BlindRow(NamedTuple):
    id: str
    title: str
    code: str  # a 细类, or "unknown"
    set: str  # one of SETS: "AB" (the first 702 titles), "C", "D", "E" or "F" (2026-12-06)
    source: str  # "51job" or "written"


def _read_job_names(path: str) -> list[str]:
    with open(path, encoding="utf-8", newline="") as f:
        return [row["jobName"] for row in csv.DictReader(f)]


def load_blind(
    labels_csv: str | os.PathLike | None = None, postings_csv: str | None = None
) -> list[tuple[str, str, str]]:
    """Return (id, title, code) for every labelled row; code is a 细类 or "unknown"."""
    return [(r.id, r.title, r.code) for r in load_blind_sets(labels_csv, postings_csv)]


def load_blind_sets(
    labels_csv: str | os.PathLike | None = None, postings_csv: str | None = None
) -> list[BlindRow]:
    """Every labelled row with the set and source it belongs to."""
    labels_csv = labels_csv or LABELS_CSV
    job_names: list[str] | None = None
    out: list[BlindRow] = []
    with open(labels_csv, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["source"] == "51job":
                if job_names is None:
                    job_names = _read_job_names(postings_csv or postings_csv_path())
                i = int(row["row_index"])
                assert i < len(job_names), (
                    f"{row['id']}: row {i} is past the end of the postings CSV "
                    f"({len(job_names)} rows); is JOBHUB_POSTINGS_CSV the 51job-2023.csv?"
                )
                title = job_names[i]
                digest = hashlib.sha1(title.encode("utf-8")).hexdigest()[:12]
                assert digest == row["title_sha1_12"], (
                    f"{row['id']}: title at row {row['row_index']} does not match its hash; "
                    "is JOBHUB_POSTINGS_CSV the 4,581-row 51job-2023.csv?"
                )
            else:
                title = row["title"]
            out.append(
                BlindRow(row["id"], title, row["code"], row.get("set") or "AB", row["source"])
            )
    return out


if __name__ == "__main__":
    rows = load_blind_sets()
    for name in SETS:
        part = [r for r in rows if r.set == name]
        n_unknown = sum(1 for r in part if r.code == "unknown")
        print(f"set {name}: {len(part)} rows, {n_unknown} unknown")
