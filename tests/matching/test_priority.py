"""The key-group priority is a bounded tie-breaker (property tests)."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from jobhub.matching.engine import rank_candidates
from jobhub.matching.scoring import PartArrays, combine, score_from_fit

from .conftest import electrician_seeker, electrician_vacancy

unit = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
epsilon = st.floats(min_value=0.0, max_value=0.5, allow_nan=False)


@given(fit_a=unit, fit_b=unit, prio_a=unit, prio_b=unit, eps=epsilon)
def test_a_clearly_better_fit_is_never_overtaken(fit_a, fit_b, prio_a, prio_b, eps):
    """fit_a − fit_b > ε ⇒ score_a > score_b, whatever the priorities."""
    if fit_a - fit_b > eps:
        assert score_from_fit(fit_a, prio_a, eps) > score_from_fit(fit_b, prio_b, eps)


@given(fit=unit, gap=st.floats(min_value=0.0, max_value=0.049), eps=st.just(0.05))
def test_within_epsilon_the_key_group_goes_first(fit, gap, eps):
    worse = max(fit - gap, 0.0)
    assert score_from_fit(worse, 1.0, eps) >= score_from_fit(fit, 0.0, eps)


@given(
    parts=st.lists(
        st.tuples(
            unit,
            unit,
            unit,
            unit,
            unit,
            st.booleans(),
            st.booleans(),
            st.booleans(),
            st.floats(min_value=0.6, max_value=1.0),
        ),
        min_size=2,
        max_size=30,
    ),
)
def test_the_bound_holds_through_the_full_combination(profile, parts):
    arr = np.array(parts, dtype=object)
    p = PartArrays(
        text=arr[:, 0].astype(float),
        skills=arr[:, 1].astype(float),
        skills_ok=arr[:, 5].astype(bool),
        occupation=arr[:, 2].astype(float),
        occupation_ok=arr[:, 6].astype(bool),
        distance=arr[:, 3].astype(float),
        distance_ok=arr[:, 7].astype(bool),
        priority=arr[:, 4].astype(float),
        pay=arr[:, 8].astype(float),
        skills_learnt=np.zeros(len(arr), dtype=bool),
    )
    fit, score = combine(p, profile)
    assert ((fit >= 0) & (fit <= 1) & (score >= 0) & (score <= 1)).all()
    eps = profile.epsilon
    for i in range(len(fit)):
        for j in range(len(fit)):
            if fit[i] - fit[j] > eps + 1e-12:
                assert score[i] > score[j]


def test_priority_reorders_similar_people_but_not_a_clearly_better_one():
    vacancy = electrician_vacancy()
    best = electrician_seeker(1)
    similar_veteran = electrician_seeker(2, key_groups=("veteran",), skills=("电工证",))
    weak_veteran = electrician_seeker(
        3, key_groups=("veteran",), skills=(), desired_titles=("保安",), summary=""
    )
    plain_similar = electrician_seeker(4, skills=("电工证",))
    results = {
        r.seeker_id: r
        for r in rank_candidates(
            vacancy, [best, similar_veteran, weak_veteran, plain_similar], top=4
        )
    }
    order = [
        r.seeker_id
        for r in rank_candidates(
            vacancy, [best, similar_veteran, weak_veteran, plain_similar], top=4
        )
    ]
    # same fit, one a veteran: the veteran goes first
    assert results[2].fit == results[4].fit
    assert order.index(2) < order.index(4)
    # a veteran whose fit is far lower stays below
    assert results[1].fit - results[3].fit > 0.05
    assert order.index(1) < order.index(3)
