"""`recon-data games list|show|play|eval|credit`: game environments, self-play, exact scores, credit."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from recon_data.cli import help_when_bare
from recon_data.cli.options import QuietOpt

games_app = typer.Typer(
    name="games",
    help="Game environments, self-play and exact equilibrium scores.",
    invoke_without_command=True,
    add_completion=False,
    rich_markup_mode=None,
)
games_app.callback()(help_when_bare)


def register(app: typer.Typer) -> None:
    """Add the `games` command group to the main app."""
    app.add_typer(games_app, name="games")


# Options several commands share.
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]
ParserOpt = Annotated[str, typer.Option(help="Answer parser: auto, tag (<s>..</s>), boxed, bare.")]
RetriesOpt = Annotated[int, typer.Option(help="Retries with feedback after an unreadable reply.")]
FallbackOpt = Annotated[str, typer.Option(help="After the retries: forfeit or random.")]
PolicyHelp = (
    "random, first, spe, tit-for-tat, or replay:FILE (replies saved by --out, played again)"
)


class Think(str, Enum):
    """How replies close their reasoning."""

    required = "required"
    optional = "optional"


ThinkOpt = Annotated[
    Think,
    typer.Option(
        help="How replies close their reasoning: required (a reasoning model; a reply without"
        " </think> was cut off) or optional (a model that does not reason in tags)."
    ),
]


class CreditMode(str, Enum):
    """How each move of a saved run is credited."""

    outcome = "outcome"
    exact = "exact"
    rollout = "rollout"


class Nra(str, Enum):
    """Which definition of GTBench's normalised relative advantage."""

    paper = "paper"
    repo = "repo"


@games_app.command("list")
def list_games(as_json: JsonOpt = False) -> None:
    """List every game with its suite and kind."""
    from recon_data.games.catalog import all_games
    from recon_data.games.gtbench_games import GAMES as GTBENCH_GAMES

    rows = [{"name": g.name, "suite": g.suite, "kind": g.kind} for g in all_games()]
    rows += [{"name": g.name, "suite": "gtbench", "kind": g.kind} for g in GTBENCH_GAMES]
    if as_json:
        typer.echo(json.dumps({"games": rows}, indent=2))
        return
    for row in rows:
        typer.echo(f"{row['name']:<22} {row['suite']:<10} {row['kind']}")
    typer.echo("generated games by name too: nfRxC-sSEED (matrix), treeD-sSEED (tree)")


def show_data(name: str) -> dict[str, Any]:
    """What `games show --json` prints: equilibria and, for trees, every node's action values."""
    from recon_data.games.catalog import get_game

    spec = get_game(name)
    labels = lambda p, a: f"choice_{a + 1}"  # noqa: E731
    out: dict[str, Any] = {"name": spec.name, "kind": spec.kind}
    if spec.kind == "repeated":
        out["rounds"] = spec.rounds  # type: ignore[attr-defined]
    if spec.kind in ("simultaneous", "repeated"):
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


@games_app.command("show")
def show(
    name: Annotated[str, typer.Argument(help="Game name (see `games list`).")],
    as_json: JsonOpt = False,
) -> None:
    """Show a game: its rules as each seat sees them, its equilibria, and its action values."""
    from recon_data.games.catalog import get_game
    from recon_data.games.env import GameEnv
    from recon_data.games.gtbench_games import BY_NAME

    if name in BY_NAME:
        # A GTBench game is an OpenSpiel engine, not a payoff table: its rules, no equilibria.
        game = BY_NAME[name]
        info = {"name": name, "suite": "gtbench", "kind": game.kind, "rules": game.rules}
        if as_json:
            typer.echo(json.dumps(info, indent=2))
            return
        typer.echo(f"{game.title} ({name}, gtbench, {game.kind})\n\n{game.rules}")
        return
    data = show_data(name)
    if as_json:
        typer.echo(json.dumps(data, indent=2))
        return
    spec = get_game(name)
    typer.echo(f"{spec.title} ({spec.name}, {spec.suite}, {spec.kind})\n")
    from recon_data.games.envs import make_env

    # A repeated game is played by its own environment (envs.make_env).
    env = make_env(spec) if spec.kind == "repeated" else GameEnv(spec)
    for seat in env.to_move():
        typer.echo(f"--- prompt for {spec.players[seat]} ---\n{env.prompt(seat)[0]['content']}\n")
    found = "; ".join(", ".join(x) for x in data["pure_nash"]) or "none"
    where = " of the stage game" if spec.kind == "repeated" else ""
    typer.echo(f"pure Nash equilibria{where}: {found}")
    if spec.kind == "sequential":
        typer.echo("pure strategies: an action at each reachable own node, `*` where ruled out")
        typer.echo("subgame-perfect paths: " + "; ".join(" -> ".join(p) for p in data["spe_paths"]))
        typer.echo("nodes (value of each action when play continues subgame-perfectly):")
        for node in data["nodes"]:
            where = " -> ".join(node["history"]) or "start"
            vals = ", ".join(f"{a}: {tuple(v)}" for a, v in node["values"].items())
            typer.echo(f"  {spec.players[node['player']]} at {where}: {vals}")


