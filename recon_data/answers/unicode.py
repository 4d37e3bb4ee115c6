"""Unicode normalisation in linear time: NFKC, invisible characters dropped.

`unicodedata.normalize` puts each run of combining marks in canonical order with an insertion
sort, so a long run of marks with alternating classes costs time quadratic in its length (a
megabyte of them took minutes). Unicode's own remedy (UAX #15, the stream-safe format) bounds
a run at 30 non-starters; no text a person writes has longer runs. We cut longer runs to 30
before normalising, so the whole step is linear, and every real text is unchanged.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# UAX #15's stream-safe bound on consecutive non-starters.
MAX_MARK_RUN = 30

# Characters that render as nothing, or only steer the direction of text: a model (or a
# copy-paste) can put them anywhere, and no answer's meaning depends on them.
_INVISIBLE_CHARS = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180e"
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\u3164\ufeff\uffa0"
)
INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE_CHARS))
INVISIBLE.update(dict.fromkeys(range(0xFE00, 0xFE10)))  # variation selectors
INVISIBLE.update(dict.fromkeys(range(0xE0000, 0xE0080)))  # tag characters
INVISIBLE.update(dict.fromkeys(range(0xE0100, 0xE01F0)))  # variation selectors supplement

QUOTES = {"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'"}
QUOTES.update({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"'})
_DASHES = {c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"}
_FOLD = str.maketrans({**QUOTES, **_DASHES})


def fold_punctuation(text: str) -> str:
    """Map curly quotes and the dash family to their ASCII forms."""
    return text if text.isascii() else text.translate(_FOLD)


@cache
def _mark_run() -> re.Pattern[str]:
    """A run of more than MAX_MARK_RUN non-starters (built once, on the first non-ASCII text)."""
    # Non-starters are the characters of non-zero combining class, and the few starters
    # whose compatibility decomposition begins with one (U+0F73 is two marks, for example).
    # They all sit below U+20000; planes 2-16 hold ideographs, tags and private use.
    marks = []
    for cp in range(0x20000):
        ch = chr(cp)
        if unicodedata.combining(ch):
            marks.append(cp)
        elif unicodedata.decomposition(ch):
            first = unicodedata.normalize("NFKD", ch)[0]
            if first != ch and unicodedata.combining(first):
                marks.append(cp)
    ranges = []
    start = prev = marks[0]
    for cp in marks[1:]:
        if cp != prev + 1:
            ranges.append((start, prev))
            start = cp
        prev = cp
    ranges.append((start, prev))
    body = "".join(
        re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges
    )
    # One character class, greedy: a single pass over the text, never backtracking.
    return re.compile(f"[{body}]{{{MAX_MARK_RUN + 1},}}")


def limit_mark_runs(text: str) -> str:
    """Cut every run of more than MAX_MARK_RUN combining marks to its first MAX_MARK_RUN."""
    if text.isascii():
        return text
    return _mark_run().sub(lambda m: m.group()[:MAX_MARK_RUN], text)


def normalize_unicode(text: str) -> str:
    """NFKC-normalise and drop invisible characters, in linear time (O(1) for ASCII text)."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFKC", limit_mark_runs(text)).translate(INVISIBLE)
