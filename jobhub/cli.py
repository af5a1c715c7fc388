"""``flask --app wsgi jobhub ...`` commands for operators."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from jobhub.auth.roles import Role

jobhub_cli = AppGroup("jobhub", help="JobHub 运维命令")


@jobhub_cli.command("create-user")
@click.option("--login", required=True, help="手机号或账号")
@click.option("--name", "display_name", required=True)
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--station-id", type=int, default=None)
@click.option("--organisation-id", type=int, default=None)
@click.option("--institution-id", type=int, default=None, help="培训机构账号所属机构")
@click.password_option()
def create_user_command(
    login, display_name, role, station_id, organisation_id, institution_id, password
):
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
        NewAccount(
            login, password, display_name, Role(role), organisation_id, station_id, institution_id
        )
    )
    if user is None:
        raise click.ClickException("该账号已存在")
    db.session.commit()
    click.echo(f"已创建用户 {user.id}")


@jobhub_cli.command("reset-second-factor")
@click.option("--login", required=True, help="手机号或账号")
@click.option("--reason", required=True, help="原因，记入审计日志，如“手机丢失，本人持证申请”")
def reset_second_factor_command(login, reason):
    """Forget an account's authenticator app (a lost phone): it binds a new one at next login."""
    from jobhub.auth import twofactor
    from jobhub.auth.services import find_user_by_login
    from jobhub.extensions import db
    from jobhub.security import audit

    user = find_user_by_login(login)
    if user is None:
        raise click.BadParameter("没有这个账号", param_hint="--login")
    twofactor.reset(user)
    audit.record(None, "reset_second_factor", "users", user.id, f"运维重置：{reason}")
    db.session.commit()
    click.echo(f"已重置用户 {user.id} 的两步验证，下次登录时重新绑定验证器 App。")


@jobhub_cli.command("seed-demo")
def seed_demo_command():
    """Fill an empty database with a believable demo district. Running it twice changes nothing."""
    from jobhub.demo import DEMO_TOTP_SECRET, seed_demo
    from jobhub.extensions import db

    result = seed_demo()
    db.session.commit()
    if result.created:
        click.echo("已生成演示数据。")
    else:
        click.echo("演示数据已存在，未作改动。")
    for role, login, password in result.logins:
        click.echo(f"  {role:<14} 账号 {login:<14} 密码 {password}")
    click.echo(f"  驿站工作人员和管理员登录还需动态验证码：验证器 App 密钥 {DEMO_TOTP_SECRET}，")
    click.echo("  或运行 make demo-code 显示当前验证码。")


matching_cli = AppGroup("matching", help="人岗匹配索引")


@matching_cli.command("rebuild")
def rebuild_command():
    """Fit the text model on published vacancies and open gigs and save the index, then index
    the people with the same model (offline job)."""
    from jobhub.extensions import db
    from jobhub.matchsvc import index_dir, rebuild_index
    from jobhub.seekers.models import Person

    count = rebuild_index()
    people = db.session.scalar(
        db.select(db.func.count()).select_from(Person).where(Person.birth_date.is_not(None))
    )
    click.echo(f"匹配索引已重建：{count} 个岗位和零工，{people} 名人员，保存在 {index_dir()}")


gigs_cli = AppGroup("gigs", help="零工")


@gigs_cli.command("expire")
@click.option(
    "--now",
    "now_text",
    default=None,
    help="按此时刻运行（ISO 8601，如 2026-03-11T00:05+08:00；不填为当前时刻）",
)
def expire_command(now_text):
    """Daily job: end the gigs whose work day has passed (Asia/Shanghai) and mark completed
    work past its pay date as 欠薪. Running it twice the same day changes nothing."""
    from datetime import datetime

    from jobhub.extensions import db
    from jobhub.gigs.lifecycle import run_daily

    try:
        now = datetime.fromisoformat(now_text) if now_text else None
    except ValueError as exc:
        raise click.BadParameter(
            "时刻应为 ISO 8601，例如 2026-03-11T00:05+08:00", param_hint="--now"
        ) from exc
    result = run_daily(now)
    db.session.commit()
    click.echo(
        f"已过期 {result.expired} 个零工，已完工 {result.completed} 个，"
        f"新增欠薪 {result.overdue} 笔报名"
    )


acts_cli = AppGroup("acts", help="失业登记和就业困难人员认定")


@acts_cli.command("daily")
@click.option("--date", "day_text", default=None, help="按此日期核查（YYYY-MM-DD，默认今天）")
def acts_daily_command(day_text):
    """Daily job: end the 就业困难人员认定 whose basis has gone (work for more than the
    profile's months, retirement, expired evidence or validity) and list those due for
    review at their station. Runs on the job queue when one is configured; running it twice
    the same day changes nothing."""
    from datetime import date

    from jobhub import jobs
    from jobhub.acts.services import daily_job
    from jobhub.policy.dates import today_in_china

    try:
        day = date.fromisoformat(day_text) if day_text else today_in_china()
    except ValueError as exc:
        raise click.BadParameter("日期应为 YYYY-MM-DD", param_hint="--date") from exc
    jobs.enqueue(daily_job, day.isoformat())
    where = "已放入后台任务队列" if jobs.configured() else "已完成"
    click.echo(f"{day.isoformat()} 认定每日核查{where}")


stations_cli = AppGroup("stations", help="服务站点")


