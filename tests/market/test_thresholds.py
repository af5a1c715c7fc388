"""A bureau's own warning thresholds, dated and sourced in its region profile file
(``REGION_PROFILE_DIR``): the indicators are judged by them from the day they take effect, and
the warnings page says which thresholds, from which profile and on what authority it used."""

from __future__ import annotations

from datetime import date

import pytest

from jobhub.extensions import db
from jobhub.market import warnings
from jobhub.market.core import parse_period
from jobhub.market.models import MarketIndicator
from jobhub.policy.profiles import ProfileError, clear_profile_cache
from tests.conftest import Accounts
from tests.market.dataset import CUIYUAN, add_layoff, build

TITLE = "西湖区（本局预警口径）"
SOURCE = "西湖区人社局 2026 年第 5 号通知（示例）：一街道一月裁员10人关注、20人预警"
OWN = f"""
name = "xihu"
title = "{TITLE}"
extends = "default"

[[param]]
key = "warning.layoffs"
value = {{ direction = "above", watch = 10, alert = 20 }}
effective_from = 2026-08-01
source = "{SOURCE}"
"""


@pytest.fixture(autouse=True)
def _fresh_profiles():
    clear_profile_cache()
    yield
    clear_profile_cache()


def _layoffs(app, month: str) -> tuple[float, str | None]:
    with app.app_context():
        row = db.session.scalar(
            db.select(MarketIndicator).where(
                MarketIndicator.month == parse_period(month, months=True).start,
                MarketIndicator.street_code == CUIYUAN,
                MarketIndicator.indicator == "layoffs",
            )
        )
        return row.value, row.level


def test_the_bureaus_thresholds_apply_from_their_date_and_the_page_names_them(make_app, tmp_path):
    (tmp_path / "xihu.toml").write_text(OWN, encoding="utf-8")
    app = make_app(REGION_PROFILE="xihu", REGION_PROFILE_DIR=str(tmp_path))
    with app.app_context():
        ids = build()
        # 15 people in July (before the bureau's notice), 25 in August (翠苑 both)
        for day, headcount in ((date(2026, 7, 10), 15), (date(2026, 8, 20), 25)):
            add_layoff(ids["org1"], headcount, day)
        for month in ("2026-07", "2026-08"):
            warnings.compute_indicators(parse_period(month, months=True))
        db.session.commit()
    # July: the shipped ≥ 20 关注 was in force, 15 crosses nothing (the bureau's 10 would have);
    # August: the bureau's ≥ 20 预警, where the shipped profile says only 关注
    assert _layoffs(app, "2026-07") == (15, None)
    assert _layoffs(app, "2026-08") == (25, "alert")

    page = (
        Accounts(app)
        .client_for("admin")
        .get("/market/warnings", query_string={"period": "2026-08"})
        .get_data(as_text=True)
    )
    thresholds = page[page.index('id="thresholds-table"') :]
    thresholds = thresholds[: thresholds.index("</table>")]
    row = thresholds[thresholds.index("规模性裁员报告") :]
    row = row[: row.index("</tr>")]
    assert "≥ 10" in row and "≥ 20" in row and SOURCE in row
    assert "2026-08-01 起施行" in row and f"取自“{TITLE}”" in row
    # the other indicators keep the shipped thresholds, and say so
    other = thresholds[thresholds.index("零就业家庭") :]
    assert "默认口径" in other[: other.index("</tr>")]
    assert f"地区参数“{TITLE}”" in page
    crossed = page[page.index('id="crossed-table"') :]
    crossed = crossed[: crossed.index("</table>")]
    assert "预警" in crossed and "规模性裁员报告" in crossed and "≥ 20" in crossed


def test_an_alert_below_the_watch_stops_the_app_naming_the_field(make_app, tmp_path):
    (tmp_path / "xihu.toml").write_text(
        OWN.replace("watch = 10, alert = 20", "watch = 20, alert = 10")
    )
    with pytest.raises(ProfileError) as caught:
        make_app(REGION_PROFILE="xihu", REGION_PROFILE_DIR=str(tmp_path))
    assert "warning.layoffs" in str(caught.value) and "alert" in str(caught.value)
    assert "预警阈值应不小于关注阈值" in str(caught.value)
