"""``flask --app wsgi market indicators``: the daily early-warning computation."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from jobhub.extensions import db
from jobhub.market.core import parse_period
from jobhub.market.warnings import compute_indicators, months_to_compute

market_cli = AppGroup("market", help="人力资源市场监测")


@market_cli.command("indicators")
@click.option("--month", help="只计算这个月（YYYY-MM）；默认上月和本月")
def indicators(month: str | None) -> None:
    """Compute the warning indicators of every street for the months (replacing their rows)."""
    if month:
        try:
            period = parse_period(month, months=True)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--month") from None
        if period.is_quarter:
            raise click.BadParameter("应为 YYYY-MM", param_hint="--month")
        months = (period,)
    else:
        months = months_to_compute()
    for period in months:
        crossed = compute_indicators(period)
        db.session.commit()
        click.echo(f"{period.label}：已计算预警指标，{crossed} 项达到关注或预警")
