"""``GET /api/v1/me``: who the session or the bearer token belongs to."""

from __future__ import annotations

from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from jobhub.access import SIGNED_IN, allow

blp = Blueprint("me_api", __name__, url_prefix="/api/v1", description="当前用户")


class MeSchema(Schema):
    id = fields.Integer()
    role = fields.String()
    display_name = fields.String()
    organisation_id = fields.Integer(allow_none=True)
    station_id = fields.Integer(allow_none=True)


@blp.route("/me")
@allow(SIGNED_IN)
class Me(MethodView):
    @blp.response(200, MeSchema)
    def get(self):
        """当前登录用户（会话或 API 令牌）"""
        return current_user
