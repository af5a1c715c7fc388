"""``flask --app wsgi people import FILE --source ...``: take in a department's list."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from jobhub.imports.lists import SOURCES

people_cli = AppGroup("people", help="人员名单（部门数据共享）")

# Bad rows printed in full up to this many; the rest are counted (all are on the admin page
# and in --errors FILE).
_SHOWN = 50


@people_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--source", type=click.Choice(list(SOURCES)), required=True, help="名单来源")
@click.option("--dry-run", is_flag=True, help="只检查并报告，不写入")
@click.option(
    "--errors",
    "errors_file",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="把每一条有误的行写入此 CSV（行号、列、原因）",
)
def import_command(file: Path, source: str, dry_run: bool, errors_file: Path | None):
    """Validate every row of FILE (.xlsx or .csv, Chinese headers) and take in the good ones."""
    import csv

    from jobhub.extensions import db
    from jobhub.imports.lists import HeaderError
    from jobhub.imports.reading import count_rows
    from jobhub.imports.services import import_list

    rows = count_rows(file) if file.suffix.lower() in (".csv", ".xlsx") else None
    with click.progressbar(length=rows or 1, label="逐行检查", show_pos=True) as bar:
        try:
            report = import_list(
                file,
                source,
                dry_run=dry_run,
                commit=db.session.commit,
                progress=bar.update,
            )
        except HeaderError as exc:
            db.session.rollback()
            raise click.ClickException(str(exc)) from None
    if report.already_imported:
        click.echo(
            f"该文件已于批次 {report.batch_id} 导入（SHA-256 {report.digest[:12]}…），未作任何更改。"
        )
        return
    for error in report.errors[:_SHOWN]:
        click.echo(f"第 {error.row} 行，{error.column}：{error.reason}")
    if len(report.errors) > _SHOWN:
        click.echo(f"……另有 {len(report.errors) - _SHOWN} 行有误（--errors FILE 可全部导出）")
    if errors_file is not None:
        with errors_file.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["行号", "列", "原因"])
            writer.writerows((e.row, e.column, e.reason) for e in report.errors)
    verb = "检查（未写入）" if dry_run else "导入"
    click.echo(
        f"{SOURCES[source]}名单{verb}：共 {report.total} 行，新增 {report.added}，"
        f"已在名单 {report.known}，有误 {len(report.errors)}"
        + ("" if dry_run else f"；批次 {report.batch_id}")
    )
