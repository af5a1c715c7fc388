"""Person-side arrays of the people index (one segment): what each person gives for matching,
vectorised with the vacancy index's fitted model, plus the precomputed columns (key groups,
youth flag, availability) the caller's policy engine decided."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from jobhub.matching.eligibility import eligible_kinds_mask
from jobhub.matching.features import (
    CodeTable,
    learnt_title_vector,
    person_skills,
    seeker_term_ids,
    valid_codes,
)
from jobhub.matching.geo import GeoGrid
from jobhub.matching.models import SeekerProfile
from jobhub.matching.occupation import occupation_keys
from jobhub.matching.profile import MatchingProfile
from jobhub.matching.skills import SkillSpace, SkillVocabulary
from jobhub.matching.text import TextModel

_MARK_FROM = 2_048  # has_feature: from this many rows, one mark array beats binary searches
_marks = threading.local()  # has_feature's mark array, one a thread (all False between uses)
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
        """Each entry's priority for a vacancy kind (kept until the table grows; read-only)."""
        cache = self.__dict__.setdefault("_priority", {})
        found = cache.get(kind)
        if found is None or found[0] is not profile or len(found[1]) != len(self.items):
            values = [profile.priority_for(g, kind) for g, _ in self.items]
            found = cache[kind] = (profile, np.array(values, dtype=np.float64))
            found[1].flags.writeable = False
        return found[1]

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


def _mix(keys: Sequence[np.ndarray]) -> np.ndarray:
    """One 64-bit hash of several uint64 columns, row by row."""
    h = np.full(len(keys[0]), 0x243F6A8885A308D3, dtype=np.uint64)
    for key in keys:
        h = (h ^ key) * np.uint64(0x9E3779B97F4A7C15)
        h ^= h >> np.uint64(31)
    return h


def _in_runs(key: np.ndarray) -> np.ndarray:
    """The rows whose key some other row shares (ascending)."""
    _, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
    return np.flatnonzero(counts[inverse] > 1)


def _row_hash(m: sp.csr_matrix, chunk: int = 1 << 20) -> np.ndarray:
    """A 64-bit hash of each row's (column, value) pairs, whatever their order (rows taken
    about `chunk` entries at a time, to keep the temporaries small)."""
    out = np.zeros(m.shape[0], dtype=np.uint64)
    indptr = m.indptr.astype(np.int64)
    data = np.ascontiguousarray(m.data)
    bits_of = data.view(f"u{data.dtype.itemsize}")
    lo = 0
    while lo < m.shape[0]:
        hi = max(lo + 1, int(np.searchsorted(indptr, indptr[lo] + chunk, side="right")) - 1)
        hi = min(hi, m.shape[0])
        s, e = indptr[lo], indptr[hi]
        if e > s:
            x = (m.indices[s:e].astype(np.uint64) + np.uint64(1)) * np.uint64(0x9E3779B97F4A7C15)
            x ^= bits_of[s:e].astype(np.uint64) * np.uint64(0xC2B2AE3D27D4EB4F)
            x ^= x >> np.uint64(29)
            x *= np.uint64(0xBF58476D1CE4E5B9)
            x ^= x >> np.uint64(32)
            total = np.zeros(len(x) + 1, dtype=np.uint64)
            np.cumsum(x, out=total[1:])
            local = indptr[lo : hi + 1] - s
            out[lo:hi] = total[local[1:]] - total[local[:-1]]
        lo = hi
    return out


