"""Rule data loaded lazily from the package's TOML files (never at import time)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
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


def _read(name: str) -> dict[str, Any]:
    raw = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    return tomllib.loads(raw)


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


@cache
def wage_parameters() -> WageParameters:
    """The wage_outlier parameters of ``wages.toml``."""
    doc = _read("wages.toml")
    mw = doc["minimum_wage"]
    days = float(mw["days_per_month"])
    profiles = tuple(
        MinimumWage(
            region=p["region"],
            month=float(p["month"]),
            hour=float(p["hour"]),
            effective_from=_as_date(p["effective_from"]),
            source=p["source"],
            days_per_month=days,
        )
        for p in mw["profiles"]
    )
    fallback = doc["fallback"]

    def ceiling(table: dict[str, Any]) -> dict[SalaryUnit, float]:
        return {
            "month": float(table["month"]),
            "day": float(table["day"]),
            "hour": float(table["hour"]),
        }

    return WageParameters(
        default_region=mw["default_region"],
        days_per_month=days,
        minimum_wages=profiles,
        above_factor=float(doc["market"]["above_factor"]),
        below_factor=float(doc["market"]["below_factor"]),
        general_ceiling=ceiling(fallback["general"]),
        low_skill_ceiling=ceiling(fallback["low_skill"]),
        low_skill_words=tuple(fallback["low_skill_words"]["words"]),
    )
