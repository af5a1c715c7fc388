"""Code a free job title to ranked 细类 of the 职业分类大典 (CSCO 2022).

How a title is scored against each 细类:

1. The title is cleaned (``cleaning.clean_title``) and split into segments; the whole cleaned
   title and each segment are scored, and a 细类 keeps its best row, so a brand or a company
   left in one segment cannot drown the occupation in another.  The whole title is also read
   as modifier + head (``heads``): without its level words (主管, 高级, 学徒) and with its
   abbreviations spelt out (运维 -> 运行维护, cv -> 计算机视觉); a bracketed aside
   (``架构师（大数据方向）``) is a row of its own, weighed a little less, and is also read as the
   field in front of the title (``大数据架构师``).  A segment or aside counts by the share of the
   title's words it holds, so a bare 司机 among other words is no exact hit.  Job-board words the
   大典 lacks (``data/job_words.csv``: 养鸡场, 宾馆, 钩机) are read as the 大典 words they stand
   for (家禽饲养, 旅店, 挖掘机), in a reading of their own and in the evidence of step 4.
2. Every row is compared with every label (``labels.build_labels``: names, aliases, 小类
   aliases, curated common names) by character 1–2-gram TF-IDF cosine, as one sparse product.
   The 20 best labels per row then get a closer look with rapidfuzz (one ``cpdist`` call for
   all pairs): exact equality, containment either way, edit similarity.  A Latin label (Python)
   inside a title with Chinese words is a tool named beside the work, a weaker hint.  A 细类's
   label score is its best label's.
3. The cosine between the title and the 细类's whole text (labels, definition and tasks) lifts
   middling label scores: several labels and the definition agreeing count for more than one.
4. Evidence for words in no name: the IDF-weighted share of the title's character pairs (with
   the 大典 wording of its abbreviations) that a 细类's names, definition and tasks contain, and
   whether they contain the title's head noun, scale the score down for a 细类 that explains
   only part of the title.  A description, when given, does the same with a smaller weight
   (an industry hint).

Only level-4 codes are returned.  The default model fits at first use (about 1.5 s, reading
only the shipped data files) and is cached for the process; ``warm()`` fits it ahead of the
first request.  Fitting is deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
from rapidfuzz import fuzz, process
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

from . import taxonomy
from .cleaning import CleanTitle, clean_title, normalise
from .examples import Example, ExampleMemory, Vote, examples, memory_of
from .heads import GENERIC_WORKERS, evidence_grams, expand, parse_head, variants
from .labels import Label, build_labels, canon, contains, documents, has_ascii_edge
from .vectors import Query as _Query
from .vocabulary import Readings, readings

__all__ = [
    "Candidate",
    "Classification",
    "TitleClassifier",
    "classify",
    "classify_many",
    "default_classifier",
    "explain",
    "warm",
]

# The whole-text cosine fills part of the gap to 1 that the best label leaves:
# score = label + DOCUMENT_GAIN * document * (1 - label).  An exact label hit stays at 1.
# Chosen on the alias hold-out (benchmarks/occupations/accuracy.py): gain 0.5 gave 52.4 %
# top-1, 1.0 53.4 %, 2.0 55.1 %; the hand-labelled dev titles did not move.
DOCUMENT_GAIN = 2.0
# Labels per scored row that get the rapidfuzz look; the rest keep their cosine.  Measured:
# 10, 15, 20 and 30 give hold-out top-1 within 0.3 points; 20 keeps top-5 within 0.5.
SHORTLIST = 20
# A label found inside the title is strong evidence, stronger the more of the title it covers.
CONTAINS_BASE, CONTAINS_SPAN = 0.70, 0.25
# A Latin label (Python, Java, SAP) inside a title with Chinese words names a tool or a product
# beside the work the Chinese words name (Python算法开发工程师): a weaker hint.
LATIN_BASE = 0.55
# The title found inside a longer label: the title is a generic form of that label.
WITHIN_BASE, WITHIN_SPAN = 0.50, 0.40
# Below this, no label explains a candidate: only its definition and tasks do.
DEFINITION_ONLY = 0.2
# How much the title's own words found in a 细类's names, definition and tasks count beside the
# best label, where
# coverage is the IDF-weighted share of the title's character pairs (and Latin words) that the
# 细类's text contains:  score *= 1 - EVIDENCE_WEIGHT * (1 - coverage).  A label matching one
# part of a title no longer wins alone when another 细类 explains every word (殡仪馆 服务员).
# Chosen on half A of the blind set (0.15 and 0.3 within a point; 0.5 loses 3).
EVIDENCE_WEIGHT = 0.15
# A bracketed aside (架构师（大数据方向）) names the field or the trade; it counts for a little
# less than the title itself, so 电工（物业）stays an electrician.
ASIDE_WEIGHT = 0.85
# The head noun (教师 in 少儿编程老师, 讲师, 驾驶员) must be in a 细类's text for full marks:
# score *= 1 - HEAD_WEIGHT * (1 - share of the head's character pairs the 细类's text has).
HEAD_WEIGHT = 0.2
# A bracketed aside is also read as the field in front of the title (架构师（大数据方向） reads
# 大数据架构师), a whole reading of its own; 0 switches the reading off.
FIELD_READING = 1
# A segment or aside matching a label counts by how much of the title it holds: a bare 司机 in
# 电动叉车 前移式 司机 explains less than a label of the whole.  Round six: 0.3 -> 0.2.  The rule
# helps the ranking (off, set D's top-1 ranking falls 0.708 -> 0.689) but at 0.3 it also held
# many right answers of many-word written titles under CONFIDENT_SCORE; 0.2 keeps the ranking
# (D 0.712) and answers more (D top-1 with unknowns wrong 0.644 -> 0.663; A-C within a title).
PART_WEIGHT = 0.2
# A worker's title (焊工, 光缆厂 操作工, 维修工) names manual work: a 细类 of 大类 1 or 2 (managers,
# engineers and professionals) fits it less.  社工 and other worker-shaped labels of those
# 大类 keep their place.
REGISTER_WEIGHT = 0.2
# A description's words found in a 细类's text reorder the title's candidates (an industry hint:
# 司机 whose description speaks of 货车 and 运输货物 drives lorries, not buses); a 细类 sharing
# no word with the title stays out:  score *= 1 - DESCRIPTION_WEIGHT * (1 - share / best share).
# Small on purpose: on the 51job rows of the blind set, with the postings' tag lists as
# descriptions, 0.1 moved half A +1.6 points top-1 and half B -0.5 (labels read titles only).
DESCRIPTION_WEIGHT = 0.1
DESCRIPTION_LENGTH = 2000
# Titles per dense block; bounds memory at about 3 rows x 4,300 labels x 4 bytes per title.
TITLES_PER_BLOCK = 256
# Below this top-1 score the answer is "unknown" and the person chooses.  Calibrated on the
# development half A of the blind set (benchmarks/occupations/blind_eval.py ``calibrate``): a
# logistic curve of P(right | score) crosses 0.5 at 0.585; isotonic regression moves from 0.44
# to 0.52 right at 0.6; the higher of the two is taken.  Between 0.60 and 0.68, 11 of 17
# half-A answers were right, so the earlier 0.68 (the maximum of a running sum that is flat
# from 0 to 0.7) asked about titles it would mostly have coded right.  Reported on half B.
CONFIDENT_SCORE = 0.60
# A title that names no trade (普工, 操作工/普工, 工人) keeps its candidates, in order, but none
# reaches CONFIDENT_SCORE: the best is scaled to this, so the form asks the person to choose.
# (Curated names such as 电子厂普工 otherwise gave a bare 普工 a confident 0.70.)
NO_TRADE_SCORE = 0.5

# The nearest labelled example titles (``data/examples.csv``) vote for their 细类 with their
# cosine: score += EXAMPLE_WEIGHT * cosine * (1 - score), so an example as close as the title
# itself brings a middling score most of the way to 1 and an exact label hit stays at 1.
EXAMPLE_WEIGHT = 0.75

_WORKER = re.compile(r"(?:工|工人)$")

# Match kinds, stored per (row, label) as small integers.
_SIMILAR, _CONTAINS, _EXACT = 0, 1, 2
_KIND_NAMES = ("similar", "contains", "exact")
_SOURCE_NAMES = {
    "name": "职业名称",
    "variant": "职业名称",
    "alias": "别名",
    "group": "小类别名",
    "extra": "常用叫法",
    "vocab": "行业叫法",
}


@dataclass(frozen=True, slots=True)
class Candidate:
    """A 细类 proposed for a title, with the evidence behind its score.

    ``match`` is ``exact`` (the title is a label), ``contains`` (a label occurs in the title
    or the title in a label), ``similar`` (character similarity), ``example`` (no label is
    close; a labelled example title is, and ``matched_label`` is that title) or ``definition``
    (no label or example is close; the 细类's whole text is, and ``matched_label`` is empty).
    ``label_source`` says where the matched label comes from (``name``, ``variant``,
    ``alias``, ``group``, ``extra``, ``vocab``, ``example`` or ``document``).  A labelled
    example near the title is named in the explanation whatever the match.  ``explanation``
    says it in Chinese for station staff.
    """

    code: str
    name: str
    score: float
    matched_label: str
    label_source: str
    match: str
    explanation: str


@dataclass(frozen=True, slots=True)
class Classification:
    """A title, how it was cleaned, and its ranked candidates."""

    title: str
    cleaned: CleanTitle
    candidates: tuple[Candidate, ...]


class TitleClassifier:
    """A fitted title-to-细类 model.  Build it with ``TitleClassifier.fit()``."""

    def __init__(
        self,
        leaves: Sequence[taxonomy.Occupation],
        labels: Sequence[Label],
        label_vectorizer: TfidfVectorizer,
        document_vectorizer: TfidfVectorizer | None,
        evidence_vectorizer: CountVectorizer | None = None,
        job_readings: Readings | None = None,
        memory: ExampleMemory | None = None,
    ) -> None:
        self._leaves = tuple(leaves)
        self._memory = memory
        self._readings = job_readings or Readings(())
        self._professional = np.fromiter((o.code[0] in "12" for o in leaves), dtype=bool)
        # Labels come grouped by leaf, so each leaf owns one contiguous run of columns.
        self._labels = tuple(labels)
        self._label_text = [label.text for label in labels]
        self._label_weight = np.fromiter((lb.weight for lb in labels), dtype=np.float32)
        self._label_length = np.fromiter(map(len, self._label_text), dtype=np.float32)
        self._label_latin = np.fromiter((t.isascii() for t in self._label_text), dtype=bool)
        self._label_ascii_edge = np.fromiter(map(has_ascii_edge, self._label_text), dtype=bool)
        leaf_of = np.fromiter((lb.leaf for lb in labels), dtype=np.int64)
        self._starts = np.flatnonzero(np.r_[True, np.diff(leaf_of) != 0])
        self._ends = np.r_[self._starts[1:], len(labels)]
        self._exact: dict[str, list[int]] = {}
        for index, text in enumerate(self._label_text):
            self._exact.setdefault(text, []).append(index)
        self._label_vectorizer = label_vectorizer
        self._label_query = _Query(label_vectorizer)
        self._label_matrix_t = label_vectorizer.transform(self._label_text).T.tocsr()
        texts = documents(self._leaves, self._labels)
        self._document_vectorizer = document_vectorizer
        self._document_query = _Query(document_vectorizer) if document_vectorizer else None
        self._document_matrix_t = None
        if document_vectorizer is not None:
            self._document_matrix_t = document_vectorizer.transform(texts).T.tocsr()
        self._evidence_vectorizer = evidence_vectorizer
        self._evidence_matrix_t = None
        self._evidence_idf = np.zeros(0, dtype=np.float32)
        if evidence_vectorizer is not None:
            matrix = evidence_vectorizer.transform(texts)
            matrix.data[:] = 1.0
            frequency = np.asarray(matrix.sum(axis=0)).ravel()
            self._evidence_idf = np.log(len(self._leaves) / np.maximum(frequency, 1.0)).astype(
                np.float32
            )
            self._evidence_matrix_t = matrix.T.tocsr()
        self._evidence_vocabulary: dict[str, int] = (
            dict(evidence_vectorizer.vocabulary_) if evidence_vectorizer is not None else {}
        )

    @classmethod
    def fit(
        cls,
        *,
        exclude_aliases: Collection[tuple[str, str]] = (),
        use_extra_aliases: bool = True,
        use_documents: bool = True,
        use_evidence: bool = True,
        use_job_words: bool = True,
        use_examples: bool = True,
        example_titles: Iterable[Example] | None = None,
    ) -> TitleClassifier:
        """Fit on the shipped taxonomy.

        ``exclude_aliases`` holds (code, alias) pairs to leave out (hold-out evaluation);
        ``use_extra_aliases`` and ``use_documents`` switch off the curated aliases and the
        whole-text cosine, ``use_evidence`` the coverage of the title's words by each 细类's
        text, ``use_job_words`` the job-board words of ``data/job_words.csv`` (as labels and
        as readings), ``use_examples`` the labelled example titles of ``data/examples.csv``
        (``example_titles`` replaces them, to measure on titles held out of the memory), to
        measure what each contributes.
        """
        leaves = taxonomy.leaves()
        labels = build_labels(
            leaves,
            exclude_aliases=exclude_aliases,
            use_extra_aliases=use_extra_aliases,
            use_job_words=use_job_words,
        )
        label_vectorizer = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(1, 2), sublinear_tf=True, dtype=np.float32
        )
        label_vectorizer.fit([label.text for label in labels])
        texts = documents(leaves, labels)
        document_vectorizer = None
        if use_documents:
            document_vectorizer = TfidfVectorizer(
                analyzer="char_wb",
                ngram_range=(1, 2),
                sublinear_tf=True,
                max_df=0.5,
                dtype=np.float32,
            )
            document_vectorizer.fit(texts)
        evidence_vectorizer = None
        if use_evidence:
            evidence_vectorizer = CountVectorizer(
                analyzer=evidence_grams, binary=True, dtype=np.float32
            )
            evidence_vectorizer.fit(texts)
        return cls(
            leaves,
            labels,
            label_vectorizer,
            document_vectorizer,
            evidence_vectorizer,
            readings() if use_job_words else None,
            _memory(leaves, examples() if example_titles is None else example_titles)
            if use_examples
            else None,
        )

    @property
    def codes(self) -> tuple[str, ...]:
        """The 细类 codes this model can return."""
        return tuple(o.code for o in self._leaves)

    def classify(self, title: str, top: int = 5, description: str = "") -> list[Candidate]:
        """Ranked 细类 for one title, best first; at most ``top``, none for an empty title.

        ``description`` (the posting's text, when there is one) is read for industry hints:
        it only reorders 细类 the title itself points to."""
        return list(self.explain_many([title], top, [description])[0].candidates)

    def classify_many(
        self,
        titles: Sequence[str],
        top: int = 5,
        descriptions: Sequence[str | None] | None = None,
    ) -> list[list[Candidate]]:
        """Ranked 细类 per title, best first; one list per title, in order."""
        return [list(c.candidates) for c in self.explain_many(titles, top, descriptions)]

    def explain_many(
        self,
        titles: Sequence[str],
        top: int = 5,
        descriptions: Sequence[str | None] | None = None,
    ) -> list[Classification]:
        """Like ``classify_many``, keeping each title's cleaning for display.

        A title is read up to ``cleaning.MAX_TITLE_LENGTH`` (200) characters, a description up
        to ``DESCRIPTION_LENGTH``; a non-string counts as empty.  ``descriptions``, when given,
        has one entry per title (``None`` or "" for none).
        """
        if top < 1:
            raise ValueError("top must be at least 1")
        if descriptions is not None and len(descriptions) != len(titles):
            raise ValueError("one description per title")
        top = min(top, len(self._leaves))
        cleaned = [clean_title(t if isinstance(t, str) else "") for t in titles]
        hints = [
            normalise(d[:DESCRIPTION_LENGTH]) if isinstance(d, str) else ""
            for d in (descriptions or [""] * len(titles))
        ]
        results: list[Classification] = []
        for start in range(0, len(cleaned), TITLES_PER_BLOCK):
            end = start + TITLES_PER_BLOCK
            results.extend(self._classify_block(cleaned[start:end], top, hints[start:end]))
        return results

    def _classify_block(
        self, block: Sequence[CleanTitle], top: int, hints: Sequence[str]
    ) -> list[Classification]:
        rows: list[str] = []
        owner: list[int] = []
        aside_rows: list[int] = []
        row_weight: list[float] = []
        for index, item in enumerate(block):
            whole = canon(item.text)
            segments = [canon(s) for s in item.segments] if len(item.segments) > 1 else []
            texts = [whole, *variants(whole)]
            # 养鸡场 饲养员 is also read as 家禽饲养场 饲养员 (data/job_words.csv).
            reading = self._readings.read(whole)
            if reading:
                texts += [reading, *variants(reading)]
            asides = [canon(a) for a in item.asides]
            if FIELD_READING:
                # 架构师（大数据方向） is also read as 大数据架构师: the aside names the field.
                texts += [f"{a}{whole}" for a in asides if len(a) >= 2 and a not in whole]
            parts = self._part_shares(whole, segments, asides) if PART_WEIGHT else {}
            for text in dict.fromkeys([*texts, *segments, *asides]):
                if text in asides and text not in texts and text not in segments:
                    aside_rows.append(len(rows))
                rows.append(text)
                owner.append(index)
                share = 1.0 if text in texts else parts.get(text, 1.0)
                row_weight.append(1.0 - PART_WEIGHT * (1.0 - share))

        product = (self._label_query(rows) @ self._label_matrix_t).tocsr()
        scores = product.toarray()
        kinds = self._refine(rows, scores, _shortlist(product, SHORTLIST))
        scores *= self._label_weight
        scores[aside_rows] *= ASIDE_WEIGHT
        scores *= np.asarray(row_weight, dtype=np.float32)[:, None]
        title_starts = np.flatnonzero(np.r_[True, np.diff(np.asarray(owner)) != 0])
        title_ends = np.r_[title_starts[1:], len(rows)]
        # Best score of every label per title (over the title's rows), then per 细类.
        per_label = np.maximum.reduceat(scores, title_starts, axis=0)
        per_leaf = np.maximum.reduceat(per_label, self._starts, axis=1)
        document = np.zeros_like(per_leaf)
        if self._document_vectorizer is not None:
            whole = [rows[i] for i in title_starts]
            query = self._document_query(whole)
            document = (query @ self._document_matrix_t).toarray()
        final = np.clip(per_leaf + DOCUMENT_GAIN * document * (1.0 - per_leaf), 0.0, 1.0)
        if self._evidence_vectorizer is not None:
            coverage, head = self._coverage(block)
            final *= 1.0 - HEAD_WEIGHT + HEAD_WEIGHT * head
            final *= 1.0 - EVIDENCE_WEIGHT + EVIDENCE_WEIGHT * coverage
        # The examples speak for the title; the description, read last, still reorders them
        # (an example 司机 coded as a bus driver must not outvote a posting about lorries).
        votes = self._memory.votes([rows[i] for i in title_starts]) if self._memory else None
        if votes and EXAMPLE_WEIGHT:
            for i, found in enumerate(votes):
                if found:
                    leaves = list(found)
                    near = np.fromiter((v.similarity for v in found.values()), np.float32)
                    final[i, leaves] += EXAMPLE_WEIGHT * near * (1.0 - final[i, leaves])
        described = [i for i, hint in enumerate(hints) if hint]
        if described and self._evidence_vectorizer is not None:
            share = self._share([hints[i] for i in described])
            # Relative to the best-described 细类: a long text is no reason to doubt a title.
            share /= np.maximum(share.max(axis=1, keepdims=True), 1e-9)
            final[described] *= 1.0 - DESCRIPTION_WEIGHT + DESCRIPTION_WEIGHT * share
        workers = [i for i, item in enumerate(block) if self._names_manual_work(item)]
        if workers and REGISTER_WEIGHT:
            final[np.ix_(workers, np.flatnonzero(self._professional))] *= 1.0 - REGISTER_WEIGHT

        for i, item in enumerate(block):
            if _names_no_trade(item):
                final[i] *= min(1.0, NO_TRADE_SCORE / max(float(final[i].max()), 1e-9))
        # (argpartition on the scores themselves: no negated copy of a dense block)
        width = final.shape[1]
        chosen = np.argpartition(final, width - top, axis=1)[:, width - top :]
        results = []
        for index, item in enumerate(block):
            row_scores = final[index]
            # Equal scores rank by code, so the output is deterministic; a 细类 sharing not
            # one character with the title is no candidate at all.
            ranked = sorted(
                (j for j in chosen[index].tolist() if row_scores[j] > 0.0),
                key=lambda j: (-row_scores[j], self._leaves[j].code),
            )
            own_rows = slice(int(title_starts[index]), int(title_ends[index]))
            candidates = tuple(
                self._candidate(
                    j,
                    float(row_scores[j]),
                    scores[own_rows],
                    kinds[own_rows],
                    votes[index].get(j) if votes else None,
                )
                for j in ranked
            )
            results.append(Classification(item.original, item, candidates))
        return results

    def _part_shares(
        self, whole: str, segments: Sequence[str], asides: Sequence[str]
    ) -> dict[str, float]:
        """Per segment and aside: the IDF-weighted share of the title's known units it holds."""
        idf = self._evidence_idf
        total = float(idf[self._units(" ".join([whole, *asides]))].sum())
        if total <= 0.0:
            return {}
        return {part: float(idf[self._units(part)].sum()) / total for part in (*segments, *asides)}

    def _names_manual_work(self, item: CleanTitle) -> bool:
        """Whether a segment of the title, level words off, ends in 工 or 工人 and is no label of
        a 大类 1 or 2 细类 (社工 is a social worker)."""
        for segment in item.segments or (item.text,):
            core = parse_head(canon(segment)).core
            if _WORKER.search(core) and not any(
                self._professional[self._labels[j].leaf] for j in self._exact.get(core, ())
            ):
                return True
        return False

    def _units(self, text: str) -> list[int]:
        """The evidence columns of ``text``'s units that some 细类's text has, once each."""
        vocabulary = self._evidence_vocabulary
        return sorted({vocabulary[g] for g in evidence_grams(text) if g in vocabulary})

    def _coverage(self, block: Sequence[CleanTitle]) -> tuple[np.ndarray, np.ndarray]:
        """Per title and 细类: the IDF-weighted share of the title's words in the 细类's text.

        The title is read without its level words (主管, 高级) and with its abbreviations
        spelt out; words no 细类 uses do not count either way.
        """
        texts, heads = [], []
        for item in block:
            parsed = [
                parse_head(canon(s)) for s in (*(item.segments or (item.text,)), *item.asides)
            ]
            core = " ".join(p.core for p in parsed)
            texts.append(f"{core} {expand(core)} {self._readings.meanings(core)}")
            heads.append(" ".join(p.head for p in parsed if len(p.head) >= 2))
        both = self._share([*texts, *heads], weighted=[True] * len(texts) + [False] * len(heads))
        return both[: len(texts)], both[len(texts) :]

    def _share(self, texts: list[str], weighted: Sequence[bool] | None = None) -> np.ndarray:
        """Per text and 细类: the (IDF-weighted, unless ``weighted`` says otherwise for that
        text) share of the text's units in the 细类's text; 1 for a text with no known unit
        (nothing to tell the 细类 apart).  Built by hand rather than with the vectorizer's
        ``transform``, whose checks cost more than the product for one title."""
        indptr, indices, data = [0], [], []
        for position, text in enumerate(texts):
            found = self._units(text)
            indices.extend(found)
            if weighted is None or weighted[position]:
                data.extend(self._evidence_idf[found].tolist())
            else:
                data.extend([1.0] * len(found))
            indptr.append(len(indices))
        query = csr_matrix(
            (np.asarray(data, dtype=np.float32), np.asarray(indices, dtype=np.int32), indptr),
            shape=(len(texts), len(self._evidence_idf)),
        )
        total = np.asarray(query.sum(axis=1)).ravel()
        covered = (query @ self._evidence_matrix_t).toarray()
        share = covered / np.maximum(total, 1e-9)[:, None]
        share[total == 0] = 1.0
        return share

    def _refine(
        self, rows: Sequence[str], scores: np.ndarray, shortlist: tuple[np.ndarray, np.ndarray]
    ) -> np.ndarray:
        """Rescore each row's shortlisted labels with rapidfuzz, in place.

        A shortlisted (row, label) pair scores the largest of: its cosine; 1 for an exact
        match; ``CONTAINS_BASE + CONTAINS_SPAN * coverage`` when the label occurs in the
        row; ``WITHIN_BASE + WITHIN_SPAN * coverage`` when the row occurs in the label; the
        rapidfuzz ratio.  Returns the match kind per (row, label) for the explanations.
        """
        row_index, label_index = shortlist
        exact = [(r, j) for r, text in enumerate(rows) for j in self._exact.get(text, ())]
        if exact:
            row_index = np.r_[row_index, [r for r, _ in exact]]
            label_index = np.r_[label_index, [j for _, j in exact]]

        queries = [rows[r] for r in row_index.tolist()]
        labels = [self._label_text[j] for j in label_index.tolist()]
        ratio = process.cpdist(queries, labels, scorer=fuzz.ratio, dtype=np.float32) / 100.0
        # partial_ratio is 100 exactly when the shorter string occurs in the longer one.
        partial = process.cpdist(queries, labels, scorer=fuzz.partial_ratio, dtype=np.float32)

        row_length = np.fromiter(map(len, rows), dtype=np.float32, count=len(rows))[row_index]
        label_length = self._label_length[label_index]
        substring = partial >= 100.0
        contained = substring & (label_length >= 2) & (label_length < row_length)
        within = substring & (row_length >= 2) & (row_length < label_length)
        for k in np.flatnonzero(contained | within).tolist():
            needle, text = (labels[k], queries[k]) if contained[k] else (queries[k], labels[k])
            if has_ascii_edge(needle) and not contains(needle, text):
                contained[k] = within[k] = False

        cosine = scores[row_index, label_index]
        coverage = np.minimum(label_length, row_length) / np.maximum(label_length, row_length)
        base = np.where(
            self._label_latin[label_index] & _has_cjk(rows)[row_index], LATIN_BASE, CONTAINS_BASE
        )
        contains_score = np.where(contained, base + CONTAINS_SPAN * coverage, 0.0)
        within_score = np.where(within, WITHIN_BASE + WITHIN_SPAN * coverage, 0.0)
        substring_score = np.maximum(contains_score, within_score)
        best = np.maximum.reduce([cosine, substring_score, ratio])
        is_exact = ratio >= 1.0
        kind = np.where(is_exact, _EXACT, np.where(substring_score >= best, _CONTAINS, _SIMILAR))
        scores[row_index, label_index] = np.where(is_exact, 1.0, best)
        kinds = np.zeros(scores.shape, dtype=np.int8)
        kinds[row_index, label_index] = kind
        return kinds

    def _candidate(
        self,
        leaf: int,
        score: float,
        title_scores: np.ndarray,
        title_kinds: np.ndarray,
        vote: Vote | None = None,
    ) -> Candidate:
        occupation = self._leaves[leaf]
        begin, end = int(self._starts[leaf]), int(self._ends[leaf])
        block = title_scores[:, begin:end]
        row, offset = divmod(int(np.argmax(block)), end - begin)
        label = self._labels[begin + offset]
        label_score = float(block[row, offset])
        if label_score < DEFINITION_ONLY and vote is not None:
            return Candidate(
                code=occupation.code,
                name=occupation.name,
                score=round(score, 4),
                matched_label=vote.example,
                label_source="example",
                match="example",
                explanation=f"与相近的已标注岗位「{vote.example}」相似（{vote.similarity:.2f}）",
            )
        if label_score < DEFINITION_ONLY:
            return Candidate(
                code=occupation.code,
                name=occupation.name,
                score=round(score, 4),
                matched_label="",
                label_source="document",
                match="definition",
                explanation=_with_example("标题与该职业的名称、定义和主要工作任务用词相近", vote),
            )
        kind = _KIND_NAMES[int(title_kinds[row, begin + offset])]
        return Candidate(
            code=occupation.code,
            name=occupation.name,
            score=round(score, 4),
            matched_label=label.display,
            label_source=label.source,
            match=kind,
            explanation=_with_example(
                _explain(kind, label.source, label.display, label_score), vote
            ),
        )


def _names_no_trade(item: CleanTitle) -> bool:
    """Whether every segment of the title, level words off, is a word for a worker of no trade
    (普工, 操作工, 工人): then no 细类 can be read from it."""
    segments = item.segments or (item.text,)
    return bool(item.text) and all(parse_head(canon(s)).core in GENERIC_WORKERS for s in segments)


def _has_cjk(rows: Sequence[str]) -> np.ndarray:
    """Per row: whether it has Chinese words (two characters or more) to name the work."""
    return np.fromiter(
        (sum(1 for ch in r if "\u4e00" <= ch <= "\u9fff") >= 2 for r in rows), bool, len(rows)
    )


def _shortlist(product: csr_matrix, width: int) -> tuple[np.ndarray, np.ndarray]:
    """(row, label) pairs of each row's ``width`` best labels by cosine.  Only labels sharing a
    character with the row are candidates (the others score 0 on every measure); picking from
    each sparse row is far cheaper than partitioning the dense block."""
    rows: list[np.ndarray] = []
    labels: list[np.ndarray] = []
    indptr, indices, data = product.indptr, product.indices, product.data
    for row in range(product.shape[0]):
        begin, end = int(indptr[row]), int(indptr[row + 1])
        found = indices[begin:end]
        if end - begin > width:
            found = found[np.argpartition(data[begin:end], end - begin - width)[-width:]]
        rows.append(np.full(len(found), row, dtype=np.int64))
        labels.append(found.astype(np.int64))
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(rows), np.concatenate(labels)


def _with_example(text: str, vote: Vote | None) -> str:
    """The explanation, naming the nearest labelled example that voted for the 细类."""
    if vote is None:
        return text
    return f"{text}；相近的已标注岗位「{vote.example}」（{vote.similarity:.2f}）"


def _memory(leaves: Sequence[taxonomy.Occupation], pairs: Iterable[Example]) -> ExampleMemory:
    """The example memory, its titles compared in the form the classifier reads a title in."""
    leaf_of = {o.code: i for i, o in enumerate(leaves)}
    return memory_of(pairs, lambda title: canon(clean_title(title).text), leaf_of)


def _explain(kind: str, source: str, label: str, score: float) -> str:
    what = _SOURCE_NAMES.get(source, "名称")
    if kind == "exact":
        return f"标题与{what}「{label}」一致"
    if kind == "contains":
        return f"标题与{what}「{label}」互相包含（{score:.2f}）"
    return f"标题与{what}「{label}」字面相似（{score:.2f}）"


@cache
def default_classifier() -> TitleClassifier:
    """The process-wide classifier, fitted on first use from the shipped data."""
    return TitleClassifier.fit()


def warm() -> None:
    """Fit the default classifier now (e.g. at app start) instead of on the first request."""
    default_classifier()


def classify(title: str, top: int = 5, description: str = "") -> list[Candidate]:
    """Ranked 细类 candidates for a free job title, best first, scores in [0, 1]; a
    ``description`` (the posting's text) is read for industry hints."""
    return default_classifier().classify(title, top, description)


def classify_many(
    titles: Sequence[str], top: int = 5, descriptions: Sequence[str | None] | None = None
) -> list[list[Candidate]]:
    """``classify`` for many titles at once (one sparse product per block of 256 titles)."""
    return default_classifier().classify_many(titles, top, descriptions)


def explain(title: str, top: int = 5) -> Classification:
    """``classify`` plus the cleaned title and what the cleaning removed."""
    return default_classifier().explain_many([title], top)[0]
