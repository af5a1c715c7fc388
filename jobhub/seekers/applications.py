"""Applications on both sides: apply, withdraw, the employer's pipeline, and the log of every
transition (les-emplois style: refusals carry a structured reason, never free text alone)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from jobhub.db import MAX_ROW_ID, now_utc
from jobhub.employers.models import Vacancy
from jobhub.extensions import db
from jobhub.notices import events as notices
from jobhub.policy.dates import today_in_china
from jobhub.seekers import inputs
from jobhub.seekers.inputs import Conflict, Errors, InputError
from jobhub.seekers.models import (
    APPLICATION_STATUSES,
    OPEN_STATUSES,
    Application,
    ApplicationEvent,
    Invitation,
    Person,
)

# The fixed list an employer picks from when not selecting someone. None of them may refer to
# a protected characteristic (就业促进法 §3, §27-§31): the list is closed on purpose.
REJECTION_REASONS: dict[str, str] = {
    "position_filled": "岗位已招满",
    "skills_mismatch": "技能或工作经验与岗位要求不符",
    "certificate_missing": "缺少岗位必需的职业资格或作业证书",
    "schedule_mismatch": "可工作时间与岗位排班不符",
    "distance_too_far": "通勤距离过远，双方商定不再推进",
    "pay_mismatch": "薪资期望与岗位待遇不一致",
    "candidate_unreachable": "多次联系未能取得联系",
    "interview_no_show": "未参加约定的面试",
    "offer_declined": "求职者放弃录用",
    "vacancy_cancelled": "岗位取消招聘",
    "other": "其他原因（须填写说明）",
}

# Employer moves: from -> allowed targets. Hiring and refusing are possible at every open step.
EMPLOYER_MOVES: dict[str, tuple[str, ...]] = {
    "applied": ("viewed", "interview", "offer", "hired", "not_selected"),
    "viewed": ("interview", "offer", "hired", "not_selected"),
    "interview": ("offer", "hired", "not_selected"),
    "offer": ("hired", "not_selected"),
}
BULK_TARGETS = ("viewed", "interview", "not_selected")
MESSAGE_MAX = 500


def _log(application: Application, actor, old: str | None, new: str, code=None, note=None):
    db.session.add(
        ApplicationEvent(
            application=application,
            actor_user_id=getattr(actor, "id", None),
            actor_role=getattr(actor, "role", "system") or "system",
            from_status=old,
            to_status=new,
            reason_code=code,
            note=note,
        )
    )


def live_application(vacancy_id: int, person_id: int) -> Application | None:
    return db.session.execute(
        db.select(Application).where(
            Application.vacancy_id == vacancy_id,
            Application.person_id == person_id,
            Application.status != "withdrawn",
        )
    ).scalar_one_or_none()


def apply(person: Person, vacancy_id: Any, message: Any, *, actor) -> Application:
    """One-click application with an optional short message."""
    errors = Errors()
    vid = inputs.integer(
        vacancy_id, "vacancy_id", "岗位编号", errors, low=1, high=MAX_ROW_ID, required=True
    )
    text = inputs.text(message, "message", "附言", errors, max_len=MESSAGE_MAX)
    errors.raise_if_any()
    if not person.id_number:
        raise Conflict("请先完成实名登记再投递简历。")
    vacancy = db.session.get(Vacancy, vid)
    if vacancy is None or vacancy.status != "published":
        raise InputError({"vacancy_id": "该岗位不存在或已停止招聘"})
    if vacancy.valid_until is not None and vacancy.valid_until < today_in_china():
        raise InputError({"vacancy_id": "该岗位已过有效期"})
    if live_application(vacancy.id, person.id) is not None:
        raise Conflict("您已投递过该岗位，可在“我的申请”中查看进度。")
    from jobhub.matchsvc import ineligibility  # the ranking's own rule (heavy import)

    reason = ineligibility(person, vacancy.kind)
    if reason:
        raise InputError({"kind": f"{reason}，您目前不能投递这个岗位"})
    application = Application(vacancy_id=vacancy.id, person_id=person.id, message=text)
    db.session.add(application)
    _log(application, actor, None, "applied")
    invitation = db.session.execute(
        db.select(Invitation).where(
            Invitation.vacancy_id == vacancy.id, Invitation.person_id == person.id
        )
    ).scalar_one_or_none()
    if invitation is not None:
        invitation.status = "applied"
    db.session.flush()
    notices.application_received(application)
    return application


def withdraw(application: Application, *, actor) -> None:
    if application.status not in OPEN_STATUSES:
        raise Conflict(f"申请当前为“{application.status_label}”，不能撤回。")
    old = application.status
    application.status = "withdrawn"
    _log(application, actor, old, "withdrawn", note="求职者撤回")
    db.session.flush()


def mark_viewed(application: Application, *, actor) -> None:
    """The employer opened the application: applied → viewed, logged once."""
    if application.status == "applied":
        application.status = "viewed"
        _log(application, actor, "applied", "viewed")
        db.session.flush()


def parse_move(data: Mapping[str, Any], vacancy_kind: str = "regular") -> dict[str, Any]:
    """Validate a transition request: target, reason (structured), note, hire facts.

    A hire into a 就业见习 post records a traineeship (见习期限 3–12 months), not a labour
    contract: a trainee is not employed (见习期间不视为就业, rules-reference §4)."""
    errors = Errors()
    targets = {
        k: APPLICATION_STATUSES[k]
        for k in ("viewed", "interview", "offer", "hired", "not_selected")
    }
    to = inputs.choice(data.get("to"), "to", "处理结果", errors, targets, required=True)
    out: dict[str, Any] = {"to": to}
    out["note"] = inputs.text(data.get("note"), "note", "说明", errors, max_len=500) or None
    if to == "not_selected":
        code = inputs.choice(
            data.get("reason_code"),
            "reason_code",
            "未录用原因",
            errors,
            REJECTION_REASONS,
            required=True,
        )
        if code == "other" and not out["note"]:
            errors.add("note", "选择“其他原因”时请填写说明")
        out["reason_code"] = code
    if to == "hired":
        today = today_in_china()
        out["hired_on"] = inputs.day(
            data.get("hired_on"),
            "hired_on",
            "入职日期",
            errors,
            required=True,
            not_before=today - timedelta(days=366),
            not_after=today + timedelta(days=90),
        )
        if vacancy_kind == "traineeship":
            out["traineeship_months"] = inputs.integer(
                data.get("traineeship_months"),
                "traineeship_months",
                "见习期限（月）",
                errors,
                low=3,
                high=12,
                required=True,
            )
            errors.raise_if_any()
            return out
        out["contract_months"] = inputs.integer(
            data.get("contract_months"),
            "contract_months",
            "劳动合同期限（月）",
            errors,
            low=0,
            high=600,
            required=True,
        )
        out["unit_monthly_contribution"] = inputs.money(
            data.get("unit_monthly_contribution"),
            "unit_monthly_contribution",
            "单位每月缴纳社保费（单位部分）",
            errors,
            high=100_000,
        )
    errors.raise_if_any()
    return out


def move(application: Application, move_data: Mapping[str, Any], *, actor) -> Application:
    """Apply a parsed employer transition (see :func:`parse_move`)."""
    to = move_data["to"]
    allowed = EMPLOYER_MOVES.get(application.status, ())
    if to not in allowed:
        raise Conflict(
            f"申请当前为“{application.status_label}”，不能改为“{APPLICATION_STATUSES[to]}”。"
        )
    old = application.status
    application.status = to
    if to == "not_selected":
        application.reason_code = move_data["reason_code"]
        application.reason_note = move_data.get("note")
    if to == "hired":
        person = application.person
        hired_on: date = move_data["hired_on"]
        application.hired_on = hired_on
        before = {
            "status_before": person.employment_status,
            "since_before": (
                person.employment_since.isoformat() if person.employment_since else None
            ),
        }
        if "traineeship_months" in move_data:
            # 就业见习: a traineeship, not employment (见习期间不视为就业); the person's
            # employment status stays as it was.
            application.hire_facts = {
                "kind": "traineeship",
                "traineeship_months": move_data["traineeship_months"],
                **before,
            }
        else:
            contribution = move_data.get("unit_monthly_contribution")
            application.hire_facts = {
                "contract_months": move_data["contract_months"],
                "unit_monthly_contribution": (
                    float(contribution) if contribution is not None else None
                ),
                **before,
            }
            # 就业登记: the person is now employed from the hire date, and their 失业登记
            # ends that day (hired through the platform).
            person.employment_status = "employed"
            person.employment_since = hired_on
            from jobhub.acts.services import end_on_hire

            end_on_hire(person, hired_on, actor=actor)
    _log(application, actor, old, to, move_data.get("reason_code"), move_data.get("note"))
    db.session.flush()
    notices.application_status_changed(application)
    return application


def bulk_move(
    applications: Iterable[Application], move_data: Mapping[str, Any], *, actor
) -> tuple[int, list[str]]:
    """Apply one transition to many applications; returns (moved, messages for the others)."""
    if move_data["to"] not in BULK_TARGETS:
        raise InputError({"to": "批量处理只能标记为已查看、邀请面试或未录用"})
    moved, skipped = 0, []
    for application in applications:
        try:
            move(application, move_data, actor=actor)
            moved += 1
        except Conflict as exc:
            skipped.append(f"申请 #{application.id}：{exc.message}")
    return moved, skipped


def events_json(application: Application) -> list[dict[str, Any]]:
    return [
        {
            "at": e.at.isoformat(),
            "from": e.from_status,
            "to": e.to_status,
            "to_label": e.to_label,
            "by_role": e.actor_role,
            "reason_code": e.reason_code,
            "reason": REJECTION_REASONS.get(e.reason_code or ""),
            "note": e.note,
        }
        for e in application.events
    ]


def invite(vacancy: Vacancy, person: Person, message: Any, *, actor) -> Invitation:
    """Invite a candidate to apply (the seeker sees it on their applications page)."""
    errors = Errors()
    text = inputs.text(message, "message", "邀请附言", errors, max_len=MESSAGE_MAX)
    errors.raise_if_any()
    if vacancy.status != "published":
        raise Conflict("岗位发布后才能邀请求职者。")
    existing = db.session.execute(
        db.select(Invitation).where(
            Invitation.vacancy_id == vacancy.id, Invitation.person_id == person.id
        )
    ).scalar_one_or_none()
    if existing is not None:
        raise Conflict("已经邀请过这位求职者。")
    invitation = Invitation(
        vacancy_id=vacancy.id,
        person_id=person.id,
        invited_by_id=getattr(actor, "id", None),
        message=text,
        status="applied" if live_application(vacancy.id, person.id) else "sent",
    )
    db.session.add(invitation)
    db.session.flush()
    notices.invited_to_apply(vacancy, person, text)
    return invitation


def decline_invitation(invitation: Invitation) -> None:
    if invitation.status != "sent":
        raise Conflict("该邀请已处理。")
    invitation.status = "declined"
    invitation.at = invitation.at or now_utc()
    db.session.flush()
