"""The title classifier: contract, easy cases, explanations and accuracy on labelled titles."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from jobhub.occupations import classifier, taxonomy
from jobhub.occupations.classifier import TitleClassifier, classify, classify_many, explain
from jobhub.occupations.labels import build_labels, documents

LABELLED = Path(__file__).with_name("labelled_titles.csv")


@pytest.mark.parametrize(
    ("title", "code"),
    [
        # The example: 电焊 is welding, the 细类 is 焊工 (6-18-02-04).
        ("急招电焊工 8千-1.2万 包吃住", "6-18-02-04"),
        # Job-board aliases of the taxonomy itself, under noise.
        ("叉车司机 持证 6500+", "6-30-05-01"),
        ("育婴师（浦东）", "4-10-01-03"),
        ("快递员 多劳多得", "4-02-07-08"),
        ("会计（龙华区）6-8K 双休", "2-06-03-00"),
        # 大典 names.
        ("养老护理员 包吃住", "4-10-01-05"),
        ("保安员 24小时", "4-07-05-01"),
        # Python is an alias of 计算机软件工程技术人员.
        ("Python开发工程师 15-25K·13薪", "2-02-10-03"),
    ],
)
def test_easy_titles_rank_their_occupation_first(title, code):
    assert classify(title)[0].code == code


def test_results_are_ranked_leaf_codes_with_bounded_scores():
    for candidates in classify_many(["厨师", "数据分析", "小区保洁 包住", "x"], top=5):
        assert 1 <= len(candidates) <= 5
        codes = [c.code for c in candidates]
        assert len(set(codes)) == len(codes)
        for candidate in candidates:
            occupation = taxonomy.get(candidate.code)
            assert occupation.level == 4
            assert candidate.name == occupation.name
            assert 0.0 <= candidate.score <= 1.0
            assert candidate.explanation
        scores = [c.score for c in candidates]
        assert scores == sorted(scores, reverse=True)


def test_an_exact_label_scores_one_and_says_so():
    best = classify("叉车司机")[0]
    assert best.score == 1.0
    assert best.match == "exact"
    assert best.matched_label == "叉车司机"
    assert best.label_source == "alias"
    assert "叉车司机" in best.explanation


def test_a_contained_name_is_reported_as_containment():
    best = classify("急招电焊工 8千-1.2万 包吃住")[0]
    assert best.match == "contains"
    assert best.matched_label == "焊工"


def test_explain_keeps_the_cleaning():
    result = explain("急招电焊工 8千-1.2万 包吃住")
    assert result.cleaned.text == "电焊工"
    assert {r.kind for r in result.cleaned.removed} == {"urgency", "pay", "perk"}
    assert result.candidates[0].code == "6-18-02-04"


def test_batch_equals_one_by_one_across_block_boundaries(monkeypatch):
    titles = ["急招电焊工", "保洁", "", "会计", "Java开发", "育婴师", "司机 C1", "美甲师 包住"]
    one_by_one = [classify(t) for t in titles]
    monkeypatch.setattr(classifier, "TITLES_PER_BLOCK", 3)
    assert classify_many(titles) == one_by_one


def test_empty_titles_get_no_candidates():
    assert classify("") == []
    assert classify("   ") == []
    assert classify_many(["", "厨师"])[0] == []


def test_top_is_validated_and_respected():
    with pytest.raises(ValueError):
        classify("厨师", top=0)
    assert len(classify("厨师", top=1)) == 1
    assert len(classify("厨师", top=12)) == 12


def test_held_out_aliases_leave_no_trace_in_the_model():
    held_out = [("6-30-05-01", "叉车司机"), ("6-30-05-01", "叉车工")]
    leaves = taxonomy.leaves()
    labels = build_labels(leaves, exclude_aliases=held_out)
    assert not any(label.display in ("叉车司机", "叉车工") for label in labels)
    forklift = [o.code for o in leaves].index("6-30-05-01")
    assert "叉车司机" not in documents(leaves, labels)[forklift]

    model = TitleClassifier.fit(exclude_aliases=held_out, use_extra_aliases=False)
    best = model.classify("叉车司机")[0]
    assert best.match != "exact"


def _labelled() -> list[dict[str, str]]:
    with LABELLED.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_labelled_codes_are_real_leaf_codes():
    for row in _labelled():
        for code in row["codes"].split():
            assert taxonomy.get(code).level == 4, row["title"]


def test_accuracy_on_hand_labelled_titles_stays_above_the_floor():
    """Top-5 >= 95 % and top-1 >= 85 % on all hand-labelled titles (249).

    A station worker codes a vacancy by picking from the five suggestions, so top-5 is what
    decides whether they must search by hand.  Measured when the model was frozen: top-5
    99.6 % (dev 100 %, fresh 98.6 %), top-1 95.6 %; see benchmarks/occupations/RESULTS.md.
    The floors sit about ten titles below that: a change to the cleaner, the labels or the
    scoring that costs more than that is a regression worth a look, while a new row in the
    labelled set or a revised alias file will not trip it by itself.
    """
    rows = _labelled()
    results = classify_many([row["title"] for row in rows], top=5)
    top1 = top5 = 0
    for row, candidates in zip(rows, results, strict=True):
        wanted = set(row["codes"].split())
        top1 += bool(candidates) and candidates[0].code in wanted
        top5 += any(c.code in wanted for c in candidates)
    assert top5 / len(rows) >= 0.95
    assert top1 / len(rows) >= 0.85


@pytest.mark.parametrize(
    ("title", "code"),
    [
        # Urgency, a posting code, perks, pay and a place around a job-board alias.
        ("【急聘】叉车司机（J13050）包吃住 6-8K 浦东", "6-30-05-01"),
        # A phone number and perks around an abbreviation (运维) and a level word (主管).
        ("诚聘大数据运维主管(13912345678) 五险一金", "2-02-38-03"),
        # 汽修 is 汽车维修; 学徒 is a level, not the work.
        ("急招汽修学徒 包住", "4-12-01-01"),
        # Board abbreviations no 大典 text contains, spelt out as the 大典 writes them.
        ("物管 小区", "4-06-01-01"),  # 物业管理 -> 物业管理师
        ("仓管员 包住", "4-02-06-01"),  # 仓储管理 -> 仓储管理员
        # The kitchen's stations: 白案 makes 面食 (中式面点师), 红案 cooks dishes (中式烹调师).
        ("白案师傅", "4-03-02-02"),
        ("红案厨师 酒楼", "4-03-02-01"),
        # A trade in front of a generic head (服务员, 管理员, 检验员) names the work: a care
        # worker is not a waiter, a librarian not a storekeeper.
        ("居家养老服务员", "4-10-01-05"),
        ("社区养老服务员 急招", "4-10-01-05"),
        ("图书管理员", "4-13-01-07"),
        ("社区网格管理员", "3-01-04-02"),
        ("外观检验员 两班倒", "6-31-03-05"),
    ],
)
def test_noisy_board_titles_are_coded_with_confidence(title, code):
    best = classify(title)[0]
    assert best.code == code
    assert best.score >= classifier.CONFIDENT_SCORE


@pytest.mark.parametrize(
    "title", ["普工 长白班 包吃住", "普工/操作工", "学徒", "杂工 急招", "小时工 日结"]
)
def test_a_title_naming_no_trade_is_unknown_but_keeps_its_choices(title):
    """普工 or 操作工 alone names no 细类: the form must ask, with five choices to pick from."""
    found = classify(title)
    assert len(found) == 5
    assert found[0].score < classifier.CONFIDENT_SCORE
    # with a trade in front, the same word is coded
    assert classify("电子厂普工")[0].score >= classifier.CONFIDENT_SCORE


@pytest.mark.parametrize("title", ["啊啊啊 哈哈", "asdfqwer", "好工作 高薪 日结", "一二三四"])
def test_a_nonsense_title_is_unknown(title):
    """No occupation in the words: the best guess stays below the threshold, so the form asks
    the person to choose instead of coding it."""
    found = classify(title)
    assert not found or found[0].score < classifier.CONFIDENT_SCORE


def test_a_bracketed_field_is_kept_as_an_aside_and_a_phone_number_is_not():
    result = explain("架构师（大数据方向）")
    assert result.cleaned.text == "架构师"
    assert result.cleaned.asides == ("大数据",)
    assert "2-02-38-03" in [c.code for c in result.candidates[:2]]
    cleaned = explain("运营总监（13912345678）").cleaned
    assert cleaned.asides == ()
    assert any("13912345678" in r.text for r in cleaned.removed)


def test_a_description_reorders_the_titles_candidates():
    assert classify("司机")[0].name == "客运车辆驾驶员"
    trucks = classify("司机", description="驾驶重型货车，长途运输货物")
    assert trucks[0].name == "道路货运汽车驾驶员"
    assert classify_many(["司机"], descriptions=["驾驶大巴接送乘客"])[0][0].name == "客运车辆驾驶员"


def test_descriptions_must_match_the_titles():
    with pytest.raises(ValueError):
        classify_many(["司机", "厨师"], descriptions=["货车"])
    # Not text, or empty: read as no description.
    assert classify_many(["司机"], descriptions=[None]) == classify_many(["司机"])


def test_a_segment_counts_by_how_much_of_the_title_it_holds(monkeypatch):
    """A bare 司机 among other words explains less of the title than 司机 alone: the 细类 it
    names keeps its place only if nothing explains more."""
    model = TitleClassifier.fit()
    alone = model.classify("司机")[0]
    assert alone.score == 1.0
    title = "冷链 前置仓 司机"

    def driver_score() -> float:
        found = model.classify(title, top=10)
        return next(c.score for c in found if c.code == alone.code)

    monkeypatch.setattr(classifier, "PART_WEIGHT", 0.0)
    whole = driver_score()
    monkeypatch.setattr(classifier, "PART_WEIGHT", 0.3)
    part = driver_score()
    assert part < whole


def test_a_workers_title_leans_away_from_engineers_and_managers(monkeypatch):
    model = TitleClassifier.fit()
    title = "化工厂 操作工"

    def engineer() -> tuple[str, float]:
        found = model.classify(title, top=20)
        return next((c.code, c.score) for c in found if c.code[0] in "12")

    monkeypatch.setattr(classifier, "REGISTER_WEIGHT", 0.0)
    code, plain = engineer()
    monkeypatch.setattr(classifier, "REGISTER_WEIGHT", 0.2)
    # (the engineer drops down the list once leaned away from: read it from a longer one)
    scores = {x.code: x.score for x in model.classify(title, top=100)}
    assert scores[code] == pytest.approx(plain * 0.8, abs=1e-3)
    # 社工 ends in 工 but is the social worker's own label.
    assert model.classify("社工")[0].code == "2-07-11-01"


def test_a_bracketed_field_is_read_in_front_of_the_title(monkeypatch):
    """工程师（云计算方向） is a cloud-computing engineer: the aside names the field, and with the
    reading off a bare 工程师 points nowhere in particular."""
    model = TitleClassifier.fit()
    title = "工程师（云计算方向）"
    monkeypatch.setattr(classifier, "FIELD_READING", 0)
    assert model.classify(title)[0].code != "2-02-38-04"
    monkeypatch.setattr(classifier, "FIELD_READING", 1)
    found = model.classify(title)
    assert found[0].code == "2-02-38-04"
    assert model.classify("工程师")[0].code != "2-02-38-04"


def test_a_latin_tool_name_beside_chinese_words_is_a_weaker_hint(monkeypatch):
    """Java in Java自动化测试 names the tool; the Chinese words name the work (testing).  The tool's
    label still counts, less than when it is the whole title."""
    model = TitleClassifier.fit()

    def software(title: str) -> float:
        return next(c.score for c in model.classify(title, top=10) if c.code == "2-02-10-03")

    monkeypatch.setattr(classifier, "LATIN_BASE", classifier.CONTAINS_BASE)
    before = software("Java自动化测试")
    monkeypatch.setattr(classifier, "LATIN_BASE", 0.55)
    after = software("Java自动化测试")
    assert after < before
    assert model.classify("Java自动化测试")[0].code == "4-04-05-02"
    # A title of Latin words only is not touched: Java developer stays software.
    assert model.classify("Java developer")[0].code == "2-02-10-03"
