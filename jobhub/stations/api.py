"""JSON API of the stations area: stations and coverage, walk-ins, service records, dashboard.

Staff endpoints answer only for the staff member's own station; personal data leaves masked.
"""

from __future__ import annotations

from datetime import date, time

from flask import jsonify
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from jobhub.access import PUBLIC, allow
from jobhub.api.errors import bad_json, error_response, json_body, validation_error
from jobhub.api.paging import ObjectDoc, paged, paginated
from jobhub.auth.roles import Role
from jobhub.extensions import db
from jobhub.policy import evaluation_to_json
from jobhub.policy.dates import in_china
from jobhub.security import audit
from jobhub.security.idcard import InvalidIdentifier, parse_id_number
from jobhub.security.masking import mask_id_number, mask_phone
from jobhub.seekers import inputs
from jobhub.seekers.consent_texts import PURPOSE_SENSITIVE
from jobhub.seekers.consents import consent_on_file
from jobhub.seekers.identity import SENSITIVE_STATUSES
from jobhub.seekers.places import district_streets
from jobhub.seekers.policy import evaluate_person
from jobhub.seekers.services import EDUCATION_LABELS, RETIREMENT_LABELS
from jobhub.stations import queries
from jobhub.stations.coverage import coverage
from jobhub.stations.models import SERVICE_KINDS, STATION_KINDS, Station
from jobhub.stations.services import (
    Availability,
    StationError,
    StationInput,
    record_service,
    save_station,
)
from jobhub.stations.walkin import (
    WalkInError,
    WalkInInput,
    lookup,
    month_or_day,
    questions_for,
    register_walk_in,
)

blp = Blueprint("stations_api", __name__, url_prefix="/api/v1/stations", description="服务站点")


class StationSchema(Schema):
    id = fields.Integer(dump_only=True)
    name = fields.String(required=True)
    kind = fields.String(metadata={"enum": list(STATION_KINDS)})
    address = fields.String(required=True)
    street_code = fields.String(required=True)
    lat = fields.Float(required=True)
    lng = fields.Float(required=True)
    opening_hours = fields.String()
    is_rural = fields.Boolean()
    service_radius_m = fields.Integer(metadata={"description": "默认：城市步行15分钟，乡村5公里"})


class WalkInSchema(Schema):
    id_number = fields.String(required=True, metadata={"description": "身份证号"})
    name = fields.String(required=True)
    phone = fields.String()
    trades = fields.List(fields.String())
    skills = fields.List(fields.String())
    days = fields.List(fields.Integer(), metadata={"description": "可工作日，0=周一 … 6=周日"})
    start = fields.String(metadata={"description": "HH:MM"})
    end = fields.String(metadata={"description": "HH:MM"})
    expected_pay = fields.Float()
    expected_pay_unit = fields.String(metadata={"enum": ["day", "hour"]})
    home_street_code = fields.String()
    employment_status = fields.String()
    statuses = fields.List(
        fields.String(metadata={"enum": list(SENSITIVE_STATUSES)}),
        metadata={"description": "经本人同意记录的身份"},
    )
    unemployment_registered_since = fields.String(metadata={"description": "YYYY-MM-DD"})
    consent = fields.Boolean(
        metadata={
            "description": "记录身份信息须为 true（本人已同意现行版本授权文本的，无需再次同意）"
        }
    )
    retirement_category = fields.String(
        metadata={
            "enum": list(RETIREMENT_LABELS),
            "description": "女性的退休类别（原法定退休年龄55/50周岁）；未给且影响结论时答复 missing",
        }
    )
    education = fields.String(metadata={"enum": list(EDUCATION_LABELS)})
    graduation_date = fields.String(
        metadata={"description": "毕业（离校）时间 YYYY-MM 或 YYYY-MM-DD"}
    )


class ServiceRecordSchema(Schema):
    kind = fields.String(required=True, metadata={"enum": list(SERVICE_KINDS)})
    note = fields.String()


def station_json(s: Station) -> dict:
    return {
        "id": s.id,
        "name": s.name,
        "kind": s.kind,
        "kind_label": s.kind_label,
        "address": s.address,
        "street_code": s.street_code,
        "lat": s.lat,
        "lng": s.lng,
        "opening_hours": s.opening_hours,
        "is_rural": s.is_rural,
        "service_radius_m": s.service_radius_m,
    }


