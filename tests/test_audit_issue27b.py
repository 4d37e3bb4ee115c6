"""Issue 27, second hand check (50 items solved by an independent reviewer): each finding pinned.

Read from ../shared at run time (no release text here); ids and numbers only, the arithmetic
in the comments. Stage games are C (both cooperate), T (the deviator), S (the cooperator
facing him), P (both defect).
"""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from recon_data.curation.audit import audit_item
from recon_data.curation.audit.certainty_ask import (
    EXPECTED,
    HIGHER,
    RISKIER,
    ask_paragraph,
    ask_sentence,
)
from recon_data.curation.audit.feasibility import game_of, stage_deltas, verdicts
from recon_data.curation.audit.stage import parse_stage_game


def _gold(rec: dict) -> str:
    return rec["answer"].split(": ", 1)[1]


# 1. certainty_effect: the criterion in the sentence before the question.
def test_certainty_criterion_read_from_the_questions_paragraph(
    release_by_id, cleaned_by_id
) -> None:
    # train-ea7eaedfda79: "for potential higher gains" sits in the sentence before "Which
    # should you choose?". Prizes 0.38 (w.p. 40.12%) and 13 (w.p. 15.13%): larger prize 13,
    # larger expected value 13 x 0.1513 = 1.967 > 0.38 x 0.4012 = 0.152: option 2.
    item = audit_item(release_by_id["train-ea7eaedfda79"])
    assert item.status == "disagree" and item.correct_options == (2,)
    assert "potentially higher returns" in item.reason and "1.967" in item.reason
    assert _gold(cleaned_by_id["train-ea7eaedfda79"]).startswith("A venture capital")
    # train-94212c3ea0c9 names an "expected return" inside the earlier-choice story (a
    # sentence with numbers): not a criterion, the item stays judged by expected utility.
    story = audit_item(release_by_id["train-94212c3ea0c9"])
    assert "expected return" not in story.reason and "highest expected" not in story.reason
    # Corpus-wide: two certainty items have their criterion only before the asking sentence
    # (train-efc8fb29e134's "more risk for the chance of a higher return", read since the
    # third hand check).
    moved = []
    for p in release_by_id.values():
        if p.category != "certainty_effect":
            continue
        head, ask = ask_paragraph(p.question), ask_sentence(p.question)
        if any(r.search(head) and not r.search(ask) for r in (EXPECTED, RISKIER, HIGHER)):
            moved.append(p.id)
    assert moved == ["train-ea7eaedfda79", "train-efc8fb29e134"]


def test_ask_paragraph_keeps_the_story_out() -> None:
    q = (
        "Earlier you took a sure 2 over an expected return of 5 with probability 40%. "
        "Now you want potential higher gains. Which do you pick?"
    )
    assert ask_paragraph(q) == "Now you want potential higher gains. Which do you pick?"
    assert ask_paragraph("Which one?") == "Which one?"
    assert ask_paragraph("") == ""


# 2. endowment_effect: the question asks about the friend.
ENDOWMENT_FRIEND = [
    "train-2ed1c6bf5b09", *(f"train-2ed1c6bf5b09-{k}" for k in range(2, 7)),
    "train-41b66b7ff61a", *(f"train-41b66b7ff61a-{k}" for k in range(2, 8)),
    "eval-79ada099062f", "eval-bf3579b7dea9",
]  # fmt: skip


def test_endowment_question_about_the_other_party(release_by_id, cleaned_by_id) -> None:
    # "you decide to offer a trade. Would he agree to it?": he proposed the earlier trade (his
    # glove for your board games), so he prefers the games, and he holds them now: No.
    assert len(ENDOWMENT_FRIEND) == 15
    for rid in ENDOWMENT_FRIEND:
        item = audit_item(release_by_id[rid])
        assert item.status == "disagree" and item.solver[0].endswith("No"), rid
        assert "other party" in item.reason and "declines" in item.reason
    kept = [rid for rid in ENDOWMENT_FRIEND if rid in cleaned_by_id]
    assert kept == ["eval-79ada099062f", "eval-bf3579b7dea9"]
    assert all(_gold(cleaned_by_id[rid]) == "No" for rid in kept)


