"""``GET /api/v1/wages``: the published 薪酬价位 of one occupation, area and quarter. Anonymous;
a cell with too few employers answers ``suppressed`` with no percentile."""

from __future__ import annotations

from flask import jsonify
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, ValidationError, fields

from jobhub.access import PUBLIC, allow
from jobhub.api.fields import ContractSchema, one_of
from jobhub.api.views import ERROR_422
from jobhub.market import services
from jobhub.market.core import parse_period

blp = Blueprint("market_api", __name__, url_prefix="/api/v1", description="人力资源市场信息")


def _checked(check):
    def validate(value: str) -> None:
        try:
            check(value)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None

    return validate


class WagesQuerySchema(ContractSchema):
    occupation = fields.String(
        required=True,
        validate=_checked(services.check_occupation),
        metadata={"description": "《职业分类大典（2022年版）》中类、小类或细类编码，如 4-10-03-01"},
    )
    area = fields.String(
        required=True,
        validate=_checked(services.check_area),
        metadata={"description": "区县（6位）或乡镇街道（9位）统计用区划代码，如 330106"},
    )
    period = fields.String(
        required=True,
        validate=_checked(parse_period),
        metadata={"description": "季度，YYYYQn，如 2026Q3（按北京时间）"},
    )
    source = fields.String(
        load_default="vacancies",
        validate=one_of(services.SOURCES),
        metadata={"description": "vacancies：发布岗位（默认）；hires：录用记录"},
    )


class WagesSchema(Schema):
    occupation = fields.String(required=True)
    area = fields.String(required=True)
    period = fields.String(required=True)
    n_vacancies = fields.Integer(required=True, metadata={"description": "样本岗位（或录用）数"})
    n_employers = fields.Integer(required=True, metadata={"description": "不同用人单位数"})
    unit = fields.String(required=True, metadata={"description": "恒为 month（月薪当量，元）"})
    p10 = fields.Float(required=True, allow_none=True)
    p25 = fields.Float(required=True, allow_none=True)
    p50 = fields.Float(required=True, allow_none=True)
    p75 = fields.Float(required=True, allow_none=True)
    p90 = fields.Float(required=True, allow_none=True)
    suppressed = fields.Boolean(
        required=True,
        metadata={"description": "不同用人单位少于最低数（默认5家）时为 true，分位值为 null"},
    )


@blp.route("/wages")
@allow(PUBLIC)
class Wages(MethodView):
    @blp.arguments(WagesQuerySchema, location="query", as_kwargs=True)
    @blp.response(200, WagesSchema)
    @blp.alt_response(422, description=ERROR_422)
    def get(self, occupation: str, area: str, period: str, source: str):
        """薪酬价位：某职业、地区、季度的月薪当量分位值（P10–P90）

        每个岗位取薪资区间中点；日薪×21.75天、时薪×8小时×21.75天折算为月（地区参数）。"""
        quarter = parse_period(period)
        cell = services.wage_cell(occupation, area, quarter, source)
        body = {
            "occupation": occupation,
            "area": area,
            "period": quarter.label,
            "n_vacancies": cell.n_vacancies,
            "n_employers": cell.n_employers,
            "unit": "month",
            **cell.as_dict(),
            "suppressed": cell.suppressed,
        }
        return jsonify(body)
