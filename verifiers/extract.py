"""Pulling the answer out of a completion: the `</think>` gate, boxes, LaTeX unwrapping.

The rules live once, in the core (`recon_data.answers.markup`), because the game-move reader
uses them too; this module gives them to the verifiers and reads chat-message shapes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from recon_data.answers.markup import (
    BOX_COMMAND,
    MAX_BOX_CHARS,
    MAX_BOXES,
    MAX_BRACE_DEPTH,
    THINK_CLOSE,
    answer_section,
    clean_box,
    find_boxes,
    iter_boxes,
    think_gate,
)

__all__ = [
    "BOX_COMMAND",
    "MAX_BOXES",
    "MAX_BOX_CHARS",
    "MAX_BRACE_DEPTH",
    "THINK_CLOSE",
    "answer_section",
    "clean_box",
    "find_boxes",
    "iter_boxes",
    "message_text",
    "think_gate",
    "user_prompt_text",
]


def message_text(value: Any) -> str:
    """Return the text of a completion or prompt given as a string or a chat message list.

    For a message list this is the content of the last message (TRL passes completions as
    one assistant message; for prompts the last message is the user's question).
    """
    # A loop, not recursion: a hostile file may nest lists far deeper than any chat.
    while isinstance(value, Sequence) and not isinstance(value, str) and value:
        value = value[-1]
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        return _content_text(value.get("content"))
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
