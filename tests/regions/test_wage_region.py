"""The minimum-wage profile follows the configured region; a malformed profile stops the app."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from jobhub.extensions import db
from jobhub.postings import data
from jobhub.regions.models import Street
from tests.conftest import base_config, remove_index_dir
from tests.web.test_postings_api import HONEST

HANGZHOU = "浙江省最低工资标准（2025年1月1日起，第一档）"
BEIJING = "北京市最低工资标准（2025年9月1日起）"
LOW_PAY = {**HONEST, "salary_min": 2300, "salary_max": 2400}


def _only_region(app, runner, code: str) -> None:
    with app.app_context():
        db.session.execute(db.delete(Street))
        db.session.commit()
    assert runner.invoke(args=["region", "setup", code]).exit_code == 0


def _cited(client) -> str:
    body = client.post("/api/v1/postings/check", json=LOW_PAY).get_json()
    return json.dumps(body, ensure_ascii=False)


def test_the_demo_region_cites_hangzhou(client):
    cited = _cited(client)
    assert HANGZHOU in cited and BEIJING not in cited


def test_a_beijing_deployment_cites_beijing(app, runner, client):
    _only_region(app, runner, "110101")
    cited = _cited(client)
    assert BEIJING in cited and HANGZHOU not in cited


def test_a_city_without_a_profile_cites_no_other_citys_standard(app, runner, client):
    _only_region(app, runner, "510104")  # 成都市锦江区: wages.toml has no 成都 profile
    cited = _cited(client)
    assert "最低工资" not in cited


def test_the_setting_overrides_the_region(make_app):
    app = make_app(MINIMUM_WAGE_REGION="beijing")
    cited = _cited(app.test_client())
    assert BEIJING in cited and HANGZHOU not in cited


def _malformed(monkeypatch, edit) -> None:
    real = data._read

    def read(name):
        doc = real(name)  # parsed afresh on every call: editing it touches no other test
        if name == "wages.toml":
            edit(doc["minimum_wage"])
        return doc

    monkeypatch.setattr(data, "_read", read)
    data.wage_parameters.cache_clear()


@pytest.fixture(autouse=True)
def _fresh_wage_cache():
    data.wage_parameters.cache_clear()
    yield
    data.wage_parameters.cache_clear()


def _start(**overrides):
    """create_app, which should refuse to start; the folders base_config made are removed."""
    from jobhub import create_app

    config = {**base_config("sqlite://"), **overrides}
    try:
        create_app(config)
    finally:
        remove_index_dir(SimpleNamespace(config=config))


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (lambda mw: mw["profiles"][1].update(month="两千"), "第 2 条，字段 month"),
        (lambda mw: mw["profiles"][0].pop("city"), "第 1 条，字段 city"),
        (lambda mw: mw["profiles"][2].update(effective_from="2025-13-01"), "effective_from"),
        (lambda mw: mw["profiles"][3].update(hour=-1), "第 4 条，字段 hour"),
        (lambda mw: mw["profiles"][0].update(city="杭州市"), "第 3 条，字段 city"),
        (lambda mw: mw.update(default_region="shanghai"), "minimum_wage.default_region"),
    ],
)
def test_a_malformed_profile_stops_the_app_naming_file_and_field(monkeypatch, edit, field):
    _malformed(monkeypatch, edit)
    with pytest.raises(data.RuleDataError) as caught:
        _start()
    assert "wages.toml" in str(caught.value) and field in str(caught.value)


def test_an_unknown_region_setting_stops_the_app():
    with pytest.raises(data.RuleDataError, match="MINIMUM_WAGE_REGION = 'xian'"):
        _start(MINIMUM_WAGE_REGION="xian")
