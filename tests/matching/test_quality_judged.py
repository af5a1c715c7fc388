"""The judged set's report and pooling on tiny hand-made data (no real postings)."""

from __future__ import annotations

import math

import pytest

from benchmarks.quality.judged.corpus import Profile, Vacancy, posting_skills
from benchmarks.quality.judged.pool import merge_pool, read_pool, write_pool
from benchmarks.quality.judged.report import build_report, table

QRELS = {("a", "x"): 2, ("a", "y"): 1, ("a", "z"): 0, ("b", "u"): 1}
RUNS = {
    "BM25": {"a": ["x", "y"], "b": ["u"]},
    "engine": {"a": ["z", "x"], "b": ["w"]},  # w was never graded
}


def test_report_numbers_match_hand_computation() -> None:
    report = build_report(RUNS, QRELS, ["a", "b"])
    bm25, engine = report.methods

    # a's ideal list: gains 2^2-1 = 3 then 2^1-1 = 1 → 3 + 1/log2(3)
    ideal_a = 3 + 1 / math.log2(3)
    assert bm25.ndcg == pytest.approx([1.0, 1.0])
    # engine on a: z (0) then x (3) at rank 2 → 3/log2(3); on b: only an unjudged one → 0
    assert engine.ndcg == pytest.approx([(3 / math.log2(3)) / ideal_a, 0.0])
    assert report.ndcg["engine"].mean == pytest.approx(0.2606, abs=1e-4)

    # an irrelevant (grade 0 or unjudged) vacancy in the top 5
    assert bm25.irrelevant_top5 == [0.0, 0.0]
    assert engine.irrelevant_top5 == [1.0, 1.0]
    assert (bm25.unjudged, engine.unjudged) == (0, 1)

    # every resample of a constant has the same mean: the interval is that constant
    assert (report.ndcg["BM25"].low, report.ndcg["BM25"].high) == (1.0, 1.0)
    diff = report.engine_minus_bm25
    assert diff is not None and diff.mean == pytest.approx(-0.7394, abs=1e-4)
    assert diff.low <= diff.mean <= diff.high

    printed = table(report)
    assert "| engine | 0.261 [" in printed and "-0.739 [" in printed


def test_repooling_keeps_old_pairs_and_counts_only_new_ones(tmp_path) -> None:
    profiles = {p: Profile(p, "test", ("普工",), (), "", None, ()) for p in ("a", "b")}
    vacancies = {v: Vacancy(v, f"岗位{v}", ()) for v in ("x", "y", "z", "u", "w")}
    pool, sheet = tmp_path / "pool.csv", tmp_path / "out" / "judge.csv"

    first = merge_pool([], {"BM25": RUNS["BM25"]})
    assert write_pool(first, QRELS, profiles, vacancies, pool, sheet) == 0

    # the engine changed: its pairs join the pool; only the never-graded one needs a grade
    second = merge_pool(read_pool(pool), RUNS)
    assert set(first) < set(second)
    assert len(second) == 5
    assert write_pool(second, QRELS, profiles, vacancies, pool, sheet) == 1
    # grouped by profile, and nothing in the committed file names a method or a text
    assert [p for p, _ in read_pool(pool)] == ["a", "a", "a", "b", "b"]
    assert pool.read_text(encoding="utf-8").splitlines()[0] == "profile_id,vacancy_id"


def test_posting_tags_keep_skills_only() -> None:
    row = {
        "workYear": "3-4年",
        "degree": "本科",
        "tags": "3-4年,本科,python,五险一金,带薪年假,linux,python",
    }
    assert posting_skills(row) == ("python", "linux")


def test_office2_corpus_is_the_scripts_output_and_extends_the_old_one(tmp_path) -> None:
    import csv

    from benchmarks.quality.judged.corpus import OFFICE2, load_corpus
    from benchmarks.quality.judged.office2 import generate

    with OFFICE2.open(encoding="utf-8", newline="") as fh:
        committed = list(csv.DictReader(fh))
    # the committed file is exactly what the script writes (reproducible, nothing hand-edited)
    assert generate() == committed

    absent = tmp_path / "no-postings.csv"
    old, office2 = load_corpus(absent, "old"), load_corpus(absent, "office2")
    assert [v.id for v in office2[: len(old)]] == [v.id for v in old]
    assert len(office2) == len(old) + len(committed)
    assert len({v.id for v in office2}) == len(office2)
    with pytest.raises(ValueError):
        load_corpus(absent, "new")