def _rows_equal(m: sp.csr_matrix, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Whether row a[i] of m equals row b[i] (the same columns and values), for each i."""
    indptr = m.indptr.astype(np.int64)
    length = indptr[a + 1] - indptr[a]
    ok = length == indptr[b + 1] - indptr[b]
    for size in np.unique(length[ok]).tolist():
        if size == 0:
            continue
        span = np.arange(size)
        all_which = np.flatnonzero(ok & (length == size))
        step = max(1, (1 << 20) // size)  # about a million entries at a time
        for at in range(0, len(all_which), step):
            which = all_which[at : at + step]
            pa = indptr[a[which]][:, None] + span
            pb = indptr[b[which]][:, None] + span
            same = (m.indices[pa] == m.indices[pb]) & (m.data[pa] == m.data[pb])
            ok[which] = same.all(axis=1)
    return ok


class PeopleBlock:
    """Arrays of one set of people (the main segment or the delta of recent changes)."""

    FIELDS = ("ids", "lat", "lng", "max_km", "pay", "group", "days", "has_skills")

    def __init__(
        self,
        ids: np.ndarray,
        Q: sp.csr_matrix,
        C: sp.csr_matrix,
        K: sp.csr_matrix,
        L: sp.csr_matrix,
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
        self.L = L  # the titles each person's skills go with (features.learnt_title_vector)
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
        q_rows, c_rows, k_rows, l_rows, has_skills = [], [], [], [], []
        for seeker, ids in zip(seekers, terms, strict=True):
            q_rows.append(model.vector_ids(ids))
            skills = person_skills(seeker, vocabulary, profile)
            has_skills.append(bool(skills))
            l_rows.append(learnt_title_vector(model, seeker, skills))
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
            _csr(l_rows, model.title_width, np.float32),
            [p.lat if p else np.nan for p in loc],
            [p.lng if p else np.nan for p in loc],
            [np.nan if s.max_distance_km is None else s.max_distance_km for s in seekers],
            [np.nan if s.expected_pay is None else float(s.expected_pay) for s in seekers],
            [groups.add(tuple(s.key_groups), s.registered_unemployed_youth) for s in seekers],
            [e.days for e in entries],
            has_skills,
        )

    def subset(self, rows: np.ndarray) -> PeopleBlock:
        """These rows alone, in this order (alive), as a block of their own."""
        return PeopleBlock(
            self.ids[rows],
            self.Q[rows],
            self.C[rows],
            self.K[rows],
            self.L[rows],
            *(getattr(self, f)[rows] for f in self.FIELDS[1:]),
        )

    @classmethod
    def empty(cls) -> PeopleBlock:
        z = np.zeros(0)
        m = sp.csr_matrix((0, 1), dtype=np.float32)
        return cls(z, m, m, sp.csr_matrix((0, 1), dtype=np.int8), m, z, z, z, z, z, z, z)

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
            stack("L"),
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
        """Feature × rows for Q (terms), C (skill columns), K (occupation keys) or L (learnt
        title n-grams)."""

        def make() -> sp.csr_matrix:
            T = sp.csr_matrix(getattr(self, name).T)
            T.sort_indices()  # a feature's rows ascending (has_feature searches them)
            return T

        return self._get(f"T{name}", make)

    def has_feature(self, name: str, feature: int, rows: np.ndarray) -> np.ndarray:
        """Whether each of `rows` has a nonzero entry in `feature` (of Q, C or K; a negative
        or unknown feature: no row has it), by a binary search of the feature's postings."""
        T = self.postings(name)
        if not 0 <= feature < T.shape[0]:
            return np.zeros(len(rows), dtype=bool)
        posting = T.indices[T.indptr[feature] : T.indptr[feature + 1]]
        if not len(posting):
            return np.zeros(len(rows), dtype=bool)
        if len(rows) < _MARK_FROM:
            at = np.minimum(np.searchsorted(posting, rows), len(posting) - 1)
            return posting[at] == rows
        # many rows: mark the posting's rows in a per-thread array, read, and unmark
        marks = getattr(_marks, "rows", None)
        if marks is None or len(marks) < self.n:
            marks = _marks.rows = np.zeros(self.n, dtype=bool)
        marks[posting] = True
        found = marks[rows]
        marks[posting] = False
        return found

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
    def has_codes(self) -> np.ndarray:
        """Whether each row has a desired occupation code."""
        return self._get("has_codes", lambda: np.diff(self.K.indptr) > 0)

    @property
    def has_learnt(self) -> np.ndarray:
        """Whether each row has learnt titles (skills and no desired job)."""
        return self._get("has_learnt", lambda: np.diff(self.L.indptr) > 0)

    @property
    def has_loc(self) -> np.ndarray:
        """Whether each row has a home point."""
        return self._get("has_loc", lambda: ~np.isnan(self.lat))

    @property
    def bound_class(self) -> np.ndarray:
        """group·8 + 4·has codes + 2·has a home point + has skills (people_select's bound)."""

        def make() -> np.ndarray:
            flags = 4 * self.has_codes + 2 * self.has_loc + self.has_skills
            return self.group.astype(np.int64) * 8 + flags

        return self._get("bound_class", make)

    @property
    def twins(self) -> np.ndarray:
        """For each row, the first row of the block that scores the same for every vacancy
        (the same terms, skill credits, occupation keys, home point, travel limit, expected
        pay, key groups and skills flag; availability and the alive flag are filtered before
        anyone is scored). Many people share all of these (a street's centre as home point,
        the same desired job, no skills listed), and the select scores one of each class.
        Rows are grouped by a hash of those fields, and a row joins its class's first row
        only if every field is equal, so a hash collision costs a duplicate score, never a
        wrong one."""
        return self._get("twins", self._twins)

    @property
    def has_twin(self) -> np.ndarray:
        """Whether another row of the block is in the row's twin class."""

        def make() -> np.ndarray:
            count = np.bincount(self.twins, minlength=self.n)
            return count[self.twins] > 1

        return self._get("has_twin", make)

    def _twins(self) -> np.ndarray:
        scalars = [
            np.nan_to_num(a, nan=-1e300).view(np.uint64)
            for a in (self.lat, self.lng, self.max_km, self.pay)
        ]
        scalars += [self.group.astype(np.uint64), self.has_skills.astype(np.uint64)]
        return self._same_rows(scalars, ("Q", "C", "K", "L"))

    @property
    def text_classes(self) -> tuple[np.ndarray, np.ndarray]:
        """(each row's class, the first row of each class): rows with the same terms, skill
        credits and learnt titles, which is all the evidence pass reads (people_select), so it
        reads one row of each class. Found as twins are (`twins`), by hashes checked field by
        field."""

        def make() -> tuple[np.ndarray, np.ndarray]:
            first = self._same_rows([], ("Q", "C", "L"))
            reps = np.flatnonzero(first == np.arange(self.n))
            number = np.empty(self.n, dtype=np.int64)
            number[reps] = np.arange(len(reps))
            return number[first], reps

        return self._get("text_classes", make)

    def text_postings(self, name: str) -> sp.csr_matrix:
        """Feature × text classes for Q (terms), C (skill columns) or L (learnt title
        n-grams): the postings of one row of each class (`text_classes`)."""

        def make() -> sp.csr_matrix:
            _, reps = self.text_classes
            m = getattr(self, name)
            T = sp.csr_matrix((m if len(reps) == self.n else m[reps]).T)
            T.sort_indices()
            return T

        return self._get(f"text{name}", make)

    def _same_rows(self, scalars: list[np.ndarray], names: tuple[str, ...]) -> np.ndarray:
        """For each row, the first row with the same `scalars` and the same rows of the named
        matrices (itself when none): rows grouped by a hash, then checked field by field, so
        a collision leaves a row alone, never joins different rows."""
        n = self.n
        first_rows = np.arange(n, dtype=np.int64)
        if n < 2:
            return first_rows
        scalars = [*scalars, *(np.diff(getattr(self, m).indptr).astype(np.uint64) for m in names)]
        # rows whose scalars (and row lengths) no other row shares are alone: only the
        # others' rows are hashed
        key = _mix(scalars)
        rows = _in_runs(key)
        if len(rows) < 2:
            return first_rows
        whole = len(rows) > n // 2  # hashing every row beats copying most of them out
        hashes = [
            _row_hash(getattr(self, m))[rows] if whole else _row_hash(getattr(self, m)[rows])
            for m in names
        ]
        key = _mix([key[rows], *hashes])
        order = np.argsort(key, kind="stable")
        k = key[order]
        starts = np.flatnonzero(np.r_[True, k[1:] != k[:-1]])
        run = np.cumsum(np.r_[True, k[1:] != k[:-1]]) - 1
        first = rows[order][starts][run]  # rows ascending, the sort stable: each run's first
        first_rows[rows[order]] = first
        moved = np.flatnonzero(first_rows != np.arange(n))
        ok = np.ones(len(moved), dtype=bool)
        for a in scalars:
            ok &= a[moved] == a[first_rows[moved]]
        for m in names:
            ok &= _rows_equal(getattr(self, m), moved, first_rows[moved])
        first_rows[moved[~ok]] = moved[~ok]
        return first_rows

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
