"""Benchmark decontamination: against a benchmark (streaming) and inside one corpus.

    python benchmarks/bench_decontam.py                          # 1,000,000 prompts x 10,000 rows
    python benchmarks/bench_decontam.py --train 100000           # quicker
    python benchmarks/bench_decontam.py --within --train 100000  # inside one corpus
    python benchmarks/bench_decontam.py --json out.json
    python benchmarks/bench_decontam.py --scan                   # scan 1M pages (bench_decontam_scan.py)

Every method runs in a fresh process on the same generated data (fixed seed), so each one's
peak memory is its own. For each the script prints wall time, CPU time (`time.process_time`,
steadier than wall time on a shared machine), peak resident memory (VmHWM, else
`ru_maxrss`), the memory the method added over the generated data, what it found against
the planted ground truth, and the ratios of the others to recon-data.

Against a benchmark (default): recon-data's `decontaminate(..., within=False)` and a plain
word 8-gram set lookup in the style of open-r1's `scripts/decontaminate.py` (lower-case,
split on whitespace, flag a prompt when any of its 8-grams is an 8-gram of a benchmark row).
Planted among otherwise random prompts:

* `copy`      a benchmark question copied into a training prompt under a different
              instruction, with case and punctuation changed: contamination.
* `pair`      a benchmark premise/hypothesis pair (3-7 words each) written as
              "Premise: ... Hypothesis: ..." under an instruction: contamination that no
              8-gram can show, since neither field has 8 words.
* `template`  a prompt that shares only a benchmark instruction template (27 words, used by
              hundreds of benchmark rows) and has its own body: not contamination.
* `renumber`  a benchmark question with every number changed, i.e. the same template filled
              with another instance: a different item, which recon-data does not flag by
              design (its instance numbers disagree) and the plain lookup does.

Inside one corpus (`--within`): recon-data's `decontaminate(docs)` (exact, n-gram
containment and MinHash LSH near duplicates), datasketch used directly (a `MinHash` of each
prompt's word 3-gram shingles, `MinHashLSH` at threshold 0.5, pairs kept at an estimated
Jaccard of 0.7) and the plain 8-gram lookup (flag two prompts sharing any 8-gram). Planted:
`exact` copies (case changed), `near` copies (three words substituted) and `renumber`
copies (every number changed, not a duplicate) of earlier prompts, one each per 300 prompts.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import resource
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

WORDS = 30_000
TEMPLATES = 12
TRAIN_TEMPLATES = 40


def _words(rng: random.Random, n: int) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    seen: set[str] = set()
    while len(seen) < n:
        seen.add("".join(rng.choice(letters) for _ in range(rng.randint(3, 10))))
    return sorted(seen)


class Synthetic:
    """The benchmark rows and the training prompts, with the planted ground truth."""

    def __init__(
        self, bench_rows: int, train: int, planted: int, template_docs: int, seed: int = 7
    ) -> None:
        rng = random.Random(seed)
        self.seed = seed
        self.size = train
        self.vocab = _words(rng, WORDS)
        self.templates = [self._sentence(rng, 27) for _ in range(TEMPLATES)]
        self.train_templates = [self._sentence(rng, 18) for _ in range(TRAIN_TEMPLATES)]
        self.rows: list[dict[str, str]] = []
        self.long_rows = bench_rows * 6 // 10
        for i in range(bench_rows):
            if i < self.long_rows:
                body = self._body(rng, 45, 4)
                self.rows.append(
                    {
                        "question": f"{self.templates[i % TEMPLATES]}\n\n{body}",
                        "premise": "",
                        "hypothesis": "",
                    }
                )
            else:
                self.rows.append(
                    {
                        "question": "",
                        "premise": self._sentence(rng, rng.randint(3, 7)),
                        "hypothesis": self._sentence(rng, rng.randint(3, 7)),
                    }
                )
        slots = rng.sample(range(train), 3 * planted + template_docs)
        kinds = (
            ["copy"] * planted
            + ["pair"] * planted
            + ["renumber"] * planted
            + ["template"] * template_docs
        )
        self.truth: dict[int, str] = dict(zip(slots, kinds, strict=True))

    def prompts(self) -> Iterator[str]:
        """Yield the training prompts, the same ones on every call."""
        rng = random.Random(self.seed + 1)
        for i in range(self.size):
            yield self._prompt(rng, i)

    def _sentence(self, rng: random.Random, n: int) -> str:
        return " ".join(rng.choices(self.vocab, k=n)).capitalize() + "."

    def _body(self, rng: random.Random, n: int, numbers: int) -> str:
        words = rng.choices(self.vocab, k=n)
        for _ in range(numbers):
            words.insert(
                rng.randrange(len(words)), f"{rng.randint(1, 99999)}.{rng.randint(0, 99):02d}"
            )
        return " ".join(words) + "?"

    def _prompt(self, rng: random.Random, i: int) -> str:
        head = rng.choice(self.train_templates)
        kind = self.truth.get(i)
        if kind == "copy":
            text = self.rows[rng.randrange(self.long_rows)]["question"].split("\n\n", 1)[1]
            return f"{head}\n\nQUESTION -- {text.upper().replace(' ', ', ', 3)}"
        if kind == "renumber":
            words = self.rows[rng.randrange(self.long_rows)]["question"].split()
            return " ".join(
                f"{rng.randint(1, 99999)}.{rng.randint(0, 99):02d}" if w[0].isdigit() else w
                for w in words
            )
        if kind == "pair":
            row = self.rows[rng.randrange(self.long_rows, len(self.rows))]
            return f"{head}\n\nPremise: {row['premise']}\nHypothesis: {row['hypothesis']}"
        if kind == "template":
            return f"{rng.choice(self.templates)}\n\n{self._body(rng, 40, 3)}"
        return f"{head}\n\n{self._body(rng, rng.randint(30, 55), 2)}"


# -- the plain lookup (open-r1 style) --------------------------------------------------------
def _normalize(text: str) -> str:
    return " ".join(text.lower().strip().split())


def _ngrams(text: str, n: int) -> list[str]:
    words = text.split()
    return [" ".join(words[i : i + n]) for i in range(len(words) - n + 1)]


def plain_lookup(rows: list[dict[str, str]], train: Iterable[str], n: int = 8) -> set[int]:
    """Return the indices of training prompts sharing any word n-gram with any benchmark row."""
    lookup: set[str] = set()
    for row in rows:
        lookup.update(_ngrams(_normalize(" ".join(v for v in row.values() if v)), n))
    flagged = set()
    for i, text in enumerate(train):
        if any(g in lookup for g in set(_ngrams(_normalize(text), n))):
            flagged.add(i)
    return flagged


# -- recon-data ------------------------------------------------------------------------------
def recon(rows: list[dict[str, str]], train: Iterable[str], folder: Path) -> tuple[set[int], Any]:
    """Run `decontaminate` streaming the prompts against the rows; return flagged indices."""
    from recon_data.curation.decontam import Doc, decontaminate

    bench = folder / "bench.jsonl"
    with open(bench, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row) + "\n")
    docs = (Doc(str(i), "train", text) for i, text in enumerate(train))
    report = decontaminate(
        docs, [bench], fields=["question", "premise", "hypothesis"], within=False
    )
    return {int(f.a.id) for f in report.findings if f.a.is_corpus}, report


def _score(flagged: set[int], truth: dict[int, str]) -> dict[str, Any]:
    by_kind = Counter(truth.get(i, "random") for i in flagged)
    planted = Counter(truth.values())
    return {
        "flagged": len(flagged),
        "contamination_found": {k: f"{by_kind.get(k, 0)}/{planted[k]}" for k in ("copy", "pair")},
        "other_prompts_flagged": {k: by_kind.get(k, 0) for k in ("template", "renumber", "random")},
    }


# -- inside one corpus -------------------------------------------------------------------------
def within_docs(data: Synthetic) -> tuple[list[str], dict[int, str]]:
    """Return the prompts with planted copies of earlier prompts, and {index: planted kind}."""
    docs = list(data.prompts())
    rng = random.Random(data.seed + 2)
    truth: dict[int, str] = {}
    slots = rng.sample(range(len(docs) // 2, len(docs)), 3 * (len(docs) // 300))
    for k, slot in enumerate(slots):
        source = docs[rng.randrange(len(docs) // 2)].split(" ")
        kind = ("exact", "near", "renumber")[k % 3]
        if kind == "exact":
            source = [w.upper() for w in source]
        elif kind == "near":
            for pos in rng.sample(range(len(source)), 3):
                source[pos] = rng.choice(data.vocab)
        else:
            source = [
                f"{rng.randint(1, 99999)}.{rng.randint(0, 99):02d}" if w[:1].isdigit() else w
                for w in source
            ]
        docs[slot] = " ".join(source)
        truth[slot] = kind
    return docs, truth


def recon_within(docs: list[str]) -> set[int]:
    """Return the prompts recon-data reports in any finding inside the corpus."""
    from recon_data.curation.decontam import Doc, decontaminate

    report = decontaminate([Doc(str(i), "train", t) for i, t in enumerate(docs)])
    return {int(e.id) for f in report.findings for e in (f.a, f.b)}


def datasketch_within(docs: list[str], jaccard: float = 0.7) -> set[int]:
    """Return the prompts datasketch's MinHash LSH pairs at an estimated Jaccard >= `jaccard`."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=jaccard - 0.2, num_perm=128)
    sketches = []
    for i, text in enumerate(docs):
        words = _normalize(text).split()
        sketch = MinHash(num_perm=128, seed=1)
        sketch.update_batch({" ".join(words[j : j + 3]).encode() for j in range(len(words) - 2)})
        lsh.insert(i, sketch)
        sketches.append(sketch)
    flagged = set()
    for i, sketch in enumerate(sketches):
        for j in lsh.query(sketch):
            if j != i and sketch.jaccard(sketches[j]) >= jaccard:
                flagged.update((i, j))
    return flagged


