"""The API's single error shape: ``{"error": {"code", "message", "fields": {name: message}}}``."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
from werkzeug.exceptions import HTTPException

# marshmallow / webargs messages, said in Chinese. Keys are the library's English defaults.
_TRANSLATIONS = {
    "Missing data for required field.": "此项必填",
    "Field may not be null.": "不能为空",
    "Not a valid string.": "应为文字",
    "Not a valid integer.": "应为整数",
    "Not a valid number.": "应为数字",
    "Not a valid boolean.": "应为 true 或 false",
    "Not a valid date.": "应为 YYYY-MM-DD 格式的日期",
    "Not a valid datetime.": "应为日期时间",
    "Not a valid list.": "应为列表",
    "Not a valid mapping type.": "应为对象",
    "Invalid input type.": "类型不正确",
    "Invalid value.": "取值不正确",
    "Unknown field.": "不认识的字段",
    "Invalid JSON body.": "请求体不是有效的 JSON",
    "Shorter than minimum length 1.": "不能为空",
}

_STATUS_MESSAGES = {
    400: ("bad_request", "请求格式不正确"),
    401: ("unauthorized", "请先登录或提供有效的 API 令牌"),
    403: ("forbidden", "没有权限进行此操作"),
    404: ("not_found", "找不到该资源"),
    405: ("method_not_allowed", "不支持该请求方法"),
    409: ("conflict", "与当前状态冲突"),
    413: ("payload_too_large", "请求体过大"),
    415: ("unsupported_media_type", "请以 application/json 发送请求体"),
    422: ("validation_error", "提交的数据有误，请按字段提示修改"),
    429: ("too_many_requests", "请求过于频繁，请稍后再试"),
    500: ("internal_error", "服务器内部错误，请稍后再试"),
}


def translate(message: str) -> str:
    if message in _TRANSLATIONS:
        return _TRANSLATIONS[message]
    if message.startswith("Must be one of:"):
        return "取值应为以下之一：" + message.removeprefix("Must be one of:").strip().rstrip(".")
    if message.startswith(("Must be greater", "Must be less", "Must be at")):
        return "超出允许的范围（" + message + "）"
    if message.startswith(("Shorter than", "Longer than", "Length must")):
        return "长度不符合要求（" + message + "）"
    return message


def flatten(messages: Any, prefix: str = "") -> dict[str, str]:
    """Turn marshmallow's nested messages into ``{"person.birth_date": "…"}``."""
    out: dict[str, str] = {}
    if isinstance(messages, dict):
        for key, value in messages.items():
            name = f"{prefix}.{key}" if prefix and not isinstance(key, int) else prefix
            if isinstance(key, int):
                name = f"{prefix}[{key}]"
            elif not prefix:
                name = str(key)
            if key == "_schema":
                name = prefix or "_schema"
            out.update(flatten(value, name))
    elif isinstance(messages, list | tuple):
        texts = [m for m in messages if isinstance(m, str)]
        nested = [m for m in messages if not isinstance(m, str)]
        if texts:
            out[prefix or "_schema"] = "；".join(translate(t) for t in texts)
        for item in nested:
            out.update(flatten(item, prefix))
    else:
        out[prefix or "_schema"] = translate(str(messages))
    return out


def error_response(
    status: int,
    code: str | None = None,
    message: str | None = None,
    fields: dict[str, str] | None = None,
):
    default_code, default_message = _STATUS_MESSAGES.get(status, ("error", "请求未能完成"))
    body = {
        "error": {
            "code": code or default_code,
            "message": message or default_message,
            "fields": fields or {},
        }
    }
    return jsonify(body), status


def validation_error(fields: dict[str, str], message: str | None = None):
    """422 naming each bad field; the message lists them so a person reading it knows where."""
    summary = message or ("以下字段有误：" + "；".join(f"{k}：{v}" for k, v in fields.items()))
    return error_response(422, "validation_error", summary, fields)


def from_http_exception(exc: HTTPException):
    status = exc.code or 500
    data = getattr(exc, "data", None) or {}
    messages = data.get("messages") if isinstance(data, dict) else None
    if messages:
        # webargs puts the messages under the location ("json", "query"); the field path is
        # what the caller needs.
        inner: dict[str, Any] = {}
        for location_messages in messages.values():
            if isinstance(location_messages, dict):
                inner.update(location_messages)
            else:
                inner["_schema"] = location_messages
        fields = flatten(inner)
        if "_schema" in fields and fields["_schema"] == "请求体不是有效的 JSON":
            return error_response(
                400, "bad_json", "请求体不是有效的 JSON", {"_body": fields["_schema"]}
            )
        return validation_error(fields)
    if status == 400 and "JSON" in (exc.description or ""):
        return error_response(
            400, "bad_json", "请求体不是有效的 JSON", {"_body": "请求体不是有效的 JSON"}
        )
    return error_response(status)


def json_body() -> dict | None:
    """The request's JSON object, or ``None`` when the body is not a JSON object."""
    payload = request.get_json(silent=True)
    return payload if isinstance(payload, dict) else None


def bad_json():
    return error_response(
        400, "bad_json", "请求体应为 JSON 对象", {"_body": "请求体应为 JSON 对象"}
    )
