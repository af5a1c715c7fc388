"""The 政策计算器 and 我能享受的政策 show the training subsidies with their sums and basis
(issue 19 item 2)."""

from __future__ import annotations

from datetime import timedelta

from jobhub.policy.dates import today_in_china


def test_calculator_shows_the_training_subsidy_per_level(client):
    data = {
        "birth_date": "1990-08-03",
        "gender": "male",
        "employment_status": "unemployed",
        "unemployment_registered_since": "2026-03-01",
        "as_of": "2026-11-22",
        "region": "sample_county",
    }
    text = client.post("/policy/calculator", data=data).get_data(as_text=True)
    assert "职业培训补贴" in text
    # the county's own table, not the default one
    assert "初级（五级）800.00元、中级（四级）1200.00元、高级（三级）1800.00元" in text
    assert "财社〔2023〕181号" in text and "第（七）项" in text


def test_my_policies_say_how_to_get_the_training_subsidy(app, people):
    graduated = (today_in_china() - timedelta(days=100)).isoformat()
    seeker, _ = people.seeker(profile={"graduation_date": graduated})
    page = seeker.get("/seeker/policies").get_data(as_text=True)
    assert "职业培训补贴" in page
    assert "结业取得职业技能等级证书后在“我的培训”申请" in page
