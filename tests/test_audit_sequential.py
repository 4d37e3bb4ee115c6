"""backward_induction prose shapes, on short stories written for these tests (no release text).

Payoffs are (first mover's, second mover's); each expected answer is solved by hand in the
comment, never read back from the parser.
"""

from __future__ import annotations

import pytest

from recon_data.curation.audit.backward import check_backward
from recon_data.curation.audit.base import IllPosed

_DOCTORS = (
    "Dr. Ames and Dr. Bell treat a patient. In the first round, Dr. Ames can keep her standard "
    "treatment or switch to Dr. Bell's new therapy. If Dr. Ames keeps her standard treatment, "
    "she gets {s1a} and Dr. Bell gets {s1b}. If Dr. Ames switches to the new therapy, Dr. Bell "
    "can sustain the new therapy or revert to the standard treatment. If he reverts, Dr. Bell "
    "gets {s2b} and Dr. Ames gets {s2a}. If Dr. Bell sustains the new therapy, Dr. Ames has the "
    "final decision: staying with the new therapy gives Dr. Ames 1 and Dr. Bell 7, while going "
    "back to the standard treatment gives Dr. Ames 1 and Dr. Bell 7. {ask}"
)
_BELL = (
    "Dr. Bell should sustain the new therapy",
    "Dr. Bell should revert to the standard treatment",
)
_AMES = (
    "Dr. Ames should keep her standard treatment",
    "Dr. Ames should switch to Dr. Bell's therapy",
)


def _doctors(ask: str, s1=(3, 2), s2=(9, 8)) -> str:
    return _DOCTORS.format(s1a=s1[0], s1b=s1[1], s2a=s2[0], s2b=s2[1], ask=ask)


def test_doctors_options_mapped_by_the_clause_that_pays() -> None:
    # Node 2: reverting pays Bell 8, sustaining leads to 7 either way: revert (option 2).
    found = check_backward(_doctors("What should Dr. Bell do at the second decision node?"), _BELL)
    assert found.readings == {"subgame_perfect": frozenset({2})}
    assert found.certificate["options"] == {"1": "pass2", "2": "stop2"}
    # Bell's payoff for reverting 6 < 7: he sustains (option 1).
    found = check_backward(
        _doctors("What should Dr. Bell do at the second decision node?", s2=(9, 6)), _BELL
    )
    assert found.readings == {"subgame_perfect": frozenset({1})}


def test_doctors_first_node_keep_is_the_stop() -> None:
    # Bell reverts (8 > 7), so Ames gets 9 by switching against 3 by keeping: switch (option 2).
    found = check_backward(_doctors("What should Dr. Ames do initially?"), _AMES)
    assert found.readings == {"subgame_perfect": frozenset({2})}
    # Ames keeps when keeping pays 10 > 9.
    found = check_backward(_doctors("What should Dr. Ames do initially?", s1=(10, 2)), _AMES)
    assert found.readings == {"subgame_perfect": frozenset({1})}


def test_a_paid_action_the_story_continues_from_is_ill_posed() -> None:
    # Sustaining is given its own payoff and is also what leads to the final decision.
    text = (
        "Dr. Ames and Dr. Bell treat a patient. In the first round, Dr. Ames can keep her "
        "standard treatment or switch to Dr. Bell's new therapy. If Dr. Ames keeps her standard "
        "treatment, she gets 3 and Dr. Bell gets 2. If Dr. Ames switches, Dr. Bell can either "
        "sustain the new therapy, resulting in 5 for him and 4 for Dr. Ames, or revert to the "
        "standard treatment. If Dr. Bell sustains the new therapy, Dr. Ames has the final "
        "decision: staying gives Dr. Ames 1 and Dr. Bell 7, while going back gives Dr. Ames 1 "
        "and Dr. Bell 7. What should Dr. Bell do at the second decision node?"
    )
    with pytest.raises(IllPosed, match="same action it says leads on"):
        check_backward(text, _BELL)


