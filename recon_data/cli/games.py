"""`recon-data games list|show|play|eval`: the game environments, self-play and exact scores."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from recon_data.cli import OrderedGroup


@click.group(
    "games",
    cls=OrderedGroup,
    help="Game environments, self-play and exact equilibrium scores.",
    no_args_is_help=True,
)
def games_group() -> None:
    """Game environments, self-play and exact equilibrium scores."""


def register(group: click.Group) -> None:
    """Add the `games` command group to the main group."""
    group.add_command(games_group)


# Options several commands share. `click.option(...)` builds a fresh Option each time the
# decorator is applied, so one decorator can be reused across commands.
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON.")
parser_option = click.option(
    "--parser",
    default="auto",
    show_default=True,
    help="Answer parser: auto, tag (<s>..</s>), boxed, bare.",
)
retries_option = click.option(
    "--retries",
    type=int,
    default=2,
    show_default=True,
    help="Retries with feedback after an unreadable reply.",
)
fallback_option = click.option(
    "--fallback", default="forfeit", show_default=True, help="After the retries: forfeit or random."
)


@games_group.command("list")
@json_option
def list_games(as_json: bool) -> None:
    """List every game with its suite and kind."""
    from recon_data.games.catalog import all_games
    from recon_data.games.gtbench_games import GAMES as GTBENCH_GAMES

    rows = [{"name": g.name, "suite": g.suite, "kind": g.kind} for g in all_games()]
    rows += [{"name": g.name, "suite": "gtbench", "kind": g.kind} for g in GTBENCH_GAMES]
    if as_json:
        click.echo(json.dumps({"games": rows}, indent=2))
        return
    for row in rows:
        click.echo(f"{row['name']:<22} {row['suite']:<10} {row['kind']}")
    click.echo("generated games by name too: nfRxC-sSEED (matrix), treeD-sSEED (tree)")


def show_data(name: str) -> dict[str, Any]:
    """What `games show --json` prints: equilibria and, for trees, every node's action values."""
    from recon_data.games.catalog import get_game

    spec = get_game(name)
    labels = lambda p, a: f"choice_{a + 1}"  # noqa: E731
    out: dict[str, Any] = {"name": spec.name, "kind": spec.kind}
    if spec.kind == "simultaneous":
        out["pure_nash"] = [[labels(p, a) for p, a in enumerate(x)] for x in spec.pure_nash]
        out["spe_paths"] = []
        out["nodes"] = []
        return out
    from recon_data.gametheory.tree import tree_normal_form

    form = tree_normal_form(spec.tree, reduced=True)  # type: ignore[arg-type]
    out["pure_nash"] = [[form.label(p, a) for p, a in enumerate(x)] for x in spec.pure_nash]
    out["spe_paths"] = [list(p) for p in spec.spe.paths]
    out["nodes"] = [
        {
            "player": spec.spe.players[h],
            "history": list(h),
            "values": {a: [_num(x) for x in v] for a, v in spec.spe.action_values[h].items()},
        }
        for h in sorted(spec.spe.action_values, key=lambda h: (len(h), h))
    ]
    return out


def _num(x: Any) -> int | float:
    return int(x) if x.denominator == 1 else float(x)


@games_group.command("show")
@click.argument("name", help="Game name (see `games list`).")
@json_option
def show(name: str, as_json: bool) -> None:
    """Show a game: its rules as each seat sees them, its equilibria, and its action values."""
    from recon_data.games.catalog import get_game
    from recon_data.games.env import GameEnv

    data = show_data(name)
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    spec = get_game(name)
    click.echo(f"{spec.title} ({spec.name}, {spec.suite}, {spec.kind})\n")
    env = GameEnv(spec)
    for seat in env.to_move():
        click.echo(f"--- prompt for {spec.players[seat]} ---\n{env.prompt(seat)[0]['content']}\n")
    click.echo(
        "pure Nash equilibria: " + ("; ".join(", ".join(x) for x in data["pure_nash"]) or "none")
    )
    if spec.kind == "sequential":
        click.echo("pure strategies: an action at each reachable own node, `*` where ruled out")
        click.echo("subgame-perfect paths: " + "; ".join(" -> ".join(p) for p in data["spe_paths"]))
        click.echo("nodes (value of each action when play continues subgame-perfectly):")
        for node in data["nodes"]:
            where = " -> ".join(node["history"]) or "start"
            vals = ", ".join(f"{a}: {tuple(v)}" for a, v in node["values"].items())
            click.echo(f"  {spec.players[node['player']]} at {where}: {vals}")


