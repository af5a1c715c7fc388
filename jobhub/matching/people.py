"""PeopleIndex: people prepared for "who fits this vacancy / this gig" at scale.

The people-side twin of VacancyIndex, built with the same fitted text model. Each person is
one row: their query vector (tf-idf terms), their skill credits, their desired occupation keys,
home point, travel limit, expected pay, and three precomputed columns the request would
otherwise have to decrypt and evaluate for: the key groups the policy engine found (as one
small id into a table of distinct group sets), the 16–24 registered-unemployed flag, and the
days they are available. The index never decides any of those: the caller passes what the
policy engine said.

Selection (`select`) finds the people a ranking of everyone would put in its first `limit`
places, without scoring everyone:
- The relevance floor needs evidence in the two sides' own words (scoring.is_relevant:
  min_content > 0), so everyone relevant shares a text term or a credited skill with the
  vacancy: the postings of the vacancy's terms and skill columns give them all, and they are
  scored with `VacancyBlock.pair_scores` (bit-identical numbers to the exhaustive path).
- For a restricted kind (公益性岗位, 就业见习) the exhaustive list puts eligible people without
  evidence before ineligible relevant ones; the index counts them instead of scoring them.
- For a gig everyone available is listed. The people without evidence have text = skills = 0;
  those whose desired job shares the gig's 中类 are scored, the others score only by distance
  (a bound that falls with distance, so a widening circle finds the best of them exactly) or,
  without a location on either side, by key-group priority alone.
The caller ranks the selected people with `engine.rank_candidates`, the exhaustive path's own
function, so order, scores and explanations are those of the exhaustive path.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from jobhub.matching import store
from jobhub.matching.block import StringTable, VacancyBlock
from jobhub.matching.eligibility import eligible_kinds_mask
from jobhub.matching.features import (
    CodeTable,
    person_skills,
    seeker_term_ids,
    valid_codes,
)
from jobhub.matching.geo import GeoGrid, distance_decay, haversine_km
from jobhub.matching.models import VACANCY_KINDS, SeekerProfile, VacancyProfile
from jobhub.matching.occupation import occupation_keys
from jobhub.matching.pairs import People
from jobhub.matching.profile import MatchingProfile
from jobhub.matching.scoring import is_relevant
from jobhub.matching.skills import SkillSpace, SkillVocabulary
from jobhub.matching.text import TextModel

FORMAT_VERSION = 1
_ANY_DAY = 0  # days column: 0 = any day; else bit 7 set and bit d for each weekday d (Mon = 0)
_RESTRICTED = 0x80


def days_mask(days: object) -> int:
    """The availability column for ``availability["days"]``: no days recorded means any day;
    only the integers 0–6 name a day (as ``day.weekday() in days`` reads them)."""
    if not days:
        return _ANY_DAY
    mask = _RESTRICTED
    for d in days if isinstance(days, list | tuple) else ():
        if isinstance(d, int) and not isinstance(d, bool) and 0 <= d <= 6:
            mask |= 1 << d
    return mask


@dataclass(frozen=True, slots=True)
class PersonEntry:
    """What the index is given for one person: the engine's view (key groups and the youth
    flag already decided by the caller's policy engine) and the availability column."""

    seeker: SeekerProfile
    days: int = _ANY_DAY


class GroupTable:
    """Distinct (key groups, 16–24 registered-unemployed) pairs as small ints."""

    def __init__(self, items: Sequence[tuple[Sequence[str], bool]] = ()) -> None:
        self.items: list[tuple[tuple[str, ...], bool]] = []
        self.ids: dict[tuple[tuple[str, ...], bool], int] = {}
        for groups, youth in items:
            self.add(tuple(groups), bool(youth))

    def add(self, groups: tuple[str, ...], youth: bool) -> int:
        key = (groups, youth)
        found = self.ids.get(key)
        if found is None:
            found = self.ids[key] = len(self.items)
            self.items.append(key)
        return found

    def priority(self, profile: MatchingProfile, kind: str) -> np.ndarray:
        return np.array([profile.priority_for(g, kind) for g, _ in self.items], dtype=np.float64)

    def eligible(self, kind: str) -> np.ndarray:
        return np.array([eligible_kinds_mask(g, y).get(kind, True) for g, y in self.items], bool)


