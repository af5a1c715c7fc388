"""Reading the lists back: the facts they give a platform record, and the 比对 of each list."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Select

from jobhub.extensions import db
from jobhub.imports.models import ListedPerson
from jobhub.imports.services import listed_facts


def merge_listed(rows: Iterable[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """PersonFacts fields from every list a person is on ((source, facts) pairs): a status any
    list establishes holds; schooling comes from the latest graduation on a list."""
    out: dict[str, Any] = {}
    for source, facts in rows:
        for key, value in listed_facts(source, facts).items():
            if key == "graduation_date" and out.get(key) and out[key] >= value:
                continue
            out[key] = value
    return out


def listed_facts_for(id_number_hmac: str | None) -> dict[str, Any]:
    """The facts the lists give the person with this ID hash (empty when on no list)."""
    if not id_number_hmac:
        return {}
    rows = db.session.execute(
        db.select(ListedPerson.source, ListedPerson.facts).where(
            ListedPerson.id_number_hmac == id_number_hmac
        )
    ).all()
    return merge_listed(rows)


def listed_facts_among(hashes: Select) -> dict[str, dict[str, Any]]:
    """``listed_facts_for`` for every ID hash of the subquery ``hashes``, in one query."""
    by_hash: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    rows = db.session.execute(
        db.select(ListedPerson.id_number_hmac, ListedPerson.source, ListedPerson.facts).where(
            ListedPerson.id_number_hmac.in_(hashes)
        )
    )
    for digest, source, facts in rows:
        by_hash.setdefault(digest, []).append((source, facts))
    return {digest: merge_listed(rows) for digest, rows in by_hash.items()}
