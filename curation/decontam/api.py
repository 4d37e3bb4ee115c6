"""`decontaminate`: check a corpus against itself and against benchmarks, return a `Report`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence, Sized
from pathlib import Path
from typing import Any

import numpy as np

from recon_data.curation.decontam.config import DecontamConfig
from recon_data.curation.decontam.docfiles import resolve_doc_files
from recon_data.curation.decontam.findings import Doc, End, Finding, Report, merge, oriented
from recon_data.curation.decontam.index import ReferenceIndex, RefRow
from recon_data.curation.decontam.minhash import NearPair, near_duplicates
from recon_data.curation.decontam.scan import Scanner, ScanResult
from recon_data.curation.decontam.scanreport import ScanReport
from recon_data.curation.decontam.scanrun import scan_documents, scan_items
from recon_data.curation.decontam.sources import (
    COT_SPLIT,
    Benchmark,
    corpus_docs,
    corpus_size,
    load_benchmarks,
)
from recon_data.errors import ReconDataError
from recon_data.progress import progress_bar as _progress
from recon_data.storage import require_corpus


def decontaminate(
    corpus: str | Path | Iterable[Doc],
    against: Sequence[str | Path] = (),
    *,
    fields: Sequence[str] = (),
    within: bool = True,
    config: DecontamConfig | None = None,
    progress: bool = False,
    scan: Sequence[str | Path] | ScanReport = (),
    text_field: str = "text",
    engine: str = "local",
    workers: int = 1,
    scan_dir: str | Path | None = None,
) -> Report:
    """Find duplicates and leaks inside `corpus`, against each benchmark in `against`, and in `scan`.

    `corpus` is a corpus folder or any iterable of `Doc`. `against` holds benchmark files
    (CSV, JSON Lines, Parquet), Hub-layout folders or Hub ids; `fields` names the text
    columns to match (default: every string column). With `within=False` the corpus is
    only streamed against the benchmarks and never held in memory.

    `scan` names document shards (files, folders, globs of JSON Lines, JSON Lines.gz,
    Parquet; their `text_field` column) to search for the corpus's items, on the `engine`
    "local" or "datatrove" (`workers` processes, working files in `scan_dir`); or it is a
    `ScanReport` already made (a Slurm or Ray run merged by `merge_scan`). The result is
    `Report.scan`.
    """
    # A DecontamConfig is validated when it is made (pydantic), so it needs no check here.
    cfg = config or DecontamConfig()
    if not isinstance(scan, ScanReport) and scan:
        # Bad shard names fail now, not after the checks inside the corpus.
        resolve_doc_files(scan)
    benchmarks = [b for spec in against for b in load_benchmarks(spec, fields)]
    scanning = isinstance(scan, ScanReport) or bool(scan)
    if not within and not benchmarks and not scanning:
        raise ReconDataError(
            "nothing to check: name a benchmark or documents to scan, or enable the checks "
            "inside the corpus"
        )
    if scanning and not isinstance(corpus, (str, Path)):
        corpus = list(corpus)
    if not within and not benchmarks:
        report = Report(corpus=_label(corpus), config=cfg, findings=[], records=_records(corpus))
    else:
        report = _check(corpus, benchmarks, within=within, cfg=cfg, progress=progress)
    if isinstance(scan, ScanReport):
        report.scan = scan
    elif scan:
        with _progress(progress) as bar:
            report.scan = scan_documents(
                scan_items(corpus),
                scan,
                text_field=text_field,
                config=cfg,
                engine=engine,
                workers=workers,
                work_dir=scan_dir,
                advance=bar("Scanning documents", None),
            )
    return report


def _label(corpus: str | Path | Iterable[Doc]) -> str:
    return str(corpus) if isinstance(corpus, (str, Path)) else "<documents>"


def _records(corpus: str | Path | Iterable[Doc]) -> dict[str, int]:
    stream = corpus_docs(corpus) if isinstance(corpus, (str, Path)) else corpus
    return dict(sorted(Counter(d.split for d in stream).items()))


def _check(
    corpus: str | Path | Iterable[Doc],
    benchmarks: list[Benchmark],
    *,
    within: bool,
    cfg: DecontamConfig,
    progress: bool,
) -> Report:
    """Run the checks inside the corpus and against benchmarks."""
    if isinstance(corpus, (str, Path)):
        label, total = str(corpus), corpus_size(require_corpus(corpus))
        stream: Iterable[Doc] = corpus_docs(corpus)
    else:
        label, total = "<documents>", (len(corpus) if isinstance(corpus, Sized) else None)
        stream = corpus
    with _progress(progress) as bar:
        docs: list[Doc] = []
        if within:
            docs = _unique_records(stream)
            stream = docs
        rows = [RefRow(End.record(d.id, d.split), (("text", d.text),)) for d in docs]
        for bench in benchmarks:
            rows.extend(bench.rows)
        bar("Indexing reference texts", None)
        index = ReferenceIndex(rows, cfg)
        scanner = Scanner(index, cfg)
        splits: Counter = Counter()
        advance = bar("Scanning corpus", total)
        for batch in _batches(stream, cfg):
            scanner.feed(batch)
            splits.update(d.split for d in batch)
            advance(len(batch))
        result = scanner.finish()
        findings = _scan_findings(index, result)
        if within:
            df = np.maximum(index.df, scanner.df)
            # The scan is over: its lookup table and postings are not needed for MinHash.
            del scanner
            index.drop_scan_tables()
            step = bar("Near duplicates (MinHash LSH)", len(docs))
            pairs = near_duplicates(
                index,
                range(len(docs)),
                df,
                cfg,
                lambda a, b: allowed(rows[a].end, rows[b].end),
                step,
            )
            findings += [_near_finding(rows[p.a].end, rows[p.b].end, p, cfg) for p in pairs]
    findings = merge(_collapse_copies(findings))
    texts = _texts(findings, index, result)
    return Report(
        corpus=label,
        config=cfg,
        findings=findings,
        records=dict(sorted(splits.items())),
        sources=_source_summaries(benchmarks, index, result, findings),
        texts=texts,
    )


def _near_finding(x: End, y: End, pair: NearPair, cfg: DecontamConfig) -> Finding:
    finding = oriented("near_duplicate", x, y, pair.jaccard, {})
    numbers = {"a": list(pair.numbers[:2]), "b": list(pair.numbers[2:])}
    sizes = list(pair.shingles)
    if finding.a != x:
        numbers = {"a": numbers["b"], "b": numbers["a"]}
        sizes.reverse()
    finding.evidence.update(
        {
            "method": "minhash_lsh",
            "shingle": cfg.shingle,
            "jaccard": round(pair.jaccard, 4),
            "minhash_estimate": round(pair.estimate, 4),
            "shingles": sizes,
            # [instance numbers of this end, how many of them the other end holds in order]
            "numbers": numbers,
        }
    )
    return finding


def allowed(x: End, y: End) -> bool:
    """Return whether a pair of ends is worth reporting (CoT traces vs train are by design)."""
    if x.is_corpus and y.is_corpus:
        return {x.split, y.split} != {COT_SPLIT, "train"}
    return x.is_corpus or y.is_corpus


def _unique_records(stream: Iterable[Doc]) -> list[Doc]:
    docs, seen = [], set()
    for doc in stream:
        key = (doc.split, doc.id)
        if key in seen:
            raise ReconDataError(
                f"record id {doc.id!r} occurs twice in split {doc.split!r}",
                record=doc.id,
                field="id",
            )
        seen.add(key)
        docs.append(doc)
    return docs


def _batches(stream: Iterable[Doc], cfg: DecontamConfig) -> Iterator[list[Doc]]:
    batch: list[Doc] = []
    chars = 0
    for doc in stream:
        batch.append(doc)
        chars += len(doc.text)
        if len(batch) >= cfg.batch_docs or chars >= cfg.batch_chars:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


def _scan_findings(index: ReferenceIndex, result: ScanResult) -> list[Finding]:
    out = []
    for m in result.matches:
        ref = index.rows[m.row].end
        for query in [result.ends[m.cand], *result.aliases.get(m.cand, [])]:
            if query == ref or not allowed(query, ref):
                continue
            finding = oriented(m.kind, query, ref, m.score, dict(m.evidence))
            if m.kind == "ngram_overlap":
                # The score is the share of the reference side's content found in the other.
                finding.evidence["of"] = "b" if finding.b == ref else "a"
            out.append(finding)
    return out


def _collapse_copies(findings: list[Finding]) -> list[Finding]:
    """Report exact copies inside one split as star pairs from the group's first id."""
    parent: dict[End, End] = {}

    def root(x: End) -> End:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    rest = []
    for f in findings:
        if f.kind == "exact" and f.a.is_corpus and f.b.is_corpus and f.a.split == f.b.split:
            ra, rb = root(f.a), root(f.b)
            if ra != rb:
                first, second = sorted((ra, rb), key=End.sort_key)
                parent[second] = first
            parent.setdefault(f.a, f.a)
            parent.setdefault(f.b, f.b)
        else:
            rest.append(f)
    groups: dict[End, list[End]] = {}
    for end in parent:
        groups.setdefault(root(end), []).append(end)
    for members in groups.values():
        members.sort(key=End.sort_key)
        head = members[0]
        rest += [
            Finding(
                "exact", head, other, 1.0, {"method": "normalised_text", "copies": len(members)}
            )
            for other in members[1:]
        ]
    return rest


