"""What each event says, and to whom: one function per event, called by the service that made
the change, in its transaction (after its flush). Texts to people follow their consent and the
daily cap (``notices.services``); so do texts to an employer's contacts, for the events that
concern them (an application received here, an interview reply and a thread message in
jobhub.talks).

For other areas: ``certification_decided`` and ``certification_due`` are the calls for 认定
(就业困难人员 and other key-group recognition) decided or due for review.
"""

from __future__ import annotations

from jobhub.notices.services import notify_organisation, notify_person
from jobhub.seekers.models import APPLICATION_STATUSES, Application, Person, SubsidyApplication


def application_received(application: Application) -> None:
    vacancy = application.vacancy
    notify_organisation(
        vacancy.organisation_id,
        "application_received",
        f"“{vacancy.title}”收到新的投递",
        "请在“应聘管理”中查看简历并处理。",
        f"/employer/applications/{application.id}",
        sms=True,
    )


def application_status_changed(application: Application) -> None:
    """The employer moved the application (viewed is not worth a message)."""
    if application.status == "viewed":
        return
    vacancy = application.vacancy
    label = APPLICATION_STATUSES.get(application.status, "")
    body = f"岗位：{vacancy.title}（{vacancy.organisation.name}）\n当前状态：{label}"
    if application.status == "not_selected" and application.reason_note:
        body += f"\n单位说明：{application.reason_note}"
    notify_person(
        application.person,
        "application_status",
        f"您投递的“{vacancy.title}”：{label}",
        body,
        f"/seeker/applications/{application.id}",
    )


def invited_to_apply(vacancy, person: Person, message: str) -> None:  # noqa: ANN001 - Vacancy
    notify_person(
        person,
        "invitation",
        f"{vacancy.organisation.name}邀请您投递“{vacancy.title}”",
        message or "用人单位看了您的求职资料，邀请您投递这个岗位。",
        "/seeker/applications",
    )


def subsidy_decided(application: SubsidyApplication, name: str) -> None:
    approved = application.status == "approved"
    body = (
        "已核定通过，补贴按月发放。" if approved else f"不予核定。原因：{application.reason or ''}"
    )
    notify_person(
        application.person,
        "subsidy_decided",
        f"您的{name}申请{'已核定通过' if approved else '未通过'}",
        body,
        "/seeker/policies",
    )


def certification_decided(person: Person, what: str, approved: bool, reason: str = "") -> None:
    """认定 decided: ``what`` names it (e.g. 就业困难人员认定), ``reason`` is shown to the
    person (needed when refused)."""
    outcome = "已通过" if approved else "未通过"
    notify_person(
        person,
        "certification_decided",
        f"您的{what}{outcome}",
        reason or f"{what}{outcome}。",
        "/seeker/policies",
    )


def certification_due(person: Person, what: str, due_on, key: str) -> None:  # noqa: ANN001
    """认定 due for review on ``due_on`` (a date); ``key`` identifies the review so that a
    daily job reminds once."""
    notify_person(
        person,
        "certification_due",
        f"您的{what}将于 {due_on:%Y-%m-%d} 到期复核",
        "请在到期前带身份证到服务站办理复核，或在网上更新您的情况。",
        "/seeker/policies",
        dedupe_key=f"certdue:{person.id}:{key}",
    )


def gig_claimed(claim, by_staff: bool) -> None:  # noqa: ANN001 - GigClaim
    gig = claim.gig
    when = f"{gig.work_date:%Y-%m-%d} {gig.start_time:%H:%M}–{gig.end_time:%H:%M}"
    kind, title = (
        ("gig_dispatched", f"服务站为您派了零工：{gig.title}")
        if by_staff
        else ("gig_claim_confirmed", f"零工报名成功：{gig.title}")
    )
    notify_person(
        claim.person,
        kind,
        title,
        f"时间：{when}\n地点：{gig.address}\n报酬：{gig.pay_label}",
        f"/gigs/{gig.id}",
    )


def gig_paid(claim) -> None:  # noqa: ANN001 - GigClaim
    gig = claim.gig
    amount = claim.paid_amount if getattr(claim, "paid_amount", None) is not None else ""
    notify_person(
        claim.person,
        "gig_pay_recorded",
        f"零工“{gig.title}”的工资已登记",
        f"登记金额：{amount} 元。如与实际不符，请联系服务站。" if amount != "" else "",
        f"/gigs/{gig.id}",
    )
