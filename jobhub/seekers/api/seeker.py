"""The seeker's own record (``/api/v1/seekers/me…``): identity, profile, sensitive statuses,
the policy evaluation, matches, applications and invitations, subsidy applications; and skill
suggestions for any signed-in user."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
from flask.views import MethodView
from flask_login import current_user
from marshmallow import Schema, fields

from jobhub.access import SIGNED_IN, allow
from jobhub.api.errors import bad_json, error_response, json_body, validation_error
from jobhub.api.paging import ObjectDoc, paged, paginated, query_parameters
from jobhub.api.views import ERROR_422, body_doc, not_found, run, writes
from jobhub.auth.roles import Role
from jobhub.extensions import db
from jobhub.security.masking import mask_phone
from jobhub.seekers import applications as apps
from jobhub.seekers import consents, matching, queries, services, subsidies
from jobhub.seekers.api.blueprint import blp
from jobhub.seekers.identity import SENSITIVE_STATUSES
from jobhub.seekers.inputs import InputError
from jobhub.seekers.models import Application


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
    retirement_category = fields.String(
        metadata={"enum": ["female_cadre", "female_worker"], "description": "女性的退休类别"}
    )
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


@blp.route("/me")
@allow(Role.SEEKER)
class Me(MethodView):
    @blp.alt_response(200, schema=ObjectDoc, description="成功")
    def get(self):
        """我的资料（身份证号和手机号脱敏）"""
        person = services.person_for_user(current_user)
        if person is None:
            return jsonify({"verified": False, "id": None})
        return jsonify(services.profile_json(person))


@blp.route("/me/identity")
@allow(Role.SEEKER)
class Identity(MethodView):
    @blp.alt_response(201, schema=ObjectDoc, description="已创建")
    @blp.doc(**body_doc(SeekerIdentitySchema))
    @blp.alt_response(422, description=ERROR_422)
    @writes(body=True, status=201)
    def post(self, body):
        """实名登记：姓名和身份证号（一人一号；出生日期和性别取自身份证号）"""
        person = services.register_identity(current_user, body.get("name"), body.get("id_number"))
        return services.profile_json(person)


@blp.route("/me/profile")
@allow(Role.SEEKER)
class Profile(MethodView):
    @blp.alt_response(200, schema=ObjectDoc, description="成功")
    @blp.doc(**body_doc(SeekerProfileSchema))
    @blp.alt_response(422, description=ERROR_422)
    @writes(body=True, load=_verified, missing=_need_identity)
    def put(self, person, body):
        """更新求职资料（只改提交的字段）；求职意向自动编码到职业分类大典"""
        services.update_profile(
            person, services.parse_profile(body, person=person), actor=current_user
        )
        return services.profile_json(person)


@blp.route("/me/sensitive/<code>")
@allow(Role.SEEKER)
class Sensitive(MethodView):
    @blp.alt_response(200, schema=ObjectDoc, description="成功")
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

    @blp.alt_response(200, schema=ObjectDoc, description="成功")
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


@blp.route("/me/consents")
@allow(Role.SEEKER)
class MyConsents(MethodView):
    @paginated(
        blp,
        "我的授权（分页）：每个授权事项（purpose、title）是否已同意（given）、同意的时间"
        "（given_at，北京时间）、途径（given_via：counter 窗口 / online 网上）、文本版本（text_version；current 为 false 表示文本已更新）、"
        "同意的内容（text）和撤回的后果（on_withdrawal）",
    )
    def get(self):
        """我的授权：同意过什么、何时、哪一版文本"""
        person = _verified()
        if person is None:
            return _need_identity()
        return paged(consents.consent_rows(person), dict)


@blp.route("/me/consents/<purpose>")
@allow(Role.SEEKER)
class MyConsent(MethodView):
    @blp.alt_response(200, schema=ObjectDoc, description="成功：撤回后的该项授权（given 为 false）")
    @blp.alt_response(422, description=ERROR_422)
    def delete(self, purpose: str):
        """撤回同意（purpose 为 sensitive_statuses 或 share_with_employers），并停止它允许的
        处理：撤回敏感身份信息授权即删除已登记的全部敏感身份信息"""
        person = _verified()
        if person is None:
            return _need_identity()

        def withdraw() -> dict[str, Any]:
            consents.withdraw_consent(person, purpose, via="online", actor=current_user)
            return consents.consent_row(person, purpose)

        return run(withdraw)


@blp.route("/me/evaluation")
@allow(Role.SEEKER)
class MyEvaluation(MethodView):
    @blp.alt_response(200, schema=ObjectDoc, description="成功")
    def get(self):
        """重点群体、就业困难类别和各项补贴（按今天计算，附原因和依据）"""
        person = _verified()
        if person is None:
            return _need_identity()
        return jsonify(subsidies.policy_view(person))


@blp.route("/me/matches")
@allow(Role.SEEKER)
class Matches(MethodView):
    @paginated(
        blp,
        "推荐岗位（分页），另附 skill_gaps：推荐岗位常要求而本人未填的技能",
        query_parameters(
            ("max_km", "number"),
            ("kind", "string"),
            ("min_pay", "number"),
            ("employment_type", "string"),
        ),
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
        return paged(
            ranked,
            matching.result_json,
            skill_gaps=[
                {"skill": s, "count": n, "of": of} for s, n, of in matching.skill_gaps(ranked)
            ],
        )


@blp.route("/me/applications")
@allow(Role.SEEKER)
class MyApplications(MethodView):
    @paginated(blp, "我的申请（分页）")
    def get(self):
        """我的申请及其进度"""
        person = services.person_for_user(current_user)
        items = queries.person_applications(person.id) if person else []
        return paged(items, application_json)

    @blp.alt_response(201, schema=ObjectDoc, description="已创建")
    @blp.doc(**body_doc(SeekerApplySchema))
    @blp.alt_response(422, description=ERROR_422)
    @writes(body=True, load=_verified, missing=_need_identity, status=201)
    def post(self, person, body):
        """一键投递（可附简短留言）"""
        return application_json(
            apps.apply(person, body.get("vacancy_id"), body.get("message"), actor=current_user)
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
    @blp.alt_response(200, schema=ObjectDoc, description="成功")
    def get(self, application_id: int):
        """一份申请的进度（录用后含单位因此可享受的补贴）"""
        application = _own_application(application_id)
        if application is None:
            return not_found()
        return jsonify(application_json(application))


@blp.route("/me/applications/<int:application_id>/withdraw")
@allow(Role.SEEKER)
class Withdraw(MethodView):
    @blp.alt_response(200, schema=ObjectDoc, description="成功")
    @writes(load=_own_application)
    def post(self, application):
        """撤回申请"""
        apps.withdraw(application, actor=current_user)
        return application_json(application)


@blp.route("/me/invitations")
@allow(Role.SEEKER)
class Invitations(MethodView):
    @paginated(blp, "收到的应聘邀请（分页）")
    def get(self):
        """用人单位的应聘邀请"""
        person = services.person_for_user(current_user)
        items = queries.person_invitations(person.id) if person else []
        return paged(items, _invitation_json)


def _invitation_json(invitation) -> dict:
    return {
        "id": invitation.id,
        "vacancy_id": invitation.vacancy_id,
        "vacancy_title": invitation.vacancy.title,
        "employer_name": invitation.vacancy.organisation.name,
        "message": invitation.message,
        "status": invitation.status,
        "at": invitation.at.isoformat(),
    }


@blp.route("/me/subsidy-applications")
@allow(Role.SEEKER)
class MySubsidies(MethodView):
    @paginated(blp, "我的补贴申请（分页）")
    def get(self):
        """我的补贴申请、审核结果和已拨付月份"""
        person = services.person_for_user(current_user)
        items = queries.person_subsidy_applications(person.id) if person else []
        return paged(items, subsidies.subsidy_application_json)

    @blp.alt_response(201, schema=ObjectDoc, description="已创建")
    @blp.doc(**body_doc(SeekerSubsidyApplySchema))
    @blp.alt_response(422, description=ERROR_422)
    @writes(body=True, load=_verified, missing=_need_identity, status=201)
    def post(self, person, body):
        """在线申请灵活就业社会保险补贴（须按政策计算符合条件）"""
        application = subsidies.apply_for_subsidy(person, body, actor=current_user)
        return subsidies.subsidy_application_json(application)


@blp.route("/skills")
@allow(SIGNED_IN)
class Skills(MethodView):
    @paginated(blp, "技能名称（分页），items 为文字", query_parameters(("prefix", "string")))
    def get(self):
        """技能建议：在招岗位常要求的技能，以及职业分类大典中的名称"""
        prefix = (request.args.get("prefix") or "")[:20]
        return paged(services.skill_suggestions(prefix), str)
