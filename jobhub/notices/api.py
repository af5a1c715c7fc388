"""``/api/v1/inbox``: the caller's 站内消息 (any role), and marking them read."""

from __future__ import annotations

from flask import jsonify
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint

from jobhub.access import SIGNED_IN, allow
from jobhub.api.paging import ObjectDoc, paged, paginated
from jobhub.api.views import not_found
from jobhub.db import MAX_ROW_ID, as_utc
from jobhub.extensions import db
from jobhub.notices import services
from jobhub.notices.models import Notification
from jobhub.policy.dates import CHINA_TZ

blp = Blueprint("inbox_api", __name__, url_prefix="/api/v1/inbox", description="站内消息")


def notice_json(n: Notification) -> dict:
    return {
        "id": n.id,
        "kind": n.kind,
        "kind_label": n.kind_label,
        "title": n.title,
        "body": n.body,
        "link": n.link,
        "created_at": as_utc(n.created_at).astimezone(CHINA_TZ).isoformat(),
        "read": n.read_at is not None,
        "sms_sent": n.sms_state == "queued",
    }


@blp.route("")
@allow(SIGNED_IN)
class Inbox(MethodView):
    @paginated(
        blp,
        "我的站内消息（分页，新的在前）：id、kind、kind_label、title、body、link、created_at"
        "（北京时间）、read、sms_sent；另有 unread（未读条数）",
    )
    def get(self):
        """我的站内消息"""
        return paged(
            services.inbox(current_user), notice_json, unread=services.unread_count(current_user)
        )


@blp.route("/<int:notice_id>/read")
@allow(SIGNED_IN)
class NoticeRead(MethodView):
    @blp.alt_response(200, schema=ObjectDoc, description="成功：该条消息（read 为 true）")
    @blp.alt_response(404, description="没有这条消息")
    def post(self, notice_id: int):
        """把一条消息标为已读"""
        notice = services.find(current_user, notice_id) if notice_id <= MAX_ROW_ID else None
        if notice is None:
            return not_found("没有这条消息")
        services.mark_read(current_user, notice.id)
        db.session.commit()
        db.session.refresh(notice)
        return jsonify(notice_json(notice))
