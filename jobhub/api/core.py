"""The flask-smorest ``Api`` with the platform's error shape."""

from __future__ import annotations

from apispec import BasePlugin
from flask_smorest import Api as _Api
from marshmallow import RAISE, Schema, fields

from jobhub.api.errors import from_http_exception


class ErrorDetailSchema(Schema):
    code = fields.String(
        required=True,
        metadata={"description": "机器可读的错误代码，如 validation_error、not_found、conflict"},
    )
    message = fields.String(required=True, metadata={"description": "给人看的中文说明"})
    fields = fields.Dict(
        keys=fields.String(),
        values=fields.String(),
        required=True,
        metadata={"description": "出错的字段及各自的中文说明（字段路径如 person.birth_date）"},
    )


class ErrorSchema(Schema):
    """The one error body of every 4xx and 5xx answer of the API."""

    error = fields.Nested(ErrorDetailSchema, required=True)
    review = fields.Dict(
        metadata={"description": "岗位或零工审核未通过时：每处问题、原文与法律依据"}
    )


class ErrorResponsesPlugin(BasePlugin):
    """Every 4xx/5xx answer an operation documents without a body gets the error schema, so
    the document describes the body each error really has."""

    def __init__(self) -> None:
        self.spec = None

    def init_spec(self, spec) -> None:
        self.spec = spec

    def operation_helper(self, path=None, operations=None, **kwargs) -> None:
        if not operations:
            return
        for operation in operations.values():
            for status, response in (operation.get("responses") or {}).items():
                if not isinstance(response, dict) or "content" in response:
                    continue
                if str(status).isdigit() and int(status) >= 400:
                    response["content"] = {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                    }


class Api(_Api):
    ERROR_SCHEMA = ErrorSchema

    def handle_http_exception(self, error):  # noqa: D102 - flask-smorest hook
        from flask import request

        if request.path.startswith("/api/"):
            return from_http_exception(error)
        from jobhub.errors import render_error_page

        return render_error_page(error)


class StrictSchema(Schema):
    """Base for request schemas: unknown fields are refused unless a schema says otherwise."""

    class Meta:
        unknown = RAISE
        ordered = True


api = Api(spec_kwargs={"extra_plugins": [ErrorResponsesPlugin()]})
