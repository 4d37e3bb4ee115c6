"""The closed-form families: records validate and grade their own gold, the audit re-derives
every gold from the prose (`agree`), numeric variants are the formula at the stated numbers,
and the list, the CLI, a generated corpus, reasoning-gym and the TRL export carry the kind."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

from recon_data.answers.expression import read_formula_gold
from recon_data.answers.formula.evaluate import context, evaluate
from recon_data.curation.generators import create
from recon_data.curation.generators.registry import FORMULA_FAMILIES
from recon_data.schema import Problem
from recon_data.verifiers import grade

# Slow: derives and audits every formula family with sympy. `scripts/test.sh --fast` skips it; CI runs it.
pytestmark = pytest.mark.slow

LEVELS = ("easy", "medium", "hard")


@pytest.fixture(scope="module")
def samples() -> dict[tuple[str, str], list[dict]]:
    """10 records per family and difficulty, a third of them numeric variants."""
    return {
        (name, level): [s.record for s in create(name, level, numeric=30).generate(10, seed=21)]
        for name in FORMULA_FAMILIES
        for level in LEVELS
    }


def test_at_least_six_families_with_formula_golds(samples) -> None:
    assert len(FORMULA_FAMILIES) >= 6
    for name in FORMULA_FAMILIES:
        kinds = {r["answer_kind"] for level in LEVELS for r in samples[name, level]}
        assert kinds == {"expression", "numeric"}, name


@pytest.mark.parametrize("name", FORMULA_FAMILIES)
def test_records_validate_and_their_rendered_gold_grades_correct(samples, name: str) -> None:
    from recon_data.answers import get_kind
    from recon_data.verifiers import parse_gold

    for level in LEVELS:
        for record in samples[name, level]:
            problem = Problem.model_validate(record)
            assert problem.category == "closed_form" and problem.source == "generated"
            gold = parse_gold(problem.answer, problem.answer_kind)
            boxed = get_kind(problem.answer_kind).render(gold.value)
            verdict = grade(f"<think>x</think>\n\\boxed{{{boxed}}}", problem.answer,
                            problem.answer_kind)  # fmt: skip
            assert verdict.correct, (problem.answer, verdict)
            if problem.answer_kind == "expression":
                assert "Express it in terms of" in problem.question
                assert problem.prompt[0].content.startswith("You are given a reasoning problem")
                assert "\\boxed{formula}" in problem.prompt[0].content
            else:
                assert "Give the exact value." in problem.question


@pytest.mark.parametrize("name", FORMULA_FAMILIES)
def test_audit_rederives_every_gold_from_the_prose(samples, name: str) -> None:
    from recon_data.curation.audit import audit_item

    for level in LEVELS:
        for record in samples[name, level]:
            item = audit_item(Problem.model_validate(record))
            assert item.status == "agree", (item.reason, record["answer"], record["question"])


def test_audit_disagrees_when_the_gold_is_wrong(samples) -> None:
    from recon_data.curation.audit import audit_item

    record = next(r for r in samples["cournot", "hard"] if r["answer_kind"] == "expression")
    formula, _, domain = record["answer"].partition(" where ")
    wrong = dict(record, answer=f"2*{formula} where {domain}".replace("2*(", "2*(", 1))
    wrong["answer"] = read_formula_gold(wrong["answer"]).canonical
    item = audit_item(Problem.model_validate(wrong))
    assert item.status == "disagree"
    garbled = dict(record, question=record["question"].replace("inverse demand is P =", "demand"))
    assert audit_item(Problem.model_validate(garbled)).status == "unparsed"


@pytest.mark.parametrize("name", FORMULA_FAMILIES)
def test_numeric_variant_is_the_formula_at_the_stated_numbers(name: str) -> None:
    """Same seed and index: the same draw, once with every parameter a symbol, once as numbers."""
    symbolic = create(name, "hard", symbols=12, numeric=0)
    numeric = create(name, "hard", symbols=12, numeric=100)
    for index in range(6):
        formula_record = symbolic.sample(5, index).record
        number_record = numeric.sample(5, index).record
        assert number_record["answer_kind"] == "numeric"
        numbers = number_record["generation"]["certificate"]["numbers"]
        gold = read_formula_gold(formula_record["answer"])
        point = {k: Fraction(v) for k, v in numbers.items() if k in gold.names.params}
        value = evaluate(gold.formula, point, context())
        assert value == Fraction(number_record["answer"]), (formula_record, number_record)


def test_determinism_and_the_generation_block(samples) -> None:
    for name in FORMULA_FAMILIES:
        again = [s.record for s in create(name, "medium", numeric=30).generate(10, seed=21)]
        assert again == samples[name, "medium"]
        cert = again[0]["generation"]["certificate"]
        assert cert["kind"] == "closed_form" and cert["value"] and "variant" in cert


def test_list_and_cli_show_the_expression_kind(cli) -> None:
    from recon_data.curation.generators import list as list_generators

    entries = {e["name"]: e for e in list_generators()}
    for name in FORMULA_FAMILIES:
        entry = entries[name]
        assert entry["answer_kind"] == "expression" and entry["category"] == "closed_form"
        assert entry["new_family"] and {"symbols", "numeric"} <= set(entry["knobs"])
    code, out, _ = cli("generate", "--list", "--json")
    assert code == 0
    listed = {e["name"]: e for e in json.loads(out)}
    assert all(listed[n]["answer_kind"] == "expression" for n in FORMULA_FAMILIES)


def test_generated_corpus_validates_and_audits(tmp_path: Path) -> None:
    from recon_data.curation.audit import audit_corpus
    from recon_data.curation.generators import generate_corpus
    from recon_data.validate import validate_path

    out = tmp_path / "formulas"
    generate_corpus(out, list(FORMULA_FAMILIES), n=3, eval_n=1, seed=2, decontaminate=False,
                    settings={"numeric": 25})  # fmt: skip
    assert validate_path(out).ok
    report = audit_corpus(out, ["closed_form"], leaks=False)
    row = report.summary()["closed_form"]
    assert row["checked"] == row["agree"] == 4 * len(FORMULA_FAMILIES), row


def test_reasoning_gym_items_ask_for_the_formula_and_score_it() -> None:
    rg = pytest.importorskip("reasoning_gym")
    from recon_data.curation.generators.rg_adapter import register

    assert "recon_cournot" in register()
    ds = rg.create_dataset("recon_cournot", seed=3, size=4, difficulty="hard")
    entry = next(e for e in ds if e["metadata"]["answer_kind"] == "expression")
    assert " where " not in entry["answer"] and " where " in entry["metadata"]["record"]["answer"]
    assert ds.score_answer(entry["answer"], entry) == 1.0
    assert ds.score_answer(f"\\boxed{{2*({entry['answer']})}}", entry) == 0.0
    assert ds.score_answer("__import__('os').getpid()", entry) == 0.0


def test_trl_grpo_rows_carry_what_the_reward_needs(tmp_path: Path) -> None:
    import datasets

    from recon_data.curation.generators import generate_corpus
    from recon_data.curation.publish.export import export_corpus
    from recon_data.verifiers import hierarchical_reward

    corpus = tmp_path / "c"
    generate_corpus(corpus, ["trigger_threshold", "consumer_choice"], n=3, eval_n=1, seed=4,
                    decontaminate=False)  # fmt: skip
    export_corpus(corpus, tmp_path / "export", trl_configs=True)
    rows = datasets.load_dataset(str(tmp_path / "export"), "grpo", split="train",
                                 cache_dir=str(tmp_path / "hf"))  # fmt: skip
    assert set(rows["answer_kind"]) <= {"expression", "numeric"} and len(rows) == 6
    from recon_data.answers import get_kind
    from recon_data.verifiers import parse_gold

    completions = [
        f"<think>x</think> \\boxed{{{get_kind(k).render(parse_gold(g, k).value)}}}"
        for g, k in zip(rows["answer"], rows["answer_kind"], strict=True)
    ]
    rewards = hierarchical_reward(rows["prompt"], completions, answer=rows["answer"],
                                  answer_kind=rows["answer_kind"], options=rows["options"])  # fmt: skip
    assert rewards == [5.0] * len(rows)
    assert hierarchical_reward(rows["prompt"], ["<think>x</think> \\boxed{0.12345}"] * len(rows),
                               answer=rows["answer"], answer_kind=rows["answer_kind"],
                               options=rows["options"]) != [5.0] * len(rows)  # fmt: skip
