"""The day's records as an Excel workbook. Only masked ID numbers and phones ever go in: a
spreadsheet leaves the system and is forwarded, so it must hold nothing a reader could misuse
(个人信息保护法 §51 去标识化; security-baseline: no export shows an unmasked ID number)."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from jobhub.calculator.views import SUBSIDY_NAMES
from jobhub.exports import append_row
from jobhub.extensions import db
from jobhub.gigs.models import PAY_METHODS
from jobhub.policy.dates import in_china
from jobhub.policy.groups import GROUP_ZH
from jobhub.security.masking import mask_id_number, mask_phone
from jobhub.seekers.models import Person
from jobhub.stations.queries import day_records


def _who(person: Person | None) -> list[str]:
    if person is None:
        return ["", "", ""]
    return [person.name, mask_id_number(person.id_number), mask_phone(person.phone)]


def _local(at) -> str:  # noqa: ANN001 - a datetime or None
    return in_china(at)


def day_workbook(station_id: int, station_name: str, day: date) -> bytes:
    """An .xlsx with three sheets (来访登记, 服务记录, 零工报名) for one station and day."""
    records = day_records(station_id, day)
    book = Workbook()
    visits = book.active
    visits.title = "来访登记"
    append_row(visits, [f"{station_name} {day:%Y-%m-%d} 来访登记"])
    append_row(visits, ["时间", "姓名", "身份证号", "手机号", "新登记", "重点群体", "可享补贴"])
    for v in records["visits"]:
        person = db.session.get(Person, v.person_id)
        append_row(
            visits,
            [
                _local(v.at),
                *_who(person),
                "是" if v.new_person else "否",
                "、".join(GROUP_ZH.get(g, g) for g in v.key_groups),
                "、".join(SUBSIDY_NAMES.get(s, s) for s in v.subsidies),
            ],
        )
    services = book.create_sheet("服务记录")
    append_row(services, ["时间", "姓名", "身份证号", "手机号", "服务类型", "说明"])
    for s in records["services"]:
        append_row(
            services,
            [_local(s.at), *_who(db.session.get(Person, s.person_id)), s.kind_label, s.note],
        )
    claims = book.create_sheet("零工报名")
    append_row(
        claims,
        [
            "零工",
            "用工日期",
            "用工方",
            "姓名",
            "身份证号",
            "手机号",
            "状态",
            "应付",
            "实付",
            "支付方式",
        ],
    )
    for c in records["claims"]:
        append_row(
            claims,
            [
                c.gig.title,
                c.gig.work_date.isoformat(),
                c.gig.employer_name,
                *_who(c.person),
                c.status_label,
                float(c.amount_due) if c.amount_due is not None else None,
                float(c.paid_amount) if c.paid_amount is not None else None,
                PAY_METHODS.get(c.pay_method or "", ""),
            ],
        )
    for sheet in book.worksheets:
        for cell in sheet[1 if sheet is not visits else 2]:
            cell.font = Font(bold=True)
    out = BytesIO()
    book.save(out)
    return out.getvalue()
