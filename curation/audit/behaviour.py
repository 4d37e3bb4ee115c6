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
    """No endowment effect: owning the other item, take the trade back to the preferred one."""
    head = question.split("'", 1)[0] if "'" in question else question[:160]
    declined, accepted = _DECLINED.search(head), _ACCEPTED.search(head)
    if not declined and not accepted:
        raise IllPosed("no earlier choice is stated, so no preference is revealed")
    if declined and accepted:
        raise Unparsed("cannot tell the earlier answer")
    yes = [i for i, o in enumerate(options, 1) if o.strip().lower().startswith("yes")]
    no = [i for i, o in enumerate(options, 1) if o.strip().lower().startswith("no")]
    if len(yes) != 1 or len(no) != 1:
        raise Unparsed("options are not Yes / No")
    pick = yes[0] if declined else no[0]
    return Finding(
        {"reference_free_preferences": frozenset({pick})},
        f"earlier {'declined' if declined else 'accepted'} the swap, revealing a preference "
        f"for the item {'kept' if declined else 'offered'}; in the mirrored situation "
        f"the same preference answers {'Yes' if declined else 'No'}",
        {"earlier": "declined" if declined else "accepted"},
    )
