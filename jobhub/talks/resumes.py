"""Who may read a person's résumé: the employer they applied to (until they withdraw), or one
they agreed to share it with when it invited them (until they withdraw that). Services add and
flush; the view commits.

Sharing is the person's own act: online on 我的申请, or at the counter, where the station worker
records that the person agreed there (``via="counter"``, the worker as ``given_by``). Every
share and withdrawal is audited, and the employer is told in its inbox. The résumé shows what
the person gave for matching, phone and ID masked, never a sensitive status.
"""

from __future__ import annotations

from sqlalchemy import select

from jobhub.db import now_utc
from jobhub.extensions import db
from jobhub.notices.services import notify_organisation
from jobhub.security import audit
from jobhub.seekers.inputs import Conflict
from jobhub.seekers.models import Application, Invitation, Person
from jobhub.talks.models import ResumeShare

VIA = {"online": "本人网上同意", "counter": "本人在服务站当面同意"}


def live_share(person_id: int, organisation_id: int) -> ResumeShare | None:
    return db.session.scalar(
        select(ResumeShare).where(
            ResumeShare.person_id == person_id,
            ResumeShare.organisation_id == organisation_id,
            ResumeShare.withdrawn_at.is_(None),
        )
    )


def shares_of(person_id: int) -> list[ResumeShare]:
    """The person's live shares, newest first."""
    return list(
        db.session.scalars(
            select(ResumeShare)
            .where(ResumeShare.person_id == person_id, ResumeShare.withdrawn_at.is_(None))
            .order_by(ResumeShare.id.desc())
        )
    )


def shared_person_ids(organisation_id: int) -> set[int]:
    """People who agreed that this organisation may read their résumé (live shares)."""
    return set(
        db.session.scalars(
            select(ResumeShare.person_id).where(
                ResumeShare.organisation_id == organisation_id,
                ResumeShare.withdrawn_at.is_(None),
            )
        )
    )


def share_resume(invitation: Invitation, *, actor, via: str) -> ResumeShare:  # noqa: ANN001
    """The person lets the inviting employer read their résumé (kept as it is when already
    shared). ``Conflict`` when the invitation was declined."""
    assert via in VIA, via
    if invitation.status == "declined":
        raise Conflict("您已婉拒这个邀请，不能再向该单位提供简历。")
    vacancy = invitation.vacancy
    share = live_share(invitation.person_id, vacancy.organisation_id)
    if share is not None:
        return share
    share = ResumeShare(
        person_id=invitation.person_id,
        organisation_id=vacancy.organisation_id,
        invitation_id=invitation.id,
        given_via=via,
        given_by_id=getattr(actor, "id", None) if via == "counter" else None,
    )
    db.session.add(share)
    db.session.flush()
    audit.record(actor, "share_resume", "people", invitation.person_id, VIA[via])
    notify_organisation(
        vacancy.organisation_id,
        "resume_shared",
        f"受邀求职者同意您查看简历（“{vacancy.title}”）",
        "求职者回应了您的投递邀请，同意贵单位查看其简历。手机号和身份证号已脱敏。",
        f"/employer/people/{invitation.person_id}/resume",
    )
    return share


def withdraw_share(share: ResumeShare, *, actor) -> None:  # noqa: ANN001
    share.withdrawn_at = now_utc()
    db.session.flush()
    audit.record(actor, "withdraw_resume_share", "people", share.person_id, "撤回简历授权")


def readable_by(person_id: int, organisation_id: int) -> bool:
    """Whether the organisation may read the person's résumé now: a live share, or an
    application to one of its vacancies that the person has not withdrawn."""
    if live_share(person_id, organisation_id) is not None:
        return True
    from jobhub.employers.models import Vacancy

    return (
        db.session.scalar(
            select(Application.id)
            .join(Vacancy, Vacancy.id == Application.vacancy_id)
            .where(
                Application.person_id == person_id,
                Vacancy.organisation_id == organisation_id,
                Application.status != "withdrawn",
            )
            .limit(1)
        )
        is not None
    )


def resume_person(person_id: int, organisation_id: int) -> Person | None:
    """The person whose résumé the organisation may read, else ``None`` (the view's 404)."""
    if not readable_by(person_id, organisation_id):
        return None
    return db.session.get(Person, person_id)
