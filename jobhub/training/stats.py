"""For the bureau: enrolments, completions and the share employed within 6 months after
completion, by course and by institution, and the same as an xlsx workbook.

Employed within 6 months: a hire recorded on the platform (an application marked hired) or an
employment start (``employment_since`` with status employed) from the completion date up to
the same day 6 months later. The share is over completions whose 6-month window has closed,
so a course finished last week does not read as a failure; those still in their window are
counted apart.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from jobhub.exports import append_row
from jobhub.extensions import db
from jobhub.policy.dates import add_months, today_in_china
from jobhub.seekers.models import Application, Person
from jobhub.training.models import Course, Enrolment

WINDOW_MONTHS = 6


@dataclass
class Row:
    name: str
    institution: str = ""
    applied: int = 0  # every application, whatever became of it
    confirmed: int = 0  # confirmed, still training or completed
    completed: int = 0
    window_closed: int = 0
    employed: int = 0  # among window_closed
    employed_in_window: int = 0  # still in their window, employed already
    course_ids: list[int] = field(default_factory=list)

    @property
    def completion_share(self) -> float | None:
        return self.completed / self.confirmed if self.confirmed else None

    @property
    def employed_share(self) -> float | None:
        return self.employed / self.window_closed if self.window_closed else None


def _employed_between(person: Person, start: date, end: date, hires: dict[int, list[date]]) -> bool:
    if any(start <= d <= end for d in hires.get(person.id, [])):
        return True
    since = person.employment_since
    return person.employment_status == "employed" and since is not None and start <= since <= end


def outcomes(today: date | None = None) -> tuple[list[Row], list[Row]]:
    """(rows by course, rows by institution), courses newest first."""
    today = today or today_in_china()
    courses = list(db.session.scalars(db.select(Course).order_by(Course.institution_id, Course.id)))
    enrolments = list(db.session.scalars(db.select(Enrolment)))
    people = {e.person_id for e in enrolments if e.status == "completed"}
    hires: dict[int, list[date]] = defaultdict(list)
    if people:
        for person_id, hired_on in db.session.execute(
            db.select(Application.person_id, Application.hired_on).where(
                Application.person_id.in_(people), Application.hired_on.is_not(None)
            )
        ):
            hires[person_id].append(hired_on)
    by_course = {c.id: Row(c.title, c.institution.name, course_ids=[c.id]) for c in courses}
    for e in enrolments:
        row = by_course[e.course_id]
        row.applied += 1
        if e.status in ("confirmed", "completed"):
            row.confirmed += 1
        if e.status != "completed" or e.completed_on is None:
            continue
        row.completed += 1
        end = add_months(e.completed_on, WINDOW_MONTHS)
        employed = _employed_between(e.person, e.completed_on, end, hires)
        if end < today:
            row.window_closed += 1
            row.employed += employed
        else:
            row.employed_in_window += employed
    by_institution: dict[str, Row] = {}
    for course in courses:
        row = by_course[course.id]
        total = by_institution.setdefault(course.institution.name, Row(course.institution.name))
        for name in ("applied", "confirmed", "completed", "window_closed", "employed"):
            setattr(total, name, getattr(total, name) + getattr(row, name))
        total.employed_in_window += row.employed_in_window
        total.course_ids.append(course.id)
    return list(by_course.values()), list(by_institution.values())


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


HEAD = [
    "报名人数",
    "确认参训",
    "结业人数",
    "结业率",
    "结业满6个月",
    "其中6个月内就业",
    "6个月内就业率",
    "未满6个月已就业",
]


def _cells(row: Row) -> list:
    return [
        row.applied,
        row.confirmed,
        row.completed,
        _share(row.completion_share),
        row.window_closed,
        row.employed,
        _share(row.employed_share),
        row.employed_in_window,
    ]


def workbook(today: date | None = None) -> bytes:
    """Two sheets, 按课程 and 按机构; counts only, no personal data."""
    today = today or today_in_china()
    courses, institutions = outcomes(today)
    book = Workbook()
    sheet = book.active
    sheet.title = "按课程"
    append_row(sheet, [f"职业技能培训成效（截至 {today:%Y-%m-%d}）"])
    append_row(sheet, ["培训机构", "课程", *HEAD])
    for row in courses:
        append_row(sheet, [row.institution, row.name, *_cells(row)])
    other = book.create_sheet("按机构")
    append_row(other, [f"职业技能培训成效（截至 {today:%Y-%m-%d}）"])
    append_row(other, ["培训机构", "课程数", *HEAD])
    for row in institutions:
        append_row(other, [row.name, len(row.course_ids), *_cells(row)])
    for ws in (sheet, other):
        for cell in ws[2]:
            cell.font = Font(bold=True)
    out = BytesIO()
    book.save(out)
    return out.getvalue()
