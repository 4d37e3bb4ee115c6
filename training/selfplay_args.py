"""Recipe fields of self-play GRPO (`trainer: selfplay`), checked before anything heavy loads.

`SelfPlayFields` holds the `selfplay_*` fields; a `selfplay` recipe is read by TRL's parser
over them joined to the recipe's own `ReconArguments` (`recipes.recon_class`), TRL's
`ModelConfig` and `GRPOConfig` (docs/maro.md lists every field). `check_selfplay` refuses
bad values in one line naming the field, without torch or TRL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from recon_data.errors import ReconDataError

CREDITS = ("outcome", "exact", "rollout")
BASELINES = ("role_ema", "none")
BALANCES = ("weights", "resample", "none")
SEATS = ("self", "frozen", "random", "first", "spe", "tit-for-tat")
FALLBACKS = ("random", "forfeit")


@dataclass
class SelfPlayFields:
    """What self-play GRPO needs beyond ReconArguments: games, credit, opponents, balance."""

    selfplay_games: list[str] = field(
        default_factory=lambda: ["trees:32"],
        metadata={
            "help": "Games to play: trees:N, treesD:N, matrices:N, matricesRxC:N, repeated:N, "
            "dominant:N (generated, training seeds), game names or suites (hua2024, repeated: "
            "held out unless selfplay_held_out), GTBench names (OpenSpiel)."
        },
    )
    selfplay_held_out: bool = field(
        default=False,
        metadata={"help": "Allow the evaluation games (hua2024, generated, repeated suites)."},
    )
    selfplay_credit: str = field(
        default="exact", metadata={"help": "Move credit: outcome, exact or rollout."}
    )
    selfplay_gamma: float = field(
        default=1.0,
        metadata={"help": "Outcome credit: advantage x gamma^(decisions after the move)."},
    )
    selfplay_baseline: str = field(
        default="role_ema", metadata={"help": "role_ema (SPIRAL's, per role) or none."}
    )
    selfplay_baseline_decay: float = field(
        default=0.95, metadata={"help": "Decay of the per-role moving-average baseline."}
    )
    selfplay_opponents: list[str] = field(
        default_factory=lambda: ["self"],
        metadata={
            "help": "Who sits opposite the policy, as NAME or NAME:WEIGHT: self (both seats "
            "train), frozen (a snapshot), random, first, spe, tit-for-tat."
        },
    )
    selfplay_frozen_refresh: int = field(
        default=0,
        metadata={"help": "Steps between frozen-snapshot refreshes (0: the starting policy)."},
    )
    selfplay_rollouts: int = field(
        default=4, metadata={"help": "Rollout credit: plays of the rest of the game per action."}
    )
    selfplay_role_balance: str = field(
        default="weights",
        metadata={"help": "weights (advantage x role weight), resample, or none."},
    )
    selfplay_parser: str = field(
        default="auto", metadata={"help": "Move parser: auto, tag, boxed, bare."}
    )
    selfplay_think: str = field(
        default="required", metadata={"help": "</think> mode replies are read under."}
    )
    selfplay_max_retries: int = field(
        default=1, metadata={"help": "Retries (with feedback) after an unreadable reply."}
    )
    selfplay_fallback: str = field(
        default="random",
        metadata={"help": "After the retries: random (a legal move stands in) or forfeit."},
    )


def parse_opponents(entries: list[str]) -> dict[str, float]:
    """`self`, `spe:0.25`, ... as {seat kind: weight}; weights are relative, one by default."""
    out: dict[str, float] = {}
    for entry in entries:
        name, sep, raw = str(entry).partition(":")
        name = name.strip()
        if name not in SEATS:
            raise ReconDataError(
                f"unknown opponent {name!r}; expected one of {', '.join(SEATS)}",
                field="selfplay_opponents",
            )
        try:
            weight = float(raw) if sep else 1.0
        except ValueError:
            raise ReconDataError(
                f"opponent weight {raw!r} is not a number", field="selfplay_opponents"
            ) from None
        if not weight > 0:
            raise ReconDataError(
                f"opponent weight must be above 0, got {raw}", field="selfplay_opponents"
            )
        out[name] = out.get(name, 0.0) + weight
    if not out:
        raise ReconDataError("name at least one opponent", field="selfplay_opponents")
    return out


def _one_of(value: Any, choices: tuple[str, ...], name: str) -> None:
    if value not in choices:
        raise ReconDataError(f"expected one of {', '.join(choices)}, got {value!r}", field=name)


def check_selfplay(values: dict[str, Any]) -> None:
    """Refuse bad self-play settings (a recipe's values, defaults where absent) in one line."""
    from recon_data.games.parsing import check_parser, check_think

    defaults = SelfPlayFields()
    get = lambda key: values.get(key, getattr(defaults, key))  # noqa: E731
    _one_of(get("selfplay_credit"), CREDITS, "selfplay_credit")
    _one_of(get("selfplay_baseline"), BASELINES, "selfplay_baseline")
    _one_of(get("selfplay_role_balance"), BALANCES, "selfplay_role_balance")
    _one_of(get("selfplay_fallback"), FALLBACKS, "selfplay_fallback")
    for key, check in (("selfplay_parser", check_parser), ("selfplay_think", check_think)):
        try:
            check(str(get(key)))
        except ReconDataError as exc:
            raise ReconDataError(exc.reason, field=key) from None
    gamma, decay = get("selfplay_gamma"), get("selfplay_baseline_decay")
    if not isinstance(gamma, (int, float)) or not 0 < gamma <= 1:
        raise ReconDataError(f"must be in (0, 1], got {gamma!r}", field="selfplay_gamma")
    if not isinstance(decay, (int, float)) or not 0 <= decay < 1:
        raise ReconDataError(f"must be in [0, 1), got {decay!r}", field="selfplay_baseline_decay")
    for key, least in (
        ("selfplay_rollouts", 1),
        ("selfplay_frozen_refresh", 0),
        ("selfplay_max_retries", 0),
    ):
        value = get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < least:
            raise ReconDataError(
                f"must be an integer of at least {least}, got {value!r}", field=key
            )
    games = get("selfplay_games")
    if not isinstance(games, list) or not games or not all(isinstance(g, str) for g in games):
        raise ReconDataError("name at least one game source", field="selfplay_games")
    opponents = get("selfplay_opponents")
    parse_opponents(opponents if isinstance(opponents, list) else [str(opponents)])
