"""Error pages that say what happened in Chinese and leak nothing about the system."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

_PAGES = {
    400: ("请求有误", "提交的内容无法处理，请返回上一页检查后重试。"),
    401: ("请先登录", "此操作需要登录。"),
    403: ("没有权限", "您的账号无权访问此页面。如需帮助，请联系所在驿站或人社部门。"),
    404: ("页面不存在", "您要找的页面不存在或已被删除。"),
    405: ("操作不被允许", "此页面不支持该操作。"),
    413: ("内容过大", "上传或提交的内容超过了大小限制。"),
    429: ("尝试次数过多", "操作过于频繁，请过几分钟再试。账号没有被锁定。"),
    500: ("系统出错了", "系统暂时无法完成您的请求，请稍后再试。我们已记录此问题。"),
    503: ("服务暂不可用", "系统正在维护，请稍后再试。"),
}


def render_error_page(error: HTTPException):
    status = error.code or 500
    if isinstance(error, CSRFError):
        title, text = "页面已过期", "表单已过期或来源无法验证，请刷新页面后重新提交。"
    else:
        title, text = _PAGES.get(status, ("请求未能完成", "请返回上一页重试。"))
    return render_template("error.html", status=status, title=title, text=text), status


def register_error_handlers(app: Flask) -> None:
    from jobhub.api.errors import error_response, from_http_exception

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if request.path.startswith("/api/"):
            return from_http_exception(error)
        return render_error_page(error)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        if isinstance(error, HTTPException):
            return http_error(error)
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        from jobhub.extensions import db

        db.session.rollback()
        if request.path.startswith("/api/"):
            return error_response(500)
        return render_error_page(InternalServerError())
