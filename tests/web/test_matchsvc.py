"""Matching on stored rows: the persisted index, kept current without a refit."""

from datetime import date, timedelta

import pytest

from jobhub import matchsvc
from jobhub.employers.models import Vacancy
from jobhub.extensions import db
from jobhub.gigs.models import Gig
from jobhub.seekers.models import Person


@pytest.fixture
def demo(app, runner):
    runner.invoke(args=["jobhub", "seed-demo"])
    result = runner.invoke(args=["matching", "rebuild"])
    assert result.exit_code == 0 and "匹配索引已重建" in result.output
    return app


def person(name: str) -> Person:
    return db.session.execute(db.select(Person).where(Person.name == name)).scalar_one()


def test_without_an_index_the_web_tier_does_not_fit_one(app):
    with app.app_context():
        someone = Person(name="甲", birth_date=date(1990, 1, 1), gender="male", skills=["电工"])
        db.session.add(someone)
        db.session.flush()
        with pytest.raises(matchsvc.MatchIndexMissing):
            matchsvc.rank_vacancies_for_person(someone)


def test_an_electrician_sees_the_electrician_job_first_with_reasons(demo):
    with demo.app_context():
        ranked = matchsvc.rank_vacancies_for_person(person("周建军"))
        top = ranked[0]
        assert top.vacancy.title == "小区电工"
        assert ("低压电工作业证", "低压电工作业证") in top.result.matched_skills
        assert any(
            line.startswith("技能 ") and "已具备：低压电工作业证" in line
            for line in top.result.explanation
        )
        assert all(0 <= v <= 1 for v in top.result.parts.as_dict().values())


def test_a_new_vacancy_is_found_without_a_rebuild_and_gone_when_closed(demo):
    with demo.app_context():
        electrician = person("周建军")
        matchsvc.rank_vacancies_for_person(electrician)  # loads the index
        vacancy = Vacancy(
            organisation_id=1,
            title="维修电工",
            description="负责厂区配电与设备维修，持低压电工作业证。",
            work_location="西湖区",
            skills=["低压电工作业证", "设备维修"],
            status="published",
            lat=30.17,
            lng=120.09,
            salary_min=7000,
            salary_max=9000,
            salary_unit="month",
        )
        db.session.add(vacancy)
        db.session.commit()
        titles = [r.vacancy.title for r in matchsvc.rank_vacancies_for_person(electrician)]
        assert "维修电工" in titles[:2]
        vacancy.status = "closed"
        db.session.commit()
        titles = [r.vacancy.title for r in matchsvc.rank_vacancies_for_person(electrician)]
        assert "维修电工" not in titles


def test_filters_kind_pay_and_distance(demo):
    with demo.app_context():
        graduate = person("林晓雨")
        kinds = {
            r.vacancy.kind
            for r in matchsvc.rank_vacancies_for_person(graduate, kinds=("traineeship",))
        }
        assert kinds == {"traineeship"}
        paid = matchsvc.rank_vacancies_for_person(graduate, min_pay=8000)
        assert paid and all(
            float(r.vacancy.salary_max) >= 8000 for r in paid if r.vacancy.salary_unit == "month"
        )
        near = matchsvc.rank_vacancies_for_person(graduate, max_km=1.0)
        assert all(r.result.distance_km is None or r.result.distance_km <= 1.0 for r in near)


def test_people_for_a_gig_are_only_those_available_that_day(demo):
    with demo.app_context():
        gig = db.session.scalars(db.select(Gig).where(Gig.title == "茶园采摘")).one()
        picker = person("陈国强")
        picker.availability = {"days": [(gig.work_date.weekday() + 1) % 7]}
        db.session.commit()
        names = [c.person.name for c in matchsvc.rank_people_for_gig(gig)]
        assert "陈国强" not in names
        picker.availability = {"days": [gig.work_date.weekday()]}
        db.session.commit()
        assert "陈国强" in [c.person.name for c in matchsvc.rank_people_for_gig(gig)]


