"""Finite extensive-form games of perfect information: subgame perfection and the strategic form.

A tree is built from `Terminal`, `Decision` and `Chance` nodes. A node's *history* is the
tuple of labels (actions and chance outcomes) on the way to it from the root; a *path* is
the history of a terminal node.

`subgame_perfect` keeps every tie: `.paths` holds every path some pure subgame-perfect
equilibrium (SPE) plays with positive probability, `.values` every SPE payoff vector.
`.value` and `.action_values` follow one canonical SPE, the one that breaks every tie
toward the first-listed action, so each action at each node has a single value;
`.action_value_sets` keeps every value an action can have under some SPE continuation.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Union

from recon_data.errors import ReconDataError
from recon_data.gametheory.normal_form import NormalFormGame
from recon_data.gametheory.numbers import Number, to_fraction

History = tuple[str, ...]
Payoffs = tuple[Fraction, ...]


@dataclass(frozen=True)
class Terminal:
    """A leaf: one payoff per player."""

    payoffs: tuple[Fraction, ...]

    def __post_init__(self) -> None:
        if not self.payoffs:
            raise ReconDataError("a terminal node needs at least one payoff")
        object.__setattr__(self, "payoffs", tuple(to_fraction(x) for x in self.payoffs))


@dataclass(frozen=True)
class Decision:
    """A node where `player` (0-based) picks one of the labelled actions."""

    player: int
    actions: tuple[tuple[str, Node], ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "actions", tuple((str(a), n) for a, n in self.actions))
        labels = [a for a, _ in self.actions]
        if not labels:
            raise ReconDataError(f"decision node of player {self.player} has no actions")
        if len(set(labels)) != len(labels):
            raise ReconDataError(f"decision node has repeated action labels {labels}")
        if not isinstance(self.player, int) or self.player < 0:
            raise ReconDataError(f"player must be a 0-based index, got {self.player!r}")


@dataclass(frozen=True)
class Chance:
    """A node where nature draws one labelled outcome with the given probability."""

    outcomes: tuple[tuple[str, Fraction, Node], ...]

    def __post_init__(self) -> None:
        fixed = tuple((str(a), to_fraction(p), n) for a, p, n in self.outcomes)
        object.__setattr__(self, "outcomes", fixed)
        labels = [a for a, _, _ in fixed]
        if not labels or len(set(labels)) != len(labels):
            raise ReconDataError(f"chance node needs distinct outcome labels, got {labels}")
        if any(p < 0 for _, p, _ in fixed) or sum(p for _, p, _ in fixed) != 1:
            raise ReconDataError("chance probabilities must be non-negative and sum to 1")


Node = Union[Terminal, Decision, Chance]  # noqa: UP007 (runtime alias for py3.10)


@dataclass(frozen=True)
class _Outcome:
    """What one SPE of a subgame yields: its expected payoffs and the paths it plays."""

    value: Payoffs
    paths: frozenset[History]


@dataclass(frozen=True)
class SPEResult:
    """Every subgame-perfect path and value, and action values under the canonical SPE."""

    paths: tuple[History, ...]
    value: Payoffs
    values: tuple[Payoffs, ...]
    action_values: dict[History, dict[str, Payoffs]] = field(repr=False)
    action_value_sets: dict[History, dict[str, tuple[Payoffs, ...]]] = field(repr=False)
    players: dict[History, int] = field(repr=False)
    certificate: list[dict[str, Any]] = field(repr=False)

    def best_actions(self, history: Sequence[str]) -> tuple[str, ...]:
        """Actions at a decision node that maximise its player's canonical SPE value."""
        values = self.action_values[tuple(history)]
        player = self.players[tuple(history)]
        top = max(v[player] for v in values.values())
        return tuple(a for a, v in values.items() if v[player] == top)

    def regret(self, history: Sequence[str], action: str) -> Fraction:
        """The mover's loss from `action` against the best action, both followed by SPE play."""
        values = self.action_values[tuple(history)]
        player = self.players[tuple(history)]
        return max(v[player] for v in values.values()) - values[action][player]


def n_players(tree: Node) -> int:
    """Number of players: the length of the payoff vectors (checked equal at every leaf)."""
    sizes = {len(t.payoffs) for _, t in _leaves(tree, ())}
    if len(sizes) != 1:
        raise ReconDataError(f"terminal payoff vectors differ in length: {sorted(sizes)}")
    (size,) = sizes
    for _, node in decision_nodes(tree):
        if node.player >= size:
            raise ReconDataError(f"player {node.player} moves but payoffs cover {size} players")
    return size


