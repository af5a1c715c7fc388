"""Web pages of the training area: the catalogue for seekers and counters, the institution's
courses and roster, and the bureau's institutions, course review and outcomes."""

from __future__ import annotations

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_login import current_user

from jobhub.access import allow
from jobhub.auth.roles import Role
from jobhub.auth.services import find_user_by_login
from jobhub.extensions import db
from jobhub.policy.dates import today_in_china
from jobhub.security import audit
from jobhub.seekers import services as seeker_services
from jobhub.seekers.inputs import Conflict, InputError
from jobhub.seekers.places import street_name, street_options
from jobhub.stations.queries import person_for_staff
from jobhub.training import catalogue, enrolment, stats
from jobhub.training.models import LEVELS, Course, Enrolment, TrainingInstitution
from jobhub.webforms import write_and_flash

bp = Blueprint("training", __name__, url_prefix="/training")

COURSE_FIELDS = (
    "title",
    "occupation_code",
    "skills",
    "level",
    "hours",
    "starts_on",
    "ends_on",
    "street_code",
    "place",
    "fee",
    "capacity",
    "description",
)


def _page_context() -> dict:
    return {
        "levels": LEVELS,
        "streets": street_options(),
        "street_name": street_name,
        "skill_names": lambda ids: "、".join(catalogue.skill_name(i) for i in ids),
        "occupation_label": catalogue.occupation_label,
    }


def _own_person():
    person = seeker_services.person_for_user(current_user)
    if person is None or not person.id_number:
        return None
    return person


def _open_courses() -> list[Course]:
    return list(
        db.session.scalars(
            db.select(Course)
            .where(Course.status == "published", Course.starts_on >= today_in_china())
            .order_by(Course.starts_on, Course.id)
        )
    )


# --- the catalogue: seekers, counters, the bureau --------------------------------------------


@bp.route("/courses")
@allow(Role.SEEKER, Role.STATION_STAFF, Role.ADMIN)
def courses():
    person = _own_person() if current_user.role == Role.SEEKER else None
    items = _open_courses()
    estimates = {c.id: enrolment.estimate(person, c) for c in items} if person else {}
    return render_template(
        "training/courses.html", items=items, estimates=estimates, person=person, **_page_context()
    )


@bp.route("/courses/<int:course_id>")
@allow(Role.SEEKER, Role.STATION_STAFF, Role.ADMIN)
def course(course_id: int):
    item = catalogue.public_course(course_id)
    if item is None:
        abort(404)
    person = _own_person() if current_user.role == Role.SEEKER else None
    mine = None
    if person is not None:
        mine = db.session.scalar(
            db.select(Enrolment).where(
                Enrolment.course_id == item.id,
                Enrolment.person_id == person.id,
                Enrolment.active.is_(True),
            )
        )
    found = enrolment.estimate(person, item) if person else None
    return render_template(
        "training/course.html",
        course=item,
        estimate=found,
        person=person,
        mine=mine,
        **_page_context(),
    )


@bp.route("/courses/<int:course_id>/enrol", methods=["POST"])
@allow(Role.SEEKER)
def enrol(course_id: int):
    person = _own_person()
    if person is None:
        return redirect(url_for("seekers.identity"))
    if catalogue.public_course(course_id) is None:
        abort(404)

    def act() -> str:
        enrolment.enrol(course_id, person, actor=current_user)
        return "已报名，等待培训机构确认。"

    write_and_flash(act)
    return redirect(url_for("training.mine"))


@bp.route("/mine")
@allow(Role.SEEKER)
def mine():
    person = _own_person()
    if person is None:
        return redirect(url_for("seekers.identity"))
    return render_template(
        "training/mine.html",
        items=enrolment.enrolments_of_person(person.id),
        verified=enrolment.verified_skill_names(person),
        **_page_context(),
    )


def _enrolment(enrolment_id: int, *roles: str) -> Enrolment:
    if current_user.role not in roles:
        abort(403)
    item = enrolment.enrolment_for(current_user, enrolment_id)
    if item is None:
        abort(404)
    return item


@bp.route("/enrolments/<int:enrolment_id>/withdraw", methods=["POST"])
@allow(Role.SEEKER)
def withdraw(enrolment_id: int):
    item = _enrolment(enrolment_id, Role.SEEKER)

    def act() -> str:
        enrolment.withdraw(item, actor=current_user)
        return "已退出该课程，名额已释放。"

    write_and_flash(act)
    return redirect(url_for("training.mine"))


