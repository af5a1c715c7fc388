"""The bureau's side of the seekers area: 政策找人, the graduates' real-name service (1131),
services recorded for a person, revealing an unmasked field, and subsidy decisions and
payments."""

from __future__ import annotations

from functools import partial

from flask import request
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import abort
from marshmallow import Schema, fields

from jobhub.access import allow
from jobhub.api.paging import (
    KEYSET_PARAMETERS,
    ObjectDoc,
    PageSchema,
    keyset_paged,
    paged,
    paginated,
    query_parameters,
)
from jobhub.api.views import ERROR_422, body_doc, writes
from jobhub.auth.roles import Role
from jobhub.extensions import db
from jobhub.security import audit
from jobhub.seekers import subsidies
from jobhub.seekers.api.blueprint import blp
from jobhub.seekers.models import Person, SubsidyApplication

# --- schemas for the OpenAPI document -------------------------------------------------------


class SubsidyDecisionSchema(Schema):
    decision = fields.String(required=True, metadata={"description": "approved | rejected"})
    reason = fields.String()


class SubsidyPaymentSchema(Schema):
    month = fields.String(required=True, metadata={"description": "YYYY-MM"})
    amount = fields.Float(required=True)


class GraduateServiceSchema(Schema):
    kind = fields.String(required=True)
    note = fields.String()


class RevealRequestSchema(Schema):
    field = fields.String(required=True, metadata={"description": "id_number | phone"})
    purpose = fields.String(required=True)


@blp.route("/outreach")
@allow(Role.ADMIN)
class Outreach(MethodView):
    @blp.alt_response(200, schema=PageSchema, description="政策找人名单（按人员顺序分页）")
    @blp.doc(
        parameters=[
            *query_parameters(("group", "string"), ("station_id", "integer"), ("code", "string")),
            *KEYSET_PARAMETERS,
        ]
    )
    @audit.shows_people("查看政策找人名单")
    def get(self):
        """政策找人：可享受但未申请补贴的已登记人员（身份证号、手机号脱敏），按每晚更新、资料变化即时更新的评估"""
        from jobhub.lists.queries import outreach_page
        from jobhub.policy.groups import GROUP_ZH

        group = request.args.get("group") or None
        code = request.args.get("code") or None
        if group is not None and group not in GROUP_ZH:
            abort(422, messages={"query": {"group": ["重点群体应为：" + "、".join(GROUP_ZH)]}})
        if code is not None and code not in subsidies.PERSON_CODES:
            abort(
                422,
                messages={"query": {"code": ["政策应为：" + "、".join(subsidies.PERSON_CODES)]}},
            )
        station_id = request.args.get("station_id", type=int)
        return keyset_paged(
            partial(outreach_page, group=group, station_id=station_id, code=code),
            _outreach_json,
        )


def _outreach_json(r) -> dict:
    from jobhub.security.masking import mask_id_number, mask_phone

    return {
        "person_id": r.person.id,
        "name": r.person.name,
        "id_number": mask_id_number(r.person.id_number),
        "phone": mask_phone(r.person.phone),
        "key_groups": [c for c, _n in r.key_groups],
        "subsidies": [
            {
                "code": s.code,
                "start": s.start.isoformat() if s.start else None,
                "end": s.end.isoformat() if s.end else None,
                "monthly_amount_cap": (
                    float(s.monthly_amount_cap) if s.monthly_amount_cap is not None else None
                ),
            }
            for s in r.subsidies
        ],
    }


@blp.route("/graduates")
@allow(Role.ADMIN)
class Graduates(MethodView):
    @blp.alt_response(200, schema=PageSchema, description="1131 实名服务名单（按人员顺序分页）")
    @blp.doc(parameters=[*query_parameters(("missing", "string")), *KEYSET_PARAMETERS])
    @audit.shows_people("查看高校毕业生实名服务名单")
    def get(self):
        """离校未就业高校毕业生实名服务（1131）进度；missing=1 只列还缺服务的"""
        from jobhub.lists.queries import graduates_page

        missing_only = request.args.get("missing") == "1"
        return keyset_paged(partial(graduates_page, missing_only=missing_only), _graduate_json)