def person_json(person) -> dict:
    """A client as staff see them: ID number and phone masked."""
    return {
        "id": person.id,
        "name": person.name,
        "id_number_masked": mask_id_number(person.id_number),
        "phone_masked": mask_phone(person.phone),
        "trades": person.trades or [],
        "skills": person.skills or [],
        "availability": Availability.of(person).to_json(),
        "expected_pay": float(person.expected_pay) if person.expected_pay is not None else None,
        "expected_pay_unit": person.expected_pay_unit,
        "home_street_code": person.home_street_code,
        "employment_status": person.employment_status,
    }


@blp.route("")
@allow(PUBLIC)
class Stations(MethodView):
    @paginated(blp, "服务站点（分页）")
    def get(self):
        """所有服务站点（公开信息）"""
        return paged(db.select(Station).order_by(Station.id), station_json)


@blp.route("/new")
@allow(Role.ADMIN)
class NewStation(MethodView):
    @blp.doc(requestBody={"content": {"application/json": {"schema": StationSchema}}})
    @blp.alt_response(201, description="已创建")
    @blp.alt_response(422, description="字段有误")
    def post(self):
        """新建站点（管理员）"""
        body = json_body()
        if body is None:
            return bad_json()
        errors = inputs.Errors()
        name = inputs.text(body.get("name"), "name", "站点名称", errors, required=True, max_len=80)
        kind = inputs.choice(
            body.get("kind"), "kind", "站点类型", errors, STATION_KINDS, default="gig_station"
        )
        address = inputs.text(body.get("address"), "address", "地址", errors, required=True)
        street = body.get("street_code")
        if not isinstance(street, str) or street not in {s.code for s in district_streets()}:
            errors.add("street_code", "请填写本区的街道（乡镇）代码")
        point = {
            key: inputs.number(body.get(key), key, label, errors, low=low, high=high)
            for key, label, low, high in (("lat", "纬度", -90, 90), ("lng", "经度", -180, 180))
        }
        for key, label in (("lat", "纬度"), ("lng", "经度")):
            if point[key] is None:
                errors.add(key, f"请填写{label}")
        radius = inputs.integer(
            body.get("service_radius_m"),
            "service_radius_m",
            "服务半径（米）",
            errors,
            low=100,
            high=50000,
        )
        opening_hours = inputs.text(
            body.get("opening_hours"), "opening_hours", "开放时间", errors, max_len=80
        )
        is_rural = inputs.boolean(body.get("is_rural"), "is_rural", "是否乡村站点", errors)
        if errors.fields:
            return validation_error(errors.fields)
        station = save_station(
            StationInput(
                name=name,
                kind=kind,
                address=address,
                street_code=street,
                lat=point["lat"],
                lng=point["lng"],
                opening_hours=opening_hours,
                is_rural=is_rural,
                service_radius_m=radius,
            )
        )
        db.session.commit()
        return jsonify(station_json(station)), 201


@blp.route("/<int:station_id>")
@allow(PUBLIC)
class StationItem(MethodView):
    @blp.alt_response(200, schema=ObjectDoc, description="站点")
    def get(self, station_id: int):
        """一个服务站点"""
        station = db.session.get(Station, station_id)
        if station is None:
            return error_response(404)
        return jsonify(station_json(station))


@blp.route("/coverage")
@allow(PUBLIC)
class Coverage(MethodView):
    @blp.alt_response(200, schema=ObjectDoc, description="成功")
    def get(self):
        """各街道（乡镇）是否在站点服务圈内（城市15分钟、乡村5公里）"""
        from jobhub.stations.admin_views import station_circles

        cov = coverage(station_circles(), district_streets())
        return jsonify(
            {
                "streets": [
                    {
                        "code": s.street.code,
                        "name": s.street.name,
                        "covered": s.covered,
                        "covered_by": list(s.covered_by),
                        "nearest_station_id": s.nearest_station_id,
                        "nearest_m": round(s.nearest_m) if s.nearest_m is not None else None,
                        "explanation": s.explanation,
                    }
                    for s in cov.streets
                ],
                "uncovered": [s.street.code for s in cov.uncovered],
            }
        )


def _parse_time(raw, name: str, errors: dict[str, str]) -> time | None:
    if raw in (None, ""):
        return None
    try:
        return time.fromisoformat(str(raw))
    except ValueError:
        errors[name] = "时间格式应为 HH:MM"
        return None


