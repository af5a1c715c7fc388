"""Error pages, the API's error shape, health, OpenAPI, CSRF and demo data."""

import re

from jobhub.access import PUBLIC, allow
from jobhub.auth.models import User
from jobhub.employers.models import Vacancy
from jobhub.extensions import db
from jobhub.gigs.models import Gig
from jobhub.seekers.models import Person
from jobhub.stations.models import Station
from tests.conftest import sign_in


def test_health_checks_the_database(client):
    response = client.get("/api/v1/health")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


def test_openapi_document_is_generated_from_the_code(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert "/api/v1/health" in spec["paths"]


def test_api_errors_have_one_shape(client):
    for response, status in (
        (client.get("/api/v1/nowhere"), 404),
        (client.post("/api/v1/health"), 405),
    ):
        body = response.get_json()
        assert response.status_code == status
        assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fields"}
        assert body["error"]["message"]  # Chinese text for a person


def test_error_pages_are_chinese_and_leak_nothing(make_app):
    app = make_app()

    @app.route("/boom")
    @allow(PUBLIC)
    def boom():
        raise RuntimeError("secret internals: password=hunter2")

    client = app.test_client()
    page = client.get("/boom")
    text = page.get_data(as_text=True)
    assert page.status_code == 500 and "系统出错了" in text
    assert "hunter2" not in text and "Traceback" not in text
    missing = client.get("/no-such-page")
    assert missing.status_code == 404 and "页面不存在" in missing.get_data(as_text=True)


def test_oversized_body_is_refused_politely(make_app):
    app = make_app(MAX_CONTENT_LENGTH=1024)
    response = app.test_client().post("/auth/login", data={"login": "x" * 5000})
    assert response.status_code == 413
    assert "超过了大小限制" in response.get_data(as_text=True)


def test_csrf_is_required_on_forms(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    response = client.post("/auth/login", data={"login": "13900000000", "password": "x" * 10})
    assert response.status_code == 400
    assert "页面已过期" in response.get_data(as_text=True)
    page = client.get("/auth/login").get_data(as_text=True)
    assert 'name="csrf_token"' in page


def test_security_headers(client):
    response = client.get("/")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    cookie_flags = client.get("/auth/login").headers.get("Set-Cookie", "")
    assert cookie_flags == "" or "HttpOnly" in cookie_flags


def test_pages_with_personal_data_are_never_cached_and_https_is_pinned(app, accounts, make_app):
    client = app.test_client()
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")
    _uid, login = accounts.create("seeker")
    accounts.login(client, login)
    for path in ("/seeker/profile", "/home", "/api/v1/me"):
        assert client.get(path).headers["Cache-Control"] == "no-store", path
    static = client.get("/static/jobhub.css")
    assert "no-store" not in static.headers.get("Cache-Control", "")
    static.close()
    assert "Strict-Transport-Security" not in client.get("/").headers  # plain http (make run)
    secure = client.get("/", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    # behind a TLS-terminating proxy, only when it is declared as trusted
    forwarded = {"X-Forwarded-Proto": "https"}
    assert "Strict-Transport-Security" not in client.get("/", headers=forwarded).headers
    proxied = make_app(PROXY_FIX_HOPS=1).test_client()
    assert "Strict-Transport-Security" in proxied.get("/", headers=forwarded).headers


def test_api_answers_in_readable_utf8(client):
    body = client.post("/api/v1/policy/evaluate", data="{", content_type="application/json")
    raw = body.get_data()
    assert "请求体".encode() in raw and b"\\u8bf7" not in raw
    assert body.headers["Content-Type"].startswith("application/json")


def test_seed_demo_fills_a_district_once(app, runner, client):
    first = runner.invoke(args=["jobhub", "seed-demo"])
    assert first.exit_code == 0 and "已生成演示数据" in first.output
    with app.app_context():
        counts = {
            m.__name__: db.session.scalar(db.select(db.func.count()).select_from(m))
            for m in (User, Vacancy, Gig, Person, Station)
        }
        kinds = set(db.session.scalars(db.select(Vacancy.kind)))
    assert kinds == {"regular", "traineeship", "public_welfare"}
    assert counts["Station"] >= 3 and counts["Gig"] >= 5 and counts["Person"] >= 6
    second = runner.invoke(args=["jobhub", "seed-demo"])
    assert "未作改动" in second.output
    with app.app_context():
        again = {
            m.__name__: db.session.scalar(db.select(db.func.count()).select_from(m))
            for m in (User, Vacancy, Gig, Person, Station)
        }
    assert again == counts
    logins = [line.split() for line in first.output.splitlines() if " 账号 " in line]
    assert len(logins) == 5  # seeker, employer, station staff, admin, training institution
    secret = re.search(r"密钥 ([A-Z2-7]{32})", first.output).group(1)
    for _role, _, login, _, password in logins:
        fresh = app.test_client()
        response = sign_in(app, fresh, login, password, secret)
        assert response.status_code == 302 and "/auth/" not in response.headers["Location"]
        assert fresh.get("/home", follow_redirects=True).status_code == 200


def test_demo_home_page_lists_vacancies(app, runner, client):
    runner.invoke(args=["jobhub", "seed-demo"])
    text = client.get("/").get_data(as_text=True)
    assert "养老护理员" in text and "在招岗位" in text


def test_demo_graduates_are_within_two_years_whenever_it_is_seeded(app):
    """The demo's graduates keep showing the key group, however long after this was written
    the district is seeded (graduation is dated from the seeding day)."""
    from datetime import date

    from jobhub.demo import seed_demo
    from jobhub.seekers.policy import evaluate_person

    later = date(date.today().year + 3, 3, 1)
    with app.app_context():
        seed_demo(today=later)
        db.session.commit()
        graduates = db.session.scalars(
            db.select(Person).where(Person.graduation_date.is_not(None))
        ).all()
        assert len(graduates) >= 2
        for person in graduates:
            groups = {f.code for f in evaluate_person(person, as_of=later).key_groups}
            assert "graduate_within_2y" in groups, person.name


def test_home_page_cards_link_to_the_vacancy_and_a_fixed_wage_shows_once(app, accounts):
    from tests.seekers.helpers import People, post_vacancy

    employer, _ = People(app, accounts).employer()
    vid = post_vacancy(employer, salary_min="6000", salary_max="6000")
    page = app.test_client().get("/").get_data(as_text=True)
    assert f'href="/vacancies/{vid}"' in page  # the public page: a visitor may open it
    assert "6000 元/月" in page and "6000–6000" not in page


def test_the_pager_links_the_pages_around_the_one_shown_with_the_list_s_own_arguments(app):
    from flask import render_template_string

    page = (
        '{% from "_macros.html" import pager %}{{ pager("listings.index", p, n, {"q": "电工"}) }}'
    )
    with app.test_request_context():
        middle = render_template_string(page, p=2, n=3)
        first = render_template_string(page, p=1, n=3)
        last = render_template_string(page, p=3, n=3)
        alone = render_template_string(page, p=1, n=1)
    assert "第 2 / 3 页" in middle and "page=1" in middle and "page=3" in middle
    assert "q=%E7%94%B5%E5%B7%A5" in middle  # the search is kept
    assert "上一页" not in first and "下一页" in first
    assert "上一页" in last and "下一页" not in last
    assert "pager" not in alone  # one page: no pager
