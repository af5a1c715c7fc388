"""今日待办: what a station worker has to do today, from the station's own records.

- 欠薪 to chase: gigs past their pay date with worked claims and no payment (``unpaid_gigs``);
- work to record: places taken on a gig whose work day has passed, still 已报名 or 已到岗;
- pay due today: completed work whose pay date is today;
- gigs held for review (待审核) posted for the station;
- 1131 services still owed to the station's registered graduates;
- people on the departments' lists living on the station's streets, not yet registered.
- 就业困难人员认定 due (or overdue) for review, and 失业登记/认定 applications waiting.

Newest first (by the day each became due). Consents carry no expiry in this version, so none
are listed. ``send_due`` sends the list through the message gateway (``flask stations
send-due``, daily at 08:00 from the worker)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import url_for

from jobhub.extensions import db
from jobhub.gigs.lifecycle import unpaid_gigs
from jobhub.gigs.models import Gig, GigClaim
from jobhub.policy.dates import today_in_china
from jobhub.security.masking import mask_name


@dataclass(frozen=True)
class DueItem:
    kind: str  # unpaid | record | pay_today | review | graduate | listed
    label: str  # the kind, in Chinese
    text: str
    url: str
    since: date  # the day it became due
    outgoing: str = ""  # the text for a message leaving the platform: people's names masked

    @property
    def message_text(self) -> str:
        return self.outgoing or self.text


KIND_LABELS = {
    "unpaid": "追讨欠薪",
    "record": "登记到岗或完工",
    "pay_today": "今日应结算",
    "review": "待审核零工",
    "graduate": "毕业生实名服务",
    "listed": "部门名单待联系",
    "act_review": "认定复核",
    "act_applied": "登记认定待办理",
}


def _item(kind: str, text: str, url: str, since: date, outgoing: str = "") -> DueItem:
    return DueItem(kind, KIND_LABELS[kind], text, url, since, outgoing)


def due_today(station_id: int, today: date) -> list[DueItem]:
    from jobhub.imports.compare import unregistered_count
    from jobhub.lists.queries import graduates_page

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
    owed = graduates_page(missing_only=True, station_id=station_id, limit=None).rows
    for row in owed:
        owed = "、".join(row.missing)
        items.append(
            _item(
                "graduate",
                f"{row.person.name}：还需{owed}",
                url_for("stations.client", person_id=row.person.id),
                today,
                f"{mask_name(row.person.name)}：还需{owed}",
            )
        )
    unregistered = unregistered_count(station_id)
    if unregistered:
        items.append(
            _item(
                "listed",
                f"部门名单中本站服务街道有 {unregistered} 人尚未在平台登记，请联系",
                url_for("imports.follow_ups"),
                today,
            )
        )
    items += act_items(station_id, today)
    items.sort(key=lambda i: i.since, reverse=True)
    return items


def act_items(station_id: int, today: date) -> list[DueItem]:
    """认定 of the station due for review by today, and applications waiting for the counter."""
    from jobhub.acts.models import DifficultyCertification, UnemploymentRegistration

    items = []
    due = db.session.execute(
        db.select(DifficultyCertification)
        .where(
            DifficultyCertification.station_id == station_id,
            DifficultyCertification.status == "certified",
            DifficultyCertification.review_on <= today,
        )
        .order_by(DifficultyCertification.review_on)
    ).scalars()
    for cert in due:
        late = "（已逾期）" if cert.review_on and cert.review_on < today else ""
        items.append(
            _item(
                "act_review",
                f"{cert.person.name}：就业困难人员认定应于{cert.review_on}复核{late}",
                url_for("stations.client", person_id=cert.person_id) + "#certification",
                cert.review_on or today,
                f"{mask_name(cert.person.name)}：认定应于{cert.review_on}复核{late}",
            )
        )
    for model, what in (
        (UnemploymentRegistration, "失业登记"),
        (DifficultyCertification, "就业困难人员认定"),
    ):
        waiting = db.session.execute(
            db.select(model)
            .where(model.station_id == station_id, model.status == "applied")
            .order_by(model.id)
        ).scalars()
        for act in waiting:
            since = today_in_china(act.created_at) if act.created_at else today
            items.append(
                _item(
                    "act_applied",
                    f"{act.person.name}：{what}申请待办理",
                    url_for("stations.client", person_id=act.person_id) + "#acts",
                    since,
                    f"{mask_name(act.person.name)}：{what}申请待办理",
                )
            )
    return items


def sms_summary(station_name: str, today: date, items: list[DueItem], home_url: str) -> str:
    """The SMS: how many of each kind, and where to see them (no names in a text message)."""
    counts: dict[str, int] = {}
    for item in items:
        counts[item.label] = counts.get(item.label, 0) + 1
    parts = "，".join(f"{label} {n} 项" for label, n in counts.items())
    return f"{station_name} {today:%m月%d日} 今日待办 {len(items)} 项：{parts}。详情：{home_url}"


def email_body(station_name: str, today: date, items: list[DueItem]) -> str:
    """The e-mail: every line as on the page (people's names masked), with its address."""
    lines = [f"{station_name} {today:%Y-%m-%d} 今日待办：{len(items)} 项", ""]
    lines += [f"【{item.label}】{item.message_text}\n  {item.url}" for item in items]
    lines += ["", "本邮件由就业服务平台自动发送；处理情况以平台记录为准。"]
    return "\n".join(lines)


@dataclass(frozen=True)
class Sent:
    station: str
    items: int
    texts: int
    emails: int


def send_due(station, today: date, emails: tuple[str, ...] = ()) -> Sent:
    """Send the station's 今日待办: an SMS to each active worker of the station whose login is
    a mobile number, and the full list to ``emails``. Nothing is sent when nothing is due.
    Addresses in the messages start from ``PUBLIC_URL``."""
    from urllib.parse import urljoin

    from flask import current_app

    from jobhub import messaging
    from jobhub.auth.models import User
    from jobhub.security.idcard import InvalidIdentifier, normalise_phone

    public = current_app.config["PUBLIC_URL"].rstrip("/") + "/"
    with current_app.test_request_context(base_url=public):
        items = [
            DueItem(i.kind, i.label, i.text, urljoin(public, i.url), i.since, i.outgoing)
            for i in due_today(station.id, today)
        ]
        home = urljoin(public, url_for("stations.home"))
    if not items:
        return Sent(station.name, 0, 0, 0)
    texts = 0
    staff = db.session.scalars(
        db.select(User).where(User.station_id == station.id, User.active.is_(True))
    )
    for user in staff:
        try:
            phone = normalise_phone(user.login)
        except InvalidIdentifier:
            continue  # a login that is not a phone: e-mail only
        messaging.send_sms(phone, sms_summary(station.name, today, items, home))
        texts += 1
    subject = f"{station.name} {today:%m月%d日} 今日待办 {len(items)} 项"
    body = email_body(station.name, today, items)
    for address in emails:
        messaging.send_email(address, subject, body)
    return Sent(station.name, len(items), texts, len(emails))
