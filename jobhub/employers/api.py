"""JSON API of the employers area (``/api/v1/employers``): the organisation and its users,
vacancies with posting review, candidates, the application pipeline, and the bureau's review
queue and 公益性岗位.

A posting the review rejects answers 422 with the findings under ``review`` (each with
start/end offsets for highlighting); a warned one without ``justification`` answers 422 naming
``justification``. Nothing is saved in either case.
"""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from jobhub.access import allow
from jobhub.api.errors import bad_json, error_response, json_body, validation_error
from jobhub.api.paging import ObjectDoc, paged, paged_window, paginated
from jobhub.api.views import ERROR_422, body_doc, not_found, refused, run, takes, writes
from jobhub.auth.roles import Role
from jobhub.employers import candidates as cands
from jobhub.employers import queries, services
from jobhub.employers.models import Organisation, Vacancy
from jobhub.extensions import db
from jobhub.postings import review_to_json
from jobhub.security import audit
from jobhub.seekers import applications as apps
from jobhub.seekers.api import application_json
from jobhub.seekers.inputs import Conflict, InputError
from jobhub.seekers.models import APPLICATION_STATUSES, Application, Person

blp = Blueprint("employers_api", __name__, url_prefix="/api/v1/employers", description="用人单位")

EMPLOYER_KINDS = {k: v for k, v in services.KINDS.items() if k != "public_welfare"}
ADMIN_KINDS = {"public_welfare": services.KINDS["public_welfare"]}


class EmployerOrganisationSchema(Schema):
    name = fields.String()
    address = fields.String()
    street_code = fields.String()
    lat = fields.Float()
    lng = fields.Float()
    size = fields.String(metadata={"description": "micro | small | medium | large"})
    contact_name = fields.String()
    contact_phone = fields.String()


class EmployerColleagueSchema(Schema):
    display_name = fields.String(required=True)
    phone = fields.String(required=True)
    password = fields.String(required=True)


class EmployerVacancySchema(Schema):
    title = fields.String(required=True)
    description = fields.String(required=True)
    kind = fields.String(
        metadata={"description": "regular | traineeship（公益性岗位由管理员创建）"}
    )
    employment_type = fields.String(metadata={"description": "full_time | part_time"})
    headcount = fields.Integer(required=True)
    work_location = fields.String(required=True)
    street_code = fields.String()
    salary_min = fields.Float(required=True)
    salary_max = fields.Float(required=True)
    salary_unit = fields.String(required=True, metadata={"description": "month | day | hour"})
    valid_until = fields.Date(required=True)
    skills = fields.List(fields.String())
    occupation_code = fields.String(metadata={"description": "留空则按岗位名称自动编码"})
    justification = fields.String(metadata={"description": "审核提示需要说明时填写"})
    organisation_id = fields.Integer(metadata={"description": "仅公益性岗位（管理员）"})


class VacancyStatusSchema(Schema):
    action = fields.String(required=True, metadata={"description": "pause | resume | close"})


class EmployerInviteSchema(Schema):
    person_id = fields.Integer(required=True)
    message = fields.String()


class ApplicationMoveSchema(Schema):
    to = fields.String(required=True)
    reason_code = fields.String()
    note = fields.String()
    hired_on = fields.Date()
    contract_months = fields.Integer()
    traineeship_months = fields.Integer(
        metadata={"description": "就业见习岗位：见习期限 3–12 个月"}
    )
    unit_monthly_contribution = fields.Float()


class ApplicationBulkSchema(ApplicationMoveSchema):
    ids = fields.List(fields.Integer(), required=True)


class VacancyReviewDecisionSchema(Schema):
    decision = fields.String(required=True, metadata={"description": "publish | reject"})
    reason = fields.String(required=True)


def _organisation() -> Organisation | None:
    return db.session.get(Organisation, current_user.organisation_id or 0)


def _vacancy(vacancy_id: int) -> Vacancy | None:
    return services.vacancy_for(current_user, vacancy_id)


def _any_vacancy(vacancy_id: int) -> Vacancy | None:
    """For the bureau: any organisation's vacancy."""
    return db.session.get(Vacancy, vacancy_id)


