"""Character offsets of the words of a text, so a matched word span can point into the original.

The tokeniser (normalize.py) works on bytes in batches and keeps no offsets. For the few
documents with a finding, this module finds each word's characters again with a regular
expression written from the same rules, and returns them only when the words it finds are
exactly the tokeniser's (otherwise None: a report then gives word positions only).
Offsets refer to the original text when normalisation keeps its length (ASCII text always,
most other text too); when NFKC or case folding changes the length they are not given.
"""

from __future__ import annotations

import re

from recon_data.curation.decontam.normalize import normalize, tokenize

# A word character: an ASCII letter or digit, or any non-ASCII character except the
# punctuation and symbols the tokeniser treats as separators.
_W = r"[a-z0-9\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u1fff\u2070-\u209f\u20d0-\U0010ffff]"
# `.` between digits and a thousands `,` (after a digit that is not a lone 0, before exactly
# three digits) stay inside a word.
_JOIN = r"(?:(?<=[0-9])\.(?=[0-9])|(?<=[0-9])(?<!(?<![0-9])0),(?=[0-9]{3}(?![0-9])))"
_WORD = re.compile(rf"{_W}+(?:{_JOIN}{_W}+)*")


def word_offsets(text: str) -> list[tuple[int, int]] | None:
    """Return the (start, end) characters of each word of `text`, or None if they cannot be trusted."""
    norm = normalize(text)
    if len(norm) != len(text):
        return None
    spans = [m.span() for m in _WORD.finditer(norm)]
    words = [norm[a:b].replace(",", "").encode("utf-8") for a, b in spans]
    if words != tokenize(text):
        return None
    return spans
