"""Text normalisation and word tokenisation, batched so a million prompts tokenise in seconds.

The rules (documented in docs/decontamination.md):

* Unicode NFKC, then case folding (plain `lower()` when the text is ASCII, which is the same).
* A word is a maximal run of ASCII letters and digits or of non-ASCII characters; a `.`
  between two digits stays inside the word, so `0.55` and `53512.23` are one token each.
* A `,` between a digit and exactly three digits is a thousands separator and is dropped,
  so `1,000` and `1000` are the same word, and `53,512.23` is `53512.23`.
* Everything else separates words: ASCII punctuation and symbols, and the Unicode
  punctuation that NFKC leaves alone (C1 controls and Latin-1 symbols U+0080-U+00BF, `×`,
  `÷`, General Punctuation U+2000-U+206F, currency signs U+20A0-U+20CF).

Tokens are `bytes` (UTF-8). Every rule looks only at a character and its neighbours, so a
text tokenises the same way whatever batch it travels in.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import numpy as np

# The separator between the texts of a batch; it survives as a token of its own.
SEP_TOKEN = b"\x00"
_JOIN = " \x00 "
# Decimal points are parked on this byte while punctuation is blanked, then restored.
_DOT_MARK = 0x01


def _translate_table() -> bytes:
    table = bytearray(b" " * 256)
    for c in b"abcdefghijklmnopqrstuvwxyz0123456789":
        table[c] = c
    for c in b"ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        table[c] = c + 32
    table[0] = 0
    table[_DOT_MARK] = ord(".")
    for c in range(0x80, 0x100):
        table[c] = c
    return bytes(table)


_TABLE = _translate_table()
_IS_DIGIT = np.zeros(256, dtype=bool)
_IS_DIGIT[ord("0") : ord("9") + 1] = True


def normalize(text: str) -> str:
    """Return `text` after NFKC and case folding (the first step of tokenisation)."""
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFKC", text).casefold()


def tokenize(text: str) -> list[bytes]:
    """Return the word tokens of one text."""
    tokens, starts, ends = tokenize_batch([text])
    return tokens[starts[0] : ends[0]]


def normalized_words(text: str) -> str:
    """Return the tokens of `text` joined by single spaces: the form exact matching compares."""
    return b" ".join(tokenize(text)).decode("utf-8")


def prepare_batch(texts: Sequence[str]) -> bytes:
    """Return the texts normalised, joined by separators and with every non-word byte a space.

    Splitting the result on spaces gives the tokens, with `SEP_TOKEN` between texts; both the
    Python tokeniser and the Arrow one used for streaming split this same byte string.
    """
    joined = _JOIN.join(texts)
    if joined.count("\x00") != len(texts) - 1:
        # A text carries NUL characters of its own; blank them so they cannot fake a boundary.
        joined = _JOIN.join(t.replace("\x00", " ") for t in texts)
    data = normalize(joined).encode("utf-8")
    arr = np.frombuffer(data, dtype=np.uint8)
    marks = _decimal_points(arr)
    blanks = _unicode_separators(arr) if not joined.isascii() else marks[:0]
    commas = _thousands_separators(arr)
    if marks.size or blanks.size or commas.size:
        arr = arr.copy()
        arr[marks] = _DOT_MARK
        arr[blanks] = ord(" ")
        if commas.size:
            keep = np.ones(arr.size, dtype=bool)
            keep[commas] = False
            arr = arr[keep]
        data = arr.tobytes()
    return data.translate(_TABLE)


def tokenize_batch(texts: Sequence[str]) -> tuple[list[bytes], np.ndarray, np.ndarray]:
    """Tokenise many texts at once: (tokens, starts, ends), text i is tokens[starts[i]:ends[i]].

    The token list keeps one `SEP_TOKEN` between consecutive texts, so n-grams computed over
    the whole list can tell where a text ends.
    """
    if not texts:
        empty = np.zeros(0, dtype=np.int64)
        return [], empty, empty
    out = prepare_batch(texts)
    tokens = out.split()
    if len(texts) == 1:
        return tokens, np.zeros(1, dtype=np.int64), np.full(1, len(tokens), dtype=np.int64)
    # Token index of each separator: count the word starts before its byte position.
    raw = np.frombuffer(out, dtype=np.uint8)
    word = raw != ord(" ")
    first = word.copy()
    first[1:] &= ~word[:-1]
    seps = np.searchsorted(np.flatnonzero(first), np.flatnonzero(raw == 0))
    return tokens, *text_spans(seps, len(tokens))


def text_spans(seps: np.ndarray, n_tokens: int) -> tuple[np.ndarray, np.ndarray]:
    """Return (starts, ends) of the texts around the given separator token positions."""
    starts = np.concatenate(([0], seps + 1)).astype(np.int64)
    ends = np.concatenate((seps, [n_tokens])).astype(np.int64)
    return starts, ends


def _decimal_points(arr: np.ndarray) -> np.ndarray:
    """Positions of `.` bytes with a digit on both sides."""
    dots = np.flatnonzero(arr == ord("."))
    dots = dots[(dots > 0) & (dots < arr.size - 1)]
    return dots[_IS_DIGIT[arr[dots - 1]] & _IS_DIGIT[arr[dots + 1]]]


def _thousands_separators(arr: np.ndarray) -> np.ndarray:
    """Positions of `,` bytes between a digit and exactly three digits (`1,000`, `53,512.23`)."""
    commas = np.flatnonzero(arr == ord(","))
    commas = commas[(commas > 0) & (commas + 3 < arr.size)]
    if commas.size == 0:
        return commas
    digits = _IS_DIGIT[arr[commas - 1]]
    for step in (1, 2, 3):
        digits &= _IS_DIGIT[arr[commas + step]]
    # A number does not start with a lone 0 before its groups: `(0,100)` is a pair.
    before = np.maximum(commas - 2, 0)
    lone_zero = (arr[commas - 1] == ord("0")) & ((commas < 2) | ~_IS_DIGIT[arr[before]])
    digits &= ~lone_zero
    after = np.minimum(commas + 4, arr.size - 1)
    # A fourth digit means this is not a group of three (`1,2345`): leave it a separator.
    digits &= (commas + 4 == arr.size) | ~_IS_DIGIT[arr[after]]
    return commas[digits]


def _unicode_separators(arr: np.ndarray) -> np.ndarray:
    """Byte positions of the non-ASCII punctuation and symbols that separate words."""
    out = []
    n = arr.size
    # U+0080-U+00BF (C2 80-BF: C1 controls, Latin-1 symbols), U+00D7 and U+00F7 (C3 97, C3 B7).
    lead = np.flatnonzero(arr[:-1] == 0xC2) if n > 1 else np.zeros(0, dtype=np.int64)
    lead = lead[(arr[lead + 1] >= 0x80) & (arr[lead + 1] <= 0xBF)]
    out += [lead, lead + 1]
    lead = np.flatnonzero(arr[:-1] == 0xC3) if n > 1 else np.zeros(0, dtype=np.int64)
    lead = lead[(arr[lead + 1] == 0x97) | (arr[lead + 1] == 0xB7)]
    out += [lead, lead + 1]
    # U+2000-U+206F and U+20A0-U+20CF (E2 80-81 xx, E2 82-83 xx): three-byte sequences.
    lead = np.flatnonzero(arr[:-2] == 0xE2) if n > 2 else np.zeros(0, dtype=np.int64)
    lead = lead[(arr[lead + 1] >= 0x80) & (arr[lead + 1] <= 0x83)]
    out += [lead, lead + 1, lead + 2]
    return np.concatenate(out) if out else np.zeros(0, dtype=np.int64)
