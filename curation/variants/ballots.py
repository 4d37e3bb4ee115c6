"""condorcet_criterion: ballots read from the prose, and every transform of them.

The instance is the ballot groups (count, ranking), the candidates in the order the text
names them, and what each option means (a candidate, "" for no winner, None if unreadable).
The Condorcet winner depends only on pairwise majorities, so it survives renaming the
candidates (carried along), reordering ballot groups or options, multiplying every group by
the same positive count, and telling the same ballots in another story.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from recon_data.curation.variants import text
from recon_data.curation.variants.base import Edit, Mismatch, Skip, order_map, shuffled

if TYPE_CHECKING:
    from recon_data.schema import Problem

COUNT_FACTORS = (2, 3, 5, 10, 100)


@dataclass(frozen=True)
class Ballots:
    """Ballot groups, candidates (in order of first mention) and the options' meanings."""

    groups: tuple[tuple[int, tuple[str, ...]], ...]
    candidates: tuple[str, ...]
    meanings: tuple[str | None, ...]
    lines: tuple[int, ...]  # the question's line numbers holding the ballots, in order


def read_ballots(question: str, options: tuple[str, ...]) -> Ballots:
    """Read the ballots and option meanings as the audit does (Skip when it cannot)."""
    from recon_data.curation.audit.base import Unparsed
    from recon_data.curation.audit.voting import option_candidates, parse_ballots

    try:
        groups = parse_ballots(question)
    except Unparsed as exc:
        raise Skip(f"cannot read the ballots: {exc}") from None
    ranked = {c for _, r in groups for c in r}
    firsts = {c: min(m.start() for m in re.finditer(text._token(c), question)) for c in ranked}
    candidates = tuple(sorted(ranked, key=firsts.__getitem__))
    lines = tuple(i for i, line in enumerate(question.split("\n")) if ">" in line)
    meanings = tuple(option_candidates(options, candidates))
    return Ballots(tuple(groups), candidates, meanings, lines)


def _read(problem: Problem) -> Ballots:
    return read_ballots(problem.question, tuple(problem.options))


def _expect(question: str, options: tuple[str, ...], want: Ballots) -> None:
    """Raise Mismatch unless the new text reads back as `want` (ballots and option meanings)."""
    got = read_ballots(question, options)
    if sorted(got.groups) != sorted(want.groups) or got.meanings != want.meanings:
        raise Mismatch("the edited text does not read back as the transformed ballots")


def relabel(problem: Problem, rng: random.Random) -> Edit:
    """Rename the candidates with letters the text does not use, in question and options."""
    from recon_data.curation.generators.prompts import LETTERS

    b = _read(problem)
    everything = "\n".join((problem.question, *problem.options))
    if text.word_letter_clash(everything, b.candidates):
        raise Skip("a candidate's letter is also a word of the text")
    new = text.fresh_names(LETTERS, b.candidates, everything, len(b.candidates), rng)
    mapping = dict(zip(b.candidates, new, strict=True))
    question = text.rename(problem.question, mapping)
    options = tuple(text.rename(o, mapping) for o in problem.options)
    want = Ballots(
        tuple((n, tuple(mapping[c] for c in r)) for n, r in b.groups),
        tuple(mapping[c] for c in b.candidates),
        tuple(mapping.get(m, m) if m else m for m in b.meanings),
        b.lines,
    )
    _expect(question, options, want)
    answers = {"options": list(range(1, len(options) + 1))}
    return Edit(question, options, {"names": mapping}, answers)


def permute(problem: Problem, rng: random.Random) -> Edit:
    """Reorder the ballot groups and the options."""
    b = _read(problem)
    lines = problem.question.split("\n")
    if len(b.lines) >= 2:
        group_order = shuffled(rng, len(b.lines))
        for position, old in zip(b.lines, group_order, strict=True):
            lines[position] = problem.question.split("\n")[b.lines[old]]
    else:
        group_order = [0]
    n = len(problem.options)
    order = shuffled(rng, n)
    options = tuple(problem.options[i] for i in order)
    question = "\n".join(lines)
    _expect(
        question,
        options,
        Ballots(b.groups, b.candidates, tuple(b.meanings[i] for i in order), b.lines),
    )
    params = {"ballots": [i + 1 for i in group_order], "order": [i + 1 for i in order]}
    return Edit(question, options, params, order_map(order))


