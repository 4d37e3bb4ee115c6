"""Repeated games with visible history: the SPE-path solver against brute force over every
pure strategy profile, the environment, prompts, scores, exact values and the catalog."""

from __future__ import annotations

import itertools
import json
from fractions import Fraction as F
from pathlib import Path

import pytest

from recon_data.errors import ReconDataError
from recon_data.games.catalog import get_game, select_games
from recon_data.games.envs import make_env
from recon_data.games.play import play_trials, scripted
from recon_data.games.repeated import RepeatedEnv, repeated_game
from recon_data.games.repeated_solve import exact_values, is_spe_path, is_stage_nash_path, solution
from recon_data.games.report import write_transcripts
from recon_data.games.scoring import score_games

C1, C2 = "choice_1", "choice_2"
STAGES = (
    "prisoners_dilemma",
    "stag_hunt",
    "battle_of_the_sexes",
    "wait_go",
    "nf2x2-s1",
    "nf2x2-s9",
)


def _brute_force_spe_paths(stage: str) -> set[tuple[str, ...]]:
    """Every path some pure SPE of the 2-round game plays, by checking every strategy pair.

    A strategy is a first action and a second action for each of the four first-round
    outcomes (32 per player). A pair is subgame perfect when every second-round subgame
    plays a stage equilibrium and neither player gains by switching to any other strategy.
    """
    game = get_game(stage).matrix
    assert game is not None
    outcomes = list(itertools.product(range(2), range(2)))
    strategies = [
        (a, dict(zip(outcomes, f, strict=True)))
        for a in range(2)
        for f in itertools.product(range(2), repeat=4)
    ]
    nash = {q for q in outcomes if all(
        game.payoff(q)[p] >= game.payoff(tuple(d if i == p else q[i] for i in range(2)))[p]
        for p in range(2) for d in range(2)
    )}  # fmt: skip

    def play(s: tuple, t: tuple) -> tuple[tuple[int, int], tuple[int, int], tuple[F, F]]:
        first = (s[0], t[0])
        second = (s[1][first], t[1][first])
        u, v = game.payoff(first), game.payoff(second)
        return first, second, (u[0] + v[0], u[1] + v[1])

    paths = set()
    for s, t in itertools.product(strategies, strategies):
        if any((s[1][o], t[1][o]) not in nash for o in outcomes):
            continue
        first, second, value = play(s, t)
        if any(play(d, t)[2][0] > value[0] for d in strategies):
            continue
        if any(play(s, d)[2][1] > value[1] for d in strategies):
            continue
        paths.add(tuple(f"choice_{x + 1}" for x in (*first, *second)))
    return paths


@pytest.mark.parametrize("stage", STAGES)
def test_spe_paths_match_brute_force(stage: str) -> None:
    spec = get_game(f"rep-{stage}-r2")
    every = {tuple(f"choice_{x + 1}" for x in p) for p in itertools.product(range(2), repeat=4)}
    assert {p for p in every if is_spe_path(spec, p)} == _brute_force_spe_paths(stage)


def test_what_the_solver_says_about_the_hua_stages() -> None:
    pd5 = get_game("rep-prisoners_dilemma-r5")
    defect = (C2,) * 10
    # A unique stage equilibrium: defect every round is the only SPE path.
    assert is_spe_path(pd5, defect) and is_stage_nash_path(pd5, defect)
    assert not is_spe_path(pd5, (C1,) * 8 + (C2,) * 2)
    # Stag Hunt: the threat of the worse equilibrium sustains a round of (stag, hare) early
    # on: Alice loses 1 now but would lose 2 a round after deviating. Not in the last round.
    sh3 = get_game("rep-stag_hunt-r3")
    early = (C1, C2, C1, C1, C1, C1)
    assert is_spe_path(sh3, early) and not is_stage_nash_path(sh3, early)
    assert not is_spe_path(sh3, (C1, C1, C1, C1, C1, C2))
    assert solution(sh3).punishments[1] == (F(1), F(1))  # the worse equilibrium, (hare, hare)


def test_environment_hides_a_round_until_both_chose() -> None:
    spec = get_game("rep-prisoners_dilemma-r2")
    env = make_env(spec, think="optional")
    assert isinstance(env, RepeatedEnv) and env.to_move() == (0, 1)
    before = env.prompt(1)
    env.step(0, "<s>choice_1</s>")
    # Bob sees exactly what he saw before Alice chose: her choice stays hidden.
    assert env.to_move() == (1,) and env.history == () and env.prompt(1) == before
    assert "The game" not in before[0]["content"] and "round 1 of 2" in before[0]["content"]
    env.step(1, "<s>choice_2</s>")
    assert env.history == (C1, C2) and env.to_move() == (0, 1)
    text = env.prompt(1)[0]["content"]
    assert (
        "Round 1: you chose choice_2 and Alice chose choice_1; you got 5 and Alice got 0." in text
    )
    assert "This is round 2 of 2." in text and "Your total so far: 5; Alice's: 0." in text
    env.step(1, "<s>choice_2</s>")
    env.step(0, "<s>choice_2</s>")
    assert env.done and env.episode.payoffs == (F(1), F(6))
    assert [c.turn for c in env.episode.choices] == [0, 0, 2, 2]
    with pytest.raises(ReconDataError, match="repeated"):
        spec.mover(())


