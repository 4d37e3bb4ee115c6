"""What a certainty_effect question asks: its paragraph and the criterion it states.

The criterion ("to maximize expected returns", "for potentially higher gains") is read from
the question's paragraph: the asking sentence and the number-free sentences just before it.
The earlier-choice story states its amounts and chances, so its words never count.
"""

from __future__ import annotations

import re

# The question's own criterion: "to maximize (his) expected return(s)", "based on the
# expected returns". Consistency words next to it ask for the earlier preference as well.
EXPECTED = re.compile(r"\bexpected (?:returns?|values?|payoffs?|profits?|gains?)\b", re.I)
CONSISTENT = re.compile(
    r"consisten|previous|earlier|past decision|prior|preference|risk (?:tolerance|profile|"
    r"aversion)|in line with|aligned",
    re.I,
)


def _sentences(question: str) -> list[str]:
    return re.split(r"(?<=[.?!:])\s+(?=[A-Z])", question.strip())


def ask_sentence(question: str) -> str:
    """The sentence that asks (the last one with a question mark, else the last sentence)."""
    sentences = _sentences(question)
    asking = [s for s in sentences if "?" in s]
    return (asking or sentences or [""])[-1]


def ask_paragraph(question: str) -> str:
    """The asking sentence with the sentences just before it that state no number: the new
    situation ("Now, you are considering new investment opportunities for potential higher
    gains. Which should you choose?"). The earlier-choice story states its amounts and
    chances, so its words ("an expected return of 0.37") never count as the criterion."""
    sentences = _sentences(question)
    ask = ask_sentence(question)
    at = max(i for i, s in enumerate(sentences) if s == ask) if ask in sentences else 0
    start = at
    while start > 0 and not re.search(r"\d", sentences[start - 1]):
        start -= 1
    return " ".join(sentences[start : at + 1])


# "for potentially higher but less certain returns": the option the words describe.
RISKIER = re.compile(
    r"higher,? but less certain|less certain,? but higher|"
    # "taking a bit more risk for the chance of a higher return" (found by a hand check)
    r"more risk for (?:the |a )?(?:chance|possibility|prospect) (?:of|at) (?:a )?higher returns?",
    re.I,
)
# "for potentially higher returns", "to maximize your returns": the larger possible return, or
# the larger expected one.
HIGHER = re.compile(
    r"potential(?:ly)? higher (?:returns?|gains?)|(?:the )?potential (?:for )?higher returns?|"
    r"higher potential returns?|maximi[sz]e (?:\w+ )?(?:returns?|gains?)|"
    # "the best potential growth for my money", "optimize ... growth potential", "your aim
    # for higher returns": the same criterion in other words (found by a hand check).
    r"(?:best|greatest|highest|most) potential growth|growth potential|"
    r"(?:aim|aiming|look\w*|seek\w*|hop\w*|go\w*) for higher (?:returns?|gains?)",
    re.I,
)
