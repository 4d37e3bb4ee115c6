"""Games no model has seen: random n x m normal-form games and random trees, from a seed.

Names carry everything needed to rebuild the game: `nf3x4-s7` is a 3 x 4 matrix game from
seed 7, `tree3-s7` a two-player tree of depth up to 3 from seed 7. Payoffs are integers in
[-5, 9]; tree nodes have 2 or 3 actions and players alternate.
"""

from __future__ import annotations

import random
import re

from recon_data.errors import ReconDataError
from recon_data.games.spec import GameSpec, choice_labels
from recon_data.gametheory.normal_form import NormalFormGame
from recon_data.gametheory.tree import Decision, Node, leaf

LOW, HIGH = -5, 9
_NF = re.compile(r"nf(\d+)x(\d+)-s(\d+)")
_TREE = re.compile(r"tree(\d+)-s(\d+)")
# The `generated` suite: a fixed set, so results are comparable across runs.
DEFAULT = (
    "nf2x2-s1",
    "nf3x3-s2",
    "nf4x4-s3",
    "nf3x5-s4",
    "tree2-s5",
    "tree3-s6",
    "tree3-s7",
    "tree4-s8",
)


def random_matrix_game(rows: int, cols: int, seed: int) -> GameSpec:
    """A two-player rows x cols game with integer payoffs drawn uniformly from a seed."""
    if not (1 <= rows <= 10 and 1 <= cols <= 10):
        raise ReconDataError(f"generated games have 1-10 actions per player, got {rows}x{cols}")
    rng = random.Random(f"nf:{rows}:{cols}:{seed}")
    table = [
        [(rng.randint(LOW, HIGH), rng.randint(LOW, HIGH)) for _ in range(cols)] for _ in range(rows)
    ]
    game = NormalFormGame.from_bimatrix(
        [[a for a, _ in r] for r in table],
        [[b for _, b in r] for r in table],
        action_labels=(choice_labels(rows), choice_labels(cols)),
    )
    return GameSpec(
        f"nf{rows}x{cols}-s{seed}",
        f"Random {rows}x{cols} game (seed {seed})",
        "generated",
        "simultaneous",
        matrix=game,
    )


def random_tree_game(depth: int, seed: int) -> GameSpec:
    """A two-player alternating tree of depth at most `depth`, drawn from a seed."""
    if not 1 <= depth <= 5:
        raise ReconDataError(f"generated trees have depth 1-5, got {depth}")
    rng = random.Random(f"tree:{depth}:{seed}")

    def grow(level: int, player: int) -> Node:
        # The root always branches; below it a branch may end early, so paths differ in length.
        if level == depth or (level > 0 and rng.random() < 0.3):
            return leaf(rng.randint(LOW, HIGH), rng.randint(LOW, HIGH))
        k = rng.choice((2, 2, 3))
        return Decision(
            player, tuple((f"choice_{i + 1}", grow(level + 1, 1 - player)) for i in range(k))
        )

    return GameSpec(
        f"tree{depth}-s{seed}",
        f"Random tree of depth {depth} (seed {seed})",
        "generated",
        "sequential",
        tree=grow(0, 0),
    )


def generated_game(name: str) -> GameSpec | None:
    """Rebuild a generated game from its name, or None if the name is not a generated one."""
    if m := _NF.fullmatch(name):
        return random_matrix_game(int(m[1]), int(m[2]), int(m[3]))
    if m := _TREE.fullmatch(name):
        return random_tree_game(int(m[1]), int(m[2]))
    return None
