"""The daily job alerts and the nightly 政策推送, each safe to run twice (or twice at once).

Job alerts: for each person with an alert, the published vacancies that pass the matching
floor for them (the engine's ranking), narrowed by their saved searches, less every vacancy
sent to them before; at most one digest a day (the notice's dedupe key is the person and the
day, and each vacancy sent is recorded under a unique (person, vacancy)).

政策推送: the 政策找人 list (person-side support the engine finds and the person has not
applied for) and the key-group services of the region profile (1131 实名服务, 就业援助 …,
``jobhub.policy.group_services``); each (person, subsidy or service) not told before is told
once, with the engine's reasons and how to apply or where to go, and put on the follow-up list
of the station that serves the person.

Each person is one transaction: an interrupted run keeps what it finished, and the next run
finishes the rest without repeating it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from jobhub.alerts.models import AlertSent, JobAlert, PolicyPush
from jobhub.db import now_utc
from jobhub.extensions import db
from jobhub.notices.services import notify_person
from jobhub.policy.dates import today_in_china
from jobhub.seekers.models import Person, SubsidyApplication

DIGEST_MAX = 10
ALERTS_PER_PERSON = 5


@dataclass(frozen=True)
class RunResult:
    people: int  # people who got something
    items: int  # vacancies (alerts) or subsidies (pushes) told


# -- job alerts -----------------------------------------------------------------------------------


def _wanted(alert: JobAlert, vacancy) -> bool:  # noqa: ANN001 - Vacancy
    from jobhub.matchsvc import monthly

    if alert.fits_me:
        return True
    if alert.street_code and vacancy.street_code != alert.street_code:
        return False
    if alert.kind and vacancy.kind != alert.kind:
        return False
    if alert.min_pay is not None:
        top = monthly(vacancy.salary_max, vacancy.salary_unit)
        if top is not None and top < float(alert.min_pay):
            return False
    return True


def _keyword_ids(alert: JobAlert) -> set[int] | None:
    """Vacancy ids sharing a word with the saved keyword (None: no keyword, anything goes)."""
    if alert.fits_me or not alert.q:
        return None
    from jobhub import matchsvc

    return {
        int(key[1:])
        for key, _ in matchsvc.text_hits(alert.q, limit=5_000)
        if isinstance(key, str) and key.startswith("v")
    }


def digest_for(person: Person, alerts: list[JobAlert], day: date) -> list:
    """The vacancies one person's digest would hold today (not yet sent, best fit first)."""
    from jobhub import matchsvc

    ranked = matchsvc.rank_vacancies_for_person(person, limit=200)
    sent = set(
        db.session.scalars(select(AlertSent.vacancy_id).where(AlertSent.person_id == person.id))
    )
    keywords = [_keyword_ids(a) for a in alerts]
    out = []
    for item in ranked:
        vacancy = item.vacancy
        if vacancy.id in sent or not item.result.eligible:
            continue
        if any(
            _wanted(a, vacancy) and (ids is None or vacancy.id in ids)
            for a, ids in zip(alerts, keywords, strict=True)
        ):
            out.append(vacancy)
        if len(out) == DIGEST_MAX:
            break
    return out


def send_job_alerts(day_iso: str | None = None) -> RunResult:
    """The daily job (``jobhub.jobs``): one digest per person per day at most."""
    from jobhub import matchsvc

    day = date.fromisoformat(day_iso) if day_iso else today_in_china()
    by_person: dict[int, list[JobAlert]] = defaultdict(list)
    for alert in db.session.scalars(select(JobAlert).order_by(JobAlert.id)):
        by_person[alert.person_id].append(alert)
    people = items = 0
    for person_id, alerts in by_person.items():
        person = db.session.get(Person, person_id)
        try:
            vacancies = digest_for(person, alerts, day)
        except matchsvc.MatchIndexMissing:
            return RunResult(people, items)
        if not vacancies:
            continue
        lines = [f"· {v.title}（{v.organisation.name}）/vacancies/{v.id}" for v in vacancies]
        notice = notify_person(
            person,
            "job_alert",
            f"有 {len(vacancies)} 个新岗位适合您",
            "\n".join(lines),
            "/seeker/matches",
            dedupe_key=f"alert:{person.id}:{day.isoformat()}",
        )
        if notice is None:  # today's digest went out already
            db.session.rollback()
            continue
        try:
            for v in vacancies:
                with db.session.begin_nested():
                    db.session.add(AlertSent(person_id=person.id, vacancy_id=v.id, sent_on=day))
        except IntegrityError:  # another run sent one of them meanwhile
            db.session.rollback()
            continue
        db.session.commit()
        people += 1
        items += len(vacancies)
    return RunResult(people, items)


# -- 政策推送 ----------------------------------------------------------------------------------------


