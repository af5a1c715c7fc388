"""A list's facts reach the policy engine for a registered person, kept as the list's records."""

from __future__ import annotations

from datetime import date

from jobhub.extensions import db
from jobhub.seekers.models import Person
from jobhub.seekers.policy import evaluate_person
from tests.imports.helpers import LOW_INCOME, write_csv


def _person(number: str) -> int:
    person = Person(
        name="周敏",
        birth_date=date(1980, 1, 2),
        gender="female" if int(number[16]) % 2 == 0 else "male",
        employment_status="unemployed",
        retirement_category="female_worker" if int(number[16]) % 2 == 0 else None,
    )
    person.id_number = number
    db.session.add(person)
    db.session.commit()
    return person.id


def _difficulty(person_id: int) -> set[str]:
    evaluation = evaluate_person(db.session.get(Person, person_id))
    return {c.code for c in evaluation.difficulty_categories}


def _awaiting_certification(person_id: int) -> set[str]:
    """Categories the facts show but no 认定 grants yet (待认定, issue 15)."""
    evaluation = evaluate_person(db.session.get(Person, person_id))
    return {c.code for c in evaluation.category_checks if c.pending}


def test_a_person_listed_by_civil_affairs_need_not_declare_low_income(app, runner, tmp_path):
    with app.app_context():
        person_id = _person(LOW_INCOME)
        assert "low_income" not in _difficulty(person_id) | _awaiting_certification(person_id)
    path = write_csv(
        tmp_path / "dibao.csv", ["姓名", "身份证号", "低保证号"], [["周敏", LOW_INCOME, "XH0001"]]
    )
    result = runner.invoke(args=["people", "import", str(path), "--source", "civil_affairs"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        # the list is evidence the bureau's 认定 can cite: the category shows as 待认定 and,
        # like any fact without its act, grants nothing yet
        assert "low_income" in _awaiting_certification(person_id)
        assert "low_income" not in _difficulty(person_id)
        person = db.session.get(Person, person_id)
        assert not person.sensitive_flag(
            "low_income_household"
        )  # the person's own record is untouched
