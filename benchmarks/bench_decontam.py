"""Benchmark: 1,000,000 synthetic training prompts against a 10,000-row benchmark.

Runs, in one process and on the same data, `recon_data.curation.decontaminate` (streaming,
`within=False`) and a plain word 8-gram set lookup in the style of open-r1's
`scripts/decontaminate.py` (lower-case, split on whitespace, flag a prompt when any of its
8-grams is an 8-gram of a benchmark row). Prints wall time, throughput, peak memory and,
against the planted ground truth, what each method finds and what it wrongly flags.

    python benchmarks/bench_decontam.py                 # 1,000,000 x 10,000
    python benchmarks/bench_decontam.py --train 100000  # quicker
    python benchmarks/bench_decontam.py --json out.json

The data is generated from a fixed seed, so every run sees the same prompts. What is planted
(each kind among otherwise random prompts):

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

The last field, `recon_streaming_peak_rss_mb`, is the peak memory of a separate process that
generates the prompts lazily and streams them through `decontaminate`: it shows the scan's
memory does not grow with the number of prompts (compare `--train 100000`).
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


def _peak_mb() -> float:
    # VmHWM is this process's own high-water mark; ru_maxrss on Linux also counts the parent's
    # memory copied at fork, before exec.
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20


def _streaming_peak(args: argparse.Namespace) -> float:
    """Peak memory of a fresh process that generates the prompts lazily and streams them."""
    import subprocess

    cmd = [
        sys.executable,
        __file__,
        "--stream-only",
        "--train",
        str(args.train),
        "--bench",
        str(args.bench),
        "--planted",
        str(args.planted),
        "--template-docs",
        str(args.template_docs),
    ]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return float(out.strip().splitlines()[-1])


def main() -> None:
    """Generate the data, time both methods on it, print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=int, default=1_000_000)
    parser.add_argument("--bench", type=int, default=10_000)
    parser.add_argument("--planted", type=int, default=1_000, help="prompts of each planted kind")
    parser.add_argument("--template-docs", type=int, default=20_000)
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    parser.add_argument("--stream-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    import tempfile

    data = Synthetic(args.bench, args.train, args.planted, args.template_docs)
    if args.stream_only:
        with tempfile.TemporaryDirectory() as tmp:
            recon(data.rows, data.prompts(), Path(tmp))
        print(round(_peak_mb(), 1))
        return
    t0 = time.perf_counter()
    train = list(data.prompts())
    words = sum(len(t.split()) for t in train)
    print(
        f"generated {args.train:,} prompts ({words / args.train:.0f} words on average) and "
        f"{args.bench:,} benchmark rows in {time.perf_counter() - t0:.1f}s; timing both methods on them"
    )
    results: dict[str, Any] = {
        "train": args.train,
        "bench": args.bench,
        "mean_words": round(words / args.train, 1),
    }
    gc.collect()
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        ours, report = recon(data.rows, train, Path(tmp))
        t_ours = time.perf_counter() - start
    gc.collect()
    start = time.perf_counter()
    plain = plain_lookup(data.rows, train)
    t_plain = time.perf_counter() - start
    del train
    results["recon_data"] = {
        "seconds": round(t_ours, 2),
        "prompts_per_s": round(args.train / t_ours),
        **_score(ours, data.truth),
    }
    results["plain_8gram"] = {
        "seconds": round(t_plain, 2),
        "prompts_per_s": round(args.train / t_plain),
        **_score(plain, data.truth),
    }
    results["plain_over_recon_time"] = round(t_plain / t_ours, 2)
    results["benchmark_rows_too_short_to_match"] = report.sources[0]["rows_without_content"]
    results["recon_streaming_peak_rss_mb"] = _streaming_peak(args)
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