def test_endowment_other_party_without_a_revealed_preference_is_ill_posed() -> None:
    from recon_data.curation.audit.base import IllPosed
    from recon_data.curation.audit.behaviour import check_endowment

    q = (
        "When in the following situation, you declined to trade.\n'Your aunt gave you a kite as "
        "a gift. Your friend got a ball from his uncle. You propose a trade. Would you?'\nNow:"
        "\nYour aunt gave you a ball as a gift. Your friend got a kite from his uncle. You "
        "offer a trade. Would he agree to it?"
    )
    with pytest.raises(IllPosed, match="not revealed"):
        check_endowment(q, ("Yes", "No"))


# 3. feasibility at the stated delta.
def test_feasibility_golds_at_the_stated_delta(release_by_id, cleaned_by_id) -> None:
    # train-4071c548e406: adhere dominant; reneging loses >= 31754.71 a period, the future
    # repays <= 0.44/0.56 x 24400.47 = 19171.8: the only equilibrium payoff at 0.44 is the
    # stage equilibrium's 87885.77; the release gold 32206.82 is below the minmax 63485.30.
    item = audit_item(release_by_id["train-4071c548e406"])
    assert item.status == "no_option" and "63485.3" in item.reason
    assert _gold(cleaned_by_id["train-4071c548e406"]) == "($87885.77, $87885.77)"
    # agree items that flip: the gold needs an action never played at the stated delta
    for rid, numbers in [
        # C 94475.31, T 27276.14, S 74855.86, P 18563.38, delta 0.44: defecting loses
        # >= 56292.48 a period, the future repays <= 0.44/0.56 x 19619.45 = 15415.28.
        ("train-ca6b234ee0b1", ("56292.48", "15415.28")),
        ("train-cd5ae5e8cf92", ("27135.87", "18733.18")),
    ]:
        item = audit_item(release_by_id[rid])
        assert item.status == "ambiguous" and item.readings["at delta"] == []
        assert len(item.readings["folk_theorem"]) == 1
        assert all(n in item.reason for n in numbers), item.reason
    # The reviewer's list: eight cleaned golds and four items with cleaned distractors; every
    # option of the cleaned item is judged alike by both readings (none left undecided).
    reviewed = [
        "train-12957a28c4f0", "train-20ff25d96213", "train-2d604f2a50a7", "train-2d7624d6af15",
        "train-4071c548e406", "train-730385770e87", "train-e93616a1ef12", "eval-a651495e1314",
        "train-184c5537cc46", "train-ac046b48223b", "train-c0ef7ec7280f", "eval-0432d0e7b8ba",
        "train-ca6b234ee0b1", "train-cd5ae5e8cf92",
    ]  # fmt: skip
    for rid in reviewed:
        rec = cleaned_by_id[rid]
        cert = audit_item(release_by_id[rid]).certificate
        g = parse_stage_game(release_by_id[rid].question, roles_needed=False)
        deltas = stage_deltas(g, release_by_id[rid].question)
        assert deltas, rid
        game = game_of(cert["stage_game"])
        from recon_data.curation.audit.feasibility import option_vectors

        for vec in option_vectors(tuple(rec["options"])).values():
            said = verdicts(game, deltas, vec)
            assert len(set(said.values())) == 1 and None not in said.values(), (rid, vec, said)
    assert [*map(_gold, (cleaned_by_id["train-ac046b48223b"],))] == ["($12931.44, $12931.44)"]
    assert sorted(cleaned_by_id["train-ac046b48223b"]["options"]) == [
        "($12931.44, $12931.44)",
        "($48748.91, $48748.91)",  # the one payoff that can be maintained at 0.44
    ]


