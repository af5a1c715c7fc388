"""The 大典 taxonomy helpers, checked against the published classification."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobhub.occupations import taxonomy
from jobhub.occupations.taxonomy import common_level, get, parent, search_names

LEAF_CODES = [o.code for o in taxonomy.leaves()]


def test_importing_reads_no_file():
    code = (
        "import jobhub.occupations as o, jobhub.occupations.taxonomy as t, "
        "jobhub.occupations.cleaning as c\n"
        "assert t._load.cache_info().currsize == 0\n"
        "assert c.place_names.cache_info().currsize == 0\n"
        "assert o.classifier.default_classifier.cache_info().currsize == 0\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_counts_match_the_2022_edition():
    by_level: dict[int, int] = {}
    for occupation in taxonomy.all_occupations():
        by_level[occupation.level] = by_level.get(occupation.level, 0) + 1
    # The csv has 8 / 73 / 336 / 1,634 rows by level.  Three rows are repeated
    # (5-03-00-00 畜牧业生产人员, 4-12-04-02 修鞋工, 6-20-05-03 压缩机装配调试工) and
    # 2-03-01-00 is a 小类 that is its own 细类, kept once, as a leaf.
    assert by_level[1] == 8
    assert by_level[2] == 72
    assert by_level[4] == 1632
    assert by_level[3] == 335
    assert len(set(LEAF_CODES)) == len(LEAF_CODES) == 1632


def test_a_leaf_carries_its_row():
    beautician = get("4-10-03-01")
    assert beautician.name == "美容师"
    assert beautician.level == 4
    assert beautician.parents == ("4-00-00-00", "4-10-00-00", "4-10-03-00")
    assert "美容顾问" in beautician.aliases
    assert beautician.name not in beautician.aliases


def test_tasks_are_split_into_items():
    carer = get("4-10-01-05")  # 养老护理员 lists five numbered tasks
    assert len(carer.tasks) == 5
    assert carer.tasks[0].startswith("照料老年人")
    assert not any(task[0].isdigit() for task in carer.tasks)


@pytest.mark.parametrize(
    ("code", "name", "green", "digital"),
    [
        ("4-09-08-01", "保洁员", True, False),
        ("2-02-10-03", "计算机软件工程技术人员", False, True),
        ("2-02-30-02", "物流工程技术人员", True, True),
        ("6-18-02-04", "焊工", False, False),
    ],
)
def test_green_and_digital_markers_become_flags(code, name, green, digital):
    occupation = get(code)
    assert (occupation.name, occupation.green, occupation.digital) == (name, green, digital)


def test_a_small_group_that_is_its_own_leaf_is_a_leaf():
    occupation = get("2-03-01-00")
    assert occupation.level == 4
    assert occupation.name == "土壤肥料技术人员"


def test_get_rejects_bad_and_unknown_codes():
    with pytest.raises(ValueError):
        get("41003")
    with pytest.raises(KeyError):
        get("9-99-99-99")


def test_parent_walks_up_by_code():
    assert parent("4-10-03-01", 1) == "4-00-00-00"
    assert parent("4-10-03-01", 2) == "4-10-00-00"
    assert parent("4-10-03-01", 3) == "4-10-03-00"
    assert parent("4-10-03-01", 4) == "4-10-03-01"
    assert get(parent("4-10-03-01", 3)).name == "美容美发和浴池服务人员"
    # A 中类 without 小类 numbers its 细类 under the implicit 小类 00.
    assert parent("1-01-00-01", 3) == "1-01-00-00"


def test_parent_refuses_a_level_below_the_code():
    with pytest.raises(ValueError):
        parent("4-10-00-00", 3)
    with pytest.raises(ValueError):
        parent("4-10-03-01", 5)


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [
        ("4-10-03-01", "4-10-03-01", 4),  # same 细类
        ("4-10-03-01", "4-10-03-02", 3),  # 美容师 / 美发师: same 小类
        ("4-10-03-01", "4-10-01-05", 2),  # 美容师 / 养老护理员: same 中类 居民服务人员
        ("4-10-03-01", "4-02-07-08", 1),  # 美容师 / 快递员: same 大类 4
        ("4-10-03-01", "6-18-02-04", 0),  # 美容师 / 焊工
        ("2-06-03-00", "2-06-04-00", 2),  # 会计 / 审计: leaf codes ending in 00, other 小类
        ("4-10-00-00", "4-10-03-01", 2),  # a 中类 code agrees with its 细类 to its own depth
        ("4-00-00-00", "4-10-03-01", 1),
    ],
)
def test_common_level(a, b, level):
    assert common_level(a, b) == level
    assert common_level(b, a) == level


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(LEAF_CODES), st.sampled_from(LEAF_CODES))
def test_common_level_agrees_with_parent(a, b):
    shared = common_level(a, b)
    assert (shared == 4) == (a == b)
    for lv in range(1, 4):
        assert (shared >= lv) == (parent(a, lv) == parent(b, lv))


def test_search_names_offers_names_before_aliases():
    hits = search_names("保安")
    assert hits[0].code == "4-07-05-01"
    assert hits[0].label == "保安员"
    assert not hits[0].is_alias
    assert all(hit.level == 4 for hit in hits)
    assert len({hit.code for hit in hits}) == len(hits)


def test_search_names_matches_aliases_ignoring_width_and_case():
    hits = search_names("ｐｙｔｈ")  # full-width, lower case
    assert [h.code for h in hits] == ["2-02-10-03"]
    assert hits[0].label == "Python"
    assert hits[0].is_alias


def test_search_names_limits_and_levels():
    assert len(search_names("电", limit=3)) == 3
    assert search_names("") == ()
    groups = search_names("护理", level=3)
    assert [h.code for h in groups] == ["2-05-08-00"]


def test_occupation_names_are_usable_as_jieba_words():
    names = taxonomy.occupation_names()
    assert {"焊工", "美容师", "叉车司机", "养老护理员"} <= set(names)
    assert list(names) == sorted(names)
    assert not any(" " in n or "/" in n or len(n) < 2 for n in names)
    assert "搬运工/装卸工" not in names
