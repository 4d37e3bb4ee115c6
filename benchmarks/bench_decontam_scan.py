"""Benchmark the streaming scan (`decontaminate --scan`): 1M synthetic pages, planted leaks.

    python benchmarks/bench_decontam.py --scan                    # 1,000,000 pages, every engine
    python benchmarks/bench_decontam.py --scan --docs 200000      # quicker
    python benchmarks/bench_decontam.py --scan --template-sweep   # the max_df measurement

The items are the corpus built from ../shared/recon-release (2,100 problems). The pages are
written once into shards (JSON Lines, gzipped JSON Lines and Parquet in turn, 50,000 pages
each) under --work: filler of 100-400 words drawn from the items' own word frequencies, and
planted among them (the ground truth is kept beside the shards):

* `leak`       an item (eval or train) pasted verbatim into a page of filler;
* `template`   a page of nothing but one category's template sentences (those held by at
               least half its items), alone or inside filler: not contamination;
* `renumbered` an item with every value changed (decimals, integers of 2+ digits, 3x3
               matrices): the same template filled with another instance, not this item.

Each engine runs in a fresh process over the first 100,000 pages and over all of them:
recon-data in-process, recon-data on datatrove's local executor (1 and 2 workers), and
datatrove's own `NGramsDecontFilter` (12-grams, one hit drops a page). Its index is built
with `NGramsDecontIndexer.compute_hashes` called on a stand-in object, since the indexer
class itself refuses to exist without lighteval (not installed here), and its English word
tokenizer needs spaCy (not installed): pages are split on spaces after datatrove's own
`simplify_text`, which has already removed punctuation. The prompt n-grams are indexed
(`find_query_ngrams=True`), since the leaks are prompts, not answers.

Reported per run: wall time, CPU time of the process and its workers, peak resident memory
(the largest process), pages per CPU-second and per worker-second, recall of the leaks and
false positives among template, renumbered and filler pages.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
from decontam_scan_data import SHARD, make_shards, problems, template_sweep

ENGINES = ("recon_local", "recon_datatrove_1", "recon_datatrove_2", "datatrove_filter")
# The max_df values of the template measurement.
SWEEP = [1, 2, 3, 5, 10, 15, 20, 50, 100, 150, 1000]


def _page_ids(shards: list[Path]) -> dict[tuple[str, int], str]:
    """Map (file, row) to the page id written in it (the ground truth is kept by id)."""
    import pyarrow.parquet as pq

    out = {}
    for path in shards:
        if path.suffix == ".parquet":
            ids = pq.read_table(path, columns=["id"]).column(0).to_pylist()
        else:
            opener = gzip.open if path.name.endswith(".gz") else open
            with opener(path, "rt", encoding="utf-8") as fh:
                ids = [json.loads(line)["id"] for line in fh]
        out.update({(str(path), r): i for r, i in enumerate(ids)})
    return out


def score(
    flagged: set[str], leaks_found: set[str], truth: dict[str, Any], pages: set[str]
) -> dict[str, Any]:
    """Count what was flagged against the planted ground truth (among the pages scanned)."""
    planted = Counter(truth[p][0] for p in pages if p in truth)
    by_kind = Counter(truth.get(p, ["filler"])[0] for p in flagged)
    return {
        "leaks_found": f"{len(leaks_found)}/{planted['leak']}",
        "template_pages_flagged": f"{by_kind['template']}/{planted['template']}",
        "renumbered_pages_flagged": f"{by_kind['renumbered']}/{planted['renumbered']}",
        "filler_pages_flagged": by_kind["filler"],
    }


def run_recon(corpus: Path, shards: list[Path], workers: int | None) -> list[tuple[str, int, str]]:
    """Scan with recon-data; return (file, row, item id) of every finding."""
    from recon_data.curation.decontam import scan_documents, scan_items

    engine = {"engine": "datatrove", "workers": workers} if workers else {}
    report = scan_documents(scan_items(corpus), [str(s) for s in shards], **engine)  # type: ignore[arg-type]
    return [(h.file, h.row, str(h.item.id)) for h in report.hits]


def recon_flagged(
    hits: list[tuple[str, int, str]], shards: list[Path]
) -> tuple[set[str], set[str]]:
    """Return (pages flagged, leak pages where the planted item itself was found)."""
    ids, truth = _page_ids(shards), json.loads((shards[0].parent / "truth.json").read_text())
    flagged = {ids[(f, r)] for f, r, _ in hits}
    found = {ids[(f, r)] for f, r, item in hits if truth.get(ids[(f, r)], [None, None])[1] == item}
    return flagged, found


def run_datatrove_filter(corpus: Path, shards: list[Path], work: Path) -> tuple[set[str], set[str]]:
    """Run datatrove's own n-gram decontamination on the shards; return the pages it drops."""
    from types import SimpleNamespace

    from datatrove.executor.local import LocalPipelineExecutor
    from datatrove.pipeline.decont.n_grams import (
        NGramsDecontConfig,
        NGramsDecontFilter,
        NGramsDecontIndexer,
    )
    from datatrove.pipeline.readers import JsonlReader, ParquetReader
    from datatrove.pipeline.writers import JsonlWriter
    from datatrove.utils.hashing import HashConfig, create_hash_func

    # datatrove's default xxhash wrapper passes str, which xxhash 4 refuses (datatrove #508).
    HASH = HashConfig(hash_fc="sha1")
    from datatrove.utils.word_tokenizers import WordTokenizer

    class Spaces(WordTokenizer):
        def word_tokenize(self, text: str) -> list[str]:
            return text.split()

        def sent_tokenize(self, text: str) -> list[str]:
            return [text]

        def span_tokenize(self, text: str) -> list[tuple[int, int]]:
            return [(0, len(text))]

    config = NGramsDecontConfig(find_query_ngrams=True, hash_config=HASH)
    stand_in = SimpleNamespace(tokenizer=Spaces(), config=config, hash_func=create_hash_func(HASH))
    hashes: set[int] = set()
    for row in problems(corpus):
        hashes.update(NGramsDecontIndexer.compute_hashes(stand_in, row["answer"], row["text"]))  # type: ignore[arg-type]
    (work / "index").mkdir(parents=True)
    np.array(sorted(hashes), dtype=np.uint64).tofile(work / "index" / "recon.index.hashes")
    folder = str(shards[0].parent)
    lists = {}
    for kind in ("jsonl", "parquet"):
        names = [s.name for s in shards if (s.suffix == ".parquet") == (kind == "parquet")]
        lists[kind] = work / f"{kind}.txt"
        lists[kind].write_text("".join(n + "\n" for n in names), encoding="utf-8")
    pipeline = [
        JsonlReader(folder, paths_file=str(lists["jsonl"])),
        ParquetReader(folder, paths_file=str(lists["parquet"])),
        NGramsDecontFilter(
            str(work / "index"), config=config, language=Spaces(),
            exclusion_writer=JsonlWriter(str(work / "dropped"), compression=None),
        ),
    ]  # fmt: skip
    LocalPipelineExecutor(pipeline, tasks=1, logging_dir=str(work / "logs")).run()
    truth = json.loads((shards[0].parent / "truth.json").read_text())
    flagged = set()
    for part in (work / "dropped").glob("*.jsonl"):
        flagged |= {
            json.loads(line)["id"] for line in part.read_text(encoding="utf-8").splitlines()
        }
    return flagged, {p for p in flagged if truth.get(p, [None])[0] == "leak"}