def _graduate_json(r) -> dict:
    from jobhub.security.masking import mask_id_number

    return {
        "person_id": r.person.id,
        "name": r.person.name,
        "id_number": mask_id_number(r.person.id_number),
        "counts": r.counts,
        "missing": list(r.missing),
        "records": [
            {
                "kind": x.kind,
                "at": x.at.isoformat(),
                "staff_user_id": x.staff_user_id,
                "note": x.note,
            }
            for x in r.records
        ],
    }


def _person(person_id: int) -> Person | None:
    return db.session.get(Person, person_id)


@blp.route("/people/<int:person_id>/services")
@allow(Role.ADMIN)
class Services(MethodView):
    @blp.alt_response(201, schema=ObjectDoc, description="已创建")
    @blp.doc(**body_doc(GraduateServiceSchema))
    @blp.alt_response(422, description=ERROR_422)
    @writes(body=True, load=_person, status=201)
    def post(self, person, body):
        """为一位人员登记一次服务（政策宣介、职业指导、岗位推荐、培训或见习推荐…）"""
        from jobhub.admin.services import record_graduate_service

        record = record_graduate_service(person, body, actor=current_user)
        return {"id": record.id, "kind": body.get("kind")}


@blp.route("/people/<int:person_id>/reveal")
@allow(Role.ADMIN)
class Reveal(MethodView):
    @blp.alt_response(200, schema=ObjectDoc, description="成功")
    @blp.doc(**body_doc(RevealRequestSchema))
    @blp.alt_response(422, description=ERROR_422)
    @writes(body=True, load=_person)
    def post(self, person, body):
        """查看一项未脱敏的个人信息（须说明目的；记入审计日志）"""
        from jobhub.admin.services import reveal_field

        field, value = reveal_field(person, body, actor=current_user)
        return {"field": field, "value": value}


@blp.route("/subsidy-applications")
@allow(Role.ADMIN, Role.STATION_STAFF)
class SubsidyApplications(MethodView):
    @paginated(blp, "补贴申请（分页）")
    def get(self):
        """补贴申请（按状态：submitted | approved | rejected）"""
        status = request.args.get("status") or "submitted"
        items = subsidies.applications_visible_to(current_user, status)
        return paged(
            items, lambda a: {**subsidies.subsidy_application_json(a), "person_id": a.person_id}
        )


def _subsidy_application(application_id: int) -> SubsidyApplication | None:
    return db.session.get(SubsidyApplication, application_id)


@blp.route("/subsidy-applications/<int:application_id>/decision")
@allow(Role.ADMIN)
class SubsidyDecision(MethodView):
    @blp.alt_response(200, schema=ObjectDoc, description="成功")
    @blp.doc(**body_doc(SubsidyDecisionSchema))
    @blp.alt_response(422, description=ERROR_422)
    @writes(body=True, load=_subsidy_application)
    def post(self, application, body):
        """审核补贴申请：核定（记录初次核定日期）或不予核定（须写原因），记入审计"""
        decided = subsidies.decide_subsidy(application, body, actor=current_user)
        return subsidies.subsidy_application_json(decided)


@blp.route("/subsidy-applications/<int:application_id>/payments")
@allow(Role.ADMIN)
class SubsidyPayments(MethodView):
    @blp.alt_response(201, schema=ObjectDoc, description="已创建")
    @blp.doc(**body_doc(SubsidyPaymentSchema))
    @blp.alt_response(422, description=ERROR_422)
    @writes(body=True, load=_subsidy_application, status=201)
    def post(self, application, body):
        """登记一个月的补贴拨付（须在补贴期限内、不超过每月上限）"""
        subsidies.record_payment(application, body, actor=current_user)
        return subsidies.subsidy_application_json(application)
