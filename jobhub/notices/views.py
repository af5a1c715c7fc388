"""站内消息 (/inbox) for every role, and its JSON twin (/api/v1/inbox)."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user

from jobhub.access import SIGNED_IN, allow
from jobhub.db import MAX_ROW_ID
from jobhub.extensions import db
from jobhub.notices import services
from jobhub.webforms import form_id

bp = Blueprint("notices", __name__, url_prefix="/inbox")

PER_PAGE = 30


@bp.route("")
@allow(SIGNED_IN)
def inbox():
    page = form_id(request.args.get("page")) or 1
    rows = db.paginate(services.inbox(current_user), page=page, per_page=PER_PAGE, error_out=False)
    return render_template("notices/inbox.html", rows=rows)


@bp.route("/<int:notice_id>")
@allow(SIGNED_IN)
def open_notice(notice_id: int):
    """Mark the message read and go where it points (the inbox when it points nowhere)."""
    notice = services.find(current_user, notice_id) if notice_id <= MAX_ROW_ID else None
    if notice is None:
        abort(404)
    services.mark_read(current_user, notice.id)
    db.session.commit()
    link = notice.link if notice.link.startswith("/") and not notice.link.startswith("//") else ""
    return redirect(link or url_for("notices.inbox"))


@bp.route("/read-all", methods=["POST"])
@allow(SIGNED_IN)
def read_all():
    services.mark_read(current_user)
    db.session.commit()
    return redirect(url_for("notices.inbox"))
