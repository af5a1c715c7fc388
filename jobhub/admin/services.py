"""Bureau services: the 政策找人 export's columns (masked; written by
``jobhub.admin.list_exports``), audited reveals of personal data, and
service records for the graduates' real-name service."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jobhub.admin.queries import OutreachRow
from jobhub.security import audit
from jobhub.security.masking import mask_id_number, mask_phone
from jobhub.seekers import inputs
from jobhub.seekers.inputs import Errors, InputError
from jobhub.seekers.models import Person
from jobhub.seekers.places import street_name
from jobhub.seekers.subsidies import subsidy_name

REVEAL_FIELDS = {"id_number": "身份证号", "phone": "手机号"}
REVEAL_PURPOSES = {
    "contact_for_policy": "联系本人告知可享受的政策",
    "verify_identity": "核实身份以办理补贴",
    "service_record": "登记实名服务记录",
}


OUTREACH_HEADER = [
    "序号",
    "姓名",
    "身份证号（脱敏）",
    "手机号（脱敏）",
    "居住街道",
    "重点群体",
    "可享受未申请的政策",
    "补贴期限",
    "每月上限（元）",
]
OUTREACH_WIDTHS = (6, 10, 22, 16, 12, 24, 40, 40, 14)


def person_cells(i: int, person: Person) -> list:
    """The first columns of a list's export: number, name, masked ID number and phone, street."""
    return [
        i,
        person.name,
        mask_id_number(person.id_number),
        mask_phone(person.phone),
        street_name(person.home_street_code),
    ]


def outreach_values(i: int, row: OutreachRow) -> list:
    return [
        *person_cells(i, row.person),
        "、".join(name for _c, name in row.key_groups),
        "、".join(subsidy_name(s.code) for s in row.subsidies),
        "；".join(f"{subsidy_name(s.code)} {s.start}至{s.end}" for s in row.subsidies if s.start),
        "；".join(
            f"{float(s.monthly_amount_cap):.2f}"
            for s in row.subsidies
            if s.monthly_amount_cap is not None
        ),
    ]


def reveal_field(person: Person, data: Mapping[str, Any], *, actor) -> tuple[str, str | None]:
    """Show one unmasked field to staff, for a stated purpose, through the audit log."""
    errors = Errors()
    field = inputs.choice(
        data.get("field"), "field", "查看项目", errors, REVEAL_FIELDS, required=True
    )
    purpose = inputs.choice(
        data.get("purpose"), "purpose", "查看目的", errors, REVEAL_PURPOSES, required=True
    )
    errors.raise_if_any()
    assert field is not None and purpose is not None
    return field, audit.reveal(actor, person, field, REVEAL_PURPOSES[purpose])


def record_graduate_service(person: Person, data: Mapping[str, Any], *, actor):
    """Record a service for the 1131 list through the stations area's ``record_service``."""
    from jobhub.stations.models import SERVICE_KINDS
    from jobhub.stations.services import StationError, record_service

    errors = Errors()
    kind = inputs.choice(data.get("kind"), "kind", "服务类型", errors, SERVICE_KINDS, required=True)
    note = inputs.text(data.get("note"), "note", "服务内容", errors, max_len=1000)
    errors.raise_if_any()
    try:
        record = record_service(person, kind, actor, note)
    except StationError as exc:
        raise InputError({exc.field or "kind": exc.message}) from None
    audit.record(actor, "record_service", "people", person.id, f"实名服务：{SERVICE_KINDS[kind]}")
    return record
