"""The cleaned corpus built from the real release, and the permutation helpers."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from recon_data import answers
from recon_data.curation.clean import clean_corpus, permutation, read_changes
from recon_data.curation.clean.permute import remap_refs, render_options
from recon_data.curation.problems import extract_options


@pytest.fixture(scope="module")
def audit(corpus_dir: Path):
    # The audit tests' report, computed once per session (the audit is read-only here).
    from test_audit import shared_audit

    return shared_audit(corpus_dir)


@pytest.fixture(scope="module")
def cleaned(corpus_dir: Path, audit, tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("clean") / "c"
    return clean_corpus(corpus_dir, out, audit=audit)


def _problems(root: Path) -> dict[str, dict]:
    recs = {}
    for split in ("train", "eval"):
        for line in (root / "problems" / f"{split}.jsonl").read_text().splitlines():
            rec = json.loads(line)
            recs[rec["id"]] = rec
    return recs


def test_cleaned_corpus_validates(cleaned) -> None:
    from recon_data.validate import validate_path

    report = validate_path(cleaned.out)
    assert report.ok, report.issues[:3]


def test_ids_kept_and_changes_counted(cleaned, corpus_dir: Path) -> None:
    release, clean = _problems(corpus_dir), _problems(cleaned.out)
    assert set(clean) <= set(release)
    changes = read_changes(cleaned.out)
    manifest = json.loads((cleaned.out / "manifest.json").read_text())
    assert manifest["cleaning"]["changes"] == dict(Counter(c["action"] for c in changes)) | {
        a: 0
        for a in ("permuted", "corrected", "dropped", "deduplicated")
        if a not in cleaned.actions
    }
    removed = {c["id"] for c in changes if c["action"] in ("dropped", "deduplicated")}
    assert set(release) - set(clean) == removed & set(release)
    for c in changes:
        assert set(c) == {"id", "action", "reason", "old_gold", "new_gold"}


def test_prompts_show_the_permuted_options(cleaned) -> None:
    for rec in _problems(cleaned.out).values():
        if rec["answer_kind"] == "mcq":
            assert extract_options(rec["prompt"][-1]["content"]) == rec["options"]
            number, text = answers.parse_mcq_gold(rec["answer"])
            assert rec["options"][number - 1] == text


def test_corrections_follow_the_audit(cleaned, audit, corpus_dir: Path) -> None:
    by_id, release = audit.by_id(), _problems(corpus_dir)
    clean = _problems(cleaned.out)
    for c in read_changes(cleaned.out):
        if c["action"] == "corrected":
            item = by_id[c["id"]]
            assert item.status == "disagree" and len(item.solver) == 1
            assert c["old_gold"] == release[c["id"]]["answer"]
            if c["id"] in clean:  # same answer text, possibly another number after permuting
                new = clean[c["id"]]["answer"]
                assert new.split(":", 1)[-1] == item.solver[0].split(":", 1)[-1]
    for rid in clean:
        assert by_id.get(rid) is None or by_id[rid].status not in ("ill_posed",)


def test_position_bias_removed(cleaned) -> None:
    rows = {(r["category"], r["split"]): r for r in cleaned.comparison}
    assert rows[("trigger", "train")]["release"]["always_option_1"] == 1.0
    for cat in ("trigger", "feasibility", "endowment_effect"):
        assert rows[(cat, "train")]["clean"]["always_option_1"] < 0.7


def test_no_duplicates_or_leaks(cleaned, audit) -> None:
    clean = _problems(cleaned.out)
    texts = Counter((r["split"], r["prompt"][-1]["content"]) for r in clean.values())
    assert max(texts.values()) == 1
    for leak in audit.leaks:
        assert not (leak["train"] in clean and leak["eval"] in clean)


def test_traces_follow_their_problems(cleaned) -> None:
    clean = _problems(cleaned.out)
    for line in (cleaned.out / "cot" / "train.jsonl").read_text().splitlines():
        t = json.loads(line)
        p = clean[t["problem_id"]]
        assert p["split"] == "train" and t["prompt"] == p["prompt"][-1]["content"]
        if p["answer_kind"] == "mcq":
            assert answers.parse_mcq_gold(t["answer"])[0] == answers.parse_mcq_gold(p["answer"])[0]


def test_deterministic(cleaned, corpus_dir: Path, audit, tmp_path: Path) -> None:
    again = clean_corpus(corpus_dir, tmp_path / "again", audit=audit)
    for rel in ("problems/train.jsonl", "problems/eval.jsonl", "cot/train.jsonl", "changes.jsonl"):
        assert (again.out / rel).read_bytes() == (cleaned.out / rel).read_bytes()


def test_refuses_existing_output(cleaned, corpus_dir: Path, audit) -> None:
    from recon_data.errors import ReconDataError

    with pytest.raises(ReconDataError, match="--force"):
        clean_corpus(corpus_dir, cleaned.out, audit=audit)


def test_permutation_helpers() -> None:
    assert permutation("train-abc", 4) == permutation("train-abc", 4)
    assert sorted(permutation("train-abc", 5)) == list(range(5))
    spread = Counter(permutation(f"id-{i}", 4).index(0) for i in range(400))
    assert min(spread.values()) > 60  # the old option 1 lands anywhere, near uniformly
    content = "Question:\nQ?\n\nOptions:\nOption 1: a\nOption 2: b\n"
    assert extract_options(render_options(content, ["b", "a"])) == ["b", "a"]
    assert remap_refs("pick Option 1, not Option 2", {1: 2, 2: 1}) == "pick Option 2, not Option 1"


def test_empty_corpus(tmp_path: Path) -> None:
    from recon_data.manifest import write_corpus
    from recon_data.validate import validate_path

    write_corpus(tmp_path / "empty", {"train": [], "eval": []}, [], source={}, builder="test")
    result = clean_corpus(tmp_path / "empty", tmp_path / "out")
    assert sum(result.actions.values()) == 0
    assert validate_path(tmp_path / "out").ok


def test_export_card_shows_the_cleaning_summary(cleaned, corpus_dir: Path, tmp_path: Path) -> None:
    from recon_data.curation.publish.export import export_corpus

    card = export_corpus(cleaned.out, tmp_path / "export").card
    assert "## Cleaning" in card
    for action, n in cleaned.actions.items():
        assert f"| {action} | {n:,} |" in card
    assert "changes.jsonl" in card
    # A corpus that was not cleaned says nothing about cleaning.
    assert "## Cleaning" not in export_corpus(corpus_dir, tmp_path / "plain").card
