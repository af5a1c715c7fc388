"""Web pages of the stations area: the counter (walk-ins, policy, dispatch), the station's gigs
and dashboard, 零就业家庭, and the bureau's station admin with the coverage map."""

from __future__ import annotations

import contextlib
from datetime import date, time

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user

from jobhub.access import allow
from jobhub.auth.roles import Role
from jobhub.calculator.views import SUBSIDY_NAMES
from jobhub.extensions import db
from jobhub.gigs.dispatch import gigs_for_person
from jobhub.gigs.services import GigError, claim_gig, claims_of
from jobhub.policy import evaluation_to_json
from jobhub.policy.dates import today_in_china
from jobhub.security import audit
from jobhub.security.idcard import InvalidIdentifier, normalise_id_number, parse_id_number
from jobhub.seekers.consent_texts import PURPOSE_SENSITIVE, current_text
from jobhub.seekers.consents import consent_on_file, consent_rows
from jobhub.seekers.identity import SENSITIVE_STATUSES
from jobhub.seekers.models import Application
from jobhub.seekers.places import street_by_code
from jobhub.seekers.policy import evaluate_person
from jobhub.seekers.queries import person_invitations
from jobhub.stations import queries
from jobhub.stations.forms import (
    EmptyForm,
    HouseholdForm,
    LookupForm,
    ServiceForm,
    WalkInForm,
)
from jobhub.stations.models import SERVICE_KINDS, Household
from jobhub.stations.services import (
    Availability,
    StationError,
    mark_household,
    open_households,
    record_member_employed,
    record_service,
    service_records_for,
)
from jobhub.stations.walkin import (
    COUNTER_FIELDS,
    WalkInError,
    WalkInInput,
    lookup,
    month_or_day,
    questions_for,
    register_walk_in,
    split_terms,
)
from jobhub.talks.resumes import shares_of as resume_shares_of
from jobhub.training.enrolment import enrolments_of_person
from jobhub.training.recommend import counter_courses
from jobhub.webforms import form_id

bp = Blueprint("stations", __name__, url_prefix="/station")


def _safe_next(default: str) -> str:
    target = request.form.get("next") or request.args.get("next") or ""
    return target if target.startswith("/") and not target.startswith("//") else default


@bp.route("/")
@allow(Role.STATION_STAFF)
@audit.shows_people("驿站工作台（今日待办中的人员）")
def home():
    station = (
        db.session.get(queries.Station, current_user.station_id)
        if current_user.station_id
        else None
    )
    gigs = queries.station_gigs(station.id, upcoming_only=True) if station else []
    from jobhub.stations.due import due_today

    due = due_today(station.id, today_in_china()) if station else None
    return render_template("stations/home.html", station=station, gigs=gigs, due=due)


@bp.route("/due")
@allow(Role.STATION_STAFF)
@audit.shows_people("驿站查看今日待办（全部）")
def due_kind():
    """查看全部 of one kind of 今日待办, for the worker's own station. The graduates owed a 1131
    service are read from the stored evaluations a page at a time (``after``: the last person
    id of the previous page); the other kinds, bounded by the station's gigs and 认定, in full."""
    from jobhub.api.paging import keyset_after
    from jobhub.lists.queries import COUNT_SHOWN, PAGE_SIZE
    from jobhub.stations import due

    kind = request.args.get("kind", "")
    if kind not in due.KIND_ORDER:
        abort(404)
    station = queries.staff_station(current_user)
    today = today_in_china()
    after = keyset_after()
    if kind == "graduate":
        page = due.graduate_page(
            station.id,
            today,
            after=after,
            limit=PAGE_SIZE,
            count=after is None,
            count_up_to=COUNT_SHOWN,
        )
        items, total, next_after = page.rows, page.total, page.after
    else:
        after = None
        items = due.kind_items(station.id, today, kind)
        total, next_after = len(items), None
    return render_template(
        "stations/due_kind.html",
        station=station,
        kind=kind,
        label=due.KIND_LABELS[kind],
        items=items,
        total=total,
        next_after=next_after,
        first_page=after is None,
        count_shown=COUNT_SHOWN,
    )


@bp.route("/large-type", methods=["POST"])
@allow(Role.STATION_STAFF)
def large_type():
    """The counter screen's large type, on or off for this staff session."""
    if EmptyForm().validate_on_submit():
        session["large_type"] = not session.get("large_type", False)
    return redirect(_safe_next(url_for("stations.walk_in")))


# --- walk-in registration ---------------------------------------------------------------


