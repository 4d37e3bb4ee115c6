"""Pulling the answer out of a completion: the `</think>` gate, boxes, LaTeX unwrapping.

Every function here does bounded work on any input: boxes are matched with a
depth-limited regex inside a fixed window, and only the first `MAX_BOXES` boxes are
looked at, so a megabyte of unbalanced braces costs about as much as a short answer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

THINK_CLOSE = "</think>"
BOX_COMMAND = "\\boxed"

# Answers in this corpus are at most a few hundred characters; a box whose braces do not
# balance within this window is treated as unbalanced rather than scanned to the end.
MAX_BOX_CHARS = 4096
# Hedging is decided on the first boxes only: past this many the completion is degenerate
# and looking further would make the cost grow with its length.
MAX_BOXES = 64
# Deeper nesting than this inside one box is not an answer any grammar here accepts.
MAX_BRACE_DEPTH = 6


def _balanced(depth: int) -> str:
    # Unrolled-loop form: `[^{}]*` and `\{` never compete for a character, so a failed
    # match backtracks in linear time instead of exponentially.
    inner = r"[^{}]*"
    for _ in range(depth):
        inner = r"[^{}]*(?:\{" + inner + r"\}[^{}]*)*"
    return inner


_BOX_OPEN = re.compile(r"\\boxed\s*\{")
_BOX_BODY = re.compile("(" + _balanced(MAX_BRACE_DEPTH) + r")\}")
_OPTION_MENTION = re.compile(r"option\s+(\d{1,6})", re.IGNORECASE)

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
_WRAP_TOKEN = re.compile(r"\\(?:" + "|".join(_WRAPPERS) + r")\s*\{|[{}]")
_SPACERS = re.compile(r"\\[,;:! ]|\\quad\b|\\qquad\b|~")
_SIZERS = re.compile(r"\\(?:left|right|big|Big|bigg|Bigg)(?![A-Za-z])")
_ESCAPES = {"\\%": "%", "\\&": "&", "\\#": "#", "\\_": "_"}
_ESCAPE_RE = re.compile(r"\\[%&#_]")


def answer_section(text: str) -> tuple[str | None, str]:
    """Return (text after the only `</think>`, "") or (None, why the format gate failed)."""
    first = text.find(THINK_CLOSE)
    if first < 0:
        return None, "no </think>"
    if text.find(THINK_CLOSE, first + len(THINK_CLOSE)) >= 0:
        return None, f"{text.count(THINK_CLOSE)} </think> tags, expected exactly one"
    if text.find(BOX_COMMAND, 0, first) >= 0:
        return None, "\\boxed appears before </think>"
    return text[first + len(THINK_CLOSE) :], ""


def find_boxes(section: str, limit: int = MAX_BOXES) -> list[str | None]:
    """Return the contents of the first `limit` boxes in order; None for an unbalanced one."""
    boxes: list[str | None] = []
    resume = 0
    for start in _BOX_OPEN.finditer(section):
        if start.start() < resume:
            continue  # a box nested inside the previous one belongs to that one
        body_start = start.end()
        window_end = min(len(section), body_start + MAX_BOX_CHARS)
        body = _BOX_BODY.match(section, body_start, window_end)
        if body is None:
            boxes.append(None)
        else:
            boxes.append(body.group(1))
            resume = body.end()
        if len(boxes) >= limit:
            break
    return boxes


def first_option_mention(section: str) -> tuple[int, str] | None:
    """Return (N, matched text) for the first `Option N` in the text (any case), or None."""
    m = _OPTION_MENTION.search(section)
    return (int(m.group(1)), m.group()) if m else None


def clean_box(content: str) -> str:
    """Unwrap LaTeX text wrappers, `$`, `~` and escapes; trim whitespace and trailing periods."""
    if "\\" in content or "{" in content or "}" in content:
        content = _unwrap_commands(content)
        content = _SIZERS.sub("", content)
        content = _SPACERS.sub(" ", content)
        content = _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group()], content)
    elif "~" in content:
        content = content.replace("~", " ")
    if "$" in content:
        # Bare `$` are math delimiters and go; an escaped `\$` is a literal dollar sign.
        content = "$".join(part.replace("$", "") for part in content.split("\\$"))
    return _trim_end(content).strip()


def _trim_end(text: str) -> str:
    # A scan from the end, not a `[\s.]+$` regex: that one is quadratic on long runs of
    # dots and spaces in the middle of a box.
    end = len(text)
    while end and (text[end - 1] == "." or text[end - 1].isspace()):
        end -= 1
    return text[:end]


def _unwrap_commands(content: str) -> str:
    # One pass over the brace tokens: a wrapper's opening brace is dropped together with
    # the closing brace that matches it; every other brace is kept.
    pieces: list[str] = []
    keep_stack: list[bool] = []
    last = 0
    for token in _WRAP_TOKEN.finditer(content):
        text = token.group()
        pieces.append(content[last : token.start()])
        last = token.end()
        if text == "{":
            keep_stack.append(True)
            pieces.append(text)
        elif text == "}":
            if not keep_stack or keep_stack.pop():
                pieces.append(text)
        else:
            keep_stack.append(False)
    pieces.append(content[last:])
    return "".join(pieces)


def message_text(value: Any) -> str:
    """Return the text of a completion or prompt given as a string or a chat message list.

    For a message list this is the content of the last message (TRL passes completions as
    one assistant message; for prompts the last message is the user's question).
    """
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        return _content_text(value.get("content"))
    if isinstance(value, Sequence) and value:
        return message_text(value[-1])
    return ""


def _content_text(content: Any) -> str:
    if isinstance(content, str):
        return content
    # Multimodal message content: a list of parts, of which only the text ones count.
    if isinstance(content, Sequence):
        parts = []
        for part in content:
            if isinstance(part, Mapping) and isinstance(part.get("text"), str):
                parts.append(part["text"])
            elif isinstance(part, str):
                parts.append(part)
        return "".join(parts)
    return ""


def user_prompt_text(prompt: Any) -> str:
    """Return the last user message of a chat prompt, or the prompt itself when a string."""
    if isinstance(prompt, str):
        return prompt
    if isinstance(prompt, Sequence):
        for message in reversed(prompt):
            if isinstance(message, Mapping) and message.get("role") == "user":
                return _content_text(message.get("content"))
        return message_text(prompt)
    if isinstance(prompt, Mapping):
        return _content_text(prompt.get("content"))
    return ""
