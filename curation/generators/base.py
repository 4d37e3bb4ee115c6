"""What every generator shares: configs with difficulty presets, seeded draws, record assembly.

A generator turns `(seed, index)` into one `Problem` record. The random stream is seeded
from a SHA-256 of (generator name, version, seed, index), so output never depends on
Python's hash randomisation, the process, or the order problems are asked for. Each
generator writes a `Draft` (question text, options and which is correct by the solver,
certificate); this module shuffles options, checks them and assembles the record, which
carries its own `generation` block (schema 1.1): generator, version, seed, index,
difficulty, config and the solver's certificate.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Self, TypeVar

from pydantic import model_validator

from recon_data.categories import GENERATED_SOURCE
from recon_data.config import FrozenConfig
from recon_data.errors import ReconDataError
from recon_data.rules import GENERATED_FILE

DIFFICULTIES = ("easy", "medium", "hard")
MAX_ATTEMPTS = 200  # redraws before a config is declared unable to produce a valid problem


class Reject(Exception):
    """A draw does not meet the config (degenerate, ambiguous ...): draw again."""


class GeneratorConfig(FrozenConfig):
    """Base of every generator config: a difficulty plus the fields it presets.

    A frozen pydantic model (`recon_data.config.FrozenConfig`): settings given as text
    (`--set rows=4`, `ties=yes`) are converted to the field types, unknown ones refused, and
    each subclass checks its ranges in a `model_validator` of its own name (a subclass reusing
    a parent's validator name would replace that check), raising one line naming the field.
    """

    difficulty: str = "medium"

    PRESETS: ClassVar[dict[str, dict[str, Any]]] = {}

    @model_validator(mode="after")
    def _check_difficulty(self) -> Self:
        """The difficulty is one of DIFFICULTIES."""
        need(
            self.difficulty in DIFFICULTIES,
            "difficulty",
            f"difficulty must be one of {', '.join(DIFFICULTIES)}, got {self.difficulty!r}",
        )
        return self

    def to_dict(self) -> dict[str, Any]:
        """Return the config as a JSON-ready dict (field order)."""
        return self.model_dump()


C = TypeVar("C", bound=GeneratorConfig)


def need(ok: bool, field: str, message: str) -> None:
    """Raise a config error on `field` unless `ok`."""
    if not ok:
        raise ReconDataError(message, field=field)


def make_config(cls: type[C], difficulty: str | None = None, **overrides: Any) -> C:
    """Build a config: the difficulty's preset, then explicit overrides (text is converted)."""
    level = difficulty or "medium"
    knobs = [name for name in cls.model_fields if name != "difficulty"]
    for key in overrides:
        if key not in knobs:
            raise ReconDataError(
                f"unknown setting {key!r}; knobs: {', '.join(sorted(knobs))}", field=key
            )
    # An unknown level has no preset; the config's own check then names it.
    preset = cls.PRESETS.get(level, {}) if level in DIFFICULTIES else {}
    return cls(difficulty=level, **{**preset, **overrides})


def stable_seed(*parts: object) -> int:
    """Return a 64-bit integer from the SHA-256 of the parts (stable across processes)."""
    text = "\x1f".join(str(p) for p in parts)
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


@dataclass(frozen=True)
class Draft:
    """One drawn problem before assembly.

    For mcq, `options` lists the texts and `correct` the 0-based positions the solver
    accepts (exactly one); other kinds give the canonical gold in `answer`.
    """

    question: str
    content: str
    options: tuple[str, ...] = ()
    correct: frozenset[int] = frozenset()
    answer: str = ""
    certificate: Any = None


@dataclass(frozen=True)
class Sample:
    """One generated `Problem` record (a JSON-ready dict in schema field order)."""

    record: dict[str, Any]

    @property
    def meta(self) -> dict[str, Any]:
        """The record's generation block: generator, version, seed, index, config, certificate."""
        return self.record["generation"]


class Generator(Generic[C]):
    """Base class: subclasses name their config type, set the class attributes, implement `draft`."""

    name: ClassVar[str]
    version: ClassVar[int] = 1
    category: ClassVar[str]  # the corpus category the records are filed under
    answer_kind: ClassVar[str]
    config_class: ClassVar[type[GeneratorConfig]]
    description: ClassVar[str] = ""

    def __init__(self, config: C | None = None) -> None:
        if config is not None and not isinstance(config, self.config_class):
            raise ReconDataError(
                f"generator {self.name!r} needs a {self.config_class.__name__}, "
                f"got a {type(config).__name__}"
            )
        # A config is checked when it is made (pydantic), so it needs no check here.
        self.config: C = (
            config if config is not None else make_config(self.config_class)  # type: ignore[assignment]
        )
        self._config_json = _json(self.config.to_dict())  # copied into every record

    def draft(self, rng: random.Random) -> Draft:
        """Draw one problem (raise Reject to draw again)."""
        raise NotImplementedError

    def rng(self, seed: int, index: int, split: str = "train") -> random.Random:
        """Return the random stream of problem `index` of `split` under `seed`."""
        return random.Random(stable_seed(self.name, self.version, seed, split, index))

    def sample(self, seed: int, index: int, split: str = "train") -> Sample:
        """Return problem `index` of the stream `seed` as a record and its metadata."""
        rng = self.rng(seed, index, split)
        for _ in range(MAX_ATTEMPTS):
            try:
                return self._assemble(self.draft(rng), rng, seed, index, split)
            except Reject:
                continue
        raise ReconDataError(
            f"generator {self.name!r} found no valid problem in {MAX_ATTEMPTS} draws; "
            "loosen the config",
            record=f"seed {seed} index {index}",
        )

    def generate(self, n: int, seed: int, start: int = 0, split: str = "train") -> Iterator[Sample]:
        """Yield problems start .. start+n-1 of the stream `seed`."""
        for index in range(start, start + n):
            yield self.sample(seed, index, split)

    def _assemble(
        self, draft: Draft, rng: random.Random, seed: int, index: int, split: str
    ) -> Sample:
        from recon_data.answers import format_mcq
        from recon_data.curation.problems import content_hash

        options: tuple[str, ...] = ()
        answer = draft.answer
        content = draft.content
        if self.answer_kind == "mcq":
            options, (number, text) = shuffle_options(draft, rng)
            listing = "\n".join(f"Option {i}: {o}" for i, o in enumerate(options, 1))
            content = f"{content}\n\nOptions:\n{listing}"
            answer = format_mcq(number, text)
        record = {
            "id": f"gen-{self.name}-{content_hash(content, answer)}",
            "split": split,
            "category": self.category,
            "source": GENERATED_SOURCE,
            "answer_kind": self.answer_kind,
            "question": draft.question,
            "options": list(options),
            "answer": answer,
            "prompt": [{"role": "user", "content": content}],
            # Schema 1.1: a generated record's provenance is file "generated", row = its index;
            # the generation block below says which generator, version and stream.
            "provenance": {"file": GENERATED_FILE, "row": index},
            "generation": {
                "generator": self.name,
                "version": self.version,
                "seed": seed,
                "index": index,
                "difficulty": self.config.difficulty,
                "config": dict(self._config_json),
                "certificate": _json(draft.certificate),
            },
        }
        return Sample(record)


def _json(value: Any) -> Any:
    """Return `value` as plain JSON data (tuples become lists); non-JSON values are a bug."""
    try:
        return _plain(value)
    except _Unusual:
        # Non-string keys, subclasses, NaN ...: the JSON round trip is the definition.
        return json.loads(json.dumps(value, ensure_ascii=False))


class _Unusual(Exception):
    """A value `_plain` leaves to the JSON round trip."""


_LEAVES = frozenset({str, int, bool, type(None)})


def _plain(value: Any) -> Any:
    """Deep copy of `value` with tuples as lists: what the JSON round trip gives, much faster.

    Only exact dicts with str keys, lists, tuples, str, int, bool, None and finite floats are
    copied here; anything else raises `_Unusual` so `_json` falls back to the round trip.
    Leaves are tested inline (no call per leaf): certificates are mostly leaves.
    """
    kind = type(value)
    if kind is dict:
        out = {}
        for key, item in value.items():
            if type(key) is not str:
                raise _Unusual
            out[key] = item if type(item) in _LEAVES else _plain(item)
        return out
    if kind is list or kind is tuple:
        return [item if type(item) in _LEAVES else _plain(item) for item in value]
    if kind in _LEAVES or (kind is float and value - value == 0):  # finite floats only
        return value
    raise _Unusual


def option_key(text: str) -> str:
    """Return the form two options must not share (case, spacing and a final period folded)."""
    return " ".join(text.split()).rstrip(".").casefold()


def shuffle_options(draft: Draft, rng: random.Random) -> tuple[tuple[str, ...], tuple[int, str]]:
    """Shuffle the options uniformly; return them and (1-based gold number, gold text)."""
    # Both are properties of the draw (a distractor that happens to be right, two equal
    # values): the generator draws again rather than emit an ambiguous item.
    if len(draft.correct) != 1:
        raise Reject("the solver accepts more or fewer than one option")
    if len({option_key(o) for o in draft.options}) != len(draft.options):
        raise Reject("two options show the same value")
    order = list(range(len(draft.options)))
    rng.shuffle(order)
    options = tuple(draft.options[i] for i in order)
    (gold,) = draft.correct
    number = order.index(gold) + 1
    return options, (number, options[number - 1])
