"""reasoning-gym adapter: every generator as a reasoning-gym dataset (optional extra).

`register()` adds `recon_<generator>` datasets to reasoning-gym's registry, so
`reasoning_gym.create_dataset("recon_pure_nash", seed=1, size=100, difficulty="hard")`
works; items carry the chat prompt as `question`, the canonical gold as `answer` (for a
formula: the formula a model should box, without the domains its gold carries), and the
record in `metadata`; `score_answer` grades with this package's answer-kind verifiers
against the record's full gold.
reasoning-gym is imported only inside these functions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from recon_data.errors import ReconDataError

PREFIX = "recon_"


# Not a FrozenConfig (the project's way, docs/design.md "Configuration"): reasoning-gym's
# contract is a dataclass with `validate()`. `register_dataset` refuses a config class that is
# not a dataclass, and `create_dataset` builds it from keyword arguments, then calls
# `validate()`. The generator's own settings are still checked by its pydantic config, which
# `validate()` builds.
@dataclass
class ReconGymConfig:
    """reasoning-gym config: which generator, its difficulty and settings, the seed and size."""

    generator: str = "pure_nash"
    difficulty: str = "medium"
    seed: int | None = None
    size: int = 500
    settings: dict[str, Any] = field(default_factory=dict)

    def validate(self) -> None:
        """Check the generator name, size, and (by building it) the generator's config."""
        from recon_data.curation.generators.registry import create

        if self.size < 1:
            raise ReconDataError(f"size must be >= 1, got {self.size}", field="size")
        create(self.generator, self.difficulty, **self.settings)


@cache
def dataset_class() -> type:
    """Return the reasoning-gym dataset class (built on first use: imports reasoning_gym)."""
    from reasoning_gym.dataset import ProceduralDataset

    from recon_data.curation.generators.registry import create

    class ReconDataset(ProceduralDataset):
        """A recon-data generator seen through reasoning-gym's dataset interface."""

        def __init__(self, config: ReconGymConfig) -> None:
            super().__init__(config=config, seed=config.seed, size=config.size)
            self.generator = create(config.generator, config.difficulty, **config.settings)

        def __getitem__(self, idx: int) -> dict[str, Any]:
            sample = self.generator.sample(self.seed, idx)
            rec = sample.record
            return {
                "question": rec["prompt"][-1]["content"],
                "answer": _target(rec),
                "metadata": {
                    "source_dataset": PREFIX + self.generator.name,
                    "source_index": idx,
                    "answer_kind": rec["answer_kind"],
                    "options": rec["options"],
                    "record": rec,
                    "generation": sample.meta,
                },
            }

        def score_answer(self, answer: str | None, entry: dict[str, Any]) -> float:
            """1.0 when the answer (boxed or bare) is the gold under its kind's rules, else 0.0."""
            from recon_data.verifiers.grade import grade

            if not isinstance(answer, str) or not answer.strip():
                return 0.0
            text = answer if "\\boxed" in answer else f"\\boxed{{{answer}}}"
            # reasoning-gym passes the extracted answer; our grader expects a full completion.
            if "</think>" not in text:
                text = f"<think></think>\n{text}"
            meta = entry["metadata"]
            gold = meta["record"]["answer"]  # a formula's gold carries its parameters' domains
            verdict = grade(text, gold, meta["answer_kind"], meta["options"] or None)
            return 1.0 if verdict.correct else 0.0

    return ReconDataset


def _target(record: dict[str, Any]) -> str:
    """What a model should answer: the gold, or for a formula the formula without its domains."""
    if record["answer_kind"] != "expression":
        return record["answer"]
    from recon_data.answers.registry import get_kind
    from recon_data.verifiers.gold import parse_gold

    return get_kind("expression").render(parse_gold(record["answer"], "expression").value)


def register(names: list[str] | None = None) -> list[str]:
    """Register `recon_<name>` datasets with reasoning-gym (skipping ones already there)."""
    try:
        from reasoning_gym.factory import DATASETS, register_dataset
    except ImportError:
        raise ReconDataError(
            "reasoning-gym is not installed: pip install 'recon-data[gym]'"
        ) from None
    from recon_data.curation.generators.registry import GENERATORS

    done = []
    for name in names or list(GENERATORS):
        cls = dataset_class()
        key = PREFIX + name
        if key not in DATASETS:
            register_dataset(key, cls, _named_config(name))
        done.append(key)
    return done


@cache
def _named_config(name: str) -> type:
    """A config dataclass whose default generator is `name` (reasoning-gym builds it from kwargs)."""

    @dataclass
    class NamedConfig(ReconGymConfig):
        generator: str = name

    NamedConfig.__name__ = f"Recon{name.title().replace('_', '')}Config"
    return NamedConfig