def test_gigs_for_a_person_are_open_future_relevant_and_best_first(demo):
    with demo.app_context():
        # within his own 10 km only gigs he shares nothing with (茶园采摘 next door): none
        # is recommended
        assert matchsvc.rank_gigs_for_person(person("陈国强")) == []
        person("陈国强").max_distance_km = 30
        db.session.commit()
        ranked = matchsvc.rank_gigs_for_person(person("陈国强"))
        assert ranked[0].gig.title == "小区绿化修剪"  # 绿化养护, his own skill
        assert ("绿化养护", "绿化养护") in ranked[0].result.matched_skills
        assert all(r.gig.work_date >= date.today() and r.gig.taken < r.gig.capacity for r in ranked)
        past = ranked[0].gig
        past.work_date = date.today() - timedelta(days=1)
        db.session.commit()
        assert past.id not in [r.gig.id for r in matchsvc.rank_gigs_for_person(person("陈国强"))]


def test_candidates_for_a_vacancy_carry_key_groups(demo):
    with demo.app_context():
        vacancy = db.session.scalars(
            db.select(Vacancy).where(Vacancy.kind == "traineeship")
        ).first()
        ranked = matchsvc.rank_candidates_for_vacancy(vacancy)
        eligible = [c for c in ranked if c.result.eligible]
        assert eligible and all("graduate_within_2y" in c.key_groups for c in eligible)


def test_demo_people_come_with_coded_desired_jobs_so_occupation_counts(demo):
    """The demo's seekers have their desired titles coded as a profile edit would code them,
    so their matches explain the occupation instead of "缺少职业编码"."""
    with demo.app_context():
        carer = person("王秀兰")
        assert carer.desired_occupation_codes == ["4-10-01-05"]  # 养老护理员
        top = matchsvc.rank_vacancies_for_person(carer)[0]
        assert top.result.parts.occupation > 0
        assert any(line.startswith("职业 100%：同属细类") for line in top.result.explanation)


def test_the_demo_graduates_first_page_holds_only_work_with_evidence_of_fit(demo):
    # the defect of the old engine: 中餐厨师, 餐厅服务员 and 养老护理员 on a statistics
    # graduate's first page, on nothing but distance and priority
    with demo.app_context():
        ranked = matchsvc.rank_vacancies_for_person(person("林晓雨"))
        titles = [r.vacancy.title for r in ranked]
        assert titles[0].startswith("数据分析")
        assert not {"中餐厨师", "餐厅服务员", "养老护理员"} & set(titles)
        for r in ranked:
            assert r.result.relevant
            shared = r.result.matched_skills or r.result.partial_skills
            assert shared or r.result.parts.occupation > 0 or r.result.parts.text > 0


def test_a_worker_asks_only_for_rows_changed_since_the_rebuild_read_them(demo):
    from datetime import UTC, datetime, timedelta

    with demo.app_context():
        demo.extensions.pop("jobhub.match_index", None)
        state = matchsvc._load_state()
        # not the start of time: the first request of a worker does not re-read every row
        assert state.synced_at > datetime.now(UTC) - timedelta(minutes=10)


def test_a_damaged_index_never_stops_the_app(demo):
    with demo.app_context():
        directory = matchsvc.index_dir()
        demo.extensions.pop("jobhub.match_index", None)
    for version in (directory / "versions").iterdir():
        (version / "index.npz").write_bytes(b"truncated")
    with demo.app_context():
        matchsvc.warm()  # logs, does not raise
        with pytest.raises(matchsvc.MatchIndexMissing):
            matchsvc.loaded_index()


def test_gigs_offered_follow_the_bureaus_day_not_the_server_clock(demo, monkeypatch):
    """The platform's day is China's (the policy engine's): a gig dated the day before today in
    China is past, even while the server's own clock (UTC in a container) still shows that day."""
    import jobhub.policy.dates as dates

    with demo.app_context():
        someone = person("陈国强")
        someone.max_distance_km = 30
        db.session.commit()
        first = matchsvc.rank_gigs_for_person(someone)[0].gig
        first.work_date = date.today() + timedelta(days=1)
        db.session.commit()
        assert first.id in [r.gig.id for r in matchsvc.rank_gigs_for_person(someone)]

        real = dates.datetime

        class Ahead(real):  # China's clock two days past the server's date
            @classmethod
            def now(cls, tz=None):  # noqa: ANN001, ANN206 - datetime.now's signature
                return real.now(tz) + timedelta(days=2)

        monkeypatch.setattr(dates, "datetime", Ahead)
        assert first.id not in [r.gig.id for r in matchsvc.rank_gigs_for_person(someone)]
