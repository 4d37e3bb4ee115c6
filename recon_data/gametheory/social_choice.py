"""Pairwise majority voting: tallies, Condorcet winner, weak winners, cycles, Smith set.

Ballots are rankings, most preferred first. A truncated ballot ranks only some candidates;
two conventions are offered:

- ``"unranked_last"`` (default): every ranked candidate beats every unranked one, and the
  unranked ones tie among themselves (the voter expresses no preference between them);
- ``"ignore"``: the ballot counts only in contests between two candidates it ranks.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

from recon_data.errors import ReconDataError
from recon_data.gametheory.numbers import Number, to_fraction

Truncation = Literal["unranked_last", "ignore"]
Candidate = Hashable
Ballots = (
    Mapping[tuple[Candidate, ...], Number]
    | Iterable[Sequence[Candidate]]
    | Iterable[tuple[Number, Sequence[Candidate]]]
)


def _weighted(ballots: Ballots) -> list[tuple[Fraction, tuple[Candidate, ...]]]:
    """Normalise ballots to (weight, ranking) pairs.

    Accepts a {ranking: count} mapping, plain rankings (weight 1 each), or (count, ranking)
    pairs; the same ranking may appear several times.
    """
    if isinstance(ballots, Mapping):
        return [(to_fraction(w), tuple(r)) for r, w in ballots.items()]
    out = []
    for item in ballots:
        if (
            isinstance(item, tuple | list)
            and len(item) == 2
            and isinstance(item[0], int | float | Fraction)
            and not isinstance(item[0], bool)
            and isinstance(item[1], tuple | list)
        ):
            out.append((to_fraction(item[0]), tuple(item[1])))
        elif isinstance(item, str):
            # a bare string would be split into letters: almost surely a caller's mistake
            raise ReconDataError(f"ballot must be a sequence of candidates, not {item!r}")
        else:
            out.append((Fraction(1), tuple(item)))
    return out


def pairwise_tallies(
    ballots: Ballots, candidates: Sequence[Candidate], truncated: Truncation = "unranked_last"
) -> dict[tuple[Candidate, Candidate], Fraction]:
    """Weight of voters preferring a to b, for every ordered pair (a, b) of distinct candidates."""
    counts, scale = _scaled_tallies(ballots, candidates, truncated)
    if scale == 1:
        return {pair: to_fraction(v) for pair, v in counts.items()}
    return {pair: Fraction(v, scale) for pair, v in counts.items()}


def _scaled_tallies(
    ballots: Ballots, candidates: Sequence[Candidate], truncated: Truncation
) -> tuple[dict[tuple[Candidate, Candidate], int], int]:
    """The tallies times one common denominator of the weights (ints add much faster)."""
    if truncated not in ("unranked_last", "ignore"):
        raise ReconDataError(f"unknown truncated-ballot convention {truncated!r}")
    cands = list(candidates)
    if len(set(cands)) != len(cands):
        raise ReconDataError(f"candidates repeat: {cands}")
    known = set(cands)
    tallies = {(a, b): 0 for a in cands for b in cands if a != b}
    weighted = _weighted(ballots)
    scale = math.lcm(*[w.denominator for w, _ in weighted]) if weighted else 1
    for weight, ranking in weighted:
        if weight < 0:
            raise ReconDataError(f"negative ballot count {weight} for {list(ranking)}")
        if len(set(ranking)) != len(ranking):
            raise ReconDataError(f"ballot ranks a candidate twice: {list(ranking)}")
        unknown = [c for c in ranking if c not in known]
        if unknown:
            raise ReconDataError(f"ballot names unknown candidates {unknown}")
        units = weight.numerator * (scale // weight.denominator)
        for i, a in enumerate(ranking):
            for b in ranking[i + 1 :]:
                tallies[(a, b)] += units
        if truncated == "unranked_last":
            ranked = set(ranking)
            for a in ranking:
                for b in cands:
                    if b not in ranked:
                        tallies[(a, b)] += units
    return tallies, scale


@dataclass(frozen=True)
class CondorcetResult:
    """Majority relation of an election: winner (or None), weak winners, cycle, Smith set."""

    winner: Candidate | None
    weak_winners: tuple[Candidate, ...]
    cycle: bool
    smith_set: tuple[Candidate, ...]
    tallies: dict[tuple[Candidate, Candidate], Fraction]
    candidates: tuple[Candidate, ...]
    truncated: str

    def beats(self, a: Candidate, b: Candidate) -> bool:
        """True when a strict majority prefers a to b."""
        return self.tallies[(a, b)] > self.tallies[(b, a)]

    @property
    def certificate(self) -> dict[str, Any]:
        """JSON-ready pairwise table: each contest's tallies and its majority winner."""
        pairs = []
        for i, a in enumerate(self.candidates):
            for b in self.candidates[i + 1 :]:
                ab, ba = self.tallies[(a, b)], self.tallies[(b, a)]
                pairs.append(
                    {
                        "pair": [str(a), str(b)],
                        "for": [str(ab), str(ba)],
                        "majority": str(a) if ab > ba else str(b) if ba > ab else None,
                    }
                )
        return {
            "kind": "condorcet",
            "truncated": self.truncated,
            "pairs": pairs,
            "winner": None if self.winner is None else str(self.winner),
            "weak_winners": [str(c) for c in self.weak_winners],
            "cycle": self.cycle,
            "smith_set": [str(c) for c in self.smith_set],
        }


def condorcet(
    ballots: Ballots, candidates: Sequence[Candidate], truncated: Truncation = "unranked_last"
) -> CondorcetResult:
    """Condorcet analysis: the candidate beating every other by majority, if any, and more.

    Weak winners lose no contest (ties allowed); `cycle` says the strict majority relation
    has a directed cycle; the Smith set is the smallest set beating everyone outside it.
    """
    cands = tuple(candidates)
    counts, scale = _scaled_tallies(ballots, cands, truncated)
    if scale == 1:
        tallies = {pair: to_fraction(v) for pair, v in counts.items()}
    else:
        tallies = {pair: Fraction(v, scale) for pair, v in counts.items()}

    def beats(a: Candidate, b: Candidate) -> bool:
        # the scaled ints order exactly as the Fraction tallies do (one positive scale)
        return counts[(a, b)] > counts[(b, a)]

    winners = [a for a in cands if all(beats(a, b) for b in cands if b != a)]
    weak = tuple(a for a in cands if not any(beats(b, a) for b in cands if b != a))
    # Reachability in "beats" finds cycles; in "beats or ties" it gives the Smith set.
    strict = _closure(cands, beats)
    cycle = any(strict[a][a] for a in cands)
    weak_reach = _closure(cands, lambda a, b: not beats(b, a))
    smith = tuple(a for a in cands if all(weak_reach[a][b] for b in cands if b != a))
    return CondorcetResult(
        winners[0] if winners else None, weak, cycle, smith, tallies, cands, truncated
    )


def _closure(cands: tuple[Candidate, ...], edge: Any) -> dict[Candidate, dict[Candidate, bool]]:
    """Transitive closure (paths of length >= 1) of a relation on the candidates."""
    reach = {a: {b: a != b and bool(edge(a, b)) for b in cands} for a in cands}
    for k in cands:
        for a in cands:
            if reach[a][k]:
                row_k = reach[k]
                row_a = reach[a]
                for b in cands:
                    if row_k[b]:
                        row_a[b] = True
    return reach
