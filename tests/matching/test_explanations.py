"""Every explanation line states what its part's numbers say: checked line by line against the
parts of hundreds of generated pairs (and a hand-made one for each kind of line)."""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np
import pytest

from jobhub.matching.engine import rank_vacancies
from jobhub.matching.features import vacancy_skills
from jobhub.matching.models import MatchResult, SeekerProfile, VacancyProfile
from jobhub.matching.profile import load_profile
from jobhub.matching.skills import default_vocabulary

from .test_index import make_seekers, make_vacancies

PROFILE = load_profile("city")


def _pct(line: str, head: str) -> int:
    m = re.match(rf"{head} (\d+)%", line)
    assert m, line
    return int(m.group(1))


def _items(line: str, label: str) -> list[str]:
    m = re.search(rf"{re.escape(label)}：([^；]+)", line)
    return m.group(1).split("、") if m else []


def check(result: MatchResult, vacancy: VacancyProfile, seeker: SeekerProfile) -> None:
    lines = list(result.explanation)
    p = result.parts
    text = lines.pop(0)
    assert _pct(text, "文字相近") == round(p.text * 100)
    if p.text > 0:
        assert "没有" not in text
    skills = lines.pop(0)
    required = vacancy_skills(vacancy, default_vocabulary())
    if "skills" in result.applicable:
        assert _pct(skills, "技能") == round(p.skills * 100)
        n = len({c.skill_id for c in required})
        assert f"（岗位要求 {n} 项）" in skills
        exact = _items(skills, "已具备")
        partial = _items(skills, "相近（部分计分）")
        missing = _items(skills, "缺少")
        assert exact == [want for _have, want in result.matched_skills]
        assert len(partial) == len(result.partial_skills)
        assert missing == list(result.missing_skills)
        # each required skill is counted once: exact, partial or missing
        assert len(exact) + len(partial) + len(missing) == n
        assert all(c < 1.0 for _h, _w, c in result.partial_skills)
    elif not required:
        assert skills == "岗位未列技能要求，技能不参与比较"
    else:
        assert skills == "求职者未填写技能，技能不参与比较"
    occupation = lines.pop(0)
    if "occupation" in result.applicable:
        assert _pct(occupation, "职业") == round(p.occupation * 100)
    else:
        assert occupation == "职业未编码，职业不参与比较"
    distance = lines.pop(0)
    if "distance" in result.applicable:
        km = float(re.match(r"距离 ([\d.]+) 公里", distance).group(1))
        assert km == pytest.approx(round(result.distance_km, 1))
        assert ("范围内" in distance) == (result.distance_km <= PROFILE.circle_km)
    else:
        assert distance == "缺少位置，距离不参与比较" and result.distance_km is None
    if seeker.expected_pay is not None:
        pay = lines.pop(0)
        if vacancy.pay_max is None:
            assert pay == "岗位未标明待遇，薪资不参与比较" and p.pay == 1.0
        elif p.pay < 1.0:
            assert f"每月 {round(vacancy.pay_max):,} 元" in pay
            assert f"匹配度按 {round(p.pay * 100)}% 计" in pay
            assert vacancy.pay_max < seeker.expected_pay
        else:
            assert "达到求职者期望" in pay and vacancy.pay_max >= seeker.expected_pay
    if p.priority > 0:
        assert lines.pop(0).startswith("重点群体优先")
    if not result.eligible:
        assert lines.pop(0).startswith("不符合条件：")
    if not result.relevant:
        assert lines.pop(0) == "与求职意向、技能和职业的共同点太少，不作推荐"
    assert lines == []


def test_every_line_of_every_explanation_agrees_with_its_part():
    rng = np.random.default_rng(11)
    vacancies = [
        replace(v, pay_max=None if rng.random() < 0.3 else float(rng.integers(2500, 9000)))
        for v in make_vacancies(120, seed=4)
    ]
    seekers = [
        replace(s, expected_pay=None if rng.random() < 0.4 else float(rng.integers(3000, 8000)))
        for s in make_seekers(40, seed=9)
    ]
    by_id = {v.id: v for v in vacancies}
    checked = 0
    for seeker in seekers:
        for result in rank_vacancies(seeker, vacancies, top=len(vacancies)):
            check(result, by_id[result.vacancy_id], seeker)
            checked += 1
    assert checked > 2000


def test_a_desired_job_that_names_a_skill_is_partial_and_labelled_as_wish_not_skill():
    vacancy = VacancyProfile(id=1, title="仓库叉车司机", skills=("N1叉车司机证",))
    seeker = SeekerProfile(id=1, desired_titles=("叉车司机",))
    [r] = rank_vacancies(seeker, [vacancy], top=1)
    check(r, vacancy, seeker)
    assert r.matched_skills == ()
    assert r.partial_skills == (("求职意向“叉车司机”", "N1叉车司机证", 0.5 * 0.3),)