@games_group.command("play")
@click.argument("name", help="Game name.")
@click.option(
    "--policy", default="random", show_default=True, help="random, first, spe, tit-for-tat."
)
@click.option("--seed", type=int, default=0, show_default=True, help="Episode seed.")
@parser_option
@json_option
def play(name: str, policy: str, seed: int, parser: str, as_json: bool) -> None:
    """Play one episode with a scripted policy in both seats and print every move."""
    from recon_data.games.catalog import get_game
    from recon_data.games.play import play_trials, scripted

    spec = get_game(name)
    (episode,) = play_trials([spec], 1, scripted(policy, parser), seed=seed, parser=parser)
    if as_json:
        click.echo(json.dumps(episode.to_dict(), indent=2))
        return
    for move in episode.moves:
        click.echo(
            f"{move.role}: {move.completion!r} -> {move.played} ({move.status}, {move.resolution})"
        )
    pays = "none (forfeit)" if episode.payoffs is None else ", ".join(map(str, episode.payoffs))
    click.echo(f"outcome: {' -> '.join(episode.outcome or ())}; payoffs {pays}")


@games_group.command("eval")
@click.option(
    "--games",
    multiple=True,
    help="hua2024, generated, gtbench, or game names; repeatable or comma-separated.",
)
@click.option(
    "--opponent", help="GTBench games: random, first, mcts, or a model served at --opponent-url."
)
@click.option("--opponent-url", help="OpenAI-compatible endpoint of a model --opponent.")
@click.option(
    "--mcts-simulations",
    type=int,
    default=1000,
    show_default=True,
    help="GTBench MCTS: simulations per move.",
)
@click.option("--model", help="Model folder or Hub id (openai: served name).")
@click.option("--policy", help="A scripted policy instead of a model.")
@click.option("--adapter", help="LoRA adapter folder.")
@click.option("--backend", help="vllm, transformers or openai.")
@click.option(
    "--trials", type=int, default=20, show_default=True, help="Self-play trials per game."
)
@click.option(
    "--temperature", type=float, default=0.6, show_default=True, help="Sampling temperature."
)
@click.option("--seed", type=int, default=0, show_default=True, help="First episode seed.")
@parser_option
@retries_option
@fallback_option
@click.option("--set", "set_", multiple=True, help="Generation setting key=value. Repeatable.")
@json_option
@click.option("--out", type=click.Path(path_type=Path), help="Save every transcript (JSON Lines).")
@click.option("--force", is_flag=True, help="Replace an existing --out file.")
def evaluate(
    games: tuple[str, ...],
    opponent: str | None,
    opponent_url: str | None,
    mcts_simulations: int,
    model: str | None,
    policy: str | None,
    adapter: str | None,
    backend: str | None,
    trials: int,
    temperature: float,
    seed: int,
    parser: str,
    retries: int,
    fallback: str,
    set_: tuple[str, ...],
    as_json: bool,
    out: Path | None,
    force: bool,
) -> None:
    """Self-play the games (model or scripted policy in both seats) and score them exactly."""
    from rich.console import Console

    from recon_data.errors import ReconDataError
    from recon_data.games.catalog import gtbench_selection
    from recon_data.games.report import render_report, write_transcripts
    from recon_data.storage import check_output_file
    from recon_data.training.recipes import parse_overrides
    from recon_data.training.selfplay import run_games

    if out is not None:
        check_output_file(out)
        if out.exists() and not force:
            raise ReconDataError("output exists; pass --force to replace it", file=str(out))
    gtbench = gtbench_selection(games)
    if gtbench is not None:
        _eval_gtbench(
            gtbench, model=model, policy=policy, adapter=adapter, backend=backend,
            opponent=opponent, opponent_url=opponent_url, mcts_simulations=mcts_simulations,
            trials=trials, temperature=temperature, seed=seed, parser=parser,
            max_retries=retries, fallback=fallback, overrides=parse_overrides(list(set_)),
            as_json=as_json, out=out, force=force,
        )  # fmt: skip
        return
    if opponent is not None or opponent_url is not None:
        raise ReconDataError("--opponent applies to GTBench games only (--games gtbench)")
    report, episodes = run_games(
        list(games) or ["hua2024"], model=model, policy=policy, adapter=adapter, backend=backend,
        trials=trials, temperature=temperature, seed=seed, parser=parser, max_retries=retries,
        fallback=fallback, overrides=parse_overrides(list(set_)),
    )  # fmt: skip
    if out is not None:
        write_transcripts(episodes, out, force=force)
    if as_json:
        click.echo(json.dumps(report, indent=2))
        return
    render_report(report, Console())
    if out is not None:
        click.echo(f"transcripts: {out}")


