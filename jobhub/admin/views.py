"""Web pages of the admin area (the bureau): home, 政策找人, the graduates' real-name service,
subsidy decisions, and audited views of a person's unmasked data."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    stream_with_context,
    url_for,
)
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import func

from jobhub import jobs
from jobhub.access import allow
from jobhub.admin import list_exports, queries, services
from jobhub.api.paging import keyset_after
from jobhub.auth.models import User
from jobhub.auth.roles import ROLE_LABELS, Role
from jobhub.coding import services as coding
from jobhub.coding.models import CORRECTION_STATUSES, OccupationCorrection
from jobhub.db import MAX_ROW_ID
from jobhub.employers.models import Vacancy
from jobhub.extensions import db
from jobhub.lists import queries as stored
from jobhub.lists import refresh
from jobhub.ops import worker
from jobhub.ops.metrics import jobs_waiting
from jobhub.policy.groups import GROUP_ZH
from jobhub.regions import services as regions
from jobhub.regions.models import POINT_SOURCES
from jobhub.security import audit
from jobhub.seekers import subsidies
from jobhub.seekers.inputs import Conflict, InputError
from jobhub.seekers.models import SUBSIDY_STATUSES, Person, SubsidyApplication
from jobhub.seekers.places import street_name
from jobhub.stations.models import SERVICE_KINDS, Station
from jobhub.training.enrolment import enrolment_for_application

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _flash_loose(messages) -> None:
    for message in messages:
        flash(message, "error")


@bp.route("/")
@allow(Role.ADMIN)
def home():
    by_role = dict(db.session.execute(db.select(User.role, func.count()).group_by(User.role)).all())
    stations = db.session.execute(db.select(Station).order_by(Station.name)).scalars().all()
    pending_review = db.session.scalar(
        db.select(func.count()).select_from(Vacancy).where(Vacancy.status == "pending_review")
    )
    pending_subsidies = db.session.scalar(
        db.select(func.count())
        .select_from(SubsidyApplication)
        .where(SubsidyApplication.status == "submitted")
    )
    pending_corrections = db.session.scalar(
        db.select(func.count())
        .select_from(OccupationCorrection)
        .where(OccupationCorrection.status == "pending")
    )
    return render_template(
        "admin/home.html",
        by_role=by_role,
        stations=stations,
        pending_review=pending_review,
        pending_subsidies=pending_subsidies,
        pending_corrections=pending_corrections,
        failed_jobs=len(jobs.failed()) if jobs.configured() else 0,
    )


def _outreach_filters():
    group = request.args.get("group") or None
    if group not in GROUP_ZH:
        group = None
    station_id = request.args.get("station_id", type=int)
    if station_id is not None and not 0 < station_id <= MAX_ROW_ID:
        station_id = None
    code = request.args.get("code") or None
    if code not in subsidies.PERSON_CODES:
        code = None
    return group, station_id, code


def _stored_list(page, pending, after: int | None) -> dict:  # noqa: ANN001 - stored pages
    """What both stored-list pages show around their rows: the page, how to go on, the people
    still to serve (``pending``, asked for on the first page only: ``None`` after it) and the
    date of the evaluation."""
    return {
        "rows": page.rows,
        "total": page.total,
        "next_after": page.after,
        "first_page": after is None,
        "count_shown": stored.COUNT_SHOWN,
        "pending": pending.rows if pending is not None else None,
        "pending_total": pending.total if pending is not None else None,
        "evaluated_on": refresh.evaluated_on(),
        "stale": refresh.stale_count(),
    }


def _station_options(selected: int | None) -> Markup:
    """The ``<option>``s of every station for the filter, built from (id, name) rows in one
    pass: a province has thousands of stations, and a page should neither build an ORM object
    nor run a template loop for each."""
    option = Markup('<option value="{}"{}>{}</option>')
    rows = db.session.execute(db.select(Station.id, Station.name).order_by(Station.name))
    return Markup("").join(
        option.format(sid, Markup(" selected") if sid == selected else "", name)
        for sid, name in rows
    )


@bp.route("/policy-outreach")
@allow(Role.ADMIN)
@audit.shows_people("查看政策找人名单")
def policy_outreach():
    """政策找人 from the stored evaluations, a page at a time (``after`` the last person id)."""
    group, station_id, code = _outreach_filters()
    after = keyset_after()
    page = stored.outreach_page(
        group=group,
        station_id=station_id,
        code=code,
        after=after,
        limit=stored.PAGE_SIZE,
        count=after is None,  # the first page says how many; the next ones read their 50 only
        count_up_to=stored.COUNT_SHOWN,
    )
    args = {k: v for k, v in request.args.items() if k != "after" and v}
    # 需补充信息 is read and counted on the first page only (the next ones read their 50 only)
    pending = stored.outreach_pending_page(station_id=station_id) if after is None else None
    return render_template(
        "admin/policy_outreach.html",
        **_stored_list(page, pending, after),
        args=args,
        group=group,
        station_id=station_id,
        code=code,
        groups=GROUP_ZH,
        codes={c: subsidies.subsidy_name(c) for c in subsidies.PERSON_CODES},
        station_options=_station_options(station_id),
        street_name=street_name,
        subsidy_name=subsidies.subsidy_name,
    )


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _export_filters(kind: str) -> dict:
    """The filters of the list ``kind`` as the page's query string gives them."""
    if kind == "graduates":
        return {"missing_only": request.args.get("missing") == "1"}
    group, station_id, code = _outreach_filters()
    return {"group": group, "station_id": station_id, "code": code}


