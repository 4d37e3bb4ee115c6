"""The release's instruction wording per prompt family, and pools of anonymised labels."""

from __future__ import annotations

import json
from collections.abc import Sequence
from fractions import Fraction

STEER_HEAD = (
    "You are given a reasoning problem in Economics. Please reason step by step to solve it.\n\n"
    "Enclose your reasoning in <think> and </think>. Then, give your final answer using the "
    "format \\boxed{Option X: full choice text}.\n\n"
    "You must include both the option number and the full text of your chosen answer.\n\n"
    "Question:\n"
)
NUMERIC_HEAD = (
    "You are given a reasoning problem in Economics. Please reason step by step to solve it.\n\n"
    "Enclose your reasoning in <think> and </think>. Then, give your final answer as a single "
    "exact number (an integer, a decimal or a fraction such as 3/7) using the format "
    "\\boxed{number}.\n\n"
    "Question:\n"
)
GAME_HEAD = (
    "You are given a reasoning problem in Economics. Please reason step by step to solve it. "
    "Enclose your reasoning in <think> and </think>. You are given a 2-player normal-form game."
    "\n\n"
)
NASH_TASK = (
    "The game is represented using two separate matrices:\n"
    "- The first matrix gives Player 0's payoffs.\n"
    "- The second matrix gives Player 1's payoffs.\n\n"
    "Both matrices have the same dimensions. Each corresponding cell (i, j) defines the outcome "
    "when Player 0 plays strategy i and Player 1 plays strategy j.\n"
    "- Player 0's payoff for (i, j) is found in the first matrix.\n"
    "- Player 1's payoff for (i, j) is found in the second matrix.\n\n"
    "Your task is to find all pure strategy Nash equilibria (PSNE) in this game.\n"
    "A pure strategy Nash equilibrium is a strategy pair [i, j] such that:\n"
    "- Player 0 cannot improve their payoff by switching to a different row, if Player 1 "
    "sticks with column j.\n"
    "- Player 1 cannot improve their payoff by switching to a different column, if Player 0 "
    "sticks with row i.\n\n"
    "Output the list of all [i, j] pairs that form pure Nash equilibria.\n"
    "Format your final answer strictly as \\boxed{[[i, j], [k, l], ...]} with no additional "
    "text.\n"
    "If there is no pure strategy Nash equilibrium, return \\boxed{[]}.\n\n"
)
PTE_TASK = (
    "The game is represented by two payoff matrices:\n"
    "- First matrix: Player 0's payoffs.\n"
    "- Second matrix: Player 1's payoffs.\n\n"
    "Each cell (i, j) gives the outcome when Player 0 plays i and Player 1 plays j.\n"
    "Player 0's payoff is the entry at [i][j] in the first matrix, and\n"
    "Player 1's payoff is the entry at [i][j] in the second matrix.\n\n"
    "Your task is to compute the **Perfectly Transparent Equilibrium (PTE)**:\n"
    "1. Find each player's **maximin guarantee** (the worst-case payoff) across all outcomes.\n"
    "2. Eliminate any outcome that does *not* Pareto-dominate those guarantees.\n"
    "3. Recompute the maximin on the remaining outcomes and repeat until only one outcome is "
    "left.\n\n"
    "Output exactly the coordinate [i, j] of that remaining outcome.  If no PTE exists, "
    "output `[]`.\n\n"
    "Format your answer strictly as:\n\\boxed{[i, j]}\nor\n\\boxed{[]}\n\n"
)
DOMINANCE_TASK = (
    "The game is represented using two separate matrices:\n"
    "- The first matrix gives Player 0's payoffs (rows are Player 0's strategies).\n"
    "- The second matrix gives Player 1's payoffs (columns are Player 1's strategies).\n\n"
    "Cell (i, j) is the outcome when Player 0 plays strategy i and Player 1 plays strategy j.\n\n"
    "Your task is to apply iterated elimination of strictly dominated strategies: repeatedly "
    "remove any pure strategy of either player that is strictly dominated by another pure "
    "strategy of that player, given the strategies that remain, until none can be removed.\n\n"
    "Output the list of all strategy pairs [i, j] that survive (i a surviving row, j a "
    "surviving column), using the original 0-based indices.\n"
    "Format your final answer strictly as \\boxed{[[i, j], [k, l], ...]} with no additional "
    "text.\n\n"
)


