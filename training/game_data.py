"""The decision-node dataset for GRPO on game turns (MARO-style, our own formulation).

Each row is one decision node of a sequential game: `prompt` (the chat messages the
player to move sees in `games eval`), `legal_actions`, `action_values` (the mover's
exact value of each, fraction strings, subgame-perfect continuation), `action_scores`
(the same normalised to [0, 1] at the node), `best_actions`, `role`, `player`, `game`,
`history`, `parser`, `think` (the `</think>` mode replies are read under, as `games eval`
reads them) and `weight` (the role-balancing weight). Rows are role-balanced by
deterministic resampling (`recon_data.games.roles`); the `weight` column is for trainers
that read one (with `resample=False`, so the balance is not applied twice).

The Hua et al. games are held out by default (train on generated games, evaluate on the
ten), and so is the generated suite `games eval` reports (`generated.DEFAULT`).

Recipes ask for this dataset with `corpus: games[:SOURCE[:COUNT]]`: SOURCE `trees`
(random generated trees of depth 2-4, seeds from 1000; the default), `dominant` (a
trivial family: at every node one fixed action beats all others whatever follows), or
comma-separated generated game names (`tree3-s11,tree2-s12`).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from recon_data.errors import ReconDataError
from recon_data.games.catalog import get_game, hua_games
from recon_data.games.decisions import tree_decisions
from recon_data.games.generated import DEFAULT, random_tree_game
from recon_data.games.parsing import check_think
from recon_data.games.roles import resample, role_weights
from recon_data.games.spec import GameSpec
from recon_data.gametheory.tree import Decision, Node, leaf

PREFIX = "games"
FIRST_SEED = 1000  # training trees start here, far from the evaluation suite's seeds
DEFAULT_COUNT = 64


def dominant_tree_game(seed: int, *, actions: int = 3, dominant: int = 2) -> GameSpec:
    """A depth-2 tree where `choice_<dominant>` is best for the mover at every node, by a margin.

    The mover's payoffs below the dominant action are drawn from 6..9, all others from
    -5..4 (at the root: every leaf under the dominant action beats every other leaf for
    Alice), so the dominant action has regret 0 and every other action positive regret.
    """
    if not 1 <= dominant <= actions:
        raise ReconDataError(f"dominant action {dominant} is not one of {actions} actions")
    rng = random.Random(f"dominant:{actions}:{dominant}:{seed}")

    def pay(good: bool) -> int:
        return rng.randint(6, 9) if good else rng.randint(-5, 4)

    def bob(alice_good: bool) -> Node:
        kids = []
        for j in range(1, actions + 1):
            kids.append((f"choice_{j}", leaf(pay(alice_good), pay(j == dominant))))
        return Decision(1, tuple(kids))

    root = Decision(0, tuple((f"choice_{i}", bob(i == dominant)) for i in range(1, actions + 1)))
    name = f"dominant{actions}-d{dominant}-s{seed}"
    title = f"Dominant-action tree (seed {seed})"
    return GameSpec(name, title, "generated", "sequential", tree=root)


def training_games(source: str = "trees", count: int = DEFAULT_COUNT) -> tuple[GameSpec, ...]:
    """The games a source names (see the module doc); never the held-out evaluation games."""
    if count < 1:
        raise ReconDataError(f"game count must be at least 1, got {count}")
    if source == "trees":
        specs: list[GameSpec] = []
        seed = FIRST_SEED
        while len(specs) < count:
            name = f"tree{2 + seed % 3}-s{seed}"
            if name not in DEFAULT:
                specs.append(random_tree_game(2 + seed % 3, seed))
            seed += 1
        return tuple(specs)
    if source == "dominant":
        return tuple(dominant_tree_game(FIRST_SEED + i) for i in range(count))
    return tuple(get_game(name.strip()) for name in source.split(",") if name.strip())


def decision_rows(
    specs: Sequence[GameSpec],
    *,
    parser: str = "auto",
    think: str = "required",
    include_held_out: bool = False,
    balance: bool = True,
    seed: int = 0,
) -> list[dict[str, Any]]:
    """One row per decision node of every tree; role-balanced by resampling when `balance`."""
    check_think(think)
    held_out = {s.name for s in hua_games()} | set(DEFAULT)
    banned = sorted(s.name for s in specs if s.name in held_out)
    if banned and not include_held_out:
        raise ReconDataError(
            f"{', '.join(banned)} are held out for evaluation; pass include_held_out=True to train on them"
        )
    rows: list[dict[str, Any]] = []
    for spec in specs:
        if spec.kind != "sequential":
            continue  # no continuation, so no exact move value: simultaneous games are left out
        for node in tree_decisions(spec, parser=parser):
            rows.append(
                {
                    "prompt": node.prompt,
                    "legal_actions": list(node.legal),
                    "action_values": [str(node.values[a]) for a in node.legal],
                    "action_scores": [float(node.scores[a]) for a in node.legal],
                    "best_actions": list(node.best),
                    "role": node.role,
                    "player": node.player,
                    "game": node.game,
                    "history": list(node.history),
                    "parser": parser,
                    "think": think,
                }
            )
    if not rows:
        raise ReconDataError("no decision nodes: the games named have no trees")
    weights = role_weights([r["role"] for r in rows])
    for row, w in zip(rows, weights, strict=True):
        row["weight"] = float(w)
    if not balance:
        return rows
    return resample(rows, weights, groups=[r["role"] for r in rows], seed=seed)


def game_dataset(
    source: str = "trees", count: int = DEFAULT_COUNT, *, limit: int | None = None, **options: Any
) -> Any:
    """The decision-node rows of a source as a `datasets.Dataset` (TRL GRPO reads it as is)."""
    from datasets import Dataset

    rows = decision_rows(training_games(source, count), **options)
    return Dataset.from_list(rows[:limit] if limit is not None else rows)


def parse_source(corpus: str) -> tuple[str, int] | None:
    """Read a recipe's `corpus: games[:SOURCE[:COUNT]]`; None when it names a real corpus."""
    text = str(corpus)
    if text != PREFIX and not text.startswith(PREFIX + ":"):
        return None
    parts = text.split(":")[1:]
    source = parts[0] if parts and parts[0] else "trees"
    try:
        count = int(parts[1]) if len(parts) > 1 else DEFAULT_COUNT
    except ValueError:
        raise ReconDataError(f"corpus {text!r}: the game count must be a number") from None
    if len(parts) > 2:
        raise ReconDataError(f"corpus {text!r}: expected games[:SOURCE[:COUNT]]")
    return source, count


def recipe_rows(corpus: str, *, limit: int | None = None) -> list[dict[str, Any]]:
    """The GRPO rows for a recipe whose corpus is `games[:SOURCE[:COUNT]]`."""
    parsed = parse_source(corpus)
    if parsed is None:
        raise ReconDataError(f"corpus {corpus!r} does not name the game dataset")
    rows = decision_rows(training_games(*parsed))
    return rows[:limit] if limit is not None else rows
