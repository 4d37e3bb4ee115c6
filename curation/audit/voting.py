"""condorcet_criterion: read the ballots, tally pairwise majorities, match the options."""

from __future__ import annotations

import re
from typing import Any

from recon_data.curation.audit.base import Finding, Unparsed

_BALLOT = re.compile(
    r"(\d+)\s+(?:voters?|people|members|judges|residents)?[^\n>]*?\b(?:for|:)\s*([^\n]*>[^\n]*)"
)
_NONE = re.compile(r"\btie\b|no (?:condorcet )?winner|no candidate|none of|no clear|nobody", re.I)


def parse_ballots(text: str) -> list[tuple[int, tuple[str, ...]]]:
    """Return (count, ranking) for every '- N voters voted for A > B > C' line (raises Unparsed)."""
    out = []
    for line in text.splitlines():
        if ">" not in line:
            continue
        m = _BALLOT.search(line)
        if m is None:
            raise Unparsed(f"unreadable ballot line {line.strip()[:40]!r}")
        names = tuple(p.strip().strip(".") for p in m.group(2).split(">"))
        if any(not n for n in names) or len(set(names)) != len(names):
            raise Unparsed(f"unreadable ranking {m.group(2).strip()[:40]!r}")
        out.append((int(m.group(1)), names))
    if not out:
        raise Unparsed("no ballots found")
    return out


def option_candidates(options: tuple[str, ...], candidates: tuple[str, ...]) -> list[str | None]:
    """Map each option to the candidate it names, '' for a tie / no-winner option, else None."""
    out: list[str | None] = []
    for o in options:
        named = [c for c in candidates if re.search(rf"(?<![\w']){re.escape(c)}(?![\w'])", o)]
        if len(named) == 1 and not _NONE.search(o):
            out.append(named[0])
        elif not named and _NONE.search(o):
            out.append("")
        else:
            out.append(None)
    return out


def check_condorcet(question: str, options: tuple[str, ...]) -> Finding:
    """Condorcet winner from the pairwise majorities; a cycle means no winner.

    A ballot that ranks some candidates ("16 voters voted for U > D > M" among four) puts the
    ones it leaves out below every one it names: the voters voted for those candidates, not
    for the others (the standard reading of truncated ballots; docs/audit.md says why the
    reading that ignores such pairs is not used)."""
    from recon_data.gametheory.social_choice import condorcet

    ballots = parse_ballots(question)
    ranked = {c for _, r in ballots for c in r}
    candidates = tuple(sorted(ranked))
    mapped = option_candidates(options, candidates)
    if all(m is None for m in mapped):
        raise Unparsed("no option names a candidate")
    complete = all(len(r) == len(candidates) for _, r in ballots)
    res = condorcet(ballots, candidates, truncated="unranked_last")
    target = "" if res.winner is None else res.winner
    cert: dict[str, Any] = {
        "options": mapped,
        "truncated_ballots": not complete,
        "unranked_last": res.certificate,
    }
    what = (
        f"winner {res.winner}"
        if res.winner is not None
        else ("majority cycle, no winner" if res.cycle else "no strict winner")
    )
    if not complete:
        what += " (a ballot's unranked candidates count below the ones it ranks)"
    picked = frozenset(i for i, m in enumerate(mapped, 1) if m == target)
    return Finding({"unranked_last": picked}, f"pairwise majorities: {what}", cert)