@bp.route("/enrolments/<int:enrolment_id>/claim", methods=["POST"])
@allow(Role.SEEKER, Role.STATION_STAFF)
def claim(enrolment_id: int):
    item = _enrolment(enrolment_id, Role.SEEKER, Role.STATION_STAFF)

    def act() -> str:
        enrolment.claim_subsidy(item, actor=current_user)
        return "培训补贴申请已提交，由人社局审核。"

    write_and_flash(act)
    if current_user.role == Role.STATION_STAFF:
        return redirect(url_for("stations.client", person_id=item.person_id))
    return redirect(url_for("training.mine"))


@bp.route("/counter/<int:person_id>/enrol", methods=["POST"])
@allow(Role.STATION_STAFF)
def counter_enrol(person_id: int):
    """Staff enrol a person their station serves (the counter's course suggestions)."""
    person = person_for_staff(person_id, current_user)
    raw = request.form.get("course_id", "")
    course_id = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else 0
    if catalogue.public_course(course_id) is None:
        abort(404)

    def act() -> str:
        enrolment.enrol(course_id, person, actor=current_user)
        return "已代为报名，等待培训机构确认。"

    write_and_flash(act)
    return redirect(url_for("stations.client", person_id=person.id))


# --- the institution (and the bureau) managing courses -----------------------------------------


def _institution_of_user() -> TrainingInstitution:
    if current_user.institution_id is None:
        abort(403)
    return db.get_or_404(TrainingInstitution, current_user.institution_id)


@bp.route("/institution")
@allow(Role.INSTITUTION)
def institution_home():
    institution = _institution_of_user()
    return render_template(
        "training/institution.html",
        institution=institution,
        items=catalogue.courses_of(institution.id),
        **_page_context(),
    )


def _course_form(institution: TrainingInstitution, item: Course | None, back: str):
    values = {k: request.form.get(k, "") for k in COURSE_FIELDS}
    errors: dict[str, str] = {}
    findings: tuple = ()
    if request.method == "POST":
        try:
            outcome = catalogue.save_course(
                institution, request.form, actor=current_user, course=item
            )
        except InputError as exc:
            db.session.rollback()
            errors = exc.fields
        except Conflict as exc:
            db.session.rollback()
            errors = {"form": exc.message}
        else:
            if outcome.saved:
                db.session.commit()
                from flask import flash

                flash("课程已提交，人社局审核通过后公开招生。", "success")
                return redirect(back)
            findings = outcome.findings
            # the review is kept as a record even when the course is refused
            db.session.commit()
    elif item is not None:
        values = {k: getattr(item, k) for k in COURSE_FIELDS}
        values["skills"] = "、".join(catalogue.skill_name(s) for s in item.skills)
        values["fee"] = f"{float(item.fee):.2f}"
    return render_template(
        "training/course_form.html",
        institution=institution,
        course=item,
        values=values,
        errors=errors,
        findings=findings,
        **_page_context(),
    )


@bp.route("/institution/courses/new", methods=["GET", "POST"])
@allow(Role.INSTITUTION)
def new_course():
    return _course_form(_institution_of_user(), None, url_for("training.institution_home"))


@bp.route("/admin/institutions/<int:institution_id>/courses/new", methods=["GET", "POST"])
@allow(Role.ADMIN)
def admin_new_course(institution_id: int):
    institution = db.get_or_404(TrainingInstitution, institution_id)
    return _course_form(institution, None, url_for("training.admin_institutions"))


def _managed(course_id: int) -> Course:
    item = catalogue.course_for_manager(current_user, course_id)
    if item is None:
        abort(404)
    return item


@bp.route("/manage/courses/<int:course_id>/edit", methods=["GET", "POST"])
@allow(Role.INSTITUTION, Role.ADMIN)
def edit_course(course_id: int):
    item = _managed(course_id)
    back = url_for("training.roster", course_id=item.id)
    return _course_form(item.institution, item, back)


@bp.route("/manage/courses/<int:course_id>")
@allow(Role.INSTITUTION, Role.ADMIN)
@audit.shows_people("培训机构查看学员名单")
def roster(course_id: int):
    item = _managed(course_id)
    people = sorted(item.enrolments, key=lambda e: (e.applied_at, e.id))
    return render_template(
        "training/roster.html",
        course=item,
        enrolments=people,
        today=today_in_china(),
        **_page_context(),
    )


