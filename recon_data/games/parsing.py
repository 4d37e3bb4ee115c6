"""Reading a move out of a model's reply: pluggable, strict about what it accepts, and explicit.

Only the text after the last `</think>` is read; a reply that opens `<think>` and never
closes it was cut off and has no answer. Parsers:

- `tag`: the last `<s>...</s>` (Hua et al.'s format);
- `boxed`: the last `\\boxed{...}`;
- `bare`: the `choice_k` names in the answer, which must all be the same one;
- `auto` (default): `tag` if the answer has a tag, else `boxed` if it has a box, else `bare`.

Inside a tag or box, `choice_k`, `choice k` or a bare `k` all name `choice_k`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from recon_data.errors import ReconDataError

PARSERS = ("auto", "tag", "boxed", "bare")
STATUSES = ("ok", "missing", "illegal", "ambiguous", "cut_off")

_TAG = re.compile(r"<s>(.*?)</s>", re.S | re.I)
_BOX = re.compile(r"\\boxed\{([^{}]*)\}")
_CHOICE = re.compile(r"\bchoice[_\s]*(\d+)\b", re.I)


@dataclass(frozen=True)
class Parsed:
    """A parse: the legal action read (or None), its status, and what was seen."""

    action: str | None
    status: str
    seen: str = ""


def check_parser(name: str) -> str:
    """Return a known parser name, or raise a user error naming the choices."""
    if name not in PARSERS:
        raise ReconDataError(f"unknown parser {name!r}; expected one of {', '.join(PARSERS)}")
    return name


def answer_part(text: str) -> str | None:
    """The text after the last `</think>`; the whole text without think tags; None if cut off."""
    if "</think>" in text:
        return text.rsplit("</think>", 1)[1]
    if "<think>" in text:
        return None
    return text


def parse_action(text: str, legal: tuple[str, ...], parser: str = "auto") -> Parsed:
    """Parse one reply into a legal action, or say why not (status in STATUSES)."""
    check_parser(parser)
    answer = answer_part(text)
    if answer is None:
        return Parsed(None, "cut_off")
    if parser == "auto":
        parser = "tag" if _TAG.search(answer) else "boxed" if _BOX.search(answer) else "bare"
    if parser == "bare":
        names = {f"choice_{m}" for m in _CHOICE.findall(answer)}
        if not names:
            return Parsed(None, "missing")
        if len(names) > 1:
            return Parsed(None, "ambiguous", ", ".join(sorted(names)))
        return _legal(names.pop(), legal)
    spans = (_TAG if parser == "tag" else _BOX).findall(answer)
    if not spans:
        return Parsed(None, "missing")
    span = spans[-1].strip()
    found = _CHOICE.findall(span)
    if len(set(found)) == 1:
        return _legal(f"choice_{found[0]}", legal, span)
    if not found and span.isdigit():
        return _legal(f"choice_{int(span)}", legal, span)
    return Parsed(None, "ambiguous" if found else "illegal", span[:80])


def _legal(action: str, legal: tuple[str, ...], seen: str = "") -> Parsed:
    number = int(action.split("_")[1])
    action = f"choice_{number}"  # choice_02 -> choice_2
    return (
        Parsed(action, "ok", seen or action)
        if action in legal
        else Parsed(None, "illegal", seen or action)
    )


def instruction(parser: str) -> str:
    """The answer-format sentence a prompt ends with, matching the parser."""
    if parser == "boxed":
        return (
            "Reason as you need, then give your action in \\boxed{}, for example \\boxed{choice_1}."
        )
    if parser == "bare":
        return "Reason as you need, then end with your action alone, for example choice_1."
    return "Reason as you need, then give your action between <s> and </s>, for example <s>choice_1</s>."


def format_answer(action: str, parser: str) -> str:
    """A well-formed reply naming `action` for the given parser (scripted policies use it)."""
    if parser == "boxed":
        return f"\\boxed{{{action}}}"
    if parser == "bare":
        return action
    return f"<s>{action}</s>"


def feedback(parsed: Parsed, legal: tuple[str, ...], parser: str) -> str:
    """The message a player gets back after a reply that did not parse to a legal action."""
    options = ", ".join(legal)
    why = {
        "cut_off": "Your reply ended inside its reasoning (no </think>), so it has no answer.",
        "missing": "I could not find an action in your reply.",
        "illegal": f"{parsed.seen!r} is not one of your legal actions.",
        "ambiguous": f"Your reply names several actions ({parsed.seen}).",
    }[parsed.status]
    return f"{why} Your legal actions are: {options}. {instruction(parser)}"
