"""What every derivation returns, and the sympy steps they share (solve, check, certify)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sympy


class DerivationError(ValueError):
    """The model has no unique interior solution (a bug in the caller's primitives)."""


@dataclass(frozen=True)
class Derivation:
    """A derived quantity (a sympy expression) and the certificate of how it was derived."""

    value: Any
    certificate: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The canonical text of the value (the form golds store)."""
        from recon_data.answers.formula.bridge import canonical_text

        return canonical_text(self.value)


def symbol(name: str, *, integer: bool = False, real: bool = False) -> Any:
    """A model symbol: positive unless `real` (a payoff may be negative), integer if asked."""
    if real:
        return sympy.Symbol(name, real=True)
    return sympy.Symbol(name, positive=True, integer=integer or None)


def show(expr: Any) -> str:
    """Plain text of an expression for a certificate (sympy's own printer, `**` powers)."""
    return sympy.sstr(expr)


def solve_unique(equations: list[Any], unknowns: list[Any]) -> dict[Any, Any]:
    """Solve first-order conditions; exactly one solution or DerivationError."""
    solutions = sympy.solve(equations, unknowns, dict=True)
    if len(solutions) != 1 or set(solutions[0]) != set(unknowns):
        raise DerivationError(f"{len(solutions)} solutions of {[show(e) for e in equations]}")
    return {k: sympy.factor(sympy.cancel(v)) for k, v in solutions[0].items()}


def second_order(objective: Any, var: Any, at: dict[Any, Any]) -> str:
    """Check d2/dvar2 of the objective is negative at the solution; return it as text."""
    second = sympy.factor(sympy.cancel(sympy.diff(objective, var, 2).subs(at)))
    if second.is_negative is False or second.is_zero:
        raise DerivationError(f"second-order condition fails: {show(second)}")
    return show(second)


def foc_step(objective: Any, var: Any) -> Any:
    """The first-order condition d objective / d var = 0, as an expression."""
    return sympy.diff(objective, var)


def certificate(model: str, ask: str, value: Any, **steps: Any) -> dict[str, Any]:
    """A JSON certificate: model, asked quantity, its value, and the derivation steps."""
    out: dict[str, Any] = {"kind": "closed_form", "model": model, "ask": ask}
    for key, step in steps.items():
        if isinstance(step, dict):
            out[key] = {show(k): show(v) for k, v in step.items()}
        elif isinstance(step, (list, tuple)):
            out[key] = [show(s) for s in step]
        else:
            out[key] = show(step)
    out["value"] = show(value)
    return out
