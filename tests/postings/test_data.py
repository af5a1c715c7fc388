"""Rule data and purity: codes.toml and wages.toml agree with the code that uses them."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

from jobhub.postings import (
    ALL_CODES,
    REJECT_CODES,
    WARN_CODES,
    ReviewContext,
    WageBand,
    WageReference,
    parse_request,
    review,
)
from jobhub.postings.data import rule_specs, rules_version, wage_parameters

from .helpers import check

PACKAGE = Path(__file__).resolve().parents[2] / "jobhub" / "postings"
ALLOWED_THIRD_PARTY = {"numpy", "scipy", "sklearn", "rapidfuzz", "jieba"}


def _rule_ids_in_code() -> set[str]:
    ids: set[str] = set()
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in {"Hit", "PatternRule", "FieldHit"}
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                ids.add(node.args[0].value)
    return ids


def test_every_rule_the_code_emits_is_described_in_codes_toml_and_vice_versa() -> None:
    in_code = _rule_ids_in_code()
    in_data = set(rule_specs())
    assert in_code - in_data == set(), "rules without a message and basis"
    assert in_data - in_code == set(), "rules in codes.toml that nothing emits"


def test_every_code_of_the_vocabulary_has_a_rule_with_the_right_severity() -> None:
    specs = rule_specs().values()
    assert {s.code for s in specs} == set(ALL_CODES)
    for spec in specs:
        if spec.code in WARN_CODES:
            assert spec.severity == "warn", spec.rule
        elif spec.rule != "gender_barred_work":
            assert spec.code in REJECT_CODES and spec.severity == "reject", spec.rule
    assert rule_specs()["gender_barred_work"].severity == "warn"


def test_every_rule_cites_a_law_and_has_a_date_and_a_chinese_message() -> None:
    for spec in rule_specs().values():
        assert spec.basis, spec.rule
        assert all(("《" in b and "》" in b) or "号" in b or "提示" in b for b in spec.basis), (
            spec.rule
        )
        assert date(1990, 1, 1) < spec.effective_from < date(2030, 1, 1), spec.rule
        assert spec.confidence in {"V", "S", "J"}, spec.rule
        assert any("\u4e00" <= ch <= "\u9fff" for ch in spec.message), spec.rule
    assert rules_version()


def test_every_rule_fires_somewhere_and_its_message_formats() -> None:
    fired: set[str] = set()
    labelled = Path(__file__).with_name("labelled.jsonl").read_text(encoding="utf-8").splitlines()
    for line in labelled:
        fired |= {f.rule for f in review(parse_request(json.loads(line)["posting"])).findings}
    reference = WageReference("x", "装配工", (WageBand("month", 4500, 6000, 8000),))
    fired |= {
        f.rule
        for f in check(
            salary_min=1000.0, salary_max=2000.0, context=ReviewContext(wage_reference=reference)
        ).findings
    }
    fired |= {f.rule for f in check(salary_min=9.0, salary_max=1.0).findings}
    fired |= {
        f.rule
        for f in check(
            valid_until=date(2020, 1, 1), context=ReviewContext(today=date(2021, 1, 1))
        ).findings
    }
    assert set(rule_specs()) - fired == set()


def test_rules_out_of_force_are_skipped() -> None:
    # The 2022 revision of 妇女权益保障法 took effect 2023-01-01: a review dated before
    # it has no gender rule; 就业促进法 (2008) still gives the disability rule.
    early = ReviewContext(today=date(2022, 6, 1))
    assert {f.code for f in check("限男性，残疾人勿扰。", context=early).findings} == {
        "disability_exclusion"
    }


def test_wage_parameters_are_sane() -> None:
    params = wage_parameters()
    assert params.minimum_wage(None, None) is not None
    for m in params.minimum_wages:
        assert 1000 < m.month < 10000 and 10 < m.hour < 100, m
        # The hourly (part-time) standard is above the full-time monthly rate per hour.
        assert m.hour > m.month / 174
        assert m.source
    for unit in ("month", "day", "hour"):
        assert params.low_skill_ceiling[unit] < params.general_ceiling[unit]
    assert params.above_factor > 1 > params.below_factor > 0


def test_the_core_imports_only_the_standard_library_and_allowed_packages() -> None:
    stdlib = set(sys.stdlib_module_names)
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                assert (
                    top in stdlib
                    or top in ALLOWED_THIRD_PARTY
                    or top == "jobhub"
                    and name.startswith("jobhub.postings")
                ), f"{path.name} imports {name}"


def test_importing_the_core_reads_no_data_file() -> None:
    code = (
        "import jobhub.postings as p, jobhub.postings.data as d;"
        "print(d.rule_specs.cache_info().currsize, d.wage_parameters.cache_info().currsize)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=PACKAGE.parents[1],
    )
    assert out.stdout.split() == ["0", "0"]
