"""Variants of fresh generated items, and `recon-invariance`: the fixed held-out suite.

`generate_variants` draws problems from the generators (as `recon-data generate` does) and
writes them with their variants. `build_suite` rebuilds `recon-invariance` bit for bit from
code: 20 eval problems of every generator the transforms cover, at medium difficulty from
seed 2301, and one variant per transform of each, with the SHA-256 of its items (what a
model sees and is graded on, and each variant's link) checked against the pinned digest, so
every machine compares models on the same items.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from recon_data.curation.variants.base import TRANSFORM_NAMES
from recon_data.curation.variants.driver import VariantReport, check_choices, write_variants
from recon_data.errors import ReconDataError
from recon_data.progress import Progress, silent

SUITE_NAME = "recon-invariance"
SUITE_VERSION = 2
SUITE_SEED = 2301
SUITE_PER_GENERATOR = 20
SUITE_DIFFICULTY = "medium"
# SHA-256 of the suite's items (`suite_digest`; tests/test_variants_suite.py rebuilds it).
# v1: 10e744012bb785f86f295c63db1d7dade0452321defea954d03a05247bb6384c (v2 redraws the
# endowment_effect items from that generator's version 2; the rest is unchanged)
SUITE_SHA256 = "c27ae0a89dece35ffe30b2563447ab5451d475c8b8d4d37be67825aafded7130"
# What a model is compared on: the items and their links, not the solvers' certificates
# (provenance, whose wording may improve without changing a single item).
DIGEST_FIELDS = (
    "id",
    "split",
    "category",
    "answer_kind",
    "question",
    "options",
    "answer",
    "prompt",
)


def suite_digest(folder: Path | str) -> str:
    """SHA-256 of every eval item's fields a model sees and is graded on, and its variant link."""
    import hashlib
    import json

    from recon_data.storage import read_problems

    digest = hashlib.sha256()
    for p in sorted(read_problems(folder, "eval"), key=lambda p: p.id):
        row = p.model_dump(mode="json", include=set(DIGEST_FIELDS))
        link = p.generation.config.get("variant") if p.generation is not None else None
        row["variant"] = (
            {k: link.get(k) for k in ("of", "transform")} if isinstance(link, dict) else None
        )
        line = json.dumps(row, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        digest.update(line.encode("utf-8") + b"\n")
    return digest.hexdigest()


def suite_generators() -> list[str]:
    """The generators whose families some transform covers (the suite draws from each)."""
    from recon_data.curation.generators.registry import GENERATORS, generator_class
    from recon_data.curation.variants.registry import supported

    return [
        name
        for name in GENERATORS
        if any(supported(t, generator_class(name).category) for t in TRANSFORM_NAMES)
    ]


def _draw(
    names: Sequence[str],
    n: int,
    eval_n: int,
    seed: int,
    difficulty: str | None,
    settings: Mapping[str, Any],
    progress: Progress,
) -> dict[str, list[Any]]:
    """Fresh problems of the named generators by split (repeated prompts skipped)."""
    from recon_data.curation.generators.corpus import draw, split_settings
    from recon_data.curation.generators.registry import create

    routed = split_settings(names, settings)
    seen: set[str] = set()
    samples: dict[str, list[Any]] = {"train": [], "eval": []}
    for name in names:
        gen = create(name, difficulty, **routed[name])
        advance = progress(f"generate {name}", n + eval_n)
        for split, count in (("eval", eval_n), ("train", n)):
            got, _ = draw(gen, count, seed, split, seen, advance)
            samples[split].extend(got)
    return samples


def generate_variants(
    out: Path | str,
    names: Sequence[str] | None = None,
    *,
    transforms: Sequence[str] | None = None,
    k: int = 1,
    n: int = 100,
    eval_n: int = 0,
    seed: int = 0,
    difficulty: str | None = None,
    settings: Mapping[str, Any] | None = None,
    against: str | Path | None = None,
    decontaminate: bool = True,
    force: bool = False,
    progress: Progress = silent,
) -> VariantReport:
    """Generate `n` train and `eval_n` eval problems per generator and `k` variants per transform of each.

    As `generate_corpus` does, generated problems the decontamination scan pairs with a
    release item (`against`, default the default release) are dropped before any variant.
    """
    from recon_data.curation.generators.registry import GENERATORS
    from recon_data.schema import Problem
    from recon_data.storage import check_output_dir

    chosen = check_choices(transforms, None, k)
    names = list(names or suite_generators())
    for name in names:
        if name not in GENERATORS:
            raise ReconDataError(f"unknown generator {name!r}; known: {', '.join(GENERATORS)}")
    if n < 0 or eval_n < 0 or n + eval_n == 0:
        raise ReconDataError("give -n (train) or --eval-n (eval) of at least 1, neither negative")
    out = check_output_dir(out, force=force)
    samples = _draw(names, n, eval_n, seed, difficulty, settings or {}, progress)
    if decontaminate:
        from recon_data.curation.generators.corpus import _scan

        _, dropped = _scan(samples, against, show=progress is not silent)
        gone = {d["id"] for d in dropped}
        samples = {s: [x for x in v if x.record["id"] not in gone] for s, v in samples.items()}
    problems = [Problem.model_validate(x.record) for v in samples.values() for x in v]
    origin = f"generated: {', '.join(names)} (seed {seed}, {difficulty or 'medium'})"
    return write_variants(problems, out, chosen, k, seed, None, force, progress, origin)


def build_suite(
    out: Path | str, *, force: bool = False, check: bool = True, progress: Progress = silent
) -> Path:
    """Write recon-invariance (eval split only) to `out`; refuse output that differs from the pin."""
    report = generate_variants(
        out,
        suite_generators(),
        transforms=TRANSFORM_NAMES,
        k=1,
        n=0,
        eval_n=SUITE_PER_GENERATOR,
        seed=SUITE_SEED,
        difficulty=SUITE_DIFFICULTY,
        decontaminate=False,  # checked once against the release when the digest was pinned
        force=force,
        progress=progress,
    )
    assert report.out is not None
    digest = suite_digest(report.out)
    if check and digest != SUITE_SHA256:
        shutil.rmtree(report.out, ignore_errors=True)  # never leave a wrong suite behind
        raise ReconDataError(
            f"{SUITE_NAME} v{SUITE_VERSION} rebuilt with a different digest ({digest[:12]}); a "
            "generator, template or transform changed: bump SUITE_VERSION and pin the new digest",
            file=str(report.out),
        )
    return Path(report.out)
