"""Matching and occupation-coding API: stateless, nothing stored."""

from __future__ import annotations

from flask import jsonify
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from jobhub.access import PUBLIC, allow
from jobhub.api.errors import bad_json, error_response, json_body, validation_error
from jobhub.matching.api import (
    MatchingInputError,
    parse_rank_candidates_request,
    parse_rank_request,
    results_to_json,
)
from jobhub.matching.engine import rank_candidates, rank_vacancies
from jobhub.occupations import classify_many

blp = Blueprint("matching_api", __name__, url_prefix="/api/v1", description="人岗匹配与职业编码")

MAX_TITLES = 1000
MAX_TOP = 50


class ClassifyRequestSchema(Schema):
    titles = fields.List(fields.String(), required=True, validate=validate.Length(max=MAX_TITLES))
    descriptions = fields.List(
        fields.String(allow_none=True),
        metadata={"description": "可选：每个岗位的描述（与 titles 一一对应），用于判断行业"},
    )
    top = fields.Integer(
        load_default=5,
        validate=validate.Range(1, MAX_TOP, error=f"top 应为 1 到 {MAX_TOP} 之间的整数"),
    )


class ClassifyQuerySchema(Schema):
    title = fields.String(required=True)
    description = fields.String(
        load_default="", metadata={"description": "可选：岗位描述，用于判断行业"}
    )
    top = fields.Integer(
        load_default=5,
        validate=validate.Range(1, MAX_TOP, error=f"top 应为 1 到 {MAX_TOP} 之间的整数"),
    )


class CandidateSchema(Schema):
    code = fields.String(metadata={"example": "6-18-02-04"})
    name = fields.String(metadata={"example": "电焊工"})
    score = fields.Float()


class ClassifyResponseSchema(Schema):
    results = fields.List(fields.List(fields.Nested(CandidateSchema)))


def _top(raw, errors: dict[str, str]) -> int:
    if raw is None:
        return 5
    if isinstance(raw, str) and raw.strip().isdigit():
        raw = int(raw)
    if isinstance(raw, bool) or not isinstance(raw, int) or not 1 <= raw <= MAX_TOP:
        errors["top"] = f"top 应为 1 到 {MAX_TOP} 之间的整数"
        return 5
    return raw


def _classified(titles: list[str], top: int, descriptions: list[str | None] | None = None):
    return jsonify(
        {
            "results": [
                [{"code": c.code, "name": c.name, "score": round(c.score, 4)} for c in found]
                for found in classify_many(titles, top, descriptions)
            ]
        }
    )


@blp.route("/occupations/classify")
@allow(PUBLIC)
class Classify(MethodView):
    @blp.arguments(ClassifyQuerySchema, location="query", as_kwargs=True)
    @blp.response(200, ClassifyResponseSchema)
    def get(self, title: str, top: int, description: str):
        """把一个岗位名称编码为《职业分类大典（2022年版）》细类（按可能性排序）"""
        return _classified([title], top, [description])

    @blp.doc(
        requestBody={
            "required": True,
            "content": {"application/json": {"schema": ClassifyRequestSchema}},
        }
    )
    @blp.response(200, ClassifyResponseSchema)
    @blp.alt_response(422, description="字段有误：{error: {code, message, fields}}")
    def post(self):
        """批量编码岗位名称（每次最多 1000 个）"""
        payload = json_body()
        if payload is None:
            return bad_json()
        errors: dict[str, str] = {}
        titles = payload.get("titles")
        if not isinstance(titles, list):
            errors["titles"] = "titles 必填，应为岗位名称的列表"
        elif len(titles) > MAX_TITLES:
            errors["titles"] = f"每次最多 {MAX_TITLES} 个岗位名称，现在是 {len(titles)} 个"
        else:
            for i, title in enumerate(titles):
                if not isinstance(title, str):
                    errors[f"titles[{i}]"] = "岗位名称应为文字"
        descriptions = payload.get("descriptions")
        if descriptions is not None:
            if not isinstance(descriptions, list) or (
                isinstance(titles, list) and len(descriptions) != len(titles)
            ):
                errors["descriptions"] = "descriptions 应为与 titles 一一对应的岗位描述列表"
            else:
                for i, text in enumerate(descriptions):
                    if text is not None and not isinstance(text, str):
                        errors[f"descriptions[{i}]"] = "岗位描述应为文字"
        top = _top(payload.get("top"), errors)
        if errors:
            return validation_error(errors)
        return _classified(titles, top, descriptions)


class MatchLocationSchema(Schema):
    lat = fields.Float(required=True)
    lng = fields.Float(required=True)


class SeekerSchema(Schema):
    id = fields.Raw(required=True, metadata={"description": "字符串或整数，原样返回"})
    skills = fields.List(fields.String())
    desired_titles = fields.List(fields.String())
    summary = fields.String()
    location = fields.Nested(MatchLocationSchema)
    max_distance_km = fields.Float()
    key_groups = fields.List(fields.String())


class VacancySchema(Schema):
    id = fields.Raw(required=True)
    title = fields.String(required=True)
    description = fields.String()
    skills = fields.List(fields.String())
    location = fields.Nested(MatchLocationSchema)
    kind = fields.String(
        validate=validate.OneOf(["regular", "gig", "public_welfare", "traineeship"])
    )


class RankRequestSchema(Schema):
    seeker = fields.Nested(SeekerSchema, required=True)
    vacancies = fields.List(fields.Nested(VacancySchema), required=True)
    top = fields.Integer()


