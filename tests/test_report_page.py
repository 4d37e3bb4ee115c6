"""`recon-data report` on a small fixed corpus: the page's structure, and the page in real Chromium.

The corpus is 15 generated problems (3 categories x 3 train + 2 eval); the results are a
hand-made `eval --out` file (with a hostile category name), a hand-made `score --json` file, a
scripted `games eval` run, and a hand-made decontamination report. What each chart must show
is counted here from those files, not from the charts' code.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from recon_data.curation.report import build_report, write_report

# Slow: draws report pages and opens them in Chromium. `scripts/test.sh --fast` skips it; CI runs it.
pytestmark = pytest.mark.slow

HOSTILE = "<img src=https://evil.example/x.png onerror=alert(1)>"
SCORE = {"pure_nash": (1, 2), "trigger": (0, 2), "condorcet_criterion": (2, 2)}
GAMES = ["prisoners_dilemma", "escalation"]


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The small corpus and its results files, with the report page written from them."""
    from recon_data.curation.generators.corpus import generate_corpus
    from recon_data.training.selfplay import run_games

    folder = tmp_path_factory.mktemp("small")
    corpus = folder / "corpus"
    names = ["pure_nash", "trigger", "condorcet_criterion"]
    generate_corpus(corpus, names, n=3, eval_n=2, decontaminate=False)
    rows = _rows(corpus)
    evals = [r for r in rows if r["split"] == "eval"]
    lines = [
        {"id": r["id"], "category": r["category"], "answer": r["answer"], "response": "x",
         "correct": i % 2 == 0, "release_correct": False, "status": "wrong", "reward": -3.0}
        for i, r in enumerate(evals)
    ]  # fmt: skip
    lines.append({**lines[0], "id": "hostile", "category": HOSTILE})
    eval_out = folder / "eval-out.jsonl"
    eval_out.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    score = {
        "correct": 3, "total": 6, "paper_correct": 3, "paper_accuracy": 0.5,
        "by_category": {c: {"correct": k, "total": n, "paper_correct": k} for c, (k, n) in SCORE.items()},
    }  # fmt: skip
    score_json = folder / "score.json"
    score_json.write_text(json.dumps(score), encoding="utf-8")
    report, _ = run_games(GAMES, policy="first", trials=2)
    games_json = folder / "games.json"
    games_json.write_text(json.dumps(report), encoding="utf-8")
    train = {c: [r["id"] for r in rows if r["category"] == c and r["split"] == "train"] for c in names}
    eval_ids = {c: [r["id"] for r in evals if r["category"] == c] for c in names}
    findings = [
        {"kind": "exact", "a": {"id": train["pure_nash"][0], "split": "train"},
         "b": {"id": train["pure_nash"][1], "split": "train"}, "score": 1.0, "evidence": {}},
        {"kind": "ngram_overlap", "a": {"id": train["trigger"][0], "split": "train"},
         "b": {"id": eval_ids["trigger"][0], "split": "eval"}, "score": 0.9, "evidence": {}},
    ]  # fmt: skip
    decontam = folder / "decontam.json"
    decontam.write_text(json.dumps({"findings": findings}), encoding="utf-8")
    page = write_report(
        corpus, folder / "report.html", results=[eval_out, score_json, games_json],
        decontam_report=decontam,
    )  # fmt: skip
    return {"corpus": corpus, "rows": rows, "page": page, "eval_lines": lines, "games": report,
            "inputs": (eval_out, score_json, games_json, decontam)}  # fmt: skip


def _rows(corpus: Path) -> list[dict[str, Any]]:
    return [
        json.loads(line)
        for split in ("train", "eval")
        for line in (corpus / "problems" / f"{split}.jsonl").read_text("utf-8").splitlines()
        if line
    ]


