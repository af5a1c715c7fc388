"""Key-group services (重点群体服务): what a person is offered for belonging to a key group,
beside the subsidies — 1131 实名服务 for a graduate within 2 years of leaving school, 就业援助
for a certified 就业困难人员, the veterans' services. The list is region-profile data
(``key_group.services``, dated, each service with its basis and how to take it up), so a bureau
adds or words a service in its profile, not in code.

A service is offered when its group holds for the person (a 待认定 group offers nothing, as it
grants nothing), with the group's own reasons.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .profiles import Profile
from .results import Evaluation


@dataclass(frozen=True)
class ServiceOffer:
    code: str
    name: str
    group: str  # key-group code
    group_name: str
    reasons: tuple[str, ...]  # why the group holds (the engine's words)
    how: str  # how to take it up and where to go
    basis: tuple[str, ...]
    served_by: tuple[str, ...]  # recorded service kinds that count as having given it


def catalogue(profile: Profile, on: date) -> tuple[dict, ...]:
    """The services of the profile in force on ``on`` (empty when it lists none)."""
    return tuple(profile.value_or_none("key_group.services", on) or ())


def offered_services(evaluation: Evaluation, profile: Profile) -> tuple[ServiceOffer, ...]:
    """The key-group services the person is offered on the evaluation's date, each with the
    reasons its group holds and the service's basis."""
    held = {f.code: f for f in evaluation.key_groups}
    return tuple(
        ServiceOffer(
            code=s["code"],
            name=s["name"],
            group=s["group"],
            group_name=held[s["group"]].name,
            reasons=held[s["group"]].reasons,
            how=s["how"],
            basis=(s["basis"], *held[s["group"]].basis),
            served_by=tuple(s["served_by"]),
        )
        for s in catalogue(profile, evaluation.as_of)
        if s["group"] in held
    )