def test_every_computed_feasibility_value_is_settled_alike_by_both_readings(
    release_by_id, release_audit, cleaned_changes
) -> None:
    # The first cleaner's midpoints of [minmax, max] were wrong at the stated delta in 20 of
    # 92 values; now every computed value is supported under every reading, or under none.
    from recon_data.curation.audit.feasibility import option_vectors

    checked = 0
    for item in release_audit.items:
        if item.category != "feasibility" or item.status == "unparsed":
            continue
        game = game_of(item.certificate["stage_game"])
        deltas = {k: F(v) for k, v in item.certificate["deltas"].items()}
        for c in cleaned_changes.get(item.id, []):
            if c["action"] == "option_replaced":
                (vec,) = option_vectors((c["new"],)).values()
                said = verdicts(game, deltas, vec)
                assert len(set(said.values())) == 1 and None not in said.values(), (c, said)
                checked += 1
    assert checked >= 90


def test_feasibility_undecided_options_make_the_item_ambiguous(release_by_id) -> None:
    # train-fcfc429f8202 (C 55141.1, T 79167.35, S 88958.36, P 87115.86, delta 0.62): the gold
    # 79740.52 is above the minmax 79167.35 but below the symmetric payoffs the construction
    # reaches (84062.86 = (T+S)/2 and up), and no action is ruled out: undecided, counted both
    # ways.
    item = audit_item(release_by_id["train-fcfc429f8202"])
    assert item.status == "ambiguous"
    assert set(item.readings) == {
        "folk_theorem", "at delta, undecided hold", "at delta, undecided fail"
    }  # fmt: skip
    assert "neither shown to be an equilibrium payoff nor ruled out" in item.reason


# 4. the role of "the company that violates ... the compliant company gets a negative payoff".
@pytest.mark.parametrize(
    ("rid", "t", "s", "minmax"),
    [
        ("train-6902a215686a", "52539.41", "-18528.11", "10831.42"),
        ("train-54cf1bc4ca38", "74880.47", "-40305.36", "24978.97"),
    ],
)
def test_violator_and_compliant_roles(release_by_id, rid: str, t: str, s: str, minmax: str) -> None:
    item = audit_item(release_by_id[rid])
    game = item.certificate["stage_game"]
    assert (F(game["deviator"]), F(game["cooperator_vs_deviator"])) == (F(t), F(s))
    assert f"mixed minmax {minmax}" in item.reason


def test_violator_item_cleaned_gold(release_by_id, cleaned_by_id) -> None:
    # train-54cf1bc4ca38: C 57836.85 is the largest symmetric feasible payoff, so the gold
    # 65475.09 is infeasible (no_option); the cleaned gold lies in [24978.97, 57836.85] and is
    # an equilibrium payoff at 0.64 (mutual compliance holds: 0.64/0.36 x 32857.88 > 17043.62).
    assert audit_item(release_by_id["train-54cf1bc4ca38"]).status == "no_option"
    x = F(_gold(cleaned_by_id["train-54cf1bc4ca38"]).strip("()").split(",")[0].strip(" $"))
    assert F("24978.97") <= x <= F("57836.85")


# 5. is in tests/test_clean.py (trace lines and their replay).


# 6. trigger items whose least delta is 0: dropped, with the interval and why.
def test_least_delta_zero_is_dropped_with_its_interval(
    release_audit, cleaned_by_id, cleaned_changes
) -> None:
    zero = [
        i
        for i in release_audit.items
        if i.category == "trigger" and (i.certificate or {}).get("threshold") == "0"
    ]
    assert len(zero) == 83
    for item in zero:
        assert item.id not in cleaned_by_id
        (line,) = [c for c in cleaned_changes[item.id] if c["action"] == "dropped"]
        assert line["reason"].startswith("least delta 0: grim trigger is subgame perfect")
        assert "[0, " in line["reason"] and "no patience is needed" in line["reason"]
    # eval-a6957d4d732d: C 724, T 450, S 475.5, P 906: the set is [0, 274/456].
    (line,) = cleaned_changes["eval-a6957d4d732d"]
    assert "[0, 137/228 ~ 0.6009]" in line["reason"] and "upper end" in line["reason"]


