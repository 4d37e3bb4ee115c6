"""trigger, enforceability, feasibility: the stated stage game re-solved as a repeated game."""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

from recon_data.curation.audit.base import Finding, IllPosed, Unparsed, fmt, numbers_in
from recon_data.curation.audit.stage import StageGame, delta_is_rate, parse_stage_game

_PAYOFF_WORDS = re.compile(r"\d")


def _stage(question: str, roles_needed: bool = True) -> StageGame:
    body = re.sub(r"discount(?:ing)? factor[^.]*?\d?\.\d+", "", question, flags=re.IGNORECASE)
    body = re.sub(r"between 0 and 1|\(0\s*<\s*δ\s*<\s*1\)", "", body)
    if not _PAYOFF_WORDS.search(body):
        raise IllPosed("the text states no payoffs at all")
    return parse_stage_game(question, roles_needed)


def _game(g: StageGame) -> Any:
    from recon_data.gametheory import NormalFormGame

    a, b = g.bimatrix()
    return NormalFormGame.from_bimatrix(a, b)


def _option_values(options: tuple[str, ...]) -> list[list[Fraction]]:
    out = []
    for o in options:
        try:
            out.append(numbers_in(o))
        except ValueError:
            out.append([])
    return out


def check_trigger(question: str, options: tuple[str, ...]) -> Finding:
    """Grim-trigger threshold (T-C)/(T-P) of the stated game against the options (2 decimals)."""
    from recon_data.gametheory.repeated import grim_trigger_threshold

    g = _stage(question)
    d = grim_trigger_threshold(g.cooperate, g.temptation, g.punishment)
    cert = {"stage_game": g.as_dict(), "threshold": None if d is None else str(d)}
    if d is None:
        raise IllPosed(
            f"mutual cooperation ({fmt(g.cooperate)}) pays no more than mutual defection "
            f"({fmt(g.punishment)}): no discount factor sustains it",
            cert,
        )
    values = _option_values(options)
    # Options are rounded to two decimals: an option is right if it is d rounded either way.
    hits = frozenset(
        i
        for i, v in enumerate(values, 1)
        if len(v) == 1 and abs(v[0] - d) < Fraction(1, 100) and _rounds_to(d, v[0])
    )
    reason = f"threshold (T-C)/(T-P) = {fmt(d)} from C={fmt(g.cooperate)}, T={fmt(g.temptation)}, P={fmt(g.punishment)}"
    if g.respectively_swapped:
        reason += " ('respectively' read in the order the roles are named)"
    return Finding({"grim_trigger": hits}, reason, cert)


def _rounds_to(d: Fraction, shown: Fraction) -> bool:
    places = 2 if shown.denominator <= 100 else 4
    step = Fraction(1, 10**places)
    return abs(d - shown) <= step / 2 or (shown - step < d < shown + step and d.denominator > 1)


_ALTERNATE = re.compile(
    r"alternat|take turns|taking turns|in turns|\bturns\b|\beven\b|\bodd\b|switch(?:es|ing)? roles|"
    r"rotat|swap",
    re.I,
)


def classify_path(text: str, g: StageGame) -> str | None:
    """Return 'cc', 'dd', 'cd' (one cooperates, one defects), 'alt', or None for an option."""
    from recon_data.curation.audit.stage import action_of

    if re.search(r"random|mix|probabilit", text, re.I):
        return None
    if _ALTERNATE.search(text):
        return "alt"
    # "Firm A competes and Firm B colludes": a bare "and" before a second named player splits.
    split = (
        r"\bwhile\b|\bwhereas\b|,\s*and\b|;|\bbut\b|\band\b(?=\s+(?:(?:[Ff]irm|[Cc]ompany|"
        r"[Cc]ountry|[Mm]anufacturer|[Cc]orporation|[Pp]layer|[Pp]arty)\s+)?[A-Z]\b)"
    )
    parts = [p for p in re.split(split, text) if p.strip()]
    if len(parts) == 2:
        roles = [action_of(p, g) for p in parts]
        if roles[0] is None and roles[1] is not None and len(parts[0].split()) <= 3:
            roles[0] = roles[1]  # "Firm A and Firm B compete": one verb for both firms
        if None not in roles:
            return "cc" if roles == ["C", "C"] else "dd" if roles == ["D", "D"] else "cd"
        return None
    role = action_of(text, g)
    if role is None:
        return None
    if re.search(r"\bone\b.*\b(?:other|another)\b", text, re.I):
        return "cd"
    return "cc" if role == "C" else "dd"


