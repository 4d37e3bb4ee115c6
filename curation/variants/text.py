"""Edits of release prose that keep its wording: renaming tokens and rescaling numbers in place."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from fractions import Fraction

from recon_data.curation.variants.base import Skip

# Single letters that are also English words: "A" opening a sentence before a lower-case
# word is the article ("A city council"), "I" before one the pronoun; never the name.
_WORD_USE = {
    "A": re.compile(r"(?:^|(?<=[.!?:;]\s)|(?<=\n))\s*A(?=\s+[a-z])"),
    "I": re.compile(r"(?<![\w])I(?=\s+[a-z])"),
}


def _word_uses(text: str) -> set[int]:
    """Positions of the letters that are used as words (the article, the pronoun)."""
    return {m.end() - 1 for pattern in _WORD_USE.values() for m in pattern.finditer(text)}


def _token(name: str) -> str:
    # A name is a whole token: not inside a longer word, possessives ("Lee's") included.
    return rf"(?<![\w]){re.escape(name)}(?![\w])"


def occurs(text: str, name: str) -> bool:
    """True when `name` occurs in `text` as a whole token."""
    return re.search(_token(name), text) is not None


def rename(text: str, mapping: Mapping[str, str]) -> str:
    """Replace every whole-token occurrence of each old name by its new one, all at once."""
    if not mapping:
        return text
    names = sorted(mapping, key=len, reverse=True)  # "Lee Ann" before "Lee"
    pattern = re.compile("|".join(_token(n) for n in names))
    uses = _word_uses(text)

    def swap(m: re.Match[str]) -> str:
        old = m.group()
        if m.start() in uses and old in _WORD_USE:
            return old  # the article or pronoun, not the name
        return mapping[old]

    return pattern.sub(swap, text)


def fresh_names(pool: Iterable[str], taken: Iterable[str], text: str, n: int, rng) -> list[str]:
    """Draw `n` names from `pool` that are neither `taken` nor a token of `text`."""
    taken = set(taken)
    free = [p for p in pool if p not in taken and not occurs(text, p)]
    if len(free) < n:
        raise Skip("no unused names left to rename with")
    return rng.sample(free, n)


def word_letter_clash(text: str, names: Iterable[str]) -> bool:
    """True when a single-letter name is also used as a word in the text ("A" as an article)."""
    return any(name in _WORD_USE and _WORD_USE[name].search(text) for name in names)


_NUMBER = re.compile(r"^(-?)(\$?)(\d[\d,]*)(?:\.(\d+))?$")


def number_token(token: str) -> tuple[Fraction, int, bool]:
    """Read a number token ('$1,234.50', '-3', '645.0'): value, decimal places, commas."""
    m = _NUMBER.match(token)
    if m is None:
        raise Skip(f"not a plain number: {token!r}")
    digits = m.group(3).replace(",", "")
    places = len(m.group(4) or "")
    value = Fraction(f"{digits}.{m.group(4)}" if places else digits)
    return (-value if m.group(1) else value), places, "," in m.group(3)


def show_like(token: str, value: Fraction) -> str:
    """Write `value` the way `token` is written: sign, dollar sign, commas and decimal places."""
    m = _NUMBER.match(token)
    if m is None:
        raise Skip(f"not a plain number: {token!r}")
    _, places, commas = number_token(token)
    scaled = value * 10**places
    if scaled.denominator != 1:
        raise Skip(f"{value} needs more than the {places} decimal places {token!r} shows")
    n = abs(scaled.numerator)
    whole, frac = divmod(n, 10**places)
    body = f"{whole:,}" if commas else str(whole)
    if places:
        body += f".{frac:0{places}d}"
    sign = "-" if value < 0 else ""
    return f"{sign}{m.group(2)}{body}"


def replace_spans(text: str, spans: Iterable[tuple[int, int, str]]) -> str:
    """Replace (start, end, new text) spans of `text`; spans must not overlap."""
    out, last = [], 0
    for start, end, new in sorted(spans):
        if start < last:
            raise Skip("overlapping number spans")
        out.append(text[last:start])
        out.append(new)
        last = end
    out.append(text[last:])
    return "".join(out)


def scale_tokens(text: str, matches: Iterable[re.Match[str]], factor: Fraction) -> str:
    """Multiply each matched number token by `factor`, keeping its written form."""
    spans = []
    for m in matches:
        token = m.group().rstrip(",")
        value, _, _ = number_token(token)
        spans.append((m.start(), m.start() + len(token), show_like(token, value * factor)))
    return replace_spans(text, spans)