def _application(application_id: int) -> Application | None:
    application = db.session.get(Application, application_id)
    if application is None or application.vacancy.organisation_id != current_user.organisation_id:
        return None
    return application


def _save(body: dict, organisation: Organisation | None, *, kinds, vacancy=None, admin=False):
    try:
        values = services.parse_vacancy(body, kinds=kinds)
        if admin:
            chosen = values.pop("organisation_id", None)
            organisation = next((o for o in services.public_employers() if o.id == chosen), None)
            if organisation is None:
                raise InputError({"organisation_id": "请选择公益性岗位的开发单位（公共用人单位）"})
        else:
            if "organisation_id" in values:
                raise InputError({"organisation_id": "不支持的字段"})
        outcome = services.save_vacancy(organisation, values, actor=current_user, vacancy=vacancy)
    except (InputError, Conflict) as exc:
        return refused(exc)
    review = review_to_json(outcome.review)
    if not outcome.saved:
        db.session.commit()  # keeps the recorded review; the vacancy is unchanged
        if outcome.needs_justification:
            fields_ = {"justification": "审核提示需要人工复核：请写明理由后再提交"}
            code, message = "justification_required", "岗位需要说明理由后才能提交人工审核"
        else:
            fields_ = {
                f.get("text")
                if f["start"] is None and f["text"] in services.VACANCY_FIELDS
                else ("description" if f["start"] is not None else "title"): f["message"]
                for f in review["findings"]
                if f["severity"] == "reject"
            }
            code, message = "posting_rejected", "岗位信息未通过审核，请按提示修改后重新提交"
        response, status = error_response(422, code, message, fields_)
        data = response.get_json()
        data["review"] = review
        return jsonify(data), status
    db.session.commit()
    return (
        jsonify({"vacancy": services.vacancy_json(outcome.vacancy), "review": review}),
        201 if vacancy is None else 200,
    )


@blp.route("/organisation")
@allow(Role.EMPLOYER)
class OrganisationView(MethodView):
    @blp.alt_response(200, schema=ObjectDoc, description="成功")
    def get(self):
        """本单位信息"""
        org = _organisation()
        if org is None:
            return not_found()
        return jsonify(_org_json(org))

    @blp.alt_response(200, schema=ObjectDoc, description="成功")
    @blp.doc(**body_doc(EmployerOrganisationSchema))
    @blp.alt_response(422, description=ERROR_422)
    @writes(body=True, load=_organisation)
    def put(self, org, body):
        """修改单位名称、地址和位置、规模、联系人（统一社会信用代码不可改）"""
        services.update_organisation(org, body, actor=current_user)
        return _org_json(org)


def _org_json(org: Organisation) -> dict[str, Any]:
    return {
        "id": org.id,
        "name": org.name,
        "uscc": org.uscc,
        "address": org.address,
        "street_code": org.street_code,
        "lat": org.lat,
        "lng": org.lng,
        "size": org.size,
        "is_public_employer": org.is_public_employer,
        "contact_name": org.contact_name,
    }


@blp.route("/organisation/users")
@allow(Role.EMPLOYER)
class Colleagues(MethodView):
    @blp.alt_response(201, schema=ObjectDoc, description="已创建")
    @blp.doc(**body_doc(EmployerColleagueSchema))
    @blp.alt_response(422, description=ERROR_422)
    @writes(body=True, load=_organisation, status=201)
    def post(self, org, body):
        """为本单位添加一名经办人账号"""
        return {"id": services.add_colleague(org, body, actor=current_user).id}


@blp.route("/vacancies")
@allow(Role.EMPLOYER)
class Vacancies(MethodView):
    @paginated(blp, "本单位的岗位（分页）")
    def get(self):
        """本单位岗位"""
        org = _organisation()
        if org is None:
            return not_found()
        return paged(queries.organisation_vacancies(org.id), services.vacancy_json)

    @blp.alt_response(200, schema=ObjectDoc, description="成功")
    @blp.doc(**body_doc(EmployerVacancySchema))
    @blp.alt_response(422, description=ERROR_422 + "；审核未通过时另含 review")
    @takes(body=True, load=_organisation)
    def post(self, org, body):
        """新建岗位：自动审核（reject 不保存；warn 须写 justification 后进入人工审核；ok 发布）"""
        return _save(body, org, kinds=EMPLOYER_KINDS)


