"""The generator registry: `create(name, **config)`, `list()`, and weighted mixtures."""

from __future__ import annotations

import builtins
import importlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from recon_data.curation.generators.base import Generator, Sample, make_config, stable_seed
from recon_data.errors import ReconDataError

# name -> "module:Class"; modules load on first use so listing stays cheap.
GENERATORS: dict[str, str] = {
    "pure_nash": "pure_nash:PureNash",
    "pte": "pte:PTE",
    "bayes_nash": "bayes_nash:BayesNash",
    "backward_induction": "backward_induction:BackwardInduction",
    "trigger": "trigger:Trigger",
    "enforceability": "enforceability:Enforceability",
    "feasibility": "feasibility:Feasibility",
    "condorcet_criterion": "condorcet:Condorcet",
    "certainty_effect": "certainty_effect:CertaintyEffect",
    "endowment_effect": "endowment_effect:EndowmentEffect",
    "time_inconsistency": "time_inconsistency:TimeInconsistency",
    "auction_risk": "auction_risk:AuctionRisk",
    "mixed_nash": "mixed_nash:MixedNash",
    "iterated_dominance": "iterated_dominance:IteratedDominance",
    "cournot": "cournot:Cournot",
    "stackelberg": "stackelberg:Stackelberg",
    "bertrand": "bertrand:Bertrand",
    "monopoly": "monopoly:Monopoly",
    "consumer_choice": "consumer_choice:ConsumerChoice",
    "auction_bids": "auction_bids:AuctionBids",
    "rubinstein": "rubinstein:Rubinstein",
    "trigger_threshold": "trigger_threshold:TriggerThreshold",
}
# Families the release has no category for: each has its own generated-only category.
NEW_FAMILIES: tuple[str, ...] = ("mixed_nash", "iterated_dominance")
# Closed-form families (answer kind expression, category closed_form), also new families.
FORMULA_FAMILIES = ("cournot", "stackelberg", "bertrand", "monopoly", "consumer_choice",
                    "auction_bids", "rubinstein", "trigger_threshold")  # fmt: skip
NEW_FAMILIES += FORMULA_FAMILIES
# The default mixture: release categories evenly, new families at half weight (slow solvers).
DEFAULT_WEIGHTS: dict[str, float] = {
    name: (0.5 if name in NEW_FAMILIES else 1.0) for name in GENERATORS
}


def generator_class(name: str) -> type[Generator]:
    """Return the generator class registered under `name` (ReconDataError if unknown)."""
    try:
        target = GENERATORS[name]
    except KeyError:
        raise ReconDataError(
            f"unknown generator {name!r}; known: {', '.join(GENERATORS)}"
        ) from None
    module, cls = target.split(":")
    return getattr(importlib.import_module(f"recon_data.curation.generators.{module}"), cls)


def create(name: str, difficulty: str | None = None, **config: Any) -> Generator:
    """Return generator `name` configured by its difficulty preset and explicit settings."""
    cls = generator_class(name)
    return cls(make_config(cls.config_class, difficulty, **config))


def list() -> builtins.list[dict[str, Any]]:
    """Return one entry per generator: name, version, category, kind, description, knobs."""
    out = []
    for name in GENERATORS:
        cls = generator_class(name)
        knobs = {
            key: {"type": _type_name(f.annotation), "default": f.default}
            for key, f in cls.config_class.model_fields.items()
            if key != "difficulty"
        }
        out.append(
            {
                "name": name,
                "version": cls.version,
                "category": cls.category,
                "answer_kind": cls.answer_kind,
                "description": cls.description,
                "knobs": knobs,
                "presets": cls.config_class.PRESETS,
                "new_family": name in NEW_FAMILIES,
            }
        )
    return out


def _type_name(annotation: Any) -> str:
    """The knob's type as `list()` shows it: `int`, `bool`, `str`."""
    return getattr(annotation, "__name__", str(annotation))


@dataclass
class Mixture:
    """Several generators drawn by weight; problem `index` of `seed` is always the same one."""

    generators: dict[str, Generator]
    weights: dict[str, float]

    def __post_init__(self) -> None:
        if not self.generators:
            raise ReconDataError("a mixture needs at least one generator")
        for name, w in self.weights.items():
            if name not in self.generators or not w >= 0:
                raise ReconDataError(f"bad mixture weight for {name!r}: {w}")
        if sum(self.weights.values()) <= 0:
            raise ReconDataError("mixture weights must not all be zero")
        self._names = builtins.list(self.generators)
        total = sum(self.weights.get(n, 0.0) for n in self._names)
        acc, self._cuts = 0.0, []
        for n in self._names:
            acc += self.weights.get(n, 0.0) / total
            self._cuts.append(acc)

    def pick(self, seed: int, index: int) -> str:
        """Return the generator name problem `index` of stream `seed` comes from."""
        u = (stable_seed("mixture", seed, index) >> 11) / float(1 << 53)
        for name, cut in zip(self._names, self._cuts, strict=True):
            if u < cut and self.weights.get(name, 0.0) > 0:
                return name
        return next(n for n in reversed(self._names) if self.weights.get(n, 0.0) > 0)

    def sample(self, seed: int, index: int, split: str = "train") -> Sample:
        """Return problem `index`: the picked generator's problem at the same (seed, index)."""
        return self.generators[self.pick(seed, index)].sample(seed, index, split)

    def generate(self, n: int, seed: int, start: int = 0, split: str = "train") -> Iterator[Sample]:
        """Yield problems start .. start+n-1 of the mixture stream `seed`."""
        for index in range(start, start + n):
            yield self.sample(seed, index, split)


def mixture(
    weights: Mapping[str, float] | None = None,
    difficulty: str | None = None,
    configs: Mapping[str, Mapping[str, Any]] | None = None,
) -> Mixture:
    """Build a weighted mixture (default: every generator, new families at half weight)."""
    chosen = dict(weights) if weights is not None else dict(DEFAULT_WEIGHTS)
    configs = configs or {}
    gens = {name: create(name, difficulty, **configs.get(name, {})) for name in chosen}
    return Mixture(gens, {k: float(v) for k, v in chosen.items()})
