"""Nash-equilibrium payoffs of a discounted repeated two-player game at a stated delta.

The folk theorem describes the patient limit; at a given discount factor delta the set E of
(average, discounted) Nash-equilibrium payoffs can be much smaller. Computing E exactly is
hard in general, so this module brackets it with two exact convex polygons, each proved:

- `inner`, payoffs shown to be equilibrium payoffs, by construction. A deviator is held to
  its mixed minmax m forever (a Nash equilibrium need not make that credible), and a public
  randomisation device picks among equilibria, so E is convex. Seeds: the stage game's
  equilibria (played every period), stationary schemes (each period a public lottery over a
  set K of pure profiles, continuation worth the scheme itself, which holds when
  delta (v_i - m_i) >= (1 - delta) g_i(a) for every a in K, g_i the one-shot gain), and
  periodic pure paths that `repeated.sustainable` accepts. Then it grows by the
  self-generation step: playing a pure profile a today and continuing with a payoff w
  already in the set is an equilibrium when delta (w_i - m_i) >= (1 - delta) g_i(a).
- `outer`, a set no equilibrium payoff leaves, for every behaviour strategy (mixed play on
  the path included). An action a_i is never played on the path when another action beats
  it by at least g against every action the opponent may play there and
  (1 - delta) g > delta (M_i - m_i), M_i the most player i can get in the set still possible:
  the continuation can reward a_i by at most M_i - m_i. Repeated until nothing is removed,
  E lies in the hull of the profiles left, cut at the minmax.

`status(v)` is "yes" (in inner), "no" (outside outer) or "unknown" (between), each with why.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Any, Literal

from recon_data.errors import ReconDataError
from recon_data.gametheory.normal_form import NormalFormGame
from recon_data.gametheory.numbers import Number, to_fraction
from recon_data.gametheory.polygon import Point, Polygon, at_least, blend, contains, hull, largest

Status = Literal["yes", "no", "unknown"]
# The self-generation step repeats until the inner set stops growing; on the release's games it
# stops within five rounds, the cap only bounds the work on adversarial input.
_ROUNDS = 30


@dataclass(frozen=True)
class Elimination:
    """An action never played on an equilibrium path: who, which, what beats it, and the numbers."""

    player: int
    action: int
    beaten_by: int
    gap: Fraction
    reward_bound: Fraction  # delta / (1 - delta) * (M_i - m_i): the most the future can repay

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready record."""
        return {
            "player": self.player,
            "action": self.action,
            "beaten_by": self.beaten_by,
            "gap": str(self.gap),
            "reward_bound": str(self.reward_bound),
        }


@dataclass(frozen=True)
class PayoffBounds:
    """Proved bounds on the Nash-equilibrium payoffs of the repeated game at `delta`."""

    delta: Fraction
    minmax: tuple[Fraction, Fraction]
    feasible: Polygon
    inner: Polygon
    outer: Polygon
    eliminated: tuple[Elimination, ...]
    rounds: int

    def status(self, payoff: tuple[Number, Number]) -> Status:
        """'yes' when `payoff` is shown to be an equilibrium payoff, 'no' when shown not to be,
        'unknown' when neither bound settles it."""
        v = (to_fraction(payoff[0]), to_fraction(payoff[1]))
        if contains(self.inner, v):
            return "yes"
        return "unknown" if contains(self.outer, v) else "no"

    def why(self, payoff: tuple[Number, Number], labels: Sequence[str] = ()) -> str:
        """One line saying why `status(payoff)` is what it is (`labels` name the actions)."""
        v = (to_fraction(payoff[0]), to_fraction(payoff[1]))
        status = self.status(v)
        if status == "yes":
            return "is an equilibrium payoff (minmax punishment, shown by construction)"
        if not contains(self.feasible, v):
            return "is not feasible (outside the hull of the stage payoffs)"
        if v[0] < self.minmax[0] or v[1] < self.minmax[1]:
            return "is below a player's minmax"
        if status == "unknown":
            return "is neither shown to be an equilibrium payoff nor ruled out at this delta"

        def name(action: int) -> str:
            return labels[action] if action < len(labels) else f"action {action}"

        seen: dict[tuple[int, int, Fraction, Fraction], list[int]] = {}
        for e in self.eliminated:
            seen.setdefault((e.action, e.beaten_by, e.gap, e.reward_bound), []).append(e.player)
        lines = []
        for (action, beaten_by, gap, bound), players in seen.items():
            who = "each player" if len(players) == 2 else f"player {players[0] + 1}"
            lines.append(
                f"{name(action)} costs {who} at least {_fmt(gap)} a period against "
                f"{name(beaten_by)}, more than the future can repay ({_fmt(bound)}), so it is "
                "never played"
            )
        return "needs play that no equilibrium has at this delta: " + "; ".join(lines)

    @property
    def certificate(self) -> dict[str, Any]:
        """JSON-ready record: delta, minmax, both polygons, the eliminated actions."""
        return {
            "kind": "nash_payoffs_at_delta",
            "delta": str(self.delta),
            "minmax": [str(m) for m in self.minmax],
            "inner": [[str(x), str(y)] for x, y in self.inner],
            "outer": [[str(x), str(y)] for x, y in self.outer],
            "eliminated": [e.as_dict() for e in self.eliminated],
            "rounds": self.rounds,
        }


