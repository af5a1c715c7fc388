"""VacancyIndex: the fitted text model and the vacancy matrices for online top-k at scale.

Fitted offline (`VacancyIndex.fit`), saved as .npz + .json (no pickle: the web tier loads
plain arrays and never fits). Adding, editing or closing a vacancy goes to a small delta
segment and a tombstone, with the fitted vocabulary; `compact()` merges the delta into the
main segment, still without refitting.

Online query (`top_for_seeker`) is exact. With a travel limit (the person's own
max_distance_km or a filter) or an occupation filter it scores only the rows inside the
prefilter. Otherwise it accumulates text and skill postings for the person's terms and
skills, adds the rows of the person's 中类 and the rows inside the service circle, bounds
the distance part of the rest, and widens the circle until no row outside can beat the k-th.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from jobhub.matching.block import RowScores, StringTable, VacancyBlock
from jobhub.matching.engine import id_sort_key
from jobhub.matching.features import (
    KIND_INDEX,
    CodeTable,
    SeekerQuery,
    build_seeker_queries,
    vacancy_document,
)
from jobhub.matching.geo import distance_decay, haversine_km
from jobhub.matching.models import (
    VACANCY_KINDS,
    ExternalId,
    MatchResult,
    SeekerProfile,
    VacancyProfile,
)
from jobhub.matching.profile import MatchingProfile, load_profile
from jobhub.matching.results import build_results
from jobhub.matching.scoring import PartArrays
from jobhub.matching.skills import SkillSpace, SkillVocabulary, default_vocabulary
from jobhub.matching.text import TextModel

FORMAT_VERSION = 1
_EARTH_HALF_CIRCUMFERENCE_KM = 20_040.0
# Up to this many rows are scored one by one (gathering their matrix rows); beyond it the
# postings path is cheaper.
_GATHER_LIMIT = 12_000
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


class VacancyIndex:
    """Vacancies prepared for fast, exact online top-k and for the batch path."""

    def __init__(
        self,
        profile: MatchingProfile,
        model: TextModel,
        vocabulary: SkillVocabulary,
        space: SkillSpace,
        codes: CodeTable,
        texts: StringTable,
        main: VacancyBlock,
        delta: VacancyBlock | None = None,
        compact_threshold: int = 2_000,
    ) -> None:
        self.profile = profile
        self.model = model
        self.vocabulary = vocabulary
        self.space = space
        self.codes = codes
        self.texts = texts
        # rows grouped by weight class, so that the postings path can scan them per class
        self.main = main if main.class_bounds is not None else main.sorted_by_class()
        self.delta = delta if delta is not None else VacancyBlock.empty(model.size, space.size)
        self.compact_threshold = compact_threshold
        # rows scored one by one below this count (None: the measured default); tests set 0
        # to exercise the postings path on small data
        self.gather_limit: int | None = None
        self._where: dict[ExternalId, tuple[int, int]] = {}
        for seg, block in enumerate(self.segments):
            for row in np.flatnonzero(block.alive).tolist():
                self._where[block.ids[row]] = (seg, row)

    @property
    def segments(self) -> tuple[VacancyBlock, VacancyBlock]:
        return (self.main, self.delta)

    def __len__(self) -> int:
        return len(self._where)

    def __contains__(self, vacancy_id: object) -> bool:
        return vacancy_id in self._where

    # -- building ------------------------------------------------------------------------------

    @classmethod
    def fit(
        cls,
        vacancies: Sequence[VacancyProfile],
        profile: MatchingProfile | None = None,
        *,
        vocabulary: SkillVocabulary | None = None,
        tokens: Sequence[Sequence[str]] | None = None,
    ) -> VacancyIndex:
        """Fit the text model on the vacancies and build the index (the offline job)."""
        profile = profile or load_profile()
        model, X = TextModel.fit(
            [vacancy_document(v) for v in vacancies] if tokens is None else [],
            analyzer=profile.analyzer,
            title_bigrams=profile.title_bigrams,
            max_df=profile.max_df,
            max_df_floor=profile.max_df_floor,
            min_df=profile.min_df,
            tokens=tokens,
        )
        return cls.build(vacancies, model, profile, vocabulary=vocabulary, X=X)

    @classmethod
    def build(
        cls,
        vacancies: Sequence[VacancyProfile],
        model: TextModel,
        profile: MatchingProfile | None = None,
        *,
        vocabulary: SkillVocabulary | None = None,
        X: sp.csr_matrix | None = None,
    ) -> VacancyIndex:
        """Build with an already fitted text model (what a rebuild without refit does)."""
        ids = [v.id for v in vacancies]
        if len(set(ids)) != len(ids):
            raise ValueError("duplicate vacancy ids")
        profile = profile or load_profile()
        vocab = vocabulary or default_vocabulary()
        space, codes, texts = SkillSpace(vocab), CodeTable(), StringTable()
        main = VacancyBlock.build(vacancies, model, vocab, space, codes, texts, X=X)
        return cls(profile, model, vocab, space, codes, texts, main)

    # -- updates without refit -------------------------------------------------------------------

    def upsert(self, vacancy: VacancyProfile) -> None:
        """Add or replace one vacancy, vectorised with the fitted vocabulary (terms it does not
        know are ignored until the next offline rebuild)."""
        self.remove(vacancy.id)
        row_block = VacancyBlock.build(
            [vacancy], self.model, self.vocabulary, self.space, self.codes, self.texts
        )
        self.delta = VacancyBlock.concat([self.delta, row_block])
        self._where[vacancy.id] = (1, self.delta.n - 1)
        if self.delta.n > max(self.compact_threshold, self.main.n // 50):
            self.compact()

    def remove(self, vacancy_id: ExternalId) -> bool:
        """Close a vacancy (tombstone); True if it was indexed."""
        where = self._where.pop(vacancy_id, None)
        if where is None:
            return False
        seg, row = where
        block = self.segments[seg]
        block.alive[row] = False
        return True

    def compact(self) -> None:
        """Merge the delta into the main segment and drop closed rows (no refit)."""
        self.main = VacancyBlock.concat([self.main, self.delta]).sorted_by_class()
        self.delta = VacancyBlock.empty(self.model.size, self.space.size)
        self._where = {vid: (0, row) for row, vid in enumerate(self.main.ids)}

    # -- persistence -----------------------------------------------------------------------------

    def save(self, directory: str | Path) -> None:
        """Write the index to `directory` (arrays in index.npz, the rest in JSON; no pickle).
        The delta segment is merged into what is written; the live index is unchanged."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        block = VacancyBlock.concat([self.main, self.delta]).sorted_by_class()
        self.model.save(directory)
        arrays = {
            "X_data": block.X.data, "X_indices": block.X.indices, "X_indptr": block.X.indptr,
            "S_indices": block.S.indices, "S_indptr": block.S.indptr,
            "occ": block.occ, "lat": block.lat, "lng": block.lng, "kind": block.kind,
            "skill_ptr": block.skill_ptr, "skill_idx": block.skill_idx,
        }
        tmp = directory / "index.tmp.npz"
        np.savez(tmp, **arrays)
        meta = {
            "format_version": FORMAT_VERSION,
            "profile": self.profile.name,
            "ids": block.ids,
            "skill_columns": self.space.ordered_ids(),
            "codes": self.codes.keys(),
            "skill_texts": self.texts.items,
            "skill_text_ids": self.texts.skill_ids,
        }
        (directory / "index.tmp.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        # replace both files only once both are complete
        tmp.replace(directory / "index.npz")
        (directory / "index.tmp.json").replace(directory / "index.json")

    @classmethod
    def load(
        cls,
        directory: str | Path,
        profile: MatchingProfile | None = None,
        *,
        vocabulary: SkillVocabulary | None = None,
    ) -> VacancyIndex:
        """Load what `save` wrote. Never fits; arrays are read with allow_pickle=False."""
        directory = Path(directory)
        meta = json.loads((directory / "index.json").read_text(encoding="utf-8"))
        if meta.get("format_version") != FORMAT_VERSION:
            raise ValueError(f"unsupported index format {meta.get('format_version')!r}")
        profile = profile or load_profile(str(meta["profile"]))
        vocab = vocabulary or default_vocabulary()
        model = TextModel.load(directory)
        space = SkillSpace(vocab, meta["skill_columns"])
        codes = CodeTable(meta["codes"])
        texts = StringTable(meta["skill_texts"], meta["skill_text_ids"])
        with np.load(directory / "index.npz", allow_pickle=False) as z:
            a = {key: z[key] for key in z.files}
        n = len(meta["ids"])
        X = sp.csr_matrix((a["X_data"], a["X_indices"], a["X_indptr"]), shape=(n, model.size))
        S = sp.csr_matrix(
            (np.ones(len(a["S_indices"]), dtype=np.float32), a["S_indices"], a["S_indptr"]),
            shape=(n, space.size),
        )
        main = VacancyBlock(
            list(meta["ids"]), X, S, a["occ"], a["lat"], a["lng"], a["kind"], a["skill_ptr"], a["skill_idx"]
        )
        return cls(profile, model, vocab, space, codes, texts, main)

    # -- queries ---------------------------------------------------------------------------------

    def seeker_queries(
        self, seekers: Sequence[SeekerProfile], tokens: Sequence[Sequence[str]] | None = None
    ) -> list[SeekerQuery]:
        return build_seeker_queries(
            seekers, self.model, self.vocabulary, self.space, self.codes, self.profile, tokens
        )

    def top_for_seeker(
        self, seeker: SeekerProfile, k: int = 20, filters: SearchFilters | None = None
    ) -> list[MatchResult]:
        """The k best vacancies for one person (exact; same scores as `rank_vacancies` with
        this index's text model). Eligible first, then, if `include_ineligible`, the others.
        Vacancies that share nothing with the person (fit 0) are not listed."""
        [sq] = self.seeker_queries([seeker])
        return self.top_for_query(sq, k, filters)

    def top_for_query(
        self, sq: SeekerQuery, k: int = 20, filters: SearchFilters | None = None
    ) -> list[MatchResult]:
        filters = filters or SearchFilters()
        if k <= 0:
            return []
        wanted = np.ones(len(VACANCY_KINDS), dtype=bool)
        if filters.kinds is not None:
            wanted[:] = False
            for kind in filters.kinds:
                wanted[KIND_INDEX[kind]] = True
        limits = [x for x in (sq.seeker.max_distance_km, filters.max_distance_km) if x is not None]
        radius = min(limits) if limits else None
        found = self._search(sq, k, wanted & sq.eligible_by_kind, radius, filters.occupation_prefix)
        if filters.include_ineligible and len(found) < k:
            found += self._search(
                sq, k - len(found), wanted & ~sq.eligible_by_kind, radius, filters.occupation_prefix
            )
        built: dict[int, list[MatchResult]] = {}
        for block, scores, _ in found:  # one call per scored block, then back in rank order
            if id(scores) not in built:
                positions = [i for _, s, i in found if s is scores]
                results = build_results(
                    sq, block, scores, positions, profile=self.profile, model=self.model,
                    texts=self.texts, codes=self.codes,
                )
                built[id(scores)] = results
        cursor: dict[int, int] = {}
        out: list[MatchResult] = []
        for _, scores, _ in found:
            j = cursor.get(id(scores), 0)
            out.append(built[id(scores)][j])
            cursor[id(scores)] = j + 1
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

    @property
    def _limit(self) -> int:
        return _GATHER_LIMIT if self.gather_limit is None else self.gather_limit

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
        return _take(scores, np.flatnonzero(ok))

    def _prefilter(
        self, block: VacancyBlock, sq: SeekerQuery, radius: float | None, prefix: str | None
    ) -> np.ndarray | None:
        """The rows a travel limit or code prefix leaves, if few enough to score one by one."""
        loc = sq.seeker.location
        candidates: np.ndarray | None = None
        limit = self._limit
        if radius is not None and loc is not None and block.grid.count_near(loc.lat, loc.lng, radius) <= limit:
            near, _ = block.grid.query(loc.lat, loc.lng, radius)
            candidates = np.concatenate((near, block.no_location_rows))
        if prefix is not None:
            ids = self._prefix_ids(prefix)
            if len(ids) and block.rows_with_code(0, ids).size <= limit:
                by_code = block.rows_with_code(0, ids)
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
        if pre is None and (block.n <= self._limit or block.class_bounds is None):
            pre = np.arange(block.n)
        if pre is not None:
            rows = self._restrict(block, np.unique(pre), kinds, self._prefix_ids(prefix))
            return _top(self._within(block.gather_scores(sq, rows, profile), radius), k, block)
        return self._search_postings(block, sq, k, kinds, radius, prefix)

    def _numerator(self, block: VacancyBlock, sq: SeekerQuery) -> np.ndarray:
        """w_t·text + w_s·skills + w_o·occupation for every row (dense), from the postings of
        the person's features only. The occupation level is a sum of increments (中类 c,
        小类 b − c, 细类 a − b), so the best matching level comes out without a max."""
        w = self.profile.weights
        n_codes = len(self.codes.ids)
        FT = block.feature_postings(n_codes)
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
        idx = np.concatenate(parts_idx)
        val = np.concatenate(parts_val).astype(np.float32)
        if len(idx) == 0:
            return np.zeros(block.n, dtype=np.float32)
        return np.asarray(FT[idx].T @ val, dtype=np.float32)

    def _approx_scores(
        self, block: VacancyBlock, sq: SeekerQuery, rows: np.ndarray, numerator: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Scores from the postings numerator and the exact distance: equal to the exact
        scores up to float32 rounding (< _SLACK). Returns (scores, distances)."""
        profile = self.profile
        w = profile.weights
        loc = sq.seeker.location
        loc_ok = block.has_loc[rows] & (loc is not None)
        if loc is not None:
            d = haversine_km(loc.lat, loc.lng, block.lat[rows], block.lng[rows])
            dist = np.where(loc_ok, distance_decay(np.nan_to_num(d), profile.circle_km, profile.half_life_km), 0.0)
        else:
            d = np.full(len(rows), np.nan)
            dist = np.zeros(len(rows))
        total = (
            w.text
            + w.skills * (block.n_skills[rows] > 0)
            + w.occupation * ((block.occ[rows, 0] >= 0) & sq.has_codes)
            + w.distance * loc_ok
        )
        fit = (numerator[rows] + w.distance * dist) / total
        eps = profile.epsilon
        return (fit + eps * sq.priority_by_kind[block.kind[rows]]) / (1 + eps), d

    def _best_bound(self, block: VacancyBlock, sq: SeekerQuery, numerator: np.ndarray, p_max: float) -> float:
        """The largest score any row with a numerator could reach (a start for the descent)."""
        w = self.profile.weights
        eps = self.profile.epsilon
        loc_ok = sq.seeker.location is not None
        top = float(numerator.max(initial=0.0))
        return ((top + w.distance * loc_ok) / (w.text + w.distance * loc_ok) + eps * p_max) / (1 + eps)

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

        def approx(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            rows = self._restrict(block, rows, kinds, prefix_ids)
            scores, d = self._approx_scores(block, sq, rows, numerator)
            if radius is not None:
                ok = np.isnan(d) | (d <= radius)
                rows, scores = rows[ok], scores[ok]
            return rows, scores

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
            FT = block.feature_postings(len(self.codes.ids))
            for j in sq.q_idx[np.argsort(-sq.q_val)[:3]].tolist():
                pool.append(FT.indices[FT.indptr[j] : FT.indptr[j + 1]])
        seeds = np.concatenate(pool) if pool else np.zeros(0, dtype=np.int64)
        m = min(len(seeds), max(8 * k, 256))
        if m < len(seeds):
            seeds = seeds[np.argpartition(numerator[seeds], len(seeds) - m)[len(seeds) - m :]]
        theta = _kth(approx(np.unique(seeds))[1], k) - _SLACK

        # 2. threshold descent: scan each weight class for rows whose numerator plus a full
        #    distance part could reach theta (fit ≤ (numerator + w_d)/W, priority ≤ p_max);
        #    if fewer than k of them reach it, lower theta and scan again
        p_max = float(sq.priority_by_kind[kinds].max(initial=0.0))
        bounds = block.class_bounds
        if not np.isfinite(theta):
            theta = 0.7 * self._best_bound(block, sq, numerator, p_max)
        while True:
            fit_floor = theta * (1 + eps) - eps * p_max
            found = []
            for c in range(8):
                lo, hi = int(bounds[c]), int(bounds[c + 1])
                if hi == lo:
                    continue
                loc_ok = bool(c & 1) and loc is not None
                W = w.text + w.skills * bool(c & 4) + w.occupation * bool(c & 2 and sq.has_codes) + w.distance * loc_ok
                need = fit_floor * W - w.distance * loc_ok - _SLACK
                found.append(lo + np.flatnonzero(numerator[lo:hi] >= max(need, _TINY)))
            rows, scores = approx(np.concatenate(found))
            kth = _kth(scores, k)
            if kth >= theta or fit_floor <= 0:
                break
            theta = kth - _SLACK if np.isfinite(kth) else theta * 0.5 - _SLACK

        # 3. rows with nothing but distance (numerator 0): none can beat the k-th if even a
        #    full distance part cannot; otherwise score the rows inside a widening circle
        radius_now = 0.0
        while True:
            done = loc is None or radius_now >= _EARTH_HALF_CIRCUMFERENCE_KM
            done = done or (radius is not None and radius_now >= radius)
            if not done:
                decay = float(distance_decay(radius_now, profile.circle_km, profile.half_life_km))
                bound = (w.distance * decay / (w.text + w.distance) + eps * p_max) / (1 + eps)
                done = _kth(scores, k) >= bound + _SLACK
            if done:
                # the exact pass, on the few rows that can still be in the top k
                keep = rows[scores >= _kth(scores, k) - 2 * _SLACK]
                return _top(self._within(block.gather_scores(sq, keep, profile), radius), k, block)
            radius_now = max(radius_now * 2.0, profile.circle_km)
            radius_now = radius_now if radius is None else min(radius_now, radius)
            ring = block.grid.query(loc.lat, loc.lng, radius_now)[0]
            rows, scores = approx(np.union1d(rows, ring))


def _without_location(sq: SeekerQuery) -> SeekerQuery:
    from dataclasses import replace

    return replace(sq, seeker=replace(sq.seeker, location=None))


def _kth(values: np.ndarray, k: int) -> float:
    if len(values) < k:
        return -np.inf
    return float(np.partition(values, len(values) - k)[len(values) - k])


def _take(scores: RowScores, idx: np.ndarray) -> RowScores:
    p = scores.parts
    parts = PartArrays(
        text=p.text[idx], skills=p.skills[idx], skills_ok=p.skills_ok[idx],
        occupation=p.occupation[idx], occupation_ok=p.occupation_ok[idx],
        distance=p.distance[idx], distance_ok=p.distance_ok[idx], priority=p.priority[idx],
    )
    return RowScores(scores.rows[idx], parts, scores.distance_km[idx], scores.fit[idx], scores.score[idx])


def _top(scores: RowScores, k: int, block: VacancyBlock) -> RowScores:
    """The k best rows with fit > 0, ties broken by vacancy id."""
    keep = np.flatnonzero(scores.fit > 0)
    if len(keep) > k:
        kth = np.partition(scores.score[keep], len(keep) - k)[len(keep) - k]
        keep = keep[scores.score[keep] >= kth]
    order = sorted(keep.tolist(), key=lambda i: (-scores.score[i], id_sort_key(block.ids[int(scores.rows[i])])))
    return _take(scores, np.asarray(order[:k], dtype=np.int64))
