"""The posting reviewer: runs every rule and explains each finding."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from .data import RuleSpec, rule_specs, wage_parameters
from .fields import check_fields
from .model import STRUCTURED_FIELDS, Finding, Posting, Review, ReviewContext, verdict_for
from .rules_equality import check_disability, check_ethnicity, check_hukou, check_pathogen
from .rules_fraud import (
    check_documents,
    check_fee,
    check_placement,
    check_pyramid,
    check_task_scam,
    check_training,
)
from .rules_screening import check_age, check_appearance, check_contact, check_school
from .rules_sex import check_gender, check_marital, check_pregnancy
from .text import Hit, Scan, Text, prepare
from .wages import FieldHit, check_wages

TextChecker = Callable[[Scan], list[Hit]]

TEXT_CHECKERS: tuple[TextChecker, ...] = (
    check_gender,
    check_marital,
    check_pregnancy,
    check_ethnicity,
    check_hukou,
    check_disability,
    check_pathogen,
    check_fee,
    check_documents,
    check_training,
    check_placement,
    check_pyramid,
    check_task_scam,
    check_age,
    check_school,
    check_contact,
    check_appearance,
)

_FIELD_ORDER = {name: i for i, name in enumerate(("title", "description", *STRUCTURED_FIELDS))}


def review(posting: Posting, context: ReviewContext | None = None) -> Review:
    """Review a posting before publication; the verdict and the findings that explain it.

    Every text rule runs over the title and the description; the structured fields
    are checked for presence, a sane pay range and pay against the minimum wage and
    the market. Each :class:`Finding` carries its code, severity, the words or field
    at fault, a Chinese message telling the employer what to change, and the legal
    basis. Verdict: ``reject`` if any finding rejects, else ``warn`` if any warns,
    else ``ok``. Rules not in force on ``context.today`` are skipped.
    """
    ctx = context or ReviewContext()
    specs = rule_specs()
    title = prepare(posting.title)
    description = prepare(posting.description)
    whole = title.norm + "\n" + description.norm

    findings: list[Finding] = []
    for field, text in (("title", title), ("description", description)):
        scan = Scan(text=text, in_title=field == "title", whole=whole)
        hits = [hit for checker in TEXT_CHECKERS for hit in checker(scan)]
        for hit in _without_overlaps(hits, specs):
            spec = specs[hit.rule]
            if spec.in_force(ctx.today):
                findings.append(_text_finding(spec, hit, text, field))

    field_hits = check_fields(posting, ctx) + check_wages(posting, ctx, wage_parameters())
    for field_hit in field_hits:
        spec = specs[field_hit.rule]
        if spec.in_force(ctx.today):
            findings.append(_field_finding(spec, field_hit))

    findings.sort(key=lambda f: (_FIELD_ORDER.get(f.field, 99), f.start or 0, f.code, f.rule))
    return Review(verdict=verdict_for(findings), findings=tuple(findings))


def _without_overlaps(hits: list[Hit], specs: dict[str, RuleSpec]) -> list[Hit]:
    """One finding per code per stretch of text: several patterns often catch the same words.

    Overlapping hits of one code are merged into one highlight covering them all;
    the merged finding takes the rule of the strictest hit (a reject over a warn),
    then of the longest. A sweep per code, so a long text with many hits stays linear.
    """
    by_code: dict[str, list[Hit]] = {}
    for hit in hits:
        by_code.setdefault(specs[hit.rule].code, []).append(hit)
    merged: list[Hit] = []
    for group in by_code.values():
        group.sort(key=lambda h: (h.start, h.end))
        runs: list[list[Hit]] = []
        run_end = -1
        for hit in group:
            if runs and hit.start < run_end:
                runs[-1].append(hit)
                run_end = max(run_end, hit.end)
            else:
                runs.append([hit])
                run_end = hit.end
        for run in runs:
            best = min(
                run, key=lambda h: (specs[h.rule].severity != "reject", -(h.end - h.start), h.start)
            )
            merged.append(replace(best, start=run[0].start, end=max(h.end for h in run)))
    return sorted(merged, key=lambda h: (h.start, h.end))


def _text_finding(spec: RuleSpec, hit: Hit, text: Text, field: str) -> Finding:
    words = text.original_text(hit.start, hit.end)
    values = {"text": words, **dict(hit.details)}
    message = spec.message.format_map(values)
    if field == "title":
        message = "岗位名称中" + message
        start: int | None = None
        end: int | None = None
    else:
        start, end = text.span(hit.start, hit.end)
    return Finding(
        code=spec.code,
        severity=spec.severity,
        text=words,
        start=start,
        end=end,
        message=message,
        basis="；".join(spec.basis),
        field=field,
        rule=spec.rule,
    )


def _field_finding(spec: RuleSpec, hit: FieldHit) -> Finding:
    return Finding(
        code=spec.code,
        severity=spec.severity,
        text=hit.field,
        start=None,
        end=None,
        message=spec.message.format_map(dict(hit.details)),
        basis="；".join(spec.basis),
        field=hit.field,
        rule=spec.rule,
    )
