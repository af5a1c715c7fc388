"""Gender, age, birth date, ethnicity, religion, 户籍 and marital status are never inputs."""

from __future__ import annotations

import dataclasses
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from jobhub.matching.api import parse_rank_candidates_request, parse_rank_request, results_to_json
from jobhub.matching.engine import rank_candidates, rank_vacancies
from jobhub.matching.models import SeekerProfile, VacancyProfile

PROTECTED = ("gender", "age", "birth_date", "ethnicity", "religion", "hukou", "marital_status")
# the spellings other systems use for the same facts
ALIASES = (
    "sex",
    "性别",
    "年龄",
    "出生日期",
    "民族",
    "宗教",
    "户籍",
    "婚姻状况",
    "id_number",
    "身份证号",
)

SEEKER = {
    "id": "s-1",
    "skills": ["电工证", "Excel"],
    "desired_titles": ["电工"],
    "summary": "五年物业电工经验",
    "location": {"lat": 30.66, "lng": 104.06},
    "key_groups": ["veteran"],
}
VACANCIES = [
    {
        "id": 1,
        "title": "物业电工",
        "description": "配电房巡检",
        "skills": ["低压电工作业证"],
        "location": {"lat": 30.665, "lng": 104.06},
        "kind": "regular",
    },
    {
        "id": 2,
        "title": "保洁员",
        "description": "写字楼保洁",
        "skills": ["保洁"],
        "location": {"lat": 30.70, "lng": 104.10},
        "kind": "public_welfare",
    },
    {
        "id": 3,
        "title": "见习生",
        "description": "物业工程部见习",
        "skills": [],
        "location": {"lat": 30.67, "lng": 104.07},
        "kind": "traineeship",
    },
]

values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-10, 200),
    st.text(max_size=12),
    st.sampled_from(
        ["男", "女", "汉族", "回族", "已婚", "未婚", "离异", "农业户口", "1990-01-01", "伊斯兰教"]
    ),
)


def with_protected(obj: dict, extra: dict) -> dict:
    return {**obj, **extra}


@settings(max_examples=40, deadline=None)
@given(extra=st.dictionaries(st.sampled_from(PROTECTED + ALIASES), values, min_size=1))
def test_protected_attributes_change_no_score(extra):
    plain = results_to_json(
        rank_vacancies(
            *parse_rank_request({"seeker": SEEKER, "vacancies": VACANCIES, "top": 10})[:2], top=10
        )
    )
    body = {
        "seeker": with_protected(SEEKER, extra),
        "vacancies": [with_protected(v, extra) for v in VACANCIES],
        "top": 10,
    }
    seeker, vacancies, top = parse_rank_request(body)
    assert json.dumps(
        results_to_json(rank_vacancies(seeker, vacancies, top=top)), sort_keys=True
    ) == json.dumps(plain, sort_keys=True)


@settings(max_examples=20, deadline=None)
@given(
    a=st.dictionaries(st.sampled_from(PROTECTED), values, min_size=1),
    b=st.dictionaries(st.sampled_from(PROTECTED), values, min_size=1),
)
def test_two_people_differing_only_in_protected_attributes_score_alike(a, b):
    p1 = with_protected({**SEEKER, "id": "p1"}, a)
    p2 = with_protected({**SEEKER, "id": "p2"}, b)
    vacancy, seekers, top = parse_rank_candidates_request(
        {"vacancy": VACANCIES[0], "seekers": [p1, p2], "top": 2}
    )
    r1, r2 = sorted(rank_candidates(vacancy, seekers, top=top), key=lambda r: r.seeker_id)
    assert (r1.score, r1.parts, r1.explanation) == (r2.score, r2.parts, r2.explanation)


def test_the_dataclasses_have_no_field_for_protected_attributes():
    names = {f.name for cls in (SeekerProfile, VacancyProfile) for f in dataclasses.fields(cls)}
    for word in (
        "gender",
        "sex",
        "age",
        "birth",
        "ethnic",
        "religion",
        "hukou",
        "marital",
        "household",
    ):
        assert not any(word in name for name in names), word
