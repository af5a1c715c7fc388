"""Login, logout and self-registration for seekers and employers."""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user

from jobhub.access import PUBLIC, SIGNED_IN, allow
from jobhub.auth import codes, services, throttle, twofactor
from jobhub.auth.forms import (
    EmployerRegistrationForm,
    LoginForm,
    PasswordChangeForm,
    PasswordResetForm,
    SecondFactorForm,
    SeekerRegistrationForm,
    TokenForm,
    TotpSetupForm,
)
from jobhub.auth.models import User
from jobhub.auth.passwords import min_length, password_problem
from jobhub.auth.roles import Role
from jobhub.auth.tokens import create_token, revoke_token, user_tokens
from jobhub.employers.services import register_organisation
from jobhub.extensions import db
from jobhub.security import audit
from jobhub.security.masking import mask_phone

bp = Blueprint("auth", __name__, url_prefix="/auth")

_REGISTERED = "注册申请已处理。如果该手机号此前未注册，账号已经建好，请用手机号和密码登录；如果已注册过，请直接登录。"
_WRONG_CODE = "短信验证码不正确或已过期，请核对或重新获取"


def _safe_next(target: str | None) -> str | None:
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return None


def _signed_in(user: User, next_url: str | None, warning: str | None = None):
    services.open_session(user)  # a fresh session: what was in the cookie is gone
    login_user(user)
    db.session.commit()
    flash(f"欢迎，{user.display_name}。", "success")
    if warning:
        flash(warning, "warning")
    return redirect(_safe_next(next_url) or url_for("main.home"))


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
        elif twofactor.required(user):
            twofactor.begin(user, _safe_next(request.args.get("next")))
            step = "auth.second_factor" if twofactor.enrolled(user) else "auth.totp_setup"
            return redirect(url_for(step))
        else:
            return _signed_in(user, request.args.get("next"))
    return render_template("auth/login.html", form=form)


def _pending_or_login():
    """The user half-way through signing in, or a redirect back to the login page."""
    user = twofactor.pending_user()
    if user is None:
        flash("登录已超时，请重新输入账号和密码。", "info")
        return None, redirect(url_for("auth.login"))
    return user, None


@bp.route("/second-factor", methods=["GET", "POST"])
@allow(PUBLIC)
def second_factor():
    """The second step of a staff or admin sign-in: a code from the authenticator app, or one
    of the recovery codes."""
    user, back = _pending_or_login()
    if back:
        return back
    if not twofactor.enrolled(user):
        return redirect(url_for("auth.totp_setup"))
    form = SecondFactorForm()
    if form.validate_on_submit():
        if twofactor.check_totp(user, form.code.data):
            return _signed_in(user, twofactor.pending_next())
        if twofactor.use_recovery_code(user, form.code.data):
            left = twofactor.remaining_recovery_codes(user)
            audit.record(user, "use_recovery_code", "users", user.id, f"剩余恢复码 {left} 个")
            warning = f"已用恢复码登录，还剩 {left} 个。请尽快在“两步验证”页面生成新的恢复码。"
            return _signed_in(user, twofactor.pending_next(), warning)
        throttle.failed()
        form.code.errors.append("验证码不正确或已用过，请等待 App 上出现新的验证码后再试")
    return render_template("auth/second_factor.html", form=form, user=user)


@bp.route("/totp-setup", methods=["GET", "POST"])
@allow(PUBLIC)
def totp_setup():
    """First sign-in of staff and admins: bind an authenticator app (mandatory)."""
    user, back = _pending_or_login()
    if back:
        return back
    if twofactor.enrolled(user):
        return redirect(url_for("auth.second_factor"))
    form = TotpSetupForm()
    if form.validate_on_submit():
        if twofactor.check_totp(user, form.code.data):
            recovery = twofactor.finish_enrolment(user)
            audit.record(user, "enrol_second_factor", "users", user.id, "绑定验证器 App")
            next_url = _safe_next(twofactor.pending_next())
            services.open_session(user)
            login_user(user)
            db.session.commit()
            return render_template("auth/recovery_codes.html", codes=recovery, next=next_url)
        throttle.failed()
        form.code.errors.append("验证码不正确，请确认已扫描本页二维码，并填写 App 上当前显示的数字")
    secret = twofactor.start_enrolment(user)
    db.session.commit()
    uri = twofactor.provisioning_uri(user)
    return render_template(
        "auth/totp_setup.html",
        form=form,
        qr=twofactor.qr_svg(uri),
        secret=twofactor.grouped(secret),
    )


