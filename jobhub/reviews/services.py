"""``review_posting()``: what the vacancy and gig modules call on every create and edit."""

from __future__ import annotations

from jobhub.coding.services import occupation_name, suggest
from jobhub.extensions import db
from jobhub.market import services as market
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

# Fewer vacancies than this in the occupation's wage cell: no band (use the fallback ceilings).
MIN_SAMPLES = 20


def wage_reference(occupation_code: str | None) -> WageReference | None:
    """The pay bands of the occupation from the published 薪酬价位 (jobhub.market): the same
    cell the public page and ``GET /api/v1/wages`` show for the whole region, this quarter or
    else the last, turned back into day and hour rates with the conversion they state.
    ``None`` when the cell is suppressed (too few employers) or holds too few vacancies to say
    what the market pays."""
    if not occupation_code:
        return None
    period = market.latest_quarter()
    for quarter in (period, period.previous()):
        cell = market.wage_cell(occupation_code, None, quarter)
        if not cell.suppressed and cell.n_vacancies >= MIN_SAMPLES:
            break
    else:
        return None
    conversion = market.pay_conversion(quarter.start)
    p10, _p25, p50, _p75, p90 = cell.percentiles or ()
    bands = tuple(
        WageBand(unit, p10 / factor, p50 / factor, p90 / factor)
        for unit in ("month", "day", "hour")
        for factor in [conversion.factor(unit)]
    )
    return WageReference(
        occupation_code=occupation_code,
        occupation_name=occupation_name(occupation_code),
        bands=bands,
        source=(
            f"薪酬价位（{quarter.title}，全区发布岗位 n={cell.n_vacancies}，"
            f"{cell.n_employers}家单位；{conversion.statement}）"
        ),
    )


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
