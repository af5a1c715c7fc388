"""Pages of the labour-market figures: 薪酬价位 (public), 供求状况 and 预警 (the bureau),
规模性裁员报告 (employers). Each reads its filters from the query string: a bad one is named in
Chinese and the page falls back to the default, nothing else changes."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup

from jobhub.access import PUBLIC, allow
from jobhub.auth.roles import Role
from jobhub.extensions import db
from jobhub.market import charts, layoffs, maps, reports, services, warnings
from jobhub.market.core import (
    BALANCE_LABELS,
    LEVELS,
    PERCENTILE_KEYS,
    month_of,
    parse_period,
    recent_quarters,
)
from jobhub.occupations import taxonomy
from jobhub.policy.dates import today_in_china
from jobhub.regions.services import region_profile
from jobhub.seekers.inputs import InputError
from jobhub.seekers.places import district_streets

bp = Blueprint("market", __name__, url_prefix="/market")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TREND_QUARTERS = 8
TOP_OCCUPATIONS = 12


class Filters:
    """The query string's filters, each checked; ``errors`` names the bad ones in Chinese."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}
        self.areas = services.area_names()

    def _text(self, name: str) -> str:
        value = request.args.get(name, "")
        return value.encode("utf-8", "replace").decode("utf-8").strip()[:40]

    def period(self, *, months: bool = False):
        raw = self._text("period")
        default = services.latest_quarter()
        if not raw:
            return month_of(today_in_china()) if months else default
        try:
            return parse_period(raw, months=months)
        except ValueError as exc:
            self.errors["period"] = f"统计期：{exc}"
            return month_of(today_in_china()) if months else default

    def area(self) -> str | None:
        raw = self._text("area")
        if raw and raw not in self.areas:
            self.errors["area"] = "地区：请从列表中选择本平台所辖区县或乡镇街道"
            return None
        return raw or None

    def area_name(self, area: str | None) -> str:
        return self.areas.get(area, "全部地区") if area else "全部地区"

    def supply_demand(self):
        """The quarter's report and its months, for the page and the workbook."""
        return services.supply_demand(self.period(), self.area(), self.level())

    def level(self) -> int:
        raw = self._text("level") or "2"
        if raw not in {"2", "3", "4"}:
            self.errors["level"] = "职业层级：应为中类、小类或细类"
            return 2
        return int(raw)

    def source(self) -> str:
        raw = self._text("source") or "vacancies"
        if raw not in services.SOURCES:
            self.errors["source"] = "数据来源：应为发布岗位或录用记录"
            return "vacancies"
        return raw

    def occupation(self) -> tuple[str | None, list]:
        """A code typed or chosen, or the occupations whose name starts with the words typed."""
        raw = self._text("occupation")
        if not raw:
            return None, []
        try:
            return services.check_occupation(raw), []
        except ValueError as exc:
            matches = list(taxonomy.search_names(raw, limit=12, level=None))
            matches = [m for m in matches if m.level >= 2]
            if not matches:
                self.errors["occupation"] = (
                    f"职业：没有名称以“{raw}”开头的职业"
                    if not raw[:1].isdigit()
                    else f"职业：{exc}"
                )
            return None, matches


def _street_map(
    marks: dict[str, tuple[str, str, str]], levels: tuple[maps.Level, ...], prefix: str, title: str
) -> Markup:
    """The district's streets coloured and shaped by ``marks`` (code → level, tooltip, link)."""
    svg = maps.level_map(
        [maps.StreetMark(s, *marks[s.code]) for s in district_streets() if s.code in marks],
        levels,
        prefix=prefix,
        title=title,
    )
    return Markup(svg)  # noqa: S704 - built by level_map, every text escaped there


def _xlsx(body: bytes, name: str) -> Response:
    return Response(
        body, mimetype=XLSX, headers={"Content-Disposition": f"attachment; filename={name}"}
    )


@bp.route("/wages")
@allow(PUBLIC)
def wages():
    filters = Filters()
    period, area, source = filters.period(), filters.area(), filters.source()
    occupation, matches = filters.occupation()
    cell = trend = None
    specs = {}
    if occupation is not None:
        cell = services.wage_cell(occupation, area, period, source)
        trend = services.wage_trend(
            occupation, area, recent_quarters(period, TREND_QUARTERS), source
        )
        specs = {"distribution_spec": charts.distribution(cell, period)}
        specs["trend_spec"] = charts.wage_trend(trend)
    return render_template(
        "market/wages.html",
        filters=filters,
        period=period,
        area=area,
        source=source,
        occupation=occupation,
        occupation_label=services.occupation_name(occupation) if occupation else "",
        matches=matches,
        cell=cell,
        trend=trend,
        keys=PERCENTILE_KEYS,
        labels=charts.PERCENTILE_LABELS,
        **specs,
        quarters=recent_quarters(services.latest_quarter(), TREND_QUARTERS),
        conversion=services.pay_conversion(period.start),
        min_employers=services.min_employers(),
        updated=services.figures_computed_at(period),
        sources=services.SOURCES,
        levels=services.LEVELS,
    )


