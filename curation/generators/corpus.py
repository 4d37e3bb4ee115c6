"""Write a generated corpus folder: problems by split (each record carries its generation
block: seed, index, difficulty, config, certificate) and a manifest naming every generator and
config, after dropping exact repeats and any near-duplicate of a release item found by the
decontamination scan.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from recon_data.curation.generators.base import Generator, Sample
from recon_data.curation.generators.registry import GENERATORS, create
from recon_data.errors import ReconDataError
from recon_data.progress import Progress, silent

RELEASE_SPLIT = "release"  # the split name release documents carry in the scan
_MAX_DRAW_FACTOR = 4  # draws per wanted problem before a family is declared exhausted


@dataclass
class GenerateReport:
    """What `generate_corpus` wrote and dropped."""

    out: Path
    counts: dict[str, Any]
    repeats_dropped: dict[str, int] = field(default_factory=dict)
    contaminated_dropped: list[dict[str, Any]] = field(default_factory=list)
    decontaminated_against: str | None = None


def split_settings(names: Sequence[str], settings: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Route `key=value` settings to generators: `name.key` to one, a bare `key` to all having it."""
    from recon_data.curation.generators.registry import generator_class

    out: dict[str, dict[str, Any]] = {n: {} for n in names}
    for raw_key, raw in settings.items():
        target, _, key = raw_key.rpartition(".")
        if target and target not in out:
            raise ReconDataError(f"--set {raw_key}: {target!r} is not among the generators run")
        hit = False
        for name in [target] if target else names:
            cls = generator_class(name)
            if key in cls.config_class.model_fields and key != "difficulty":
                out[name][key] = raw  # text (`--set rows=4`) is converted by the config model
                hit = True
        if not hit:
            raise ReconDataError(f"--set {raw_key}: no selected generator has a setting {key!r}")
    return out


def draw(
    gen: Generator,
    n: int,
    seed: int,
    split: str,
    seen: set[str],
    advance: Callable[[int], None] | None = None,
) -> tuple[list[Sample], int]:
    """Return `n` problems of one split whose prompts are new to `seen`, and the repeats skipped."""
    out: list[Sample] = []
    repeats = 0
    index = 0
    while len(out) < n:
        if index >= _MAX_DRAW_FACTOR * n + 100:
            raise ReconDataError(
                f"generator {gen.name!r} repeats itself: only {len(out)} distinct {split} "
                f"problems in {index} draws; widen its settings or ask for fewer"
            )
        sample = gen.sample(seed, index, split)
        index += 1
        key = sample.record["prompt"][-1]["content"]
        if key in seen:
            repeats += 1
            continue
        seen.add(key)
        out.append(sample)
        if advance is not None:
            advance(1)
    return out, repeats


def generate_corpus(
    out: Path | str,
    names: Sequence[str] | None = None,
    *,
    n: int = 100,
    eval_n: int = 0,
    seed: int = 0,
    difficulty: str | None = None,
    settings: Mapping[str, Any] | None = None,
    against: str | Path | None = None,
    decontaminate: bool = True,
    include: str | Path | None = None,
    force: bool = False,
    progress: Progress = silent,
) -> GenerateReport:
    """Generate `n` train and `eval_n` eval problems per generator into a corpus folder.

    `include` names a corpus (or release) whose problems and traces are copied in beside the
    generated ones: the documented way to train on release and generated problems together.
    `progress` (see `recon_data.progress`) is told of each phase: drawing per generator, then
    the decontamination scan.
    """
    from recon_data.storage import check_output_dir

    names = list(names or GENERATORS)
    for name in names:
        if name not in GENERATORS:
            raise ReconDataError(f"unknown generator {name!r}; known: {', '.join(GENERATORS)}")
    if n < 0 or eval_n < 0:
        raise ReconDataError(f"-n and --eval-n count problems: they cannot be negative (got {min(n, eval_n)})")
    if n + eval_n == 0:
        raise ReconDataError(
            "-n 0 and --eval-n 0 ask for no problems: give -n (train) or --eval-n (eval) of at least 1"
        )
    out = check_output_dir(out, force=force)
    # Sources first: a missing release fails in a second, not after minutes of drawing.
    from recon_data.curation.resolve import resolve_corpus

    if decontaminate:
        against = resolve_corpus(against)
    if include is not None:
        include = resolve_corpus(include)
    routed = split_settings(names, settings or {})
    gens = {name: create(name, difficulty, **routed[name]) for name in names}
    samples: dict[str, list[Sample]] = {"train": [], "eval": []}
    repeats: Counter = Counter()
    seen: set[str] = set()
    for name, gen in gens.items():
        advance = progress(f"generate {name}", n + eval_n)
        # Eval first: when a family's space is small, the held-out items keep their draws.
        for split, count in (("eval", eval_n), ("train", n)):
            got, skipped = draw(gen, count, seed, split, seen, advance)
            samples[split].extend(got)
            repeats[name] += skipped
    report = GenerateReport(out=out, counts={}, repeats_dropped=dict(repeats))
    if decontaminate:
        report.decontaminated_against, report.contaminated_dropped = _scan(
            samples, against, show=progress is not silent
        )
        gone = {d["id"] for d in report.contaminated_dropped}
        samples = {s: [x for x in v if x.record["id"] not in gone] for s, v in samples.items()}
    extra = _included(include) if include is not None else None
    report.counts = _write(out, samples, gens, seed, report, force, extra)
    return report


