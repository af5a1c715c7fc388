"""The person's own requests on their acts: withdraw a pending application, end a
registration, leave a category or the whole 认定. Each goes through the same table of moves as
staff's decisions, is logged and audited, and a staff decision taken at the same moment never
stands beside it."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from jobhub.acts import services
from jobhub.acts.models import ActEvent, DifficultyCertification, UnemploymentRegistration
from jobhub.acts.queries import acts_of
from jobhub.auth.models import User
from jobhub.demo import make_id_number
from jobhub.extensions import db
from jobhub.policy.dates import today_in_china
from jobhub.security.models import AuditEvent
from jobhub.seekers.inputs import Conflict
from jobhub.seekers.models import Person
from tests.acts.helpers import DISABLED, LOW_INCOME, STREET, certify, staff_user
from tests.seekers.helpers import People

TODAY = today_in_china()
APPLY = {"residence": "hukou", "residence_street_code": STREET}


def _seeker_with_staff(app, accounts):
    """A signed-in seeker, and a station worker whose station serves them (its login is kept
    as ``accounts.staff_login``)."""
    seeker, person_id = People(app, accounts).seeker("林晓雨", birth=date(1980, 5, 6))
    staff_id, accounts.staff_login = accounts.create("station_staff")
    with app.app_context():
        db.session.get(Person, person_id).registered_station_id = staff_user(staff_id).station_id
        db.session.commit()
    return seeker, person_id, staff_id


def _events(app, model, act_id) -> list[tuple]:
    column = (
        ActEvent.registration_id if model is UnemploymentRegistration else ActEvent.certification_id
    )
    with app.app_context():
        rows = db.session.execute(
            db.select(ActEvent).where(column == act_id).order_by(ActEvent.id)
        ).scalars()
        return [(e.actor_role, e.from_status, e.to_status, e.reason_code, e.note) for e in rows]


def _audited(app, action: str) -> int:
    with app.app_context():
        return db.session.scalar(
            db.select(db.func.count(AuditEvent.id)).where(AuditEvent.action == action)
        )


def test_a_seeker_withdraws_a_pending_registration_and_may_apply_again(app, accounts):
    seeker, person_id, staff_id = _seeker_with_staff(app, accounts)
    applied = seeker.post("/api/v1/acts/mine/registration", json=APPLY).get_json()
    registration_id = applied["registrations"][0]["id"]
    page = seeker.get("/acts/mine").text
    assert "撤回失业登记申请" in page and "申请注销失业登记" not in page
    done = seeker.post(
        f"/acts/mine/registrations/{registration_id}/withdraw",
        data={"note": "已找到工作"},
        follow_redirects=True,
    )
    assert "失业登记申请已撤回" in done.text and "本人已撤回申请" in done.text
    assert _events(app, UnemploymentRegistration, registration_id)[-1] == (
        "seeker",
        "applied",
        "withdrawn",
        "own_request",
        "已找到工作",
    )
    assert _audited(app, "withdraw_registration") == 1
    assert "撤回申请（本人申请）" in seeker.get("/acts/mine").text  # the log as people read it
    # the station can no longer decide it; the person may apply again
    with app.app_context():
        registration = db.session.get(UnemploymentRegistration, registration_id)
        with pytest.raises(Conflict, match="本人已撤回申请"):
            services.decide_registration(
                registration,
                {"decision": "registered", "certificate_number": "3301062026000001"},
                actor=staff_user(staff_id),
            )
    again = seeker.post("/api/v1/acts/mine/registration", json=APPLY)
    assert again.status_code == 201
    assert [r["status"] for r in again.get_json()["registrations"]] == ["applied", "withdrawn"]


def test_a_decided_application_cannot_be_withdrawn_and_nothing_changes(app, accounts):
    seeker, person_id, staff_id = _seeker_with_staff(app, accounts)
    registration_id = seeker.post("/api/v1/acts/mine/registration", json=APPLY).get_json()[
        "registrations"
    ][0]["id"]
    with app.app_context():
        registration = db.session.get(UnemploymentRegistration, registration_id)
        services.decide_registration(
            registration,
            {"decision": "registered", "certificate_number": "3301062026000001"},
            actor=staff_user(staff_id),
        )
        db.session.commit()
    before = _events(app, UnemploymentRegistration, registration_id)
    late = seeker.post(f"/api/v1/acts/mine/registrations/{registration_id}/withdraw", json={})
    assert late.status_code == 409
    assert late.get_json()["error"]["message"] == "该失业登记现为“已登记失业”，不能撤回申请。"
    assert _events(app, UnemploymentRegistration, registration_id) == before
    # a seeker ends their registration only on their own request, never for another reason
    with app.app_context():
        registration = db.session.get(UnemploymentRegistration, registration_id)
        seeker_user = db.session.get(User, registration.person.user_id)
        with pytest.raises(Conflict, match="不能以此原因"):
            services.end_registration(registration, "employment_registration", actor=seeker_user)
        db.session.rollback()
    ended = seeker.post(
        f"/api/v1/acts/mine/registrations/{registration_id}/end", json={"note": "不再需要"}
    )
    assert ended.status_code == 200
    row = ended.get_json()["registrations"][0]
    assert (row["status"], row["end_reason"]) == ("ended", "本人申请注销")
    assert row["events"][-1]["why"] == "本人申请注销"
    assert _audited(app, "end_registration") == 1


def test_a_seeker_withdraws_a_pending_certification(app, accounts):
    seeker, person_id, staff_id = _seeker_with_staff(app, accounts)
    applied = seeker.post(
        "/api/v1/acts/mine/certification", json={"categories": ["disabled"], "evidence": DISABLED}
    ).get_json()
    certification_id = applied["certifications"][0]["id"]
    assert "撤回认定申请" in seeker.get("/acts/mine").text
    done = seeker.post(f"/api/v1/acts/mine/certifications/{certification_id}/withdraw", json={})
    assert done.status_code == 200
    row = done.get_json()["certifications"][0]
    assert row["status"] == "withdrawn" and row["status_label"] == "本人已撤回申请"
    assert [c["decision_label"] for c in row["categories"]] == ["本人撤回"]
    assert _audited(app, "withdraw_certification") == 1
    staff = app.test_client()
    accounts.login(staff, accounts.staff_login)
    decided = staff.post(
        f"/acts/certifications/{certification_id}/decide",
        data={"disabled_decision": "approved"},
        follow_redirects=True,
    )
    assert "该就业困难人员认定现为“本人已撤回申请”，不能审核。" in decided.text
    with app.app_context():
        assert db.session.get(DifficultyCertification, certification_id).status == "withdrawn"


def test_a_seeker_leaves_one_category_then_the_whole_certification(app, accounts):
    seeker, person_id, staff_id = _seeker_with_staff(app, accounts)
    with app.app_context():
        certification = certify(
            db.session.get(Person, person_id), staff_user(staff_id), {**DISABLED, **LOW_INCOME}
        )
        db.session.commit()
        certification_id = certification.id
    page = seeker.get("/acts/mine").text
    assert "申请退出该类别" in page and "申请退出就业困难人员认定" in page
    bad = seeker.post(
        f"/api/v1/acts/mine/certifications/{certification_id}/end",
        json={"categories": ["older_worker"], "note": "x" * 301},
    )
    assert bad.status_code == 422
    fields = bad.get_json()["error"]["fields"]
    assert fields["categories"] == "退出的类别应为已认定的类别：残疾人员、城乡低保家庭成员"
    assert fields["note"] == "说明最多 300 个字，现在是 301 个"
    left = seeker.post(
        f"/acts/mine/certifications/{certification_id}/end",
        data={"categories": "low_income"},
        follow_redirects=True,
    )
    assert "已按您的申请退出" in left.text
    with app.app_context():
        facts = acts_of(person_id, TODAY)
        assert [code for code, _on, _id in facts.certified] == ["disabled"]
        assert db.session.get(DifficultyCertification, certification_id).status == "certified"
    assert _events(app, DifficultyCertification, certification_id)[-1][:4] == (
        "seeker",
        "certified",
        "certified",
        "own_request",
    )
    whole = seeker.post(f"/api/v1/acts/mine/certifications/{certification_id}/end", json={})
    row = whole.get_json()["certifications"][0]
    assert (row["status"], row["end_reason"]) == ("ended", "本人申请退出")
    with app.app_context():
        assert acts_of(person_id, TODAY).certified == ()
    assert _audited(app, "leave_categories") == 1 and _audited(app, "end_certification") == 1


def test_staff_cannot_withdraw_for_the_person(counter):
    staff_id, walk_in = counter
    staff = staff_user(staff_id)
    registration = services.apply_registration(walk_in(), APPLY, actor=staff, via="counter")
    with pytest.raises(Conflict, match="此项须由本人申请"):
        services.withdraw_application(registration, actor=staff)
    assert registration.status == "applied"


def test_another_persons_act_is_not_found_and_ids_past_64_bits_too(app, accounts):
    seeker, _person_id, _staff_id = _seeker_with_staff(app, accounts)
    other, _ = People(app, accounts).seeker("赵敏")
    registration_id = other.post("/api/v1/acts/mine/registration", json=APPLY).get_json()[
        "registrations"
    ][0]["id"]
    for path in (
        f"/api/v1/acts/mine/registrations/{registration_id}/withdraw",
        f"/acts/mine/registrations/{registration_id}/withdraw",
        f"/api/v1/acts/mine/registrations/{2**70}/withdraw",
        f"/acts/mine/certifications/{2**70}/end",
    ):
        kwargs = {"json": {}} if path.startswith("/api/") else {"data": {}}
        assert seeker.post(path, **kwargs).status_code == 404, path
    status = other.get("/api/v1/acts/mine").get_json()["registrations"][0]["status"]
    assert status == "applied"


def _race(app, first, second) -> list[str]:
    """Run two moves of the same act at once, each in its own thread and connection, both
    having read the act before either writes; what each was told."""
    ready = threading.Barrier(2)
    told: list[str] = []

    def run(work) -> None:
        with app.app_context():
            act = work(None)  # read
            ready.wait()
            try:
                work(act)
                db.session.commit()
                told.append("done")
            except Conflict as exc:
                db.session.rollback()
                told.append(exc.message)

    threads = [threading.Thread(target=run, args=(w,)) for w in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return told


@pytest.mark.parametrize("kind", ["registration", "certification"])
def test_a_staff_decision_and_a_withdrawal_at_once_never_both_stand(app, accounts, kind):
    """Three rounds: the station decides while the person withdraws. One of the two is done,
    the other is told the state changed; the act's state and its log agree with the winner."""
    staff_id, _ = accounts.create("station_staff")
    model = UnemploymentRegistration if kind == "registration" else DifficultyCertification
    for round_ in range(3):
        seeker_id, _login = accounts.create("seeker")
        with app.app_context():
            person = Person(
                name="并发",
                user_id=seeker_id,
                registered_station_id=staff_user(staff_id).station_id,
            )
            person.id_number = make_id_number(date(1975, 1, 1), 80 + round_, False)
            person.birth_date, person.gender = date(1975, 1, 1), "male"
            db.session.add(person)
            db.session.flush()
            seeker = db.session.get(User, seeker_id)
            if kind == "registration":
                act = services.apply_registration(person, APPLY, actor=seeker, via="online")
            else:
                act = services.apply_certification(
                    person,
                    {"categories": ["disabled"], "evidence": DISABLED},
                    actor=seeker,
                    via="online",
                )
            db.session.commit()
            act_id = act.id

        def decide(act, act_id=act_id):
            if act is None:
                return db.session.get(model, act_id)
            staff = staff_user(staff_id)
            if kind == "registration":
                return services.decide_registration(
                    act,
                    {"decision": "registered", "certificate_number": "3301062026000009"},
                    actor=staff,
                )
            return services.decide_categories(
                act, {"disabled": {"decision": "approved"}}, actor=staff
            )

        def withdraw(act, act_id=act_id, seeker_id=seeker_id):
            if act is None:
                return db.session.get(model, act_id)
            return services.withdraw_application(act, actor=db.session.get(User, seeker_id))

        told = _race(app, decide, withdraw) if round_ % 2 else _race(app, withdraw, decide)
        assert sorted(told) == sorted(["done", services.CHANGED]), told
        with app.app_context():
            final = db.session.get(model, act_id).status
            events = _events(app, model, act_id)
        moved = [e for e in events if e[1] == "applied" and e[2] != "applied"]
        assert len(moved) == 1 and moved[0][2] == final
        assert final in ("withdrawn", "registered" if kind == "registration" else "certified")
