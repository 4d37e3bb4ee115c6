"""Schema 1.1: the generation block and its rules, the generated-only categories, the release
build unchanged, empty splits, and generated corpora through validate, load, export and back."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest
from pydantic import ValidationError

from recon_data.categories import (
    BY_SLUG,
    CATEGORIES,
    CATEGORY_SLUGS,
    GENERATED_CATEGORIES,
    PAPER_SLUGS,
    expected_counts,
)
from recon_data.manifest import count_block, read_manifest
from recon_data.rules import error_field
from recon_data.schema import Problem, problem_json_schema
from recon_data.schema_version import SCHEMA_VERSION
from recon_data.storage import read_problems

# sha256 of the release corpus files as built before schema 1.1 (recon-data 0.1.0, schema 1.0):
# the bump must not move a byte of them.
RELEASE_DIGESTS = {
    "problems/train.jsonl": "763edd76764a66210a5c2087cf6c13de0d867f6c3493f8af9e241682a3fb7abe",
    "problems/eval.jsonl": "6bc7d8eba8e18d9cdada1b4eb0cb2fbc32265d3f290586971be1efa0196ad8b4",
    "cot/train.jsonl": "4117ca6c4ab3ca1893e4fe1c5dbd7082df31f7b049c0356be400e8bca2ec6f06",
}
# The paper's Table 6 order; ClassLabel ids of these never move (new slugs are appended).
PAPER_ORDER = [
    "enforceability",
    "backward_induction",
    "trigger",
    "feasibility",
    "auction_risk",
    "endowment_effect",
    "certainty_effect",
    "time_inconsistency",
    "budget_balance",
    "condorcet_criterion",
    "bayes_nash",
    "econlogicqa",
    "econnli",
    "pure_nash",
    "pte",
]


@pytest.fixture(scope="module")
def record() -> dict:
    """One generated record (mixed_nash: a generated-only category, numeric gold)."""
    from recon_data.curation.generators import create

    return create("mixed_nash", "easy").sample(5, 2).record


@pytest.fixture(scope="module")
def gen_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small generated corpus: two release-category families and the two new families."""
    from recon_data.curation.generators import generate_corpus

    out = tmp_path_factory.mktemp("v11") / "gen"
    names = ["pure_nash", "trigger", "mixed_nash", "iterated_dominance"]
    generate_corpus(out, names, n=3, eval_n=2, seed=4, difficulty="easy", decontaminate=False)
    return out