def _stream_export(kind: str) -> Response:
    """The whole list as a workbook streamed while it is read (constant memory), audited
    before the first byte leaves."""
    filters = _export_filters(kind)
    total = list_exports.KINDS[kind].total(**filters)
    list_exports.audit_export(current_user, kind, total)
    db.session.commit()
    return Response(
        stream_with_context(list_exports.workbook(kind, filters)),
        mimetype=XLSX,
        headers={"Content-Disposition": f"attachment; filename={list_exports.file_name(kind)}"},
    )


@bp.route("/policy-outreach.xlsx")
@allow(Role.ADMIN)
def policy_outreach_export():
    return _stream_export("outreach")


@bp.route("/graduates.xlsx")
@allow(Role.ADMIN)
def graduates_export():
    return _stream_export("graduates")


@bp.route("/exports", methods=["POST"])
@allow(Role.ADMIN)
def start_export():
    """Export a list in the background (``kind`` and the list's filters in the query string);
    the answer is the progress page."""
    kind = request.args.get("kind")
    if kind not in list_exports.KINDS:
        flash("导出的名单（kind）不正确，请从名单页面点“后台导出”。", "error")
        return redirect(url_for("admin.home"))
    export = list_exports.start_export(current_user, kind, _export_filters(kind))
    return redirect(url_for("admin.export_progress", export_id=export.id))


def _own_export(export_id: int):
    export = list_exports.owned(export_id, current_user)
    if export is None:
        abort(404)
    return export


@bp.route("/exports/<int:export_id>")
@allow(Role.ADMIN)
def export_progress(export_id: int):
    """已导出 N / 共 M 人, refreshed until the file is ready; the download link for its owner."""
    export = _own_export(export_id)
    return render_template(
        "admin/list_export.html",
        export=export,
        title=list_exports.KINDS[export.kind].title,
        ready=list_exports.ready_file(export) is not None,
    )


@bp.route("/exports/<int:export_id>/file")
@allow(Role.ADMIN)
def export_file(export_id: int):
    export = _own_export(export_id)
    path = list_exports.ready_file(export)
    if path is None:
        flash("导出文件尚未完成或已过期（保留 24 小时），请重新导出。", "error")
        return redirect(url_for("admin.export_progress", export_id=export.id))
    audit.record(current_user, "download_export", "people", None, f"下载导出文件（{export.id}）")
    db.session.commit()
    return send_file(
        path, mimetype=XLSX, as_attachment=True, download_name=list_exports.file_name(export.kind)
    )