@blp.route("/vacancies/<int:vacancy_id>")
@allow(Role.EMPLOYER, Role.ADMIN)
class VacancyView(MethodView):
    @blp.alt_response(200, schema=ObjectDoc, description="成功")
    def get(self, vacancy_id: int):
        """岗位详情及最近一次审核结果"""
        vacancy = _vacancy(vacancy_id)
        if vacancy is None:
            return not_found()
        latest = services.latest_review(vacancy)
        return jsonify(
            {
                "vacancy": services.vacancy_json(vacancy),
                "review": {"verdict": latest.verdict, "findings": latest.findings}
                if latest
                else None,
            }
        )

    @blp.alt_response(200, schema=ObjectDoc, description="成功")
    @blp.doc(**body_doc(EmployerVacancySchema))
    @blp.alt_response(422, description=ERROR_422)
    @takes(body=True, load=_vacancy)
    def put(self, vacancy, body):
        """修改岗位（每次修改都重新审核）"""
        admin = current_user.role == Role.ADMIN
        kinds = ADMIN_KINDS if admin or vacancy.kind == "public_welfare" else EMPLOYER_KINDS
        return _save(body, vacancy.organisation, kinds=kinds, vacancy=vacancy, admin=admin)


@blp.route("/vacancies/<int:vacancy_id>/status")
@allow(Role.EMPLOYER, Role.ADMIN)
class VacancyStatus(MethodView):
    @blp.alt_response(200, schema=ObjectDoc, description="成功")
    @blp.doc(**body_doc(VacancyStatusSchema))
    @blp.alt_response(422, description=ERROR_422)
    @writes(body=True, load=_vacancy)
    def post(self, vacancy, body):
        """暂停、恢复或关闭岗位"""
        services.change_status(vacancy, body.get("action"), actor=current_user)
        return services.vacancy_json(vacancy)


@blp.route("/vacancies/<int:vacancy_id>/candidates")
@allow(Role.EMPLOYER)
class Candidates(MethodView):
    @paginated(blp, "该岗位的推荐人选（分页，脱敏）")
    @audit.shows_people("查看岗位的推荐人选")
    def get(self, vacancy_id: int):
        """推荐候选人（按匹配度；投递或同意展示前姓名脱敏、无联系方式）"""
        vacancy = _vacancy(vacancy_id)
        if vacancy is None:
            return not_found()
        return paged_window(
            lambda start, stop: cands.candidate_rows(vacancy, start, stop), cands.candidate_json
        )


@blp.route("/vacancies/<int:vacancy_id>/invitations")
@allow(Role.EMPLOYER)
class Invite(MethodView):
    @blp.alt_response(200, schema=ObjectDoc, description="成功")
    @blp.doc(**body_doc(EmployerInviteSchema))
    @blp.alt_response(422, description=ERROR_422)
    @takes(body=True, load=_vacancy)
    def post(self, vacancy, body):
        """邀请一位候选人应聘（求职者在“我的申请”中看到）"""
        person_id = body.get("person_id")
        if isinstance(person_id, bool) or not isinstance(person_id, int):
            return validation_error({"person_id": "请填写求职者编号（整数）"})
        person = db.session.get(Person, person_id)
        if person is None or person.user_id is None:
            return validation_error({"person_id": "找不到该求职者"})
        return run(
            lambda: {
                "id": apps.invite(vacancy, person, body.get("message"), actor=current_user).id
            },
            201,
        )


