"""The résumé an employer reads and prints after the person applied: phone and ID masked,
nobody else's, gone when the application is withdrawn."""

from __future__ import annotations

import re

from tests.notices.test_inbox import _apply
from tests.seekers.helpers import build_index, post_vacancy


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


def _invitation(app, person_id) -> int:
    from jobhub.extensions import db
    from jobhub.seekers.models import Invitation

    with app.app_context():
        return db.session.scalar(db.select(Invitation.id).where(Invitation.person_id == person_id))


def _audited_views(app, person_id) -> int:
    from jobhub.extensions import db
    from jobhub.security.models import AuditEvent

    with app.app_context():
        return db.session.scalar(
            db.select(db.func.count())
            .select_from(AuditEvent)
            .where(
                AuditEvent.action == "view_people",
                AuditEvent.subject_type == "people",
                AuditEvent.subject_id == person_id,
            )
        )


def test_a_seeker_shares_the_resume_with_an_employer_that_invited_them(app, people, accounts):
    from jobhub.extensions import db
    from jobhub.seekers.identity import set_sensitive_status
    from jobhub.seekers.models import Person

    employer, _ = people.employer()
    vid = post_vacancy(employer, title="仓库理货员")
    seeker, pid = people.seeker(profile={"summary": "熟悉报表整理。"})
    with app.app_context():
        person = db.session.get(Person, pid)
        set_sensitive_status(person, "disabled", True, recorded_by_user_id=None)
        set_sensitive_status(person, "low_income_household", True, recorded_by_user_id=None)
        db.session.commit()
    resume = f"/employer/people/{pid}/resume"
    assert employer.get(resume).status_code == 404  # neither applied nor consented
    employer.post(f"/employer/vacancies/{vid}/invite/{pid}")
    assert employer.get(resume).status_code == 404  # invited is not consent
    invitation = _invitation(app, pid)

    other_seeker, _ = people.seeker(name="周建国")
    assert other_seeker.post(f"/invitations/{invitation}/share-resume").status_code == 404
    assert employer.post(f"/invitations/{invitation}/share-resume").status_code == 403
    assert seeker.post(f"/invitations/{2**64}/share-resume").status_code == 404

    shared = seeker.post(f"/invitations/{invitation}/share-resume", follow_redirects=True)
    text = shared.get_data(as_text=True)
    assert "已同意" in text and "查看简历" in text and "已同意查看简历的单位" in text
    assert "受邀求职者同意您查看简历" in employer.get("/inbox").get_data(as_text=True)
    before = _audited_views(app, pid)
    page = employer.get(resume)
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "林晓雨 的简历" in body and "熟悉报表整理" in body and "同意贵单位查看简历" in body
    assert re.search(r"\d{3}\*{4}\d{4}", body) and re.search(r"\d{6}\*{8}\d{3}[\dX]", body)
    assert not re.search(r"\b1[3-9]\d{9}\b", body) and not re.search(r"\b\d{17}[\dX]\b", body)
    for status in ("残疾", "低保", "disabled", "low_income"):
        assert status not in body  # a sensitive status never reaches an employer
    assert _audited_views(app, pid) == before + 1
    build_index(app)
    candidates = employer.get(f"/employer/vacancies/{vid}/candidates").get_data(as_text=True)
    assert f'href="/employer/people/{pid}/resume"' in candidates

    other_employer, _ = people.employer()
    assert other_employer.get(resume).status_code == 404
    assert seeker.get(resume).status_code == 403
    assert accounts.client_for("station_staff").get(resume).status_code == 403
    assert employer.get(f"/employer/people/{2**64}/resume").status_code == 404

    # withdrawn: closed again
    with app.app_context():
        from jobhub.talks.models import ResumeShare

        share_id = db.session.scalar(db.select(ResumeShare.id))
    assert other_seeker.post(f"/resume-shares/{share_id}/withdraw").status_code == 404
    seeker.post(f"/resume-shares/{share_id}/withdraw")
    assert employer.get(resume).status_code == 404


def test_a_station_worker_shares_for_their_person_only_with_recorded_consent(app, accounts, people):
    from tests.stations.test_counter import _register, _staff

    staff, staff_id, _ = _staff(accounts, app)
    person_id = int(_register(staff).headers["Location"].rstrip("/").split("/")[-1])
    employer, _ = people.employer()
    vid = post_vacancy(employer, title="食堂帮厨", skills="切配、健康证")
    employer.post(f"/employer/vacancies/{vid}/invite/{person_id}")
    invitation = _invitation(app, person_id)
    resume = f"/employer/people/{person_id}/resume"

    refused = staff.post(f"/invitations/{invitation}/share-resume", follow_redirects=True)
    assert "请先勾选“本人已当面同意向该单位提供简历”" in refused.get_data(as_text=True)
    assert employer.get(resume).status_code == 404
    other_staff, _, _ = _staff(accounts, app)
    assert (
        other_staff.post(
            f"/invitations/{invitation}/share-resume", data={"confirm": "y"}
        ).status_code
        == 404
    )
    client_page = staff.post(
        f"/invitations/{invitation}/share-resume", data={"confirm": "y"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "已提供简历" in client_page
    assert employer.get(resume).status_code == 200
    with app.app_context():
        from jobhub.extensions import db
        from jobhub.talks.models import ResumeShare

        share = db.session.scalar(db.select(ResumeShare))
        assert share.given_via == "counter" and share.given_by_id == staff_id
