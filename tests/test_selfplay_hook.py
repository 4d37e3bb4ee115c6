"""TRL's rollout hook on a stand-in trainer (fixed replies, no torch), the reward function,
game sources, settings refused before anything heavy loads, GTBench episodes."""

from __future__ import annotations

import importlib.util
from fractions import Fraction as F
from pathlib import Path
from types import SimpleNamespace

import pytest

from recon_data.errors import ReconDataError
from recon_data.training.selfplay_args import SelfPlayFields, check_selfplay, parse_opponents
from recon_data.training.selfplay_games import check_credit, resolve_games
from recon_data.training.selfplay_rollout import SelfPlayRollout, episode_row, game_named
from recon_data.training.selfplay_train import dataset_rows, selfplay_reward


class StandIn:
    """What the hook uses of a GRPOTrainer: tokenising, generating, decoding, its state."""

    def __init__(self, reply) -> None:
        self.reply = reply
        self.num_generations = 2
        self.state = SimpleNamespace(global_step=0)
        self.accelerator = SimpleNamespace(num_processes=1, process_index=0)
        self.processing_class = SimpleNamespace(
            batch_decode=lambda ids, skip_special_tokens: ["".join(map(chr, x)) for x in ids]
        )
        self.prompts: dict[tuple[int, ...], str] = {}

    def _tokenize_prompts(self, conversations: list) -> tuple:
        ids = []
        for messages in conversations:
            text = "\n".join(m["content"] for m in messages)
            key = tuple(ord(c) for c in text)
            self.prompts[key] = text
            ids.append(list(key))
        return ids, None, {}

    def _generate_single_turn(self, prompt_ids, images, fields, n):
        texts = [self.reply(self.prompts[tuple(p)]) for p in prompt_ids]
        return [[ord(c) for c in t] for t in texts], None


def _options(**changes: object) -> SelfPlayFields:
    base = SelfPlayFields(selfplay_games=["trees:3"], selfplay_opponents=["self"])
    for key, value in changes.items():
        setattr(base, key, value)
    return base


def test_the_hook_fills_the_batch_with_turn_samples() -> None:
    games = resolve_games(["trees:3", "repeated:1"])
    rollout = SelfPlayRollout(games, _options(), seed=3)
    trainer = StandIn(
        lambda prompt: "</think>\n<s>choice_2</s>" if "Alice" in prompt[:20] else "</think> pass"
    )
    prompts = [row["prompt"] for row in (episode_row(g) for g in games) for _ in range(2)]
    out = rollout(prompts, trainer)
    assert set(out) == {
        "prompt_ids", "completion_ids", "logprobs", "selfplay_reward", "selfplay_advantage",
        "selfplay_metrics",
    }  # fmt: skip
    assert len(out["completion_ids"]) == len(prompts) == 8 and out["logprobs"] is None
    for prompt_ids, completion_ids, reward in zip(
        out["prompt_ids"], out["completion_ids"], out["selfplay_reward"], strict=True
    ):
        seen, said = "".join(map(chr, prompt_ids)), "".join(map(chr, completion_ids))
        # The completion is the reply generated for exactly that prompt (the model's tokens only).
        assert said == trainer.reply(seen)
        assert reward in (-5.0,) or said.endswith("<s>choice_2</s>")
    metrics = out["selfplay_metrics"]
    assert metrics["selfplay/all/Bob/format_failure_rate"] == 1.0
    assert metrics["selfplay/all/Alice/format_failure_rate"] == 0.0
    assert "selfplay/all/Alice/regret" in metrics and metrics["selfplay/pool"] >= 8
    # First batch: no baseline yet, so the advantage is the reward times the role weight.
    assert all(a != 0 for a in out["selfplay_advantage"])
    before = dict(rollout.baseline.values)  # type: ignore[union-attr]
    assert before[("trees", "Bob")] == pytest.approx(0.05 * -5.0)
    again = rollout(prompts, trainer)
    assert again["selfplay_metrics"]["selfplay/baseline/trees/Bob"] == pytest.approx(
        0.95 * 0.05 * -5.0 + 0.05 * -5.0
    )


def test_opponent_mix_and_seats() -> None:
    games = resolve_games(["trees:2"])
    rollout = SelfPlayRollout(games, _options(selfplay_opponents=["spe:1", "self:1"]), seed=0)
    import random

    rng = random.Random(0)
    seats = {rollout.seats(rng, k) for k in range(40)}
    assert seats == {("learner", "learner"), ("learner", "spe"), ("spe", "learner")}
    trainer = StandIn(lambda prompt: "</think><s>choice_1</s>")
    out = rollout(
        [episode_row(games[0])["prompt"]] * 2 + [episode_row(games[1])["prompt"]] * 2, trainer
    )
    assert len(out["completion_ids"]) == 4


def test_the_reward_function_logs_per_role_metrics() -> None:
    logged: dict[str, float] = {}
    rewards = selfplay_reward(
        prompts=[0, 1], completions=[0, 1], selfplay_reward=[5.0, -4.0],
        selfplay_metrics=[{"selfplay/all/Alice/turns": 2.0}] * 2,
        log_metric=logged.__setitem__,
    )  # fmt: skip
    assert rewards == [5.0, -4.0] and logged == {"selfplay/all/Alice/turns": 2.0}


