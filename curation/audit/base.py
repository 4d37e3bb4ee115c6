"""What one audited item is, and the verdict rule shared by every category checker."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from recon_data import answers

AUDIT_STATUSES = ("agree", "disagree", "no_option", "ambiguous", "ill_posed", "unparsed", "error")
# What each status means (docs/audit.md has the table; the report prints these lines).
MEANINGS = {
    "agree": "the gold is the one correct answer",
    "disagree": "the gold is wrong and another option is right",
    "no_option": "the question has an answer, but no option offers it",
    "ambiguous": "several options are right, or the answer depends on a reading",
    "ill_posed": "the text lacks a fact the question needs, contradicts itself, or asks "
    "for something that does not exist",
    "unparsed": "our parser could not read the item (a parser gap, not a data defect)",
    "error": "a checker raised an unexpected exception: a bug in recon-data, not in the data",
}


class Unparsed(Exception):
    """Our parser could not read the item (a parser gap, not a data defect)."""


class IllPosed(Exception):
    """The text lacks what the question needs, or makes the question meaningless."""

    def __init__(self, reason: str, certificate: Any = None) -> None:
        super().__init__(reason)
        self.certificate = certificate


@dataclass(frozen=True)
class Finding:
    """A checker's answer: the correct options under each reading, a reason and a certificate.

    `readings` maps a reading's name to the 1-based option numbers (mcq) or the formatted
    answers (profile sets) that are correct under it; one reading when the text is clear.
    """

    readings: Mapping[str, frozenset[Any]]
    reason: str
    certificate: Any = None


@dataclass(frozen=True)
class ItemAudit:
    """The audit of one item: status, gold, every correct answer in the gold's format, why."""

    id: str
    split: str
    category: str
    status: str
    gold: str
    solver: tuple[str, ...]
    reason: str
    certificate: Any = None
    readings: dict[str, list[str]] = field(default_factory=dict)
    correct_options: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON item of the report."""
        out: dict[str, Any] = {
            "id": self.id,
            "split": self.split,
            "category": self.category,
            "status": self.status,
            "gold": self.gold,
            "solver": list(self.solver),
            "reason": self.reason,
            "certificate": self.certificate,
        }
        if self.readings:
            out["readings"] = self.readings
        return out


def verdict(readings: Mapping[str, frozenset[Any]], gold: Any) -> tuple[str, frozenset[Any]]:
    """Return (status, answers correct under some reading) for a gold against the readings.

    No option right under any reading: `no_option`; the gold right under no reading while
    some option is: `disagree`; the gold right under some reading only, or beside other
    right options: `ambiguous`.
    """
    union: frozenset[Any] = frozenset().union(*readings.values()) if readings else frozenset()
    if not union:
        return "no_option", union
    if gold not in union:
        return "disagree", union
    if len(union) > 1:
        return "ambiguous", union
    if all(gold in s for s in readings.values()):
        return "agree", union
    return "ambiguous", union


def mcq_gold_number(gold: str) -> int:
    """Return the option number of an `Option N: text` gold (raises Unparsed)."""
    parsed = answers.parse_mcq_gold(gold)
    if parsed is None:
        raise Unparsed(f"gold is not 'Option N: text': {gold[:40]!r}")
    return parsed[0]


_NUM = re.compile(r"(?<![\w.])[-−]?\$?\d[\d,]*(?:\.\d+)?%?")


def numbers_in(text: str) -> list[Fraction]:
    """Return every decimal number in `text`, in order, as exact fractions ('$1,000.5' -> 2001/2)."""
    return [parse_number(m.group()) for m in _NUM.finditer(text)]


def parse_number(token: str) -> Fraction:
    """Parse one number token ('$1,234.50', '-3', '45%' -> 9/20) exactly."""
    t = token.replace("−", "-").replace("$", "").replace(",", "").strip()
    percent = t.endswith("%")
    value = Fraction(t.rstrip("%"))
    return value / 100 if percent else value


def fmt(x: Fraction) -> str:
    """Render a fraction for a reason line: integers plainly, others to 4 decimals."""
    if x.denominator == 1:
        return str(x.numerator)
    return f"{float(x):.4g}"


def options_with(options: tuple[str, ...], *words: str) -> list[int]:
    """Return the 1-based numbers of options whose lower-cased text contains any of `words`."""
    return [i for i, o in enumerate(options, 1) if any(w in o.lower() for w in words)]
