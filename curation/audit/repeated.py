"""trigger, enforceability: the stated stage game re-solved as a repeated game (feasibility is in
`feasibility`)."""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

from recon_data.curation.audit.base import Finding, IllPosed, Unparsed, fmt
from recon_data.curation.audit.stage import StageGame, delta_is_rate, parse_stage_game

_PAYOFF_WORDS = re.compile(r"\d")


def stage_of(question: str, roles_needed: bool = True) -> StageGame:
    """The item's stage game (raises IllPosed when the text states no payoffs at all)."""
    body = re.sub(r"discount(?:ing)? factor[^.]*?\d?\.\d+", "", question, flags=re.IGNORECASE)
    body = re.sub(r"between 0 and 1|\(0\s*<\s*δ\s*<\s*1\)", "", body)
    if not _PAYOFF_WORDS.search(body):
        raise IllPosed("the text states no payoffs at all")
    return parse_stage_game(question, roles_needed)


def _game(g: StageGame) -> Any:
    from recon_data.gametheory import NormalFormGame

    a, b = g.bimatrix()
    return NormalFormGame.from_bimatrix(a, b)


_DECIMAL = re.compile(r"(?<![\w.])-?\d+(?:\.(\d+))?(?![\w.])")


def shown_value(option: str) -> tuple[Fraction, int] | None:
    """The one number an option shows and its decimal places ('0.60' -> (3/5, 2)), or None."""
    found = _DECIMAL.findall(option)
    m = _DECIMAL.search(option)
    if len(found) != 1 or m is None:
        return None
    return Fraction(m.group()), len(m.group(1) or "")


def round_half_up(x: Fraction, places: int) -> Fraction:
    """`x` rounded to `places` decimals, halves away from zero (0.625 -> 0.63): the one rule."""
    scale = 10**places
    n = abs(x) * scale
    q = n.numerator // n.denominator
    if n - q >= Fraction(1, 2):
        q += 1
    return Fraction(q if x >= 0 else -q, scale)


# The question asks for subgame perfection itself (else a Nash equilibrium is a reading too).
_PERFECT = re.compile(r"subgame|sub-game|\bSPN?E\b|regardless of (?:the )?(?:past|history)", re.I)


def check_trigger(question: str, options: tuple[str, ...]) -> Finding:
    """The least delta at which grim trigger is an equilibrium, against the options.

    The exact set of such deltas comes from `gametheory.grim` (an interval, possibly [0, x]
    or empty). An option is right when it shows the set's least element rounded half up to
    the option's own decimal places (docs/audit.md: one rounding rule). A question that
    asks for subgame perfection has one reading; one that does not also reads "a Nash
    equilibrium" (which differs when mutual defection is no stage equilibrium). No delta at
    all under every reading: the question asks for something that does not exist
    (`ill_posed`, naming the fact that rules every delta out).
    """
    from recon_data.gametheory.grim import exact, grim_trigger_deltas

    g = stage_of(question)
    payoffs = (g.cooperate, g.temptation, g.sucker, g.punishment)
    kinds = {"subgame_perfect": True}
    if not _PERFECT.search(question):
        kinds["nash_equilibrium"] = False
    results = {
        name: grim_trigger_deltas(*payoffs, subgame_perfect=spe) for name, spe in kinds.items()
    }
    spe = results["subgame_perfect"]
    cert = {
        "stage_game": g.as_dict(),
        "threshold": None if spe.deltas.minimum is None else str(spe.deltas.minimum),
        "grim_trigger": spe.certificate,
    }
    if "nash_equilibrium" in results:
        cert["grim_trigger_nash"] = results["nash_equilibrium"].certificate
    note = (
        " ('respectively' read in the order the roles are named)" if g.respectively_swapped else ""
    )
    if all(r.deltas.empty for r in results.values()):
        raise IllPosed(f"no least discount factor exists: {spe.reason}{note}", cert)
    readings: dict[str, frozenset[int]] = {}
    parts = []
    for name, r in results.items():
        least = r.deltas.minimum
        readings[name] = frozenset(
            i
            for i, o in enumerate(options, 1)
            if least is not None
            and (shown := shown_value(o)) is not None
            and round_half_up(least, shown[1]) == shown[0]
        )
        parts.append(r.reason if least is None else f"least delta {exact(least)}: {r.reason}")
    if len(results) == 2 and {r.deltas for r in results.values()} == {spe.deltas}:
        readings = {"subgame_perfect": readings["subgame_perfect"]}
        parts = parts[:1]  # both readings give the same set: one reading
    return Finding(readings, "; ".join(parts) + note, cert)


_ALTERNATE = re.compile(
    r"alternat|take turns|taking turns|in turns|\bturns\b|\beven\b|\bodd\b|switch(?:es|ing)? roles|"
    r"rotat|swap",
    re.I,
)


def classify_path(text: str, g: StageGame) -> str | None:
    """Return 'cc', 'dd', 'cd' (one cooperates, one defects), 'alt', 'mixed' (both
    randomise), or None for an option that names no path we can read."""
    from recon_data.curation.audit.stage import action_of

    if re.search(r"random|mix|probabilit", text, re.I):
        return "mixed"  # both randomise every period: the stage game's mixed equilibrium
    if _ALTERNATE.search(text):
        return "alt"
    if re.search(r"intermittent|occasional|sometimes|from time to time|now and then", text, re.I):
        return None  # both do it only some periods: no path named
    # "Firm A competes and Firm B colludes": a bare "and" before a second named player splits.
    split = (
        r"\bwhile\b|\bwhereas\b|,\s*and\b|;|\bbut\b|\band\b(?=\s+(?:(?:[Ff]irm|[Cc]ompany|"
        r"[Cc]ountry|[Mm]anufacturer|[Cc]orporation|[Pp]layer|[Pp]arty)\s+)?[A-Z]\b)"
    )
    parts = [p for p in re.split(split, text) if p.strip()]
    if len(parts) == 2:
        roles = [action_of(p, g) for p in parts]
        contrast = re.search(r"\bwhile\b|\bwhereas\b|\bbut\b", text) is not None
        if contrast and roles.count(None) == 1:
            return "cd"  # "Firm A invests while Firm B free-rides": the other move
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