def _time_or_none(raw: str | None, errors: dict[str, str], name: str) -> time | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        return time.fromisoformat(raw)
    except ValueError:
        errors[name] = "时间格式应为 HH:MM，例如 08:00"
        return None


def _walk_in_input(form: WalkInForm, errors: dict[str, str]) -> WalkInInput:
    registered = None
    raw = (form.unemployment_registered_since.data or "").strip()
    if raw:
        try:
            registered = date.fromisoformat(raw)
        except ValueError:
            errors["unemployment_registered_since"] = "日期格式应为 YYYY-MM-DD"
    graduation = None
    try:
        graduation = month_or_day(form.graduation_date.data)
    except ValueError:
        errors["graduation_date"] = "毕业时间格式应为 YYYY-MM（如 2025-06）或 YYYY-MM-DD"
    days = []
    for d in form.days.data or []:
        if str(d).isdigit() and 0 <= int(d) <= 6:
            days.append(int(d))
    return WalkInInput(
        id_number=form.id_number.data or "",
        name=form.name.data or "",
        phone=(form.phone.data or "").strip(),
        trades=tuple(split_terms(form.trades.data)),
        skills=tuple(split_terms(form.skills.data)),
        days=tuple(days),
        start=_time_or_none(form.start.data, errors, "start"),
        end=_time_or_none(form.end.data, errors, "end"),
        expected_pay=float(form.expected_pay.data) if form.expected_pay.data else None,
        expected_pay_unit=form.expected_pay_unit.data or "day",
        home_street_code=form.home_street_code.data or None,
        employment_status=form.employment_status.data or None,
        statuses=tuple(s for s in (form.statuses.data or []) if s in SENSITIVE_STATUSES),
        unemployment_registered_since=registered,
        consent=bool(form.consent.data),
        retirement_category=form.retirement_category.data or None,
        education=form.education.data or None,
        graduation_date=graduation,
    )


def _attach(form, fields: dict[str, str]) -> None:
    for name, message in fields.items():
        target = form[name] if name in form._fields else None
        if target is None:
            form.form_errors.append(message)
        else:
            target.errors = [*target.errors, message]


def _prefill(form: WalkInForm, person) -> None:
    form.name.data = person.name
    form.trades.data = "，".join(person.trades or [])
    form.skills.data = "，".join(person.skills or [])
    available = Availability.of(person)
    form.days.data = [str(d) for d in available.days]
    form.start.data = available.start.strftime("%H:%M") if available.start else ""
    form.end.data = available.end.strftime("%H:%M") if available.end else ""
    form.expected_pay.data = person.expected_pay
    form.expected_pay_unit.data = person.expected_pay_unit or "day"
    form.home_street_code.data = person.home_street_code or ""
    form.statuses.data = [k for k in SENSITIVE_STATUSES if person.sensitive_flag(k)]
    form.retirement_category.data = person.retirement_category or ""
    form.education.data = person.education or ""
    form.graduation_date.data = person.graduation_date.isoformat() if person.graduation_date else ""


def _asked(id_number: str | None) -> frozenset[str]:
    """The policy questions for the person with this ID number (none for a bad number)."""
    try:
        card = parse_id_number(id_number or "")
    except InvalidIdentifier:
        return frozenset()
    return questions_for(card.birth_date, card.gender)


@bp.route("/walk-in", methods=["GET", "POST"])
@allow(Role.STATION_STAFF)
def walk_in():
    """Screen 1: the 身份证号 (found by its HMAC, never duplicated). Screen 2: the rest."""
    queries.staff_station(current_user)
    step = request.form.get("step", "lookup")
    if request.method == "POST" and step == "register":
        form = WalkInForm()
        if form.validate_on_submit():
            errors: dict[str, str] = {}
            data = _walk_in_input(form, errors)
            if not errors:
                try:
                    result = register_walk_in(data, current_user)
                except WalkInError as exc:
                    errors = exc.fields
                else:
                    db.session.commit()
                    flash(
                        ("已新登记 " if result.created else "已更新 ") + result.person.name,
                        "success",
                    )
                    return redirect(url_for("stations.client", person_id=result.person.id))
            db.session.rollback()
            _attach(form, errors)
        existing = None
        with contextlib.suppress(InvalidIdentifier):
            existing = lookup(form.id_number.data or "")
        return _details_page(form, existing)
    lookup_form = LookupForm()
    if request.method == "POST" and lookup_form.validate_on_submit():
        try:
            existing = lookup(lookup_form.id_number.data)
        except InvalidIdentifier as exc:
            lookup_form.id_number.errors = [str(exc)]
        else:
            form = WalkInForm(formdata=None)
            form.id_number.data = normalise_id_number(lookup_form.id_number.data)
            form.employment_status.data = ""  # blank: unknown (待核实), never assumed 失业
            if existing is not None:
                _prefill(form, existing)
                audit.record(current_user, "lookup_id", "people", existing.id, "来访登记查找")
                db.session.commit()
            return _details_page(form, existing)
    return render_template("stations/walk_in.html", form=lookup_form)


