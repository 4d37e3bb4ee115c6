"""The cleaned corpus built from the real release (balanced), and its guarantees.

- `audit(clean(corpus))` has only `agree` and `unparsed` items (release and generated);
- `changes.jsonl` accounts for every difference: replaying it on the release records gives
  the cleaned records;
- no kept trace numbers an option differently from its prompt, and no kept trace belongs to
  an item whose options were removed or replaced;
- content bias is at most 60% wherever a generator exists, and the card shows before/after.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from recon_data import answers
from recon_data.curation.clean import clean_corpus, permutation, read_changes
from recon_data.curation.clean.permute import remap_refs, render_options
from recon_data.curation.clean.run import ACTIONS
from recon_data.curation.clean.traces import agrees_with_prompt, walks_by_position
from recon_data.curation.problems import extract_options

# Slow: cleans the release and generated corpora end to end. `scripts/test.sh --fast` skips it; CI runs it.
pytestmark = pytest.mark.slow


def _records(root: Path, kind: str = "problems") -> dict[str, dict]:
    recs = {}
    files = ("train", "eval") if kind == "problems" else ("train",)
    for split in files:
        for line in (root / kind / f"{split}.jsonl").read_text().splitlines():
            rec = json.loads(line)
            recs[rec["id"]] = rec
    return recs


@pytest.fixture(scope="module")
def reaudit(cleaned):
    from recon_data.curation.audit import audit_corpus

    return audit_corpus(cleaned.out, leaks=False)


def test_cleaned_corpus_validates(cleaned) -> None:
    from recon_data.validate import validate_path

    report = validate_path(cleaned.out)
    assert report.ok, report.issues[:3]


def test_audit_of_the_cleaned_release_is_only_agree_and_unparsed(reaudit) -> None:
    statuses = Counter(i.status for i in reaudit.items)
    assert set(statuses) <= {"agree", "unparsed"}, [
        (i.id, i.status, i.reason) for i in reaudit.items if i.status not in ("agree", "unparsed")
    ][:5]
    assert statuses["agree"] > 1300


def test_audit_of_the_release_has_no_checker_errors(release_audit) -> None:
    assert not [(i.id, i.reason) for i in release_audit.items if i.status == "error"]


def test_change_lines_have_their_fields(cleaned) -> None:
    changes = read_changes(cleaned.out)
    manifest = json.loads((cleaned.out / "manifest.json").read_text())
    assert manifest["cleaning"]["changes"] == {a: cleaned.actions[a] for a in ACTIONS}
    assert Counter(c["action"] for c in changes) == +Counter(cleaned.actions)
    extra = {
        "option_removed": {"option", "text"},
        "option_replaced": {"option", "old", "new"},
        "permuted": {"order"},
        "added": {"generator", "seed", "index"},
    }
    extra["reworded"] = {"old", "new"}
    # a trace's line: renumbered references (their old -> new numbers), or only its prompt
    # copy synced (why), and the problem it answers; a dropped trace says why only
    traces = {"renumbered": {"mapping", "problem_id"}, "prompt_synced": {"because", "problem_id"}}
    for c in changes:
        assert c["action"] in ACTIONS and c["reason"]
        want = {"id", "action", "reason", "old_gold", "new_gold"}
        want |= (traces if c["id"].startswith("cot-") else extra).get(c["action"], set())
        assert set(c) == want, c
        if c["id"].startswith("cot-"):
            assert c["action"] in ("dropped", "renumbered", "prompt_synced"), c
    # every kind of change the issue names happens on the real release
    assert all(cleaned.actions[a] > 0 for a in ACTIONS)


def _replay(rec: dict, entries: list[dict]) -> dict:
    """Apply one record's change lines to its release copy (options, gold text, prompt)."""
    options, gold = list(rec["options"]), rec["answer"]
    content = rec["prompt"][-1]["content"]
    for c in entries:
        if c["action"] == "reworded":
            content = content.replace(c["old"], c["new"])
        elif c["action"] == "option_removed":
            # lines come last option first, so each number is valid when its line is applied
            assert options[c["option"] - 1] == c["text"]
            del options[c["option"] - 1]
        elif c["action"] == "option_replaced":
            assert options[c["option"] - 1] == c["old"]
            options[c["option"] - 1] = c["new"]
        elif c["action"] == "corrected":
            gold = c["new_gold"]
        elif c["action"] == "permuted":
            options = [options[o - 1] for o in c["order"]]
    if options:
        text = answers.parse_mcq_gold(gold)[1]
        gold = answers.format_mcq(options.index(text) + 1, text)
        content = render_options(content, options)
    return {"options": options, "answer": gold, "content": content}


