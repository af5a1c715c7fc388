"""``flask --app wsgi lists refresh``: the nightly re-evaluation of every person's stored
policy evaluation (scheduled by the worker at 01:00), in partitions."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import AppGroup

lists_cli = AppGroup("lists", help="政策找人等名单的每晚评估")


@lists_cli.command("refresh")
@click.option("--day", default=None, help="按这一天评估（YYYY-MM-DD，默认今天）")
@click.option("--block", default=20000, show_default=True, help="每个分区的人员编号跨度")
@click.option("--workers", type=int, default=None, help="本机 dask 进程数（0：在本进程依次运行）")
@click.option(
    "--stale", is_flag=True, help="只更新待更新的（资料变化后未及时评估、日期或规则已过）"
)
def refresh_command(day, block, workers, stale):
    """Re-evaluate everyone (or the stale rows) and replace their stored rows."""
    from jobhub.lists.refresh import refresh_all

    try:
        as_of = date.fromisoformat(day) if day else None
    except ValueError:
        raise click.BadParameter("日期格式应为 YYYY-MM-DD", param_hint="--day") from None
    if block < 1:
        raise click.BadParameter("应为正整数", param_hint="--block")

    def progress(done: int, total: int) -> None:
        click.echo(f"分区 {done}/{total}")

    run = refresh_all(as_of, block_size=block, workers=workers, only_stale=stale, progress=progress)
    slowest = f"，最慢分区 {max(run.seconds):.1f} 秒" if run.seconds else ""
    click.echo(f"已评估 {run.people} 人，{run.partitions} 个分区{slowest}")
