"""``flask --app wsgi policy evaluate FILE.json``: the calculator on the command line."""

from __future__ import annotations

import json

import click
from flask.cli import AppGroup

policy_cli = AppGroup("policy", help="政策计算（与 /api/v1/policy/evaluate 相同）")


@policy_cli.command("evaluate")
@click.argument("source", type=click.File("r", encoding="utf-8"))
def evaluate_command(source):
    """Read a request as in the API from SOURCE (a file, or - for stdin) and print the answer."""
    from jobhub.policy import PolicyInputError, evaluate, evaluation_to_json, parse_request

    try:
        payload = json.load(source)
    except json.JSONDecodeError as exc:
        raise click.ClickException(f"文件不是有效的 JSON：{exc}") from None
    if not isinstance(payload, dict):
        raise click.ClickException("文件内容应为 JSON 对象")
    try:
        person, as_of, region = parse_request(payload)
    except PolicyInputError as exc:
        raise click.ClickException(str(exc)) from None
    body = evaluation_to_json(evaluate(person, as_of, region))
    click.echo(json.dumps(body, ensure_ascii=False, indent=2))
