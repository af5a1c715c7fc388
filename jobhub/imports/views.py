"""The bureau's 名单导入 pages (upload, preview of the first rows and every error, confirm;
then the 比对 by street and station) and a station's follow-up queue of listed people."""

from __future__ import annotations

import re
import time
import uuid
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from flask_wtf.file import FileField
from wtforms import SelectField

from jobhub import jobs
from jobhub.access import allow
from jobhub.auth.roles import Role
from jobhub.extensions import db
from jobhub.imports import compare
from jobhub.imports.lists import SOURCES, HeaderError
from jobhub.imports.models import ImportBatch
from jobhub.imports.reading import SUFFIXES, file_digest
from jobhub.imports.services import import_list
from jobhub.policy.groups import group_label
from jobhub.security import audit
from jobhub.seekers.places import street_name
from jobhub.seekers.subsidies import subsidy_name
from jobhub.stations.models import Station
from jobhub.webforms import Form, choices

bp = Blueprint("imports", __name__)

PAGE_SIZE = 50
PREVIEW_ROWS = 10
STALE_UPLOAD_SECONDS = 24 * 3600
_DIGEST = re.compile(r"[0-9a-f]{64}")


@bp.url_value_preprocessor
def _larger_upload(endpoint: str | None, _values) -> None:
    """The upload page takes lists larger than other forms. URL value preprocessors run
    before every before_request hook, so the CSRF check already reads the body under it."""
    if endpoint == "imports.index":
        request.max_content_length = current_app.config["IMPORT_MAX_CONTENT_LENGTH"]


class UploadForm(Form):
    source = SelectField("名单来源", validate_choice=False)
    file = FileField("名单文件（.xlsx 或 .csv）")


def _folder() -> Path:
    configured = current_app.config.get("IMPORT_UPLOAD_DIR")
    folder = Path(configured) if configured else Path(current_app.instance_path) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _uploaded(digest: str) -> Path:
    """The uploaded file of ``digest`` (404 for anything else)."""
    if not _DIGEST.fullmatch(digest or ""):
        abort(404)
    for suffix in SUFFIXES:
        path = _folder() / f"{digest}{suffix}"
        if path.is_file():
            return path
    abort(404)


def _source_arg() -> str:
    source = request.values.get("source", "")
    if source not in SOURCES:
        abort(404)
    return source


@bp.route("/admin/imports", methods=["GET", "POST"])
@allow(Role.ADMIN)
def index():
    form = UploadForm()
    form.source.choices = choices([("", "请选择"), *SOURCES.items()])
    if request.method == "POST" and form.validate_on_submit():
        upload = form.file.data
        name = getattr(upload, "filename", "") or ""
        suffix = Path(name).suffix.lower()
        if form.source.data not in SOURCES:
            form.source.errors = ["请选择名单来源"]
        elif not name:
            form.file.errors = ["请选择要上传的名单文件"]
        elif suffix not in SUFFIXES:
            form.file.errors = ["只接受 .xlsx 或 .csv 文件（.xls 请先另存为 .xlsx）"]
        else:
            _drop_stale_uploads()
            staging = _folder() / f"upload-{uuid.uuid4().hex}{suffix}"
            try:
                upload.save(staging)
            finally:
                upload.close()  # a large upload is spooled to a temporary file
            digest = file_digest(staging)
            staging.replace(_folder() / f"{digest}{suffix}")
            return redirect(
                url_for("imports.preview", digest=digest, source=form.source.data, name=name[:200])
            )
    batches = db.session.execute(
        db.select(ImportBatch).order_by(ImportBatch.id.desc()).limit(50)
    ).scalars()
    return render_template("imports/index.html", form=form, batches=list(batches), sources=SOURCES)


@bp.route("/admin/imports/preview/<digest>")
@allow(Role.ADMIN)
@audit.shows_people("预览导入名单")
def preview(digest: str):
    path, source = _uploaded(digest), _source_arg()
    name = (request.args.get("name") or path.name)[:200]
    try:
        report = import_list(path, source, dry_run=True, preview_rows=PREVIEW_ROWS, file_name=name)
    except HeaderError as exc:
        db.session.rollback()
        return render_template(
            "imports/preview.html", error=str(exc), source=source, digest=digest, name=name
        )
    return render_template(
        "imports/preview.html",
        report=report,
        source=source,
        digest=digest,
        name=name,
        sources=SOURCES,
        error=None,
    )


