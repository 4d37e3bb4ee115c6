"""The same episodes for other trainers, with fixed replies: the verifiers.v1 multi-agent
environment (one trace per decision, credited in finalize) and one seat for TRL's
`environment_factory` (reset, the move tool, get_reward)."""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
from collections.abc import Iterator
from typing import Any

import pytest

from recon_data.errors import ReconDataError
from recon_data.training.selfplay_toolenv import GameSeatEnv

# Slow: the verifiers package loads torch and TRL. `scripts/test.sh --fast` skips it; CI runs it.
pytestmark = pytest.mark.slow

C1, C2 = "choice_1", "choice_2"
needs_vf = pytest.mark.skipif(
    importlib.util.find_spec("verifiers") is None
    or importlib.util.find_spec("verifiers.v1") is None,
    reason="verifiers (with verifiers.v1) not installed",
)


class Seat:
    """An agent whose replies are fixed: every interaction is a real verifiers trace."""

    def __init__(self, replies: Iterator[str]) -> None:
        self.replies = replies
        self.trainable = True
        self.traces: list[Any] = []

    @contextlib.asynccontextmanager
    async def interaction(self, task: Any):
        import verifiers.v1 as vf
        from verifiers.v1.graph import MessageNode
        from verifiers.v1.trace import AgentInfo, ModelCall, Trace, TraceTask

        trace = Trace(
            task=TraceTask(type="GameTask", data=task.data),
            agent=AgentInfo(config=vf.AgentConfig()),
        )
        seat = self

        class Conversation:
            def __init__(self) -> None:
                self.trace = trace

            async def turn(self, message: str) -> None:
                trace.nodes.append(MessageNode(message=vf.UserMessage(content=message)))
                reply = vf.AssistantMessage(content=next(seat.replies))
                trace.nodes.append(
                    MessageNode(parent=len(trace.nodes) - 1, sampled=True, message=reply)
                )
                trace.calls.append(ModelCall(node=len(trace.nodes) - 1, finish_reason="stop"))

        self.traces.append(trace)
        yield Conversation()


def _run(env: Any, task: Any, agents: Any) -> Any:
    from verifiers.v1.episode import Episode
    from verifiers.v1.trace import TraceTask

    asyncio.run(env.run(task, agents))
    traces = [t for seat in (agents.alice, agents.bob) for t in seat.traces]
    episode = Episode(task=TraceTask(type="GameTask", data=task.data), traces=traces)
    asyncio.run(env.finalize(task, episode))
    return traces


@needs_vf
def test_verifiers_env_credits_every_decision() -> None:
    from types import SimpleNamespace

    from recon_data.training.vf_games import classes

    built = classes()
    config = built["GamesEnvConfig"](credit="exact", max_retries=1)
    env = object.__new__(built["GamesEnv"])  # the run()/finalize() logic, without a served taskset
    env.config = config
    task = built["GameTask"](built["GameTaskData"](game="escalation", seed=0))
    alice = Seat(iter(["</think><s>choice_2</s>", "</think> hmm", "</think><s>choice_2</s>"]))
    bob = Seat(iter(["</think><s>choice_2</s>"]))
    agents = SimpleNamespace(alice=alice, bob=bob)
    asyncio.run(env.setup(agents))
    assert alice.trainable and bob.trainable
    traces = _run(env, task, agents)
    # Alice: root A2 (exact credit 0: -3), then at her last node one unreadable reply and,
    # after the feedback, A2 (best: +5). Bob: B2 (best: +5). One trace per decision.
    a_root, a_last, b = alice.traces[0], alice.traces[1], bob.traces[0]
    assert len(traces) == 3
    assert a_root.rewards["move"].score == -3.0 and a_root.metrics == {"credit": 0.0, "regret": 1.0}
    assert b.rewards["move"].score == 5.0
    assert a_last.rewards["move"].score == 5.0
    # The feedback is a user turn inside the decision's trace; the replies are the sampled nodes.
    assert "I could not find an action" in a_last.nodes[2].message.content
    assert [n.sampled for n in a_last.nodes] == [False, True, False, True]
    assert a_root.info["selfplay"]["player"] == 0


@needs_vf
def test_verifiers_env_failures_and_tasks() -> None:
    from types import SimpleNamespace

    from recon_data.training.vf_games import classes

    built = classes()
    env = object.__new__(built["GamesEnv"])
    env.config = built["GamesEnvConfig"](credit="outcome", max_retries=0, trainable=["alice"])
    task = built["GameTask"](built["GameTaskData"](game="prisoners_dilemma", seed=0))
    agents = SimpleNamespace(
        alice=Seat(iter(["<s>choice_1</s>"])), bob=Seat(iter(["</think><s>choice_2</s>"]))
    )
    asyncio.run(env.setup(agents))
    assert agents.alice.trainable and not agents.bob.trainable
    traces = _run(env, task, agents)
    # Alice never closed her reasoning: -4, and a random move stood in. Bob's c2 earned him
    # his outcome; his credit is his payoff placed among the matrix's (0..5).
    assert traces[0].rewards["move"].score == -4.0
    assert traces[1].metrics["credit"] in (0.2, 1.0)
    taskset = built["GameTaskset"](
        built["GameTasksetConfig"](games=["trees:2", "matrices:1"], episodes=2)
    )
    assert [t.key for t in taskset.load()][:2] == ["tree3-s1000:0", "tree3-s1000:1"]
    assert len(taskset.load()) == 6
    with pytest.raises(ReconDataError, match="evaluation games"):
        built["GameTaskset"](built["GameTasksetConfig"](games=["hua2024"])).load()


def test_one_seat_for_trl_environment_factory() -> None:
    env = GameSeatEnv()
    first = env.reset(game="monopoly", seat=0, opponent="spe")
    assert "It is your turn" in first and 'move(action="choice_1")' in first
    done = env.move("choice_2")  # enter; the SPE incumbent accommodates: (2, 1)
    assert done == "The game is over. Payoffs (Alice, Bob): 2, 1."
    assert env.get_reward() == 5.0
    # Bob in Hot-Cold against a first-choice Alice: she opens A1, he answers B1 (2 < 3): -3.
    view = env.reset(game="hot_cold", seat=1, opponent="first")
    assert "Alice chose choice_1" in view
    env.move("choice_1")
    assert env.get_reward() == -3.0
    # A repeated game: the opponent's choice stays hidden; two rounds, two moves.
    env.reset(game="rep-prisoners_dilemma-r2", seat=0, opponent="tit-for-tat")
    env.move("choice_2")
    end = env.move("choice_2")
    assert end.startswith("The game is over") and env.get_reward() == 5.0
    # A move the reading rule refuses: -5, and a random legal move stands in.
    env.reset(game="escalation", seat=0, opponent="spe")
    assert env.move("choice 7 maybe").startswith("'choice 7 maybe' was not read")
    assert env.get_reward() == -5.0
    assert env.move("choice_1") in ("The game is over.",) or env.env.done
    for kwargs, message in (
        ({"game": "escalation", "opponent": "oracle"}, "unknown opponent"),
        ({"game": "escalation", "seat": 2}, "seat must be 0 or 1"),
        ({"game": "chess"}, "unknown game"),
    ):
        with pytest.raises(ReconDataError, match=message):
            env.reset(**kwargs)
    with pytest.raises(ReconDataError, match="reset"):
        GameSeatEnv().move("choice_1")
    with pytest.raises(ReconDataError):
        GameSeatEnv(credit="rollout")
