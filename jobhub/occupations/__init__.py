"""Occupation coding: the 职业分类大典 (CSCO 2022) taxonomy and a job-title classifier.

Pure core (stdlib, numpy, scipy, scikit-learn, rapidfuzz); nothing is read at import time.
"""

from .classifier import (
    Candidate,
    Classification,
    TitleClassifier,
    classify,
    classify_many,
    explain,
    warm,
)
from .cleaning import CleanTitle, Removal, clean_title
from .taxonomy import (
    NameMatch,
    Occupation,
    common_level,
    get,
    occupation_names,
    parent,
    search_names,
)

__all__ = [
    "Candidate",
    "Classification",
    "CleanTitle",
    "NameMatch",
    "Occupation",
    "Removal",
    "TitleClassifier",
    "classify",
    "classify_many",
    "clean_title",
    "common_level",
    "explain",
    "get",
    "occupation_names",
    "parent",
    "search_names",
    "warm",
]
