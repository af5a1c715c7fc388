"""Applications from both sides: one click, duplicates, withdrawal, structured refusals,
every transition logged, and the subsidies a hire brings."""

from __future__ import annotations

from jobhub.extensions import db
from jobhub.seekers.models import Application, ApplicationEvent
from tests.seekers.helpers import TODAY, months_ago, post_vacancy


def _application(app, aid) -> Application:
    with app.app_context():
        a = db.session.get(Application, aid)
        db.session.expunge(a)
        return a


def _apply(client, vid, message="") -> int:
    response = client.post(f"/seeker/vacancies/{vid}/apply", data={"message": message})
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


def test_apply_once_withdraw_and_apply_again(app, people):
    employer, _ = people.employer()
    vid = post_vacancy(employer)
    seeker, _pid = people.seeker()
    aid = _apply(seeker, vid, "下周一可以到岗")
    again = seeker.post(f"/seeker/vacancies/{vid}/apply", follow_redirects=True)
    assert "您已投递过该岗位" in again.get_data(as_text=True)
    seeker.post(f"/seeker/applications/{aid}/withdraw")
    assert _application(app, aid).status == "withdrawn"
    second = _apply(seeker, vid)
    assert second != aid
    with app.app_context():
        steps = (
            db.session.execute(
                db.select(ApplicationEvent.to_status)
                .where(ApplicationEvent.application_id == aid)
                .order_by(ApplicationEvent.id)
            )
            .scalars()
            .all()
        )
    assert steps == ["applied", "withdrawn"]


def test_applying_needs_identity_and_a_published_vacancy(app, people, accounts):
    employer, _ = people.employer()
    vid = post_vacancy(employer)
    employer.post(f"/employer/vacancies/{vid}/status", data={"action": "pause"})
    seeker, _ = people.seeker()
    assert seeker.post(f"/seeker/vacancies/{vid}/apply").status_code == 404
    newcomer = app.test_client()
    _uid, login = accounts.create("seeker")
    accounts.login(newcomer, login)
    response = newcomer.post(f"/seeker/vacancies/{vid}/apply")
    assert response.status_code == 302 and "/seeker/identity" in response.headers["Location"]