def test_five_outcomes_judged_when_every_reading_agrees() -> None:
    # Both of Bell's actions are paid and the final round (after sustaining, as the story
    # says) adds two more outcomes. Reading "the final round follows sustaining": Bell
    # compares 7 (final, either way) with 8 (revert): reverts, so Ames switching gets 9 > 3.
    # Reading "both paid actions end the game": Bell compares 2 with 8: reverts, Ames 9 > 3.
    # Both say switch (option 2).
    text = _doctors("What should Dr. Ames do initially?").replace(
        "If he reverts,", "If he sustains it, Dr. Bell gets 2 and Dr. Ames gets 2. If he reverts,"
    )
    found = check_backward(text, _AMES)
    assert found.readings == {"subgame_perfect": frozenset({2})}
    assert "5 payoff outcomes" in found.reason and "every reading" in found.reason


def test_five_outcomes_ill_posed_when_the_readings_differ() -> None:
    # Sustaining now pays Bell 9 (Ames 0). Final round after sustaining: Bell 7 < 8, reverts,
    # Ames switches (9 > 3). Both paid actions end the game: Bell 9 > 8 sustains, Ames would
    # get 0 < 3 and keeps. The answer depends on the reading: ill-posed, naming both.
    text = _doctors("What should Dr. Ames do initially?").replace(
        "If he reverts,", "If he sustains it, Dr. Bell gets 9 and Dr. Ames gets 0. If he reverts,"
    )
    with pytest.raises(IllPosed, match="depends on which") as info:
        check_backward(text, _AMES)
    assert "follows the first paid action: option 2" in str(info.value)
    assert "both paid actions end the game: option 1" in str(info.value)


def test_respective_to_two_actions_is_ill_posed() -> None:
    text = _doctors("What should Dr. Ames do initially?").replace(
        "If Dr. Ames keeps her standard treatment, she gets 3 and Dr. Bell gets 2.",
        "Dr. Ames must decide whether to keep it or to switch, with respective payoffs of 3 and 2.",
    )
    with pytest.raises(IllPosed, match="'respective' to the two actions"):
        check_backward(text, _AMES)


_DEAL = (
    "Kim and Lou negotiate over three rounds. Kim starts. If Kim finalizes the deal in round "
    "one, Kim and Lou, who acts as Kim's agent, receive 50 and 20 respectively. If Kim passes, "
    "Lou can finalize or pass back. If Lou finalizes, the payoff is 10 and 30 for Kim and Lou "
    "respectively. If Lou passes back, Kim can finalize, and Kim gets 40 and Lou gets {lou3}; "
    "if the arbitrator decides, Kim gets 40 and Lou gets {lou3}. What should Lou do in the "
    "second round?"
)
_LOU = ("Lou should finalize the deal", "Lou should pass the decision back to Kim")


@pytest.mark.parametrize(("lou3", "best"), [(25, 1), (35, 2)])
def test_listed_respectively_sets_the_order(lou3: int, best: int) -> None:
    # Lou: finalize 30 against lou3 in the last round ("10 and 30 for Kim and Lou").
    found = check_backward(_DEAL.format(lou3=lou3), _LOU)
    assert found.readings == {"subgame_perfect": frozenset({best})}
    assert found.certificate["payoffs"]["s1"] == ["50", "20"]  # "Kim and Lou ... 50 and 20"
    assert found.certificate["payoffs"]["s2"] == ["10", "30"]


def test_object_pronoun_and_named_player_share_a_pair() -> None:
    # "granting her 5 and Dr. Bell 6": her is Ames because the other number is named Bell's.
    text = _doctors("What should Dr. Bell do at the second decision node?").replace(
        "staying with the new therapy gives Dr. Ames 1 and Dr. Bell 7",
        "staying with Dr. Bell's new therapy, granting her 1 and Dr. Bell 7, or switch to her "
        "original plan",
    )
    found = check_backward(text, _BELL)
    assert found.certificate["payoffs"]["t3a"] == ["1", "7"]


def test_question_sentence_names_the_node() -> None:
    # The story opens with its question; "which" in a later sentence is not the question.
    text = "What should Dr. Ames do at the first decision node? " + _doctors(
        "The board, which oversees both, takes note."
    )
    found = check_backward(text, _AMES)
    assert found.certificate["node"] == 1
