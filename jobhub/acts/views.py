"""Pages of the acts: the seeker applies and follows them, staff handle them at the counter
(the panel on the client page, the same flow as a walk-in), the bureau sees queues, overdue
reviews and counts by station, and exports the 就业困难人员 roster (masked, audited)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from jobhub.access import allow
from jobhub.acts import bureau, services
from jobhub.acts.models import DifficultyCertification, UnemploymentRegistration
from jobhub.acts.panel import panel_context
from jobhub.auth.roles import Role
from jobhub.db import MAX_ROW_ID
from jobhub.extensions import db
from jobhub.policy.dates import today_in_china
from jobhub.security import audit
from jobhub.seekers.inputs import Conflict, InputError
from jobhub.seekers.models import Person
from jobhub.seekers.services import ensure_person
from jobhub.stations.forms import EmptyForm

bp = Blueprint("acts", __name__, url_prefix="/acts")

STAFF = (Role.STATION_STAFF, Role.ADMIN)


def _row(model, row_id: int):  # noqa: ANN001, ANN202
    if not 0 < row_id <= MAX_ROW_ID:
        abort(404)
    row = db.session.get(model, row_id)
    if row is None:
        abort(404)
    return row


def _person_for_staff(person_id: int) -> Person:
    """The person, or 404 for one this station does not serve (the bureau sees everyone)."""
    person = _row(Person, person_id)
    if not services.may_handle(current_user, person):
        abort(404)
    return person


def _act_for_staff(model, act_id: int):  # noqa: ANN001, ANN202
    act = _row(model, act_id)
    _person_for_staff(act.person_id)
    return act


def _back(person_id: int) -> str:
    if current_user.role == Role.STATION_STAFF:
        return url_for("stations.client", person_id=person_id) + "#acts"
    return url_for("acts.person", person_id=person_id)


def certification_data(form) -> dict[str, Any]:  # noqa: ANN001
    """The flat form of the certification screen as the service's nested data."""
    categories = form.getlist("categories")
    evidence = {
        code: {
            part: form.get(f"evidence_{code}_{part}", "")
            for part in ("kind", "reference", "valid_until", "source")
        }
        for code in categories
        if isinstance(code, str)
    }
    return {"categories": categories, "evidence": evidence}


def decision_data(form, codes) -> dict[str, Any]:  # noqa: ANN001
    return {
        code: {part: form.get(f"{code}_{part}", "") for part in ("decision", "reason", "note")}
        for code in codes
    }


def _act(person: Person, work: Callable[[], Any], done: str, template: Callable[..., Any]):
    """Run one act service for a posted form: commit and say ``done``, or roll back and show
    the page again with each bad field named (nothing changed)."""
    if not EmptyForm().validate_on_submit():
        flash("页面已过期，请刷新后重新提交。", "error")
        return None
    try:
        work()
    except InputError as exc:
        db.session.rollback()
        return template(person, errors=exc.fields, values=request.form)
    except Conflict as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return None
    db.session.commit()
    flash(done, "success")
    return None


# --- staff and the bureau: one person -------------------------------------------------------


def _staff_page(person: Person, *, errors=None, values=None, status: int = 422):  # noqa: ANN001, ANN202
    if current_user.role == Role.STATION_STAFF:
        from jobhub.stations.views import _client_page

        return _client_page(person, acts_errors=errors, acts_values=values), status
    return render_template(
        "acts/person.html", person=person, **panel_context(person, errors, values)
    ), status


@bp.route("/people/<int:person_id>")
@allow(*STAFF)
@audit.shows_people("查看失业登记和就业困难人员认定")
def person(person_id: int):
    found = _person_for_staff(person_id)
    if current_user.role == Role.STATION_STAFF:
        return redirect(_back(found.id))
    return render_template("acts/person.html", person=found, **panel_context(found))


@bp.route("/people/<int:person_id>/registration", methods=["POST"])
@allow(*STAFF)
def counter_registration(person_id: int):
    """At the counter: take the application and decide it on the spot, or decide the one the
    person made online; both in one transaction (a refused check leaves nothing behind)."""
    found = _person_for_staff(person_id)

    def work() -> None:
        from jobhub.acts.queries import live_registration

        registration = live_registration(found.id)
        if registration is None:
            registration = services.apply_registration(
                found, request.form, actor=current_user, via="counter"
            )
        services.decide_registration(registration, request.form, actor=current_user)

    page = _act(found, work, "失业登记已办理", _staff_page)
    return page or redirect(_back(found.id))


@bp.route("/registrations/<int:registration_id>/end", methods=["POST"])
@allow(*STAFF)
def end_registration(registration_id: int):
    registration = _act_for_staff(UnemploymentRegistration, registration_id)
    found = registration.person
    page = _act(
        found,
        lambda: services.end_registration(
            registration,
            request.form.get("reason"),
            actor=current_user,
            note=request.form.get("note"),
        ),
        "失业登记已注销",
        _staff_page,
    )
    return page or redirect(_back(found.id))


@bp.route("/people/<int:person_id>/certification", methods=["POST"])
@allow(*STAFF)
def counter_certification(person_id: int):
    found = _person_for_staff(person_id)
    page = _act(
        found,
        lambda: services.apply_certification(
            found, certification_data(request.form), actor=current_user, via="counter"
        ),
        "已受理就业困难人员认定申请，请逐项审核",
        _staff_page,
    )
    return page or redirect(_back(found.id))


