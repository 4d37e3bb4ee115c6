"""Where a reply's answer is: the `</think>` gate, boxes and tags, and cleaning their contents.

One rule for every reader (final answers and game moves). Every function does work linear
in its input with a small constant: boxes are matched with a depth-limited regex inside a
fixed window, tags with `str.find`, and a text full of unbalanced boxes stops being scanned.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from recon_data.answers.base import trim_end
from recon_data.answers.unicode import normalize_unicode

THINK_OPEN = "<think>"
THINK_CLOSE = "</think>"
BOX_COMMAND = "\\boxed"
# `required`: the reply must close its reasoning with exactly one `</think>` (the chat
# template of a reasoning model opens `<think>` in the prompt, so a reply without one was
# cut off). `optional`: a model that does not reason in tags; a reply without `</think>` is
# all answer, unless it opens `<think>` itself and never closes it.
THINK_MODES = ("required", "optional")

# Answers in this corpus are at most a few hundred characters; a box whose braces do not
# balance within this window is treated as unbalanced rather than scanned to the end.
MAX_BOX_CHARS = 4096
# `find_boxes` returns at most this many by default; grading reads every box.
MAX_BOXES = 64
# After this many unbalanced boxes a text is degenerate and is not scanned further.
MAX_UNBALANCED = 64
# Deeper nesting than this inside one box is not an answer any grammar here accepts.
MAX_BRACE_DEPTH = 6


@dataclass(frozen=True, slots=True)
class Gate:
    """The answer part of a reply, or why it has none: `format` or `truncated`."""

    section: str | None
    status: str = "ok"  # ok | format | truncated
    reason: str = ""


def think_gate(text: str, think: str = "required") -> Gate:
    """Apply the `</think>` rule: exactly one `</think>`, and no `\\boxed` before it.

    With `think="optional"` a reply with neither `<think>` nor `</think>` is all answer.
    """
    first = text.find(THINK_CLOSE)
    if first < 0:
        if think == "optional" and THINK_OPEN not in text:
            return Gate(text)
        return Gate(None, "truncated", "no </think>: the reasoning never closed")
    if text.find(THINK_CLOSE, first + len(THINK_CLOSE)) >= 0:
        count = text.count(THINK_CLOSE)
        return Gate(None, "format", f"{count} </think> tags, expected exactly one")
    if text.find(BOX_COMMAND, 0, first) >= 0:
        return Gate(None, "format", "\\boxed appears before </think>")
    return Gate(text[first + len(THINK_CLOSE) :])


def answer_section(text: str) -> tuple[str | None, str]:
    """Return (text after the only `</think>`, "") or (None, why the format gate failed)."""
    gate = think_gate(text)
    return gate.section, gate.reason


def _balanced(depth: int) -> str:
    # Unrolled-loop form: `[^{}]*` and `\{` never compete for a character, so a failed
    # match backtracks in linear time instead of exponentially.
    inner = r"[^{}]*"
    for _ in range(depth):
        inner = r"[^{}]*(?:\{" + inner + r"\}[^{}]*)*"
    return inner


_BOX_OPEN = re.compile(r"\\boxed\s*\{")
_BOX_BODY = re.compile("(" + _balanced(MAX_BRACE_DEPTH) + r")\}")


def iter_boxes(section: str, max_unbalanced: int = MAX_UNBALANCED) -> Iterator[str | None]:
    """Yield the contents of every box in order; None for one whose braces do not balance.

    After `max_unbalanced` unbalanced boxes the scan stops: each costs a window of text.
    """
    resume = 0
    unbalanced = 0
    find = section.find
    start = find(BOX_COMMAND)
    while start >= 0:
        # `str.find` then an anchored match: a scanning regex is several times slower on
        # long texts, and whitespace after `\boxed` is skipped only where a box starts.
        opened = _BOX_OPEN.match(section, start) if start >= resume else None
        if opened is not None:
            body_start = opened.end()
            window_end = min(len(section), body_start + MAX_BOX_CHARS)
            body = _BOX_BODY.match(section, body_start, window_end)
            if body is None:
                yield None
                unbalanced += 1
                if unbalanced >= max_unbalanced:
                    return
            else:
                yield body.group(1)
                resume = body.end()  # a box nested inside this one belongs to it
        start = find(BOX_COMMAND, start + len(BOX_COMMAND))


def find_boxes(section: str, limit: int = MAX_BOXES) -> list[str | None]:
    """Return the contents of the first `limit` boxes in order; None for an unbalanced one."""
    boxes: list[str | None] = []
    for box in iter_boxes(section):
        boxes.append(box)
        if len(boxes) >= limit:
            break
    return boxes


_TAG_CLOSE = re.compile(r"</[sS]>")


def iter_tags(section: str) -> Iterator[str]:
    """Yield the content of every closed `<s>...</s>` tag (Hua et al.'s format), in order.

    A tag's content runs from the last `<s>` before its `</s>`; an `<s>` that is never
    closed is no tag. One pass: each stretch of text is searched once each way.
    """
    pos = 0
    while (close := _TAG_CLOSE.search(section, pos)) is not None:
        opened = max(
            section.rfind("<s>", pos, close.start()), section.rfind("<S>", pos, close.start())
        )
        if opened >= 0:
            yield section[opened + 3 : close.start()]
        pos = close.end()


_WRAPPERS = (
    "text",
    "textbf",
    "textrm",
    "textit",
    "textnormal",
    "textsf",
    "texttt",
    "mathrm",
    "mathbf",
    "mathit",
    "mathsf",
    "mathtt",
    "mbox",
    "emph",
    "boxed",
)
# Struck-out text is deleted text: `~~Option 1~~`, `\cancel{...}`, `\sout{...}` say nothing.
_STRUCK = ("cancel", "bcancel", "xcancel", "sout", "st")
_WRAP_TOKEN = re.compile(r"\\(" + "|".join(_WRAPPERS + _STRUCK) + r")(?![A-Za-z])\s*\{|[{}]")
_SPACERS = re.compile(r"\\[,;:! ]|\\quad\b|\\qquad\b|~")
_SIZERS = re.compile(r"\\(?:left|right|big|Big|bigg|Bigg)(?![A-Za-z])")
_ESCAPES = {"\\%": "%", "\\&": "&", "\\#": "#", "\\_": "_"}
_ESCAPE_RE = re.compile(r"\\[%&#_]")
# Markdown emphasis: `**Option 1**`, `__Yes__`.
_EMPHASIS = re.compile(r"\*\*|__")


def clean_box(content: str) -> str:
    """Normalise Unicode; unwrap LaTeX text wrappers, `$`, `~`, escapes, bold; trim periods.

    Struck-out text (`~~...~~`, `\\cancel{...}`, `\\sout{...}`) is removed, as it renders.
    """
    content = normalize_unicode(content)
    if "~~" in content:
        content = _drop_strikethrough(content)
    if "\\" in content or "{" in content or "}" in content:
        content = _unwrap_commands(content)
        content = _SIZERS.sub("", content)
        content = _SPACERS.sub(" ", content)
        content = _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group()], content)
    elif "~" in content:
        content = content.replace("~", " ")
    if "**" in content or "__" in content:
        content = _EMPHASIS.sub("", content)
    if "$" in content:
        # Bare `$` are math delimiters and go; an escaped `\$` is a literal dollar sign.
        content = "$".join(part.replace("$", "") for part in content.split("\\$"))
    # A scan from the end, not a `[\s.]+$` regex: that one is quadratic on long runs of
    # dots and spaces in the middle of a box.
    return trim_end(content).strip()


def _drop_strikethrough(content: str) -> str:
    pieces = content.split("~~")
    # Odd-numbered pieces sit between a pair of `~~`; an unpaired last `~~` strikes nothing.
    if len(pieces) % 2 == 0:
        pieces[-2] = pieces[-2] + "~~" + pieces.pop()
    return " ".join(piece for i, piece in enumerate(pieces) if i % 2 == 0)


def _unwrap_commands(content: str) -> str:
    # One pass over the brace tokens: a wrapper's opening brace is dropped together with
    # the closing brace that matches it, a strike command's whole group goes, every other
    # brace is kept.
    pieces: list[str] = []
    stack: list[str] = []  # per open brace: "keep", "unwrap" or "strike"
    struck = 0  # how many "strike" entries the stack holds (a count, not a scan)
    last = 0
    for token in _WRAP_TOKEN.finditer(content):
        text = token.group()
        if not struck:
            pieces.append(content[last : token.start()])
        last = token.end()
        if text == "{":
            stack.append("keep")
            if not struck:
                pieces.append(text)
        elif text == "}":
            kind = stack.pop() if stack else "keep"
            struck -= kind == "strike"
            if kind == "keep" and not struck:
                pieces.append(text)
        else:
            kind = "strike" if token.group(1) in _STRUCK else "unwrap"
            struck += kind == "strike"
            stack.append(kind)
    if not struck:
        pieces.append(content[last:])
    return "".join(pieces)
