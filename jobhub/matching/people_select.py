"""Selection for the people index: which people the exhaustive ranking lists first.

1. Evidence: one pass over the postings of the vacancy's text terms and skill columns gives
   every person's own-word evidence w_t·text + w_s·skills (float32). The relevance floor needs
   min_content of it, so nobody below min_content (less rounding) can be relevant.
2. If many people pass, their scores are approximated from that evidence (occupation,
   distance, pay and priority are exact); the k-th score among those surely relevant,
   eligible and within their travel limit is a floor, and only people within rounding of it
   are scored exactly (`VacancyBlock.pair_scores`, the routine of every path).
3. The exhaustive list's later places (see people.py): eligible people without evidence are
   counted (restricted kinds), and for a gig the best people without evidence are found
   (the same 中类 scored; the others by a widening circle: outside radius r a person scores at
   most ((cap + w_d·decay(r))/(w_t + w_d) + ε·p_max)/(1 + ε), cap being the largest evidence
   that is still not relevant; without a location, by priority or exactly).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from jobhub.matching.block import RowScores, StringTable, VacancyBlock
from jobhub.matching.engine import id_sort_key, rank_candidates
from jobhub.matching.features import CodeTable, SeekerQuery, person_skills, valid_codes
from jobhub.matching.geo import _KM_PER_DEG_LAT, distance_decay, haversine_km
from jobhub.matching.models import VACANCY_KINDS, MatchResult, SeekerProfile, VacancyProfile
from jobhub.matching.occupation import occupation_keys
from jobhub.matching.pairs import People
from jobhub.matching.people_block import GroupTable, PeopleBlock
from jobhub.matching.profile import MatchingProfile
from jobhub.matching.results import build_pair_results
from jobhub.matching.scoring import is_relevant, pay_factor, skills_apply
from jobhub.matching.skills import SkillSpace, SkillVocabulary, credit_tables
from jobhub.matching.text import TextModel

_SLACK = 1e-5  # float32 evidence vs the exact float64 parts (as search.py)
_DIRECT = 3_000  # people passing the evidence floor scored exactly without the approximation
_COUNT_CHUNK = 65_536  # rows counted at a time by _count_eligible_within
_PROBE = 1_000  # rows with the highest bounds scored approximately first, for a k-th score
_scratch = threading.local()  # _twin_classes' array, one a thread


@dataclass
class _Scored:
    """People scored exactly: (segment, row, id, score, relevant), appended in parts."""

    parts: list[tuple[np.ndarray, ...]]

    @classmethod
    def new(cls) -> _Scored:
        return cls([])

    def add(self, seg: int, rows: np.ndarray, ids, score, relevant) -> None:  # noqa: ANN001
        self.parts.append((np.full(len(rows), seg), rows, ids, score, relevant))

    def arrays(self) -> tuple[np.ndarray, ...]:
        if not self.parts:
            z = np.zeros(0, dtype=np.int64)
            return z, z, z, np.zeros(0), np.zeros(0, dtype=bool)
        return tuple(np.concatenate(x) for x in zip(*self.parts, strict=True))

    def best(self, need: int) -> list[int]:
        _, _, ids, score, _ = self.arrays()
        return ids[_best(ids, score, need)].tolist()


def _best(ids: np.ndarray, score: np.ndarray, k: int) -> np.ndarray:
    """Positions of the k best by (score descending, id ascending), in that order."""
    if k <= 0 or not len(ids):
        return np.zeros(0, dtype=np.int64)
    return np.lexsort((ids, -score))[:k]


def _twin_classes(block: PeopleBlock, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(positions in `rows` of one row of each twin class, each row's class among them):
    rows of a class score the same (`PeopleBlock.twins`), so one of them is scored. Linear:
    a row alone in its class stands for itself; the others' positions are scattered into a
    scratch array indexed by class, and the one position each slot keeps stands for its class
    (every slot read is written first, so the array is never cleared)."""
    positions = np.arange(len(rows))
    shared = np.flatnonzero(block.has_twin[rows])
    if not len(shared):  # everyone stands for themself
        return positions, positions
    classes = block.twins[rows[shared]]
    scratch = getattr(_scratch, "slots", None)
    if scratch is None or len(scratch) < block.n:
        scratch = _scratch.slots = np.empty(block.n, dtype=np.int64)
    scratch[classes] = shared
    first_of = positions.copy()
    first_of[shared] = scratch[classes]
    is_first = first_of == positions
    return np.flatnonzero(is_first), (np.cumsum(is_first) - 1)[first_of]


