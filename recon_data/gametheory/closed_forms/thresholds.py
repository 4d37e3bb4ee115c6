"""Grim-trigger thresholds: the least discount factor at which cooperation forever beats a
one-period deviation followed by punishment forever.

Cooperation pays C each period, the best deviation D once, punishment N after: the threshold
solves C/(1 - delta) = D + delta N/(1 - delta). The stage payoffs come from the model: a
prisoner's dilemma's R, T, P; n Cournot firms sharing monopoly output; n Bertrand firms.
"""

from __future__ import annotations

from typing import Any

import sympy

from recon_data.gametheory.closed_forms.base import (
    Derivation,
    certificate,
    foc_step,
    solve_unique,
    symbol,
)
from recon_data.gametheory.closed_forms.oligopoly import cournot


def threshold(cooperate: Any, deviate: Any, punish: Any, model: str, **steps: Any) -> Derivation:
    """Solve the incentive constraint with equality for the discount factor."""
    delta = symbol("delta")
    constraint = cooperate / (1 - delta) - deviate - delta * punish / (1 - delta)
    value = solve_unique([sympy.together(constraint)], [delta])[delta]
    cert = certificate(model, "threshold", value, cooperate=cooperate, deviate=deviate,
                       punish=punish, constraint=constraint, **steps)  # fmt: skip
    return Derivation(value, cert)


def prisoners(reward: Any, temptation: Any, punishment: Any) -> Derivation:
    """Prisoner's dilemma stage payoffs R (both cooperate), T (defect alone), P (both defect)."""
    return threshold(reward, temptation, punishment, "trigger_pd")


def cournot_collusion(demand: Any, cost: Any, n: Any) -> Derivation:
    """n firms share the monopoly output; a deviator best-responds; Cournot-Nash forever after."""
    big_q, q = symbol("Q"), symbol("q")
    monopoly = (demand - cost) * big_q
    q_m = solve_unique([foc_step(monopoly, big_q)], [big_q])[big_q]
    share = (monopoly.subs(big_q, q_m)) / n
    rivals = (n - 1) * q_m / n
    deviation = (demand.subs(big_q, q + rivals) - cost) * q
    q_d = solve_unique([foc_step(deviation, q)], [q])[q]
    nash = cournot(demand, cost, n, "profit").value
    return threshold(share, deviation.subs(q, q_d), nash, "trigger_cournot",
                     monopoly_output=q_m, deviation_output=q_d)  # fmt: skip


def bertrand_collusion(monopoly_profit: Any, n: Any) -> Derivation:
    """n firms share the monopoly profit; a deviator undercuts and takes it all; zero after."""
    return threshold(monopoly_profit / n, monopoly_profit, sympy.Integer(0), "trigger_bertrand")