@bp.route("/wages.xlsx")
@allow(PUBLIC)
def wages_export():
    filters = Filters()
    period, area, level, source = (
        filters.period(),
        filters.area(),
        filters.level(),
        filters.source(),
    )
    conversion, min_employers = services.pay_conversion(period.start), services.min_employers()
    body = reports.kept_workbook(
        ("wages", period, area, level, source, conversion, min_employers)
        + (services.figures_computed_at(period),),
        lambda: reports.wage_workbook(
            services.wage_table(level, area, period, source),
            period=period,
            area_name=filters.area_name(area),
            level=level,
            source=source,
            conversion=conversion,
            min_employers=min_employers,
        ),
    )
    return _xlsx(body, f"wages-{period.label}-{level}.xlsx")


@bp.route("/supply-demand")
@allow(Role.ADMIN)
def supply_demand():
    filters = Filters()
    quarter, months = filters.supply_demand()
    top = sorted(quarter.rows, key=lambda r: -(r.vacancies + r.seekers))[:TOP_OCCUPATIONS]
    rule = quarter.rule
    map_levels = maps.balance_levels(rule.shortage_ratio, rule.surplus_ratio, rule.min_volume)
    by_street = services.supply_demand_by_street(quarter.period)
    marks = {
        s.code: (
            s.level,
            f"求人倍率 {'—' if s.ratio is None else f'{s.ratio:.2f}'}：岗位需求 {s.vacancies} 人，"
            f"求职 {s.seekers} 人",
            url_for(
                "market.supply_demand",
                area=s.code,
                period=quarter.period.label,
                level=quarter.level,
            ),
        )
        for s in by_street
    }
    return render_template(
        "market/supply_demand.html",
        by_street=by_street,
        map_levels=map_levels,
        map_labels={lv.key: lv.label for lv in map_levels},
        street_map=_street_map(
            marks, map_levels, "sd-map", f"{quarter.period.title}各街道（乡镇）求人倍率图"
        ),
        top=top,
        occupations_spec=charts.bars(
            [r.name for r in top],
            {"岗位需求人数": [r.vacancies for r in top], "求职人数": [r.seekers for r in top]},
            unit="人",
            horizontal=True,
        ),
        months_spec=charts.bars(
            [m.period.title for m in months],
            {
                "岗位需求人数": [m.total_vacancies for m in months],
                "求职人数": [m.total_seekers for m in months],
            },
            unit="人",
        ),
        filters=filters,
        report=quarter,
        months=months,
        area=quarter.area,
        level=quarter.level,
        levels=services.LEVELS,
        balance_labels=BALANCE_LABELS,
        updated=services.figures_computed_at(quarter.period),
        quarters=recent_quarters(services.latest_quarter(), TREND_QUARTERS),
    )


@bp.route("/supply-demand.xlsx")
@allow(Role.ADMIN)
def supply_demand_export():
    filters = Filters()
    report, months = filters.supply_demand()
    body = reports.supply_demand_workbook(report, months, filters.area_name(report.area))
    return _xlsx(body, f"supply-demand-{report.period.label}.xlsx")


@bp.route("/warnings")
@allow(Role.ADMIN)
def warnings_page():
    filters = Filters()
    month = filters.period(months=True)
    if month.is_quarter:
        month = month.months()[-1]
    view = warnings.warnings_view(month)
    marks = {
        s.code: (
            s.level,
            "；".join(
                f"{warnings.INDICATORS[name][0]}{LEVELS[level]}"
                for name, (_value, level) in s.values.items()
                if level
            )
            or "没有指标达到阈值",
            f"#street-{s.code}",
        )
        for s in view.streets
    }
    return render_template(
        "market/warnings.html",
        map_levels=maps.WARNING_LEVELS,
        level_labels={lv.key: lv.label for lv in maps.WARNING_LEVELS},
        profile_title=region_profile().title,
        street_map=_street_map(
            marks, maps.WARNING_LEVELS, "warn-map", f"{month.title}各街道（乡镇）预警等级图"
        ),
        trend_spec=charts.lines(
            [m.title for m, _w, _a in view.trend],
            {"关注": [w for _m, w, _a in view.trend], "预警": [a for _m, _w, a in view.trend]},
            unit="项",
            colors=["#9a6200", "#b3261e"],
        ),
        indicators=warnings.INDICATORS,
        months=[m for m, _w, _a in view.trend][::-1],
        filters=filters,
        view=view,
        month=month,
        levels=LEVELS,
        recent=layoffs.recent_reports(),
    )


@bp.route("/layoffs", methods=["GET", "POST"])
@allow(Role.EMPLOYER)
def layoff_reports():
    organisation_id = current_user.organisation_id
    if organisation_id is None:
        abort(403)
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            layoffs.report_layoff(request.form, actor=current_user)
        except InputError as exc:
            db.session.rollback()
            errors = exc.fields
        else:
            db.session.commit()
            flash("规模性裁员报告已提交，人社局将与贵单位联系。", "ok")
            return redirect(url_for("market.layoff_reports"))
    return render_template(
        "market/layoffs.html",
        errors=errors,
        form=request.form,
        reports=layoffs.reports_of(organisation_id),
    ), (422 if errors else 200)
