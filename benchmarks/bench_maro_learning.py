"""Does MARO-style GRPO on decision nodes teach a tiny model anything? Before/after, on CPU.

1. A tiny random-weight model (`training.tiny`) cannot write `</think>` and a move, so it
   first gets a *format-only* warm-up: a few supervised steps on decision-node prompts of
   the `dominant` family with the answer `</think> <s>choice_k</s>`, k drawn uniformly
   from the legal actions, so it learns the format but nothing about which move is good.
2. "before": that model plays held-out games of the family (seeds 5000+; training uses
   1000+) in self-play through the games evaluation (`recon_data.games.play` with the
   `training.selfplay` model backend); each decision is scored exactly
   (`recon_data.games.credit`: the move's value under subgame-perfect continuation, its
   value normalised at the node, its regret).
3. GRPO with the `maro-smoke` recipe (steps and game count overridden) on the family's
   decision nodes, rewarded by `game_move_reward`; then "after", scored the same way.

The family is trivial on purpose (choice_2 is best for the mover at every node), so a
model that cannot read the prompt can still learn it: this checks the reward and data
path end to end, not strategic reasoning. Run: python benchmarks/bench_maro_learning.py
"""

from __future__ import annotations

import argparse
import tempfile
import time
from fractions import Fraction
from pathlib import Path
from typing import Any


def warm_up(model_dir: Path, out: Path, steps: int, seed: int) -> float:
    """Format-only supervised warm-up on the decision nodes of 32 dominant-move games."""
    from format_warmup import format_warm_up

    from recon_data.training.game_data import decision_rows, training_games

    rows = decision_rows(training_games("dominant", 32), balance=False)
    choices = [(r["prompt"], r["legal_actions"]) for r in rows]
    return format_warm_up(model_dir, out, choices, steps, seed)


def score(specs: list[Any], episodes: list[Any]) -> dict[str, float]:
    """Mean exact move value, normalised value, regret and best-move share; failure and SPE rates."""
    from recon_data.games.credit import credit_episode
    from recon_data.games.scoring import score_games

    by_name = {s.name: s for s in specs}
    moves = [
        m
        for e in episodes
        for m in credit_episode(by_name[e.game], e, "exact")
        if not m.choice.by_fallback
    ]
    blocks = [score_games(s, [e for e in episodes if e.game == s.name]) for s in specs]
    n = len(moves)

    def mean(xs: list[Fraction]) -> float:
        return float(sum(xs) / n) if n else float("nan")

    return {
        "moves": n,
        "value": mean([m.raw for m in moves]),
        "norm_value": mean([m.credit for m in moves]),
        "regret": mean([m.regret for m in moves]),
        "best_share": mean([Fraction(int(m.regret == 0)) for m in moves]),
        "format_fail": sum(b["format_failure_rate"] for b in blocks) / len(blocks),
        "spe_rate": sum(b["spe_rate"] for b in blocks) / len(blocks),
    }


def play(specs: list[Any], trials: int, model: str, adapter: str | None) -> list[Any]:
    """Self-play through the evaluation's model backend (transformers, temperature 0.6)."""
    from recon_data.games.play import play_trials
    from recon_data.training.selfplay import model_complete

    settings = {"temperature": 0.6, "max_new_tokens": 24, "batch_size": 64, "dtype": "float32"}
    complete, _ = model_complete(model, adapter=adapter, backend="transformers", overrides=settings)
    return play_trials(specs, trials, complete, seed=0)


def main() -> None:
    """Warm up, score, train with maro-smoke, score again; print the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=40, help="GRPO steps")
    ap.add_argument("--warmup-steps", type=int, default=120)
    ap.add_argument("--games", type=int, default=32, help="training games of the family")
    ap.add_argument("--eval-games", type=int, default=16)
    ap.add_argument("--trials", type=int, default=4)
    ap.add_argument("--lr", type=float, default=5e-3, help="maro-smoke's is 1e-3; 0 keeps it")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    import torch

    from recon_data.games.play import play_trials, scripted
    from recon_data.training.game_data import dominant_tree_game
    from recon_data.training.grpo import train_grpo
    from recon_data.training.recipes import load_recipe
    from recon_data.training.tiny import save_tiny_model

    torch.manual_seed(args.seed)
    specs = [dominant_tree_game(5000 + i) for i in range(args.eval_games)]
    rows: dict[str, dict[str, float]] = {}
    for policy in ("random", "spe"):
        rows[f"scripted {policy}"] = score(specs, play_trials(specs, args.trials, scripted(policy)))
    with tempfile.TemporaryDirectory() as tmp:
        base, warm, out = Path(tmp, "tiny"), Path(tmp, "warm"), Path(tmp, "maro")
        save_tiny_model(base, seed=args.seed)
        t0 = time.time()
        warm_loss = warm_up(base, warm, args.warmup_steps, args.seed)
        t_warm = time.time() - t0
        rows["before (format warm-up)"] = score(specs, play(specs, args.trials, str(warm), None))
        overrides: dict[str, Any] = {
            "model_name_or_path": str(warm),
            "corpus": f"games:dominant:{args.games}",
            "train_limit": None,
            "max_steps": args.steps,
            "output_dir": str(out),
            "save_strategy": "no",
            "logging_steps": 10,
        }
        if args.lr:
            overrides["learning_rate"] = args.lr
        recipe = load_recipe("maro-smoke", trainer="grpo", overrides=overrides)
        t0 = time.time()
        result = train_grpo(recipe)
        t_grpo = time.time() - t0
        rows["after maro-smoke GRPO"] = score(specs, play(specs, args.trials, str(warm), str(out)))
    rewards = [h["reward"] for h in result.log_history if "reward" in h]
    print(
        f"dominant family, {args.eval_games} held-out games x {args.trials} self-play trials; "
        f"warm-up {args.warmup_steps} steps ({t_warm:.0f} s, final loss {warm_loss:.3f}), GRPO {result.global_step} steps "
        f"({t_grpo:.0f} s, lr {recipe.args.learning_rate}); logged mean reward per 10 steps: "
        + ", ".join(f"{r:.2f}" for r in rewards)
    )
    cols = ("moves", "value", "norm_value", "regret", "best_share", "format_fail", "spe_rate")
    print(f"{'policy':28}" + "".join(f"{c:>12}" for c in cols))
    for name, r in rows.items():
        print(
            f"{name:28}"
            + "".join(f"{r[c]:>12.3f}" if c != "moves" else f"{r[c]:>12d}" for c in cols)
        )


if __name__ == "__main__":
    main()
