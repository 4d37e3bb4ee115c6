"""`recon-data generate` and the corpus it writes: validate, decontamination drops, metadata,
the pinned recon-fresh set, and the reasoning-gym adapter when reasoning-gym is installed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from recon_data.curation.generators import generate_corpus
from recon_data.curation.generators.corpus import iter_metadata
from recon_data.curation.generators.registry import GENERATORS
from recon_data.errors import ReconDataError
from recon_data.manifest import read_manifest
from recon_data.storage import read_problems
from recon_data.validate import validate_path

# Slow: generates and decontaminates whole corpora. `scripts/test.sh --fast` skips it; CI runs it.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> Path:
    """A small generated corpus of every family, scanned against the release corpus."""
    out = tmp_path_factory.mktemp("gen") / "g"
    generate_corpus(out, n=6, eval_n=2, seed=3, against=corpus_dir)
    return out


def test_generated_corpus_validates_and_loads(generated: Path) -> None:
    report = validate_path(generated)
    assert report.ok, [i.format() for i in report.issues]
    problems = read_problems(generated)
    assert len(problems) == len(GENERATORS) * 8
    assert {p.split for p in problems} == {"train", "eval"}


def test_manifest_names_generators_and_records_carry_generation(generated: Path) -> None:
    source = read_manifest(generated)["source"]
    assert source["kind"] == "generated" and source["seed"] == 3
    assert source["generators"]["pure_nash"]["config"]["rows"] == 3
    assert source["generators"]["pure_nash"]["problems"] == {"train": 6, "eval": 2}
    assert source["decontamination"]["dropped"] == 0
    assert not (generated / "generation.jsonl").exists()  # schema 1.1: the records hold it all
    meta = {m["id"]: m for m in iter_metadata(generated)}
    problems = read_problems(generated)
    assert set(meta) == {p.id for p in problems}
    assert all(m["certificate"] and m["difficulty"] == "medium" for m in meta.values())
    assert all(m["seed"] == 3 and m["config"] == source["generators"][m["generator"]]["config"]
               for m in meta.values())  # fmt: skip
    by_cat = read_manifest(generated)["counts"]["problems"]["train"]["by_category"]
    assert by_cat["mixed_nash"] == by_cat["iterated_dominance"] == 6


def test_same_call_same_bytes(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    for out in (a, b):
        generate_corpus(out, ["trigger", "pte"], n=5, eval_n=2, seed=8, decontaminate=False)
    for rel in ("problems/train.jsonl", "problems/eval.jsonl", "manifest.json"):
        assert (a / rel).read_bytes() == (b / rel).read_bytes()


def test_near_duplicates_of_the_reference_are_dropped(tmp_path: Path, generated: Path) -> None:
    """Scanning a regeneration of the same stream against the first one drops every item."""
    out = tmp_path / "again"
    report = generate_corpus(
        out, ["trigger", "condorcet_criterion"], n=6, eval_n=2, seed=3, against=generated
    )
    assert len(report.contaminated_dropped) == 16
    assert read_problems(out) == []
    assert read_manifest(out)["source"]["decontamination"]["dropped"] == 16


def test_small_spaces_skip_repeats_and_fail_when_exhausted() -> None:
    from recon_data.curation.generators.base import Draft, Generator
    from recon_data.curation.generators.corpus import draw
    from recon_data.curation.generators.trigger import Trigger

    class TwoItems(Generator):
        name, category, answer_kind = "two", "pure_nash", "profile_set"
        config_class = Trigger.config_class

        def draft(self, rng):
            text = f"Player 0's payoff matrix:\n[[{rng.randrange(2)}]]"
            return Draft(question=text, content=text, answer="[]")

    seen: set[str] = set()
    got, skipped = draw(TwoItems(), 2, 1, "train", seen)
    assert len(got) == 2 and len(seen) == 2 and skipped >= 0
    with pytest.raises(ReconDataError, match="repeats itself"):
        draw(TwoItems(), 1, 1, "eval", seen)


def test_cli_generate_list_and_errors(cli, tmp_path: Path) -> None:
    code, out, _ = cli("generate", "--list")
    assert code == 0 and "pure_nash v1" in out and "knobs:" in out and "hard:" in out
    target = tmp_path / "c"
    code, out, err = cli(
        "generate", "pure_nash", "backward_induction", "-n", "4", "--eval-n", "1",
        "--seed", "2", "--out", str(target), "--difficulty", "hard",
        "--set", "pure_nash.rows=3", "--set", "negative=false", "--no-decontam",
    )  # fmt: skip
    assert code == 0, err
    assert "wrote 8 train and 2 eval" in out
    code, out, _ = cli("validate", str(target))
    assert code == 0
    problems = read_problems(target)
    assert all(p.question.count("], [") == 4 for p in problems if p.category == "pure_nash")
    code, _, err = cli("generate", "pure_nash", "-n", "1", "--out", str(target))
    assert code == 1 and "--force" in err
    code, _, err = cli("generate", "pure_nash", "-n", "1", "--out", str(tmp_path / "d"),
                       "--set", "colour=blue")  # fmt: skip
    assert code == 1 and "colour" in err
    code, _, err = cli("generate", "nope", "-n", "1", "--out", str(tmp_path / "e"))
    assert code == 1 and "unknown generator" in err


def test_cli_generate_reports_the_scan(cli, tmp_path: Path, generated: Path) -> None:
    code, out, err = cli("generate", "time_inconsistency", "-n", "5", "--out",
                         str(tmp_path / "t"), "--against", str(generated), "--json")  # fmt: skip
    assert code == 0, err
    summary = json.loads(out)
    assert summary["train"] == 5 and summary["contaminated_dropped"] == 0


def test_include_mixes_release_and_generated_for_training(tmp_path: Path, corpus_dir) -> None:
    from recon_data.training.data import eval_problems, grpo_rows

    out = tmp_path / "mix"
    generate_corpus(out, ["trigger"], n=5, seed=1, include=corpus_dir, decontaminate=False)
    assert validate_path(out).ok
    rows = grpo_rows(out)
    release_train = len(read_problems(corpus_dir, "train"))
    assert len(rows) == release_train + 5
    assert sum(r["problem_id"].startswith("gen-trigger-") for r in rows) == 5
    assert len(eval_problems(out)) == len(read_problems(corpus_dir, "eval"))
    assert read_manifest(out)["source"]["included"]["traces"] > 0


def test_recon_fresh_is_pinned_and_clean(tmp_path: Path, corpus_dir: Path) -> None:
    from recon_data.curation.generators.fresh import (
        FRESH_GENERATORS,
        FRESH_PER_GENERATOR,
        build_fresh,
    )

    path = build_fresh(tmp_path / "fresh")  # raises if the digest moved
    problems = read_problems(path, "eval")
    assert len(problems) == FRESH_PER_GENERATOR * len(FRESH_GENERATORS)
    from recon_data.training.data import eval_problems, resolve_corpus

    assert len(eval_problems(resolve_corpus(path))) == len(problems)  # what `eval` scores
    assert validate_path(path).ok
    # Pinned once: rebuilt here, it still has no near-duplicate of any release item.
    again = generate_corpus(tmp_path / "scan", n=0, eval_n=FRESH_PER_GENERATOR, seed=1101,
                            difficulty="medium", against=corpus_dir)  # fmt: skip
    assert again.contaminated_dropped == []


def test_reasoning_gym_adapter() -> None:
    rg = pytest.importorskip("reasoning_gym")
    from recon_data.curation.generators.rg_adapter import register

    names = register()
    assert "recon_pure_nash" in names and register() == names  # idempotent
    ds = rg.create_dataset("recon_trigger", seed=4, size=3, difficulty="easy")
    items = list(ds)
    assert len(items) == 3
    entry = items[0]
    assert entry["question"].startswith("You are given") and entry["answer"].startswith("Option")
    assert ds.score_answer(entry["answer"], entry) == 1.0
    assert ds.score_answer("Option 9: 0.00", entry) == 0.0
    assert ds.score_answer(None, entry) == 0.0
    ds = rg.create_dataset("recon_mixed_nash", seed=4, size=2)
    assert ds.score_answer(ds[0]["answer"], ds[0]) == 1.0
    with pytest.raises(ReconDataError):
        rg.create_dataset("recon_pte", seed=1, size=2, difficulty="extreme")
