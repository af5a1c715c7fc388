"""A person's facts → the stored row of the lists (pure: no Flask, no database).

The same function makes every row, whether the nightly refresh or the on-change hook asks, and
the on-read lists (``jobhub.admin.queries``) apply the same rules (:func:`open_subsidies`,
:func:`service_counts`), so a stored list equals the on-read one for the same day.

What a row may say in clear is limited by the security baseline (sensitive statuses 残疾, 低保,
退役军人 … are encrypted at rest): the tags carry only the subsidy codes a person qualifies for
and has not applied for, and the key groups 离校2年内未就业高校毕业生 and 就业困难人员 (an
umbrella that names no category: age or a long unemployment make it as well as a disability).
The 退役军人 group and the difficulty categories are in the encrypted ``detail`` only, and so is
whether a person is offered a key-group service: a tag for "support or a service" would, on
someone with no other tag, name a 退役军人 (the veterans' services are the only ones a person gets
without a clear group), so 政策推送 finds its people by reading ``detail``
(:func:`push_due`), not a tag.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from jobhub.policy import Evaluation, PersonFacts, Profile, RuleNotInForce, evaluate
from jobhub.policy.group_services import offered_services

# Applying for the programme (a subsidy code) is applying to a vacancy of this kind.
PROGRAMME_KINDS = {"traineeship": "traineeship", "public_welfare_post": "public_welfare"}

GRADUATE = "graduate_within_2y"
# Key groups a tag may name: none of them reveals a sensitive status (see the module doc).
CLEAR_GROUPS = (GRADUATE, "employment_difficulty")

# The statuses an unknown one could turn out to be that open person-side support.
STATUSES_TO_ASK = ("unemployed", "flexible")

# 1 policy briefing, 1 career-guidance session, 3 job referrals, 1 training or traineeship offer
# (国办发〔2022〕13号; 人社部 "1131" 实名服务).
REQUIRED: tuple[tuple[str, str, tuple[str, ...], int], ...] = (
    ("policy_briefing", "政策宣介", ("policy_briefing",), 1),
    ("career_guidance", "职业指导", ("career_guidance",), 1),
    ("job_referral", "岗位推荐", ("job_referral",), 3),
    ("training", "培训或见习机会", ("training_referral", "traineeship_offer"), 1),
)

OUTREACH = "list:outreach"
PENDING = "list:pending"
GRADUATES = "list:graduate"
GRADUATES_OWED = "list:graduate_owed"
GRADUATES_PENDING = "list:graduate_pending"


def code_tag(code: str) -> str:
    return f"code:{code}"


def group_tag(group: str) -> str:
    return f"group:{group}"


def open_subsidies(
    evaluation: Evaluation,
    applied: Iterable[str],
    applied_kinds: Iterable[str],
    person_codes: Sequence[str],
    code: str | None = None,
) -> list:
    """The person-side subsidies ``evaluation`` grants that the person has not applied for
    (neither the subsidy nor, for a programme, a vacancy of its kind), optionally one code."""
    done, kinds = set(applied), set(applied_kinds)
    return [
        s
        for s in evaluation.subsidies
        if s.eligible
        and s.code in person_codes
        and s.code not in done
        and PROGRAMME_KINDS.get(s.code) not in kinds
        and (code is None or s.code == code)
    ]


def service_counts(kinds: Iterable[str]) -> tuple[dict[str, int], tuple[str, ...]]:
    """The 1131 services given (by REQUIRED key) among records of ``kinds``, and the labels of
    what is still owed."""
    given = list(kinds)
    counts = {key: sum(1 for k in given if k in accepted) for key, _l, accepted, _n in REQUIRED}
    missing = tuple(
        f"{label}（还差 {need - counts[key]} 次）"
        for key, label, _kinds, need in REQUIRED
        if counts[key] < need
    )
    return counts, missing


def push_due(detail: dict[str, Any]) -> bool:
    """Whether a stored ``detail`` holds something 政策推送 tells of: a subsidy not applied for
    or a key-group service."""
    return bool(detail.get("subsidies") or detail.get("offers"))


def evaluate_or_none(facts: PersonFacts, as_of: date, profile: Profile) -> Evaluation | None:
    """The engine's evaluation, or ``None`` for a record it cannot read (a date outside the
    rules' range)."""
    try:
        return evaluate(facts, as_of, profile)
    except (RuleNotInForce, ValueError):
        return None