def _details_page(form: WalkInForm, existing):  # noqa: ANN001, ANN202
    """Screen 2. A person whose consent to the current text is on file sees its date and
    version instead of the consent checkbox (asked again only for a new text or after a
    withdrawal)."""
    return render_template(
        "stations/walk_in_details.html",
        form=form,
        existing=existing,
        fields=COUNTER_FIELDS,
        asked=_asked(form.id_number.data),
        consent=consent_on_file(existing, PURPOSE_SENSITIVE),
        consent_text=current_text(PURPOSE_SENSITIVE),
    )


# --- the client page: policy at the counter, dispatch, services -------------------------


@bp.route("/people/<int:person_id>")
@allow(Role.STATION_STAFF)
@audit.shows_people("驿站查看来访人员")
def client(person_id: int):
    return _client_page(queries.person_for_staff(person_id, current_user))


def _client_page(  # noqa: ANN202
    person,  # noqa: ANN001
    revealed_phone: str | None = None,
    acts_errors: dict[str, str] | None = None,
    acts_values=None,  # noqa: ANN001
):
    from jobhub.acts.panel import panel_context

    evaluation = evaluate_person(person)
    policy = evaluation_to_json(evaluation, details=True) if evaluation else None
    return render_template(
        "stations/client.html",
        person=person,
        policy=policy,
        names=SUBSIDY_NAMES,
        availability=Availability.of(person),
        street=street_by_code(person.home_street_code),
        matches=gigs_for_person(person, limit=10),
        claims=claims_of(person.id),
        invitations=person_invitations(person.id),
        resume_shares=resume_shares_of(person.id),
        # applications of someone without an account: the staff answer for them (issue 16)
        applications=(
            list(
                db.session.scalars(
                    db.select(Application)
                    .where(Application.person_id == person.id)
                    .order_by(Application.id.desc())
                )
            )
            if person.user_id is None
            else []
        ),
        records=service_records_for(person.id),
        service_form=ServiceForm(),
        action_form=EmptyForm(),
        statuses={k: v[0] for k, v in SENSITIVE_STATUSES.items() if person.sensitive_flag(k)},
        consents=consent_rows(person),
        revealed_phone=revealed_phone,
        **panel_context(person, acts_errors, acts_values),
        courses=counter_courses(person),
        enrolments=enrolments_of_person(person.id),
    )


@bp.route("/people/<int:person_id>/reveal-phone", methods=["POST"])
@allow(Role.STATION_STAFF)
def reveal_phone(person_id: int):
    """Show the full phone number once, to call the person; the view is audited. The number
    is in this response only: never in a flash message, which travels in the session cookie
    (signed, not encrypted)."""
    person = queries.person_for_staff(person_id, current_user)
    if not (EmptyForm().validate_on_submit() and person.phone):
        return redirect(url_for("stations.client", person_id=person.id))
    phone = audit.reveal(current_user, person, "phone", "联系来访人员派工")
    db.session.commit()
    return _client_page(person, revealed_phone=phone)


@bp.route("/people/<int:person_id>/services", methods=["POST"])
@allow(Role.STATION_STAFF)
def add_service(person_id: int):
    person = queries.person_for_staff(person_id, current_user)
    form = ServiceForm()
    if form.validate_on_submit():
        try:
            record_service(person, form.kind.data, current_user, form.note.data or "")
        except StationError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            db.session.commit()
            flash(f"已记录：{SERVICE_KINDS[form.kind.data]}", "success")
    else:
        flash("请选择服务类型", "error")
    return redirect(url_for("stations.client", person_id=person.id) + "#services")


@bp.route("/people/<int:person_id>/dispatch", methods=["POST"])
@allow(Role.STATION_STAFF)
def dispatch(person_id: int):
    """派工: take a place in a gig for this client."""
    person = queries.person_for_staff(person_id, current_user)
    form = EmptyForm()
    gig_id = form_id(request.form.get("gig_id"))
    if not form.validate_on_submit() or gig_id is None:
        abort(400)
    try:
        claim = claim_gig(gig_id, person.id, current_user)
    except GigError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        record_service(person, "job_referral", current_user, f"派工：{claim.gig.title}")
        db.session.commit()
        flash(f"已派工：{claim.gig.title}（{claim.gig.work_date}）", "success")
    return redirect(_safe_next(url_for("stations.client", person_id=person.id)))


