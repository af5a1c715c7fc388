"""Taking in a department's list: stream, validate, match by the ID's keyed hash, store.

A bad row is reported (row, column, reason) and skipped whole; good rows are written in
batches of ``BATCH_ROWS``, each committed by the caller's ``commit`` so an interrupted import
keeps whole batches and a re-run converges (one row per source and person, inserted with
ON CONFLICT DO NOTHING). The same file (SHA-256) of the same source is taken in once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from jobhub.db import now_utc
from jobhub.extensions import db
from jobhub.imports.lists import (
    SOURCES,
    HeaderError,
    ListedRow,
    RowError,
    check_row,
    map_headers,
)
from jobhub.imports.models import ImportBatch, ListedPerson
from jobhub.imports.reading import file_digest, open_rows
from jobhub.policy import PersonFacts, evaluate
from jobhub.policy.dates import today_in_china
from jobhub.policy.profiles import Profile, RuleNotInForce
from jobhub.regions.models import Street
from jobhub.regions.services import region_profile
from jobhub.security import audit
from jobhub.security.columns import lookup_hash

BATCH_ROWS = 2000

# The sensitive status a source's list establishes (PersonFacts field).
SOURCE_FLAGS = {
    "civil_affairs": "low_income_household",
    "disabled_persons": "disabled",
    "veterans": "is_veteran",
}


@dataclass
class ImportReport:
    source: str
    file_name: str
    digest: str
    dry_run: bool
    batch_id: int | None = None
    already_imported: bool = False
    total: int = 0
    added: int = 0
    known: int = 0
    errors: list[RowError] = field(default_factory=list)
    preview: list[ListedRow] = field(default_factory=list)


def listed_facts(source: str, facts: dict[str, Any]) -> dict[str, Any]:
    """What a list row tells the policy engine (PersonFacts fields): the status its source
    establishes, and for the education department's 离校未就业 list the schooling and that
    the person had no job when listed."""
    out: dict[str, Any] = {}
    if source in SOURCE_FLAGS:
        out[SOURCE_FLAGS[source]] = True
    if source == "education":
        out["education"] = facts.get("education")
        out["graduation_date"] = date.fromisoformat(facts["graduation_date"])
        out["employment_status"] = "unemployed"
    return out


class Outcomes:
    """The key groups and person-side support the engine finds for a list row on ``as_of``.

    The engine reads only birth date, gender and the list's facts of a row, so rows alike in
    those share one evaluation (the engine is pure: the answer is the same). A graduates'
    list of 100,000 people born over four years has about a fifth as many kinds as rows."""

    def __init__(self, source: str, as_of: date, profile: Profile) -> None:
        self.source, self.as_of, self.profile = source, as_of, profile
        self._seen: dict[tuple, dict[str, list[str]]] = {}

    def __call__(self, row: ListedRow) -> dict[str, list[str]]:
        facts = listed_facts(self.source, row.facts)
        key = (row.birth_date, row.gender, *sorted(facts.items()))
        if key not in self._seen:
            self._seen[key] = _outcome(row.birth_date, row.gender, facts, self.as_of, self.profile)
        return self._seen[key]


def _outcome(
    birth: date, gender: str, facts: dict[str, Any], as_of: date, profile: Profile
) -> dict[str, list[str]]:
    from jobhub.seekers.subsidies import PERSON_CODES

    facts = PersonFacts(birth_date=birth, gender=gender, **facts)
    try:
        evaluation = evaluate(facts, as_of, profile)
    except (RuleNotInForce, ValueError):
        return {"groups": [], "subsidies": []}
    return {
        "groups": [g.code for g in evaluation.key_groups],
        "subsidies": [
            s.code for s in evaluation.subsidies if s.eligible and s.code in PERSON_CODES
        ],
    }


class StreetFinder:
    """The configured street an address names (the longest street name it contains)."""

    def __init__(self) -> None:
        rows = db.session.execute(db.select(Street.name, Street.code)).all()
        self._names = sorted(rows, key=lambda r: -len(r[0]))

    def __call__(self, address: str | None) -> str | None:
        if address:
            for name, code in self._names:
                if name in address:
                    return code
        return None


def _insert(values: list[dict[str, Any]]) -> None:
    dialect = db.session.get_bind().dialect.name
    make = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = make(ListedPerson).on_conflict_do_nothing(
        index_elements=["source", "id_number_hmac"]
    )
    db.session.execute(statement, values)


def _known(source: str, hashes: list[str]) -> set[str]:
    return set(
        db.session.scalars(
            db.select(ListedPerson.id_number_hmac).where(
                ListedPerson.source == source, ListedPerson.id_number_hmac.in_(hashes)
            )
        )
    )


def _importer(actor) -> tuple[int | None, str]:
    if actor is None:
        return None, "命令行"
    return actor.id, actor.login


def import_list(
    path: Path,
    source: str,
    *,
    actor=None,
    file_name: str | None = None,
    dry_run: bool = False,
    commit: Callable[[], None] = lambda: None,
    progress: Callable[[int], None] = lambda n: None,
    preview_rows: int = 0,
    as_of: date | None = None,
) -> ImportReport:
    """Take in the list at ``path`` from ``source`` (a key of ``SOURCES``).

    Raises ``HeaderError`` (Chinese) when the file or its header cannot be read; every bad
    row is in ``report.errors``. ``dry_run`` validates and counts without writing anything.
    ``progress(n)`` is called after each ``n`` rows read; ``preview_rows`` keeps that many
    valid rows for a preview.
    """
    file_name = file_name or path.name
    digest = file_digest(path)
    report = ImportReport(source, file_name, digest, dry_run)
    batch = db.session.scalar(
        db.select(ImportBatch).where(
            ImportBatch.source == source, ImportBatch.file_digest == digest
        )
    )
    if batch is not None and batch.finished_at is not None:
        report.batch_id, report.already_imported = batch.id, True
        report.total, report.added, report.known = (
            batch.rows_total,
            0,
            batch.rows_total - batch.rows_bad,
        )
        return report
    as_of = as_of or today_in_china()
    outcome = Outcomes(source, as_of, region_profile())
    street_of = StreetFinder()
    with open_rows(path) as rows:
        columns = map_headers(next(rows, []) or [], source)
        if not dry_run and batch is None:
            user_id, importer = _importer(actor)
            batch = ImportBatch(
                source=source,
                file_name=file_name[:200],
                file_digest=digest,
                importer_user_id=user_id,
                importer=importer[:80],
            )
            db.session.add(batch)
            try:
                db.session.flush()
            except IntegrityError:  # the same file confirmed twice at once
                db.session.rollback()
                raise HeaderError("该文件正由其他人导入，请稍后在名单导入页查看结果") from None
            commit()
        report.batch_id = batch.id if batch is not None else None
        seen: dict[str, int] = {}
        pending: list[tuple[ListedRow, str]] = []

        def flush() -> None:
            hashes = [h for _row, h in pending]
            known = _known(source, hashes)
            report.known += len(known)
            fresh = [(row, h) for row, h in pending if h not in known]
            report.added += len(fresh)
            if not dry_run and fresh:
                _insert(
                    [
                        {
                            "batch_id": batch.id,
                            "source": source,
                            "row_no": row.row,
                            "id_number_hmac": h,
                            "id_number": row.id_number,
                            "name": row.name,
                            "phone": row.phone,
                            "birth_date": row.birth_date,
                            "gender": row.gender,
                            "street_code": street_of(row.address),
                            "facts": {
                                **row.facts,
                                **({"address": row.address} if row.address else {}),
                                **outcome(row),
                                "as_of": as_of.isoformat(),
                            },
                            "listed_at": now_utc(),
                        }
                        for row, h in fresh
                    ]
                )
                batch.rows_added += len(fresh)
                batch.rows_known += len(known)
                batch.rows_total = report.total
                batch.rows_bad = len(report.errors)
                db.session.flush()
                commit()
            pending.clear()

        for row_no, cells in enumerate(rows, start=2):
            if not any(c not in (None, "") for c in cells):
                continue  # blank lines between blocks are not rows
            report.total += 1
            checked = check_row(row_no, list(cells), columns, source, as_of)
            if isinstance(checked, ListedRow) and checked.id_number in seen:
                checked = RowError(
                    row_no,
                    columns["id_number"][1],
                    f"与第 {seen[checked.id_number]} 行身份证号重复",
                )
            if isinstance(checked, RowError):
                report.errors.append(checked)
            else:
                seen[checked.id_number] = row_no
                if len(report.preview) < preview_rows:
                    report.preview.append(checked)
                pending.append((checked, lookup_hash(checked.id_number, "id_number")))
                if len(pending) >= BATCH_ROWS:
                    flush()
            if report.total % 1000 == 0:
                progress(1000)
        flush()
        progress(report.total % 1000)
    if not dry_run:
        batch.rows_total, batch.rows_bad = report.total, len(report.errors)
        batch.finished_at = now_utc()
        audit.record(
            actor,
            "import_list",
            "import_batches",
            batch.id,
            f"导入{SOURCES[source]}名单：共 {report.total} 行，新增 {report.added}，"
            f"已在名单 {report.known}，有误 {len(report.errors)}"[:200],
        )
        db.session.flush()
        commit()
    return report