# 7. Condorcet: truncated ballots rank the unnamed candidates last (one reading).
def test_condorcet_truncated_ballots_one_reading(release_by_id, cleaned_by_id) -> None:
    # eval-446673fffa90: 16 U>D>M, 29 U>M>R, 54 D>R>M; D beats U 54:45, M and R 70:29.
    item = audit_item(release_by_id["eval-446673fffa90"])
    assert item.status == "agree" and item.solver[0].endswith("Color D")
    assert "unranked candidates count below" in item.reason
    # train-b8b6bff7a35c: 44 O>B>K, 36 D>K>B, 20 K>D>B: K beats D 64:36, B and O 56:44.
    item = audit_item(release_by_id["train-b8b6bff7a35c"])
    assert item.status == "disagree" and item.solver[0].endswith("Candidate K")
    assert _gold(cleaned_by_id["train-b8b6bff7a35c"]) == "Candidate K"


# 8. auctions: the unranked options are named, with why.
@pytest.mark.parametrize(
    ("rid", "words"),
    [
        ("train-dafbe0e1ee8e", ("option 3 (All-pay auction)", "risk-neutral", "no general rank")),
        ("eval-b7e9847b95ca", ("option 3 (Lottery auction)", "drawn at random")),
    ],
)
def test_auction_names_the_unranked_options(release_by_id, rid: str, words: tuple) -> None:
    item = audit_item(release_by_id[rid])
    assert item.status == "agree"
    for w in words:
        assert w in item.reason, item.reason


# Nasty input for the new readers (made-up texts, not release prose).
_PD = (
    "If both firms collude, each earns $10 per period. If one firm cheats while the other "
    "colludes, the cheating firm earns $15 and the colluding firm earns $0. If both cheat, each "
    "earns $5 per period. {delta} Which payoff can be sustained as a Nash equilibrium?"
)


def test_feasibility_synthetic_readings_and_bad_options() -> None:
    from recon_data.curation.audit.base import Unparsed
    from recon_data.curation.audit.feasibility import check_feasibility

    options = ("($9, $9)", "($5, $5)", "($20, $20)")
    # delta 0.1: cooperating loses at least 5 a period, the future repays at most
    # 0.1/0.9 x (12.5 - 5) = 0.83: only (5, 5); the folk theorem also supports (9, 9).
    low = check_feasibility(_PD.format(delta="The discount factor is 0.1."), options)
    assert low.readings == {"folk_theorem": frozenset({1, 2}), "at delta": frozenset({2})}
    # delta 0.9: (9, 9) is reached (grim trigger holds for delta >= 1/2): one reading
    high = check_feasibility(_PD.format(delta="The discount factor is 0.9."), options)
    assert high.readings == {"folk_theorem": frozenset({1, 2})}
    # no number, or a limit: the folk theorem alone
    limit = check_feasibility(_PD.format(delta="The discount factor is close to 1."), options)
    assert set(limit.readings) == {"folk_theorem"} and limit.certificate["deltas"] == {}
    with pytest.raises(Unparsed):
        check_feasibility(_PD.format(delta=""), ("none of these", "all of them"))
    huge = check_feasibility(_PD.format(delta="The discount factor is 0.5."), ("9" * 400, "5"))
    assert huge.readings == {"folk_theorem": frozenset({2})}


def test_endowment_other_party_nasty_text() -> None:
    from recon_data.curation.audit.base import Unparsed
    from recon_data.curation.audit.behaviour import check_endowment

    ask = "You offer a trade. Would he agree to it?"
    with pytest.raises(Unparsed):  # no earlier situation in quotes
        check_endowment("You declined before. " + ask, ("Yes", "No"))
    swapped_wrong = (
        "You declined.\n'Your aunt gave you a kite as a gift. Your friend got a ball from his "
        "uncle. He proposes a trade. Would you?'\nNow:\nYour aunt gave you a drum as a gift. "
        "Your friend got a flute from his uncle. " + ask
    )
    with pytest.raises(Unparsed, match="swapped"):
        check_endowment(swapped_wrong, ("Yes", "No"))
    mirrored = swapped_wrong.replace("a drum", "a ball").replace("a flute", "a kite")
    found = check_endowment(mirrored, ("No", "Yes"))
    assert found.readings == {"other_party_preference": frozenset({1})}
    with pytest.raises(Unparsed):
        check_endowment(mirrored * 200, ("Maybe", "Never"))
