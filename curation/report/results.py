"""Results files, read by content: `eval --out`, `eval --json`, `score --json`, `games eval --json`.

One small reader per kind turns a file into what the charts need. The keys each reader uses
are named once, at its top, so a renamed key in a results format is a one-line edit here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from recon_data.errors import ReconDataError

# eval --out: one graded response a line (training/responses.py `Graded`).
EVAL_LINE_KEYS = ("id", "category", "correct")  # `correct`: the paper's rule
EVAL_LINE_RELEASE = "release_correct"  # Table 3's raw-string check
# score --json (verifiers/score.py `to_dict`): the paper's rule is `paper_correct`.
SCORE_CORRECT = "paper_correct"
# eval --json (training/evaluation.py `summary`): the paper's rule is `correct`.
EVAL_SUMMARY_CORRECT = "correct"
EVAL_SUMMARY_RELEASE = "release_correct"
# games eval --json (games/report.py `build_report`); `table4` is issue 19's paper measure.
SELFPLAY_METRICS = ("ne_rate", "pareto_ne_rate", "spe_rate", "format_failure_rate")
GTBENCH_METRICS = ("win_rate", "win_rate_all", "abnormal_rate", "format_failure_rate")
TABLE4_KEY = "table4"
CONSISTENCY_KEY = "consistency"  # issue 23's variants block, wherever it appears


@dataclass(frozen=True)
class Rate:
    """Correct answers out of graded ones."""

    correct: int
    total: int

    @property
    def accuracy(self) -> float:
        """The share correct (0.0 for none graded)."""
        return self.correct / self.total if self.total else 0.0


@dataclass(frozen=True)
class AccuracyResult:
    """Accuracy by category (the paper's rule) of one model's graded answers."""

    path: str
    kind: str
    overall: Rate
    by_category: dict[str, Rate]
    release: Rate | None = None  # Table 3's raw-string rule, where the file has it
    # measure -> {category or "overall": value}, from a `consistency` block if present.
    consistency: dict[str, dict[str, float]] = field(default_factory=dict)


@dataclass(frozen=True)
class GamesResult:
    """Per-game rates of one `games eval --json` report, with its headline measure and reference."""

    path: str
    kind: str  # "selfplay" or "gtbench"
    player: str  # the model or scripted policy that played
    metrics: tuple[str, ...]
    games: dict[str, dict[str, float | None]]  # game -> metric -> value
    overall: dict[str, float | None]  # metric -> the report's macro average over games
    headline: dict[str, float | None]  # game (and "overall") -> Table 4 measure or win rate
    reference: dict[str, Any]  # the report's protocol.reference block (may be empty)


Result = AccuracyResult | GamesResult


def read_result(path: Path | str) -> Result:
    """Read one results file, telling its kind from its content; a bad file is one clear error."""
    path = Path(path)
    first = _first_line(path)
    if _is_eval_line(first):
        return _read_eval_lines(path)
    data = _load_json(path, lines=isinstance(first, dict))
    if isinstance(data, dict):
        for test, reader in _READERS:
            if test(data):
                return reader(path, data)
    raise ReconDataError(
        "not a results file: expected `recon-data eval --out` lines or the JSON of "
        "`eval --json`, `score --json` or `games eval --json`",
        file=str(path),
    )


def _first_line(path: Path) -> Any:
    try:
        with path.open("rb") as fh:
            for raw in fh:
                if raw.strip():
                    break
            else:
                raise ReconDataError("the file is empty", file=str(path))
    except OSError as exc:
        raise ReconDataError(f"cannot read: {exc.strerror}", file=str(path)) from None
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        return None  # not one JSON value per line: read as one JSON document


def _is_eval_line(obj: Any) -> bool:
    return isinstance(obj, dict) and all(k in obj for k in EVAL_LINE_KEYS) and "response" in obj


def _load_json(path: Path, *, lines: bool) -> Any:
    try:
        return json.loads(path.read_bytes())
    except OSError as exc:
        raise ReconDataError(f"cannot read: {exc.strerror}", file=str(path)) from None
    except RecursionError:
        raise ReconDataError("JSON nested too deeply", file=str(path)) from None
    except ValueError as exc:
        if lines:  # JSON Lines, but not graded responses
            raise ReconDataError(
                "JSON Lines whose first record is not a graded response of `recon-data eval "
                f"--out` (keys {', '.join((*EVAL_LINE_KEYS, 'response'))}); grade a completions "
                "file with `recon-data score --json` first",
                file=str(path),
            ) from None
        raise ReconDataError(f"not JSON: {exc}", file=str(path)) from None


def _read_eval_lines(path: Path) -> AccuracyResult:
    from recon_data.storage import iter_jsonl

    counts: dict[str, list[int]] = {}
    release = [0, 0]
    has_release = True
    try:
        for line, row in iter_jsonl(path):
            where = {"file": str(path), "record": f"line {line}"}
            category = row.get("category")
            if not isinstance(category, str) or not category:
                raise ReconDataError("missing or not text", field="category", **where)
            correct = _flag(row.get("correct"), "correct", where)
            tally = counts.setdefault(category, [0, 0])
            tally[0] += correct
            tally[1] += 1
            if EVAL_LINE_RELEASE in row:
                release[0] += _flag(row[EVAL_LINE_RELEASE], EVAL_LINE_RELEASE, where)
                release[1] += 1
            else:
                has_release = False
    except RecursionError:
        raise ReconDataError("JSON nested too deeply", file=str(path)) from None
    by_category = {c: Rate(*n) for c, n in counts.items()}
    overall = Rate(
        sum(r.correct for r in by_category.values()), sum(r.total for r in by_category.values())
    )
    return AccuracyResult(
        str(path), "eval --out", overall, by_category, Rate(*release) if has_release else None
    )


def _flag(value: Any, name: str, where: dict[str, str]) -> int:
    if not isinstance(value, bool):
        raise ReconDataError("must be true or false", field=name, **where)
    return int(value)


def _read_summary(path: Path, data: dict[str, Any], kind: str, key: str) -> AccuracyResult:
    file = str(path)
    overall = _rate(data, key, file, "")
    by = data.get("by_category")
    if not isinstance(by, dict):
        raise ReconDataError("must be an object of categories", file=file, field="by_category")
    by_category = {str(c): _rate(row, key, file, f"by_category.{c}.") for c, row in by.items()}
    release = None
    if kind == "eval --json" and EVAL_SUMMARY_RELEASE in data:
        release = _rate(data, EVAL_SUMMARY_RELEASE, file, "")
    return AccuracyResult(file, kind, overall, by_category, release, _consistency(data, file))


def _rate(row: Any, key: str, file: str, where: str) -> Rate:
    if not isinstance(row, dict):
        raise ReconDataError("must be an object", file=file, field=where.rstrip(".") or None)
    values = []
    for name in (key, "total"):
        value = row.get(name)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ReconDataError("missing or not a count", file=file, field=where + name)
        values.append(value)
    if values[0] > values[1]:
        raise ReconDataError(
            f"{key} {values[0]} exceeds total {values[1]}", file=file, field=where + key
        )
    return Rate(*values)


def _consistency(data: dict[str, Any], file: str) -> dict[str, dict[str, float]]:
    """Numbers of the `consistency` blocks (overall and per category), by measure."""
    out: dict[str, dict[str, float]] = {}

    def take(block: Any, where: str, field: str) -> None:
        if block is None:
            return
        items = block.items() if isinstance(block, dict) else [(CONSISTENCY_KEY, block)]
        for measure, value in items:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                if isinstance(value, (dict, list)):
                    continue  # counts or ids beside the shares: not charted
                raise ReconDataError("must be a number", file=file, field=f"{field}.{measure}")
            out.setdefault(str(measure), {})[where] = float(value)

    take(data.get(CONSISTENCY_KEY), "overall", CONSISTENCY_KEY)
    for category, row in (data.get("by_category") or {}).items():
        if isinstance(row, dict):
            take(
                row.get(CONSISTENCY_KEY), str(category), f"by_category.{category}.{CONSISTENCY_KEY}"
            )
    return out


def _read_games(path: Path, data: dict[str, Any], kind: str) -> GamesResult:
    file = str(path)
    metrics = SELFPLAY_METRICS if kind == "selfplay" else GTBENCH_METRICS
    blocks = data.get("games")
    if not isinstance(blocks, dict) or not blocks:
        raise ReconDataError("must be an object of games", file=file, field="games")
    games = {
        str(g): {m: _value(b, m, file, f"games.{g}.") for m in metrics} for g, b in blocks.items()
    }
    overall = _obj(data.get("overall"))
    headline: dict[str, float | None] = {}
    for name, block in [*blocks.items(), ("overall", overall)]:
        headline[name] = _headline(
            block, kind, file, "overall." if name == "overall" else f"games.{name}."
        )
    if kind == "selfplay" and overall.get(TABLE4_KEY) is None:
        # Table 4 averages the measure over its games; a file with fewer games is averaged over its own.
        present = [headline[g] for g in games if headline[g] is not None]
        headline["overall"] = sum(present) / len(present) if present else None  # type: ignore[arg-type]
    protocol = _obj(data.get("protocol"))
    player = protocol.get("model") or protocol.get("policy") or path.name
    reference = _obj(protocol.get("reference"))
    averages = {m: _value(overall, m, file, "overall.") for m in metrics}
    return GamesResult(file, kind, str(player), metrics, games, averages, headline, reference)


def _headline(block: Any, kind: str, file: str, where: str) -> float | None:
    if not isinstance(block, dict):
        return None
    if kind == "gtbench":
        return _value(block, "win_rate", file, where)
    if block.get(TABLE4_KEY) is not None:
        return _value(block, TABLE4_KEY, file, where)
    # The paper's measure: NE rate on matrix games, subgame-perfect path rate on trees.
    spe = _value(block, "spe_rate", file, where)
    return spe if spe is not None else _value(block, "ne_rate", file, where)


def _value(block: Any, key: str, file: str, where: str) -> float | None:
    value = block.get(key) if isinstance(block, dict) else None
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ReconDataError("must be a number or null", file=file, field=where + key)
    return float(value)


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _has(block: Any, key: str) -> bool:
    return isinstance(block, dict) and key in block


_READERS: tuple[
    tuple[Callable[[dict[str, Any]], bool], Callable[[Path, dict[str, Any]], Result]], ...
] = (
    (
        lambda d: (
            "games" in d and "overall" in d and ("skipped" in d or _has(d["overall"], "matches"))
        ),
        lambda p, d: _read_games(p, d, "gtbench"),
    ),
    (lambda d: "games" in d and "overall" in d, lambda p, d: _read_games(p, d, "selfplay")),
    (
        lambda d: "by_category" in d and SCORE_CORRECT in d,
        lambda p, d: _read_summary(p, d, "score --json", SCORE_CORRECT),
    ),
    (
        lambda d: "by_category" in d and EVAL_SUMMARY_RELEASE in d,
        lambda p, d: _read_summary(p, d, "eval --json", EVAL_SUMMARY_CORRECT),
    ),
)
