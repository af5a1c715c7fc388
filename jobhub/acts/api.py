"""JSON API of the acts: the same as the pages. Staff answer for their station's people, the
bureau for everyone, a seeker for themself; identities and certificate numbers leave masked."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, jsonify, request
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from flask_smorest import abort as smorest_abort
from marshmallow import Schema, fields

from jobhub.access import allow
from jobhub.acts import bureau, queries, services
from jobhub.acts.models import DifficultyCertification, UnemploymentRegistration
from jobhub.acts.panel import category_rows, event_rows
from jobhub.api.errors import bad_json, error_response, json_body, validation_error
from jobhub.api.paging import ObjectDoc, paged, paginated, query_parameters
from jobhub.auth.roles import Role
from jobhub.db import MAX_ROW_ID
from jobhub.extensions import db
from jobhub.policy.acts import (
    CERTIFICATION_ENDS,
    CERTIFICATION_STATUSES,
    REGISTRATION_ENDS,
    REGISTRATION_REFUSALS,
    REGISTRATION_STATUSES,
    RESIDENCE_EVIDENCE,
    RESIDENCE_LABELS,
)
from jobhub.policy.dates import today_in_china
from jobhub.security import audit
from jobhub.security.masking import mask_id_number
from jobhub.seekers.inputs import Conflict, InputError
from jobhub.seekers.models import Person
from jobhub.seekers.services import ensure_person

blp = Blueprint(
    "acts_api", __name__, url_prefix="/api/v1/acts", description="失业登记和就业困难人员认定"
)
STAFF = (Role.STATION_STAFF, Role.ADMIN)
# What a person gives when applying online (the decision fields are the station's)
REGISTRATION_APPLICATION = (
    "residence",
    "residence_street_code",
    "residence_evidence",
    "residence_evidence_number",
    "residence_evidence_until",
)


class RegistrationBody(Schema):
    residence = fields.String(metadata={"enum": list(RESIDENCE_LABELS)})
    residence_street_code = fields.String(metadata={"description": "本地区街道（乡镇）代码"})
    residence_evidence = fields.String(
        metadata={
            "enum": list(RESIDENCE_EVIDENCE),
            "description": "常住地证明（按常住地登记时必填）",
        }
    )
    residence_evidence_number = fields.String(metadata={"description": "居住证（居住登记）编号"})
    residence_evidence_until = fields.String(
        metadata={"format": "date", "description": "居住证（居住登记）有效期至"}
    )
    decision = fields.String(metadata={"enum": ["registered", "refused"]})
    certificate_number = fields.String(metadata={"description": "《就业创业证》编号"})
    reason = fields.String(metadata={"enum": list(REGISTRATION_REFUSALS)})
    note = fields.String()


class CertificationBody(Schema):
    categories = fields.List(fields.String(), metadata={"description": "就业困难人员类别代码"})
    evidence = fields.Dict(
        keys=fields.String(),
        values=fields.Dict(),
        metadata={"description": "按类别：{kind, reference, valid_until, source}"},
    )


class DecisionBody(Schema):
    class Meta:
        unknown = "include"


class EndBody(Schema):
    reason = fields.String(metadata={"enum": list(REGISTRATION_ENDS)})
    note = fields.String()


class NoteBody(Schema):
    note = fields.String(metadata={"description": "说明（可不填，最多300字）"})


class LeaveBody(Schema):
    categories = fields.List(
        fields.String(), metadata={"description": "要退出的已认定类别代码；不填为退出整个认定"}
    )
    note = fields.String()


class ReviewBody(Schema):
    outcome = fields.String(metadata={"enum": ["confirmed", "review_failed"]})
    note = fields.String()


def _body(schema) -> dict:  # noqa: ANN001
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


def _act_operation(schema, status: int, description: str):  # noqa: ANN001, ANN202
    """Document an operation that changes an act: its body, its answer, 409 and 422."""

    def decorate(view):  # noqa: ANN001, ANN202
        view = blp.alt_response(422, description="字段有误")(view)
        view = blp.alt_response(409, description="与当前状态冲突")(view)
        view = blp.alt_response(status, schema=ObjectDoc, description=description)(view)
        return blp.doc(**_body(schema))(view)

    return decorate


def registration_json(r: UnemploymentRegistration) -> dict[str, Any]:
    return {
        "id": r.id,
        "person_id": r.person_id,
        "name": r.person.name,
        "id_number": mask_id_number(r.person.id_number),
        "station_id": r.station_id,
        "status": r.status,
        "status_label": REGISTRATION_STATUSES.get(r.status, r.status),
        "applied_via": r.applied_via,
        "residence": r.residence,
        "residence_evidence": RESIDENCE_EVIDENCE.get(r.residence_evidence or ""),
        "residence_evidence_number": r.residence_evidence_masked or None,
        "residence_evidence_until": (
            r.residence_evidence_until.isoformat() if r.residence_evidence_until else None
        ),
        "registered_on": r.registered_on.isoformat() if r.registered_on else None,
        "certificate_number": r.certificate_masked or None,
        "refusal": REGISTRATION_REFUSALS.get(r.refusal_code or ""),
        "ended_on": r.ended_on.isoformat() if r.ended_on else None,
        "end_reason": REGISTRATION_ENDS.get(r.end_reason or ""),
    }


def certification_json(c: DifficultyCertification) -> dict[str, Any]:
    def day(value) -> str | None:  # noqa: ANN001
        return value.isoformat() if value else None

    return {
        "id": c.id,
        "person_id": c.person_id,
        "name": c.person.name,
        "id_number": mask_id_number(c.person.id_number),
        "station_id": c.station_id,
        "status": c.status,
        "status_label": CERTIFICATION_STATUSES.get(c.status, c.status),
        "categories": [
            {k: row[k] for k in ("code", "name", "decision", "decision_label", "reason", "note")}
            for row in category_rows(c.categories)
        ],
        "certified_on": day(c.certified_on),
        "valid_until": day(c.valid_until),
        "review_on": day(c.review_on),
        "ended_on": day(c.ended_on),
        "end_reason": CERTIFICATION_ENDS.get(c.end_reason or ""),
    }


def acts_json(person: Person) -> dict[str, Any]:
    def with_log(row, act) -> dict[str, Any]:  # noqa: ANN001
        log = [{**e, "at": e["at"].isoformat()} for e in event_rows(act.events)]
        return {**row, "events": log}

    return {
        "person_id": person.id,
        "registrations": [
            with_log(registration_json(r), r) for r in queries.registrations_of(person.id)
        ],
        "certifications": [
            with_log(certification_json(c), c) for c in queries.certifications_of(person.id)
        ],
    }


def _row(model, row_id: int):  # noqa: ANN001, ANN202
    row = db.session.get(model, row_id) if 0 < row_id <= MAX_ROW_ID else None
    if row is None or not services.may_handle(current_user, row.person):
        abort(404)
    return row


def _person(person_id: int) -> Person:
    person = db.session.get(Person, person_id) if 0 < person_id <= MAX_ROW_ID else None
    if person is None or not services.may_handle(current_user, person):
        abort(404)
    return person


def _run(person: Person, work: Callable[[dict], Any], status: int = 200):
    """Run one act service on the JSON body; answer the person's acts, or the error."""
    body = json_body()
    if body is None:
        return bad_json()
    try:
        work(body)
    except InputError as exc:
        db.session.rollback()
        return validation_error(exc.fields)
    except Conflict as exc:
        db.session.rollback()
        return error_response(409, "conflict", exc.message)
    db.session.commit()
    return jsonify(acts_json(person)), status


