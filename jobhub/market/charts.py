"""What each chart draws, as the plain dicts ``static/market-charts.js`` reads from the
canvas (the tables beside the charts show the same numbers)."""

from __future__ import annotations

from jobhub.market.core import Period, WageCell

PERCENTILE_LABELS = (
    "低位数（P10）",
    "较低位数（P25）",
    "中位数（P50）",
    "较高位数（P75）",
    "高位数（P90）",
)


def _round(value: float | None) -> float | None:
    return round(value) if value is not None else None


def distribution(cell: WageCell, period: Period) -> dict:
    return {
        "type": "bar",
        "unit": "元/月",
        "labels": list(PERCENTILE_LABELS),
        "datasets": [{"label": period.title, "data": [_round(v) for v in cell.percentiles or ()]}],
    }


def wage_trend(trend: list[tuple[Period, WageCell]]) -> dict:
    def series(index: int) -> list[float | None]:
        return [_round(c.percentiles[index]) if c.percentiles else None for _p, c in trend]

    return {
        "type": "line",
        "unit": "元/月",
        "beginAtZero": False,
        "labels": [p.title for p, _c in trend],
        "datasets": [
            {"label": "P10", "data": series(0)},
            {"label": "P50", "data": series(2)},
            {"label": "P90", "data": series(4)},
        ],
    }


def bars(labels: list[str], series: dict[str, list], *, unit: str = "", horizontal=False) -> dict:
    return {
        "type": "bar",
        "unit": unit,
        "horizontal": horizontal,
        "labels": labels,
        "datasets": [{"label": name, "data": data} for name, data in series.items()],
    }


def lines(labels: list[str], series: dict[str, list], *, unit: str = "", colors=None) -> dict:
    return {
        "type": "line",
        "unit": unit,
        "labels": labels,
        "datasets": [
            {"label": name, "data": data, **({"color": colors[i]} if colors else {})}
            for i, (name, data) in enumerate(series.items())
        ],
    }
