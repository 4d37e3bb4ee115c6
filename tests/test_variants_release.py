"""Variants of the release (read from ../shared at run time): a corpus folder like any other,
every variant's gold re-derived and audited `agree`, and consistency that a model answering
every variant with its source's gold cannot fake."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest

from recon_data.curation.variants import make_variants
from recon_data.storage import read_problems

# Slow: makes and audits variants of the whole release. `scripts/test.sh --fast` skips it; CI runs it.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def variant_run(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """Every transform, one variant each, of every sound release item (once per module)."""
    out = tmp_path_factory.mktemp("variants") / "v"
    report = make_variants(corpus_dir, out, k=1, seed=0)
    return out, report


@pytest.fixture(scope="module")
def variant_problems(variant_run):
    out, _ = variant_run
    return {p.id: p for p in read_problems(out)}


def _link(problem: Any) -> dict[str, Any] | None:
    g = problem.generation
    return None if g is None else g.config["variant"]


def test_the_variant_corpus_validates_and_links_every_variant(
    variant_run, variant_problems, corpus_dir: Path
) -> None:
    from recon_data.validate import validate_path

    out, report = variant_run
    assert validate_path(out).ok
    release = {p.id: p for p in read_problems(corpus_dir)}
    variants = [p for p in variant_problems.values() if p.generation is not None]
    assert len(variants) > 1000
    for v in variants:
        link = _link(v)
        source = release[link["of"]]
        assert variant_problems[source.id] == source  # the source is copied unchanged
        assert (v.split, v.category, v.source) == (source.split, source.category, "generated")
        assert v.generation.generator == "variant" and v.provenance.file == "generated"
        assert v.id == f"{source.id}:{link['transform']}:{v.generation.index}"
    # Nothing failed a check on the release, and every reason for a skip is counted.
    assert report.rejected == []
    side = json.loads((out / "variants.json").read_text())
    assert side["rejected"] == [] and side["variants"] == report.to_dict()["variants"]


def test_coverage_is_at_least_six_categories_and_three_transforms(variant_problems) -> None:
    made: dict[str, set[str]] = defaultdict(set)
    for p in variant_problems.values():
        if (link := _link(p)) is not None:
            made[p.category].add(link["transform"])
    assert len(made) >= 11
    assert len([c for c, ts in made.items() if len(ts) >= 3]) >= 6
    assert set().union(*made.values()) == {"relabel", "permute", "rescale", "restory", "anonymize"}


def test_audit_of_the_variants_is_all_agree(variant_run) -> None:
    from recon_data.curation.audit import audit_corpus

    out, _ = variant_run
    audit = audit_corpus(out, leaks=False)
    statuses = Counter((i.category, i.status) for i in audit.items)
    assert {s for _, s in statuses} == {"agree"}, statuses
    assert len(audit.items) > 1500


def test_matrix_and_ballot_golds_match_an_independent_count(variant_problems) -> None:
    from recon_data.answers import parse_profile_set
    from recon_data.curation.audit.matrix import parse_bimatrix
    from recon_data.curation.audit.voting import option_candidates, parse_ballots

    checked = Counter()
    for p in variant_problems.values():
        if p.generation is None:
            continue
        if p.category == "pure_nash":
            a, b = parse_bimatrix(p.question)
            n, m = len(a), len(a[0])
            best = {
                (i, j)
                for i in range(n)
                for j in range(m)
                if a[i][j] == max(a[r][j] for r in range(n))
                and b[i][j] == max(b[i][c] for c in range(m))
            }
            assert set(parse_profile_set(p.answer)) == best
            checked[p.category] += 1
        if p.category == "condorcet_criterion":
            groups = parse_ballots(p.question)
            names = sorted({c for _, r in groups for c in r})
            total = sum(n for n, _ in groups)
            # Unranked candidates last (the audit agrees under both readings of truncation).
            rank = [
                (n, {c: r.index(c) if c in r else len(names) for c in names}) for n, r in groups
            ]

            def beats(x: str, y: str, rank: list = rank, total: int = total) -> bool:
                return 2 * sum(n for n, at in rank if at[x] < at[y]) > total

            winners = [x for x in names if all(beats(x, y) for y in names if y != x)]
            meaning = option_candidates(p.options, tuple(names))
            number = int(p.answer.split(":")[0].split()[1])
            assert meaning[number - 1] == (winners[0] if winners else "")
            checked[p.category] += 1
    assert checked["pure_nash"] >= 300 and checked["condorcet_criterion"] >= 80


def _completions(problems: dict[str, Any], path: Path, use_source: bool) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for p in problems.values():
            link = _link(p)
            gold = problems[link["of"]].answer if use_source and link else p.answer
            fh.write(json.dumps({"id": p.id, "completion": f"<think>x</think> \\boxed{{{gold}}}"}))
            fh.write("\n")


def test_answering_every_variant_with_its_sources_gold_is_not_consistent(
    variant_run, variant_problems, tmp_path: Path, cli
) -> None:
    out, _ = variant_run
    copy = tmp_path / "copy.jsonl"
    _completions(variant_problems, copy, use_source=True)
    code, stdout, err = cli("score", str(copy), "--corpus", str(out), "--json")
    assert code == 0, err
    data = json.loads(stdout)
    moved = defaultdict(bool)  # a category where some transform moves the gold
    for p in variant_problems.values():
        if (link := _link(p)) is not None and p.answer != variant_problems[link["of"]].answer:
            moved[p.category] = True
    assert len(moved) >= 11
    for category, row in data["by_category"].items():
        block = row["consistency"]
        assert block["source_accuracy"] == 1.0
        if moved[category]:
            assert block["all_variants"] < block["source_accuracy"], category
    overall = data["consistency"]
    assert overall["all_variants"] < overall["variant_accuracy"] < overall["source_accuracy"] == 1
    # The right answers everywhere: every measure is 1.
    gold = tmp_path / "gold.jsonl"
    _completions(variant_problems, gold, use_source=False)
    code, stdout, _ = cli("score", str(gold), "--corpus", str(out), "--json")
    block = json.loads(stdout)["consistency"]
    assert [
        block[m] for m in ("source_accuracy", "variant_accuracy", "all_variants", "same_answer")
    ] == [1, 1, 1, 1]
    # The report page's results reader takes the block as it is.
    from recon_data.curation.report.results import read_result

    saved = tmp_path / "score.json"
    saved.write_text(stdout, encoding="utf-8")
    result = read_result(saved)
    assert result.consistency["all_variants"]["overall"] == 1.0
    assert set(result.consistency) == {
        "source_accuracy",
        "variant_accuracy",
        "all_variants",
        "same_answer",
    }


def test_the_variant_corpus_loads_as_a_dataset(variant_run) -> None:
    from recon_data import load_corpus
    from recon_data.training.data import eval_problems, resolve_corpus

    out, _ = variant_run
    ds = load_corpus(out)
    rows = [r for r in ds["eval"] if r["generation"]]
    assert rows and json.loads(rows[0]["generation"])["config"]["variant"]["of"]
    assert len(eval_problems(resolve_corpus(out))) == ds["eval"].num_rows  # what `eval` scores


def test_same_input_same_bytes_in_any_process(corpus_dir: Path, tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from recon_data.curation.variants import make_variants\n"
        "make_variants(sys.argv[1], sys.argv[2], k=2, seed=4,\n"
        "              categories=['condorcet_criterion', 'time_inconsistency', 'pte'])\n"
    )
    digests = set()
    for hashseed in ("1", "2"):
        out = tmp_path / f"v{hashseed}"
        env = {**os.environ, "PYTHONHASHSEED": hashseed, "PYTHONPATH": str(ROOT)}
        done = subprocess.run([sys.executable, "-c", code, str(corpus_dir), str(out)],
                              env=env, capture_output=True, text=True, check=False)  # fmt: skip
        assert done.returncode == 0, done.stderr
        digests.add(
            tuple((out / "problems" / f).read_bytes() for f in ("train.jsonl", "eval.jsonl"))
        )
    assert len(digests) == 1


def test_the_variant_corpus_feeds_the_grpo_reward(variant_run) -> None:
    from recon_data.training.data import grpo_rows
    from recon_data.verifiers import hierarchical_reward

    out, _ = variant_run
    rows = grpo_rows(out)
    columns = {k: [r[k] for r in rows] for k in ("answer", "answer_kind", "options", "problem_id")}
    right = [f"<think>x</think> \\boxed{{{r['answer']}}}" for r in rows]
    rewards = hierarchical_reward([r["prompt"] for r in rows], right, **columns)
    assert len(rows) > 1500 and set(rewards) == {5.0}
