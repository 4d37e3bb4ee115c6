"""The dataset card: metadata the Hub reads, and prose whose numbers come from the corpus."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from recon_data.categories import CATEGORIES, CATEGORY_SLUGS
from recon_data.curation.publish.decontam import summarise_findings
from recon_data.curation.publish.export import export_corpus
from recon_data.hub.layout import CARD, DATA_FILES, SCHEMA_KEY, read_card_metadata
from recon_data.storage import read_problems, read_traces

# Slow: exports the release corpus with its charts. `scripts/test.sh --fast` skips it; CI runs it.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def export_dir(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One export of the session corpus for this module (read-only)."""
    out = tmp_path_factory.mktemp("card") / "recon-hub"
    export_corpus(corpus_dir, out)
    return out


def _section(card: str, heading: str) -> str:
    body = card.split(f"\n## {heading}\n", 1)[1]
    return body.split("\n## ", 1)[0]


def _rows(card: str, heading: str) -> dict[str, list[str]]:
    """Return a section's table rows keyed by their first cell (backticks and bold removed)."""
    rows = {}
    lines = _section(card, heading).splitlines()
    for line, following in zip(lines, [*lines[1:], ""], strict=True):
        # Skip the separator and the header row above it.
        if not line.startswith("|") or line.startswith("|---") or following.startswith("|---"):
            continue
        cells = [c.strip().replace("`", "").strip("*") for c in line.strip("|").split(" | ")]
        rows[cells[0]] = cells[1:]
    return rows


def _n(cell: str) -> int:
    return int(cell.strip("*").replace(",", ""))


def test_metadata_describes_configs_features_and_sizes(export_dir: Path, corpus_dir: Path) -> None:
    from datasets.info import DatasetInfosDict

    from recon_data.corpus import problem_features, trace_features
    from recon_data.schema_version import SCHEMA_VERSION

    meta = read_card_metadata(export_dir / CARD)
    assert [c["config_name"] for c in meta["configs"]] == ["problems", "cot"]
    assert meta["configs"][0].get("default") is True
    for config in meta["configs"]:
        for entry in config["data_files"]:
            assert (export_dir / entry["path"]).is_file()
            assert DATA_FILES[config["config_name"]][entry["split"]] == entry["path"]
    infos = DatasetInfosDict.from_dataset_card_data(meta)
    assert infos["problems"].features == problem_features()
    assert infos["cot"].features == trace_features()
    names = infos["problems"].features["category"].names
    assert names == list(CATEGORY_SLUGS)
    problems = read_problems(corpus_dir)
    for split in ("train", "eval"):
        assert infos["problems"].splits[split].num_examples == sum(p.split == split for p in problems)
    assert infos["cot"].splits["train"].num_examples == len(read_traces(corpus_dir))
    parquet_bytes = sum((export_dir / p).stat().st_size for p in DATA_FILES["problems"].values())
    assert infos["problems"].download_size == parquet_bytes
    assert meta["license"] == "other" and meta["language"] == ["en"]
    assert meta["size_categories"] == ["1K<n<10K"]
    assert meta["task_categories"] and meta["pretty_name"]
    assert meta[SCHEMA_KEY] == SCHEMA_VERSION


def test_category_table_counts_come_from_the_corpus(export_dir: Path, corpus_dir: Path) -> None:
    card = (export_dir / CARD).read_text(encoding="utf-8")
    rows = _rows(card, "Categories")
    problems = read_problems(corpus_dir)
    traces = read_traces(corpus_dir)
    train = Counter(p.category for p in problems if p.split == "train")
    eval_ = Counter(p.category for p in problems if p.split == "eval")
    cot = Counter(t.category for t in traces)
    for cat in CATEGORIES:
        name, description, _source, setting, n_train, n_eval, n_cot = rows[cat.slug]
        assert (name, description, setting) == (cat.name, cat.description, cat.setting)
        assert (_n(n_train), _n(n_eval), _n(n_cot)) == (train[cat.slug], eval_[cat.slug], cot[cat.slug])
    assert [_n(c) for c in rows["total"][-3:]] == [sum(train.values()), sum(eval_.values()), len(traces)]


