"""``GET /api/v1/vacancies``: the public vacancy search, anonymous (the same search as the
page /vacancies)."""

from __future__ import annotations

from flask import jsonify, request
from flask.views import MethodView
from flask_smorest import Blueprint

from jobhub.access import PUBLIC, allow
from jobhub.api.errors import error_response, validation_error
from jobhub.api.paging import page_args, paginated
from jobhub.api.views import ERROR_422
from jobhub.db import as_utc
from jobhub.listings import search
from jobhub.policy.dates import CHINA_TZ
from jobhub.seekers.inputs import InputError

blp = Blueprint("vacancies_api", __name__, url_prefix="/api/v1", description="公开岗位搜索")

_PARAMETERS = [
    {
        "name": "q",
        "in": "query",
        "description": "关键词（最多 50 字）",
        "schema": {"type": "string"},
    },
    {
        "name": "street",
        "in": "query",
        "description": "街道（乡镇）代码",
        "schema": {"type": "string"},
    },
    {
        "name": "occupation",
        "in": "query",
        "description": "职业分类大典编码（大类、中类、小类或细类，如 4-10-00-00）",
        "schema": {"type": "string"},
    },
    {
        "name": "kind",
        "in": "query",
        "description": "regular 普通岗位 | gig 零工 | public_welfare 公益性岗位 | traineeship 就业见习",
        "schema": {"type": "string", "enum": list(search.KINDS)},
    },
    {
        "name": "min_pay",
        "in": "query",
        "description": "最低月薪（元）：薪资上限折算为月薪后不低于此数",
        "schema": {"type": "number", "minimum": 0, "maximum": search.PAY_MAX},
    },
    {
        "name": "days",
        "in": "query",
        "description": f"只看最近 N 天发布的（1–{search.DAYS_MAX}）",
        "schema": {"type": "integer", "minimum": 1, "maximum": search.DAYS_MAX},
    },
    {
        "name": "sort",
        "in": "query",
        "description": "relevance 按相关度（有关键词时，默认）| date 按发布时间",
        "schema": {"type": "string", "enum": list(search.SORTS)},
    },
]


def listing_json(item: search.Listing) -> dict:
    published = as_utc(item.published_at) if item.published_at else None
    return {
        "id": item.id,
        "title": item.title,
        "employer": item.employer,
        "street_code": item.street_code,
        "street_name": item.street_name,
        "kind": item.kind,
        "salary_min": item.salary_min,
        "salary_max": item.salary_max,
        "salary_unit": item.salary_unit,
        "published_at": published.astimezone(CHINA_TZ).isoformat() if published else None,
    }


@blp.route("/vacancies")
@allow(PUBLIC)
class Vacancies(MethodView):
    @paginated(
        blp,
        "在招岗位（分页，无需登录）：id、title、employer（单位名称）、street_code、street_name、"
        "kind、salary_min、salary_max、salary_unit（month | day | hour）、published_at"
        "（北京时间）。kind 为 gig 时列出可报名的零工（id 为零工编号）",
        _PARAMETERS,
    )
    @blp.alt_response(422, description=ERROR_422)
    @blp.alt_response(503, description="关键词搜索的索引尚未建立：{error: {code, message}}")
    def get(self):
        """搜索在招岗位（关键词、街道、职业、类型、最低薪资）"""
        try:
            query = search.parse_query(request.args)
        except InputError as exc:
            return validation_error(exc.fields)
        page, per_page = page_args()
        try:
            items, total = search.search(query, page, per_page)
        except search.SearchUnavailable:
            return error_response(503, "search_unavailable", "关键词搜索暂不可用，请稍后再试")
        return jsonify(
            {
                "items": [listing_json(i) for i in items],
                "total": total,
                "page": page,
                "per_page": per_page,
            }
        )