@games_app.command("play")
def play(
    name: Annotated[str, typer.Argument(help="Game name.")],
    policy: Annotated[str, typer.Option(help=PolicyHelp)] = "random",
    seed: Annotated[int, typer.Option(help="Episode seed.")] = 0,
    parser: ParserOpt = "auto",
    think: ThinkOpt = Think.required,
    as_json: JsonOpt = False,
) -> None:
    """Play one episode with a scripted policy in both seats and print every move."""
    from recon_data.games.catalog import get_game
    from recon_data.games.gtbench_games import BY_NAME
    from recon_data.games.play import play_trials, scripted

    if name in BY_NAME:
        episode = _gtbench_episode(name, policy, seed, parser, think.value)
    else:
        spec = get_game(name)
        (episode,) = play_trials(
            [spec], 1, scripted(policy, parser), seed=seed, parser=parser, think=think.value
        )
    if as_json:
        typer.echo(json.dumps(episode.to_dict(), indent=2))
        return
    for move in episode.moves:
        typer.echo(
            f"{move.role}: {move.completion!r} -> {move.played} ({move.status}, {move.resolution})"
        )
    pays = "none (forfeit)" if episode.payoffs is None else ", ".join(map(str, episode.payoffs))
    typer.echo(f"outcome: {' -> '.join(episode.outcome or ())}; payoffs {pays}")


def _gtbench_episode(name: str, policy: str, seed: int, parser: str, think: str) -> Any:
    """One GTBench match with the scripted agent `policy` in both seats (OpenSpiel plays it)."""
    from recon_data.games.gtbench import SCRIPTED, pyspiel_module, scripted_agent
    from recon_data.games.gtbench_match import play_matches

    if policy not in SCRIPTED:
        from recon_data.errors import ReconDataError

        raise ReconDataError(
            f"GTBench games are played by {', '.join(SCRIPTED)} here (got --policy {policy!r}); "
            "a model plays them with `games eval --games NAME --model M --opponent ...`"
        )
    pyspiel_module()  # fail at once, in one line, without OpenSpiel
    agent = scripted_agent(policy, parser)
    (match,) = play_matches(
        [name], 1, agent, agent, seed=seed, parser=parser, think=think, opponent_think=think
    )
    return match.episode


