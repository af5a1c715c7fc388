"""The figures on the small market of ``dataset.py``, against the hand computation there, on
SQLite and PostgreSQL (the ``backend`` fixture), through the API, the pages and the workbooks."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from types import SimpleNamespace
from unittest.mock import patch

import pytest
from openpyxl import load_workbook

from jobhub.extensions import db
from jobhub.market import layoffs, services, warnings
from jobhub.market.core import parse_period
from jobhub.market.models import MarketIndicator, WageFigure
from jobhub.market.refresh import refresh
from tests.market.dataset import CUIYUAN, X1, X2, X3, ZHUANTANG, build

Q3 = "2026Q3"
HAND_X1 = {"p10": 5110, "p25": 5274.38, "p50": 6218.75, "p75": 7750, "p90": 9000}


@pytest.fixture
def market(app):
    with app.app_context():
        ids = build()
        refresh((parse_period("2026Q2"), parse_period(Q3)))  # the daily job
        db.session.commit()
    return ids


def wages(client, **args):
    return client.get("/api/v1/wages", query_string={"period": Q3, **args})


def test_wage_api_answers_the_contract_with_the_hand_computed_percentiles(client, market):
    response = wages(client, occupation=X1, area=CUIYUAN)
    assert response.status_code == 200
    assert response.get_json() == {
        "occupation": X1,
        "area": CUIYUAN,
        "period": Q3,
        "n_vacancies": 6,
        "n_employers": 5,
        "unit": "month",
        **HAND_X1,
        "suppressed": False,
    }
    # the county holds the same X1 vacancies
    assert wages(client, occupation=X1, area="330106").get_json()["p50"] == 6218.75


def test_codes_roll_up_to_the_minor_and_middle_groups(client, market):
    # 小类 4-03-02-00 and 中类 4-03-00-00 add X2's 4000 in 转塘: 4000, 5000, 5220, 5437.5, 7000,
    # 8000, 10000 → P10 4000 + .6 × 1000 = 4600, P50 5437.5, P90 8000 + .4 × 2000 = 8800
    for code in ("4-03-02-00", "4-03-00-00"):
        body = wages(client, occupation=code, area="330106").get_json()
        assert (body["n_vacancies"], body["n_employers"]) == (7, 6)
        assert (body["p10"], body["p50"], body["p90"]) == (4600, 5437.5, 8800)
    # in 翠苑 alone the 小类 is X1 again
    assert wages(client, occupation="4-03-02-00", area=CUIYUAN).get_json()["p50"] == 6218.75
    assert wages(client, occupation=X2, area=CUIYUAN).get_json()["n_vacancies"] == 0


def test_a_cell_of_four_employers_is_suppressed_and_says_nothing_of_pay(client, market):
    body = wages(client, occupation=X3, area=CUIYUAN).get_json()
    assert body["suppressed"] is True
    assert (body["n_vacancies"], body["n_employers"]) == (4, 4)
    assert [body[k] for k in ("p10", "p25", "p50", "p75", "p90")] == [None] * 5
    page = client.get("/market/wages", query_string={"occupation": X3, "period": Q3})
    assert "不公布" in page.get_data(as_text=True) and "6,000" not in page.get_data(as_text=True)


def test_hires_are_counted_apart_by_the_hire_date(make_app, market):
    app = make_app(MARKET_MIN_EMPLOYERS=2)
    body = (
        app.test_client()
        .get(
            "/api/v1/wages",
            query_string={"occupation": X1, "area": CUIYUAN, "period": Q3, "source": "hires"},
        )
        .get_json()
    )
    # hires of org1's 7000 and org2's 5000 → P10 5200, P50 6000, P90 6800
    assert (body["n_vacancies"], body["n_employers"]) == (2, 2)
    assert (body["p10"], body["p50"], body["p90"]) == (5200, 6000, 6800)


def test_the_quarter_starts_at_midnight_in_china(client, market):
    # the 99999 vacancy published 23:30 on 30 June China time is the second quarter's
    body = wages(client, occupation=X1, area=CUIYUAN, period="2026Q2").get_json()
    assert (body["n_vacancies"], body["suppressed"]) == (1, True)


@pytest.mark.parametrize(
    "args, field",
    [
        ({"occupation": "4-03-02", "area": CUIYUAN, "period": Q3}, "occupation"),
        ({"occupation": "9-99-99-99", "area": CUIYUAN, "period": Q3}, "occupation"),
        ({"occupation": "4-00-00-00", "area": CUIYUAN, "period": Q3}, "occupation"),
        ({"occupation": X1, "area": "110101", "period": Q3}, "area"),
        ({"occupation": X1, "area": "3" * 40, "period": Q3}, "area"),
        ({"occupation": X1, "area": CUIYUAN, "period": "2026Q5"}, "period"),
        ({"occupation": X1, "area": CUIYUAN, "period": "2026-07"}, "period"),
        ({"occupation": X1, "area": CUIYUAN, "period": "NaN"}, "period"),
        (f"occupation={X1}&area={CUIYUAN}&period=%ED%A0%80", "period"),  # a lone surrogate
        (f"occupation=%ED%A0%80&area={CUIYUAN}&period={Q3}", "occupation"),
        (f"occupation={X1}&area={'9' * 30}&period={Q3}", "area"),  # past 64 bits
        ({"occupation": X1, "area": CUIYUAN, "period": Q3, "source": "gigs"}, "source"),
        ({"area": CUIYUAN, "period": Q3}, "occupation"),
    ],
)
def test_bad_parameters_answer_422_naming_the_field(client, market, args, field):
    response = client.get("/api/v1/wages", query_string=args)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "validation_error"
    assert field in error["fields"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error["fields"][field])


def test_the_wage_api_is_in_the_openapi_document(client):
    document = client.get("/api/v1/openapi.json").get_json()
    operation = document["paths"]["/api/v1/wages"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"occupation", "area", "period"}
    assert "422" in operation["responses"]


def test_the_wage_workbook_has_the_published_layout_and_hides_suppressed_pay(client, market):
    response = client.get(
        "/market/wages.xlsx", query_string={"period": Q3, "area": CUIYUAN, "level": "4"}
    )
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r[0] == "职业编码")
    assert rows[header][:3] == ("职业编码", "职业名称", "低位数（P10）")
    body = {r[0]: r for r in rows[header + 1 :]}
    assert body[X1][1] == "中式烹调师"
    assert body[X1][2:9] == (5110, 5274, 6219, 7750, 9000, 6, 5)
    assert body[X3][2:7] == (None,) * 5 and "不公布" in body[X3][9]
    assert "21.75" in rows[1][0]


def test_the_public_page_shows_the_distribution_and_the_trend_with_tables(client, market):
    page = client.get(
        "/market/wages", query_string={"occupation": X1, "area": CUIYUAN, "period": Q3}
    ).get_data(as_text=True)
    assert 'id="wage-distribution"' in page and 'id="wage-trend"' in page
    assert 'id="wage-distribution-table"' in page and "6,219" in page and "9,000" in page
    assert "vendor/chartjs/chart.umd.min.js" in page
    # a search by name offers the occupations to choose from
    found = client.get("/market/wages", query_string={"occupation": "中式烹调"}).get_data(
        as_text=True
    )
    assert f"occupation={X1}" in found


def test_the_posting_wage_check_reads_the_same_cell(app, market):
    from jobhub.reviews import services as reviews

    with (
        app.app_context(),
        patch.object(reviews, "MIN_SAMPLES", 5),
        patch.object(services, "latest_quarter", lambda: parse_period(Q3)),
    ):
        reference = reviews.wage_reference(X1)
        cell = services.wage_cell(X1, None, parse_period(Q3))
    assert reference is not None
    month = reference.band("month")
    assert (month.p10, month.p50, month.p90) == (cell.percentiles[0], 6218.75, 9000)
    assert reference.band("day").p90 == pytest.approx(9000 / 21.75)
    assert reference.band("hour").p10 == pytest.approx(5110 / 174)
    assert "2026年第3季度" in reference.source and "21.75" in reference.source


def test_no_band_from_a_suppressed_cell(app, market):
    from jobhub.reviews import services as reviews

    with (
        app.app_context(),
        patch.object(reviews, "MIN_SAMPLES", 1),
        patch.object(services, "latest_quarter", lambda: parse_period(Q3)),
    ):
        assert reviews.wage_reference(X3) is None


def test_supply_and_demand_match_the_hand_count(app, market):
    with app.app_context():
        report, months = services.supply_demand(parse_period(Q3), None, level=2)
    # demand: 2 + 1 + 3 + 1 + 1 + 1 (X1) + 2 (X2) = 11 under 4-03; 4 under 6-31. Seekers: 甲, 乙
    # (registered in Q3) and 丁 (applied in Q3); not 丙 or 己 (employed), not 戊 (no activity)
    assert (report.total_vacancies, report.total_seekers) == (15, 3)
    rows = {r.code: r for r in report.rows}
    assert (rows["4-03-00-00"].vacancies, rows["4-03-00-00"].seekers) == (11, 3)
    assert rows["4-03-00-00"].balance == "shortage"
    assert rows["4-03-00-00"].ratio == pytest.approx(11 / 3)
    assert (rows["6-31-00-00"].vacancies, rows["6-31-00-00"].seekers) == (4, 0)
    assert rows["6-31-00-00"].balance is None  # 4 people: too few to say
    assert [(m.total_vacancies, m.total_seekers) for m in months] == [(2, 0), (13, 3), (0, 0)]


def test_supply_demand_page_and_workbook(client, accounts, market):
    admin = accounts.client_for("admin")
    page = admin.get("/market/supply-demand", query_string={"period": Q3}).get_data(as_text=True)
    assert "3.67" in page and "紧缺职业" in page and 'id="occupations"' in page
    book = load_workbook(
        BytesIO(admin.get("/market/supply-demand.xlsx", query_string={"period": Q3}).data)
    )
    totals = list(book["总体"].iter_rows(values_only=True))
    assert ("2026年第3季度", 15, 3, 5) in totals  # 15 ÷ 3
    detail = {r[0]: r for r in book["分职业"].iter_rows(values_only=True)}
    assert detail["4-03-00-00"][2:] == (11, 3, 3.67, "紧缺")


def test_warning_indicators_match_the_hand_count(app, client, accounts, market):
    august = parse_period("2026-08", months=True)
    with app.app_context():
        actor = SimpleNamespace(id=None, organisation_id=market["org1"], role="employer")
        with patch.object(layoffs, "today_in_china", lambda: date(2026, 8, 1)):
            layoffs.report_layoff(
                {"headcount": "25", "planned_on": "2026-08-20", "reason": "生产线外迁"}, actor=actor
            )
        crossed = warnings.compute_indicators(august)
        again = warnings.compute_indicators(august)  # the daily job run twice
        db.session.commit()
        rows = {
            (r.street_code, r.indicator): (r.value, r.level)
            for r in db.session.scalars(db.select(MarketIndicator))
        }
    assert crossed == again == 2
    assert rows[(CUIYUAN, "layoffs")] == (25, "watch")  # ≥ 20 (劳动合同法 §41)
    assert rows[(CUIYUAN, "new_unemployment")] == (1, None)  # 甲, unemployed since 3 August
    assert rows[(CUIYUAN, "vacancies")] == (11, None)  # 1 + 3 + 1 + 1 + 1 + 4 (X3)
    assert rows[(CUIYUAN, "vacancies_change")] == (None, None)  # July had 2: too few
    assert rows[(CUIYUAN, "benefit_claims")] == (None, None)  # not held by the platform
    assert rows[(ZHUANTANG, "zero_employment_open")] == (1, "watch")
    assert rows[(ZHUANTANG, "vacancies")] == (2, None)
    page = (
        accounts.client_for("admin")
        .get("/market/warnings", query_string={"period": "2026-08"})
        .get_data(as_text=True)
    )
    assert "翠苑样本驿站" in page and "规模性裁员报告" in page and "生产线外迁" in page
    assert 'id="warning-trend"' in page and 'id="warning-trend-table"' in page


def test_the_refresh_command_replaces_the_figures_and_names_a_bad_quarter(app, runner, market):
    with app.app_context():
        before = db.session.scalar(db.select(db.func.count()).select_from(WageFigure))
    result = runner.invoke(args=["market", "refresh", "--quarter", Q3, "--month", "2026-08"])
    assert result.exit_code == 0, result.output
    assert "2026Q3" in result.output and "2026-08" in result.output
    with app.app_context():
        after = db.session.scalar(db.select(db.func.count()).select_from(WageFigure))
    assert after == before  # run again: the same cells, not twice as many
    bad = runner.invoke(args=["market", "refresh", "--quarter", "2026Q7"])
    assert bad.exit_code != 0 and "统计期" in bad.output


def test_figures_are_as_of_the_last_refresh(client, app, market):
    from jobhub.employers.models import Vacancy

    with app.app_context():
        db.session.execute(db.update(Vacancy).values(salary_min=1, salary_max=1))
        db.session.commit()
    # until the job runs again the published figures stand, and the page says when they were made
    assert wages(client, occupation=X1, area=CUIYUAN).get_json()["p50"] == 6218.75
    page = client.get("/market/wages", query_string={"occupation": X1, "period": Q3})
    assert "最近一次计算于" in page.get_data(as_text=True)


def test_the_kept_wage_workbook_follows_the_next_refresh(client, app, market):
    from jobhub.employers.models import Vacancy

    def x1_p50() -> int:
        response = client.get(
            "/market/wages.xlsx", query_string={"period": Q3, "area": CUIYUAN, "level": "4"}
        )
        rows = load_workbook(BytesIO(response.data)).active.iter_rows(values_only=True)
        return next(r for r in rows if r[0] == X1)[4]

    assert x1_p50() == x1_p50() == 6219  # the second answer is the kept workbook
    with app.app_context():
        # every X1 vacancy now pays twice as much; the job runs again
        db.session.execute(
            db.update(Vacancy)
            .where(Vacancy.occupation_code == X1)
            .values(salary_min=Vacancy.salary_min * 2, salary_max=Vacancy.salary_max * 2)
        )
        refresh((parse_period(Q3),))
        db.session.commit()
    assert x1_p50() == 12438  # 6218.75 × 2
