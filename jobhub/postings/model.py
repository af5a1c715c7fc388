"""Frozen dataclasses that go in and out of the posting reviewer.

The reviewer is a pure core: it takes a :class:`Posting` (and optionally a
:class:`ReviewContext`) and returns a :class:`Review`. Nothing here touches Flask,
the database or the clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

SalaryUnit = Literal["month", "day", "hour"]
Severity = Literal["reject", "warn"]
Verdict = Literal["ok", "warn", "reject"]

SALARY_UNITS: tuple[SalaryUnit, ...] = ("month", "day", "hour")

# The exact vocabulary of issue 5. A finding's code is always one of these.
REJECT_CODES: tuple[str, ...] = (
    "gender",
    "marital_childbearing",
    "pregnancy_test",
    "ethnicity_religion",
    "hukou_region",
    "disability_exclusion",
    "pathogen_carrier",
    "fee_deposit",
    "document_withholding",
    "training_loan",
    "placement_hype",
    "pyramid_scheme",
    "task_scam",
    "missing_field",
)
WARN_CODES: tuple[str, ...] = (
    "age_limit",
    "school_tier",
    "off_platform_contact",
    "wage_outlier",
    "appearance",
)
ALL_CODES: tuple[str, ...] = REJECT_CODES + WARN_CODES

# Structured fields a publishable posting must carry (人力资源市场暂行条例 §24).
STRUCTURED_FIELDS: tuple[str, ...] = (
    "employer_name",
    "headcount",
    "work_location",
    "salary_min",
    "salary_max",
    "salary_unit",
    "valid_until",
)

FIELD_LABELS: dict[str, str] = {
    "title": "岗位名称",
    "description": "岗位描述",
    "employer_name": "招聘单位名称",
    "headcount": "招聘人数",
    "work_location": "工作地点",
    "salary_min": "最低薪资",
    "salary_max": "最高薪资",
    "salary_unit": "薪资单位",
    "valid_until": "有效期",
}

UNIT_LABELS: dict[str, str] = {"month": "每月", "day": "每天", "hour": "每小时"}


@dataclass(frozen=True)
class Posting:
    """A vacancy or gig as submitted by an employer, before publication.

    ``title`` and ``description`` are always present (possibly empty when built
    outside :func:`jobhub.postings.parse_request`); every structured field may be
    ``None``, which the reviewer reports as a ``missing_field`` finding.
    """

    title: str
    description: str
    employer_name: str | None = None
    headcount: int | None = None
    work_location: str | None = None
    salary_min: float | None = None
    salary_max: float | None = None
    salary_unit: SalaryUnit | None = None
    valid_until: date | None = None


@dataclass(frozen=True)
class WageBand:
    """Pay percentiles for one unit, from the platform's own vacancies."""

    unit: SalaryUnit
    p10: float
    p50: float
    p90: float


@dataclass(frozen=True)
class WageReference:
    """What the platform's own vacancies of one occupation pay, supplied by the caller.

    ``occupation_code`` is a CSCO 2022 code (e.g. ``"4-10-03-01"``) once the title
    classifier lands; ``source`` says how the bands were computed (e.g. "平台在招岗位,
    2025-06, n=412") and is quoted to staff when a posting falls outside them.
    """

    occupation_code: str
    occupation_name: str
    bands: tuple[WageBand, ...]
    source: str = ""

    def band(self, unit: SalaryUnit) -> WageBand | None:
        """The band for ``unit``, or ``None`` when the platform has none."""
        for band in self.bands:
            if band.unit == unit:
                return band
        return None


@dataclass(frozen=True)
class MinimumWage:
    """A local minimum-wage standard (最低工资标准): monthly and hourly (非全日制).

    The daily figure is derived: ``month / days_per_month`` with 21.75 paid days
    a month (劳社部发〔2008〕3号).
    """

    region: str
    month: float
    hour: float
    effective_from: date
    source: str
    days_per_month: float = 21.75

    @property
    def day(self) -> float:
        """Daily minimum derived from the monthly standard."""
        return self.month / self.days_per_month

    def for_unit(self, unit: SalaryUnit) -> float:
        """The minimum for pay quoted in ``unit``."""
        if unit == "month":
            return self.month
        if unit == "day":
            return self.day
        return self.hour


@dataclass(frozen=True)
class ReviewContext:
    """Optional facts from the caller.

    - ``today``: the review date; selects the minimum-wage standard in force and
      rules by ``effective_from``/``effective_to``, and flags an expired
      ``valid_until``. When ``None`` the newest standard is used and no date checks
      are made (the core never reads the clock).
    - ``region``: key of a minimum-wage profile in ``wages.toml``.
    - ``minimum_wage``: an explicit standard that overrides the profile.
    - ``wage_reference``: pay bands of the same occupation on the platform; when
      absent, the documented fallback bands by unit are used.
    - ``pay_ceiling``: a configured plausible ceiling per unit (gigs: ``GIG_PAY_CEILING``);
      pay above it is a ``wage_above_market`` finding whatever the market bands say.
    """

    today: date | None = None
    region: str | None = None
    minimum_wage: MinimumWage | None = None
    wage_reference: WageReference | None = None
    pay_ceiling: Mapping[str, float] | None = None


@dataclass(frozen=True)
class Finding:
    """One thing the employer must change (``reject``) or staff should look at (``warn``).

    - In the description: ``text`` is the matched words and ``start``/``end`` are
      offsets into the description as submitted (``description[start:end] == text``),
      so the UI can highlight them.
    - In the title: ``text`` is the matched title words; ``start``/``end`` are
      ``None`` (the title is short and shown whole).
    - On a structured field: ``text`` is the field name (e.g. ``"headcount"``);
      ``start``/``end`` are ``None``.

    ``field`` says which of these it is (``"title"``, ``"description"`` or a field
    name); it is not part of the HTTP response. ``rule`` is the id of the rule in
    ``codes.toml`` that produced the finding (several rules share a code).
    """

    code: str
    severity: Severity
    text: str
    start: int | None
    end: int | None
    message: str
    basis: str
    field: str
    rule: str


@dataclass(frozen=True)
class Review:
    """The outcome of a review: a verdict and the findings that explain it."""

    verdict: Verdict
    findings: tuple[Finding, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        """Distinct finding codes, sorted: what the audit trail records."""
        return tuple(sorted({f.code for f in self.findings}))


def verdict_for(findings: tuple[Finding, ...] | list[Finding]) -> Verdict:
    """``reject`` if any finding rejects, else ``warn`` if any warns, else ``ok``."""
    severities = {f.severity for f in findings}
    if "reject" in severities:
        return "reject"
    if "warn" in severities:
        return "warn"
    return "ok"
