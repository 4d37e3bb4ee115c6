"""Instance-number agreement: do two texts hold the same numbers, in the same order?"""

from __future__ import annotations

from collections.abc import Sequence

# Above this many cell comparisons the exact dynamic programme is not worth its time.
_LCS_CELLS = 250_000


def common_subsequence(a: Sequence[int], b: Sequence[int]) -> int:
    """Return the length of the longest common subsequence of two id sequences."""
    if not a or not b:
        return 0
    if len(a) * len(b) > _LCS_CELLS:
        # Pathologically long number lists: the multiset intersection, an upper bound.
        counts: dict[int, int] = {}
        for x in b:
            counts[x] = counts.get(x, 0) + 1
        hit = 0
        for x in a:
            if counts.get(x, 0):
                counts[x] -= 1
                hit += 1
        return hit
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def agreement(expected: Sequence[int], found: Sequence[int]) -> tuple[int, float]:
    """Return (how many of `expected` occur in order in `found`, that share); 1.0 if none expected."""
    if not expected:
        return 0, 1.0
    hit = common_subsequence(expected, found)
    return hit, hit / len(expected)
