"""A game as data (a payoff matrix or a tree) with its equilibria computed by the solvers."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from typing import Literal

from recon_data.errors import ReconDataError
from recon_data.gametheory.normal_form import NormalFormGame
from recon_data.gametheory.tree import Decision, Node, SPEResult, Terminal, node_at

Kind = Literal["simultaneous", "sequential", "repeated"]
PLAYERS = ("Alice", "Bob")


def choice_labels(k: int) -> tuple[str, ...]:
    """The anonymised action names the prompts use: choice_1 ... choice_k."""
    return tuple(f"choice_{i + 1}" for i in range(k))


@dataclass(frozen=True)
class GameSpec:
    """One two-player game: a simultaneous matrix game or a sequential tree (never both)."""

    name: str
    title: str
    suite: str
    kind: Kind
    matrix: NormalFormGame | None = field(default=None, repr=False)
    tree: Node | None = field(default=None, repr=False)
    players: tuple[str, ...] = PLAYERS

    def __post_init__(self) -> None:
        if (self.kind == "simultaneous") != (self.matrix is not None) or (
            self.kind == "sequential"
        ) != (self.tree is not None):
            raise ReconDataError(
                f"game {self.name}: a simultaneous game needs a matrix, a sequential one a tree"
            )

    # -- simultaneous games ----------------------------------------------------------

    def actions(self, player: int, history: tuple[str, ...] = ()) -> tuple[str, ...]:
        """Legal actions of `player` (in a tree: at the node after `history`)."""
        if self.matrix is not None:
            return choice_labels(self.matrix.shape[player])
        node = node_at(self.tree, history)  # type: ignore[arg-type]
        if not isinstance(node, Decision) or node.player != player:
            raise ReconDataError(
                f"game {self.name}: player {player} does not move after {list(history)}"
            )
        return tuple(a for a, _ in node.actions)

    @cached_property
    def pure_nash(self) -> tuple[tuple[int, ...], ...]:
        """Every pure Nash equilibrium (action indices); for trees, of the reduced strategic form."""
        from recon_data.gametheory.equilibria import pure_nash
        from recon_data.gametheory.tree import tree_normal_form

        game = self.matrix if self.matrix is not None else tree_normal_form(self.tree, reduced=True)  # type: ignore[arg-type]
        return pure_nash(game).profiles

    @cached_property
    def pareto_nash(self) -> tuple[tuple[int, ...], ...]:
        """Pure equilibria no other pure equilibrium Pareto-dominates (simultaneous games)."""
        from recon_data.gametheory.pareto import pareto_optimal

        if self.matrix is None:
            return ()
        return pareto_optimal(self.matrix, self.pure_nash)

    def payoffs(self, actions: tuple[str, ...]) -> tuple[Fraction, ...]:
        """Payoffs of a profile of action labels (simultaneous) or of a path (sequential)."""
        if self.matrix is not None:
            return self.matrix.payoff(tuple(int(a.split("_")[1]) - 1 for a in actions))
        node = node_at(self.tree, actions)  # type: ignore[arg-type]
        if not isinstance(node, Terminal):
            raise ReconDataError(f"game {self.name}: path {list(actions)} does not end the game")
        return node.payoffs

    # -- sequential games ---------------------------------------------------------

    @cached_property
    def spe(self) -> SPEResult:
        """Subgame-perfect solution of the tree (every tie kept)."""
        from recon_data.gametheory.tree import subgame_perfect

        if self.tree is None:
            raise ReconDataError(f"game {self.name} is simultaneous: no subgame-perfect path")
        return subgame_perfect(self.tree)

    @cached_property
    def nash_outcomes(self) -> tuple[tuple[str, ...], ...]:
        """Paths some pure Nash equilibrium of the tree's strategic form plays."""
        from recon_data.gametheory.tree import nash_outcomes

        if self.tree is None:
            raise ReconDataError(f"game {self.name} is simultaneous: no tree")
        return nash_outcomes(self.tree)

    def mover(self, history: tuple[str, ...]) -> int | None:
        """Who moves after `history` in a tree (None at a leaf)."""
        node = node_at(self.tree, history)  # type: ignore[arg-type]
        return node.player if isinstance(node, Decision) else None
