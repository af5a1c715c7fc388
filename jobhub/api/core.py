"""The flask-smorest ``Api`` with the platform's error shape."""

from __future__ import annotations

from flask_smorest import Api as _Api
from marshmallow import RAISE, Schema

from jobhub.api.errors import from_http_exception


class Api(_Api):
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


api = Api()
