"""Gig pages for employers (post, follow up, settle) and seekers (find, claim, report), and the
after-gig actions shared by every role that takes part in a gig."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from jobhub.access import allow
from jobhub.auth.roles import Role
from jobhub.employers.models import Organisation
from jobhub.extensions import db
from jobhub.gigs import lifecycle, services
from jobhub.gigs.forms import GigForm, NonPaymentForm, PayForm, RateForm, attach_errors, gig_input
from jobhub.gigs.models import Gig, GigClaim
from jobhub.gigs.states import PUBLIC_GIG_STATES
from jobhub.policy.dates import today_in_china
from jobhub.seekers.models import Person
from jobhub.stations.forms import EmptyForm

bp = Blueprint("gigs", __name__, url_prefix="/gigs")


def _own_person() -> Person | None:
    return db.session.execute(
        db.select(Person).where(Person.user_id == current_user.id)
    ).scalar_one_or_none()


def _gig_for_employer(gig_id: int) -> Gig:
    gig = db.session.get(Gig, gig_id)
    if gig is None or gig.organisation_id is None:
        abort(404)
    if gig.organisation_id != current_user.organisation_id:
        abort(404)
    return gig


@bp.route("/")
@allow(Role.EMPLOYER, Role.SEEKER)
def index():
    today = today_in_china()
    if current_user.role == Role.EMPLOYER:
        gigs = db.session.execute(
            db.select(Gig)
            .where(Gig.organisation_id == current_user.organisation_id)
            .order_by(Gig.work_date.desc(), Gig.id.desc())
        ).scalars()
        return render_template("gigs/employer_list.html", gigs=list(gigs))
    person = _own_person()
    matches, claims = [], []
    if person is not None:
        from jobhub.gigs.dispatch import gigs_for_person

        matches = gigs_for_person(person, limit=20)
        claims = services.claims_of(person.id)
    open_gigs = db.session.execute(
        db.select(Gig)
        .where(Gig.status == "open", Gig.work_date >= today)
        .order_by(Gig.work_date, Gig.start_time)
        .limit(50)
    ).scalars()
    return render_template(
        "gigs/seeker_list.html",
        person=person,
        matches=matches,
        claims=claims,
        open_gigs=list(open_gigs),
        action_form=EmptyForm(),
        nonpayment_form=NonPaymentForm(),
        rate_form=RateForm(),
    )


@bp.route("/new", methods=["GET", "POST"])
@allow(Role.EMPLOYER)
def new():
    organisation = db.get_or_404(Organisation, current_user.organisation_id)
    form = GigForm()
    review = None
    if request.method == "GET":
        form.employer_name.data = organisation.name
        form.capacity.data = 1
    if form.validate_on_submit():
        point = (organisation.lat, organisation.lng) if organisation.lat is not None else None
        data, errors = gig_input(
            form,
            employer_name=organisation.name,
            organisation_id=organisation.id,
            station_id=_nearest_station_id(form.street_code.data, point),
            fallback_point=point,
        )
        if data is not None:
            errors = services.validate_gig(data)
        if not errors and data is not None:
            gig, review = services.post_gig(
                data, current_user, justification=form.justification.data or ""
            )
            db.session.commit()
            if gig is not None:
                flash("已发布" if gig.status == "open" else "已提交，待驿站工作人员审核", "success")
                return redirect(url_for("gigs.detail", gig_id=gig.id))
        attach_errors(form, errors)
    return render_template("gigs/form.html", form=form, review=review, staff=False)


def _nearest_station_id(street_code: str | None, point) -> int | None:
    """The station that looks after an employer's gig: the nearest one to the work place."""
    from jobhub.seekers.places import street_by_code
    from jobhub.stations.coverage import distance_m
    from jobhub.stations.models import Station

    street = street_by_code(street_code)
    if street is not None:
        point = (street.lat, street.lng)
    if point is None:
        return None
    stations = db.session.execute(db.select(Station)).scalars().all()
    if not stations:
        return None
    return min(stations, key=lambda s: distance_m(point[0], point[1], s.lat, s.lng)).id


@bp.route("/<int:gig_id>")
@allow(Role.EMPLOYER, Role.SEEKER)
def detail(gig_id: int):
    if current_user.role == Role.EMPLOYER:
        gig = _gig_for_employer(gig_id)
        claims = gig.claims
    else:
        gig = db.session.get(Gig, gig_id)
        if gig is None:
            abort(404)
        person = _own_person()
        claims = [c for c in gig.claims if person is not None and c.person_id == person.id]
        if gig.status not in PUBLIC_GIG_STATES and not claims:
            abort(404)
    findings, segments = services.held_findings(gig)
    return render_template(
        "gigs/detail.html",
        gig=gig,
        claims=claims,
        candidates=[],
        findings=findings,
        segments=segments,
        action_form=EmptyForm(),
        pay_form=PayForm(),
        rate_form=RateForm(),
        nonpayment_form=NonPaymentForm(),
        role=current_user.role,
        today=today_in_china(),
    )


