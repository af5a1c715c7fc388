"""Cleaning the noise job boards add to titles."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobhub.occupations import taxonomy
from jobhub.occupations.cleaning import clean_title, place_names
from jobhub.occupations.labels import extra_aliases


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        # pay
        ("电焊工 8千-1.2万", "电焊工"),
        ("包装工 200元/天", "包装工"),
        ("搬运工 日结", "搬运工"),
        ("二保焊 月薪过万", "二保焊"),
        ("会计 6-8K", "会计"),
        ("中餐厨师 5500-8000", "中餐厨师"),
        ("销售代表 底薪3000+提成", "销售代表"),
        ("Python开发工程师 15-25K·13薪", "python开发工程师"),
        ("叉车司机 6500+", "叉车司机"),
        # perks and schedules
        ("保安 包吃住", "保安"),
        ("出纳 五险一金 双休", "出纳"),
        ("仓库管理员【五险一金+双休】", "仓库管理员"),
        ("钳工 长白班", "钳工"),
        ("小区保洁 早7晚5", "小区保洁"),
        ("保安 做一休一", "保安"),
        ("外卖配送员 时间自由", "外卖配送员"),
        ("电子厂操作工 坐着上班", "电子厂操作工"),
        ("家装木工 按天结", "家装木工"),
        ("贴砖工 按平米算", "贴砖工"),
        # urgency and headcount
        ("急招电焊工", "电焊工"),
        ("直招焊工", "焊工"),
        ("高薪聘请厨师", "厨师"),
        ("铣工 若干名", "铣工"),
        ("保洁 数名", "保洁"),
        ("环卫清洁工 招10名", "环卫清洁工"),
        # places
        ("氩弧焊工（深圳宝安区）", "氩弧焊工"),
        ("保洁员 (浦东)", "保洁员"),
        ("深圳宝安区电焊工", "电焊工"),
        ("客房服务员 江北区", "客房服务员"),
        ("Java开发 浦东新区", "java开发"),
        ("2024届软件开发 工作地点：南京", "软件开发"),
        # employers and companies
        ("美团急招骑手", "骑手"),
        ("本厂直招普工", "普工"),
        ("电焊工 | 深圳市华强科技有限公司", "电焊工"),
        ("产品经理 | 某互联网公司 | 20-30K", "产品经理"),
        # requirements and colloquial forms
        ("折弯工 18-50岁", "折弯工"),
        ("导游 持证优先", "导游"),
        ("电话销售 无需经验", "电话销售"),
        ("二保焊师傅", "二保焊"),
        ("写字楼保洁阿姨", "写字楼保洁"),
        # terms and what the poster asks of the person, as segments of their own
        ("注塑工 三班两运转 有补贴", "注塑工"),
        ("门店店员 9点-21点 排班制", "门店店员"),
        ("仓库文员 试用期满转正 工服", "仓库文员"),
        ("砌筑工 按方算 月过万", "砌筑工"),
        ("锅炉工 持司炉证", "锅炉工"),
        ("机修工 懂气动 男工", "机修工"),
        ("跟单员 会用excel 中专", "跟单员"),
        ("质检员 退伍军人优先", "质检员"),
        ("外墙涂料工 包工包料", "外墙涂料工"),  # a contracting form, not a trade
        # full width
        ("ＣＮＣ操机", "cnc操机"),
    ],
)
def test_noise_is_removed(raw, clean):
    assert clean_title(raw).text == clean


@pytest.mark.parametrize(
    "title",
    [
        "招聘专员",  # 招聘 is the job here, not an advert
        "宿舍管理员",  # 宿舍 is not the perk 提供宿舍
        "社保专员",
        "高级中学教师",  # 高级 is part of the name, not seniority
        "c++开发工程师",
        "保安员",
        "市场营销专员",
        "公安辅警",  # 公安 is also a county; it stays a word
        "工厂 会计",  # 会计 is a trade, not 会 + a skill
        "熟悉业务 主管",  # only a segment after the first can be a requirement
        "劳务派遣 驻厂管理",  # 劳务派遣管理员 is a 细类
    ],
)
def test_occupation_words_survive(title):
    assert clean_title(title).text == title


def test_removals_say_what_was_removed_and_why():
    cleaned = clean_title("急招电焊工 8千-1.2万 包吃住")
    assert cleaned.text == "电焊工"
    assert {(r.kind, r.text) for r in cleaned.removed} == {
        ("urgency", "急招"),
        ("pay", "8千-1.2万"),
        ("perk", "包吃住"),
    }
    assert not cleaned.fallback


def test_employer_and_place_removals_are_labelled():
    kinds = {(r.kind, r.text) for r in clean_title("电焊工（深圳宝安区） | 华强有限公司").removed}
    assert ("bracket", "(深圳宝安区)") in kinds
    assert ("company", "华强有限公司") in kinds
    assert ("employer", "美团") in {(r.kind, r.text) for r in clean_title("美团急招骑手").removed}


def test_brackets_holding_the_only_words_are_kept():
    assert clean_title("【电焊工】").text == "电焊工"


def test_a_title_that_is_all_noise_falls_back_to_the_raw_words():
    cleaned = clean_title("急招 包吃住")
    assert cleaned.fallback
    assert cleaned.text == "急招 包吃住"


def test_segments_are_kept_separately():
    assert clean_title("文员 长白班 电子厂").segments == ("文员", "电子厂")


def test_no_place_name_can_cut_into_an_occupation_label():
    labels = [o.name for o in taxonomy.all_occupations()]
    labels += [a for o in taxonomy.all_occupations() for a in o.aliases]
    labels += [alias for _code, alias, _note in extra_aliases()]
    haystack = "\n".join(labels)
    assert not [p for p in place_names() if p in haystack]


@given(st.text(max_size=60))
def test_any_text_cleans_without_error(text):
    cleaned = clean_title(text)
    assert cleaned.text == cleaned.text.strip()
    assert clean_title(text) == cleaned


def test_only_the_first_200_characters_are_read():
    # Bounds the work on hostile input (a title is a few words).
    assert clean_title("电焊工" + " " * 300 + "厨师").text == "电焊工"
