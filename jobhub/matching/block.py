"""Vacancy-side arrays of one set of vacancies (an index segment or a stateless request), and
the exact computation of the parts for any rows of it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from jobhub.matching.features import (
    KIND_INDEX,
    CodeTable,
    SeekerQuery,
    vacancy_document,
    vacancy_skills,
)
from jobhub.matching.geo import GeoGrid, distance_decay, haversine_km
from jobhub.matching.models import ExternalId, VacancyProfile
from jobhub.matching.pairs import People, pair_dot
from jobhub.matching.profile import MatchingProfile
from jobhub.matching.scoring import PartArrays, combine, pay_factor, skills_apply
from jobhub.matching.skills import SkillSpace, SkillVocabulary
from jobhub.matching.text import TextModel


class StringTable:
    """Distinct vacancy skill texts (they repeat a lot) with their canonical skill id, stored
    once and referred to by int."""

    def __init__(self, items: Sequence[str] = (), skill_ids: Sequence[str] = ()) -> None:
        self.items: list[str] = []
        self.skill_ids: list[str] = []
        self.ids: dict[str, int] = {}
        for item, skill_id in zip(items, skill_ids, strict=True):
            self.add(item, skill_id)

    def add(self, item: str, skill_id: str) -> int:
        found = self.ids.get(item)
        if found is None:
            found = self.ids[item] = len(self.items)
            self.items.append(item)
            self.skill_ids.append(skill_id)
        return found

    def pairs(self, idx: np.ndarray) -> list[tuple[str, str]]:
        return [(self.items[j], self.skill_ids[j]) for j in idx.tolist()]


@dataclass(slots=True)
class RowScores:
    """Exact parts and scores for some rows of a block."""

    rows: np.ndarray
    parts: PartArrays
    distance_km: np.ndarray  # nan where unknown
    fit: np.ndarray
    score: np.ndarray

    def take(self, idx: np.ndarray | slice) -> RowScores:
        """The scores of some of these rows."""
        return RowScores(
            self.rows[idx],
            self.parts.take(idx),
            self.distance_km[idx],
            self.fit[idx],
            self.score[idx],
        )


class VacancyBlock:
    """Vacancy-side matrices: text (rows × terms), skill incidence (rows × skill columns),
    occupation key ids, coordinates and kinds. Derived structures (postings, grid) are built
    lazily and dropped whenever the block changes."""

    def __init__(
        self,
        ids: list[ExternalId],
        X: sp.csr_matrix,
        S: sp.csr_matrix,
        occ: np.ndarray,
        lat: np.ndarray,
        lng: np.ndarray,
        kind: np.ndarray,
        skill_ptr: np.ndarray,
        skill_idx: np.ndarray,
        alive: np.ndarray | None = None,
        pay_max: np.ndarray | None = None,
        Tc: sp.csr_matrix | None = None,
    ) -> None:
        self.ids = ids
        self.X = X
        self.S = S
        self.occ = np.asarray(occ, dtype=np.int32).reshape(-1, 3)
        self.lat = np.asarray(lat, dtype=np.float64)
        self.lng = np.asarray(lng, dtype=np.float64)
        self.kind = np.asarray(kind, dtype=np.int8)
        self.skill_ptr = np.asarray(skill_ptr, dtype=np.int64)
        self.skill_idx = np.asarray(skill_idx, dtype=np.int32)
        self.alive = np.ones(len(ids), dtype=bool) if alive is None else alive
        self.pay_max = (
            np.full(len(ids), np.nan) if pay_max is None else np.asarray(pay_max, dtype=np.float64)
        )
        self.n_skills = np.diff(S.indptr).astype(np.int32)
        self.has_loc = ~np.isnan(self.lat)
        # the title's character n-grams (titles.TitleSpace) of a vacancy that lists no skills,
        # met through the titles a person's skills go with; no columns without learnt titles
        self.Tc = Tc if Tc is not None else sp.csr_matrix((len(ids), 0), dtype=np.float32)
        self.has_title = np.diff(self.Tc.indptr) > 0
        self._derived: dict[str, object] = {}

    @property
    def n(self) -> int:
        return len(self.ids)

    # -- construction ----------------------------------------------------------------------------

    @classmethod
    def build(
        cls,
        vacancies: Sequence[VacancyProfile],
        model: TextModel,
        vocabulary: SkillVocabulary,
        space: SkillSpace,
        codes: CodeTable,
        texts: StringTable,
        X: sp.csr_matrix | None = None,
    ) -> VacancyBlock:
        """Vectorise vacancies with a fitted model; grows the skill space and code table
        (new skills and codes get new columns, nothing is refitted)."""
        if X is None:
            X = model.transform([vacancy_document(v) for v in vacancies])
        skill_sets: list[list[str]] = []
        skill_ptr = [0]
        skill_idx: list[int] = []
        for v in vacancies:
            canon = vacancy_skills(v, vocabulary)
            skill_sets.append([c.skill_id for c in canon])
            skill_idx.extend(texts.add(c.text, c.skill_id) for c in canon)
            skill_ptr.append(len(skill_idx))
        S = space.incidence(skill_sets, grow=True)
        Tc = None
        if model.titles is not None:
            # a vacancy that lists skills is met through them; one that lists none, through
            # its title and the titles a person's skills go with
            Tc = model.titles.space.transform(
                [v.title if not ids else "" for v, ids in zip(vacancies, skill_sets, strict=True)]
            ).astype(np.float32)
        occ = np.array(
            [codes.encode(v.occupation_code, grow=True) for v in vacancies], dtype=np.int32
        )
        lat = np.array(
            [v.location.lat if v.location else np.nan for v in vacancies], dtype=np.float64
        )
        lng = np.array(
            [v.location.lng if v.location else np.nan for v in vacancies], dtype=np.float64
        )
        kind = np.array([KIND_INDEX[v.kind] for v in vacancies], dtype=np.int8)
        pay = np.array(
            [np.nan if v.pay_max is None else float(v.pay_max) for v in vacancies],
            dtype=np.float64,
        )
        return cls(
            [v.id for v in vacancies],
            X,
            S,
            occ,
            lat,
            lng,
            kind,
            np.asarray(skill_ptr),
            np.asarray(skill_idx, dtype=np.int32),
            pay_max=pay,
            Tc=Tc,
        )

    @classmethod
    def empty(cls, n_terms: int, n_skills: int, n_title: int = 0) -> VacancyBlock:
        return cls(
            [],
            sp.csr_matrix((0, n_terms), dtype=np.float32),
            sp.csr_matrix((0, n_skills), dtype=np.float32),
            np.zeros((0, 3)),
            np.zeros(0),
            np.zeros(0),
            np.zeros(0),
            np.zeros(1),
            np.zeros(0),
            Tc=sp.csr_matrix((0, n_title), dtype=np.float32),
        )

    @classmethod
    def concat(cls, blocks: Sequence[VacancyBlock], *, only_alive: bool = True) -> VacancyBlock:
        """Stack blocks (compaction: the rows are copied, the model is not refitted)."""
        keep = [np.flatnonzero(b.alive) if only_alive else np.arange(b.n) for b in blocks]
        return cls._gather(list(zip(blocks, keep, strict=True)))

    def take(self, rows: np.ndarray) -> VacancyBlock:
        """A new block with these rows, in this order."""
        return self._gather([(self, np.asarray(rows, dtype=np.int64))])

    def sorted_by_class(self) -> VacancyBlock:
        """Rows grouped by which parts can apply (skills listed, code known, location known),
        so that a query can scan each group against one threshold (see index.py)."""
        return self.take(np.argsort(self.weight_class, kind="stable"))

    @classmethod
    def _gather(cls, picks: list[tuple[VacancyBlock, np.ndarray]]) -> VacancyBlock:
        n_terms = max(b.X.shape[1] for b, _ in picks)
        n_skills = max(b.S.shape[1] for b, _ in picks)
        n_title = max(b.Tc.shape[1] for b, _ in picks)
        ids: list[ExternalId] = []
        ptrs: list[np.ndarray] = []
        idxs: list[np.ndarray] = []
        offset = 0
        for b, rows in picks:
            ids.extend(b.ids[r] for r in rows.tolist())
            starts, ends = b.skill_ptr[rows], b.skill_ptr[rows + 1]
            lengths = ends - starts
            total = int(lengths.sum())
            take = np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
            idxs.append(b.skill_idx[take + np.arange(total)])
            ptrs.append(offset + np.cumsum(lengths))
            offset += total

        def stack(mats: list[sp.csr_matrix], width: int) -> sp.csr_matrix:
            resized = [
                sp.csr_matrix((m.data, m.indices, m.indptr), shape=(m.shape[0], width))
                for m in mats
            ]
            return sp.csr_matrix(sp.vstack(resized, format="csr", dtype=np.float32))

        return cls(
            ids,
            stack([b.X[r] for b, r in picks], n_terms),
            stack([b.S[r] for b, r in picks], n_skills),
            np.concatenate([b.occ[r] for b, r in picks]),
            np.concatenate([b.lat[r] for b, r in picks]),
            np.concatenate([b.lng[r] for b, r in picks]),
            np.concatenate([b.kind[r] for b, r in picks]),
            np.concatenate([[0], *ptrs]).astype(np.int64),
            np.concatenate(idxs) if idxs else np.zeros(0, dtype=np.int32),
            pay_max=np.concatenate([b.pay_max[r] for b, r in picks]),
            Tc=stack([b.Tc[r] for b, r in picks], n_title),
        )

    # -- derived structures ----------------------------------------------------------------------

    def _get(self, name: str, make):  # noqa: ANN001 - tiny private cache helper
        found = self._derived.get(name)
        if found is None:
            found = self._derived[name] = make()
        return found

    @property
    def weight_class(self) -> np.ndarray:
        """4·[skills listed] + 2·[code known] + [location known], per row."""
        return (4 * (self.n_skills > 0) + 2 * (self.occ[:, 0] >= 0) + self.has_loc).astype(np.int8)

    @property
    def class_bounds(self) -> np.ndarray | None:
        """Start of each weight class (9 bounds) if the rows are grouped by class, else None."""

        def make() -> np.ndarray | bool:
            wc = self.weight_class
            if len(wc) > 1 and (np.diff(wc) < 0).any():
                return False
            return np.searchsorted(wc, np.arange(9))

        found = self._get("class_bounds", make)
        return None if found is False else found

    def feature_postings(self, n_codes: int, min_count: int) -> sp.csr_matrix:
        """The evidence parts as postings (features × rows): text terms (tf-idf), skill
        columns (the skill's weight / max(the row's summed weights, min_count)), then 细类,
        小类 and 中类 code ids (1), then the title n-grams of rows that list no skills. A
        query's weighted features times this gives each row's evidence, the numerator of the
        fit without distance."""
        key = f"FT{n_codes}/{min_count}"

        def make() -> sp.csr_matrix:
            n = self.n
            Sw = sp.csr_matrix(
                (
                    (
                        self.skill_weight(min_count)[
                            np.repeat(np.arange(n), np.diff(self.S.indptr))
                        ]
                        * self.S.data
                    ).astype(np.float32),
                    self.S.indices,
                    self.S.indptr,
                ),
                shape=self.S.shape,
            )
            coded = np.flatnonzero(self.occ[:, 0] >= 0)
            rows = np.repeat(coded, 3)
            cols = (self.occ[coded] + np.array([0, n_codes, 2 * n_codes])).ravel()
            occ_onehot = sp.csr_matrix(
                (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(n, 3 * n_codes)
            )
            F = sp.hstack([self.X, Sw, occ_onehot, self.Tc], format="csr", dtype=np.float32)
            return sp.csr_matrix(F.T, dtype=np.float32)

        return self._get(key, make)

    def skill_weight(self, min_count: int) -> np.ndarray:
        """What a required skill of weight 1 is worth per row: 1 / max(the weights of the
        skills listed, summed, min_count); a generic skill (profile [skills] generic) is worth
        its weight times this."""

        def make() -> np.ndarray:
            total = np.bincount(
                np.repeat(np.arange(self.n), np.diff(self.S.indptr)),
                weights=self.S.data.astype(np.float64),
                minlength=self.n,
            )
            return np.where(self.n_skills > 0, 1.0 / np.maximum(total, min_count), 0.0)

        return self._get(f"skw{min_count}", make)

    @property
    def grid(self) -> GeoGrid:
        def make() -> GeoGrid:
            rows = np.flatnonzero(self.has_loc)
            return GeoGrid(self.lat[rows], self.lng[rows], rows)

        return self._get("grid", make)

    @property
    def no_location_rows(self) -> np.ndarray:
        return self._get("noloc", lambda: np.flatnonzero(~self.has_loc))

    def _postings(self, level: int) -> tuple[np.ndarray, np.ndarray]:
        def make() -> tuple[np.ndarray, np.ndarray]:
            order = np.argsort(self.occ[:, level], kind="stable")
            return order, self.occ[order, level]

        return self._get(f"occ{level}", make)

    def rows_with_code(self, level: int, ids: np.ndarray) -> np.ndarray:
        """Rows whose code id at `level` (0 细类, 1 小类, 2 中类) is one of `ids`."""
        order, keys = self._postings(level)
        lo = np.searchsorted(keys, ids, "left")
        hi = np.searchsorted(keys, ids, "right")
        parts = [order[a:b] for a, b in zip(lo.tolist(), hi.tolist(), strict=True) if b > a]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)

    # -- exact parts -------------------------------------------------------------------------------

    def pair_scores(
        self, people: People, pj: np.ndarray, rows: np.ndarray, profile: MatchingProfile
    ) -> RowScores:
        """Exact parts and scores for pairs (person pj[i], row rows[i]).

        The one routine behind every path (stateless lists in either direction, the index's
        final pass, the batch), so a pair gets bit-identical numbers wherever it is scored and
        equal scores tie the same way.
        """
        pj = np.asarray(pj, dtype=np.int64)
        rows = np.asarray(rows, dtype=np.int64)
        text = pair_dot(self.X, rows, people.Q, pj)
        skill_sum = pair_dot(self.S, rows, people.C, pj)
        # a vacancy that lists no skills: the titles the person's skills go with against its
        # title (a cosine in [0, 1]; features.learnt_title_vector), for those pairs only
        learnt = self.has_title[rows] & people.has_learnt[pj]
        skills_ok = skills_apply(
            self.n_skills[rows] > 0,
            people.has_skills[pj],
            self.has_title[rows],
            people.has_learnt[pj],
        )
        skills = skill_sum * self.skill_weight(profile.skills_min_count)[rows]
        if learnt.any():  # those rows list no skills: their skill sum is 0
            skills[learnt] = pair_dot(self.Tc, rows[learnt], people.T, pj[learnt])
        occ_ok = people.has_codes[pj] & (self.occ[rows, 0] >= 0)
        occ = self.occupation_values(
            rows, people.unit[pj], people.minor[pj], people.middle[pj], profile
        )
        lat = people.lat[pj]
        d = haversine_km(lat, people.lng[pj], self.lat[rows], self.lng[rows])
        dist_ok = self.has_loc[rows] & ~np.isnan(lat)
        dist = np.where(
            dist_ok, distance_decay(np.nan_to_num(d), profile.circle_km, profile.half_life_km), 0.0
        )
        parts = PartArrays(
            text=text,
            skills=skills,
            skills_ok=skills_ok,
            occupation=np.where(occ_ok, occ, 0.0),
            occupation_ok=occ_ok,
            distance=dist,
            distance_ok=dist_ok,
            priority=people.priority[pj, self.kind[rows]],
            pay=pay_factor(people.expected_pay[pj], self.pay_max[rows], profile),
            skills_learnt=learnt,
        )
        fit, score = combine(parts, profile)
        return RowScores(rows, parts, np.where(dist_ok, d, np.nan), fit, score)

    def occupation_values(
        self,
        rows: np.ndarray,
        unit: np.ndarray,
        minor: np.ndarray,
        middle: np.ndarray,
        profile: MatchingProfile,
    ) -> np.ndarray:
        """The occupation part of each row against desired code ids (pairs × width, or one
        row of ids for every row; padding -2 matches nothing): the finest level that agrees."""
        occ_rows = self.occ[rows]
        out = np.zeros(len(rows))
        # coarse to fine, a finer level that agrees overwrites; one column of ids at a time
        for level, ids, value in (
            (2, middle, profile.occupation_middle),
            (1, minor, profile.occupation_minor),
            (0, unit, profile.occupation_unit),
        ):
            if ids.shape[-1] == 0:
                continue
            code = occ_rows[:, level]
            hit = ids[..., 0] == code
            for c in range(1, ids.shape[-1]):
                hit |= ids[..., c] == code
            out[hit] = value
        return out

    def gather_scores(
        self, sq: SeekerQuery, rows: np.ndarray, profile: MatchingProfile
    ) -> RowScores:
        """Exact scores of one person against chosen rows."""
        people = People.from_queries([sq], self.X.shape[1], self.S.shape[1], self.Tc.shape[1])
        rows = np.asarray(rows, dtype=np.int64)
        return self.pair_scores(people, np.zeros(len(rows), dtype=np.int64), rows, profile)

    def allowed_rows_mask(self, kinds: np.ndarray) -> np.ndarray:
        """Alive rows whose kind is in `kinds` (bool per VACANCY_KINDS)."""
        return self.alive & kinds[self.kind]