def expected_marks(small: dict[str, Any]) -> dict[str, tuple[str, int]]:
    """What every chart of the small report must draw, counted from its input files."""
    from recon_data.curation.audit import audit_corpus

    rows = small["rows"]
    splits = Counter((r["category"], r["split"]) for r in rows)
    kinds = {(r["answer_kind"], r["split"]) for r in rows}
    sources = {(r["source"], r["split"]) for r in rows}
    verdicts = {(i.category, i.status) for i in audit_corpus(small["corpus"], leaks=False).items}
    positions = {(r["category"], r["answer"].split(":")[0]) for r in rows if r["answer_kind"] == "mcq"}
    categories = {r["category"] for r in rows}
    eval_categories = {x["category"] for x in small["eval_lines"]}
    games = len(GAMES) + 1  # and the overall row
    return {
        "corpus-categories": ("bar", len(splits)),
        "corpus-kinds": ("bar", len(kinds)),
        "corpus-sources": ("bar", len(sources)),
        "audit-verdicts": ("bar", len(verdicts)),
        "audit-position": ("bar", len(positions)),
        "audit-content": ("bar", len(categories)),
        # by category: pure_nash/exact, trigger/ngram; by pair: train-train, train-eval
        "decontam": ("bar", 4),
        # left: each file's categories; right: two files' totals and the paper's three
        "results-accuracy": ("bar", len(eval_categories) + len(SCORE) + 2 + 3),
        # games x (one file, the paper's two models); games x four rates
        "games-table4": ("cell", games * 3),
        "games-metrics-1": ("cell", games * 4),
    }


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.refs: list[str] = []
        self.tags: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        for name, value in attrs:
            if name == "id" and value is not None:
                self.ids.append(value)
            if name in ("src", "href", "xlink:href", "action", "data", "srcset") and value:
                self.refs.append(value)


def test_page_has_every_chart_with_the_marks_its_inputs_call_for(small: dict[str, Any]) -> None:
    text = small["page"].read_text("utf-8")
    figures = re.findall(r'<figure class="chart" id="chart-([^"]+)".*?</figure>', text, re.S)
    expected = expected_marks(small)
    assert figures == list(expected)
    for key, (kind, n) in expected.items():
        body = re.search(rf'<figure class="chart" id="chart-{key}".*?</figure>', text, re.S)
        assert body is not None
        assert body.group(0).count(f'class="{kind}"') == n, key
        # every mark carries its hover text
        assert len(re.findall(rf'class="{kind}"[^>]*>\s*<title>', body.group(0))) == n, key


def test_page_fetches_nothing_and_runs_nothing(small: dict[str, Any]) -> None:
    text = small["page"].read_text("utf-8")
    parser = _Attributes()
    parser.feed(text)
    assert parser.refs and all(r.startswith(("#", "data:")) for r in parser.refs), parser.refs
    assert parser.tags["script"] == parser.tags["img"] == parser.tags["link"] == 0
    assert "default-src 'none'" in text
    # The hostile category is text on the page, never markup.
    assert HOSTILE not in text and "&lt;img src=https://evil.example/x.png" in text


def test_ids_are_unique_and_every_svg_reference_resolves(small: dict[str, Any]) -> None:
    text = small["page"].read_text("utf-8")
    parser = _Attributes()
    parser.feed(text)
    assert len(parser.ids) == len(set(parser.ids))
    for svg in re.findall(r"<svg .*?</svg>", text, re.S):
        ids = set(re.findall(r' id="([^"]+)"', svg))
        for ref in re.findall(r'url\(#([^)]+)\)|xlink:href="#([^"]+)"', svg):
            assert (ref[0] or ref[1]) in ids


def test_captions_name_their_files(small: dict[str, Any]) -> None:
    text = small["page"].read_text("utf-8")
    eval_out, score_json, games_json, decontam = small["inputs"]
    captions = dict(re.findall(r'<figcaption id="([^"]+)-caption">(.*?)</figcaption>', text, re.S))
    assert str(small["corpus"]) in captions["corpus-categories"]
    assert str(decontam) in captions["decontam"]
    assert str(eval_out) in captions["results-accuracy"] and str(score_json) in captions["results-accuracy"]
    assert str(games_json) in captions["games-table4"] and str(games_json) in captions["games-metrics-1"]


def test_the_same_inputs_give_the_same_page(small: dict[str, Any]) -> None:
    eval_out, score_json, games_json, decontam = small["inputs"]
    again = build_report(
        small["corpus"], results=[eval_out, score_json, games_json], decontam_report=decontam
    )
    assert again == small["page"].read_text("utf-8")


