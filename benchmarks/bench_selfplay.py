"""Does self-play GRPO teach a tiny model, and does exact credit learn faster than outcome credit?

The "trust" family (built here, seeded): Alice either takes a safe payoff (choice_1: she
gets s whatever Bob does) or trusts Bob (choice_2). Bob's best reply is choice_2 at both of
his nodes (after trust it gives Alice s + 1..3; choice_1 would give her -9..-6 and Bob
less). So the subgame-perfect path is (choice_2, choice_2), the same label for both seats
(a tiny model cannot tell the seats apart, so opposite labels would cancel out); but
against a Bob who answers at random, trusting is worth less than the safe payoff, so the
outcome of an episode punishes Alice's best move whenever her opponent errs: exactly the
noise MARO's direct utility evaluation (exact credit here) is meant to remove.

1. A tiny random-weight model (`training.tiny`) gets a format-only warm-up: supervised steps
   on both seats' prompts of the training games with the answer `</think> <s>choice_k</s>`,
   k uniform over the legal actions (it learns the format, not which move is good).
2. "before": the warm model plays held-out games of the family (seeds 5000+; training uses
   1000+) as each seat against scripted opponents (`random`, `spe`) and in self-play,
   through the evaluation backend (transformers, temperature 0.6); every decision is scored
   exactly (best-move share, regret, SPE-path rate, format failures).
3. Two runs of `train selfplay` (the smoke recipe, steps and learning rate overridden) from
   the same warm model, same seed, same budget: `exact` and `outcome` credit; opponents
   half self-play, half a scripted random player. Each is scored as in 2.

Run: python benchmarks/bench_selfplay.py [--steps 40] [--warmup-steps 120]
It prints the table docs/maro.md shows, and each phase's wall and CPU time and peak memory.
"""

from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any


def trust_game(seed: int) -> Any:
    """One game of the trust family (see the module doc)."""
    from recon_data.games.spec import GameSpec
    from recon_data.gametheory.tree import Decision, leaf

    rng = random.Random(f"trust:{seed}")
    safe = rng.randint(1, 3)
    # Bob's best reply is choice_2 at both of his nodes, as Alice's best move is choice_2.
    after_safe = Decision(
        1,
        (("choice_1", leaf(safe, rng.randint(0, 2))), ("choice_2", leaf(safe, rng.randint(4, 6)))),
    )
    after_trust = Decision(
        1,
        (
            ("choice_1", leaf(rng.randint(-9, -6), 0)),
            ("choice_2", leaf(safe + rng.randint(1, 3), rng.randint(1, 3))),
        ),
    )
    root = Decision(0, (("choice_1", after_safe), ("choice_2", after_trust)))
    return GameSpec(
        f"trust-s{seed}", f"Trust game (seed {seed})", "generated", "sequential", tree=root
    )


def warm_up(model_dir: Path, out: Path, specs: list[Any], steps: int, seed: int) -> float:
    """Format-only supervised warm-up on the decision nodes of `specs`."""
    from format_warmup import format_warm_up

    from recon_data.games.decisions import tree_decisions

    nodes = [n for s in specs for n in tree_decisions(s)]
    return format_warm_up(model_dir, out, [(n.prompt, n.legal) for n in nodes], steps, seed)


def model_generate(model: str, adapter: str | None) -> Any:
    """The evaluation backend (transformers, temperature 0.6) as a self-play `Generate`."""
    from recon_data.training.selfplay import model_complete
    from recon_data.training.selfplay_episodes import Generated

    settings = {"temperature": 0.6, "max_new_tokens": 24, "batch_size": 64, "dtype": "float32"}
    complete, _ = model_complete(model, adapter=adapter, backend="transformers", overrides=settings)
    return lambda convs: [
        Generated([], [], t)
        for t in complete([SimpleNamespace(messages=m) for m in convs])  # type: ignore[list-item]
    ]


def score(specs: list[Any], generate: Any, trials: int) -> dict[str, dict[str, float]]:
    """Best-move share, regret, SPE-path rate and format failures of the learner, per opponent."""
    from recon_data.training.selfplay_credit import score_samples
    from recon_data.training.selfplay_episodes import LEARNER, Plan, play_episodes
    from recon_data.training.selfplay_games import TrainingGame

    games = [TrainingGame(s.name, "trust", s) for s in specs]
    out = {}
    for opponent in ("random", "spe", "self"):
        seatings = (
            [(LEARNER, LEARNER)]
            if opponent == "self"
            else [(LEARNER, opponent), (opponent, LEARNER)]
        )
        plans = [Plan(g, t, seats) for g in games for t in range(trials) for seats in seatings]
        played = play_episodes(plans, learner=generate, max_retries=0, fallback="random")
        score_samples(played, "exact")
        samples = [s for p in played for s in p.samples]
        moves = [s for s in samples if s.regret is not None]
        on_path = [
            p.env.episode.outcome in set(p.game.spec.spe.paths)
            and not any(c.by_fallback for c in p.env.episode.choices)
            for p in played
        ]
        n = len(moves)
        out[opponent] = {
            "moves": float(n),
            "best": sum(s.regret == 0 for s in moves) / n if n else float("nan"),
            "regret": sum(s.regret for s in moves) / n if n else float("nan"),  # type: ignore[misc]
            "spe": sum(on_path) / len(on_path),
            "fmt": sum(s.failed for s in samples) / len(samples),
        }
    return out


