"""Every route declares who may use it, and the declaration is what happens."""

import re

import pytest

from jobhub.access import PUBLIC, SIGNED_IN, rule_for

ROLES = ["seeker", "employer", "station_staff", "admin", "institution"]


def routes(app):
    for rule in app.url_map.iter_rules():
        methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", "1", rule.rule)
        if rule.endpoint == "static":
            path = "/static/jobhub.css"
        for method in methods:
            yield rule.endpoint, method, path


def test_every_route_has_a_declared_rule(app):
    missing = sorted({ep for ep, _, _ in routes(app) if rule_for(app, ep) is None})
    assert missing == [], f"routes without an access rule: {missing}"


@pytest.mark.parametrize("who", [None, *ROLES])
def test_rules_are_enforced_for_every_route(app, accounts, who):
    client = app.test_client() if who is None else accounts.client_for(who)
    problems = []
    for endpoint, method, path in routes(app):
        if endpoint == "auth.logout":
            continue  # would end this client's session mid-walk; covered in test_auth
        rule = rule_for(app, endpoint)
        allowed = PUBLIC in rule or (who is not None and (SIGNED_IN in rule or who in rule))
        response = client.open(path, method=method, json={} if path.startswith("/api/") else None)
        status = response.status_code
        response.close()
        if status >= 500 and not (endpoint == "ops.readyz" and status == 503):
            # readiness says 503 here by design: the test app has no matching index
            problems.append(f"{method} {path}: {status} for {who}")
        elif allowed and status in (401, 403):
            problems.append(f"{method} {path}: refused {status} for {who}")
        elif not allowed:
            to_login = status == 302 and "/auth/login" in response.headers.get("Location", "")
            if not (status in (401, 403) or to_login):
                problems.append(f"{method} {path}: let {who} in ({status})")
    assert problems == []


def test_an_undeclared_route_is_refused(make_app):
    app = make_app()

    @app.route("/forgotten")
    def forgotten():
        return "should never be served"

    assert app.test_client().get("/forgotten").status_code == 403