@bp.route("/manage/courses/<int:course_id>/close", methods=["POST"])
@allow(Role.INSTITUTION, Role.ADMIN)
def close_course(course_id: int):
    item = _managed(course_id)

    def act() -> str:
        catalogue.close_course(item, actor=current_user)
        return "已结束招生。"

    write_and_flash(act)
    return redirect(url_for("training.roster", course_id=item.id))


def _institution_step(enrolment_id: int, step, done: str):  # noqa: ANN001, ANN202
    item = _enrolment(enrolment_id, Role.INSTITUTION)

    def act() -> str:
        step(item, request.form, actor=current_user)
        return done

    write_and_flash(act)
    return redirect(url_for("training.roster", course_id=item.course_id))


@bp.route("/manage/enrolments/<int:enrolment_id>/answer", methods=["POST"])
@allow(Role.INSTITUTION)
def answer(enrolment_id: int):
    return _institution_step(enrolment_id, enrolment.answer, "已处理报名。")


@bp.route("/manage/enrolments/<int:enrolment_id>/attendance", methods=["POST"])
@allow(Role.INSTITUTION)
def attendance(enrolment_id: int):
    return _institution_step(enrolment_id, enrolment.record_attendance, "已登记出勤。")


@bp.route("/manage/enrolments/<int:enrolment_id>/complete", methods=["POST"])
@allow(Role.INSTITUTION)
def complete(enrolment_id: int):
    return _institution_step(enrolment_id, enrolment.complete, "已登记结业和证书。")


# --- the bureau ------------------------------------------------------------------------------


@bp.route("/admin/institutions", methods=["GET", "POST"])
@allow(Role.ADMIN)
def admin_institutions():
    errors: dict[str, str] = {}
    values = {k: request.form.get(k, "") for k in ("name", "uscc", "address", "street_code")}
    if request.method == "POST":
        try:
            catalogue.save_institution(request.form, actor=current_user)
        except InputError as exc:
            db.session.rollback()
            errors = exc.fields
        else:
            db.session.commit()
            return redirect(url_for("training.admin_institutions"))
    return render_template(
        "training/admin_institutions.html",
        items=catalogue.institutions(),
        errors=errors,
        values=values,
        **_page_context(),
    )


@bp.route("/admin/institutions/<int:institution_id>/account", methods=["POST"])
@allow(Role.ADMIN)
def admin_bind_account(institution_id: int):
    institution = db.get_or_404(TrainingInstitution, institution_id)
    login = request.form.get("login", "")
    user = find_user_by_login(login) if isinstance(login, str) and login.strip() else None

    def act() -> str:
        catalogue.bind_account(institution, user, actor=current_user)
        return f"已绑定账号到 {institution.name}。"

    write_and_flash(act)
    return redirect(url_for("training.admin_institutions"))


@bp.route("/admin/review")
@allow(Role.ADMIN)
def review_queue():
    from jobhub.reviews.services import latest_review

    items = catalogue.pending_courses()
    reviews = {c.id: latest_review("course", c.id) for c in items}
    return render_template("training/review.html", items=items, reviews=reviews, **_page_context())


@bp.route("/admin/courses/<int:course_id>/decision", methods=["POST"])
@allow(Role.ADMIN)
def decide(course_id: int):
    item = _managed(course_id)

    def act() -> str:
        catalogue.decide_course(item, request.form, actor=current_user)
        return "已发布课程。" if item.status == "published" else "已退回课程。"

    write_and_flash(act)
    return redirect(url_for("training.review_queue"))


@bp.route("/admin/outcomes")
@allow(Role.ADMIN)
def outcomes():
    by_course, by_institution = stats.outcomes()
    return render_template(
        "training/outcomes.html",
        by_course=by_course,
        by_institution=by_institution,
        today=today_in_china(),
    )


@bp.route("/admin/outcomes.xlsx")
@allow(Role.ADMIN)
def outcomes_export():
    body = stats.workbook()
    audit.record(current_user, "export_training_outcomes", "courses", None, "培训成效导出")
    db.session.commit()
    name = f"training-outcomes-{today_in_china():%Y%m%d}.xlsx"
    return Response(
        body,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f"attachment; filename={name}"},
    )