def _included(include: str | Path) -> dict[str, Any]:
    """Problems (by split) and traces of the corpus to copy in, as JSON-ready records."""
    from recon_data.curation.resolve import resolve_corpus
    from recon_data.storage import PROBLEM_FILES, TRACE_FILES, iter_jsonl

    root = resolve_corpus(include)
    problems = {s: [obj for _, obj in iter_jsonl(root / rel)] for s, rel in PROBLEM_FILES.items()}
    traces = [obj for _, obj in iter_jsonl(root / TRACE_FILES["train"])]
    return {"path": str(root), "problems": problems, "traces": traces}


def _scan(
    samples: dict[str, list[Sample]], against: str | Path | None, *, show: bool = False
) -> tuple[str, list[dict[str, Any]]]:
    """Drop generated problems the decontamination scan pairs with a release problem."""
    from recon_data.curation.decontam import Doc, decontaminate
    from recon_data.curation.decontam.sources import corpus_docs
    from recon_data.curation.resolve import resolve_corpus

    root = resolve_corpus(against)
    release = [
        Doc(f"release:{d.id}", RELEASE_SPLIT, d.text)
        for d in corpus_docs(root)
        if d.split in ("train", "eval")
    ]
    docs = [
        Doc(x.record["id"], split, x.record["prompt"][-1]["content"])
        for split, xs in samples.items()
        for x in xs
    ]
    found = decontaminate([*docs, *release], within=True, progress=show)
    dropped: dict[str, dict[str, Any]] = {}
    for f in found.findings:
        ends = {f.a.split, f.b.split}
        if RELEASE_SPLIT not in ends or ends == {RELEASE_SPLIT}:
            continue
        mine, theirs = (f.a, f.b) if f.b.split == RELEASE_SPLIT else (f.b, f.a)
        dropped.setdefault(
            str(mine.id),
            {"id": mine.id, "release": str(theirs.id)[8:], "kind": f.kind, "score": f.score},
        )
    return str(root), sorted(dropped.values(), key=lambda d: d["id"])


def _write(
    out: Path,
    samples: dict[str, list[Sample]],
    gens: dict[str, Generator],
    seed: int,
    report: GenerateReport,
    force: bool,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    from recon_data import __version__
    from recon_data.manifest import write_corpus

    problems = {s: [x.record for x in v] for s, v in samples.items()}
    traces: list[dict[str, Any]] = []
    if extra is not None:
        for split, recs in extra["problems"].items():
            problems[split].extend(recs)
        traces = sorted(extra["traces"], key=lambda t: t["id"])
    for split, recs in problems.items():
        ids = [r["id"] for r in recs]
        if len(set(ids)) != len(ids):
            raise ReconDataError(f"the {split} split would hold one id twice; include it once")
        recs.sort(key=lambda r: r["id"])
    source = {
        "kind": "generated",
        "seed": seed,
        "generators": {
            name: {
                "version": g.version,
                "category": g.category,
                "answer_kind": g.answer_kind,
                "difficulty": g.config.difficulty,
                "config": g.config.to_dict(),
                "problems": {
                    split: sum(x.record["generation"]["generator"] == name for x in v)
                    for split, v in samples.items()
                },
            }
            for name, g in gens.items()
        },
        "repeats_dropped": report.repeats_dropped,
        "included": None
        if extra is None
        else {
            "path": extra["path"],
            "problems": {k: len(v) for k, v in extra["problems"].items()},
            "traces": len(extra["traces"]),
        },
        "decontamination": {
            "against": report.decontaminated_against,
            "dropped": len(report.contaminated_dropped),
            "ids": [d["id"] for d in report.contaminated_dropped],
        },
    }
    return write_corpus(
        out, problems, traces, source=source, builder=f"recon-data {__version__}", force=force
    )


def iter_metadata(corpus: Path | str) -> Iterable[dict[str, Any]]:
    """Yield `{"id", "split", **generation}` for each generated problem of a corpus folder."""
    from recon_data.storage import read_problems

    for p in read_problems(corpus):
        if p.generation is not None:
            yield {"id": p.id, "split": p.split, **p.generation.model_dump(mode="json")}
