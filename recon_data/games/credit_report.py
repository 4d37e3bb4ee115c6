"""`games credit`: every move of a saved run with its value and credit, under one credit mode.

`credit_report(path, mode)` reads a `games eval --out` file (`transcripts.read_episodes`,
checked against the games' rules), credits every decision that entered a game
(`move_credit`) and returns `{"credit": mode, ..., "moves": [...], "summary": [...]}`: per
move the game, the episode (its position in the file, 0-based), seed, player, role, turn,
history, action, whether a fallback chose it, `q`, `best_q`, `credit`, `regret` and
(exact, rollout) every legal action's value; per game and role the mean credit and regret.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

from recon_data.games.move_credit import CreditedMove, check_mode, credit_episodes
from recon_data.games.rollouts import continuation_policy
from recon_data.games.transcripts import read_episodes


def number(x: Fraction | None) -> int | float | None:
    """An exact value for JSON: an integer when whole, else the nearest float."""
    if x is None:
        return None
    return int(x) if x.denominator == 1 else float(x)


def _row(index: int, seed: int, game: str, m: CreditedMove) -> dict[str, Any]:
    c = m.choice
    return {
        "game": game,
        "episode": index,
        "seed": seed,
        "player": c.player,
        "role": c.role,
        "turn": c.turn,
        "history": list(c.history),
        "action": c.action,
        "by_fallback": c.by_fallback,
        "q": number(m.q),
        "best_q": number(m.best_q),
        "credit": number(m.credit),
        "regret": number(m.regret),
        "values": None if m.values is None else {a: number(v) for a, v in m.values.items()},
    }


def _summary(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault((r["game"], r["role"]), []).append(r)
    out = []
    for (game, role), items in groups.items():
        credited = [r for r in items if r["credit"] is not None and not r["by_fallback"]]
        out.append(
            {
                "game": game,
                "role": role,
                "moves": len(items),
                "credited": len(credited),
                "mean_credit": _mean([r["credit"] for r in credited]),
                "mean_regret": _mean([r["regret"] for r in credited]),
                "best_share": _mean([float(r["regret"] == 0) for r in credited]),
            }
        )
    return out


def _mean(xs: list[float]) -> float | None:
    return sum(xs) / len(xs) if xs else None


def credit_report(
    path: Path | str,
    mode: str,
    *,
    policy: str = "empirical",
    rollouts: int = 8,
    seed: int = 0,
) -> dict[str, Any]:
    """Credit every move of a saved run (see the module doc); rollout plays on with `policy`."""
    check_mode(mode)
    pairs = read_episodes(path)
    complete = None
    if mode == "rollout":
        complete = continuation_policy(policy, [e for _, e in pairs])
    # The continuation policies here are scripted: they read no prompts, so none are built.
    credited = credit_episodes(
        pairs, mode, policy=complete, rollouts=rollouts, seed=seed, messages=False
    )
    rows = [
        _row(i, e.seed, spec.name, m)
        for i, ((spec, e), moves) in enumerate(zip(pairs, credited, strict=True))
        for m in moves
    ]
    return {
        "credit": mode,
        "file": str(path),
        "episodes": len(pairs),
        "policy": policy if mode == "rollout" else None,
        "rollouts": rollouts if mode == "rollout" else None,
        "seed": seed if mode == "rollout" else None,
        "moves": rows,
        "summary": _summary(rows),
    }


def render_credit(report: dict[str, Any], echo: Any) -> None:
    """Print one line per move, then the mean credit and regret per game and role."""

    def cell(x: float | int | None) -> str:
        return "-" if x is None else f"{x:g}" if isinstance(x, int) else f"{x:.3g}"

    for r in report["moves"]:
        where = " -> ".join(r["history"]) or "start"
        flag = " (fallback)" if r["by_fallback"] else ""
        echo(
            f"{r['game']}  episode {r['episode']}  {r['role']} at {where}: {r['action']}{flag}  "
            f"q {cell(r['q'])}  best {cell(r['best_q'])}  credit {cell(r['credit'])}"
        )
    how = f"{report['credit']} credit"
    if report["credit"] == "rollout":
        how += f", {report['rollouts']} plays a move under {report['policy']}"
    echo(f"\n{report['episodes']} episodes, {len(report['moves'])} moves, {how}:")
    for s in report["summary"]:
        echo(
            f"  {s['game']:<24} {s['role']:<6} moves {s['moves']:>4}  mean credit "
            f"{cell(s['mean_credit'])}  mean regret {cell(s['mean_regret'])}  best-move share "
            f"{cell(s['best_share'])}"
        )
