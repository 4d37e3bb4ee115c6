"""The answer-kind registry: one module per kind, asked by the schema, build and verifiers."""

from __future__ import annotations

import ast
from fractions import Fraction
from pathlib import Path

import pytest

from recon_data import answers
from recon_data.answers import KIND_NAMES, REGISTRY, get_kind, read_number, render
from recon_data.answers.numeric import Number, numbers_match
from recon_data.schema import Problem
from recon_data.verifiers import grade, parse_gold

ROOT = Path(__file__).resolve().parents[1]


def test_every_layer_lists_the_registrys_kinds() -> None:
    assert KIND_NAMES == ("mcq", "yes_no", "ordering", "profile_set", "numeric", "expression")
    enum = Problem.model_json_schema()["properties"]["answer_kind"]["enum"]
    assert tuple(enum) == KIND_NAMES
    with pytest.raises(KeyError, match="expected one of mcq"):
        get_kind("essay")


@pytest.mark.parametrize(
    "path",
    ["recon_data/schema.py", "curation/problems.py", "verifiers/gold.py", "verifiers/grade.py"],
)
def test_no_ladder_over_kind_names_outside_the_registry(path: str) -> None:
    # A kind's rules live in its module: these files must not compare against kind names.
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    names = {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    assert not names & set(KIND_NAMES), path


@pytest.mark.parametrize(
    ("kind", "value", "text"),
    [
        ("mcq", (2, "Both firms defect"), "Option 2: Both firms defect"),
        ("mcq", (2, None), "Option 2"),
        ("yes_no", "No", "No"),
        ("ordering", ("B", "A", "C"), "B, A, C"),
        ("profile_set", frozenset({(2, 2), (0, 1)}), "[[0, 1], [2, 2]]"),
        ("numeric", Fraction(3, 4), "0.75"),
        ("numeric", Fraction(-2, 3), "-2/3"),
        ("numeric", Fraction(-5, 2), "-2.5"),
        ("numeric", 12, "12"),
    ],
)
def test_render_gives_text_that_grades_correct(kind: str, value: object, text: str) -> None:
    assert render(kind, value) == text
    gold = parse_gold(text, kind)
    completion = f"<think>r</think>\\boxed{{{render(kind, gold.value)}}}"
    assert grade(completion, text, kind).reward == 5.0


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [("0.50", "0.5"), ("1,024", "1024"), ("\\frac{6}{8}", "0.75"), ("-2/6", "-1/3"), ("7.", "7")],
)
def test_numeric_canonical_form(raw: str, canonical: str) -> None:
    kind = get_kind("numeric")
    assert kind.canonicalize(raw, ()) == canonical
    assert kind.check(canonical, ()) is None
    assert answers.parse_numeric(canonical) == read_number(raw).value


def test_numeric_canonical_form_refuses_irrationals_and_junk() -> None:
    kind = get_kind("numeric")
    for raw in ("\\sqrt2", "pi", "x", ""):
        with pytest.raises(ValueError):
            kind.canonicalize(raw, ())


def test_numbers_match_is_exact_on_rationals() -> None:
    third = read_number("1/3")
    assert third == Number(Fraction(1, 3))
    assert numbers_match(read_number("2/6"), third)
    assert not numbers_match(read_number("0.33333"), third)  # 5 digits: too few
    assert numbers_match(read_number("0.33334"), third) is False
    assert numbers_match(read_number("\\sqrt{8}"), read_number("2\\sqrt2"))
    assert numbers_match(read_number("\\sqrt{2}\\cdot\\sqrt{2}"), read_number("2"))
    assert not numbers_match(read_number("\\pi"), read_number("355/113"))


@pytest.mark.parametrize(
    ("kind", "raw", "options", "canonical"),
    [
        ("yes_no", " yes. ", (), "Yes"),
        ("ordering", "b,a , c.", (), "B, A, C"),
        ("profile_set", "[[2,2],[0,1],[0,1]]", (), "[[0, 1], [2, 2]]"),
        ("mcq", "Option 2: Defect.", ("Cooperate", "Defect"), "Option 2: Defect"),
    ],
)
def test_build_canonicalises_through_the_registry(
    kind: str, raw: str, options: tuple[str, ...], canonical: str
) -> None:
    from recon_data.curation.problems import canonical_answer

    assert canonical_answer(kind, raw, list(options)) == canonical
    assert get_kind(kind).check(canonical, options) is None


def test_unknown_kind_in_the_build_is_a_value_error() -> None:
    from recon_data.curation.problems import canonical_answer

    with pytest.raises(ValueError, match="unknown answer kind"):
        canonical_answer("essay", "x", [])


def test_every_kind_module_defines_its_kind() -> None:
    for name, kind in REGISTRY.items():
        assert kind.name == name
        module = __import__(f"recon_data.answers.{name}", fromlist=["KIND"])
        assert module.KIND is kind