def _station_filter(query, model):  # noqa: ANN001, ANN202
    if current_user.role == Role.ADMIN:
        return query
    return query.where(model.station_id == (current_user.station_id or -1))


def _status_arg(allowed: dict[str, str]) -> str | None:
    raw = request.args.get("status") or None
    if raw is not None and raw not in allowed:
        smorest_abort(
            422, messages={"query": {"status": ["状态应为以下之一：" + "、".join(allowed)]}}
        )
    return raw


@blp.route("/registrations")
@allow(*STAFF)
class Registrations(MethodView):
    @paginated(blp, "失业登记（本站；人社局为全部）", query_parameters(("status", "string")))
    @audit.shows_people("接口查看失业登记")
    def get(self):
        """失业登记列表，可按状态筛选（applied / registered / refused / ended）"""
        status = _status_arg(REGISTRATION_STATUSES)
        query = _station_filter(db.select(UnemploymentRegistration), UnemploymentRegistration)
        if status:
            query = query.where(UnemploymentRegistration.status == status)
        return paged(query.order_by(UnemploymentRegistration.id), registration_json)


@blp.route("/certifications")
@allow(*STAFF)
class Certifications(MethodView):
    @paginated(
        blp,
        "就业困难人员认定（本站；人社局为全部）",
        query_parameters(("status", "string"), ("review", "string")),
    )
    @audit.shows_people("接口查看就业困难人员认定")
    def get(self):
        """认定列表：按状态筛选；review=due 为今天及以前应复核的"""
        status = _status_arg(CERTIFICATION_STATUSES)
        query = _station_filter(db.select(DifficultyCertification), DifficultyCertification)
        if status:
            query = query.where(DifficultyCertification.status == status)
        review = request.args.get("review")
        if review not in (None, "", "due"):
            smorest_abort(422, messages={"query": {"review": ["复核筛选只能为 due"]}})
        if review == "due":
            query = query.where(
                DifficultyCertification.status == "certified",
                DifficultyCertification.review_on <= today_in_china(),
            )
        return paged(query.order_by(DifficultyCertification.id), certification_json)


