"""Memory of the list exports as the list grows (issue 17, item 2): peak RSS of a process that
exports the first N rows of 政策找人 from the stored evaluations, for N = 10k and 100k, with the
streamed writer the app uses (``jobhub.admin.list_exports.workbook``: 500 rows read, written
and handed on at a time) side by side with a baseline that builds the same workbook whole in
memory (openpyxl write-only, saved to a buffer, as an export that returns one response body
does). Each export runs in a fresh child process, so each peak is its own.

The database is a PostgreSQL database with the stored lists (``bench_lists`` makes one; pass
its name and data key), e.g. a kept 1M-person database with 200,000 on 政策找人:

    .venv/bin/python -m benchmarks.scale.bench_exports --database bench_writes_100000_xxxxxx \\
        --data-key KEY [--rows 10000,100000] [--server postgresql://postgres@127.0.0.1:5432]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from itertools import islice

from benchmarks.matching.common import machine, write_section
from benchmarks.scale.bench_lists import _rss_mb
from benchmarks.scale.bench_writes import RESULTS


def child(uri: str, key: str, rows: int, mode: str) -> dict:
    """Export the first ``rows`` rows of 政策找人 in this process; its memory and time."""
    from jobhub import create_app
    from jobhub.admin import list_exports
    from jobhub.lists import queries as stored

    app = create_app({"SECRET_KEY": "bench", "DATA_KEY": key, "SQLALCHEMY_DATABASE_URI": uri})
    real_pages = stored.pages

    def first_pages(read_page, /, **filters):  # noqa: ANN001, ANN202
        left = rows
        for page in real_pages(read_page, **filters):
            yield page[:left]
            left -= len(page)
            if left <= 0:
                return

    stored.pages = first_pages
    with app.app_context():
        list(islice(list_exports.workbook("outreach", {}), 1))  # imports, first queries
        before = _rss_mb()
        started = time.perf_counter()
        size = 0
        if mode == "streamed":
            for chunk in list_exports.workbook("outreach", {}):
                size += len(chunk)  # handed on (to the response or the file) and dropped
        else:
            from io import BytesIO

            from openpyxl import Workbook

            spec = list_exports.KINDS["outreach"]
            book = Workbook(write_only=True)
            sheet = book.create_sheet(spec.title)
            sheet.append(spec.header)
            number = 0
            for page in stored.pages(spec.read_page):
                for row in page:
                    number += 1
                    sheet.append(spec.values(number, row))
            buffer = BytesIO()
            book.save(buffer)
            size = len(buffer.getvalue())
        seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"before": before, "peak": peak, "seconds": seconds, "bytes": size}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", required=True)
    parser.add_argument("--data-key", required=True)
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--rows", default="10000,100000")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    uri = f"{args.server.replace('postgresql://', 'postgresql+psycopg://')}/{args.database}"
    if args.child:
        rows, mode = args.child.split(":")
        print(json.dumps(child(uri, args.data_key, int(rows), mode)))
        return
    results = {}
    for n in [int(r) for r in args.rows.split(",")]:
        for mode in ("streamed", "whole"):
            out = subprocess.run(
                [sys.executable, "-m", "benchmarks.scale.bench_exports", "--database",
                 args.database, "--data-key", args.data_key, "--server", args.server,
                 "--child", f"{n}:{mode}"],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            results[(n, mode)] = json.loads(out.stdout.strip().splitlines()[-1])
            print(n, mode, results[(n, mode)], flush=True)
    load = os.getloadavg()
    lines = [
        f"Machine: {machine()}",
        f"Database: PostgreSQL ({args.database}); each export in a fresh process; load average"
        f" at the end {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}",
        "",
        "| rows exported | writer | RSS before (MB) | peak RSS (MB) | peak − before (MB)"
        " | time (s) | file (MB) |",
        "|---|---|---|---|---|---|---|",
    ]
    names = {"streamed": "streamed (the app's)", "whole": "baseline: whole workbook in memory"}
    for (n, mode), r in results.items():
        lines.append(
            f"| {n:,} | {names[mode]} | {r['before']:.0f} | {r['peak']:.0f} |"
            f" {r['peak'] - r['before']:.0f} | {r['seconds']:.1f} | {r['bytes'] / 1e6:.1f} |"
        )
    body = "\n".join(lines)
    print(body)
    write_section("lists-exports", "## List exports: memory as the list grows\n\n" + body, RESULTS)


if __name__ == "__main__":
    main()
