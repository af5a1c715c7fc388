"""Issue 12 item 6: wording that passed unflagged, the paraphrases of each, and the honest
phrasings next to them that must stay clean."""

from __future__ import annotations

from datetime import date

import pytest

from jobhub.postings import ReviewContext, review
from jobhub.postings.data import wage_parameters

from .helpers import codes, posting

FLAGGED = [
    # the six of the issue
    ("本地户口", ["hukou_region"]),
    ("身高160以上", ["appearance"]),
    ("形象气质佳", ["appearance"]),
    ("工作服费200元另付", ["fee_deposit"]),
    ("某省籍人员不予录用", ["hukou_region"]),
    ("河南籍不予录用", ["hukou_region"]),
    # a preference named through the staff ("员工", "工人"), not only "者/人员"
    ("本省籍员工优先", ["hukou_region"]),
    ("汉族员工优先", ["ethnicity_religion"]),
    ("身份证原件交由项目部统一保管", ["document_withholding"]),
    # appearance
    ("身高160cm以上，吃苦耐劳", ["appearance"]),
    ("男身高175以上", ["appearance"]),
    ("体重50kg以下", ["appearance"]),
    ("体重不超过60公斤", ["appearance"]),
    ("五官端正，普通话标准", ["appearance"]),
    ("相貌端正", ["appearance"]),
    ("长相甜美", ["appearance"]),
    # hukou / origin paraphrases
    ("本地户口，吃苦耐劳", ["hukou_region"]),
    ("本市户籍，有驾照", ["hukou_region"]),
    ("外省籍人员不予录用", ["hukou_region"]),
    ("河南籍人员免谈", ["hukou_region"]),
    # fees under other names
    ("工作服另付200元", ["fee_deposit"]),
    ("工装从首月工资扣除", ["fee_deposit"]),
    ("工服费100元", ["fee_deposit"]),
    ("劳保用品自理", ["fee_deposit"]),
    # ID card retention
    ("身份证原件交工地统一保管", ["document_withholding"]),
    ("身份证原件由班组统一保管", ["document_withholding"]),
    ("身份证交老板保管", ["document_withholding"]),
]

CLEAN = [
    "有经验的员工优先",
    "熟练工人优先",
    "工作地点在本地",
    "提供工作服",
    "免费发放工装",
    "工作服由公司统一发放",
    "需本人身份证复印件办理入职",
    "入职时核验身份证原件，当场归还",
    "身份证原件请自行妥善保管",
    "身高无要求",
    "身高不限",
    "形象良好的店面，环境整洁",
    "提升品牌形象",
    "儿童身高1.2米以下免票，负责检票",
    "本地户口、外地户口均可",
    "可协助办理本地户口",
    "无论本地户口还是外地户口均可报名",
    "熟悉本地户口迁移业务",
    "工具自备",
    "欢迎河南籍老乡报名",
]


@pytest.mark.parametrize(("description", "expected"), FLAGGED)
def test_flagged(description: str, expected: list[str]) -> None:
    assert sorted(codes(description)) == expected


@pytest.mark.parametrize("description", CLEAN)
def test_honest_wording_stays_clean(description: str) -> None:
    assert codes(description) == set()


def test_appearance_warns_and_names_its_basis() -> None:
    result = review(posting("身高160以上。"))
    (finding,) = [f for f in result.findings if f.code == "appearance"]
    assert finding.severity == "warn" and result.verdict == "warn"
    assert (
        "人力资源市场暂行条例》第二十四条" in finding.basis
        and "就业促进法》第三条" in finding.basis
    )


def test_the_demo_city_is_hangzhou_with_zhejiang_first_tier_figures() -> None:
    params = wage_parameters()
    hangzhou = params.minimum_wage(None, date(2026, 12, 5))
    assert hangzhou is not None and hangzhou.region == "hangzhou"
    assert (hangzhou.month, hangzhou.hour) == (2490, 24)
    assert "浙江" in hangzhou.source
    # 2500 a month clears Hangzhou's 2490 (it would not have cleared Beijing's 2540)
    ok = review(posting(salary_min=2500, salary_max=2500), ReviewContext(today=date(2026, 12, 5)))
    assert "wage_outlier" not in {f.code for f in ok.findings}
    low = review(posting(salary_min=2400, salary_max=2400), ReviewContext(today=date(2026, 12, 5)))
    (finding,) = [f for f in low.findings if f.code == "wage_outlier"]
    assert "2490" in finding.message and "浙江" in finding.message
    beijing = review(
        posting(salary_min=2500, salary_max=2500),
        ReviewContext(today=date(2026, 12, 5), region="beijing"),
    )
    assert "wage_outlier" in {f.code for f in beijing.findings}
