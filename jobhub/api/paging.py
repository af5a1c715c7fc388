"""One envelope for every list the API answers: ``{"items", "total", "page", "per_page"}``.

A list view returns ``paged(rows, to_json)``, where ``rows`` is a SQLAlchemy ``Select`` (counted
and sliced by the database) or a list already in memory (or ``paged_window(fetch, to_json)``
for a list that costs more per row shown than per row counted), and declares itself with
``@paginated(blp, "…")`` so the document names the query parameters and the envelope."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from flask import Response, jsonify, request
from flask_smorest import abort
from marshmallow import INCLUDE, Schema, fields
from sqlalchemy import Select, func, select

from jobhub.extensions import db

PER_PAGE_DEFAULT = 20
PER_PAGE_MAX = 100
PAGE_MAX = 1_000_000

PAGE_PARAMETERS = [
    {
        "name": "page",
        "in": "query",
        "description": "页码，从 1 开始",
        "schema": {"type": "integer", "minimum": 1, "maximum": PAGE_MAX, "default": 1},
    },
    {
        "name": "per_page",
        "in": "query",
        "description": f"每页条数，最多 {PER_PAGE_MAX}",
        "schema": {
            "type": "integer",
            "minimum": 1,
            "maximum": PER_PAGE_MAX,
            "default": PER_PAGE_DEFAULT,
        },
    },
]


class ObjectDoc(Schema):
    """Documents a JSON object answer whose keys the operation's summary describes."""

    class Meta:
        unknown = INCLUDE


class PageSchema(Schema):
    """The list envelope. Some lists add keys beside it (e.g. ``skill_gaps``)."""

    class Meta:
        unknown = INCLUDE

    items = fields.List(fields.Raw(), required=True, metadata={"description": "本页条目"})
    total = fields.Integer(required=True, metadata={"description": "全部条目数"})
    page = fields.Integer(required=True, metadata={"description": "本页页码"})
    per_page = fields.Integer(required=True, metadata={"description": "每页条数"})


def query_parameters(*pairs: tuple[str, str]) -> list[dict]:
    """OpenAPI query parameters from ``(name, type)`` pairs."""
    return [{"name": n, "in": "query", "schema": {"type": t}} for n, t in pairs]


def paginated(blp, description: str, parameters: list[dict] | None = None):
    """Document a list operation: its own query ``parameters``, the page ones, the envelope."""

    def decorate(view):
        view = blp.alt_response(200, schema=PageSchema, description=description)(view)
        return blp.doc(parameters=[*(parameters or []), *PAGE_PARAMETERS])(view)

    return decorate


def _number(name: str, default: int, largest: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    label = "页码" if name == "page" else "每页条数"
    if not re.fullmatch(r"[0-9]{1,7}", raw) or not 1 <= int(raw) <= largest:
        abort(422, messages={"query": {name: [f"{label}应为 1 到 {largest} 之间的整数"]}})
    return int(raw)


def page_args() -> tuple[int, int]:
    """The page asked for, checked: ``(page, per_page)``."""
    return _number("page", 1, PAGE_MAX), _number("per_page", PER_PAGE_DEFAULT, PER_PAGE_MAX)


def paged(
    rows: Select | Iterable[Any],
    to_json: Callable[[Any], Any],
    **extra: Any,
):
    """Answer one page of ``rows`` in the envelope (plus ``extra`` keys)."""
    page, per_page = page_args()
    start = (page - 1) * per_page
    if isinstance(rows, Select):
        total = db.session.scalar(select(func.count()).select_from(rows.order_by(None).subquery()))
        chunk = db.session.execute(rows.limit(per_page).offset(start)).scalars().all()
    else:
        everything = list(rows)
        total = len(everything)
        chunk = everything[start : start + per_page]
    return _envelope(chunk, to_json, total, page, per_page, extra)


def paged_window(
    fetch: Callable[[int, int], tuple[int, Sequence[Any]]],
    to_json: Callable[[Any], Any],
    **extra: Any,
):
    """Answer one page in the envelope, ``fetch(start, stop)`` giving (the number of rows in
    all, the rows of places start to stop): for lists that cost more per row shown."""
    page, per_page = page_args()
    start = (page - 1) * per_page
    total, chunk = fetch(start, start + per_page)
    return _envelope(chunk, to_json, total, page, per_page, extra)


def _envelope(
    chunk: Sequence[Any],
    to_json: Callable[[Any], Any],
    total: int,
    page: int,
    per_page: int,
    extra: dict[str, Any],
) -> Response:
    return jsonify(
        {
            "items": [to_json(row) for row in chunk],
            "total": total,
            "page": page,
            "per_page": per_page,
            **extra,
        }
    )


KEYSET_PARAMETERS = [
    {
        "name": "after",
        "in": "query",
        "description": "上一页返回的 next_after（按人员顺序翻页；不填为第一页）",
        "schema": {"type": "integer", "minimum": 1},
    },
    PAGE_PARAMETERS[1],
]


def keyset_after() -> int | None:
    """For a web page read in key order: the key of the page asked for (``after``, the last
    row id of the previous page); anything else (missing, not a number, past the id range)
    reads the first page."""
    from jobhub.db import MAX_ROW_ID

    after = request.args.get("after", type=int)
    return after if after is not None and 0 < after <= MAX_ROW_ID else None


def keyset_paged(read_page: Callable[..., Any], to_json: Callable[[Any], Any]):
    """Answer one page of a list read in key order (``read_page(after=…, limit=…)`` gives
    ``rows``, ``after`` and ``total``): the envelope plus ``next_after``, the ``after`` of the
    next page (null on the last). ``page`` beyond 1 is refused: such a list has no offsets."""
    raw = request.args.get("after")
    after = None
    if raw not in (None, ""):
        if not re.fullmatch(r"[0-9]{1,12}", raw) or int(raw) < 1:
            abort(
                422, messages={"query": {"after": ["after 应为上一页返回的 next_after（正整数）"]}}
            )
        after = int(raw)
    if _number("page", 1, PAGE_MAX) != 1:
        abort(
            422,
            messages={
                "query": {"page": ["此名单按人员顺序翻页：请用上一页返回的 next_after 作为 after"]}
            },
        )
    per_page = _number("per_page", PER_PAGE_DEFAULT, PER_PAGE_MAX)
    page = read_page(after=after, limit=per_page)
    return jsonify(
        {
            "items": [to_json(row) for row in page.rows],
            "total": page.total,
            "page": 1,
            "per_page": per_page,
            "next_after": page.after,
        }
    )