_LIST_LABELS = {"trades": "会做的工种", "skills": "技能和证书", "statuses": "身份"}


def _strings(raw, name: str, errors: dict[str, str]) -> tuple[str, ...]:
    """A list of short texts, by the rules of every other word list (30 items of 40 characters
    at most); a list of 100,000-character trades used to be saved as it came."""
    found = inputs.Errors()
    if raw is not None and not isinstance(raw, list):
        found.add(name, f"{_LIST_LABELS[name]}应为文字列表")
    words = inputs.word_list(raw, name, _LIST_LABELS[name], found) if not found.fields else []
    errors.update({k: v for k, v in found.fields.items() if k not in errors})
    return tuple(words)


@blp.route("/walk-ins")
@allow(Role.STATION_STAFF)
class WalkIns(MethodView):
    @blp.doc(
        requestBody={"required": True, "content": {"application/json": {"schema": WalkInSchema}}}
    )
    @blp.alt_response(201, description="已登记：人员（脱敏）、重点群体与可享补贴")
    @blp.alt_response(422, description="字段有误")
    def post(self):
        """来访登记：身份证号查找或新建（不重复建档），当场计算重点群体和补贴"""
        queries.staff_station(current_user)
        body = json_body()
        if body is None:
            return bad_json()
        errors: dict[str, str] = {}
        days = body.get("days") or []
        if not isinstance(days, list) or not all(
            isinstance(d, int) and not isinstance(d, bool) and 0 <= d <= 6 for d in days
        ):
            errors["days"] = "应为 0（周一）到 6（周日）的整数列表"
            days = []
        pay = body.get("expected_pay")
        if pay is not None and (isinstance(pay, bool) or not isinstance(pay, int | float)):
            errors["expected_pay"] = "应为数字"
            pay = None
        registered = body.get("unemployment_registered_since")
        try:
            registered = date.fromisoformat(registered) if registered else None
        except (TypeError, ValueError):
            errors["unemployment_registered_since"] = "应为 YYYY-MM-DD 格式的日期"
            registered = None
        statuses = _strings(body.get("statuses"), "statuses", errors)
        choices = {}
        for name in ("retirement_category", "education", "graduation_date"):
            raw = body.get(name)
            if raw is not None and not isinstance(raw, str):
                errors[name] = "应为文字"
                raw = None
            choices[name] = raw or None
        try:
            graduation = month_or_day(choices["graduation_date"])
        except ValueError:
            errors["graduation_date"] = "应为 YYYY-MM 或 YYYY-MM-DD 格式的日期"
            graduation = None
        data = WalkInInput(
            id_number=str(body.get("id_number") or ""),
            name=str(body.get("name") or ""),
            phone=str(body.get("phone") or ""),
            trades=_strings(body.get("trades"), "trades", errors),
            skills=_strings(body.get("skills"), "skills", errors),
            days=tuple(days),
            start=_parse_time(body.get("start"), "start", errors),
            end=_parse_time(body.get("end"), "end", errors),
            expected_pay=float(pay) if pay is not None else None,
            expected_pay_unit=str(body.get("expected_pay_unit") or "day"),
            home_street_code=body.get("home_street_code") or None,
            employment_status=body.get("employment_status") or None,
            statuses=statuses,
            unemployment_registered_since=registered,
            consent=body.get("consent") is True,
            retirement_category=choices["retirement_category"],
            education=choices["education"],
            graduation_date=graduation,
        )
        if errors:
            return validation_error(errors)
        try:
            result = register_walk_in(data, current_user)
        except WalkInError as exc:
            db.session.rollback()
            return validation_error(exc.fields)
        db.session.commit()
        policy = evaluation_to_json(result.evaluation) if result.evaluation else None
        return jsonify(
            {
                "person": person_json(result.person),
                "created": result.created,
                "key_groups": policy["key_groups"] if policy else [],
                "subsidies": policy["subsidies"] if policy else [],
            }
        ), 201


