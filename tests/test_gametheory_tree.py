"""Backward induction against hand-solved games and brute force over the strategic form."""

from __future__ import annotations

import itertools
import math
import random
from fractions import Fraction

import pytest

from recon_data.errors import ReconDataError
from recon_data.games.hua2024 import SEQUENTIAL
from recon_data.gametheory.equilibria import pure_nash
from recon_data.gametheory.tree import (
    Chance,
    Decision,
    Node,
    Terminal,
    decision_nodes,
    leaf,
    nash_outcomes,
    play,
    strategies,
    strategy_nodes,
    subgame_perfect,
    tree_normal_form,
)

C1, C2 = "choice_1", "choice_2"


def F(*xs: int) -> tuple[Fraction, ...]:
    return tuple(Fraction(x) for x in xs)


# games.md's subgame-perfect outcomes, typed from the doc (A1 -> choice_1, B2 -> choice_2).
HUA_SPE = {
    "escalation": ((C1,), F(0, 0)),
    "monopoly": ((C2, C1), F(2, 1)),
    "hot_cold": ((C1, C2), F(2, 3)),
    "draco": ((C1, C1), F(5, 5)),
    "trigame": ((C2, C1, C2), F(4, 10)),
}


@pytest.mark.parametrize("name", sorted(HUA_SPE))
def test_hua_sequential_spe_matches_games_md(name: str) -> None:
    result = subgame_perfect(SEQUENTIAL[name][1])
    path, value = HUA_SPE[name]
    assert result.paths == (path,)
    assert result.value == value and result.values == (value,)
    assert path in nash_outcomes(SEQUENTIAL[name][1])


def test_monopoly_non_credible_threat_is_nash_not_spe() -> None:
    tree = SEQUENTIAL["monopoly"][1]
    # (Out, Fight): the entrant stays out because the incumbent threatens to fight.
    assert nash_outcomes(tree) == ((C1,), (C2, C1))
    assert (C1,) not in subgame_perfect(tree).paths
    game = tree_normal_form(tree)
    assert (0, 1) in brute_nash(game) and (0, 1) in pure_nash(game).profiles


def test_draco_has_six_pure_nash_equilibria() -> None:
    tree = SEQUENTIAL["draco"][1]
    reduced = tree_normal_form(tree, reduced=True)
    # Alice: choice_1 or choice_2 at the root, then a choice at the one later node she can reach.
    assert reduced.shape == (4, 4)
    assert len(brute_nash(reduced)) == 6  # games.md: six pure Nash equilibria
    assert pure_nash(reduced).profiles == tuple(sorted(brute_nash(reduced)))
    full = tree_normal_form(tree)
    assert full.shape == (8, 4)  # every node: each reduced strategy appears twice
    assert len(brute_nash(full)) == 12
    assert "choice_1/choice_2/*" in reduced.action_labels[0]


def test_action_values_and_regret_on_trigame() -> None:
    result = subgame_perfect(SEQUENTIAL["trigame"][1])
    # Hand-solved: after choice_1 Bob's choice_1 leads to Alice taking 20 (20,3), choice_2 to (3,4).
    assert result.action_values[(C1,)] == {C1: F(20, 3), C2: F(3, 4)}
    assert result.action_values[()] == {C1: F(3, 4), C2: F(4, 10)}
    assert result.best_actions(()) == (C2,)
    assert result.regret((), C1) == 1 and result.regret((C2,), C2) == 8
    assert result.certificate[0]["history"] == [] and result.certificate[0]["chosen"] == C2


def test_ties_keep_every_spe_path() -> None:
    # Bob is indifferent, so Alice's best reply depends on which tie he breaks to.
    tree = Decision(
        0,
        (
            ("out", leaf(1, 0)),
            ("in", Decision(1, (("x", leaf(2, 5)), ("y", leaf(0, 5))))),
        ),
    )
    result = subgame_perfect(tree)
    assert result.paths == (("in", "x"), ("out",))
    assert result.values == (F(1, 0), F(2, 5))
    assert result.value == F(2, 5)  # canonical: Bob's tie to the first-listed action
    assert result.action_value_sets[()]["in"] == (F(0, 5), F(2, 5))


def test_chance_nodes_take_expectations() -> None:
    tree = Chance(
        (
            ("heads", Fraction(1, 3), Decision(0, (("a", leaf(3, 0)), ("b", leaf(1, 1))))),
            ("tails", Fraction(2, 3), leaf(0, 3)),
        )
    )
    result = subgame_perfect(tree)
    assert result.value == (Fraction(1), Fraction(2))
    assert result.paths == (("heads", "a"), ("tails",))
    with pytest.raises(ReconDataError):
        Chance((("h", Fraction(1, 2), leaf(0)), ("t", Fraction(1, 3), leaf(0))))


