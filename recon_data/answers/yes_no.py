"""The `yes_no` kind: golds `Yes` / `No`; answers in any case, with decoration ignored."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from recon_data.answers.base import (
    AnswerKind,
    Grader,
    combine_equal,
    several,
    simple_grader,
    strip_wrappers,
    tidy,
)

_WORD = re.compile(r"[a-z]+")
# Read only in boxes after the first, to see a second answer there (`\boxed{Nope}`).
_LENIENT = {
    "yes": "Yes",
    "yeah": "Yes",
    "yep": "Yes",
    "yup": "Yes",
    "no": "No",
    "nope": "No",
    "nah": "No",
}
_CONNECTED = frozenset((*_LENIENT, "or", "and", "maybe"))
# Answer words that the negation cues would otherwise take for a denial.
_ANSWER_WORDS = frozenset(("no", "nope", "nah"))


def read_yes_no(content: str) -> str | None:
    """Return `Yes` or `No` for a yes/no in any case (quotes, braces, `!` ignored), else None."""
    folded = strip_wrappers(content).casefold()
    if folded == "yes":
        return "Yes"
    if folded == "no":
        return "No"
    return None


def read_lenient(content: str) -> str | None:
    """Return the yes/no that a content starts with (`Nope`, `No, because ...`), else None."""
    first = _WORD.match(strip_wrappers(content).casefold())
    return _LENIENT.get(first.group()) if first else None


def names_both(content: str) -> bool:
    """True when a content is both yes and no (`Yes or No`, `Yes/No`, `yes and no`)."""
    words = _WORD.findall(content.casefold()[:400])
    if not set(words) <= _CONNECTED:
        return False  # `Yes, there is no doubt` is one answer, not two
    return {"Yes", "No"} <= {_LENIENT.get(w) for w in words}


def _check(answer: str, options: Sequence[str]) -> tuple[str, str] | None:
    if answer not in ("Yes", "No"):
        return "answer", f"yes_no gold must be 'Yes' or 'No', got {answer[:60]!r}"
    return None


def _canonicalize(raw: str, options: Sequence[str]) -> str:
    value = read_yes_no(tidy(raw))
    if value is None:
        raise ValueError(f"gold is not Yes/No: {raw.strip()[:60]!r}")
    return value


def _read_gold(text: str) -> tuple[str, Any] | None:
    value = read_yes_no(tidy(text))
    return (value, value) if value else None


def _grader(gold: Any, options: tuple[str, ...] | None) -> Grader:
    return simple_grader(
        gold, read_yes_no, str, "not yes or no", read_lenient, _hedged, _ANSWER_WORDS
    )


def _hedged(content: str) -> bool:
    # `Yes or No`, `yes and no`, and with softening words: `Yes, possibly No`, `Yes (or No)`.
    return names_both(content) or several(content, read_yes_no)


KIND = AnswerKind(
    name="yes_no",
    check=_check,
    canonicalize=_canonicalize,
    read_gold=_read_gold,
    grader=_grader,
    combine=combine_equal,
    render=str,
    json_rule={"answer": {"enum": ["Yes", "No"]}},
)
