"""Batch top-k: the best vacancies for many people at once, in blocks of people (memory is
bounded by the block size; a distributed engine could hand the blocks to workers).

Per block of people, vectorised:
1. one sparse product of their weighted features (text terms, skill credits, occupation code
   increments — the features of the online path) with the vacancy features divided by each
   vacancy's applicable weight W gives every pair's fit without its distance part;
   `sparse_dot_topn` keeps only the best `candidates` per person while multiplying (optional
   package; a blocked scipy product with argpartition is the fallback). People with a travel
   limit get one product per spatial tile they can reach (batch_candidates.py), so their
   candidates are where they can work;
2. the candidates get their distance part, eligibility, travel limit and priority, and each
   person's k best are taken;
3. a list is certified exact when no other vacancy can reach its k-th score: any other
   vacancy's fit without distance is at most the last candidate's, and its distance part at
   most w_d/W for the lightest W present (per tile: times the decay at the tile's distance).
   Otherwise ("ring"): beyond a radius R the distance part cannot close the gap, so the
   vacancies within R (or, with too few candidates, all those within the travel limit) are
   scored exactly too. The rest go to the exact online search.
The final scores come from the exact pair routine, so every list equals the online search's
(checked on samples by the tests and the benchmark); the statistics say how many took each
path.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from jobhub.matching.batch_candidates import (
    CandidateSource,
    GroupKey,
    VacancySide,
    make_tiles,
    planar_km,
)
from jobhub.matching.eligibility import eligible_kinds_mask
from jobhub.matching.engine import id_sort_key
from jobhub.matching.features import (
    learnt_title_vector,
    person_skills,
    seeker_term_ids,
    stack_rows,
    valid_codes,
)
from jobhub.matching.geo import distance_decay, haversine_km
from jobhub.matching.index import VacancyIndex
from jobhub.matching.models import VACANCY_KINDS, ExternalId, SeekerProfile
from jobhub.matching.pairs import People, expected_pay_array
from jobhub.matching.scoring import is_relevant, pay_factor

_SLACK = 1e-5
# candidates per k of each person whose floor is found before the per-pair masks run on all
_HEAD = 3


@dataclass(frozen=True, slots=True)
class BatchResult:
    """One person's top-k (ids best first, scores, eligibility). Explanations are built on
    demand with `VacancyIndex.top_for_seeker` for the lists a worker opens."""

    seeker_id: ExternalId
    vacancy_ids: tuple[ExternalId, ...]
    scores: tuple[float, ...]
    eligible: tuple[bool, ...]
    path: str  # 'certified', 'ring' (candidates + the rows near the person) or 'online'


@dataclass(slots=True)
class BatchStats:
    seekers: int = 0
    certified: int = 0
    ring: int = 0
    online: int = 0
    reasons: dict[str, int] = field(default_factory=dict)


class BatchRanker(CandidateSource):
    """Batch top-k over a VacancyIndex (its delta segment is merged first)."""

    def __init__(
        self,
        index: VacancyIndex,
        *,
        candidates: int = 1024,
        tiles: int = 64,
        tile_candidates: int = 64,
        ring_limit: int = 4000,
        n_threads: int = 1,
    ) -> None:
        index.compact()
        self.ring_limit = ring_limit
        self.tile_candidates = tile_candidates
        self.index = index
        self.block = b = index.main
        self.candidates = candidates
        self.n_threads = n_threads
        self.stats = BatchStats()
        self.n_codes = len(index.codes.ids)
        self.FT = b.feature_postings(self.n_codes, index.profile.skills_min_count)
        order = sorted(range(b.n), key=lambda r: id_sort_key(b.ids[r]))
        self.id_rank = np.empty(b.n, dtype=np.int64)
        self.id_rank[np.asarray(order, dtype=np.int64)] = np.arange(b.n)
        self._Z: dict[GroupKey, VacancySide] = {}
        self._tile_z: dict[GroupKey, list[list[tuple[int, np.ndarray, sp.csr_matrix]]]] = {}
        self._facts: dict[
            tuple[tuple[str, ...], bool], tuple[tuple[float, ...], tuple[bool, ...]]
        ] = {}
        self.tiles = make_tiles(b.lat, b.lng, b.has_loc, tiles)

    def _group_facts(
        self, groups: tuple[str, ...], youth: bool
    ) -> tuple[tuple[float, ...], tuple[bool, ...]]:
        """Priority and eligibility per vacancy kind for a combination of key groups (few
        combinations exist, so they are computed once each)."""
        key = (groups, youth)
        found = self._facts.get(key)
        if found is None:
            mask = eligible_kinds_mask(groups, youth)
            found = (
                tuple(self.index.profile.priority_for(groups, kind) for kind in VACANCY_KINDS),
                tuple(mask.get(kind, True) for kind in VACANCY_KINDS),
            )
            self._facts[key] = found
        return found

    def _seeker_side(self, seekers: Sequence[SeekerProfile], term_ids: Sequence[Sequence[int]]):  # noqa: ANN202
        """Weighted features of a block of people, as one CSR matrix, plus per-person facts."""
        idx = self.index
        p = idx.profile
        w = p.weights
        n_cols = self.block.S.shape[1]
        Q = idx.model.transform_ids(term_ids, query=True)
        canon = [person_skills(s, idx.vocabulary, p) for s in seekers]
        C = idx.space.credit_rows(
            [[(c.skill_id, scale) for c, scale in cs] for cs in canon], p.skill_credits
        )
        C = (
            sp.csr_matrix(C[:, :n_cols])
            if C.shape[1] > n_cols
            else sp.csr_matrix(C, shape=(len(seekers), n_cols))
        )
        occ_rows, occ_cols, occ_vals = [], [], []
        has_codes = np.zeros(len(seekers), dtype=bool)
        increments = (
            p.occupation_unit - p.occupation_minor,
            p.occupation_minor - p.occupation_middle,
            p.occupation_middle,
        )
        level_ids: list[list[list[int]]] = [[], [], []]
        for i, s in enumerate(seekers):
            codes = valid_codes(s.occupation_codes)
            has_codes[i] = bool(codes)
            encoded = [idx.codes.encode(c, grow=False) for c in codes]
            for level in range(3):
                ids = sorted({e[level] for e in encoded} - {-1})
                level_ids[level].append(ids)
                for code_id in ids:
                    occ_rows.append(i)
                    occ_cols.append(level * self.n_codes + code_id)
                    occ_vals.append(w.occupation * increments[level])
        occ_m = sp.csr_matrix(
            (np.asarray(occ_vals, dtype=np.float32), (occ_rows, occ_cols)),
            shape=(len(seekers), 3 * self.n_codes),
        )
        # the titles a person's skills go with, against the title n-grams of a vacancy that
        # lists no skills (FT's last rows; block.feature_postings)
        T = stack_rows(
            [learnt_title_vector(idx.model, s, cs) for s, cs in zip(seekers, canon, strict=True)],
            self.block.Tc.shape[1],
        )
        U = sp.hstack(
            [w.text * Q, w.skills * C, occ_m, w.skills * T], format="csr", dtype=np.float32
        )
        facts = [self._group_facts(s.key_groups, s.registered_unemployed_youth) for s in seekers]
        prio = np.array([f[0] for f in facts], dtype=np.float64).reshape(
            len(seekers), len(VACANCY_KINDS)
        )
        elig = np.array([f[1] for f in facts], dtype=bool).reshape(len(seekers), len(VACANCY_KINDS))
        prio = prio.reshape(len(seekers), len(VACANCY_KINDS))
        width = max(1, *(len(ids) for level in level_ids for ids in level))

        def padded(level: int) -> np.ndarray:
            out = np.full((len(seekers), width), -2, dtype=np.int64)
            for i, ids in enumerate(level_ids[level]):
                out[i, : len(ids)] = ids
            return out

        Q.sort_indices()
        C.sort_indices()
        people = People(
            Q=Q,
            C=C,
            unit=padded(0),
            minor=padded(1),
            middle=padded(2),
            has_codes=has_codes,
            has_skills=np.array([bool(cs) for cs in canon], dtype=bool),
            lat=np.array(
                [s.location.lat if s.location else np.nan for s in seekers], dtype=np.float64
            ),
            lng=np.array(
                [s.location.lng if s.location else np.nan for s in seekers], dtype=np.float64
            ),
            expected_pay=expected_pay_array(seekers),
            priority=prio,
            T=T,
            has_learnt=np.diff(T.indptr) > 0,
        )
        return U, people, elig

    def rank(
        self,
        seekers: Sequence[SeekerProfile],
        k: int = 20,
        term_ids: Sequence[Sequence[int]] | None = None,
    ) -> list[BatchResult]:
        """Top-k for one block of people."""
        terms = term_ids if term_ids is not None else seeker_term_ids(seekers, self.index.model)
        U, people, elig = self._seeker_side(seekers, terms)
        has_loc = np.array([s.location is not None for s in seekers], dtype=bool)
        limited = np.array([s.max_distance_km is not None for s in seekers], dtype=bool)
        out: list[BatchResult | None] = [None] * len(seekers)
        fallback: list[tuple[int, str]] = []
        limited &= has_loc  # a limit without a location cannot be checked
        facts = np.stack(
            [people.has_codes, people.has_skills, has_loc, people.has_learnt, limited], axis=1
        )
        for group in sorted({tuple(bool(x) for x in row) for row in facts.tolist()}):
            members = np.flatnonzero((facts == np.array(group)).all(axis=1))
            key: GroupKey = group[:4]
            side = self._vacancy_side(key)
            if group[4]:
                cand = self._tiled_candidates(seekers, people, members, U[members], key)
            else:
                cand = self._global_candidates(people, members, U[members], side)
            self._finish(seekers, people, members, cand, side, elig, k, out, fallback)
        if fallback:
            self._online(seekers, terms, fallback, k, out)
        self.stats.seekers += len(seekers)
        return [r for r in out if r is not None]

    def _finish(self, seekers, people, members, cand, side, elig, k, out, fallback) -> None:  # noqa: ANN001, PLR0913
        """Scores for the candidate pairs of a group, per-person certification, then the exact
        pass on the pairs that can be in each certified top k."""
        profile = self.index.profile
        w, eps = profile.weights, profile.epsilon
        b = self.block
        prio = people.priority
        m = len(members)
        pj, rows, fit_lo = cand.pj, cand.rows, cand.fit_lo
        inv_w = side.inv_w
        p_max = np.where(elig[members], prio[members], 0.0).max(axis=1)
        p_min = np.where(elig[members], prio[members], 1.0).min(axis=1)
        spread = eps * (p_max - p_min)
        limit = np.array([seekers[i].max_distance_km or np.inf for i in members.tolist()])
        loc_member = ~np.isnan(people.lat[members])
        # Pairs that cannot reach the k-th eligible candidate's score are dropped before any
        # distance is computed. Without a travel limit the smallest fit (without distance,
        # with pay) among the first k sure candidates is a floor for the k-th score (those k
        # pairs are within a limit only approximately: no floor for people with one).
        kth_lo = np.full(m, -np.inf)
        head_len = _HEAD * k
        if cand.sorted and len(pj):
            if len(pj) > head_len * m:
                # the first few candidates of a person (best first) nearly always hold k sure
                # ones, and then the floor is theirs: drop the pairs below it before the
                # per-pair masks (people whose head falls short keep all their pairs)
                counts = np.bincount(pj, minlength=m)
                head = np.flatnonzero(
                    np.arange(len(pj)) - (np.cumsum(counts) - counts)[pj] < head_len
                )
                at, sure, pay = self._usable(
                    people, members, pj[head], rows[head], fit_lo[head], inv_w, elig, limit
                )
                at = head[at]
                kth_lo = _min_of_first_k(fit_lo[at] * pay, pj[at], m, sure, k)
                kth_lo[np.isfinite(limit)] = -np.inf
                reach_rows = w.distance * inv_w[rows] * (b.has_loc[rows] & loc_member[pj])
                keep = np.flatnonzero(fit_lo + reach_rows + spread[pj] >= kth_lo[pj] - _SLACK)
                pj, rows, fit_lo = pj[keep], rows[keep], fit_lo[keep]
            at, sure, pay = self._usable(people, members, pj, rows, fit_lo, inv_w, elig, limit)
            pj, rows, fit_lo = pj[at], rows[at], fit_lo[at]
            rest = _min_of_first_k(fit_lo * pay, pj, m, sure, k)
            kth_lo = np.where(np.isfinite(kth_lo) | np.isfinite(limit), kth_lo, rest)
        else:
            at, sure, pay = self._usable(people, members, pj, rows, fit_lo, inv_w, elig, limit)
            pj, rows, fit_lo = pj[at], rows[at], fit_lo[at]
        reach_rows = w.distance * inv_w[rows] * (b.has_loc[rows] & loc_member[pj])
        ok = fit_lo + reach_rows + spread[pj] >= kth_lo[pj] - _SLACK
        pj, rows, fit_lo, pay, sure = pj[ok], rows[ok], fit_lo[ok], pay[ok], sure[ok]
        person = members[pj]
        kind = b.kind[rows]
        lat, lng = people.lat[person], people.lng[person]
        d = haversine_km(lat, lng, b.lat[rows], b.lng[rows])
        loc_ok = b.has_loc[rows] & ~np.isnan(lat)
        dist = np.where(
            loc_ok, distance_decay(np.nan_to_num(d), profile.circle_km, profile.half_life_km), 0.0
        )
        fit = (fit_lo + w.distance * dist * inv_w[rows]) * pay
        score = (fit + eps * prio[person, kind]) / (1 + eps)
        ok = ~loc_ok | (np.nan_to_num(d) <= limit[pj])
        pj, rows, score, sure = pj[ok], rows[ok], score[ok], sure[ok]
        # only pairs within 2·slack of a person's k-th sure score are used below (or all of a
        # person's with fewer than k): a lower bound of it spares sorting the rest
        keep = score >= _kth_floor(score, pj, m, sure, k)[pj] - 2 * _SLACK
        pj, rows, score, sure = pj[keep], rows[keep], score[keep], sure[keep]
        order = _best_first_within(score, pj)
        pj, rows, score, sure = pj[order], rows[order], score[order], sure[order]
        starts = np.searchsorted(pj, np.arange(m))
        ends = np.searchsorted(pj, np.arange(m), side="right")
        grid = b.grid
        # the k-th score among the candidates surely above the relevance floor
        kth = _min_of_first_k(score, pj, m, sure, k)
        enough = np.isfinite(kth)
        # candidate scores come from a float32 product: allow for its rounding
        level = (kth - _SLACK) * (1 + eps) - eps * p_max
        certified = enough & (level >= cand.bound)
        # per weight class of vacancies: how far the k-th score is above what a
        # non-candidate reaches without distance, and the share of its reach that gap allows
        room = level[:, None] - cand.floor
        share = np.where(room > 0, cand.reach / np.where(room > 0, room, 1.0), np.inf).max(axis=1)
        # the pairs within rounding of the k-th go through the exact routine (a prefix of each
        # person's sorted candidates)
        sel_mask = score >= kth[pj] - 2 * _SLACK
        sel_parts: list[np.ndarray] = [np.flatnonzero(sel_mask & certified[pj])]
        ring_pj: list[np.ndarray] = []  # extra (person, row) pairs from rings
        ring_rows: list[np.ndarray] = []
        done: list[tuple[int, str]] = [(j, "certified") for j in np.flatnonzero(certified).tolist()]
        no_loc = b.no_location_rows
        for j in np.flatnonzero(~certified).tolist():
            i = int(members[j])
            loc = seekers[i].location
            if not enough[j]:
                # With a travel limit, every vacancy the person may get is within it (or has
                # no location): if there are few, score them all.
                if (
                    loc is not None
                    and np.isfinite(limit[j])
                    and grid.count_near(loc.lat, loc.lng, limit[j]) + len(no_loc) <= self.ring_limit
                ):
                    near, _ = grid.query(loc.lat, loc.lng, limit[j])
                    near = np.concatenate((near, no_loc))
                    sel_parts.append(np.arange(starts[j], ends[j]))
                    ring_pj.append(np.full(len(near), j, dtype=np.int64))
                    ring_rows.append(near)
                    done.append((j, "all within the limit"))
                else:
                    fallback.append((i, "fewer than k candidates"))
                continue
            if loc is None or not np.isfinite(share[j]):
                fallback.append((i, "not certified"))
                continue
            # beyond R each class's distance part is at most reach·decay(R) <= room: score
            # the rows inside R exactly instead
            radius = profile.circle_km + profile.half_life_km * float(np.log2(share[j]))
            radius = min(radius, limit[j])
            if grid.count_near(loc.lat, loc.lng, radius) > self.ring_limit:
                fallback.append((i, "ring too large"))
                continue
            near, _ = grid.query(loc.lat, loc.lng, radius)
            sel_parts.append(np.flatnonzero(sel_mask[starts[j] : ends[j]]) + starts[j])
            ring_pj.append(np.full(len(near), j, dtype=np.int64))
            ring_rows.append(near)
            done.append((j, "ring"))
        if not done:
            return
        sel = np.concatenate(sel_parts)
        all_pj = np.concatenate([pj[sel], *ring_pj])
        all_rows = np.concatenate([rows[sel], *ring_rows])
        if ring_pj:  # a row may be both a candidate and in the ring: keep one
            key = all_pj * b.n + all_rows
            _, first = np.unique(key, return_index=True)
            all_pj, all_rows = all_pj[first], all_rows[first]
        exact = b.pair_scores(people, members[all_pj], all_rows, profile)
        person = members[all_pj]
        within = ~exact.parts.distance_ok | (np.nan_to_num(exact.distance_km) <= limit[all_pj])
        listed = b.alive[all_rows] & within & is_relevant(exact.parts, profile)
        may = elig[person, b.kind[all_rows]]
        keys = np.asarray([j for j, _ in done])

        def ranked(mask: np.ndarray) -> tuple[np.ndarray, ...]:
            """The pairs of `mask`, each person's best first (ties by id), and where each
            done person's run starts and ends."""
            qpj, qrows, qscore = all_pj[mask], exact.rows[mask], exact.score[mask]
            order = np.lexsort((self.id_rank[qrows], -qscore, qpj))
            qpj, qrows, qscore = qpj[order], qrows[order], qscore[order]
            lo = np.searchsorted(qpj, keys)
            return qrows, qscore, lo, np.searchsorted(qpj, keys, side="right")

        erows, escore, firsts, ends_e = ranked(listed & may)
        irows, iscore, ifirsts, iends = ranked(listed & ~may)
        for n, ((j, path), lo, hi) in enumerate(
            zip(done, firsts.tolist(), ends_e.tolist(), strict=True)
        ):
            i = int(members[j])
            take = slice(lo, min(lo + k, hi))
            rows_i, scores_i = erows[take].tolist(), escore[take].tolist()
            eligible = [True] * len(rows_i)
            if path == "all within the limit" and len(rows_i) < k:
                # fewer than k eligible vacancies within reach, and every vacancy within it was
                # scored: fill up with those the person is not eligible for, as the online
                # search does
                more = slice(ifirsts[n], min(ifirsts[n] + k - len(rows_i), iends[n]))
                rows_i += irows[more].tolist()
                scores_i += iscore[more].tolist()
                eligible += [False] * (len(rows_i) - len(eligible))
            if path == "certified":
                self.stats.certified += 1
            else:
                self.stats.ring += 1
                path = "ring"
            out[i] = BatchResult(
                seeker_id=seekers[i].id,
                vacancy_ids=tuple(b.ids[r] for r in rows_i),
                scores=tuple(scores_i),
                eligible=tuple(eligible),
                path=path,
            )

    def _usable(self, people, members, pj, rows, fit_lo, inv_w, elig, limit):  # noqa: ANN001, ANN202, PLR0913
        """The candidate pairs that may be listed (in order: positions into the arguments),
        with whether each is surely above the relevance floor and its pay factor. The
        evidence (numerator of the fit) decides the floor; pairs within float32 rounding of
        it go on to the exact pass, but only pairs surely above it may set a k-th score.
        Each check drops its pairs before the next, dearer one runs."""
        profile = self.index.profile
        b = self.block
        at = np.arange(len(pj))
        if np.isfinite(limit).any():
            # within the travel limit, approximately (with a margin)
            person = members[pj]
            lat = people.lat[person]
            approx_d = planar_km(lat, people.lng[person], b.lat[rows], b.lng[rows])
            near = ~(b.has_loc[rows] & ~np.isnan(lat)) | (
                np.nan_to_num(approx_d) <= limit[pj] * 1.01 + 0.01
            )
            at = at[near]
        person = members[pj[at]]
        r = rows[at]
        at = at[elig[person, b.kind[r]] & b.alive[r]]
        r = rows[at]
        ev = fit_lo[at] / inv_w[r]
        keep = ev >= profile.min_evidence - _SLACK
        at, r, ev = at[keep], r[keep], ev[keep]
        person = members[pj[at]]
        if people.has_codes[person].any():
            own = ev - profile.weights.occupation * b.occupation_values(
                r, people.unit[person], people.minor[person], people.middle[person], profile
            )
        else:  # no desired codes: the occupation part is 0
            own = ev
        keep = own >= profile.min_content - _SLACK
        at, r, ev, own, person = at[keep], r[keep], ev[keep], own[keep], person[keep]
        sure = (ev >= profile.min_evidence + _SLACK) & (own >= profile.min_content + _SLACK)
        pay = pay_factor(people.expected_pay[person], b.pay_max[r], profile)
        return at, sure, pay

    def _online(self, seekers, terms, fallback, k, out) -> None:  # noqa: ANN001
        """The exact online search (without building explanations) for uncertified people."""
        idx = self.index
        queries = idx.seeker_queries(
            [seekers[i] for i, _ in fallback], [terms[i] for i, _ in fallback]
        )
        wanted = np.ones(len(VACANCY_KINDS), dtype=bool)
        for (i, reason), sq in zip(fallback, queries, strict=True):
            radius = sq.seeker.max_distance_km
            found = idx._search(sq, k, wanted & sq.eligible_by_kind, radius, None)
            eligible = [True] * len(found)
            if len(found) < k:
                more = idx._search(sq, k - len(found), wanted & ~sq.eligible_by_kind, radius, None)
                found += more
                eligible += [False] * len(more)
            self.stats.online += 1
            self.stats.reasons[reason] = self.stats.reasons.get(reason, 0) + 1
            out[i] = BatchResult(
                seeker_id=seekers[i].id,
                vacancy_ids=tuple(blk.ids[int(s.rows[j])] for blk, s, j in found),
                scores=tuple(float(s.score[j]) for _, s, j in found),
                eligible=tuple(eligible),
                path="online",
            )


