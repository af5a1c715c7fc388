"""The résumé an employer reads and prints after the person applied: phone and ID masked,
nobody else's, gone when the application is withdrawn."""

from __future__ import annotations

import re

from tests.notices.test_inbox import _apply
from tests.seekers.helpers import post_vacancy


def test_resume_after_applying_masked_and_only_for_the_organisation(app, people):
    employer, _ = people.employer()
    vid = post_vacancy(employer)
    seeker, _ = people.seeker(
        profile={
            "summary": "三年数据整理经验，熟悉报表。",
            "work_history": "2022-2025 某超市 数据录入",
            "expected_pay": "7000",
            "expected_pay_unit": "month",
        }
    )
    aid = _apply(seeker, vid)
    page = employer.get(f"/employer/applications/{aid}/resume")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "林晓雨 的简历" in text and "三年数据整理经验" in text and "某超市 数据录入" in text
    assert "7000" in text and "Python" in text and "大学本科" in text and "打印简历" in text
    assert re.search(r"\d{3}\*{4}\d{4}", text)  # phone masked
    assert re.search(r"\d{6}\*{8}\d{3}[\dX]", text)  # ID number masked
    assert not re.search(r"\b1[3-9]\d{9}\b", text) and not re.search(r"\b\d{17}[\dX]\b", text)
    other, _ = people.employer()
    assert other.get(f"/employer/applications/{aid}/resume").status_code == 404
    assert seeker.get(f"/employer/applications/{aid}/resume").status_code == 403
    seeker.post(f"/seeker/applications/{aid}/withdraw")
    assert employer.get(f"/employer/applications/{aid}/resume").status_code == 404
