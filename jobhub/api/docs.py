"""接口文档: Swagger UI over the OpenAPI document, served from the assets the
``swagger-ui-bundle`` package installs (a bureau's network reaches no CDN)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, render_template, send_from_directory
from swagger_ui_bundle import swagger_ui_path

from jobhub.access import PUBLIC, allow

bp = Blueprint("api_docs", __name__, url_prefix="/api/v1/docs")

ASSETS = Path(swagger_ui_path)
SERVED = {"swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js"}


@bp.route("")
@allow(PUBLIC)
def page():
    response = render_template("api_docs.html")
    # Swagger UI sets style attributes as it draws; scripts stay same-origin only.
    return (
        response,
        200,
        {
            "Content-Security-Policy": (
                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                "script-src 'self'; frame-ancestors 'none'; form-action 'self'"
            )
        },
    )


@bp.route("/assets/<name>")
@allow(PUBLIC)
def asset(name: str):
    if name not in SERVED:
        abort(404)
    return send_from_directory(ASSETS, name, max_age=86400)
