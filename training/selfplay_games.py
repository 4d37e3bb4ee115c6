"""The games self-play GRPO plays: sources named in a recipe, resolved to playable games.

`selfplay_games` entries:

- `trees:N`, `dominant:N`: N generated trees (`game_data.training_games`: depth 2-4, seeds
  from 1000, never the evaluation suite); `treesD:N`: N trees of depth D (1-5);
- `matrices:N`: N generated matrix games, 2x2 to 3x3 (`nfRxC-sSEED`, seeds from 1000);
  `matricesRxC:N`: N games of that shape (1-10 actions a seat);
- `repeated:N`: N generated 2x2 stages with a pure equilibrium, each repeated 3 to 5 rounds
  with visible history (`rep-nf2x2-sSEED-rR`, seeds from 1000);
- a game name or suite of the catalog (`hua2024`, `generated`, `repeated`, `escalation`,
  `rep-stag_hunt-r5`, ...): the evaluation games, refused unless `selfplay_held_out` (then
  `games eval` on them measures games the model was trained on);
- a GTBench game name or `gtbench` (OpenSpiel): no exact values, so outcome or rollout
  credit only.

Every game has a `family`, the key of its per-role baseline and metrics: the source for
generated games (`trees`, `matrices`, ...), the game's own name otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from recon_data.errors import ReconDataError
from recon_data.games.spec import GameSpec

FIRST_SEED = 1000
# trees, trees3, dominant, matrices, matrices3x4, repeated (then `:N`)
_SOURCE = re.compile(r"(trees|dominant|matrices|repeated)([0-9]{1,2}(?:x[0-9]{1,2})?)?")


@dataclass(frozen=True)
class TrainingGame:
    """One game episodes are drawn from: a catalog game (`spec`) or a GTBench game."""

    name: str
    family: str
    spec: GameSpec | None = None  # None: a GTBench game, played through OpenSpiel

    @property
    def solvable(self) -> bool:
        """Whether exact values exist (every catalog game; no GTBench game)."""
        return self.spec is not None

    def new_env(self, *, parser: str, max_retries: int, fallback: str, think: str) -> Any:
        """A fresh environment for one episode (reset it before playing)."""
        if self.spec is not None:
            from recon_data.games.envs import make_env

            return make_env(
                self.spec, parser=parser, max_retries=max_retries, fallback=fallback, think=think
            )
        from recon_data.games.gtbench import GTBenchEnv

        return GTBenchEnv(
            self.name, parser=parser, max_retries=max_retries, fallback=fallback, think=think
        )

    def payoff_range(
        self, env: Any, player: int, history: tuple[str, ...]
    ) -> tuple[Fraction, Fraction]:
        """The mover's lowest and highest payoff still reachable (GTBench: the game's bounds)."""
        if self.spec is not None:
            from recon_data.games.move_credit import reachable_range

            return reachable_range(self.spec, player, history)
        game = env.spiel_game
        return Fraction(repr(float(game.min_utility()))), Fraction(repr(float(game.max_utility())))


def _generated(kind: str, size: str | None, count: int) -> list[TrainingGame]:
    from recon_data.games import generated
    from recon_data.games.catalog import get_game
    from recon_data.training.game_data import training_games

    family = kind + (size or "")
    if kind in ("trees", "dominant") and size is None:
        return [TrainingGame(s.name, family, s) for s in training_games(kind, count)]
    if size is not None and not (
        (kind == "trees" and "x" not in size) or (kind == "matrices" and "x" in size)
    ):
        raise ReconDataError(f"{family}: sizes are treesD (a depth) and matricesRxC (a shape)")
    out: list[TrainingGame] = []
    seed = FIRST_SEED
    while len(out) < count:
        if kind == "trees":
            spec = generated.random_tree_game(int(size or 3), seed)
            if spec.name in generated.DEFAULT:
                seed += 1
                continue
        elif kind == "matrices":
            rows, cols = map(int, size.split("x")) if size else (2 + seed % 2, 2 + (seed // 2) % 2)
            spec = generated.random_matrix_game(rows, cols, seed)
        else:
            spec = get_game(f"rep-nf2x2-s{seed}-r{3 + seed % 3}")
            if not spec.pure_nash:  # no pure equilibrium: no exact continuation to credit by
                seed += 1
                continue
        out.append(TrainingGame(spec.name, family, spec))
        seed += 1
    return out


def held_out_names() -> set[str]:
    """The games `games eval` reports on: Hua et al., the generated and repeated suites."""
    from recon_data.games import generated, repeated
    from recon_data.games.catalog import hua_games

    return {s.name for s in hua_games()} | set(generated.DEFAULT) | set(repeated.DEFAULT)


def resolve_games(entries: list[str], *, held_out: bool = False) -> list[TrainingGame]:
    """Every game the sources name, in order, once each (see the module doc)."""
    from recon_data.games.catalog import select_games

    out: dict[str, TrainingGame] = {}
    for entry in entries:
        kind, sep, raw = entry.strip().partition(":")
        source = _SOURCE.fullmatch(kind)
        if source is not None and sep:
            try:
                count = int(raw)
            except ValueError:
                raise ReconDataError(
                    f"{entry!r}: the game count must be a number", field="selfplay_games"
                ) from None
            if not 1 <= count <= 100_000:
                raise ReconDataError(f"{entry!r}: count must be 1-100000", field="selfplay_games")
            try:
                games = _generated(source[1], source[2], count)
            except ReconDataError as exc:
                raise ReconDataError(exc.reason, field="selfplay_games") from None
        elif (gtbench := _gtbench(entry)) is not None:
            games = [TrainingGame(name, name) for name in gtbench]
        else:
            try:
                specs = select_games([entry])
            except ReconDataError as exc:
                raise ReconDataError(exc.reason, field="selfplay_games") from None
            games = [TrainingGame(s.name, s.name, s) for s in specs]
        for game in games:
            out.setdefault(game.name, game)
    banned = sorted(set(out) & held_out_names())
    if banned and not held_out:
        raise ReconDataError(
            f"{', '.join(banned)} are evaluation games; set selfplay_held_out=true to train on them",
            field="selfplay_games",
        )
    if not out:
        raise ReconDataError("the game sources name no game", field="selfplay_games")
    return list(out.values())


def _gtbench(entry: str) -> list[str] | None:
    from recon_data.games.catalog import gtbench_selection

    try:
        names = gtbench_selection([entry])
    except ReconDataError:
        return None
    if names is not None:
        from recon_data.games.gtbench import pyspiel_module

        pyspiel_module()  # one line, now, when OpenSpiel is missing
    return names


def check_credit(games: list[TrainingGame], credit: str) -> None:
    """Exact credit needs a solver for every game: refuse GTBench games under it."""
    unsolvable = [g.name for g in games if not g.solvable]
    if credit == "exact" and unsolvable:
        raise ReconDataError(
            f"exact credit needs solvable games; {', '.join(unsolvable)} have no exact values: "
            "use selfplay_credit=rollout (or outcome)",
            field="selfplay_credit",
        )
