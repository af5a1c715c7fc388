"""Notifications about the acts, through the platform's inbox and SMS rules
(jobhub/notices: inbox always, SMS only with the person's consent and under the daily cap).
A person without an account is reached through the station that registered them."""

from __future__ import annotations

from jobhub.extensions import db

WHAT = "就业困难人员认定"


def certification_decided(certification_id: int) -> None:
    """A 就业困难人员认定 was decided (certified or refused): tell the person."""
    from jobhub.acts.models import DifficultyCertification
    from jobhub.notices.events import certification_decided as notify

    certification = db.session.get(DifficultyCertification, certification_id)
    if certification is None:
        return
    approved = certification.status == "certified"
    reason = (
        f"{WHAT}已通过，有效期至 {certification.valid_until:%Y-%m-%d}，"
        f"请于 {certification.review_on:%Y-%m-%d} 前复核。可在“我能享受的政策”查看由此可申请的补贴。"
        if approved and certification.valid_until and certification.review_on
        else f"{WHAT}未通过，原因见“失业登记和认定”页面；如有新的证明材料，可以再次申请。"
    )
    notify(certification.person, WHAT, approved, reason)


def reviews_due(station_id: int | None, certification_ids: tuple[int, ...]) -> None:
    """认定 due for review: remind each person once per review date (the station's 今日待办
    lists them for its staff)."""
    from jobhub.acts.models import DifficultyCertification
    from jobhub.notices.events import certification_due

    for certification_id in certification_ids:
        certification = db.session.get(DifficultyCertification, certification_id)
        if certification is None or certification.review_on is None:
            continue
        certification_due(
            certification.person,
            WHAT,
            certification.review_on,
            f"{certification.id}:{certification.review_on.isoformat()}",
        )