def test_refuses_an_existing_page_and_names_bad_inputs(small: dict[str, Any], tmp_path: Path, cli) -> None:
    out = tmp_path / "r.html"
    out.write_text("mine", encoding="utf-8")
    code, stdout, err = cli("report", small["corpus"], "--out", out)
    assert code == 1 and "--force" in err and str(out) in err and err.count("\n") == 1
    assert out.read_text("utf-8") == "mine"
    code, stdout, err = cli("report", small["corpus"], "--out", out, "--force", "--decontam-report", small["inputs"][3])
    assert code == 0 and stdout.strip() == str(out) and out.read_text("utf-8").startswith("<!DOCTYPE html>")
    for args, named in (
        (("--results", tmp_path / "nope.jsonl"), "nope.jsonl"),
        (("--results", small["inputs"][1], "--results", small["inputs"][1]), "given twice"),
        (("--decontam-report", tmp_path / "nope.json"), "nope.json"),
        (("--clean", small["corpus"]), "--clean must name another corpus"),
    ):
        code, _, err = cli("report", small["corpus"], "--out", tmp_path / "x.html", *args)
        assert code == 1 and named in err and "Traceback" not in err and err.count("\n") == 1
    assert not (tmp_path / "x.html").exists()


def test_a_decontamination_report_of_another_corpus_is_refused(small: dict[str, Any], tmp_path: Path) -> None:
    from recon_data.errors import ReconDataError

    other = tmp_path / "other.json"
    finding = {"kind": "exact", "a": {"id": "a", "split": "train"}, "b": {"id": "b", "split": "eval"}, "score": 1.0}
    other.write_text(json.dumps({"findings": [finding]}), encoding="utf-8")
    with pytest.raises(ReconDataError, match="another corpus") as info:
        build_report(small["corpus"], decontam_report=other)
    assert str(other) in str(info.value)


def test_chromium_renders_every_chart_without_errors(small: dict[str, Any]) -> None:
    seen = open_in_chromium(small["page"])
    assert seen["problems"] == [] and seen["requests"] == [small["page"].resolve().as_uri()]
    expected = expected_marks(small)
    assert [c["key"] for c in seen["charts"]] == list(expected)
    for chart in seen["charts"]:
        kind, n = expected[chart["key"]]
        assert chart["figure"] and chart["width"] > 200 and chart["height"] > 100, chart
        assert chart[kind] == n and chart["flat"] == 0, chart
        assert chart["ink"] > 0.03, chart  # the screenshot is a picture, not a blank box


# The browser check, shared with the release test (tests/test_report_release.py).

_CHARTS_JS = """() => [...document.querySelectorAll('[data-chart]')].map(el => {
  const svg = el.querySelector('svg');
  const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
  const marks = [...el.querySelectorAll('.bar, .cell')];
  return {
    key: el.dataset.chart, figure: el.tagName === 'FIGURE', width: box.width, height: box.height,
    bar: el.querySelectorAll('.bar').length, cell: el.querySelectorAll('.cell').length,
    flat: marks.filter(m => !(m.getBBox().height > 0)).length,
  };
})"""


def chromium() -> str:
    """The Chromium to drive: RECON_DATA_CHROMIUM, else one on PATH; none fails in CI, else skips."""
    import os
    import shutil

    found = os.environ.get("RECON_DATA_CHROMIUM") or next(
        (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None
    )
    if found is None:
        message = "no Chromium to render the report (apt-get install chromium, or set RECON_DATA_CHROMIUM)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found


def open_in_chromium(page_path: Path) -> dict[str, Any]:
    """Open a page from disk in headless Chromium: its charts, console problems and requests."""
    import io

    from _support import require_module
    from PIL import Image

    sync_api = require_module("playwright.sync_api")
    executable = chromium()
    problems: list[str] = []
    requests: list[str] = []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.on("console", lambda m: problems.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
            page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
            page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(page_path.resolve().as_uri(), wait_until="load")
            charts = page.evaluate(_CHARTS_JS)
            for chart in charts:
                if not chart["figure"]:
                    continue
                shot = page.locator(f'[data-chart="{chart["key"]}"] svg').screenshot()
                levels = Image.open(io.BytesIO(shot)).convert("L").histogram()
                chart["ink"] = sum(levels[:235]) / sum(levels)  # share of non-white pixels
        finally:
            browser.close()
    return {"charts": charts, "problems": problems, "requests": requests}