def test_bad_trees_are_refused() -> None:
    with pytest.raises(ReconDataError):
        Decision(0, (("a", leaf(1, 1)), ("a", leaf(0, 0))))
    with pytest.raises(ReconDataError):
        subgame_perfect(
            Decision(
                0,
                (
                    ("a", leaf(1, 1)),
                    (
                        "b",
                        leaf(
                            0,
                        ),
                    ),
                ),
            )
        )


def brute_nash(game) -> set[tuple[int, ...]]:
    """Pure NE by checking every unilateral deviation (independent of equilibria.py)."""
    found = set()
    for profile in itertools.product(*(range(k) for k in game.shape)):
        base = game.payoff(profile)
        if all(
            game.payoff((*profile[:p], a, *profile[p + 1 :]))[p] <= base[p]
            for p in range(len(game.shape))
            for a in range(game.shape[p])
        ):
            found.add(profile)
    return found


def brute_spe(tree: Node) -> tuple[set[tuple[str, ...]], set[tuple[Fraction, ...]]]:
    """Every pure SPE by the one-shot deviation check at every node of every strategy profile."""
    n = len(next(iter(_leaf_payoffs(tree))))
    nodes = [strategy_nodes(tree, p) for p in range(n)]
    all_nodes = dict(decision_nodes(tree))
    paths, values = set(), set()
    for combo in itertools.product(*(strategies(tree, p) for p in range(n))):
        plan = [dict(zip(nodes[p], combo[p], strict=True)) for p in range(n)]
        ok = True
        for history, node in all_nodes.items():
            me = node.player
            here = continuation(node, history, plan)[me]
            for label, child in node.actions:
                if continuation(child, (*history, label), plan)[me] > here:
                    ok = False
        if ok:
            value, played = play(tree, plan)
            paths.update(played)
            values.add(value)
    return paths, values


def continuation(node: Node, history: tuple[str, ...], plan) -> tuple[Fraction, ...]:
    if isinstance(node, Terminal):
        return node.payoffs
    if isinstance(node, Decision):
        label = plan[node.player][history]
        child = dict(node.actions)[label]
        return continuation(child, (*history, label), plan)
    parts = [(p, continuation(c, (*history, lab), plan)) for lab, p, c in node.outcomes]
    return tuple(sum(p * v[i] for p, v in parts) for i in range(len(parts[0][1])))


def _leaf_payoffs(node: Node):
    if isinstance(node, Terminal):
        yield node.payoffs
    elif isinstance(node, Decision):
        for _, c in node.actions:
            yield from _leaf_payoffs(c)
    else:
        for _, _, c in node.outcomes:
            yield from _leaf_payoffs(c)


def random_tree(rng: random.Random, depth: int, players: int = 2) -> Node:
    """Small trees with few payoff values, so ties are common; some chance nodes."""
    if depth == 0 or rng.random() < 0.25:
        return leaf(*(rng.randint(0, 3) for _ in range(players)))
    if rng.random() < 0.15:
        k = rng.randint(2, 3)
        weights = [rng.randint(1, 3) for _ in range(k)]
        return Chance(
            tuple(
                (f"n{i}", Fraction(w, sum(weights)), random_tree(rng, depth - 1, players))
                for i, w in enumerate(weights)
            )
        )
    k = rng.choice((2, 2, 3))
    return Decision(
        rng.randrange(players),
        tuple((f"a{i}", random_tree(rng, depth - 1, players)) for i in range(k)),
    )


@pytest.mark.parametrize("seed", range(150))
def test_random_trees_spe_against_brute_force(seed: int) -> None:
    rng = random.Random(seed)
    tree = random_tree(rng, depth=3, players=2 + (seed % 5 == 0))
    while math.prod(len(strategies(tree, p)) for p in range(2 + (seed % 5 == 0))) > 600:
        tree = random_tree(rng, depth=3, players=2 + (seed % 5 == 0))  # keep brute force quick
    result = subgame_perfect(tree)
    paths, values = brute_spe(tree)
    assert set(result.paths) == paths
    assert set(result.values) == values and result.value in values
    # Nash outcomes from brute force over the full strategic form.
    full = tree_normal_form(tree)
    plans = [
        [dict(zip(strategy_nodes(tree, p), s, strict=True)) for s in strategies(tree, p)]
        for p in range(len(full.shape))
    ]
    outcomes = {
        path
        for profile in brute_nash(full)
        for path in play(tree, [plans[p][a] for p, a in enumerate(profile)])[1]
    }
    assert set(nash_outcomes(tree)) == outcomes
    # Every subgame-perfect outcome is a Nash outcome of the strategic form.
    assert set(result.paths) <= outcomes
