"""Pulling the answer out of a completion: the `</think>` gate, boxes, LaTeX unwrapping.

Every function here does work linear in its input with a small constant: boxes are
matched with a depth-limited regex inside a fixed window, so a megabyte of unbalanced
braces costs about as much as a megabyte of prose.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from recon_data.answers.base import normalize_unicode, trim_end

THINK_CLOSE = "</think>"
BOX_COMMAND = "\\boxed"

# Answers in this corpus are at most a few hundred characters; a box whose braces do not
# balance within this window is treated as unbalanced rather than scanned to the end.
MAX_BOX_CHARS = 4096
# `find_boxes` returns at most this many by default; grading reads every box (`iter_boxes`).
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


def iter_boxes(section: str) -> Iterator[str | None]:
    """Yield the contents of every box in order; None for one whose braces do not balance."""
    resume = 0
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


def clean_box(content: str) -> str:
    """Normalise Unicode; unwrap LaTeX text wrappers, `$`, `~`, escapes; trim trailing periods."""
    content = normalize_unicode(content)
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
    # A scan from the end, not a `[\s.]+$` regex: that one is quadratic on long runs of
    # dots and spaces in the middle of a box.
    return trim_end(content).strip()


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