def test_answer_kinds_and_release_defects(export_dir: Path, corpus_dir: Path) -> None:
    card = (export_dir / CARD).read_text(encoding="utf-8")
    problems = read_problems(corpus_dir)
    kinds = _rows(card, "Answer kinds and grading")
    for kind in {p.answer_kind for p in problems}:
        n_train, n_eval, _format, example = kinds[kind]
        assert _n(n_train) == sum(p.answer_kind == kind and p.split == "train" for p in problems)
        assert _n(n_eval) == sum(p.answer_kind == kind and p.split == "eval" for p in problems)
        assert example in {p.answer for p in problems if p.answer_kind == kind}
    assert "from recon_data.verifiers import grade, hierarchical_reward" in card

    defects = {label: _n(cells[0]) for label, cells in _rows(card, "Known release defects").items()}
    train_prompts = Counter(p.prompt[-1].content for p in problems if p.split == "train")
    eval_prompts = Counter(p.prompt[-1].content for p in problems if p.split == "eval")
    assert defects["exact duplicate prompts inside train (extra copies)"] == sum(
        n - 1 for n in train_prompts.values()
    )
    assert defects["distinct prompts shared by train and eval"] == len(set(train_prompts) & set(eval_prompts))
    changed = sum(p.provenance.release_answer is not None for p in problems)
    assert changed > 0
    assert defects["golds rewritten to canonical form (provenance.release_answer keeps the original)"] == changed
    exact_cot_in_eval = sum(t.prompt in eval_prompts for t in read_traces(corpus_dir))
    assert defects["CoT traces whose prompt is an eval prompt"] >= exact_cot_in_eval


def test_provenance_licences_and_citation(export_dir: Path, release_dir: Path) -> None:
    card = (export_dir / CARD).read_text(encoding="utf-8")
    provenance = _section(card, "Provenance and licences")
    for csv in sorted(release_dir.glob("*.csv")):
        assert hashlib.sha256(csv.read_bytes()).hexdigest() in provenance, csv.name
    sources = _rows(card, "Provenance and licences")
    assert "cc-by-nc-sa-4.0" in sources["EconLogicQA"][-1]
    for name in ("STEER", "EconNLI", "3x3 strategic games"):
        assert "see upstream" in sources[name][-1]
    assert sum(_n(cells[1]) for cells in sources.values()) == 2100
    citation = _section(card, "Citation")
    assert "arXiv:2506.00577" in citation and "Reasoning Like an Economist" in citation
    assert "No decontamination report" in _section(card, "Decontamination")
    assert "Every row of the release is kept" in card


def test_decontam_findings_are_counted_by_kind_and_pair() -> None:
    sides = {"train-1": "train", "eval-1": "eval", "cot-1": "cot"}
    train, eval_ = {"id": "train-1", "split": "train"}, {"id": "eval-1", "split": "eval"}
    findings = [
        {"kind": "exact", "a": train, "b": eval_, "score": 1.0, "evidence": {}},
        {"kind": "exact", "a": "eval-1", "b": "train-1", "score": 1.0, "evidence": {}},
        {"kind": "near_duplicate", "a": "eval-1", "b": {"id": "cot-1"}, "score": 0.9, "evidence": {}},
        {"kind": "near_duplicate", "a": {"source": "econnli", "row": 12, "split": "test"}, "b": eval_,
         "score": 0.8, "evidence": {}},
        {"kind": "ngram_overlap", "a": "econlogicqa:7", "b": "mystery", "score": 0.5, "evidence": {}},
    ]
    summary = summarise_findings(findings, sides)
    assert summary.total == 5
    assert summary.by_kind == {"exact": 2, "near_duplicate": 2, "ngram_overlap": 1}
    assert summary.by_pair == (
        ("exact", "train ↔ eval", 2),
        ("near_duplicate", "cot ↔ eval", 1),
        ("near_duplicate", "eval ↔ econnli[test]", 1),
        ("ngram_overlap", "econlogicqa ↔ other", 1),
    )


