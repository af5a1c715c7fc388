"""Login throttling per account and per client address, behind a proxy too."""

from jobhub.auth.throttle import account_limits

PASSWORD = "Correct-horse-42"


def _login(client, login, password, **headers):
    return client.post("/auth/login", data={"login": login, "password": password}, headers=headers)


def test_a_flood_against_one_account_does_not_stop_another_from_the_same_address(app, accounts):
    _, victim = accounts.create("seeker")
    _, neighbour = accounts.create("seeker")
    client = app.test_client()
    answers = [_login(client, victim, "Wrong-pass-000").status_code for _ in range(30)]
    assert answers[:5] == [200] * 5 and set(answers[5:]) == {429}
    assert _login(client, victim, PASSWORD).status_code == 429  # that account waits
    assert _login(client, neighbour, PASSWORD).status_code == 302  # nobody else does


def test_account_slow_down_grows_in_steps():
    assert account_limits(5, 300) == "5 per 300 second; 10 per 3600 second; 20 per 86400 second"


def test_behind_a_proxy_each_client_address_is_counted_on_its_own(make_app, accounts):
    app = make_app(PROXY_FIX_HOPS=1, LOGIN_MAX_FAILURES_PER_IP=4)
    accounts.app = app
    _, login = accounts.create("seeker")
    client = app.test_client()
    attacker = {"X-Forwarded-For": "203.0.113.5"}
    for i in range(4):
        assert _login(client, f"1370099{i:04d}", "Wrong-pass-000", **attacker).status_code == 200
    assert _login(client, login, PASSWORD, **attacker).status_code == 429
    # another person behind the same proxy (the same remote_addr) still gets in
    other = {"X-Forwarded-For": "198.51.100.7"}
    assert _login(client, login, PASSWORD, **other).status_code == 302


def test_without_a_trusted_proxy_a_forged_forwarded_for_changes_nothing(make_app):
    app = make_app(PROXY_FIX_HOPS=0, LOGIN_MAX_FAILURES_PER_IP=4)
    client = app.test_client()
    for i in range(4):
        forged = {"X-Forwarded-For": f"203.0.113.{i}"}
        _login(client, f"1370099{i:04d}", "Wrong-pass-000", **forged)
    forged = {"X-Forwarded-For": "198.51.100.99"}
    assert _login(client, "13700995555", "Wrong-pass-000", **forged).status_code == 429
