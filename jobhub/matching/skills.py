"""Skills: canonicalise free text once to a skill id, then score pairs with sparse algebra.

The vocabulary (data/skills.csv) lists skills and certificates with their synonyms and a
parent, e.g. 低压电工作业证 (aliases 电工证, 低压电工证) under 电工, Excel under 办公软件. A free-text
skill is normalised (case, full/half width, spaces, punctuation), looked up exactly, then with
the filler words and certificate suffixes removed, then by edit distance (rapidfuzz OSA, so
typos and swapped letters match), then by a known skill it contains. Unknown skills keep an
id of their own and still match the same text on the other side.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources

import numpy as np
import scipy.sparse as sp
from rapidfuzz import process
from rapidfuzz.distance import OSA

from jobhub.matching.memo import BoundedMemo
from jobhub.matching.normalize import (
    is_cjk,
    normalize_skill,
    strip_certificate_suffix,
    strip_skill_fillers,
)

RAW_PREFIX = "raw:"

# Slips people make typing skill names with a pinyin IME (same sound, wrong character), and
# traditional forms: tried before edit distance because they say which of two equally near
# synonyms was meant (电焊正 is 电焊证, not 电焊工).
_HOMOPHONES = str.maketrans(
    {
        "正": "证",
        "政": "证",
        "症": "证",
        "證": "证",
        "做": "作",
        "坐": "作",
        "士": "师",
        "圆": "员",
        "園": "员",
        "員": "员",
        "電": "电",
        "師": "师",
        "車": "车",
        "銲": "焊",
    }
)


@dataclass(frozen=True, slots=True)
class CreditRule:
    """What a person's skill is worth against a related vacancy skill (profile [skills]).

    The same skill (a synonym or an equivalent certificate: 电工证 = 低压电工作业证) counts 1.
    `more_specific`: the person's skill is a kind of the one asked (Excel for 办公软件, Shell for
    Linux): likely enough but not proven, so clearly below an exact match. `more_general`:
    the person's skill is broader than the one asked (办公软件 for Excel). `sibling`: two
    specific skills under one parent (Java for Python).
    """

    more_specific: float = 0.75
    more_general: float = 0.3
    sibling: float = 0.0


@dataclass(frozen=True, slots=True)
class Skill:
    """One entry of the skills vocabulary."""

    id: str
    name: str
    parent: str | None
    occupations: tuple[str, ...]
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CanonicalSkill:
    """A free-text skill resolved to a skill id.

    method: 'exact' (name or synonym), 'filler' (after removing "熟练使用", "优先" ...),
    'certificate' (after removing 证/证书), 'fuzzy' (edit distance), 'contains' (a known skill
    inside a longer phrase) or 'unknown' (kept as its own id).
    """

    text: str
    skill_id: str
    name: str
    method: str
    similarity: float


def _max_edits(key: str) -> int:
    """Edits tolerated for a typo. In Chinese one changed character is usually another word
    (软件设计/硬件设计, 数据管理/数据处理, 服务器/服务员 — seen on real postings), and the slips
    people make are homophones (see _HOMOPHONES), so edits are allowed only in long Chinese
    names; Latin names (exel, pyhton) tolerate one edit from 4 letters, two from 8."""
    n = len(key)
    if sum(map(is_cjk, key)) * 2 >= n:
        return 2 if n >= 10 else 1 if n >= 6 else 0
    return 2 if n >= 8 else 1 if n >= 4 else 0


def _digits(key: str) -> str:
    return "".join(ch for ch in key if ch.isdigit())


def _accept_fuzzy(key: str, alias: str) -> bool:
    # C1 vs C2, 日语n1 vs n2: a different licence or level, not a typo
    return _digits(key) == _digits(alias)


def _contains(phrase: str, alias: str) -> bool:
    """A known skill inside a longer phrase ("sql优化", "python爬虫", "对日软件开发"); a Latin
    name must stand as a word (not "sql" in "nosql", "ug" in "bug") and have 3+ letters."""
    at = phrase.find(alias)
    if at < 0:
        return False
    if not alias.isascii():
        return True
    if len(alias) < 3:
        return False
    before = phrase[at - 1] if at > 0 else ""
    after = phrase[at + len(alias)] if at + len(alias) < len(phrase) else ""
    return not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum())


class SkillVocabulary:
    """The skills vocabulary with its synonym index and parent/child relations."""

    def __init__(self, skills: Sequence[Skill]) -> None:
        self.skills: tuple[Skill, ...] = tuple(skills)
        self.by_id: dict[str, Skill] = {s.id: s for s in self.skills}
        if len(self.by_id) != len(self.skills):
            raise ValueError("duplicate skill id in the vocabulary")
        self.alias_index: dict[str, str] = {}
        for skill in self.skills:
            if skill.parent is not None and skill.parent not in self.by_id:
                raise ValueError(f"skill {skill.id}: unknown parent {skill.parent}")
            for alias in (skill.name, *skill.aliases):
                key = normalize_skill(alias)
                if not key:
                    continue
                other = self.alias_index.setdefault(key, skill.id)
                if other != skill.id:
                    raise ValueError(f"synonym {alias!r} names two skills: {other}, {skill.id}")
        self._alias_keys: list[str] = list(self.alias_index)
        self._contain_keys: list[str] = sorted(
            (k for k in self._alias_keys if len(k) >= 2), key=len, reverse=True
        )
        # where each name stands in that order, and the longest: a title is searched for the
        # names among its own substrings instead of for every name
        self._contain_rank: dict[str, int] = {k: i for i, k in enumerate(self._contain_keys)}
        self._longest = len(self._contain_keys[0]) if self._contain_keys else 0
        self.children: dict[str, list[str]] = {s.id: [] for s in self.skills}
        for skill in self.skills:
            if skill.parent is not None:
                self.children[skill.parent].append(skill.id)
        # bounded: free text has a long tail. The raw texts come back over and over (forms,
        # job boards), so they are memoised too and skip normalising.
        self._canonical_cache: BoundedMemo[str, tuple[str, str, str, float]] = BoundedMemo(200_000)
        self._text_cache: BoundedMemo[str, tuple[str, str, str, float] | None] = BoundedMemo(
            200_000
        )
        self._title_cache: BoundedMemo[str, tuple[CanonicalSkill, ...]] = BoundedMemo(200_000)

    # -- relations -----------------------------------------------------------------------------

    def ancestors(self, skill_id: str) -> tuple[str, ...]:
        out: list[str] = []
        skill = self.by_id.get(skill_id)
        while skill is not None and skill.parent is not None:
            if skill.parent in out:
                raise ValueError(f"cycle in the skills vocabulary at {skill.parent}")
            out.append(skill.parent)
            skill = self.by_id[skill.parent]
        return tuple(out)

    def descendants(self, skill_id: str) -> tuple[str, ...]:
        out: list[str] = []
        stack = list(self.children.get(skill_id, ()))
        while stack:
            child = stack.pop()
            out.append(child)
            stack.extend(self.children[child])
        return tuple(out)

    @functools.lru_cache(maxsize=8192)  # noqa: B019 - the vocabulary is a long-lived singleton
    def credits(self, skill_id: str, rule: CreditRule) -> tuple[tuple[str, float], ...]:
        """What one skill of a person is worth against each vacancy skill it relates to (see
        `CreditRule`): itself 1, a more general vacancy skill (an ancestor) `more_specific`,
        a more specific one (a descendant) `more_general`, a sibling `sibling`."""
        table: dict[str, float] = {skill_id: 1.0}
        if skill_id in self.by_id:
            if rule.more_specific > 0:
                for anc in self.ancestors(skill_id):
                    table.setdefault(anc, rule.more_specific)
            if rule.more_general > 0:
                for desc in self.descendants(skill_id):
                    table.setdefault(desc, rule.more_general)
            parent = self.by_id[skill_id].parent
            if rule.sibling > 0 and parent is not None:
                for sib in self.children[parent]:
                    table.setdefault(sib, rule.sibling)
        return tuple(table.items())

    def credit(self, seeker_skill: str, vacancy_skill: str, rule: CreditRule) -> float:
        """Credit of one seeker skill id for one vacancy skill id (see `credits`)."""
        return dict(self.credits(seeker_skill, rule)).get(vacancy_skill, 0.0)

    # -- canonicalisation ----------------------------------------------------------------------

    def canonicalize(self, text: str) -> CanonicalSkill | None:
        """Resolve one free-text skill; None if nothing is left after normalising. Cached."""
        try:
            hit = self._text_cache[text]
        except KeyError:
            key = normalize_skill(text)
            hit = self._canonical_cache.get(key) if key else None
            if key and hit is None:
                hit = self._canonical_cache.put(key, self._resolve(key))
            self._text_cache.put(text, hit)
        if hit is None:
            return None
        skill_id, name, method, similarity = hit
        return CanonicalSkill(text, skill_id, name, method, similarity)

    def canonicalize_all(self, texts: Iterable[str]) -> tuple[CanonicalSkill, ...]:
        return tuple(c for c in map(self.canonicalize, texts) if c is not None)

    def named_in(self, title: str) -> tuple[CanonicalSkill, ...]:
        """The known skills a job title names ("Python开发工程师" → Python, "叉车司机" →
        叉车司机, "中式面点师" → 中式面点师), longest name first, each part of the title used
        once (so "低压电工" gives 低压电工作业证, not also 电工). Cached."""
        hit = self._title_cache.get(title)
        if hit is None:
            rest = normalize_skill(title)
            found: dict[str, CanonicalSkill] = {}
            rank = self._contain_rank
            inside = {
                rest[i:j]
                for i in range(len(rest))
                for j in range(i + 2, min(len(rest), i + self._longest) + 1)
            }
            for alias in sorted(inside.intersection(rank), key=rank.__getitem__):
                if _contains(rest, alias):
                    skill_id = self.alias_index[alias]
                    name = self.by_id[skill_id].name
                    found.setdefault(skill_id, CanonicalSkill(name, skill_id, name, "title", 1.0))
                    rest = rest.replace(alias, "\x00")
            hit = self._title_cache.put(title, tuple(found.values()))
        return hit

    def _known(self, skill_id: str, method: str, similarity: float) -> tuple[str, str, str, float]:
        return skill_id, self.by_id[skill_id].name, method, similarity

    def _resolve(self, key: str) -> tuple[str, str, str, float]:
        if key in self.alias_index:
            return self._known(self.alias_index[key], "exact", 1.0)
        bare = strip_skill_fillers(key)
        short = strip_skill_fillers(key, short_prefixes=True)
        for variant in dict.fromkeys((bare, short)):
            if variant in self.alias_index:
                return self._known(self.alias_index[variant], "filler", 1.0)
        for variant in dict.fromkeys((key, bare)):
            if variant.endswith("证书") and variant[:-1] in self.alias_index:
                return self._known(self.alias_index[variant[:-1]], "certificate", 1.0)
            stem = strip_certificate_suffix(variant)
            if stem in self.alias_index:
                return self._known(self.alias_index[stem], "certificate", 1.0)
        typed = bare.translate(_HOMOPHONES)
        if typed != bare and typed in self.alias_index:
            changed = sum(a != b for a, b in zip(typed, bare, strict=True))
            return self._known(self.alias_index[typed], "fuzzy", 1.0 - changed / len(bare))
        limit = _max_edits(bare)
        if limit:
            found = process.extract(
                bare, self._alias_keys, scorer=OSA.distance, score_cutoff=limit, limit=8
            )
            accepted = [
                (dist, abs(len(alias) - len(bare)), alias)
                for alias, dist, _ in found
                if _accept_fuzzy(bare, alias)
            ]
            if accepted:
                dist, _, alias = min(accepted)
                similarity = 1.0 - dist / max(len(alias), len(bare))
                return self._known(self.alias_index[alias], "fuzzy", similarity)
        for alias in self._contain_keys:
            if len(alias) * 5 < len(bare) * 3:
                break  # sorted by length: the rest cover less than 60% of the phrase
            if _contains(bare, alias):
                return self._known(self.alias_index[alias], "contains", len(alias) / len(bare))
        return RAW_PREFIX + bare, bare, "unknown", 0.0


def _parse_vocabulary(text: str) -> list[Skill]:
    rows = csv.DictReader(io.StringIO(text))
    return [
        Skill(
            id=row["id"].strip(),
            name=row["name"].strip(),
            parent=row["parent"].strip() or None,
            occupations=tuple(p for p in row["occupations"].split(";") if p),
            aliases=tuple(a.strip() for a in row["aliases"].split("|") if a.strip()),
        )
        for row in rows
    ]


@functools.cache
def default_vocabulary() -> SkillVocabulary:
    """The shipped vocabulary (data/skills.csv), loaded on first use."""
    ref = resources.files("jobhub.matching").joinpath("data", "skills.csv")
    return SkillVocabulary(_parse_vocabulary(ref.read_text(encoding="utf-8")))


class SkillSpace:
    """Columns of the skill incidence matrices: vocabulary ids first, unknown ids appended.

    Grows as new unknown skills arrive (an index upsert adds columns, it never refits).
    """

    def __init__(
        self,
        vocabulary: SkillVocabulary,
        columns: Iterable[str] | None = None,
        weights: Mapping[str, float] | None = None,
    ) -> None:
        """`columns` restores a saved order (an index keeps its columns even if the shipped
        vocabulary gained skills since: those are appended). `weights` gives what a required
        skill counts for in a vacancy's list (1 unless given; the profile's generic skills)."""
        self.vocabulary = vocabulary
        self.weights: dict[str, float] = dict(weights or {})
        self.columns: dict[str, int] = {}
        for skill_id in columns if columns is not None else ():
            self.columns.setdefault(skill_id, len(self.columns))
        for skill in vocabulary.skills:
            self.columns.setdefault(skill.id, len(self.columns))

    @property
    def size(self) -> int:
        return len(self.columns)

    def column(self, skill_id: str, *, grow: bool) -> int:
        col = self.columns.get(skill_id)
        if col is None:
            if not grow:
                return -1
            col = self.columns[skill_id] = len(self.columns)
        return col

    def ordered_ids(self) -> list[str]:
        return [sid for sid, _ in sorted(self.columns.items(), key=lambda kv: kv[1])]

    def column_weights(self) -> np.ndarray:
        """What each column counts for in a vacancy's list of required skills (float32)."""
        return np.array(
            [self.weights.get(sid, 1.0) for sid in self.ordered_ids()], dtype=np.float32
        )

    def incidence(self, skill_sets: Sequence[Sequence[str]], *, grow: bool) -> sp.csr_matrix:
        """Rows × skill columns, one row per vacancy (duplicates counted once), each entry the
        weight of that required skill (1, or the profile's weight of a generic skill)."""
        indptr = [0]
        indices: list[int] = []
        data_list: list[float] = []
        for ids in skill_sets:
            cols = {c: s for c, s in ((self.column(s, grow=grow), s) for s in ids) if c >= 0}
            for c in sorted(cols):
                indices.append(c)
                data_list.append(self.weights.get(cols[c], 1.0))
            indptr.append(len(indices))
        data = np.asarray(data_list, dtype=np.float32)
        return sp.csr_matrix(
            (data, np.asarray(indices, dtype=np.int32), np.asarray(indptr, dtype=np.int64)),
            shape=(len(skill_sets), self.size),
        )

    def credit_vector(
        self, skills: Sequence[tuple[str, float]], rule: CreditRule
    ) -> tuple[np.ndarray, np.ndarray]:
        """(sorted columns, best credit) that one person's skills (skill id, how much it is
        theirs: 1 for a skill they gave) give each column.

        Columns unknown to this space are dropped: no vacancy can require them.
        """
        best: dict[int, float] = {}
        for sid, scale in skills:
            for target, credit in self.vocabulary.credits(sid, rule):
                col = self.columns.get(target)
                if col is not None and credit * scale > best.get(col, 0.0):
                    best[col] = credit * scale
        cols = sorted(best)
        return np.asarray(cols, dtype=np.int32), np.asarray(
            [best[c] for c in cols], dtype=np.float32
        )

    def credit_rows(
        self, skill_sets: Sequence[Sequence[tuple[str, float]]], rule: CreditRule
    ) -> sp.csr_matrix:
        """`credit_vector` for many people, as rows × skill columns."""
        vectors = [self.credit_vector(ids, rule) for ids in skill_sets]
        indptr = np.zeros(len(vectors) + 1, dtype=np.int64)
        np.cumsum([len(c) for c, _ in vectors], out=indptr[1:])
        return sp.csr_matrix(
            (
                np.concatenate([v for _, v in vectors]) if vectors else np.zeros(0, np.float32),
                np.concatenate([c for c, _ in vectors]) if vectors else np.zeros(0, np.int32),
                indptr,
            ),
            shape=(len(vectors), self.size),
        )


