"""岗位提醒 (/seeker/alerts): "new vacancies that fit me" and saved searches; the station's
政策推送 follow-up list; the bureau's told/applied counts."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from jobhub.access import allow
from jobhub.alerts import services
from jobhub.alerts.models import JobAlert, PolicyPush
from jobhub.auth.roles import Role
from jobhub.db import MAX_ROW_ID
from jobhub.extensions import db
from jobhub.listings import search
from jobhub.seekers.inputs import Conflict
from jobhub.seekers.places import street_name, street_options
from jobhub.seekers.services import person_for_user
from jobhub.webforms import write_and_flash

bp = Blueprint("alerts", __name__)


def _person():  # noqa: ANN202 - a Person
    person = person_for_user(current_user)
    if person is None or not person.id_number:
        abort(404)
    return person


@bp.route("/seeker/alerts", methods=["GET", "POST"])
@allow(Role.SEEKER)
def seeker_alerts():
    person = _person()
    if request.method == "POST":

        def save() -> str:
            fits_me = request.form.get("fits_me") == "y"
            query = search.parse_query(request.form) if not fits_me else search.ListingQuery()
            count = db.session.scalar(
                select(db.func.count()).select_from(JobAlert).where(JobAlert.person_id == person.id)
            )
            if count >= services.ALERTS_PER_PERSON:
                raise Conflict(f"最多保存 {services.ALERTS_PER_PERSON} 个提醒，请先删除一个。")
            if query.kind == "gig":
                raise Conflict("零工请在“零工”页查看，岗位提醒不含零工。")
            db.session.add(
                JobAlert(
                    person_id=person.id,
                    fits_me=fits_me,
                    q=query.q,
                    street_code=query.street,
                    kind=query.kind,
                    min_pay=query.min_pay,
                )
            )
            return "已保存提醒：有新的适合您的岗位时，每天最多通知一次。"

        write_and_flash(save)
        return redirect(url_for("alerts.seeker_alerts"))
    alerts = list(
        db.session.scalars(
            select(JobAlert).where(JobAlert.person_id == person.id).order_by(JobAlert.id)
        )
    )
    return render_template(
        "alerts/seeker.html",
        alerts=alerts,
        kinds={k: v for k, v in search.KINDS.items() if k != "gig"},
        streets=street_options(),
        street_name=street_name,
    )


@bp.route("/seeker/alerts/<int:alert_id>/delete", methods=["POST"])
@allow(Role.SEEKER)
def delete_alert(alert_id: int):
    person = _person()
    alert = db.session.get(JobAlert, alert_id) if alert_id <= MAX_ROW_ID else None
    if alert is None or alert.person_id != person.id:
        abort(404)
    db.session.delete(alert)
    db.session.commit()
    return redirect(url_for("alerts.seeker_alerts"))


@bp.route("/station/policy-follow-ups")
@allow(Role.STATION_STAFF)
def station_follow_ups():
    rows = services.follow_ups(current_user.station_id) if current_user.station_id else []
    return render_template("alerts/follow_ups.html", rows=rows, name=services.push_name)


@bp.route("/station/policy-follow-ups/<int:push_id>/done", methods=["POST"])
@allow(Role.STATION_STAFF)
def follow_up_done(push_id: int):
    push = db.session.get(PolicyPush, push_id) if push_id <= MAX_ROW_ID else None
    if push is None or push.station_id is None or push.station_id != current_user.station_id:
        abort(404)
    services.mark_followed_up(push)
    db.session.commit()
    return redirect(url_for("alerts.station_follow_ups"))


@bp.route("/admin/policy-push")
@allow(Role.ADMIN)
def bureau_funnel():
    return render_template("alerts/funnel.html", rows=services.funnel())