def plain_within(docs: list[str], n: int = 8) -> set[int]:
    """Return the prompts sharing any word n-gram with another prompt."""
    first: dict[str, int] = {}
    flagged = set()
    for i, text in enumerate(docs):
        for gram in set(_ngrams(_normalize(text), n)):
            j = first.setdefault(gram, i)
            if j != i:
                flagged.update((i, j))
    return flagged


def _score_within(flagged: set[int], truth: dict[int, str]) -> dict[str, Any]:
    by_kind = Counter(truth.get(i, "other") for i in flagged)
    planted = Counter(truth.values())
    return {
        "flagged": len(flagged),
        "duplicates_found": {k: f"{by_kind.get(k, 0)}/{planted[k]}" for k in ("exact", "near")},
        "not_duplicates_flagged": {k: by_kind.get(k, 0) for k in ("renumber", "other")},
    }


# -- measuring ---------------------------------------------------------------------------------
def _status_mb(field: str) -> float | None:
    # VmHWM is this process's own high-water mark (reset at exec); ru_maxrss on Linux also
    # counts the parent's memory copied at fork, before exec.
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return None


def _peak_mb() -> float:
    peak = _status_mb("VmHWM")
    if peak is not None:
        return peak
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20


METHODS = {
    False: ("recon_data", "plain_8gram"),
    True: ("recon_data", "datasketch", "plain_8gram"),
}