def _push_items(row) -> list[tuple[str, str, str]]:  # noqa: ANN001 - OutreachRow
    """(code, title, body) of each subsidy and key-group service on an outreach row."""
    from jobhub.seekers.subsidies import HOW_TO_APPLY, subsidy_name

    items = []
    for s in row.subsidies:
        reasons = "；".join(s.reasons) if s.reasons else "符合申请条件"
        how = HOW_TO_APPLY.get(s.code, "请咨询所在街道就业服务站。")
        items.append(
            (s.code, f"您可以申请{subsidy_name(s.code)}", f"为什么：{reasons}\n怎么申请：{how}")
        )
    for offer in row.services:
        # the title (all a text carries) names no group: some rest on a sensitive status
        reasons = "；".join(offer.reasons) if offer.reasons else f"属于{offer.group_name}"
        body = (
            f"服务：{offer.name}\n为什么：{reasons}\n怎么办理：{offer.how}"
            f"\n依据：{'；'.join(offer.basis)}"
        )
        items.append((offer.code, "您有一项可以享受的就业服务", body))
    return items


def send_policy_pushes(day_iso: str | None = None) -> RunResult:
    """The nightly job (``jobhub.jobs``): tell each person of support newly found for them,
    subsidies and key-group services alike. The stored evaluations name the people to look at
    (``jobhub.lists``); only they are evaluated again, for the reasons the message gives."""
    from jobhub.admin.queries import policy_outreach
    from jobhub.lists.queries import push_candidates

    day = date.fromisoformat(day_iso) if day_iso else today_in_china()
    told = defaultdict(set)
    for person_id, code in db.session.execute(select(PolicyPush.person_id, PolicyPush.code)):
        told[person_id].add(code)
    people = items = 0
    rows = (
        row
        for among in push_candidates()
        for row in policy_outreach(day, services=True, among=among)
    )
    for row in rows:
        person = row.person
        new = [item for item in _push_items(row) if item[0] not in told[person.id]]
        if not new or (person.user_id is None and person.registered_station_id is None):
            continue
        for code, title, body in new:
            notice = notify_person(
                person,
                "policy_push",
                title,
                body,
                "/seeker/policies",
                dedupe_key=f"policy:{person.id}:{code}",
            )
            if notice is None:
                continue
            db.session.add(
                PolicyPush(person_id=person.id, code=code, station_id=person.registered_station_id)
            )
            items += 1
        try:
            db.session.commit()
        except IntegrityError:  # another run told them meanwhile
            db.session.rollback()
            continue
        people += 1
    return RunResult(people, items)


def follow_ups(station_id: int) -> list[tuple[PolicyPush, Person]]:
    """The station's 政策推送 follow-up list: people told and not yet followed up."""
    rows = db.session.execute(
        select(PolicyPush, Person)
        .join(Person, Person.id == PolicyPush.person_id)
        .where(PolicyPush.station_id == station_id, PolicyPush.followed_up_at.is_(None))
        .order_by(PolicyPush.told_at.desc())
    )
    return [(push, person) for push, person in rows]


def mark_followed_up(push: PolicyPush) -> None:
    push.followed_up_at = now_utc()
    db.session.flush()


def push_name(code: str) -> str:
    """A pushed code's name: a subsidy's, or a key-group service's from the region profile."""
    from jobhub.policy.group_services import catalogue
    from jobhub.regions.services import region_profile
    from jobhub.seekers.subsidies import subsidy_name

    for service in catalogue(region_profile(), today_in_china()):
        if service["code"] == code:
            return service["name"]
    return subsidy_name(code)


def funnel() -> list[tuple[str, int, int]]:
    """For the bureau: per subsidy and key-group service, how many were told and how many of
    them took it up since (applied for the subsidy; were given one of the service's recorded
    services at a station)."""
    from jobhub.policy.group_services import catalogue
    from jobhub.regions.services import region_profile
    from jobhub.stations.models import ServiceRecord

    told = dict(
        db.session.execute(select(PolicyPush.code, func.count()).group_by(PolicyPush.code)).all()
    )
    applied = dict(
        db.session.execute(
            select(PolicyPush.code, func.count(func.distinct(PolicyPush.person_id)))
            .join(
                SubsidyApplication,
                (SubsidyApplication.person_id == PolicyPush.person_id)
                & (SubsidyApplication.code == PolicyPush.code)
                & (SubsidyApplication.created_at >= PolicyPush.told_at),
            )
            .group_by(PolicyPush.code)
        ).all()
    )
    for service in catalogue(region_profile(), today_in_china()):
        if service["code"] not in told:
            continue
        applied[service["code"]] = db.session.scalar(
            select(func.count(func.distinct(PolicyPush.person_id)))
            .join(
                ServiceRecord,
                (ServiceRecord.person_id == PolicyPush.person_id)
                & ServiceRecord.kind.in_(service["served_by"])
                & (ServiceRecord.at >= PolicyPush.told_at),
            )
            .where(PolicyPush.code == service["code"])
        )
    return [(push_name(code), n, applied.get(code, 0)) for code, n in sorted(told.items())]
