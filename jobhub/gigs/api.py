"""JSON API of the gigs area: open gigs, posting (with review), claims (409 "已满" when full),
candidates for a gig, and the after-gig actions."""

from __future__ import annotations

from datetime import date, time

from flask import abort, jsonify
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from jobhub.access import PUBLIC, allow
from jobhub.api.errors import bad_json, error_response, json_body, validation_error
from jobhub.api.paging import ObjectDoc, paged, paginated
from jobhub.auth.roles import Role
from jobhub.employers.models import Organisation
from jobhub.extensions import db
from jobhub.gigs import services
from jobhub.gigs.models import PAY_METHODS, Gig
from jobhub.gigs.states import PUBLIC_GIG_STATES
from jobhub.postings import review_to_json
from jobhub.security import audit
from jobhub.seekers.models import Person
from jobhub.seekers.places import street_by_code

blp = Blueprint("gigs_api", __name__, url_prefix="/api/v1/gigs", description="零工")


class GigSchema(Schema):
    id = fields.Integer(dump_only=True)
    title = fields.String(required=True)
    trade = fields.String(required=True)
    employer_name = fields.String()
    description = fields.String()
    skills = fields.List(fields.String())
    work_date = fields.String(required=True, metadata={"description": "YYYY-MM-DD"})
    start_time = fields.String(required=True, metadata={"description": "HH:MM"})
    end_time = fields.String(required=True, metadata={"description": "HH:MM"})
    address = fields.String(required=True)
    street_code = fields.String()
    lat = fields.Float()
    lng = fields.Float()
    pay_amount = fields.Float(required=True)
    pay_unit = fields.String(metadata={"enum": ["day", "hour"]})
    capacity = fields.Integer(required=True, metadata={"description": "名额"})
    settlement = fields.String(metadata={"enum": ["daily", "on_completion"]})
    settle_by = fields.String(metadata={"description": "最迟结算日期 YYYY-MM-DD"})
    justification = fields.String()


class ClaimRequestSchema(Schema):
    person_id = fields.Integer(metadata={"description": "驿站代报名时必填；求职者本人报名时省略"})


class ClaimActionSchema(Schema):
    amount = fields.Float(metadata={"description": "pay：实付金额"})
    method = fields.String(metadata={"enum": list(PAY_METHODS), "description": "pay：支付方式"})
    note = fields.String(metadata={"description": "nonpayment：情况说明"})
    stars = fields.Integer(metadata={"description": "rate：1–5"})
    comment = fields.String()
    side = fields.String(metadata={"enum": ["worker", "employer"]})


def gig_json(g: Gig) -> dict:
    return {
        "id": g.id,
        "title": g.title,
        "trade": g.trade,
        "employer_name": g.employer_name,
        "description": g.description,
        "skills": g.skills or [],
        "work_date": g.work_date.isoformat(),
        "start_time": g.start_time.strftime("%H:%M"),
        "end_time": g.end_time.strftime("%H:%M"),
        "address": g.address,
        "street_code": g.street_code,
        "lat": g.lat,
        "lng": g.lng,
        "pay_amount": float(g.pay_amount),
        "pay_unit": g.pay_unit,
        "capacity": g.capacity,
        "taken": g.taken,
        "places_left": g.places_left,
        "settlement": g.settlement,
        "settle_by": g.settle_by.isoformat() if g.settle_by else None,
        "status": g.status,
        "status_label": g.status_label,
        "station_id": g.station_id,
        "occupation_code": g.occupation_code,
        "review_verdict": g.review_verdict,
    }


def claim_json(c) -> dict:
    return {
        "id": c.id,
        "gig_id": c.gig_id,
        "person_id": c.person_id,
        "status": c.status,
        "status_label": c.status_label,
        "active": c.active,
        "amount_due": float(c.amount_due) if c.amount_due is not None else None,
        "paid_amount": float(c.paid_amount) if c.paid_amount is not None else None,
        "pay_method": c.pay_method,
        "nonpayment_reported": c.nonpayment_reported_at is not None,
        "worker_rating": c.worker_rating,
        "employer_rating": c.employer_rating,
    }


