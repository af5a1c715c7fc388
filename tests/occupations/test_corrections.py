"""Learning from corrections (issue 13 item 3): a code people keep over the classifier's for a
title becomes that title's first suggestion once 3 distinct users chose it, or an admin
accepted it; at once, without a refit; decisions audited."""

from __future__ import annotations

from jobhub import occupations
from jobhub.coding import services as coding
from jobhub.coding.models import OccupationCorrection
from jobhub.employers.models import Vacancy
from jobhub.extensions import db
from jobhub.security.models import AuditEvent
from tests.seekers.helpers import post_vacancy

TITLE = "规控算法工程师"


def _other_code(title: str) -> tuple[str, str]:
    """A real 细类 that is not the classifier's first for ``title``: what people correct to."""
    first = occupations.classify(title, top=1)[0].code
    code = "2-02-38-01" if first != "2-02-38-01" else "2-02-10-03"
    assert occupations.get(code).level == 4
    return first, code


def _first(app, title: str):
    with app.app_context():
        return coding.suggest(title, top=5)[0]


def _events(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        return list(db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == action)))


def test_three_employers_choosing_the_same_code_change_the_first_suggestion(app, people):
    first, code = _other_code(TITLE)
    clients = [people.employer()[0] for _ in range(3)]
    # the same title as boards write it, in three spellings that clean to one key
    titles = [TITLE, f"急招{TITLE} 包吃住", f"【杭州】{TITLE}（双休）"]
    with app.app_context():
        assert len({coding.title_key(t) for t in titles}) == 1
    for n, (client, title) in enumerate(zip(clients, titles, strict=True), start=1):
        post_vacancy(client, title=title, occupation_code=code)
        if n < 3:  # the same employer again is still one vote
            post_vacancy(client, title=title, occupation_code=code)
            assert _first(app, TITLE).code == first
    top = _first(app, f"{TITLE}（五险一金）")
    assert top.code == code and top.match == "corrected"
    assert top.explanation == "已有 3 位用户把这个岗位名称更正为此职业"
    # a new vacancy with the title and no chosen code now gets the corrected code
    client, _ = people.employer()
    vid = post_vacancy(client, title=TITLE)
    with app.app_context():
        assert db.session.get(Vacancy, vid).occupation_code == code
    (event,) = _events(app, "accept_occupation_correction")
    assert "3 位用户" in event.purpose


def test_an_admin_accepts_or_rejects_and_both_are_audited(app, people, accounts):
    first, code = _other_code(TITLE)
    employer, _ = people.employer()
    post_vacancy(employer, title=TITLE, occupation_code=code)
    admin = accounts.client_for("admin")
    assert '<strong>1</strong> <a href="/admin/occupation-corrections">职业编码更正待确认' in (
        admin.get("/admin/").get_data(as_text=True)
    )
    page = admin.get("/admin/occupation-corrections").get_data(as_text=True)
    assert TITLE in page and "1 位用户作此更正" in page and occupations.get(code).name in page
    with app.app_context():
        row = db.session.scalars(db.select(OccupationCorrection)).one()
        assert row.suggested_code == first
    answer = admin.post(
        f"/admin/occupation-corrections/{row.id}/decision", data={"decision": "accept"}
    )
    assert answer.status_code == 302
    top = _first(app, TITLE)
    assert top.code == code and top.explanation == "管理员已确认：这个岗位名称属于此职业"
    admin.post(f"/admin/occupation-corrections/{row.id}/decision", data={"decision": "reject"})
    assert _first(app, TITLE).code == first
    assert len(_events(app, "accept_occupation_correction")) == 1
    assert len(_events(app, "reject_occupation_correction")) == 1
    # more votes do not bring a rejected correction back
    for _ in range(3):
        client, _ = people.employer()
        post_vacancy(client, title=TITLE, occupation_code=code)
    assert _first(app, TITLE).code == first


def test_a_seekers_corrected_desired_job_counts_as_a_choice(app, people):
    first, code = _other_code(TITLE)
    client, person_id = people.seeker(profile={"desired_titles": TITLE})
    answer = client.post("/seeker/profile/occupations", data={"occ_0": code})
    assert answer.status_code == 302
    with app.app_context():
        row = db.session.scalars(db.select(OccupationCorrection)).one()
        assert (row.code, len(row.votes), row.votes[0].role) == (code, 1, "seeker")


def test_keeping_the_suggested_code_records_nothing(app, people):
    client, _ = people.employer()
    first = occupations.classify(TITLE, top=1)[0].code
    post_vacancy(client, title=TITLE, occupation_code=first)
    post_vacancy(client, title=TITLE)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(OccupationCorrection)) == 0


def test_only_admins_decide(app, people, accounts):
    _, code = _other_code(TITLE)
    employer, _ = people.employer()
    post_vacancy(employer, title=TITLE, occupation_code=code)
    with app.app_context():
        row_id = db.session.scalars(db.select(OccupationCorrection.id)).one()
    for role in ("seeker", "employer", "station_staff"):
        client = accounts.client_for(role)
        assert client.get("/admin/occupation-corrections").status_code == 403
        decided = client.post(
            f"/admin/occupation-corrections/{row_id}/decision", data={"decision": "accept"}
        )
        assert decided.status_code == 403
    admin = accounts.client_for("admin")
    too_big = admin.post(
        f"/admin/occupation-corrections/{2**70}/decision", data={"decision": "accept"}
    )
    assert too_big.status_code == 404
    unknown = admin.post(f"/admin/occupation-corrections/{row_id}/decision", data={"decision": "x"})
    assert "请选择" in admin.get(unknown.headers["Location"]).get_data(as_text=True)
    assert _events(app, "accept_occupation_correction") == []


def test_an_unsure_title_is_left_for_the_seeker_to_choose(app, people):
    client, person_id = people.seeker(profile={"desired_titles": "社区环境巡查员、数据分析"})
    with app.app_context():
        from jobhub.seekers.models import Person

        sure = coding.confident_code("数据分析")
        assert sure and coding.confident_code("社区环境巡查员") is None
        assert db.session.get(Person, person_id).desired_occupation_codes == [sure]
        options = [c.code for c in occupations.classify("社区环境巡查员", top=5)]
    page = client.get("/seeker/profile").get_data(as_text=True)
    assert "系统无法从“社区环境巡查员”确定职业，请选择最接近的一项" in page
    assert '<option value="" selected>请选择</option>' in page
    client.post("/seeker/profile/occupations", data={"occ_0": options[1], "occ_1": sure})
    with app.app_context():
        assert db.session.get(Person, person_id).desired_occupation_codes == [options[1], sure]
    page = client.get("/seeker/profile").get_data(as_text=True)
    assert "系统无法从" not in page
    assert f'<option value="{options[1]}" selected>' in page


def test_a_title_naming_no_trade_is_left_for_the_seeker_to_choose(app, people):
    client, person_id = people.seeker(profile={"desired_titles": "普工"})
    with app.app_context():
        from jobhub.seekers.models import Person

        assert coding.confident_code("普工") is None
        assert db.session.get(Person, person_id).desired_occupation_codes == []
    page = client.get("/seeker/profile").get_data(as_text=True)
    assert "系统无法从“普工”确定职业，请选择最接近的一项" in page
