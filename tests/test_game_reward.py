"""The game move reward: TRL's contract, the hierarchical failure scores, and exact ranking."""

from __future__ import annotations

import pytest

from recon_data.games.catalog import hua_games
from recon_data.games.decisions import tree_decisions
from recon_data.verifiers import REWARD_FUNCTIONS
from recon_data.verifiers.game_reward import game_move_reward

TREES = [s for s in hua_games() if s.kind == "sequential"]


def _reply(action: str) -> str:
    return f"Bob's best reply leaves me less.\n</think>\n\nSo I pick <s>{action}</s>"


@pytest.mark.parametrize("spec", TREES, ids=lambda s: s.name)
def test_reward_ranks_actions_as_their_values(spec) -> None:
    for node in tree_decisions(spec):
        legal = list(node.legal)
        values = [str(node.values[a]) for a in legal]
        rewards = game_move_reward(
            prompts=[node.prompt] * len(legal),
            completions=[[{"role": "assistant", "content": _reply(a)}] for a in legal],
            legal_actions=[legal] * len(legal),
            action_values=[values] * len(legal),
            parser=["auto"] * len(legal),
            trainer_state=None,
        )
        for a, ra in zip(legal, rewards, strict=True):
            for b, rb in zip(legal, rewards, strict=True):
                va, vb = node.values[a], node.values[b]
                assert (ra > rb) == (va > vb) and (ra == rb) == (va == vb), (node.history, a, b)
        assert max(rewards) == 5.0 and min(rewards) == -3.0


def test_failures_score_like_the_hierarchical_reward() -> None:
    legal, values = ["choice_1", "choice_2", "choice_3"], ["-1", "3", "1/2"]
    texts = [
        "<s>choice_2</s>",  # no </think>: format gate -> -4
        "a\n</think>\nx\n</think>\n<s>choice_2</s>",  # two </think>: format gate -> -4
        "thinking\n</think>\nI am not sure.",  # no action -> -5
        "thinking\n</think>\n<s>choice_7</s>",  # illegal -> -5
        "thinking\n</think>\nchoice_1 or choice_2",  # a hedge -> -5
        "thinking\n</think>\n<s>choice_3</s>",  # (1/2 + 1) / 4 = 3/8 -> -3 + 8 * 3/8 = 0
        "thinking\n</think>\n\\boxed{2}",  # boxed also parses: best -> 5
    ]
    n = len(texts)
    got = game_move_reward(completions=texts, legal_actions=[legal] * n, action_values=[values] * n)
    assert got == [-4.0, -4.0, -5.0, -5.0, -5.0, 0.0, 5.0]


def test_bad_rows_are_skipped_not_scored() -> None:
    """A malformed row is a data error: None (TRL leaves it out), never an exception."""
    good = "t\n</think>\n<s>choice_1</s>"
    assert game_move_reward(completions=[good], legal_actions=[["choice_1"]],
                            action_values=[["not a number"]]) == [None]  # fmt: skip
    assert game_move_reward(completions=[good, good], legal_actions=[["choice_1"]],
                            action_values=[["1"]]) == [None, None]  # fmt: skip
    assert game_move_reward(completions=[good]) == [None]
    assert game_move_reward(completions=[good], legal_actions=["choice_1"], action_values=["1"],
                            think="sometimes") == [None]  # fmt: skip
    assert game_move_reward() == []
    # A flat list is one node shared by the batch; one action alone is the best one.
    assert game_move_reward(completions=[good], legal_actions=["choice_1"],
                            action_values=["2"]) == [5.0]  # fmt: skip


def test_moves_reach_trls_completions_table() -> None:
    extra: dict[str, list] = {}
    metrics: dict[str, float] = {}
    legal, values = ["choice_1", "choice_2"], ["0", "1"]
    texts = ["t</think><s>choice_2</s>", "t</think><s>choice_1 or choice_2</s>", "cut off"]
    rewards = game_move_reward(
        completions=texts, legal_actions=[legal] * 3, action_values=[values] * 3,
        log_extra=lambda c, v: extra.setdefault(c, []).extend(v),
        log_metric=lambda n, v: metrics.__setitem__(n, v),
    )  # fmt: skip
    assert rewards == [5.0, -5.0, -4.0]
    assert extra["game_move/answer"][0] == "choice_2"
    assert extra["game_move/gold"] == ["choice_2"] * 3
    assert extra["game_move/status"] == ["ok", "hedged", "truncated"]
    assert metrics["game_move/status/hedged"] == 1 / 3


def test_registered_for_grpo() -> None:
    assert REWARD_FUNCTIONS["game_move"] is game_move_reward
    from recon_data.training.grpo import reward_functions

    assert reward_functions(["game_move_reward"]) == [game_move_reward]
