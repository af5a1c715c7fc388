"""Web pages of the seekers area: home, 实名, profile, matches, applications and policies."""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from jobhub.access import allow
from jobhub.auth.roles import Role
from jobhub.employers.models import Vacancy
from jobhub.employers.services import KINDS, SALARY_UNITS
from jobhub.extensions import db
from jobhub.numbers import plain_number
from jobhub.seekers import applications as apps
from jobhub.seekers import consents, matching, queries, services, subsidies
from jobhub.seekers.consent_texts import GIVEN_ONLINE, title_of
from jobhub.seekers.forms import (
    ApplyForm,
    IdentityForm,
    MatchFilterForm,
    ProfileForm,
    SubsidyApplyForm,
)
from jobhub.seekers.identity import SENSITIVE_STATUSES
from jobhub.seekers.inputs import Conflict, InputError, attach_errors
from jobhub.seekers.models import Application, Invitation
from jobhub.seekers.places import street_name
from jobhub.talks.resumes import shares_of as resume_shares_of
from jobhub.training import recommend
from jobhub.training.enrolment import verified_skill_names
from jobhub.webforms import choices, write_and_flash

bp = Blueprint("seekers", __name__, url_prefix="/seeker")


def _verified_person():
    """The signed-in seeker's 实名 record, or ``None`` (the caller redirects to 实名)."""
    person = services.person_for_user(current_user)
    return person if person is not None and person.id_number else None


