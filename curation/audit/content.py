"""Content bias: how often a category's gold is the same content, whatever its position.

Position bias asks which option number the gold is; content bias asks what the gold says. A
model that learns "the answer is Yes" or "take the bigger prize" scores well without
reasoning when one content dominates. The content of a gold is:

- certainty_effect: which lottery it is ("larger prize" or "smaller prize"): the texts
  differ item by item, the shortcut is the kind of option;
- time_inconsistency: "sooner" or "later" (the dated amounts differ item by item);
- options that are all numbers (trigger thresholds, feasibility payoffs): the gold's rank
  among them ("largest", "smallest", "middle");
- anything else: the gold text after its option label (or the yes/no, ordering, profile
  answer), spacing, case and a final period ignored.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from fractions import Fraction
from typing import Any

from recon_data import answers

_NUMBER = re.compile(r"(?<![\w.])-?\$?\d[\d,]*(?:\.\d+)?(?![\w])")
_DAYS = re.compile(r"(\d+)\s+days?\b", re.I)


def _get(p: Any, name: str) -> Any:
    return p[name] if isinstance(p, dict) else getattr(p, name)


def content_key(p: Any) -> tuple[str, str]:
    """(how the content was read, the content) of one problem's gold."""
    answer, options = _get(p, "answer"), tuple(_get(p, "options"))
    parsed = answers.parse_mcq_gold(answer) if _get(p, "answer_kind") == "mcq" else None
    if parsed is None or not 1 <= parsed[0] <= len(options):
        return "text", _norm(answer)
    number, text = parsed
    category = _get(p, "category")
    if category == "certainty_effect":
        prize = _prizes(options)
        if prize is not None:
            big = prize[number - 1] == max(prize)
            return "prize", "larger prize" if big else "smaller prize"
    if category == "time_inconsistency":
        days = [_DAYS.findall(o) for o in options]
        if all(len(d) == 1 for d in days) and len({d[0] for d in days}) == len(days):
            when = [int(d[0]) for d in days]
            return "timing", "later" if when[number - 1] == max(when) else "sooner"
    found = [_first_number(o) for o in options]
    firsts = [f for f in found if f is not None]
    if len(options) > 2 and len(firsts) == len(options) and len(set(firsts)) == len(firsts):
        mine = firsts[number - 1]
        rank = "largest" if mine == max(firsts) else "smallest" if mine == min(firsts) else "middle"
        return "rank", rank
    return "text", _norm(text)


def _norm(text: str) -> str:
    return " ".join(text.split()).rstrip(".").casefold()


def _first_number(text: str) -> Fraction | None:
    m = _NUMBER.search(text)
    if m is None:
        return None
    return Fraction(m.group().replace("$", "").replace(",", ""))


def _prizes(options: tuple[str, ...]) -> list[Fraction] | None:
    from recon_data.curation.audit.base import Unparsed
    from recon_data.curation.audit.certainty import option_lottery

    try:
        prizes = [option_lottery(o)[0] for o in options]
    except Unparsed:
        return None
    return prizes if len(set(prizes)) == len(prizes) else None


def content_bias(problems: Iterable[Any]) -> dict[str, dict[str, Any]]:
    """Per category: the most common gold content, its count and share, and how it was read."""
    groups: dict[str, Counter] = defaultdict(Counter)
    how: dict[str, Counter] = defaultdict(Counter)
    for p in problems:
        kind, content = content_key(p)
        groups[_get(p, "category")][content] += 1
        how[_get(p, "category")][kind] += 1
    out = {}
    for cat in sorted(groups):
        counts = groups[cat]
        total = sum(counts.values())
        top, n = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        out[cat] = {
            "content": top,
            "count": n,
            "total": total,
            "share": round(n / total, 4),
            "read_as": how[cat].most_common(1)[0][0],
        }
    return out