@bp.route("/<int:gig_id>/claim", methods=["POST"])
@allow(Role.SEEKER)
def claim(gig_id: int):
    """A seeker takes a place for themselves: one place, or "已满"."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    person = _own_person()
    if person is None:
        flash("请先完善个人资料（实名）后再报名零工", "error")
        return redirect(url_for("gigs.index"))
    try:
        services.claim_gig(gig_id, person.id, current_user)
    except services.GigError as exc:
        db.session.rollback()
        if exc.code == "gig_not_found":
            abort(404)
        flash(exc.message, "error")
    else:
        db.session.commit()
        flash("报名成功", "success")
    return redirect(url_for("gigs.detail", gig_id=gig_id))


@bp.route("/<int:gig_id>/<action>", methods=["POST"])
@allow(Role.EMPLOYER)
def gig_action(gig_id: int, action: str):
    """The employer stops taking claims or calls the gig off (the state table decides)."""
    if action not in lifecycle.EMPLOYER_GIG_STEPS:
        abort(404)
    gig = _gig_for_employer(gig_id)
    run_gig_step(gig, action)
    return redirect(url_for("gigs.detail", gig_id=gig.id))


def run_gig_step(gig: Gig, action: str) -> None:
    """One gig action (``lifecycle.GIG_STEPS``) for the current user from a page: committed
    and confirmed, or the refusal flashed with nothing changed."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    step, done = lifecycle.GIG_STEPS[action]
    try:
        step(gig, current_user)
    except services.GigError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        db.session.commit()
        flash(done, "success")


# --- after the gig: one endpoint, object checks by role ---------------------------------

# Who may do what to a claim: the worker, the employer of the gig, the gig's station staff.
ACTIONS = {
    "cancel": {Role.SEEKER, Role.STATION_STAFF},
    "check_in": {Role.EMPLOYER, Role.STATION_STAFF},
    "no_show": {Role.EMPLOYER, Role.STATION_STAFF},
    "complete": {Role.EMPLOYER, Role.STATION_STAFF},
    "pay": {Role.EMPLOYER, Role.STATION_STAFF},
    "nonpayment": {Role.SEEKER, Role.STATION_STAFF},
    "rate": {Role.SEEKER, Role.EMPLOYER, Role.STATION_STAFF},
}


def claim_for_user(claim_id: int) -> GigClaim:
    """The claim if the current user takes part in it (worker, employer, station), else 404."""
    claim = db.session.get(GigClaim, claim_id)
    if claim is None:
        abort(404)
    role = current_user.role
    gig = claim.gig
    if role == Role.SEEKER:
        ok = claim.person.user_id == current_user.id
    elif role == Role.EMPLOYER:
        ok = gig.organisation_id is not None and gig.organisation_id == current_user.organisation_id
    elif role == Role.STATION_STAFF:
        ok = gig.station_id is not None and gig.station_id == current_user.station_id
    else:
        ok = False
    if not ok:
        abort(404)
    return claim


def apply_action(claim: GigClaim, action: str, values: dict) -> str:
    """Run one after-gig action for the current user; returns the Chinese confirmation."""
    role = current_user.role
    if action == "cancel":
        services.cancel_claim(claim, current_user)
        return "已取消报名，名额已释放"
    if action == "check_in":
        lifecycle.check_in(claim, current_user)
        return "已签到"
    if action == "no_show":
        lifecycle.mark_no_show(claim, current_user)
        return "已记为未到岗"
    if action == "complete":
        lifecycle.complete(claim, current_user)
        return "已记完工"
    if action == "pay":
        lifecycle.settle(claim, current_user, values["amount"], values["method"])
        return "已登记支付"
    if action == "nonpayment":
        lifecycle.report_nonpayment(claim, current_user, values.get("note", ""))
        return "已记录欠薪反映，驿站将跟进"
    side = "worker" if role == Role.SEEKER else "employer"
    if role == Role.STATION_STAFF and values.get("side") in ("worker", "employer"):
        side = values["side"]
    lifecycle.rate(claim, current_user, side, values["stars"], values.get("comment", ""))
    return "已评价"


@bp.route("/claims/<int:claim_id>/<action>", methods=["POST"])
@allow(Role.SEEKER, Role.EMPLOYER, Role.STATION_STAFF)
def claim_action(claim_id: int, action: str):
    if action not in ACTIONS:
        abort(404)
    claim = claim_for_user(claim_id)
    if current_user.role not in ACTIONS[action]:
        abort(404)
    values: dict = {}
    form = {"pay": PayForm, "rate": RateForm, "nonpayment": NonPaymentForm}.get(action, EmptyForm)()
    if not form.validate_on_submit():
        messages = [m for errors in form.errors.values() for m in errors]
        flash("；".join(messages) or "请求无效", "error")
    else:
        if action == "pay":
            values = {"amount": float(form.amount.data), "method": form.method.data}
        elif action == "rate":
            values = {
                "stars": form.stars.data,
                "comment": form.comment.data or "",
                "side": request.form.get("side", ""),
            }
        elif action == "nonpayment":
            values = {"note": form.note.data or ""}
        try:
            message = apply_action(claim, action, values)
        except services.GigError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            if action == "nonpayment" and current_user.role == Role.STATION_STAFF:
                from jobhub.stations.services import record_service

                record_service(claim.person, "rights_guidance", current_user, "欠薪反映")
            db.session.commit()
            flash(message, "success")
    default = (
        url_for("stations.gig", gig_id=claim.gig_id)
        if current_user.role == Role.STATION_STAFF
        else url_for("gigs.detail", gig_id=claim.gig_id)
    )
    target = request.form.get("next") or ""
    if not (target.startswith("/") and not target.startswith("//")):
        target = default
    return redirect(target)
