"""``flask --app wsgi market refresh``: the daily computation of the labour-market figures."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from jobhub.extensions import db
from jobhub.market.core import parse_period
from jobhub.market.refresh import quarters_to_refresh, refresh
from jobhub.market.warnings import compute_indicators, months_to_compute
from jobhub.policy.dates import today_in_china

market_cli = AppGroup("market", help="人力资源市场监测")


@market_cli.command("refresh")
@click.option("--quarter", help="只计算这个季度（YYYYQn）的薪酬价位和供求；默认上季度和本季度")
@click.option("--month", help="只计算这个月（YYYY-MM）的预警指标；默认上月和本月")
def refresh_command(quarter: str | None, month: str | None) -> None:
    """Compute 薪酬价位 and 供求 of the quarters and the warning indicators of the months
    (each replacing the rows it computed before)."""
    try:
        quarters = (parse_period(quarter),) if quarter else quarters_to_refresh(today_in_china())
        months = (parse_period(month, months=True),) if month else months_to_compute()
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    if any(m.is_quarter for m in months):
        raise click.BadParameter("--month 应为 YYYY-MM")
    wages, supply = refresh(quarters)
    db.session.commit()
    click.echo(
        f"{'、'.join(q.label for q in quarters)}：薪酬价位 {wages} 格，供求 {supply} 格已更新"
    )
    for period in months:
        crossed = compute_indicators(period)
        db.session.commit()
        click.echo(f"{period.label}：已计算预警指标，{crossed} 项达到关注或预警")
