"""`games credit` and the three credit modes: hand-computed values at every node of the five
Hua trees, the rankings docs/maro.md states, rollouts against independent expectations, and
saved files that are wrong in every way we could think of."""

from __future__ import annotations

import json
from fractions import Fraction as F
from pathlib import Path

import pytest
from test_credit import HAND  # the mover's SPE value of every action, worked out by hand

from recon_data.games.catalog import get_game
from recon_data.games.credit_report import credit_report
from recon_data.games.env import Episode, GameEnv
from recon_data.games.envs import make_env
from recon_data.games.report import write_transcripts
from recon_data.gametheory.tree import Decision, Node, Terminal

C1, C2 = "choice_1", "choice_2"
TREES = ("escalation", "monopoly", "hot_cold", "draco", "trigame")


def _paths(node: Node, history: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    if isinstance(node, Terminal):
        return [history]
    assert isinstance(node, Decision)
    return [p for label, child in node.actions for p in _paths(child, (*history, label))]


def _episode(name: str, path: tuple[str, ...], seed: int = 0) -> Episode:
    """One episode that plays `path` (every reply well formed)."""
    spec = get_game(name)
    env = make_env(spec, think="optional")
    env.reset(seed)
    actions = iter(path)
    while not env.done:
        for p in env.to_move():
            env.step(p, f"<s>{next(actions)}</s>")
    return env.episode


@pytest.fixture(scope="module")
def every_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A saved run holding every root-to-leaf path of the five trees once."""
    episodes = [
        _episode(name, path, k)
        for name in TREES
        for k, path in enumerate(_paths(get_game(name).tree))  # type: ignore[arg-type]
    ]
    return write_transcripts(episodes, tmp_path_factory.mktemp("credit") / "paths.jsonl")


def _by_node(report: dict) -> dict[tuple[str, tuple[str, ...], str], list[dict]]:
    out: dict = {}
    for m in report["moves"]:
        out.setdefault((m["game"], tuple(m["history"]), m["action"]), []).append(m)
    return out


def test_exact_credit_is_the_hand_value_at_every_node(every_path: Path, cli) -> None:
    code, out, err = cli("games", "credit", str(every_path), "--credit", "exact", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["credit"] == "exact"
    seen = set()
    for m in report["moves"]:
        hand = HAND[m["game"]][tuple(m["history"])]
        assert m["values"] == {a: pytest.approx(float(v)) for a, v in hand.items()}
        assert m["q"] == pytest.approx(float(hand[m["action"]]))
        assert m["best_q"] == pytest.approx(float(max(hand.values())))
        assert m["regret"] == pytest.approx(float(max(hand.values()) - hand[m["action"]]))
        # Two actions a node: the best gets credit 1, the other 0.
        assert m["credit"] == (1 if hand[m["action"]] == max(hand.values()) else 0)
        seen.add((m["game"], tuple(m["history"]), m["action"]))
    # Every action at every decision node of the five trees was credited.
    assert seen == {
        (g, h, a) for g, nodes in HAND.items() for h, vals in nodes.items() for a in vals
    }


def test_outcome_credit_by_hand(every_path: Path) -> None:
    moves = _by_node(credit_report(every_path, "outcome"))
    # Escalation, Alice at the root plays A2 and Bob blunders with B1: (1, -2). Alice gets her
    # best reachable payoff (1 among 0, 1, -2, -1): q 1, credit 1.
    (a2,) = [m for m in moves[("escalation", (), C2)] if m["episode"] == 1]
    assert (a2["q"], a2["best_q"], a2["credit"]) == (1, 1, 1)
    # A1 ends at (0, 0): (0 - (-2)) / (1 - (-2)) = 2/3.
    (a1,) = moves[("escalation", (), C1)]
    assert (a1["q"], a1["best_q"]) == (0, 1) and a1["credit"] == pytest.approx(2 / 3)
    # Bob's blunder: -2 among his reachable -2, 1, -1: credit 0, regret 3.
    (b1,) = moves[("escalation", (C2,), C1)]
    assert (b1["q"], b1["best_q"], b1["credit"], b1["regret"]) == (-2, 1, 0, 3)
    # Trigame, path A2, B1, A2 -> (4, 10): Alice's root move gets 4 among her 20, 0, 2, 3, 1,
    # 4, 2, 3: (4 - 0) / 20 = 1/5; Bob's B1 gets 10 among 5, 10, 1, 2 (his payoffs after A2).
    root = [m for m in moves[("trigame", (), C2)] if m["history"] == [] and m["q"] == 4]
    assert root and all(m["credit"] == pytest.approx(0.2) for m in root)
    (bob,) = [m for m in moves[("trigame", (C2,), C1)] if m["q"] == 10]
    assert bob["credit"] == 1 and bob["values"] is None


def test_the_three_modes_rank_actions_as_documented(every_path: Path) -> None:
    exact = _by_node(credit_report(every_path, "exact"))
    outcome = _by_node(credit_report(every_path, "outcome"))
    weak = _by_node(credit_report(every_path, "rollout", policy="first", rollouts=1))
    spe = _by_node(credit_report(every_path, "rollout", policy="spe", rollouts=1))
    # exact: A1 (stay out of escalation, 0) over A2 (-1 under SPE continuation).
    assert exact[("escalation", (), C1)][0]["credit"] == 1
    assert exact[("escalation", (), C2)][0]["credit"] == 0
    # rollout against a weak opponent (always choice_1: Bob gives in with B1): A2 is worth 1,
    # more than A1's 0, so rollout credit rewards exploiting the opponent it is given.
    assert weak[("escalation", (), C2)][0]["values"] == {C1: 0, C2: 1}
    assert weak[("escalation", (), C2)][0]["credit"] == 1
    # outcome: the same A2 is credited by what happened after it: 1 when Bob blundered,
    # less when he did not; it depends on the episode, not on the action alone.
    credits = sorted(m["credit"] for m in outcome[("escalation", (), C2)])
    assert credits[0] < credits[-1] == 1
    # rollout under subgame-perfect continuation is the exact value, at every node.
    for key, moves in exact.items():
        assert spe[key][0]["values"] == moves[0]["values"], key


def test_rollout_estimates_converge_to_the_expectation(tmp_path: Path) -> None:
    episodes = [
        _episode(name, path, k)
        for name in ("monopoly", "escalation")
        for k, path in enumerate(_paths(get_game(name).tree))  # type: ignore[arg-type]
    ]
    path = write_transcripts(episodes, tmp_path / "two.jsonl")
    report = credit_report(path, "rollout", policy="random", rollouts=300, seed=5)
    # Monopoly, Alice enters (A2) against an opponent who accommodates or fights with
    # probability 1/2: 1/2 * 2 + 1/2 * (-1) = 1/2; staying out is worth 0 whatever he does.
    root = next(m for m in report["moves"] if m["game"] == "monopoly" and m["history"] == [])
    assert root["values"][C1] == 0
    assert root["values"][C2] == pytest.approx(0.5, abs=0.1)
    # Escalation, Bob after A2: B1 gives him -2; B2 hands Alice a uniform choice between
    # (-2, 1) and (-1, -1), worth (1 + -1) / 2 = 0 to Bob.
    bob = next(m for m in report["moves"] if m["game"] == "escalation" and m["history"] == [C2])
    assert bob["values"][C1] == -2 and bob["values"][C2] == pytest.approx(0.0, abs=0.15)
    # The same seed gives the same values; another seed other draws.
    small = credit_report(path, "rollout", policy="random", rollouts=20, seed=5)
    assert credit_report(path, "rollout", policy="random", rollouts=20, seed=5) == small
    other = credit_report(path, "rollout", policy="random", rollouts=20, seed=6)
    assert other["moves"] != small["moves"]


def test_empirical_rollout_follows_the_files_own_play(tmp_path: Path) -> None:
    # Bob always fights after A2 in this file, so entering is worth -1 against him.
    episodes = [_episode("monopoly", (C2, C2), k) for k in range(3)]
    episodes.append(_episode("monopoly", (C1,), 3))
    path = write_transcripts(episodes, tmp_path / "fights.jsonl")
    report = credit_report(path, "rollout", rollouts=4)
    root = next(m for m in report["moves"] if m["history"] == [] and m["action"] == C1)
    assert root["values"] == {C1: 0, C2: -1} and root["credit"] == 1
    # Exact credit disagrees: under SPE Bob accommodates, so entering is worth 2.
    exact = credit_report(path, "exact")
    assert next(m for m in exact["moves"] if m["action"] == C1)["values"] == {C1: 0, C2: 2}


def test_matrix_and_repeated_games(tmp_path: Path) -> None:
    # Prisoner's Dilemma, Alice c1 vs Bob c2: Alice's values against Bob's actual c2.
    pd = _episode("prisoners_dilemma", (C1, C2))
    rep = _episode("rep-prisoners_dilemma-r2", (C1, C1, C2, C1))
    path = write_transcripts([pd, rep], tmp_path / "m.jsonl")
    moves = credit_report(path, "exact")["moves"]
    assert moves[0]["values"] == {C1: 0, C2: 1} and moves[0]["regret"] == 1
    # Repeated PD, round 1 Alice c1 against Bob's c1: 3 or 5 this round, then the canonical
    # equilibrium (both defect, 1 each) for the last round: 4 or 6.
    alice1 = moves[2]
    assert alice1["history"] == [] and alice1["values"] == {C1: 4, C2: 6}
    # Round 2, Alice c2 against c1: 3 + 5 = 8 (the last round: no continuation), c1 gives 6.
    alice2 = next(m for m in moves[2:] if m["history"] == [C1, C1] and m["player"] == 0)
    assert alice2["values"] == {C1: 6, C2: 8} and alice2["credit"] == 1
    outcome = credit_report(path, "outcome")["moves"]
    # Alice's total is 3 + 5 = 8, her reachable range from the start 0..10: credit 4/5.
    assert outcome[2]["q"] == 8 and outcome[2]["credit"] == pytest.approx(0.8)


def test_text_output_and_summary(every_path: Path, cli) -> None:
    code, out, _ = cli("games", "credit", str(every_path), "--credit", "outcome")
    assert code == 0
    assert "escalation  episode 0  Alice at start: choice_1  q 0  best 1  credit 0.667" in out
    assert "moves, outcome credit:" in out and "best-move share" in out


def _line(tmp_path: Path, row: dict | str) -> Path:
    path = tmp_path / "bad.jsonl"
    path.write_text((row if isinstance(row, str) else json.dumps(row)) + "\n", encoding="utf-8")
    return path


def test_bad_files_are_refused_on_one_line(tmp_path: Path, cli) -> None:
    good = _episode("monopoly", (C2, C1)).to_dict()
    cases = {
        "payoffs": ({**good, "payoffs": ["5", "1"]}, "are not the game's payoffs"),
        "illegal": (
            {**good, "choices": [{**good["choices"][0], "action": "choice_9"}, good["choices"][1]]},
            "does not match the legal actions",
        ),
        "seat": (
            {**good, "choices": [{**good["choices"][0], "player": 1}, good["choices"][1]]},
            "does not move",
        ),
        "unknown": ({**good, "game": "chess"}, "unknown game 'chess'"),
        "gtbench": ({"game": "tic_tac_toe", "episode": good}, "GTBench"),
        "types": ({**good, "seed": "zero"}, "integer seed"),
        "outcome": ({**good, "outcome": [C2, C2], "payoffs": ["-1", "-1"]}, "do not add up"),
        "json": ("{not json", "invalid JSON"),
    }
    for name, (row, message) in cases.items():
        path = _line(tmp_path, row)
        code, _, err = cli("games", "credit", str(path))
        assert code == 1, name
        assert message in err and "line 1" in err and len(err.strip().splitlines()) == 1, (
            name,
            err,
        )
        assert "Traceback" not in err
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    assert "no episodes" in cli("games", "credit", str(empty))[2]
    assert "not found" in cli("games", "credit", str(tmp_path / "nope.jsonl"))[2]
    code, _, err = cli("games", "credit", str(_line(tmp_path, good)), "--credit", "shaped")
    assert code != 0 and "shaped" in err
    code, _, err = cli(
        "games", "credit", str(_line(tmp_path, good)), "--credit", "rollout", "--policy", "oracle"
    )
    assert code == 1 and "unknown rollout policy 'oracle'" in err


def test_forfeits_and_huge_files(tmp_path: Path) -> None:
    # A forfeited episode: no outcome credit, exact credit still there.
    spec = get_game("escalation")
    env = GameEnv(spec, max_retries=0, think="optional")
    env.step(0, "<s>choice_2</s>")
    env.step(1, "I refuse")  # no move, no retries: Bob forfeits
    assert env.episode.forfeited_by == 1
    many = [_episode("trigame", (C2, C1, C2), k) for k in range(1000)]
    path = write_transcripts([env.episode, *many], tmp_path / "big.jsonl")
    outcome = credit_report(path, "outcome")
    assert outcome["moves"][0]["q"] is None and outcome["moves"][0]["credit"] is None
    exact = credit_report(path, "exact")
    assert exact["moves"][0]["values"] == {C1: 0, C2: -1} and len(exact["moves"]) == 1 + 3000
    rollout = credit_report(path, "rollout", policy="spe", rollouts=2)
    # Identical states share their plays: 1,000 identical episodes cost three nodes' worth.
    assert rollout["moves"][1]["values"] == {C1: F(3), C2: F(4)}
