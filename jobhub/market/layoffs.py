"""规模性裁员报告: an employer reports a planned large layoff; every report is audited."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from jobhub.employers.models import Organisation
from jobhub.extensions import db
from jobhub.market.models import LayoffReport
from jobhub.policy.dates import today_in_china
from jobhub.security import audit
from jobhub.seekers import inputs

MAX_HEADCOUNT = 1_000_000


def report_layoff(data: Any, *, actor) -> LayoffReport:
    """Record the actor's organisation's report (flushed, audited); ``InputError`` naming
    each bad field, and nothing recorded, on bad input."""
    errors = inputs.Errors()
    today = today_in_china()
    headcount = inputs.integer(
        data.get("headcount"),
        "headcount",
        "拟裁减人数",
        errors,
        low=1,
        high=MAX_HEADCOUNT,
        required=True,
    )
    planned_on = inputs.day(
        data.get("planned_on"),
        "planned_on",
        "计划裁减日期",
        errors,
        required=True,
        not_before=today - timedelta(days=366),
        not_after=today + timedelta(days=3 * 366),
    )
    reason = inputs.text(
        data.get("reason"), "reason", "裁减原因", errors, required=True, max_len=1000
    )
    errors.raise_if_any()
    organisation = db.session.get(Organisation, actor.organisation_id)
    report = LayoffReport(
        organisation_id=organisation.id,
        reported_by_id=actor.id,
        headcount=headcount,
        planned_on=planned_on,
        reason=reason,
        street_code=organisation.street_code,
    )
    db.session.add(report)
    db.session.flush()
    audit.record(actor, "report_layoff", "layoff_reports", report.id, "规模性裁员报告")
    return report


def reports_of(organisation_id: int) -> list[LayoffReport]:
    return list(
        db.session.scalars(
            select(LayoffReport)
            .where(LayoffReport.organisation_id == organisation_id)
            .order_by(LayoffReport.planned_on.desc(), LayoffReport.id.desc())
        )
    )


def recent_reports(limit: int = 50) -> list[LayoffReport]:
    """The latest reports for the bureau's warnings page, newest planned date first."""
    return list(
        db.session.scalars(
            select(LayoffReport)
            .options(joinedload(LayoffReport.organisation))  # the page names each one's unit
            .order_by(LayoffReport.planned_on.desc(), LayoffReport.id.desc())
            .limit(limit)
        )
    )
