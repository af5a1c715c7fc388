"""A bureau's own region profile, a TOML file in REGION_PROFILE_DIR: used without code, and a
malformed one stops the app at start naming the file and the field."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from jobhub.policy import PersonFacts
from jobhub.policy.profiles import ProfileError, UnknownProfileError, clear_profile_cache
from tests.conftest import base_config, remove_index_dir

OWN = """
name = "xihu"
title = "西湖区（本局口径：“4050”按女45周岁、男55周岁）"
extends = "default"

[[param]]
key = "older_worker.min_age"
value = { female = 45, male = 55 }
effective_from = 2021-01-01
source = "西湖区人社局 2026 年第 1 号通知（示例）"
"""


@pytest.fixture(autouse=True)
def _fresh_profiles():
    clear_profile_cache()
    yield
    clear_profile_cache()


def _start(**overrides):
    from jobhub import create_app

    config = {**base_config("sqlite://"), **overrides}
    try:
        return create_app(config)
    finally:
        remove_index_dir(SimpleNamespace(config=config))


def test_the_bureaus_own_profile_is_used_without_code(tmp_path):
    (tmp_path / "xihu.toml").write_text(OWN, encoding="utf-8")
    app = _start(REGION_PROFILE="xihu", REGION_PROFILE_DIR=str(tmp_path))
    from jobhub.policy import evaluate
    from jobhub.regions.services import region_profile

    with app.app_context():
        profile = region_profile()
        assert profile.title.startswith("西湖区")
        man_51 = PersonFacts(birth_date=date(1975, 1, 1), gender="male")

        def older_worker(profile) -> bool:
            checks = evaluate(man_51, date(2026, 6, 1), profile).category_checks
            return any(f.code == "older_worker" and f.holds for f in checks)

        assert older_worker("default") and not older_worker(profile)  # 50 nationally, 55 here


@pytest.mark.parametrize(
    ("text", "field"),
    [
        (OWN.replace('title = "西湖区（本局口径：“4050”按女45周岁、男55周岁）"\n', ""), "title"),
        (OWN.replace("value = { female = 45, male = 55 }", 'value = "四十五"'), "value"),
        (OWN.replace("effective_from = 2021-01-01", 'effective_from = "去年"'), "effective_from"),
        (OWN.replace('extends = "default"', 'extends = "nowhere"'), "extends"),
        (OWN + "\n[oops\n", "(TOML)"),
    ],
)
def test_a_malformed_profile_stops_the_app_naming_file_and_field(tmp_path, text, field):
    (tmp_path / "xihu.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        _start(REGION_PROFILE="xihu", REGION_PROFILE_DIR=str(tmp_path))
    assert str(tmp_path / "xihu.toml") in str(caught.value) and field in str(caught.value)


def test_a_setting_naming_no_profile_stops_the_app(tmp_path):
    with pytest.raises(UnknownProfileError, match="'xihu'"):
        _start(REGION_PROFILE="xihu", REGION_PROFILE_DIR=str(tmp_path))
