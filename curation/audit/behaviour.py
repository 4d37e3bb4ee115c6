"""time_inconsistency, endowment_effect: consistency with an earlier choice.

Each item states an earlier choice and asks for a new one; the rational answer is the one
exponential discounting or reference-free preferences imply from the earlier choice
(certainty_effect, by expected utility, is in `certainty`).
"""

from __future__ import annotations

import re

from recon_data.curation.audit.base import Finding, IllPosed, Unparsed

_TODAY = re.compile(r"\$?(\d+)\s*(?:dollars\s+)?(today|tomorrow)", re.I)
_LATER = re.compile(r"(\d+) dollars (\d+) days? from now", re.I)


def check_time(question: str, options: tuple[str, ...]) -> Finding:
    """Exponential discounting: the same one-day trade-off, delayed, gets the same choice."""
    amounts = [(int(a), w.lower()) for a, w in _TODAY.findall(question)]
    today = {w: a for a, w in amounts[:2]}
    if set(today) != {"today", "tomorrow"}:
        raise Unparsed("cannot read the earlier today/tomorrow choice")
    chosen = re.search(r"\bcho(?:se|sen)\b[^.?\d]{0,30}\$?(\d+)", question, re.I) or re.search(
        r"choice to receive \$?(\d+)", question, re.I
    )
    if chosen is None or int(chosen.group(1)) not in today.values():
        raise Unparsed("cannot tell which amount was chosen earlier")
    later = [_LATER.fullmatch(o.strip().rstrip(".")) for o in options]
    if any(m is None for m in later):
        raise Unparsed("options are not 'N dollars T days from now'")
    parsed = [(int(m.group(1)), int(m.group(2))) for m in later if m]
    small, big = today["today"], today["tomorrow"]
    by_amount = {a: i for i, (a, _) in enumerate(parsed, 1)}
    if set(by_amount) != {small, big}:
        raise IllPosed("the delayed options are not the same two amounts as the earlier choice")
    t_small, t_big = parsed[by_amount[small] - 1][1], parsed[by_amount[big] - 1][1]
    if t_big - t_small != 1:
        raise IllPosed("the delayed options are not one day apart like the earlier choice")
    patient = int(chosen.group(1)) == big
    pick = by_amount[big] if patient else by_amount[small]
    cert = {
        "earlier": {"today": small, "tomorrow": big, "chose": int(chosen.group(1))},
        "delayed": parsed,
        "note": "exponential discounting keeps the choice; quasi-hyperbolic (beta-delta) "
        "keeps a patient choice and may reverse an impatient one",
    }
    return Finding(
        {"exponential": frozenset({pick})},
        f"earlier chose {'later-larger' if patient else 'sooner-smaller'}; exponential "
        f"discounting keeps it at any delay (option {pick})",
        cert,
    )


_DECLINED = re.compile(r"declined|answered no|refused|rejected|said no|turned down", re.I)
_ACCEPTED = re.compile(r"accepted|answered yes|agreed to|said yes", re.I)


def check_endowment(question: str, options: tuple[str, ...]) -> Finding:
    """No endowment effect: owning the other item, take the trade back to the preferred one.

    A question about the other party ("you decide to offer a trade. Would he agree to it?")
    is answered by his revealed preference, not yours (`_other_party`)."""
    head = question.split("'", 1)[0] if "'" in question else question[:160]
    declined, accepted = _DECLINED.search(head), _ACCEPTED.search(head)
    yes = [i for i, o in enumerate(options, 1) if o.strip().lower().startswith("yes")]
    no = [i for i, o in enumerate(options, 1) if o.strip().lower().startswith("no")]
    if len(yes) != 1 or len(no) != 1:
        raise Unparsed("options are not Yes / No")
    asks = [s for s in re.split(r"(?<=[.?!])\s+", question.strip()) if "?" in s]
    if asks and _ASKS_OTHER.search(asks[-1]):
        return _other_party(question, no[0])
    if not declined and not accepted:
        raise IllPosed("no earlier choice is stated, so no preference is revealed")
    if declined and accepted:
        raise Unparsed("cannot tell the earlier answer")
    pick = yes[0] if declined else no[0]
    return Finding(
        {"reference_free_preferences": frozenset({pick})},
        f"earlier {'declined' if declined else 'accepted'} the swap, revealing a preference "
        f"for the item {'kept' if declined else 'offered'}; in the mirrored situation "
        f"the same preference answers {'Yes' if declined else 'No'}",
        {"earlier": "declined" if declined else "accepted"},
    )


# "Would he agree to it?": the question asks what the other party does, not the respondent.
_ASKS_OTHER = re.compile(
    r"\b(?:would|will|does|do|should|is)\s+(?:he|she|they|your \w+|the \w+)\s+"
    r"(?:agree|accept|consent|say yes|take|want|willing)",
    re.I,
)
_PROPOSES = re.compile(r"\b(he|she|they|you)\s+(?:\w+\s+)?(?:propos|suggest|offer)\w*", re.I)
_YOURS = re.compile(r"\bgave you (?:an? |the )?(.+?) as a gift", re.I)
_THEIRS = re.compile(r"\byour \w+ (?:got|received|was given) (?:an? |the )?(.+?) from\b", re.I)


def _other_party(question: str, no: int) -> Finding:
    """Whether the other party accepts a trade: by his preference the earlier story reveals.

    He proposed the earlier trade, so he prefers the item you then held; if he holds that
    item now (the situation mirrored), a preference that does not depend on ownership (and
    the endowment effect too) has him decline."""
    parts = question.split("'")
    if len(parts) < 3:
        raise Unparsed("cannot find the earlier situation")
    earlier, now = parts[1], parts[-1]
    proposer = _PROPOSES.search(earlier)
    if proposer is None:
        raise IllPosed(
            "the question asks whether the other party would agree, and the earlier story "
            "states no choice of his, so his preference is not revealed"
        )
    if proposer.group(1).lower() == "you":
        raise IllPosed(
            "the question asks whether the other party would agree; earlier you proposed and "
            "he was not asked, so his preference is not revealed"
        )
    held = [(_YOURS.search(t), _THEIRS.search(t)) for t in (earlier, now)]
    if any(m is None for pair in held for m in pair):
        raise Unparsed("cannot tell who holds which item")
    (mine, his), (mine_now, his_now) = [(a.group(1), b.group(1)) for a, b in held]  # type: ignore[union-attr]
    if (mine_now, his_now) != (his, mine):
        raise Unparsed("the new situation is not the earlier one with the items swapped")
    return Finding(
        {"other_party_preference": frozenset({no})},
        f"the question asks whether the other party would agree, not you: earlier he proposed "
        f"the trade, revealing that he would rather have the {mine} than the {his}; now he "
        f"holds the {mine}, so by "
        f"that preference (and by an endowment effect as well) he declines: No",
        {"asks": "other party", "his_preference": [mine, his]},
    )
