"""Infinitely repeated games: grim trigger, discounted paths, feasibility, folk-theorem checks.

The exact set of discount factors at which grim trigger is subgame perfect in a symmetric
2x2 stage game is in `grim`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from recon_data.errors import ReconDataError
from recon_data.gametheory.equilibria import pure_nash
from recon_data.gametheory.hull import in_hull
from recon_data.gametheory.normal_form import NormalFormGame, Profile
from recon_data.gametheory.numbers import Number, to_fraction


def grim_trigger_threshold(
    cooperate: Number, temptation: Number, punishment: Number
) -> Fraction | None:
    """Least discount factor at which grim trigger sustains mutual cooperation, or None.

    Cooperating forever is worth R/(1-d); deviating once gives T, then P forever:
    T + d P/(1-d). Cooperation holds iff d >= (T-R)/(T-P). None when R <= P (no d works);
    0 when T <= R (cooperating is already a stage best response).
    """
    r, t, p = to_fraction(cooperate), to_fraction(temptation), to_fraction(punishment)
    if r <= p:
        return None
    if t <= r:
        return Fraction(0)
    return (t - r) / (t - p)


def _check_delta(delta: Number) -> Fraction:
    d = to_fraction(delta)
    if not 0 <= d < 1:
        raise ReconDataError(f"discount factor must be in [0, 1), got {d}")
    return d


def discounted_value(
    path: Sequence[Any],
    delta: Number,
    prefix: Sequence[Any] = (),
    normalized: bool = False,
) -> Any:
    """Present value of `prefix` then `path` repeated forever (stationary: one stage).

    Stages are numbers or payoff tuples (then the value is a tuple). With `normalized`,
    the value is multiplied by (1 - delta), i.e. expressed as an average per-period payoff.
    """
    d = _check_delta(delta)
    if not path:
        raise ReconDataError("a repeated path needs at least one stage")
    vector = not isinstance(path[0], int | float | str | Fraction)

    def as_vec(stage: Any) -> tuple[Fraction, ...]:
        return tuple(to_fraction(x) for x in stage) if vector else (to_fraction(stage),)

    stages = [as_vec(s) for s in path]
    k = len(stages)
    dims = len(stages[0])
    total = [Fraction(0)] * dims
    for t, stage in enumerate(stages):
        for i in range(dims):
            total[i] += d**t * stage[i]
    cycle_factor = 1 / (1 - d**k)
    head = [as_vec(s) for s in prefix]
    out = []
    for i in range(dims):
        value = sum((d**t * s[i] for t, s in enumerate(head)), Fraction(0))
        value += d ** len(head) * total[i] * cycle_factor
        out.append(value * (1 - d) if normalized else value)
    return tuple(out) if vector else out[0]


def is_feasible(payoffs: Sequence[Number], game: NormalFormGame) -> bool:
    """True when the payoff vector lies in the convex hull of the game's stage payoffs."""
    target = tuple(to_fraction(x) for x in payoffs)
    if len(target) != game.n_players:
        raise ReconDataError(f"payoff vector needs {game.n_players} entries, got {len(target)}")
    # Two players: exact planar hull test; more: the general Caratheodory search.
    return in_hull(game.table, target)


def minmax_values(game: NormalFormGame, mixed: bool = False) -> tuple[Fraction, ...]:
    """Each player's minmax: the others hold the player's best reply as low as they can.

    Pure by default (the others pick pure actions). With `mixed`, the opponent may randomise,
    the folk theorem's standard (two players; `minmax.mixed_minmax`, exact).
    """
    if mixed:
        from recon_data.gametheory.minmax import mixed_minmax

        return tuple(mixed_minmax(game, p).value for p in range(game.n_players))
    out = []
    for p in range(game.n_players):
        # compare on the integer-scaled payoffs, return the Fraction found there
        values = game.int_payoffs[p].__getitem__
        best = [max(group, key=values) for group in game.deviation_groups[p]]
        out.append(game.table[min(best, key=values)][p])
    return tuple(out)


def individually_rational(
    payoffs: Sequence[Number], game: NormalFormGame, mixed: bool = False
) -> bool:
    """True when every player's payoff is at least its minmax value (pure, or `mixed`)."""
    target = [to_fraction(x) for x in payoffs]
    if len(target) != game.n_players:
        raise ReconDataError(f"payoff vector needs {game.n_players} entries, got {len(target)}")
    return all(u >= m for u, m in zip(target, minmax_values(game, mixed), strict=True))


REVERSIONS = ("nash", "minmax")