def rescale(problem: Problem, rng: random.Random) -> Edit:
    """Multiply every ballot group's count by the same positive integer."""
    from recon_data.curation.audit.voting import _BALLOT

    b = _read(problem)
    lines = problem.question.split("\n")
    others = " ".join(ln for i, ln in enumerate(lines) if i not in b.lines)
    # The number of candidates ("there are 3 nominees") is no count of voters.
    if any(int(n) != len(b.candidates) for n in re.findall(r"\d+", others)):
        raise Skip("the text states other numbers (totals?) the counts would contradict")
    factor = rng.choice(COUNT_FACTORS)
    for i in b.lines:
        m = _BALLOT.search(lines[i])
        if m is None:
            raise Skip("cannot find a ballot count")
        start, end = m.span(1)
        lines[i] = lines[i][:start] + str(int(m.group(1)) * factor) + lines[i][end:]
    question = "\n".join(lines)
    scaled = tuple((n * factor, r) for n, r in b.groups)
    _expect(question, tuple(problem.options), Ballots(scaled, b.candidates, b.meanings, b.lines))
    answers = {"options": list(range(1, len(problem.options) + 1))}
    return Edit(question, tuple(problem.options), {"factor": factor}, answers)


def _ballot_lines(b: Ballots, form: str) -> str:
    return "\n".join(form.format(n=n, ranking=" > ".join(r)) for n, r in b.groups)


def _carry(b: Ballots, meanings: tuple[str | None, ...]) -> dict[str, list[int | None]]:
    """Map each source option to the new option with the same meaning."""
    out: list[int | None] = []
    for m in b.meanings:
        hits = [i for i, x in enumerate(meanings, 1) if m is not None and x == m]
        out.append(hits[0] if len(hits) == 1 else None)
    return {"options": out}


def restory(problem: Problem, rng: random.Random) -> Edit:
    """The same ballots told in one of the generator's settings (event, noun, question)."""
    from recon_data.curation.generators.condorcet import _NONE, SETTINGS

    b = _read(problem)
    if b.meanings.count("") > 1:
        raise Skip("several 'no winner' options")
    lowered = problem.question.lower()
    stories = [s for s in SETTINGS if s[0] not in lowered]
    event, noun, decide = rng.choice(stories)
    names = b.candidates
    listed = ", ".join(names[:-1]) + f", and {names[-1]}"
    question = (
        f"In {event}, there are {len(names)} {noun}s: {listed}. The ballots rank them as "
        f"follows: \n{_ballot_lines(b, '- {n} voters voted for {ranking}')}\n Applying the "
        f"Condorcet criterion, {decide}?"
    )
    options = (*(f"{noun.capitalize()} {x}" for x in names), rng.choice(_NONE))
    meanings = (*names, "")
    _expect(question, options, Ballots(b.groups, names, meanings, b.lines))
    return Edit(question, options, {"story": event}, _carry(b, meanings))


def anonymize(problem: Problem, rng: random.Random) -> Edit:
    """The bare ballots: no story, the candidates as letters, the question asked plainly."""
    b = _read(problem)
    names = b.candidates
    listed = ", ".join(names[:-1]) + f" and {names[-1]}"
    question = (
        f"Candidates {listed} are ranked by groups of voters:\n"
        f"{_ballot_lines(b, '- {n} voters: {ranking}')}\n"
        "Which candidate, if any, is the Condorcet winner (preferred to every other candidate "
        "by a majority of the voters)?"
    )
    options = (*names, "No Condorcet winner")
    meanings = (*names, "")
    _expect(question, options, Ballots(b.groups, names, meanings, b.lines))
    return Edit(question, options, {}, _carry(b, meanings))