@pytest.fixture(scope="module")
def fresh_like(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An eval-only generated corpus (empty train split), like recon-fresh."""
    from recon_data.curation.generators import generate_corpus

    out = tmp_path_factory.mktemp("v11") / "evalonly"
    generate_corpus(out, ["pte", "mixed_nash"], n=0, eval_n=3, seed=2, decontaminate=False)
    return out


def _refused(data: dict) -> str | None:
    """Return the field a refusal names (or the location), failing if the record is accepted."""
    with pytest.raises(ValidationError) as err:
        Problem.model_validate(data)
    return error_field(err.value.errors()[0])


def test_version_and_categories() -> None:
    assert SCHEMA_VERSION == "1.2"  # 1.2 adds the expression kind and closed_form (test_expression_schema)
    assert list(PAPER_SLUGS) == PAPER_ORDER and [c.slug for c in CATEGORIES] == PAPER_ORDER
    assert (*PAPER_ORDER, "mixed_nash", "iterated_dominance", "closed_form") == CATEGORY_SLUGS
    assert all(c.paper for c in CATEGORIES) and not any(c.paper for c in GENERATED_CATEGORIES)
    assert BY_SLUG["mixed_nash"].answer_kinds == ("numeric",)
    assert BY_SLUG["iterated_dominance"].answer_kinds == ("profile_set",)
    assert all(c.train_count == c.eval_count == 0 for c in GENERATED_CATEGORIES)
    assert list(expected_counts("train")) == PAPER_ORDER  # Table 6 checks see the 15 only
    block = count_block(["pte", "mixed_nash", "pte"])
    assert list(block["by_category"]) == [*PAPER_ORDER, "mixed_nash"]
    assert block["by_category"]["pte"] == 2 and block["total"] == 3
    assert list(count_block(["pte"])["by_category"]) == PAPER_ORDER


def test_generated_record_is_accepted_and_round_trips(record: dict) -> None:
    p = Problem.model_validate(record)
    assert p.generation is not None and p.generation.generator == "mixed_nash"
    assert p.model_dump(mode="json", exclude_none=True) == record
    assert hash(p) == hash(Problem.model_validate(copy.deepcopy(record)))  # JSON fields hash
    jsonschema.Draft202012Validator(problem_json_schema()).validate(record)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda r: r.pop("generation"), "generation"),  # source generated, no block
        (lambda r: r.update(source="steer"), "source"),
        (lambda r: r["generation"].update(colour="red"), "generation.colour"),  # extra key
        (lambda r: r.update(colour="red"), "colour"),
        (lambda r: r["provenance"].update(file="generated/mixed_nash/v1/seed-5"), "provenance"),
        (lambda r: r["provenance"].update(row=99), "provenance"),
        (lambda r: r["provenance"].update(release_answer="1"), "provenance.release_answer"),
        (lambda r: r["generation"].update(seed="5"), "generation.seed"),  # strict integer
        (lambda r: r["generation"].update(index=-1), "generation.index"),
        (lambda r: r["generation"].update(difficulty="extreme"), "generation.difficulty"),
        (lambda r: r["generation"].update(config=[1, 2]), "generation.config"),
        (lambda r: r["generation"].pop("certificate"), "generation.certificate"),
        (lambda r: r.update(answer_kind="mcq"), "answer_kind"),  # mixed_nash is numeric
    ],
)
def test_generated_rules_refuse(record: dict, change, field: str) -> None:
    bad = copy.deepcopy(record)
    change(bad)
    assert _refused(bad) == field


def test_release_records_cannot_claim_generation(corpus_dir: Path, record: dict) -> None:
    line = (corpus_dir / "problems" / "eval.jsonl").read_text(encoding="utf-8").splitlines()[0]
    release = json.loads(line)
    Problem.model_validate(release)
    with_block = {**release, "generation": record["generation"]}
    assert _refused(with_block) == "source"  # a block needs source "generated"
    assert _refused({**release, "source": "generated"}) == "generation"
    assert _refused({**release, "provenance": {"file": "generated", "row": 0}}) == (
        "provenance.file"
    )
    # A generated-only category has no release source to fall back on.
    moved = {**release, "category": "iterated_dominance", "answer_kind": "profile_set",
             "options": [], "answer": "[[0, 0]]"}  # fmt: skip
    assert _refused(moved) == "source"
    validator = jsonschema.Draft202012Validator(problem_json_schema())
    validator.validate(release)
    assert list(validator.iter_errors({**release, "source": "generated"}))
    assert list(validator.iter_errors(with_block))
    assert list(validator.iter_errors({**record, "generation": {**record["generation"], "x": 1}}))


def test_release_build_is_unchanged(corpus_dir: Path) -> None:
    from recon_data.manifest import file_digest

    for rel, digest in RELEASE_DIGESTS.items():
        assert file_digest(corpus_dir / rel)[0] == digest, rel
    manifest = read_manifest(corpus_dir)
    assert manifest["schema_version"] == SCHEMA_VERSION
    for split in ("train", "eval"):
        assert manifest["counts"]["problems"][split]["by_category"] == expected_counts(split)
    assert set(manifest["counts"]["cot"]["train"]["by_category"]) == set(PAPER_ORDER)
    assert '"generation":' not in (corpus_dir / "problems" / "train.jsonl").read_text()


def test_validate_cli_on_generated_and_release(cli, gen_corpus: Path, fresh_like: Path,
                                               corpus_dir: Path) -> None:  # fmt: skip
    for path in (gen_corpus, fresh_like, corpus_dir):
        code, out, err = cli("validate", str(path))
        assert code == 0 and ": ok" in out, (path, out, err)
    problems = read_problems(gen_corpus)
    assert {p.category for p in problems} == {
        "pure_nash", "trigger", "mixed_nash", "iterated_dominance"
    }  # fmt: skip
    assert all(p.source == "generated" and p.generation is not None for p in problems)


def test_empty_split_loads_as_empty_dataset(fresh_like: Path) -> None:
    from recon_data.corpus import load_corpus_folder
    from recon_data.features import problem_features

    dsd = load_corpus_folder(fresh_like)
    assert dsd["train"].num_rows == 0 and dsd["eval"].num_rows == 6
    assert dsd["train"].features == problem_features() == dsd["eval"].features
    row = dsd["eval"][0]
    block = json.loads(row["generation"])
    assert block["generator"] in ("pte", "mixed_nash") and block["seed"] == 2
    assert row["source"] == "generated" and row["provenance"]["file"] == "generated"


def test_release_rows_have_null_generation(corpus_dir: Path) -> None:
    from recon_data.corpus import load_corpus_folder

    ds = load_corpus_folder(corpus_dir)["eval"]
    assert set(ds["generation"]) == {None}
    names = ds.features["category"].names
    assert names[: len(PAPER_ORDER)] == PAPER_ORDER  # ids of the release categories unchanged


@pytest.mark.parametrize("which", ["gen_corpus", "fresh_like"])
def test_export_round_trip(which: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    """export (Parquet + card) then materialise: every corpus file comes back byte for byte."""
    from recon_data.curation.publish.export import export_corpus
    from recon_data.hub.load import load_export, materialise_export

    corpus = request.getfixturevalue(which)
    out = tmp_path / "export"
    report = export_corpus(corpus, out)
    back = materialise_export(out)
    for rel in ("problems/train.jsonl", "problems/eval.jsonl", "cot/train.jsonl"):
        assert (back / rel).read_bytes() == (corpus / rel).read_bytes(), rel
    loaded = load_export(out, "problems")
    assert loaded["eval"].num_rows == len(read_problems(corpus, "eval"))
    assert all(json.loads(g)["version"] >= 1 for g in loaded["eval"]["generation"])
    card = report.card
    assert "| `mixed_nash` | Mixed Nash |" in card and "recon-data generators" in card
    assert "`generation` column" in card
    # Plain `datasets` reads the export too: the card lists only splits that hold rows, and
    # leaves off the cot config of a corpus without traces.
    import datasets

    plain = datasets.load_dataset(str(out), "problems", cache_dir=str(tmp_path / "hf"))
    for split in plain:
        assert plain[split].num_rows == len(read_problems(corpus, split)) > 0
    if not (corpus / "cot" / "train.jsonl").read_bytes():
        with pytest.raises(ValueError):
            datasets.load_dataset(str(out), "cot", cache_dir=str(tmp_path / "hf"))


def test_release_card_shows_the_paper_categories_only(corpus_dir: Path, tmp_path: Path) -> None:
    from recon_data.curation.publish.card import _categories
    from recon_data.stats import corpus_stats

    table = _categories(corpus_stats(corpus_dir))
    assert all(f"| `{slug}` |" in table for slug in PAPER_ORDER)
    assert "mixed_nash" not in table and "iterated_dominance" not in table
