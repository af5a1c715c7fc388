"""The station's gigs: 即时快招 for a caller, the list, a gig's claims and dispatch."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from jobhub.access import allow
from jobhub.auth.roles import Role
from jobhub.extensions import db
from jobhub.gigs.dispatch import people_for_gig
from jobhub.gigs.forms import GigForm, NonPaymentForm, PayForm, RateForm, attach_errors, gig_input
from jobhub.gigs.lifecycle import GIG_STEPS
from jobhub.gigs.services import GigError, claim_gig, held_findings, post_gig, validate_gig
from jobhub.gigs.views import run_gig_step
from jobhub.policy.dates import today_in_china
from jobhub.security import audit
from jobhub.stations import queries
from jobhub.stations.forms import EmptyForm
from jobhub.stations.services import record_service
from jobhub.stations.views import bp
from jobhub.webforms import form_id


@bp.route("/gigs")
@allow(Role.STATION_STAFF)
def gigs():
    station = queries.staff_station(current_user)
    return render_template(
        "stations/gigs.html", station=station, gigs=queries.station_gigs(station.id)
    )


@bp.route("/gigs/new", methods=["GET", "POST"])
@allow(Role.STATION_STAFF)
def new_gig():
    """即时快招: staff post a gig for a caller (an employer or a household on the phone)."""
    station = queries.staff_station(current_user)
    form = GigForm()
    review = None
    if request.method == "GET":
        form.work_date.data = today_in_china().isoformat()
        form.capacity.data = 1
    if form.validate_on_submit():
        data, errors = gig_input(
            form,
            employer_name="个人雇主（驿站代发）",
            organisation_id=None,
            station_id=station.id,
            fallback_point=(station.lat, station.lng),
        )
        if data is not None:
            errors = validate_gig(data)
        if not errors and data is not None:
            gig, review = post_gig(data, current_user)
            if gig is not None:
                db.session.commit()
                held = gig.status == "pending_review"
                flash(("已提交，待审核：" if held else "已发布：") + gig.title, "success")
                return redirect(url_for("stations.gig", gig_id=gig.id))
            db.session.commit()  # the rejected review is kept
        attach_errors(form, errors)
    return render_template("gigs/form.html", form=form, review=review, staff=True)


@bp.route("/gigs/<int:gig_id>")
@allow(Role.STATION_STAFF)
@audit.shows_people("驿站查看零工报名人员")
def gig(gig_id: int):
    gig = queries.gig_for_staff(gig_id, current_user)
    candidates = people_for_gig(gig, limit=15) if gig.status == "open" and gig.places_left else []
    findings, segments = held_findings(gig)
    return render_template(
        "gigs/detail.html",
        gig=gig,
        claims=gig.claims,
        candidates=candidates,
        findings=findings,
        segments=segments,
        action_form=EmptyForm(),
        pay_form=PayForm(),
        rate_form=RateForm(),
        nonpayment_form=NonPaymentForm(),
        role="station_staff",
        today=today_in_china(),
    )


@bp.route("/gigs/<int:gig_id>/dispatch", methods=["POST"])
@allow(Role.STATION_STAFF)
def gig_dispatch(gig_id: int):
    """Dispatch a proposed client to this gig (即时快招)."""
    gig = queries.gig_for_staff(gig_id, current_user)
    person_id = form_id(request.form.get("person_id"))
    if not EmptyForm().validate_on_submit() or person_id is None:
        abort(400)
    person = queries.person_for_staff(person_id, current_user)
    try:
        claim_gig(gig.id, person.id, current_user)
    except GigError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        record_service(person, "job_referral", current_user, f"派工：{gig.title}")
        db.session.commit()
        flash(f"已派工：{person.name}", "success")
    return redirect(url_for("stations.gig", gig_id=gig.id))


@bp.route("/gigs/<int:gig_id>/<action>", methods=["POST"])
@allow(Role.STATION_STAFF)
def gig_action(gig_id: int, action: str):
    """承接的零工：审核通过、停止招募、取消 (refused by the state table with its reason)."""
    if action not in GIG_STEPS:
        abort(404)
    gig = queries.gig_for_staff(gig_id, current_user)
    run_gig_step(gig, action)
    return redirect(url_for("stations.gig", gig_id=gig.id))
