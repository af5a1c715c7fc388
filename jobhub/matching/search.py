"""The online search of VacancyIndex (exact top-k; see index.py for the strategy).

Kept apart from the index's building, updating and persistence. The methods read the
index's profile, model, spaces and segments (VacancyIndex inherits this class).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from jobhub.matching.block import RowScores, VacancyBlock
from jobhub.matching.engine import id_sort_key
from jobhub.matching.features import KIND_INDEX, CodeTable, SeekerQuery
from jobhub.matching.geo import distance_decay, haversine_km
from jobhub.matching.models import VACANCY_KINDS, ExternalId
from jobhub.matching.profile import MatchingProfile
from jobhub.matching.scoring import is_relevant, pay_factor, skills_apply
from jobhub.matching.text import TextModel

# A prefiltered set (travel limit, code prefix) is scored on its own rows if it holds at most
# a 25th of the segment (and between _DIRECT_LIMIT and _GATHER_LIMIT rows); otherwise the
# scan of the whole segment by weight class is cheaper. Up to _DIRECT_LIMIT rows are scored
# exactly at once; more go through the postings numerator first.
_GATHER_LIMIT = 60_000
_DIRECT_LIMIT = 1_500
# A segment this small (the delta of recent updates) is always scored row by row.
_SMALL_BLOCK = 4_096
# float32 accumulation in the postings differs from the exact dot products in the last bits
_SLACK = 1e-5
_TINY = 1e-12


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """Optional restrictions of an online query.

    kinds: only these vacancy kinds; max_distance_km: a travel limit on top of the person's
    own; occupation_prefix: only vacancies whose code starts with it ('4-10', '4-10-01');
    include_ineligible: after the eligible results, fill up with vacancies the person is not
    eligible for (marked eligible=False).
    """

    kinds: tuple[str, ...] | None = None
    max_distance_km: float | None = None
    occupation_prefix: str | None = None
    include_ineligible: bool = True


class IndexSearch:
    """Search internals shared by VacancyIndex (attributes set by its constructor)."""

    profile: MatchingProfile
    model: TextModel
    codes: CodeTable
    gather_limit: int | None
    main: VacancyBlock
    delta: VacancyBlock

    @property
    def segments(self) -> tuple[VacancyBlock, VacancyBlock]:
        return (self.main, self.delta)

    def text_hits(
        self, query: str, *, kinds: tuple[str, ...] | None = None, limit: int = 5_000
    ) -> list[tuple[ExternalId, float]]:
        """Rows sharing a word with a free-text query (a visitor's search box), best first:
        the query is analysed like a vacancy title (words and character bigrams) and weighed
        by the fitted text model, and each row scores the dot product of the two weightings
        (the text part of the fit, from the text postings). At most ``limit`` rows, ties by id.
        """
        found = [
            (block.ids[r], float(s))
            for block, rows, score in self.text_candidates(query, kinds=kinds, limit=limit)
            for r, s in zip(rows.tolist(), score.tolist(), strict=True)
        ]
        found.sort(key=lambda hit: (-hit[1], id_sort_key(hit[0])))
        return found[:limit]

    def text_candidates(
        self, query: str, *, kinds: tuple[str, ...] | None = None, limit: int = 5_000
    ) -> list[tuple[VacancyBlock, np.ndarray, np.ndarray]]:
        """``text_hits`` as arrays, unordered: per segment, its rows among the best ``limit``
        (at most ``limit`` in all, the same rows ``text_hits`` lists, ties at the last place
        by id) and their float32 scores."""
        cols, vals = self.model.vector_ids(self.model.term_ids(query, "", ""))
        if len(cols) == 0 or limit <= 0:
            return []
        wanted = np.zeros(len(VACANCY_KINDS), dtype=bool)
        wanted[[KIND_INDEX[k] for k in kinds or VACANCY_KINDS]] = True
        found: list[tuple[VacancyBlock, np.ndarray, np.ndarray]] = []
        for block in self.segments:
            if block.n == 0:
                continue
            keep = cols < block.X.shape[1]
            part = self._postings(block)[cols[keep]]
            # only the rows in the query terms' postings can score above 0
            rows = np.unique(part.indices)
            score = np.asarray(part[:, rows].T @ vals[keep], dtype=np.float32)
            ok = block.alive[rows] & wanted[block.kind[rows]] & (score > 0)
            rows, score = rows[ok], score[ok]
            if len(rows) > limit:
                kth = np.partition(score, len(rows) - limit)[len(rows) - limit]
                top = score >= kth
                rows, score = rows[top], score[top]
            found.append((block, rows, score))
        if sum(len(r) for _, r, _ in found) <= limit:
            return found
        kth = np.partition(np.concatenate([s for _, _, s in found]), -limit)[-limit]
        above = sum(int((s > kth).sum()) for _, _, s in found)
        # the last place's ties go by id, as text_hits sorts them (a common word ties thousands)
        tied = [
            (seg, r)
            for seg, (_, rows, score) in enumerate(found)
            for r in rows[score == kth].tolist()
        ]
        keys = [found[seg][0].ids[r] for seg, r in tied]
        if all(isinstance(key, str) for key in keys):
            first = np.argsort(np.array(keys), kind="stable")[: limit - above].tolist()
        else:
            first = sorted(range(len(keys)), key=lambda i: id_sort_key(keys[i]))[: limit - above]
        chosen: list[set[int]] = [set() for _ in found]
        for i in first:
            seg, r = tied[i]
            chosen[seg].add(int(r))
        out = []
        for seg, (block, rows, score) in enumerate(found):
            keep = (score > kth) | np.isin(rows, list(chosen[seg]))
            out.append((block, rows[keep], score[keep]))
        return out

    def _search(
        self, sq: SeekerQuery, k: int, kinds: np.ndarray, radius: float | None, prefix: str | None
    ) -> list[tuple[VacancyBlock, RowScores, int]]:
        if not kinds.any():
            return []
        pooled: list[tuple[VacancyBlock, RowScores, int]] = []
        for block in self.segments:
            if block.n == 0:
                continue
            scores = self._search_block(block, sq, k, kinds, radius, prefix)
            pooled.extend((block, scores, i) for i in range(len(scores.rows)))
        pooled.sort(key=lambda t: (-t[1].score[t[2]], id_sort_key(t[0].ids[int(t[1].rows[t[2]])])))
        return pooled[:k]

    def _prefilter_limit(self, block: VacancyBlock) -> int:
        """Largest prefiltered set worth scoring row by row rather than by the postings pass
        (which costs about as much as scoring a 25th of the block directly)."""
        if self.gather_limit is not None:
            return self.gather_limit
        return max(_DIRECT_LIMIT, min(_GATHER_LIMIT, block.n // 25))

    # -- search internals ------------------------------------------------------------------------

    def _prefix_ids(self, prefix: str | None) -> np.ndarray | None:
        """Code-table ids of the 细类 codes under a prefix ('4-10' or '4-10-01')."""
        if prefix is None:
            return None
        return np.asarray(
            [i for key, i in self.codes.ids.items() if len(key) == 10 and key.startswith(prefix)],
            dtype=np.int32,
        )

    @staticmethod
    def _restrict(
        block: VacancyBlock, rows: np.ndarray, kinds: np.ndarray, prefix_ids: np.ndarray | None
    ) -> np.ndarray:
        """Rows that are open, of an allowed kind and (if asked) under the code prefix."""
        rows = rows[block.alive[rows] & kinds[block.kind[rows]]]
        if prefix_ids is not None:
            rows = rows[np.isin(block.occ[rows, 0], prefix_ids)]
        return rows

    def _within(self, scores: RowScores, radius: float | None) -> RowScores:
        if radius is None:
            return scores
        ok = ~scores.parts.distance_ok | (np.nan_to_num(scores.distance_km) <= radius)
        return scores.take(np.flatnonzero(ok))

    def _prefilter(
        self, block: VacancyBlock, sq: SeekerQuery, radius: float | None, prefix: str | None
    ) -> np.ndarray | None:
        """The distinct rows a travel limit or code prefix leaves, if few enough to score them
        all; None otherwise."""
        loc = sq.seeker.location
        candidates: np.ndarray | None = None
        limit = self._prefilter_limit(block)
        if (
            radius is not None
            and loc is not None
            and block.grid.count_near(loc.lat, loc.lng, radius) <= limit
        ):
            near, _ = block.grid.query(loc.lat, loc.lng, radius)
            candidates = np.concatenate((near, block.no_location_rows))
        if prefix is not None:
            ids = self._prefix_ids(prefix)
            if len(ids) and block.rows_with_code(0, ids).size <= limit:
                by_code = block.rows_with_code(0, ids)  # distinct: each row has one code
                candidates = by_code if candidates is None else np.intersect1d(candidates, by_code)
            elif not len(ids):
                candidates = np.zeros(0, dtype=np.int64)
        if candidates is not None and len(candidates) > limit:
            return None
        return candidates

    def _search_block(
        self,
        block: VacancyBlock,
        sq: SeekerQuery,
        k: int,
        kinds: np.ndarray,
        radius: float | None,
        prefix: str | None,
    ) -> RowScores:
        profile = self.profile
        pre = self._prefilter(block, sq, radius, prefix)
        small = _SMALL_BLOCK if self.gather_limit is None else self.gather_limit
        if pre is None and (block.n <= small or block.class_bounds is None):
            pre = np.arange(block.n)  # distinct rows, as _prefilter returns
        if pre is not None:
            rows = self._restrict(block, pre, kinds, self._prefix_ids(prefix))
            if len(rows) > _DIRECT_LIMIT and block.class_bounds is not None:
                return self._search_subset(block, sq, k, rows, radius)
            scores = self._within(block.gather_scores(sq, rows, profile), radius)
            return _top(scores, k, block, profile)
        return self._search_postings(block, sq, k, kinds, radius, prefix)

    def _search_subset(
        self, block: VacancyBlock, sq: SeekerQuery, k: int, rows: np.ndarray, radius: float | None
    ) -> RowScores:
        """Exact top-k among a prefiltered set of rows: every row scored from the postings
        numerator (a cheap, float32 approximation), then the exact routine on those within
        rounding of the k-th."""
        numerator = self._numerator(block, sq)
        rows, scores, sure = self._approx(block, sq, rows, numerator, radius)
        keep = rows[scores >= _kth(scores[sure], k) - 2 * _SLACK]
        scores = self._within(block.gather_scores(sq, keep, self.profile), radius)
        return _top(scores, k, block, self.profile)

    def _approx(
        self,
        block: VacancyBlock,
        sq: SeekerQuery,
        rows: np.ndarray,
        numerator: np.ndarray,
        radius: float | None,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Rows that may pass the relevance floor and the travel limit, their approximate
        scores, and which of them surely pass the floor (only those may set the k-th score:
        float32 rounding must not let a row below the floor raise it)."""
        p = self.profile
        ev = numerator[rows]
        own = ev - p.weights.occupation * block.occupation_values(
            rows, sq.unit_ids[None, :], sq.minor_ids[None, :], sq.middle_ids[None, :], p
        )
        keep = (ev >= p.min_evidence - _SLACK) & (own >= p.min_content - _SLACK)
        rows, ev, own = rows[keep], ev[keep], own[keep]
        scores, d = self._approx_scores(block, sq, rows, numerator)
        sure = (ev >= p.min_evidence + _SLACK) & (own >= p.min_content + _SLACK)
        if radius is not None:
            ok = np.isnan(d) | (d <= radius)
            rows, scores, sure = rows[ok], scores[ok], sure[ok]
        return rows, scores, sure

    def _postings(self, block: VacancyBlock):  # noqa: ANN202 - a csr matrix
        return block.feature_postings(len(self.codes.ids), self.profile.skills_min_count)

    def _numerator(self, block: VacancyBlock, sq: SeekerQuery) -> np.ndarray:
        """The evidence w_t·text + w_s·skills + w_o·occupation for every row (dense), from the
        postings of the person's features only. The occupation level is a sum of increments
        (中类 c, 小类 b − c, 细类 a − b), so the best matching level comes out without a max;
        a row that lists no skills gets its skills part from its title n-grams."""
        w = self.profile.weights
        n_codes = len(self.codes.ids)
        FT = self._postings(block)
        n_terms, n_cols = block.X.shape[1], block.S.shape[1]
        keep_c = sq.c_idx < n_cols
        parts_idx = [sq.q_idx.astype(np.int64), n_terms + sq.c_idx[keep_c].astype(np.int64)]
        parts_val = [w.text * sq.q_val, w.skills * sq.c_val[keep_c]]
        if sq.has_codes:
            p = self.profile
            base = n_terms + n_cols
            for level, ids, inc in (
                (0, sq.unit_ids, p.occupation_unit - p.occupation_minor),
                (1, sq.minor_ids, p.occupation_minor - p.occupation_middle),
                (2, sq.middle_ids, p.occupation_middle),
            ):
                ids = ids[ids < n_codes]
                parts_idx.append(base + level * n_codes + ids.astype(np.int64))
                parts_val.append(np.full(len(ids), w.occupation * inc))
        if len(sq.t_idx) and block.Tc.shape[1]:
            # the title n-grams of rows that list no skills, in the skills part's place
            base = n_terms + n_cols + 3 * n_codes
            keep_t = sq.t_idx < block.Tc.shape[1]
            parts_idx.append(base + sq.t_idx[keep_t].astype(np.int64))
            parts_val.append(w.skills * sq.t_val[keep_t])
        idx = np.concatenate(parts_idx)
        val = np.concatenate(parts_val).astype(np.float32)
        if len(idx) == 0:
            return np.zeros(block.n, dtype=np.float32)
        return np.asarray(FT[idx].T @ val, dtype=np.float32)

    def _approx_scores(
        self, block: VacancyBlock, sq: SeekerQuery, rows: np.ndarray, numerator: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Scores from the postings numerator, the exact distance and the pay factor: equal to
        the exact scores up to float32 rounding (< _SLACK). Returns (scores, distances)."""
        profile = self.profile
        w = profile.weights
        loc = sq.seeker.location
        loc_ok = block.has_loc[rows] & (loc is not None)
        if loc is not None:
            d = haversine_km(loc.lat, loc.lng, block.lat[rows], block.lng[rows])
            dist = np.where(
                loc_ok,
                distance_decay(np.nan_to_num(d), profile.circle_km, profile.half_life_km),
                0.0,
            )
        else:
            d = np.full(len(rows), np.nan)
            dist = np.zeros(len(rows))
        total = (
            w.text
            + w.skills
            * skills_apply(
                block.n_skills[rows] > 0, sq.has_skills, block.has_title[rows], sq.has_learnt
            )
            + w.occupation * ((block.occ[rows, 0] >= 0) & sq.has_codes)
            + w.distance * loc_ok
        )
        pay = pay_factor(
            np.full(
                len(rows), np.nan if sq.seeker.expected_pay is None else sq.seeker.expected_pay
            ),
            block.pay_max[rows],
            profile,
        )
        fit = (numerator[rows] + w.distance * dist) / total * pay
        eps = profile.epsilon
        return (fit + eps * sq.priority_by_kind[block.kind[rows]]) / (1 + eps), d

    def _best_bound(
        self, block: VacancyBlock, sq: SeekerQuery, numerator: np.ndarray, p_max: float
    ) -> float:
        """The largest score any row with a numerator could reach (a start for the descent)."""
        w = self.profile.weights
        eps = self.profile.epsilon
        loc_ok = sq.seeker.location is not None
        top = float(numerator.max(initial=0.0))
        return ((top + w.distance * loc_ok) / (w.text + w.distance * loc_ok) + eps * p_max) / (
            1 + eps
        )

    def _search_postings(
        self,
        block: VacancyBlock,
        sq: SeekerQuery,
        k: int,
        kinds: np.ndarray,
        radius: float | None,
        prefix: str | None,
    ) -> RowScores:
        """Exact top-k over a large block (see the module docstring)."""
        profile = self.profile
        w = profile.weights
        eps = profile.epsilon
        loc = sq.seeker.location
        numerator = self._numerator(block, sq)
        prefix_ids = self._prefix_ids(prefix)

        def approx(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
            rows = self._restrict(block, rows, kinds, prefix_ids)
            return self._approx(block, sq, rows, numerator, radius)

        # 1. a first floor for the k-th score: the rows with the largest numerator among those
        #    inside the service circle, of the person's 小类, or in the postings of their
        #    strongest terms
        near_radius = profile.circle_km if radius is None else min(profile.circle_km, radius)
        pool = []
        if loc is not None:
            pool.append(block.grid.query(loc.lat, loc.lng, near_radius)[0])
        if sq.has_codes:
            pool.append(block.rows_with_code(1, sq.minor_ids))
        if len(sq.q_idx):
            FT = self._postings(block)
            for j in sq.q_idx[np.argsort(-sq.q_val)[:3]].tolist():
                pool.append(FT.indices[FT.indptr[j] : FT.indptr[j + 1]])
        seeds = np.concatenate(pool) if pool else np.zeros(0, dtype=np.int64)
        m = min(len(seeds), max(8 * k, 256))
        if m < len(seeds):
            seeds = seeds[np.argpartition(numerator[seeds], len(seeds) - m)[len(seeds) - m :]]
        _, seed_scores, sure = approx(np.unique(seeds))
        theta = _kth(seed_scores[sure], k) - _SLACK

        # 2. threshold descent: scan each weight class for rows whose evidence reaches the
        #    relevance floor and, with a full distance part, could reach theta (fit ≤
        #    (numerator + w_d)/W, pay factor ≤ 1, priority ≤ p_max); if fewer than k of them
        #    reach it, lower theta and scan again. Rows below the floor are never listed, so
        #    no row outside the scan can enter the top k.
        p_max = float(sq.priority_by_kind[kinds].max(initial=0.0))
        bounds = block.class_bounds
        if not np.isfinite(theta):
            theta = 0.7 * self._best_bound(block, sq, numerator, p_max)
        floor = profile.min_evidence - _SLACK
        while True:
            fit_floor = theta * (1 + eps) - eps * p_max
            found = []
            for c in range(8):
                lo, hi = int(bounds[c]), int(bounds[c + 1])
                if hi == lo:
                    continue
                loc_ok = bool(c & 1) and loc is not None
                W = (
                    w.text
                    + w.skills * bool(c & 4 and sq.has_skills)
                    + w.occupation * bool(c & 2 and sq.has_codes)
                    + w.distance * loc_ok
                )
                need = fit_floor * W - w.distance * loc_ok - _SLACK
                found.append(lo + np.flatnonzero(numerator[lo:hi] >= max(need, floor)))
            rows, scores, sure = approx(np.concatenate(found))
            kth = _kth(scores[sure], k)
            if kth >= theta or fit_floor <= 0:
                break
            theta = kth - _SLACK if np.isfinite(kth) else theta * 0.5 - _SLACK

        # 3. the exact pass, on the few rows that can still be in the top k
        keep = rows[scores >= _kth(scores[sure], k) - 2 * _SLACK]
        return _top(self._within(block.gather_scores(sq, keep, profile), radius), k, block, profile)


def _kth(values: np.ndarray, k: int) -> float:
    if len(values) < k:
        return -np.inf
    return float(np.partition(values, len(values) - k)[len(values) - k])


def _top(scores: RowScores, k: int, block: VacancyBlock, profile: MatchingProfile) -> RowScores:
    """The k best rows that pass the relevance floor, ties broken by vacancy id."""
    keep = np.flatnonzero(is_relevant(scores.parts, profile))
    if len(keep) > k:
        kth = np.partition(scores.score[keep], len(keep) - k)[len(keep) - k]
        keep = keep[scores.score[keep] >= kth]
    order = sorted(
        keep.tolist(), key=lambda i: (-scores.score[i], id_sort_key(block.ids[int(scores.rows[i])]))
    )
    return scores.take(np.asarray(order[:k], dtype=np.int64))
