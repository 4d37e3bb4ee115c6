"""Decontamination of the real Recon release, inside the corpus and against EconNLI.

Expectations are computed here from the records themselves (raw prompts, parsed payoff
matrices, parsed premise/hypothesis), independently of the tool's own machinery.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections import defaultdict
from pathlib import Path

import pytest

from recon_data.curation.decontam import End, Report, decontaminate, drop_flagged
from recon_data.curation.decontam.normalize import normalized_words
from recon_data.errors import ReconDataError
from recon_data.storage import read_problems, read_traces

# Slow: scans the whole release and EconNLI. `scripts/test.sh --fast` skips it; CI runs it.
pytestmark = pytest.mark.slow

ECONNLI_FILES = ("EconNLI_train.csv", "EconNLI_test.csv")
_MATRICES = re.compile(r"\[\[.*?\]\]")
_NUMBERS = re.compile(r"\d+(?:\.\d+)?")
_PAIR = re.compile(r"Premise:(.*)\nHypothesis:(.*)", re.S)


@pytest.fixture(scope="module")
def records(corpus_dir: Path) -> dict:
    problems = read_problems(corpus_dir)
    traces = read_traces(corpus_dir)
    return {
        "problems": {p.id: p for p in problems},
        "traces": {t.id: t for t in traces},
        "content": {End.record(p.id, p.split): p.prompt[-1].content for p in problems}
        | {End.record(t.id, "cot"): t.prompt for t in traces},
    }


@pytest.fixture(scope="module")
def inside(corpus_dir: Path) -> Report:
    return decontaminate(corpus_dir)


@pytest.fixture(scope="module")
def econnli(corpus_dir: Path, econnli_dir: Path) -> Report:
    return decontaminate(
        corpus_dir,
        [econnli_dir / f for f in ECONNLI_FILES],
        fields=["cause", "effect"],
        within=False,
    )


def test_real_reports_round_trip_through_the_reader(inside: Report, econnli: Report) -> None:
    import json

    for report in (inside, econnli):
        data = json.loads(json.dumps(report.to_dict()))
        again = Report.from_dict(data)
        assert again.to_dict() == data
        # The JSON keeps scores to 4 places; kinds and ends come back exactly.
        assert [(f.kind, f.a, f.b) for f in again.findings] == [
            (f.kind, f.a, f.b) for f in report.findings
        ]
    assert any(not f.b.is_corpus for f in econnli.findings)


def _category(records: dict, end: End) -> str:
    if end.split == "cot":
        return records["traces"][end.id].category
    return records["problems"][end.id].category


def _components(report: Report, kind: str, pair: str) -> list[set[End]]:
    groups: dict[End, set[End]] = {}
    for f in report.findings:
        if f.kind == kind and f.pair() == pair:
            merged = groups.get(f.a, {f.a}) | groups.get(f.b, {f.b})
            for end in merged:
                groups[end] = merged
    return list({id(g): g for g in groups.values()}.values())


def test_raw_duplicate_prompts_are_exact_findings(inside: Report, records: dict) -> None:
    by_prompt: dict[tuple[str, str], list[End]] = defaultdict(list)
    for end, content in records["content"].items():
        by_prompt[(end.split, content)].append(end)
    for split in ("train", "eval", "cot"):
        groups = [g for (s, _), g in by_prompt.items() if s == split and len(g) > 1]
        assert groups, f"the release has duplicate prompts in {split}"
        components = _components(inside, "exact", f"{split}~{split}")
        for group in groups:
            assert any(set(group) <= comp for comp in components), group


def test_prompts_shared_across_splits_are_exact_findings(inside: Report, records: dict) -> None:
    exact = {(f.a, f.b) for f in inside.findings if f.kind == "exact"}
    by_content: dict[str, list[End]] = defaultdict(list)
    for end, content in records["content"].items():
        by_content[content].append(end)
    shared = 0
    for ends in by_content.values():
        train = [e for e in ends if e.split in ("train", "cot")]
        evals = [e for e in ends if e.split == "eval"]
        for a in train:
            for b in evals:
                shared += 1
                assert (a, b) in exact, (a, b)
    assert shared > 0
    assert not [f for f in inside.findings if {f.a.split, f.b.split} == {"cot", "train"}]


def test_same_game_under_both_templates_is_found_and_only_then(
    inside: Report, records: dict
) -> None:
    games = {
        End.record(p.id, p.split): tuple(_MATRICES.findall(p.question))
        for p in records["problems"].values()
        if p.category in ("pure_nash", "pte")
    }
    found = {frozenset((f.a, f.b)) for f in inside.findings}
    expected = 0
    ends = sorted(games, key=End.sort_key)
    for i, a in enumerate(ends):
        for b in ends[i + 1 :]:
            pa, pb = records["problems"][a.id], records["problems"][b.id]
            if games[a] == games[b] and pa.category != pb.category:
                expected += 1
                assert frozenset((a, b)) in found, (a, b)
    assert expected > 0
    for f in inside.findings:
        if f.a in games and f.b in games:
            assert games[f.a] == games[f.b], f


def test_template_overlap_alone_never_counts(inside: Report, records: dict) -> None:
    for f in inside.findings:
        cats = {_category(records, f.a), _category(records, f.b)}
        assert len(cats) == 1 or cats == {"pure_nash", "pte"}, f
        # Every overlap between problems holds the same instance numbers (payoffs, options, matrices).
        if f.kind != "exact" and f.a.split != "cot" and f.b.split != "cot":
            pa, pb = records["problems"][f.a.id], records["problems"][f.b.id]
            nums = [sorted(_NUMBERS.findall(p.question + " ".join(p.options))) for p in (pa, pb)]
            assert nums[0] == nums[1], f


def test_recon_econnli_items_come_from_econnli_test(
    econnli: Report, records: dict, econnli_dir: Path
) -> None:
    rows = {}
    for name in ECONNLI_FILES:
        with open(econnli_dir / name, encoding="utf-8", newline="") as fh:
            rows[name] = list(csv.DictReader(fh))
    pairs: dict[End, tuple[str, str]] = {}
    for p in records["problems"].values():
        if p.category == "econnli":
            premise, hypothesis = _PAIR.search(p.question).groups()
            pairs[End.record(p.id, p.split)] = (
                normalized_words(premise),
                normalized_words(hypothesis),
            )
    # Independent expectation: EconNLI rows whose (cause, effect) equal a Recon (premise, hypothesis).
    wanted = set(pairs.values())
    expected_rows = {
        (name, i)
        for name, table in rows.items()
        for i, r in enumerate(table)
        if (normalized_words(r["cause"]), normalized_words(r["effect"])) in wanted
    }
    assert expected_rows and {name for name, _ in expected_rows} == {"EconNLI_test.csv"}
    got_rows = {(Path(f.b.source).name, f.b.row) for f in econnli.findings}
    assert got_rows == expected_rows
    problems = [f for f in econnli.findings if f.a.split != "cot"]
    assert {f.a for f in problems} == set(
        pairs
    )  # every Recon econnli item, train and eval, and nothing else
    for f in problems:
        row = rows[Path(f.b.source).name][f.b.row]
        assert {normalized_words(row["cause"]), normalized_words(row["effect"])} == set(pairs[f.a])
        assert f.evidence["fields"] == {"cause": 1.0, "effect": 1.0}
    assert {_category(records, f.a) for f in econnli.findings} == {"econnli"}


def test_drop_writes_a_valid_clean_corpus(
    records: dict, corpus_dir: Path, econnli_dir: Path, tmp_path: Path
) -> None:
    from recon_data.validate import validate_path

    both = decontaminate(corpus_dir, [econnli_dir / "EconNLI_test.csv"], fields=["cause", "effect"])
    out = tmp_path / "clean"
    result = drop_flagged(both, corpus_dir, out)
    assert validate_path(out).ok
    eval_file = Path("problems/eval.jsonl")
    digest = [
        hashlib.sha256((root / eval_file).read_bytes()).hexdigest() for root in (corpus_dir, out)
    ]
    assert digest[0] == digest[1]  # eval untouched, byte for byte
    removed = {end for end, _ in result.removed}
    assert removed and {e.split for e in removed} == {"train", "cot"}
    assert result.kept["train"] + sum(e.split == "train" for e in removed) == len(
        read_problems(corpus_dir, "train")
    )
    for end, why in result.removed:
        if why.startswith("duplicate of "):
            split, _, other = why[len("duplicate of ") :].partition(":")
            assert _category(records, end) == _category(records, End.record(other, split))
    # What is left on the training side: only the same instance asked as another task.
    again = decontaminate(out, [econnli_dir / "EconNLI_test.csv"], fields=["cause", "effect"])
    for f in again.findings:
        if f.a.split in ("train", "cot"):
            assert f.b.is_corpus and f.b.split == f.a.split, f
            assert _category(records, f.a) != _category(records, f.b), f


def test_drop_eval_also_cleans_eval(corpus_dir: Path, econnli_dir: Path, tmp_path: Path) -> None:
    from recon_data.validate import validate_path

    report = decontaminate(
        corpus_dir, [econnli_dir / "EconNLI_test.csv"], fields=["cause", "effect"]
    )
    result = drop_flagged(report, corpus_dir, tmp_path / "clean", drop_eval=True)
    assert validate_path(tmp_path / "clean").ok
    evals = {e for e, _ in result.removed if e.split == "eval"}
    leaked = {f.a for f in report.findings if f.a.split == "eval" and not f.b.is_corpus}
    assert leaked and leaked <= evals
    assert result.kept["eval"] == len(read_problems(corpus_dir, "eval")) - len(evals)
    with pytest.raises(ReconDataError, match="new folder"):
        drop_flagged(report, corpus_dir, corpus_dir)