def _person(person_id: int) -> Person:
    person = db.session.get(Person, person_id)
    if person is None:
        abort(404)
    return person


def _person_page(person: Person, revealed=None):
    return render_template(
        "admin/person.html",
        person=person,
        policy=subsidies.policy_view(person) if person.birth_date else None,
        revealed=revealed,
        fields=services.REVEAL_FIELDS,
        purposes=services.REVEAL_PURPOSES,
        street=street_name(person.home_street_code),
        kinds=SERVICE_KINDS,
    )


@bp.route("/people/<int:person_id>")
@allow(Role.ADMIN)
@audit.shows_people("查看人员资料")
def person(person_id: int):
    return _person_page(_person(person_id))


@bp.route("/people/<int:person_id>/reveal", methods=["POST"])
@allow(Role.ADMIN)
def reveal(person_id: int):
    item = _person(person_id)
    try:
        field, value = services.reveal_field(item, request.form, actor=current_user)
    except InputError as exc:
        db.session.rollback()
        _flash_loose(exc.fields.values())
        return redirect(url_for("admin.person", person_id=item.id))
    db.session.commit()
    # Shown once on this response; never stored in the session or the URL.
    return _person_page(item, revealed=(services.REVEAL_FIELDS[field], value))


@bp.route("/graduates")
@allow(Role.ADMIN)
@audit.shows_people("查看高校毕业生实名服务名单")
def graduates():
    missing_only = request.args.get("missing") == "1"
    after = keyset_after()
    page = stored.graduates_page(
        missing_only=missing_only,
        after=after,
        limit=stored.PAGE_SIZE,
        count=after is None,
        count_up_to=stored.COUNT_SHOWN,
    )
    from jobhub.imports.compare import listed_graduates_unregistered

    listed, batch_id = listed_graduates_unregistered()
    pending = stored.graduates_pending_page() if after is None else None
    return render_template(
        "admin/graduates.html",
        listed=listed,
        listed_batch_id=batch_id,
        **_stored_list(page, pending, after),
        missing_only=missing_only,
        required=queries.REQUIRED,
        kinds=SERVICE_KINDS,
    )


@bp.route("/graduates/<int:person_id>/services", methods=["POST"])
@allow(Role.ADMIN)
def record_service(person_id: int):
    item = _person(person_id)
    try:
        services.record_graduate_service(item, request.form, actor=current_user)
    except InputError as exc:
        db.session.rollback()
        _flash_loose(exc.fields.values())
    else:
        db.session.commit()
        flash(f"已为 {item.name} 登记服务。", "success")
    if request.form.get("back") == "person":
        return redirect(url_for("admin.person", person_id=item.id))
    return redirect(url_for("admin.graduates"))


@bp.route("/subsidies")
@allow(Role.ADMIN, Role.STATION_STAFF)
@audit.shows_people("查看补贴申请")
def subsidy_applications():
    """The bureau decides every application; station staff see their own people's (to tell
    them where theirs stands), without the decision forms."""
    status = request.args.get("status") or "submitted"
    if status not in SUBSIDY_STATUSES:
        status = "submitted"
    items = subsidies.applications_visible_to(current_user, status)
    return render_template(
        "admin/subsidies.html",
        items=items,
        status=status,
        statuses=SUBSIDY_STATUSES,
        subsidy_name=subsidies.subsidy_name,
        terms={a.id: subsidies.subsidy_term(a) for a in items if a.status == "approved"},
        training={a.id: enrolment_for_application(a.id) for a in items},
    )


def _subsidy_application(application_id: int) -> SubsidyApplication:
    item = db.session.get(SubsidyApplication, application_id)
    if item is None:
        abort(404)
    return item


