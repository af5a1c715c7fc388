"""Matches for a seeker and candidates for a vacancy, through the matching service's index."""

from __future__ import annotations

import re
from datetime import date

from jobhub.employers.models import Vacancy
from jobhub.extensions import db
from jobhub.seekers.models import Person
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
    assert "离校2年内未就业高校毕业生" not in page  # a key group is never shown to an employer
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


def test_a_kind_the_person_may_not_apply_to_is_listed_apart_and_refused(app, people):
    employer, _ = people.employer()
    welfare = post_vacancy(
        employer,
        title="数据分析见习生",
        kind="traineeship",
        description="就业见习岗位：整理业务数据、制作报表，使用 Excel。",
        skills="Excel、数据分析",
    )
    # no graduation date given and not a registered unemployed 16–24-year-old
    seeker, pid = people.seeker(profile={"max_distance_km": "40"})
    build_index(app)
    page = seeker.get("/seeker/matches").get_data(as_text=True)
    head = page.index("与您相符、但您目前不符合申请条件的岗位")
    assert page.index(f"/seeker/vacancies/{welfare}") > head
    reason = "就业见习面向离校2年内未就业高校毕业生或16–24岁登记失业青年"
    assert reason in page[head:]
    assert f"/seeker/vacancies/{welfare}/apply" not in page  # no button for it anywhere
    detail = seeker.get(f"/seeker/vacancies/{welfare}").get_data(as_text=True)
    assert "您目前不能投递这个岗位" in detail and f"/seeker/vacancies/{welfare}/apply" not in detail

    refused = seeker.post(f"/seeker/vacancies/{welfare}/apply", follow_redirects=True)
    assert f"{reason}，您目前不能投递这个岗位" in refused.get_data(as_text=True)
    api = seeker.post("/api/v1/seekers/me/applications", json={"vacancy_id": welfare})
    assert api.status_code == 422
    assert reason in api.get_json()["error"]["fields"]["kind"]
    assert "已投递" not in seeker.get("/seeker/applications").get_data(as_text=True)
    with app.app_context():
        from jobhub.extensions import db
        from jobhub.seekers.models import Application

        assert (
            db.session.scalars(db.select(Application).where(Application.person_id == pid)).all()
            == []
        )


def test_nothing_in_common_says_so_and_offers_what_to_do_next(app, people):
    employer, _ = people.employer()
    forklift = post_vacancy(
        employer,
        title="叉车司机",
        description="负责仓库货物装卸和叉车驾驶，需持叉车证。",
        skills="叉车证",
    )
    seeker, _ = people.seeker(profile={"max_distance_km": "40"})
    build_index(app)
    page = seeker.get("/seeker/matches").get_data(as_text=True)
    assert f"/seeker/vacancies/{forklift}" not in page
    assert "暂时没有与您相符的岗位" in page
    assert "放宽通勤距离" in page and "补充技能和想找的工作" in page
    assert "/seeker/matches?view=nearby" in page
    assert "提升建议" not in page  # no advice drawn from work that has nothing to do with her
    nearby = seeker.get("/seeker/matches?view=nearby").get_data(as_text=True)
    assert f"/seeker/vacancies/{forklift}" in nearby and "公里" in nearby
    assert "不按匹配度筛选" in nearby


def test_a_missing_desired_job_or_skill_list_is_pointed_out(app, people):
    # Measured on the judged set (old corpus, either bound): without their desired jobs the same
    # people's first pages lose 0.04-0.07 nDCG@10, without their skills 0.06-0.12.
    employer, _ = people.employer()
    post_vacancy(employer)
    skills_only, _ = people.seeker(profile={"desired_titles": ""})
    titles_only, _ = people.seeker("王强", female=False, profile={"skills": ""})
    both, _ = people.seeker("李娜")
    neither, _ = people.seeker("赵敏", profile={"skills": "", "desired_titles": ""})
    build_index(app)
    pages = {
        who: client.get("/seeker/matches").get_data(as_text=True)
        for who, client in (
            ("skills", skills_only),
            ("titles", titles_only),
            ("both", both),
            ("neither", neither),
        )
    }
    assert "您还没有填写想找的工作，现在只能按技能推荐" in pages["skills"]
    assert "您还没有填写会的技能，现在只能按想找的工作推荐" in pages["titles"]
    assert "填写技能和想找的工作后" in pages["neither"]
    assert "推荐会更准确" not in pages["both"]
    assert (
        "还没有填写会的技能" not in pages["skills"]
        and "还没有填写想找的工作" not in pages["titles"]
    )
    for who in ("skills", "titles", "neither"):
        assert 'href="/seeker/profile"' in pages[who]


def test_pay_below_the_expectation_lowers_the_match_and_says_by_how_much(app, people):
    employer, _ = people.employer()
    low = post_vacancy(employer, salary_min="3200", salary_max="3800")
    seeker, _ = people.seeker(
        profile={"expected_pay": "5000", "expected_pay_unit": "month", "max_distance_km": "40"}
    )
    build_index(app)
    page = seeker.get("/seeker/matches").get_data(as_text=True)
    assert f"/seeker/vacancies/{low}" in page
    # 24 % short: 1 − 0.8 × 0.24 = 0.808
    assert "待遇最高约合每月 3,800 元，低于求职者期望的每月 5,000 元，匹配度按 81% 计" in page
    hidden = seeker.get("/seeker/matches?min_pay=4000").get_data(as_text=True)
    assert f"/seeker/vacancies/{low}" not in hidden


def _candidate_ids(page: str) -> list[int]:
    return [int(i) for i in re.findall(r"/invite/(\d+)\"", page)]


def test_candidates_come_a_page_of_twenty_at_a_time(app, people):
    employer, near, _far = _two_vacancies(people)
    with app.app_context():
        vacancy = db.session.get(Vacancy, near)
        for i in range(25):
            db.session.add(
                Person(
                    name=f"候选{i}",
                    birth_date=date(1995, 1, 1),
                    gender="female",
                    skills=["Excel", "Python"] if i % 2 else ["Excel"],
                    desired_titles=["数据分析"],
                    lat=vacancy.lat + 0.002 * i,
                    lng=vacancy.lng,
                )
            )
        db.session.commit()
    build_index(app)
    url = f"/employer/vacancies/{near}/candidates"
    first = employer.get(url).get_data(as_text=True)
    second = employer.get(f"{url}?page=2").get_data(as_text=True)
    assert "共 25 位推荐人选，本页第 1–20 位" in first and "第 1 / 2 页" in first
    assert "本页第 21–25 位" in second and "上一页" in second and "下一页" not in second
    shown = _candidate_ids(first) + _candidate_ids(second)
    assert len(_candidate_ids(first)) == 20 and len(set(shown)) == 25
    api = employer.get(f"/api/v1/employers/vacancies/{near}/candidates?page=2").get_json()
    assert api["total"] == 25 and [c["person_id"] for c in api["items"]] == shown[20:]
    # a page past the end shows the last one; a page that is not a number, the first
    assert _candidate_ids(employer.get(f"{url}?page=4").get_data(as_text=True)) == shown[20:]
    for bad in ("abc", str(2**70), "-1", "%ED%A0%80", "1e3", "NaN"):
        response = employer.get(f"{url}?page={bad}")
        assert response.status_code == 200
        assert _candidate_ids(response.get_data(as_text=True)) == shown[:20]
