"""Per-person and per-vacancy features, computed once and reused by every scoring path."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from jobhub.matching.eligibility import eligible_kinds_mask
from jobhub.matching.models import VACANCY_KINDS, SeekerProfile, VacancyProfile
from jobhub.matching.normalize import affirmed
from jobhub.matching.occupation import is_valid_code, occupation_keys
from jobhub.matching.profile import MatchingProfile
from jobhub.matching.skills import CanonicalSkill, SkillSpace, SkillVocabulary, credit_tables
from jobhub.matching.text import TextModel

KIND_INDEX = {kind: i for i, kind in enumerate(VACANCY_KINDS)}


def seeker_document(seeker: SeekerProfile) -> tuple[str, str, str]:
    """(title, body, phrases): what the person wants, and what they can, say and have done,
    and the skills again as short phrases. The skills are text too, so a person who gives only
    skills still meets the vacancies' titles and descriptions (and their own skills meet a
    vacancy that lists none); as phrases they yield character bigrams in the title namespace,
    so they meet a vacancy's title inside its compound words (real postings, T2 skills →
    titles: 0.103 → 0.122 MRR). What the person says they lack ("没有焊工证") is left out of
    the summary and work history (`affirmed`)."""
    return (
        "\n".join(seeker.desired_titles),
        "\n".join((*seeker.skills, *map(affirmed, (seeker.summary, *seeker.work_history)))),
        "\n".join(seeker.skills),
    )


def vacancy_document(vacancy: VacancyProfile) -> tuple[str, str, str]:
    """(title, body, phrases): the title, then the description and the required skills, so a
    desired title meets the words of the requirements, and the skills as short phrases whose
    bigrams a desired title meets inside compound words (T1 title → requirements: 0.110 →
    0.116 MRR)."""
    return (
        vacancy.title,
        "\n".join((vacancy.description, *vacancy.skills)),
        "\n".join(vacancy.skills),
    )


class CodeTable:
    """Occupation keys (细类/小类/中类 strings) as small integers for vectorised comparison."""

    def __init__(self, keys: Sequence[str] = ()) -> None:
        self.ids: dict[str, int] = {}
        self._reverse: list[str] = []
        for key in keys:
            self.ids.setdefault(key, len(self.ids))

    def get(self, key: str, *, grow: bool) -> int:
        found = self.ids.get(key)
        if found is None:
            if not grow:
                return -1
            found = self.ids[key] = len(self.ids)
        return found

    def keys(self) -> list[str]:
        return [k for k, _ in sorted(self.ids.items(), key=lambda kv: kv[1])]

    def key_of(self, key_id: int) -> str | None:
        if key_id < 0:
            return None
        if len(self._reverse) != len(self.ids):
            self._reverse = self.keys()
        return self._reverse[key_id]

    def encode(self, code: str | None, *, grow: bool) -> tuple[int, int, int]:
        if not code or not is_valid_code(code):
            return (-1, -1, -1)
        keys = occupation_keys(code)
        return (
            self.get(keys.unit, grow=grow),
            self.get(keys.minor, grow=grow),
            self.get(keys.middle, grow=grow),
        )


@dataclass(frozen=True, slots=True)
class SeekerQuery:
    """A seeker expressed in one index's spaces (text terms, skill columns, code ids)."""

    seeker: SeekerProfile
    skills: tuple[tuple[CanonicalSkill, float], ...]  # see person_skills
    q_idx: np.ndarray  # int32 term ids, sorted
    q_val: np.ndarray  # float32 tf-idf weights (l2 norm 1)
    c_idx: np.ndarray  # int32 skill columns, sorted
    c_val: np.ndarray  # float32 best credit per column
    codes: tuple[str, ...]
    unit_ids: np.ndarray  # distinct code-table ids of the desired codes, unknown ones dropped
    minor_ids: np.ndarray
    middle_ids: np.ndarray
    priority_by_kind: np.ndarray  # float64, one per VACANCY_KINDS
    eligible_by_kind: np.ndarray  # bool, one per VACANCY_KINDS
    credit_tables: tuple[tuple[str, dict[str, float]], ...]
    # the titles the person's skills go with (learnt_title_vector), empty for most people
    t_idx: np.ndarray
    t_val: np.ndarray

    @property
    def has_learnt(self) -> bool:
        """Whether the skills part can compare this person with a vacancy that lists no
        skills (through the titles their skills go with)."""
        return len(self.t_idx) > 0

    @property
    def has_codes(self) -> bool:
        return bool(self.codes)

    @property
    def has_skills(self) -> bool:
        """The person gave skills or wants a job that names some (the skills part applies to
        vacancies that require some)."""
        return bool(self.skills)

    @property
    def has_location(self) -> bool:
        return self.seeker.location is not None


TITLE_SKILL_LABEL = "求职意向"


