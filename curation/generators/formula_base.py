"""What the closed-form families share: configs, symbolic/numeric parameters, golds, prompts.

A family draws a model variant and a question, and for each parameter whether it stays a
symbol or becomes a number (`symbols` of them stay symbols; `numeric` percent of problems
give every parameter a number). The gold comes from one sympy derivation of the variant with
every parameter symbolic (cached), with the drawn numbers substituted: the formula item and its
numeric variant are the same derivation. The gold of a formula item is `FORMULA where
CONDITIONS` (`answer_kind` expression), the conditions being the stated domains of the
parameters left as symbols; a fully numeric item is answered by a number (kind numeric).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from typing import Any, ClassVar, Self

from pydantic import model_validator

from recon_data.curation.generators.base import (
    Draft,
    Generator,
    GeneratorConfig,
    Reject,
    Sample,
    need,
)

FORMULA_HEAD = (
    "You are given a reasoning problem in Economics. Please reason step by step to solve it.\n\n"
    "Enclose your reasoning in <think> and </think>. Then, give your final answer as a "
    "formula in the parameters named in the question (LaTeX or plain text, for example "
    "\\frac{a-c}{2b}) using the format \\boxed{formula}.\n\n"
    "Question:\n"
)


@dataclass(frozen=True)
class Param:
    """A model parameter: its name, how a number for it is drawn, whether it is an integer."""

    name: str
    draw: Callable[[random.Random, dict[str, Fraction]], Fraction]
    integer: bool = False


@dataclass(frozen=True)
class Posed:
    """A drawn problem before its gold: variant, question, parameters, text pieces."""

    variant: str
    ask: str
    params: tuple[Param, ...]
    chains: tuple[tuple[str, ...], ...]  # `("0", "<", "c", "<", "a")`: the stated domain
    label: str  # the name of the asked quantity (`q^*`), shown in the question
    threshold: bool = False  # the gold is a lower bound on `label` (delta >= ...)
    extra: dict[str, Any] = field(default_factory=dict)


class FormulaConfig(GeneratorConfig):
    """Shared knobs: how many parameters stay symbols, how often every one is a number."""

    symbols: int = 2
    numeric: int = 0  # percent of problems with every parameter a number (numeric answer)
    hard_variants: bool = False

    PRESETS: ClassVar[dict[str, dict[str, Any]]] = {
        "easy": {"symbols": 1, "numeric": 0, "hard_variants": False},
        "medium": {"symbols": 2, "numeric": 0, "hard_variants": False},
        "hard": {"symbols": 6, "numeric": 0, "hard_variants": True},
    }

    @model_validator(mode="after")
    def _check_formula(self) -> Self:
        """Check the shared knobs."""
        need(1 <= self.symbols <= 12, "symbols", f"symbols must be 1..12, got {self.symbols}")
        need(0 <= self.numeric <= 100, "numeric", f"numeric must be 0..100, got {self.numeric}")
        return self


class FormulaGenerator(Generator[FormulaConfig]):
    """Base of the closed-form families: subclasses implement `pose`, `derive` and `text`."""

    category = "closed_form"
    answer_kind = "expression"
    config_class = FormulaConfig

    def pose(self, rng: random.Random) -> Posed:
        """Draw the variant, the question and the parameters."""
        raise NotImplementedError

    @classmethod
    def derive(cls, posed: Posed, values: dict[str, Any]) -> Any:
        """Return the `Derivation` of the asked quantity with these sympy values."""
        raise NotImplementedError

    def text(self, posed: Posed, shown: dict[str, str], domain: str, rng: random.Random) -> str:
        """Return the question: each parameter shown as `shown[name]`, `domain` its conditions."""
        raise NotImplementedError

    def draft(self, rng: random.Random) -> Draft:
        """Pose, split the parameters into symbols and numbers, derive, write."""
        from recon_data.answers import format_number
        from recon_data.answers.formula.bridge import canonical_text

        posed = self.pose(rng)
        numbers: dict[str, Fraction] = {}
        for p in posed.params:
            numbers[p.name] = p.draw(rng, numbers)
        numeric = rng.randrange(100) < self.config.numeric
        names = [p.name for p in posed.params]
        derivation = _derive_symbolic(self, posed)
        # Only parameters the answer depends on may stay symbols (S in T, R, P, S: a number).
        relevant = [n for n in names if n in {s.name for s in derivation.value.free_symbols}]
        keep = 0 if numeric else min(self.config.symbols, len(relevant))
        symbolic = set(rng.sample(relevant, keep))
        substituted = derivation.value.subs(
            {_symbol(p): _sympy_number(numbers[p.name]) for p in posed.params
             if p.name not in symbolic}
        )  # fmt: skip
        free = {s.name for s in substituted.free_symbols}
        shown = {n: (display(n) if n in symbolic else _number_text(numbers[n])) for n in names}
        domain = domain_text(posed, symbolic, numbers)
        question = self.text(posed, shown, domain, rng)
        certificate = {
            **derivation.certificate,
            "variant": posed.variant,
            "numbers": {n: str(numbers[n]) for n in names if n not in symbolic},
        }
        if not free:
            value = Fraction(str(substituted))
            certificate["substituted"] = str(value)
            from recon_data.curation.generators.prompts import NUMERIC_HEAD

            return FormulaDraft(question=question, content=NUMERIC_HEAD + question,
                                answer=format_number(value), certificate=certificate,
                                kind="numeric")  # fmt: skip
        formula = canonical_text(substituted)
        answer = f"{formula} where {domain}"
        if posed.threshold:
            answer = f"{posed.extra.get('gold_label', 'delta')} >= {answer}"
        certificate["substituted"] = formula
        _check_gold(answer)
        return FormulaDraft(question=question, content=FORMULA_HEAD + question, answer=answer,
                            certificate=certificate, kind="expression")  # fmt: skip

    def _assemble(
        self, draft: Draft, rng: random.Random, seed: int, index: int, split: str
    ) -> Sample:
        sample = super()._assemble(draft, rng, seed, index, split)
        if isinstance(draft, FormulaDraft):
            sample.record["answer_kind"] = draft.kind
        return sample


@dataclass(frozen=True)
class FormulaDraft(Draft):
    """A draft whose answer kind is decided per problem (a formula, or a number)."""

    kind: str = "expression"


def _check_gold(answer: str) -> None:
    from recon_data.answers.expression import read_formula_gold
    from recon_data.answers.formula.lexer import FormulaError

    try:
        read_formula_gold(answer)
    except FormulaError as exc:
        raise Reject(f"gold not gradable: {exc}") from None


_FAMILIES: dict[str, type[FormulaGenerator]] = {}


@lru_cache(maxsize=512)
def _derive_cached(family: str, variant: str, ask: str, params: tuple[Param, ...],
                   extra: tuple[tuple[str, Any], ...]) -> Any:  # fmt: skip
    posed = Posed(variant, ask, params, (), "", extra=dict(extra))
    values = {p.name: _symbol(p) for p in params}
    return _FAMILIES[family].derive(posed, values)


def _derive_symbolic(gen: FormulaGenerator, posed: Posed) -> Any:
    # One derivation per family, variant and question, every parameter a symbol.
    _FAMILIES.setdefault(gen.name, type(gen))
    extra = tuple(sorted((k, v) for k, v in posed.extra.items() if isinstance(v, (int, str))))
    return _derive_cached(gen.name, posed.variant, posed.ask, posed.params, extra)


def _symbol(p: Param) -> Any:
    from recon_data.gametheory.closed_forms.base import symbol

    return symbol(p.name, integer=p.integer)


def _sympy_number(x: Fraction) -> Any:
    import sympy

    return sympy.Rational(x.numerator, x.denominator)


def _number_text(x: Fraction) -> str:
    from recon_data.answers import format_number

    return format_number(x)


_WORD = re.compile(r"[A-Za-z]+(?:_[A-Za-z0-9]+)?")
_GREEK_LETTERS = {"alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε",
                  "theta": "θ", "lambda": "λ", "mu": "μ", "rho": "ρ", "sigma": "σ",
                  "omega": "ω"}  # fmt: skip


def display(name: str) -> str:
    """How a parameter is written in a question: Greek names as letters (`delta_1` -> `δ_1`)."""
    base, sep, sub = name.partition("_")
    return _GREEK_LETTERS.get(base, base) + sep + sub


def domain_text(posed: Posed, symbolic: set[str], numbers: dict[str, Fraction]) -> str:
    """The stated conditions on the symbols: chains with numbers substituted, integers marked."""
    parts: list[str] = []
    for chain in posed.chains:
        terms = [t if t in symbolic or t not in numbers else _number_text(numbers[t])
                 for t in chain[0::2]]  # fmt: skip
        ops = list(chain[1::2])
        kept: list[str] = []
        for i, op in enumerate(ops):
            left, right = terms[i], terms[i + 1]
            if left not in symbolic and right not in symbolic:
                continue  # true by construction of the numbers
            if kept and kept[-1] == left:
                kept += [op, right]
            else:
                if kept:
                    parts.append(" ".join(kept))
                kept = [left, op, right]
        if kept:
            parts.append(" ".join(kept))
    parts += [f"{p.name} integer" for p in posed.params if p.integer and p.name in symbolic]
    return ", ".join(parts)


def assume_sentence(domain: str) -> str:
    """The domain as a sentence of the question (`Assume 0 < c < a and 0 < b; n is an integer.`)."""
    if not domain:
        return ""
    chains = [c for c in domain.split(", ") if not c.endswith(" integer")]
    ints = [c[: -len(" integer")] for c in domain.split(", ") if c.endswith(" integer")]
    text = " and ".join([", ".join(chains[:-1]), chains[-1]] if len(chains) > 1 else chains)
    text = _WORD.sub(lambda m: display(m.group()), text.replace("<=", "≤"))
    ints = [display(n) for n in ints]
    out = f"Assume {text}" if chains else "Assume"
    if ints:
        verb = "is an integer" if len(ints) == 1 else "are integers"
        out += ("; " if chains else " ") + f"{' and '.join(ints)} {verb}"
    return out + "."


def ask_sentence(phrase: str, label: str, shown: dict[str, str]) -> str:
    """`What is each firm's quantity q^*? Express it in terms of a, b and c.` (or exact value)."""
    symbols = [shown[n] for n in sorted(shown, key=_order) if not is_number(shown[n])]
    if not symbols:
        return f"What is {phrase}? Give the exact value."
    return f"What is {phrase} ({label})? Express it in terms of {symbols_phrase(symbols)}."


def _order(name: str) -> tuple[bool, str]:
    # Latin letters first (a, b, c), then Greek names, each alphabetically.
    return (len(name.partition("_")[0]) > 1, name)


def is_number(text: str) -> bool:
    """True for a parameter shown as a number (`12`, `0.5`, `3/4`)."""
    return bool(text) and (text[0].isdigit() or text[0] == "-")


def symbols_phrase(names: Sequence[str]) -> str:
    """`a, b and c` for the parameters a question is answered in."""
    names = list(names)
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def uniform(low: int, high: int, step: int = 1) -> Callable[[random.Random, dict], Fraction]:
    """A parameter drawn uniformly from low, low + step, ..., high."""

    def draw(rng: random.Random, _: dict[str, Fraction]) -> Fraction:
        return Fraction(rng.randrange(low, high + 1, step))

    return draw


def above(name: str, low: int, high: int) -> Callable[[random.Random, dict], Fraction]:
    """A parameter drawn as the value of `name` plus low..high."""

    def draw(rng: random.Random, drawn: dict[str, Fraction]) -> Fraction:
        return drawn[name] + rng.randint(low, high)

    return draw


def hundredths(low: int, high: int) -> Callable[[random.Random, dict], Fraction]:
    """A number in (0, 1) drawn as low/100 .. high/100 in steps of 5/100."""

    def draw(rng: random.Random, _: dict[str, Fraction]) -> Fraction:
        return Fraction(rng.randrange(low, high + 1, 5), 100)

    return draw
