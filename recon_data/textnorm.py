"""Text normalisation used to match records across files (traces to problems, duplicates)."""

from __future__ import annotations

import re
import unicodedata

_NON_ASCII_ALNUM = re.compile(r"[^a-z0-9]+")


def match_key(text: str) -> str:
    """Normalise text for matching: NFKC, casefolded, only ASCII letters and digits kept."""
    # The CoT file mangled non-ASCII characters (an en dash or a delta became `?`-runs), so
    # only ASCII letters and digits are stable between a trace prompt and its problem.
    return _NON_ASCII_ALNUM.sub("", unicodedata.normalize("NFKC", text).casefold())
