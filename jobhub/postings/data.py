"""Rule data loaded lazily from the package's TOML files (never at import time)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from .model import ALL_CODES, MinimumWage, SalaryUnit, Severity


@dataclass(frozen=True)
class RuleSpec:
    """What a rule reports: its code, severity, basis, dates and message template."""

    rule: str
    code: str
    severity: Severity
    basis: tuple[str, ...]
    message: str
    effective_from: date
    effective_to: date | None
    source: str
    confidence: str

    def in_force(self, on: date | None) -> bool:
        """Whether the rule applies to a review dated ``on`` (always, when undated)."""
        if on is None:
            return True
        if on < self.effective_from:
            return False
        return self.effective_to is None or on < self.effective_to


@dataclass(frozen=True)
class WageParameters:
    """Parameters of the wage_outlier rules (see ``wages.toml``)."""

    default_region: str
    days_per_month: float
    minimum_wages: tuple[MinimumWage, ...]
    above_factor: float
    below_factor: float
    general_ceiling: dict[SalaryUnit, float]
    low_skill_ceiling: dict[SalaryUnit, float]
    low_skill_words: tuple[str, ...]
    cities: dict[str, str] = field(default_factory=dict)  # city name -> profile region

    def region_for_city(self, city: str) -> str | None:
        """The profile of a city named as in the 2023 区划 table (杭州市, 北京市), or ``None``."""
        return self.cities.get(city)

    def minimum_wage(self, region: str | None, on: date | None) -> MinimumWage | None:
        """The standard of ``region`` in force ``on`` (the newest when ``on`` is None)."""
        wanted = region or self.default_region
        candidates = [
            m
            for m in self.minimum_wages
            if m.region == wanted and (on is None or m.effective_from <= on)
        ]
        if not candidates:
            return None
        return max(candidates, key=lambda m: m.effective_from)


class RuleDataError(ValueError):
    """A rule data file that cannot be used: the message names the file and the field."""


def _path(name: str) -> str:
    return str(resources.files(__package__).joinpath(name))


def _read(name: str) -> dict[str, Any]:
    raw = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    try:
        return tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise RuleDataError(f"{_path(name)}：不是有效的 TOML：{exc}") from None


def _as_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


@cache
def rule_specs() -> dict[str, RuleSpec]:
    """All rules of ``codes.toml`` by rule id, validated against the code vocabulary."""
    doc = _read("codes.toml")
    specs: dict[str, RuleSpec] = {}
    for rule, row in doc["rules"].items():
        code = row["code"]
        severity = row["severity"]
        if code not in ALL_CODES:
            raise ValueError(f"codes.toml: rule {rule!r} has unknown code {code!r}")
        if severity not in ("reject", "warn"):
            raise ValueError(f"codes.toml: rule {rule!r} has bad severity {severity!r}")
        specs[rule] = RuleSpec(
            rule=rule,
            code=code,
            severity=severity,
            basis=tuple(row["basis"]),
            message=row["message"],
            effective_from=_as_date(row["effective_from"]),
            effective_to=_as_date(row["effective_to"]) if "effective_to" in row else None,
            source=row.get("source", ""),
            confidence=row.get("confidence", ""),
        )
    return specs


@cache
def rules_version() -> str:
    """Version string of ``codes.toml``, stored with each review for the audit trail."""
    return str(_read("codes.toml")["version"])


def _profile(p: Any, where: str, days: float) -> tuple[str, MinimumWage]:
    """One ``[[minimum_wage.profiles]]`` entry, every field checked; ``(city, standard)``."""
    if not isinstance(p, dict):
        raise RuleDataError(f"{where} region：这一条应为一个表（[[minimum_wage.profiles]]）")
    for key in ("region", "city", "source"):
        if not isinstance(p.get(key), str) or not p[key].strip():
            raise RuleDataError(f"{where} {key}：必填，应为非空文字")
    amounts = {}
    for key in ("month", "hour"):
        value = p.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise RuleDataError(f"{where} {key}：应为正数（元），而不是 {value!r}")
        amounts[key] = float(value)
    try:
        since = _as_date(p.get("effective_from"))
    except (TypeError, ValueError):
        value = p.get("effective_from")
        raise RuleDataError(
            f"{where} effective_from：应为日期 YYYY-MM-DD，而不是 {value!r}"
        ) from None
    return p["city"].strip(), MinimumWage(
        region=p["region"].strip(),
        month=amounts["month"],
        hour=amounts["hour"],
        effective_from=since,
        source=p["source"],
        days_per_month=days,
    )


def _minimum_wages(doc: dict[str, Any], file: str):  # noqa: ANN202 - (days, profiles, cities)
    mw = doc.get("minimum_wage")
    if not isinstance(mw, dict):
        raise RuleDataError(f"{file}：缺少 [minimum_wage]")
    days = mw.get("days_per_month")
    if isinstance(days, bool) or not isinstance(days, int | float) or days <= 0:
        raise RuleDataError(f"{file}：minimum_wage.days_per_month：应为正数，而不是 {days!r}")
    entries = mw.get("profiles")
    if not isinstance(entries, list) or not entries:
        raise RuleDataError(f"{file}：minimum_wage.profiles：至少应有一条")
    profiles, cities = [], {}
    for i, entry in enumerate(entries, start=1):
        where = f"{file}：minimum_wage.profiles 第 {i} 条，字段"
        city, standard = _profile(entry, where, float(days))
        if cities.setdefault(city, standard.region) != standard.region:
            raise RuleDataError(
                f"{where} city：{city} 已属于地区 {cities[city]}，不能再属于 {standard.region}"
            )
        profiles.append(standard)
    default = mw.get("default_region")
    if default not in {p.region for p in profiles}:
        raise RuleDataError(f"{file}：minimum_wage.default_region：没有地区为 {default!r} 的标准")
    return float(days), tuple(profiles), cities


@cache
def wage_parameters() -> WageParameters:
    """The wage_outlier parameters of ``wages.toml``. ``RuleDataError`` (naming the file and
    the field) when a minimum-wage profile is malformed: the app loads them at start."""
    doc = _read("wages.toml")
    days, profiles, cities = _minimum_wages(doc, _path("wages.toml"))
    fallback = doc["fallback"]

    def ceiling(table: dict[str, Any]) -> dict[SalaryUnit, float]:
        return {
            "month": float(table["month"]),
            "day": float(table["day"]),
            "hour": float(table["hour"]),
        }

    return WageParameters(
        default_region=doc["minimum_wage"]["default_region"],
        days_per_month=days,
        minimum_wages=profiles,
        above_factor=float(doc["market"]["above_factor"]),
        below_factor=float(doc["market"]["below_factor"]),
        general_ceiling=ceiling(fallback["general"]),
        low_skill_ceiling=ceiling(fallback["low_skill"]),
        low_skill_words=tuple(fallback["low_skill_words"]["words"]),
        cities=cities,
    )
