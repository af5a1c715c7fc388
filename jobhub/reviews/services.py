"""``review_posting()``: what the vacancy and gig modules call on every create and edit."""

from __future__ import annotations

from statistics import quantiles

from jobhub.coding.services import suggest
from jobhub.employers.models import Vacancy
from jobhub.extensions import db
from jobhub.occupations import taxonomy
from jobhub.policy.dates import today_in_china
from jobhub.postings import (
    Posting,
    Review,
    ReviewContext,
    WageBand,
    WageReference,
    review,
    review_to_json,
    rules_version,
)
from jobhub.regions.services import minimum_wage_region
from jobhub.reviews.models import PostingReview

# Fewer published vacancies than this in an occupation and unit: no band (use the fallback).
MIN_SAMPLES = 20


def wage_reference(occupation_code: str | None) -> WageReference | None:
    """Pay bands (p10/p50/p90 per unit) of the platform's own published vacancies of one
    occupation, or ``None`` when there are too few to say what the market pays."""
    if not occupation_code:
        return None
    rows = db.session.execute(
        db.select(Vacancy.salary_unit, Vacancy.salary_min, Vacancy.salary_max).where(
            Vacancy.occupation_code == occupation_code,
            Vacancy.status == "published",
            Vacancy.salary_min.is_not(None),
        )
    ).all()
    by_unit: dict[str, list[float]] = {}
    for unit, low, high in rows:
        by_unit.setdefault(unit, []).append((float(low) + float(high or low)) / 2)
    bands = []
    for unit, pay in by_unit.items():
        if len(pay) >= MIN_SAMPLES:
            deciles = quantiles(pay, n=10)
            bands.append(WageBand(unit, deciles[0], quantiles(pay, n=2)[0], deciles[-1]))
    if not bands:
        return None
    return WageReference(
        occupation_code=occupation_code,
        occupation_name=occupation_name(occupation_code),
        bands=tuple(bands),
        source=f"平台在招岗位（{today_in_china():%Y-%m}，n={len(rows)}）",
    )


def occupation_name(code: str) -> str:
    try:
        return taxonomy.get(code).name
    except KeyError:
        return code


# The classifier's top-1 is right ~98% of the time at this score (benchmarks/occupations).
CONFIDENT_SCORE = 0.9


def occupation_for_title(title: str, description: str = "") -> str | None:
    """The 大典 code of a title when the classifier is confident, else ``None`` (the
    description, when given, is read for industry hints)."""
    # An accepted correction counts as certain (score 1).
    found = suggest(title, top=1, description=description)
    return found[0].code if found and found[0].score >= CONFIDENT_SCORE else None


def review_context(
    occupation_code: str | None = None, pay_ceiling: dict[str, float] | None = None
) -> ReviewContext:
    return ReviewContext(
        today=today_in_china(),
        region=minimum_wage_region(),
        wage_reference=wage_reference(occupation_code),
        pay_ceiling=pay_ceiling,
    )


def latest_review(subject_type: str, subject_id: int) -> PostingReview | None:
    """The last recorded review of a vacancy or a gig: the findings its reviewer reads."""
    return db.session.execute(
        db.select(PostingReview)
        .where(PostingReview.subject_type == subject_type, PostingReview.subject_id == subject_id)
        .order_by(PostingReview.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def review_posting(
    posting: Posting,
    *,
    actor=None,
    subject_type: str,
    subject_id: int | None,
    occupation_code: str | None = None,
    pay_ceiling: dict[str, float] | None = None,
) -> Review:
    """Review a posting and record the review (flushed with the caller's transaction)."""
    result = review(posting, review_context(occupation_code, pay_ceiling))
    db.session.add(
        PostingReview(
            actor_user_id=getattr(actor, "id", None),
            subject_type=subject_type,
            subject_id=subject_id,
            verdict=result.verdict,
            codes=list(result.codes),
            findings=review_to_json(result)["findings"],
            rules_version=rules_version(),
        )
    )
    db.session.flush()
    return result