def _csr(rows: Sequence[tuple[np.ndarray, np.ndarray]], width: int, dtype) -> sp.csr_matrix:  # noqa: ANN001
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum([len(i) for i, _ in rows], out=indptr[1:])
    idx = np.concatenate([i for i, _ in rows]).astype(np.int32) if rows else np.zeros(0, np.int32)
    val = np.concatenate([v for _, v in rows]).astype(dtype) if rows else np.zeros(0, dtype)
    return sp.csr_matrix((val, idx, indptr), shape=(len(rows), width))


def _widen(m: sp.csr_matrix, width: int) -> sp.csr_matrix:
    return sp.csr_matrix((m.data, m.indices, m.indptr), shape=(m.shape[0], width))


class PeopleBlock:
    """Arrays of one set of people (the main segment or the delta of recent changes)."""

    FIELDS = ("ids", "lat", "lng", "max_km", "pay", "group", "days", "has_skills")

    def __init__(
        self,
        ids: np.ndarray,
        Q: sp.csr_matrix,
        C: sp.csr_matrix,
        K: sp.csr_matrix,
        lat: np.ndarray,
        lng: np.ndarray,
        max_km: np.ndarray,
        pay: np.ndarray,
        group: np.ndarray,
        days: np.ndarray,
        has_skills: np.ndarray,
        alive: np.ndarray | None = None,
    ) -> None:
        self.ids = np.asarray(ids, dtype=np.int64)
        self.Q, self.C, self.K = Q, C, K  # terms, skill credits, occupation key ids (1)
        self.lat = np.asarray(lat, dtype=np.float64)
        self.lng = np.asarray(lng, dtype=np.float64)
        self.max_km = np.asarray(max_km, dtype=np.float64)
        self.pay = np.asarray(pay, dtype=np.float64)
        self.group = np.asarray(group, dtype=np.int32)
        self.days = np.asarray(days, dtype=np.uint8)
        self.has_skills = np.asarray(has_skills, dtype=bool)
        self.alive = np.ones(len(self.ids), dtype=bool) if alive is None else alive
        self._derived: dict[str, object] = {}

    @property
    def n(self) -> int:
        return len(self.ids)

    @classmethod
    def build(
        cls,
        entries: Sequence[PersonEntry],
        model: TextModel,
        vocabulary: SkillVocabulary,
        space: SkillSpace,
        codes: CodeTable,
        groups: GroupTable,
        profile: MatchingProfile,
        term_ids: Sequence[Sequence[int]] | None = None,
    ) -> PeopleBlock:
        """Vectorise people with a fitted model, growing the skill space and code table (as
        features.build_seeker_queries does, but keeping every skill a person could be
        credited with: a vacancy posted later may require it)."""
        seekers = [e.seeker for e in entries]
        terms = term_ids if term_ids is not None else seeker_term_ids(seekers, model)
        q_rows, c_rows, k_rows, has_skills = [], [], [], []
        for seeker, ids in zip(seekers, terms, strict=True):
            q_rows.append(model.vector_ids(ids))
            skills = person_skills(seeker, vocabulary, profile)
            has_skills.append(bool(skills))
            best: dict[int, float] = {}
            for c, scale in skills:  # the same credits as SkillSpace.credit_vector
                for target, credit in vocabulary.credits(c.skill_id, profile.skill_credits):
                    col = space.column(target, grow=True)
                    if credit * scale > best.get(col, 0.0):
                        best[col] = credit * scale
            cols = sorted(best)
            c_rows.append(
                (np.asarray(cols, np.int32), np.asarray([best[c] for c in cols], np.float32))
            )
            keys: set[int] = set()
            for code in valid_codes(seeker.occupation_codes):
                k = occupation_keys(code)
                keys.update(codes.get(x, grow=True) for x in (k.unit, k.minor, k.middle))
            k_rows.append((np.asarray(sorted(keys), np.int32), np.ones(len(keys), np.int8)))
        loc = [s.location for s in seekers]
        return cls(
            np.array([int(s.id) for s in seekers], dtype=np.int64),
            _csr(q_rows, model.size, np.float32),
            _csr(c_rows, space.size, np.float32),
            _csr(k_rows, max(len(codes.ids), 1), np.int8),
            [p.lat if p else np.nan for p in loc],
            [p.lng if p else np.nan for p in loc],
            [np.nan if s.max_distance_km is None else s.max_distance_km for s in seekers],
            [np.nan if s.expected_pay is None else float(s.expected_pay) for s in seekers],
            [groups.add(tuple(s.key_groups), s.registered_unemployed_youth) for s in seekers],
            [e.days for e in entries],
            has_skills,
        )

    @classmethod
    def empty(cls) -> PeopleBlock:
        z = np.zeros(0)
        m = sp.csr_matrix((0, 1), dtype=np.float32)
        return cls(z, m, m, sp.csr_matrix((0, 1), dtype=np.int8), z, z, z, z, z, z, z)

    @classmethod
    def concat(cls, blocks: Sequence[PeopleBlock]) -> PeopleBlock:
        """The alive rows of the blocks, stacked (compaction: nothing is re-vectorised)."""
        keep = [np.flatnonzero(b.alive) for b in blocks]

        def stack(name: str) -> sp.csr_matrix:
            width = max(getattr(b, name).shape[1] for b in blocks)
            parts = [_widen(getattr(b, name), width)[k] for b, k in zip(blocks, keep, strict=True)]
            return sp.csr_matrix(sp.vstack(parts, format="csr"))

        arrays = {
            f: np.concatenate([getattr(b, f)[k] for b, k in zip(blocks, keep, strict=True)])
            for f in cls.FIELDS
        }
        return cls(
            arrays["ids"],
            stack("Q"),
            stack("C"),
            stack("K"),
            arrays["lat"],
            arrays["lng"],
            arrays["max_km"],
            arrays["pay"],
            arrays["group"],
            arrays["days"],
            arrays["has_skills"],
        )

    # -- derived structures (built on first use) ------------------------------------------------

    def _get(self, name: str, make):  # noqa: ANN001, ANN202 - tiny private cache helper
        found = self._derived.get(name)
        if found is None:
            found = self._derived[name] = make()
        return found

    def postings(self, name: str) -> sp.csr_matrix:
        """Feature × rows for Q (terms), C (skill columns) or K (occupation keys)."""
        return self._get(f"T{name}", lambda: sp.csr_matrix(getattr(self, name).T))

    def rows_with(self, name: str, features: np.ndarray) -> np.ndarray:
        """Distinct rows with a nonzero entry in any of `features` (ids beyond the width are
        unknown to these people)."""
        T = self.postings(name)
        features = features[(features >= 0) & (features < T.shape[0])]
        if not len(features):
            return np.zeros(0, dtype=np.int64)
        parts = [T.indices[T.indptr[f] : T.indptr[f + 1]] for f in features.tolist()]
        return np.unique(np.concatenate(parts)).astype(np.int64)

    @property
    def grid(self) -> GeoGrid:
        def make() -> GeoGrid:
            rows = np.flatnonzero(~np.isnan(self.lat))
            return GeoGrid(self.lat[rows], self.lng[rows], rows)

        return self._get("grid", make)

    def available(self, rows: np.ndarray, weekday: int | None) -> np.ndarray:
        """Alive rows, and available on the weekday if one is given."""
        ok = self.alive[rows]
        if weekday is not None:
            d = self.days[rows]
            ok &= (d == _ANY_DAY) | ((d >> weekday) & 1).astype(bool)
        return ok


