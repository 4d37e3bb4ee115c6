"""bayes_nash: states with a common prior, a 2x2 table per state, no private information.

With no player informed of the state, each player has a single type and the Bayes-Nash
equilibria are the pure equilibria of the ex-ante game (payoffs in expectation over the
prior); the checker solves that game exactly.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

from recon_data.curation.audit.base import Finding, IllPosed, Unparsed, parse_number

_PROB = re.compile(r"probability of state (\d+) is (\d*\.?\d+)", re.I)
_STATE = re.compile(r"^State (\d+):\s*$", re.M)
_CELL = re.compile(r"\(\s*(-?\d*\.?\d+)\s*,\s*(-?\d*\.?\d+)\s*\)")
_OPTION = re.compile(r"\(\s*'([^']+)'\s*,\s*'([^']+)'\s*\)")


def parse_bayesian(text: str) -> tuple[dict[int, Fraction], dict[int, Any], list[str], list[str]]:
    """Return (prior, per-state (A, B) matrices, row labels, column labels) (raises Unparsed)."""
    prior = {int(s): Fraction(p) for s, p in _PROB.findall(text)}
    heads = list(_STATE.finditer(text))
    if not prior or not heads:
        raise Unparsed("no states or no probabilities")
    tables: dict[int, Any] = {}
    rows_l: list[str] = []
    cols_l: list[str] = []
    for k, h in enumerate(heads):
        end = heads[k + 1].start() if k + 1 < len(heads) else len(text)
        lines = [ln for ln in text[h.end() : end].split("\n") if ln.strip()]
        cols = re.findall(r"[A-Z][\w ]*?\w(?=\s{2,}|\s*$)", lines[0].strip()) if lines else []
        a, b, rows = [], [], []
        for ln in lines[1:]:
            cells = _CELL.findall(ln)
            if not cells:
                break
            rows.append(ln[: ln.index("(")].strip())
            a.append([parse_number(x) for x, _ in cells])
            b.append([parse_number(y) for _, y in cells])
        if not a or len(cols) != len(a[0]):
            raise Unparsed(f"cannot read the table of state {h.group(1)}")
        if rows_l and (rows != rows_l or cols != cols_l):
            raise Unparsed("states label their actions differently")
        rows_l, cols_l = rows, [c.strip() for c in cols]
        tables[int(h.group(1))] = (a, b)
    if set(prior) != set(tables):
        raise Unparsed("the probabilities and the tables name different states")
    return prior, tables, rows_l, cols_l


def check_bayes(question: str, options: tuple[str, ...]) -> Finding:
    """Pure Bayes-Nash equilibria of the no-information game, matched to the option profiles."""
    from recon_data.gametheory import NormalFormGame, pure_nash
    from recon_data.gametheory.bayesian import expected_game

    if "no player has any information" not in question.lower():
        raise Unparsed("only the no-information form is read")
    prior, tables, rows, cols = parse_bayesian(question)
    total = sum(prior.values())
    if total != 1:
        raise IllPosed(f"the state probabilities sum to {total}, not 1")
    states = sorted(prior)
    game = expected_game(
        [NormalFormGame.from_bimatrix(*tables[s]) for s in states], [prior[s] for s in states]
    )
    result = pure_nash(game)
    eq = {(rows[i], cols[j]) for i, j in result.profiles}
    hits = set()
    for n, o in enumerate(options, 1):
        m = _OPTION.search(o)
        if m is None:
            raise Unparsed(f"option {n} is not an action profile")
        if (m.group(1), m.group(2)) in eq:
            hits.add(n)
    names = ", ".join(f"({r}, {c})" for r, c in sorted(eq)) or "none"
    cert = {
        "ex_ante": [
            [str(x) for x in game.payoff((i, j))]
            for i in range(len(rows))
            for j in range(len(cols))
        ]
    }
    cert.update(result.certificate)
    return Finding({"ex_ante_game": frozenset(hits)}, f"pure Bayes-Nash equilibria: {names}", cert)
