"""今日待办: what a station worker has to do today, from the station's own records.

- 欠薪 to chase: gigs past their pay date with worked claims and no payment (``unpaid_gigs``);
- work to record: places taken on a gig whose work day has passed, still 已报名 or 已到岗;
- pay due today: completed work whose pay date is today;
- gigs held for review (待审核) posted for the station;
- 1131 services still owed to the station's registered graduates.

Newest first (by the day each became due). Consents carry no expiry in this version, so none
are listed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import url_for

from jobhub.extensions import db
from jobhub.gigs.lifecycle import unpaid_gigs
from jobhub.gigs.models import Gig, GigClaim
from jobhub.policy.dates import today_in_china


@dataclass(frozen=True)
class DueItem:
    kind: str  # unpaid | record | pay_today | review | graduate
    label: str  # the kind, in Chinese
    text: str
    url: str
    since: date  # the day it became due


KIND_LABELS = {
    "unpaid": "追讨欠薪",
    "record": "登记到岗或完工",
    "pay_today": "今日应结算",
    "review": "待审核零工",
    "graduate": "毕业生实名服务",
}


def _item(kind: str, text: str, url: str, since: date) -> DueItem:
    return DueItem(kind, KIND_LABELS[kind], text, url, since)


def due_today(station_id: int, today: date) -> list[DueItem]:
    from jobhub.admin.queries import graduates

    items: list[DueItem] = []
    for u in unpaid_gigs(station_id, today):
        items.append(
            _item(
                "unpaid",
                f"{u.gig.title}（{u.employer_name}）：{u.workers} 人共 {u.amount:g} 元，"
                f"已逾期 {u.days_overdue} 天",
                url_for("stations.gig", gig_id=u.gig.id),
                u.gig.pay_due,
            )
        )
    open_claims = db.session.execute(
        db.select(Gig, db.func.count(GigClaim.id))
        .join(GigClaim, GigClaim.gig_id == Gig.id)
        .where(
            Gig.station_id == station_id,
            Gig.work_date < today,
            GigClaim.status.in_(("claimed", "checked_in")),
        )
        .group_by(Gig.id)
        .order_by(Gig.id)
    ).all()
    for gig, n in open_claims:
        items.append(
            _item(
                "record",
                f"{gig.title}（{gig.work_date:%m月%d日}）：{n} 人未登记完工或未到岗",
                url_for("stations.gig", gig_id=gig.id),
                gig.work_date,
            )
        )
    paying = db.session.execute(
        db.select(Gig, db.func.count(GigClaim.id))
        .join(GigClaim, GigClaim.gig_id == Gig.id)
        .where(
            Gig.station_id == station_id,
            GigClaim.status == "completed",
            GigClaim.paid_at.is_(None),
        )
        .group_by(Gig.id)
        .order_by(Gig.id)
    ).all()
    for gig, n in paying:
        if gig.pay_due == today:
            items.append(
                _item(
                    "pay_today",
                    f"{gig.title}（{gig.employer_name}）：{n} 人今天应拿到报酬",
                    url_for("stations.gig", gig_id=gig.id),
                    today,
                )
            )
    held = db.session.execute(
        db.select(Gig)
        .where(Gig.station_id == station_id, Gig.status == "pending_review")
        .order_by(Gig.id)
    ).scalars()
    for gig in held:
        items.append(
            _item(
                "review",
                f"{gig.title}（{gig.employer_name}）等待审核",
                url_for("stations.gig", gig_id=gig.id),
                today_in_china(gig.created_at) if gig.created_at else today,
            )
        )
    for row in graduates(today, missing_only=True, station_id=station_id):
        items.append(
            _item(
                "graduate",
                f"{row.person.name}：还需{'、'.join(row.missing)}",
                url_for("stations.client", person_id=row.person.id),
                today,
            )
        )
    items.sort(key=lambda i: i.since, reverse=True)
    return items
