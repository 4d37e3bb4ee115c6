"""Reading a move out of a model's reply: the one rule `games eval` and the move reward share.

`read_move` applies the same `</think>` gate as the final-answer reader
(`recon_data.answers.markup`), then reads the answer part with a parser:

- `tag`: every `<s>...</s>` (Hua et al.'s format);
- `boxed`: every `\\boxed{...}`;
- `bare`: every `choice_k` named in the answer;
- `auto` (default): the tags and boxes together, else `bare`.

Inside a tag or box, `choice_k`, `choice k` or a bare `k` name `choice_k` (bold, LaTeX and
invisible marks ignored). Every tag and box must name the same single action: two different
ones, two numbers in one (`choice_3, 2`, `choice 3 or 2`) or an alternative word is a hedge;
a negation (`not choice_1`) is no move. Statuses: `ok`, or why there is no move: `format`,
`truncated`, `missing`, `hedged`, `negated`, `illegal`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice

from recon_data.answers import cues
from recon_data.answers.base import strip_wrappers
from recon_data.answers.markup import (
    MAX_BOX_CHARS,
    THINK_MODES,
    clean_box,
    iter_boxes,
    iter_tags,
    think_gate,
)
from recon_data.errors import ReconDataError

PARSERS = ("auto", "tag", "boxed", "bare")
MOVE_STATUSES = ("ok", "format", "truncated", "missing", "hedged", "negated", "illegal")
# A reply with more different answer spans than this, or more text in different spans than
# this, gives no single move (and the work on hostile text stays bounded).
MAX_SPANS = 256
MAX_SPAN_TEXT = 32_768
# Only so many bare mentions are looked at closely (the words next to each).
_MAX_CHECKED = 16

# Digits are ASCII and at most 6 (after NFKC): `int()` never meets `²` or 4,300 digits.
_CHOICE = re.compile(r"(?<![A-Za-z0-9_])choice[_ \t-]{0,3}([0-9]{1,6})(?![0-9])", re.IGNORECASE)
# The literal first, then the word test as a look-behind: the search skips to each `choice`.
_CHOICE_LOWER = re.compile(r"choice(?<![a-z0-9_]choice)[_ \t-]{0,3}([0-9]{1,6})(?![0-9])")
_NUMBER = re.compile(r"(?<![A-Za-z0-9_.,])([0-9]{1,6})(?![0-9]|[.,][0-9])")
_DIGITS = re.compile(r"[0-9]")


@dataclass(frozen=True)
class MoveReading:
    """A reply read as a move: the legal action (or None), its status, what was seen, why."""

    action: str | None
    status: str
    seen: str = ""
    reason: str = ""


def check_parser(name: str) -> str:
    """Return a known parser name, or raise a user error naming the choices."""
    if name not in PARSERS:
        raise ReconDataError(f"unknown parser {name!r}; expected one of {', '.join(PARSERS)}")
    return name


def check_think(mode: str) -> str:
    """Return a known `</think>` mode, or raise a user error naming the choices."""
    if mode not in THINK_MODES:
        raise ReconDataError(
            f"unknown think mode {mode!r}; expected one of {', '.join(THINK_MODES)}"
        )
    return mode


def read_move(
    text: str, legal: tuple[str, ...], parser: str = "auto", think: str = "required"
) -> MoveReading:
    """Read one reply as a move among the `legal` labels, or say why it gives none."""
    check_parser(parser)
    gate = think_gate(text, check_think(think))
    if gate.section is None:
        return MoveReading(None, gate.status, reason=gate.reason)
    answer = gate.section
    spans: list[str] = []
    if parser in ("tag", "auto"):
        spans += _first(iter_tags(answer))
    if parser in ("boxed", "auto"):
        spans += _first(raw for raw in iter_boxes(answer) if raw is not None)
    if parser == "bare" or (parser == "auto" and not spans):
        return _read_bare(answer, legal)
    if not spans:
        return MoveReading(None, "missing", reason=f"no {'tag' if parser == 'tag' else 'box'}")
    distinct = list(dict.fromkeys(spans))
    if len(distinct) > MAX_SPANS:
        return MoveReading(None, "hedged", reason=f"more than {MAX_SPANS} different answers")
    if len(distinct) > 1 and sum(map(len, distinct)) > MAX_SPAN_TEXT:
        why = f"more than {MAX_SPAN_TEXT:,} characters of different answers"
        return MoveReading(None, "hedged", reason=why)
    readings = [_read_span(span, legal) for span in distinct]
    for status in ("negated", "hedged"):
        found = next((r for r in readings if r.status == status), None)
        if found is not None:
            return found
    named = {r.action or r.seen for r in readings if r.status in ("ok", "illegal")}
    if len(named) > 1:
        return MoveReading(None, "hedged", ", ".join(sorted(named))[:80], "different answers")
    return next((r for r in readings if r.status in ("ok", "illegal")), readings[0])


def _first(items: Iterable[str]) -> list[str]:
    out: list[str] = []
    for item in items:
        out.append(item)
        if len(out) > 4 * MAX_SPANS:
            break  # enough to tell whether the answers agree
    return out


def _read_span(raw: str, legal: tuple[str, ...]) -> MoveReading:
    """Read one tag's or box's content as a single action."""
    if len(raw) > MAX_BOX_CHARS:  # as for boxes: no action is written in this many characters
        return MoveReading(None, "illegal", raw[:80], f"an answer of {len(raw):,} characters")
    content = strip_wrappers(clean_box(raw), "\"'`{*([")
    if not content:
        return MoveReading(None, "missing", reason="an empty answer")
    shown = content[:80]
    choices = [(m.start(), m.end(), int(m.group(1))) for m in _CHOICE.finditer(content)]
    rest = _masked(content, choices)
    numbers = choices + [(m.start(), m.end(), int(m.group(1))) for m in _NUMBER.finditer(rest)]
    if not numbers:
        why = "no action named" if not _DIGITS.search(content) else "no action of the form choice_k"
        return MoveReading(None, "illegal", shown, why)
    rest = _masked(rest, numbers)
    cue = cues.negation(rest)
    if cue is not None:
        return MoveReading(None, "negated", shown, f"negated ({cue!r})")
    distinct = {n for _, _, n in numbers}
    if len(distinct) > 1 or cues.alternative(rest) is not None:
        return MoveReading(None, "hedged", shown, "names several actions")
    return _legal(f"choice_{distinct.pop()}", legal, shown)


def _masked(text: str, spans: list[tuple[int, int, int]]) -> str:
    chars = list(text)
    for start, end, _ in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _read_bare(answer: str, legal: tuple[str, ...]) -> MoveReading:
    """Every `choice_k` named in unmarked text must be the same one, and not denied."""
    lowered = answer.lower()
    # A case-sensitive search of the lowered text (its literal prefix is found fast); an
    # IGNORECASE search only where lowering changes the length (a few non-ASCII letters).
    pattern = _CHOICE_LOWER
    if len(lowered) != len(answer):
        lowered, pattern = answer, _CHOICE
    numbers = {int(n) for n in pattern.findall(lowered)}  # every mention, at C speed
    if not numbers:
        return MoveReading(None, "missing", reason="no action named")
    names = sorted(f"choice_{n}" for n in numbers)
    if len(names) > 1:
        return MoveReading(None, "hedged", ", ".join(names)[:80], "names several actions")
    first = islice(pattern.finditer(lowered), _MAX_CHECKED)
    if any(cues.denied_near(lowered, m.start(), m.end()) for m in first):
        return MoveReading(None, "negated", names[0], "the action is denied where it is named")
    return _legal(names[0], legal)


def _legal(action: str, legal: tuple[str, ...], seen: str = "") -> MoveReading:
    if action in legal:
        return MoveReading(action, "ok", seen or action)
    return MoveReading(None, "illegal", seen or action, f"{action} is not a legal action")


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
    """A well-formed reply naming `action` for the parser, under either `</think>` mode.

    Scripted policies use it: the reply closes an (empty) reasoning block, as a reasoning
    model's reply does, so it reads the same whether `</think>` is required or optional.
    """
    if parser == "boxed":
        answer = f"\\boxed{{{action}}}"
    elif parser == "bare":
        answer = action
    else:
        answer = f"<s>{action}</s>"
    return f"</think>\n\n{answer}"


def visible_answer(reply: str, think: str = "required") -> str | None:
    """The part of a reply a chat template keeps (after `</think>`); None when there is none."""
    return think_gate(reply, think).section


def feedback(parsed: MoveReading, legal: tuple[str, ...], parser: str) -> str:
    """The message a player gets back after a reply that did not read as a legal action."""
    options = ", ".join(legal)
    why = {
        "format": f"Your reply is not well formed ({parsed.reason}).",
        "truncated": "Your reply ended inside its reasoning (no </think>), so it has no answer.",
        "missing": "I could not find an action in your reply.",
        "illegal": f"{parsed.seen!r} is not one of your legal actions.",
        "hedged": f"Your reply names several actions ({parsed.seen}); give exactly one.",
        "negated": f"Your reply denies an action ({parsed.seen}) instead of choosing one.",
    }[parsed.status]
    return f"{why} Your legal actions are: {options}. {instruction(parser)}"
