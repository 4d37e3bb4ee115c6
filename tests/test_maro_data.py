"""The decision-node dataset, its recipe hook, and the maro recipes."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

import pytest

from recon_data.errors import ReconDataError
from recon_data.games.catalog import get_game
from recon_data.training.game_data import (
    decision_rows,
    dominant_tree_game,
    game_dataset,
    parse_source,
    recipe_rows,
    training_games,
)
from recon_data.verifiers.game_reward import game_move_reward


@pytest.fixture(scope="module")
def tree_rows() -> list[dict]:
    return decision_rows(training_games("trees", 24))


def test_rows_carry_prompt_legal_role_and_exact_values(tree_rows: list[dict]) -> None:
    specs = {s.name: s for s in training_games("trees", 24)}
    for row in tree_rows:
        spec = specs[row["game"]]
        history = tuple(row["history"])
        assert row["legal_actions"] == list(spec.actions(row["player"], history))
        values = spec.spe.action_values[history]
        assert row["action_values"] == [str(values[a][row["player"]]) for a in row["legal_actions"]]
        assert row["role"] == ("Alice", "Bob")[row["player"]]
        text = row["prompt"][-1]["content"]
        assert "It is your turn" in text and f"You are {row['role']}" in text
        assert max(row["action_scores"]) == 1.0 and min(row["action_scores"]) >= 0.0
        best = [
            a for a, s in zip(row["legal_actions"], row["action_scores"], strict=True) if s == 1
        ]
        assert row["best_actions"] == best


def test_rows_are_role_balanced(tree_rows: list[dict]) -> None:
    raw = decision_rows(training_games("trees", 24), balance=False)
    counts = Counter(r["role"] for r in raw)
    assert counts["Alice"] != counts["Bob"]  # skewed before
    balanced = Counter(r["role"] for r in tree_rows)
    assert len(tree_rows) == len(raw) and abs(balanced["Alice"] - balanced["Bob"]) <= 1
    mass = Counter()
    for r in raw:
        mass[r["role"]] += Fraction(r["weight"]).limit_denominator(10**6)
    assert mass["Alice"] == mass["Bob"]
    assert decision_rows(training_games("trees", 24)) == tree_rows  # deterministic


def test_held_out_games_are_refused() -> None:
    with pytest.raises(ReconDataError, match="held out"):
        decision_rows([get_game("trigame")])
    with pytest.raises(ReconDataError, match="held out"):
        decision_rows([get_game("tree3-s6")])  # the generated evaluation suite
    rows = decision_rows([get_game("trigame")], include_held_out=True, balance=False)
    assert len(rows) == 7
    names = {s.name for s in training_games("trees", 40)}
    assert not names & {"tree2-s5", "tree3-s6", "tree3-s7", "tree4-s8"}


def test_dominant_family_has_one_best_action_everywhere() -> None:
    for seed in range(10):
        for row in decision_rows([dominant_tree_game(seed)], balance=False):
            assert row["best_actions"] == ["choice_2"]
            # Dominant: even its worst leaf beats every other action's value.
            assert sorted(row["action_scores"])[-2] < 1


def test_reward_on_dataset_rows(tree_rows: list[dict]) -> None:
    rows = tree_rows[:6]
    completions = [f"ok\n</think>\n<s>{r['best_actions'][0]}</s>" for r in rows]
    columns = {k: [r[k] for r in rows] for k in ("legal_actions", "action_values", "parser")}
    assert game_move_reward(completions=completions, **columns) == [5.0] * 6


def test_recipe_source_and_hook() -> None:
    from recon_data.training.data import grpo_rows, resolve_corpus

    assert parse_source("games") == ("trees", 64)
    assert parse_source("games:dominant:8") == ("dominant", 8)
    assert parse_source("corpus/games") is None
    with pytest.raises(ReconDataError):
        parse_source("games:trees:many")
    corpus = resolve_corpus("games:dominant:3")
    rows = grpo_rows(corpus, limit=5)
    assert len(rows) == 5 and rows == recipe_rows("games:dominant:3", limit=5)
    dataset = game_dataset("dominant", 3)
    assert len(dataset) == 12 and set(dataset.column_names) >= {"prompt", "legal_actions", "weight"}


def test_maro_recipes_shape() -> None:
    # Reading the YAML only: building TRL's configs costs a TRL import (the smoke run does that).
    from recon_data.training.recipes import read_recipe_values

    _, smoke = read_recipe_values("maro-smoke")
    assert smoke["reward_funcs"] == ["game_move_reward"] and smoke["requires_cuda"] is False
    assert parse_source(smoke["corpus"]) == ("dominant", 8)
    _, full = read_recipe_values("maro")
    _, paper = read_recipe_values("grpo")
    # The 7B shape of the paper's GRPO recipe: same LoRA, batch and objective settings.
    for key in ("lora_r", "num_generations", "per_device_train_batch_size", "loss_type", "beta",
                "learning_rate", "temperature", "scale_rewards", "gradient_accumulation_steps"):  # fmt: skip
        assert full[key] == paper[key], key
    assert full["reward_funcs"] == ["game_move_reward"] and parse_source(full["corpus"])