def test_changes_account_for_every_difference(cleaned, corpus_dir: Path) -> None:
    release, clean = _records(corpus_dir), _records(cleaned.out)
    by_id: dict[str, list[dict]] = defaultdict(list)
    for c in read_changes(cleaned.out):
        by_id[c["id"]].append(c)
    for rid, rec in release.items():
        actions = {c["action"] for c in by_id[rid]}
        if rid not in clean:
            assert actions & {"dropped", "deduplicated"}, rid
            continue
        got = _replay(rec, by_id[rid])
        new = clean[rid]
        assert got == {
            "options": new["options"],
            "answer": new["answer"],
            "content": new["prompt"][-1]["content"],
        }, rid
        assert {k: v for k, v in rec.items() if k not in ("options", "answer", "prompt")} == {
            k: v for k, v in new.items() if k not in ("options", "answer", "prompt")
        }
    for rid in set(clean) - set(release):
        (added,) = by_id[rid]
        assert added["action"] == "added" and clean[rid]["source"] == "generated"
        assert clean[rid]["generation"]["generator"] == added["generator"]


def test_trace_lines_account_for_every_trace_difference(cleaned, corpus_dir: Path) -> None:
    release, clean = _records(corpus_dir, "cot"), _records(cleaned.out, "cot")
    problems = _records(cleaned.out)
    by_id: dict[str, list[dict]] = defaultdict(list)
    for c in read_changes(cleaned.out):
        if c["id"].startswith("cot-"):
            by_id[c["id"]].append(c)
    seen = Counter()
    for tid, t in release.items():
        lines = by_id[tid]
        if tid not in clean:
            assert [c["action"] for c in lines] == ["dropped"], tid
            continue
        assert len(lines) <= 1, tid
        got = dict(t)
        for c in lines:
            seen[c["action"]] += 1
            got["problem_id"] = c["problem_id"]
            got["prompt"] = problems[c["problem_id"]]["prompt"][-1]["content"]
            if c["action"] == "renumbered":
                mapping = {int(k): v for k, v in c["mapping"].items()}
                assert mapping and any(k != v for k, v in mapping.items()), c
                got["response"] = remap_refs(t["response"], mapping)
                got["answer"] = remap_refs(t["answer"], mapping)
                assert got["response"] != t["response"] or got["answer"] != t["answer"]
            else:  # prompt_synced: nothing but the prompt copy (and its link) changed
                assert c["because"] and t["prompt"] != got["prompt"], c
        assert got == clean[tid], tid
    # both kinds happen on the release, and no trace change is called a rewording
    assert seen["renumbered"] > 100 and seen["prompt_synced"] > 0


def test_prompts_show_the_options_and_the_gold(cleaned) -> None:
    for rec in _records(cleaned.out).values():
        if rec["answer_kind"] == "mcq":
            assert extract_options(rec["prompt"][-1]["content"]) == rec["options"]
            number, text = answers.parse_mcq_gold(rec["answer"])
            assert rec["options"][number - 1] == text
            assert len(rec["options"]) >= 2


def test_corrections_follow_the_audit(cleaned, release_audit, corpus_dir: Path) -> None:
    by_id, release = release_audit.by_id(), _records(corpus_dir)
    for c in read_changes(cleaned.out):
        if c["action"] == "corrected" and c["id"] in release:
            assert by_id[c["id"]].status in ("disagree", "ambiguous", "no_option")
            assert c["old_gold"] == release[c["id"]]["answer"]
    for rid in _records(cleaned.out):
        item = by_id.get(rid)
        assert item is None or item.status != "ill_posed", rid


def test_traces_agree_with_their_prompts(cleaned, corpus_dir: Path) -> None:
    clean = _records(cleaned.out)
    changed = {
        c["id"]
        for c in read_changes(cleaned.out)
        if c["action"] in ("option_removed", "option_replaced")
    }
    kept = _records(cleaned.out, "cot")
    assert len(kept) > 400
    for t in kept.values():
        p = clean[t["problem_id"]]
        assert p["split"] == "train" and t["prompt"] == p["prompt"][-1]["content"]
        assert t["problem_id"] not in changed  # it would reason about an option now gone
        if p["answer_kind"] == "mcq":
            assert agrees_with_prompt(t["response"], p["options"]), t["id"]
            assert answers.parse_mcq_gold(t["answer"]) == answers.parse_mcq_gold(p["answer"])