@blp.route("/stations")
@allow(Role.ADMIN)
class Counts(MethodView):
    @blp.alt_response(200, schema=ObjectDoc, description="各服务站的待办、登记、认定和复核逾期数")
    def get(self):
        """各服务站情况：失业登记待办和在册、认定待审和在册、复核逾期"""
        overview = bureau.overview(today_in_china())
        return jsonify(
            {"stations": [{"station": name, **counts} for name, counts in overview["counts"]]}
        )


@blp.route("/people/<int:person_id>")
@allow(*STAFF)
class PersonActs(MethodView):
    @blp.alt_response(200, schema=ObjectDoc, description="此人的失业登记和认定及办理记录")
    @audit.shows_people("接口查看失业登记和就业困难人员认定")
    def get(self, person_id: int):
        """一个人的失业登记和就业困难人员认定，含每次状态变化（谁、何时、原因）"""
        return jsonify(acts_json(_person(person_id)))


@blp.route("/people/<int:person_id>/registration")
@allow(*STAFF)
class CounterRegistration(MethodView):
    @_act_operation(RegistrationBody, 200, "已办理：此人的登记和认定")
    def post(self, person_id: int):
        """窗口办理失业登记：受理并当场予以登记或不予登记（网上已申请的直接办理）"""
        person = _person(person_id)

        def work(body: dict) -> None:
            registration = queries.live_registration(person.id)
            if registration is None:
                registration = services.apply_registration(
                    person, body, actor=current_user, via="counter"
                )
            services.decide_registration(registration, body, actor=current_user)

        return _run(person, work)


@blp.route("/registrations/<int:registration_id>/end")
@allow(*STAFF)
class EndRegistration(MethodView):
    @_act_operation(EndBody, 200, "已注销")
    def post(self, registration_id: int):
        """注销失业登记（平台录用、就业登记或本人申请）"""
        registration = _row(UnemploymentRegistration, registration_id)
        return _run(
            registration.person,
            lambda body: services.end_registration(
                registration, body.get("reason"), actor=current_user, note=body.get("note")
            ),
        )


@blp.route("/people/<int:person_id>/certification")
@allow(*STAFF)
class CounterCertification(MethodView):
    @_act_operation(CertificationBody, 201, "已受理")
    def post(self, person_id: int):
        """窗口受理就业困难人员认定申请（类别及每类证明）"""
        person = _person(person_id)
        return _run(
            person,
            lambda body: services.apply_certification(
                person, body, actor=current_user, via="counter"
            ),
            201,
        )


@blp.route("/certifications/<int:certification_id>/decide")
@allow(*STAFF)
class DecideCertification(MethodView):
    @_act_operation(DecisionBody, 200, "已审核")
    def post(self, certification_id: int):
        """逐类审核：{类别: {decision: approved|refused, reason, note}}"""
        certification = _row(DifficultyCertification, certification_id)
        return _run(
            certification.person,
            lambda body: services.decide_categories(certification, body, actor=current_user),
        )


