"""pure_nash and pte: read the two payoff matrices and re-solve the bimatrix game exactly."""

from __future__ import annotations

import json
import re
from typing import Any

from recon_data import answers
from recon_data.curation.audit.base import Finding, Unparsed

_MATRIX = re.compile(r"Player ([01])'s payoff matrix:\s*(\[[-\d\s,.\[\]]*\])")


def parse_bimatrix(text: str) -> tuple[list[list[Any]], list[list[Any]]]:
    """Return (A, B), the row and column player's payoff matrices (raises Unparsed)."""
    found: dict[str, Any] = {}
    for m in _MATRIX.finditer(text):
        try:
            found[m.group(1)] = json.loads(m.group(2))
        except ValueError:
            raise Unparsed(f"player {m.group(1)}'s matrix is not a list of lists") from None
    if set(found) != {"0", "1"}:
        raise Unparsed("the two payoff matrices are not both given")
    a, b = found["0"], found["1"]
    shape_a = [len(r) for r in a] if isinstance(a, list) else None
    shape_b = [len(r) for r in b] if isinstance(b, list) else None
    if not a or shape_a != shape_b or len(set(shape_a or [0])) != 1 or 0 in (shape_a or [0]):
        raise Unparsed("the payoff matrices are not rectangular and of one shape")
    return a, b


def _game(text: str) -> Any:
    from recon_data.gametheory import NormalFormGame

    a, b = parse_bimatrix(text)
    return NormalFormGame.from_bimatrix(a, b)


def _fmt(profiles: Any) -> str:
    return answers.format_profile_set([tuple(p) for p in profiles])


def check_pure_nash(question: str, options: tuple[str, ...]) -> Finding:
    """All pure Nash equilibria of the stated bimatrix game."""
    from recon_data.gametheory import pure_nash

    result = pure_nash(_game(question))
    n = len(result.profiles)
    return Finding(
        {"pure_nash": frozenset({_fmt(result.profiles)})},
        f"{n} pure equilibri{'um' if n == 1 else 'a'} by best-response table",
        result.certificate,
    )


def pte_readings(question: str) -> tuple[Any, Any]:
    """Return the PTE results under (individual rationality, literal Pareto) for one item."""
    from recon_data.gametheory import perfectly_transparent

    game = _game(question)
    return (
        perfectly_transparent(game, "individual_rationality"),
        perfectly_transparent(game, "pareto"),
    )


# The release's step 2, and the sentence `clean` puts in its place (the rule the golds use).
PARETO_RULE = "2. Eliminate any outcome that does *not* Pareto-dominate those guarantees."
IR_RULE = "2. Eliminate any outcome in which some player gets strictly less than their guarantee."
_PARETO = re.compile(r"Pareto[- ]dominat", re.I)


def check_pte(question: str, options: tuple[str, ...]) -> Finding:
    """The Perfectly Transparent Equilibrium under the rule the text states.

    The concept (Fourny 2018) removes the outcomes where some player gets less than its
    guarantee (individual rationality). A prompt that words the step as "Pareto-dominate
    those guarantees" states a second rule; where the two rules give different answers the
    item is `ambiguous` with both readings. A prompt stating the individual-rationality rule
    (or none) has one reading.
    """
    ir, pareto = pte_readings(question)
    a, b = _fmt(ir.pte), _fmt(pareto.pte)
    certificate = {"individual_rationality": ir.certificate, "pareto_literal": pareto.certificate}
    if not _PARETO.search(question):
        stated = "states the individual-rationality rule" if IR_RULE in question else "names PTE"
        return Finding(
            {"individual_rationality": frozenset({a})},
            f"PTE by iterated maximin elimination (the prompt {stated})",
            certificate,
        )
    if a == b:
        reason = "PTE by iterated maximin elimination (both readings agree)"
    else:
        reason = (
            f"reading decides: weak individual rationality (Fourny) gives {a}, "
            f"the prompt's literal 'Pareto-dominate the guarantees' gives {b}"
        )
    return Finding(
        {"individual_rationality": frozenset({a}), "pareto_literal": frozenset({b})},
        reason,
        certificate,
    )