def test_office3_corpus_loads_whole_and_extends_the_old_one(tmp_path) -> None:
    """The held-out corpus: every committed row becomes a vacancy of a kind the engine knows,
    with a pay the judge can read, and no id is shared with another corpus."""
    import csv

    from benchmarks.quality.judged.corpus import OFFICE3, load_corpus
    from jobhub.matching.models import VACANCY_KINDS

    with OFFICE3.open(encoding="utf-8", newline="") as fh:
        committed = list(csv.DictReader(fh))
    absent = tmp_path / "no-postings.csv"
    old, office2, office3 = (load_corpus(absent, n) for n in ("old", "office2", "office3"))
    added = office3[len(old) :]
    assert [v.id for v in office3[: len(old)]] == [v.id for v in old]
    assert [v.id for v in added] == [r["id"] for r in committed]
    assert len({v.id for v in office3}) == len(office3)
    assert not {v.id for v in added} & {v.id for v in office2}
    assert {v.kind for v in added} <= set(VACANCY_KINDS)
    assert all(v.title and v.description and v.pay for v in added)


def test_kappa_by_hand() -> None:
    from benchmarks.quality.judged.agreement import cohen_kappa

    # 4 items, agree on 2; each judge says 0 twice and 1 twice: chance agreement 1/2
    assert cohen_kappa([0, 0, 1, 1], [0, 1, 0, 1]) == pytest.approx(0.0)
    assert cohen_kappa([0, 1, 2], [0, 1, 2]) == pytest.approx(1.0)
    # swapping the judges changes nothing
    assert cohen_kappa([0, 1, 2, 2], [0, 2, 2, 1]) == pytest.approx(
        cohen_kappa([0, 2, 2, 1], [0, 1, 2, 2])
    )


def test_agreement_table_counts_and_first_page_rules(tmp_path) -> None:
    from benchmarks.quality.judged.agreement import agreement_text, first_page_pairs, write_sheet

    second = {("a", "x"): 2, ("a", "y"): 0, ("a", "z"): 0, ("b", "u"): 1, ("b", "w"): 0}
    assert first_page_pairs(RUNS) == set(second)
    text = agreement_text(QRELS, second, RUNS, ["a", "b"])
    # both graded: a/x 2-2, a/y 1-0, a/z 0-0, b/u 1-1 (b/w only by judge 2)
    assert "Pairs graded by both judges: 4. Same grade: 3 (75.0%)" in text
    assert "| 1 | 1 | 1 | 0 | 2 |" in text  # judge 1 said 1: judge 2 once 0, once 1
    # BM25's a lists y, which only judge 2 calls irrelevant: 0 of 2 profiles under judge 1,
    # 1 of 2 under judge 2 and under "either", 0 under "both"
    assert "| BM25 | 0.0% [0.0%, 0.0%] | 50.0% [" in text
    assert text.splitlines()[-2].endswith("| 0.0% [0.0%, 0.0%] |")
    # the engine's b lists w: ungraded by judge 1, 0 by judge 2 → irrelevant in every column
    assert text.splitlines()[-1].startswith("| engine | 100.0% [100.0%, 100.0%]")

    profiles = {p: Profile(p, "test", ("普工",), (), "", None, ()) for p in ("a", "b")}
    vacancies = {v: Vacancy(v, f"岗位{v}", ()) for v in ("x", "y", "z", "u", "w")}
    sheet = tmp_path / "out" / "second.csv"
    write_sheet(sorted(second), profiles, vacancies, sheet)
    rows = sheet.read_text(encoding="utf-8").splitlines()
    assert rows[0] == "profile_id,vacancy_id,grade,note,profile,vacancy"
    assert len(rows) == 6 and all(",,," in r for r in rows[1:])  # no grade, no note
