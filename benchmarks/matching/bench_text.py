"""Tokeniser choice for the text part: character n-grams vs jieba words, quality and speed.

Quality: job-board titles → occupation. Every alias of a level-4 row of the taxonomy that
differs from its name is a query (the titles job boards use: "Python开发", "仓管员"...); the
documents are the occupations' name + definition + tasks; a hit is the alias's own 细类.
The custom jieba dictionary used here holds occupation *names* and the skills vocabulary but
not the aliases, so no query is in the dictionary (hold-out). Top-1, top-5 and MRR.

Speed and index size: the synthetic vacancies (long descriptions) and the real 51job postings
(jobName + tags, read from ../shared/data at run time): tokenising throughput, terms per
document, and the index entries an online query touches (Σ df of its terms, after the max_df
cut) — what the online latency is proportional to.

Segmenter (`--segmenter`): jieba's own precise mode (`Tokenizer.cut(block, HMM=False)`) and
the product's `WordGraph` (the same cut in one pass) side by side on every distinct block of
the real postings (all text columns), the taxonomy's texts and synthetic people's texts:
characters per second of each (rounds alternating, no cache) and whether every cut is equal.

Run from the repository root:
  .venv/bin/python benchmarks/matching/bench_text.py [--quick] [--vacancies N] [--queries N]
  .venv/bin/python benchmarks/matching/bench_text.py --segmenter [--rounds 3]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth  # noqa: E402
from common import machine, write_section  # noqa: E402

from jobhub.matching.features import seeker_document, vacancy_document  # noqa: E402
from jobhub.matching.normalize import normalize_text  # noqa: E402
from jobhub.matching.skills import default_vocabulary  # noqa: E402
from jobhub.matching.text import TextModel  # noqa: E402
from jobhub.matching.tokenizer import (  # noqa: E402
    _BLOCK_RE,
    WordGraph,
    _Segmenter,
    jieba_tokenizer,
    taxonomy_csv_path,
    text_blocks,
    title_bigrams,
)

POSTINGS = ROOT.parent / "shared" / "data" / "postings" / "51job-2023.csv"
MARK = re.compile(r"(L/S|L|S)$")
VARIANTS = [
    # (label, analyzer, dictionary, title bigrams)
    ("char 1-2-grams", "char12", None, False),
    ("char 2-grams", "char2", None, False),
    ("jieba, default dictionary", "jieba", "none", False),
    ("jieba + dictionary", "jieba", "names", False),
    ("jieba search + dictionary", "jieba_search", "names", False),
    ("jieba + dictionary + title 2-grams", "jieba", "names", True),
    ("jieba search + dict + title 2-grams", "jieba_search", "names", True),
]


def names_dictionary() -> list[str]:
    words = []
    with taxonomy_csv_path().open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            words.append(MARK.sub("", row["name"].strip()))
    for skill in default_vocabulary().skills:
        words.extend((skill.name, *skill.aliases))
    out = (normalize_text(x).replace(" ", "") for x in words)
    return list(
        dict.fromkeys(w for w in out if len(w) >= 2 and _BLOCK_RE.fullmatch(w) and not w.isascii())
    )


def segmenter_for(analyzer: str, dictionary: str | None) -> _Segmenter:
    if dictionary is None:
        return _Segmenter(analyzer)
    return _Segmenter(analyzer, words=[] if dictionary == "none" else names_dictionary())


class Fields:
    """A (title, body) tokeniser like jobhub.matching.text.analyze_fields, with a chosen
    dictionary."""

    def __init__(self, analyzer: str, dictionary: str | None, bigrams: bool) -> None:
        self.seg = segmenter_for(analyzer, dictionary)
        self.bigrams = bigrams

    def __call__(self, title: str, body: str) -> list[str]:
        head = self.seg.tokens(title)
        out = head + head + self.seg.tokens(body)
        return out + title_bigrams(title) if self.bigrams else out


def alias_queries() -> tuple[list[tuple[str, str]], list[str], list[int]]:
    docs, queries, truth = [], [], []
    with taxonomy_csv_path().open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["level"] == "4"]
    for i, row in enumerate(rows):
        name = MARK.sub("", row["name"].strip())
        docs.append((name, " ".join((row["definition"], row["tasks"]))))
        for alias in re.split(r"[,，]", row.get("alias") or ""):
            alias = alias.strip()
            if alias and alias != row["name"].strip() and alias != name:
                queries.append(alias)
                truth.append(i)
    return docs, queries, truth


def quality(fields: Fields, analyzer: str) -> dict[str, float]:
    docs, queries, truth = alias_queries()
    model, D = TextModel.fit(
        [], analyzer=analyzer, max_df=0.2, tokens=[fields(t, b) for t, b in docs]
    )
    Q = model.transform_tokens([fields(q, "") for q in queries])
    sims = (Q @ D.T).toarray()
    ranks = []
    for i, t in enumerate(truth):
        row = sims[i]
        ranks.append(int((row > row[t]).sum()) + 1 if row[t] > 0 else 10**9)
    r = np.array(ranks)
    return {
        "top1": float((r == 1).mean()),
        "top5": float((r <= 5).mean()),
        "mrr": float(np.mean(np.where(r < 10**9, 1.0 / r, 0.0))),
        "n": len(r),
    }


def postings_texts() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    if not POSTINGS.exists():
        return [], []
    with POSTINGS.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return [(r["jobName"], r["tags"]) for r in rows], [(r["jobName"], "") for r in rows]


def speed(
    fields: Fields,
    analyzer: str,
    docs: list[tuple[str, str]],
    queries: list[tuple[str, str]],
    max_df: float,
) -> dict[str, float]:
    chars = sum(len(t) + len(b) for t, b in docs)
    t0 = time.perf_counter()
    toks = [fields(t, b) for t, b in docs]
    t_tok = time.perf_counter() - t0
    model, X = TextModel.fit([], analyzer=analyzer, max_df=max_df, tokens=toks)
    df = np.bincount(X.indices, minlength=model.size)
    Q = model.transform_tokens([fields(t, b) for t, b in queries])
    touched = np.array(
        [df[Q.indices[Q.indptr[i] : Q.indptr[i + 1]]].sum() for i in range(Q.shape[0])]
    )
    # the same without the max_df cut: what the cut saves
    model_all, X_all = TextModel.fit([], analyzer=analyzer, max_df=1.0, tokens=toks)
    df_all = np.bincount(X_all.indices, minlength=model_all.size)
    Q_all = model_all.transform_tokens([fields(t, b) for t, b in queries])
    touched_all = np.array(
        [
            df_all[Q_all.indices[Q_all.indptr[i] : Q_all.indptr[i + 1]]].sum()
            for i in range(Q_all.shape[0])
        ]
    )
    return {
        "touched_nocut": float(touched_all.mean()),
        "chars_per_s": chars / t_tok,
        "terms": model.size,
        "nnz_per_doc": X.nnz / max(X.shape[0], 1),
        "nnz_per_doc_nocut": X_all.nnz / max(X_all.shape[0], 1),
        "touched_mean": float(touched.mean()),
        "touched_p99": float(np.percentile(touched, 99)),
    }


def max_df_sweep(n_vac: int, n_q: int, cuts: list[float], out: list[str]) -> None:
    """Text-only retrieval on synthetic data for the shipped tokeniser at several max_df:
    precision@10 where a vacancy is relevant if its code shares the 小类 of a desired code,
    and the index entries a query touches."""
    u = synth.Universe()
    vacs = [v for v in synth.vacancies(n_vac, universe=u, seed=11)]
    seekers = [s for s in synth.seekers(n_q, universe=u, seed=12) if s.occupation_codes]
    fields = Fields("jieba", None, True)
    toks = [fields(*vacancy_document(v)) for v in vacs]
    q_toks = [fields(*seeker_document(s)) for s in seekers]
    minor = np.array([(v.occupation_code or "")[:7] for v in vacs])
    out.append("")
    out.append(
        f"max_df sweep (jieba + dictionary + title 2-grams; {n_vac} vacancies, {len(seekers)} seekers):"
    )
    for cut in cuts:
        model, X = TextModel.fit([], analyzer="jieba", max_df=cut, tokens=toks)
        Q = model.transform_tokens(q_toks)
        df = np.bincount(X.indices, minlength=model.size)
        XT = X.T.tocsr()
        hits, touched = [], []
        for i, s in enumerate(seekers):
            q = Q[i]
            touched.append(df[q.indices].sum())
            sims = np.asarray(XT[q.indices].T @ q.data).ravel()
            top = np.argpartition(-sims, 10)[:10]
            wanted = {c[:7] for c in s.occupation_codes}
            hits.append(np.mean([minor[j] in wanted for j in top]))
        out.append(
            f"  max_df {cut:<5} terms {model.size:6d}  precision@10 {np.mean(hits):.3f}  entries touched mean {np.mean(touched):8.0f}"
        )
        print(out[-1], flush=True)


def segmenter_blocks(people: int) -> dict[str, list[str]]:
    """The distinct blocks of each source (what a cold cache meets: every block once)."""
    sources: dict[str, dict[str, None]] = {"51job postings": {}, "taxonomy": {}, "people": {}}
    if POSTINGS.exists():
        with POSTINGS.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                for key in ("jobName", "tags", "area", "companyName"):
                    sources["51job postings"].update(dict.fromkeys(text_blocks(row[key] or "")))
    with taxonomy_csv_path().open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            for value in row.values():
                sources["taxonomy"].update(dict.fromkeys(text_blocks(value or "")))
    for s in synth.seekers(people, seed=5):
        for text in (s.summary, *s.work_history, *s.desired_titles, *s.skills):
            sources["people"].update(dict.fromkeys(text_blocks(text)))
    return {name: list(blocks) for name, blocks in sources.items() if blocks}


def segmenter_speed(rounds: int, people: int) -> list[str]:
    """jieba's cut and the word graph on the same blocks, alternating, cuts compared."""
    jieba_tok, graph = jieba_tokenizer(), WordGraph(jieba_tokenizer())
    out = []
    for name, blocks in segmenter_blocks(people).items():
        chars = sum(map(len, blocks))
        times: dict[str, list[float]] = {"jieba": [], "graph": []}
        for _ in range(rounds):
            t = time.process_time()
            by_jieba = [list(jieba_tok.cut(b, HMM=False)) for b in blocks]
            times["jieba"].append(time.process_time() - t)
            t = time.process_time()
            by_graph = [graph.cut(b) for b in blocks]
            times["graph"].append(time.process_time() - t)
        same = sum(a == b for a, b in zip(by_jieba, by_graph, strict=True))
        j, g = min(times["jieba"]), min(times["graph"])
        out.append(
            f"- {name}: {len(blocks):,} distinct blocks, {chars:,} characters; jieba "
            f"{chars / j / 1e3:.0f}k chars/s, word graph {chars / g / 1e3:.0f}k chars/s "
            f"({j / g:.2f}× faster, best of {rounds}); equal cuts {same:,}/{len(blocks):,}"
        )
        print(out[-1], flush=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--vacancies", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=2_000)
    ap.add_argument("--max-df", type=float, default=0.02)
    ap.add_argument("--sweep-only", action="store_true", help="only the max_df sweep")
    ap.add_argument("--segmenter", action="store_true", help="only jieba vs the word graph")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    out: list[str] = []
    if args.segmenter:
        lines = segmenter_speed(args.rounds, 2_000 if args.quick else 20_000)
        write_section(
            "segmenter",
            "## Segmenter: jieba's cut and the word graph, side by side (bench_text.py "
            f"--segmenter)\n\n{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, machine: "
            f"{machine()}; CPU time (process_time), no cache, every distinct block once per "
            "round:\n\n" + "\n".join(lines),
        )
        return
    if args.sweep_only:
        max_df_sweep(
            20_000 if args.quick else args.vacancies,
            300 if args.quick else 1000,
            [1.0, 0.2, 0.1, 0.05, 0.02, 0.01],
            out,
        )
        return
    n_vac = 5_000 if args.quick else args.vacancies
    n_q = 300 if args.quick else args.queries
    u = synth.Universe()
    vac_docs = [vacancy_document(v) for v in synth.vacancies(n_vac, universe=u)]
    seek_docs = [seeker_document(s) for s in synth.seekers(n_q, universe=u)]
    job_docs, job_titles = postings_texts()
    mean_chars = np.mean([len(t) + len(b) for t, b in vac_docs])
    out.append(
        f"synthetic: {n_vac} vacancies ({mean_chars:.0f} chars), {n_q} seeker queries; "
        f"51job: {len(job_docs)} postings (jobName+tags, queries = other titles)"
    )
    print(out[-1], flush=True)
    rows = []
    for label, analyzer, dictionary, bigrams in VARIANTS:
        q = quality(Fields(analyzer, dictionary, bigrams), analyzer)
        s_syn = speed(
            Fields(analyzer, dictionary, bigrams), analyzer, vac_docs, seek_docs, args.max_df
        )
        s_job = (
            speed(
                Fields(analyzer, dictionary, bigrams),
                analyzer,
                job_docs,
                job_titles[::7],
                args.max_df,
            )
            if job_docs
            else {}
        )
        rows.append((label, q, s_syn, s_job))
        out += [
            "",
            label,
            f"  quality (alias → 细类, n={q['n']}): top1 {q['top1']:.3f}  top5 {q['top5']:.3f}  MRR {q['mrr']:.3f}",
            f"  synthetic: {s_syn['chars_per_s'] / 1e3:.0f}k chars/s tokenising (block cache on), {s_syn['terms']} terms, "
            f"{s_syn['nnz_per_doc']:.1f} terms/doc (no cut {s_syn['nnz_per_doc_nocut']:.1f}), "
            f"entries touched per query mean {s_syn['touched_mean']:.0f} p99 {s_syn['touched_p99']:.0f} "
            f"(no cut {s_syn['touched_nocut']:.0f})",
        ]
        if s_job:
            out.append(
                f"  51job:     {s_job['chars_per_s'] / 1e3:.0f}k chars/s, {s_job['terms']} terms, {s_job['nnz_per_doc']:.1f} terms/doc, "
                f"touched mean {s_job['touched_mean']:.0f} p99 {s_job['touched_p99']:.0f}"
            )
        print("\n".join(out[-5:]), flush=True)
    base = next(r for r in rows if r[0] == "jieba + dictionary")
    out += [
        "",
        "entries touched per query relative to jieba + dictionary with the max_df cut",
        "(synthetic with cut / synthetic without cut / 51job with cut):",
    ]
    for label, _, s_syn, s_job in rows:
        ref = base[2]["touched_mean"]
        rel_job = f"{s_job['touched_mean'] / base[3]['touched_mean']:.1f}x" if s_job else "n/a"
        out.append(
            f"  {label:38s} {s_syn['touched_mean'] / ref:6.1f}x {s_syn['touched_nocut'] / ref:7.1f}x  {rel_job}"
        )
    max_df_sweep(n_vac, n_q, [1.0, 0.2, 0.1, 0.05, 0.02, 0.01], out)
    print("\n".join(out))
    body = "\n".join(["```", *out, "```"])
    title = "## Tokeniser (bench_text.py" + (" --quick)" if args.quick else ")")
    write_section("text", f"{title}\n\nMachine: {machine()}\n\n{body}")


if __name__ == "__main__":
    main()
