"""Phrasings a walk of the platform found unflagged (issue 12 item 6), and honest ones that
must stay clean; and the minimum wage of the demo's own city."""

from __future__ import annotations

from datetime import date

import pytest

from jobhub.postings import Posting, ReviewContext, review


def _codes(text: str, **fields) -> set[str]:
    posting = Posting(
        title=fields.pop("title", "普工"),
        description=f"工作内容：流水线装配。{text}。",
        employer_name="杭州某制造有限公司",
        headcount=2,
        work_location="杭州市西湖区",
        salary_min=fields.pop("salary_min", 5000),
        salary_max=fields.pop("salary_max", 6000),
        salary_unit="month",
        valid_until=date(2099, 1, 1),
    )
    return {f.code for f in review(posting, ReviewContext(**fields)).findings}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("本地户口", "hukou_region"),
        ("河南籍人员不予录用", "hukou_region"),
        ("身高160以上", "appearance"),
        ("形象气质佳", "appearance"),
        ("五官端正", "appearance"),
        ("体重不超过60公斤", "appearance"),
        ("工作服费 200 元另付", "fee_deposit"),
        ("身份证原件交由项目部统一保管", "document_withholding"),
    ],
)
def test_found_unflagged_and_now_flagged(text, code):
    assert code in _codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "工作地点在本地",
        "可协助办理本地户口",
        "提供工作服",
        "工作服由公司免费提供",
        "需本人身份证复印件办理入职",
        "入职时携带身份证原件核验",
        "身高无要求",
        "男女不限，身高不限",
        "形象良好的店面，环境整洁",
        "维护公司形象",
    ],
)
def test_honest_phrasings_stay_clean(text):
    assert _codes(text) == set()


def test_the_demo_citys_minimum_wage_is_used_not_beijings():
    # 2,500 a month clears 杭州's 2,490 (浙江 第一档) but not 北京's 2,540
    assert "wage_outlier" not in _codes(
        "", salary_min=2500, salary_max=2500, today=date(2026, 6, 1), region="hangzhou"
    )
    assert "wage_outlier" in _codes(
        "", salary_min=2500, salary_max=2500, today=date(2026, 6, 1), region="beijing"
    )
    assert "wage_outlier" in _codes(
        "", salary_min=2400, salary_max=2450, today=date(2026, 6, 1), region="hangzhou"
    )
