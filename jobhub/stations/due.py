"""今日待办: what a station worker has to do today, from the station's own records.

- 欠薪 to chase: gigs past their pay date with worked claims and no payment (``unpaid_gigs``);
- work to record: places taken on a gig whose work day has passed, still 已报名 or 已到岗;
- pay due today: completed work whose pay date is today;
- gigs held for review (待审核) posted for the station;
- 1131 services still owed to the station's registered graduates;
- people on the departments' lists living on the station's streets, not yet registered.
- 就业困难人员认定 due (or overdue) for review, and 失业登记/认定 applications waiting.

Grouped by kind, the most urgent kind first (欠薪 before today's pay, before work to record …),
and in a kind the longest due first. The home page shows the first ``SHOWN`` of each kind with
the kind's total and a 查看全部 link (``/station/due?kind=…``); the graduates, a few hundred at
a station, are counted and read from the stored evaluations (``policy_snapshot_tags`` by
station, in person order), never evaluated per request, and their full list is paginated by
person id. Consents carry no expiry in this version, so none are listed. ``send_due`` sends the
totals and the first items through the message gateway (``flask stations send-due``, daily at
08:00 from the worker)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
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


# the order of the kinds on the page and in the messages: the most urgent first
KIND_ORDER = (
    "unpaid",
    "pay_today",
    "record",
    "act_review",
    "act_applied",
    "review",
    "graduate",
    "listed",
)
# items of each kind the home page and the e-mail show (the rest behind 查看全部)
SHOWN = 5


@dataclass(frozen=True)
class DueGroup:
    """One kind of due item: how many there are, and the first of them, most urgent first."""

    kind: str
    label: str
    total: int
    items: list[DueItem]

    @property
    def more(self) -> bool:
        return self.total > len(self.items)


@dataclass(frozen=True)
class Due:
    """今日待办 of a station: its kinds, most urgent first (kinds with nothing due left out).
    Iterating gives the items shown; ``total`` counts every item due."""

    groups: list[DueGroup]

    @property
    def total(self) -> int:
        return sum(g.total for g in self.groups)

    def __iter__(self) -> Iterator[DueItem]:
        return (item for group in self.groups for item in group.items)

    def __bool__(self) -> bool:
        return bool(self.groups)


def _item(kind: str, text: str, url: str, since: date, outgoing: str = "") -> DueItem:
    return DueItem(kind, KIND_LABELS[kind], text, url, since, outgoing)


def due_today(station_id: int, today: date, shown: int = SHOWN) -> Due:
    """The station's 今日待办 on ``today``: every kind counted, the first ``shown`` of each."""
    groups = []
    for kind in KIND_ORDER:
        if kind == "graduate":
            page = graduate_page(station_id, today, limit=shown)
            items, total = page.rows, page.total or 0
        else:
            everything = kind_items(station_id, today, kind)
            items, total = everything[:shown], len(everything)
        if total:
            groups.append(DueGroup(kind, KIND_LABELS[kind], total, items))
    return Due(groups)


def graduate_page(  # noqa: ANN201 - a jobhub.lists.queries.Page of DueItem
    station_id: int,
    today: date,
    *,
    after: int | None = None,
    limit: int = SHOWN,
    count: bool = True,
    count_up_to: int | None = None,
):
    """1131 services the station owes its registered graduates, in person order after person
    id ``after``, read from the stored evaluations (one range of the tag index by station),
    with how many are owed (``count``, up to ``count_up_to`` + 1) and the next page's key."""
    from jobhub.lists.queries import Page, graduates_page

    page = graduates_page(
        missing_only=True,
        station_id=station_id,
        after=after,
        limit=limit,
        count=count,
        count_up_to=count_up_to,
    )
    return Page([_graduate_item(row, today) for row in page.rows], page.after, page.total)