def test_tit_for_tat_copies_the_last_round_and_scores() -> None:
    spec = get_game("rep-prisoners_dilemma-r3")
    # Tit-for-tat against tit-for-tat cooperates throughout: not an SPE path, regret 2 a move.
    (tft,) = play_trials([spec], 1, scripted("tit-for-tat"))
    assert tft.outcome == (C1,) * 6
    block = score_games(spec, [tft])
    assert block["spe_rate"] == 0 and block["table4_rate"] == 0 and block["mean_regret"] == 2
    assert block["ne_rate"] is None and block["stage_nash_rate"] == 0
    (spe,) = play_trials([spec], 1, scripted("spe"))
    assert spe.outcome == (C2,) * 6 and score_games(spec, [spe])["spe_rate"] == 1
    # Against a defector, tit-for-tat defects from the second round on.
    env = make_env(spec, think="optional")
    for _ in range(3):
        tft_move = scripted("tit-for-tat")([_request(env, 0)])[0]
        env.step(0, tft_move)
        env.step(1, "<s>choice_2</s>")
    assert env.history == (C1, C2, C2, C2, C2, C2)


def _request(env, player):
    from recon_data.games.rollouts import request_for

    return request_for(0, env, player)


def test_exact_values_use_the_canonical_continuation() -> None:
    spec = get_game("rep-stag_hunt-r3")
    # Round 1 against a stag (choice_1): 3 or 1 now, then the canonical equilibrium
    # (stag, stag: 3 each) twice more: 9 or 7.
    assert exact_values(spec, 0, (), C1) == {C1: F(9), C2: F(7)}
    # Round 3 after (stag, hare) and (hare, hare): 0 + 1 so far; now against a hare: 0 or 1.
    assert exact_values(spec, 0, (C1, C2, C2, C2), C2) == {C1: F(1), C2: F(2)}
    matching_pennies = repeated_game(get_game("nf2x2-s3"), 2)
    if not matching_pennies.pure_nash:
        with pytest.raises(ReconDataError, match="no pure equilibrium"):
            exact_values(matching_pennies, 0, (), C1)


def test_catalog_names_and_errors(cli) -> None:
    assert [s.name for s in select_games(["repeated"])] == [
        "rep-prisoners_dilemma-r5",
        "rep-stag_hunt-r5",
    ]
    assert get_game("rep-nf2x2-s1-r3").rounds == 3  # type: ignore[attr-defined]
    for name, message in (
        ("rep-escalation-r3", "only a matrix game can be repeated"),
        ("rep-chess-r3", "unknown game 'chess'"),
        ("rep-prisoners_dilemma-r0", "1-8 rounds"),
        ("rep-prisoners_dilemma-r99", "1-8 rounds"),
        ("rep-duopoly-r2", "up to 16 profiles"),
    ):
        with pytest.raises(ReconDataError, match=message):
            get_game(name)
    code, out, _ = cli("games", "list")
    assert code == 0 and "rep-stag_hunt-r5" in out and "repeated" in out
    code, out, _ = cli("games", "show", "rep-stag_hunt-r2")
    assert code == 0 and "repeated game against Bob for 2 rounds" in out
    assert "pure Nash equilibria of the stage game: choice_1, choice_1; choice_2, choice_2" in out
    code, out, _ = cli("games", "show", "rep-stag_hunt-r2", "--json")
    assert json.loads(out)["rounds"] == 2


def test_saved_repeated_runs_replay(tmp_path: Path, cli) -> None:
    code, _, err = cli(
        "games", "eval", "--games", "rep-stag_hunt-r3", "--policy", "random", "--trials", "3",
        "--out", str(tmp_path / "r.jsonl"),
    )  # fmt: skip
    assert code == 0, err
    code, out, _ = cli(
        "games", "eval", "--games", "rep-stag_hunt-r3", "--policy", f"replay:{tmp_path / 'r.jsonl'}",
        "--trials", "3", "--json",
    )  # fmt: skip
    again = json.loads(out)["games"]["rep-stag_hunt-r3"]
    first = [json.loads(x) for x in (tmp_path / "r.jsonl").read_text().splitlines()]
    replayed = play_trials(
        [get_game("rep-stag_hunt-r3")], 3, scripted(f"replay:{tmp_path / 'r.jsonl'}")
    )
    assert [list(e.outcome) for e in replayed] == [e["outcome"] for e in first]
    assert again["trials"] == 3 and again["forfeits"] == 0
    path = write_transcripts(replayed, tmp_path / "again.jsonl")
    code, out, _ = cli("games", "credit", str(path), "--json")
    assert code == 0 and len(json.loads(out)["moves"]) == 18