@games_app.command("eval")
def evaluate(
    games: Annotated[
        list[str] | None,
        typer.Option(
            metavar="GAMES",
            help="hua2024, generated, gtbench, or game names; repeatable or comma-separated.",
        ),
    ] = None,
    opponent: Annotated[
        str | None,
        typer.Option(
            help="GTBench games: random, first, mcts, or a model served at --opponent-url."
        ),
    ] = None,
    opponent_url: Annotated[
        str | None, typer.Option(help="OpenAI-compatible endpoint of a model --opponent.")
    ] = None,
    mcts_simulations: Annotated[
        int, typer.Option(help="GTBench MCTS: simulations per move.")
    ] = 1000,
    model: Annotated[
        str | None, typer.Option(help="Model folder or Hub id (openai: served name).")
    ] = None,
    policy: Annotated[
        str | None, typer.Option(help=f"A scripted policy instead of a model: {PolicyHelp}.")
    ] = None,
    adapter: Annotated[str | None, typer.Option(help="LoRA adapter folder.")] = None,
    backend: Annotated[str | None, typer.Option(help="vllm, transformers or openai.")] = None,
    trials: Annotated[int, typer.Option(help="Self-play trials per game.")] = 20,
    temperature: Annotated[float, typer.Option(help="Sampling temperature.")] = 0.6,
    seed: Annotated[int, typer.Option(help="First episode seed.")] = 0,
    parser: ParserOpt = "auto",
    retries: RetriesOpt = 2,
    fallback: FallbackOpt = "forfeit",
    think: ThinkOpt = Think.required,
    opponent_think: Annotated[
        Think,
        typer.Option(
            help="How the GTBench opponent's replies close their reasoning (optional: a model"
            " without reasoning tags, such as GPT-4o-mini)."
        ),
    ] = Think.optional,
    nra: Annotated[
        Nra,
        typer.Option(
            help="GTBench NRA: paper (sum of absolute scores below) or repo (GTBench's code:"
            " absolute value of each side's sum)."
        ),
    ] = Nra.paper,
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set", metavar="KEY=VALUE", help="Generation setting key=value. Repeatable."
        ),
    ] = None,
    as_json: JsonOpt = False,
    out: Annotated[
        Path | None,
        typer.Option(help="Save every transcript (JSON Lines), each episode as it finishes."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing --out file.")] = False,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume", help="Continue the run saved in --out: play only the episodes it lacks."
        ),
    ] = False,
    quiet: QuietOpt = False,
) -> None:
    """Self-play the games (model or scripted policy in both seats) and score them exactly."""
    from rich.console import Console

    from recon_data.errors import ReconDataError
    from recon_data.games.catalog import gtbench_selection
    from recon_data.games.report import render_report
    from recon_data.progress import progress_bar, wanted
    from recon_data.storage import check_output_file
    from recon_data.training.recipes import parse_overrides
    from recon_data.training.selfplay import run_games

    if out is not None:
        check_output_file(out, force=force or resume, also="or --resume to continue it")
    gtbench = gtbench_selection(games or [])
    if gtbench is not None and resume:
        raise ReconDataError("--resume continues self-play runs; GTBench matches start over")
    if gtbench is not None:
        _eval_gtbench(
            gtbench, model=model, policy=policy, adapter=adapter, backend=backend,
            opponent=opponent, opponent_url=opponent_url, mcts_simulations=mcts_simulations,
            trials=trials, temperature=temperature, seed=seed, parser=parser,
            max_retries=retries, fallback=fallback, overrides=parse_overrides(list(set_ or [])),
            as_json=as_json, out=out, force=force, think=think.value,
            opponent_think=opponent_think.value, nra=nra.value,
        )  # fmt: skip
        return
    if opponent is not None or opponent_url is not None:
        raise ReconDataError("--opponent applies to GTBench games only (--games gtbench)")
    with progress_bar(wanted(quiet or as_json)) as progress:
        report, _ = run_games(
            list(games or []) or ["hua2024"], model=model, policy=policy, adapter=adapter,
            backend=backend, trials=trials, temperature=temperature, seed=seed, parser=parser,
            max_retries=retries, fallback=fallback, overrides=parse_overrides(list(set_ or [])),
            think=think.value, out=out, resume=resume, force=force, progress=progress,
        )  # fmt: skip
    if as_json:
        typer.echo(json.dumps(report, indent=2))
        return
    render_report(report, Console())
    if out is not None:
        typer.echo(f"transcripts: {out}")


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
    import difflib
    import os
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
    if opponent not in SCRIPTED and opponent_url is None and not os.environ.get("OPENAI_BASE_URL"):
        # A model opponent is reached through an endpoint; without one, a typo such as
        # `mctss` would be sent to localhost as a model name and fail only after seconds.
        close = difflib.get_close_matches(opponent, SCRIPTED, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise ReconDataError(
            f"unknown --opponent {opponent!r}: {hint}expected {', '.join(SCRIPTED)}, or a model "
            "name served at --opponent-url URL (or OPENAI_BASE_URL)"
        )
    pyspiel_module()  # fail at once, in one line, without OpenSpiel
    settings = {"temperature": temperature, **overrides}
    protocol: dict[str, Any] = {"trials": options["trials"], "seed": options["seed"]}
    protocol.update(parser=options["parser"], max_retries=options["max_retries"])
    protocol.update(fallback=options["fallback"])
    protocol.update(think=options["think"], opponent_think=options["opponent_think"])

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
        think=options["think"], opponent_think=options["opponent_think"],
    )  # fmt: skip
    report = build_gtbench_report(playable, matches, protocol, skipped, options["nra"])
    if out is not None:
        write_matches(matches, out, force=force)
    if as_json:
        typer.echo(json.dumps(report, indent=2))
        return
    render_gtbench_report(report, Console())
    if out is not None:
        typer.echo(f"transcripts: {out}")


@games_app.command("credit")
def credit(
    transcripts: Annotated[
        Path, typer.Argument(help="A `games eval --out` file (JSON Lines of episodes).")
    ],
    mode: Annotated[
        CreditMode,
        typer.Option(
            "--credit",
            help="outcome (the final payoff, SPIRAL's rule), exact (equilibrium continuation)"
            " or rollout (plays of the rest of the game under --policy).",
        ),
    ] = CreditMode.exact,
    policy: Annotated[
        str,
        typer.Option(
            help="Rollout continuation: empirical (the file's own action frequencies), random,"
            " first, spe or tit-for-tat."
        ),
    ] = "empirical",
    rollouts: Annotated[int, typer.Option(min=1, help="Rollout: plays per legal action.")] = 8,
    seed: Annotated[int, typer.Option(help="Rollout: seed of the plays.")] = 0,
    as_json: JsonOpt = False,
) -> None:
    """Credit every move of a saved run: the action's value q, the best value and the credit."""
    from recon_data.games.credit_report import credit_report, render_credit

    report = credit_report(transcripts, mode.value, policy=policy, rollouts=rollouts, seed=seed)
    if as_json:
        typer.echo(json.dumps(report, indent=2))
        return
    render_credit(report, typer.echo)
