"""Two-factor sign-in for staff and admins: mandatory TOTP with recovery codes (issue 12 item 3).
Codes are made with pyotp from the secret the enrolment page shows, as an authenticator app
would."""

from __future__ import annotations

import re

import pyotp
import pytest
from sqlalchemy import text

from jobhub.auth.models import User
from jobhub.extensions import db
from jobhub.security.models import AuditEvent
from tests.conftest import totp_code

PASSWORD = "Correct-horse-42"


def _login(client, login: str):
    return client.post("/auth/login", data={"login": login, "password": PASSWORD})


def _signed_in(client) -> bool:
    return client.get("/auth/password").status_code == 200


def _events(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        return list(db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == action)))


def _new_staff(app, accounts, role="station_staff") -> str:
    """A staff account as an operator makes it: nothing bound yet."""
    _, login = accounts.create(role)
    with app.app_context():
        user = db.session.scalars(db.select(User).where(User.role == role)).all()[-1]
        user.totp_secret = user.totp_enrolled_at = None
        db.session.commit()
    accounts.secrets.pop(login)
    return login


def _secret_on(page: str) -> str:
    return re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")


def _codes_on(page: str) -> list[str]:
    return re.findall(r"<code>([A-Z2-9]{4}-[A-Z2-9]{4})</code>", page)


def _enrol(client, login: str) -> tuple[str, list[str]]:
    """Sign in for the first time and bind an app: the secret and the recovery codes shown."""
    _login(client, login)
    secret = _secret_on(client.get("/auth/totp-setup").get_data(as_text=True))
    done = client.post("/auth/totp-setup", data={"code": pyotp.TOTP(secret).now()})
    return secret, _codes_on(done.get_data(as_text=True))


@pytest.mark.parametrize("role", ["station_staff", "admin"])
def test_first_login_binds_an_app_before_anything_opens(app, client, accounts, role):
    login = _new_staff(app, accounts, role)
    answer = _login(client, login)
    assert answer.status_code == 302 and "/auth/totp-setup" in answer.headers["Location"]
    assert not _signed_in(client)
    page = client.get("/auth/totp-setup").get_data(as_text=True)
    assert "<svg" in page  # the QR code to scan
    secret = _secret_on(page)
    # reloading shows the same secret (the person may still be scanning)
    assert secret in client.get("/auth/totp-setup").get_data(as_text=True).replace(" ", "")
    with app.app_context():
        stored = db.session.execute(
            text("SELECT totp_secret FROM users WHERE role = :r"), {"r": role}
        ).scalar()
        assert secret not in stored  # encrypted at rest
    wrong = client.post("/auth/totp-setup", data={"code": "000000"})
    assert "验证码不正确" in wrong.get_data(as_text=True) and not _signed_in(client)
    done = client.post("/auth/totp-setup", data={"code": pyotp.TOTP(secret).now()})
    codes = _codes_on(done.get_data(as_text=True))
    assert len(set(codes)) == 10
    assert _signed_in(client)
    assert len(_events(app, "enrol_second_factor")) == 1


def test_a_password_alone_does_not_open_a_staff_account(app, client, accounts):
    _, login = accounts.create("station_staff")
    answer = _login(client, login)
    assert "/auth/second-factor" in answer.headers["Location"]
    assert client.get("/station/").status_code in (302, 401, 403) and not _signed_in(client)
    # the enrolment page cannot be used to bind a second app to an enrolled account
    assert "/auth/second-factor" in client.get("/auth/totp-setup").headers["Location"]
    wrong = client.post("/auth/second-factor", data={"code": "000000"})
    assert "验证码不正确" in wrong.get_data(as_text=True) and not _signed_in(client)
    right = client.post(
        "/auth/second-factor", data={"code": totp_code(app, login, accounts.secrets[login])}
    )
    assert right.status_code == 302 and _signed_in(client)


def test_a_code_is_good_once(app, accounts):
    _, login = accounts.create("admin")
    first, second = app.test_client(), app.test_client()
    code = totp_code(app, login, accounts.secrets[login])
    _login(first, login)
    assert first.post("/auth/second-factor", data={"code": code}).status_code == 302
    _login(second, login)  # someone who saw the code over the shoulder
    replay = second.post("/auth/second-factor", data={"code": code})
    assert replay.status_code == 200 and not _signed_in(second)