def _highest(values: np.ndarray, k: int) -> np.ndarray:
    """Positions (ascending) of at least `k` of the largest `values` (0 < k < len(values)):
    every value above a threshold read off a strided sample, so one comparison pass instead
    of partitioning everything; a partition of all (exactly k) when the sample misleads.
    Any such set serves the probe: its k-th approximate score is a floor of the true one."""
    n = len(values)
    step = n // (64 * k)
    if step >= 4:
        sample = values[step // 2 :: step]
        j = min(len(sample) - 1, 2 * k // step + 1)  # about 2k values are above it
        threshold = np.partition(sample, len(sample) - j)[len(sample) - j]
        found = np.flatnonzero(values >= threshold)
        if k <= len(found) <= 16 * k:
            return found
    return np.sort(np.argpartition(values, n - k)[n - k :])


def _kth(values: np.ndarray, k: int, counts: np.ndarray | None = None) -> float:
    """The k-th largest of `values`, each counted `counts` times (once without counts);
    -inf when there are fewer than k."""
    if counts is None or not (counts > 1).any():
        if len(values) < k:
            return -np.inf
        return float(np.partition(values, len(values) - k)[len(values) - k])
    if counts.sum() < k:
        return -np.inf
    order = np.argsort(-values, kind="stable")
    return float(values[order[np.searchsorted(np.cumsum(counts[order]), k)]])


@dataclass
class _Request:
    """One vacancy as engine.rank_candidates vectorises it (its own skill space, code and
    string tables), and its occupation keys in the people's code table."""

    vacancy: VacancyProfile
    block: VacancyBlock
    space: SkillSpace
    key_ids: tuple[int, int, int] | None  # (细类, 小类, 中类) ids in the people's table
    codes: CodeTable
    texts: StringTable


@dataclass(frozen=True)
class Ranking:
    """People in the order `PeopleSelection.rank` lists them, scored but not yet explained
    (`PeopleSelection.order`); ``relevant[i]`` is whether ``ids[i]`` passes the relevance
    floor. The rest is what `PeopleSelection.explain` reads."""

    ids: list[int]
    relevant: list[bool]
    _rows: list[int]
    _sub: PeopleBlock | None = None
    _people: People | None = None
    _scores: RowScores | None = None
    _eligible: np.ndarray | None = None
    _req: _Request | None = None


class PeopleSelection:
    """Selection internals of PeopleIndex (attributes set by its constructor)."""

    profile: MatchingProfile
    model: TextModel
    vocabulary: SkillVocabulary
    space: SkillSpace
    codes: CodeTable
    groups: GroupTable
    main: PeopleBlock
    delta: PeopleBlock
    direct_limit: int | None
    probe_limit: int | None
    _where: dict[int, tuple[int, int]]

    @property
    def segments(self) -> tuple[PeopleBlock, PeopleBlock]:
        return (self.main, self.delta)

    def select(
        self, vacancy: VacancyProfile, limit: int, *, weekday: int | None = None
    ) -> list[int]:
        """The ids of the people the exhaustive ranking (engine.rank_candidates over everyone
        indexed, available on `weekday` if given) lists in its first `limit` places and that a
        caller keeps: for a vacancy (weekday None) the relevant ones; for a gig all of them."""
        profile = self.profile
        if profile.min_content <= 0:
            raise ValueError("the postings path needs a relevance floor on own words")
        if limit <= 0:
            return []
        req = self._request(vacancy)
        eligible_group = self.groups.eligible(vacancy.kind)
        scored = _Scored.new()
        evidence: list[np.ndarray] = []
        for seg, block in enumerate(self.segments):
            own = self._evidence(block, req)
            evidence.append(own)
            rows = np.flatnonzero(own >= profile.min_content - _SLACK)
            rows = rows[block.available(rows, weekday)]
            rows = self._prune(block, rows, own, req, eligible_group, limit)
            self._score(scored, seg, block, rows, req)
        seg_of, rows, ids, score, relevant = scored.arrays()
        elig = eligible_group[self._group_of(seg_of, rows)]
        first = np.flatnonzero(relevant & elig)
        chosen = ids[first[_best(ids[first], score[first], limit)]].tolist()
        need = limit - len(chosen)
        if need <= 0:
            return chosen
        if weekday is None:
            # the next places go to eligible people without evidence (the caller drops them),
            # then to relevant people who may not apply
            others = self._count_eligible_within(vacancy, eligible_group, len(first) + need)
            others -= len(first)
            if others >= need:
                return chosen
            late = np.flatnonzero(relevant & ~elig)
            return chosen + ids[late[_best(ids[late], score[late], need - others)]].tolist()
        return chosen + self._fill(scored, evidence, need, req, weekday)

    def rank(
        self, vacancy: VacancyProfile, seekers: Sequence[SeekerProfile], top: int
    ) -> list[MatchResult]:
        """`engine.rank_candidates(vacancy, seekers, top)` for indexed people (those `select`
        gave, as the caller read them), from the index's vectors: nobody is vectorised again,
        the pairs are scored in one call and explained in one pass. The same list (people,
        scores, order, explanations) as rank_candidates, whose order and result builder it
        shares; people the index does not hold, or holds with other key groups, are ranked
        by rank_candidates itself."""
        if top <= 0 or not seekers:
            return []
        where = [self._where.get(int(s.id)) for s in seekers]
        if any(
            w is None
            or self.groups.items[int(self.segments[w[0]].group[w[1]])]
            != (tuple(s.key_groups), bool(s.registered_unemployed_youth))
            for s, w in zip(seekers, where, strict=True)
        ):
            return rank_candidates(
                vacancy,
                seekers,
                top,
                profile=self.profile,
                text_model=self.model,
                vocabulary=self.vocabulary,
            )
        ranking = self.order(vacancy, [int(s.id) for s in seekers], top)
        by_id = {int(s.id): s for s in seekers}
        return self.explain(ranking, [by_id[i] for i in ranking.ids])

    def order(self, vacancy: VacancyProfile, ids: Sequence[int], top: int) -> Ranking:
        """The order `rank` lists these indexed people in (at most ``top``), with whether each
        is relevant, scored from the index's vectors alone: a page of it is then explained by
        `explain` with only that page's people read. Ids the index does not hold are left
        out."""
        picked = sorted({w for w in (self._where.get(int(i)) for i in ids) if w is not None})
        if not picked or top <= 0:
            return Ranking([], [], [])
        sub = PeopleBlock.concat(
            [
                block.subset(np.asarray([r for s, r in picked if s == seg], dtype=np.int64))
                for seg, block in enumerate(self.segments)
            ]
        )
        req = self._request(vacancy)
        n = sub.n
        people = self._people(sub, np.arange(n), req)
        scores = req.block.pair_scores(people, np.arange(n), np.zeros(n, np.int64), self.profile)
        within = ~scores.parts.distance_ok | np.isnan(sub.max_km)
        within |= np.nan_to_num(scores.distance_km, nan=0.0) <= np.nan_to_num(
            sub.max_km, nan=np.inf
        )
        eligible = self._eligible_by_kind()[sub.group]
        kind = int(req.block.kind[0])
        relevant = is_relevant(scores.parts, self.profile)
        sub_ids = sub.ids.tolist()
        ranked = sorted(
            np.flatnonzero(within).tolist(),
            key=lambda i: (
                not eligible[i, kind],
                not relevant[i],
                -scores.score[i],
                id_sort_key(sub_ids[i]),
            ),
        )[: max(top, 0)]
        return Ranking(
            ids=[int(sub_ids[i]) for i in ranked],
            relevant=[bool(relevant[i]) for i in ranked],
            _rows=ranked,
            _sub=sub,
            _people=people,
            _scores=scores,
            _eligible=eligible,
            _req=req,
        )

    def explain(self, ranking: Ranking, seekers: Sequence[SeekerProfile]) -> list[MatchResult]:
        """The results (numbers and explanation, as `rank` gives them) of some of the people
        of `ranking`, in its order; ``seekers`` are their profiles as the caller read them,
        in any order."""
        if not seekers:
            return []
        place = {p: n for n, p in enumerate(ranking.ids)}
        sub, people, eligible, req = ranking._sub, ranking._people, ranking._eligible, ranking._req
        assert sub is not None and people is not None and eligible is not None and req
        pairs = []
        for seeker in sorted(seekers, key=lambda s: place[int(s.id)]):
            i = ranking._rows[place[int(seeker.id)]]
            skills = person_skills(seeker, self.vocabulary, self.profile)
            lo, hi = sub.Q.indptr[i], sub.Q.indptr[i + 1]
            c_lo, c_hi = people.C.indptr[i], people.C.indptr[i + 1]
            sq = SeekerQuery(
                seeker=seeker,
                skills=tuple(skills),
                q_idx=sub.Q.indices[lo:hi],
                q_val=sub.Q.data[lo:hi],
                c_idx=people.C.indices[c_lo:c_hi],
                c_val=people.C.data[c_lo:c_hi],
                codes=valid_codes(seeker.occupation_codes),
                unit_ids=people.unit[i][people.unit[i] >= 0].astype(np.int32),
                minor_ids=people.minor[i][people.minor[i] >= 0].astype(np.int32),
                middle_ids=people.middle[i][people.middle[i] >= 0].astype(np.int32),
                priority_by_kind=people.priority[i],
                eligible_by_kind=eligible[i],
                credit_tables=tuple(
                    credit_tables(self.vocabulary, skills, self.profile.skill_credits)
                ),
                t_idx=people.T.indices[people.T.indptr[i] : people.T.indptr[i + 1]],
                t_val=people.T.data[people.T.indptr[i] : people.T.indptr[i + 1]],
            )
            pairs.append((sq, i))
        return build_pair_results(
            pairs,
            req.block,
            ranking._scores,  # type: ignore[arg-type]
            profile=self.profile,
            model=self.model,
            texts=req.texts,
            codes=req.codes,
            skill_weights=req.space.weights,
        )

    def _eligible_by_kind(self) -> np.ndarray:
        """Whether each group table entry may apply, per kind (groups × VACANCY_KINDS)."""
        return np.stack([self.groups.eligible(k) for k in VACANCY_KINDS], 1).reshape(
            len(self.groups.items), len(VACANCY_KINDS)
        )

    # -- the request -------------------------------------------------------------------------

    def _request(self, vacancy: VacancyProfile) -> _Request:
        space = SkillSpace(self.vocabulary, weights=self.profile.skill_weights(self.vocabulary))
        codes, texts = CodeTable(), StringTable()
        block = VacancyBlock.build([vacancy], self.model, self.vocabulary, space, codes, texts)
        key_ids = None
        if block.occ[0, 0] >= 0:
            keys = occupation_keys(vacancy.occupation_code)
            key_ids = tuple(
                self.codes.get(k, grow=False) for k in (keys.unit, keys.minor, keys.middle)
            )
        return _Request(vacancy, block, space, key_ids, codes, texts)

    def _ordered_columns(self) -> list[str]:
        cached = getattr(self, "_ordered_cache", None)
        if cached is None or len(cached) != self.space.size:
            cached = self._ordered_cache = self.space.ordered_ids()
        return cached

    def _people_columns(self, req: _Request, request_cols: np.ndarray) -> np.ndarray:
        ordered = req.space.ordered_ids()
        return np.asarray(
            [self.space.columns.get(ordered[c], -1) for c in request_cols.tolist()],
            dtype=np.int64,
        )

    def _evidence(self, block: PeopleBlock, req: _Request) -> np.ndarray:
        """w_t·text + w_s·skills of every row (float32, from the postings of its text class:
        the rows of a class have the same terms and skill credits, so the same numbers)."""
        w = self.profile.weights
        if block.n == 0:
            return np.zeros(0, dtype=np.float32)
        classes, reps = block.text_classes
        own = np.zeros(len(reps), dtype=np.float32)
        for name, cols, vals in (
            ("Q", req.block.X.indices.astype(np.int64), w.text * req.block.X.data),
            (
                "C",
                self._people_columns(req, req.block.S.indices),
                w.skills
                * req.block.skill_weight(self.profile.skills_min_count)[0]
                * req.block.S.data,
            ),
            # a vacancy that lists no skills: its title n-grams (VacancyBlock.Tc)
            ("L", req.block.Tc.indices.astype(np.int64), w.skills * req.block.Tc.data),
        ):
            T = block.text_postings(name)
            ok = (cols >= 0) & (cols < T.shape[0])
            if ok.any():
                own += np.asarray(T[cols[ok]].T @ vals[ok].astype(np.float32)).ravel()
        return own if len(reps) == block.n else own[classes]

    def _code_hits(self, block: PeopleBlock, rows: np.ndarray, req: _Request) -> list[np.ndarray]:
        """For each level (细类, 小类, 中类): whether the row's desired codes share the
        vacancy's key."""
        hits = []
        for key_id in req.key_ids or (-1, -1, -1):
            hits.append(block.has_feature("K", key_id, rows))
        return hits

    # -- exact scores --------------------------------------------------------------------------

    def _people(self, block: PeopleBlock, rows: np.ndarray, req: _Request) -> People:
        """The People arrays engine.rank_candidates would build for these rows, in the
        request's skill space and code table (so pair_scores gives the same numbers)."""
        n = len(rows)
        # skill credits: people columns → request columns (vocabulary columns coincide;
        # those of skills the request does not know are dropped, as credit_vector drops them)
        ordered = self._ordered_columns()
        C = block.C[rows]
        colmap = np.full(C.shape[1], -1, dtype=np.int64)
        for pc in np.unique(C.indices).tolist():
            colmap[pc] = req.space.columns.get(ordered[pc], -1)
        cols = colmap[C.indices]
        keep = cols >= 0
        row_of = np.repeat(np.arange(n), np.diff(C.indptr))[keep]
        C_req = sp.csr_matrix(
            (C.data[keep], (row_of, cols[keep])), shape=(n, req.block.S.shape[1]), dtype=np.float32
        )
        C_req.sort_indices()
        # occupation: the request's code table holds the vacancy's keys only
        levels = [
            np.where(hit, int(req.block.occ[0, level]), -2)[:, None]
            for level, hit in enumerate(self._code_hits(block, rows, req))
        ]
        priority = np.stack([self.groups.priority(self.profile, k) for k in VACANCY_KINDS], 1)
        return People(
            Q=block.Q[rows],
            C=C_req,
            unit=levels[0],
            minor=levels[1],
            middle=levels[2],
            has_codes=block.has_codes[rows],
            has_skills=block.has_skills[rows],
            lat=block.lat[rows],
            lng=block.lng[rows],
            expected_pay=block.pay[rows],
            priority=priority[block.group[rows]].reshape(n, -1),
            T=block.L[rows],
            has_learnt=block.has_learnt[rows],
        )

    def _score(
        self, scored: _Scored, seg: int, block: PeopleBlock, rows: np.ndarray, req: _Request
    ) -> None:
        """Score rows exactly and keep those whose own travel limit lets them see it."""
        if not len(rows):
            return
        first, inverse = _twin_classes(block, rows)
        reps = rows[first]  # one row of each twin class: the others score the same
        people = self._people(block, reps, req)
        s = req.block.pair_scores(
            people, np.arange(len(reps)), np.zeros(len(reps), np.int64), self.profile
        )
        limit = block.max_km[reps]
        within = ~s.parts.distance_ok | np.isnan(limit)
        within |= np.nan_to_num(s.distance_km, nan=0.0) <= np.nan_to_num(limit, nan=np.inf)
        keep = np.flatnonzero(within[inverse])
        scored.add(
            seg,
            rows[keep],
            block.ids[rows[keep]],
            s.score[inverse[keep]],
            is_relevant(s.parts, self.profile)[inverse[keep]],
        )

    # -- pruning by approximate scores ---------------------------------------------------------

    def _prune(
        self,
        block: PeopleBlock,
        rows: np.ndarray,
        own: np.ndarray,
        req: _Request,
        eligible_group: np.ndarray,
        limit: int,
    ) -> np.ndarray:
        """The rows that can be among the `limit` best relevant eligible people (all of them
        unless at least `limit` surely are, see the module docstring).

        Rows are taken a twin class at a time (`PeopleBlock.twins`: people who score the
        same for every vacancy), each class counted as many times as it has rows here. The
        approximate score needs each row's distance and occupation keys. Most classes are
        dropped before that by upper bounds of it (`_linear_bound`, then `_bound`): the
        approximate scores of the classes with the highest bounds give a k-th score, and a
        class whose bound is below it cannot reach the k-th approximate score of all rows, so
        the rows returned are the same as scoring every row approximately."""
        direct = _DIRECT if self.direct_limit is None else self.direct_limit
        if len(rows) <= max(direct, limit):
            return rows
        first, inverse = _twin_classes(block, rows)
        alone = len(first) == len(rows)  # no twins among them: each row is its own class
        reps = rows if alone else rows[first]
        count = None if alone else np.bincount(inverse, minlength=len(first))
        e = own[reps].astype(np.float64)
        cls = np.arange(len(reps))  # the classes still in play
        probe = max(limit, _PROBE if self.probe_limit is None else self.probe_limit)
        bound = self._linear_bound(block, reps, e, req)
        kth = -np.inf
        while len(cls) > probe:
            top = _highest(bound, probe)
            approx, sure = self._approx(block, reps[top], e[top], req, eligible_group)
            kth = _kth(approx[sure], limit, None if count is None else count[top][sure])
            if np.isfinite(kth):
                break
            probe *= 8  # fewer than `limit` surely listed among them: a wider probe
        if np.isfinite(kth):
            for stage in range(3):
                keep = np.flatnonzero(bound >= kth - 2 * _SLACK)
                cls = cls[keep]
                if stage == 2 or len(cls) <= 4 * probe:
                    break
                if stage == 0:  # the distance part by latitude alone, cheap for many rows
                    bound = self._near_bound(block, reps[cls], bound[keep], req)
                else:
                    bound = self._bound(block, reps[cls], e[cls], req)
        approx, sure = self._approx(block, reps[cls], e[cls], req, eligible_group)
        kth = _kth(approx[sure], limit, None if count is None else count[cls][sure])
        if np.isfinite(kth):
            cls = cls[approx >= kth - 2 * _SLACK]
        chosen = np.zeros(len(reps), dtype=bool)
        chosen[cls] = True
        return rows[chosen if alone else chosen[inverse]]

    def _approx(
        self,
        block: PeopleBlock,
        rows: np.ndarray,
        e: np.ndarray,
        req: _Request,
        eligible_group: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Approximate scores of rows from their evidence `e` (the other parts exact), and
        whether each row is surely relevant, eligible and within its travel limit."""
        p = self.profile
        w, eps = p.weights, p.epsilon
        vb = req.block
        unit, minor, middle = self._code_hits(block, rows, req)
        occ_ok = block.has_codes[rows] & (vb.occ[0, 0] >= 0)
        occ = np.where(
            unit,
            p.occupation_unit,
            np.where(minor, p.occupation_minor, np.where(middle, p.occupation_middle, 0.0)),
        )
        occ = np.where(occ_ok, occ, 0.0)
        lat = block.lat[rows]
        dist_ok = ~np.isnan(lat) & bool(vb.has_loc[0])
        d = haversine_km(lat, block.lng[rows], vb.lat[0], vb.lng[0])
        decay = distance_decay(np.nan_to_num(d), p.circle_km, p.half_life_km)
        total = (
            w.text
            + w.skills
            * skills_apply(
                vb.n_skills[0] > 0, block.has_skills[rows], vb.has_title[0], block.has_learnt[rows]
            )
            + w.occupation * occ_ok
            + w.distance * dist_ok
        )
        pay = pay_factor(block.pay[rows], np.full(len(rows), vb.pay_max[0]), p)
        fit = (e + w.occupation * occ + w.distance * np.where(dist_ok, decay, 0.0)) / total * pay
        prio = self.groups.priority(p, req.vacancy.kind)[block.group[rows]]
        approx = (fit + eps * prio) / (1 + eps)
        max_km = block.max_km[rows]
        free = ~dist_ok | np.isnan(max_km)
        sure = (
            (e >= p.min_content + _SLACK)
            & (e + w.occupation * occ >= p.min_evidence + _SLACK)
            & eligible_group[block.group[rows]]
            & (free | (np.nan_to_num(d) <= np.nan_to_num(max_km, nan=np.inf) - 1e-6))
        )
        return approx, sure

    def _bound(
        self, block: PeopleBlock, rows: np.ndarray, e: np.ndarray, req: _Request
    ) -> np.ndarray:
        """An upper bound of each row's approximate score (`_approx`), cheaper to compute:
        the occupation value of the same 细类 for anyone holding the vacancy's 中类 (a code
        under it gives its 中类 key too; nobody else can score occupation), and distance
        scored at R·|Δlatitude|, never more than the great-circle distance. Every other term
        is the one `_approx` adds, in the same order, so rounding keeps the bound above it."""
        p = self.profile
        w, eps = p.weights, p.epsilon
        vb = req.block
        occ_ok = block.has_codes[rows] & (vb.occ[0, 0] >= 0)
        middle = req.key_ids[2] if req.key_ids is not None else -1
        occ_max = max(p.occupation_unit, p.occupation_minor, p.occupation_middle, 0.0)
        occ = np.where(occ_ok & block.has_feature("K", middle, rows), occ_max, 0.0)
        dist_ok = block.has_loc[rows] & bool(vb.has_loc[0])
        near = np.abs(np.nan_to_num(block.lat[rows]) - vb.lat[0]) * _KM_PER_DEG_LAT
        near = near * (1 - 1e-9) - 1e-9  # below the haversine of the same points
        decay = distance_decay(np.maximum(near, 0.0), p.circle_km, p.half_life_km)
        total = (
            w.text
            + w.skills * (block.has_skills[rows] & (vb.n_skills[0] > 0))
            + w.occupation * occ_ok
            + w.distance * dist_ok
        )
        pay_max = max(1.0, p.pay_floor, 1.0 - p.pay_shortfall_slope)
        fit = (
            (e + w.occupation * occ + w.distance * np.where(dist_ok, decay, 0.0)) / total * pay_max
        )
        prio = self.groups.priority(p, req.vacancy.kind)[block.group[rows]]
        return (fit + eps * prio) / (1 + eps)

    def _near_bound(
        self, block: PeopleBlock, rows: np.ndarray, linear: np.ndarray, req: _Request
    ) -> np.ndarray:
        """`_linear_bound` (given as ``linear``) tightened as `_bound` tightens it, cheaply
        for many rows: the occupation part is taken off for a row without the vacancy's 中类
        (nobody else can score occupation), and the distance part is scored at
        R·|Δlatitude| instead of at its best (its weight in the bound, by bound class, times
        1 − decay is taken off). Still above `_approx`: the rest is unchanged, and the
        rounding of the differences is far below the linear bound's 1e-9."""
        vb = req.block
        p = self.profile
        _, _, occ_part, dist_part = self._bound_tables(req)
        cls = block.bound_class[rows]
        out = linear
        if vb.occ[0, 0] >= 0:
            middle = req.key_ids[2] if req.key_ids is not None else -1
            out = out - occ_part[cls] * ~block.has_feature("K", middle, rows)
        if vb.has_loc[0]:
            near = np.abs(np.nan_to_num(block.lat[rows]) - vb.lat[0]) * _KM_PER_DEG_LAT
            near = near * (1 - 1e-9) - 1e-9  # below the haversine of the same points
            decay = distance_decay(np.maximum(near, 0.0), p.circle_km, p.half_life_km)
            out = out - dist_part[cls] * (1.0 - decay)
        return out

    def _bound_tables(self, req: _Request) -> tuple[np.ndarray, ...]:
        """By bound class (key groups and whether a row has codes, a home point and skills):
        the linear bound's slope and base, and the occupation and distance parts' shares of
        the base (0 where the part is not compared)."""
        p = self.profile
        w, eps = p.weights, p.epsilon
        vb = req.block
        n_groups = len(self.groups.items)
        group, flags = np.divmod(np.arange(n_groups * 8), 8)
        occ_ok = (flags & 4 > 0) & (vb.occ[0, 0] >= 0)
        dist_ok = (flags & 2 > 0) & bool(vb.has_loc[0])
        skills_ok = (flags & 1 > 0) & (vb.n_skills[0] > 0)
        total = w.text + w.skills * skills_ok + w.occupation * occ_ok + w.distance * dist_ok
        occ_max = max(p.occupation_unit, p.occupation_minor, p.occupation_middle, 0.0)
        pay_max = max(1.0, p.pay_floor, 1.0 - p.pay_shortfall_slope)
        prio = self.groups.priority(p, req.vacancy.kind)[group]
        slope = pay_max / total / (1 + eps)
        rest = w.occupation * occ_max * occ_ok + w.distance * dist_ok
        base = (rest / total * pay_max + eps * prio) / (1 + eps) + 1e-9
        return slope, base, w.occupation * occ_max * occ_ok * slope, w.distance * dist_ok * slope

    def _linear_bound(
        self, block: PeopleBlock, rows: np.ndarray, e: np.ndarray, req: _Request
    ) -> np.ndarray:
        """A looser upper bound than `_bound`, linear in the evidence: A·e + B with A and B
        looked up by the row's bound class (key groups and whether it has codes, a home
        point and skills), each class scored with occupation and distance at their best.
        Its rounding differs from `_approx`'s, so it is raised by 1e-9 (far above the
        rounding of numbers below 10, far below the pruning's margin)."""
        slope, base, _, _ = self._bound_tables(req)
        cls = block.bound_class[rows]
        return e * slope[cls] + base[cls]

    # -- the later places ----------------------------------------------------------------------

    def _group_of(self, seg_of: np.ndarray, rows: np.ndarray) -> np.ndarray:
        out = np.zeros(len(rows), dtype=np.int64)
        for seg, block in enumerate(self.segments):
            here = seg_of == seg
            out[here] = block.group[rows[here]]
        return out

    def _count_eligible_within(
        self, vacancy: VacancyProfile, eligible_group: np.ndarray, enough: int
    ) -> int:
        """How many indexed people may apply to the vacancy and whose travel limit lets them
        see it (the exhaustive list's length before its ineligible part), counted a chunk of
        rows at a time until `enough` are found (the caller asks only whether there are that
        many; a vacancy most people may apply to stops after its first chunk)."""
        total = 0
        loc = vacancy.location
        for block in self.segments:
            for lo in range(0, block.n, _COUNT_CHUNK):
                rows = slice(lo, min(lo + _COUNT_CHUNK, block.n))
                ok = block.alive[rows] & eligible_group[block.group[rows]]
                if loc is not None:
                    lat, max_km = block.lat[rows], block.max_km[rows]
                    limited = np.flatnonzero(ok & ~np.isnan(max_km) & ~np.isnan(lat))
                    d = haversine_km(lat[limited], block.lng[rows][limited], loc.lat, loc.lng)
                    ok[limited[d > max_km[limited]]] = False
                total += int(ok.sum())
                if total >= enough:
                    return total
        return total

    def _fill(
        self,
        scored: _Scored,
        evidence: list[np.ndarray],
        need: int,
        req: _Request,
        weekday: int,
    ) -> list[int]:
        """The `need` best available people after the relevant ones (a gig lists everyone).
        Every relevant person was scored (fewer than the limit are), so the others are the
        irrelevant ones scored, the same 中类, and people with little or no evidence."""
        p = self.profile
        w, eps = p.weights, p.epsilon
        pool = _Scored.new()
        taken = [np.zeros(b.n, dtype=bool) for b in self.segments]
        seg_of, rows, ids, score, relevant = scored.arrays()
        for seg in range(len(self.segments)):
            here = seg_of == seg
            taken[seg][rows[here]] = True
            rest = np.flatnonzero(here & ~relevant)
            pool.add(seg, rows[rest], ids[rest], score[rest], relevant[rest])

        def add(seg: int, block: PeopleBlock, found: np.ndarray) -> None:
            found = np.unique(found)
            found = found[block.available(found, weekday) & ~taken[seg][found]]
            taken[seg][found] = True
            self._score(pool, seg, block, found, req)

        loc = req.vacancy.location
        for seg, block in enumerate(self.segments):
            if block.n == 0:
                continue
            if req.key_ids is not None and req.key_ids[2] >= 0:  # the same 中类
                add(seg, block, block.rows_with("K", np.asarray([req.key_ids[2]])))
            # no distance part: people with some evidence are scored, the others score
            # ε·priority/(1 + ε) and the best of them by priority are enough
            far = np.arange(block.n) if loc is None else np.flatnonzero(np.isnan(block.lat))
            add(seg, block, far[evidence[seg][far] > 0])
            bare = far[block.available(far, weekday) & ~taken[seg][far]]
            prio = self.groups.priority(p, req.vacancy.kind)[block.group[bare]]
            add(seg, block, bare[np.lexsort((block.ids[bare], -prio))[:need]])
        if loc is None:
            return pool.best(need)
        cap = max(p.min_content, p.min_evidence) + _SLACK
        p_max = float(self.groups.priority(p, req.vacancy.kind).max(initial=0.0))
        radius = 2 * p.circle_km
        while True:
            for seg, block in enumerate(self.segments):
                if block.n:
                    add(seg, block, block.grid.query(loc.lat, loc.lng, radius)[0])
            _, _, p_ids, p_score, _ = pool.arrays()
            kth = _kth(p_score, need)
            decay = float(distance_decay(radius, p.circle_km, p.half_life_km))
            outside = ((cap + w.distance * decay) / (w.text + w.distance) + eps * p_max) / (1 + eps)
            # a margin for the grid's own rounding at the circle's edge
            if kth > outside + 1e-9 or radius > 20_100:
                return pool.best(need)
            radius *= 2
