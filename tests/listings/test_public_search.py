"""Public vacancy search: an anonymous visitor finds and reads vacancies by keyword, street,
occupation, kind, pay and date, on the page and through GET /api/v1/vacancies."""

from __future__ import annotations

from datetime import timedelta

import pytest

from jobhub.db import now_utc
from tests.seekers.helpers import TODAY, build_index, post_vacancy

CONTRACT_KEYS = {
    "id",
    "title",
    "employer",
    "street_code",
    "street_name",
    "kind",
    "salary_min",
    "salary_max",
    "salary_unit",
    "published_at",
}


@pytest.fixture
def board(app, people):
    """Three published vacancies of one employer, one paused, one expired; index built."""
    from jobhub.employers.models import Vacancy
    from jobhub.extensions import db

    client, _org = people.employer()
    ids = {
        "electrician": post_vacancy(
            client,
            title="小区维修电工",
            description="负责小区配电箱、照明线路的日常检修，持低压电工作业证。",
            skills="低压电工作业证、线路检修",
            street_code="330106007",
            salary_min="5000",
            salary_max="7000",
        ),
        "cashier": post_vacancy(
            client,
            title="超市收银员",
            description="负责超市收银、商品整理，做六休一。",
            skills="收银",
            street_code="330106005",
            salary_min="150",
            salary_max="180",
            salary_unit="day",
        ),
        "analyst": post_vacancy(client),  # 数据分析助理, 6000–8000 a month, 330106007
        "paused": post_vacancy(client, title="配电维修电工（暂停）"),
        "old": post_vacancy(client, title="维修电工（已过期）"),
    }
    with app.app_context():
        paused = db.session.get(Vacancy, ids["paused"])
        paused.status = "paused"
        old = db.session.get(Vacancy, ids["old"])
        old.valid_until = TODAY - timedelta(days=1)
        analyst = db.session.get(Vacancy, ids["analyst"])
        analyst.published_at = now_utc() - timedelta(days=20)
        db.session.commit()
    build_index(app)
    return {**ids, "client": client}


def api(client, **params):
    return client.get("/api/v1/vacancies", query_string=params)


def test_keyword_ranks_by_the_text_model_and_hides_closed_and_expired(app, board):
    body = api(app.test_client(), q="电工").get_json()
    ids = [item["id"] for item in body["items"]]
    assert ids == [board["electrician"]]
    assert body["total"] == 1 and body["page"] == 1 and body["per_page"] == 20
    item = body["items"][0]
    assert set(item) == CONTRACT_KEYS
    assert item["employer"].startswith("测试单位")
    assert item["street_code"] == "330106007" and item["street_name"]
    assert item["kind"] == "regular" and item["salary_unit"] == "month"
    assert item["salary_min"] == 5000 and item["salary_max"] == 7000
    assert item["published_at"].endswith("+08:00")


def test_filters_by_street_kind_pay_and_days(app, board):
    client = app.test_client()
    by_street = {i["id"] for i in api(client, street="330106005").get_json()["items"]}
    assert by_street == {board["cashier"]}
    # 180 a day is 3915 a month: below a floor of 5000, above 3000
    assert board["cashier"] not in {
        i["id"] for i in api(client, min_pay="5000").get_json()["items"]
    }
    assert board["cashier"] in {i["id"] for i in api(client, min_pay="3000").get_json()["items"]}
    recent = {i["id"] for i in api(client, days="7").get_json()["items"]}
    assert board["analyst"] not in recent and board["electrician"] in recent
    assert api(client, kind="traineeship").get_json()["total"] == 0
    everything = api(client).get_json()
    assert {i["id"] for i in everything["items"]} == {
        board["electrician"],
        board["cashier"],
        board["analyst"],
    }
    # newest first without a keyword
    assert everything["items"][-1]["id"] == board["analyst"]


def test_occupation_filter_takes_a_middle_group(app, board):
    from jobhub.employers.models import Vacancy
    from jobhub.extensions import db

    with app.app_context():
        code = db.session.get(Vacancy, board["cashier"]).occupation_code
    assert code, "the classifier codes a cashier"
    middle = "-".join(code.split("-")[:2]) + "-00-00"
    found = {i["id"] for i in api(app.test_client(), occupation=middle).get_json()["items"]}
    assert board["cashier"] in found and board["electrician"] not in found


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"street": "999999999"}, "street"),
        ({"kind": "bachelor"}, "kind"),
        ({"min_pay": "NaN"}, "min_pay"),
        ({"min_pay": "1e400"}, "min_pay"),
        ({"min_pay": "-1"}, "min_pay"),
        ({"days": "99999999999999999999999"}, "days"),
        ({"occupation": "9-99-99-99"}, "occupation"),
        ({"q": "电" * 51}, "q"),
        ({"page": "0"}, "page"),
        ({"per_page": "101"}, "per_page"),
        ({"sort": "price"}, "sort"),
    ],
)
def test_bad_parameters_get_422_naming_the_field(app, board, params, field):
    response = api(app.test_client(), **params)
    assert response.status_code == 422
    body = response.get_json()
    assert field in body["error"]["fields"]
    assert body["error"]["fields"][field]
    page = app.test_client().get("/vacancies", query_string=params)
    assert page.status_code == 200


@pytest.mark.parametrize("raw", ["q=%ED%A0%80", "q=%00", "street=%ED%A0%80", "min_pay=inf"])
def test_odd_bytes_never_a_server_error(app, board, raw):
    client = app.test_client()
    assert client.get(f"/api/v1/vacancies?{raw}").status_code in (200, 400, 422)
    assert client.get(f"/vacancies?{raw}").status_code in (200, 400)