class RankCandidatesRequestSchema(Schema):
    vacancy = fields.Nested(VacancySchema, required=True)
    seekers = fields.List(fields.Nested(SeekerSchema), required=True)
    top = fields.Integer()


class PartsSchema(Schema):
    text = fields.Float()
    skills = fields.Float()
    occupation = fields.Float()
    distance = fields.Float()
    priority = fields.Float()


class RankResultSchema(Schema):
    vacancy_id = fields.Raw()
    score = fields.Float()
    parts = fields.Nested(PartsSchema)
    distance_km = fields.Float(allow_none=True)
    matched_skills = fields.List(fields.List(fields.String()))
    missing_skills = fields.List(fields.String())
    eligible = fields.Boolean()
    explanation = fields.List(fields.String())


class CandidateResultSchema(Schema):
    seeker_id = fields.Raw()
    score = fields.Float()
    parts = fields.Nested(PartsSchema)
    key_groups = fields.List(fields.String())
    eligible = fields.Boolean()
    explanation = fields.List(fields.String())


class RankResponseSchema(Schema):
    results = fields.List(fields.Nested(RankResultSchema))


class RankCandidatesResponseSchema(Schema):
    results = fields.List(fields.Nested(CandidateResultSchema))


def _engine() -> dict:
    """Score with the fitted index's text model when one is loaded or on disk (the web tier
    loads, never fits); without one the core's default model is used."""
    from jobhub.matchsvc import MatchIndexMissing, loaded_index

    try:
        index = loaded_index()
    except MatchIndexMissing:
        return {}
    return {"text_model": index.model, "vocabulary": index.vocabulary, "profile": index.profile}


def _ranked(parse, rank, mode: str):
    payload = json_body()
    if payload is None:
        return bad_json()
    try:
        target, items, top = parse(payload)
    except MatchingInputError as exc:
        return validation_error(exc.fields)
    return jsonify(results_to_json(rank(target, items, top, **_engine()), mode))


@blp.route("/match/rank")
@allow(PUBLIC)
class Rank(MethodView):
    @blp.doc(
        requestBody={
            "required": True,
            "content": {"application/json": {"schema": RankRequestSchema}},
        }
    )
    @blp.response(200, RankResponseSchema)
    @blp.alt_response(422, description="字段有误：{error: {code, message, fields}}")
    def post(self):
        """为一位求职者给岗位排序（无状态，不保存数据），每条结果附匹配理由"""
        return _ranked(parse_rank_request, rank_vacancies, "rank")


@blp.route("/match/rank-candidates")
@allow(PUBLIC)
class RankCandidates(MethodView):
    @blp.doc(
        requestBody={
            "required": True,
            "content": {"application/json": {"schema": RankCandidatesRequestSchema}},
        }
    )
    @blp.response(200, RankCandidatesResponseSchema)
    @blp.alt_response(422, description="字段有误：{error: {code, message, fields}}")
    def post(self):
        """为一个岗位给求职者排序（无状态，不保存数据）"""
        return _ranked(parse_rank_candidates_request, rank_candidates, "rank-candidates")


class SearchRequestSchema(Schema):
    seeker = fields.Nested(SeekerSchema, required=True)
    top = fields.Integer(load_default=20)
    kinds = fields.List(
        fields.String(validate=validate.OneOf(["regular", "gig", "public_welfare", "traineeship"]))
    )
    max_distance_km = fields.Float()


class SearchResultSchema(RankResultSchema):
    gig_id = fields.Integer()


class SearchResponseSchema(Schema):
    results = fields.List(fields.Nested(SearchResultSchema))


_KINDS = ("regular", "gig", "public_welfare", "traineeship")


@blp.route("/match/search")
@allow(PUBLIC)
class Search(MethodView):
    @blp.doc(
        requestBody={
            "required": True,
            "content": {"application/json": {"schema": SearchRequestSchema}},
        }
    )
    @blp.response(200, SearchResponseSchema)
    @blp.alt_response(422, description="字段有误：{error: {code, message, fields}}")
    @blp.alt_response(503, description="匹配索引尚未建立")
    def post(self):
        """在平台全部在招岗位和零工中为一位求职者排序（使用离线建立的匹配索引）"""
        from jobhub.matchsvc import MatchIndexMissing, search, split_key

        payload = json_body()
        if payload is None:
            return bad_json()
        errors: dict[str, str] = {}
        try:
            seeker, _, top = parse_rank_request(
                {"seeker": payload.get("seeker"), "vacancies": [], "top": payload.get("top", 20)}
            )
        except MatchingInputError as exc:
            errors.update(exc.fields)
        kinds = payload.get("kinds")
        if kinds is not None and (
            not isinstance(kinds, list) or any(k not in _KINDS for k in kinds)
        ):
            errors["kinds"] = "kinds 应为列表，取值为 " + "、".join(_KINDS)
        max_km = payload.get("max_distance_km")
        if max_km is not None and (
            isinstance(max_km, bool) or not isinstance(max_km, int | float) or not 0 < max_km <= 500
        ):
            errors["max_distance_km"] = "max_distance_km 应为 0 到 500 之间的数字（公里）"
        if errors:
            return validation_error(errors)
        try:
            results = search(
                seeker, k=min(top, 100), kinds=tuple(kinds) if kinds else None, max_km=max_km
            )
        except MatchIndexMissing:
            return error_response(
                503, "index_missing", "匹配索引尚未建立，请管理员运行 flask matching rebuild"
            )
        body = results_to_json(results, "rank")
        for item in body["results"]:
            kind, key = split_key(item.pop("vacancy_id"))
            item["gig_id" if kind == "gig" else "vacancy_id"] = key
        return jsonify(body)
