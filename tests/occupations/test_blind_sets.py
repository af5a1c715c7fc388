"""The blind set's parts: sets C and D (held out when added) never fall into the development
half A, and set D's titles are new."""

from __future__ import annotations

import csv
import zlib

from benchmarks.occupations.blind.load import LABELS_CSV, SETS, BlindRow, load_blind_sets
from benchmarks.occupations.blind_eval import split, weak_second_pass
from jobhub.occupations import taxonomy


def test_sets_c_and_d_stay_out_of_the_halves():
    rows = [
        BlindRow(f"{prefix}{n:03d}", "标题", "4-10-01-06", part, "written")
        for prefix, part in (("w", "AB"), ("c", "C"), ("d", "D"))
        for n in range(1, 60)
    ]
    parts = split(rows)
    for held_out in ("C", "D"):
        assert sorted(parts[held_out]) == [i for i, r in enumerate(rows) if r.set == held_out]
        assert not set(parts[held_out]) & (set(parts["A"]) | set(parts["B"]))
    assert not set(parts["C"]) & set(parts["D"])
    for i in parts["A"]:
        assert zlib.crc32(rows[i].id.encode()) % 2 == 0
    assert parts["A"] and parts["B"]


def test_written_rows_load_with_their_set(tmp_path):
    """The committed labels mark every row AB, C or D, and the written rows load in full (the
    51job rows need the shared postings file, which the tests do not read)."""
    with open(LABELS_CSV, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert {r["set"] for r in rows} == set(SETS)
    assert all(r["id"].startswith("c") == (r["set"] == "C") for r in rows)
    assert all(r["id"].startswith("d") == (r["set"] == "D") for r in rows)
    written = tmp_path / "written.csv"
    with open(written, "w", encoding="utf-8", newline="") as f:
        out = csv.DictWriter(f, fieldnames=list(rows[0]))
        out.writeheader()
        out.writerows(r for r in rows if r["source"] == "written")
    loaded = load_blind_sets(written)
    assert {r.set for r in loaded} == set(SETS)
    assert all(r.title and r.source == "written" for r in loaded)


def test_set_d_titles_are_new():
    """No set D title repeats an earlier one or another D title: real rows by their hash and
    row index, written rows by their text. (D's sampling rule, CRC32 % 21 == 13 of the title,
    needs the postings file, which the tests do not read.)"""
    with open(LABELS_CSV, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    earlier = [r for r in rows if r["set"] != "D"]
    set_d = [r for r in rows if r["set"] == "D"]
    real = [r for r in set_d if r["source"] == "51job"]
    written = [r for r in set_d if r["source"] == "written"]
    assert real and written
    assert not {r["title_sha1_12"] for r in real} & {r["title_sha1_12"] for r in earlier}
    assert not {r["row_index"] for r in real} & {r["row_index"] for r in earlier if r["row_index"]}
    assert not {r["title"] for r in written} & {r["title"] for r in earlier}
    assert len({r["title_sha1_12"] for r in real}) == len(real)
    assert len({r["title"] for r in written}) == len(written)


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
