"""One access-rule mechanism for every route.

Each view declares who may call it with ``@allow(...)``: role names, ``PUBLIC`` (anyone,
signed in or not) or ``SIGNED_IN`` (any role). A request to an endpoint without a declared rule
is refused (fail closed), and tests walk ``app.url_map`` to make sure no route lacks one.
Object-level checks (is this *your* vacancy?) stay in the services, which know the objects.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from flask import Flask, abort, current_app, flash, redirect, request, url_for
from flask_login import current_user

from jobhub.auth.roles import Role

PUBLIC = "public"
SIGNED_IN = "signed_in"
_KNOWN = {PUBLIC, SIGNED_IN, *(r.value for r in Role)}

F = TypeVar("F", bound=Callable)


def allow(*who: str) -> Callable[[F], F]:
    """Declare who may call a view function or MethodView class."""
    unknown = set(who) - _KNOWN
    if not who or unknown:
        raise ValueError(f"unknown access rule {sorted(unknown) or who!r}")

    def mark(view: F) -> F:
        view.access_rule = frozenset(who)  # type: ignore[attr-defined]
        return view

    return mark


def declare(app: Flask, endpoint: str, who: Iterable[str]) -> None:
    """Declare a rule for an endpoint we do not write ourselves (static files, OpenAPI)."""
    app.extensions.setdefault("jobhub.access", {})[endpoint] = frozenset(who)


def rule_for(app: Flask, endpoint: str) -> frozenset[str] | None:
    declared = app.extensions.get("jobhub.access", {}).get(endpoint)
    if declared is not None:
        return declared
    view = app.view_functions.get(endpoint)
    if view is None:
        return None
    rule = getattr(view, "access_rule", None)
    if rule is None:
        rule = getattr(getattr(view, "view_class", None), "access_rule", None)
    return rule


def is_allowed(rule: frozenset[str], user) -> bool:
    if PUBLIC in rule:
        return True
    if not user.is_authenticated:
        return False
    return SIGNED_IN in rule or user.role in rule


def enforce() -> None:
    """``before_request`` hook: apply the endpoint's rule, refuse undeclared endpoints."""
    if request.endpoint is None:  # 404/405: let Flask answer
        return None
    rule = rule_for(current_app, request.endpoint)
    if rule is None:
        current_app.logger.error("endpoint %s has no access rule", request.endpoint)
        abort(403)
    if is_allowed(rule, current_user):
        return None
    if not current_user.is_authenticated:
        if request.path.startswith("/api/"):
            abort(401)
        flash("请先登录。", "info")
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    abort(403)
