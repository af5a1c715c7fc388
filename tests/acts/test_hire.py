"""A hire through the platform ends the person's 失业登记 that day; the 认定 stays, so the
employer sees the subsidy for hiring a 就业困难人员 (never the person's category)."""

from __future__ import annotations

from jobhub.acts.models import UnemploymentRegistration
from jobhub.extensions import db
from tests.acts.helpers import DISABLED, acts_for
from tests.seekers.helpers import TODAY, post_vacancy
from tests.seekers.test_applications import _apply


def test_a_platform_hire_ends_the_registration_and_brings_the_unit_subsidy(app, people, accounts):
    employer, _ = people.employer(size="small")
    vid = post_vacancy(employer)
    seeker, pid = people.seeker("孙丽", profile={"education": "senior_high"})
    acts_for(app, accounts, pid, register=True, evidence=DISABLED)
    aid = _apply(seeker, vid)
    employer.post(
        f"/employer/applications/{aid}/move",
        data={
            "h-hired_on": TODAY.isoformat(),
            "h-contract_months": "24",
            "h-unit_monthly_contribution": "1200",
        },
    )
    with app.app_context():
        registration = db.session.execute(db.select(UnemploymentRegistration)).scalar_one()
        assert (registration.status, registration.end_reason, registration.ended_on) == (
            "ended",
            "hired_platform",
            TODAY,
        )
    page = employer.get(f"/employer/applications/{aid}").get_data(as_text=True)
    section = page.split('id="hire-subsidies"')[1].split("</section>")[0]
    assert '<span class="badge ok">可以申请</span> 用人单位招用就业困难人员社会保险补贴' in section
    for word in ("残疾", "认定"):
        assert word not in section  # the person's category never reaches the employer
    assert "已注销" in seeker.get("/acts/mine").get_data(as_text=True)
