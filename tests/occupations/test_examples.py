"""The labelled example memory (issue 13, round seven): a title near a labelled example gets the
example's 细类 with the example named as evidence; the shipped memory holds only the project's
own written titles, never a job-board title."""

from __future__ import annotations

import csv
import hashlib
import os

import pytest

from benchmarks.occupations.blind.load import LABELS_CSV, postings_csv_path
from benchmarks.occupations.build_examples import written_examples
from jobhub.occupations import classifier, taxonomy
from jobhub.occupations.classifier import TitleClassifier
from jobhub.occupations.examples import Example, examples

# 宽带装维 (installing and maintaining home broadband) is in no 大典 name, alias or curated word.
EXAMPLE = Example("宽带装维师傅", "4-04-02-02")  # 信息通信网络线务员
NEAR = "宽带装维师傅 急招 包住"


@pytest.fixture(scope="module")
def taught() -> TitleClassifier:
    """The example among a few others (one example alone makes every shared character rare)."""
    others = [e for e in examples() if e.code != EXAMPLE.code][::40]
    return TitleClassifier.fit(example_titles=[EXAMPLE, *others])


def test_a_title_near_an_example_gets_its_code_with_the_example_as_evidence(taught):
    without = TitleClassifier.fit(use_examples=False)
    assert EXAMPLE.code not in [c.code for c in without.classify(NEAR)]
    found = {c.code: c for c in taught.classify(NEAR)}
    assert EXAMPLE.code in found
    candidate = found[EXAMPLE.code]
    assert candidate.name == taxonomy.get(EXAMPLE.code).name
    assert candidate.match == "example" and candidate.matched_label == EXAMPLE.title
    assert f"相近的已标注岗位「{EXAMPLE.title}」" in candidate.explanation


def test_the_example_weight_switches_the_memory_off(taught, monkeypatch):
    monkeypatch.setattr(classifier, "EXAMPLE_WEIGHT", 0.0)
    assert EXAMPLE.code not in [c.code for c in taught.classify(NEAR)]


def test_a_far_title_gets_no_vote_from_the_example(taught):
    for title in ("Java开发工程师", "厨师 包吃住"):
        for candidate in taught.classify(title):
            assert EXAMPLE.title not in candidate.explanation


def test_an_example_beside_a_label_hit_is_named_after_the_label():
    model = TitleClassifier.fit(example_titles=[Example("叉车司机 持证 包住", "6-30-05-01")])
    best = model.classify("叉车司机")[0]
    assert best.code == "6-30-05-01" and best.match == "exact" and best.score == 1.0
    assert best.explanation.startswith(
        "标题与别名「叉车司机」一致；相近的已标注岗位「叉车司机 持证 包住」"
    )


def test_batch_and_single_titles_read_the_memory_alike(taught):
    titles = [NEAR, "宽带装维", "厨师", ""]
    assert taught.classify_many(titles) == [taught.classify(t) for t in titles]


def test_shipped_examples_are_the_written_rows_of_the_blind_labels():
    shipped = examples()
    assert shipped == tuple(written_examples())
    assert len(shipped) > 600
    for example in shipped:
        assert taxonomy.get(example.code).level == 4


def test_no_shipped_example_is_a_job_board_title():
    """Against the 51job rows' stored hashes (always) and the postings themselves (when the
    shared file is on this machine)."""
    digests = {hashlib.sha1(e.title.encode("utf-8")).hexdigest() for e in examples()}
    with open(LABELS_CSV, encoding="utf-8", newline="") as handle:
        stored = {r["title_sha1_12"] for r in csv.DictReader(handle) if r["source"] == "51job"}
    assert stored and not {d[:12] for d in digests} & stored
    path = postings_csv_path()
    if not os.path.exists(path):
        pytest.skip("the shared 51job postings are not on this machine")
    with open(path, encoding="utf-8", newline="") as handle:
        postings = {
            hashlib.sha1(r["jobName"].encode("utf-8")).hexdigest() for r in csv.DictReader(handle)
        }
    assert len(postings) > 1000
    assert not digests & postings