@bp.route("/admin/imports/preview/<digest>/confirm", methods=["POST"])
@allow(Role.ADMIN)
def confirm(digest: str):
    path, source = _uploaded(digest), _source_arg()
    name = (request.form.get("name") or path.name)[:200]
    jobs.enqueue(run_import_job, str(path), source, name, current_user.id)
    batch = db.session.scalar(
        db.select(ImportBatch).where(
            ImportBatch.source == source, ImportBatch.file_digest == digest
        )
    )
    if batch is None:  # on the queue: the list page shows it when it starts
        flash("已提交导入，稍后在本页查看结果。", "success")
        return redirect(url_for("imports.index"))
    return redirect(url_for("imports.batch", batch_id=batch.id))


def run_import_job(path: str, source: str, name: str, user_id: int) -> None:
    """Background job: take in an uploaded list as ``user_id`` (committing batch by batch)."""
    from jobhub.auth.models import User

    actor = db.session.get(User, user_id)
    try:
        import_list(Path(path), source, actor=actor, file_name=name, commit=db.session.commit)
    except HeaderError:
        db.session.rollback()  # the preview showed why (or another import of it is running)
        return
    Path(path).unlink(missing_ok=True)  # the clear file is not kept once its rows are stored


def _drop_stale_uploads() -> None:
    """Uploaded lists hold ID numbers in clear: one not confirmed within a day is deleted."""
    cutoff = time.time() - STALE_UPLOAD_SECONDS
    for path in _folder().iterdir():
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


def _filters() -> tuple[int | None, str | None, str | None]:
    station_id = request.args.get("station_id", type=int)
    street = request.args.get("street") or None
    status = request.args.get("status") or None
    return station_id, street if street and len(street) <= 12 else None, status


def _select(rows: list[compare.ListedMatch], status: str | None) -> list[compare.ListedMatch]:
    if status == "unregistered":
        return [r for r in rows if r.person_id is None]
    if status == "open":
        return [r for r in rows if r.open_subsidies]
    return [r for r in rows if r.needs_follow_up]


def _page(rows: list, page: int) -> tuple[list, int, int]:
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    page = min(max(page, 1), pages)
    return rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE], page, pages


def _matches_page(template: str, rows: list[compare.ListedMatch], **context):
    status = request.args.get("status") or None
    chosen = _select(rows, status)
    shown, page, pages = _page(chosen, request.args.get("page", 1, type=int))
    stations = {s.id: s for s in db.session.execute(db.select(Station)).scalars()}
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        template,
        rows=shown,
        total=len(chosen),
        areas=compare.by_area(rows),
        numbers=compare.id_numbers([r.listed_id for r in shown]),
        page=page,
        pages=pages,
        status=status,
        statuses=compare.FOLLOW_UP,
        args=args,
        link_args={**(request.view_args or {}), **args},
        stations=stations,
        street_name=street_name,
        group_label=group_label,
        subsidy_name=subsidy_name,
        sources=SOURCES,
        **context,
    )


def _batch(batch_id: int) -> ImportBatch:
    batch = db.session.get(ImportBatch, batch_id)
    if batch is None:
        abort(404)
    return batch


@bp.route("/admin/imports/<int:batch_id>")
@allow(Role.ADMIN)
@audit.shows_people("查看名单比对结果")
def batch(batch_id: int):
    item = _batch(batch_id)
    station_id, street, _status = _filters()
    rows = compare.matches(item.source, station_id=station_id, street_code=street)
    return _matches_page(
        "imports/batch.html", rows, batch=item, station_id=station_id, street=street
    )


@bp.route("/admin/imports/<int:batch_id>/export.xlsx")
@allow(Role.ADMIN)
def export(batch_id: int):
    from jobhub.imports.export import matches_workbook

    item = _batch(batch_id)
    station_id, street, status = _filters()
    rows = _select(compare.matches(item.source, station_id=station_id, street_code=street), status)
    body = matches_workbook(rows, actor=current_user, purpose=f"导出名单比对结果（批次 {item.id}）")
    db.session.commit()
    return Response(
        body,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f"attachment; filename=list-{item.id}-followup.xlsx"},
    )


@bp.route("/station/follow-ups")
@allow(Role.STATION_STAFF)
@audit.shows_people("查看本站部门名单待联系人员")
def follow_ups():
    station_id = current_user.station_id
    if station_id is None:
        abort(403)
    rows = compare.matches(None, station_id=station_id)
    return _matches_page(
        "imports/follow_ups.html", rows, station=db.session.get(Station, station_id)
    )