# --- dashboard and export ---------------------------------------------------------------


@bp.route("/dashboard")
@allow(Role.STATION_STAFF)
@audit.shows_people("驿站看板（来访与等待最久的求职者）")
def dashboard():
    station = queries.staff_station(current_user)
    households = open_households(station.id)
    db.session.commit()  # households whose member found work elsewhere were closed
    # read after the commit: a commit expires what was loaded, and the page would then load
    # each visit, gig and person again one by one while rendering
    board = queries.dashboard(station.id)
    return render_template(
        "stations/dashboard.html", station=station, board=board, households=households
    )


@bp.route("/dashboard/export.xlsx")
@allow(Role.STATION_STAFF)
def export():
    from jobhub.stations.export import day_workbook

    station = queries.staff_station(current_user)
    raw = request.args.get("day", "")
    try:
        day = date.fromisoformat(raw) if raw else today_in_china()
    except ValueError:
        abort(400)
    body = day_workbook(station.id, station.name, day)
    audit.record(current_user, "export_day", "stations", station.id, f"导出 {day} 台账")
    db.session.commit()
    return Response(
        body,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="station-{station.id}-{day}.xlsx"'},
    )


# --- 零就业家庭 -------------------------------------------------------------------------


@bp.route("/households", methods=["GET", "POST"])
@allow(Role.STATION_STAFF)
@audit.shows_people("驿站查看零就业家庭")
def households():
    station = queries.staff_station(current_user)
    form = HouseholdForm()
    if form.validate_on_submit():
        members, problems = [], []
        for line in (form.members.data or "").splitlines():
            if not line.strip():
                continue
            try:
                person = lookup(line)
            except InvalidIdentifier as exc:
                problems.append(f"{line.strip()[:6]}…：{exc}")
                continue
            if person is None or not queries.person_visible_to_staff(person, current_user):
                problems.append(f"{line.strip()[:6]}…：未在本站登记，请先办理来访登记")
                continue
            members.append(person)
        if not form.consent.data:
            problems.append("记录零就业家庭成员身份须经本人同意")
        if not problems:
            try:
                household = mark_household(
                    station.id, form.label.data or "", members, current_user, form.note.data or ""
                )
            except StationError as exc:
                problems.append(exc.message)
            else:
                db.session.commit()
                flash(f"已认定零就业家庭：{household.label}", "success")
                return redirect(url_for("stations.households"))
        db.session.rollback()
        form.members.errors = [*form.members.errors, *problems]
    rows = open_households(station.id)
    db.session.commit()
    return render_template(
        "stations/households.html", form=form, rows=rows, action_form=EmptyForm()
    )


@bp.route("/households/<int:household_id>/employed", methods=["POST"])
@allow(Role.STATION_STAFF)
def household_employed(household_id: int):
    station = queries.staff_station(current_user)
    household = db.session.get(Household, household_id)
    if household is None or household.station_id != station.id:
        abort(404)
    person_id = form_id(request.form.get("person_id"))
    if not EmptyForm().validate_on_submit() or person_id is None:
        abort(400)
    person = next((m.person for m in household.members if m.person_id == person_id), None)
    if person is None:
        abort(404)
    try:
        record_member_employed(
            household, person, current_user, request.form.get("status") or "employed"
        )
    except StationError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        db.session.commit()
        flash(f"{person.name} 已就业，{household.label} 已销号", "success")
    return redirect(url_for("stations.households"))


@bp.route("/people/search", methods=["GET", "POST"])
@allow(Role.STATION_STAFF)
def search_people():
    """查找来访人员 by ID number, mobile number or name, among the station's own people. The
    query is posted, never put in the address (an ID number in a URL lands in logs and the
    browser's history), and only a name is written back into the box."""
    from jobhub.stations.search import KIND_LABELS, find_clients

    query = request.form.get("q", "") if request.method == "POST" else ""
    found = None
    if query.strip():
        found = find_clients(query[:60], current_user.station_id)
        if found.problem is None:
            # who searched, by what and how many were shown; never the query itself
            audit.record(
                current_user,
                "search_people",
                "people",
                None,
                f"按{KIND_LABELS[found.kind]}查找，显示 {len(found.people)} 人",
            )
            db.session.commit()
    shown = query[:60] if found is not None and found.kind == "name" else ""
    return render_template("stations/search.html", query=shown, found=found, kinds=KIND_LABELS)


from jobhub.stations import admin_views, consent_views, gig_views  # noqa: E402,F401  (routes on ``bp``)
