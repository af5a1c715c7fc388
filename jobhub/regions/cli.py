"""``flask --app wsgi region ...``: set up the streets of the deployment's county or city."""

from __future__ import annotations

import click
from flask.cli import AppGroup

region_cli = AppGroup("region", help="区域设置（乡镇/街道）")


@region_cli.command("setup")
@click.argument("code")
@click.option(
    "--points",
    "points_file",
    type=click.File("r", encoding="utf-8-sig"),
    default=None,
    help="各街道代表点：CSV（列 code, lat, lng）或 GeoJSON（每个街道一个点或多边形，properties.code 为街道代码）；不填则用区县中心点并标为近似位置",
)
@click.option(
    "--datum",
    type=click.Choice(["wgs84", "gcj02"]),
    default=None,
    help="点位文件的坐标系（与 --points 一同必填）：wgs84（GPS）或 gcj02（高德、腾讯地图）",
)
def setup_command(code, points_file, datum):
    """Load every street of county CODE (6 digits) or city CODE (4 digits), 2023 区划代码."""
    from jobhub.extensions import db
    from jobhub.regions.services import setup_region
    from jobhub.regions.table import RegionError, read_points

    if points_file is not None and datum is None:
        raise click.BadParameter(
            "请用 --datum wgs84 或 --datum gcj02 说明点位文件的坐标系", param_hint="--datum"
        )
    if points_file is None and datum is not None:
        raise click.BadParameter("--datum 只用于 --points 点位文件", param_hint="--datum")
    try:
        points = read_points(points_file, datum) if points_file is not None else None
        result = setup_region(code, points)
    except RegionError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from None
    db.session.commit()
    streets = result.region.streets
    click.echo(
        f"{result.region.name}（{result.region.code}）：{len(streets)} 个乡镇/街道，"
        f"新增 {result.added}，更新 {result.updated}，未变 {result.unchanged}；"
        f"{result.approximate} 个使用区县中心点（近似位置）"
    )
