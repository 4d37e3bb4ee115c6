"""backward_induction: which decision node (1, 2, 3) a question asks about.

The asked sentence is the one with the question mark (a story may open with its question);
ordinals ("the second round", "at the onset", "her final decision point") say the node,
and where they do not, the player who "should" act in the options does: the second mover
decides only at the second node.
"""

from __future__ import annotations

import re

from recon_data.curation.audit.base import Unparsed
from recon_data.curation.audit.sequential import _mention_re

_ORDINALS = (
    (1, r"\b(?:first|initial|initially|1st|opening|start|outset|onset|begin|beginning|round 1)\b"),
    (2, r"\b(?:second|2nd|round 2|middle)\b"),
    (3, r"\b(?:third|final|last|3rd|round 3|comes back)\b"),
)


def asked_node(question: str, options: tuple[str, ...], who: tuple[str, str]) -> int:
    """Return the decision node (1, 2, 3) the question asks about."""
    sentences = re.split(r"(?<!Dr\.)(?<=[.?!])\s+(?=[A-Z])", question.strip())
    asks = [s for s in sentences if "?" in s] or [
        s for s in sentences if re.search(r"\b(determine|what|which)\b", s, re.I)
    ]
    asks = asks or sentences[-1:]
    # The mover is who "should" act in the options; any player an option names otherwise.
    subject = [
        k
        for k, n in enumerate(who)
        if re.search(rf"{_mention_re(n)}\s+should\b", " ".join(options))
    ]
    mover = (
        subject
        if len(subject) == 1
        else [k for k, name in enumerate(who) if re.search(_mention_re(name), " ".join(options))]
    )
    for text in (" ".join(asks[-1:]), " ".join(options)):
        low = re.sub(
            r"\b(?:final|last) (?:deal|terms|decision(?! point| node)|say|offer|counteroffer)\b",
            "",
            text.lower(),
        )
        # "at the start of the second round" names the second round, not the first.
        low = re.sub(r"\b(?:start|beginning|outset) of the (?=second|third|final|last)", "", low)
        low = re.sub(r"\b(?:round|node|stage) two\b", "second", low)
        low = re.sub(r"\bmaximi[sz]e[^,.?]*", "", low)
        hits = [n for n, pattern in _ORDINALS if re.search(pattern, low)]
        if mover == [0]:
            hits = [h for h in hits if h != 2]
        elif mover == [1]:
            # the second mover decides only at node 2 ("what should Rao do if Smith initially
            # opts for ...": the ordinal is the earlier move's)
            hits = [h for h in hits if h == 2]
        if len(hits) == 1:
            return hits[0]
    asked = [k for k, name in enumerate(who) if re.search(_mention_re(name), " ".join(asks[-1:]))]
    if mover == [1] or asked == [1]:
        return 2  # the second mover decides only at the second node
    raise Unparsed("cannot tell which decision node the question asks about")
