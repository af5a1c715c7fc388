"""Matches for a seeker and candidates for a vacancy, through the matching service's index."""

from __future__ import annotations

from tests.seekers.helpers import build_index, months_ago, post_vacancy


def _two_vacancies(people):
    employer, _ = people.employer()
    near = post_vacancy(employer)
    far = post_vacancy(
        employer,
        title="叉车司机",
        description="负责仓库货物装卸和叉车驾驶，需持叉车证。",
        skills="叉车证、搬运",
        street_code="330106110",
        salary_min="5000",
        salary_max="6500",
    )
    return employer, near, far


def test_matches_are_ranked_explained_filtered_and_applied_to(app, people):
    employer, near, far = _two_vacancies(people)
    seeker, _ = people.seeker(profile={"max_distance_km": "40"})
    driver, _ = people.seeker(
        "王强",
        female=False,
        profile={"skills": "叉车证", "desired_titles": "叉车司机", "max_distance_km": "40"},
    )
    build_index(app)
    page = seeker.get("/seeker/matches").get_data(as_text=True)
    # the data-analysis graduate is not recommended a forklift job: nothing in common
    assert f"/seeker/vacancies/{near}" in page and f"/seeker/vacancies/{far}" not in page
    assert "已具备" in page and "匹配度" in page
    filtered = seeker.get("/seeker/matches?min_pay=7000").get_data(as_text=True)
    assert f"/seeker/vacancies/{near}" in filtered
    bad = seeker.get("/seeker/matches?max_km=abc").get_data(as_text=True)
    assert "距离应为 0.5 到 500 之间的数字" in bad
    driving = driver.get("/seeker/matches").get_data(as_text=True)
    assert f"/seeker/vacancies/{far}" in driving and f"/seeker/vacancies/{near}" not in driving
    nearby = driver.get("/seeker/matches?max_km=5").get_data(as_text=True)
    assert f"/seeker/vacancies/{far}" not in nearby
    seeker.post(f"/seeker/vacancies/{near}/apply")
    assert "已投递" in seeker.get("/seeker/matches").get_data(as_text=True)


def test_skill_gap_hint_counts_what_top_matches_ask_for(app, people):
    employer, _ = people.employer()
    for i in range(3):
        post_vacancy(
            employer,
            title=f"仓库管理员{i}",
            description="负责仓库收发货和盘点，需持叉车证。",
            skills="叉车证、仓储管理",
        )
    seeker, _ = people.seeker(profile={"skills": "仓储管理", "desired_titles": "仓库管理员"})
    build_index(app)
    page = seeker.get("/seeker/matches").get_data(as_text=True)
    assert "您的前 3 个匹配岗位中有 3 个要求“叉车证”" in page


def test_candidates_are_masked_until_they_apply_and_can_be_invited(app, people):
    employer, near, _far = _two_vacancies(people)
    seeker, pid = people.seeker("林晓雨", profile={"graduation_date": months_ago(5).isoformat()})
    build_index(app)
    page = employer.get(f"/employer/vacancies/{near}/candidates").get_data(as_text=True)
    assert "林**" in page and "林晓雨" not in page
    assert '<span class="badge warn">离校2年内未就业高校毕业生</span>' in page
    assert "1391" not in page and "13700" not in page  # no phone before applying
    employer.post(f"/employer/vacancies/{near}/invite/{pid}")
    assert "已邀请" in employer.get(f"/employer/vacancies/{near}/candidates").get_data(as_text=True)
    invites = seeker.get("/seeker/applications").get_data(as_text=True)
    assert "用人单位的邀请" in invites and "数据分析助理" in invites
    seeker.post(f"/seeker/vacancies/{near}/apply")
    page = employer.get(f"/employer/vacancies/{near}/candidates").get_data(as_text=True)
    assert "林晓雨" in page and "已投递" in page


def test_a_seeker_who_agrees_is_shown_by_name(app, people):
    employer, near, _far = _two_vacancies(people)
    people.seeker("赵敏", profile={"share_with_employers": "y"})
    build_index(app)
    page = employer.get(f"/employer/vacancies/{near}/candidates").get_data(as_text=True)
    assert "赵敏" in page
