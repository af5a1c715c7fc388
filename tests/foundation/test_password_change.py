"""修改密码: with the current password, by the one password rule, and every other session of
the person ends (a cookie left on another device or copied stops working)."""

from __future__ import annotations

from jobhub.extensions import db
from jobhub.security.models import AuditEvent

OLD = "Correct-horse-42"
NEW = "Quiet-River-Lantern-97"


def _change(client, current, new, confirm=None):
    return client.post(
        "/auth/password",
        data={"current": current, "password": new, "confirm": confirm or new},
    )


def test_a_person_changes_their_password_and_other_sessions_end(app, accounts):
    user_id, login = accounts.create("seeker")
    here, elsewhere = app.test_client(), app.test_client()
    accounts.login(here, login)
    accounts.login(elsewhere, login)
    assert elsewhere.get("/auth/password").status_code == 200

    wrong = _change(here, "Not-my-password-1", NEW).get_data(as_text=True)
    assert "当前密码不正确" in wrong
    weak = _change(here, OLD, "Passw0rd").get_data(as_text=True)
    assert "太常见" in weak
    mismatch = _change(here, OLD, NEW, confirm=NEW + "x").get_data(as_text=True)
    assert "两次输入的新密码不一致" in mismatch
    assert accounts.login(app.test_client(), login).status_code == 302  # still the old one

    done = _change(here, OLD, NEW)
    assert done.status_code == 302
    assert here.get("/auth/password").status_code == 200  # this session goes on
    assert elsewhere.get("/auth/password").status_code == 302  # the other one ended
    assert accounts.login(app.test_client(), login).status_code == 200  # old refused
    assert accounts.login(app.test_client(), login, NEW).status_code == 302
    with app.app_context():
        events = (
            db.session.execute(db.select(AuditEvent).where(AuditEvent.action == "change_password"))
            .scalars()
            .all()
        )
        assert [e.actor_user_id for e in events] == [user_id]


def test_staff_need_twelve_characters(app, accounts):
    _, login = accounts.create("station_staff")
    client = app.test_client()
    accounts.login(client, login)
    page = _change(client, OLD, "Xk9#qLm2vB").get_data(as_text=True)  # 10, strong otherwise
    assert "密码长度应为 12 到 128 个字符" in page
    assert "至少 12 个字符" in client.get("/auth/password").get_data(as_text=True)


def test_someone_signed_out_is_sent_to_log_in(client):
    answer = client.get("/auth/password")
    assert answer.status_code == 302 and "/auth/login" in answer.headers["Location"]