@bp.route("/subsidies/<int:application_id>/decision", methods=["POST"])
@allow(Role.ADMIN)
def decide_subsidy(application_id: int):
    item = _subsidy_application(application_id)
    try:
        subsidies.decide_subsidy(item, request.form, actor=current_user)
    except InputError as exc:
        db.session.rollback()
        _flash_loose(exc.fields.values())
    except Conflict as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        db.session.commit()
        flash("审核结果已记录。", "success")
    return redirect(url_for("admin.subsidy_applications"))


@bp.route("/subsidies/<int:application_id>/payments", methods=["POST"])
@allow(Role.ADMIN)
def record_payment(application_id: int):
    item = _subsidy_application(application_id)
    try:
        subsidies.record_payment(item, request.form, actor=current_user)
    except InputError as exc:
        db.session.rollback()
        _flash_loose(exc.fields.values())
    except Conflict as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        db.session.commit()
        flash("拨付已登记。", "success")
    return redirect(url_for("admin.subsidy_applications", status="approved"))


@bp.route("/occupation-corrections")
@allow(Role.ADMIN)
def occupation_corrections():
    """职业编码更正: codes people chose over the classifier's, with how many chose them."""
    status = request.args.get("status") or "pending"
    if status not in CORRECTION_STATUSES:
        status = "pending"
    return render_template(
        "admin/occupation_corrections.html",
        items=coding.listed(status),
        status=status,
        statuses=CORRECTION_STATUSES,
        quorum=current_app.config["OCCUPATION_CORRECTION_QUORUM"],
        role_labels=ROLE_LABELS,
    )


@bp.route("/occupation-corrections/<int:correction_id>/decision", methods=["POST"])
@allow(Role.ADMIN)
def decide_occupation_correction(correction_id: int):
    row = db.session.get(OccupationCorrection, correction_id)
    if row is None:
        abort(404)
    decision = request.form.get("decision")
    if decision not in ("accept", "reject"):
        flash("请选择“确认生效”或“驳回”", "error")
    elif row.status not in ("pending", "accepted") or (
        decision == "accept" and row.status == "accepted"
    ):
        flash("这条更正已经处理过了。", "info")
    else:
        coding.decide(row, decision == "accept", current_user)
        db.session.commit()
        flash("已确认生效。" if decision == "accept" else "已驳回。", "success")
    return redirect(url_for("admin.occupation_corrections", status=row.status))


@bp.route("/jobs")
@allow(Role.ADMIN)
def background_jobs():
    """后台任务: whether a queue runs, how many jobs wait, and the ones that failed."""
    return render_template(
        "admin/jobs.html",
        configured=jobs.configured(),
        waiting=jobs_waiting(),
        failed=jobs.failed(),
        kept_hours=jobs.FAILED_KEPT_SECONDS // 3600,
        inline_failed=worker.inline_failures(),
        inline_kept_days=worker.FAILURES_KEPT.days,
    )


@bp.route("/jobs/<job_id>/retry", methods=["POST"])
@allow(Role.ADMIN)
def retry_job(job_id: str):
    if len(job_id) > 64 or not jobs.retry_failed(job_id):
        flash("没有这个失败的任务，可能已重试或已过期。", "error")
    else:
        audit.record(current_user, "retry_background_job", "jobs", None, job_id)
        db.session.commit()
        flash("任务已重新放回队列。", "success")
    return redirect(url_for("admin.background_jobs"))


@bp.route("/region")
@allow(Role.ADMIN)
def region():
    """区域设置: the configured streets and where each point came from (read-only; the region
    is set up with ``flask --app wsgi region setup``)."""
    streets = regions.configured_streets()
    return render_template(
        "admin/region.html",
        streets=streets,
        approximate=sum(s.point_source == "approximate" for s in streets),
        cities=regions.region_city_names(),
        sources=POINT_SOURCES,
    )