def needs_identity(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        person = _verified_person()
        if person is None:
            flash("请先完成实名登记（姓名和身份证号），再使用此功能。", "info")
            return redirect(url_for("seekers.identity"))
        return view(person, *args, **kwargs)

    return wrapped


def _flash_loose(messages: list[str]) -> None:
    for message in messages:
        flash(message, "error")


@bp.route("/")
@allow(Role.SEEKER)
def home():
    person = services.person_for_user(current_user)
    policy = subsidies.policy_view(person) if person and person.id_number else None
    invitations = (
        [i for i in queries.person_invitations(person.id) if i.status == "sent"] if person else []
    )
    recent = queries.person_applications(person.id)[:5] if person else []
    latest = (
        db.session.execute(
            db.select(Vacancy)
            .where(Vacancy.status == "published")
            .order_by(Vacancy.published_at.desc(), Vacancy.id.desc())
            .limit(6)
        )
        .scalars()
        .all()
    )
    return render_template(
        "seekers/home.html",
        person=person,
        policy=policy,
        invitations=invitations,
        recent=recent,
        vacancies=latest,
    )


@bp.route("/identity", methods=["GET", "POST"])
@allow(Role.SEEKER)
def identity():
    person = services.person_for_user(current_user)
    if person is not None and person.id_number:
        flash("您已完成实名登记。", "info")
        return redirect(url_for("seekers.profile"))
    form = IdentityForm()
    if form.validate_on_submit():
        try:
            services.register_identity(current_user, form.name.data, form.id_number.data)
        except InputError as exc:
            db.session.rollback()
            _flash_loose(attach_errors(form, exc.fields))
        else:
            db.session.commit()
            flash("实名登记完成。出生日期和性别已按身份证号自动填写。", "success")
            return redirect(url_for("seekers.profile"))
    return render_template("seekers/identity.html", form=form)


@bp.route("/profile", methods=["GET", "POST"])
@allow(Role.SEEKER)
@needs_identity
def profile(person):
    form = ProfileForm()
    if request.method == "GET":
        data = services.profile_json(person)
        for name, field in form._fields.items():
            if name == "csrf_token":
                continue
            value = data.get(name)
            if isinstance(value, list):
                value = "、".join(value)
            if name == "share_with_employers":
                field.data = bool(value)
            else:
                field.data = (
                    ""
                    if value is None
                    else (plain_number(value) if isinstance(value, float) else str(value))
                )
    elif form.validate_on_submit():
        try:
            values = services.parse_profile(form.to_data(), person=person)
            services.update_profile(person, values, actor=current_user)
        except InputError as exc:
            db.session.rollback()
            _flash_loose(attach_errors(form, exc.fields))
        else:
            db.session.commit()
            flash("资料已保存。推荐岗位和可享受的政策已按新资料重新计算。", "success")
            return redirect(url_for("seekers.profile"))
    policy = subsidies.policy_view(person)
    return render_template(
        "seekers/profile.html",
        form=form,
        person=person,
        policy=policy,
        coded=services.coded_titles(person),
        sensitive=services.sensitive_rows(person),
        street=street_name(person.home_street_code),
        suggestions=services.skill_suggestions()[:20],
        verified=verified_skill_names(person),
    )


@bp.route("/profile/occupations", methods=["POST"])
@allow(Role.SEEKER)
@needs_identity
def occupations(person):
    chosen = [request.form.get(f"occ_{i}") for i in range(len(person.desired_titles or []))]
    try:
        services.correct_occupation_codes(person, chosen, actor=current_user)
    except InputError as exc:
        db.session.rollback()
        _flash_loose(list(exc.fields.values()))
    else:
        db.session.commit()
        flash("职业编码已更正。", "success")
    return redirect(url_for("seekers.profile") + "#occupations")


@bp.route("/sensitive/<code>", methods=["POST"])
@allow(Role.SEEKER)
@needs_identity
def sensitive(person, code: str):
    if code not in SENSITIVE_STATUSES:
        abort(404)
    label = SENSITIVE_STATUSES[code][0]

    def write() -> str:
        if request.form.get("action") == "withdraw":
            services.withdraw_status(person, code, actor=current_user)
            return f"已撤回同意，“{label}”的登记信息已删除。"
        services.record_sensitive_status(person, code, request.form, actor=current_user)
        return f"已按您的同意登记“{label}”。"

    write_and_flash(write)
    return redirect(url_for("seekers.profile") + "#sensitive")


@bp.route("/privacy")
@allow(Role.SEEKER)
@needs_identity
def privacy(person):
    """我的授权: what the seeker agreed to, when, which version, and a 撤回 for each."""
    return render_template(
        "seekers/privacy.html", consents=consents.consent_rows(person), online=GIVEN_ONLINE
    )


@bp.route("/privacy/<purpose>/give", methods=["POST"])
@allow(Role.SEEKER)
@needs_identity
def give_consent(person, purpose: str):
    """Agree online to a purpose a person may take up by themself (texts of notifications)."""
    if purpose not in GIVEN_ONLINE:
        abort(404)

    def give() -> str:
        consents.give_consent(person, purpose, via="online", actor=current_user)
        return f"已同意：{title_of(purpose)}。"

    write_and_flash(give)
    return redirect(url_for("seekers.privacy"))


@bp.route("/privacy/<purpose>/withdraw", methods=["POST"])
@allow(Role.SEEKER)
@needs_identity
def withdraw_consent(person, purpose: str):
    if request.form.get("confirm") != "y":
        flash("请先勾选“确认撤回”。", "error")
        return redirect(url_for("seekers.privacy"))

    def withdraw() -> str:
        consents.withdraw_consent(person, purpose, via="online", actor=current_user)
        return f"已撤回同意：{title_of(purpose)}。"

    write_and_flash(withdraw)
    return redirect(url_for("seekers.privacy"))


@bp.route("/matches")
@allow(Role.SEEKER)
@needs_identity
def matches(person):
    form = MatchFilterForm(request.args)
    results, ineligible, nearby, pages, page, gaps, courses = [], [], None, 1, 1, [], []
    show_nearby = request.args.get("view") == "nearby"
    ready = matching.available()
    try:
        filters = matching.parse_filters(request.args)
    except InputError as exc:
        attach_errors(form, exc.fields)
        filters = None
    if ready and filters is not None and show_nearby:
        nearby = matching.nearby(person, filters.max_km)
        ready = nearby is not None
    elif ready and filters is not None:
        ranked = matching.ranked_vacancies(person, filters)
        ready = ranked is not None
        eligible, ineligible = matching.split_by_eligibility(ranked or [])
        gaps = matching.skill_gaps(eligible)
        courses = recommend.courses_for(person, eligible)
        results, pages = matching.page_of(eligible, filters.page)
        page = min(filters.page, pages)
    applied = queries.applied_vacancy_ids(person.id)
    args = {k: v for k, v in request.args.items() if k not in ("page", "view") and v}
    return render_template(
        "seekers/matches.html",
        form=form,
        results=results,
        ineligible=ineligible[:5],
        nearby=nearby,
        page=page,
        pages=pages,
        gaps=gaps,
        courses=courses,
        verified=verified_skill_names(person),
        ready=ready,
        applied=applied,
        args=args,
        part_labels=matching.PART_LABELS,
        eligibility_reasons=matching.ELIGIBILITY_REASONS,
        kinds=KINDS,
        units=SALARY_UNITS,
        person=person,
    )


@bp.route("/vacancies/<int:vacancy_id>")
@allow(Role.SEEKER)
def vacancy(vacancy_id: int):
    return _vacancy_page(vacancy_id, ApplyForm())


def _vacancy_page(vacancy_id: int, form: ApplyForm, status: int = 200):  # noqa: ANN202
    item = db.session.get(Vacancy, vacancy_id)
    if item is None or item.status != "published":
        abort(404)
    person = services.person_for_user(current_user)
    existing = apps.live_application(item.id, person.id) if person else None
    ineligible = matching.ineligibility(person, item.kind) if person else None
    return render_template(
        "seekers/vacancy.html",
        vacancy=item,
        form=form,
        existing=existing,
        ineligible=ineligible,
        person=person,
        kinds=KINDS,
        units=SALARY_UNITS,
    ), status


@bp.route("/vacancies/<int:vacancy_id>/apply", methods=["POST"])
@allow(Role.SEEKER)
@needs_identity
def apply(person, vacancy_id: int):
    form = ApplyForm()
    try:
        application = apps.apply(person, vacancy_id, form.message.data, actor=current_user)
    except InputError as exc:
        db.session.rollback()
        if "vacancy_id" in exc.fields:
            abort(404)
        # the page again, with what the person wrote and what to change: nothing lost
        attach_errors(form, exc.fields)
        _flash_loose([m for f, m in exc.fields.items() if f != "message"])
        return _vacancy_page(vacancy_id, form, 422)
    except Conflict as exc:
        db.session.rollback()
        flash(exc.message, "info")
        return redirect(url_for("seekers.applications"))
    db.session.commit()
    flash("已投递。用人单位查看和处理后，进度会显示在这里。", "success")
    return redirect(url_for("seekers.application", application_id=application.id))


@bp.route("/applications")
@allow(Role.SEEKER)
def applications():
    person = services.person_for_user(current_user)
    items = queries.person_applications(person.id) if person else []
    invitations = queries.person_invitations(person.id) if person else []
    shares = resume_shares_of(person.id) if person else []
    return render_template(
        "seekers/applications.html",
        items=items,
        invitations=invitations,
        person=person,
        shares=shares,
        shared_with={s.organisation_id: s.organisation_name for s in shares},
    )


def _own_application(application_id: int) -> Application:
    person = services.person_for_user(current_user)
    application = db.session.get(Application, application_id)
    if application is None or person is None or application.person_id != person.id:
        abort(404)
    return application


@bp.route("/applications/<int:application_id>")
@allow(Role.SEEKER)
def application(application_id: int):
    item = _own_application(application_id)
    return render_template(
        "seekers/application.html",
        item=item,
        reasons=apps.REJECTION_REASONS,
        hire=subsidies.hire_subsidies_json(subsidies.hire_subsidies(item)),
    )


@bp.route("/applications/<int:application_id>/withdraw", methods=["POST"])
@allow(Role.SEEKER)
def withdraw(application_id: int):
    item = _own_application(application_id)
    try:
        apps.withdraw(item, actor=current_user)
    except Conflict as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        db.session.commit()
        flash("申请已撤回。", "success")
    return redirect(url_for("seekers.application", application_id=item.id))


@bp.route("/invitations/<int:invitation_id>/decline", methods=["POST"])
@allow(Role.SEEKER)
def decline(invitation_id: int):
    person = services.person_for_user(current_user)
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or person is None or invitation.person_id != person.id:
        abort(404)
    try:
        apps.decline_invitation(invitation)
    except Conflict as exc:
        db.session.rollback()
        flash(exc.message, "info")
    else:
        db.session.commit()
        flash("已婉拒该邀请。", "success")
    return redirect(url_for("seekers.applications"))


@bp.route("/policies", methods=["GET", "POST"])
@allow(Role.SEEKER)
@needs_identity
def policies(person):
    form = SubsidyApplyForm()
    form.code.choices = choices((c, subsidies.subsidy_name(c)) for c in subsidies.ONLINE_CODES)
    if form.validate_on_submit():
        try:
            subsidies.apply_for_subsidy(
                person,
                {"code": form.code.data, "monthly_contribution": form.monthly_contribution.data},
                actor=current_user,
            )
        except InputError as exc:
            db.session.rollback()
            _flash_loose(attach_errors(form, exc.fields))
        except Conflict as exc:
            db.session.rollback()
            flash(exc.message, "info")
        else:
            db.session.commit()
            flash("申请已提交，经办机构审核后会在本页显示结果。", "success")
            return redirect(url_for("seekers.policies") + "#my-applications")
    elif request.method == "GET" and person.monthly_contribution is not None:
        form.monthly_contribution.data = f"{float(person.monthly_contribution):.2f}"
    mine = queries.person_subsidy_applications(person.id)
    return render_template(
        "seekers/policies.html",
        form=form,
        person=person,
        policy=subsidies.policy_view(person),
        mine=mine,
        terms={a.id: subsidies.subsidy_term(a) for a in mine if a.status == "approved"},
        names={c: subsidies.subsidy_name(c) for c in subsidies.SUBSIDY_NAMES},
    )
