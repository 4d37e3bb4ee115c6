"""Issue 19: `games eval` and the `game_move` reward read every reply alike; replays re-score runs.

A table of replies (well-formed, hedged, negated, cut off, malformed, hostile digits) is played
at every decision node of the Hua et al. trees through the environment (`GameEnv.step`, what
`games eval` runs) and scored by the training reward (`game_move_reward` on the
decision-node rows `training.game_data` writes). They agree on every reply.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

from recon_data.errors import ReconDataError
from recon_data.games.catalog import get_game, hua_games
from recon_data.games.env import GameEnv
from recon_data.games.parsing import format_answer
from recon_data.games.report import write_transcripts
from recon_data.training.game_data import decision_rows
from recon_data.training.selfplay import run_games
from recon_data.verifiers.game_reward import game_move_reward

T = "I compare the subgames.\n</think>\n\n"


def replies(best: str, other: str) -> list[str]:
    """Replies written against a node: its best action and another legal one."""
    n, m = best.split("_")[1], other.split("_")[1]
    return [
        T + f"<s>{best}</s>",
        T + f"<s>{other}</s>",
        T + f"\\boxed{{{best}}}",
        T + f"I play {best}.",
        T + f"<s>**{best}**</s>",
        T + f"<s>{best}\u200f</s>",
        T + f"<s>{n}</s>",
        T + f"<s>choice {n}</s>",
        T + f"<s>{best}, {m}</s>",
        T + f"<s>choice {n} or {m}</s>",
        T + f"<s>{best}</s> then <s>{other}</s>",
        T + f"<s>{best}</s> \\boxed{{{other}}}",
        T + f"<s>not {other}</s>",
        T + f"<s>{best} (wrong)</s>",
        T + f"I would not play {best}.",
        T + "<s>choice_9</s>",
        T + "<s>\u00b2\u00b2</s>",
        T + "<s>" + "7" * 5000 + "</s>",
        T + "<s></s>",
        T + "I am not sure.",
        f"so {best} looks right, but wait, let me",
        f"<think>so <s>{best}</s> looks right",
        f"a</think>b</think><s>{best}</s>",
        f"\\boxed{{{best}}}</think><s>{best}</s>",
        T + "<s>" * 5000,
    ]


def _env_at(spec, history: tuple[str, ...], parser: str) -> GameEnv:
    env = GameEnv(spec, parser=parser, max_retries=1, fallback="forfeit")
    env.reset(0)
    for action in history:
        env.step(env.to_move()[0], format_answer(action, parser))
    return env


def test_evaluation_and_training_read_every_reply_alike() -> None:
    trees = [s for s in hua_games() if s.kind == "sequential"]
    rows = decision_rows(trees, include_held_out=True, balance=False)
    checked = 0
    for row in rows:
        spec = get_game(row["game"])
        legal, values = row["legal_actions"], row["action_values"]
        ranked = sorted(legal, key=lambda a: -Fraction(values[legal.index(a)]))
        texts = replies(ranked[0], ranked[-1])
        rewards = game_move_reward(
            prompts=[row["prompt"]] * len(texts),
            completions=[[{"role": "assistant", "content": t}] for t in texts],
            legal_actions=[legal] * len(texts),
            action_values=[values] * len(texts),
            parser=[row["parser"]] * len(texts),
            think=[row["think"]] * len(texts),
        )
        for text, reward in zip(texts, rewards, strict=True):
            env = _env_at(spec, tuple(row["history"]), row["parser"])
            move = env.step(row["player"], text)
            if move.status in ("format", "truncated"):
                assert reward == -4.0, (text, move.status)
            elif move.status != "ok":
                assert reward == -5.0, (text, move.status)
                assert move.resolution == "retry" and move.played is None
            else:
                assert move.resolution == "played" and reward is not None and reward >= -3.0
                value = Fraction(values[legal.index(move.action)])
                lo = min(map(Fraction, values))
                hi = max(map(Fraction, values))
                share = 1 if hi == lo else (value - lo) / (hi - lo)
                assert reward == pytest.approx(-3 + 8 * float(share)), text
            checked += 1
    assert checked >= 300


def test_the_issues_replies_are_no_moves() -> None:
    spec = get_game("hot_cold")
    cases = {
        "so choice_2 looks right, but wait, let me": "truncated",
        T + "<s>choice_1, 2</s>": "hedged",
        T + "<s>choice 1 or 2</s>": "hedged",
        T + "<s>not choice_1</s>": "negated",
        T + "<s>choice_1</s> and finally <s>choice_2</s>": "hedged",
        T + "<s>\u00b2</s>": "ok",  # read as 2 after NFKC; never int('²')
        T + "<s>" + "9" * 5000 + "</s>": "illegal",
    }
    for text, status in cases.items():
        move = _env_at(spec, (), "auto").step(0, text)
        assert move.status == status, text


def test_replay_plays_a_saved_run_again(tmp_path: Path) -> None:
    report, episodes = run_games(["hua2024"], policy="random", trials=3, seed=5)
    saved = write_transcripts(episodes, tmp_path / "run.jsonl")
    again, replayed = run_games(["hua2024"], policy=f"replay:{saved}", trials=3, seed=5)
    assert [e.outcome for e in replayed] == [e.outcome for e in episodes]
    assert again["overall"] == report["overall"]
    assert again["protocol"]["policy"] == f"replay:{saved}"
    # Re-scoring after a change: a reply rewritten as a hedge is now refused; the file holds
    # no retry for it, so the seat gets an empty reply and the episode is forfeited.
    lines = saved.read_text().splitlines()
    first = json.loads(lines[0])
    first["moves"][0]["completion"] = "</think><s>choice_1 or choice_2</s>"
    lines[0] = json.dumps(first)
    changed = tmp_path / "changed.jsonl"
    changed.write_text("\n".join(lines) + "\n")
    _, rescored = run_games(["hua2024"], policy=f"replay:{changed}", trials=3, seed=5)
    moves = rescored[0].moves
    assert [m.status for m in moves if m.player == 0][:2] == ["hedged", "truncated"]
    assert rescored[0].forfeited_by == 0 and rescored[1:] == replayed[1:]


def test_replay_errors_name_the_file_and_line(tmp_path: Path) -> None:
    with pytest.raises(ReconDataError, match="not found"):
        run_games(["draco"], policy=f"replay:{tmp_path / 'missing.jsonl'}", trials=1)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"game": "draco", "seed": 0, "moves": [{"player": "x"}]}\n')
    with pytest.raises(ReconDataError, match="line 1") as err:
        run_games(["draco"], policy=f"replay:{bad}", trials=1)
    assert str(bad) in str(err.value)
    _, episodes = run_games(["draco"], policy="first", trials=1)
    one = write_transcripts(episodes, tmp_path / "one.jsonl")
    with pytest.raises(ReconDataError, match="seed 1"):
        run_games(["draco"], policy=f"replay:{one}", trials=2)


def test_think_mode_decides_whether_a_reply_without_reasoning_is_played() -> None:
    from recon_data.games.play import play_trials

    def plain(requests: list) -> list[str]:
        return ["<s>choice_1</s>" for _ in requests]  # a model that does not reason in tags

    (strict,) = play_trials([get_game("monopoly")], 1, plain, max_retries=0)
    assert strict.forfeited_by == 0 and strict.moves[0].status == "truncated"
    (loose,) = play_trials([get_game("monopoly")], 1, plain, max_retries=0, think="optional")
    assert loose.outcome == ("choice_1",) and loose.think == ("optional", "optional")
    report, _ = run_games(["monopoly"], policy="first", trials=1, think="optional")
    assert report["protocol"]["think"] == "optional"
