"""The exact set of discount factors at which grim trigger is subgame perfect (symmetric 2x2).

Stage game: both cooperate C, both defect P, a defector facing a cooperator T, the cooperator
S. Grim trigger cooperates until anyone defects, then defects forever. By the one-shot
deviation principle it is subgame perfect at delta in [0, 1) exactly when

- after a defection, defecting forever is an equilibrium of the continuation: P >= S
  (mutual defection is a stage Nash equilibrium), and
- on the path, cooperating forever beats defecting once and being punished:
  C / (1 - d) >= T + d P / (1 - d), i.e. d (T - P) >= T - C.

The second condition is linear in d, so the set is an interval of [0, 1): [a, 1), [0, b],
all of [0, 1), or empty; it is not always "delta at least (T-C)/(T-P)" (when T < P the
inequality flips and the threshold is an upper bound).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from recon_data.gametheory.numbers import Number, to_fraction


@dataclass(frozen=True)
class DeltaSet:
    """The discount factors d in [0, 1) with low <= d <= high (`high` None: no bound below 1)."""

    low: Fraction
    high: Fraction | None

    @classmethod
    def between(cls, low: Fraction, high: Fraction | None) -> DeltaSet:
        """The set [max(low, 0), high] within [0, 1); a bound of 1 or more means none."""
        low = max(low, Fraction(0))
        if high is not None and high >= 1:
            high = None
        return cls(low, high)

    @classmethod
    def nothing(cls) -> DeltaSet:
        """The empty set."""
        return cls(Fraction(1), None)

    @property
    def empty(self) -> bool:
        """True when no discount factor in [0, 1) is in the set."""
        return self.low >= 1 or (self.high is not None and self.high < self.low)

    @property
    def minimum(self) -> Fraction | None:
        """The least discount factor in the set (its lower end is closed), or None if empty."""
        return None if self.empty else self.low

    def __contains__(self, delta: object) -> bool:
        d = to_fraction(delta)  # type: ignore[arg-type]
        if self.empty or not 0 <= d < 1:
            return False
        return self.low <= d and (self.high is None or d <= self.high)

    def __and__(self, other: DeltaSet) -> DeltaSet:
        if self.empty or other.empty:
            return DeltaSet.nothing()
        highs = [h for h in (self.high, other.high) if h is not None]
        return DeltaSet(max(self.low, other.low), min(highs) if highs else None)

    def __str__(self) -> str:
        if self.empty:
            return "no delta in [0, 1)"
        top = "1)" if self.high is None else f"{exact(self.high)}]"
        return f"[{exact(self.low)}, {top}"


def exact(x: Fraction) -> str:
    """A fraction exactly, with its decimal value when that is not exact ('137/228 ~ 0.6009')."""
    if x.denominator == 1:
        return str(x.numerator)
    d = x.denominator
    while d % 2 == 0:
        d //= 2
    while d % 5 == 0:
        d //= 5
    if d == 1:  # a terminating decimal: write it in full
        places = 0
        while (x * 10**places).denominator != 1:
            places += 1
        digits = str(abs(x.numerator * 10**places // x.denominator)).rjust(places + 1, "0")
        return f"{'-' if x < 0 else ''}{digits[:-places]}.{digits[-places:]}"
    return f"{x.numerator}/{x.denominator} ~ {float(x):.4f}"


@dataclass(frozen=True)
class GrimTrigger:
    """Where grim trigger is subgame perfect, and the two conditions that decide it."""

    cooperate: Fraction
    temptation: Fraction
    sucker: Fraction
    punishment: Fraction
    deltas: DeltaSet
    on_path: DeltaSet
    punishment_credible: bool
    subgame_perfect: bool = True

    @property
    def reason(self) -> str:
        """One line: the set, and the fact that fixes it."""
        c, t, s, p = (exact(x) for x in (self.cooperate, self.temptation, self.sucker,
                                          self.punishment))  # fmt: skip
        if not self.punishment_credible:
            return (
                f"grim trigger is subgame perfect at no delta: mutual defection is no stage "
                f"equilibrium (a player facing a defector earns S={s} by cooperating, more "
                f"than P={p} by defecting), so the punishment is not credible"
            )
        if not self.subgame_perfect:
            m = exact(max(self.sucker, self.punishment))
            rule = f"cooperation holds iff delta*(T-M) >= T-C, C={c}, T={t}, M=max(S, P)={m}"
            if self.deltas.empty:
                return f"grim trigger is a Nash equilibrium at no delta in [0, 1) ({rule})"
            return f"grim trigger is a Nash equilibrium exactly for delta in {self.deltas} ({rule})"
        rule = f"cooperation holds iff delta*(T-P) >= T-C, C={c}, T={t}, P={p}"
        if not self.deltas.empty:
            return f"grim trigger is subgame perfect exactly for delta in {self.deltas} ({rule})"
        if self.temptation > self.punishment:
            why = (
                f"mutual cooperation (C={c}) pays no more than mutual defection (P={p}) and "
                f"defecting gains T-C={exact(self.temptation - self.cooperate)} at once"
            )
        else:
            why = f"defecting pays T={t} > C={c} at once and mutual defection pays P={p} >= T"
        return f"grim trigger is subgame perfect at no delta in [0, 1): {why} ({rule})"

    @property
    def certificate(self) -> dict[str, Any]:
        """JSON-ready record: the payoffs, both conditions and the resulting set, exact."""
        return {
            "kind": "grim_trigger_deltas",
            "equilibrium": "subgame_perfect" if self.subgame_perfect else "nash",
            "C": str(self.cooperate),
            "T": str(self.temptation),
            "S": str(self.sucker),
            "P": str(self.punishment),
            "punishment_credible": self.punishment_credible,
            "on_path": _bounds(self.on_path),
            "deltas": _bounds(self.deltas),
            "minimum": None if self.deltas.minimum is None else str(self.deltas.minimum),
        }


def _bounds(s: DeltaSet) -> dict[str, str | None] | None:
    if s.empty:
        return None
    return {"low": str(s.low), "high": None if s.high is None else str(s.high)}


def grim_trigger_deltas(
    cooperate: Number,
    temptation: Number,
    sucker: Number,
    punishment: Number,
    *,
    subgame_perfect: bool = True,
) -> GrimTrigger:
    """The exact set of delta in [0, 1) at which grim trigger is subgame perfect.

    With `subgame_perfect` False: where grim trigger is a Nash equilibrium of the repeated
    game. Then the punishment phase needs no check, but a deviator best-responds to a
    defector forever (max(S, P) a period), so the on-path condition reads d (T - M) >= T - C
    with M = max(S, P).
    """
    c, t, s, p = (to_fraction(x) for x in (cooperate, temptation, sucker, punishment))
    after = p if subgame_perfect else max(s, p)
    gain, loss = t - c, t - after  # today's gain from defecting; d * loss is what it costs later
    if loss > 0:
        on_path = DeltaSet.between(gain / loss, None)
    elif loss < 0:
        # the inequality flips: d <= gain / loss, an upper bound (nothing when gain > 0)
        on_path = DeltaSet.between(Fraction(0), gain / loss) if gain <= 0 else DeltaSet.nothing()
    else:
        on_path = DeltaSet.between(Fraction(0), None) if gain <= 0 else DeltaSet.nothing()
    credible = p >= s or not subgame_perfect
    deltas = on_path if credible else DeltaSet.nothing()
    return GrimTrigger(c, t, s, p, deltas, on_path, credible, subgame_perfect)
