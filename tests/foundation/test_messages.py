"""Messages people read are in Chinese and name what exists (issue 21 item 12)."""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import re
from pathlib import Path

import pytest

import jobhub
from jobhub import create_app
from jobhub.webforms import Form

ROOT = Path(__file__).resolve().parents[2]
ENGLISH = re.compile(r"[A-Za-z]{2,} [A-Za-z]{2,}")


def _all_forms() -> list[type[Form]]:
    for module in pkgutil.walk_packages(jobhub.__path__, "jobhub."):
        if module.name.endswith(".forms"):
            importlib.import_module(module.name)
    found, todo = [], [Form]
    while todo:
        for sub in todo.pop().__subclasses__():
            found.append(sub)
            todo.append(sub)
    return found


def _messages(errors) -> list[str]:
    if isinstance(errors, dict):
        return [m for v in errors.values() for m in _messages(v)]
    if isinstance(errors, list | tuple):
        return [m for v in errors for m in _messages(v)]
    return [str(errors)]


@pytest.mark.parametrize(
    "value",
    ["字" * 5000, "abc", "1e999", "-1", "2026-13-45"],
    ids=["long", "word", "huge", "neg", "date"],
)
def test_no_form_answers_in_english(app, value):
    forms = _all_forms()
    assert len(forms) >= 20  # every area's forms were found
    for cls in forms:
        with app.test_request_context(method="POST", data={}):
            names = list(cls(meta={"csrf": False})._fields)
        data = {name: value for name in names}
        with app.test_request_context(method="POST", data=data):
            form = cls(meta={"csrf": False})
            form.validate()
            for message in _messages(form.errors):
                assert not ENGLISH.search(message), (cls.__name__, message)


def test_an_over_long_gig_title_is_refused_in_chinese(app):
    from jobhub.gigs.forms import GigForm

    with app.test_request_context(method="POST", data={"title": "零" * 121}):
        form = GigForm(meta={"csrf": False})
        form.validate()
        (message,) = form.errors["title"]
        assert "120" in message and "字" in message


def test_every_command_a_message_names_exists(app):
    commands = app.cli.get_command(None, "jobhub").commands
    texts = [
        p.read_text(encoding="utf-8")
        for pattern in ("jobhub/**/*.py", "templates/**/*.html", "README.md", "Makefile")
        for p in ROOT.glob(pattern)
    ]
    named = {m for t in texts for m in re.findall(r"flask --app wsgi jobhub ([a-z][a-z-]*)", t)}
    for name in named:
        assert name in commands, f"`flask jobhub {name}` is named but does not exist"
    modules = {m for t in texts for m in re.findall(r"python -m (jobhub[\w.]*)", t)}
    assert "jobhub.instance" in modules
    for name in modules:
        assert importlib.util.find_spec(name) is not None, name


def test_the_start_up_error_names_a_command_that_exists():
    with pytest.raises(RuntimeError) as refused:
        create_app({"SECRET_KEY": "", "DATA_KEY": ""})
    (module,) = re.findall(r"python -m ([\w.]+)", str(refused.value))
    assert importlib.util.find_spec(module) is not None
