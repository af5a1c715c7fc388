"""The interview and message forms on the application pages of both sides, and the station's
reply for a person it registered without an account."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, request, url_for
from flask_login import current_user

from jobhub.access import allow
from jobhub.auth.roles import Role
from jobhub.db import MAX_ROW_ID
from jobhub.extensions import db
from jobhub.seekers.models import Application
from jobhub.seekers.services import person_for_user
from jobhub.stations.queries import person_visible_to_staff
from jobhub.talks import services
from jobhub.webforms import write_and_flash

bp = Blueprint("talks", __name__)


def _application_for(application_id: int) -> Application:
    """The application if it is the signed-in user's to talk about, else 404: the employer's
    own organisation's, the seeker's own, or a person of the staff member's station who has
    no account (a person with one answers for themself)."""
    item = db.session.get(Application, application_id) if application_id <= MAX_ROW_ID else None
    if item is None:
        abort(404)
    role = current_user.role
    if role == Role.EMPLOYER.value:
        ok = item.vacancy.organisation_id == current_user.organisation_id
    elif role == Role.SEEKER.value:
        person = person_for_user(current_user)
        ok = person is not None and item.person_id == person.id
    else:
        ok = item.person.user_id is None and person_visible_to_staff(item.person, current_user)
    if not ok:
        abort(404)
    return item


def _back(item: Application):  # noqa: ANN202 - a response
    role = current_user.role
    if role == Role.EMPLOYER.value:
        return redirect(url_for("employers.application", application_id=item.id) + "#talk")
    if role == Role.SEEKER.value:
        return redirect(url_for("seekers.application", application_id=item.id) + "#talk")
    return redirect(url_for("stations.client", person_id=item.person_id) + "#talk")


@bp.route("/employer/applications/<int:application_id>/interviews", methods=["POST"])
@allow(Role.EMPLOYER)
def invite(application_id: int):
    item = _application_for(application_id)

    def write() -> str:
        services.invite_to_interview(item, request.form, actor=current_user)
        return "已发出面试邀请，求职者回复后会通知您。"

    write_and_flash(write)
    return _back(item)


@bp.route(
    "/applications/<int:application_id>/interviews/<int:interview_id>/reply", methods=["POST"]
)
@allow(Role.SEEKER, Role.STATION_STAFF)
def reply(application_id: int, interview_id: int):
    item = _application_for(application_id)
    interview = (
        services.open_interview(item.id, interview_id) if interview_id <= MAX_ROW_ID else None
    )
    if interview is None:
        abort(404)

    def write() -> str:
        services.reply_to_interview(interview, request.form, actor=current_user)
        return "已回复面试邀请，用人单位会收到通知。"

    write_and_flash(write)
    return _back(item)


@bp.route("/applications/<int:application_id>/messages", methods=["POST"])
@allow(Role.EMPLOYER, Role.SEEKER, Role.STATION_STAFF)
def message(application_id: int):
    item = _application_for(application_id)
    side = {"employer": "employer", "seeker": "seeker"}.get(current_user.role, "station")

    def write() -> str:
        services.post_message(item, request.form.get("body"), actor=current_user, side=side)
        return "消息已发送。"

    write_and_flash(write)
    return _back(item)


@bp.app_context_processor
def _talk_helpers() -> dict:
    from jobhub.talks.models import REPLIES

    def talk_of(application_id: int) -> dict:
        return {
            "interviews": services.interviews_of(application_id),
            "thread": services.thread_of(application_id),
            "replies": REPLIES,
            "message_max": services.MESSAGE_MAX,
        }

    return {"talk_of": talk_of}
