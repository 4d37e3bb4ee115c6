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

import dataclasses
import hashlib
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from recon_data.categories import GENERATED_SOURCE
from recon_data.errors import ReconDataError
from recon_data.rules import GENERATED_FILE

DIFFICULTIES = ("easy", "medium", "hard")
MAX_ATTEMPTS = 200  # redraws before a config is declared unable to produce a valid problem


class Reject(Exception):
    """A draw does not meet the config (degenerate, ambiguous ...): draw again."""


@dataclass(frozen=True)
class Config:
    """Base of every generator config: a difficulty plus the fields it presets."""

    difficulty: str = "medium"

    PRESETS: ClassVar[dict[str, dict[str, Any]]] = {}

    def validate(self) -> None:
        """Raise ReconDataError naming the field when a value is out of range."""
        if self.difficulty not in DIFFICULTIES:
            raise ReconDataError(
                f"difficulty must be one of {', '.join(DIFFICULTIES)}, got {self.difficulty!r}",
                field="difficulty",
            )

    def to_dict(self) -> dict[str, Any]:
        """Return the config as a JSON-ready dict (field order)."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}


def need(ok: bool, field: str, message: str) -> None:
    """Raise a config error on `field` unless `ok`."""
    if not ok:
        raise ReconDataError(message, field=field)


def make_config(cls: type[Config], difficulty: str | None = None, **overrides: Any) -> Config:
    """Build a config: the difficulty's preset, then explicit overrides; validated."""
    level = difficulty or "medium"
    if level not in DIFFICULTIES:
        raise ReconDataError(
            f"difficulty must be one of {', '.join(DIFFICULTIES)}, got {level!r}",
            field="difficulty",
        )
    names = {f.name for f in dataclasses.fields(cls)}
    for key in overrides:
        if key not in names or key == "difficulty":
            raise ReconDataError(
                f"unknown setting {key!r}; knobs: {', '.join(sorted(names - {'difficulty'}))}",
                field=key,
            )
    values = {**cls.PRESETS.get(level, {}), **overrides}
    config = cls(difficulty=level, **values)
    config.validate()
    return config


def parse_knob(cls: type[Config], key: str, text: str) -> Any:
    """Convert a `--set key=value` string to the type of the config field `key`."""
    kinds = {f.name: f.type for f in dataclasses.fields(cls)}
    if key not in kinds or key == "difficulty":
        raise ReconDataError(f"unknown setting {key!r} for this generator", field=key)
    kind = str(kinds[key])
    try:
        if kind == "bool":
            low = text.strip().lower()
            if low not in ("true", "false", "1", "0", "yes", "no"):
                raise ValueError(text)
            return low in ("true", "1", "yes")
        if kind == "int":
            return int(text)
        return text
    except ValueError:
        raise ReconDataError(f"setting {key!r} needs a {kind}, got {text!r}", field=key) from None


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


C = TypeVar("C", bound=Config)


class Generator(Generic[C]):
    """Base class: subclasses name their config type, set the class attributes, implement `draft`."""

    name: ClassVar[str]
    version: ClassVar[int] = 1
    category: ClassVar[str]  # the corpus category the records are filed under
    answer_kind: ClassVar[str]
    config_class: ClassVar[type[Config]]
    description: ClassVar[str] = ""

    def __init__(self, config: C | None = None) -> None:
        self.config: C = (
            config if config is not None else make_config(self.config_class)  # type: ignore[assignment]
        )
        self.config.validate()
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