def _leaves(node: Node, history: History) -> Iterator[tuple[History, Terminal]]:
    if isinstance(node, Terminal):
        yield history, node
    elif isinstance(node, Decision):
        for label, child in node.actions:
            yield from _leaves(child, (*history, label))
    else:
        for label, _, child in node.outcomes:
            yield from _leaves(child, (*history, label))


def decision_nodes(tree: Node, history: History = ()) -> Iterator[tuple[History, Decision]]:
    """Every decision node with its history, in pre-order (parents before children)."""
    if isinstance(tree, Decision):
        yield history, tree
        for label, child in tree.actions:
            yield from decision_nodes(child, (*history, label))
    elif isinstance(tree, Chance):
        for label, _, child in tree.outcomes:
            yield from decision_nodes(child, (*history, label))


def node_at(tree: Node, history: Sequence[str]) -> Node:
    """The node reached by following `history` from the root."""
    node = tree
    for label in history:
        if isinstance(node, Decision):
            children = {a: n for a, n in node.actions}
        elif isinstance(node, Chance):
            children = {a: n for a, _, n in node.outcomes}
        else:
            children = {}
        if label not in children:
            raise ReconDataError(f"no move {label!r} after history {list(history)}")
        node = children[label]
    return node


def subgame_perfect(tree: Node) -> SPEResult:
    """Backward induction keeping every tie: all SPE paths and values, and each action's value."""
    n_players(tree)  # validates the tree
    action_values: dict[History, dict[str, Payoffs]] = {}
    value_sets: dict[History, dict[str, tuple[Payoffs, ...]]] = {}
    players: dict[History, int] = {}
    trace: list[dict[str, Any]] = []

    def solve(node: Node, history: History) -> tuple[Payoffs, frozenset[_Outcome]]:
        """Return the canonical SPE value and every SPE outcome of the subgame at `node`."""
        if isinstance(node, Terminal):
            return node.payoffs, frozenset({_Outcome(node.payoffs, frozenset({()}))})
        if isinstance(node, Chance):
            solved = [
                (label, p, solve(child, (*history, label))) for label, p, child in node.outcomes
            ]
            canonical = _mix([(p, v) for _, p, (v, _) in solved])
            outcomes = set()
            # Subgames are solved independently, so any combination of their SPEs is an SPE.
            for combo in itertools.product(*(sorted(o, key=_key) for _, _, (_, o) in solved)):
                value = _mix([(p, o.value) for (_, p, _), o in zip(solved, combo, strict=True)])
                paths = frozenset(
                    (label, *q)
                    for (label, p, _), o in zip(solved, combo, strict=True)
                    if p > 0
                    for q in o.paths
                )
                outcomes.add(_Outcome(value, paths))
            return canonical, frozenset(outcomes)
        me = node.player
        solved_d = [(label, solve(child, (*history, label))) for label, child in node.actions]
        canon = {label: v for label, (v, _) in solved_d}
        best = max(v[me] for v in canon.values())
        first_best = next(label for label, v in canon.items() if v[me] == best)
        # An action's SPE outcome survives if the mover gets at least what every other action
        # gives under *some* SPE of that subgame (the worst one for the mover can be chosen).
        floor = {label: min(o.value[me] for o in outs) for label, (_, outs) in solved_d}
        outcomes = set()
        for label, (_, outs) in solved_d:
            bar = max((f for other, f in floor.items() if other != label), default=None)
            for o in outs:
                if bar is None or o.value[me] >= bar:
                    outcomes.add(_Outcome(o.value, frozenset((label, *q) for q in o.paths)))
        action_values[history] = canon
        value_sets[history] = {
            label: tuple(sorted({o.value for o in outs})) for label, (_, outs) in solved_d
        }
        players[history] = me
        trace.append(
            {
                "history": list(history),
                "player": me,
                "values": {label: [str(x) for x in v] for label, v in canon.items()},
                "best": [label for label, v in canon.items() if v[me] == best],
                "chosen": first_best,
            }
        )
        return canon[first_best], frozenset(outcomes)

    value, outcomes = solve(tree, ())
    paths = tuple(sorted({p for o in outcomes for p in o.paths}))
    values = tuple(sorted({o.value for o in outcomes}))
    trace.reverse()  # root first: the order a reader checks the induction in
    return SPEResult(
        paths=paths,
        value=value,
        values=values,
        action_values=action_values,
        action_value_sets=value_sets,
        players=players,
        certificate=trace,
    )