def _fmt(x: Fraction) -> str:
    """Exact up to four decimals, else to cents (payoffs are money)."""
    for places in range(5):
        if (x * 10**places).denominator == 1:
            return f"{float(x):.{places}f}" if places else str(x.numerator)
    return f"{float(x):.2f}"


@lru_cache(maxsize=1024)
def nash_payoff_bounds(game: NormalFormGame, delta: Fraction, path_length: int = 2) -> PayoffBounds:
    """Inner and outer bounds on the repeated game's Nash-equilibrium payoffs at `delta` (two
    players; periodic seed paths up to `path_length` stages). Cached per (game, delta)."""
    from recon_data.gametheory.repeated import minmax_values

    d = to_fraction(delta)
    if game.n_players != 2:
        raise ReconDataError(f"payoff bounds need a two-player game, got {game.n_players}")
    if not 0 <= d < 1:
        raise ReconDataError(f"discount factor must be in [0, 1), got {d}")
    m0, m1 = minmax_values(game, mixed=True)
    m = (m0, m1)
    u = {a: (game.payoff(a)[0], game.payoff(a)[1]) for a in game.profiles()}
    feasible = hull(u.values())
    inner, rounds = _inner(game, d, m, u, path_length)
    outer, eliminated = _outer(game, d, m, u)
    return PayoffBounds(d, m, feasible, inner, outer, tuple(eliminated), rounds)


def _gain(game: NormalFormGame, u: dict, a: tuple[int, ...], i: int) -> Fraction:
    """What player i gains by the best one-shot deviation from profile a (0 at a best reply)."""
    best = max(u[(*a[:i], x, *a[i + 1 :])][i] for x in range(game.shape[i]))
    return best - u[a][i]


def _inner(
    game: NormalFormGame, d: Fraction, m: Point, u: dict, path_length: int
) -> tuple[Polygon, int]:
    from recon_data.gametheory.mixed import support_enumeration
    from recon_data.gametheory.repeated import sustainable

    seeds: list[Point] = [tuple(p) for p in support_enumeration(game).payoffs]  # type: ignore[misc]
    if d == 0:
        return hull(seeds), 0  # only stage equilibria, mixed by the public device
    need = {a: tuple(m[i] + (1 - d) / d * _gain(game, u, a, i) for i in (0, 1)) for a in u}
    profiles = list(u)
    # every group of a 2x2 game's four profiles; in larger games groups of at most four (the
    # number of groups grows as 2^profiles, and the self-generation step fills in the rest)
    for size in range(1, min(len(profiles), 4) + 1):
        for group in itertools.combinations(profiles, size):
            floor = tuple(max(need[a][i] for a in group) for i in (0, 1))
            seeds.extend(at_least(hull(u[a] for a in group), floor))
    for length in range(1, path_length + 1):
        for path in itertools.product(profiles, repeat=length):
            held = sustainable(list(path), d, game, reversion="minmax")
            if held:
                seeds.extend((v[0] * (1 - d), v[1] * (1 - d)) for v in held.follow_values)
    poly = hull(seeds)
    for rounds in range(1, _ROUNDS + 1):
        grown = list(poly)
        for a in profiles:
            grown.extend(blend(at_least(poly, need[a]), u[a], d))
        new = hull(grown)
        if new == poly:
            return poly, rounds
        poly = new
    return poly, _ROUNDS


def _outer(
    game: NormalFormGame, d: Fraction, m: Point, u: dict
) -> tuple[Polygon, list[Elimination]]:
    live = [set(range(game.shape[0])), set(range(game.shape[1]))]
    removed: list[Elimination] = []
    while True:
        region = at_least(hull(u[a] for a in itertools.product(*live)), m)
        found: list[Elimination] = []
        for i in (0, 1):
            top = largest(region, i)
            if top is None:
                break
            bound = d / (1 - d) * (top - m[i])

            def pay(x: int, b: int, i: int = i) -> Fraction:
                return u[(x, b) if i == 0 else (b, x)][i]

            for a in sorted(live[i]):
                for alt in range(game.shape[i]):
                    if alt == a:
                        continue
                    gap = min(pay(alt, b) - pay(a, b) for b in live[1 - i])
                    if gap > 0 and (1 - d) * gap > d * (top - m[i]):
                        found.append(Elimination(i, a, alt, gap, bound))
                        break
        if not found:
            return region, removed
        for e in found:
            live[e.player].discard(e.action)
        # an action of a stage equilibrium is played in an equilibrium: it is never removed
        assert all(live), "every action of a player was ruled out"
        removed.extend(found)