def uniform_generate(seed: int) -> Any:
    """A reference player: a uniformly random legal action, read from the prompt's list."""
    import re

    from recon_data.training.selfplay_episodes import Generated

    rng = random.Random(f"uniform:{seed}")
    legal = re.compile(r"Your legal actions: ([^.]*)\.")

    def generate(convs: list[Any]) -> list[Generated]:
        out = []
        for messages in convs:
            found = legal.findall(messages[0]["content"])
            action = rng.choice(found[-1].split(", "))
            out.append(Generated([], [], f"</think>\n\n<s>{action}</s>"))
        return out

    return generate


class Phase:
    """Wall time, CPU time and peak memory of one phase."""

    def __init__(self, name: str, log: list[str]) -> None:
        self.name, self.log = name, log

    def __enter__(self) -> Phase:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.log.append(
            f"{self.name}: {time.perf_counter() - self.wall:.0f} s wall, "
            f"{time.process_time() - self.cpu:.0f} s CPU, peak RSS {peak:.0f} MiB"
        )


def main() -> None:
    """Warm up, score, train with exact and with outcome credit, score each; print the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=40, help="self-play GRPO steps per credit mode")
    ap.add_argument("--warmup-steps", type=int, default=120)
    ap.add_argument("--games", type=int, default=32, help="training games of the family")
    ap.add_argument("--eval-games", type=int, default=16)
    ap.add_argument("--trials", type=int, default=2, help="episodes per game, seating and opponent")
    ap.add_argument("--lr", type=float, default=5e-3)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    import torch

    from recon_data.training.recipes import load_recipe
    from recon_data.training.selfplay_games import TrainingGame
    from recon_data.training.selfplay_train import train_selfplay
    from recon_data.training.tiny import save_tiny_model

    train = [trust_game(1000 + i) for i in range(args.games)]
    held_out = [trust_game(5000 + i) for i in range(args.eval_games)]
    log: list[str] = []
    rows: dict[str, dict[str, dict[str, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        base, warm = Path(tmp, "tiny"), Path(tmp, "warm")
        save_tiny_model(base, seed=args.seed)
        torch.manual_seed(args.seed)
        with Phase(f"warm-up ({args.warmup_steps} steps)", log):
            warm_loss = warm_up(base, warm, train, args.warmup_steps, args.seed)
        rows["uniform random (reference)"] = score(
            held_out, uniform_generate(args.seed), args.trials
        )
        with Phase("score before", log):
            rows["before (format warm-up)"] = score(
                held_out, model_generate(str(warm), None), args.trials
            )
        rewards: dict[str, list[float]] = {}
        for credit in ("exact", "outcome"):
            out = Path(tmp, credit)
            overrides: dict[str, Any] = {
                "model_name_or_path": str(warm), "output_dir": str(out), "max_steps": args.steps,
                "learning_rate": args.lr, "save_strategy": "no", "logging_steps": 5,
                "selfplay_credit": credit, "selfplay_opponents": ["self:1", "random:1"],
                "seed": 3407 + args.seed,
            }  # fmt: skip
            recipe = load_recipe("selfplay-smoke", trainer="selfplay", overrides=overrides)
            torch.manual_seed(args.seed)
            with Phase(f"self-play GRPO, {credit} credit ({args.steps} steps)", log):
                result = train_selfplay(
                    recipe, games=[TrainingGame(s.name, "trust", s) for s in train]
                )
            rewards[credit] = [h["reward"] for h in result.log_history if "reward" in h]
            with Phase(f"score after {credit}", log):
                rows[f"after {credit} credit"] = score(
                    held_out, model_generate(str(warm), str(out)), args.trials
                )
    print(
        f"trust family: {args.games} training games, {args.eval_games} held-out games x {args.trials} "
        f"trials per seating; warm-up {args.warmup_steps} steps (final loss {warm_loss:.3f}); "
        f"{args.steps} GRPO steps per credit mode, lr {args.lr}, opponents self:1 random:1"
    )
    for credit, values in rewards.items():
        print(
            f"{credit} credit, logged mean reward per 5 steps: "
            + ", ".join(f"{r:.2f}" for r in values)
        )
    print(
        "\n| policy | opponent | moves | best-move share | regret | SPE-path rate | format failures |"
    )
    print("|---|---|---|---|---|---|---|")
    for name, by_opponent in rows.items():
        for opponent, r in by_opponent.items():
            print(
                f"| {name} | {opponent} | {r['moves']:.0f} | {r['best']:.2f} | {r['regret']:.2f} | "
                f"{r['spe']:.2f} | {r['fmt']:.2f} |"
            )
    print()
    for line in log:
        print(line)


if __name__ == "__main__":
    main()
