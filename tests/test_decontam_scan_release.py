"""The streaming scan against the Recon release: planted items are found, templates are not.

Shards are generated in a tmp dir at run time from the corpus built from ../shared (no
release text is stored here): filler pages, pages with a release item pasted in, pages of
nothing but the release's template sentences, and release items with their numbers changed.
"""

from __future__ import annotations

import collections
import gzip
import importlib.util
import json
import random
from pathlib import Path
from types import ModuleType
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from recon_data.curation.decontam import decontaminate, drop_flagged, scan_items
from recon_data.curation.decontam.findings import Report

# Slow: plants and scans the whole release. `scripts/test.sh --fast` skips it; CI runs it.
pytestmark = pytest.mark.slow


def _planting() -> ModuleType:
    """The benchmark's page makers (one copy of the planting rules, shared with the test)."""
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "decontam_scan_data.py"
    spec = importlib.util.spec_from_file_location("decontam_scan_data", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


PLANT = _planting()


@pytest.fixture(scope="module")
def shards(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    rows = PLANT.problems(corpus_dir)
    rng = random.Random(24)
    words = [f"w{i}" for i in range(5000)]
    pages: list[tuple[str, str, str | None]] = []  # (kind, text, planted item id)
    for row in rows[::7]:
        filler = " ".join(rng.choices(words, k=300))
        pages.append(("planted", f"{filler[:900]}\n{row['text']}\n{filler[900:]}", row["id"]))
    pages += [("template", t, None) for t in PLANT.template_only(rows)]
    for row in rows:
        changed = PLANT.renumbered(row["text"])
        if changed is not None:
            pages.append(("renumbered", changed, None))
    pages += [("filler", " ".join(rng.choices(words, k=400)), None) for _ in range(300)]
    rng.shuffle(pages)
    root = tmp_path_factory.mktemp("scan-release")
    thirds = [pages[i::3] for i in range(3)]
    with open(root / "a.jsonl", "w", encoding="utf-8") as fh:
        fh.writelines(json.dumps({"text": t}) + "\n" for _, t, _ in thirds[0])
    with gzip.open(root / "b.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.writelines(json.dumps({"text": t}) + "\n" for _, t, _ in thirds[1])
    pq.write_table(pa.table({"text": [t for _, t, _ in thirds[2]]}), root / "c.parquet")
    truth = {}
    for name, part in zip(("a.jsonl", "b.jsonl.gz", "c.parquet"), thirds, strict=True):
        for row_no, (kind, _, item) in enumerate(part):
            truth[(str(root / name), row_no)] = (kind, item)
    kinds = collections.Counter(kind for kind, _ in truth.values())
    return {"root": root, "truth": truth, "kinds": kinds}


@pytest.fixture(scope="module")
def report(corpus_dir: Path, shards: dict[str, Any]) -> Report:
    return decontaminate(corpus_dir, within=False, scan=[shards["root"]])


def test_every_planted_item_is_found_where_it_was_planted(
    report: Report, shards: dict[str, Any]
) -> None:
    assert report.scan is not None
    truth = shards["truth"]
    planted = {(f, r): item for (f, r), (kind, item) in truth.items() if kind == "planted"}
    found = {
        (h.file, h.row): h for h in report.scan.hits if h.item.id == planted.get((h.file, h.row))
    }
    assert set(found) == set(planted) and len(planted) == shards["kinds"]["planted"] >= 300
    for hit in found.values():
        assert hit.score >= 0.8 and hit.evidence["shared"] >= 1 and "chars" in hit.span


def test_no_template_renumbered_or_filler_page_is_a_finding(
    report: Report, shards: dict[str, Any]
) -> None:
    assert report.scan is not None
    kinds = shards["kinds"]
    assert kinds["template"] == 2100 and kinds["renumbered"] >= 400 and kinds["filler"] == 300
    flagged = collections.Counter(shards["truth"][(h.file, h.row)][0] for h in report.scan.hits)
    assert set(flagged) == {"planted"}
    assert report.scan.template["items_without_content"] == 0


def test_the_scan_section_counts_what_was_read(report: Report, shards: dict[str, Any]) -> None:
    assert report.scan is not None
    data = report.to_dict()["scan"]
    assert data["items"] == {"eval": 300, "train": 1800}
    assert data["counts"]["documents"] == data["counts"]["rows"] == len(shards["truth"])
    assert [f["format"] for f in data["files"]] == ["jsonl", "jsonl.gz", "parquet"]
    splits = [f["item"]["split"] for f in data["findings"]]
    assert splits == sorted(splits, key=lambda s: s != "eval")  # eval items first
    assert report.findings == [] and report.records["cot"] == 866


def test_drop_removes_found_train_items_and_eval_items_only_when_asked(
    report: Report, corpus_dir: Path, tmp_path: Path
) -> None:
    from recon_data.validate import validate_path

    assert report.scan is not None
    found = {(h.item.split, h.item.id) for h in report.scan.hits}
    result = drop_flagged(report, corpus_dir, tmp_path / "clean")
    removed = {(e.split, e.id): why for e, why in result.removed}
    assert {k for k in removed if k[0] == "train"} == {k for k in found if k[0] == "train"}
    assert not any(split == "eval" for split, _ in removed)
    assert all(
        why.startswith("found in document ") for (s, _), why in removed.items() if s == "train"
    )
    assert validate_path(tmp_path / "clean").ok
    with_eval = drop_flagged(report, corpus_dir, tmp_path / "clean-eval", drop_eval=True)
    evals = {e.id for e, _ in with_eval.removed if e.split == "eval"}
    assert evals == {i for s, i in found if s == "eval"} and evals
    assert with_eval.kept["eval"] == 300 - len(evals)


def test_items_are_the_problems_not_the_traces(corpus_dir: Path) -> None:
    items = scan_items(corpus_dir)
    assert len(items) == 2100 and {d.split for d in items} == {"train", "eval"}
