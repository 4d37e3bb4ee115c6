"""Finite n-player normal-form games with exact payoffs."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property, lru_cache
from typing import Any

from recon_data.errors import ReconDataError
from recon_data.gametheory.numbers import SMALL_INTS, Number, to_fraction

Profile = tuple[int, ...]


@dataclass(frozen=True)
class NormalFormGame:
    """A finite game: `shape[p]` actions for player p, one payoff tuple per pure profile.

    Payoffs are stored flat in row-major order (the last player's action varies fastest),
    so a profile's flat index is `sum(a[p] * strides[p])` and flat order is sorted order.
    """

    shape: tuple[int, ...]
    table: tuple[tuple[Fraction, ...], ...] = field(repr=False)
    action_labels: tuple[tuple[str, ...], ...] | None = None

    def __post_init__(self) -> None:
        if not self.shape or any(not isinstance(k, int) or k < 1 for k in self.shape):
            raise ReconDataError(f"game shape must be positive action counts, got {self.shape!r}")
        if len(self.table) != math.prod(self.shape):
            raise ReconDataError(
                f"game of shape {self.shape} needs {math.prod(self.shape)} payoff tuples, "
                f"got {len(self.table)}"
            )
        if set(map(len, self.table)) != {len(self.shape)}:  # table is non-empty here
            raise ReconDataError(f"every payoff tuple needs {len(self.shape)} entries")
        if self.action_labels is not None and (
            len(self.action_labels) != len(self.shape)
            or any(len(lab) != k for lab, k in zip(self.action_labels, self.shape, strict=True))
        ):
            raise ReconDataError("action_labels must name every action of every player")

    # -- construction -------------------------------------------------------------------

    @classmethod
    def from_bimatrix(
        cls,
        A: Sequence[Sequence[Number]],
        B: Sequence[Sequence[Number]],
        action_labels: tuple[tuple[str, ...], ...] | None = None,
    ) -> NormalFormGame:
        """Two-player game: A[i][j] is the row player's payoff, B[i][j] the column player's."""
        rows = len(A)
        cols = len(A[0]) if rows else 0
        if rows == 0 or cols == 0 or len(B) != rows:
            raise ReconDataError("bimatrix game needs two non-empty matrices of the same shape")
        if any(len(r) != cols for r in A) or any(len(r) != cols for r in B):
            raise ReconDataError("bimatrix rows must all have the same length in A and B")
        flat_a: list[Any] = [x for r in A for x in r]
        flat_b: list[Any] = [x for r in B for x in r]
        ints = all(type(x) is int for x in flat_a) and all(type(x) is int for x in flat_b)
        try:
            if not ints:
                raise KeyError
            # small ints: their shared Fractions straight from the table to_fraction uses
            table = tuple(
                [(SMALL_INTS[a], SMALL_INTS[b]) for a, b in zip(flat_a, flat_b, strict=True)]
            )
        except KeyError:
            table = tuple(
                [(to_fraction(a), to_fraction(b)) for a, b in zip(flat_a, flat_b, strict=True)]
            )
        game = cls((rows, cols), table, action_labels)
        if ints:
            # Integer matrices are their own integer-scaled payoffs (scale 1): fill the
            # cached properties now instead of rescaling the Fractions later.
            game.__dict__["int_scales"] = (1, 1)
            game.__dict__["int_payoffs"] = (tuple(flat_a), tuple(flat_b))
        return game

    @classmethod
    def from_payoffs(
        cls,
        shape: Sequence[int],
        payoffs: Mapping[Profile, Sequence[Number]] | Callable[[Profile], Sequence[Number]],
        action_labels: tuple[tuple[str, ...], ...] | None = None,
    ) -> NormalFormGame:
        """Game of the given shape with payoffs from a {profile: payoffs} mapping or a callable."""
        shape = tuple(shape)
        get = payoffs if callable(payoffs) else None
        table = []
        for profile in itertools.product(*(range(k) for k in shape)):
            if get is not None:
                values = get(profile)
            else:
                if profile not in payoffs:  # type: ignore[operator]
                    raise ReconDataError(f"payoffs missing for profile {profile}")
                values = payoffs[profile]  # type: ignore[index]
            table.append(tuple(to_fraction(v) for v in values))
        return cls(shape, tuple(table), action_labels)

    # -- access -------------------------------------------------------------------------

    @property
    def n_players(self) -> int:
        """Number of players."""
        return len(self.shape)

    @property
    def strides(self) -> tuple[int, ...]:
        """Flat-index step of one action of each player."""
        return _layout(self.shape)[0]

    def index(self, profile: Sequence[int]) -> int:
        """Flat index of a pure profile (checked)."""
        if len(profile) != len(self.shape):
            raise ReconDataError(f"profile {tuple(profile)} needs {len(self.shape)} actions")
        flat = 0
        for a, k, s in zip(profile, self.shape, self.strides, strict=True):
            if not 0 <= a < k:
                raise ReconDataError(f"action {a} out of range in profile {tuple(profile)}")
            flat += a * s
        return flat

    def payoff(self, profile: Sequence[int]) -> tuple[Fraction, ...]:
        """Payoff tuple of a pure profile."""
        # Valid tuple profiles are found in the shared layout map; anything else (lists,
        # out-of-range actions) goes through `index`, which also checks and names errors.
        flat = _layout(self.shape)[3].get(profile) if type(profile) is tuple else None
        return self.table[self.index(profile) if flat is None else flat]

    def profiles(self) -> Iterator[Profile]:
        """Every pure profile, in sorted (flat) order."""
        return iter(self.all_profiles)

    @property
    def all_profiles(self) -> tuple[Profile, ...]:
        """Every pure profile as a tuple, flat order."""
        return _layout(self.shape)[1]

    @cached_property
    def int_scales(self) -> tuple[int, ...]:
        """Per player, the common denominator of its payoffs (the scale of `int_payoffs`)."""
        return tuple(math.lcm(*[row[p].denominator for row in self.table]) for p in self._players)

    @cached_property
    def int_payoffs(self) -> tuple[tuple[int, ...], ...]:
        """Per player, the flat payoff column scaled by a common denominator to ints.

        Only order matters for best responses, and int comparisons are much faster than
        Fraction comparisons, so the equilibrium scans run on these.
        """
        out = []
        for p, scale in zip(self._players, self.int_scales, strict=True):
            column = [row[p] for row in self.table]
            if scale == 1:
                out.append(tuple([x.numerator for x in column]))
            else:
                out.append(tuple([x.numerator * (scale // x.denominator) for x in column]))
        return tuple(out)

    @property
    def _players(self) -> range:
        return range(len(self.shape))

    @property
    def deviation_groups(self) -> tuple[tuple[range, ...], ...]:
        """Per player, the flat indices of each opponents' context (player's actions vary)."""
        return _layout(self.shape)[2]

    def label(self, player: int, action: int) -> str:
        """Human-readable label of an action (its label, or 'a<index+1>')."""
        if self.action_labels is not None:
            return self.action_labels[player][action]
        return f"a{action + 1}"


@lru_cache(maxsize=256)
def _layout(
    shape: tuple[int, ...],
) -> tuple[tuple[int, ...], tuple[Profile, ...], tuple[tuple[range, ...], ...], dict[Profile, int]]:
    """Strides, profiles, deviation groups and profile -> flat index of a shape (shared)."""
    strides = [1] * len(shape)
    for p in range(len(shape) - 2, -1, -1):
        strides[p] = strides[p + 1] * shape[p + 1]
    size = math.prod(shape)
    groups = []
    for k, s in zip(shape, strides, strict=True):
        groups.append(tuple(range(b, b + k * s, s) for b in range(size) if (b // s) % k == 0))
    profiles = tuple(itertools.product(*(range(k) for k in shape)))
    flat = {profile: i for i, profile in enumerate(profiles)}
    return tuple(strides), profiles, tuple(groups), flat