def person_skills(
    seeker: SeekerProfile, vocabulary: SkillVocabulary, profile: MatchingProfile
) -> tuple[tuple[CanonicalSkill, float], ...]:
    """The person's skills with how much each is theirs: 1 for a skill they gave; the
    profile's `title_skill_credit` for a skill their desired job names ("叉车司机" names
    叉车司机), so a desired title meets a vacancy's required skills without claiming the
    person has them (the explanation labels those 求职意向)."""
    own = vocabulary.canonicalize_all(seeker.skills)
    seen = {c.skill_id for c in own}
    out = [(c, 1.0) for c in own]
    if profile.title_skill_credit > 0:
        for title in seeker.desired_titles:
            for c in vocabulary.named_in(title):
                if c.skill_id not in seen:
                    seen.add(c.skill_id)
                    label = f"{TITLE_SKILL_LABEL}“{title}”"
                    out.append(
                        (
                            CanonicalSkill(label, c.skill_id, c.name, "title", 1.0),
                            profile.title_skill_credit,
                        )
                    )
    return tuple(out)


def vacancy_skills(
    vacancy: VacancyProfile, vocabulary: SkillVocabulary
) -> tuple[CanonicalSkill, ...]:
    """The skills a vacancy requires: those it lists. Its title's words already count in the
    text part; deriving required skills from them too counted the same words twice and let a
    skill word in a title outweigh the rest of it (measured on real postings, T2 0.081 →
    0.104 without)."""
    return vocabulary.canonicalize_all(vacancy.skills)


def valid_codes(codes: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c for c in codes if c and is_valid_code(c)))


def learnt_title_vector(
    model: TextModel,
    seeker: SeekerProfile,
    skills: Sequence[tuple[CanonicalSkill, float]],
) -> tuple[np.ndarray, np.ndarray]:
    """The titles a person's skills go with (titles.py), for a person who gives skills and
    names no desired job: a vacancy that lists no skills is then compared with them through
    its title, in the skills part's place. Empty for everyone else (their desired job meets
    the title directly) and when the model learnt no titles. (Sorted ids, float32 weights.)"""
    if model.titles is None or seeker.desired_titles or not seeker.skills:
        return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
    idx, val = model.titles.person_vector(seeker.skills, [c.skill_id for c, _ in skills])
    return idx.astype(np.int32), val.astype(np.float32)


def seeker_term_ids(seekers: Sequence[SeekerProfile], model: TextModel) -> list[list[int]]:
    return [model.term_ids(*seeker_document(s)) for s in seekers]


def _known(ids: list[int]) -> np.ndarray:
    return np.unique(np.asarray([i for i in ids if i >= 0], dtype=np.int32))


def build_seeker_queries(
    seekers: Sequence[SeekerProfile],
    model: TextModel,
    vocabulary: SkillVocabulary,
    space: SkillSpace,
    codes: CodeTable,
    profile: MatchingProfile,
    term_ids: Sequence[Sequence[int]] | None = None,
) -> list[SeekerQuery]:
    """Vectorise seekers against an index's (or a request's) spaces, never growing them."""
    terms = term_ids if term_ids is not None else seeker_term_ids(seekers, model)
    out: list[SeekerQuery] = []
    for seeker, ids in zip(seekers, terms, strict=True):
        skills = person_skills(seeker, vocabulary, profile)
        q_idx, q_val = model.vector_ids(ids)
        c_idx, c_val = space.credit_vector(
            [(c.skill_id, scale) for c, scale in skills], profile.skill_credits
        )
        good = valid_codes(seeker.occupation_codes)
        enc = [codes.encode(c, grow=False) for c in good]
        mask = eligible_kinds_mask(seeker.key_groups, seeker.registered_unemployed_youth)
        t_idx, t_val = learnt_title_vector(model, seeker, skills)
        out.append(
            SeekerQuery(
                seeker=seeker,
                skills=skills,
                q_idx=q_idx,
                q_val=q_val,
                c_idx=c_idx,
                c_val=c_val,
                codes=good,
                unit_ids=_known([e[0] for e in enc]),
                minor_ids=_known([e[1] for e in enc]),
                middle_ids=_known([e[2] for e in enc]),
                priority_by_kind=np.array(
                    [profile.priority_for(seeker.key_groups, kind) for kind in VACANCY_KINDS]
                ),
                eligible_by_kind=np.array([mask.get(kind, True) for kind in VACANCY_KINDS]),
                credit_tables=tuple(credit_tables(vocabulary, skills, profile.skill_credits)),
                t_idx=t_idx,
                t_val=t_val,
            )
        )
    return out


def stack_rows(rows: Sequence[tuple[np.ndarray, np.ndarray]], width: int) -> sp.csr_matrix:
    """(indices, values) pairs as the rows of a CSR matrix (the batch path)."""
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum([len(i) for i, _ in rows], out=indptr[1:])
    idx = np.concatenate([i for i, _ in rows]) if rows else np.zeros(0, dtype=np.int32)
    val = np.concatenate([v for _, v in rows]) if rows else np.zeros(0, dtype=np.float32)
    keep = idx < width
    if not keep.all():  # columns beyond a block's width (skills added after it was built)
        lengths = np.diff(indptr)
        row_of = np.repeat(np.arange(len(rows)), lengths)[keep]
        idx, val = idx[keep], val[keep]
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(np.bincount(row_of, minlength=len(rows)), out=indptr[1:])
    return sp.csr_matrix((val, idx, indptr), shape=(len(rows), width))
