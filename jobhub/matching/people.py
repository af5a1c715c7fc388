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
The caller ranks the selected people with `rank` (people_select.py): the list
`engine.rank_candidates`, the exhaustive path's own function, gives for them (order, scores,
explanations), computed from the index's vectors instead of vectorising them again.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from jobhub.matching import store
from jobhub.matching.features import CodeTable
from jobhub.matching.people_block import GroupTable, PeopleBlock, PersonEntry, days_mask
from jobhub.matching.people_select import PeopleSelection
from jobhub.matching.profile import MatchingProfile
from jobhub.matching.skills import SkillSpace, SkillVocabulary
from jobhub.matching.text import TextModel

__all__ = ["PeopleIndex", "PersonEntry", "days_mask"]

FORMAT_VERSION = 2  # 2: learnt title rows (L)


class PeopleIndex(PeopleSelection):
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
        # people passing the evidence floor scored without the approximation up to this many
        # (None: people_select's default); tests set 0 to exercise the approximation
        self.direct_limit: int | None = None
        # rows with the highest score bounds scored approximately first (None: people_select's
        # default); tests set it small so that the bound decides most rows
        self.probe_limit: int | None = None
        self._where: dict[int, tuple[int, int]] = {
            int(pid): (0, row) for row, pid in enumerate(main.ids.tolist())
        }

    def __len__(self) -> int:
        return len(self._where)

    def __contains__(self, person_id: object) -> bool:
        return person_id in self._where

    def warm(self) -> None:
        """Build the postings and the grid now (in the gunicorn master, so forked workers
        share them instead of each building its own at its first query)."""
        for block in self.segments:
            block.postings("K")
            for name in ("Q", "C", "L"):
                block.text_postings(name)
            block.grid  # noqa: B018 - built on first access
            block.has_codes  # noqa: B018
            block.has_loc  # noqa: B018
            block.bound_class  # noqa: B018
            block.has_twin  # noqa: B018 - the twin classes too

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
        for name in ("Q", "C", "K", "L"):
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
            widths = {
                "Q": model.size,
                "C": space.size,
                "K": max(len(codes.ids), 1),
                "L": model.title_width,
            }
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
                m["L"],
                *(a[f] for f in PeopleBlock.FIELDS[1:]),
            )
            groups = GroupTable([(g, y) for g, y in meta["groups"]])
            index = cls(profile, model, vocabulary, space, codes, groups, block)
            index.note = store.note(version)
            return index
        raise store.IndexUnavailable(f"no complete people index in {directory}")
