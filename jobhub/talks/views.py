"""The interview and message forms on the application pages of both sides, the station's
reply for a person it registered without an account, and the résumé a person shares with an
employer that invited them (and the employer's page to read it)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from jobhub.access import allow
from jobhub.auth.roles import Role
from jobhub.db import MAX_ROW_ID
from jobhub.extensions import db
from jobhub.security import audit
from jobhub.seekers.models import Application, Invitation
from jobhub.seekers.services import person_for_user
from jobhub.stations.queries import person_visible_to_staff
from jobhub.talks import resumes, services
from jobhub.talks.models import ResumeShare
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


def _own_person(person_id: int) -> None:
    """404 unless the person is the signed-in seeker, or one the staff member's station serves."""
    if current_user.role == Role.SEEKER.value:
        person = person_for_user(current_user)
        ok = person is not None and person.id == person_id
    else:
        from jobhub.seekers.models import Person

        person = db.session.get(Person, person_id)
        ok = person is not None and person_visible_to_staff(person, current_user)
    if not ok:
        abort(404)


def _back_to_person(person_id: int):  # noqa: ANN202 - a response
    if current_user.role == Role.SEEKER.value:
        return redirect(url_for("seekers.applications") + "#resume-shares")
    return redirect(url_for("stations.client", person_id=person_id) + "#invitations")


@bp.route("/invitations/<int:invitation_id>/share-resume", methods=["POST"])
@allow(Role.SEEKER, Role.STATION_STAFF)
def share_resume(invitation_id: int):
    """The person lets the employer that invited them read their résumé; at the counter the
    worker confirms that the person agreed there."""
    invitation = db.session.get(Invitation, invitation_id) if invitation_id <= MAX_ROW_ID else None
    if invitation is None:
        abort(404)
    _own_person(invitation.person_id)
    via = "online" if current_user.role == Role.SEEKER.value else "counter"
    if via == "counter" and request.form.get("confirm") != "y":
        flash("请先勾选“本人已当面同意向该单位提供简历”。", "error")
        return _back_to_person(invitation.person_id)

    def write() -> str:
        resumes.share_resume(invitation, actor=current_user, via=via)
        return f"已同意{invitation.vacancy.organisation.name}查看简历（手机号、身份证号脱敏）。"

    write_and_flash(write)
    return _back_to_person(invitation.person_id)


@bp.route("/resume-shares/<int:share_id>/withdraw", methods=["POST"])
@allow(Role.SEEKER, Role.STATION_STAFF)
def withdraw_resume_share(share_id: int):
    share = db.session.get(ResumeShare, share_id) if share_id <= MAX_ROW_ID else None
    if share is None:
        abort(404)
    _own_person(share.person_id)
    if share.withdrawn_at is None:
        resumes.withdraw_share(share, actor=current_user)
        db.session.commit()
    flash("已撤回：该单位不能再查看简历。", "success")
    return _back_to_person(share.person_id)


@bp.route("/employer/people/<int:person_id>/resume")
@allow(Role.EMPLOYER)
@audit.shows_people("用人单位查看受邀求职者简历（本人同意）")
def person_resume(person_id: int):
    """A résumé the person applied with or agreed to share with this employer; 404 for
    anyone else (the same answer as no such person)."""
    from jobhub.employers.services import SALARY_UNITS
    from jobhub.stations.services import Availability

    person = (
        resumes.resume_person(person_id, current_user.organisation_id)
        if person_id <= MAX_ROW_ID and current_user.organisation_id is not None
        else None
    )
    if person is None:
        abort(404)
    return render_template(
        "employers/resume.html",
        item=None,
        share=resumes.live_share(person.id, current_user.organisation_id),
        person=person,
        availability=Availability.of(person),
        units=SALARY_UNITS,
    )


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
