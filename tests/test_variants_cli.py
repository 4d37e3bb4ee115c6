"""`recon-data variants`, `generate --variants` and the consistency table of `score`: what
they write, and one clear line (exit 1) for every mistake a user can make."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from recon_data.storage import read_problems
from recon_data.validate import validate_path


@pytest.fixture(scope="module")
def small(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Permuted and relabelled Condorcet and PTE items of the release (written once)."""
    from recon_data.curation.variants import make_variants

    out = tmp_path_factory.mktemp("vcli") / "v"
    make_variants(corpus_dir, out, transforms=["permute", "relabel"], k=2, seed=9,
                  categories=["condorcet_criterion", "pte"])  # fmt: skip
    return out


def test_variants_command_writes_a_corpus_and_says_what_it_made(
    cli, corpus_dir: Path, tmp_path: Path, release_audit
) -> None:
    out = tmp_path / "v"
    code, stdout, err = cli("variants", str(corpus_dir), "--out", str(out), "-t", "rescale",
                            "-t", "permute", "--category", "condorcet_criterion", "--json")  # fmt: skip
    assert code == 0, err
    data = json.loads(stdout)
    # The sources are the items the audit agrees with; the rest are counted by their status.
    statuses = Counter(i.status for i in release_audit.items if i.category == "condorcet_criterion")
    agree = statuses.pop("agree")
    assert agree >= 20
    assert data["variants"] == {"condorcet_criterion": {"permute": agree, "rescale": agree}}
    assert data["not_sources"] == {"condorcet_criterion": dict(statuses)}
    assert validate_path(out).ok and len(read_problems(out)) == agree * 3
    code, stdout, err = cli("variants", str(corpus_dir), "--out", str(out), "--category", "pte")
    assert code == 1 and stdout == "" and err.count("\n") == 1 and "--force" in err
    code, stdout, err = cli("variants", str(corpus_dir), "--out", str(out), "--category", "pte",
                            "--force")  # fmt: skip
    assert code == 0 and "pte" in stdout and "variants.json" in stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-t", "shuffle"], "unknown transform 'shuffle'"),
        (["-k", "0"], "1..100"),
        (["--category", "econnli"], "no chosen transform applies to 'econnli'"),
        (["--category", "nope"], "unknown category 'nope'"),
        (["-t", "anonymize", "--category", "pure_nash"], "no chosen transform applies"),
    ],
)
def test_bad_options_are_one_line(cli, corpus_dir: Path, tmp_path: Path, args, message) -> None:
    code, stdout, err = cli("variants", str(corpus_dir), "--out", str(tmp_path / "v"), *args)
    assert code == 1 and stdout == "" and err.count("\n") == 1 and message in err, err
    assert not (tmp_path / "v").exists()


def test_refuses_variants_of_variants_no_out_and_a_corpus_without_sources(
    cli, small: Path, corpus_dir: Path, tmp_path: Path
) -> None:
    code, _, err = cli("variants", str(small), "--out", str(tmp_path / "again"))
    assert code == 1 and "already a variant corpus" in err and err.count("\n") == 1
    code, _, err = cli("variants", str(corpus_dir))
    assert code == 1 and "--out is required" in err
    # A corpus of items no transform can use (EconNLI only): nothing to write, one line.
    lone = tmp_path / "lone"
    from recon_data.manifest import write_corpus

    econnli = [p.model_dump(mode="json", exclude_none=True) for p in read_problems(corpus_dir)
               if p.category == "econnli"]  # fmt: skip
    write_corpus(lone, {"train": econnli, "eval": []}, [], source={"kind": "test"}, builder="t")
    code, _, err = cli("variants", str(lone), "--out", str(tmp_path / "none"))
    assert code == 1 and "no item of the corpus gave a variant" in err
    assert not (tmp_path / "none").exists()
    # An empty corpus folder is the same one line.
    empty = tmp_path / "empty"
    write_corpus(empty, {"train": [], "eval": []}, [], source={"kind": "test"}, builder="t")
    code, _, err = cli("variants", str(empty), "--out", str(tmp_path / "none"))
    assert code == 1 and "no item of the corpus gave a variant" in err


def test_suite_takes_only_out_and_force(cli, corpus_dir: Path, tmp_path: Path) -> None:
    code, _, err = cli(
        "variants", str(corpus_dir), "--suite", "--out", str(tmp_path / "s"), "-k", "2"
    )
    assert code == 1 and "drop CORPUS, -k" in err and err.count("\n") == 1


def test_score_prints_consistency_beside_accuracy(cli, small: Path, tmp_path: Path) -> None:
    problems = {p.id: p for p in read_problems(small)}
    lines = []
    for p in problems.values():
        # Right on every source and every relabelled variant, the source's answer on permuted ones.
        link = p.generation.config["variant"] if p.generation else None
        answer = (
            problems[link["of"]].answer if link and link["transform"] == "permute" else p.answer
        )
        lines.append(json.dumps({"id": p.id, "completion": f"</think> \\boxed{{{answer}}}"}))
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, stdout, err = cli("score", str(path), "--corpus", str(small))
    assert code == 0, err
    assert "Consistency across variants" in stdout and "all var" in stdout
    assert "  permute" in stdout and "  relabel" in stdout
    code, stdout, _ = cli("score", str(path), "--corpus", str(small), "--json")
    block = json.loads(stdout)["consistency"]
    assert block["source_accuracy"] == 1.0
    assert block["by_transform"]["relabel"]["all_variants"] == 1.0
    assert block["by_transform"]["permute"]["all_variants"] < 1.0
    # Without a variant corpus, no consistency block at all.
    plain = tmp_path / "plain.jsonl"
    source = next(p for p in problems.values() if p.generation is None)
    plain.write_text(json.dumps({"answer": source.answer, "completion": "</think> x"}) + "\n")
    code, stdout, _ = cli("score", str(plain), "--json")
    assert code == 0 and "consistency" not in json.loads(stdout)


def test_generate_with_variants(cli, tmp_path: Path) -> None:
    out = tmp_path / "g"
    code, stdout, err = cli("generate", "condorcet_criterion", "trigger", "-n", "3", "--eval-n", "1",
                            "--seed", "2", "--out", str(out), "--no-decontam", "--variants",
                            "restory", "--variants", "rescale", "--json")  # fmt: skip
    assert code == 0, err
    data = json.loads(stdout)
    assert data["sources"] == {"condorcet_criterion": 4, "trigger": 4}
    assert data["variants"]["trigger"] == {"rescale": 4, "restory": 4}
    problems = read_problems(out)
    assert validate_path(out).ok and len(problems) == 8 * 3
    assert {p.split for p in problems} == {"train", "eval"}
    code, _, err = cli("generate", "pure_nash", "-n", "2", "--out", str(tmp_path / "x"),
                       "--variants", "twist")  # fmt: skip
    assert code == 1 and "unknown transform 'twist'" in err
    code, _, err = cli("generate", "pure_nash", "-n", "2", "--out", str(tmp_path / "x"),
                       "--variants", "permute", "--include", str(out))  # fmt: skip
    assert code == 1 and "not --include" in err
    code, _, err = cli("generate", "--fresh", "--out", str(tmp_path / "x"), "--variants", "permute")
    assert code == 1 and "--variants" in err