@dataclass
class _Scored:
    """Selection state: candidate people (block, row) with their exact numbers."""

    seg: list[np.ndarray]
    rows: list[np.ndarray]
    ids: list[np.ndarray]
    score: list[np.ndarray]
    relevant: list[np.ndarray]

    @classmethod
    def new(cls) -> _Scored:
        return cls([], [], [], [], [])

    def add(self, seg: int, rows: np.ndarray, ids, score, relevant) -> None:  # noqa: ANN001
        self.seg.append(np.full(len(rows), seg))
        self.rows.append(rows)
        self.ids.append(ids)
        self.score.append(score)
        self.relevant.append(relevant)

    def arrays(self) -> tuple[np.ndarray, ...]:
        if not self.ids:
            z = np.zeros(0, dtype=np.int64)
            return z, z, z, np.zeros(0), np.zeros(0, dtype=bool)
        return tuple(
            np.concatenate(x) for x in (self.seg, self.rows, self.ids, self.score, self.relevant)
        )


def _best(ids: np.ndarray, score: np.ndarray, k: int) -> np.ndarray:
    """Positions of the k best by (score descending, id ascending), in that order."""
    if k <= 0 or not len(ids):
        return np.zeros(0, dtype=np.int64)
    order = np.lexsort((ids, -score))
    return order[:k]