def test_a_real_walking_trace_keeps_its_item_in_order(cleaned, corpus_dir: Path) -> None:
    # Release traces that list the options as "1. <first option> ... 3. <third>": renumbering
    # cannot fix the list, so the item keeps its order. Shuffled, the walk would disagree.
    release, clean = _records(corpus_dir), _records(cleaned.out)
    walking = [
        t
        for t in _records(corpus_dir, "cot").values()
        if t.get("problem_id") in clean
        and release[t["problem_id"]]["answer_kind"] == "mcq"
        and walks_by_position(t["response"], release[t["problem_id"]]["options"])
    ]
    assert len(walking) > 20
    kept = _records(cleaned.out, "cot")
    checked = 0
    for t in walking:
        rec = release[t["problem_id"]]
        if t["id"] in kept:
            assert clean[rec["id"]]["options"] == rec["options"]  # not permuted
        perm = permutation(rec["id"], len(rec["options"]))
        if perm != list(range(len(perm))) and len(set(rec["options"])) == len(rec["options"]):
            shuffled = [rec["options"][i] for i in perm]
            mapping = {o + 1: n + 1 for n, o in enumerate(perm)}
            renumbered = remap_refs(t["response"], mapping)
            checked += not agrees_with_prompt(renumbered, shuffled)
    assert checked > 10  # the check catches a walk that no longer matches its prompt


def test_position_and_content_bias_after(cleaned) -> None:
    rows = {(r["category"], r["split"]): r for r in cleaned.comparison}
    assert rows[("trigger", "train")]["release"]["always_option_1"] == 1.0
    for cat in ("trigger", "feasibility", "endowment_effect"):
        assert rows[(cat, "train")]["clean"]["always_option_1"] < 0.7
    before = cleaned.bias["before"]["train"]["content_bias"]
    assert before["endowment_effect"]["share"] == 1.0  # every release gold is "Yes"
    unbalanced = set(cleaned.balance["unbalanced"])
    assert unbalanced <= {"train/budget_balance", "eval/budget_balance"}
    for split in ("train", "eval"):
        for cat, row in cleaned.bias["after"][split]["content_bias"].items():
            if f"{split}/{cat}" not in unbalanced:
                assert row["share"] <= 0.6, (split, cat, row)


def test_no_duplicates_or_leaks(cleaned, release_audit) -> None:
    clean = _records(cleaned.out)
    texts = Counter((r["split"], r["prompt"][-1]["content"]) for r in clean.values())
    assert max(texts.values()) == 1
    for leak in release_audit.leaks:
        assert not (leak["train"] in clean and leak["eval"] in clean)


def test_deterministic(cleaned, corpus_dir: Path, release_audit, tmp_path: Path) -> None:
    again = clean_corpus(corpus_dir, tmp_path / "again", audit=release_audit, balance=True)
    for rel in ("problems/train.jsonl", "problems/eval.jsonl", "cot/train.jsonl", "changes.jsonl"):
        assert (again.out / rel).read_bytes() == (cleaned.out / rel).read_bytes()


def test_refuses_existing_output(cleaned, corpus_dir: Path, release_audit) -> None:
    from recon_data.errors import ReconDataError

    with pytest.raises(ReconDataError, match="--force"):
        clean_corpus(corpus_dir, cleaned.out, audit=release_audit)


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
    result = clean_corpus(tmp_path / "empty", tmp_path / "out", balance=True)
    assert sum(result.actions.values()) == 0
    assert validate_path(tmp_path / "out").ok


def test_export_card_shows_the_cleaning_summary(cleaned, corpus_dir: Path, tmp_path: Path) -> None:
    from recon_data.curation.publish.export import export_corpus

    card = export_corpus(cleaned.out, tmp_path / "export").card
    assert "## Cleaning" in card
    for action, n in cleaned.actions.items():
        assert f"| {action} | {n:,} |" in card
    assert "changes.jsonl" in card
    # content and position bias, and counts, before and after
    assert "| endowment_effect | train | 75 |" in card
    assert "yes 100%" in card and "Content bias" in card
    # A corpus that was not cleaned says nothing about cleaning.
    assert "## Cleaning" not in export_corpus(corpus_dir, tmp_path / "plain").card


@pytest.mark.parametrize(("seed", "difficulty"), [(5, "easy"), (6, "hard")])
def test_clean_of_generated_corpora_audits_clean(
    tmp_path: Path, seed: int, difficulty: str
) -> None:
    """The property on generated corpora: every family, audited after cleaning, agrees."""
    from recon_data.curation.audit import audit_corpus
    from recon_data.curation.generators import generate_corpus

    generated = generate_corpus(
        tmp_path / "g", n=4, eval_n=2, seed=seed, difficulty=difficulty, decontaminate=False
    )
    result = clean_corpus(generated.out, tmp_path / "c", balance=True)
    report = audit_corpus(result.out, leaks=False)
    assert report.items and {i.status for i in report.items} == {"agree"}
    # generated golds are right: nothing is corrected; a drop is only a decontamination leak
    # (small easy games look alike across train and eval)
    assert result.actions["corrected"] == result.actions["option_removed"] == 0
    for c in read_changes(result.out):
        assert c["action"] != "dropped" or "eval item gen-" in c["reason"]
