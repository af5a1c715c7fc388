"""Time a login request end to end (form post, password check, session row), with the shipped
password hash and, as the baseline, Werkzeug's default scrypt that ASVS 5.0 finds too weak.

    .venv/bin/python -m benchmarks.login_time [--n 20]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from flask_migrate import upgrade

from jobhub import create_app
from jobhub.auth.roles import Role
from jobhub.auth.services import NewAccount, create_user
from jobhub.extensions import db
from jobhub.security.crypto import generate_data_key


def measure(method: str, n: int, directory: Path) -> list[float]:
    app = create_app(
        {
            "SECRET_KEY": "bench",
            "DATA_KEY": generate_data_key(),
            "WTF_CSRF_ENABLED": False,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{directory / (method.replace(':', '_') + '.db')}",
            "PASSWORD_HASH_METHOD": method,
            "LOGIN_MAX_FAILURES_PER_ACCOUNT": 10**6,
        }
    )
    with app.app_context():
        upgrade()
        create_user(NewAccount("13800000009", "Bench-pass-2026", "bench", Role.SEEKER))
        db.session.commit()
    client = app.test_client()
    times = []
    for _ in range(n):
        start = time.perf_counter()
        response = client.post(
            "/auth/login", data={"login": "13800000009", "password": "Bench-pass-2026"}
        )
        times.append(time.perf_counter() - start)
        assert response.status_code == 302
        client.post("/auth/logout")
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rows = []
        for label, method in (
            ("shipped scrypt N=2^15 r=8 p=3", "scrypt:32768:8:3"),
            ("baseline Werkzeug default scrypt p=1", "scrypt:32768:8:1"),
        ):
            t = measure(method, args.n, Path(tmp))
            rows.append((label, statistics.median(t) * 1000, max(t) * 1000))
    for label, p50, worst in rows:
        print(f"{label:40s} median {p50:7.1f} ms   max {worst:7.1f} ms")
    print(f"ratio shipped/baseline: {rows[0][1] / rows[1][1]:.2f}x")


if __name__ == "__main__":
    main()
