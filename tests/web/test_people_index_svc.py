"""The people index on stored rows: built by `flask matching rebuild`, kept current without a
rebuild, and giving the lists the exhaustive path gives."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event

from jobhub import matchsvc, peoplesvc
from jobhub.employers.models import Vacancy
from jobhub.extensions import db
from jobhub.gigs.models import Gig
from jobhub.seekers.models import Person


@pytest.fixture
def demo(app, runner):
    runner.invoke(args=["jobhub", "seed-demo"])
    result = runner.invoke(args=["matching", "rebuild"])
    assert result.exit_code == 0 and "名人员" in result.output
    return app


def person(name: str) -> Person:
    return db.session.execute(db.select(Person).where(Person.name == name)).scalar_one()


def listed(ranked) -> list[tuple]:
    return [(c.person.id, c.result, c.key_groups) for c in ranked]


def exhaustive(monkeypatch, call):  # noqa: ANN001
    """The same call through the path that evaluates and ranks everyone."""
    with monkeypatch.context() as m:
        m.setattr(peoplesvc, "select", lambda *a, **k: None)
        return call()


def test_every_list_from_the_index_is_the_exhaustive_list(demo, monkeypatch):
    with demo.app_context():
        assert peoplesvc.current() is not None
        vacancies = db.session.scalars(db.select(Vacancy).where(Vacancy.status == "published"))
        gigs = db.session.scalars(db.select(Gig).where(Gig.status == "open"))
        seen = 0
        for vacancy in vacancies:
            got = listed(matchsvc.rank_candidates_for_vacancy(vacancy))
            assert got == listed(
                exhaustive(monkeypatch, lambda v=vacancy: matchsvc.rank_candidates_for_vacancy(v))
            )
            seen += bool(got)
        for gig in gigs:
            got = listed(matchsvc.rank_people_for_gig(gig, limit=8))
            assert got == listed(
                exhaustive(monkeypatch, lambda g=gig: matchsvc.rank_people_for_gig(g, limit=8))
            )
            seen += bool(got)
        assert seen > 5


def electricians(vacancy: Vacancy, n: int) -> None:
    """``n`` more people who fit the vacancy in different measure (skills, distance)."""
    born = person("王秀兰").birth_date
    skills = [["低压电工作业证"], ["低压电工作业证", "电工"], ["电工"], ["维修"], []]
    for i in range(n):
        db.session.add(
            Person(
                name=f"电工{i}",
                birth_date=born,
                gender="male",
                skills=skills[i % len(skills)],
                desired_titles=["电工"] if i % 3 else ["水电工"],
                lat=vacancy.lat + 0.004 * i,
                lng=vacancy.lng,
            )
        )
    db.session.commit()


def test_a_page_of_candidates_is_its_window_of_the_whole_list_on_both_paths(demo, monkeypatch):
    with demo.app_context():
        electrician = db.session.scalars(db.select(Vacancy).where(Vacancy.title == "小区电工"))
        electricians(electrician.one(), 12)
        vacancies = db.session.scalars(db.select(Vacancy).where(Vacancy.status == "published"))
        longest = 0
        for vacancy in vacancies:
            whole = listed(matchsvc.rank_candidates_for_vacancy(vacancy))
            longest = max(longest, len(whole))
            for start, stop in [(0, 2), (1, 4), (3, 100), (len(whole), len(whole) + 5)]:
                total, page = matchsvc.candidates_window(vacancy, start, stop)
                assert (total, listed(page)) == (len(whole), whole[start:stop])
                total, page = exhaustive(
                    monkeypatch,
                    lambda v=vacancy, a=start, b=stop: matchsvc.candidates_window(v, a, b),
                )
                assert (total, listed(page)) == (len(whole), whole[start:stop])
        assert longest >= 10  # the windows above cut through a list


def test_a_page_of_candidates_reads_only_the_people_it_shows(demo):
    with demo.app_context():
        vacancy = db.session.scalars(db.select(Vacancy).where(Vacancy.title == "小区电工")).one()
        electricians(vacancy, 8)
        read: list[int] = []

        def loaded(target, _context) -> None:  # noqa: ANN001
            read.append(target.id)

        matchsvc.candidates_window(vacancy, 0, 1)  # the index has caught up with the writes
        db.session.expire_all()
        event.listen(Person, "load", loaded)
        try:
            total, page = matchsvc.candidates_window(vacancy, 1, 3)
        finally:
            event.remove(Person, "load", loaded)
        assert total >= 4 and len(page) == 2
        assert sorted(read) == sorted(c.person.id for c in page)


def test_a_request_evaluates_no_one_against_the_policy_rules(demo, monkeypatch):
    with demo.app_context():
        vacancy = db.session.scalars(
            db.select(Vacancy).where(Vacancy.kind == "traineeship")
        ).first()
        expected = listed(matchsvc.rank_candidates_for_vacancy(vacancy))

        def refuse(*_a, **_k):
            raise AssertionError("policy evaluated during a request")

        monkeypatch.setattr(matchsvc, "evaluate_person", refuse)
        assert listed(matchsvc.rank_candidates_for_vacancy(vacancy)) == expected
        assert expected and all("graduate_within_2y" in kg for _, r, kg in expected if r.eligible)


def test_a_request_decrypts_no_id_number_or_sensitive_status(demo, monkeypatch):
    with demo.app_context():
        vacancy = db.session.scalars(db.select(Vacancy).where(Vacancy.title == "小区电工")).one()
        expected = listed(matchsvc.rank_candidates_for_vacancy(vacancy))
        db.session.expunge_all()  # the rows are read again, as by a new request
        cipher = demo.extensions["jobhub.cipher"]
        contexts = []
        real = cipher.decrypt

        def counted(token, context):  # noqa: ANN001, ANN202
            contexts.append(context)
            return real(token, context)

        monkeypatch.setattr(cipher, "decrypt", counted)
        vacancy = db.session.get(Vacancy, vacancy.id)
        ranked = matchsvc.rank_candidates_for_vacancy(vacancy)
        assert [(c.person.id, c.result) for c in ranked] == [(i, r) for i, r, _ in expected]
        assert expected
        assert not {"people.id_number", "people.sensitive"} & set(contexts)


def test_a_profile_edit_and_a_new_registration_reach_the_index_without_a_rebuild(demo):
    with demo.app_context():
        vacancy = db.session.scalars(db.select(Vacancy).where(Vacancy.title == "小区电工")).one()
        ids = [c.person.id for c in matchsvc.rank_candidates_for_vacancy(vacancy)]
        carer = person("王秀兰")
        assert carer.id not in ids
        carer.skills = [*carer.skills, "低压电工作业证"]
        carer.desired_titles = [*carer.desired_titles, "电工"]
        db.session.commit()
        assert carer.id in [c.person.id for c in matchsvc.rank_candidates_for_vacancy(vacancy)]
        newcomer = Person(
            name="新来的",
            birth_date=carer.birth_date,
            gender="male",
            skills=["低压电工作业证"],
            desired_titles=["电工"],
            lat=vacancy.lat,
            lng=vacancy.lng,
        )
        db.session.add(newcomer)
        db.session.commit()
        assert newcomer.id in [c.person.id for c in matchsvc.rank_candidates_for_vacancy(vacancy)]
        db.session.delete(newcomer)
        db.session.commit()
        assert "新来的" not in [
            c.person.name for c in matchsvc.rank_candidates_for_vacancy(vacancy)
        ]


def test_a_change_of_facts_changes_the_key_groups_the_index_holds(demo):
    with demo.app_context():
        graduate = person("林晓雨")
        index = peoplesvc.current()
        assert "graduate_within_2y" in index.key_groups(graduate.id)[0]
        graduate.employment_status = "employed"
        db.session.commit()
        held = peoplesvc.current().key_groups(graduate.id)
        assert "graduate_within_2y" not in held[0]
        assert held[0] == matchsvc.seeker_profile(graduate).key_groups


def test_a_change_made_by_another_process_is_seen_by_the_poll(demo):
    with demo.app_context():
        vacancy = db.session.scalars(db.select(Vacancy).where(Vacancy.title == "小区电工")).one()
        carer = person("王秀兰")
        peoplesvc.current()  # loaded, and in sync
        # another worker's write: straight to the database, no session of this process
        with db.engine.begin() as conn:
            conn.execute(
                db.update(Person)
                .where(Person.id == carer.id)
                .values(
                    skills=["低压电工作业证"],
                    desired_titles=["电工"],
                    updated_at=datetime.now(UTC) + timedelta(seconds=1),
                )
            )
        db.session.expire_all()
        assert carer.id in [c.person.id for c in matchsvc.rank_candidates_for_vacancy(vacancy)]


def test_a_people_index_of_another_fit_is_not_used(demo, monkeypatch):
    with demo.app_context():
        matchsvc.loaded_index().note["fit_id"] = "another"
        demo.extensions.pop(peoplesvc.STATE, None)
        assert peoplesvc.current() is None
        vacancy = db.session.scalars(db.select(Vacancy).where(Vacancy.title == "小区电工")).one()
        assert matchsvc.rank_candidates_for_vacancy(vacancy)  # the exhaustive path answers
