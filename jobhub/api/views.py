"""What the areas' JSON views share: the checks before a write and the write itself.

A write runs once per request in :func:`run`: it commits at the end, or rolls back and answers
422 (``InputError``) or 409 (``Conflict``). :func:`writes` puts the usual checks in front of it,
in this order: the JSON body (400), then the object named by the URL (404)::

    @writes(body=True, load=_subsidy_application, status=201)
    def post(self, application, body):
        subsidies.record_payment(application, body, actor=current_user)
        return subsidies.subsidy_application_json(application)

:func:`takes` makes the same checks for a view that answers by itself.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import jsonify

from jobhub.api.errors import bad_json, error_response, json_body, validation_error
from jobhub.extensions import db
from jobhub.seekers.inputs import Conflict, InputError

ERROR_422 = "字段有误：{error: {code, message, fields}}"


def body_doc(schema) -> dict:
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


def not_found(message: str = "找不到该资源"):
    return error_response(404, "not_found", message)


def refused(exc: InputError | Conflict):
    """Roll back a refused write and answer 422 naming the fields, or 409 for a conflict."""
    db.session.rollback()
    if isinstance(exc, InputError):
        return validation_error(exc.fields)
    return error_response(409, "conflict", exc.message)


def run(action: Callable[[], Any], status: int = 200):
    """Run a write, commit once, and map domain errors to 422/409 (rolled back)."""
    try:
        body = action()
    except (InputError, Conflict) as exc:
        return refused(exc)
    db.session.commit()
    return jsonify(body), status


def takes(
    *,
    body: bool = False,
    load: Callable[..., Any] | None = None,
    missing: Callable[[], Any] = not_found,
):
    """Check a view method's input before it runs.

    ``body``: the request must be a JSON object, else 400. ``load``: called with the URL's
    arguments after the body check; ``None`` answers ``missing()`` (404 by default). The method
    gets the loaded object, then the body, in place of the URL's arguments (which it gets as
    keywords when there is no loader).
    """

    def decorate(view):
        @wraps(view)
        def checked(self, **url_args):
            given = []
            if body:
                data = json_body()
                if data is None:
                    return bad_json()
            if load is not None:
                obj = load(**url_args)
                if obj is None:
                    return missing()
                given.append(obj)
                url_args = {}
            if body:
                given.append(data)
            return view(self, *given, **url_args)

        return checked

    return decorate


def writes(
    *,
    body: bool = False,
    load: Callable[..., Any] | None = None,
    missing: Callable[[], Any] = not_found,
    status: int = 200,
):
    """:func:`takes`, then :func:`run` the method: what it returns is answered as JSON."""

    def decorate(view):
        @takes(body=body, load=load, missing=missing)
        @wraps(view)
        def write(self, *given, **url_args):
            return run(lambda: view(self, *given, **url_args), status)

        return write

    return decorate