class PeopleIndex:
    """People for fast, exact "candidates for a vacancy" and "people for a gig"."""

    def __init__(
        self,
        profile: MatchingProfile,
        model: TextModel,
        vocabulary: SkillVocabulary,
        space: SkillSpace,
        codes: CodeTable,
        groups: GroupTable,
        main: PeopleBlock,
        compact_threshold: int = 2_000,
    ) -> None:
        self.profile = profile
        self.model = model
        self.vocabulary = vocabulary
        self.space = space
        self.codes = codes
        self.groups = groups
        self.main = main
        self.delta = PeopleBlock.empty()
        self.compact_threshold = compact_threshold
        self.note: dict = {}
        self._where: dict[int, tuple[int, int]] = {
            int(pid): (0, row) for row, pid in enumerate(main.ids.tolist())
        }

    @property
    def segments(self) -> tuple[PeopleBlock, PeopleBlock]:
        return (self.main, self.delta)

    def __len__(self) -> int:
        return len(self._where)

    def __contains__(self, person_id: object) -> bool:
        return person_id in self._where

    def key_groups(self, person_id: int) -> tuple[tuple[str, ...], bool] | None:
        """The key groups and youth flag the index holds for a person (None: not indexed)."""
        where = self._where.get(person_id)
        if where is None:
            return None
        seg, row = where
        return self.groups.items[int(self.segments[seg].group[row])]

    # -- building and updates --------------------------------------------------------------------

    @classmethod
    def build(
        cls,
        entries: Sequence[PersonEntry],
        model: TextModel,
        vocabulary: SkillVocabulary,
        profile: MatchingProfile,
    ) -> PeopleIndex:
        """Index people with an already fitted text model (the vacancy index's)."""
        space = SkillSpace(vocabulary, weights=profile.skill_weights(vocabulary))
        codes, groups = CodeTable(), GroupTable()
        main = PeopleBlock.build(entries, model, vocabulary, space, codes, groups, profile)
        return cls(profile, model, vocabulary, space, codes, groups, main)

    def _block(self, entries: Sequence[PersonEntry]) -> PeopleBlock:
        return PeopleBlock.build(
            entries, self.model, self.vocabulary, self.space, self.codes, self.groups, self.profile
        )

    def upsert(self, entry: PersonEntry) -> None:
        """Add or replace one person (new facts, new key groups), without refitting."""
        self.remove(int(entry.seeker.id))
        self.delta = PeopleBlock.concat([self.delta, self._block([entry])])
        # concat drops the delta's dead rows: the delta's positions are written again
        for row, pid in enumerate(self.delta.ids.tolist()):
            self._where[int(pid)] = (1, row)
        if self.delta.n > max(self.compact_threshold, self.main.n // 50):
            self.compact()

    def remove(self, person_id: int) -> bool:
        where = self._where.pop(person_id, None)
        if where is None:
            return False
        seg, row = where
        self.segments[seg].alive[row] = False
        return True

    def compact(self) -> None:
        self.main = PeopleBlock.concat([self.main, self.delta])
        self.delta = PeopleBlock.empty()
        self._where = {int(pid): (0, row) for row, pid in enumerate(self.main.ids.tolist())}

    # -- persistence -----------------------------------------------------------------------------

    def save(self, directory: str | Path, note: dict | None = None) -> None:
        """A new version in `directory` (store.py: complete or never current); no pickle."""
        block = PeopleBlock.concat([self.main, self.delta])
        version = store.new_version(Path(directory))
        arrays = {f: getattr(block, f) for f in PeopleBlock.FIELDS}
        for name in ("Q", "C", "K"):
            m = getattr(block, name)
            arrays |= {f"{name}_data": m.data, f"{name}_indices": m.indices}
            arrays |= {f"{name}_indptr": m.indptr}
        np.savez(version / "people.npz", **arrays)
        meta = {
            "format_version": FORMAT_VERSION,
            "skill_columns": self.space.ordered_ids(),
            "codes": self.codes.keys(),
            "groups": [[list(g), y] for g, y in self.groups.items],
        }
        (version / "people.json").write_text(json.dumps(meta, ensure_ascii=True), "ascii")
        store.commit(Path(directory), version, note)

    @classmethod
    def load(
        cls,
        directory: str | Path,
        model: TextModel,
        vocabulary: SkillVocabulary,
        profile: MatchingProfile,
    ) -> PeopleIndex:
        """The newest complete version (store.IndexUnavailable if none)."""
        for version in store.complete_versions(Path(directory)):
            try:
                meta = json.loads((version / "people.json").read_text("ascii"))
                if meta.get("format_version") != FORMAT_VERSION:
                    continue
                with np.load(version / "people.npz", allow_pickle=False) as z:
                    a = {key: z[key] for key in z.files}
            except (OSError, ValueError, KeyError):
                continue
            space = SkillSpace(
                vocabulary, meta["skill_columns"], weights=profile.skill_weights(vocabulary)
            )
            codes = CodeTable(meta["codes"])
            n = len(a["ids"])
            widths = {"Q": model.size, "C": space.size, "K": max(len(codes.ids), 1)}
            m = {
                name: sp.csr_matrix(
                    (a[f"{name}_data"], a[f"{name}_indices"], a[f"{name}_indptr"]),
                    shape=(n, width),
                )
                for name, width in widths.items()
            }
            block = PeopleBlock(
                a["ids"],
                m["Q"],
                m["C"],
                m["K"],
                *(a[f] for f in PeopleBlock.FIELDS[1:]),
            )
            groups = GroupTable([(g, y) for g, y in meta["groups"]])
            index = cls(profile, model, vocabulary, space, codes, groups, block)
            index.note = store.note(version)
            return index
        raise store.IndexUnavailable(f"no complete people index in {directory}")

    # -- selection -------------------------------------------------------------------------------

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
        space = SkillSpace(self.vocabulary, weights=profile.skill_weights(self.vocabulary))
        req = VacancyBlock.build(
            [vacancy], self.model, self.vocabulary, space, CodeTable(), StringTable()
        )
        kind = vacancy.kind
        eligible_group = self.groups.eligible(kind)
        scored = _Scored.new()
        for seg, block in enumerate(self.segments):
            if block.n == 0:
                continue
            rows = np.union1d(
                block.rows_with("Q", req.X.indices.astype(np.int64)),
                block.rows_with("C", self._people_columns(space, req.S.indices)),
            )
            rows = rows[block.available(rows, weekday)]
            self._score(scored, seg, block, rows, req, space, vacancy)
        seg_of, rows, ids, score, relevant = scored.arrays()
        elig = eligible_group[self._group_of(seg_of, rows)]
        first = np.flatnonzero(relevant & elig)
        chosen = first[_best(ids[first], score[first], limit)]
        need = limit - len(chosen)
        if need <= 0:
            return ids[chosen].tolist()
        if weekday is None:
            # the rest of the first places go to eligible people without evidence (dropped by
            # the caller), then to relevant ineligible people
            others = self._count_eligible_within(vacancy, eligible_group) - len(first)
            if others >= need:
                return ids[chosen].tolist()
            late = np.flatnonzero(relevant & ~elig)
            late = late[_best(ids[late], score[late], need - others)]
            return ids[chosen].tolist() + ids[late].tolist()
        return ids[chosen].tolist() + self._fill(scored, first, need, req, space, vacancy, weekday)

    def _group_of(self, seg_of: np.ndarray, rows: np.ndarray) -> np.ndarray:
        out = np.zeros(len(rows), dtype=np.int64)
        for seg, block in enumerate(self.segments):
            here = seg_of == seg
            out[here] = block.group[rows[here]]
        return out

    def _people_columns(self, space: SkillSpace, request_cols: np.ndarray) -> np.ndarray:
        ordered = space.ordered_ids()
        return np.asarray(
            [self.space.columns.get(ordered[c], -1) for c in request_cols.tolist()],
            dtype=np.int64,
        )

    def _people(
        self,
        block: PeopleBlock,
        rows: np.ndarray,
        req: VacancyBlock,
        space: SkillSpace,
        vacancy: VacancyProfile,
    ) -> People:
        """The People arrays engine.rank_candidates would build for these rows, in the
        request's skill space and code table (so pair_scores gives the same numbers)."""
        n = len(rows)
        # skill credits: people columns → request columns (vocabulary columns coincide;
        # columns of skills unknown to the request are dropped, as credit_vector drops them)
        ordered = self.space.ordered_ids()
        C = block.C[rows]
        width = C.shape[1]
        colmap = np.full(width, -1, dtype=np.int64)
        for pc in np.unique(C.indices).tolist():
            colmap[pc] = space.columns.get(ordered[pc], -1)
        cols = colmap[C.indices]
        keep = cols >= 0
        row_of = np.repeat(np.arange(n), np.diff(C.indptr))[keep]
        C_req = sp.csr_matrix(
            (C.data[keep], (row_of, cols[keep])), shape=(n, req.S.shape[1]), dtype=np.float32
        )
        C_req.sort_indices()
        # occupation: the request's code table holds the vacancy's keys only (ids 0, 1, 2)
        K = block.K[rows]
        has_codes = np.diff(K.indptr) > 0
        levels = []
        keys = occupation_keys(vacancy.occupation_code) if req.occ[0, 0] >= 0 else None
        for level, name in enumerate(("unit", "minor", "middle")):
            hit = np.zeros(n, dtype=bool)
            if keys is not None:
                key_id = self.codes.get(getattr(keys, name), grow=False)
                if 0 <= key_id < K.shape[1]:
                    hit = np.asarray(K[:, key_id].toarray()).ravel() > 0
            levels.append(np.where(hit, int(req.occ[0, level]), -2)[:, None])
        priority = np.stack([self.groups.priority(self.profile, k) for k in VACANCY_KINDS], 1)
        return People(
            Q=block.Q[rows],
            C=C_req,
            unit=levels[0],
            minor=levels[1],
            middle=levels[2],
            has_codes=has_codes,
            has_skills=block.has_skills[rows],
            lat=block.lat[rows],
            lng=block.lng[rows],
            expected_pay=block.pay[rows],
            priority=priority[block.group[rows]].reshape(n, -1),
        )

    def _score(
        self,
        scored: _Scored,
        seg: int,
        block: PeopleBlock,
        rows: np.ndarray,
        req: VacancyBlock,
        space: SkillSpace,
        vacancy: VacancyProfile,
    ) -> None:
        """Score rows exactly and keep those whose own travel limit lets them see it."""
        if not len(rows):
            return
        people = self._people(block, rows, req, space, vacancy)
        s = req.pair_scores(
            people, np.arange(len(rows)), np.zeros(len(rows), np.int64), self.profile
        )
        limit = block.max_km[rows]
        within = ~s.parts.distance_ok | np.isnan(limit)
        within |= np.nan_to_num(s.distance_km, nan=0.0) <= np.nan_to_num(limit, nan=np.inf)
        keep = np.flatnonzero(within)
        scored.add(
            seg,
            rows[keep],
            block.ids[rows[keep]],
            s.score[keep],
            is_relevant(s.parts, self.profile)[keep],
        )

    def _count_eligible_within(self, vacancy: VacancyProfile, eligible_group: np.ndarray) -> int:
        """How many indexed people may apply to the vacancy and whose travel limit lets them
        see it (the exhaustive list's length before its ineligible part)."""
        total = 0
        loc = vacancy.location
        for block in self.segments:
            if block.n == 0:
                continue
            ok = block.alive & eligible_group[block.group]
            if loc is not None:
                limited = np.flatnonzero(ok & ~np.isnan(block.max_km) & ~np.isnan(block.lat))
                d = haversine_km(block.lat[limited], block.lng[limited], loc.lat, loc.lng)
                ok[limited[d > block.max_km[limited]]] = False
            total += int(ok.sum())
        return total

    def _fill(
        self,
        scored: _Scored,
        first: np.ndarray,
        need: int,
        req: VacancyBlock,
        space: SkillSpace,
        vacancy: VacancyProfile,
        weekday: int,
    ) -> list[int]:
        """The `need` best available people after the relevant ones (a gig lists everyone):
        see the module docstring."""
        profile = self.profile
        w, eps = profile.weights, profile.epsilon
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
            self._score(pool, seg, block, found, req, space, vacancy)

        # people whose desired job shares the gig's 中类 (occupation evidence)
        if req.occ[0, 0] >= 0:
            middle = self.codes.get(occupation_keys(vacancy.occupation_code).middle, grow=False)
            for seg, block in enumerate(self.segments):
                if block.n and middle >= 0:
                    add(seg, block, block.rows_with("K", np.asarray([middle])))
        # the others score (w_d·decay(d)·pay / W + ε·priority)/(1 + ε) with W ≥ w_t + w_d,
        # or ε·priority/(1 + ε) without a location: those first, the best by priority
        loc = vacancy.location
        for seg, block in enumerate(self.segments):
            if block.n == 0:
                continue
            no_loc = np.arange(block.n) if loc is None else np.flatnonzero(np.isnan(block.lat))
            avail = no_loc[block.available(no_loc, weekday)]
            prio = self.groups.priority(profile, vacancy.kind)[block.group[avail]]
            # take the best by priority, enough to fill even if every one already scored
            order = np.lexsort((block.ids[avail], -prio))
            add(seg, block, avail[order[: need + int(taken[seg].sum())]])
        if loc is None:
            return self._pick(pool, need)
        p_max = float(self.groups.priority(profile, vacancy.kind).max(initial=0.0))
        radius = 2 * profile.circle_km
        while True:
            for seg, block in enumerate(self.segments):
                if block.n:
                    add(seg, block, block.grid.query(loc.lat, loc.lng, radius)[0])
            _, _, p_ids, p_score, _ = pool.arrays()
            best = _best(p_ids, p_score, need)
            kth = p_score[best[-1]] if len(best) == need else -np.inf
            decay = float(distance_decay(radius, profile.circle_km, profile.half_life_km))
            outside = (w.distance * decay / (w.text + w.distance) + eps * p_max) / (1 + eps)
            # a margin for the grid's own rounding at the circle's edge
            if kth > outside + 1e-9 or radius > 20_100:
                return self._pick(pool, need)
            radius *= 2

    @staticmethod
    def _pick(pool: _Scored, need: int) -> list[int]:
        _, _, ids, score, _ = pool.arrays()
        return ids[_best(ids, score, need)].tolist()
