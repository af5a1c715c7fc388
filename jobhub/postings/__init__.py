"""Posting review: discrimination and fraud findings, each with its legal basis (issue 5).

A pure core: stdlib only, no Flask, no database, rule data read lazily from the
package's TOML files. The HTTP layer calls::

    posting = parse_request(body)              # PostingInputError -> 422
    result = review(posting, ReviewContext())  # Review(verdict, findings)
    return review_to_json(result)

See ``codes.toml`` for every rule's severity, message and basis, and ``wages.toml``
for the minimum-wage profiles and the fallback pay bands.
"""

from __future__ import annotations

from .data import rules_version
from .engine import review
from .fields import PostingInputError, parse_request
from .model import (
    ALL_CODES,
    REJECT_CODES,
    WARN_CODES,
    Finding,
    MinimumWage,
    Posting,
    Review,
    ReviewContext,
    WageBand,
    WageReference,
)
from .serialize import posting_to_json, review_from_json, review_to_json

__all__ = [
    "ALL_CODES",
    "REJECT_CODES",
    "WARN_CODES",
    "Finding",
    "MinimumWage",
    "Posting",
    "PostingInputError",
    "Review",
    "ReviewContext",
    "WageBand",
    "WageReference",
    "parse_request",
    "posting_to_json",
    "review",
    "review_from_json",
    "review_to_json",
    "rules_version",
]
