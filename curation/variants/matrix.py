"""Bimatrix families (pure_nash, pte, iterated_dominance): read, transform, render, solve.

The question of these items is the two payoff matrices in the release's notation (the
generators copy it: `prompts.matrices_block`), so a transformed game is rendered exactly as
a release item would show it. Each transform here preserves the answer up to a known map
(docs/variants.md): swapping the players transposes the profiles, reordering rows and
columns renumbers them, a positive affine map of one player's payoffs changes nothing.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from recon_data import answers
from recon_data.curation.variants.base import Edit, Skip, shuffled

if TYPE_CHECKING:
    from recon_data.schema import Problem

Matrix = list[list[int]]
CATEGORIES = ("pure_nash", "pte", "iterated_dominance")
SCALES = (2, 3, 4, 5, 10)  # positive factors of a rescale (integers keep integer payoffs)
SHIFT = 10  # shifts are drawn from -SHIFT..SHIFT


def read(problem: Problem) -> tuple[Matrix, Matrix]:
    """The two integer payoff matrices of a bimatrix item (Skip when they are not integers)."""
    from recon_data.curation.audit.base import Unparsed
    from recon_data.curation.audit.matrix import parse_bimatrix

    try:
        a, b = parse_bimatrix(problem.question)
    except Unparsed as exc:
        raise Skip(f"cannot read the matrices: {exc}") from None
    if not all(type(x) is int for m in (a, b) for row in m for x in row):
        raise Skip("the payoffs are not integers")
    return a, b


def render(a: Matrix, b: Matrix) -> str:
    """The matrices as the release writes them."""
    from recon_data.curation.generators.prompts import matrices_block

    return matrices_block(a, b)


def solve(category: str, a: Matrix, b: Matrix) -> tuple[str, Any]:
    """The gold (profile list) of the game for the category, and the solver's certificate."""
    from recon_data.gametheory import (
        NormalFormGame,
        iterated_elimination,
        perfectly_transparent,
        pure_nash,
    )

    game = NormalFormGame.from_bimatrix(a, b)
    if category == "pure_nash":
        result = pure_nash(game)
        return answers.format_profile_set(result.profiles), result.certificate  # type: ignore[arg-type]
    if category == "pte":
        ir = perfectly_transparent(game, "individual_rationality")
        literal = perfectly_transparent(game, "pareto")
        if literal.pte != ir.pte:
            # The release's prompt words the rule both ways; keep only games where they agree.
            raise Skip("the two PTE rules give different answers for this game")
        cert = {"individual_rationality": ir.certificate, "pareto_literal": literal.certificate}
        return answers.format_profile_set(ir.pte), cert  # type: ignore[arg-type]
    if category == "iterated_dominance":
        import itertools

        elim = iterated_elimination(game, strict=True)
        rows, cols = elim.surviving
        return answers.format_profile_set(itertools.product(rows, cols)), elim.certificate
    raise Skip(f"no matrix solver for {category}")


def _identity(a: Matrix) -> dict[str, Any]:
    return {"rows": list(range(len(a))), "cols": list(range(len(a[0]))), "swap": False}


def swap_players(problem: Problem, rng: random.Random) -> Edit:
    """Relabel the players: Player 0 becomes Player 1 (A' = B transposed, B' = A transposed)."""
    a, b = read(problem)
    a2 = [list(col) for col in zip(*b, strict=True)]
    b2 = [list(col) for col in zip(*a, strict=True)]
    if (a2, b2) == (a, b):
        raise Skip("a symmetric game: swapping the players changes nothing")
    mapping = _identity(a)
    mapping["swap"] = True
    return Edit(render(a2, b2), (), {"players": [1, 0]}, mapping)


def permute(problem: Problem, rng: random.Random) -> Edit:
    """Reorder rows and columns (new row rows[i] shows old row i); not both unchanged."""
    a, b = read(problem)
    n, m = len(a), len(a[0])
    while True:
        rows = shuffled(rng, n) if rng.random() < 0.5 else list(range(n))
        cols = shuffled(rng, m) if rows == list(range(n)) or rng.random() < 0.5 else list(range(m))
        if rows != list(range(n)) or cols != list(range(m)):
            break
    # rows/cols as drawn list new positions in order of the old; place old i at rows[i].
    a2 = [[0] * m for _ in range(n)]
    b2 = [[0] * m for _ in range(n)]
    for i in range(n):
        for j in range(m):
            a2[rows[i]][cols[j]] = a[i][j]
            b2[rows[i]][cols[j]] = b[i][j]
    if (a2, b2) == (a, b):
        raise Skip("reordering gives the same matrices (repeated rows or columns)")
    params = {"rows": rows, "cols": cols}
    return Edit(render(a2, b2), (), params, {"rows": rows, "cols": cols, "swap": False})


def rescale(problem: Problem, rng: random.Random) -> Edit:
    """Map each player's payoffs by its own positive affine map x -> scale * x + shift."""
    a, b = read(problem)
    scale = [rng.choice(SCALES), rng.choice(SCALES)]
    shift = [rng.randint(-SHIFT, SHIFT), rng.randint(-SHIFT, SHIFT)]
    a2 = [[scale[0] * x + shift[0] for x in row] for row in a]
    b2 = [[scale[1] * x + shift[1] for x in row] for row in b]
    return Edit(render(a2, b2), (), {"scale": scale, "shift": shift}, _identity(a))
