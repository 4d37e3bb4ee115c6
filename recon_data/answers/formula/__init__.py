"""Formulas in named parameters, read without eval: the machinery of the `expression` kind.

`lexer` turns text into tokens from a whitelist; `parser` builds a small tuple tree from them
(never through `eval`, `sympify` or `parse_expr`); `printer` writes the canonical text;
`domain` reads the stated parameter domains and draws exact sample points; `evaluate`
computes a tree exactly at a point; `identity` proves two trees equal with sympy's sparse
polynomials; `reading` reads a boxed answer (relations, labels, hedges, negations); `gold` parses a
gold and grades a box against it (what the `expression` kind runs); `bridge` converts sympy
expressions from the solvers into trees and canonical text.
Nothing here imports sympy at module level.
"""

from __future__ import annotations