def check_enforceability(question: str, options: tuple[str, ...]) -> Finding:
    """Which stated outcome paths grim trigger (Nash reversion) sustains at the stated delta."""
    from recon_data.gametheory.repeated import sustainable

    g = _stage(question, roles_needed=False)
    if g.delta is None:
        raise IllPosed("the text states no discount factor")
    game = _game(g)
    paths = {"cc": [(0, 0)], "dd": [(1, 1)], "cd": [(0, 1)], "alt": [(0, 1), (1, 0)]}
    kinds = [classify_path(o, g) for o in options]
    known = [k for k in kinds if k is not None]
    if not known:
        raise Unparsed("no option names a path we can read")
    deltas = {"delta": g.delta}
    if delta_is_rate(question):
        # "discounted at a rate of r": the stated number is a factor or a rate (delta 1/(1+r)).
        deltas = {
            "stated number is the factor": g.delta,
            "stated number is a rate r, delta=1/(1+r)": 1 / (1 + g.delta),
        }
    readings: dict[str, frozenset[int]] = {}
    for name, delta in deltas.items():
        verdicts: dict[str, Any] = {}
        for k in set(known):
            try:
                verdicts[k] = sustainable(paths[k], delta, game)
            except Exception as exc:
                raise IllPosed(f"no pure stage equilibrium to punish with: {exc}") from None
        readings[name] = frozenset(
            i for i, k in enumerate(kinds, 1) if k is not None and verdicts[k]
        )
    cert = {
        "stage_game": g.as_dict(),
        "options": [k or "unread" for k in kinds],
        "checks": {k: v.certificate for k, v in sorted(verdicts.items())},
    }
    ok = sorted(k for k, v in verdicts.items() if v)
    reason = f"sustainable at delta={fmt(g.delta)}: {', '.join(ok) or 'none of the paths'}"
    if None in kinds:
        reason += " (some options name no path we can check)"
    if len(readings) == 1:
        readings = {"grim_trigger_nash_reversion": readings["delta"]}
    return Finding(readings, reason, cert)


_ASK_NOT = re.compile(
    r"\b(cannot|can't|can not|not be|not feasible|is not|isn't|infeasible|unsustainable)\b", re.I
)


def check_feasibility(question: str, options: tuple[str, ...]) -> Finding:
    """Folk theorem: which payoff options are feasible and individually rational."""
    from recon_data.gametheory.repeated import individually_rational, is_feasible, minmax_values

    g = _stage(question, roles_needed=False)
    game = _game(g)
    asks = question.rsplit(".", 1)[-1] if "?" not in question else question
    negative = bool(_ASK_NOT.search(asks.split("?")[0][-200:]))
    supported: dict[int, bool] = {}
    for i, vals in enumerate(_option_values(options), 1):
        if len(vals) == 1:
            vec = (vals[0], vals[0])  # one amount: the symmetric payoff to each firm
        elif len(vals) == 2:
            vec = (vals[0], vals[1])
        else:
            continue
        supported[i] = is_feasible(vec, game) and individually_rational(vec, game)
    if not supported:
        raise Unparsed("no option is a payoff we can read")
    hits = frozenset(i for i, ok in supported.items() if ok != negative)
    cert = {
        "stage_game": g.as_dict(),
        "minmax": [str(v) for v in minmax_values(game)],
        "supported": {str(i): ok for i, ok in sorted(supported.items())},
        "asks": "not supportable" if negative else "supportable",
    }
    reason = (
        f"feasible and individually rational (minmax {fmt(minmax_values(game)[0])}): options "
        f"{', '.join(str(i) for i, ok in sorted(supported.items()) if ok) or 'none'}"
    )
    return Finding({"folk_theorem": hits}, reason, cert)
