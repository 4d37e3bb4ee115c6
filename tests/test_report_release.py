"""Done when: `recon-data report` on the release, its cleaned copy, an `eval` result and a `games
eval` result writes one HTML file that headless Chromium renders with every chart, offline."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

import pytest
from test_report_page import open_in_chromium

# Slow: cleans the release and audits both corpora. `scripts/test.sh --fast` skips it; CI runs it.
pytestmark = pytest.mark.slow

KEYS = [
    "corpus-categories", "corpus-kinds", "corpus-sources", "audit-verdicts", "audit-position",
    "audit-content", "decontam", "results-accuracy", "games-table4", "games-metrics-1",
]  # fmt: skip


@pytest.fixture(scope="module")
def inputs(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The cleaned release, an `eval --out` file on its eval split, and a `games eval` report."""
    from recon_data.curation.clean import clean_corpus
    from recon_data.storage import read_problems
    from recon_data.training.evaluation import grade_response
    from recon_data.training.responses import Graded, write_records
    from recon_data.training.selfplay import run_games

    folder = tmp_path_factory.mktemp("release-report")
    cleaned = clean_corpus(corpus_dir, folder / "cleaned").out
    rng = random.Random(3)
    graded: list[Graded] = []
    for p in read_problems(corpus_dir, "eval"):
        answer = p.answer if rng.random() < 0.5 else "Option 1: the first"
        graded.append(grade_response(p, f"...</think>\n\\boxed{{{answer}}}"))
    eval_out = write_records(folder / "eval-out.jsonl", graded)  # as `eval --out` writes it
    report, _ = run_games(["hua2024"], policy="random", trials=20)
    games = folder / "games.json"
    games.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return {"folder": folder, "cleaned": cleaned, "eval_out": eval_out, "games": games}


def _jsonl(folder: Path, rel: str) -> list[dict[str, Any]]:
    text = (folder / rel).read_text("utf-8")
    return [json.loads(line) for line in text.splitlines() if line]


def test_release_report_renders_every_chart_offline(corpus_dir: Path, inputs: dict[str, Path], cli) -> None:
    page = inputs["folder"] / "report.html"
    code, stdout, err = cli(
        "report", corpus_dir, "--clean", inputs["cleaned"], "--results", inputs["eval_out"],
        "--results", inputs["games"], "--out", page,
    )  # fmt: skip
    assert code == 0, err
    assert stdout.strip() == str(page)
    seen = open_in_chromium(page)
    assert seen["problems"] == [] and seen["requests"] == [page.resolve().as_uri()]
    charts = {c["key"]: c for c in seen["charts"]}
    assert list(charts) == KEYS
    for chart in charts.values():
        assert chart["figure"] and chart["width"] > 200 and chart["height"] > 100, chart
        assert chart["bar"] + chart["cell"] > 0 and chart["flat"] == 0, chart
        assert chart["ink"] > 0.03, chart

    # Counted from the corpus files: a bar per (category, part) with items, both corpora.
    bars = 0
    for folder in (corpus_dir, inputs["cleaned"]):
        parts = {(r["category"], r["split"]) for s in ("train", "eval") for r in _jsonl(folder, f"problems/{s}.jsonl")}
        parts |= {(t["category"], "cot") for t in _jsonl(folder, "cot/train.jsonl")}
        bars += len(parts)
    assert charts["corpus-categories"]["bar"] == bars
    # 10 games and overall, by one file and the paper's two models; and by four rates.
    assert charts["games-table4"]["cell"] == 11 * 3 and charts["games-metrics-1"]["cell"] == 11 * 4
    # 15 categories, then one total for the file and the paper's three.
    assert charts["results-accuracy"]["bar"] == 15 + 1 + 3

    text = page.read_text("utf-8")
    # The paper's Table 4 overall beside ours, and Table 3's totals in the accuracy table.
    overall = re.search(r"<tr><td>overall</td>(.*?)</tr>", text.split('id="chart-games-table4"')[1])
    assert overall is not None and overall.group(1).endswith("<td>0.59</td><td>0.69</td>")
    for cell in ("145/300", "179/300", "186/300"):
        assert f"<td>{cell}</td>" in text
    assert "before and after cleaning" in text and str(inputs["cleaned"]) in text
