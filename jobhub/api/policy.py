"""``POST /api/v1/policy/evaluate``: the public 政策计算器, stateless, no login, nothing stored.

The pure core validates (one validator for the API, the page and the CLI); the marshmallow
schemas below describe the contract in the OpenAPI document.
"""

from __future__ import annotations

from flask import jsonify
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from jobhub.access import PUBLIC, allow
from jobhub.api.errors import bad_json, json_body, validation_error
from jobhub.api.fields import day, one_of
from jobhub.policy import (
    Education,
    EmploymentStatus,
    Gender,
    PolicyInputError,
    RetirementCategory,
    evaluate,
    evaluation_to_json,
    parse_request,
)

blp = Blueprint("policy_api", __name__, url_prefix="/api/v1/policy", description="政策计算器")


class PersonSchema(Schema):
    birth_date = day(required=True)
    gender = fields.String(required=True, validate=one_of(Gender))
    retirement_category = fields.String(validate=one_of(RetirementCategory))
    education = fields.String(validate=one_of(Education))
    graduation_date = day()
    employment_status = fields.String(validate=one_of(EmploymentStatus))
    employment_since = day()
    unemployment_registered_since = day()
    is_veteran = fields.Boolean(load_default=False)
    disabled = fields.Boolean(load_default=False)
    low_income_household = fields.Boolean(load_default=False)
    zero_employment_household = fields.Boolean(load_default=False)
    land_expropriated = fields.Boolean(load_default=False)
    single_parent = fields.Boolean(load_default=False)
    receiving_unemployment_benefit = fields.Boolean(load_default=False)
    monthly_contribution = fields.Float(metadata={"description": "灵活就业人员每月实际缴费（元）"})
    subsidy_first_approved_on = day(metadata={"description": "初次核定享受社会保险补贴的日期"})


class EvaluateRequestSchema(Schema):
    as_of = day(metadata={"description": "计算日期，默认今天"})
    region = fields.String(load_default="default")
    person = fields.Nested(PersonSchema, required=True)


class RetirementSchema(Schema):
    date = day()
    age_years = fields.Integer()
    age_months = fields.Integer()


class SubsidySchema(Schema):
    code = fields.String()
    eligible = fields.Boolean()
    start = day()
    end = day()
    months = fields.Integer()
    monthly_amount_cap = fields.Float()
    reasons = fields.List(fields.String())
    basis = fields.List(fields.String())


class EvaluateResponseSchema(Schema):
    as_of = day()
    region = fields.String()
    retirement = fields.Nested(RetirementSchema)
    key_groups = fields.List(fields.String())
    difficulty_categories = fields.List(fields.String())
    subsidies = fields.List(fields.Nested(SubsidySchema))
    missing = fields.List(
        fields.String(),
        metadata={
            "description": "需补充：结论取决于而未提供的事实（如退休类别、学历）；"
            "取决于它们的认定一律不予认定。全部已知时不出现"
        },
    )


@blp.route("/evaluate")
@allow(PUBLIC)
class Evaluate(MethodView):
    @blp.doc(
        requestBody={
            "required": True,
            "content": {"application/json": {"schema": EvaluateRequestSchema}},
        }
    )
    @blp.response(200, EvaluateResponseSchema)
    @blp.alt_response(422, description="字段有误：{error: {code, message, fields}}")
    def post(self):
        """计算法定退休日期、重点群体、就业困难类别与各项补贴资格（不保存任何数据）"""
        payload = json_body()
        if payload is None:
            return bad_json()
        try:
            person, as_of, region = parse_request(payload)
        except PolicyInputError as exc:
            return validation_error(exc.fields)
        return jsonify(evaluation_to_json(evaluate(person, as_of, region)))
