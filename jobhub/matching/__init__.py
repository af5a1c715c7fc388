"""JobHub matching engine (pure core): ranks vacancies for a person and people for a vacancy,
with an explanation for every score. No Flask, no SQLAlchemy, no I/O at import time (data
files and the tokeniser load on first use).

Entry points:
- rank_vacancies / rank_candidates: stateless, small lists (the /api/v1/match/* contract);
- parse_rank_request / parse_rank_candidates_request / results_to_json: the HTTP contract;
- VacancyIndex: fitted offline, saved and loaded, updated without refit, online top-k;
- batch_top_k / distributed_batch_top_k: top-k for many people in blocks (in one process, or
  in partitions on dask.distributed).
"""

from jobhub.matching.api import (
    MatchingInputError,
    parse_rank_candidates_request,
    parse_rank_request,
    results_to_json,
)
from jobhub.matching.batch import BatchResult, batch_top_k
from jobhub.matching.batch_distributed import distributed_batch_top_k
from jobhub.matching.engine import rank_candidates, rank_vacancies
from jobhub.matching.index import SearchFilters, VacancyIndex
from jobhub.matching.models import (
    GeoPoint,
    MatchParts,
    MatchResult,
    SeekerProfile,
    VacancyProfile,
)
from jobhub.matching.profile import MatchingProfile, load_profile
from jobhub.matching.text import TextModel

__all__ = [
    "BatchResult",
    "GeoPoint",
    "MatchParts",
    "MatchResult",
    "MatchingInputError",
    "MatchingProfile",
    "SearchFilters",
    "SeekerProfile",
    "TextModel",
    "VacancyIndex",
    "VacancyProfile",
    "batch_top_k",
    "distributed_batch_top_k",
    "load_profile",
    "parse_rank_candidates_request",
    "parse_rank_request",
    "rank_candidates",
    "rank_vacancies",
    "results_to_json",
]
