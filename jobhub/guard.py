"""Input refused before any view sees it, so that no route can answer 500 to it.

- Path ids beyond 64 bits: the ``int`` URL converter refuses them (404), as no row can have
  such an id and the database drivers raise on them.
- Text no database can store: a lone surrogate (half of a UTF-16 pair, e.g. from a JSON
  ``"\\ud800"``) or a NUL character, in any query, form or JSON field (400 naming the field).
- JSON nested deeper than a person's data ever is (the parser would recurse until it fails).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from flask import Flask, render_template, request
from werkzeug.routing import IntegerConverter

from jobhub.db import MAX_ROW_ID

_UNSTORABLE = re.compile("[\ud800-\udfff\x00]")
_MAX_DEPTH = 32
_MESSAGE = "含有无法识别的字符（如不完整的表情符号或控制字符），请删除后重新输入"


class RowIdConverter(IntegerConverter):
    """``<int:...>`` bounded to what an id column can hold (INTEGER: 32-bit on PostgreSQL), so
    a larger id is a 404 and never reaches the database."""

    def __init__(self, map, *args: Any, **kwargs: Any) -> None:  # noqa: A002 - werkzeug's name
        kwargs.setdefault("max", MAX_ROW_ID)
        super().__init__(map, *args, **kwargs)


def _printable(name: str) -> str:
    return _UNSTORABLE.sub("?", name)[:60] or "_body"


def _bad_pairs(pairs: Iterable[tuple[str, Any]]) -> list[str]:
    return [
        _printable(key)
        for key, value in pairs
        if _UNSTORABLE.search(key) or (isinstance(value, str) and _UNSTORABLE.search(value))
    ]


def _bad_json(value: Any, path: str = "", depth: int = 0) -> tuple[list[str], bool]:
    """(fields holding unstorable text, whether the nesting is too deep)."""
    if depth > _MAX_DEPTH:
        return [], True
    if isinstance(value, str):
        return ([path or "_body"] if _UNSTORABLE.search(value) else []), False
    items: list[tuple[str, Any]] = []
    if isinstance(value, dict):
        items = [(f"{path}.{k}" if path else str(k), v) for k, v in value.items()]
    elif isinstance(value, list):
        items = [(f"{path}[{i}]", v) for i, v in enumerate(value)]
    found: list[str] = []
    for name, item in items:
        if _UNSTORABLE.search(name):
            found.append(_printable(name))
            continue
        inner, deep = _bad_json(item, name, depth + 1)
        if deep:
            return [], True
        found += inner
    return found, False


def _refuse(fields: list[str], message: str):  # noqa: ANN202 - a response
    fields = list(dict.fromkeys(fields))[:20]
    if request.path.startswith("/api/"):
        from jobhub.api.errors import error_response

        summary = "、".join(fields) + "：" + message
        return error_response(400, "bad_input", summary, dict.fromkeys(fields, message))
    text = "、".join(f"“{f}”" for f in fields) + message + "。"
    return render_template("error.html", status=400, title="请求有误", text=text), 400


def check_input():  # noqa: ANN201 - a response or None
    """``before_request``: refuse unstorable text and over-deep JSON with the field's name."""
    fields = _bad_pairs(request.args.items(multi=True))
    if request.mimetype == "application/x-www-form-urlencoded":
        fields += _bad_pairs(request.form.items(multi=True))
    if fields:
        return _refuse(fields, _MESSAGE)
    if request.is_json:
        try:
            data = request.get_json(silent=True)
        except RecursionError:
            return _refuse(["_body"], "嵌套层级过深")
        fields, deep = _bad_json(data)
        if deep:
            return _refuse(["_body"], "嵌套层级过深")
        if fields:
            return _refuse(fields, _MESSAGE)
    return None


def install(app: Flask) -> None:
    """Register the converter (before any route is added) and the input check."""
    app.url_map.converters["int"] = RowIdConverter
    app.before_request(check_input)
