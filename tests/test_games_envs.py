"""The environment protocol, the move parsers, retries and fallbacks, prompts and generated games."""

from __future__ import annotations

import json

import pytest

from recon_data.errors import ReconDataError
from recon_data.games.catalog import get_game, select_games
from recon_data.games.env import GameEnv
from recon_data.games.generated import random_matrix_game, random_tree_game
from recon_data.games.parsing import read_move
from recon_data.games.play import play_trials, scripted
from recon_data.games.scoring import move_values, score_games

LEGAL = ("choice_1", "choice_2")
T = "reasoning\n</think>\n"  # a reply that closed its reasoning


@pytest.mark.parametrize(
    ("text", "parser", "action", "status"),
    [
        ("<think>maybe <s>choice_1</s></think>\nSo <s>choice_2</s>", "auto", "choice_2", "ok"),
        ("<think>I pick <s>choice_1</s> and never finish", "auto", None, "truncated"),
        ("so choice_2 looks right, but wait, let me", "auto", None, "truncated"),
        ("<think><s>choice_1</s></think>\nNo answer here.", "auto", None, "missing"),
        ("a</think>b</think><s>choice_1</s>", "auto", None, "format"),
        ("\\boxed{choice_1}</think><s>choice_1</s>", "auto", None, "format"),
        (T + "<s>choice_2</s> then <s>Choice 2</s>", "tag", "choice_2", "ok"),
        (T + "<s>choice_1</s> then <s>Choice 2</s>", "tag", None, "hedged"),
        (T + "<s>2</s>", "tag", "choice_2", "ok"),
        (T + "<s>**choice_2**</s>", "tag", "choice_2", "ok"),
        (T + "<s>choice_3</s>", "tag", None, "illegal"),
        (T + "<s>stag</s>", "tag", None, "illegal"),
        (T + "<s>choice_1 or choice_2</s>", "tag", None, "hedged"),
        (T + "<s>choice_2, 1</s>", "tag", None, "hedged"),
        (T + "<s>choice 2 or 1</s>", "tag", None, "hedged"),
        (T + "<s>not choice_1</s>", "tag", None, "negated"),
        (T + "<s>\u00b2</s>", "tag", "choice_2", "ok"),  # NFKC reads a superscript 2 as 2
        (T + "<s>" + "9" * 5000 + "</s>", "tag", None, "illegal"),
        (T + "\\boxed{choice_1}", "boxed", "choice_1", "ok"),
        (T + "\\boxed{choice_1}", "auto", "choice_1", "ok"),
        (T + "<s>choice_1</s> \\boxed{choice_2}", "auto", None, "hedged"),
        (T + "<s>choice_1</s>", "boxed", None, "missing"),
        (T + "I choose choice_2.", "bare", "choice_2", "ok"),
        (T + "choice_1 beats choice_2", "bare", None, "hedged"),
        (T + "choice_1 beats choice_2", "auto", None, "hedged"),
        (T + "I would not play choice_1.", "auto", None, "negated"),
        ("", "auto", None, "truncated"),
        (T, "auto", None, "missing"),
    ],
)
def test_parsers(text: str, parser: str, action: str | None, status: str) -> None:
    parsed = read_move(text, LEGAL, parser)
    assert (parsed.action, parsed.status) == (action, status)


@pytest.mark.parametrize(
    ("text", "action", "status"),
    [
        ("<s>choice_2</s>", "choice_2", "ok"),  # no reasoning block at all: all answer
        ("<think>I pick <s>choice_1</s> and never finish", None, "truncated"),
        ("x</think>\n<s>choice_1</s>", "choice_1", "ok"),
        ("x</think>y</think><s>choice_1</s>", None, "format"),
    ],
)
def test_optional_think_reads_replies_without_a_reasoning_block(
    text: str, action: str | None, status: str
) -> None:
    parsed = read_move(text, LEGAL, "auto", "optional")
    assert (parsed.action, parsed.status) == (action, status)


def test_unknown_parser_fallback_and_policy_are_user_errors() -> None:
    with pytest.raises(ReconDataError, match="parser"):
        read_move("x", LEGAL, "regex")
    with pytest.raises(ReconDataError, match="think"):
        read_move("x", LEGAL, "auto", "sometimes")
    with pytest.raises(ReconDataError, match="fallback"):
        GameEnv(get_game("monopoly"), fallback="retry")
    with pytest.raises(ReconDataError, match="policy"):
        scripted("greedy")
    with pytest.raises(ReconDataError, match="unknown game"):
        get_game("chess")


def test_simultaneous_moves_stay_hidden_until_both_are_in() -> None:
    env = GameEnv(get_game("prisoners_dilemma"))
    env.reset(3)
    assert env.to_move() == (0, 1)
    bob_before = env.prompt(1)
    env.step(0, T + "<s>choice_2</s>")
    assert env.to_move() == (1,) and env.prompt(1) == bob_before and not env.done
    with pytest.raises(ReconDataError, match="turn"):
        env.step(0, T + "<s>choice_1</s>")
    env.step(1, T + "<s>choice_1</s>")
    assert env.done and env.payoffs == (5, 0) and env.episode.outcome == ("choice_2", "choice_1")
    assert [c.role for c in env.episode.choices] == ["Alice", "Bob"]