@dataclass(frozen=True, slots=True)
class SkillComparison:
    """Per-pair detail for the explanation: which seeker skill covers which vacancy skill."""

    matched: tuple[tuple[str, str, float], ...]  # (seeker text, vacancy text, credit)
    missing: tuple[str, ...]
    required: int
    generic: tuple[str, ...] = ()  # required skills that count less (profile [skills] generic)


def credit_tables(
    vocabulary: SkillVocabulary,
    seeker: Sequence[tuple[CanonicalSkill, float]],
    rule: CreditRule,
) -> list[tuple[str, dict[str, float]]]:
    """Per seeker skill (with how much it is theirs): (its text, credit per vacancy skill
    id); computed once per person."""
    return [
        (s.text, {k: c * scale for k, c in vocabulary.credits(s.skill_id, rule)})
        for s, scale in seeker
    ]


def compare_skills(
    tables: Sequence[tuple[str, dict[str, float]]],
    vacancy: Sequence[tuple[str, str]],
    weights: Mapping[str, float] | None = None,
) -> SkillComparison:
    """Explain the skills part of one pair from the person's `credit_tables` and the vacancy's
    (text, skill id) pairs. Same credits as the sparse scoring, so the explanation always
    agrees with the number (one entry per distinct vacancy skill id)."""
    matched: list[tuple[str, str, float]] = []
    missing: list[str] = []
    generic: list[str] = []
    seen: set[str] = set()
    for text, skill_id in vacancy:
        if skill_id in seen:
            continue
        seen.add(skill_id)
        if weights and weights.get(skill_id, 1.0) < 1.0:
            generic.append(text)
        best: tuple[float, str] = (0.0, "")
        for have, table in tables:
            credit = table.get(skill_id, 0.0)
            if credit > best[0]:
                best = (credit, have)
        if best[0] > 0:
            matched.append((best[1], text, best[0]))
        else:
            missing.append(text)
    return SkillComparison(tuple(matched), tuple(missing), len(seen), tuple(generic))