@blp.route("/walk-ins/lookup")
@allow(Role.STATION_STAFF)
class WalkInLookup(MethodView):
    @blp.alt_response(200, schema=ObjectDoc, description="成功")
    def post(self):
        """按身份证号查找已登记人员（HMAC 检索，不解密）；ask：对此人需要询问的政策问题；
        consent：本人对现行版本敏感身份信息授权的同意（text_version、given_on），为 null 时
        登记身份信息须再征得同意"""
        body = json_body()
        if body is None:
            return bad_json()
        number = str(body.get("id_number") or "")
        try:
            person = lookup(number)
        except InvalidIdentifier as exc:
            return validation_error({"id_number": str(exc)})
        card = parse_id_number(number)
        # what the policy engine needs from this person (退休类别, 学历, 毕业时间), as on screen 2
        ask = sorted(questions_for(card.birth_date, card.gender))
        if person is None:
            return jsonify({"found": False, "ask": ask})
        # The answer names the person: logged like the counter page's look-up.
        audit.record(current_user, "lookup_id", "people", person.id, "来访登记查找")
        consent = consent_on_file(person, PURPOSE_SENSITIVE)
        db.session.commit()
        return jsonify(
            {
                "found": True,
                "person_id": person.id,
                "name": person.name,
                "ask": ask,
                "consent": (
                    {
                        "text_version": consent.text_version,
                        "given_on": in_china(consent.given_at, "%Y-%m-%d"),
                    }
                    if consent
                    else None
                ),
            }
        )


@blp.route("/people/<int:person_id>")
@allow(Role.STATION_STAFF)
class Client(MethodView):
    @blp.alt_response(200, schema=ObjectDoc, description="成功")
    @audit.shows_people("驿站查看来访人员")
    def get(self, person_id: int):
        """来访人员：资料（脱敏）、政策找人结果、可派零工"""
        from jobhub.gigs.api import gig_json
        from jobhub.gigs.dispatch import gigs_for_person

        person = queries.person_for_staff(person_id, current_user)
        evaluation = evaluate_person(person)
        return jsonify(
            {
                "person": person_json(person),
                "policy": evaluation_to_json(evaluation) if evaluation else None,
                "gigs": [
                    {
                        **gig_json(m.gig),
                        "score": round(m.score, 4),
                        "distance_km": m.distance_km,
                        "explanation": list(m.explanation),
                    }
                    for m in gigs_for_person(person, limit=20)
                ],
            }
        )


@blp.route("/people/<int:person_id>/services")
@allow(Role.STATION_STAFF)
class Services(MethodView):
    @blp.doc(
        requestBody={
            "required": True,
            "content": {"application/json": {"schema": ServiceRecordSchema}},
        }
    )
    @blp.alt_response(201, description="已记录")
    def post(self, person_id: int):
        """记录一次服务（职业指导、岗位推荐、技能培训推荐、见习推荐、政策宣介、权益维护指引）"""
        person = queries.person_for_staff(person_id, current_user)
        body = json_body()
        if body is None:
            return bad_json()
        try:
            record = record_service(
                person, str(body.get("kind") or ""), current_user, str(body.get("note") or "")
            )
        except StationError as exc:
            return validation_error({exc.field or "kind": exc.message})
        db.session.commit()
        return jsonify(
            {
                "id": record.id,
                "kind": record.kind,
                "kind_label": record.kind_label,
                "at": record.at.isoformat(),
            }
        ), 201


@blp.route("/dashboard")
@allow(Role.STATION_STAFF)
class DashboardView(MethodView):
    @blp.alt_response(200, schema=ObjectDoc, description="成功")
    @audit.shows_people("驿站看板（来访与等待最久的求职者）")
    def get(self):
        """驿站看板：今日来访、招募中零工及填充率、欠薪、重点群体、等待最久的求职者"""
        station = queries.staff_station(current_user)
        board = queries.dashboard(station.id)
        return jsonify(
            {
                "day": board.day.isoformat(),
                "walk_ins": len(board.walk_ins),
                "new_people": board.new_people,
                "open_gigs": len(board.open_gigs),
                "places": board.places,
                "taken": board.taken,
                "fill_rate": board.fill_rate,
                "key_group_clients_today": board.key_group_today,
                "key_group_clients_30d": board.key_group_30d,
                "unpaid": [
                    {
                        "gig_id": u.gig.id,
                        "title": u.gig.title,
                        "employer_name": u.employer_name,
                        "amount": u.amount,
                        "workers": u.workers,
                        "days_overdue": u.days_overdue,
                        "reported": u.reported,
                    }
                    for u in board.unpaid
                ],
                "waiting": [
                    {"person_id": w.person.id, "name": w.person.name, "days": w.days}
                    for w in board.waiting
                ],
            }
        )