def test_retries_feedback_then_forfeit() -> None:
    env = GameEnv(get_game("monopoly"), max_retries=2, fallback="forfeit")
    env.reset(0)
    first = env.step(0, T + "I would enter.")
    assert (
        first.resolution == "retry" and first.status == "missing" and "choice_1" in first.feedback
    )
    prompt = env.prompt(0)
    assert [m["role"] for m in prompt] == ["user", "assistant", "user"]
    assert prompt[-1]["content"] == first.feedback
    assert env.step(0, T + "<s>choice_9</s>").status == "illegal"
    last = env.step(0, "<think>hmm")
    assert last.resolution == "forfeit" and last.attempt == 2
    assert env.done and env.episode.forfeited_by == 0 and env.payoffs is None
    score = score_games(get_game("monopoly"), [env.episode])
    assert score["nash_outcome_rate"] == 0 and score["spe_rate"] == 0
    assert score["table4_rate"] == 0 and score["ne_rate"] is None  # NE rate: matrix games only
    assert score["forfeits"] == 1 and score["format_failure_rate"] == 1


def test_random_fallback_is_recorded_and_not_scored_as_a_choice() -> None:
    env = GameEnv(get_game("monopoly"), max_retries=0, fallback="random")
    env.reset(5)
    move = env.step(0, "no idea")
    assert move.resolution == "fallback_random" and move.played in LEGAL and move.action is None
    assert env.episode.choices[0].by_fallback
    if not env.done:
        env.step(1, T + "<s>choice_1</s>")
    score = score_games(get_game("monopoly"), [env.episode])
    assert score["format_failure_rate"] == pytest.approx(1 / len(env.episode.moves))
    # Only Bob's own choice (if any) has a regret; the fallback's move is not scored.
    expected = 0.0 if len(env.episode.choices) == 2 else None
    assert score["mean_regret"] == expected


def test_episode_record_is_json_and_complete() -> None:
    (episode,) = play_trials([get_game("trigame")], 1, scripted("spe"), seed=4)
    data = json.loads(json.dumps(episode.to_dict()))
    assert data["outcome"] == ["choice_2", "choice_1", "choice_2"] and data["payoffs"] == [
        "4",
        "10",
    ]
    assert [m["role"] for m in data["moves"]] == ["Alice", "Bob", "Alice"]
    assert data["moves"][2]["history"] == ["choice_2", "choice_1"]
    assert (
        "Alice chose choice_2, then Bob chose choice_1" in data["moves"][2]["prompt"][0]["content"]
    )
    values = move_values(get_game("trigame"), episode)
    assert [v.regret for v in values] == [0, 0, 0]
    assert values[0].values == get_game("trigame").spe.action_values[()]


def test_prompts_name_every_outcome_once_from_each_seat() -> None:
    spec = get_game("duopoly")
    env = GameEnv(spec)
    for seat in (0, 1):
        text = env.prompt(seat)[0]["content"]
        assert text.count("- If you choose") == 36 and "choice_6" in text
    # Bob's payoff in (a3 for Alice, a2 for Bob) is the transpose entry: Alice's (a2, a3) = 5.
    bob = env.prompt(1)[0]["content"]
    assert "If you choose choice_2 and Alice chooses choice_3, you get 5 and Alice gets 10." in bob
    tree = GameEnv(get_game("escalation")).prompt(0)[0]["content"]
    assert tree.count("the game ends") == 4


def test_generated_games_are_reproducible_and_solved() -> None:
    assert random_matrix_game(3, 4, 7) == random_matrix_game(3, 4, 7)
    assert random_tree_game(3, 7).tree == get_game("tree3-s7").tree
    assert random_tree_game(3, 7).tree != random_tree_game(3, 8).tree
    assert get_game("nf3x4-s7").matrix.shape == (3, 4)
    specs = select_games(["generated", "nf2x3-s1,tree2-s9"])
    assert len(specs) == 10
    episodes = play_trials(specs, 2, scripted("spe"))
    for spec in specs:
        block = score_games(spec, [e for e in episodes if e.game == spec.name])
        if spec.kind == "sequential":
            assert block["spe_rate"] == 1 and block["mean_regret"] == 0
        elif spec.pure_nash:
            assert block["ne_rate"] == 1 and block["mean_regret"] == 0
    with pytest.raises(ReconDataError):
        get_game("nf11x2-s1")


def test_a_forfeit_ends_a_simultaneous_round_for_both_seats() -> None:
    def alice_babbles(requests):
        return [T + "hmm" if r.player == 0 else T + "<s>choice_1</s>" for r in requests]

    (episode,) = play_trials([get_game("stag_hunt")], 1, alice_babbles, max_retries=1)
    assert episode.forfeited_by == 0 and episode.outcome is None
    # Bob's first reply was read; his reply in Alice's forfeiting round was not needed.
    assert [(m.player, m.resolution) for m in episode.moves] == [
        (0, "retry"), (1, "played"), (0, "forfeit"),
    ]  # fmt: skip
