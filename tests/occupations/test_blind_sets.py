"""The blind set's parts: set C (held out) never falls into the development half A."""

from __future__ import annotations

import csv
import zlib

from benchmarks.occupations.blind.load import LABELS_CSV, BlindRow, load_blind_sets
from benchmarks.occupations.blind_eval import split, weak_second_pass
from jobhub.occupations import taxonomy


def test_set_c_stays_out_of_the_halves():
    rows = [
        BlindRow(f"{prefix}{n:03d}", "标题", "4-10-01-06", part, "written")
        for prefix, part in (("w", "AB"), ("c", "C"))
        for n in range(1, 60)
    ]
    parts = split(rows)
    assert sorted(parts["C"]) == [i for i, r in enumerate(rows) if r.set == "C"]
    assert not set(parts["C"]) & (set(parts["A"]) | set(parts["B"]))
    for i in parts["A"]:
        assert zlib.crc32(rows[i].id.encode()) % 2 == 0
    assert parts["A"] and parts["B"]


def test_written_rows_load_with_their_set(tmp_path):
    """The committed labels mark every row AB or C, and C's written rows load in full (the
    51job rows need the shared postings file, which the tests do not read)."""
    with open(LABELS_CSV, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert {r["set"] for r in rows} == {"AB", "C"}
    assert all(r["id"].startswith("c") == (r["set"] == "C") for r in rows)
    written = tmp_path / "written.csv"
    with open(written, "w", encoding="utf-8", newline="") as f:
        out = csv.DictWriter(f, fieldnames=list(rows[0]))
        out.writeheader()
        out.writerows(r for r in rows if r["source"] == "written")
    loaded = load_blind_sets(written)
    assert {r.set for r in loaded} == {"AB", "C"}
    assert all(r.title and r.source == "written" for r in loaded)


def test_the_weak_rows_second_pass_covers_exactly_set_c_weak_rows():
    """The blind relabelling of C's weak rows has one valid code (or unknown) for each of them
    and for no other row, so the side-by-side figures compare the same titles."""
    with open(LABELS_CSV, encoding="utf-8", newline="") as f:
        weak = {
            r["id"]
            for r in csv.DictReader(f)
            if r["set"] == "C" and r["note"].lower().startswith("weak")
        }
    second = weak_second_pass()
    assert set(second) == weak
    leaves = {o.code for o in taxonomy.leaves()}
    assert all(code in leaves or code == "unknown" for _first, code in second.values())
