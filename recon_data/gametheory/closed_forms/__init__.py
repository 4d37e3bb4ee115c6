"""Closed forms of textbook economic models, derived by sympy from their primitives.

Each function takes a model's primitives as sympy expressions (a demand curve, costs, a
utility, discount factors: symbols or numbers alike), writes the objective of every agent,
solves the first-order conditions symbolically, checks the second-order condition, and returns
a `Derivation`: the asked quantity and a JSON certificate of the steps. Nothing is typed in:
`(a - c)/(b*(n + 1))` is what solving the Cournot conditions gives. sympy is imported by these
modules only, and they load only when a name is first used (see `recon_data.gametheory`).
"""

from __future__ import annotations
