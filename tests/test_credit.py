"""Per-move credit against hand-computed values, role balancing, the per-role baseline."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction as F

import pytest

from recon_data.errors import ReconDataError
from recon_data.games.catalog import get_game
from recon_data.games.credit import (
    action_values,
    credit_episode,
    empirical_policy,
    normalise,
    payoff_range,
)
from recon_data.games.decisions import tree_decisions
from recon_data.games.env import GameEnv
from recon_data.games.play import play_trials, scripted
from recon_data.games.roles import RoleBaseline, resample, role_weights

C1, C2 = "choice_1", "choice_2"

# The mover's value of each action under subgame-perfect continuation, worked out by hand
# from the trees in docs/games.md (payoffs (Alice, Bob); A1/B1 = choice_1).
HAND = {
    "escalation": {
        # Alice after A2,B2: A1 -> -2, A2 -> -1.
        (C2, C2): {C1: F(-2), C2: F(-1)},
        # Bob after A2: B1 -> -2; B2 -> Alice then plays A2 (-1 > -2) -> (-1,-1), Bob gets -1.
        (C2,): {C1: F(-2), C2: F(-1)},
        # Alice at the root: A1 -> 0; A2 -> Bob plays B2, Alice A2 -> -1.
        (): {C1: F(0), C2: F(-1)},
    },
    "monopoly": {
        # Bob after A2: B1 -> 1, B2 -> -1.
        (C2,): {C1: F(1), C2: F(-1)},
        # Alice: A1 -> 0; A2 -> Bob plays B1 (1 > -1) -> (2,1), Alice gets 2.
        (): {C1: F(0), C2: F(2)},
    },
    "hot_cold": {
        (C1,): {C1: F(2), C2: F(3)},  # Bob after A1: (3,2) gives 2, (2,3) gives 3
        (C2,): {C1: F(4), C2: F(1)},  # Bob after A2: (1,4) gives 4, (4,1) gives 1
        # Alice: A1 -> Bob B2 -> (2,3): 2; A2 -> Bob B1 -> (1,4): 1.
        (): {C1: F(2), C2: F(1)},
    },
    "draco": {
        (C1, C2): {C1: F(2), C2: F(3)},  # Alice after A1,B2: (2,2) vs (3,4)
        (C2, C2): {C1: F(5), C2: F(2)},  # Alice after A2,B2: (5,3) vs (2,2)
        # Bob after A1: B1 (5,5) -> 5; B2 -> Alice A2 -> (3,4) -> 4.
        (C1,): {C1: F(5), C2: F(4)},
        # Bob after A2: B1 (4,5) -> 5; B2 -> Alice A1 -> (5,3) -> 3.
        (C2,): {C1: F(5), C2: F(3)},
        # Alice: A1 -> Bob B1 -> (5,5): 5; A2 -> Bob B1 -> (4,5): 4.
        (): {C1: F(5), C2: F(4)},
    },
    "trigame": {
        (C1, C1): {C1: F(20), C2: F(0)},  # Alice: (20,3) vs (0,4)
        (C1, C2): {C1: F(2), C2: F(3)},  # Alice: (2,5) vs (3,4)
        (C2, C1): {C1: F(1), C2: F(4)},  # Alice: (1,5) vs (4,10)
        (C2, C2): {C1: F(2), C2: F(3)},  # Alice: (2,1) vs (3,2)
        # Bob after A1: B1 -> Alice A1 -> (20,3): 3; B2 -> Alice A2 -> (3,4): 4.
        (C1,): {C1: F(3), C2: F(4)},
        # Bob after A2: B1 -> Alice A2 -> (4,10): 10; B2 -> Alice A2 -> (3,2): 2.
        (C2,): {C1: F(10), C2: F(2)},
        # Alice: A1 -> Bob B2 -> (3,4): 3; A2 -> Bob B1 -> (4,10): 4.
        (): {C1: F(3), C2: F(4)},
    },
}


@pytest.mark.parametrize("name", sorted(HAND))
def test_exact_values_match_hand(name: str) -> None:
    spec = get_game(name)
    nodes = tree_decisions(spec)
    assert {n.history for n in nodes} == set(HAND[name])  # every decision node, no more
    for node in nodes:
        hand = HAND[name][node.history]
        assert node.values == hand
        assert action_values(spec, node.player, node.history) == hand
        # Normalised: (v - lowest) / (highest - lowest); with two actions the best is 1, the other 0.
        best = max(hand.values())
        assert node.scores == {a: F(int(v == best)) for a, v in hand.items()}


def _play(name: str, replies: list[str]) -> tuple:
    spec = get_game(name)
    env = GameEnv(spec, think="optional")  # the replies below carry no reasoning block
    for text in replies:
        env.step(env.to_move()[0], text)
    return spec, env.episode


def test_schemes_on_an_escalation_episode() -> None:
    # Path A2, B2, A2 -> (-1, -1).
    spec, ep = _play("escalation", ["<s>choice_2</s>"] * 3)
    assert ep.payoffs == (F(-1), F(-1))
    exact = credit_episode(spec, ep, "exact")
    # Root: A1 0 vs A2 -1, Alice chose A2: credit 0, regret 0 - (-1) = 1. Bob chose B2 (-1 > -2)
    # and Alice then A2 (-1 > -2): both best, credit 1, regret 0.
    assert [m.credit for m in exact] == [F(0), F(1), F(1)]
    assert [m.regret for m in exact] == [F(1), F(0), F(0)]
    assert [m.regret_normalised for m in exact] == [F(1), F(0), F(0)]
    assert [m.raw for m in exact] == [F(-1), F(-1), F(-1)]
    terminal = credit_episode(spec, ep, "terminal")
    # Alice's payoffs under the root: 0, 1, -2, -1 -> range [-2, 1]: (-1 + 2) / 3 = 1/3.
    # Bob's under his node: -2, 1, -1 -> [-2, 1]: 1/3. Alice's under the last node: -2, -1 -> 1.
    assert [m.credit for m in terminal] == [F(1, 3), F(1, 3), F(1)]
    assert [m.raw for m in terminal] == [F(-1)] * 3
    assert [m.regret for m in terminal] == [F(1), F(0), F(0)]  # regret is always the exact one
    disc = credit_episode(spec, ep, "discounted", gamma=F(9, 10))
    # Two, one and zero decisions follow: (9/10)^2 / 3 = 27/100, 9/10 / 3 = 3/10, 1.
    assert [m.credit for m in disc] == [F(27, 100), F(3, 10), F(1)]
    assert disc[0].raw == F(-81, 100)
    assert payoff_range(spec, 0) == (F(-2), F(1))


def test_simultaneous_move_valued_against_the_actual_opponent() -> None:
    # Prisoner's Dilemma, Alice c1 and Bob c2 -> (0, 5).
    spec, ep = _play("prisoners_dilemma", ["<s>choice_1</s>", "<s>choice_2</s>"])
    alice, bob = credit_episode(spec, ep, "exact")
    assert alice.values == {C1: F(0), C2: F(1)} and alice.regret == 1 and alice.credit == 0
    assert bob.values == {C1: F(3), C2: F(5)} and bob.regret == 0 and bob.credit == 1
    # Terminal: Alice 0 in [0, 5] -> 0; Bob 5 in [0, 5] -> 1.
    assert [m.credit for m in credit_episode(spec, ep, "terminal")] == [F(0), F(1)]


def test_empirical_opponent_by_hand() -> None:
    spec = get_game("monopoly")
    # Bob fights (B2) 3 times in 4 after A2: Alice's A2 is worth 1/4 * 2 + 3/4 * (-1) = -1/4.
    policy = {(1, (C2,)): {C1: F(1, 4), C2: F(3, 4)}}
    values = action_values(spec, 0, (), opponent="empirical", policy=policy)
    assert values == {C1: F(0), C2: F(-1, 4)}
    # Half and half: 1/2 * 2 + 1/2 * (-1) = 1/2; never observed: SPE (Bob accommodates) -> 2.
    half = {(1, (C2,)): {C1: F(1, 2), C2: F(1, 2)}}
    assert action_values(spec, 0, (), opponent="empirical", policy=half)[C2] == F(1, 2)
    assert action_values(spec, 0, (), opponent="empirical", policy={})[C2] == F(2)
    with pytest.raises(ReconDataError):
        action_values(spec, 0, (), opponent="empirical")


def test_empirical_policy_counts_played_actions() -> None:
    spec = get_game("hot_cold")
    episodes = play_trials([spec], 40, scripted("random"))
    policy = empirical_policy(episodes)
    firsts = Counter(e.outcome[0] for e in episodes)
    assert policy[(0, ())] == {a: F(n, 40) for a, n in firsts.items()}
    after = Counter(e.outcome[1] for e in episodes if e.outcome[0] == C1)
    assert policy[(1, (C1,))] == {a: F(n, sum(after.values())) for a, n in after.items()}
    # Credit against that opponent: Alice's values at the root mix Bob's observed replies.
    (m, *_) = credit_episode(spec, episodes[0], "exact", opponent="empirical", policy=policy)
    mix = policy[(1, (C1,))]
    assert m.values[C1] == mix.get(C1, 0) * 3 + mix.get(C2, 0) * 2


def test_normalise_and_errors() -> None:
    assert normalise({"a": F(3), "b": F(3)}) == {"a": 1, "b": 1}
    assert normalise({"a": F(-1), "b": F(1), "c": F(0)}) == {"a": 0, "b": 1, "c": F(1, 2)}
    spec, ep = _play("monopoly", ["<s>choice_2</s>", "<s>choice_1</s>"])
    with pytest.raises(ReconDataError):
        credit_episode(spec, ep, "shaped")
    with pytest.raises(ReconDataError):
        credit_episode(spec, ep, "discounted", gamma=F(0))


def test_role_weights_balance_a_skewed_dataset() -> None:
    # 90 first-mover rows (80% successes), 10 second-mover rows (20% successes).
    roles = ["first"] * 90 + ["second"] * 10
    wins = [i < 72 for i in range(90)] + [i < 2 for i in range(10)]
    w = role_weights(roles)
    mass = Counter()
    for r, x in zip(roles, w, strict=True):
        mass[r] += x
    assert mass == {"first": 50, "second": 50} and sum(w) == len(roles)
    ws = role_weights(roles, wins)
    cell = Counter()
    for r, s, x in zip(roles, wins, ws, strict=True):
        cell[(r, s)] += x
    # Each role 50, split evenly between its successes and failures: 25 each.
    assert set(cell.values()) == {25}
    # Resampled rows carry the balance: 50 of each role, and 25 per outcome within a role.
    rows = list(zip(roles, wins, strict=True))
    drawn = resample(rows, ws, groups=roles, seed=3)
    assert len(drawn) == 100 and Counter(r for r, _ in drawn) == {"first": 50, "second": 50}
    per_cell = Counter(drawn)
    assert all(abs(n - 25) <= 1 for n in per_cell.values())
    assert resample(rows, ws, groups=roles, seed=3) == drawn  # deterministic
    # A role that always succeeds keeps one cell with the role's whole mass.
    assert role_weights(["a", "a", "b"], [True, True, False]) == [F(3, 4), F(3, 4), F(3, 2)]


def test_resample_shares_within_one_row() -> None:
    roles = ["x"] * 7 + ["y"] * 3 + ["z"] * 1
    drawn = resample(list(range(11)), role_weights(roles), groups=roles, size=30, seed=1)
    counts = Counter(roles[i] for i in drawn)
    assert len(drawn) == 30 and all(abs(n - 10) <= 1 for n in counts.values())
    with pytest.raises(ReconDataError):
        resample([1, 2], [F(1)])


def test_role_baseline_reads_before_update() -> None:
    b = RoleBaseline()
    assert b.decay == 0.95
    assert b.advantage("first", 1.0) == 1.0  # baseline 0 before the first return
    # Baseline now 0.95 * 0 + 0.05 * 1 = 0.05; the second mover's is still 0.
    assert b.advantage("first", 1.0) == pytest.approx(0.95)
    assert b.advantage("second", -1.0) == -1.0
    assert b.values["first"] == pytest.approx(0.95 * 0.05 + 0.05)
    assert b.advantages([("second", 0.0)]) == [pytest.approx(0.05)]
    with pytest.raises(ReconDataError):
        RoleBaseline(decay=1.0)
