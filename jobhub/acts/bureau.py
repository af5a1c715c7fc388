"""The bureau's view of the acts: queues, overdue reviews, counts by station, and the
就业困难人员 roster as a workbook (masked identities, audited)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from jobhub.acts.models import DifficultyCertification, UnemploymentRegistration
from jobhub.acts.queries import certified_on_day
from jobhub.exports import append_row
from jobhub.extensions import db
from jobhub.policy.acts import category_label
from jobhub.security import audit
from jobhub.security.masking import mask_id_number, mask_phone
from jobhub.stations.models import Station


def _stations() -> dict[int | None, str]:
    names: dict[int | None, str] = {None: "未指定服务站"}
    names.update(db.session.execute(db.select(Station.id, Station.name)).all())
    return names


def _certs(*conditions) -> list[DifficultyCertification]:  # noqa: ANN002
    return list(
        db.session.execute(
            db.select(DifficultyCertification)
            .where(*conditions)
            .order_by(DifficultyCertification.review_on, DifficultyCertification.id)
        ).scalars()
    )


def overview(today: date) -> dict[str, Any]:
    """Queues (applications waiting), reviews overdue and due, counts by station."""
    applied_regs = list(
        db.session.execute(
            db.select(UnemploymentRegistration)
            .where(UnemploymentRegistration.status == "applied")
            .order_by(UnemploymentRegistration.created_at)
        ).scalars()
    )
    applied_certs = _certs(DifficultyCertification.status == "applied")
    certified = DifficultyCertification.status == "certified"
    overdue = _certs(certified, DifficultyCertification.review_on < today)
    due = _certs(certified, DifficultyCertification.review_on == today)
    counts: dict[int | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for model, kind in ((UnemploymentRegistration, "reg"), (DifficultyCertification, "cert")):
        rows = db.session.execute(
            db.select(model.station_id, model.status, db.func.count(model.id)).group_by(
                model.station_id, model.status
            )
        ).all()
        for station_id, status, n in rows:
            counts[station_id][f"{kind}_{status}"] += n
    for cert in overdue:
        counts[cert.station_id]["overdue"] += 1
    names = _stations()
    return {
        "applied_registrations": applied_regs,
        "applied_certifications": applied_certs,
        "overdue": overdue,
        "due": due,
        "counts": sorted(
            ((names.get(sid, "—"), dict(c)) for sid, c in counts.items()), key=lambda r: r[0]
        ),
        "station_names": names,
    }


ROSTER_HEADER = [
    "序号",
    "姓名",
    "身份证号（脱敏）",
    "手机号（脱敏）",
    "服务站",
    "认定类别",
    "认定日期",
    "有效期至",
    "下次复核",
]


def roster_workbook(today: date, *, actor) -> bytes:
    """Everyone certified 就业困难人员 today, identities masked. The export is audited."""
    book = Workbook()
    sheet = book.active
    sheet.title = "就业困难人员名册"
    append_row(sheet, ROSTER_HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    names = _stations()
    certs = _certs(DifficultyCertification.status == "certified")
    for i, cert in enumerate(certs, start=1):
        person = cert.person
        append_row(
            sheet,
            [
                i,
                person.name,
                mask_id_number(person.id_number),
                mask_phone(person.phone),
                names.get(cert.station_id, "—"),
                "、".join(category_label(c) for c in certified_on_day(cert.categories, today)),
                cert.certified_on.isoformat() if cert.certified_on else "",
                cert.valid_until.isoformat() if cert.valid_until else "",
                cert.review_on.isoformat() if cert.review_on else "",
            ],
        )
    audit.record(
        actor,
        "export_roster",
        "difficulty_certifications",
        None,
        f"导出就业困难人员名册 {len(certs)} 人",
    )
    out = BytesIO()
    book.save(out)
    return out.getvalue()