class TreeMeter(threading.Thread):
    """Sample CPU time and peak memory of every process below this one (datatrove's workers
    are children of its forkserver, so `RUSAGE_CHILDREN` never sees them)."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.cpu: dict[int, float] = {}
        self.peak: dict[int, float] = {}
        self.done = threading.Event()

    def run(self) -> None:
        """Sample every 0.1 s until stopped."""
        import psutil

        me = psutil.Process()
        while not self.done.wait(0.1):
            for proc in me.children(recursive=True):
                try:
                    times = proc.cpu_times()
                    self.cpu[proc.pid] = times.user + times.system
                    self.peak[proc.pid] = max(self.peak.get(proc.pid, 0.0), _vm_hwm(proc.pid))
                except (psutil.Error, OSError):
                    continue  # it ended between the listing and the reading

    def stop(self) -> tuple[float, float]:
        """Return (CPU seconds, largest peak MB) of the descendants seen."""
        self.done.set()
        self.join()
        return sum(self.cpu.values()), max(self.peak.values(), default=0.0)


def child(args: argparse.Namespace) -> dict[str, Any]:
    """Run one engine over the first --docs pages; return its times, memory and findings."""
    shards = sorted(p for p in Path(args.work, "shards").iterdir() if p.name.startswith("pages-"))
    shards = shards[: -(-args.docs // SHARD)]
    corpus = Path(args.work, "corpus")
    meter = TreeMeter()
    meter.start()
    wall, cpu = time.perf_counter(), time.process_time()
    with tempfile.TemporaryDirectory() as tmp:
        if args.child == "datatrove_filter":
            flagged, found = run_datatrove_filter(corpus, shards, Path(tmp))
        else:
            workers = {"recon_local": None, "recon_datatrove_1": 1, "recon_datatrove_2": 2}[
                args.child
            ]
            hits = run_recon(corpus, shards, workers)
        wall = time.perf_counter() - wall
        cpu = time.process_time() - cpu
        kids_cpu, kids_peak = meter.stop()
        # Taken before the ground truth is loaded for scoring (a map of every page).
        own_peak = _vm_hwm("self")
    if args.child != "datatrove_filter":
        flagged, found = recon_flagged(hits, shards)
    workers = 2 if args.child.endswith("_2") else 1
    truth = json.loads(Path(args.work, "shards", "truth.json").read_text())
    pages = set(_page_ids(shards).values())
    total_cpu = cpu + kids_cpu
    return {
        "pages": len(pages),
        "wall_s": round(wall, 1),
        "cpu_s": round(total_cpu, 1),
        "peak_rss_mb": round(max(own_peak, kids_peak)),
        "main_process_peak_mb": round(own_peak),
        "pages_per_cpu_s": round(len(pages) / total_cpu),
        "pages_per_worker_s": round(len(pages) / wall / workers),
        **score(flagged, found, truth, pages),
    }


def _vm_hwm(pid: int | str) -> float:
    """Return a process's peak resident memory in MB (VmHWM)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main(argv: list[str]) -> None:
    """Make the corpus and the shards once, run every engine in its own process, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scan", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--docs", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=100_000, help="the smaller run, for memory")
    parser.add_argument("--work", default=str(Path(tempfile.gettempdir()) / "recon-bench-scan"))
    parser.add_argument(
        "--release", default=str(Path(__file__).resolve().parents[2] / "shared" / "recon-release")
    )
    parser.add_argument("--only", action="append", choices=ENGINES)
    parser.add_argument("--template-sweep", action="store_true")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--child", choices=ENGINES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args)))
        return
    work = Path(args.work)
    corpus = work / "corpus"
    if not corpus.exists():
        from recon_data.curation.build import build_corpus

        build_corpus(corpus, Path(args.release))
    if args.template_sweep:
        result: Any = template_sweep(corpus, work, SWEEP)
    else:
        shards = work / "shards"
        marker = shards / f"made-{args.docs}"
        if not marker.exists():
            import shutil

            shutil.rmtree(shards, ignore_errors=True)
            make_shards(corpus, shards, args.docs)
            marker.write_text("", encoding="utf-8")
        result = {}
        for engine in args.only or ENGINES:
            for docs in sorted({min(args.small, args.docs), args.docs}):
                cmd = [
                    sys.executable,
                    __file__,
                    "--child",
                    engine,
                    "--docs",
                    str(docs),
                    "--work",
                    str(work),
                ]
                got = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
                result[f"{engine}@{docs}"] = json.loads(got.strip().splitlines()[-1])
                print(f"{engine}@{docs}: {json.dumps(result[f'{engine}@{docs}'])}", file=sys.stderr)
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