def gig_error(exc: services.GigError):
    return error_response(
        exc.status, exc.code, exc.message, {exc.field: exc.message} if exc.field else None
    )


@blp.route("")
@allow(PUBLIC)
class Gigs(MethodView):
    @paginated(blp, "招募中的零工（分页）")
    def get(self):
        """招募中的零工（今天及以后）"""
        from jobhub.policy.dates import today_in_china

        return paged(
            db.select(Gig)
            .where(Gig.status == "open", Gig.work_date >= today_in_china())
            .order_by(Gig.work_date, Gig.start_time, Gig.id),
            gig_json,
        )


def _parse_gig(body: dict, errors: dict[str, str]):
    """A ``GigInput`` for the current user (employer or staff) from a JSON body."""

    def text(name: str, required: bool = False) -> str:
        value = body.get(name)
        if value is None:
            if required:
                errors[name] = "此项必填"
            return ""
        if not isinstance(value, str):
            errors[name] = "应为文字"
            return ""
        return value

    def parsed(name: str, kind, required: bool = True):
        raw = body.get(name)
        if raw in (None, ""):
            if required:
                errors[name] = "此项必填"
            return None
        try:
            return kind.fromisoformat(str(raw))
        except ValueError:
            errors[name] = "应为 YYYY-MM-DD 格式的日期" if kind is date else "时间格式应为 HH:MM"
            return None

    def number(name: str, integer: bool = False):
        raw = body.get(name)
        ok = isinstance(raw, int) if integer else isinstance(raw, int | float)
        if isinstance(raw, bool) or not ok:
            errors[name] = "应为整数" if integer else "应为数字"
            return None
        return raw

    title, trade = text("title", True), text("trade", True)
    address = text("address", True)
    work_date = parsed("work_date", date)
    start, end = parsed("start_time", time), parsed("end_time", time)
    settle_by = parsed("settle_by", date, required=False)
    pay = number("pay_amount")
    capacity = number("capacity", integer=True)
    skills = body.get("skills") or []
    if not isinstance(skills, list) or not all(isinstance(s, str) for s in skills):
        errors["skills"] = "应为文字列表"
        skills = []
    street = street_by_code(body.get("street_code")) if body.get("street_code") else None
    if body.get("street_code") and street is None:
        errors["street_code"] = "请填写本区的街道（乡镇）代码"
    if current_user.role == Role.EMPLOYER:
        org = db.session.get(Organisation, current_user.organisation_id)
        employer, org_id, fallback = org.name, org.id, (org.lat, org.lng)
        station_id = None
    else:
        from jobhub.stations.queries import staff_station

        station = staff_station(current_user)
        employer, org_id, fallback = "个人雇主（驿站代发）", None, (station.lat, station.lng)
        station_id = station.id
    lat, lng = body.get("lat"), body.get("lng")
    if isinstance(lat, int | float) and isinstance(lng, int | float) and not isinstance(lat, bool):
        point = (float(lat), float(lng))
    elif street is not None:
        point = (street.lat, street.lng)
    else:
        point = fallback
    if point[0] is None:
        errors["street_code"] = "请填写工作地点的街道代码或坐标"
    if errors:
        return None
    if station_id is None:
        from jobhub.gigs.views import _nearest_station_id

        station_id = _nearest_station_id(street.code if street else None, point)
    return services.GigInput(
        title=title,
        trade=trade,
        description=text("description"),
        skills=tuple(skills),
        work_date=work_date,
        start_time=start,
        end_time=end,
        address=address,
        street_code=street.code if street else None,
        lat=point[0],
        lng=point[1],
        pay_amount=float(pay),
        pay_unit=str(body.get("pay_unit") or "day"),
        capacity=int(capacity),
        settlement=str(body.get("settlement") or "daily"),
        settle_by=settle_by,
        employer_name=text("employer_name") or employer,
        organisation_id=org_id,
        station_id=station_id,
    )


