"""Region profiles: overrides, dated versions, and errors that name the file and the field."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from jobhub.policy import (
    ProfileError,
    UnknownProfileError,
    available_profiles,
    evaluate,
    evaluation_to_json,
    load_profile,
)
from jobhub.policy.dates import today_in_china

from .factory import AS_OF, flexible_difficulty, person

PARAM = """
[[param]]
key = "older_worker.min_age"
value = {{ female = {female}, male = 50 }}
effective_from = {start}
source = "[L] test"
"""


def write(folder: Path, name: str, body: str) -> Path:
    path = folder / f"{name}.toml"
    path.write_text(body, encoding="utf-8")
    return path


def child(folder: Path, name: str, extra: str) -> Path:
    return write(folder, name, f'name = "{name}"\ntitle = "测试"\nextends = "default"\n{extra}')


def test_shipped_profiles_load():
    assert {"default", "sample_county"} <= set(available_profiles())
    for name in available_profiles():
        assert load_profile(name).name == name


def test_profiles_are_cached():
    assert load_profile("default") is load_profile("default")


@pytest.mark.parametrize("name", ["nowhere", "../default", "Default", ""])
def test_unknown_profile_is_a_clear_error(name):
    with pytest.raises(UnknownProfileError) as info:
        load_profile(name)
    assert "default" in str(info.value) and "sample_county" in str(info.value)


def test_sample_county_overrides_only_what_it_sets():
    county, default = load_profile("sample_county"), load_profile("default")
    assert county.value("older_worker.min_age", AS_OF) == {"female": 45, "male": 55}
    # Not overridden: taken from the parent, with the parent's source.
    term = county.param("si_flexible_difficulty.term", AS_OF)
    assert term.profile == "default" and term == default.param("si_flexible_difficulty.term", AS_OF)
    assert county.basis("si_flexible_difficulty", AS_OF) == default.basis(
        "si_flexible_difficulty", AS_OF
    )
    assert county.subsidies == default.subsidies


def test_same_person_two_regions():
    # Man of 52, flexible, 600元 a month: 4050 by default, not in the county (55).
    p = flexible_difficulty(birth_date=date(1974, 6, 1))
    default = evaluate(p, AS_OF, "default")
    county = evaluate(p, AS_OF, "sample_county")
    assert default.subsidy("si_flexible_difficulty").monthly_amount_cap == Decimal("400.00")
    assert [f.code for f in county.difficulty_categories] == []
    assert not county.subsidy("si_flexible_difficulty").eligible


def test_child_overlay_keeps_the_parent_before_its_own_date(tmp_path):
    child(tmp_path, "later", PARAM.format(female=35, start="2026-01-01"))
    woman_37 = person(birth_date=date(1989, 1, 1), gender="female")
    later = load_profile("later", tmp_path)

    def codes(as_of):
        return [f.code for f in evaluate(woman_37, as_of, later).difficulty_categories]

    assert codes(date(2025, 12, 31)) == []  # parent's 40 still applies
    assert codes(date(2026, 1, 1)) == ["older_worker"]


def test_a_future_rule_does_not_change_todays_answers(tmp_path):
    today = today_in_china()
    tomorrow = today + timedelta(days=1)
    child(tmp_path, "future", PARAM.format(female=18, start=tomorrow.isoformat()))
    future = load_profile("future", tmp_path)
    woman = person(
        birth_date=date(today.year - 30, 1, 1), gender="female", employment_status="unemployed"
    )

    def body(ev):
        out = evaluation_to_json(ev)
        out.pop("region")
        return out

    assert body(evaluate(woman, today, future)) == body(evaluate(woman, today, "default"))
    changed = evaluate(woman, tomorrow, future)
    assert "older_worker" in [f.code for f in changed.difficulty_categories]


def test_near_retirement_law_at_first_approval_option(tmp_path):
    # A region may read the 60-month test against the law at the first approval: the man
    # approved in 2021 (58 months before the then retirement date 2026-01) keeps the
    # extension up to the new retirement month 2026-05 (62 months).
    child(
        tmp_path,
        "keep_extension",
        """