def _kth_floor(
    values: np.ndarray, seg: np.ndarray, n_seg: int, sure: np.ndarray, k: int, bins: int = 1024
) -> np.ndarray:
    """Per segment, a lower bound of its k-th largest value where `sure` (-inf for a segment
    with fewer than k), without sorting: the lower edge of the histogram bin (width 1/bins,
    a power of two so the edges are exact) where the count from the top reaches k."""
    out = np.full(n_seg, -np.inf)
    if len(values) == 0 or k <= 0:
        return out
    b = np.clip(np.floor(values[sure] * bins), 0, bins - 1).astype(np.int64)
    counts = np.bincount(seg[sure] * bins + b, minlength=n_seg * bins).reshape(n_seg, bins)
    from_top = np.cumsum(counts[:, ::-1], axis=1)
    has = from_top[:, -1] >= k
    edge_bin = bins - 1 - np.argmax(from_top >= k, axis=1)
    # the lowest bin also holds values clipped up into it: no bound there
    found = has & (edge_bin > 0)
    out[found] = edge_bin[found] / bins
    return out


def _best_first_within(score: np.ndarray, seg: np.ndarray) -> np.ndarray:
    """The order of np.lexsort((-score, seg)) (by segment, best score first, ties in the
    given order) with one stable float sort and one sort of distinct integer keys, ~30 %
    cheaper than lexsort's two stable passes."""
    n = len(score)
    rank = np.empty(n, dtype=np.int64)
    rank[np.argsort(-score, kind="stable")] = np.arange(n)
    return np.argsort(seg.astype(np.int64) * n + rank)