def child(args: argparse.Namespace) -> dict[str, Any]:
    """Generate the data, run one method on it, return its times, memory and findings."""
    import tempfile

    data = Synthetic(args.bench, args.train, args.planted, args.template_docs)
    if args.within:
        docs, truth = within_docs(data)
    else:
        docs, truth = list(data.prompts()), data.truth
    gc.collect()
    base = _status_mb("VmRSS") or _peak_mb()
    extra: dict[str, Any] = {}
    wall, cpu = time.perf_counter(), time.process_time()
    with tempfile.TemporaryDirectory() as tmp:
        if args.within:
            run = {"recon_data": recon_within, "datasketch": datasketch_within}
            flagged = run.get(args.child, plain_within)(docs)
        elif args.child == "recon_data":
            flagged, report = recon(data.rows, docs, Path(tmp))
            extra["benchmark_rows_too_short_to_match"] = report.sources[0]["rows_without_content"]
        else:
            flagged = plain_lookup(data.rows, docs)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = _peak_mb()
    score = _score_within if args.within else _score
    return {
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "prompts_per_cpu_s": round(args.train / max(cpu, 1e-9)),
        "peak_rss_mb": round(peak, 1),
        "data_rss_mb": round(base, 1),
        "peak_over_data_mb": round(peak - base, 1),
        **score(flagged, truth),
        **extra,
    }


def _run_child(method: str, args: argparse.Namespace) -> dict[str, Any]:
    import subprocess

    cmd = [sys.executable, __file__, "--child", method, "--train", str(args.train)]
    cmd += ["--bench", str(args.bench), "--planted", str(args.planted)]
    cmd += ["--template-docs", str(args.template_docs)] + (["--within"] if args.within else [])
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    """Run every method in its own process on the same data, print the comparison."""
    if "--scan" in sys.argv[1:]:
        # The streaming scan of document shards has its own data and engines.
        from bench_decontam_scan import main as scan_main

        scan_main(sys.argv[1:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=int, default=1_000_000)
    parser.add_argument("--bench", type=int, default=10_000)
    parser.add_argument("--planted", type=int, default=1_000, help="prompts of each planted kind")
    parser.add_argument("--template-docs", type=int, default=20_000)
    parser.add_argument("--within", action="store_true", help="check inside one corpus")
    parser.add_argument("--only", action="append", help="run only these methods")
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.within and "--planted" not in sys.argv:
        # Inside a corpus the benchmark only seeds the vocabulary and templates.
        args.planted, args.template_docs = 0, args.train // 50
    if args.child:
        print(json.dumps(child(args)))
        return
    mode = "inside one corpus" if args.within else f"against {args.bench:,} benchmark rows"
    results: dict[str, Any] = {"mode": mode, "train": args.train}
    for method in METHODS[args.within]:
        if args.only and method not in args.only:
            continue
        results[method] = _run_child(method, args)
        print(f"{method}: {json.dumps(results[method])}", file=sys.stderr)
    ours = results.get("recon_data")
    for method in METHODS[args.within][1:]:
        if ours and method in results:
            other = results[method]
            results[f"{method}_over_recon_data"] = {
                key: round(other[key] / max(ours[key], 1e-9), 2)
                for key in ("wall_s", "cpu_s", "peak_rss_mb", "peak_over_data_mb")
            }
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
