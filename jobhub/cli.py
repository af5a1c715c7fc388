"""``flask --app wsgi jobhub ...`` commands for operators."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from jobhub.auth.roles import Role

jobhub_cli = AppGroup("jobhub", help="JobHub 运维命令")


@jobhub_cli.command("create-user")
@click.option("--login", required=True, help="手机号或账号")
@click.option("--name", "display_name", required=True)
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--station-id", type=int, default=None)
@click.option("--organisation-id", type=int, default=None)
@click.password_option()
def create_user_command(login, display_name, role, station_id, organisation_id, password):
    """Create an account (staff and admin accounts are made this way or by an admin)."""
    from jobhub.auth.passwords import password_problem
    from jobhub.auth.services import NewAccount, create_user
    from jobhub.extensions import db
    from jobhub.security.idcard import InvalidIdentifier
    from jobhub.security.names import check_person_name

    try:
        display_name = check_person_name(display_name, "姓名")
    except InvalidIdentifier as exc:
        raise click.ClickException(str(exc)) from None
    problem = password_problem(password, Role(role), [login, display_name])
    if problem:
        raise click.ClickException(problem)
    user = create_user(
        NewAccount(login, password, display_name, Role(role), organisation_id, station_id)
    )
    if user is None:
        raise click.ClickException("该账号已存在")
    db.session.commit()
    click.echo(f"已创建用户 {user.id}")


@jobhub_cli.command("seed-demo")
def seed_demo_command():
    """Fill an empty database with a believable demo district. Running it twice changes nothing."""
    from jobhub.demo import seed_demo
    from jobhub.extensions import db

    result = seed_demo()
    db.session.commit()
    if result.created:
        click.echo("已生成演示数据。")
    else:
        click.echo("演示数据已存在，未作改动。")
    for role, login, password in result.logins:
        click.echo(f"  {role:<14} 账号 {login:<14} 密码 {password}")


matching_cli = AppGroup("matching", help="人岗匹配索引")


@matching_cli.command("rebuild")
def rebuild_command():
    """Fit the text model on published vacancies and open gigs and save the index (offline job)."""
    from jobhub.matchsvc import index_dir, rebuild_index

    count = rebuild_index()
    click.echo(f"匹配索引已重建：{count} 个岗位和零工，保存在 {index_dir()}")


def register_cli(app: Flask) -> None:
    app.cli.add_command(jobhub_cli)
    app.cli.add_command(matching_cli)
