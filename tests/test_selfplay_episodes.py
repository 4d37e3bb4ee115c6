"""Self-play episodes with fixed replies: one sample per learner turn, exactly what that seat
saw and generated; credit, rewards, baselines and role balance checked by hand. No torch."""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from recon_data.games.catalog import get_game
from recon_data.games.prompts import sequential_prompt
from recon_data.training.selfplay_credit import (
    BatchBaseline,
    advantages,
    batch_metrics,
    rollout_tables,
    score_samples,
    select,
)
from recon_data.training.selfplay_episodes import (
    FROZEN,
    LEARNER,
    PLACEHOLDER,
    Generated,
    Plan,
    play_episodes,
)
from recon_data.training.selfplay_games import TrainingGame

C1, C2 = "choice_1", "choice_2"


def game(name: str) -> TrainingGame:
    return TrainingGame(name, name, get_game(name))


class Learner:
    """A generator of fixed replies: `script(messages)` gives the text; ids are made up."""

    def __init__(self, script) -> None:
        self.script = script
        self.calls: list[list] = []

    def __call__(self, conversations: list) -> list[Generated]:
        self.calls.append(conversations)
        out = []
        for k, messages in enumerate(conversations):
            text = self.script(messages)
            out.append(Generated([len(self.calls), k], [ord(c) for c in text], text))
        return out


def always(action: str) -> Learner:
    return Learner(lambda messages: f"</think>\n<s>{action}</s>")


def test_every_turn_of_both_seats_is_a_sample() -> None:
    learner = always(C2)
    (played,) = play_episodes([Plan(game("escalation"), 7, (LEARNER, LEARNER))], learner=learner)
    spec = get_game("escalation")
    assert played.env.episode.outcome == (C2, C2, C2)
    samples = played.samples
    assert [(s.player, s.move.history) for s in samples] == [(0, ()), (1, (C2,)), (0, (C2, C2))]
    for s in samples:
        # The prompt is exactly the seat's view at that node; the completion exactly its tokens.
        assert s.messages == [
            {"role": "user", "content": sequential_prompt(spec, s.player, s.move.history, "auto")}
        ]
        assert s.generated.completion_ids == [ord(c) for c in "</think>\n<s>choice_2</s>"]
    assert [s.choice for s in samples] == [0, 1, 2]
    assert [s.later(3) for s in samples] == [2, 1, 0]
    assert len(learner.calls) == 3  # one generation call a round, every live episode in it


def test_a_failed_reply_gets_feedback_and_the_retry_is_its_own_sample() -> None:
    replies = iter(["</think> I am not sure.", "</think><s>choice_1</s>"])
    learner = Learner(lambda messages: next(replies))
    (played,) = play_episodes(
        [Plan(game("monopoly"), 0, (LEARNER, "spe"))], learner=learner, max_retries=1
    )
    first, second = played.samples
    assert (first.move.status, first.choice, first.failed) == ("missing", None, True)
    assert (second.move.status, second.choice) == ("ok", 0)
    # The retry's prompt carries the failed answer and the feedback (environment text, in the
    # prompt); its completion is the model's new reply alone.
    assert [m["role"] for m in second.messages] == ["user", "assistant", "user"]
    assert "I could not find an action" in second.messages[2]["content"]
    assert second.generated.text == "</think><s>choice_1</s>"
    assert played.env.episode.outcome == (C1,)


def test_scripted_and_frozen_seats_train_nothing() -> None:
    learner, frozen = always(C1), always(C2)
    played = play_episodes(
        [
            Plan(game("hot_cold"), 0, (LEARNER, "spe")),
            Plan(game("hot_cold"), 1, (FROZEN, LEARNER)),
        ],
        learner=learner,
        frozen=frozen,
    )
    assert played[0].env.episode.outcome == (C1, C2)  # Bob's SPE reply to A1 is B2
    assert [s.player for s in played[0].samples] == [0]
    assert played[1].env.episode.outcome == (C2, C1)  # the snapshot opened with choice_2
    assert [s.player for s in played[1].samples] == [1]
    assert len(frozen.calls) == 1


def test_exact_rewards_by_hand() -> None:
    # Escalation A2, B2, A2: Alice's A2 is worth -1 against 0 (credit 0, regret 1); Bob's B2
    # -1 against -2 and Alice's last A2 -1 against -2: both best (credit 1).
    (played,) = play_episodes([Plan(game("escalation"), 0, (LEARNER, LEARNER))], learner=always(C2))
    score_samples([played], "exact")
    assert [s.reward for s in played.samples] == [-3.0, 5.0, 5.0]
    assert [s.credit for s in played.samples] == [0.0, 1.0, 1.0]
    assert [s.regret for s in played.samples] == [1.0, 0.0, 0.0]
    # A reply failing the </think> gate: -4; one naming no legal action: -5.
    for text, reward in (("no reasoning end <s>choice_1</s>", -4.0), ("</think> choice_7", -5.0)):
        (bad,) = play_episodes(
            [Plan(game("monopoly"), 0, (LEARNER, "spe"))],
            learner=Learner(lambda m, t=text: t),
            max_retries=0,
        )
        score_samples([bad], "exact")
        assert bad.samples[0].reward == reward and bad.samples[0].regret is None