# The question fixes the punishment itself ("revert to the one-shot Nash equilibrium").
_NASH_REVERSION = re.compile(
    r"nash reversion|revert\w* to (?:the |a )?(?:one-shot |stage |static )?nash"
    r"|(?:one-shot|stage|static) nash equilibrium (?:forever|thereafter|ever after)"
    r"|subgame[- ]perfect",
    re.I,
)
_PUNISHMENTS = {"nash_reversion": "nash", "minmax_punishment": "minmax"}


def _holds(kind: str, delta: Fraction, game: Any, reversion: str) -> Any:
    """Whether a path holds; "mixed" (both randomise each period) holds exactly when the stage
    game has a fully mixed equilibrium, played every period (an equilibrium at any delta)."""
    from recon_data.gametheory.mixed import support_enumeration
    from recon_data.gametheory.repeated import sustainable

    if kind != "mixed":
        return sustainable(_PATHS[kind], delta, game, reversion=reversion)
    mixed = [
        e for e in support_enumeration(game).equilibria if all(0 < p < 1 for m in e for p in m)
    ]
    return _Mixed(bool(mixed), [[str(p) for p in m] for e in mixed[:1] for m in e])


class _Mixed:
    """The verdict on "both randomise": truthy when a fully mixed stage equilibrium exists."""

    def __init__(self, holds: bool, mixture: list[list[str]]) -> None:
        self.holds, self.certificate = holds, {"kind": "mixed_stage_equilibrium", "mix": mixture}

    def __bool__(self) -> bool:
        return self.holds


_PATHS = {"cc": [(0, 0)], "dd": [(1, 1)], "cd": [(0, 1)], "alt": [(0, 1), (1, 0)]}


def check_enforceability(question: str, options: tuple[str, ...]) -> Finding:
    """Which stated outcome paths are equilibria of the repeated game at the stated delta.

    "Enforceable in a Nash equilibrium" admits two punishments (docs/audit.md): reverting to
    the stage equilibrium worst for the deviator (grim trigger, subgame perfect) and holding
    the deviator to its mixed minmax (a Nash equilibrium, the punishment need not be
    credible). Each is a reading; they make the item `ambiguous` where they differ, unless
    the question names Nash reversion (or subgame perfection) itself.
    """

    g = stage_of(question, roles_needed=False)
    if g.delta is None:
        raise IllPosed("the text states no discount factor, and which paths hold depends on it")
    if not g.delta < 1:
        raise IllPosed(f"the stated discount factor {fmt(g.delta)} is not below 1")
    game = _game(g)
    kinds = [classify_path(o, g) for o in options]
    known = sorted({k for k in kinds if k is not None})
    unread = [i for i, k in enumerate(kinds, 1) if k is None]
    if unread:
        # an option we cannot read may be the right one: nothing can be judged
        raise Unparsed(f"option {unread[0]} names no path we can read")
    deltas = {"delta": g.delta}
    if delta_is_rate(question):
        # "discounted at a rate of r": the stated number is a factor or a rate (delta 1/(1+r)).
        deltas = {"factor": g.delta, "rate 1/(1+r)": 1 / (1 + g.delta)}
    punishments = dict(_PUNISHMENTS)
    if _NASH_REVERSION.search(question):
        del punishments["minmax_punishment"]
    readings: dict[str, frozenset[int]] = {}
    checks: dict[str, dict[str, Any]] = {}
    held: dict[str, list[str]] = {}
    for dname, delta in deltas.items():
        for pname, reversion in punishments.items():
            name = pname if len(deltas) == 1 else f"{pname}, delta as {dname}"
            verdicts = {k: _holds(k, delta, game, reversion) for k in known}
            readings[name] = frozenset(
                i for i, k in enumerate(kinds, 1) if k is not None and verdicts[k]
            )
            checks[name] = {k: v.certificate for k, v in verdicts.items()}
            held[name] = [k for k in known if verdicts[k]]
    if "mixed" in known and any("mixed" in ok for ok in held.values()):
        # "both randomly choose" names no probabilities: the stage game's mixed equilibrium
        # (an equilibrium path) or any random play (not one) are two readings
        mixed = frozenset(i for i, k in enumerate(kinds, 1) if k == "mixed")
        for name in list(readings):
            readings[f"{name}, random play is any"] = readings[name] - mixed
            held[f"{name}, random play is any"] = [k for k in held[name] if k != "mixed"]
            readings[f"{name}, random play is the mixed equilibrium"] = readings.pop(name)
            held[f"{name}, random play is the mixed equilibrium"] = held.pop(name)
    cert = {
        "stage_game": g.as_dict(),
        "options": [k or "unread" for k in kinds],
        "deltas": {name: str(d) for name, d in deltas.items()},
        "checks": checks,
    }
    if len({tuple(v) for v in held.values()}) == 1:
        ok = next(iter(held.values()))
        under = "either punishment" if len(punishments) > 1 else "Nash reversion (stated)"
        reason = f"sustainable at delta={fmt(g.delta)} under {under}: {', '.join(ok) or 'none of the paths'}"
    else:
        reason = "sustainable paths depend on the reading: " + "; ".join(
            f"{name}: {', '.join(ok) or 'none'}" for name, ok in held.items()
        )
    return Finding(readings, reason, cert)
