"""feasibility: which payoffs an infinitely repeated stage game can sustain, read two ways.

The folk theorem (the patient limit) supports every feasible payoff at least each player's
mixed minmax. A question that states its discount factor also reads "a Nash equilibrium of
the game at that delta": `gametheory.payoff_sets` brackets those payoffs exactly (an inner
set shown by construction, an outer set no equilibrium leaves). The two readings are two
readings: where they give different options the item is `ambiguous` (docs/audit.md), and an
option the bounds do not settle at the stated delta is counted both ways.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from recon_data.curation.audit.base import Finding, Unparsed, fmt, numbers_in
from recon_data.curation.audit.stage import StageGame, delta_is_rate

_ASK_NOT = re.compile(
    r"\b(cannot|can't|can not|not be|not feasible|is not|isn't|infeasible|unsustainable)\b", re.I
)
Vector = tuple[Fraction, Fraction]


def option_vectors(options: tuple[str, ...]) -> dict[int, Vector]:
    """The payoff pair each option names (one amount: that amount to each firm)."""
    out: dict[int, Vector] = {}
    for i, o in enumerate(options, 1):
        try:
            vals = numbers_in(o)
        except ValueError:
            continue
        if len(vals) == 1:
            out[i] = (vals[0], vals[0])
        elif len(vals) == 2:
            out[i] = (vals[0], vals[1])
    return out


def stage_deltas(g: StageGame, question: str) -> dict[str, Fraction]:
    """The discount factors the question states, by reading ({} when it states none)."""
    if g.delta is None or not 0 <= g.delta < 1:
        return {}
    if delta_is_rate(question):
        # "discounted at a rate of r": the number is a factor or a rate (delta 1/(1+r))
        return {"delta as factor": g.delta, "delta as rate 1/(1+r)": 1 / (1 + g.delta)}
    return {"delta": g.delta}


def game_of(stage: Mapping[str, Any]) -> Any:
    """The symmetric 2x2 game of a certificate's `stage_game` (action 0 = cooperate)."""
    from recon_data.gametheory import NormalFormGame

    c, t = Fraction(stage["both_cooperate"]), Fraction(stage["deviator"])
    s, p = Fraction(stage["cooperator_vs_deviator"]), Fraction(stage["both_defect"])
    return NormalFormGame.from_bimatrix([[c, s], [t, p]], [[c, t], [s, p]])


def verdicts(game: Any, deltas: Mapping[str, Fraction], vec: Vector) -> dict[str, bool | None]:
    """Whether `vec` is supported under each reading: the folk theorem, then each delta
    (None where the bounds at that delta do not settle it)."""
    from recon_data.gametheory.payoff_sets import nash_payoff_bounds
    from recon_data.gametheory.repeated import individually_rational, is_feasible

    out: dict[str, bool | None] = {
        "folk_theorem": individually_rational(vec, game, mixed=True) and is_feasible(vec, game)
    }
    for name, d in deltas.items():
        status = nash_payoff_bounds(game, d).status(vec)
        out[f"at {name}"] = None if status == "unknown" else status == "yes"
    return out


def check_feasibility(question: str, options: tuple[str, ...]) -> Finding:
    """Which payoff options the repeated game sustains, under the folk theorem and (when the
    question states delta) as Nash-equilibrium payoffs at that delta."""
    from recon_data.curation.audit.repeated import stage_of
    from recon_data.gametheory.payoff_sets import nash_payoff_bounds
    from recon_data.gametheory.repeated import minmax_values

    g = stage_of(question, roles_needed=False)
    game = game_of(g.as_dict())
    asks = question.rsplit(".", 1)[-1] if "?" not in question else question
    negative = bool(_ASK_NOT.search(asks.split("?")[0][-200:]))
    vectors = option_vectors(options)
    if not vectors:
        raise Unparsed("no option is a payoff we can read")
    deltas = stage_deltas(g, question)
    judged = {i: verdicts(game, deltas, v) for i, v in vectors.items()}
    names = list(next(iter(judged.values())))
    readings: dict[str, frozenset[int]] = {}
    for name in names:
        unsettled = [i for i in judged if judged[i][name] is None]
        for label, undecided in _splits(name, unsettled):
            readings[label] = frozenset(
                i
                for i, v in judged.items()
                if (undecided if v[name] is None else bool(v[name])) != negative
            )
    mixed = minmax_values(game, mixed=True)
    cert: dict[str, Any] = {
        "stage_game": g.as_dict(),
        "minmax": [str(v) for v in mixed],
        "pure_minmax": [str(v) for v in minmax_values(game)],
        "supported": {str(i): v["folk_theorem"] for i, v in sorted(judged.items())},
        "asks": "not supportable" if negative else "supportable",
        "deltas": {name: str(d) for name, d in deltas.items()},
        "at_delta": {
            f"at {name}": {str(i): _word(v[f"at {name}"]) for i, v in sorted(judged.items())}
            for name in deltas
        },
        "bounds": {name: nash_payoff_bounds(game, d).certificate for name, d in deltas.items()},
    }
    # action 0 is the one both play in the first mutual outcome (C), action 1 in the other (P)
    labels = (
        f"the action that pays {money(g.cooperate)} when both play it",
        f"the action that pays {money(g.punishment)} when both play it",
    )
    reason = _reason(game, deltas, vectors, judged, mixed[0], labels)
    if negative:
        reason += " (the question asks for one that is not)"
    if len(set(readings.values())) == 1:
        readings = {"folk_theorem": readings["folk_theorem"]}
    return Finding(readings, reason, cert)


def money(x: Fraction) -> str:
    """An amount as the items write it: exact up to four decimals, else rounded to cents."""
    for places in range(5):
        if (x * 10**places).denominator == 1:
            return f"{float(x):.{places}f}" if places else str(x.numerator)
    return f"{float(x):.2f}"


def _splits(name: str, unsettled: list[int]) -> list[tuple[str, bool]]:
    """One reading, or two when some option is not settled at this delta (counted both ways)."""
    if not unsettled:
        return [(name, False)]
    return [(f"{name}, undecided hold", True), (f"{name}, undecided fail", False)]


def _word(v: bool | None) -> str:
    return "undecided" if v is None else "supported" if v else "not supported"


def _options(judged: Mapping[int, Mapping[str, bool | None]], name: str) -> str:
    return ", ".join(str(i) for i, v in sorted(judged.items()) if v[name]) or "none"


def _reason(
    game: Any,
    deltas: Mapping[str, Fraction],
    vectors: Mapping[int, Vector],
    judged: Mapping[int, Mapping[str, bool | None]],
    minmax: Fraction,
    labels: tuple[str, str],
) -> str:
    from recon_data.gametheory.payoff_sets import nash_payoff_bounds

    parts = [
        f"folk theorem (patient limit), supported (feasible, at least the mixed minmax "
        f"{money(minmax)}): options {_options(judged, 'folk_theorem')}"
    ]
    for name, d in deltas.items():
        key = f"at {name}"
        bounds = nash_payoff_bounds(game, d)
        text = (
            f"Nash-equilibrium payoffs at the stated {name} {fmt(d)}: "
            f"options {_options(judged, key)}"
        )
        odd = [i for i, v in sorted(judged.items()) if v[key] != v["folk_theorem"]]
        for i in odd:
            x, y = vectors[i]
            shown = money(x) if x == y else f"({money(x)}, {money(y)})"
            text += f"; option {i} ({shown}) {bounds.why(vectors[i], labels)}"
        if not odd:
            text += " (the same)"
        parts.append(text)
    return "; ".join(parts)
