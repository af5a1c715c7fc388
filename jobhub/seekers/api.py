"""JSON API of the seekers area (``/api/v1/seekers``): the seeker's own record, matches,
applications and subsidies, and the bureau's lists (政策找人, graduates, subsidy decisions).

Auth: the session cookie or ``Authorization: Bearer jh_…``. Bad input answers 422 with
``{"error": {"code", "message", "fields"}}`` naming each field (the same validators as the
pages); a request that does not fit the object's state answers 409.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import jsonify, request
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from jobhub.access import SIGNED_IN, allow
from jobhub.api.errors import bad_json, error_response, json_body, validation_error
from jobhub.auth.roles import Role
from jobhub.extensions import db
from jobhub.policy.dates import today_in_china
from jobhub.security.masking import mask_phone
from jobhub.seekers import applications as apps
from jobhub.seekers import matching, queries, services, subsidies
from jobhub.seekers.identity import SENSITIVE_STATUSES
from jobhub.seekers.inputs import Conflict, InputError
from jobhub.seekers.models import Application, Person, SubsidyApplication

blp = Blueprint("seekers_api", __name__, url_prefix="/api/v1/seekers", description="求职者")

ERROR_422 = "字段有误：{error: {code, message, fields}}"


def run(action: Callable[[], Any], status: int = 200):
    """Run a write, commit once, and map domain errors to 422/409 (rolled back)."""
    try:
        body = action()
    except InputError as exc:
        db.session.rollback()
        return validation_error(exc.fields)
    except Conflict as exc:
        db.session.rollback()
        return error_response(409, "conflict", exc.message)
    db.session.commit()
    return jsonify(body), status


def not_found(message: str = "找不到该资源"):
    return error_response(404, "not_found", message)


def _verified():
    person = services.person_for_user(current_user)
    return person if person is not None and person.id_number else None


def _need_identity():
    return error_response(
        409, "identity_required", "请先完成实名登记", {"id_number": "请先完成实名登记"}
    )


def application_json(application: Application, *, side: str = "seeker") -> dict[str, Any]:
    vacancy = application.vacancy
    out = {
        "id": application.id,
        "vacancy_id": vacancy.id,
        "vacancy_title": vacancy.title,
        "employer_name": vacancy.organisation.name,
        "status": application.status,
        "status_label": application.status_label,
        "message": application.message,
        "reason_code": application.reason_code,
        "reason": apps.REJECTION_REASONS.get(application.reason_code or ""),
        "reason_note": application.reason_note,
        "hired_on": application.hired_on.isoformat() if application.hired_on else None,
        "applied_at": application.created_at.isoformat(),
        "events": apps.events_json(application),
        "hire_subsidies": subsidies.hire_subsidies_json(subsidies.hire_subsidies(application)),
    }
    if side == "employer":
        person = application.person
        # masked like on the page; the page's "显示完整号码" step is audited
        out["person"] = {"id": person.id, "name": person.name, "phone": mask_phone(person.phone)}
    return out


# --- schemas for the OpenAPI document -------------------------------------------------------


class SeekerIdentitySchema(Schema):
    name = fields.String(required=True, metadata={"description": "姓名"})
    id_number = fields.String(required=True, metadata={"description": "18 位身份证号"})


class SeekerProfileSchema(Schema):
    education = fields.String()
    major = fields.String()
    graduation_date = fields.Date()
    employment_status = fields.String()
    employment_since = fields.Date()
    summary = fields.String()
    work_history = fields.String()
    skills = fields.List(fields.String())
    desired_titles = fields.List(fields.String())
    desired_occupation_codes = fields.List(fields.String())
    home_street_code = fields.String()
    lat = fields.Float()
    lng = fields.Float()
    max_distance_km = fields.Float()
    availability = fields.String()
    available_from = fields.Date()
    expected_pay = fields.Float()
    expected_pay_unit = fields.String()
    monthly_contribution = fields.Float()
    share_with_employers = fields.Boolean()


class SeekerSensitiveSchema(Schema):
    consent = fields.Boolean(required=True)
    since = fields.Date(
        metadata={"description": "失业登记日期（仅 unemployment_registered_since）"}
    )


class SeekerApplySchema(Schema):
    vacancy_id = fields.Integer(required=True)
    message = fields.String()


class SeekerSubsidyApplySchema(Schema):
    code = fields.String(required=True)
    monthly_contribution = fields.Float()


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


def body_doc(schema) -> dict:
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


# --- the seeker's own record ----------------------------------------------------------------


@blp.route("/me")
@allow(Role.SEEKER)
class Me(MethodView):
    def get(self):
        """我的资料（身份证号和手机号脱敏）"""
        person = services.person_for_user(current_user)
        if person is None:
            return jsonify({"verified": False, "id": None})
        return jsonify(services.profile_json(person))


@blp.route("/me/identity")
@allow(Role.SEEKER)
class Identity(MethodView):
    @blp.doc(**body_doc(SeekerIdentitySchema))
    @blp.alt_response(422, description=ERROR_422)
    def post(self):
        """实名登记：姓名和身份证号（一人一号；出生日期和性别取自身份证号）"""
        body = json_body()
        if body is None:
            return bad_json()
        return run(
            lambda: services.profile_json(
                services.register_identity(current_user, body.get("name"), body.get("id_number"))
            ),
            201,
        )


@blp.route("/me/profile")
@allow(Role.SEEKER)
class Profile(MethodView):
    @blp.doc(**body_doc(SeekerProfileSchema))
    @blp.alt_response(422, description=ERROR_422)
    def put(self):
        """更新求职资料（只改提交的字段）；求职意向自动编码到职业分类大典"""
        body = json_body()
        if body is None:
            return bad_json()
        person = _verified()
        if person is None:
            return _need_identity()

        def action():
            services.update_profile(person, services.parse_profile(body), actor=current_user)
            return services.profile_json(person)

        return run(action)


@blp.route("/me/sensitive/<code>")
@allow(Role.SEEKER)
class Sensitive(MethodView):
    @blp.doc(**body_doc(SeekerSensitiveSchema))
    @blp.alt_response(422, description=ERROR_422)
    def put(self, code: str):
        """经本人同意登记一项敏感情况（加密保存）"""
        body = json_body()
        if body is None:
            return bad_json()
        if code not in SENSITIVE_STATUSES:
            return not_found("不认识的情况类别")
        person = _verified()
        if person is None:
            return _need_identity()
        return run(
            lambda: (
                services.record_sensitive_status(person, code, body, actor=current_user)
                or {"code": code, "recorded": True}
            )
        )

    def delete(self, code: str):
        """撤回同意：该情况的登记被删除"""
        if code not in SENSITIVE_STATUSES:
            return not_found("不认识的情况类别")
        person = _verified()
        if person is None:
            return _need_identity()
        return run(
            lambda: (
                services.withdraw_status(person, code, actor=current_user)
                or {"code": code, "recorded": False}
            )
        )


@blp.route("/me/evaluation")
@allow(Role.SEEKER)
class MyEvaluation(MethodView):
    def get(self):
        """重点群体、就业困难类别和各项补贴（按今天计算，附原因和依据）"""
        person = _verified()
        if person is None:
            return _need_identity()
        return jsonify(subsidies.policy_view(person))


@blp.route("/me/matches")
@allow(Role.SEEKER)
class Matches(MethodView):
    @blp.doc(
        parameters=[
            {"name": n, "in": "query", "schema": {"type": t}}
            for n, t in (
                ("max_km", "number"),
                ("kind", "string"),
                ("min_pay", "number"),
                ("employment_type", "string"),
                ("page", "integer"),
            )
        ]
    )
    @blp.alt_response(422, description=ERROR_422)
    def get(self):
        """推荐岗位：按匹配度排序，附解释（技能、距离、职业、重点群体优先）"""
        person = _verified()
        if person is None:
            return _need_identity()
        try:
            filters = matching.parse_filters(request.args)
        except InputError as exc:
            return validation_error(exc.fields)
        ranked = matching.ranked_vacancies(person, filters) if matching.available() else None
        if ranked is None:
            return error_response(503, "matching_unavailable", "匹配服务暂不可用，请稍后再试")
        items, pages = matching.page_of(ranked, filters.page)
        return jsonify(
            {
                "page": min(filters.page, pages),
                "pages": pages,
                "total": len(ranked),
                "skill_gaps": [
                    {"skill": s, "count": n, "of": of} for s, n, of in matching.skill_gaps(ranked)
                ],
                "results": [matching.result_json(i) for i in items],
            }
        )


@blp.route("/me/applications")
@allow(Role.SEEKER)
class MyApplications(MethodView):
    def get(self):
        """我的申请及其进度"""
        person = services.person_for_user(current_user)
        items = queries.person_applications(person.id) if person else []
        return jsonify([application_json(a) for a in items])

    @blp.doc(**body_doc(SeekerApplySchema))
    @blp.alt_response(422, description=ERROR_422)
    def post(self):
        """一键投递（可附简短留言）"""
        body = json_body()
        if body is None:
            return bad_json()
        person = _verified()
        if person is None:
            return _need_identity()
        return run(
            lambda: application_json(
                apps.apply(person, body.get("vacancy_id"), body.get("message"), actor=current_user)
            ),
            201,
        )


def _own_application(application_id: int) -> Application | None:
    person = services.person_for_user(current_user)
    application = db.session.get(Application, application_id)
    if application is None or person is None or application.person_id != person.id:
        return None
    return application


@blp.route("/me/applications/<int:application_id>")
@allow(Role.SEEKER)
class MyApplication(MethodView):
    def get(self, application_id: int):
        """一份申请的进度（录用后含单位因此可享受的补贴）"""
        application = _own_application(application_id)
        if application is None:
            return not_found()
        return jsonify(application_json(application))


@blp.route("/me/applications/<int:application_id>/withdraw")
@allow(Role.SEEKER)
class Withdraw(MethodView):
    def post(self, application_id: int):
        """撤回申请"""
        application = _own_application(application_id)
        if application is None:
            return not_found()

        def action():
            apps.withdraw(application, actor=current_user)
            return application_json(application)

        return run(action)


@blp.route("/me/invitations")
@allow(Role.SEEKER)
class Invitations(MethodView):
    def get(self):
        """用人单位的应聘邀请"""
        person = services.person_for_user(current_user)
        items = queries.person_invitations(person.id) if person else []
        return jsonify(
            [
                {
                    "id": i.id,
                    "vacancy_id": i.vacancy_id,
                    "vacancy_title": i.vacancy.title,
                    "employer_name": i.vacancy.organisation.name,
                    "message": i.message,
                    "status": i.status,
                    "at": i.at.isoformat(),
                }
                for i in items
            ]
        )


@blp.route("/me/subsidy-applications")
@allow(Role.SEEKER)
class MySubsidies(MethodView):
    def get(self):
        """我的补贴申请、审核结果和已拨付月份"""
        person = services.person_for_user(current_user)
        items = queries.person_subsidy_applications(person.id) if person else []
        return jsonify([subsidies.subsidy_application_json(a) for a in items])

    @blp.doc(**body_doc(SeekerSubsidyApplySchema))
    @blp.alt_response(422, description=ERROR_422)
    def post(self):
        """在线申请灵活就业社会保险补贴（须按政策计算符合条件）"""
        body = json_body()
        if body is None:
            return bad_json()
        person = _verified()
        if person is None:
            return _need_identity()
        return run(
            lambda: subsidies.subsidy_application_json(
                subsidies.apply_for_subsidy(person, body, actor=current_user)
            ),
            201,
        )


@blp.route("/skills")
@allow(SIGNED_IN)
class Skills(MethodView):
    @blp.doc(parameters=[{"name": "prefix", "in": "query", "schema": {"type": "string"}}])
    def get(self):
        """技能建议：在招岗位常要求的技能，以及职业分类大典中的名称"""
        prefix = (request.args.get("prefix") or "")[:20]
        return jsonify(services.skill_suggestions(prefix))


# --- the bureau -------------------------------------------------------------------------------


@blp.route("/outreach")
@allow(Role.ADMIN)
class Outreach(MethodView):
    def get(self):
        """政策找人：可享受但未申请补贴的已登记人员（身份证号、手机号脱敏）"""
        from jobhub.admin.queries import policy_outreach
        from jobhub.security.masking import mask_id_number, mask_phone

        station_id = request.args.get("station_id", type=int)
        rows = policy_outreach(
            today_in_china(),
            group=request.args.get("group") or None,
            station_id=station_id,
            code=request.args.get("code") or None,
        )
        return jsonify(
            [
                {
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
                                float(s.monthly_amount_cap)
                                if s.monthly_amount_cap is not None
                                else None
                            ),
                        }
                        for s in r.subsidies
                    ],
                }
                for r in rows
            ]
        )


@blp.route("/graduates")
@allow(Role.ADMIN)
class Graduates(MethodView):
    def get(self):
        """离校未就业高校毕业生实名服务（1131）进度；missing=1 只列还缺服务的"""
        from jobhub.admin.queries import graduates
        from jobhub.security.masking import mask_id_number

        rows = graduates(today_in_china(), missing_only=request.args.get("missing") == "1")
        return jsonify(
            [
                {
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
                for r in rows
            ]
        )


def _person(person_id: int) -> Person | None:
    return db.session.get(Person, person_id)


@blp.route("/people/<int:person_id>/services")
@allow(Role.ADMIN)
class Services(MethodView):
    @blp.doc(**body_doc(GraduateServiceSchema))
    @blp.alt_response(422, description=ERROR_422)
    def post(self, person_id: int):
        """为一位人员登记一次服务（政策宣介、职业指导、岗位推荐、培训或见习推荐…）"""
        from jobhub.admin.services import record_graduate_service

        body = json_body()
        if body is None:
            return bad_json()
        person = _person(person_id)
        if person is None:
            return not_found()
        return run(
            lambda: {
                "id": record_graduate_service(person, body, actor=current_user).id,
                "kind": body.get("kind"),
            },
            201,
        )


@blp.route("/people/<int:person_id>/reveal")
@allow(Role.ADMIN)
class Reveal(MethodView):
    @blp.doc(**body_doc(RevealRequestSchema))
    @blp.alt_response(422, description=ERROR_422)
    def post(self, person_id: int):
        """查看一项未脱敏的个人信息（须说明目的；记入审计日志）"""
        from jobhub.admin.services import reveal_field

        body = json_body()
        if body is None:
            return bad_json()
        person = _person(person_id)
        if person is None:
            return not_found()

        def action():
            field, value = reveal_field(person, body, actor=current_user)
            return {"field": field, "value": value}

        return run(action)


@blp.route("/subsidy-applications")
@allow(Role.ADMIN, Role.STATION_STAFF)
class SubsidyApplications(MethodView):
    def get(self):
        """补贴申请（按状态：submitted | approved | rejected）"""
        status = request.args.get("status") or "submitted"
        items = db.session.execute(
            db.select(SubsidyApplication)
            .where(SubsidyApplication.status == status)
            .order_by(SubsidyApplication.id)
        ).scalars()
        return jsonify(
            [{**subsidies.subsidy_application_json(a), "person_id": a.person_id} for a in items]
        )


def _subsidy_application(application_id: int) -> SubsidyApplication | None:
    return db.session.get(SubsidyApplication, application_id)


@blp.route("/subsidy-applications/<int:application_id>/decision")
@allow(Role.ADMIN, Role.STATION_STAFF)
class SubsidyDecision(MethodView):
    @blp.doc(**body_doc(SubsidyDecisionSchema))
    @blp.alt_response(422, description=ERROR_422)
    def post(self, application_id: int):
        """审核补贴申请：核定（记录初次核定日期）或不予核定（须写原因），记入审计"""
        body = json_body()
        if body is None:
            return bad_json()
        application = _subsidy_application(application_id)
        if application is None:
            return not_found()
        return run(
            lambda: subsidies.subsidy_application_json(
                subsidies.decide_subsidy(application, body, actor=current_user)
            )
        )


@blp.route("/subsidy-applications/<int:application_id>/payments")
@allow(Role.ADMIN, Role.STATION_STAFF)
class SubsidyPayments(MethodView):
    @blp.doc(**body_doc(SubsidyPaymentSchema))
    @blp.alt_response(422, description=ERROR_422)
    def post(self, application_id: int):
        """登记一个月的补贴拨付（须在补贴期限内、不超过每月上限）"""
        body = json_body()
        if body is None:
            return bad_json()
        application = _subsidy_application(application_id)
        if application is None:
            return not_found()

        def action():
            subsidies.record_payment(application, body, actor=current_user)
            return subsidies.subsidy_application_json(application)

        return run(action, 201)
