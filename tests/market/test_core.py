"""The pure core of the labour-market figures, checked against hand computations."""

from datetime import date

import pytest

from jobhub.market.core import (
    PayConversion,
    PaySample,
    SupplyDemandRule,
    Threshold,
    balance,
    offered_pay,
    parse_period,
    percentile,
    quarter_of,
    recent_quarters,
    summarise,
)


def test_percentile_interpolates_between_ranks_like_percentile_inc():
    values = [1000, 2000, 3000, 4000]
    assert percentile(values, 50) == 2500
    assert percentile(values, 10) == pytest.approx(1300)  # 1000 + 0.3 × 1000
    assert percentile(values, 90) == pytest.approx(3700)
    assert percentile([4200], 90) == 4200


def test_hour_and_day_pay_become_a_month_with_the_stated_days_and_hours():
    conversion = PayConversion(21.75, 8)
    assert conversion.monthly(200, "day") == 4350
    assert conversion.monthly(25, "hour") == 4350
    assert conversion.monthly(4350, "month") == 4350
    assert "21.75" in conversion.statement and "174" in conversion.statement


def test_offered_pay_is_the_middle_of_the_range_or_the_minimum():
    assert offered_pay(6000, 8000) == 7000
    assert offered_pay(5000, None) == 5000
    assert offered_pay(None, 8000) is None


def test_a_cell_below_the_employer_minimum_is_suppressed_without_percentiles():
    samples = [PaySample(5000 + i * 100, employer_id=i % 4) for i in range(20)]
    cell = summarise(samples, min_employers=5)
    assert cell.suppressed and cell.percentiles is None
    assert (cell.n_vacancies, cell.n_employers) == (20, 4)
    assert set(cell.as_dict().values()) == {None}
    shown = summarise(samples, min_employers=4)
    assert not shown.suppressed and shown.as_dict()["p50"] == 5950


def test_periods_parse_and_name_their_bounds():
    q = parse_period("2026Q3")
    assert (q.start, q.end, q.title) == (date(2026, 7, 1), date(2026, 10, 1), "2026年第3季度")
    assert [m.label for m in q.months()] == ["2026-07", "2026-08", "2026-09"]
    assert parse_period("2026Q1").previous().label == "2025Q4"
    assert parse_period("2026-01", months=True).previous().label == "2025-12"
    assert [p.label for p in recent_quarters(quarter_of(date(2026, 2, 1)), 3)] == [
        "2025Q3",
        "2025Q4",
        "2026Q1",
    ]
    for bad in ("2026Q5", "2026q3", "26Q3", "2026-13", "", "2026Q3\ud800", "99999Q1"):
        with pytest.raises(ValueError, match="统计期"):
            parse_period(bad, months=True)
    with pytest.raises(ValueError):
        parse_period("2026-07")  # a month where a quarter is asked


def test_shortage_and_surplus_follow_the_rule_and_its_minimum_volume():
    rule = SupplyDemandRule(1.5, 0.5, 10)
    assert balance(15, 10, rule) == "shortage"
    assert balance(5, 10, rule) == "surplus"
    assert balance(10, 10, rule) is None
    assert balance(12, 0, rule) == "shortage"  # demand and nobody looking
    assert balance(3, 0, rule) is None  # too few to say


def test_threshold_levels_in_both_directions():
    above = Threshold("layoffs", "above", 20, 50, "")
    assert [above.level(v) for v in (19, 20, 49, 50, None)] == [
        None,
        "watch",
        "watch",
        "alert",
        None,
    ]
    below = Threshold("demand_ratio", "below", 0.8, 0.5, "")
    assert [below.level(v) for v in (0.9, 0.8, 0.6, 0.5)] == [None, "watch", "watch", "alert"]


def test_the_month_in_progress_is_compared_with_the_same_days_of_the_last():
    from jobhub.market.warnings import comparison_window

    december = parse_period("2026-12", months=True)
    assert comparison_window(december, date(2026, 12, 5)) == (date(2026, 11, 1), date(2026, 11, 6))
    assert comparison_window(december, date(2027, 1, 3)) == (date(2026, 11, 1), date(2026, 12, 1))
    march = parse_period("2026-03", months=True)  # 31 days against February's 28
    assert comparison_window(march, date(2026, 3, 31)) == (date(2026, 2, 1), date(2026, 3, 1))