def test_refusal_needs_a_listed_reason_and_the_seeker_sees_it(app, people):
    employer, _ = people.employer()
    vid = post_vacancy(employer)
    seeker, _ = people.seeker()
    aid = _apply(seeker, vid)
    detail = employer.get(f"/employer/applications/{aid}").get_data(as_text=True)
    assert "林晓雨" in detail  # applying shows the employer who applied
    assert _application(app, aid).status == "viewed"
    no_reason = employer.post(
        f"/employer/applications/{aid}/move",
        data={"to": "not_selected", "note": "不合适"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "请选择未录用原因" in no_reason
    other = employer.post(
        f"/employer/applications/{aid}/move",
        data={"to": "not_selected", "reason_code": "other"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "选择“其他原因”时请填写说明" in other
    assert _application(app, aid).status == "viewed"
    employer.post(
        f"/employer/applications/{aid}/move",
        data={"to": "not_selected", "reason_code": "certificate_missing"},
    )
    page = seeker.get(f"/seeker/applications/{aid}").get_data(as_text=True)
    assert "未录用" in page and "缺少岗位必需的职业资格或作业证书" in page
    assert (
        seeker.post(f"/seeker/applications/{aid}/withdraw", follow_redirects=True).status_code
        == 200
    )
    assert _application(app, aid).status == "not_selected"


def test_bulk_actions_move_several_applications(app, people):
    employer, _ = people.employer()
    vid = post_vacancy(employer)
    ids = [_apply(people.seeker(f"求职者{c}")[0], vid) for c in "甲乙丙"]
    employer.post(
        "/employer/applications/bulk",
        data={"ids": [str(i) for i in ids[:2]], "to": "interview"},
    )
    assert [_application(app, i).status for i in ids] == ["interview", "interview", "applied"]


def test_hiring_a_graduate_shows_the_unit_subsidies_to_both_sides(app, people):
    employer, _ = people.employer(size="small")
    vid = post_vacancy(employer)
    seeker, pid = people.seeker(profile={"graduation_date": months_ago(5).isoformat()})
    aid = _apply(seeker, vid)
    bad = employer.post(
        f"/employer/applications/{aid}/move",
        data={"h-hired_on": "", "h-contract_months": "x"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "请填写入职日期" in bad and "劳动合同期限（月）应为 0 到 600 之间的整数" in bad
    employer.post(
        f"/employer/applications/{aid}/move",
        data={
            "h-hired_on": TODAY.isoformat(),
            "h-contract_months": "24",
            "h-unit_monthly_contribution": "1200",
        },
    )
    application = _application(app, aid)
    assert application.status == "hired" and application.hired_on == TODAY
    employer_page = employer.get(f"/employer/applications/{aid}").get_data(as_text=True)
    # the subsidy the hire brings, never the person's category
    assert "离校2年内未就业高校毕业生" not in employer_page
    assert "小微企业招用高校毕业生社会保险补贴" in employer_page and "可以申请" in employer_page
    seeker_page = seeker.get(f"/seeker/applications/{aid}").get_data(as_text=True)
    assert "录用" in seeker_page and "小微企业招用高校毕业生社会保险补贴" in seeker_page
    with app.app_context():
        from jobhub.seekers.models import Person

        assert db.session.get(Person, pid).employment_status == "employed"


def test_a_large_employer_hire_brings_no_sme_subsidy_and_says_why(app, people):
    employer, _ = people.employer(size="large")
    vid = post_vacancy(employer)
    seeker, _ = people.seeker(profile={"graduation_date": months_ago(5).isoformat()})
    aid = _apply(seeker, vid)
    employer.post(
        f"/employer/applications/{aid}/move",
        data={
            "h-hired_on": TODAY.isoformat(),
            "h-contract_months": "24",
            "h-unit_monthly_contribution": "1200",
        },
    )
    page = employer.get(f"/employer/applications/{aid}").get_data(as_text=True)
    section = page.split('id="hire-subsidies"')[1]
    sme = section.split("小微企业招用高校毕业生社会保险补贴")[0].rsplit("<h3>", 1)[1]
    assert "暂不符合" in sme


def test_another_organisation_cannot_open_or_move_an_application(app, people):
    employer, _ = people.employer()
    vid = post_vacancy(employer)
    seeker, _ = people.seeker()
    aid = _apply(seeker, vid)
    stranger, _ = people.employer()
    assert stranger.get(f"/employer/applications/{aid}").status_code == 404
    assert (
        stranger.post(f"/employer/applications/{aid}/move", data={"to": "interview"}).status_code
        == 404
    )
    other_seeker, _ = people.seeker("别人")
    assert other_seeker.get(f"/seeker/applications/{aid}").status_code == 404
    assert _application(app, aid).status == "applied"


def test_times_are_shown_on_the_bureaus_clock(app, people):
    from datetime import UTC, datetime

    from jobhub.seekers.models import ApplicationEvent

    employer, _ = people.employer()
    vid = post_vacancy(employer)
    seeker, _ = people.seeker()
    aid = _apply(seeker, vid)
    with app.app_context():
        # applied at 20:30 UTC on 1 March: 04:30 on 2 March in Hangzhou
        late = datetime(2026, 3, 1, 20, 30, tzinfo=UTC)
        for event in db.session.scalars(
            db.select(ApplicationEvent).where(ApplicationEvent.application_id == aid)
        ):
            event.at = late
        db.session.commit()
    for client, path in ((seeker, "/seeker/applications"), (employer, "/employer/applications")):
        detail = client.get(f"{path}/{aid}").get_data(as_text=True)
        assert "2026-03-02 04:30" in detail and "2026-03-01 20:30" not in detail


def test_an_over_long_message_is_kept_to_shorten_not_lost(app, people):
    employer, _ = people.employer()
    vid = post_vacancy(employer)
    seeker, _ = people.seeker()
    typed = "我有三年数据整理经验，" * 60  # 600 characters: over the 500 allowed
    answer = seeker.post(f"/seeker/vacancies/{vid}/apply", data={"message": typed})
    assert answer.status_code == 422
    page = answer.get_data(as_text=True)
    assert typed in page  # what the person wrote, back in the box
    assert "附言" in page and "500" in page
    assert "已投递" not in seeker.get("/seeker/applications").get_data(as_text=True)


def test_refusing_without_a_reason_keeps_the_choice_and_says_what_is_missing(app, people):
    employer, _ = people.employer()
    vid = post_vacancy(employer)
    seeker, _ = people.seeker()
    aid = _apply(seeker, vid)
    answer = employer.post(f"/employer/applications/{aid}/move", data={"to": "not_selected"})
    assert answer.status_code == 422
    page = answer.get_data(as_text=True)
    assert '<option selected value="not_selected">' in page  # the choice the employer made
    assert "原因" in page
    assert _application(app, aid).status != "not_selected"


def test_hiring_into_a_traineeship_records_a_traineeship_not_employment(app, people):
    employer, _ = people.employer(size="small")
    vid = post_vacancy(employer, kind="traineeship")
    seeker, pid = people.seeker(profile={"graduation_date": months_ago(5).isoformat()})
    aid = _apply(seeker, vid)
    form = employer.get(f"/employer/applications/{aid}").get_data(as_text=True)
    assert "见习期限（月）" in form and "劳动合同期限（月）" not in form
    assert "见习开始日期" in form and "入职日期" not in form
    bad = employer.post(
        f"/employer/applications/{aid}/move",
        data={"h-hired_on": TODAY.isoformat(), "h-traineeship_months": "24"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "见习期限（月）应为 3 到 12 之间的整数" in bad
    assert _application(app, aid).status != "hired"
    employer.post(
        f"/employer/applications/{aid}/move",
        data={"h-hired_on": TODAY.isoformat(), "h-traineeship_months": "6"},
    )
    application = _application(app, aid)
    assert application.status == "hired"
    assert application.hire_facts["traineeship_months"] == 6
    assert "contract_months" not in application.hire_facts
    page = employer.get(f"/employer/applications/{aid}").get_data(as_text=True)
    section = page.split('id="hire-subsidies"')[1]
    assert "就业见习" in section and "见习补贴支付给见习单位" in section
    assert "见习期间不视为就业" in section and "国办发〔2022〕13号" in section
    # quantified: the 6 months from the start date, and the allowance floor of the city's
    # minimum wage in force that day, with its source
    with app.app_context():
        from jobhub.postings.data import wage_parameters
        from jobhub.regions.services import minimum_wage_region

        minimum = wage_parameters().minimum_wage(minimum_wage_region(), TODAY)
    assert f"见习期6个月（{TODAY.year}年{TODAY.month}月至" in section
    assert f"不低于当地最低工资标准{minimum.month:.2f}元" in section
    assert f"6个月合计不低于{minimum.month * 6:.2f}元" in section
    assert minimum.source in section
    api = employer.get(f"/api/v1/employers/applications/{aid}").get_json()
    (trainee,) = api["hire_subsidies"]["subsidies"]
    assert trainee["code"] == "traineeship" and trainee["months"] == 6
    assert trainee["start"] == TODAY.replace(day=1).isoformat()
    for employment_subsidy in (
        "小微企业招用高校毕业生",
        "一次性扩岗补助",
        "就业困难人员社会保险补贴",
    ):
        assert employment_subsidy not in section
    seeker_page = seeker.get(f"/seeker/applications/{aid}").get_data(as_text=True)
    assert "就业见习 6 个月" in seeker_page and "劳动合同" not in seeker_page
    with app.app_context():
        from jobhub.seekers.models import Person

        # 见习期间不视为就业: the trainee's status does not become employed
        assert db.session.get(Person, pid).employment_status != "employed"