@blp.route("/certifications/<int:certification_id>/review")
@allow(*STAFF)
class ReviewCertification(MethodView):
    @_act_operation(ReviewBody, 200, "已复核")
    def post(self, certification_id: int):
        """复核：继续符合（下次复核日期按地区规则）或不再符合（退出认定，须写明原因）"""
        certification = _row(DifficultyCertification, certification_id)
        return _run(
            certification.person,
            lambda body: services.review_certification(certification, body, actor=current_user),
        )


@blp.route("/mine")
@allow(Role.SEEKER)
class Mine(MethodView):
    @blp.alt_response(200, schema=ObjectDoc, description="本人的失业登记和认定")
    def get(self):
        """本人的失业登记和就业困难人员认定及办理进度"""
        person = ensure_person(current_user)
        db.session.commit()
        return jsonify(acts_json(person))


@blp.route("/mine/registration")
@allow(Role.SEEKER)
class MyRegistration(MethodView):
    @_act_operation(RegistrationBody, 201, "已申请")
    def post(self):
        """网上申请失业登记（居住依据和街道）；服务站核实后办理"""
        person = ensure_person(current_user)
        return _run(
            person,
            lambda body: services.apply_registration(
                person,
                {k: body.get(k) for k in REGISTRATION_APPLICATION},
                actor=current_user,
                via="online",
            ),
            201,
        )


@blp.route("/mine/certification")
@allow(Role.SEEKER)
class MyCertification(MethodView):
    @_act_operation(CertificationBody, 201, "已申请")
    def post(self):
        """网上申请就业困难人员认定（类别及证明）；服务站逐类审核"""
        person = ensure_person(current_user)
        return _run(
            person,
            lambda body: services.apply_certification(
                person, body, actor=current_user, via="online"
            ),
            201,
        )


def _own(model, act_id: int):  # noqa: ANN001, ANN202
    """The seeker's own act, or 404 for anyone else's."""
    person = ensure_person(current_user)
    act = db.session.get(model, act_id) if 0 < act_id <= MAX_ROW_ID else None
    if act is None or act.person_id != person.id:
        abort(404)
    return person, act


@blp.route("/mine/registrations/<int:registration_id>/withdraw")
@allow(Role.SEEKER)
class MyRegistrationWithdrawal(MethodView):
    @_act_operation(NoteBody, 200, "已撤回：本人的登记和认定")
    def post(self, registration_id: int):
        """撤回本人尚未办理的失业登记申请（服务站办理前）"""
        person, registration = _own(UnemploymentRegistration, registration_id)
        return _run(
            person,
            lambda body: services.withdraw_application(
                registration, actor=current_user, note=body.get("note")
            ),
        )


@blp.route("/mine/registrations/<int:registration_id>/end")
@allow(Role.SEEKER)
class MyRegistrationEnd(MethodView):
    @_act_operation(NoteBody, 200, "已注销：本人的登记和认定")
    def post(self, registration_id: int):
        """本人申请注销失业登记"""
        person, registration = _own(UnemploymentRegistration, registration_id)
        return _run(
            person,
            lambda body: services.end_registration(
                registration, "own_request", actor=current_user, note=body.get("note")
            ),
        )


@blp.route("/mine/certifications/<int:certification_id>/withdraw")
@allow(Role.SEEKER)
class MyCertificationWithdrawal(MethodView):
    @_act_operation(NoteBody, 200, "已撤回：本人的登记和认定")
    def post(self, certification_id: int):
        """撤回本人尚未审核完的就业困难人员认定申请（服务站作出认定前）"""
        person, certification = _own(DifficultyCertification, certification_id)
        return _run(
            person,
            lambda body: services.withdraw_application(
                certification, actor=current_user, note=body.get("note")
            ),
        )


@blp.route("/mine/certifications/<int:certification_id>/end")
@allow(Role.SEEKER)
class MyCertificationEnd(MethodView):
    @_act_operation(LeaveBody, 200, "已退出：本人的登记和认定")
    def post(self, certification_id: int):
        """本人申请退出认定的部分类别（categories），或不填类别退出整个认定"""
        person, certification = _own(DifficultyCertification, certification_id)
        return _run(
            person,
            lambda body: services.leave_categories(
                certification, body.get("categories"), actor=current_user, note=body.get("note")
            ),
        )
