"""The gold-label audit on the real release, hand-solved cases, and malformed items."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from recon_data.curation.audit import AUDIT_STATUSES, CHECKERS, audit_corpus, audit_item
from recon_data.curation.audit.base import verdict
from recon_data.curation.audit.matrix import parse_bimatrix
from recon_data.curation.audit.repeated import check_trigger
from recon_data.curation.audit.voting import check_condorcet


@pytest.fixture(scope="module")
def report(release_audit):
    return release_audit


@pytest.fixture(scope="module")
def problems(corpus_dir: Path):
    from recon_data.storage import read_problems

    return {p.id: p for p in read_problems(corpus_dir)}


def test_summary_covers_every_auditable_item(report, problems) -> None:
    from recon_data.categories import GENERATED_CATEGORIES

    summary = report.summary()
    # closed_form has a checker but no release item (tests/test_formula_generators.py audits it).
    assert set(summary) == set(CHECKERS) - {c.slug for c in GENERATED_CATEGORIES}
    for cat, row in summary.items():
        assert row["checked"] == sum(1 for p in problems.values() if p.category == cat)
        assert row["checked"] == sum(row[s] for s in AUDIT_STATUSES)


@pytest.mark.parametrize(
    "category",
    [
        "pure_nash",
        "pte",
        "bayes_nash",
        "backward_induction",
        "trigger",
        "enforceability",
        "feasibility",
        "condorcet_criterion",
        "certainty_effect",
        "time_inconsistency",
        "endowment_effect",
        "auction_risk",
    ],
)
def test_unparsed_under_five_percent(report, category: str) -> None:
    row = report.summary()[category]
    assert row["unparsed"] < 0.05 * row["checked"]


def test_pure_nash_matches_a_brute_force_check(report, problems) -> None:
    # Independent of the solver: a cell is an equilibrium iff neither player gains by moving.
    for item in (i for i in report.items if i.category == "pure_nash"):
        a, b = parse_bimatrix(problems[item.id].question)
        cells = [
            [i, j]
            for i in range(len(a))
            for j in range(len(a[0]))
            if a[i][j] == max(r[j] for r in a) and b[i][j] == max(b[i])
        ]
        assert json.loads(item.solver[0]) == cells
        assert (item.status == "agree") == (json.loads(item.gold) == cells)


def test_pte_rule_discrepancy_is_about_a_third(report) -> None:
    differs = report.pte_rule_differs
    pte = [i for i in report.items if i.category == "pte"]
    assert 0.2 * len(pte) < len(differs) < 0.45 * len(pte)
    for item in pte:
        if item.id in differs:
            assert item.status in ("ambiguous", "disagree")
            assert set(item.readings) == {"individual_rationality", "pareto_literal"}


def test_position_bias_counts_every_mcq_gold(report, problems) -> None:
    for cat, counts in report.position_bias.items():
        mcq = [p for p in problems.values() if p.category == cat and p.answer_kind == "mcq"]
        assert sum(counts.values()) == len(mcq)
    # The release's defect the issue names: trigger golds are always Option 1.
    assert set(report.position_bias["trigger"]) == {"1"}


def test_conflicts_have_one_text_and_several_golds(report, problems) -> None:
    assert report.conflicts
    for group in report.conflicts:
        texts = {(problems[i].category, problems[i].question) for i in group}
        golds = {problems[i].answer.split(":", 1)[-1] for i in group}
        assert len(texts) == 1 and len(golds) > 1
    # The named defect: identical trigger questions carrying different golds.
    assert any(problems[g[0]].category == "trigger" for g in report.conflicts)


def test_leaks_come_from_decontamination(report, problems) -> None:
    assert report.leaks
    for leak in report.leaks:
        assert problems[leak["train"]].split == "train" and problems[leak["eval"]].split == "eval"


def test_disagree_items_name_a_reason(report) -> None:
    for item in report.items:
        if item.status in ("disagree", "ill_posed", "unparsed"):
            assert item.reason and "\n" not in item.reason


def test_verdict_rule() -> None:
    assert verdict({"r": frozenset({2})}, 2)[0] == "agree"
    assert verdict({"r": frozenset({2})}, 1)[0] == "disagree"
    assert verdict({"r": frozenset()}, 1)[0] == "no_option"
    assert verdict({"a": frozenset(), "b": frozenset()}, 1)[0] == "no_option"
    assert verdict({"a": frozenset(), "b": frozenset({2})}, 1)[0] == "disagree"
    assert verdict({"a": frozenset({1}), "b": frozenset()}, 1)[0] == "ambiguous"
    assert verdict({"r": frozenset({1, 2})}, 1)[0] == "ambiguous"
    assert verdict({"a": frozenset({1}), "b": frozenset({2})}, 1)[0] == "ambiguous"


def test_trigger_hand_solved() -> None:
    text = (
        "Both firms get 3.0 each if both cooperate; if one cooperates while the other defects, "
        "the defecting firm gets 5.0 and the cooperating firm gets 0.0; if both defect, "
        "each gets 1.0. What is the minimum discount factor?"
    )
    found = check_trigger(text, ("0.50", "0.25", "0.67"))
    # (T - C) / (T - P) = (5 - 3) / (5 - 1) = 1/2, and P = 1 >= S = 0 (a credible punishment);
    # the Nash-equilibrium reading (M = max(S, P) = 1) gives the same set: one reading.
    assert found.readings == {"subgame_perfect": frozenset({1})}
    assert "[0.5, 1)" in found.reason


def test_trigger_rounds_half_up_to_the_options_decimals() -> None:
    # C 7, T 15, S 0, P 3: delta >= 8/12 = 0.6667: "0.67" (rounded) is right, "0.66"
    # (truncated) is not, and a one-decimal option "0.7" is right too.
    text = (
        "Both firms get 7 each if both cooperate; if one cooperates while the other defects, "
        "the defecting firm gets 15 and the cooperating firm gets 0; if both defect, each gets "
        "3. What is the minimum discount factor for a subgame perfect equilibrium?"
    )
    found = check_trigger(text, ("0.66", "0.67", "0.7", "0.60"))
    assert found.readings == {"subgame_perfect": frozenset({2, 3})}


def test_trigger_least_delta_zero_is_no_option_and_no_delta_is_ill_posed() -> None:
    from recon_data.curation.audit.base import IllPosed

    # eval-a6957d4d732d's numbers: C 724, T 450, S 475.5, P 906: delta <= 274/456, least 0.
    text = (
        "If both cooperate, each earns 724.0; if one defects while the other cooperates, the "
        "defecting firm earns 450.0 and the cooperating firm earns 475.5; if both defect, each "
        "earns 906.0. What is the least discount factor at which grim trigger is subgame perfect?"
    )
    found = check_trigger(text, ("0.6", "0.65", "0.55", "0.60"))
    assert found.readings == {"subgame_perfect": frozenset()}
    assert "least delta 0" in found.reason and "137/228" in found.reason
    # S 800 > P 500: mutual defection is no stage equilibrium, no delta at all.
    with pytest.raises(IllPosed, match="not credible"):
        check_trigger(text.replace("475.5", "800.0").replace("906.0", "500.0"), ("0.5", "0.6"))


_UNSTATED = (
    "Alice and Bob negotiate over three rounds. In the first round, if Alice accepts the deal, "
    "Alice gets 10{first}. Alice can also pass to Bob. If Alice passes, Bob can accept the "
    "deal: Alice gets 5{second}. Bob can also pass back to Alice. In the third round, if "
    "Alice finalizes, Alice gets 7 and Bob gets 6; if the arbitrator decides, Alice gets 7 "
    "and Bob gets 6. What should Bob do in the second round?"
)
_BOB = ("Bob should accept the deal", "Bob should pass back to Alice")


def test_unstated_payoff_nothing_depends_on() -> None:
    from recon_data.curation.audit.backward import check_backward

    # Bob's payoff at Alice's first-round stop is missing; Bob compares 8 with 6: accept.
    found = check_backward(_UNSTATED.format(first="", second=" and Bob gets 8"), _BOB)
    assert found.readings == {"subgame_perfect": frozenset({1})}
    assert "never states Bob's payoff" in found.reason


def test_unstated_payoff_the_answer_needs_is_ill_posed() -> None:
    from recon_data.curation.audit.backward import check_backward
    from recon_data.curation.audit.base import IllPosed

    # Bob's own payoff for accepting is missing: above 6 he accepts, below he passes.
    with pytest.raises(IllPosed, match="never states Bob's payoff at the second mover"):
        check_backward(_UNSTATED.format(first=" and Bob gets 3", second=""), _BOB)


def test_condorcet_cycle_means_no_winner() -> None:
    text = (
        "Three candidates.\n- 1 voters voted for A > B > C\n- 1 voters voted for B > C > A\n"
        "- 1 voters voted for C > A > B\n"
    )
    found = check_condorcet(
        text, ("Candidate A", "Candidate B", "Candidate C", "There is no winner")
    )
    assert found.readings["unranked_last"] == frozenset({4})


@pytest.mark.parametrize("category", sorted(CHECKERS))
@pytest.mark.parametrize("text", ["", "Question: ??? 1 2 3", "Player 0's payoff matrix:\n[[1, 2]"])
def test_malformed_items_never_crash(category: str, text: str) -> None:
    kind = "profile_set" if category in ("pure_nash", "pte") else "mcq"
    problem = SimpleNamespace(
        id="x-1",
        split="train",
        category=category,
        question=text,
        prompt=(SimpleNamespace(role="user", content=text or "?"),),
        options=("Yes", "No") if kind == "mcq" else (),
        answer="Option 1: Yes" if kind == "mcq" else "[]",
        answer_kind=kind,
    )
    item = audit_item(problem)
    assert item.status in ("unparsed", "ill_posed")


def test_cli_json_shape_and_out(cli, corpus_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "audit.json"
    code, stdout, _ = cli(
        "audit", corpus_dir, "--category", "pure_nash", "--json", "--no-leaks", "--out", out
    )
    assert code == 0
    # With --out the file holds the report; stdout says where and what it sums up.
    data = json.loads(out.read_text(encoding="utf-8"))
    assert json.loads(stdout) == {"out": str(out), "summary": data["summary"]}
    assert {"summary", "items", "position_bias", "conflicts"} <= set(data)
    assert set(data["summary"]["pure_nash"]) == {"checked", *AUDIT_STATUSES}
    assert set(data["items"][0]) >= {
        "id",
        "category",
        "status",
        "gold",
        "solver",
        "reason",
        "certificate",
    }
    assert json.loads(out.read_text()) == data
    code, _, err = cli("audit", corpus_dir, "--category", "pure_nash", "--no-leaks", "--out", out)
    assert code == 1 and "--force" in err
    code, _, err = cli("audit", corpus_dir, "--category", "econnli")
    assert code == 1 and "not auditable" in err


def test_cli_table_lists_disagreements(cli, corpus_dir: Path) -> None:
    code, stdout, _ = cli("audit", corpus_dir, "--category", "condorcet_criterion", "--no-leaks")
    assert code == 0
    assert "condorcet_criterion: disagree / no_option / ill_posed / error" in stdout
    assert "cycle" in stdout


def test_empty_corpus(tmp_path: Path) -> None:
    from recon_data.manifest import write_corpus

    write_corpus(tmp_path / "empty", {"train": [], "eval": []}, [], source={}, builder="test")
    report = audit_corpus(tmp_path / "empty", leaks=False)
    assert report.items == [] and report.summary() == {} and report.conflicts == []


def test_generated_only_categories_are_refused_in_one_line(cli, tmp_path: Path) -> None:
    from recon_data.errors import ReconDataError

    code, _, err = cli("audit", str(tmp_path), "--category", "mixed_nash")
    assert code == 1 and err.count("\n") == 1 and "generated" in err
    item = SimpleNamespace(id="gen-x", category="mixed_nash", options=(), answer="1/2")
    with pytest.raises(ReconDataError) as info:
        audit_item(item)
    assert info.value.field == "category" and "gen-x" in str(info.value)


_EARLIER = (
    "Sam chose a bond paying a sure 0.20 rather than a fund paying 0.50 with a probability of "
    "60% or 0.00 with a probability of 40%. Now Sam compares two new funds. {ask}"
)
_FUNDS = (
    "A fund paying 0.20 with a probability of 50% or 0 with a probability of 50%",
    "A fund paying 30 with a probability of 10% or 0 with a probability of 90%",
)


@pytest.mark.parametrize(
    ("ask", "readings"),
    [
        # the question states its criterion: 0.2 x 0.5 = 0.1 against 30 x 0.1 = 3
        ("Which should Sam choose to maximize his expected returns?", {"expected_value": {2}}),
        # option 2 has the larger prize and the smaller chance of it
        ("Which should he choose for potentially higher but less certain returns?",
         {"higher_but_less_certain": {2}}),
        # larger possible and larger expected return agree: one reading
        ("Which should he choose for potentially higher returns?", {"higher_return": {2}}),
        # expected value, or the earlier preference: 0.20 sure over 0.5 w.p. 0.6 (EV 0.3) is
        # risk aversion, which does not rank a 0.2 w.p. 0.5 against 30 w.p. 0.1: either option
        ("Which should he choose to maximize expected returns, consistent with his earlier "
         "preference?", {"expected_value": {2}, "consistent_expected_utility": {1, 2}}),
    ],
)  # fmt: skip
def test_certainty_criteria_the_question_states(ask: str, readings: dict) -> None:
    from recon_data.curation.audit.certainty import check_certainty

    found = check_certainty(_EARLIER.format(ask=ask), _FUNDS)
    assert {k: set(v) for k, v in found.readings.items()} == readings


def test_certainty_without_a_criterion_needs_the_utility() -> None:
    from recon_data.curation.audit.base import IllPosed
    from recon_data.curation.audit.certainty import check_certainty

    with pytest.raises(IllPosed, match="does not fix the risk attitude"):
        check_certainty(_EARLIER.format(ask="Which one should he choose?"), _FUNDS)
    # "higher but less certain" when the bigger prize is also the likelier one: no option is
    # what the words describe, but that option dominates, which decides under any criterion
    likely = (
        _FUNDS[0],
        "A fund paying 30 with a probability of 60% or 0 with a probability of 40%",
    )
    riskier = _EARLIER.format(ask="Which for potentially higher but less certain returns?")
    assert check_certainty(riskier, likely).readings == {"dominance": frozenset({2})}
    # two equal options: neither is higher and less certain, and neither dominates
    with pytest.raises(IllPosed, match="no option is both"):
        check_certainty(riskier, (_FUNDS[1], _FUNDS[1]))