@stations_cli.command("due-today")
@click.option("--station", "station_id", type=int, required=True, help="站点编号")
def due_today_command(station_id):
    """Print the station's 今日待办 as text (one line each), e.g. to send by e-mail."""
    from jobhub.extensions import db
    from jobhub.policy.dates import today_in_china
    from jobhub.stations.due import due_today
    from jobhub.stations.models import Station

    station = db.session.get(Station, station_id)
    if station is None:
        raise click.BadParameter("没有这个站点", param_hint="--station")
    today = today_in_china()
    with current_app.test_request_context():  # the items carry the pages' addresses
        due = due_today(station.id, today)
    click.echo(f"{station.name} {today:%Y-%m-%d} 今日待办：{due.total} 项")
    for group in due.groups:
        click.echo(f"【{group.label}】共 {group.total} 项")
        for item in group.items:
            click.echo(f"【{group.label}】{item.text}  {item.url}")


@stations_cli.command("send-due")
@click.option("--station", "station_id", type=int, default=None, help="站点编号；不填则所有站点")
@click.option("--email", "emails", multiple=True, help="另发一份完整清单到这个邮箱（可重复）")
def send_due_command(station_id, emails):
    """Send 今日待办 by SMS to each station's workers (and by e-mail to --email)."""
    from jobhub.extensions import db
    from jobhub.policy.dates import today_in_china
    from jobhub.stations.due import send_due
    from jobhub.stations.models import Station

    if station_id is None:
        stations = list(db.session.scalars(db.select(Station).order_by(Station.id)))
    else:
        station = db.session.get(Station, station_id) if 0 < station_id < 2**31 else None
        if station is None:
            raise click.BadParameter("没有这个站点", param_hint="--station")
        stations = [station]
    for address in emails:
        if "@" not in address or any(ch.isspace() for ch in address):
            raise click.BadParameter(f"邮箱格式不对：{address}", param_hint="--email")
    today = today_in_china()
    for station in stations:
        sent = send_due(station, today, tuple(emails))
        click.echo(
            f"{sent.station}：待办 {sent.items} 项，短信 {sent.texts} 条，邮件 {sent.emails} 封"
        )


jobs_cli = AppGroup("jobs", help="后台任务队列（RQ）")


@jobs_cli.command("work")
@click.option("--burst", is_flag=True, help="处理完队列中已有的任务后退出")
def jobs_work_command(burst):
    """Run the background job queue alone (RQ on QUEUE_REDIS_URL) until stopped: one more
    consumer beside ``flask worker``, which also queues the scheduled jobs."""
    from jobhub import jobs

    if not jobs.configured():
        raise click.ClickException(
            "没有配置任务队列：请设置 JOBHUB_QUEUE_REDIS_URL（未配置时任务随请求直接执行）"
        )
    jobs.work(burst=burst)


audit_cli = AppGroup("audit", help="审计日志")


@audit_cli.command("verify")
def audit_verify_command():
    """Check the audit log's hash chain from the first row to the last."""
    from jobhub.extensions import db
    from jobhub.security import chain
    from jobhub.security.models import AuditEvent

    table = AuditEvent.__table__
    rows = db.session.execute(
        db.select(table).order_by(table.c.id).execution_options(yield_per=1000)
    ).mappings()
    try:
        verdict = chain.verify(rows)
    finally:
        rows.close()  # the server-side cursor, when the walk stopped at a broken row
    if not verdict.intact:
        click.echo(
            f"审计日志校验未通过：第 {verdict.rows} 条（id={verdict.broken_id}）{verdict.reason}。",
            err=True,
        )
        raise SystemExit(1)
    click.echo(f"审计日志完整：共 {verdict.rows} 条，哈希链逐条校验通过。")


db_roles_cli = AppGroup("db-roles", help="PostgreSQL 数据库角色")


@db_roles_cli.command("setup")
@click.option(
    "--owner", default="jobhub_owner", show_default=True, help="拥有表结构、执行迁移的角色"
)
@click.option(
    "--app-role", default="jobhub_app", show_default=True, help="应用连接数据库所用的角色"
)
@click.option("--owner-password", envvar="JOBHUB_OWNER_DB_PASSWORD", default=None)
@click.option("--app-password", envvar="JOBHUB_APP_DB_PASSWORD", default=None)
@click.option(
    "--admin-url",
    default=None,
    help="以超级用户连接本库的地址（默认：SQLALCHEMY_DATABASE_URI）",
)
def db_roles_setup_command(owner, app_role, owner_password, app_password, admin_url):
    """Create the owner and app roles on this PostgreSQL database (run as a superuser)."""
    from flask import current_app
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    from jobhub import normalise_db_url
    from jobhub.dbroles import setup_roles

    url = normalise_db_url(admin_url or current_app.config["SQLALCHEMY_DATABASE_URI"])
    if not url.startswith("postgresql"):
        raise click.ClickException("数据库角色只用于 PostgreSQL；SQLite 无需设置。")
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as conn:
            setup_roles(
                conn, owner, app_role, owner_password=owner_password, app_password=app_password
            )
    finally:
        engine.dispose()
    click.echo(
        f"已设置角色：{owner}（拥有表结构，执行迁移），{app_role}（应用使用，审计日志只可查询和追加）。"
    )


def register_cli(app: Flask) -> None:
    from jobhub.alerts.cli import notices_cli
    from jobhub.imports.cli import people_cli
    from jobhub.lists.cli import lists_cli
    from jobhub.market.cli import market_cli
    from jobhub.ops.worker import worker_command
    from jobhub.regions.cli import region_cli

    app.cli.add_command(jobhub_cli)
    app.cli.add_command(matching_cli)
    app.cli.add_command(gigs_cli)
    app.cli.add_command(stations_cli)
    app.cli.add_command(acts_cli)
    app.cli.add_command(audit_cli)
    app.cli.add_command(jobs_cli)
    app.cli.add_command(db_roles_cli)
    app.cli.add_command(worker_command)
    app.cli.add_command(region_cli)
    app.cli.add_command(people_cli)
    app.cli.add_command(market_cli)
    app.cli.add_command(notices_cli)
    app.cli.add_command(lists_cli)
