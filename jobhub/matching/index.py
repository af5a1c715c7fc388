"""VacancyIndex: the fitted text model and the vacancy matrices for online top-k at scale.

Fitted offline (`VacancyIndex.fit`), saved as .npz + .json (no pickle: the web tier loads
plain arrays and never fits). Adding, editing or closing a vacancy goes to a small delta
segment and a tombstone, with the fitted vocabulary; `compact()` merges the delta into the
main segment, still without refitting.

Online query (`top_for_seeker`, search.py) is exact, and returns the same list as
`rank_vacancies` with this index's text model (minus vacancies with fit 0):
1. one pass over the postings of the person's features (text terms, skill columns, code
   increments) gives every vacancy's score numerator without distance (float32);
2. the best-looking rows (near the person, of their 小类, in the postings of their strongest
   terms) give a floor for the k-th score; the main segment is stored grouped by weight class
   (which parts apply), so one comparison per class keeps only rows whose numerator plus a
   full distance part could reach the floor (lowering the floor if fewer than k do);
3. vacancies with nothing but distance are bounded by w_d·decay(r)/(w_t + w_d): the circle
   widens until none can beat the k-th; the survivors are scored by the exact routine.
With a travel limit or a code prefix that leaves few rows, only those rows are scored.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from jobhub.matching import store
from jobhub.matching.block import StringTable, VacancyBlock
from jobhub.matching.engine import id_sort_key
from jobhub.matching.features import (
    KIND_INDEX,
    CodeTable,
    SeekerQuery,
    build_seeker_queries,
    vacancy_document,
    vacancy_skills,
)
from jobhub.matching.models import (
    VACANCY_KINDS,
    ExternalId,
    GeoPoint,
    MatchResult,
    SeekerProfile,
    VacancyProfile,
)
from jobhub.matching.profile import MatchingProfile, load_profile
from jobhub.matching.results import build_results
from jobhub.matching.search import IndexSearch, SearchFilters
from jobhub.matching.skills import SkillSpace, SkillVocabulary, default_vocabulary
from jobhub.matching.text import TextModel
from jobhub.matching.titles import TitleAssociation, TitleSpace

FORMAT_VERSION = 4  # 2: monthly pay_max per row; 3: versioned directories with a manifest;
# 4: word analyzer, skill bigrams in the title namespace, generic requirements weighed less (an
# older index is passed over: `flask matching rebuild` makes a new one)


def learn_titles(
    vacancies: Sequence[VacancyProfile], vocabulary: SkillVocabulary, profile: MatchingProfile
) -> TitleAssociation:
    """What these vacancies teach about titles (titles.py): a title space over their titles,
    and each skill's (canonical id's) mean title among the vacancies that list it."""
    titles = [v.title for v in vacancies]
    keys = [[c.skill_id for c in vacancy_skills(v, vocabulary)] for v in vacancies]
    return TitleAssociation.fit(TitleSpace.fit(titles), titles, keys, **profile.title_options())


class VacancyIndex(IndexSearch):
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
        self.delta = (
            delta
            if delta is not None
            else VacancyBlock.empty(model.size, space.size, model.title_width)
        )
        self.compact_threshold = compact_threshold
        self.note: dict = {}  # what the writer recorded with a loaded index (store.note)
        # prefiltered sets scored directly up to this size (None: measured defaults); tests
        # set 0 to exercise the postings path on small data
        self.gather_limit: int | None = None
        self._where: dict[ExternalId, tuple[int, int]] = {}
        for seg, block in enumerate(self.segments):
            for row in np.flatnonzero(block.alive).tolist():
                self._where[block.ids[row]] = (seg, row)

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
        titles: TitleAssociation | None = None,
    ) -> VacancyIndex:
        """Fit the text model on the vacancies and build the index (the offline job). With
        the profile's [titles] learn, the model also learns from these vacancies which titles
        go with which skills (`learn_titles`), unless `titles` gives what was learnt elsewhere
        (the benchmark's cross-fitting)."""
        profile = profile or load_profile()
        vocabulary = vocabulary or default_vocabulary()
        model, X = TextModel.fit(
            [vacancy_document(v) for v in vacancies] if tokens is None else [],
            tokens=tokens,
            **profile.text_options(),
        )
        if profile.learn_titles:
            model = model.with_titles(titles or learn_titles(vacancies, vocabulary, profile))
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
        space = SkillSpace(vocab, weights=profile.skill_weights(vocab))
        codes, texts = CodeTable(), StringTable()
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
        # concat drops the delta's closed rows, so every later row moves up: re-point them all
        self.delta = VacancyBlock.concat([self.delta, row_block])
        for row, vid in enumerate(self.delta.ids):
            self._where[vid] = (1, row)
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
        self.delta = VacancyBlock.empty(self.model.size, self.space.size, self.model.title_width)
        self._where = {vid: (0, row) for row, vid in enumerate(self.main.ids)}

    # -- persistence -----------------------------------------------------------------------------

    def save(self, directory: str | Path, note: dict | None = None) -> None:
        """Write the index as a new version in `directory` (arrays in index.npz, the rest in
        JSON; no pickle) and make it current once complete (see store.py); `note` is kept with
        it. The delta segment is merged into what is written; the live index is unchanged."""
        directory = Path(directory)
        block = VacancyBlock.concat([self.main, self.delta]).sorted_by_class()
        version = store.new_version(directory)
        self.model.save(version)
        arrays = {
            "X_data": block.X.data,
            "X_indices": block.X.indices,
            "X_indptr": block.X.indptr,
            "S_indices": block.S.indices,
            "S_indptr": block.S.indptr,
            "occ": block.occ,
            "lat": block.lat,
            "lng": block.lng,
            "kind": block.kind,
            "skill_ptr": block.skill_ptr,
            "skill_idx": block.skill_idx,
            "pay_max": block.pay_max,
            "Tc_data": block.Tc.data,
            "Tc_indices": block.Tc.indices,
            "Tc_indptr": block.Tc.indptr,
        }
        np.savez(version / "index.npz", **arrays)
        meta = {
            "format_version": FORMAT_VERSION,
            "profile": self.profile.name,
            "ids": block.ids,
            "skill_columns": self.space.ordered_ids(),
            "codes": self.codes.keys(),
            "skill_texts": self.texts.items,
            "skill_text_ids": self.texts.skill_ids,
        }
        # ASCII JSON: any text a row carries (even a lone surrogate) can be written
        (version / "index.json").write_text(json.dumps(meta, ensure_ascii=True), encoding="ascii")
        store.commit(directory, version, note)

    @classmethod
    def load(
        cls,
        directory: str | Path,
        profile: MatchingProfile | None = None,
        *,
        vocabulary: SkillVocabulary | None = None,
    ) -> VacancyIndex:
        """Load the newest complete version `save` wrote (a damaged or unfinished one is
        passed over). Never fits; arrays are read with allow_pickle=False. Raises
        store.IndexUnavailable if there is none."""
        directory = Path(directory)
        for version in store.complete_versions(directory):
            try:
                index = cls._load_version(version, profile, vocabulary)
            except (OSError, ValueError, KeyError, TypeError):
                continue
            index.note = store.note(version)
            return index
        raise store.IndexUnavailable(f"no complete matching index in {directory}")

    @classmethod
    def _load_version(
        cls,
        version: Path,
        profile: MatchingProfile | None,
        vocabulary: SkillVocabulary | None,
    ) -> VacancyIndex:
        meta = json.loads((version / "index.json").read_text(encoding="ascii"))
        if meta.get("format_version") != FORMAT_VERSION:
            raise ValueError(f"unsupported index format {meta.get('format_version')!r}")
        profile = profile or load_profile(str(meta["profile"]))
        vocab = vocabulary or default_vocabulary()
        model = TextModel.load(version)
        space = SkillSpace(vocab, meta["skill_columns"], weights=profile.skill_weights(vocab))
        codes = CodeTable(meta["codes"])
        texts = StringTable(meta["skill_texts"], meta["skill_text_ids"])
        with np.load(version / "index.npz", allow_pickle=False) as z:
            a = {key: z[key] for key in z.files}
        n = len(meta["ids"])
        X = sp.csr_matrix((a["X_data"], a["X_indices"], a["X_indptr"]), shape=(n, model.size))
        S = sp.csr_matrix(
            (space.column_weights()[a["S_indices"]], a["S_indices"], a["S_indptr"]),
            shape=(n, space.size),
        )
        main = VacancyBlock(
            list(meta["ids"]),
            X,
            S,
            a["occ"],
            a["lat"],
            a["lng"],
            a["kind"],
            a["skill_ptr"],
            a["skill_idx"],
            pay_max=a["pay_max"],
            # an index written before titles were learnt has none (its model learnt none)
            Tc=sp.csr_matrix(
                (a["Tc_data"], a["Tc_indices"], a["Tc_indptr"]), shape=(n, model.title_width)
            )
            if "Tc_data" in a
            else None,
        )
        return cls(profile, model, vocab, space, codes, texts, main)

    # -- queries ---------------------------------------------------------------------------------

    def seeker_queries(
        self, seekers: Sequence[SeekerProfile], term_ids: Sequence[Sequence[int]] | None = None
    ) -> list[SeekerQuery]:
        return build_seeker_queries(
            seekers, self.model, self.vocabulary, self.space, self.codes, self.profile, term_ids
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
                    sq,
                    block,
                    scores,
                    positions,
                    profile=self.profile,
                    model=self.model,
                    texts=self.texts,
                    codes=self.codes,
                    skill_weights=self.space.weights,
                )
                built[id(scores)] = results
        cursor: dict[int, int] = {}
        out: list[MatchResult] = []
        for _, scores, _ in found:
            j = cursor.get(id(scores), 0)
            out.append(built[id(scores)][j])
            cursor[id(scores)] = j + 1
        return out

    def nearby(
        self,
        location: GeoPoint,
        radius_km: float,
        kinds: Sequence[str] | None = None,
        limit: int = 50,
    ) -> list[tuple[ExternalId, float]]:
        """Open vacancies within `radius_km` of a point, nearest first (ties by id), with their
        distance: the "everything nearby" list, which is not a recommendation."""
        wanted = np.ones(len(VACANCY_KINDS), dtype=bool)
        if kinds is not None:
            wanted[:] = False
            for kind in kinds:
                wanted[KIND_INDEX[kind]] = True
        found: list[tuple[float, tuple[int, int, str], ExternalId]] = []
        for block in self.segments:
            if block.n == 0:
                continue
            rows, dist = block.grid.query(location.lat, location.lng, radius_km, with_distance=True)
            keep = block.allowed_rows_mask(wanted)[rows]
            for row, d in zip(rows[keep].tolist(), dist[keep].tolist(), strict=True):
                vid = block.ids[row]
                found.append((d, id_sort_key(vid), vid))
        found.sort(key=lambda t: (t[0], t[1]))
        return [(vid, d) for d, _, vid in found[:limit]]