def _eval_gtbench(
    games: list[str],
    *,
    model: str | None,
    policy: str | None,
    opponent: str | None,
    opponent_url: str | None,
    mcts_simulations: int,
    temperature: float,
    overrides: dict[str, Any],
    as_json: bool,
    out: Path | None,
    force: bool,
    **options: Any,
) -> None:
    """Play GTBench matches (model or scripted agent against --opponent) and report them."""
    from typing import cast

    from rich.console import Console

    from recon_data.errors import ReconDataError
    from recon_data.games.gtbench import SCRIPTED, mcts_supported, pyspiel_module, scripted_agent
    from recon_data.games.gtbench_match import (
        build_gtbench_report,
        play_matches,
        render_gtbench_report,
        write_matches,
    )  # fmt: skip

    if (model is None) == (policy is None):
        raise ReconDataError("give exactly one of --model and --policy")
    if opponent is None:
        raise ReconDataError(f"GTBench games need --opponent ({', '.join(SCRIPTED)} or a model)")
    if opponent in SCRIPTED and opponent_url is not None:
        raise ReconDataError(f"--opponent-url applies to a model --opponent, not {opponent!r}")
    pyspiel_module()  # fail at once, in one line, without OpenSpiel
    settings = {"temperature": temperature, **overrides}
    protocol: dict[str, Any] = {"trials": options["trials"], "seed": options["seed"]}
    protocol.update(parser=options["parser"], max_retries=options["max_retries"])
    protocol.update(fallback=options["fallback"], seats="match 2k and 2k+1 share seed+k, swapped")

    def agent(name: str, *, url: str | None = None, **kw: Any) -> Any:
        if name in SCRIPTED and not kw:
            return scripted_agent(name, options["parser"], simulations=mcts_simulations)
        from recon_data.training.selfplay import model_complete

        extra = {} if url is None else {"base_url": url}
        complete, fields = model_complete(name, overrides={**settings, **extra}, **kw)
        protocol.setdefault("generation", []).append(fields)
        # The backend reads only `.messages` of each request.
        return lambda requests: complete(cast(Any, requests))

    if model is not None:
        me = agent(model, adapter=options["adapter"], backend=options["backend"])
    else:
        me = agent(cast(str, policy))
    them = (
        agent(opponent)
        if opponent in SCRIPTED
        else agent(opponent, url=opponent_url, backend="openai")
    )
    uses_mcts = "mcts" in (policy, opponent)
    skipped = {
        g: "MCTS needs sequential moves" for g in games if uses_mcts and not mcts_supported(g)
    }
    playable = [g for g in games if g not in skipped]
    protocol.update(me=model or policy, opponent=opponent, opponent_url=opponent_url)
    protocol.update(mcts_simulations=mcts_simulations if uses_mcts else None)
    matches = play_matches(
        playable, options["trials"], me, them, seed=options["seed"], parser=options["parser"],
        max_retries=options["max_retries"], fallback=options["fallback"],
    )  # fmt: skip
    report = build_gtbench_report(playable, matches, protocol, skipped)
    if out is not None:
        write_matches(matches, out, force=force)
    if as_json:
        click.echo(json.dumps(report, indent=2))
        return
    render_gtbench_report(report, Console())
    if out is not None:
        click.echo(f"transcripts: {out}")
