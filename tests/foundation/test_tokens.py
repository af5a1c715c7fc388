"""Per-user API tokens: shown once, work as a bearer on the API only, dead once revoked."""

import re

from jobhub.auth.models import ApiToken
from jobhub.extensions import db


def make_token(client) -> str:
    page = client.post("/auth/tokens", data={"name": "区就业信息系统对接"}).get_data(as_text=True)
    return re.search(r"(jh_[A-Za-z0-9_\-]+)", page).group(1)


def test_token_acts_for_its_owner_until_revoked(app, accounts):
    owner = accounts.client_for("employer")
    token = make_token(owner)
    anonymous = app.test_client()
    assert anonymous.get("/api/v1/me").status_code == 401
    me = anonymous.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.get_json()["role"] == "employer"
    # a bearer token does not open the web pages
    assert (
        anonymous.get("/employer/", headers={"Authorization": f"Bearer {token}"}).status_code == 302
    )
    with app.app_context():
        row = db.session.execute(db.select(ApiToken)).scalar_one()
        assert token not in row.token_hash
    owner.post(f"/auth/tokens/{row.id}/revoke")
    dead = anonymous.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert dead.status_code == 401


def test_nobody_else_can_revoke_a_token(app, accounts):
    owner = accounts.client_for("seeker")
    make_token(owner)
    other = accounts.client_for("seeker")
    with app.app_context():
        token_id = db.session.execute(db.select(ApiToken.id)).scalar_one()
    assert other.post(f"/auth/tokens/{token_id}/revoke").status_code == 404
    with app.app_context():
        assert db.session.execute(db.select(ApiToken)).scalar_one().revoked_at is None


def test_a_made_up_token_is_refused(client):
    response = client.get("/api/v1/me", headers={"Authorization": "Bearer jh_madeup"})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"
