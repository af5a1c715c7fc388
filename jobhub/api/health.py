"""``GET /api/v1/health``: the app answers and its database answers."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields
from sqlalchemy import text

from jobhub.access import PUBLIC, allow
from jobhub.api.errors import error_response
from jobhub.extensions import db

blp = Blueprint("health", __name__, url_prefix="/api/v1", description="服务状态")


class HealthSchema(Schema):
    status = fields.String(metadata={"example": "ok"})


@blp.route("/health")
@allow(PUBLIC)
class Health(MethodView):
    @blp.response(200, HealthSchema)
    def get(self):
        """检查服务与数据库是否可用"""
        try:
            db.session.execute(text("SELECT 1")).scalar_one()
        except Exception:  # the database is down: say so without details
            db.session.rollback()
            return error_response(503, "database_unavailable", "数据库暂不可用")
        return {"status": "ok"}
