"""Pure (de)serialisation for the stateless HTTP contract (no Flask here).

POST /api/v1/match/rank            {"seeker": S, "vacancies": [V...], "top": int}
POST /api/v1/match/rank-candidates {"vacancy": V, "seekers": [S...], "top": int}

Parsing reads only the documented fields (plus the optional occupation_code(s),
work_history and registered_unemployed_youth); anything else in S or V — gender, age, birth
date, ethnicity, religion, 户籍, marital status, or any other field — is never read, so it
cannot change a score. Every error names its field, in Chinese, all at once.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Literal

from jobhub.matching.models import (
    VACANCY_KINDS,
    ExternalId,
    GeoPoint,
    MatchResult,
    SeekerProfile,
    VacancyProfile,
)
from jobhub.matching.occupation import is_valid_code

MAX_LIST = 1000  # vacancies or seekers per stateless request
MAX_TOP = 1000
MAX_ITEMS = 100  # skills, titles, key groups per person
MAX_SHORT = 200  # characters in a skill, title or id
MAX_LONG = 10_000  # characters in a summary or description


class MatchingInputError(ValueError):
    """Invalid request; `fields` maps a field path ("vacancies[2].location.lat") to a Chinese
    message."""

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in fields.items()))
        self.fields = fields


class _Errors:
    def __init__(self) -> None:
        self.fields: dict[str, str] = {}

    def add(self, path: str, message: str) -> None:
        self.fields.setdefault(path, message)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _id(value: Any, path: str, errors: _Errors) -> ExternalId | None:
    if isinstance(value, bool) or not isinstance(value, int | str):
        errors.add(path, "编号必须是整数或字符串")
        return None
    if isinstance(value, str) and not (0 < len(value.strip()) <= MAX_SHORT):
        errors.add(path, f"编号不能为空，且不超过 {MAX_SHORT} 个字符")
        return None
    return value


def _text(
    obj: dict[str, Any], key: str, path: str, errors: _Errors, *, required: bool, limit: int
) -> str:
    if key not in obj or obj[key] is None:
        if required:
            errors.add(path, "缺少此字段")
        return ""
    value = obj[key]
    if not isinstance(value, str):
        errors.add(path, "必须是字符串")
        return ""
    if required and not value.strip():
        errors.add(path, "不能为空")
    if len(value) > limit:
        errors.add(path, f"长度不能超过 {limit} 个字符")
        return ""
    return value


def _strings(obj: dict[str, Any], key: str, path: str, errors: _Errors) -> tuple[str, ...]:
    value = obj.get(key)
    if value is None:
        return ()
    if not isinstance(value, list):
        errors.add(path, "必须是字符串列表")
        return ()
    if len(value) > MAX_ITEMS:
        errors.add(path, f"最多 {MAX_ITEMS} 项")
        return ()
    out: list[str] = []
    for i, item in enumerate(value):
        if not isinstance(item, str):
            errors.add(f"{path}[{i}]", "必须是字符串")
        elif len(item) > MAX_SHORT:
            errors.add(f"{path}[{i}]", f"长度不能超过 {MAX_SHORT} 个字符")
        elif item.strip():
            out.append(item)
    return tuple(out)


def _location(obj: dict[str, Any], path: str, errors: _Errors) -> GeoPoint | None:
    value = obj.get("location")
    if value is None:
        return None
    if not isinstance(value, dict):
        errors.add(path, "位置必须是包含 lat 和 lng 的对象")
        return None
    lat, lng = value.get("lat"), value.get("lng")
    ok = True
    if not _is_number(lat) or not -90 <= lat <= 90:
        errors.add(f"{path}.lat", "纬度必须是 -90 到 90 之间的数字")
        ok = False
    if not _is_number(lng) or not -180 <= lng <= 180:
        errors.add(f"{path}.lng", "经度必须是 -180 到 180 之间的数字")
        ok = False
    return GeoPoint(float(lat), float(lng)) if ok else None


def _codes(values: tuple[str, ...], path: str, errors: _Errors) -> tuple[str, ...]:
    for i, code in enumerate(values):
        if not is_valid_code(code.strip()):
            errors.add(f"{path}[{i}]", "职业编码格式应为 D-DD-DD-DD，例如 4-10-01-05")
    return tuple(c.strip() for c in values)


def _seeker(value: Any, path: str, errors: _Errors) -> SeekerProfile | None:
    if not isinstance(value, dict):
        errors.add(path, "求职者必须是对象")
        return None
    before = len(errors.fields)
    sid = (
        _id(value.get("id"), f"{path}.id", errors)
        if "id" in value
        else errors.add(f"{path}.id", "缺少此字段")
    )
    skills = _strings(value, "skills", f"{path}.skills", errors)
    titles = _strings(value, "desired_titles", f"{path}.desired_titles", errors)
    summary = _text(value, "summary", f"{path}.summary", errors, required=False, limit=MAX_LONG)
    history_raw = value.get("work_history")
    if isinstance(history_raw, str):
        history = (history_raw,) if len(history_raw) <= MAX_LONG else ()
        if len(history_raw) > MAX_LONG:
            errors.add(f"{path}.work_history", f"长度不能超过 {MAX_LONG} 个字符")
    else:
        history = _strings(value, "work_history", f"{path}.work_history", errors)
    location = _location(value, f"{path}.location", errors)
    limit = value.get("max_distance_km")
    if limit is not None and (not _is_number(limit) or not 0 < limit <= 20_000):
        errors.add(f"{path}.max_distance_km", "最远通勤距离必须是大于 0 的公里数")
        limit = None
    groups = _strings(value, "key_groups", f"{path}.key_groups", errors)
    codes = _codes(
        _strings(value, "occupation_codes", f"{path}.occupation_codes", errors),
        f"{path}.occupation_codes",
        errors,
    )
    youth = value.get("registered_unemployed_youth", False)
    if not isinstance(youth, bool):
        errors.add(f"{path}.registered_unemployed_youth", "必须是 true 或 false")
        youth = False
    if len(errors.fields) > before or sid is None:
        return None
    return SeekerProfile(
        id=sid,
        skills=skills,
        desired_titles=titles,
        summary=summary,
        work_history=history,
        location=location,
        max_distance_km=float(limit) if limit is not None else None,
        key_groups=tuple(dict.fromkeys(g.strip() for g in groups)),
        occupation_codes=codes,
        registered_unemployed_youth=youth,
    )


def _vacancy(value: Any, path: str, errors: _Errors) -> VacancyProfile | None:
    if not isinstance(value, dict):
        errors.add(path, "岗位必须是对象")
        return None
    before = len(errors.fields)
    vid = (
        _id(value.get("id"), f"{path}.id", errors)
        if "id" in value
        else errors.add(f"{path}.id", "缺少此字段")
    )
    title = _text(value, "title", f"{path}.title", errors, required=True, limit=MAX_SHORT)
    description = _text(
        value, "description", f"{path}.description", errors, required=False, limit=MAX_LONG
    )
    skills = _strings(value, "skills", f"{path}.skills", errors)
    location = _location(value, f"{path}.location", errors)
    kind = value.get("kind", "regular")
    if kind not in VACANCY_KINDS:
        errors.add(f"{path}.kind", "岗位类型必须是 regular、gig、public_welfare、traineeship 之一")
    code = value.get("occupation_code")
    if code is not None and (not isinstance(code, str) or not is_valid_code(code.strip())):
        errors.add(f"{path}.occupation_code", "职业编码格式应为 D-DD-DD-DD，例如 4-10-01-05")
    if len(errors.fields) > before or vid is None:
        return None
    return VacancyProfile(
        id=vid,
        title=title,
        description=description,
        skills=skills,
        location=location,
        kind=kind,
        occupation_code=code.strip() if isinstance(code, str) else None,
    )


def _top(body: dict[str, Any], errors: _Errors) -> int:
    top = body.get("top", 20)
    if isinstance(top, bool) or not isinstance(top, int) or not 1 <= top <= MAX_TOP:
        errors.add("top", f"top 必须是 1 到 {MAX_TOP} 之间的整数")
        return 0
    return top


def _list(body: dict[str, Any], key: str, label: str, errors: _Errors) -> list[Any]:
    value = body.get(key)
    if value is None:
        errors.add(key, "缺少此字段")
        return []
    if not isinstance(value, list):
        errors.add(key, f"{label}必须是列表")
        return []
    if len(value) > MAX_LIST:
        errors.add(key, f"{label}最多 {MAX_LIST} 个")
        return []
    return value


def _unique_ids(
    items: Sequence[SeekerProfile | VacancyProfile | None], key: str, errors: _Errors
) -> None:
    seen: dict[ExternalId, int] = {}
    for i, item in enumerate(items):
        if item is None:
            continue
        if item.id in seen:
            errors.add(f"{key}[{i}].id", f"编号与 {key}[{seen[item.id]}] 重复")
        seen.setdefault(item.id, i)


def parse_rank_request(body: Any) -> tuple[SeekerProfile, list[VacancyProfile], int]:
    """Validate {"seeker": S, "vacancies": [V...], "top": int}; raises MatchingInputError."""
    errors = _Errors()
    if not isinstance(body, dict):
        raise MatchingInputError({"": "请求体必须是 JSON 对象"})
    seeker = (
        _seeker(body["seeker"], "seeker", errors)
        if "seeker" in body
        else errors.add("seeker", "缺少此字段")
    )
    vacancies = [
        _vacancy(v, f"vacancies[{i}]", errors)
        for i, v in enumerate(_list(body, "vacancies", "岗位", errors))
    ]
    _unique_ids(vacancies, "vacancies", errors)
    top = _top(body, errors)
    if errors.fields or seeker is None:
        raise MatchingInputError(errors.fields)
    return seeker, [v for v in vacancies if v is not None], top


def parse_rank_candidates_request(body: Any) -> tuple[VacancyProfile, list[SeekerProfile], int]:
    """Validate {"vacancy": V, "seekers": [S...], "top": int}; raises MatchingInputError."""
    errors = _Errors()
    if not isinstance(body, dict):
        raise MatchingInputError({"": "请求体必须是 JSON 对象"})
    vacancy = (
        _vacancy(body["vacancy"], "vacancy", errors)
        if "vacancy" in body
        else errors.add("vacancy", "缺少此字段")
    )
    seekers = [
        _seeker(s, f"seekers[{i}]", errors)
        for i, s in enumerate(_list(body, "seekers", "求职者", errors))
    ]
    _unique_ids(seekers, "seekers", errors)
    top = _top(body, errors)
    if errors.fields or vacancy is None:
        raise MatchingInputError(errors.fields)
    return vacancy, [s for s in seekers if s is not None], top


def _parts(result: MatchResult) -> dict[str, float]:
    return {k: round(v, 6) for k, v in result.parts.as_dict().items()}


def results_to_json(
    results: Sequence[MatchResult], mode: Literal["rank", "rank-candidates"] = "rank"
) -> dict[str, list[dict[str, Any]]]:
    """The response body of /api/v1/match/rank (mode "rank") or /rank-candidates; ids are
    echoed as given; "explanation" is an extra field with the Chinese phrases."""
    out: list[dict[str, Any]] = []
    for r in results:
        if mode == "rank":
            out.append(
                {
                    "vacancy_id": r.vacancy_id,
                    "score": round(r.score, 6),
                    "parts": _parts(r),
                    "distance_km": r.distance_km,
                    "matched_skills": [[have, want] for have, want in r.matched_skills],
                    "missing_skills": list(r.missing_skills),
                    "eligible": r.eligible,
                    "explanation": list(r.explanation),
                }
            )
        elif mode == "rank-candidates":
            out.append(
                {
                    "seeker_id": r.seeker_id,
                    "score": round(r.score, 6),
                    "parts": _parts(r),
                    "key_groups": list(r.key_groups),
                    "eligible": r.eligible,
                    "explanation": list(r.explanation),
                }
            )
        else:
            raise ValueError(f"unknown mode {mode!r}")
    return {"results": out}