@bp.route("/two-factor", methods=["GET", "POST"])
@allow(Role.STATION_STAFF, Role.ADMIN)
def two_factor():
    """两步验证: how many recovery codes are left; new ones after a fresh app code."""
    form = TotpSetupForm()
    if form.validate_on_submit():
        if twofactor.check_totp(current_user, form.code.data):
            recovery = twofactor.new_recovery_codes(current_user)
            audit.record(
                current_user, "renew_recovery_codes", "users", current_user.id, "生成新的恢复码"
            )
            db.session.commit()
            return render_template("auth/recovery_codes.html", codes=recovery, next=None)
        throttle.failed()
        form.code.errors.append("验证码不正确或已用过，请等待 App 上出现新的验证码后再试")
    return render_template(
        "auth/two_factor.html",
        form=form,
        left=twofactor.remaining_recovery_codes(current_user),
        since=current_user.totp_enrolled_at,
    )


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


def _send_registration_code(form) -> str | None:
    """The 获取验证码 button: a code to a new phone; to a phone that already has an account, a
    note saying so. The screen answers the same either way. Returns the masked phone."""
    if not form.phone.validate(form):
        return None
    phone = form.phone.data
    if services.find_user_by_login(phone) is None:
        codes.send(phone, codes.Purpose.REGISTER)
    else:
        codes.notify_already_registered(phone)
    db.session.commit()
    return mask_phone(phone)


def _code_proved(form, purpose: codes.Purpose):
    """The live code row when the form's code is right for its phone; otherwise the error is on
    the code field, the try is counted and kept."""
    row = codes.check(form.phone.data, purpose, form.code.data)
    if row is None:
        throttle.failed()
        form.code.errors.append(_WRONG_CODE)
        db.session.commit()
    return row


def _sending() -> bool:
    return request.method == "POST" and "send_code" in request.form


@bp.route("/register", methods=["GET", "POST"])
@allow(PUBLIC)
def register():
    form = SeekerRegistrationForm()
    sent = None
    if _sending():
        sent = _send_registration_code(form)
    elif form.validate_on_submit() and (row := _code_proved(form, codes.Purpose.REGISTER)):
        codes.use(row)
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
    return render_template("auth/register.html", form=form, sent=sent)


@bp.route("/register/employer", methods=["GET", "POST"])
@allow(PUBLIC)
def register_employer():
    form = EmployerRegistrationForm()
    sent = None
    if _sending():
        sent = _send_registration_code(form)
    elif form.validate_on_submit() and (row := _code_proved(form, codes.Purpose.REGISTER)):
        codes.use(row)
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
            else:
                services.hash_password(account.password)
        db.session.commit()
        flash(_REGISTERED, "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/register_employer.html", form=form, sent=sent)


@bp.route("/reset", methods=["GET", "POST"])
@allow(PUBLIC)
def reset_password():
    """找回密码 by an SMS code. A code goes only to a phone with an account; the screen says the
    same either way. A reset ends every session of the account."""
    form = PasswordResetForm()
    sent = None
    if _sending():
        if form.phone.validate(form):
            user = services.find_user_by_login(form.phone.data)
            if user is not None and user.active:
                codes.send(form.phone.data, codes.Purpose.RESET)
                db.session.commit()
            sent = mask_phone(form.phone.data)
    elif form.validate_on_submit() and (row := _code_proved(form, codes.Purpose.RESET)):
        user = services.find_user_by_login(form.phone.data)
        problem = user is None and _WRONG_CODE
        problem = problem or password_problem(
            form.password.data, user.role, [form.phone.data, user.display_name]
        )
        if problem:
            form.password.errors.append(problem)
        else:
            codes.use(row)
            ended = services.change_password(user, form.password.data, keep_current=False)
            audit.record(
                user, "reset_password", "users", user.id, f"短信验证码找回，结束会话 {ended} 个"
            )
            db.session.commit()
            flash("密码已重设，所有设备上的登录都已退出。请用新密码登录。", "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form, sent=sent)


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
