"""Gigs: posting with review, and claims without over-booking (what happens after a claim is in
``jobhub.gigs.lifecycle``).

Claims are the one place where concurrency matters. ``claim_gig`` runs, in the caller's
transaction, in this order (every claim takes its locks in the same order, so two claims never
wait on each other in a cycle):

1. a per-person lock: ``UPDATE people SET updated_at = updated_at WHERE id = :person`` — on
   PostgreSQL a row lock held to commit, so two claims by one person run one after the other and
   the second sees the first's claim; on SQLite the first write of a transaction takes the
   database's single write lock, which serialises every claim (pysqlite emits BEGIN just before
   the first write, so no stale read snapshot is held when it waits);
2. the overlap check: no other active claim of this person on a gig the same day whose hours
   intersect;
3. ``UPDATE gigs SET taken = taken + 1, status = CASE WHEN taken + 1 >= capacity THEN 'full'
   ELSE status END WHERE id = :gig AND taken < capacity AND status = 'open'`` (the states come
   from ``jobhub.gigs.states``) with a row-count check: 0 rows means full (or not open). SQLite
   ignores ``SELECT … FOR UPDATE`` (security-baseline.md), a conditional update does not need it;
4. the claim insert; the partial unique index ``(gig_id, person_id) WHERE active`` refuses a
   second place in the same gig even if everything above were bypassed.

Services flush, never commit; the view (or the test thread) commits once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from flask import current_app
from sqlalchemy import and_, case, func, update
from sqlalchemy.exc import IntegrityError

from jobhub.auth.models import User
from jobhub.db import now_utc
from jobhub.extensions import db
from jobhub.gigs import states
from jobhub.gigs.models import Gig, GigClaim
from jobhub.notices import events as notices
from jobhub.policy import bounds
from jobhub.policy.dates import today_in_china
from jobhub.postings import Posting, Review
from jobhub.regions.services import minimum_wage_region
from jobhub.security import audit
from jobhub.seekers.queries import lock_person

FULL_MESSAGE = "已满"


class GigError(Exception):
    """A rule refused the action. ``code`` is stable for the API; ``message`` is shown."""

    status = 422

    def __init__(self, message: str, code: str = "gig_error", field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field


class GigFull(GigError):
    """No place left: the only answer a claimant gets when the gig filled up first."""

    status = 409

    def __init__(self) -> None:
        super().__init__(FULL_MESSAGE, "gig_full")


class ClaimConflict(GigError):
    """The action does not fit the gig's or the claim's state (or the clock)."""

    status = 409


def refuse_unless(check):  # noqa: ANN001, ANN201 - a call into jobhub.gigs.states
    """Run a state-table check; its refusal becomes a ``ClaimConflict`` (409) with its reason
    (the full gig keeps its own ``GigFull``, "已满")."""
    try:
        return check()
    except states.Refused as refused:
        if refused.code == "gig_full":
            raise GigFull() from refused
        raise ClaimConflict(refused.message, refused.code) from refused


# --- posting ----------------------------------------------------------------------------


@dataclass(frozen=True)
class GigInput:
    title: str
    trade: str
    description: str
    skills: tuple[str, ...]
    work_date: date
    start_time: time
    end_time: time
    address: str
    street_code: str | None
    lat: float
    lng: float
    pay_amount: float
    pay_unit: str
    capacity: int
    settlement: str
    settle_by: date | None
    employer_name: str
    organisation_id: int | None = None
    station_id: int | None = None


def validate_gig(data: GigInput, today: date | None = None) -> dict[str, str]:
    """Field errors in Chinese (empty when the gig can be reviewed)."""
    today = today or today_in_china()
    errors: dict[str, str] = {}
    if not data.title.strip():
        errors["title"] = "请填写零工名称"
    if not data.trade.strip():
        errors["trade"] = "请填写工种"
    if not data.employer_name.strip():
        errors["employer_name"] = "请填写用工方名称"
    if not data.address.strip():
        errors["address"] = "请填写工作地点"
    late_or_early = bounds.posting_day(today).violation("用工日期", data.work_date)
    if late_or_early:
        errors["work_date"] = late_or_early
    if data.end_time <= data.start_time:
        errors["end_time"] = "结束时间应晚于开始时间"
    if not 1 <= data.capacity <= 500:
        errors["capacity"] = "名额应在 1 到 500 之间"
    if not 0 < data.pay_amount <= 100000:
        errors["pay_amount"] = "报酬应在 0.01 到 100000 元之间"
    elif round(data.pay_amount, 2) != data.pay_amount:
        errors["pay_amount"] = "报酬最多保留两位小数（分）"
    elif data.pay_unit in ("day", "hour") and data.end_time > data.start_time:
        below = below_minimum_wage(data)
        if below:
            errors["pay_amount"] = below
    if data.pay_unit not in ("day", "hour"):
        errors["pay_unit"] = "报酬单位应为按天或按小时"
    if data.settlement not in ("daily", "on_completion"):
        errors["settlement"] = "结算方式应为日结或完工结"
    if data.settle_by is not None:
        late = bounds.settlement_day(data.work_date).violation("最迟结算日期", data.settle_by)
        if late:
            errors["settle_by"] = late
    if not (-90 <= data.lat <= 90 and -180 <= data.lng <= 180):
        errors["lat"] = "坐标不正确"
    for name, label, limit in TEXT_LIMITS:
        if len(getattr(data, name)) > limit:
            errors.setdefault(name, f"{label}最多 {limit} 个字")
    if len(data.skills) > 20 or any(len(s) > 40 for s in data.skills):
        errors.setdefault("skills", "技能要求最多 20 项，每项最多 40 个字")
    return errors


def below_minimum_wage(data: GigInput) -> str | None:
    """Why the pay is under the local minimum wage (the standard in force on the work day, of
    the deployment's profile in postings/wages.toml: ``minimum_wage_region``), or ``None``.

    Gigs are paid by the hour or the day for hours set in the posting, which is 非全日制 work:
    the 非全日制 hourly standard applies (劳动合同法 第七十二条), and a day rate must cover it for
    every hour of the gig (hourly standard × the gig's hours). The message quotes the figure
    and the standard's source and date.
    """
    from jobhub.postings.data import wage_parameters
    from jobhub.postings.model import UNIT_LABELS
    from jobhub.postings.wages import format_yuan

    region = minimum_wage_region()
    minimum = wage_parameters().minimum_wage(region, data.work_date)
    if minimum is None:
        return None
    unit_label = UNIT_LABELS[data.pay_unit]
    hourly = f"非全日制小时最低工资标准{format_yuan(minimum.hour)}元"
    if data.pay_unit == "hour":
        floor, how = minimum.hour, hourly
    else:
        start = datetime.combine(data.work_date, data.start_time)
        hours = (datetime.combine(data.work_date, data.end_time) - start).total_seconds() / 3600
        floor = round(minimum.hour * hours, 2)
        how = f"{hourly} × 本次用工{format_yuan(hours)}小时"
    if data.pay_amount >= floor:
        return None
    return (
        f"报酬为{unit_label}{format_yuan(data.pay_amount)}元，低于当地最低工资："
        f"{how}，即{unit_label}不少于{format_yuan(floor)}元（{minimum.source}）。"
        "依据《劳动合同法》第七十二条、《最低工资规定》第十二条。"
    )


def pay_ceiling(unit: str) -> float | None:
    """The plausible ceiling of gig pay per unit: ``GIG_PAY_CEILING`` from the config, else the
    general fallback ceiling of postings/wages.toml. Pay above it is held for station staff."""
    from jobhub.postings.data import wage_parameters

    configured = current_app.config.get("GIG_PAY_CEILING") or {}
    if unit in configured:
        return float(configured[unit])
    return wage_parameters().general_ceiling.get(unit)  # type: ignore[call-overload]


# What a gig's text fields may hold (the columns', and a description a person reads at a
# glance; 10,000 characters used to be published as they were)
TEXT_LIMITS = (
    ("title", "零工名称", 120),
    ("trade", "工种", 40),
    ("employer_name", "用工方名称", 120),
    ("address", "工作地点", 200),
    ("description", "工作内容", 2000),
)


def gig_posting(data: GigInput) -> Posting:
    """The posting-review contract for a gig: headcount is the places, the pay is a point."""
    return Posting(
        title=data.title,
        description=data.description,
        employer_name=data.employer_name,
        headcount=data.capacity,
        work_location=data.address,
        salary_min=float(data.pay_amount),
        salary_max=float(data.pay_amount),
        salary_unit=data.pay_unit,  # type: ignore[arg-type]
        valid_until=data.work_date,
    )


def code_occupation(title: str, trade: str, description: str = "") -> str | None:
    """The 职业分类大典 code of a gig from its trade and title (best classifier candidate; the
    description is read for industry hints)."""
    from jobhub.coding.services import suggest

    try:
        candidates = suggest(f"{trade} {title}".strip(), top=1, description=description)
    except Exception:  # noqa: BLE001 - coding is a help, never a reason to refuse a gig
        return None
    return candidates[0].code if candidates else None


def post_gig(data: GigInput, actor: User, *, justification: str = "") -> tuple[Gig | None, Review]:
    """Review and, unless rejected, create a gig.

    ``reject`` findings block publishing: nothing is created and the review (recorded) is
    returned for the form. ``warn`` findings publish when staff post (they read the findings
    on the form) or when the employer gives a justification; otherwise the gig waits for
    station staff (pending_review).
    """
    from jobhub.reviews.services import review_posting

    occupation = code_occupation(data.title, data.trade, data.description)
    ceiling = pay_ceiling(data.pay_unit)
    result = review_posting(
        gig_posting(data),
        actor=actor,
        subject_type="gig",
        subject_id=None,
        occupation_code=occupation,
        pay_ceiling={data.pay_unit: ceiling} if ceiling is not None else None,
    )
    if result.verdict == "reject":
        return None, result
    if ceiling is not None and data.pay_amount > ceiling:
        # Implausible pay is a fraud red flag: held for station staff whoever posts it and
        # whatever the justification; the review's wage_above_market finding says why.
        status = "pending_review"
    elif result.verdict == "warn" and actor.role == "employer" and not justification.strip():
        status = "pending_review"
    else:
        status = "open"
    gig = Gig(
        organisation_id=data.organisation_id,
        station_id=data.station_id,
        posted_by_id=actor.id,
        employer_name=data.employer_name.strip(),
        title=data.title.strip(),
        trade=data.trade.strip(),
        description=data.description.strip(),
        skills=list(data.skills),
        work_date=data.work_date,
        start_time=data.start_time,
        end_time=data.end_time,
        address=data.address.strip(),
        street_code=data.street_code,
        lat=data.lat,
        lng=data.lng,
        pay_amount=Decimal(str(data.pay_amount)),
        pay_unit=data.pay_unit,
        capacity=data.capacity,
        taken=0,
        settlement=data.settlement,
        settle_by=data.settle_by or data.work_date,
        occupation_code=occupation,
        status=status,
        review_verdict=result.verdict,
    )
    db.session.add(gig)
    db.session.flush()
    # The review was recorded before the gig had an id; link it now.
    from jobhub.reviews.models import PostingReview

    db.session.execute(
        update(PostingReview)
        .where(PostingReview.id == _last_review_id(actor))
        .values(subject_id=gig.id)
    )
    reindex(gig)
    return gig, result


def held_findings(gig: Gig) -> tuple[list[dict], list | None]:
    """A gig waiting for station staff: the findings of its review, as the employer saw them
    (code, quoted words, legal basis), and the description with those words marked."""
    if gig.status != "pending_review":
        return [], None
    from jobhub.employers.candidates import highlight
    from jobhub.reviews.services import latest_review

    review = latest_review("gig", gig.id)
    findings = list(review.findings) if review else []
    return findings, highlight(gig.description, findings)


def _last_review_id(actor: User) -> int | None:
    from jobhub.reviews.models import PostingReview

    return db.session.scalar(
        db.select(func.max(PostingReview.id)).where(
            PostingReview.actor_user_id == actor.id,
            PostingReview.subject_type == "gig",
            PostingReview.subject_id.is_(None),
        )
    )


def reindex(gig: Gig) -> None:
    """Keep the loaded matching index current after a gig opens, closes or changes (without
    a loaded index this does nothing: dispatch then ranks open gigs directly)."""
    from jobhub import matchsvc

    matchsvc.index_gig(gig)


# --- claims -----------------------------------------------------------------------------


def _lock_person(person_id: int) -> None:
    if not lock_person(person_id):
        raise GigError("找不到此人", "person_not_found", "person_id")


def overlapping_claim(person_id: int, gig: Gig) -> GigClaim | None:
    """An active claim of this person on another gig the same day whose hours intersect
    (touching ends, 08:00–12:00 then 12:00–17:00, do not overlap)."""
    return db.session.execute(
        db.select(GigClaim)
        .join(Gig, Gig.id == GigClaim.gig_id)
        .where(
            GigClaim.person_id == person_id,
            GigClaim.active.is_(True),
            GigClaim.gig_id != gig.id,
            Gig.work_date == gig.work_date,
            and_(Gig.start_time < gig.end_time, gig.start_time < Gig.end_time),
        )
        .limit(1)
    ).scalar_one_or_none()


def claim_gig(
    gig_id: int, person_id: int, actor: User | None, *, now: datetime | None = None
) -> GigClaim:
    """Take one place in a gig for a person, or raise ``GigFull`` ("已满") / ``ClaimConflict``.

    Safe under concurrency on SQLite and PostgreSQL (see the module docstring): exactly
    ``capacity`` claims succeed however many people claim at once.
    """
    _lock_person(person_id)
    gig = db.session.get(Gig, gig_id, populate_existing=True)
    if gig is None:
        raise GigError("找不到该零工", "gig_not_found", "gig_id")
    refuse_unless(lambda: states.check_claimable(gig.status, gig.timing, now or now_utc()))
    same = db.session.execute(
        db.select(GigClaim.id).where(
            GigClaim.gig_id == gig_id, GigClaim.person_id == person_id, GigClaim.active.is_(True)
        )
    ).first()
    if same is not None:
        raise ClaimConflict("此人已报名该零工", "already_claimed")
    clash = overlapping_claim(person_id, gig)
    if clash is not None:
        other = clash.gig
        raise ClaimConflict(
            f"时间冲突：此人已报名 {other.work_date} {other.start_time:%H:%M}–"
            f"{other.end_time:%H:%M} 的「{other.title}」",
            "time_conflict",
        )
    # The place and the state in one conditional update: the last place turns the gig 已满员.
    claimable = states.sources(states.GIG_TABLE, "claim")
    filled = states.sources(states.GIG_TABLE, "fill")
    taken = db.session.execute(
        update(Gig)
        .where(Gig.id == gig_id, Gig.taken < Gig.capacity, Gig.status.in_(claimable))
        .values(
            taken=Gig.taken + 1,
            status=case(
                (Gig.taken + 1 >= Gig.capacity, case(filled, value=Gig.status, else_=Gig.status)),
                else_=case(claimable, value=Gig.status, else_=Gig.status),
            ),
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    if taken != 1:
        raise GigFull()
    claim = GigClaim(
        gig_id=gig_id,
        person_id=person_id,
        claimed_by_user_id=getattr(actor, "id", None),
        status="claimed",
        active=True,
        amount_due=gig.amount_per_worker(),
    )
    db.session.add(claim)
    try:
        db.session.flush()
    except IntegrityError as exc:  # the partial unique index: a second place in one gig
        raise ClaimConflict("此人已报名该零工", "already_claimed") from exc
    db.session.refresh(gig)
    reindex(gig)
    notices.gig_claimed(claim, by_staff=getattr(actor, "role", None) == "station_staff")
    return claim


def cancel_claim(claim: GigClaim, actor: User | None) -> None:
    """Give the place back: the claim becomes history, ``taken`` goes down by one and a full
    gig takes claims again (the decrement is conditional, so a claim cancelled twice frees one
    place, not two)."""
    _lock_person(claim.person_id)
    db.session.refresh(claim.gig)
    refuse_unless(
        lambda: states.next_claim_state(
            claim.status, "cancel", claim.gig.status, claim.gig.timing, now_utc()
        )
    )
    freed = db.session.execute(
        update(GigClaim)
        .where(GigClaim.id == claim.id, GigClaim.active.is_(True), GigClaim.status == "claimed")
        .values(active=False, status="cancelled", cancelled_at=now_utc())
        .execution_options(synchronize_session=False)
    ).rowcount
    if freed != 1:
        raise ClaimConflict("只能取消尚未到岗的报名", "not_cancellable")
    released = states.sources(states.GIG_TABLE, "release")
    db.session.execute(
        update(Gig)
        .where(Gig.id == claim.gig_id, Gig.taken > 0)
        .values(
            taken=Gig.taken - 1,
            status=case(released, value=Gig.status, else_=Gig.status),
        )
        .execution_options(synchronize_session=False)
    )
    audit.record(actor, "cancel_claim", "gig_claims", claim.id, "取消零工报名")
    db.session.flush()
    db.session.refresh(claim)
    db.session.refresh(claim.gig)
    reindex(claim.gig)


def active_claims(gig_id: int) -> list[GigClaim]:
    return list(
        db.session.execute(
            db.select(GigClaim)
            .where(GigClaim.gig_id == gig_id, GigClaim.active.is_(True))
            .order_by(GigClaim.id)
        ).scalars()
    )


def claims_of(person_id: int) -> list[GigClaim]:
    return list(
        db.session.execute(
            db.select(GigClaim)
            .where(GigClaim.person_id == person_id)
            .order_by(GigClaim.claimed_at.desc(), GigClaim.id.desc())
        ).scalars()
    )


def overlaps(a_start: time, a_end: time, b_start: time, b_end: time) -> bool:
    return a_start < b_end and b_start < a_end
