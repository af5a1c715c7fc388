"""The bureau's list exports: 政策找人 and the 1131 graduates list as .xlsx workbooks, ID numbers
and phones masked, audited before a row is read.

One writer, :func:`workbook`, serves two ways out: streamed in the response while the stored
rows are read (``/admin/policy-outreach.xlsx``, ``/admin/graduates.xlsx``), or written in the
background (:func:`start_export`, a job on the queue when one is configured, inline otherwise)
to a private folder of the user who asked, with the rows written so far counted for the
progress page (已导出 N / 共 M 人) and the file kept for ``KEPT`` for that user alone. Both read
the list ``EXPORT_BATCH`` rows at a time and write each batch's bytes at once: memory stays the
same however long the list.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import select

from jobhub import jobs
from jobhub.admin.services import (
    OUTREACH_HEADER,
    OUTREACH_WIDTHS,
    outreach_values,
    person_cells,
)
from jobhub.db import now_utc
from jobhub.exports import stream_workbook
from jobhub.extensions import db
from jobhub.lists import queries as stored
from jobhub.lists.models import ListExport
from jobhub.lists.rows import REQUIRED
from jobhub.security import audit

KEPT = timedelta(hours=24)

GRADUATE_HEADER = [
    "序号",
    "姓名",
    "身份证号（脱敏）",
    "手机号（脱敏）",
    "居住街道",
    "毕业日期",
    *(f"{label}（已服务次数）" for _key, label, _kinds, _need in REQUIRED),
    "还缺",
]
GRADUATE_WIDTHS = (6, 10, 22, 16, 12, 12, *(14 for _r in REQUIRED), 40)


def _graduate_values(i: int, row: Any) -> list:
    person = row.person
    return [
        *person_cells(i, person),
        person.graduation_date.isoformat() if person.graduation_date else "",
        *(row.counts[key] for key, _label, _kinds, _need in REQUIRED),
        "；".join(row.missing) or "已完成",
    ]


@dataclass(frozen=True)
class ListKind:
    title: str  # the sheet's title, and what the audit log and the progress page call it
    action: str  # the audit action
    file_prefix: str
    header: list[str]
    widths: tuple[float, ...]
    read_page: Callable[..., stored.Page]
    total: Callable[..., int | None]
    values: Callable[[int, Any], list]


KINDS = {
    "outreach": ListKind(
        "政策找人",
        "export_policy_outreach",
        "policy-outreach",
        OUTREACH_HEADER,
        OUTREACH_WIDTHS,
        stored.outreach_page,
        stored.outreach_total,
        outreach_values,
    ),
    "graduates": ListKind(
        "高校毕业生实名服务",
        "export_graduates",
        "graduates",
        GRADUATE_HEADER,
        GRADUATE_WIDTHS,
        stored.graduates_page,
        stored.graduates_total,
        _graduate_values,
    ),
}


def workbook(
    kind: str, filters: dict[str, Any], progress: Callable[[int], None] | None = None
) -> Iterator[bytes]:
    """The list ``kind`` with ``filters`` as .xlsx bytes, written while the rows are read; each
    batch is turned into cell values before ``progress`` (if given) hears how many it held."""
    spec = KINDS[kind]

    def values() -> Iterator[list]:
        number = 0
        for rows in stored.pages(spec.read_page, **filters):
            batch = []
            for row in rows:
                number += 1
                batch.append(spec.values(number, row))
            if progress is not None:
                progress(len(batch))
            yield from batch

    return stream_workbook(spec.title, spec.header, spec.widths, values())


def audit_export(actor: Any, kind: str, total: int | None) -> None:
    """The audit row of an export, written before its first row is read."""
    spec = KINDS[kind]
    count = f"（{total} 人）" if total is not None else ""
    audit.record(actor, spec.action, "people", None, f"导出{spec.title}名单{count}")


def file_name(kind: str) -> str:
    from jobhub.policy.dates import today_in_china

    return f"{KINDS[kind].file_prefix}-{today_in_china():%Y%m%d}.xlsx"


# --- in the background, with progress ---------------------------------------------------------


def export_dir(user_id: int) -> Path:
    """The private folder of one user's exports."""
    root = current_app.config.get("LIST_EXPORT_DIR") or Path(current_app.instance_path) / "exports"
    return Path(root) / str(int(user_id))


def start_export(actor: Any, kind: str, filters: dict[str, Any]) -> ListExport:
    """Audit and record the export of ``kind`` for ``actor``, commit, and hand the writing to
    the queue (or do it now without one)."""
    sweep_expired()
    spec = KINDS[kind]
    total = spec.total(**filters)
    audit_export(actor, kind, total)
    export = ListExport(
        user_id=actor.id,
        kind=kind,
        filters=filters,
        total=total,
        file_name=f"{secrets.token_hex(16)}.xlsx",
    )
    db.session.add(export)
    db.session.commit()  # audited before any row is read
    jobs.enqueue(run_export, export.id, label=f"导出{spec.title}名单", timeout=3600, scheduled=True)
    return export


def run_export(export_id: int) -> None:
    """The job: write the file, counting the rows written after each batch (committed, so the
    progress page sees them). A failure marks the export failed and leaves no file."""
    export = db.session.get(ListExport, export_id)
    if export is None or export.status in ("done", "expired"):
        return
    export.status, export.done = "running", 0
    db.session.commit()
    folder = export_dir(export.user_id)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    final = folder / export.file_name
    partial = final.with_suffix(".part")

    def progress(rows: int) -> None:
        export.done += rows
        db.session.commit()

    try:
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            for chunk in workbook(export.kind, dict(export.filters), progress):
                out.write(chunk)
        os.replace(partial, final)
    except Exception:  # noqa: BLE001 - any failure: the user sees 导出失败 and may start again
        current_app.logger.exception("list export %s failed", export_id)
        db.session.rollback()
        partial.unlink(missing_ok=True)
        export = db.session.get(ListExport, export_id)
        export.status = "failed"
        db.session.commit()
        return
    now = now_utc()
    export.status, export.total = "done", export.done
    export.finished_at, export.expires_at = now, now + KEPT
    db.session.commit()


def owned(export_id: int, user: Any) -> ListExport | None:
    """The export ``export_id`` if ``user`` asked for it (anyone else's is as if missing)."""
    export = db.session.get(ListExport, export_id)
    return export if export is not None and export.user_id == user.id else None


def ready_file(export: ListExport) -> Path | None:
    """The finished file of ``export``, or ``None`` (not finished, failed, or expired)."""
    from jobhub.db import as_utc

    if export.status != "done" or export.expires_at is None:
        return None
    if as_utc(export.expires_at) <= now_utc():
        return None
    path = export_dir(export.user_id) / export.file_name
    return path if path.is_file() else None


def sweep_expired() -> int:
    """Delete the files of exports past their time and mark them expired."""
    from jobhub.db import as_utc

    now = now_utc()
    gone = 0
    for export in db.session.scalars(
        select(ListExport).where(ListExport.status == "done", ListExport.expires_at.is_not(None))
    ):
        if as_utc(export.expires_at) <= now:
            (export_dir(export.user_id) / export.file_name).unlink(missing_ok=True)
            export.status = "expired"
            gone += 1
    return gone