def _key(o: _Outcome) -> tuple[Any, ...]:
    return (o.value, sorted(o.paths))


def _mix(parts: Sequence[tuple[Fraction, Payoffs]]) -> Payoffs:
    size = len(parts[0][1])
    return tuple(sum((p * v[i] for p, v in parts), Fraction(0)) for i in range(size))


def strategy_nodes(tree: Node, player: int) -> tuple[History, ...]:
    """The histories of `player`'s decision nodes, in the order a strategy lists its actions."""
    return tuple(h for h, node in decision_nodes(tree) if node.player == player)


def strategies(tree: Node, player: int) -> tuple[tuple[str, ...], ...]:
    """Every pure strategy of `player`: one action per decision node of theirs, all nodes."""
    nodes = [node_at(tree, h) for h in strategy_nodes(tree, player)]
    return tuple(itertools.product(*([a for a, _ in node.actions] for node in nodes)))  # type: ignore[union-attr]


def play(tree: Node, plan: Sequence[dict[History, str]]) -> tuple[Payoffs, tuple[History, ...]]:
    """Expected payoffs and positive-probability paths when each player follows their plan."""
    parts: list[tuple[Fraction, Payoffs]] = []
    paths: list[History] = []

    def walk(node: Node, history: History, prob: Fraction) -> None:
        if isinstance(node, Terminal):
            parts.append((prob, node.payoffs))
            if prob > 0:
                paths.append(history)
        elif isinstance(node, Decision):
            label = plan[node.player][history]  # a reduced plan covers every node it reaches
            walk(node_at(node, (label,)), (*history, label), prob)
        else:
            for label, p, child in node.outcomes:
                walk(child, (*history, label), prob * p)

    walk(tree, (), Fraction(1))
    return _mix(parts), tuple(sorted(paths))


def reduced_strategies(tree: Node, player: int) -> tuple[dict[History, str], ...]:
    """Plans of `player` that choose only at nodes their own earlier choices do not rule out."""

    def plans(node: Node, history: History) -> list[dict[History, str]]:
        if isinstance(node, Terminal):
            return [{}]
        if isinstance(node, Decision) and node.player == player:
            return [
                {history: label, **rest}
                for label, child in node.actions
                for rest in plans(child, (*history, label))
            ]
        children = (
            [(a, c) for a, c in node.actions]
            if isinstance(node, Decision)
            else [(a, c) for a, _, c in node.outcomes]
        )
        out: list[dict[History, str]] = [{}]
        for label, child in children:
            out = [{**left, **right} for left in out for right in plans(child, (*history, label))]
        return out

    return tuple(plans(tree, ()))


def tree_normal_form(tree: Node, *, reduced: bool = False) -> NormalFormGame:
    """The strategic form: a strategy is an action at each of the player's nodes.

    `reduced=True` gives the reduced strategic form: no action at nodes the player's own
    earlier choices rule out (labelled `*`), so payoff-identical strategies appear once.
    """
    plans = _plans(tree, reduced)
    n = len(plans)

    def payoff(profile: tuple[int, ...]) -> Payoffs:
        return play(tree, [plans[p][profile[p]] for p in range(n)])[0]

    labels = tuple(
        tuple(
            "/".join(plan.get(h, "*") for h in strategy_nodes(tree, p)) or "-" for plan in plans[p]
        )
        for p in range(n)
    )
    return NormalFormGame.from_payoffs([len(s) for s in plans], payoff, action_labels=labels)


def _plans(tree: Node, reduced: bool) -> list[tuple[dict[History, str], ...]]:
    n = n_players(tree)
    if reduced:
        return [reduced_strategies(tree, p) for p in range(n)]
    return [
        tuple(dict(zip(strategy_nodes(tree, p), s, strict=True)) for s in strategies(tree, p))
        for p in range(n)
    ]


def nash_outcomes(tree: Node) -> tuple[History, ...]:
    """Paths played (with positive probability) by some pure Nash equilibrium of the strategic form."""
    from recon_data.gametheory.equilibria import pure_nash

    # The reduced form has the same equilibrium outcomes and far fewer strategies.
    plans = _plans(tree, reduced=True)
    found: set[History] = set()
    for profile in pure_nash(tree_normal_form(tree, reduced=True)).profiles:
        found.update(play(tree, [plans[p][a] for p, a in enumerate(profile)])[1])
    return tuple(sorted(found))


def leaf(*payoffs: Number) -> Terminal:
    """Shorthand for a terminal node."""
    return Terminal(tuple(to_fraction(x) for x in payoffs))
