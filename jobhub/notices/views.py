"""站内消息 (/inbox) for every role, and its JSON twin (/api/v1/inbox)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from jobhub.access import SIGNED_IN, allow
from jobhub.auth.roles import Role
from jobhub.db import MAX_ROW_ID
from jobhub.extensions import db
from jobhub.notices import account_sms, services
from jobhub.security.masking import mask_phone
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


@bp.route("/settings")
@allow(SIGNED_IN)
def settings():
    """通知设置: an employer's contact or a station worker agrees to (or withdraws from) texts
    of their notifications; a seeker is sent to 我的授权, where people agree to texts."""
    user = current_user
    takes_texts = user.role in account_sms.ROLES
    consent = account_sms.live(user.id) if takes_texts else None
    phone = account_sms.login_phone(user) if takes_texts else None
    return render_template(
        "notices/settings.html",
        takes_texts=takes_texts,
        consent=consent,
        current=consent is not None and account_sms.on_file(user.id) is not None,
        phone=mask_phone(phone) if phone else None,
        text=account_sms.current_text(),
        shown=account_sms.text_shown(),
    )


@bp.route("/settings/sms", methods=["POST"])
@allow(Role.EMPLOYER, Role.STATION_STAFF)
def settings_sms():
    choice = request.form.get("choice")
    if choice == "agree":
        if account_sms.login_phone(current_user) is None:
            flash("您的登录账号不是手机号，无法接收短信。", "error")
            return redirect(url_for("notices.settings"))
        account_sms.agree(current_user)
        flash("已同意：用短信接收工作通知。", "success")
    elif choice == "withdraw":
        if request.form.get("confirm") != "y":
            flash("请先勾选“确认撤回”。", "error")
            return redirect(url_for("notices.settings"))
        if account_sms.withdraw(current_user):
            flash("已撤回：不再发送通知短信。", "success")
    else:
        flash("请选择同意或撤回。", "error")
        return redirect(url_for("notices.settings"))
    db.session.commit()
    return redirect(url_for("notices.settings"))