def matrices_block(a: Sequence[Sequence[object]], b: Sequence[Sequence[object]]) -> str:
    """Render the two payoff matrices exactly as the release's 3x3 games show them."""
    return f"Player 0's payoff matrix:\n{_matrix(a)}\n\nPlayer 1's payoff matrix:\n{_matrix(b)}"


def _matrix(m: Sequence[Sequence[object]]) -> str:
    """json.dumps of a matrix; plain ints are joined directly (the same text, faster)."""
    if all(type(x) is int for row in m for x in row):
        return "[" + ", ".join("[" + ", ".join(map(str, row)) + "]" for row in m) + "]"
    return json.dumps(m)


def fixed(x: Fraction, places: int = 2) -> str:
    """Render a number rounded (half to even, exactly) to `places` decimals: '0.63', '-1.50'."""
    q = rounded(x, places)
    sign = "-" if q < 0 else ""
    whole, frac = divmod(abs(q), 10**places)
    return f"{sign}{whole}.{frac:0{places}d}" if places else f"{sign}{whole}"


def rounded(x: Fraction, places: int = 0) -> int:
    """round(x * 10**places) (half to even) in integer arithmetic: the same int, faster."""
    if type(x) is not Fraction and type(x) is not int:
        x = Fraction(x)
    floor, rest = divmod(x.numerator * 10**places, x.denominator)  # denominator > 0
    if 2 * rest > x.denominator or (2 * rest == x.denominator and floor % 2 == 1):
        return floor + 1
    return floor


def decimal_text(x: Fraction) -> str:
    """Render an exact terminating decimal without trailing zeros ('5.4', '3', '-0.25')."""
    # Generators show the same few hundred values over and over (k/100 payoffs, priors):
    # remember each value's text, keyed by its (numerator, denominator), cheap to hash.
    key = (x.numerator, x.denominator)
    text = _DECIMALS.get(key)
    if text is None:
        from recon_data.answers import format_number

        text = format_number(x)
        if len(_DECIMALS) < _DECIMALS_MAX:
            _DECIMALS[key] = text
    return text


_DECIMALS: dict[tuple[int, int], str] = {}
_DECIMALS_MAX = 1 << 16


FIRST_NAMES = (
    "Alice", "Bob", "Carla", "Dmitri", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas",
    "Kofi", "Leila", "Mateo", "Nadia", "Oscar", "Priya", "Quentin", "Rosa", "Samir", "Tanya",
    "Ugo", "Vera", "Wendell", "Xenia", "Yusuf", "Zara", "Bruno", "Chiara", "Dario", "Esther",
    "Felix", "Greta", "Hassan", "Ingrid", "Jamal", "Katya", "Lorenzo", "Mireille", "Nikolai",
    "Olga", "Pablo", "Rania", "Sven", "Tomas", "Valeria", "Wanjiru", "Yara", "Zoltan",
)  # fmt: skip
FIRM_STEMS = (
    "Apex", "Borealis", "Cobalt", "Delta", "Ember", "Fjord", "Granite", "Harbor", "Indigo",
    "Juniper", "Kestrel", "Lumen", "Meridian", "Nimbus", "Orchid", "Pinnacle", "Quartz",
    "Redwood", "Summit", "Tundra", "Umber", "Vertex", "Willow", "Zenith",
)  # fmt: skip
GOODS = (
    "solar panels", "coffee beans", "steel beams", "cloud storage", "bicycles", "fertiliser",
    "microchips", "olive oil", "cement", "shipping containers", "vaccines", "textiles",
    "lithium batteries", "wheat", "timber", "software licences", "air freight", "paper",
)  # fmt: skip
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
