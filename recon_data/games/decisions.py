"""Every decision node of a sequential game as a training item: prompt, legal actions, values.

A node's values are the mover's exact values under subgame-perfect continuation (see
`recon_data.games.credit`); its prompt is exactly what the environment shows the player
to move there, so a model trained on nodes sees the same text `games eval` shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from recon_data.errors import ReconDataError
from recon_data.games.credit import action_values, normalise
from recon_data.games.parsing import check_parser
from recon_data.games.prompts import sequential_prompt
from recon_data.games.spec import GameSpec
from recon_data.gametheory.tree import decision_nodes


@dataclass(frozen=True)
class DecisionNode:
    """One decision node: who moves, after what, the prompt, and each legal action's value."""

    game: str
    player: int
    role: str
    history: tuple[str, ...]
    legal: tuple[str, ...]
    prompt: list[dict[str, str]]
    values: dict[str, Fraction]  # the mover's exact value of each legal action
    scores: dict[str, Fraction]  # the same, normalised to [0, 1] at this node

    @property
    def best(self) -> tuple[str, ...]:
        """The actions of highest value (regret zero)."""
        return tuple(a for a, s in self.scores.items() if s == 1)


def tree_decisions(spec: GameSpec, *, parser: str = "auto") -> list[DecisionNode]:
    """Every decision node of a tree game, root first, with the prompt the mover would see."""
    check_parser(parser)
    if spec.tree is None:
        raise ReconDataError(
            f"game {spec.name} is simultaneous: only trees have subgame-perfect move values"
        )
    out = []
    for history, node in decision_nodes(spec.tree):
        values = action_values(spec, node.player, history)
        text = sequential_prompt(spec, node.player, history, parser)
        out.append(
            DecisionNode(
                spec.name,
                node.player,
                spec.players[node.player],
                history,
                tuple(values),
                [{"role": "user", "content": text}],
                values,
                normalise(values),
            )
        )
    return out
