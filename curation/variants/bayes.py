"""bayes_nash: state tables read from the prose, actions renamed, payoffs rescaled.

With no player informed of the state, the Bayes-Nash equilibria are the pure equilibria of
the ex-ante game (payoffs in expectation over the prior). Renaming the actions carries the
answer along; mapping one player's payoffs in every state by the same positive affine map
maps its ex-ante payoffs by that map (the probabilities sum to one), so the equilibria stay.
"""

from __future__ import annotations

import random
import re
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from recon_data.curation.variants import text
from recon_data.curation.variants.base import Edit, Mismatch, Skip, identity_options

if TYPE_CHECKING:
    from recon_data.schema import Problem

SCALES = (2, 3, 4, 5, 10)
SHIFT = 5
_STATE = re.compile(r"^State (\d+):\s*$", re.M)
_LABEL = re.compile(r"^Action ([A-Z])$")


def read(question: str) -> tuple[dict[int, Fraction], dict[int, Any], list[str], list[str]]:
    """Prior, per-state (A, B) tables, row and column labels, as the audit reads them."""
    from recon_data.curation.audit.base import Unparsed
    from recon_data.curation.audit.bayes import parse_bayesian

    try:
        return parse_bayesian(question)
    except Unparsed as exc:
        raise Skip(f"cannot read the state tables: {exc}") from None


def relabel(problem: Problem, rng: random.Random) -> Edit:
    """Rename the four actions ('Action R' -> 'Action W') in the tables and the options."""
    from recon_data.curation.generators.prompts import LETTERS

    prior, tables, rows, cols = read(problem.question)
    labels = [*rows, *cols]
    letters = [m.group(1) for m in map(_LABEL.match, labels) if m]
    if len(letters) != len(labels) or len(set(letters)) != len(letters):
        raise Skip("the actions are not four distinct 'Action X' labels")
    everything = "\n".join((problem.question, *problem.options))
    taken = [f"Action {x}" for x in LETTERS if text.occurs(everything, f"Action {x}")]
    pool = [x for x in LETTERS if f"Action {x}" not in taken and x not in letters]
    if len(pool) < len(letters):
        raise Skip("no unused action letters left")
    new = rng.sample(pool, len(letters))
    mapping = {f"Action {a}": f"Action {b}" for a, b in zip(letters, new, strict=True)}
    question = text.rename(problem.question, mapping)
    options = tuple(text.rename(o, mapping) for o in problem.options)
    prior2, tables2, rows2, cols2 = read(question)
    if (prior2, tables2) != (prior, tables) or (rows2, cols2) != (
        [mapping[r] for r in rows],
        [mapping[c] for c in cols],
    ):
        raise Mismatch("the renamed tables do not read back as the same game")
    return Edit(question, options, {"names": mapping}, identity_options(len(options)))


def rescale(problem: Problem, rng: random.Random) -> Edit:
    """Map each player's payoffs, in every state, by its own x -> scale * x + shift."""
    from recon_data.curation.generators.bayes_nash import _table

    prior, tables, rows, cols = read(problem.question)
    scale = [rng.choice(SCALES), rng.choice(SCALES)]
    shift = [rng.randint(-SHIFT, SHIFT), rng.randint(-SHIFT, SHIFT)]
    heads = list(_STATE.finditer(problem.question))
    spans = []
    new_tables = {}
    for k, head in enumerate(heads):
        state = int(head.group(1))
        a, b = tables[state]
        a2 = [[scale[0] * x + shift[0] for x in row] for row in a]
        b2 = [[scale[1] * y + shift[1] for y in row] for row in b]
        new_tables[state] = (a2, b2)
        end = heads[k + 1].start() if k + 1 < len(heads) else len(problem.question)
        block = problem.question[head.end() : end]
        # The table is the header line and one line per row; anything after it stays.
        lines = block.split("\n")
        first = next(i for i, ln in enumerate(lines) if ln.strip())
        stop = first + 1 + len(rows)
        cells = [list(zip(a2[i], b2[i], strict=True)) for i in range(len(rows))]
        table = _table(rows, cols, cells)
        new_block = "\n".join([*lines[:first], table, *lines[stop:]])
        spans.append((head.end(), end, new_block))
    question = text.replace_spans(problem.question, spans)
    prior2, tables2, rows2, cols2 = read(question)
    if (prior2, tables2, rows2, cols2) != (prior, new_tables, rows, cols):
        raise Mismatch("the rescaled tables do not read back as the mapped payoffs")
    params = {"scale": scale, "shift": shift}
    return Edit(question, tuple(problem.options), params, identity_options(len(problem.options)))
