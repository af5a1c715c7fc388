"""The blind set's parts: sets C, D, E and F (held out when added) never fall into the
development half A or into each other, and the titles of sets D, E and F are new."""

from __future__ import annotations

import csv
import zlib

import pytest

from benchmarks.occupations.blind.load import LABELS_CSV, SETS, BlindRow, load_blind_sets
from benchmarks.occupations.blind_eval import split, weak_second_pass
from jobhub.occupations import taxonomy


def test_sets_c_d_and_e_stay_out_of_the_halves():
    rows = [
        BlindRow(f"{prefix}{n:03d}", "标题", "4-10-01-06", part, "written")
        for prefix, part in (("w", "AB"), ("c", "C"), ("d", "D"), ("e", "E"))
        for n in range(1, 60)
    ]
    parts = split(rows)
    held = ("C", "D", "E")
    for held_out in held:
        assert sorted(parts[held_out]) == [i for i, r in enumerate(rows) if r.set == held_out]
        assert not set(parts[held_out]) & (set(parts["A"]) | set(parts["B"]))
    for i, one in enumerate(held):
        for other in held[i + 1 :]:
            assert not set(parts[one]) & set(parts[other])
    assert sorted(i for idx in parts.values() for i in idx) == list(range(len(rows)))
    for i in parts["A"]:
        assert zlib.crc32(rows[i].id.encode()) % 2 == 0
    assert parts["A"] and parts["B"]


def test_written_rows_load_with_their_set(tmp_path):
    """The committed labels mark every row AB, C, D, E or F, and the written rows load in full (the
    51job rows need the shared postings file, which the tests do not read)."""
    with open(LABELS_CSV, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert {r["set"] for r in rows} == set(SETS)
    assert all(r["id"].startswith("c") == (r["set"] == "C") for r in rows)
    assert all(r["id"].startswith("d") == (r["set"] == "D") for r in rows)
    assert all(r["id"].startswith("e") == (r["set"] == "E") for r in rows)
    assert all(r["id"].startswith("f") == (r["set"] == "F") for r in rows)
    written = tmp_path / "written.csv"
    with open(written, "w", encoding="utf-8", newline="") as f:
        out = csv.DictWriter(f, fieldnames=list(rows[0]))
        out.writeheader()
        out.writerows(r for r in rows if r["source"] == "written")
    loaded = load_blind_sets(written)
    assert {r.set for r in loaded} == set(SETS)
    assert all(r.title and r.source == "written" for r in loaded)


@pytest.mark.parametrize("part", ["D", "E"])
def test_held_out_titles_are_new(part):
    """No title of set D or E repeats one of another set or of its own: real rows by their hash
    and row index, written rows by their text. (The sampling rules, CRC32 % 21 == 13 and == 17
    of the title, need the postings file, which the tests do not read.)"""
    with open(LABELS_CSV, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    earlier = [r for r in rows if r["set"] != part]
    this = [r for r in rows if r["set"] == part]
    real = [r for r in this if r["source"] == "51job"]
    written = [r for r in this if r["source"] == "written"]
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


def _jaccard(a: str, b: str) -> float:
    x, y = set(a.replace(" ", "")), set(b.replace(" ", ""))
    return len(x & y) / len(x | y)


@pytest.mark.parametrize(
    ("name", "earlier_sets", "below"), [("E", "AB C D", 0.5), ("F", "AB C D E", 0.6)]
)
def test_fresh_sets_written_titles_are_not_near_copies(name, earlier_sets, below):
    """Each fresh set's written titles were kept only below a character Jaccard similarity
    (0.5 for E, 0.6 for F) to every written title of the sets before it (spaces ignored), and
    every code of the set is a 细类."""
    with open(LABELS_CSV, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    earlier = [
        r["title"] for r in rows if r["source"] == "written" and r["set"] in earlier_sets.split()
    ]
    fresh = [r for r in rows if r["set"] == name]
    assert fresh
    for r in fresh:
        if r["source"] == "written":
            assert max(_jaccard(r["title"], t) for t in earlier) < below, r["id"]
    leaves = {o.code for o in taxonomy.leaves()}
    assert all(r["code"] in leaves or r["code"] == "unknown" for r in fresh)