def test_rows_and_prompts() -> None:
    games = resolve_games(["dominant:3"])
    rows = dataset_rows(games, 4, seed=1)
    assert len(rows) == 18 and {game_named(r["prompt"]) for r in rows} == {g.name for g in games}
    with pytest.raises(ReconDataError, match="not a self-play row"):
        game_named([{"role": "user", "content": "What is 2 + 2?"}])


def test_game_sources() -> None:
    names = [g.name for g in resolve_games(["trees:2", "matrices:2", "repeated:2", "dominant:1"])]
    assert len(names) == 7 == len(set(names))
    repeated = [g for g in resolve_games(["repeated:5"])]
    assert all(g.spec is not None and g.spec.pure_nash for g in repeated)
    assert {g.family for g in resolve_games(["matrices:3"])} == {"matrices"}
    # Chosen sizes: trees of one depth, matrix games of one shape.
    sized = resolve_games(["trees4:2", "matrices3x4:2"])
    assert [g.name for g in sized] == ["tree4-s1000", "tree4-s1001", "nf3x4-s1000", "nf3x4-s1001"]
    assert {g.family for g in sized} == {"trees4", "matrices3x4"}
    for entry, message in (
        (["hua2024"], "evaluation games"),
        (["rep-stag_hunt-r5"], "evaluation games"),
        (["trees:many"], "must be a number"),
        (["trees:0"], "count must be"),
        (["chess"], "unknown game 'chess'"),
        (["trees3x3:1"], "sizes are treesD"),
        (["dominant2:1"], "sizes are treesD"),
        (["trees9:1"], "depth 1-5"),
    ):
        with pytest.raises(ReconDataError, match=message):
            resolve_games(entry)
    assert {g.name for g in resolve_games(["escalation"], held_out=True)} == {"escalation"}


def test_settings_are_refused_in_one_line() -> None:
    check_selfplay({})  # the defaults pass
    for values, field in (
        ({"selfplay_credit": "shaped"}, "selfplay_credit"),
        ({"selfplay_gamma": 0}, "selfplay_gamma"),
        ({"selfplay_baseline_decay": 1.0}, "selfplay_baseline_decay"),
        ({"selfplay_rollouts": 0}, "selfplay_rollouts"),
        ({"selfplay_role_balance": "more"}, "selfplay_role_balance"),
        ({"selfplay_think": "maybe"}, "selfplay_think"),
        ({"selfplay_games": []}, "selfplay_games"),
        ({"selfplay_opponents": ["oracle"]}, "selfplay_opponents"),
        ({"selfplay_opponents": ["spe:-1"]}, "selfplay_opponents"),
    ):
        with pytest.raises(ReconDataError) as caught:
            check_selfplay(values)
        assert caught.value.field == field and "\n" not in str(caught.value)
    assert parse_opponents(["self", "spe:0.5", "self:2"]) == {"self": 3.0, "spe": 0.5}


def test_cli_refuses_before_the_ml_stack_loads(tmp_path: Path, cli) -> None:
    model = tmp_path / "m"
    model.mkdir()
    (model / "config.json").write_text("{}", encoding="utf-8")
    code, _, err = cli(
        "train", "selfplay", "--recipe", "selfplay-smoke", "--model", str(model),
        "--set", "selfplay_rollouts=0", "--credit", "rollout",
    )  # fmt: skip
    assert code == 1 and "selfplay_rollouts" in err and len(err.strip().splitlines()) == 1
    code, _, err = cli(
        "train",
        "selfplay",
        "--recipe",
        "selfplay-smoke",
        "--model",
        str(model),
        "--set",
        "selfplay_gamme=1",
    )
    assert code == 1 and "did you mean selfplay_gamma" in err
    code, _, err = cli("train", "selfplay", "--recipe", "grpo-smoke", "--model", str(model))
    assert code == 1 and "is a grpo recipe" in err
    code, _, err = cli(
        "train",
        "selfplay",
        "--recipe",
        "selfplay-smoke",
        "--model",
        str(model),
        "--opponent",
        "oracle",
    )
    assert code == 1 and "unknown opponent 'oracle'" in err


@pytest.mark.skipif(importlib.util.find_spec("pyspiel") is None, reason="OpenSpiel not installed")
def test_gtbench_episodes_take_outcome_and_rollout_credit() -> None:
    from recon_data.training.selfplay_credit import rollout_tables, score_samples
    from recon_data.training.selfplay_episodes import LEARNER, Generated, Plan, play_episodes

    (kuhn,) = resolve_games(["kuhn_poker"])
    with pytest.raises(ReconDataError, match="exact credit needs solvable games"):
        check_credit([kuhn], "exact")

    def learner(conversations: list) -> list[Generated]:
        return [Generated([0], [1], "</think><s>choice_1</s>") for _ in conversations]

    (played,) = play_episodes([Plan(kuhn, 4, (LEARNER, LEARNER))], learner=learner)
    assert played.env.done and played.samples
    score_samples([played], "outcome")
    pays = played.env.episode.payoffs
    for s in played.samples:
        # Kuhn poker's returns lie in [-2, 2]: the credit is the seat's return placed there.
        assert s.credit == pytest.approx(float((pays[s.player] + 2) / 4))
    tables = rollout_tables(
        [played], learner=learner, frozen=None, rollouts=2, seed=0, parser="auto", think="required"
    )
    assert set(tables) == {(0, s.choice) for s in played.samples}
    assert all(isinstance(v, F) for t in tables.values() for v in t.values())
