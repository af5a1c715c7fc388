"""Registration, login, logout, throttling and password storage."""

import re
import time

from jobhub.auth.models import User
from jobhub.extensions import db
from tests.conftest import sent_sms, submit_with_sms_code

PASSWORD = "Sunny-Day-2026"


def register(client, phone="13912345678", password=PASSWORD, name="小林"):
    data = {"phone": phone, "display_name": name, "password": password, "confirm": password}
    return submit_with_sms_code(client.application, client, "/auth/register", data)


def login(client, login_name="13912345678", password=PASSWORD):
    return client.post("/auth/login", data={"login": login_name, "password": password})


def test_register_then_login_reaches_the_seeker_home(client):
    response = register(client)
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    response = login(client)
    assert response.status_code == 302
    home = client.get("/home", follow_redirects=True)
    assert "您好，小林" in home.get_data(as_text=True)


def test_registration_answer_does_not_reveal_a_known_phone(client, app):
    assert register(client).status_code == 302
    client.get("/auth/login")  # the first registration's answer is read
    # Someone else tries the same phone: the screen reads as for any new phone, the phone's
    # holder is told by text, and no code exists that could finish the registration.
    data = {"phone": "13912345678", "display_name": "别人", "password": "Another-pass-77"}
    known = client.post("/auth/register", data={**data, "send_code": "1"})
    fresh = client.post("/auth/register", data={**data, "phone": "13912345679", "send_code": "1"})
    assert known.status_code == fresh.status_code == 200
    assert "验证码已经发出" in known.get_data(as_text=True)
    # the same page but for the phone number itself, which the person typed
    same = known.get_data(as_text=True).replace("5678", "5679")
    assert same == fresh.get_data(as_text=True)
    note = sent_sms(app, "13912345678")[-1]
    assert "已经注册" in note and not re.search(r"\d{6}", note)
    attempt = client.post(
        "/auth/register", data={**data, "confirm": data["password"], "code": "123456"}
    )
    assert "短信验证码不正确" in attempt.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 1
    # the original password still works; the second registration changed nothing
    assert login(client).status_code == 302


def test_login_failure_message_is_the_same_for_unknown_phone_and_wrong_password(client):
    register(client)
    wrong_password = login(client, password="Wrong-pass-000").get_data(as_text=True)
    unknown = login(client, login_name="13700009999").get_data(as_text=True)
    assert "手机号（账号）或密码不正确" in wrong_password
    assert "手机号（账号）或密码不正确" in unknown


def test_registration_errors_name_the_field_in_chinese(client, app):
    response = client.post(
        "/auth/register",
        data={"phone": "123", "display_name": "", "password": "12345678", "confirm": "x"},
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "手机号应为 11 位数字" in text
    assert "请填写称呼" in text
    assert "太常见" in text
    assert "两次输入的密码不一致" in text
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 0


def test_logout_kills_a_copied_session_cookie(app, client):
    register(client)
    login(client)
    cookie = client.get_cookie("jobhub_session").value
    thief = app.test_client()
    thief.set_cookie("jobhub_session", cookie)
    assert thief.get("/seeker/").status_code == 200  # the copy works while the session lives
    assert client.post("/auth/logout").status_code == 302
    assert thief.get("/seeker/").status_code == 302  # dead after logout: sent to the login page
    assert client.get("/seeker/").status_code == 302


def test_throttle_per_account_answers_429_then_lets_the_owner_in(make_app):
    app = make_app(LOGIN_MAX_FAILURES_PER_ACCOUNT=3, LOGIN_WINDOW_SECONDS=1)
    client = app.test_client()
    register(client)
    for _ in range(3):
        assert login(client, password="Wrong-pass-000").status_code == 200
    blocked = login(client)  # even the right password waits out the window
    assert blocked.status_code == 429
    assert "账号没有被锁定" in blocked.get_data(as_text=True)
    time.sleep(1.1)
    assert login(client).status_code == 302  # not locked out


def test_throttle_per_ip_covers_many_accounts(make_app):
    app = make_app(LOGIN_MAX_FAILURES_PER_IP=4, LOGIN_MAX_FAILURES_PER_ACCOUNT=100)
    client = app.test_client()
    for i in range(4):
        login(client, login_name=f"1370000{i:04d}", password="Wrong-pass-000")
    assert login(client, login_name="13700005555").status_code == 429


def test_passwords_are_stored_with_an_asvs_grade_hash(make_app):
    app = make_app(PASSWORD_HASH_METHOD=None)
    app.config["PASSWORD_HASH_METHOD"] = "scrypt:32768:8:3"  # the shipped default
    from jobhub import config

    assert config.PASSWORD_HASH_METHOD == "scrypt:32768:8:3"
    client = app.test_client()
    register(client)
    with app.app_context():
        user = db.session.execute(db.select(User)).scalar_one()
        assert user.password_hash.startswith("scrypt:32768:8:3$")
        assert PASSWORD not in user.password_hash


def test_employer_registration_validates_the_credit_code(client, app):
    from jobhub.demo import make_uscc

    data = {
        "organisation_name": "杭州测试有限公司",
        "uscc": "91330106MA2000001X",
        "display_name": "王经理",
        "phone": "13911112222",
        "password": PASSWORD,
        "confirm": PASSWORD,
    }
    bad = client.post("/auth/register/employer", data=data)
    assert "统一社会信用代码" in bad.get_data(as_text=True)
    data["uscc"] = make_uscc(4242)
    assert submit_with_sms_code(app, client, "/auth/register/employer", data).status_code == 302
    assert login(client, "13911112222").status_code == 302
    assert "杭州测试有限公司" in client.get("/employer/").get_data(as_text=True)


def test_next_parameter_cannot_send_users_off_site(client):
    register(client)
    response = client.post(
        "/auth/login?next=//evil.example/", data={"login": "13912345678", "password": PASSWORD}
    )
    assert response.headers["Location"].endswith("/home")