def _texts(findings: list[Finding], index: ReferenceIndex, result: ScanResult) -> dict[End, str]:
    wanted = {e for f in findings for e in (f.a, f.b)}
    texts: dict[End, str] = {}
    for row in index.rows:
        if row.end in wanted:
            texts[row.end] = row.text()
    for c, end in enumerate(result.ends):
        for e in [end, *result.aliases.get(c, [])]:
            if e in wanted and e not in texts:
                texts[e] = result.texts[c]
    return texts


def _source_summaries(
    benchmarks: list[Benchmark], index: ReferenceIndex, result: ScanResult, findings: list[Finding]
) -> list[dict[str, Any]]:
    unmatchable = {
        index.rows[r].end
        for r in result.unmatchable_rows.tolist()
        if not index.rows[r].end.is_corpus
    }
    out = []
    for bench in benchmarks:
        info = bench.describe()
        ends = {row.end for row in bench.rows}
        hit = [f for f in findings if f.b in ends]
        # The training side of a benchmark finding is always a corpus record, which has a split.
        by_split = Counter(str(f.a.split) for f in hit)
        info["rows_matched"] = len({f.b for f in hit})
        info["records_matched"] = {
            s: len({f.a for f in hit if str(f.a.split) == s}) for s in sorted(by_split)
        }
        info["rows_without_content"] = len(ends & unmatchable)
        out.append(info)
    return out