@bp.route("/certifications/<int:certification_id>/decide", methods=["POST"])
@allow(*STAFF)
def decide_certification(certification_id: int):
    certification = _act_for_staff(DifficultyCertification, certification_id)
    found = certification.person
    codes = list(certification.categories or {})
    page = _act(
        found,
        lambda: services.decide_categories(
            certification, decision_data(request.form, codes), actor=current_user
        ),
        "审核结果已保存",
        _staff_page,
    )
    return page or redirect(_back(found.id))


@bp.route("/certifications/<int:certification_id>/review", methods=["POST"])
@allow(*STAFF)
def review_certification(certification_id: int):
    certification = _act_for_staff(DifficultyCertification, certification_id)
    found = certification.person
    page = _act(
        found,
        lambda: services.review_certification(certification, request.form, actor=current_user),
        "复核结果已保存",
        _staff_page,
    )
    return page or redirect(_back(found.id))


# --- the seeker -----------------------------------------------------------------------------


def _mine_page(person: Person, *, errors=None, values=None, status: int = 422):  # noqa: ANN001, ANN202
    return render_template(
        "acts/mine.html", person=person, **panel_context(person, errors, values, own=True)
    ), status


@bp.route("/mine")
@allow(Role.SEEKER)
def mine():
    person = ensure_person(current_user)
    db.session.commit()
    return _mine_page(person, status=200)


@bp.route("/mine/registration", methods=["POST"])
@allow(Role.SEEKER)
def apply_registration():
    person = ensure_person(current_user)
    page = _act(
        person,
        lambda: services.apply_registration(person, request.form, actor=current_user, via="online"),
        "失业登记申请已提交，服务站将联系您核实",
        _mine_page,
    )
    return page or redirect(url_for("acts.mine"))


@bp.route("/mine/certification", methods=["POST"])
@allow(Role.SEEKER)
def apply_certification():
    person = ensure_person(current_user)
    page = _act(
        person,
        lambda: services.apply_certification(
            person, certification_data(request.form), actor=current_user, via="online"
        ),
        "就业困难人员认定申请已提交，请按页面提示携带证明到服务站",
        _mine_page,
    )
    return page or redirect(url_for("acts.mine"))


def _own(model, act_id: int):  # noqa: ANN001, ANN202
    """The seeker's own act, or 404 for anyone else's."""
    person = ensure_person(current_user)
    act = _row(model, act_id)
    if act.person_id != person.id:
        abort(404)
    return person, act


def _own_request(model, act_id: int, work: Callable[..., Any], done: str):  # noqa: ANN001, ANN202
    person, act = _own(model, act_id)
    page = _act(person, lambda: work(act), done, _mine_page)
    return page or redirect(url_for("acts.mine"))


@bp.route("/mine/registrations/<int:registration_id>/withdraw", methods=["POST"])
@allow(Role.SEEKER)
def withdraw_own_registration(registration_id: int):
    """The person withdraws their 失业登记 application before the station decides it."""
    return _own_request(
        UnemploymentRegistration,
        registration_id,
        lambda act: services.withdraw_application(
            act, actor=current_user, note=request.form.get("note")
        ),
        "失业登记申请已撤回",
    )


@bp.route("/mine/registrations/<int:registration_id>/end", methods=["POST"])
@allow(Role.SEEKER)
def end_own_registration(registration_id: int):
    """The person asks to end their registration (本人申请注销)."""
    return _own_request(
        UnemploymentRegistration,
        registration_id,
        lambda act: services.end_registration(
            act, "own_request", actor=current_user, note=request.form.get("note")
        ),
        "失业登记已注销",
    )


@bp.route("/mine/certifications/<int:certification_id>/withdraw", methods=["POST"])
@allow(Role.SEEKER)
def withdraw_own_certification(certification_id: int):
    """The person withdraws their 认定 application before the station decides it."""
    return _own_request(
        DifficultyCertification,
        certification_id,
        lambda act: services.withdraw_application(
            act, actor=current_user, note=request.form.get("note")
        ),
        "就业困难人员认定申请已撤回",
    )


@bp.route("/mine/certifications/<int:certification_id>/end", methods=["POST"])
@allow(Role.SEEKER)
def leave_own_certification(certification_id: int):
    """The person asks to leave some categories, or the whole 认定 (本人申请退出)."""
    return _own_request(
        DifficultyCertification,
        certification_id,
        lambda act: services.leave_categories(
            act,
            request.form.getlist("categories"),
            actor=current_user,
            note=request.form.get("note"),
        ),
        "已按您的申请退出",
    )


# --- the bureau -----------------------------------------------------------------------------


@bp.route("/bureau")
@allow(Role.ADMIN)
@audit.shows_people("查看失业登记和就业困难人员认定队列")
def bureau_view():
    today = today_in_china()
    return render_template("acts/bureau.html", today=today, **bureau.overview(today))


@bp.route("/bureau/roster.xlsx")
@allow(Role.ADMIN)
def roster_export():
    today = today_in_china()
    body = bureau.roster_workbook(today, actor=current_user)
    db.session.commit()
    return Response(
        body,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={
            "Content-Disposition": f"attachment; filename=difficulty-roster-{today:%Y%m%d}.xlsx"
        },
    )