@blp.route("/new")
@allow(Role.EMPLOYER, Role.STATION_STAFF)
class NewGig(MethodView):
    @blp.doc(requestBody={"required": True, "content": {"application/json": {"schema": GigSchema}}})
    @blp.alt_response(201, description="已发布或待审核：零工与审核结果")
    @blp.alt_response(422, description="字段有误，或审核不通过（review 给出每处问题及依据）")
    def post(self):
        """发布零工（用人单位，或驿站代来电单位“即时快招”）；发布前经岗位审核"""
        body = json_body()
        if body is None:
            return bad_json()
        errors: dict[str, str] = {}
        data = _parse_gig(body, errors)
        if data is not None:
            errors = services.validate_gig(data)
        if errors:
            return validation_error(errors)
        gig, review = services.post_gig(
            data, current_user, justification=str(body.get("justification") or "")
        )
        db.session.commit()
        if gig is None:
            resp, _ = error_response(422, "posting_rejected", "审核未通过，请按提示修改后再发布")
            payload = resp.get_json()
            payload["review"] = review_to_json(review)
            return jsonify(payload), 422
        return jsonify({"gig": gig_json(gig), "review": review_to_json(review)}), 201


def _visible_gig(gig_id: int) -> Gig:
    gig = db.session.get(Gig, gig_id)
    if gig is None:
        abort(404)
    user = current_user
    if gig.status in PUBLIC_GIG_STATES:
        return gig
    if user.is_authenticated and (
        (user.role == Role.EMPLOYER and gig.organisation_id == user.organisation_id)
        or (user.role == Role.STATION_STAFF and gig.station_id == user.station_id)
    ):
        return gig
    abort(404)


@blp.route("/<int:gig_id>")
@allow(PUBLIC)
class GigItem(MethodView):
    @blp.alt_response(200, schema=ObjectDoc, description="成功")
    def get(self, gig_id: int):
        """一个零工"""
        return jsonify(gig_json(_visible_gig(gig_id)))


@blp.route("/<int:gig_id>/<action>")
@allow(Role.EMPLOYER, Role.STATION_STAFF)
class GigAction(MethodView):
    @blp.alt_response(200, description="更新后的零工")
    @blp.alt_response(409, description="当前状态不允许此操作：{error: {code, message}}，未作改动")
    def post(self, gig_id: int, action: str):
        """零工操作：approve（驿站审核通过）、close（停止招募）、cancel（取消，名额全部释放）"""
        from jobhub.gigs import lifecycle
        from jobhub.stations.queries import gig_for_staff

        if action not in lifecycle.GIG_STEPS:
            return error_response(404)
        if current_user.role == Role.EMPLOYER:
            from jobhub.gigs.views import _gig_for_employer

            gig = _gig_for_employer(gig_id)
            if action not in lifecycle.EMPLOYER_GIG_STEPS:
                return error_response(404)
        else:
            gig = gig_for_staff(gig_id, current_user)
        step, _ = lifecycle.GIG_STEPS[action]
        try:
            step(gig, current_user)
        except services.GigError as exc:
            db.session.rollback()
            return gig_error(exc)
        db.session.commit()
        return jsonify(gig_json(gig))


