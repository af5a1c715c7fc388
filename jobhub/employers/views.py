"""Web pages of the employers area: the organisation, vacancies with posting review,
candidates, the application pipeline, and the bureau's review queue and 公益性岗位."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from jobhub.access import allow
from jobhub.auth.models import User
from jobhub.auth.roles import Role
from jobhub.employers import candidates as cands
from jobhub.employers import queries, services
from jobhub.employers.forms import (
    ColleagueForm,
    HireForm,
    MoveForm,
    OrganisationForm,
    ReviewDecisionForm,
    VacancyForm,
    form_data,
)
from jobhub.employers.models import Organisation, Vacancy
from jobhub.extensions import db
from jobhub.numbers import plain_number
from jobhub.postings import review_to_json
from jobhub.security import audit
from jobhub.seekers import applications as apps
from jobhub.seekers import matching, subsidies
from jobhub.seekers.inputs import Conflict, InputError, attach_errors
from jobhub.seekers.models import APPLICATION_STATUSES, Application, Person
from jobhub.webforms import form_id, write_and_flash

bp = Blueprint("employers", __name__, url_prefix="/employer")

EMPLOYER_KINDS = {k: v for k, v in services.KINDS.items() if k != "public_welfare"}
ADMIN_KINDS = {"public_welfare": services.KINDS["public_welfare"]}


def _organisation() -> Organisation:
    organisation = db.session.get(Organisation, current_user.organisation_id or 0)
    if organisation is None:
        abort(404)
    return organisation


def _vacancy(vacancy_id: int) -> Vacancy:
    vacancy = services.vacancy_for(current_user, vacancy_id)
    if vacancy is None:
        abort(404)
    return vacancy


def _application(application_id: int) -> Application:
    application = db.session.get(Application, application_id)
    if application is None or application.vacancy.organisation_id != current_user.organisation_id:
        abort(404)
    return application


def _flash_loose(messages: list[str]) -> None:
    for message in messages:
        flash(message, "error")


@bp.route("/")
@allow(Role.EMPLOYER)
def home():
    organisation = db.session.get(Organisation, current_user.organisation_id or 0)
    vacancies = queries.organisation_vacancies(organisation.id) if organisation else []
    counts = queries.application_counts([v.id for v in vacancies])
    new = (
        queries.organisation_applications(organisation.id, status="applied") if organisation else []
    )
    return render_template(
        "employers/home.html",
        organisation=organisation,
        vacancies=vacancies,
        counts=counts,
        new=new,
        statuses=services.STATUSES,
        kinds=services.KINDS,
    )


# --- organisation -------------------------------------------------------------------------


@bp.route("/organisation", methods=["GET", "POST"])
@allow(Role.EMPLOYER)
def organisation():
    org = _organisation()
    form = OrganisationForm(obj=org if request.method == "GET" else None)
    colleague = ColleagueForm(prefix="c")
    if request.method == "POST" and form.validate_on_submit():
        try:
            services.update_organisation(org, form_data(form), actor=current_user)
        except InputError as exc:
            db.session.rollback()
            _flash_loose(attach_errors(form, exc.fields))
        else:
            db.session.commit()
            flash("单位信息已保存。", "success")
            return redirect(url_for("employers.organisation"))
    users = db.session.execute(
        db.select(User).where(User.organisation_id == org.id).order_by(User.id)
    ).scalars()
    return render_template(
        "employers/organisation.html", org=org, form=form, colleague=colleague, users=list(users)
    )


@bp.route("/organisation/users", methods=["POST"])
@allow(Role.EMPLOYER)
def add_colleague():
    org = _organisation()
    colleague = ColleagueForm(prefix="c")
    if colleague.validate_on_submit():
        try:
            services.add_colleague(org, form_data(colleague), actor=current_user)
        except InputError as exc:
            db.session.rollback()
            _flash_loose(attach_errors(colleague, exc.fields))
            form = OrganisationForm(obj=org)
            users = db.session.execute(
                db.select(User).where(User.organisation_id == org.id).order_by(User.id)
            ).scalars()
            return render_template(
                "employers/organisation.html",
                org=org,
                form=form,
                colleague=colleague,
                users=list(users),
            )
        db.session.commit()
        flash("经办人账号已添加，请把手机号和初始密码告诉对方。", "success")
    return redirect(url_for("employers.organisation"))


# --- vacancies ----------------------------------------------------------------------------


@bp.route("/vacancies")
@allow(Role.EMPLOYER)
def vacancies():
    org = _organisation()
    items = queries.organisation_vacancies(org.id)
    return render_template(
        "employers/vacancies.html",
        items=items,
        counts=queries.application_counts([v.id for v in items]),
        statuses=services.STATUSES,
        kinds=services.KINDS,
    )


def _occupation_choices(
    title: str | None, current: str | None, description: str = ""
) -> list[tuple[str, str]]:
    pairs = [
        (code, f"{name}（{code}）")
        for code, name, _s in services.suggest_occupation(title or "", description)
    ]
    if current and current not in {c for c, _ in pairs}:
        pairs.insert(0, (current, f"{services.occupation_label(current)}（{current}）"))
    return pairs


def _offer_occupations(form, title: str | None, current: str | None) -> None:
    """The 职业 choices for the typed title (and description), keeping the chosen one."""
    description = form.description.data if isinstance(form.description.data, str) else ""
    form.occupation_code.choices = [
        *form.occupation_code.choices[:1],
        *_occupation_choices(title if isinstance(title, str) else "", current or None, description),
    ]
    form.occupation_code.data = current or ""


def _vacancy_form_page(form, *, organisation, vacancy=None, outcome=None, admin=False):
    review = review_to_json(outcome.review) if outcome else None
    segments = cands.highlight(form.description.data or "", review["findings"]) if review else None
    return render_template(
        "employers/vacancy_form.html",
        form=form,
        organisation=organisation,
        vacancy=vacancy,
        review=review,
        segments=segments,
        outcome=outcome,
        admin=admin,
    )


def _handle_vacancy_form(form, organisation, *, vacancy=None, kinds, admin=False):
    """Validate, review and save; returns a response."""
    try:
        values = services.parse_vacancy(form_data(form), kinds=kinds)
    except InputError as exc:
        db.session.rollback()
        _flash_loose(attach_errors(form, exc.fields))
        _offer_occupations(form, form.title.data, form.occupation_code.data)
        return _vacancy_form_page(form, organisation=organisation, vacancy=vacancy, admin=admin)
    if admin:
        chosen = values.pop("organisation_id", None)
        organisation = next((o for o in services.public_employers() if o.id == chosen), None)
        if organisation is None:
            form.organisation_id.errors = ["请选择公益性岗位的开发单位（公共用人单位）"]
            return _vacancy_form_page(form, organisation=None, vacancy=vacancy, admin=True)
    else:
        values.pop("organisation_id", None)
    try:
        outcome = services.save_vacancy(organisation, values, actor=current_user, vacancy=vacancy)
    except Conflict as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for("employers.vacancy", vacancy_id=vacancy.id))
    if not outcome.saved:
        # Nothing saved; the review itself is kept (the audit trail of what was submitted).
        db.session.commit()
        if outcome.needs_justification:
            form.justification.errors = ["审核提示需要人工复核：请在“情况说明”中写明理由后再提交"]
        _offer_occupations(form, values["title"], outcome.occupation_code)
        return _vacancy_form_page(
            form, organisation=organisation, vacancy=vacancy, outcome=outcome, admin=admin
        )
    db.session.commit()
    if outcome.vacancy.status == "published":
        flash("审核通过，岗位已发布。", "success")
    else:
        flash("岗位已提交人工审核，审核通过后发布。", "info")
    return redirect(url_for("employers.vacancy", vacancy_id=outcome.vacancy.id))


@bp.route("/vacancies/new", methods=["GET", "POST"])
@allow(Role.EMPLOYER)
def new_vacancy():
    org = _organisation()
    form = VacancyForm(kinds=EMPLOYER_KINDS)
    if form.validate_on_submit():
        return _handle_vacancy_form(form, org, kinds=EMPLOYER_KINDS)
    if request.method == "GET":
        form.work_location.data = org.address
        form.street_code.data = org.street_code or ""
    return _vacancy_form_page(form, organisation=org)


@bp.route("/vacancies/<int:vacancy_id>/edit", methods=["GET", "POST"])
@allow(Role.EMPLOYER, Role.ADMIN)
def edit_vacancy(vacancy_id: int):
    vacancy = _vacancy(vacancy_id)
    admin = current_user.role == Role.ADMIN
    kinds = ADMIN_KINDS if admin or vacancy.kind == "public_welfare" else EMPLOYER_KINDS
    organisations = [(str(o.id), o.name) for o in services.public_employers()] if admin else None
    values = services.vacancy_form_values(vacancy)
    form = VacancyForm(
        data=None if request.method == "POST" else _as_form(values, vacancy),
        kinds=kinds,
        organisations=organisations,
        occupations=_occupation_choices(
            vacancy.title, vacancy.occupation_code, vacancy.description or ""
        ),
    )
    if form.validate_on_submit():
        return _handle_vacancy_form(
            form, vacancy.organisation, vacancy=vacancy, kinds=kinds, admin=admin
        )
    return _vacancy_form_page(form, organisation=vacancy.organisation, vacancy=vacancy, admin=admin)


def _as_form(values: dict, vacancy: Vacancy) -> dict:
    out = {}
    for key, value in values.items():
        if isinstance(value, list):
            value = "、".join(value)
        elif isinstance(value, float):
            value = plain_number(value)
        out[key] = "" if value is None else str(value)
    out["organisation_id"] = str(vacancy.organisation_id)
    return out


@bp.route("/vacancies/<int:vacancy_id>")
@allow(Role.EMPLOYER, Role.ADMIN)
def vacancy(vacancy_id: int):
    item = _vacancy(vacancy_id)
    latest = services.latest_review(item)
    findings = latest.findings if latest else []
    return render_template(
        "employers/vacancy.html",
        vacancy=item,
        findings=findings,
        segments=cands.highlight(item.description, findings),
        statuses=services.STATUSES,
        kinds=services.KINDS,
        units=services.SALARY_UNITS,
        occupation=services.occupation_label(item.occupation_code),
        count=queries.application_counts([item.id]).get(item.id, 0),
    )


@bp.route("/vacancies/<int:vacancy_id>/status", methods=["POST"])
@allow(Role.EMPLOYER, Role.ADMIN)
def vacancy_status(vacancy_id: int):
    item = _vacancy(vacancy_id)
    write_and_flash(
        lambda: services.change_status(item, request.form.get("action", ""), actor=current_user)
    )
    return redirect(url_for("employers.vacancy", vacancy_id=item.id))


# --- candidates ---------------------------------------------------------------------------


@bp.route("/vacancies/<int:vacancy_id>/candidates")
@allow(Role.EMPLOYER)
@audit.shows_people("查看岗位的推荐人选")
def candidates(vacancy_id: int):
    item = _vacancy(vacancy_id)
    from jobhub.talks.resumes import shared_person_ids

    page = min(form_id(request.args.get("page")) or 1, cands.PAGES)
    total, rows = 0, []
    if matching.available():
        total, rows = cands.candidate_page(item, page)
        if not rows and page > 1:  # past the last page: show the last one
            page = max(1, -(-total // cands.PAGE_SIZE))
            total, rows = cands.candidate_page(item, page)
    return render_template(
        "employers/candidates.html",
        vacancy=item,
        rows=rows,
        total=total,
        page=page,
        pages=max(1, -(-total // cands.PAGE_SIZE)),
        first=(page - 1) * cands.PAGE_SIZE + 1,
        ready=matching.available(),
        shared=shared_person_ids(item.organisation_id),
    )


@bp.route("/vacancies/<int:vacancy_id>/invite/<int:person_id>", methods=["POST"])
@allow(Role.EMPLOYER)
def invite(vacancy_id: int, person_id: int):
    item = _vacancy(vacancy_id)
    person = db.session.get(Person, person_id)
    if person is None:
        abort(404)
    try:
        apps.invite(item, person, request.form.get("message"), actor=current_user)
    except InputError as exc:
        db.session.rollback()
        _flash_loose(list(exc.fields.values()))
    except Conflict as exc:
        db.session.rollback()
        flash(exc.message, "info")
    else:
        db.session.commit()
        if person.user_id is None:
            # registered at a station's counter, without an account of their own
            flash("已发送应聘邀请。该求职者在驿站登记，驿站工作人员会转告本人。", "success")
        else:
            flash("已发送应聘邀请，求职者会在“我的申请”中看到。", "success")
    return redirect(url_for("employers.candidates", vacancy_id=item.id))


# --- applications -------------------------------------------------------------------------


@bp.route("/applications")
@allow(Role.EMPLOYER)
@audit.shows_people("查看应聘者列表")
def applications():
    org = _organisation()
    vacancy_id = request.args.get("vacancy_id", type=int)
    status = request.args.get("status") or None
    if status not in APPLICATION_STATUSES:
        status = None
    items = queries.organisation_applications(org.id, vacancy_id=vacancy_id, status=status)
    return render_template(
        "employers/applications.html",
        items=items,
        vacancies=queries.organisation_vacancies(org.id),
        vacancy_id=vacancy_id,
        status=status,
        statuses=APPLICATION_STATUSES,
        reasons=apps.REJECTION_REASONS,
        form=MoveForm(targets=[(t, APPLICATION_STATUSES[t]) for t in apps.BULK_TARGETS]),
    )


@bp.route("/applications/bulk", methods=["POST"])
@allow(Role.EMPLOYER)
def bulk():
    org = _organisation()
    ids = [i for i in map(form_id, request.form.getlist("ids")) if i is not None]
    if not ids:
        flash("请先勾选要处理的申请。", "error")
        return redirect(url_for("employers.applications"))
    try:
        move = apps.parse_move(request.form)
        chosen = [a for a in queries.organisation_applications(org.id) if a.id in set(ids)]
        moved, skipped = apps.bulk_move(chosen, move, actor=current_user)
    except InputError as exc:
        db.session.rollback()
        _flash_loose(list(exc.fields.values()))
        return redirect(url_for("employers.applications"))
    db.session.commit()
    flash(f"已处理 {moved} 份申请。", "success")
    _flash_loose(skipped)
    return redirect(url_for("employers.applications"))


@bp.route("/applications/<int:application_id>", methods=["GET", "POST"])
@allow(Role.EMPLOYER)
@audit.shows_people("查看应聘者")
def application(application_id: int):
    """An application. The applicant's phone is masked; showing it in full (to call them) is
    a deliberate step that the audit log records."""
    item = _application(application_id)
    apps.mark_viewed(item, actor=current_user)
    revealed_phone = None
    if request.method == "POST" and request.form.get("reveal") == "phone":
        revealed_phone = audit.reveal(current_user, item.person, "phone", "联系应聘者安排面试")
    db.session.commit()
    return _application_page(item, revealed_phone=revealed_phone)


def _application_page(  # noqa: ANN202 - a response
    item: Application, *, revealed_phone: str | None = None, errors: dict | None = None
):
    """The application page; after a refused move, with the choices the employer made and
    what to change (a refusal without a reason used to come back with the choice reset)."""
    targets = [
        (t, APPLICATION_STATUSES[t])
        for t in apps.EMPLOYER_MOVES.get(item.status, ())
        if t != "hired"
    ]
    form = MoveForm(targets=targets)
    hire_form = HireForm(prefix="h")
    if item.vacancy.kind == "traineeship":
        hire_form.hired_on.label.text = "见习开始日期"
    if errors:
        hiring = request.form.get("h-hired_on") is not None
        _flash_loose(attach_errors(hire_form if hiring else form, errors))
    return render_template(
        "employers/application.html",
        item=item,
        form=form,
        hire_form=hire_form,
        can_hire="hired" in apps.EMPLOYER_MOVES.get(item.status, ()),
        reasons=apps.REJECTION_REASONS,
        hire=subsidies.hire_subsidies_json(subsidies.hire_subsidies(item)),
        revealed_phone=revealed_phone,
    ), (422 if errors else 200)


@bp.route("/applications/<int:application_id>/resume")
@allow(Role.EMPLOYER)
@audit.shows_people("用人单位查看应聘者简历")
def resume(application_id: int):
    """The applicant's résumé to read and print: what they gave for matching, phone and ID
    number masked (a withdrawn application no longer shows it)."""
    from jobhub.stations.services import Availability

    item = _application(application_id)
    if item.status == "withdrawn":
        abort(404)
    return render_template(
        "employers/resume.html",
        item=item,
        person=item.person,
        availability=Availability.of(item.person),
        units=services.SALARY_UNITS,
    )


@bp.route("/applications/<int:application_id>/move", methods=["POST"])
@allow(Role.EMPLOYER)
def move(application_id: int):
    item = _application(application_id)
    if request.form.get("h-hired_on") is not None:
        data = {k.removeprefix("h-"): v for k, v in request.form.items()}
        data["to"] = "hired"
    else:
        data = dict(request.form)
    try:
        apps.move(item, apps.parse_move(data, item.vacancy.kind), actor=current_user)
    except InputError as exc:
        db.session.rollback()
        return _application_page(item, errors=exc.fields)
    except Conflict as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        db.session.commit()
        flash(f"已更新为“{item.status_label}”。", "success")
    return redirect(url_for("employers.application", application_id=item.id))


# --- the bureau: review queue and 公益性岗位 -------------------------------------------------


@bp.route("/review")
@allow(Role.ADMIN)
def review_queue():
    items = queries.pending_review()
    reviews = {v.id: services.latest_review(v) for v in items}
    return render_template(
        "employers/review_queue.html",
        items=items,
        reviews={k: (r.findings if r else []) for k, r in reviews.items()},
        segments={
            v.id: cands.highlight(v.description, reviews[v.id].findings if reviews[v.id] else [])
            for v in items
        },
        form=ReviewDecisionForm(),
        public_welfare=queries.public_welfare_vacancies(),
        statuses=services.STATUSES,
    )


@bp.route("/review/<int:vacancy_id>", methods=["POST"])
@allow(Role.ADMIN)
def decide(vacancy_id: int):
    item = db.session.get(Vacancy, vacancy_id)
    if item is None:
        abort(404)
    form = ReviewDecisionForm()
    try:
        services.decide_review(
            item, {"decision": form.decision.data, "reason": form.reason.data}, actor=current_user
        )
    except InputError as exc:
        db.session.rollback()
        _flash_loose(list(exc.fields.values()))
    except Conflict as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        db.session.commit()
        flash("审核结论已记录。", "success")
    return redirect(url_for("employers.review_queue"))


@bp.route("/public-welfare/new", methods=["GET", "POST"])
@allow(Role.ADMIN)
def new_public_welfare():
    organisations = [(str(o.id), o.name) for o in services.public_employers()]
    form = VacancyForm(kinds=ADMIN_KINDS, organisations=organisations)
    if form.validate_on_submit():
        return _handle_vacancy_form(form, None, kinds=ADMIN_KINDS, admin=True)
    return _vacancy_form_page(form, organisation=None, admin=True)
