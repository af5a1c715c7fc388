"""Title ↔ skill association learned from postings: which skill words the vacancies of a title
word ask for more often than chance, and which title words go with a skill word.

A person who gives only skills (Python, SQL) shares few words with the titles of the jobs that
ask for them (数据分析师), and a desired title (java开发工程师) shares few with a posting that
lists only its requirements (spring, mysql). The association bridges the two: it is fitted on
postings (title + required skills), in the product from the platform's own vacancies at every
`flask matching rebuild` (`VacancyIndex.fit`), never from people, and it expands a person's
desired titles into the skill words those jobs ask for and their skills into the title words
of the jobs that ask for them. The expansion joins the text part with a small weight (profile
[association]); it is never a skill the person has: the skills part does not see it, and the
explanation calls such words 相关词, not 共同关键词.

Weight of a pair (title word t, skill word s), over the postings that have both fields:
P(s|t) · log(lift), lift = P(s, t) / (P(s) P(t)), kept when the pair occurs in at least
`min_pair` postings and lift > 1; the `top` strongest targets of each source word are kept and
their weights normalised to sum 1. A word paired with itself is left out (the own-words text
match already counts it). Stored as plain JSON (no pickle).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from jobhub.matching.tokenizer import is_readable_word, segmenter

FILE = "association.json"


def _words(texts: Iterable[str], analyzer: str) -> set[str]:
    seg = segmenter(analyzer)
    return {w for text in texts for w in seg.tokens(text) if is_readable_word(w)}


class Association:
    """Two tables of word → ((word, weight), ...): title → skill and skill → title, and the
    idf of each source word (a rare, specific title word leads the expansion)."""

    def __init__(
        self,
        analyzer: str,
        title_to_skill: dict[str, tuple[tuple[str, float], ...]],
        skill_to_title: dict[str, tuple[tuple[str, float], ...]],
        idf: dict[str, float],
        n_postings: int,
    ) -> None:
        self.analyzer = analyzer
        self.title_to_skill = title_to_skill
        self.skill_to_title = skill_to_title
        self.idf = idf
        self.n_postings = n_postings

    def __len__(self) -> int:
        return sum(map(len, self.title_to_skill.values())) + sum(
            map(len, self.skill_to_title.values())
        )

    @classmethod
    def fit(
        cls,
        postings: Iterable[tuple[str, Sequence[str]]],
        *,
        analyzer: str = "jieba",
        min_pair: int = 2,
        top: int = 10,
    ) -> Association:
        """Fit on (title, required skills) pairs; postings without both are passed over."""
        docs: list[tuple[set[str], set[str]]] = []
        for title, skills in postings:
            t, s = _words([title], analyzer), _words(skills, analyzer)
            if t and s:
                docs.append((t, s))
        n = len(docs)
        nt: Counter[str] = Counter()
        ns: Counter[str] = Counter()
        pairs: Counter[tuple[str, str]] = Counter()
        for t, s in docs:
            nt.update(t)
            ns.update(s)
            pairs.update((a, b) for a in t for b in s if a != b)

        def table(source: Counter[str], target: Counter[str], flip: bool) -> dict:
            scored: dict[str, list[tuple[float, str]]] = {}
            for (a, b), c in pairs.items():
                src, dst = (b, a) if flip else (a, b)
                if c < min_pair:
                    continue
                lift = c * n / (source[src] * target[dst])
                if lift <= 1.0:
                    continue
                scored.setdefault(src, []).append((c / source[src] * math.log(lift), dst))
            out = {}
            for src, found in scored.items():
                best = sorted(found, key=lambda x: (-x[0], x[1]))[:top]
                total = sum(w for w, _ in best)
                out[src] = tuple((dst, round(w / total, 4)) for w, dst in best)
            return out

        idf = {w: round(math.log((1 + n) / (1 + c)) + 1.0, 4) for w, c in (nt + ns).items()}
        return cls(analyzer, table(nt, ns, False), table(ns, nt, True), idf, n)

    def expand(self, titles: Sequence[str], skills: Sequence[str]) -> dict[str, float]:
        """The words a person's desired titles and skills lead to, weights summing to 1 (empty
        if none of their words is known): each source word counts by its idf, its targets
        share that by their association weight."""
        out: dict[str, float] = {}
        sources = [(w, 0) for w in _words(titles, self.analyzer)]
        sources += [(w, 1) for w in _words(skills, self.analyzer)]
        tables = (self.title_to_skill, self.skill_to_title)
        for word, side in sorted(sources):  # a fixed order, so the sums are reproducible
            tab = tables[side]
            targets = tab.get(word)
            if not targets:
                continue
            weight = self.idf.get(word, 1.0)
            for dst, a in targets:
                out[dst] = out.get(dst, 0.0) + weight * a
        total = sum(out.values())
        return {w: v / total for w, v in out.items()} if total > 0 else {}

    # -- persistence (plain data) ----------------------------------------------------------------

    def save(self, directory: Path) -> None:
        data = {
            "analyzer": self.analyzer,
            "n_postings": self.n_postings,
            "title_to_skill": self.title_to_skill,
            "skill_to_title": self.skill_to_title,
            "idf": self.idf,
        }
        (directory / FILE).write_text(json.dumps(data, ensure_ascii=True), encoding="ascii")

    @classmethod
    def load(cls, directory: Path) -> Association | None:
        """The association saved in `directory`, or None (an index written without one)."""
        path = directory / FILE
        if not path.exists():
            return None
        data = json.loads(path.read_text(encoding="ascii"))

        def tab(raw: dict) -> dict[str, tuple[tuple[str, float], ...]]:
            return {str(k): tuple((str(d), float(w)) for d, w in v) for k, v in raw.items()}

        return cls(
            str(data["analyzer"]),
            tab(data["title_to_skill"]),
            tab(data["skill_to_title"]),
            {str(k): float(v) for k, v in data["idf"].items()},
            int(data["n_postings"]),
        )
