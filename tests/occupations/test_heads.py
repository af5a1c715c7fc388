"""Reading a title as modifier + head, and spelling out job-board abbreviations."""

from __future__ import annotations

import pytest

from jobhub.occupations.heads import evidence_grams, expand, parse_head, variants


@pytest.mark.parametrize(
    ("title", "core", "head", "level"),
    [
        ("it硬件运维主管", "it硬件运维", "", ("主管",)),
        ("电气工程师", "电气工程师", "工程师", ()),
        ("资深java开发工程师", "java开发工程师", "工程师", ("资深",)),
        ("汽修学徒", "汽修", "", ("学徒",)),
        ("电焊师傅", "电焊师傅", "师傅", ()),
        # A title that is only a level word keeps it: then it is the work.
        ("经理", "经理", "", ()),
    ],
)
def test_level_words_come_off_and_the_head_is_found(title, core, head, level):
    parsed = parse_head(title)
    assert (parsed.core, parsed.head, parsed.level) == (core, head, level)
    assert parsed.modifier + parsed.head == parsed.core


def test_abbreviations_are_spelt_out_as_the_dictionary_writes_them():
    assert "运行维护工程师" in variants("运维工程师")
    assert "大数据运行维护" in variants("大数据运维主管")
    # One pass: 运维 -> 运行维护 does not then read 护工 inside it as a care worker.
    assert all("护理员" not in v for v in variants("运维工程师"))
    assert variants("焊工") == []
    # Latin abbreviations too, as whole words only.
    assert "计算机视觉工程师" in variants("cv工程师")
    assert "运行维护" in variants("sre")
    assert variants("cvs") == []


def test_expansions_add_words_and_never_repeat_them():
    assert expand("ai负责人") == "人工智能"
    assert expand("cv算法") == "计算机视觉"
    assert expand("保洁") == ""
    assert expand("运行维护") == ""


def test_evidence_grams_pair_chinese_and_keep_latin_words_whole():
    assert evidence_grams("python开发") == ["python", "开发"]
    assert evidence_grams("木工 厂") == ["木工", "厂"]
    assert evidence_grams("hil测试工程师") == ["hil", "测试", "试工", "工程", "程师"]