def test_card_follows_the_corpus_it_is_given(corpus_dir: Path, tmp_path: Path, cli) -> None:
    """Drop every `pte` eval problem and trace: the card, the metadata and the data all follow."""
    import datasets

    from recon_data.curation.resolve import load_corpus
    from recon_data.manifest import build_manifest, count_block, read_manifest, write_manifest
    from recon_data.storage import PROBLEM_FILES, TRACE_FILES

    subset = tmp_path / "subset"
    shutil.copytree(corpus_dir, subset)
    records, cats = {}, {}
    for rel in (PROBLEM_FILES["eval"], TRACE_FILES["train"]):
        lines = (subset / rel).read_text(encoding="utf-8").splitlines(keepends=True)
        kept = [ln for ln in lines if json.loads(ln)["category"] != "pte"]
        (subset / rel).write_text("".join(kept), encoding="utf-8")
        records[rel.as_posix()] = len(kept)
        cats[rel.as_posix()] = [json.loads(ln)["category"] for ln in kept]
    records["problems/train.jsonl"] = len(read_problems(subset, "train"))
    old = read_manifest(corpus_dir)
    counts = json.loads(json.dumps(old["counts"]))
    counts["problems"]["eval"] = count_block(cats["problems/eval.jsonl"])
    counts["cot"]["train"].update(count_block(cats["cot/train.jsonl"]))
    write_manifest(
        subset,
        build_manifest(
            subset, schema_version=old["schema_version"], counts=counts, records=records,
            source=old["source"], builder=old["builder"],
        ),
    )
    report = tmp_path / "report.json"
    pair = next(p for p in read_problems(subset) if p.split == "eval")
    report.write_text(json.dumps({"findings": [{"kind": "exact", "a": pair.id, "b": pair.id, "score": 1, "evidence": ""}]}))
    out = tmp_path / "hub"
    code, _, err = cli("export", subset, "--out", out, "--decontam-report", report)
    assert code == 0, err

    card = (out / CARD).read_text(encoding="utf-8")
    kept = sum(records.values())
    released = sum(f["rows"] for f in old["source"]["files"].values())
    assert f"This corpus holds {kept:,} of the release's {released:,} rows." in card
    pte = _rows(card, "Categories")["pte"]
    assert (_n(pte[-2]), _n(pte[-1])) == (0, 0) and _n(pte[-3]) > 0
    assert _n(_rows(card, "Categories")["total"][-2]) == records["problems/eval.jsonl"]
    assert "| exact | eval ↔ eval | 1 |" in _section(card, "Decontamination")
    loaded = datasets.load_dataset(str(out), "problems", cache_dir=str(tmp_path / "ds"))
    assert loaded["eval"].num_rows == records["problems/eval.jsonl"]
    assert loaded["eval"].to_list() == load_corpus(subset, "problems")["eval"].to_list()


def test_the_cards_grading_call_works_on_exported_rows(export_dir: Path) -> None:
    import datasets

    from recon_data.verifiers import grade

    card = (export_dir / CARD).read_text(encoding="utf-8")
    call = 'grade(model_output, row["answer"], row["answer_kind"], row["options"])'
    assert call in card
    rows = datasets.load_dataset(str(export_dir), "problems", cache_dir=str(export_dir.parent / "g"))["eval"]
    by_kind: dict[str, list[dict]] = {}
    for row in rows:
        by_kind.setdefault(row["answer_kind"], []).append(row)
    for kind, group in by_kind.items():
        row = group[0]
        other = next(r["answer"] for r in group if r["answer"] != row["answer"])
        for answer, expected in ((row["answer"], True), (other, False)):
            model_output = f"reasoning</think>\nThe answer is \\boxed{{{answer}}}."
            verdict = grade(model_output, row["answer"], row["answer_kind"], row["options"])  # == `call`
            assert verdict.correct is expected, (kind, answer)