def test_public_page_shows_the_vacancy_and_asks_to_sign_in(app, board):
    client = app.test_client()
    page = client.get("/vacancies?q=收银")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "超市收银员" in text and "小区维修电工" not in text
    detail = client.get(f"/vacancies/{board['cashier']}").get_data(as_text=True)
    assert "超市收银员" in detail and "测试单位" in detail and "登录后投递" in detail
    assert "cov-marker" in detail  # the workplace pinned on the coverage map
    assert "元/天" in detail
    for hidden in ("paused", "old"):
        assert client.get(f"/vacancies/{board[hidden]}").status_code == 404
    assert client.get("/vacancies/99999999999999999999999").status_code == 404


def test_home_page_cards_link_to_public_pages(app, board):
    text = app.test_client().get("/").get_data(as_text=True)
    assert f'href="/vacancies/{board["electrician"]}"' in text
    assert f'href="/vacancies/{board["paused"]}"' not in text


def test_search_reads_new_vacancies_without_a_rebuild(app, board, people):
    client, _ = people.employer()
    new_id = post_vacancy(client, title="水电维修电工", description="负责水电维修。")
    found = {i["id"] for i in api(app.test_client(), q="电工").get_json()["items"]}
    assert new_id in found


def test_gigs_listed_with_kind_gig(app, board):
    body = api(app.test_client(), kind="gig").get_json()
    assert body["total"] == 0 and body["items"] == []


def test_api_is_in_the_openapi_document(app):
    doc = app.test_client().get("/api/v1/openapi.json").get_json()
    operation = doc["paths"]["/api/v1/vacancies"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"q", "street", "occupation", "kind", "min_pay", "page", "per_page"} <= names
    assert "422" in operation["responses"]


def ids_of(client, **params) -> list[int]:
    return [item["id"] for item in api(client, **params).get_json()["items"]]


def test_keyword_with_each_filter_and_by_date(app, board, people):
    client = app.test_client()
    employer, _ = people.employer()
    other = post_vacancy(
        employer,
        title="水电维修电工",
        description="负责商场水电维修，持低压电工作业证。",
        skills="低压电工作业证",
        street_code="330106005",
        salary_min="120",
        salary_max="160",
        salary_unit="day",
    )
    assert set(ids_of(client, q="电工")) == {board["electrician"], other}
    assert ids_of(client, q="电工", street="330106005") == [other]
    assert ids_of(client, q="电工", street="330106007") == [board["electrician"]]
    # 160 a day is 3480 a month: under a floor of 3500, over 3480 exactly
    assert ids_of(client, q="电工", min_pay="3500") == [board["electrician"]]
    assert set(ids_of(client, q="电工", min_pay="3480")) == {board["electrician"], other}
    assert ids_of(client, q="电工", kind="traineeship") == []
    assert ids_of(client, q="分析", days="7") == []
    assert ids_of(client, q="分析", days="30") == [board["analyst"]]
    # newest first: the one posted in this test, then the board's electrician
    assert ids_of(client, q="电工", sort="date") == [other, board["electrician"]]
    body = api(client, q="电工", per_page="1", page="2").get_json()
    assert body["total"] == 2 and len(body["items"]) == 1


def _status(app, vacancy_id: int) -> str:
    from jobhub.employers.models import Vacancy
    from jobhub.extensions import db

    with app.app_context():
        return db.session.get(Vacancy, vacancy_id).status


def test_keyword_filters_follow_edits_closing_expiry_and_new_postings(app, board):
    """The columns kept beside the index change with the vacancy, without a rebuild."""
    from sqlalchemy import update

    from jobhub.db import now_utc
    from jobhub.employers.models import Vacancy
    from jobhub.extensions import db
    from jobhub.listings import search
    from tests.seekers.helpers import vacancy_form

    client = app.test_client()
    employer = board["client"]
    electrician = board["electrician"]
    assert ids_of(client, q="电工", street="330106007") == [electrician]  # columns now loaded

    # edited: another street, day pay
    edited = vacancy_form(
        title="小区维修电工",
        description="负责小区配电箱、照明线路的日常检修，持低压电工作业证。",
        skills="低压电工作业证、线路检修",
        street_code="330106005",
        salary_min="150",
        salary_max="180",
        salary_unit="day",
    )
    response = employer.post(f"/employer/vacancies/{electrician}/edit", data=edited)
    assert response.status_code == 302 and _status(app, electrician) == "published"
    assert ids_of(client, q="电工", street="330106007") == []
    assert ids_of(client, q="电工", street="330106005") == [electrician]
    assert ids_of(client, q="电工", min_pay="5000") == []

    # newly published
    new_id = post_vacancy(employer, title="水电维修电工", street_code="330106007")
    assert ids_of(client, q="电工", street="330106007") == [new_id]

    # closed by its employer
    employer.post(f"/employer/vacancies/{new_id}/status", data={"action": "close"})
    assert _status(app, new_id) == "closed"
    assert ids_of(client, q="电工", street="330106007") == []

    # paused by another process (a write this process did not make, seen by the change poll)
    with app.app_context():
        db.session.execute(
            update(Vacancy)
            .where(Vacancy.id == electrician)
            .values(status="paused", updated_at=now_utc())
        )
        db.session.commit()
    assert api(client, q="电工").get_json()["total"] == 0

    # validity runs out by date, with no write: valid through today, gone tomorrow
    later = post_vacancy(employer, title="配电维修电工", valid_until=TODAY.isoformat())
    query = search.parse_query({"q": "电工"})
    with app.test_request_context():
        found, total = search.search(query, 1, 20)
        assert [x.id for x in found] == [later] and total == 1
        assert search.search(query, 1, 20, now=now_utc() + timedelta(days=1)) == ([], 0)
