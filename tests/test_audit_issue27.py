"""Every release item issue 27 names, pinned: verdict, reason, and the gold after cleaning.

Read from ../shared at run time (no release text here); the arithmetic is in the comments.
"""

from __future__ import annotations

import pytest

from recon_data.curation.audit import audit_item
from recon_data.curation.audit.matrix import IR_RULE, PARETO_RULE


def _gold_text(rec: dict) -> str:
    return rec["answer"].split(": ", 1)[1]


# id, status, right options, words the reason must hold, gold text after cleaning (None: dropped)
PINNED = [
    # Trigger: C 724, T 450, S 475.5, P 906. delta (T-P) >= T-C is -456 delta >= -274, so
    # delta <= 274/456 = 137/228 (0.6009); P >= S. Subgame perfect for delta in [0, 137/228]:
    # the least delta is 0, no option offers it. Cleaning drops it (the question presupposes
    # that cooperation needs patience; docs/audit.md, tests/test_audit_issue27b.py).
    ("eval-a6957d4d732d", "no_option", (), ("[0, 137/228 ~ 0.6009]", "least delta 0"), None),
    # Certainty: the question asks for the highest expected return: 0.15 x 0.5906 = 0.0886
    # against 80 x 0.185 = 14.8: option 2.
    ("train-db8d59c0c2d8", "disagree", (2,), ("highest expected return", "14.8"),
     "Venture capital"),
    # Enforceability: "The discount rate ... is 0.59" is read as a factor and as a rate
    # (delta 1/1.59); complying is dominant (54919.58 > 40222.29, 47277.34 > 37116.91), so
    # both comply is the only sustainable path under every reading and punishment.
    ("train-e9d6b13de04c", "agree", (1,), ("cc", "either punishment"), "Both firms continually"),
    # Feasibility with the mixed minmax: undercut w.p. q equalises 11053.78 + 59919.81 q and
    # 76185.36 - 41619.61 q at q = 0.6414, value 49487.6 < 62106.4 <= (T+S)/2 = 73579.5.
    ("train-7d82529d0c4f", "agree", (1,), ("mixed minmax",), "($62106.4, $62106.4)"),
    # Five-outcome stories. Smith stops for 8; passing gives -1 (either paid action of Allen's)
    # or 3 (the final round): stop under every reading; the gold is right.
    ("eval-3d476130a921", "agree", (1,), ("every reading",), "Dr. Smith should maintain"),
    # Smith stops for 7; passing gives him -9 whatever Lee does and whatever the final round.
    ("train-1734622f00c3", "agree", (1,), ("every reading",), "Dr. Smith should continue"),
    # Kim: continuing leads to -6 (final round) or pays -4 (read as final); reverting pays 1.
    ("eval-e373d1021dcc", "agree", (2,), ("every reading",), "Switch back to her"),
    # Smith: stopping pays -10; passing pays -4 under every reading (Lee is indifferent
    # between 8 and 8, or reverts for 8 > -8): switch; the gold (stick) is wrong.
    ("train-3041c746c021", "disagree", (2,), ("every reading",), "Dr. Smith should switch"),
    # Alice: stopping pays -3; passing leads to (-2, 6) under every reading: switch.
    ("train-43d4faffea12", "disagree", (2,), ("every reading",), "Dr. Alice should switch"),
    # The readings disagree (the final round after sustaining makes Rao indifferent): dropped.
    ("eval-3b5ed3ad1740", "ill_posed", (), ("depends on which",), None),
    ("train-1991d470df2c", "ill_posed", (), ("depends on which",), None),
    ("train-d5b4aea8bff9", "ill_posed", (), ("depends on which",), None),
    ("train-f98023dc8258", "ill_posed", (), ("depends on which",), None),
]  # fmt: skip


@pytest.mark.parametrize(("item_id", "status", "right", "words", "clean_gold"), PINNED)
def test_pinned(
    release_by_id,
    cleaned_by_id,
    item_id: str,
    status: str,
    right: tuple,
    words: tuple,
    clean_gold: str | None,
) -> None:
    audited = audit_item(release_by_id[item_id])
    assert audited.status == status, audited.reason
    assert audited.correct_options == right
    for w in words:
        assert w in audited.reason, audited.reason
    if clean_gold is None:
        assert item_id not in cleaned_by_id
    else:
        assert _gold_text(cleaned_by_id[item_id]).startswith(clean_gold)


def test_pte_definition_is_reworded_not_dropped(release_by_id, cleaned_by_id, cleaned) -> None:
    from recon_data.curation.clean import read_changes

    # The prompt's "Pareto-dominate" rule and the golds' individual rationality give
    # different answers here; the prompt is reworded to the rule the gold follows.
    item = audit_item(release_by_id["eval-103a12a8371f"])
    assert item.status == "ambiguous"
    assert item.readings == {"individual_rationality": ["[[2, 2]]"], "pareto_literal": ["[]"]}
    after = cleaned_by_id["eval-103a12a8371f"]
    assert IR_RULE in after["prompt"][-1]["content"]
    assert PARETO_RULE not in after["prompt"][-1]["content"]
    assert after["answer"] == "[[2, 2]]"
    lines = [c for c in read_changes(cleaned.out) if c["id"] == "eval-103a12a8371f"]
    assert [(c["action"], c["old"], c["new"]) for c in lines] == [
        ("reworded", PARETO_RULE, IR_RULE)
    ]
    # every PTE item that stays is reworded, none is dropped for its rule
    pte = [
        r for r in cleaned_by_id.values() if r["category"] == "pte" and r["source"] != "generated"
    ]
    assert pte and all(IR_RULE in r["prompt"][-1]["content"] for r in pte)


def test_trigger_items_once_dropped_as_no_delta_are_mostly_subgame_perfect(release_audit) -> None:
    # The first pass dropped 117 items with C <= P as "no discount factor sustains it"; one of
    # them (train-3a5626de15f8) had "cutting costs" read as cooperation and now has C > P,
    # leaving 116. The on-path condition holds on some [0, x] for 99 of them (the issue's
    # count) and nowhere for 17. Of the 99, 83 are subgame perfect on [0, x] (least delta 0,
    # offered by no option); 16 have S > P, so mutual defection is no stage equilibrium and
    # grim trigger is subgame perfect at no delta: ill-posed where the question asks for
    # subgame perfection (11), a Nash-equilibrium reading with least delta 0 where it does
    # not (5, no_option).
    low = [
        i
        for i in release_audit.items
        if i.category == "trigger"
        and i.certificate
        and i.certificate.get("stage_game")
        and _f(i.certificate["stage_game"]["both_cooperate"])
        <= _f(i.certificate["stage_game"]["both_defect"])
    ]
    assert len(low) == 116
    least_zero = [i for i in low if (i.certificate or {}).get("threshold") == "0"]
    assert len(least_zero) == 83
    on_path = [i for i in low if i.certificate["grim_trigger"]["on_path"] is not None]
    assert len(on_path) == 99
    incredible = [i for i in on_path if not i.certificate["grim_trigger"]["punishment_credible"]]
    assert len(incredible) == 16
    assert sum(i.status == "ill_posed" for i in low) == 28
    assert sum(i.status == "no_option" for i in low) == 88


def _f(text: str):
    from fractions import Fraction

    return Fraction(text)