[[param]]
key = "si_flexible_difficulty.term"
value = { max_months = 36, near_retirement_months = 60, near_retirement_law = "at_first_approval" }
effective_from = 2023-12-20
source = "[L] test"
""",
    )
    p = flexible_difficulty(
        birth_date=date(1966, 1, 10), subsidy_first_approved_on=date(2021, 3, 15)
    )
    result = evaluate(p, date(2025, 6, 1), load_profile("keep_extension", tmp_path)).subsidy(
        "si_flexible_difficulty"
    )
    assert result.eligible and result.months == 62 and result.end == date(2026, 4, 30)


MALFORMED = [
    (  # missing field
        'name = "bad"\ntitle = "t"\nextends = "default"\n[[param]]\nkey = "older_worker.min_age"\n'
        "value = { female = 45, male = 55 }\neffective_from = 2024-01-01\n",
        "param[0]（older_worker.min_age）.source",
    ),
    (  # bad date (as a string)
        'name = "bad"\ntitle = "t"\nextends = "default"\n[[param]]\nkey = "long_term_unemployed.min_months"\n'
        'value = 6\neffective_from = "2024-13-01"\nsource = "x"\n',
        "param[0]（long_term_unemployed.min_months）.effective_from",
    ),
    (  # wrong type
        'name = "bad"\ntitle = "t"\nextends = "default"\n[[param]]\nkey = "long_term_unemployed.min_months"\n'
        'value = "six"\neffective_from = 2024-01-01\nsource = "x"\n',
        "param[0]（long_term_unemployed.min_months）.value",
    ),
    (  # wrong type, nested
        'name = "bad"\ntitle = "t"\nextends = "default"\n[[param]]\nkey = "older_worker.min_age"\n'
        'value = { female = "45", male = 55 }\neffective_from = 2024-01-01\nsource = "x"\n',
        "param[0]（older_worker.min_age）.value.female",
    ),
    (  # unknown parameter key
        'name = "bad"\ntitle = "t"\nextends = "default"\n[[param]]\nkey = "older_worker.age"\n'
        'value = 45\neffective_from = 2024-01-01\nsource = "x"\n',
        "param[0]（older_worker.age）.key",
    ),
    (  # effective_to before effective_from
        'name = "bad"\ntitle = "t"\nextends = "default"\n[[param]]\nkey = "long_term_unemployed.min_months"\n'
        'value = 6\neffective_from = 2024-01-01\neffective_to = 2023-01-01\nsource = "x"\n',
        "param[0]（long_term_unemployed.min_months）.effective_to",
    ),
    (  # overlapping versions of one key
        'name = "bad"\ntitle = "t"\nextends = "default"\n'
        '[[param]]\nkey = "long_term_unemployed.min_months"\nvalue = 6\neffective_from = 2024-01-01\nsource = "x"\n'
        '[[param]]\nkey = "long_term_unemployed.min_months"\nvalue = 9\neffective_from = 2025-01-01\nsource = "x"\n',
        "param[1]（long_term_unemployed.min_months）",
    ),
    (  # ratio that is not a fraction
        'name = "bad"\ntitle = "t"\nextends = "default"\n[[param]]\nkey = "si_flexible_difficulty.amount"\n'
        'value = { method = "ratio", ratio = 0.66 }\neffective_from = 2024-01-01\nsource = "x"\n',
        "param[0]（si_flexible_difficulty.amount）.value.ratio",
    ),
    (  # unknown subsidy code
        'name = "bad"\ntitle = "t"\nextends = "default"\nsubsidies = ["si_flexible_difficulty", "free_money"]\n',
        "subsidies[1]",
    ),
    (  # basis for an unknown rule
        'name = "bad"\ntitle = "t"\nextends = "default"\n[[basis]]\nrule = "nothing"\ntext = "x"\n'
        'effective_from = 2024-01-01\nsource = "x"\n',
        "basis[0].rule",
    ),
    (  # missing title
        'name = "bad"\nextends = "default"\n',
        "title",
    ),
    (  # name does not match the file
        'name = "other"\ntitle = "t"\nextends = "default"\n',
        "name",
    ),
    (  # unknown parent
        'name = "bad"\ntitle = "t"\nextends = "nowhere"\n',
        "extends",
    ),
    (  # a root profile lacking required parameters
        'name = "bad"\ntitle = "t"\nsubsidies = ["traineeship"]\n',
        "param retirement.male",
    ),
]


@pytest.mark.parametrize(("body", "field"), MALFORMED)
def test_malformed_profile_names_file_and_field(tmp_path, body, field):
    path = write(tmp_path, "bad", body)
    with pytest.raises(ProfileError) as info:
        load_profile("bad", tmp_path)
    error = info.value
    assert error.path == str(path) and error.field == field
    assert str(path) in str(error) and field in str(error)


def test_invalid_toml_date_names_the_file_and_line(tmp_path):
    path = write(
        tmp_path,
        "bad",
        'name = "bad"\ntitle = "t"\nextends = "default"\n[[param]]\nkey = "long_term_unemployed.min_months"\n'
        'value = 6\neffective_from = 2024-02-30\nsource = "x"\n',
    )
    with pytest.raises(ProfileError) as info:
        load_profile("bad", tmp_path)
    assert str(path) in str(info.value) and "line 7" in str(info.value)


def test_extends_cycle_is_refused(tmp_path):
    write(tmp_path, "a", 'name = "a"\ntitle = "t"\nextends = "b"\n')
    write(tmp_path, "b", 'name = "b"\ntitle = "t"\nextends = "a"\n')
    with pytest.raises(ProfileError) as info:
        load_profile("a", tmp_path)
    assert info.value.field == "extends"


def test_every_shipped_parameter_cites_a_source():
    for name in available_profiles():
        profile = load_profile(name)
        for versions in profile.params.values():
            for version in versions:
                assert version.source.strip()
        for items in profile.basis_items.values():
            for item in items:
                assert item.source.strip() and item.text.strip()


def test_regional_parameters_are_marked_L():
    # Every override in the sample county is a regional value, tagged [L] in its source.
    county = load_profile("sample_county")
    assert county.params
    for versions in county.params.values():
        assert all(v.source.startswith("[L]") for v in versions)
