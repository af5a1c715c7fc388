"""Throttling of logins and other guessable steps, with Flask-Limiter.

Counters live in ``RATELIMIT_STORAGE_URI`` (``memory://`` for one process, ``redis://`` in
production so that every worker shares them). Client addresses are what ProxyFix saw
(``PROXY_FIX_HOPS``), so a reverse proxy does not make every user one address.

Two kinds of limit, both counting only failures:

* per account (the HMAC of the login, or the user half-way through two-factor login), strict
  and stepped: ``n`` failures in a window, ``2n`` in 12 windows, ``4n`` in 288 windows. A flood
  against one account slows that account down for longer and longer; nobody else notices.
* per client address, generous, so that a whole office or campus behind one NAT is not
  stopped by one person's mistakes.

Over a limit the step answers 429 until the window passes; nothing is locked for good.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, current_app, g, request, session
from flask_limiter import Limiter

_FAILED = "jobhub_throttle_failed"


def client_address() -> str:
    return request.remote_addr or "?"


def failed() -> None:
    """Called by a view when this request was a failed attempt (wrong password or code)."""
    setattr(g, _FAILED, True)


def _was_failure(response) -> bool:
    return bool(g.get(_FAILED))


def _login_account() -> str:
    from jobhub.auth.services import login_key

    raw = request.form.get("login", "")
    return "acct:" + login_key(raw if isinstance(raw, str) else "")


def _pending_account() -> str:
    from jobhub.auth.twofactor import PENDING

    pending = session.get(PENDING) or {}
    return f"user:{pending.get('uid', '?')}"


def _signed_in_account() -> str:
    from flask_login import current_user

    return f"user:{current_user.get_id()}"


def _form_phone() -> str:
    from jobhub.auth.services import login_key

    raw = request.form.get("phone", "")
    return "phone:" + login_key(raw if isinstance(raw, str) else "")


def _not_sending() -> bool:
    return "send_code" not in request.form


def account_limits(per_account: int, window: int) -> str:
    """``n`` per window, ``2n`` per 12 windows, ``4n`` per 288 windows (5 / 5 min, 10 / hour,
    20 / day with the defaults)."""
    steps = ((1, 1), (2, 12), (4, 288))
    return "; ".join(f"{per_account * k} per {window * m} second" for k, m in steps)


def _limits(app: Flask) -> dict[str, list[dict]]:
    config = app.config
    window = int(config["LOGIN_WINDOW_SECONDS"])
    per_account = account_limits(int(config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]), window)
    per_ip = f"{int(config['LOGIN_MAX_FAILURES_PER_IP'])} per {window} second"
    sms = config["SMS_LIMITS_PER_PHONE"]
    sms_ip = config["SMS_LIMITS_PER_IP"]

    def failures(key_func: Callable[[], str], limit: str) -> dict:
        return {"limit_value": limit, "key_func": key_func, "deduct_when": _was_failure}

    def sending(key_func: Callable[[], str], limit: str) -> dict:
        return {"limit_value": limit, "key_func": key_func, "exempt_when": _not_sending}

    code_steps = [failures(_form_phone, per_account), failures(client_address, per_ip)]
    code_steps += [sending(_form_phone, sms), sending(client_address, sms_ip)]
    return {
        "auth.login": [failures(_login_account, per_account), failures(client_address, per_ip)],
        "auth.second_factor": [failures(_pending_account, per_account)],
        "auth.totp_setup": [failures(_pending_account, per_account)],
        "auth.change_password": [failures(_signed_in_account, per_account)],
        "auth.two_factor": [failures(_signed_in_account, per_account)],
        "auth.register": code_steps,
        "auth.register_employer": code_steps,
        "auth.reset_password": code_steps,
    }


def install(app: Flask) -> Limiter:
    """One limiter per app (tests build many apps in a process), wrapped around the views
    named in ``_limits``; POSTs only, a GET shows a form and guesses nothing."""
    limiter = Limiter(
        client_address,
        storage_uri=app.config["RATELIMIT_STORAGE_URI"],
        strategy="fixed-window",
    )
    limiter.init_app(app)
    for endpoint, limits in _limits(app).items():
        view = app.view_functions.get(endpoint)
        if view is None:
            continue
        for spec in limits:
            view = limiter.limit(
                **spec, methods=["POST"], scope=endpoint + ":" + spec["key_func"].__name__
            )(view)
        app.view_functions[endpoint] = view
    app.extensions["jobhub.limiter"] = limiter
    return limiter


def limiter() -> Limiter:
    return current_app.extensions["jobhub.limiter"]
