"""Bulk intake of a department's list: time and peak memory of ``flask people import``.

Each run is its own process (``flask --app wsgi people import``) on a fresh, migrated
database with the demo district's streets; peak memory is that process's maximum resident set
(getrusage of the child). Side by side in the same run:

- 10,000 and 100,000 rows of the same generator (1 % bad rows): memory that stays flat while
  the rows grow tenfold is what streaming buys;
- the same 100,000 rows imported again (the same file: nothing changes);
- baseline: reading the same workbook with openpyxl's default (not read-only) loader, what a
  naive import would do before its first row, in its own process.

    python -m benchmarks.imports.bench_import [--rows 100000] [--postgres URL]

Writes ``benchmarks/imports/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.imports.generate import generate
from jobhub.security.crypto import generate_data_key

ROOT = Path(__file__).resolve().parents[2]
FLASK = [sys.executable, "-m", "flask", "--app", "wsgi"]


def _child(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float, str]:
    """Run ``cmd``; (wall seconds, CPU seconds, peak RSS in MB, output). CPU time (user +
    system) is what the import itself cost: wall time also counts waiting for a core on a
    machine shared with other work."""
    started = time.perf_counter()
    code = (
        "import resource, subprocess, sys\n"
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "sys.stdout.write(p.stdout + p.stderr)\n"
        "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print('MAXRSS', u.ru_maxrss, 'CPU', u.ru_utime + u.ru_stime)\n"
        "sys.exit(p.returncode)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *cmd], env=env, cwd=ROOT, capture_output=True, text=True
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stdout}\n{done.stderr}")
    match = re.search(r"MAXRSS (\d+) CPU ([\d.]+)", done.stdout)
    return seconds, float(match.group(2)), int(match.group(1)) / 1024, done.stdout


def _database(env: dict[str, str]) -> None:
    for args in (["db", "upgrade"], ["region", "setup", "330106"]):
        done = subprocess.run([*FLASK, *args], env=env, cwd=ROOT, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(done.stdout + done.stderr)


def _fresh_postgres(server: str, name: str) -> str:
    import psycopg
    from sqlalchemy.engine import make_url

    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return make_url(server).set(database=name).render_as_string(False)


def _summary(output: str) -> str:
    match = re.search(r"共 \d+ 行，新增 \d+，已在名单 \d+，有误 \d+|未作任何更改", output)
    return match.group(0) if match else "?"


def run(rows: int, postgres: str | None, csv: bool) -> list[tuple]:
    results = []
    with tempfile.TemporaryDirectory(prefix="jobhub-import-bench-") as tmp:
        folder = Path(tmp)
        small, large = folder / f"list-{rows // 10}.xlsx", folder / f"list-{rows}.xlsx"
        large_csv = folder / f"list-{rows}.csv"
        generate(small, rows // 10, 0.01)
        generate(large, rows, 0.01)
        if csv:
            generate(large_csv, rows, 0.01, seed=15)
        engines = [("SQLite", None)] + ([("PostgreSQL", postgres)] if postgres else [])
        for engine, server in engines:
            base = {
                **os.environ,
                "JOBHUB_SECRET_KEY": "bench",
                "JOBHUB_DATA_KEY": generate_data_key(),
                "JOBHUB_MATCHING_INDEX_DIR": str(folder / "index"),
            }
            cases = [
                (f"{rows // 10:,} rows (xlsx)", small, "a"),
                (f"{rows:,} rows (xlsx)", large, "b"),
                (f"{rows:,} rows again, same file", large, "b"),
            ] + ([(f"{rows:,} rows (csv)", large_csv, "c")] if csv else [])
            databases: dict[str, dict[str, str]] = {}
            for label, path, db_name in cases:
                if db_name not in databases:
                    if server:
                        url = _fresh_postgres(server, f"jobhub_import_bench_{db_name}")
                    else:
                        url = f"sqlite:///{folder / f'{engine}-{db_name}.sqlite3'}"
                    databases[db_name] = {**base, "JOBHUB_DATABASE_URL": url}
                    _database(databases[db_name])
                cmd = [*FLASK, "people", "import", str(path), "--source", "education"]
                seconds, cpu, rss, output = _child(cmd, databases[db_name])
                results.append((engine, label, seconds, cpu, rss, _summary(output)))
                print(results[-1], flush=True)
        code = (
            "import sys\nfrom openpyxl import load_workbook\n"
            "book = load_workbook(sys.argv[1])\nprint(sum(1 for _ in book.active.iter_rows()))\n"
        )
        seconds, cpu, rss, _out = _child([sys.executable, "-c", code, str(large)], dict(os.environ))
        results.append(
            ("baseline", f"openpyxl full load of {rows:,} rows", seconds, cpu, rss, "read only")
        )
        print(results[-1], flush=True)
    return results


def write(results, rows: int) -> None:
    lines = [
        "# Bulk intake of lists (`flask people import`)",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores, shared with other sessions' work; generated education-department "
        "lists (8 columns, 1 % bad rows of four kinds). Each import is its own `flask` process "
        "on a fresh migrated database; memory is that process's peak resident set.",
        "",
        f"Load average when it ended: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.",
        "",
        "| engine | what | wall seconds | CPU seconds | peak memory (MB) | result |",
        "|---|---|---|---|---|---|",
    ]
    lines += [f"| {e} | {w} | {s:.1f} | {c:.1f} | {m:.0f} | {r} |" for e, w, s, c, m, r in results]
    lines += [
        "",
        f"Command: `python -m benchmarks.imports.bench_import --rows {rows}` (`--postgres URL`, `--csv`)",
        "",
    ]
    (Path(__file__).parent / "RESULTS.md").write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument(
        "--postgres",
        default=None,
        help="server URL, e.g. postgresql://postgres@127.0.0.1:5432/postgres",
    )
    parser.add_argument("--csv", action="store_true", help="also the same rows as CSV")
    args = parser.parse_args()
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    write(run(args.rows, args.postgres, args.csv), args.rows)


if __name__ == "__main__":
    main()
