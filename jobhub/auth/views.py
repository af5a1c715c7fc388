"""Login, logout and self-registration for seekers and employers."""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user

from jobhub.access import PUBLIC, SIGNED_IN, allow
from jobhub.auth import services, throttle
from jobhub.auth.forms import (
    EmployerRegistrationForm,
    LoginForm,
    PasswordChangeForm,
    SeekerRegistrationForm,
    TokenForm,
)
from jobhub.auth.passwords import min_length
from jobhub.auth.roles import Role
from jobhub.auth.tokens import create_token, revoke_token, user_tokens
from jobhub.employers.services import register_organisation
from jobhub.extensions import db
from jobhub.security import audit

bp = Blueprint("auth", __name__, url_prefix="/auth")

_REGISTERED = "注册申请已处理。如果该手机号此前未注册，账号已经建好，请用手机号和密码登录；如果已注册过，请直接登录。"


def _safe_next(target: str | None) -> str | None:
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return None


@bp.route("/login", methods=["GET", "POST"])
@allow(PUBLIC)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.login.data, form.password.data)
        if user is None:
            throttle.failed()
            form.password.errors.append("手机号（账号）或密码不正确")
        else:
            services.open_session(user)
            login_user(user)
            db.session.commit()
            flash(f"欢迎，{user.display_name}。", "success")
            return redirect(_safe_next(request.args.get("next")) or url_for("main.home"))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@allow(SIGNED_IN)
def logout():
    services.close_session()
    logout_user()
    db.session.commit()
    flash("您已安全退出。", "info")
    return redirect(url_for("main.index"))


@bp.route("/password", methods=["GET", "POST"])
@allow(SIGNED_IN)
def change_password():
    """修改密码: every signed-in person changes their own, after giving the current one."""
    form = PasswordChangeForm(
        role=Role(current_user.role), related=[current_user.login, current_user.display_name]
    )
    if form.validate_on_submit():
        if not services.check_password(current_user, form.current.data):
            throttle.failed()  # guesses at the current password slow down like logins
            form.current.errors.append("当前密码不正确")
        else:
            ended = services.change_password(current_user, form.password.data)
            audit.record(
                current_user,
                "change_password",
                "users",
                current_user.id,
                f"结束其他会话 {ended} 个",
            )
            db.session.commit()
            flash("密码已修改。其他设备上的登录已全部退出。", "success")
            return redirect(url_for("main.home"))
    return render_template("auth/password.html", form=form, shortest=min_length(current_user.role))


@bp.route("/register", methods=["GET", "POST"])
@allow(PUBLIC)
def register():
    form = SeekerRegistrationForm()
    if form.validate_on_submit():
        services.create_user(
            services.NewAccount(
                login=form.phone.data,
                password=form.password.data,
                display_name=form.display_name.data,
                role=Role.SEEKER,
            )
        )
        db.session.commit()
        flash(_REGISTERED, "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/register.html", form=form)


@bp.route("/register/employer", methods=["GET", "POST"])
@allow(PUBLIC)
def register_employer():
    form = EmployerRegistrationForm()
    if form.validate_on_submit():
        account = services.NewAccount(
            login=form.phone.data,
            password=form.password.data,
            display_name=form.display_name.data,
            role=Role.EMPLOYER,
        )
        # Same answer whether or not the phone or the organisation is known (no enumeration).
        if services.find_user_by_login(account.login) is None:
            organisation = register_organisation(
                form.organisation_name.data, form.uscc.data, form.display_name.data
            )
            if organisation is not None:
                services.create_user(replace(account, organisation_id=organisation.id))
                db.session.commit()
            else:
                services.hash_password(account.password)
        flash(_REGISTERED, "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/register_employer.html", form=form)


@bp.route("/tokens", methods=["GET", "POST"])
@allow(SIGNED_IN)
def tokens():
    """接口令牌: for systems that call the API on this user's behalf."""
    form = TokenForm()
    new_token = None
    if form.validate_on_submit():
        new_token = create_token(current_user, form.name.data)
        audit.record(current_user, "create_api_token", "users", current_user.id, form.name.data)
        db.session.commit()
    return render_template(
        "auth/tokens.html", form=form, new_token=new_token, tokens=user_tokens(current_user)
    )


@bp.route("/tokens/<int:token_id>/revoke", methods=["POST"])
@allow(SIGNED_IN)
def revoke(token_id: int):
    if revoke_token(current_user, token_id):
        audit.record(current_user, "revoke_api_token", "api_tokens", token_id, "用户撤销")
        db.session.commit()
        flash("令牌已撤销。", "info")
    else:
        abort(404)
    return redirect(url_for("auth.tokens"))
