"""Matching through HTTP: gunicorn (2 workers, the production setup) against Flask's own
threaded server (the baseline), in one run, driven by wrk on loopback.

    .venv/bin/python -m benchmarks.http.bench_http [--vacancies 1000000] [--duration 20]

Two requests are measured:
- ``POST /api/v1/match/search``: online top-20 for one person over the platform index
  (``--vacancies`` synthetic vacancies, fitted once and cached in /tmp);
- ``POST /api/v1/match/rank``: the stateless contract, one person and 50 vacancies.
Each is run at low concurrency (latency) and at 8 connections (throughput). Needs ``wrk``
(Debian package) and gunicorn. Writes its section of benchmarks/http/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from benchmarks.matching import synth  # noqa: E402
from benchmarks.matching.common import machine  # noqa: E402

RESULTS = Path(__file__).with_name("RESULTS.md")


def build_index(n: int) -> Path:
    from jobhub.matching.index import VacancyIndex

    target = Path(tempfile.gettempdir()) / f"jobhub-bench-index-{n}"
    if (target / "index.json").exists():
        return target
    universe = synth.Universe()
    started = time.perf_counter()
    index = VacancyIndex.fit(list(synth.vacancies(n, universe=universe)))
    index.save(target)
    print(f"fitted and saved an index of {n:,} vacancies in {time.perf_counter() - started:.0f} s")
    return target


def request_bodies(
    count: int, vacancies: int = 50, rank_bodies: int = 500
) -> tuple[list[str], list[str]]:
    """`count` search bodies; `rank_bodies` rank bodies, each with its own `vacancies`
    vacancies (no vacancy is in two bodies, so a server cannot have seen a body's vacancies
    until wrk comes round to that body again)."""
    universe = synth.Universe()
    people = list(synth.seekers(count, universe=universe))
    jobs = list(synth.vacancies(vacancies * rank_bodies, universe=universe, seed=5))

    def seeker_json(p):
        out = {
            "id": p.id,
            "skills": list(p.skills),
            "desired_titles": list(p.desired_titles),
            "summary": p.summary,
            "key_groups": list(p.key_groups),
        }
        if p.location:
            out["location"] = {"lat": p.location.lat, "lng": p.location.lng}
        if p.max_distance_km:
            out["max_distance_km"] = p.max_distance_km
        return out

    def vacancy_json(v):
        out = {
            "id": v.id,
            "title": v.title,
            "description": v.description,
            "skills": list(v.skills),
            "kind": v.kind,
        }
        if v.location:
            out["location"] = {"lat": v.location.lat, "lng": v.location.lng}
        return out

    search = [json.dumps({"seeker": seeker_json(p), "top": 20}, ensure_ascii=False) for p in people]
    rank = [
        json.dumps(
            {
                "seeker": seeker_json(people[i % len(people)]),
                "vacancies": [vacancy_json(v) for v in jobs[i * vacancies : (i + 1) * vacancies]],
                "top": 20,
            },
            ensure_ascii=False,
        )
        for i in range(rank_bodies)
    ]
    return search, rank


LUA = """
local bodies = {}
for line in io.lines("%s") do bodies[#bodies + 1] = line end
local i = 0
request = function()
  i = i %% #bodies + 1
  return wrk.format("POST", "%s", {["Content-Type"] = "application/json"}, bodies[i])
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_ready(url: str, timeout: float = 120) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url + "/api/v1/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("server did not start")


def warm(url: str, path: str, body: str, times: int) -> None:
    for _ in range(times):
        req = urllib.request.Request(
            url + path, body.encode(), {"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(req, timeout=120) as response:
            assert response.status == 200, response.status


def run_wrk(url: str, path: str, bodies_file: Path, connections: int, duration: int) -> dict:
    script = bodies_file.with_suffix(".lua")
    script.write_text(LUA % (bodies_file, path), encoding="utf-8")
    out = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "10s",
            "--latency",
            "-s",
            str(script),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def ms(label: str) -> float:
        match = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", out)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": rps,
        "p50": ms("50"),
        "p99": ms("99"),
        "non2xx": int(errors.group(1)) if errors else 0,
    }


def start(kind: str, port: int, env: dict) -> subprocess.Popen:
    if kind == "gunicorn":
        cmd = [
            str(ROOT / ".venv/bin/gunicorn"),
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--preload",
            "--log-level",
            "warning",
            "wsgi:app",
        ]
    else:
        cmd = [
            str(ROOT / ".venv/bin/flask"),
            "--app",
            "wsgi",
            "run",
            "--port",
            str(port),
            "--with-threads",
        ]
    return subprocess.Popen(
        cmd,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--vacancies", type=int, default=1_000_000)
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--quick", action="store_true", help="50k vacancies, 5 s runs")
    args = parser.parse_args()
    if args.quick:
        args.vacancies, args.duration = 50_000, 5
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install -y wrk")

    index_dir = build_index(args.vacancies)
    work = Path(tempfile.mkdtemp(prefix="jobhub-http-"))
    search, rank = request_bodies(500)
    (work / "search.txt").write_text("\n".join(search), encoding="utf-8")
    (work / "rank.txt").write_text("\n".join(rank), encoding="utf-8")

    from jobhub.security.crypto import generate_data_key

    env = {
        **os.environ,
        "JOBHUB_DATABASE_URL": f"sqlite:///{work / 'bench.sqlite3'}",
        "JOBHUB_SECRET_KEY": "bench",
        "JOBHUB_DATA_KEY": generate_data_key(),
        "JOBHUB_MATCHING_INDEX_DIR": str(index_dir),
        "FLASK_APP": "wsgi",
    }
    subprocess.run(
        [str(ROOT / ".venv/bin/flask"), "db", "upgrade"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )

    rows = []
    for kind in ("gunicorn", "flask-dev"):
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        server = start(kind, port, env)
        try:
            wait_ready(url)
            warm(url, "/api/v1/match/search", search[0], 6)  # each worker loads the index once
            warm(url, "/api/v1/match/rank", rank[0], 4)
            for path, name in (("/api/v1/match/search", "search"), ("/api/v1/match/rank", "rank")):
                for connections in (2, 8):
                    result = run_wrk(url, path, work / f"{name}.txt", connections, args.duration)
                    rows.append((kind, path, connections, result))
                    print(kind, path, connections, result, flush=True)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    shutil.rmtree(work)

    lines = [
        f"## HTTP serving (bench_http.py{' --quick' if args.quick else ''})",
        "",
        f"Machine: {machine()}",
        "",
        f"- index: {args.vacancies:,} synthetic vacancies (benchmarks/matching/synth.py); "
        f"search = online top-20 for one person over the index; rank = the stateless contract with "
        f"50 vacancies in the body, 500 bodies with 25,000 different vacancies between them; 500 "
        f"different people; wrk on the same 2 cores, {args.duration} s per row",
        "",
        "| server | endpoint | connections | requests/s | p50 ms | p99 ms | non-2xx |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for kind, path, connections, r in rows:
        lines.append(
            f"| {kind} | {path} | {connections} | {r['rps']:.0f} | {r['p50']:.1f} | "
            f"{r['p99']:.1f} | {r['non2xx']} |"
        )
    RESULTS.write_text("# HTTP serving benchmarks\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
