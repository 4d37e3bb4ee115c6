"""Role balancing and per-role baselines: our own formulation of MARO's role re-weighting.

MARO (Cai et al. 2026) balances training samples across roles whose base success rates
differ (first vs second mover) but publishes no formula; this one is ours.

- `role_weights`: with roles only, every role gets the same total weight (w = N / (K n_r)
  for K roles, n_r rows of role r). With a success flag per row, each role still totals
  N / K and, inside a role, successes and failures each get half of it, so after weighting
  every role has the same mass and the same success share (1/2) whatever its base rate. A
  role that always (or never) succeeds keeps one cell, which gets the role's whole mass.
  Weights average 1 over the rows.
- `resample`: TRL's GRPO has no per-sample weight, so the weights become copies of rows:
  systematic resampling of `size` rows in proportion to the weights (one seeded offset,
  rows ordered by role so each role gets its share to within one row), then a seeded
  shuffle. Deterministic.
- `RoleBaseline`: SPIRAL's role-conditioned baseline for whole-episode training: each role
  keeps an exponential moving average of its returns (decay 0.95, starting at 0); a
  return's advantage is taken against the average read *before* that return updates it.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TypeVar

from recon_data.errors import ReconDataError

T = TypeVar("T")


def role_weights(
    roles: Sequence[Hashable], successes: Sequence[bool] | None = None
) -> list[Fraction]:
    """One weight per row balancing roles (and, given success flags, outcomes within each role)."""
    n = len(roles)
    if n == 0:
        return []
    if successes is not None and len(successes) != n:
        raise ReconDataError(f"{len(successes)} success flags for {n} rows")
    per_role = Counter(roles)
    k = len(per_role)
    if successes is None:
        return [Fraction(n, k * per_role[r]) for r in roles]
    cells = Counter(zip(roles, (bool(s) for s in successes), strict=True))
    kinds = Counter(r for r, _ in cells)  # 2 outcome cells per role, or 1 if it never varies
    return [
        Fraction(n, k * kinds[r] * cells[(r, bool(s))])
        for r, s in zip(roles, successes, strict=True)
    ]


def resample(
    rows: Sequence[T],
    weights: Sequence[Fraction],
    *,
    groups: Sequence[Hashable] | None = None,
    size: int | None = None,
    seed: int = 0,
) -> list[T]:
    """Draw `size` rows (default: as many as given) in proportion to the weights, deterministically.

    Systematic resampling over the rows ordered by group: every group (every prefix of
    that order) gets its weighted share of `size` to within one row.
    """
    if len(rows) != len(weights) or (groups is not None and len(groups) != len(rows)):
        raise ReconDataError(f"{len(weights)} weights (and groups) for {len(rows)} rows")
    if any(w < 0 for w in weights):
        raise ReconDataError("weights must not be negative")
    size = len(rows) if size is None else size
    total = sum(weights, Fraction(0))
    if not rows or size == 0:
        return []
    if total == 0:
        raise ReconDataError("all weights are zero: nothing to draw")
    rng = random.Random(f"resample:{seed}")
    first_seen = {g: i for i, g in reversed(list(enumerate(groups or [])))}
    order = sorted(range(len(rows)), key=lambda i: first_seen[groups[i]] if groups else 0)
    offset = Fraction(rng.randrange(1_000_000), 1_000_000)
    out: list[T] = []
    cumulative = Fraction(0)
    for i in order:
        before = int(cumulative + offset)  # floor: every quantity here is non-negative
        cumulative += Fraction(size) * Fraction(weights[i]) / total
        out += [rows[i]] * (int(cumulative + offset) - before)
    rng.shuffle(out)
    return out


@dataclass
class RoleBaseline:
    """Per-role exponential moving average of returns; advantages read it before updating."""

    decay: float = 0.95
    initial: float = 0.0
    values: dict[Hashable, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not 0 <= self.decay < 1:
            raise ReconDataError(f"baseline decay must be in [0, 1), got {self.decay}")

    def advantage(self, role: Hashable, ret: float) -> float:
        """Return `ret` minus the role's baseline, then fold `ret` into the baseline."""
        base = self.values.get(role, self.initial)
        self.values[role] = self.decay * base + (1 - self.decay) * ret
        return ret - base

    def advantages(self, items: Sequence[tuple[Hashable, float]]) -> list[float]:
        """Advantages for a batch of (role, return), in order, updating after each."""
        return [self.advantage(role, ret) for role, ret in items]
