"""查找人员: by ID number (also typed in full-width digits), by mobile number, by part of a
name among the station's own people; another station's client is not shown; every search is
audited without the query."""

from __future__ import annotations

from datetime import date

from jobhub.auth.models import User
from jobhub.demo import make_id_number
from jobhub.extensions import db
from jobhub.security.models import AuditEvent
from tests.gigs import factory


def _setup(app, accounts):
    user_id, login = accounts.create("station_staff")
    client = app.test_client()
    accounts.login(client, login)
    with app.app_context():
        station = db.session.get(User, user_id).station_id
        other = factory.station(name="别的驿站").id
        mine = factory.person(1, registered_station_id=station, name="欧阳晓梅")
        mine.id_number = make_id_number(date(1980, 5, 6), 7, True)
        mine.phone = "13912345678"
        theirs = factory.person(2, registered_station_id=other, name="欧阳建国")
        theirs.id_number = make_id_number(date(1970, 1, 2), 8, False)
        theirs.phone = "13887654321"
        db.session.commit()
        return client, user_id, mine.id_number, theirs.id_number


def _search(client, q):
    return client.post("/station/people/search", data={"q": q}).get_data(as_text=True)


def test_a_worker_finds_their_client_by_id_phone_or_name(app, accounts):
    client, user_id, mine, theirs = _setup(app, accounts)
    full_width = mine.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
    for query in (mine, full_width, "139 1234 5678", "晓梅", "欧阳"):
        page = _search(client, query)
        assert "欧阳晓梅" in page, query
        assert mine not in page and "13912345678" not in page  # shown masked only
        assert mine[:6] + "********" + mine[-4:] in page
    assert "欧阳建国" not in _search(client, "欧阳")  # a name reaches only this station's people
    by_id = _search(client, theirs)
    assert "欧阳建国" not in by_id and "不在本站的服务名单中" in by_id
    assert "不在本站的服务名单中" in _search(client, "13887654321")
    assert "没有找到" in _search(client, "13800000000")
    with app.app_context():
        notes = (
            db.session.execute(
                db.select(AuditEvent.purpose).where(
                    AuditEvent.action == "search_people", AuditEvent.actor_user_id == user_id
                )
            )
            .scalars()
            .all()
        )
    assert len(notes) == 9  # one per search
    assert "按身份证号查找，显示 1 人" in notes and "按姓名查找，显示 1 人" in notes
    assert not any(mine in n or "晓梅" in n or "139" in n for n in notes)


def test_a_malformed_number_is_explained_and_a_wildcard_is_not_a_search(app, accounts):
    client, *_ = _setup(app, accounts)
    assert "校验" in _search(client, "110101199003071234") or "身份证" in _search(
        client, "110101199003071234"
    )
    assert "请输入姓名" in _search(client, "%")


def test_other_roles_cannot_search(app, accounts):
    for role in ("seeker", "employer"):
        client = accounts.client_for(role)
        assert client.post("/station/people/search", data={"q": "欧阳"}).status_code in (403, 404)