@blp.route("/applications")
@allow(Role.EMPLOYER)
class Applications(MethodView):
    @paginated(blp, "收到的申请（分页）")
    @audit.shows_people("查看应聘者列表")
    def get(self):
        """本单位收到的申请（可按 vacancy_id、status 筛选）"""
        org = _organisation()
        if org is None:
            return not_found()
        status = request.args.get("status") or None
        if status is not None and status not in APPLICATION_STATUSES:
            return validation_error({"status": "状态取值不正确"})
        items = queries.organisation_applications(
            org.id, vacancy_id=request.args.get("vacancy_id", type=int), status=status
        )
        return paged(items, lambda a: application_json(a, side="employer"))


@blp.route("/applications/bulk")
@allow(Role.EMPLOYER)
class Bulk(MethodView):
    @blp.alt_response(200, schema=ObjectDoc, description="成功")
    @blp.doc(**body_doc(ApplicationBulkSchema))
    @blp.alt_response(422, description=ERROR_422)
    @takes(body=True, load=_organisation)
    def post(self, org, body):
        """批量处理：标记已查看、邀请面试或未录用（未录用须选原因）"""
        ids = body.get("ids")
        if (
            not isinstance(ids, list)
            or not ids
            or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids)
        ):
            return validation_error({"ids": "请提供要处理的申请编号列表"})

        def action():
            move = apps.parse_move(body)
            chosen = [a for a in queries.organisation_applications(org.id) if a.id in set(ids)]
            moved, skipped = apps.bulk_move(chosen, move, actor=current_user)
            return {"moved": moved, "skipped": skipped}

        return run(action)


@blp.route("/applications/<int:application_id>")
@allow(Role.EMPLOYER)
class ApplicationView(MethodView):
    @blp.alt_response(200, schema=ObjectDoc, description="成功")
    @audit.shows_people("查看应聘者")
    @writes(load=_application)
    def get(self, application):
        """一份申请（打开即标记为已查看）；录用后含单位补贴"""
        apps.mark_viewed(application, actor=current_user)
        return application_json(application, side="employer")


@blp.route("/applications/<int:application_id>/transition")
@allow(Role.EMPLOYER)
class Transition(MethodView):
    @blp.alt_response(200, schema=ObjectDoc, description="成功")
    @blp.doc(**body_doc(ApplicationMoveSchema))
    @blp.alt_response(422, description=ERROR_422)
    @writes(body=True, load=_application)
    def post(self, application, body):
        """改变申请状态：interview、offer、hired（须入职日期、合同期限）、not_selected（须原因）"""
        apps.move(application, apps.parse_move(body, application.vacancy.kind), actor=current_user)
        return application_json(application, side="employer")


@blp.route("/review-queue")
@allow(Role.ADMIN)
class ReviewQueue(MethodView):
    @paginated(blp, "待人工审核的岗位（分页）")
    def get(self):
        """待人工审核的岗位，附自动审核结论和单位的说明"""
        return paged(queries.pending_review(), _review_item)


def _review_item(vacancy) -> dict:
    latest = services.latest_review(vacancy)
    return {
        "vacancy": services.vacancy_json(vacancy),
        "findings": latest.findings if latest else [],
    }


@blp.route("/review-queue/<int:vacancy_id>/decision")
@allow(Role.ADMIN)
class ReviewDecision(MethodView):
    @blp.alt_response(200, schema=ObjectDoc, description="成功")
    @blp.doc(**body_doc(VacancyReviewDecisionSchema))
    @blp.alt_response(422, description=ERROR_422)
    @writes(body=True, load=_any_vacancy)
    def post(self, vacancy, body):
        """人工审核结论（publish | reject，须写理由，记入审计）"""
        services.decide_review(vacancy, body, actor=current_user)
        return services.vacancy_json(vacancy)


@blp.route("/public-welfare")
@allow(Role.ADMIN)
class PublicWelfare(MethodView):
    @blp.alt_response(200, schema=ObjectDoc, description="成功")
    @blp.doc(**body_doc(EmployerVacancySchema))
    @blp.alt_response(422, description=ERROR_422)
    def post(self):
        """为公共用人单位新建公益性岗位（organisation_id 必填）"""
        body = json_body()
        if body is None:
            return bad_json()
        body = {**body, "kind": "public_welfare"}
        body.setdefault("organisation_id", None)
        return _save(body, None, kinds=ADMIN_KINDS, admin=True)
