"""``flask --app wsgi notices alerts`` (daily) and ``notices policy-push`` (nightly): each
hands its run to the job queue (jobhub.jobs), or runs it at once without one."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from jobhub import jobs
from jobhub.alerts import services

notices_cli = AppGroup("notices", help="岗位提醒与政策推送")


def _day(value: str | None) -> str | None:
    if value is None:
        return None
    from datetime import date

    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter("日期格式应为 YYYY-MM-DD", param_hint="--day") from None


def alerts_job(day_iso: str | None = None) -> None:
    done = services.send_job_alerts(day_iso)
    click.echo(f"岗位提醒：{done.people} 人，{done.items} 个岗位")


def policy_push_job(day_iso: str | None = None) -> None:
    done = services.send_policy_pushes(day_iso)
    click.echo(f"政策推送：{done.people} 人，{done.items} 项政策")


@notices_cli.command("alerts")
@click.option("--day", default=None, help="按这一天运行（YYYY-MM-DD，默认今天）")
def alerts_command(day):
    """Send today's job alert digests (at most one per person per day)."""
    jobs.enqueue(alerts_job, _day(day))
    if jobs.configured():
        click.echo("已放入任务队列")


@notices_cli.command("policy-push")
@click.option("--day", default=None, help="按这一天运行（YYYY-MM-DD，默认今天）")
def policy_push_command(day):
    """Tell people of support they newly qualify for (once per person and subsidy)."""
    jobs.enqueue(policy_push_job, _day(day))
    if jobs.configured():
        click.echo("已放入任务队列")