def _min_of_first_k(
    values: np.ndarray, seg: np.ndarray, n_seg: int, sure: np.ndarray, k: int
) -> np.ndarray:
    """Per segment (entries grouped by `seg`, in order), the smallest value among its first k
    entries where `sure`; -inf for a segment with fewer than k. On values sorted best first
    this is the k-th best. Values must lie in [-1, 4]: a cumulative minimum over
    `value − 10·segment` then never reaches back into an earlier segment."""
    out = np.full(n_seg, -np.inf)
    if len(values) == 0:
        return out
    cum = np.cumsum(sure)
    counts = np.bincount(seg, minlength=n_seg)
    ends = np.cumsum(counts)
    starts = ends - counts
    before = np.where(starts > 0, cum[np.maximum(starts - 1, 0)], 0)
    at = np.searchsorted(cum, before + k, side="left")
    has_k = at < ends
    shifted = np.where(sure, values, np.inf) - 10.0 * seg
    running = np.minimum.accumulate(shifted)
    where = np.flatnonzero(has_k)
    out[where] = running[at[where]] + 10.0 * where
    return out


def batch_top_k(
    index: VacancyIndex,
    seekers: Iterable[SeekerProfile],
    k: int = 20,
    *,
    block_size: int = 2048,
    candidates: int = 1024,
    tiles: int = 64,
    tile_candidates: int = 64,
    n_threads: int = 1,
) -> Iterator[BatchResult]:
    """Top-k vacancies for every person, streamed block by block (memory bounded by the
    block size, not by the number of people)."""
    ranker = BatchRanker(
        index,
        candidates=candidates,
        tiles=tiles,
        tile_candidates=tile_candidates,
        n_threads=n_threads,
    )
    block: list[SeekerProfile] = []
    for seeker in seekers:
        block.append(seeker)
        if len(block) >= block_size:
            yield from ranker.rank(block, k)
            block = []
    if block:
        yield from ranker.rank(block, k)