def test_outcome_credit_discount_and_the_baseline_read_before_its_update() -> None:
    (played,) = play_episodes([Plan(game("escalation"), 0, (LEARNER, LEARNER))], learner=always(C2))
    score_samples([played], "outcome")
    # (-1, -1): Alice's payoffs below the root span -2..1: credit 1/3 -> -3 + 8/3; Bob's under
    # his node span -2..1: 1/3; Alice's last node spans -2..-1: credit 1 -> 5.
    rewards = [s.reward for s in played.samples]
    assert rewards == pytest.approx([-3 + 8 / 3, -3 + 8 / 3, 5.0])
    baseline = BatchBaseline(0.95, {("escalation", "Alice"): 1.0})
    advantages(played.samples, [played], baseline=baseline, gamma=0.5, mode="outcome")
    # Alice's first move: two decisions follow, gamma^2 = 1/4; Bob's: no baseline yet, gamma^1.
    assert [s.advantage for s in played.samples] == pytest.approx(
        [0.25 * (rewards[0] - 1.0), 0.5 * rewards[1], rewards[2] - 1.0]
    )
    baseline.update([(("escalation", "Alice"), r) for r in (rewards[0], rewards[2])])
    mean = (rewards[0] + rewards[2]) / 2
    assert baseline.read(("escalation", "Alice")) == pytest.approx(0.95 * 1.0 + 0.05 * mean)
    assert baseline.read(("escalation", "Bob")) == 0.0


def test_rollout_credit_against_the_policy_itself() -> None:
    # The policy always answers choice_1. At Escalation's root it stays out (A1, worth 0);
    # entering (A2) would have been met by its own B1 (1, -2): worth 1. Rollout credit says
    # A1 was the worse move (credit 0); exact credit says it was the best (A2 is worth -1).
    learner = always(C1)
    (played,) = play_episodes([Plan(game("escalation"), 0, (LEARNER, LEARNER))], learner=learner)
    tables = rollout_tables(
        [played], learner=learner, frozen=None, rollouts=2, seed=0, parser="auto", think="required"
    )
    assert tables == {(0, 0): {C1: F(0), C2: F(1)}}
    score_samples([played], "rollout", tables)
    (s,) = played.samples
    assert (s.credit, s.reward) == (0.0, -3.0)
    assert s.regret == 0.0  # the metric stays the exact regret where a solver applies
    score_samples([played], "exact")
    assert s.credit == 1.0


def test_role_balance_and_metrics() -> None:
    played = play_episodes(
        [Plan(game("escalation"), k, (LEARNER, LEARNER)) for k in range(3)], learner=always(C2)
    )
    score_samples(played, "exact")
    pool = [s for p in played for s in p.samples]
    advantages(pool, played, baseline=BatchBaseline(), gamma=1.0, mode="exact")
    # Alice: 6 turns, 3 with a positive advantage; Bob: 3 turns, all positive.
    chosen = select(pool, 9, balance="weights", seed=1)
    assert sorted(map(id, chosen)) == sorted(map(id, pool))
    mass = {r: sum(s.weight for s in chosen if s.role == r) for r in ("Alice", "Bob")}
    assert mass == pytest.approx({"Alice": 4.5, "Bob": 4.5})
    resampled = select(pool, 12, balance="resample", seed=1)
    assert len(resampled) == 12 and sum(s.role == "Bob" for s in resampled) == 6
    topped = select(pool[:2], 5, balance="none", seed=1)
    assert len(topped) == 5 and set(map(id, topped)) <= set(map(id, pool[:2]))
    metrics = batch_metrics(chosen, episodes=3, pool=len(pool), baseline=None)
    assert metrics["selfplay/escalation/Alice/turns"] == 6
    assert metrics["selfplay/all/Bob/regret"] == 0.0
    assert metrics["selfplay/escalation/Alice/regret"] == pytest.approx(0.5)
    assert metrics["selfplay/all/Alice/format_failure_rate"] == 0.0
    assert metrics["selfplay/all/Alice/weight"] == pytest.approx(0.75)
    assert metrics["selfplay/episodes"] == 3


def test_processes_stay_in_step() -> None:
    # Another process still asks the learner for two rounds after this one is done: this one
    # calls it too, with the placeholder prompt, and drops the reply.
    state = {"rounds": 0}

    def sync(learner: bool, pending: bool) -> tuple[bool, bool]:
        state["rounds"] += 1
        other = state["rounds"] <= 3
        return learner or other, pending or other

    learner = always(C1)
    (played,) = play_episodes(
        [Plan(game("monopoly"), 0, (LEARNER, LEARNER))], learner=learner, sync=sync
    )
    assert played.env.episode.outcome == (C1,)
    assert learner.calls[1:] == [[PLACEHOLDER], [PLACEHOLDER]]
    assert len(played.samples) == 1 and state["rounds"] == 4
