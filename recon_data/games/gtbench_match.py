"""GTBench matches: an agent against an opponent, seats swapped, scored without survivor bias.

Match m has its own seed `seed + m` (the scripted agents' draws, MCTS rollouts and the
random fallback), so no match replays another. Matches 2k and 2k+1 share the *deal* `seed +
k` (the same cards, dice and item pools) and swap seats, so every deal is played once from
each seat. A match is abnormal when some reply could not be read after the retries (a
forfeit, or a move the random fallback chose); it is counted and reported, never re-run.
Scores, per game:

- win rate over normal matches (GTBench's definition), and over all matches with an
  abnormal match counted as not won (no survivor bias);
- NRA, the normalised relative advantage over normal matches, by one of two definitions
  (`NRA_DEFINITIONS`; docs/gtbench.md gives the sources);
- abnormal-match rate (and whose replies caused it), format-failure rate of our replies.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from recon_data.errors import ReconDataError
from recon_data.games.env import Episode
from recon_data.games.gtbench import Agent, GTBenchEnv, GTRequest, game_def

ABNORMAL = ("forfeit", "fallback_random")
# Recon's Table 5: win rate over 10 matches against GPT-4o-mini.
PAPER_TABLE5 = {
    "Qwen2.5-7B-Instruct": 0.40,
    "R1-Distill-Qwen-7B": 0.49,
    "Recon-SFT": 0.53,
    "Recon-RL": 0.56,
}


@dataclass
class Match:
    """One match: the game, its seed, our seat, the episode record, and what went wrong if anything."""

    game: str
    seed: int
    me: int  # our seat (0 or 1)
    episode: Episode
    abnormal_by: tuple[str, ...] = ()  # "me" and/or "opponent"
    deal: int | None = None  # the chance seed, shared with the seat-swapped partner match

    @property
    def abnormal(self) -> bool:
        """Whether some reply could not be read after the retries."""
        return bool(self.abnormal_by)

    def scores(self) -> tuple[Fraction, Fraction] | None:
        """(our return, the opponent's return), or None without a finished game."""
        pay = self.episode.payoffs
        return None if pay is None else (pay[self.me], pay[1 - self.me])

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: the seat, the abnormal flags, and the whole episode."""
        return {
            "game": self.game, "seed": self.seed, "deal": self.deal, "me": self.me,
            "abnormal_by": list(self.abnormal_by), "episode": self.episode.to_dict(),
        }  # fmt: skip


def play_matches(
    games: Sequence[str],
    matches: int,
    me: Agent,
    opponent: Agent,
    *,
    seed: int = 0,
    parser: str = "auto",
    max_retries: int = 2,
    fallback: str = "forfeit",
    think: str = "required",
    opponent_think: str = "optional",
) -> list[Match]:
    """Play `matches` matches of every game, batched: one call per side per round.

    `think` and `opponent_think` are the `</think>` modes our replies and the opponent's are
    read under (`required` for a reasoning model, `optional` for one that does not reason
    in tags, such as GPT-4o-mini; scripted replies read the same under both).
    """
    if matches < 1:
        raise ReconDataError(f"--trials (matches per game) must be at least 1, got {matches}")
    envs: list[GTBenchEnv] = []
    records: list[Match] = []
    for name in games:
        game_def(name)
        for m in range(matches):
            seat = m % 2
            modes = (think, opponent_think) if seat == 0 else (opponent_think, think)
            env = GTBenchEnv(
                name, parser=parser, max_retries=max_retries, fallback=fallback, think=modes
            )
            env.reset(seed + m, deal=seed + m // 2)
            envs.append(env)
            records.append(Match(name, seed + m, seat, env.episode, deal=seed + m // 2))
    while True:
        requests = [
            GTRequest(i, env.game.name, env.episode.seed, p, len(env.tries.get(p, [])), env,
                      env.prompt(p))
            for i, env in enumerate(envs)
            for p in env.to_move()
        ]  # fmt: skip
        if not requests:
            break
        replies: list[str] = [""] * len(requests)
        for agent, is_me in ((me, True), (opponent, False)):
            at = [k for k, r in enumerate(requests) if (r.player == records[r.index].me) == is_me]
            for k, text in zip(at, _ask(agent, [requests[k] for k in at]), strict=True):
                replies[k] = text
        for r, text in zip(requests, replies, strict=True):
            env = envs[r.index]
            if r.player in env.to_move():  # a forfeit ends the round for the other seat
                env.step(r.player, text)
    for rec in records:
        who = {m.player for m in rec.episode.moves if m.resolution in ABNORMAL}
        rec.abnormal_by = tuple(
            x for x, seat in (("me", rec.me), ("opponent", 1 - rec.me)) if seat in who
        )
    return records


def _ask(agent: Agent, requests: list[GTRequest]) -> list[str]:
    if not requests:
        return []
    replies = agent(requests)
    if len(replies) != len(requests):
        raise ReconDataError(
            f"an agent returned {len(replies)} replies for {len(requests)} requests"
        )
    return replies


# name -> (formula, source). `paper` is the default.
NRA_DEFINITIONS: dict[str, tuple[str, str]] = {
    "paper": (
        "(sum s_me - sum s_opp) / (sum |s_me| + sum |s_opp|)",
        "GTBench paper (Duan et al. 2024, arXiv 2402.12348), as docs/gtbench.md has "
        "transcribed it since the first release of our GTBench support",
    ),
    "repo": (
        "(sum s_me - sum s_opp) / (|sum s_me| + |sum s_opp|)",
        "GTBench repository code, jinhaoduan/GTBench NRA_test.py: nra_value() applied to "
        "the summed scores of the matches",
    ),
}


def check_nra(definition: str) -> str:
    """Return a known NRA definition name, or raise a user error naming them."""
    if definition not in NRA_DEFINITIONS:
        raise ReconDataError(
            f"unknown NRA definition {definition!r}; expected one of {', '.join(NRA_DEFINITIONS)}"
        )
    return definition


def nra(pairs: Sequence[tuple[Fraction, Fraction]], definition: str = "paper") -> Fraction:
    """Normalised relative advantage of (ours, theirs) scores; 0 when the scale is 0.

    `paper`: the sums over matches divided by the sum of absolute scores; `repo`: divided
    by the absolute values of the two sums (`NRA_DEFINITIONS`).
    """
    check_nra(definition)
    zero = Fraction(0)
    mine, theirs = sum((p[0] for p in pairs), zero), sum((p[1] for p in pairs), zero)
    if definition == "paper":
        scale = sum((abs(p[0]) + abs(p[1]) for p in pairs), zero)
    else:
        scale = abs(mine) + abs(theirs)
    return zero if scale == 0 else (mine - theirs) / scale


def score_matches(matches: Sequence[Match], nra_definition: str = "paper") -> dict[str, Any]:
    """The per-game block: counts, win rates, NRA, abnormal rates, format failures, by seat."""
    n = len(matches)
    normal = [m for m in matches if not m.abnormal and m.scores() is not None]
    pairs = [m.scores() for m in normal]
    wins = sum(p[0] > p[1] for p in pairs if p)
    draws = sum(p[0] == p[1] for p in pairs if p)
    replies = [mv for m in matches for mv in m.episode.moves if mv.player == m.me]

    def rate(k: int, d: int) -> float | None:
        return k / d if d else None

    seat_rates = {}
    for seat in (0, 1):
        mine = [m.scores() for m in normal if m.me == seat]
        seat_rates[f"win_rate_seat{seat + 1}"] = rate(
            sum(p[0] > p[1] for p in mine if p), len(mine)
        )
    return {
        "matches": n,
        "normal": len(normal),
        "wins": wins,
        "draws": draws,
        "losses": len(normal) - wins - draws,
        "win_rate": rate(wins, len(normal)),
        "win_rate_all": rate(wins, n),
        "nra": float(nra([p for p in pairs if p], nra_definition)) if normal else None,
        "abnormal": n - len(normal),
        "abnormal_rate": rate(n - len(normal), n),
        "abnormal_by_me": sum("me" in m.abnormal_by for m in matches),
        "abnormal_by_opponent": sum("opponent" in m.abnormal_by for m in matches),
        "format_failure_rate": rate(sum(mv.status != "ok" for mv in replies), len(replies)),
        **seat_rates,
    }


OVERALL = ("win_rate", "win_rate_all", "nra", "abnormal_rate", "format_failure_rate")


def build_gtbench_report(
    games: Sequence[str],
    matches: Sequence[Match],
    protocol: dict[str, Any],
    skipped: dict[str, str],
    nra_definition: str = "paper",
) -> dict[str, Any]:
    """The report `games eval --games gtbench --json` prints: games, overall, skipped, protocol."""
    check_nra(nra_definition)
    blocks = {g: score_matches([m for m in matches if m.game == g], nra_definition) for g in games}
    formula, source = NRA_DEFINITIONS[nra_definition]
    protocol = {
        **protocol,
        "seats": "match m has seed+m; matches 2k and 2k+1 share the deal seed+k, seats swapped",
        "nra": {"definition": nra_definition, "formula": formula, "source": source},
    }
    overall: dict[str, Any] = {"matches": len(matches)}
    for key in OVERALL:  # macro averages over games, as GTBench averages its games
        values = [b[key] for b in blocks.values() if b[key] is not None]
        overall[key] = sum(values) / len(values) if values else None
    reference = {"source": "Recon (Table 5): win rate over 10 matches against GPT-4o-mini",
                 **PAPER_TABLE5}  # fmt: skip
    return {
        "games": blocks,
        "overall": overall,
        "skipped": skipped,
        "protocol": {**protocol, "reference": reference},
    }


def write_matches(matches: Sequence[Match], path: Any, *, force: bool = False) -> Any:
    """Save every match (seat, abnormal flags, every reply and parse) as JSON Lines, atomically."""
    from recon_data.storage import atomic_write_text, check_output_file, dumps_record

    out = check_output_file(path)
    if out.exists() and not force:
        raise ReconDataError("output exists; pass --force to replace it", file=str(out))
    atomic_write_text(out, "".join(dumps_record(m.to_dict()) + "\n" for m in matches))
    return out


def render_gtbench_report(report: dict[str, Any], console: Any) -> None:
    """Print the per-game table (win rates, NRA, abnormal matches) and the protocol line."""
    from rich import box
    from rich.table import Table

    def cell(x: float | None) -> str:
        return "-" if x is None else f"{x:.2f}"

    table = Table(title="GTBench matches", box=box.SIMPLE_HEAD, show_edge=False)
    for col in ("game", "n", "win", "all", "NRA", "abn", "fmt", "W-D-L"):
        table.add_column(col, justify="left" if col == "game" else "right", no_wrap=col != "game")
    for name, b in report["games"].items():
        table.add_row(
            name, str(b["matches"]), cell(b["win_rate"]), cell(b["win_rate_all"]), cell(b["nra"]),
            f"{b['abnormal']}/{b['abnormal_by_me']}", cell(b["format_failure_rate"]),
            f"{b['wins']}-{b['draws']}-{b['losses']}",
        )  # fmt: skip
    o = report["overall"]
    table.add_section()
    table.add_row(
        "overall", str(o["matches"]), cell(o["win_rate"]), cell(o["win_rate_all"]),
        cell(o["nra"]), cell(o["abnormal_rate"]), cell(o["format_failure_rate"]), "",
    )  # fmt: skip
    console.print(table)
    for name, why in report["skipped"].items():
        console.print(f"skipped {name}: {why}", highlight=False)
    p = report["protocol"]
    console.print(
        f"{p['me']} vs {p['opponent']}: {p['trials']} matches per game (seats swapped, seeds "
        f"{p['seed']}..), parser {p['parser']}, {p['max_retries']} retries then {p['fallback']}; "
        "all: win rate with abnormal matches counted as not won; abn: abnormal matches/ours",
        highlight=False,
    )