@dataclass(frozen=True)
class SustainResult:
    """Folk-theorem check of a periodic path under grim-trigger punishment.

    Truthy when sustainable. `violations` lists (stage, player, gain) one-shot deviations
    that pay; `punish_values[i]` is what player i gets each period after deviating (the
    worst stage Nash equilibrium for i under `reversion="nash"`, i's mixed minmax under
    `"minmax"`); `punishments` names the pure profiles played, empty when mixed.
    """

    sustainable: bool
    violations: tuple[tuple[int, int, Fraction], ...]
    punishments: tuple[Profile, ...]
    follow_values: tuple[tuple[Fraction, ...], ...]
    punish_values: tuple[Fraction, ...] = ()
    reversion: str = "nash"

    def __bool__(self) -> bool:
        return self.sustainable

    @property
    def certificate(self) -> dict[str, Any]:
        """JSON-ready record of the check."""
        out: dict[str, Any] = {
            "kind": "grim_trigger_path",
            "sustainable": self.sustainable,
            "punishments": [list(p) for p in self.punishments],
            "follow_values": [[str(v) for v in row] for row in self.follow_values],
            "violations": [
                {"stage": t, "player": i, "gain": str(g)} for t, i, g in self.violations
            ],
        }
        if self.reversion != "nash" or not self.punishments:
            # Pure Nash reversion keeps the record it always had (generated corpora pin it).
            out["reversion"] = self.reversion
            out["punish_values"] = [str(v) for v in self.punish_values]
        return out


def punishment_values(
    game: NormalFormGame, reversion: str = "nash"
) -> tuple[tuple[Fraction, ...], tuple[Profile, ...]]:
    """What each deviator gets per period after a deviation, and the pure profiles played.

    "nash": the stage Nash equilibrium worst for the deviator (pure when the stage game has
    one; else the worst mixed equilibrium of a two-player game, and no pure profile).
    "minmax": the deviator's mixed minmax (two players), the harshest punishment there is.
    """
    if reversion not in REVERSIONS:
        raise ReconDataError(f"reversion must be one of {REVERSIONS}, got {reversion!r}")
    n = game.n_players
    if reversion == "minmax":
        return minmax_values(game, mixed=True), ()
    equilibria = pure_nash(game).profiles
    if equilibria:
        punish = tuple(min(equilibria, key=lambda e: game.payoff(e)[i]) for i in range(n))
        return tuple(game.payoff(punish[i])[i] for i in range(n)), punish
    if n != 2:
        raise ReconDataError("stage game has no pure equilibrium: pass punishment=")
    from recon_data.gametheory.mixed import support_enumeration

    payoffs = support_enumeration(game).payoffs  # every game has one (Nash)
    return tuple(min(v[i] for v in payoffs) for i in range(n)), ()


def sustainable(
    path: Sequence[Profile],
    delta: Number,
    game: NormalFormGame,
    punishment: Profile | None = None,
    *,
    reversion: str = "nash",
) -> SustainResult:
    """Can grim trigger sustain this periodic path of pure profiles at discount factor delta?

    After any deviation the deviator is punished forever: by reverting to a stage Nash
    equilibrium (`reversion="nash"`, credible, so the strategy profile is subgame perfect
    when no one-shot deviation on the path pays), or by being held to its mixed minmax
    (`"minmax"`: a Nash equilibrium of the repeated game, the punishment need not be
    credible). An explicit pure `punishment` profile overrides both.
    """
    d = _check_delta(delta)
    if not path:
        raise ReconDataError("a repeated path needs at least one stage profile")
    n = game.n_players
    if punishment is not None:
        punish: tuple[Profile, ...] = (tuple(punishment),) * n
        values = tuple(game.payoff(punish[0]))
    else:
        values, punish = punishment_values(game, reversion)
    # Exact integer arithmetic: with d = a/b and player i's payoffs scaled by L_i to ints U,
    # following the path from stage t is worth sum_s a^s b^(k-s) U_{t+s} / (L_i (b^k - a^k)),
    # and the best one-shot deviation then punishment is (BEST (b-a) + a PUNISH) / (L_i (b-a)).
    k = len(path)
    flat = [game.index(profile) for profile in path]
    a, b = d.numerator, d.denominator
    weights = [a**s * b ** (k - s) for s in range(k)]
    cycle = b**k - a**k
    follow = []
    violations = []
    ints, scales, strides, shape = game.int_payoffs, game.int_scales, game.strides, game.shape
    # the punishment in each player's integer units (a Fraction only when it is mixed)
    scaled: list[int | Fraction] = [values[i] * scales[i] for i in range(n)]
    scaled = [v.numerator if v.denominator == 1 else v for v in scaled]
    for t in range(k):
        order = [flat[(t + s) % k] for s in range(k)]
        value = []
        for i in range(n):
            pay, scale, stride = ints[i], scales[i], strides[i]
            follow_num = sum(w * pay[x] for w, x in zip(weights, order, strict=True))
            value.append(Fraction(follow_num, scale * cycle))
            base = flat[t] - path[t][i] * stride
            # i's every other action: playing the path action is no deviation, whatever the
            # punishment would pay (a punishment worth more than the path can tempt a move)
            others = [pay[base + x * stride] for x in range(shape[i]) if x != path[t][i]]
            if not others:
                continue
            deviate_num = max(others) * (b - a) + a * scaled[i]
            # deviate - follow over the positive denominator L_i (b-a)(b^k-a^k)
            gain = deviate_num * cycle - follow_num * (b - a)
            if gain > 0:
                violations.append((t, i, Fraction(gain) / (scale * (b - a) * cycle)))
        follow.append(tuple(value))
    chosen = "profile" if punishment is not None else reversion
    return SustainResult(
        not violations, tuple(violations), punish, tuple(follow), tuple(values), chosen
    )