def if_status_were(facts: PersonFacts, as_of: date, profile: Profile) -> list[Evaluation]:
    """The evaluations of someone whose status is unknown, as if it were each status to ask."""
    out = []
    for status in STATUSES_TO_ASK:
        evaluation = evaluate_or_none(replace(facts, employment_status=status), as_of, profile)
        if evaluation is not None:
            out.append(evaluation)
    return out


_VERSIONS: dict[int, tuple[Profile, str]] = {}


def rules_version(profile: Profile) -> str:
    """A fingerprint of the rules (every dated parameter, basis and subsidy of the profile and
    its parents): a row evaluated under other rules is out of date."""
    cached = _VERSIONS.get(id(profile))
    if cached is not None and cached[0] is profile:
        return cached[1]
    digest = hashlib.sha256()
    chain: Profile | None = profile
    while chain is not None:
        digest.update(repr((chain.name, chain.subsidies)).encode())
        for key in sorted(chain.params):
            digest.update(repr((key, chain.params[key])).encode())
        for key in sorted(chain.basis_items):
            digest.update(repr((key, chain.basis_items[key])).encode())
        chain = chain.parent
    version = f"{profile.name}:{digest.hexdigest()[:16]}"
    _VERSIONS[id(profile)] = (profile, version)
    return version


@dataclass(frozen=True)
class PersonInputs:
    """What the lists need of one person beside the engine's facts (``None`` when the engine
    cannot evaluate them: no birth date or gender yet)."""

    person_id: int
    station_id: int | None
    street_code: str | None
    graduation_date: date | None
    facts: PersonFacts | None
    status_unknown: bool  # the person's own employment status is unknown (待核实)
    applied: frozenset[str] = frozenset()
    applied_kinds: frozenset[str] = frozenset()
    service_kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class SnapshotRow:
    person_id: int
    station_id: int | None
    street_code: str | None
    graduation_date: date | None
    rules_version: str
    evaluated_on: date
    detail: dict[str, Any]
    tags: tuple[str, ...]

    def values(self) -> dict[str, Any]:
        """The ``policy_snapshots`` columns (``stale`` false: just evaluated)."""
        return {
            "person_id": self.person_id,
            "station_id": self.station_id,
            "street_code": self.street_code,
            "graduation_date": self.graduation_date,
            "rules_version": self.rules_version,
            "evaluated_on": self.evaluated_on,
            "stale": False,
            "detail": self.detail,
        }


def snapshot_row(
    person: PersonInputs, as_of: date, profile: Profile, person_codes: Sequence[str]
) -> SnapshotRow:
    """The stored row of ``person`` on ``as_of``: the lists they are on (tags) and, encrypted,
    their key groups, difficulty categories, open subsidies with terms, key-group services and
    what an unknown status would open."""
    tags: list[str] = []
    detail: dict[str, Any] = {}
    evaluation = evaluate_or_none(person.facts, as_of, profile) if person.facts else None
    if evaluation is not None:
        groups = [(f.code, f.name) for f in evaluation.key_groups]
        held = {code for code, _name in groups}
        open_ = open_subsidies(evaluation, person.applied, person.applied_kinds, person_codes)
        offers = offered_services(evaluation, profile)
        detail = {
            "groups": groups,
            "categories": [f.code for f in evaluation.difficulty_categories],
            "subsidies": [
                {
                    "code": s.code,
                    "start": s.start.isoformat() if s.start else None,
                    "end": s.end.isoformat() if s.end else None,
                    "cap": str(s.monthly_amount_cap) if s.monthly_amount_cap is not None else None,
                }
                for s in open_
            ],
            "offers": [o.code for o in offers],
        }
        tags += [group_tag(g) for g in CLEAR_GROUPS if g in held]
        if open_:
            tags += [OUTREACH, *(code_tag(s.code) for s in open_)]
        # the 1131 list reads the graduation date the person gave (as it always has)
        if GRADUATE in held and person.graduation_date is not None:
            tags.append(GRADUATES)
            if service_counts(person.service_kinds)[1]:
                tags.append(GRADUATES_OWED)
    if person.facts is not None and person.status_unknown:
        would_be = if_status_were(person.facts, as_of, profile)
        would = sorted(
            {s.code for e in would_be for s in e.subsidies if s.eligible and s.code in person_codes}
        )
        if would:
            detail["would"] = would
            tags.append(PENDING)
        if any(f.code == GRADUATE for e in would_be for f in e.key_groups):
            tags.append(GRADUATES_PENDING)
    return SnapshotRow(
        person_id=person.person_id,
        station_id=person.station_id,
        street_code=person.street_code,
        graduation_date=person.graduation_date,
        rules_version=rules_version(profile),
        evaluated_on=as_of,
        detail=detail,
        tags=tuple(tags),
    )