def _graduate_item(row, today: date) -> DueItem:  # noqa: ANN001 - a GraduateRow
    owed = "、".join(row.missing)
    return _item(
        "graduate",
        f"{row.person.name}：还需{owed}",
        url_for("stations.client", person_id=row.person.id),
        today,
        f"{mask_name(row.person.name)}：还需{owed}",
    )


def kind_items(station_id: int, today: date, kind: str) -> list[DueItem]:
    """Every item of one kind other than the graduates (each bounded by the station's own
    gigs, 认定 and list entries), the longest due first."""
    if kind == "unpaid":
        return _unpaid_items(station_id, today)  # most overdue first
    readers = {"record": _records, "pay_today": _pay_today, "review": _held, "listed": _listed}
    if kind in readers:
        items = readers[kind](station_id, today)
    else:
        items = [i for i in act_items(station_id, today) if i.kind == kind]
    return sorted(items, key=lambda i: i.since)


def _listed(station_id: int, today: date) -> list[DueItem]:
    from jobhub.imports.compare import unregistered_count

    unregistered = unregistered_count(station_id)
    if not unregistered:
        return []
    return [
        _item(
            "listed",
            f"部门名单中本站服务街道有 {unregistered} 人尚未在平台登记，请联系",
            url_for("imports.follow_ups"),
            today,
        )
    ]


def _unpaid_items(station_id: int, today: date) -> list[DueItem]:
    """欠薪 to chase, most overdue first."""
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
    return items


def _records(station_id: int, today: date) -> list[DueItem]:
    items: list[DueItem] = []
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
    return items


def _pay_today(station_id: int, today: date) -> list[DueItem]:
    items: list[DueItem] = []
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
    return items


def _held(station_id: int, today: date) -> list[DueItem]:
    items: list[DueItem] = []
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


def sms_summary(station_name: str, today: date, due: Due, home_url: str) -> str:
    """The SMS: how many of each kind, and where to see them (no names in a text message)."""
    parts = "，".join(f"{g.label} {g.total} 项" for g in due.groups)
    return f"{station_name} {today:%m月%d日} 今日待办 {due.total} 项：{parts}。详情：{home_url}"


def email_body(station_name: str, today: date, due: Due, all_urls: dict[str, str]) -> str:
    """The e-mail: each kind with its total and its first lines as on the page (people's
    names masked), each with its address, and where to see the whole kind."""
    lines = [f"{station_name} {today:%Y-%m-%d} 今日待办：{due.total} 项"]
    for group in due.groups:
        lines += ["", f"【{group.label}】共 {group.total} 项"]
        lines += [f"{item.message_text}\n  {item.url}" for item in group.items]
        if group.more:
            lines.append(f"其余 {group.total - len(group.items)} 项见：{all_urls[group.kind]}")
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
        a mobile number (the total of each kind), and to ``emails`` each kind's total with its first
    items and where to see the rest. Nothing is sent when nothing is due.
        Addresses in the messages start from ``PUBLIC_URL``."""
    from urllib.parse import urljoin

    from flask import current_app

    from jobhub import messaging
    from jobhub.auth.models import User
    from jobhub.security.idcard import InvalidIdentifier, normalise_phone

    public = current_app.config["PUBLIC_URL"].rstrip("/") + "/"
    with current_app.test_request_context(base_url=public):
        due = Due(
            [
                replace(g, items=[replace(i, url=urljoin(public, i.url)) for i in g.items])
                for g in due_today(station.id, today).groups
            ]
        )
        home = urljoin(public, url_for("stations.home"))
        all_urls = {k: urljoin(public, url_for("stations.due_kind", kind=k)) for k in KIND_ORDER}
    if not due:
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
        messaging.send_sms(phone, sms_summary(station.name, today, due, home))
        texts += 1
    subject = f"{station.name} {today:%m月%d日} 今日待办 {due.total} 项"
    body = email_body(station.name, today, due, all_urls)
    for address in emails:
        messaging.send_email(address, subject, body)
    return Sent(station.name, due.total, texts, len(emails))