def test_seekers_and_employers_are_not_asked(app, accounts):
    for role in ("seeker", "employer"):
        _, login = accounts.create(role)
        client = app.test_client()
        answer = _login(client, login)
        assert "/auth/" not in answer.headers["Location"] and _signed_in(client)


def test_a_recovery_code_opens_once(app, client, accounts):
    login = _new_staff(app, accounts)
    _secret, codes = _enrol(client, login)
    phone_lost = app.test_client()
    _login(phone_lost, login)
    used = phone_lost.post("/auth/second-factor", data={"code": codes[3].lower()})
    assert used.status_code == 302
    assert "还剩 9 个" in phone_lost.get("/auth/password").get_data(as_text=True)
    again = app.test_client()
    _login(again, login)
    assert again.post("/auth/second-factor", data={"code": codes[3]}).status_code == 200
    assert [e.purpose for e in _events(app, "use_recovery_code")] == ["剩余恢复码 9 个"]


def test_new_recovery_codes_void_the_old_ones(app, client, accounts):
    login = _new_staff(app, accounts)
    secret, old = _enrol(client, login)
    assert "未使用的恢复码：<strong>10</strong>" in client.get("/auth/two-factor").get_data(
        as_text=True
    )
    renewed = client.post("/auth/two-factor", data={"code": totp_code(app, login, secret)})
    new = _codes_on(renewed.get_data(as_text=True))
    assert len(new) == 10 and not set(new) & set(old)
    other = app.test_client()
    _login(other, login)
    assert other.post("/auth/second-factor", data={"code": old[0]}).status_code == 200
    assert other.post("/auth/second-factor", data={"code": new[0]}).status_code == 302


def test_the_two_factor_page_is_for_staff_and_admins_only(accounts):
    client = accounts.client_for("seeker")
    assert client.get("/auth/two-factor").status_code == 403


def test_a_half_finished_sign_in_runs_out(make_app):
    from tests.conftest import Accounts

    app = make_app(SECOND_FACTOR_MINUTES=0)
    accounts = Accounts(app)
    _, login = accounts.create("station_staff")
    client = app.test_client()
    _login(client, login)
    late = client.post(
        "/auth/second-factor", data={"code": totp_code(app, login, accounts.secrets[login])}
    )
    assert "/auth/login" in late.headers["Location"] and not _signed_in(client)


def test_wrong_codes_are_throttled(app, client, accounts):
    _, login = accounts.create("station_staff")
    _login(client, login)
    answers = [client.post("/auth/second-factor", data={"code": "000000"}) for _ in range(6)]
    assert [a.status_code for a in answers] == [200] * 5 + [429]


def test_an_operator_resets_a_lost_phone(app, accounts, runner):
    _, login = accounts.create("station_staff")
    result = runner.invoke(
        args=[
            "jobhub",
            "reset-second-factor",
            "--login",
            login,
            "--reason",
            "手机丢失，本人持证申请",
        ]
    )
    assert result.exit_code == 0, result.output
    client = app.test_client()
    assert "/auth/totp-setup" in _login(client, login).headers["Location"]
    assert "手机丢失" in _events(app, "reset_second_factor")[0].purpose
    unknown = runner.invoke(
        args=["jobhub", "reset-second-factor", "--login", "nobody", "--reason", "x"]
    )
    assert unknown.exit_code != 0 and "没有这个账号" in unknown.output


def test_the_page_asked_for_opens_after_the_second_factor(app, client, accounts):
    _, login = accounts.create("station_staff")
    client.post("/auth/login?next=/auth/tokens", data={"login": login, "password": PASSWORD})
    code = totp_code(app, login, accounts.secrets[login])
    answer = client.post("/auth/second-factor", data={"code": code})
    assert answer.headers["Location"].endswith("/auth/tokens")
    evil = app.test_client()
    evil.post("/auth/login?next=//evil.example/", data={"login": login, "password": PASSWORD})
    code = totp_code(app, login, accounts.secrets[login])
    assert "evil" not in evil.post("/auth/second-factor", data={"code": code}).headers["Location"]
