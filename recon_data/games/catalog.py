"""Every game by name: the Hua et al. suite and the generated ones."""

from __future__ import annotations

from functools import cache

from recon_data.errors import ReconDataError
from recon_data.games import generated, hua2024
from recon_data.games.spec import GameSpec, choice_labels
from recon_data.gametheory.normal_form import NormalFormGame

SUITES = ("hua2024", "generated", "repeated")
GTBENCH = "gtbench"  # OpenSpiel games, played apart: recon_data.games.gtbench


def gtbench_selection(names: list[str] | tuple[str, ...]) -> list[str] | None:
    """The GTBench games a --games list names (suite `gtbench` expanded), or None if it names none.

    GTBench games are played against an opponent, not in self-play, so a list may not mix them
    with the other suites (a user error).
    """
    from recon_data.games.gtbench_games import BY_NAME  # no OpenSpiel import: names only

    parts = [part.strip() for item in names for part in item.split(",") if part.strip()]
    ours = [n for n in parts if n == GTBENCH or n in BY_NAME]
    if not ours:
        return None
    if len(ours) != len(parts):
        others = ", ".join(n for n in parts if n not in ours)
        raise ReconDataError(
            f"--games mixes GTBench games with {others}; GTBench games play against an "
            "--opponent: evaluate them in a separate run"
        )
    out = [g for n in ours for g in (BY_NAME if n == GTBENCH else (n,))]
    return list(dict.fromkeys(out))


@cache
def hua_games() -> tuple[GameSpec, ...]:
    """The ten games of Hua et al. (2024): simultaneous first, then the trees."""
    out = []
    for name, (title, rows) in hua2024.SIMULTANEOUS.items():
        game = NormalFormGame.from_bimatrix(
            [[a for a, _ in r] for r in rows],
            [[b for _, b in r] for r in rows],
            action_labels=(choice_labels(len(rows)), choice_labels(len(rows[0]))),
        )
        out.append(GameSpec(name, title, "hua2024", "simultaneous", matrix=game))
    for name, (title, tree) in hua2024.SEQUENTIAL.items():
        out.append(GameSpec(name, title, "hua2024", "sequential", tree=tree))
    return tuple(out)


def all_games() -> tuple[GameSpec, ...]:
    """The Hua games, the default generated suite and the default repeated games."""
    from recon_data.games.repeated import DEFAULT as REPEATED

    return hua_games() + tuple(get_game(n) for n in (*generated.DEFAULT, *REPEATED))


def get_game(name: str) -> GameSpec:
    """Look a game up by name (a Hua game, or a generated name such as nf3x3-s7 or tree3-s7)."""
    for spec in hua_games():
        if spec.name == name:
            return spec
    from recon_data.games.repeated import parse_name, repeated_game

    found = generated.generated_game(name)
    repeated = parse_name(name)
    if found is None and repeated is not None:
        found = repeated_game(get_game(repeated[0]), repeated[1])
    if found is None:
        known = ", ".join(s.name for s in hua_games())
        raise ReconDataError(
            f"unknown game {name!r}; expected one of {known}, a suite ({', '.join(SUITES)}), "
            "a generated name like nf3x3-s7 or tree3-s7, or a repeated one like "
            "rep-prisoners_dilemma-r5"
        )
    return found


def select_games(names: list[str] | tuple[str, ...]) -> tuple[GameSpec, ...]:
    """Expand suite names and game names (comma-separated allowed) into games, in order, once each."""
    out: dict[str, GameSpec] = {}
    for item in names:
        for name in (part.strip() for part in item.split(",")):
            if not name:
                continue
            if name == "hua2024":
                specs: tuple[GameSpec, ...] = hua_games()
            elif name == "generated":
                specs = tuple(get_game(n) for n in generated.DEFAULT)
            elif name == "repeated":
                from recon_data.games.repeated import DEFAULT as REPEATED

                specs = tuple(get_game(n) for n in REPEATED)
            else:
                specs = (get_game(name),)
            for spec in specs:
                out.setdefault(spec.name, spec)
    if not out:
        raise ReconDataError("--games names no game")
    return tuple(out.values())
