"""``POST /api/v1/postings/check``: review a posting before it is published. No login, nothing
stored."""

from __future__ import annotations

from flask import jsonify
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from jobhub.access import PUBLIC, allow
from jobhub.api.errors import bad_json, json_body, validation_error
from jobhub.api.fields import day, one_of
from jobhub.postings import PostingInputError, parse_request, review, review_to_json
from jobhub.reviews.services import occupation_for_title, review_context

blp = Blueprint("postings_api", __name__, url_prefix="/api/v1/postings", description="岗位信息审核")


class PostingCheckSchema(Schema):
    title = fields.String(required=True)
    description = fields.String(required=True)
    employer_name = fields.String()
    headcount = fields.Integer()
    work_location = fields.String()
    salary_min = fields.Float()
    salary_max = fields.Float()
    salary_unit = fields.String(validate=one_of(["month", "day", "hour"]))
    valid_until = day()


class FindingSchema(Schema):
    code = fields.String()
    severity = fields.String(validate=one_of(["reject", "warn"]))
    text = fields.String()
    start = fields.Integer(allow_none=True)
    end = fields.Integer(allow_none=True)
    message = fields.String()
    basis = fields.String()


class ReviewSchema(Schema):
    verdict = fields.String(validate=one_of(["ok", "warn", "reject"]))
    findings = fields.List(fields.Nested(FindingSchema))


@blp.route("/check")
@allow(PUBLIC)
class Check(MethodView):
    @blp.doc(
        requestBody={
            "required": True,
            "content": {"application/json": {"schema": PostingCheckSchema}},
        }
    )
    @blp.response(200, ReviewSchema)
    @blp.alt_response(422, description="字段有误：{error: {code, message, fields}}")
    def post(self):
        """审核招聘信息：就业歧视与招聘欺诈检查，每条结论附法律依据（不保存）"""
        payload = json_body()
        if payload is None:
            return bad_json()
        try:
            posting = parse_request(payload)
        except PostingInputError as exc:
            return validation_error(exc.fields)
        context = review_context(occupation_for_title(posting.title, posting.description))
        return jsonify(review_to_json(review(posting, context)))