@blp.route("/<int:gig_id>/claims")
@allow(Role.SEEKER, Role.STATION_STAFF)
class Claims(MethodView):
    @blp.doc(requestBody={"content": {"application/json": {"schema": ClaimRequestSchema}}})
    @blp.alt_response(201, description="已报名（占一个名额）")
    @blp.alt_response(409, description="已满，或时间冲突、已报名：{error: {code, message, fields}}")
    def post(self, gig_id: int):
        """报名零工：成功占一个名额，名额已满时返回 409“已满”"""
        body = json_body()
        if body is None:
            return bad_json()
        if current_user.role == Role.SEEKER:
            person = db.session.execute(
                db.select(Person).where(Person.user_id == current_user.id)
            ).scalar_one_or_none()
            if person is None:
                return validation_error({"person": "请先完善个人资料（实名）"})
        else:
            from jobhub.stations.queries import person_for_staff, staff_station

            staff_station(current_user)
            raw = body.get("person_id")
            if isinstance(raw, bool) or not isinstance(raw, int):
                return validation_error({"person_id": "驿站代报名须提供 person_id（整数）"})
            # 404 unless the station serves them, for its own gigs too
            person = person_for_staff(raw, current_user)
        try:
            claim = services.claim_gig(gig_id, person.id, current_user)
        except services.GigError as exc:
            db.session.rollback()
            if exc.code == "gig_not_found":
                return error_response(404)
            return gig_error(exc)
        if current_user.role == Role.STATION_STAFF:
            from jobhub.stations.services import record_service

            record_service(person, "job_referral", current_user, f"派工：{claim.gig.title}")
        db.session.commit()
        return jsonify(claim_json(claim)), 201


@blp.route("/<int:gig_id>/candidates")
@allow(Role.STATION_STAFF)
class Candidates(MethodView):
    @paginated(blp, "附近可派人员（分页，最多 30 人）")
    @audit.shows_people("查看零工的推荐人选")
    def get(self, gig_id: int):
        """附近可派人员：匹配度排序，相近者中长期待岗、低保、残疾、大龄优先（38号分类帮扶）"""
        from jobhub.gigs.dispatch import people_for_gig
        from jobhub.stations.queries import gig_for_staff

        gig = gig_for_staff(gig_id, current_user)
        return paged(people_for_gig(gig, limit=30), _candidate_json)


def _candidate_json(m) -> dict:
    return {
        "person_id": m.person.id,
        "name": m.person.name,
        "score": round(m.score, 4),
        "band": m.band,
        "distance_km": m.distance_km,
        "key_groups": list(m.key_groups),
        "tier_marks": list(m.marks),
        "waiting_days": m.waiting_days,
        "explanation": list(m.explanation),
    }


@blp.route("/claims/<int:claim_id>/<action>")
@allow(Role.SEEKER, Role.EMPLOYER, Role.STATION_STAFF)
class ClaimAction(MethodView):
    @blp.doc(requestBody={"content": {"application/json": {"schema": ClaimActionSchema}}})
    @blp.alt_response(200, description="更新后的报名")
    def post(self, claim_id: int, action: str):
        """报名后的操作：cancel、check_in、no_show、complete、pay、nonpayment、rate"""
        from jobhub.gigs.views import ACTIONS, apply_action, claim_for_user

        if action not in ACTIONS:
            return error_response(404)
        claim = claim_for_user(claim_id)
        if current_user.role not in ACTIONS[action]:
            return error_response(404)
        body = json_body()
        if body is None:
            return bad_json()
        values: dict = {}
        if action == "pay":
            amount = body.get("amount")
            if isinstance(amount, bool) or not isinstance(amount, int | float):
                return validation_error({"amount": "应为数字"})
            values = {"amount": float(amount), "method": str(body.get("method") or "")}
        elif action == "rate":
            stars = body.get("stars")
            if isinstance(stars, bool) or not isinstance(stars, int):
                return validation_error({"stars": "应为 1 到 5 的整数"})
            values = {
                "stars": stars,
                "comment": str(body.get("comment") or ""),
                "side": str(body.get("side") or ""),
            }
        elif action == "nonpayment":
            values = {"note": str(body.get("note") or "")}
        try:
            apply_action(claim, action, values)
        except services.GigError as exc:
            db.session.rollback()
            return gig_error(exc)
        db.session.commit()
        return jsonify(claim_json(claim))
