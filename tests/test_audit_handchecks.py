"""Release items whose audit status was checked by hand: the arithmetic is in each comment.

These pin the verdicts on real prose (read from ../shared at run time), so a parser change
that misreads whose payoff a number is, or which option is which action, fails here.
"""

from __future__ import annotations

import pytest

from recon_data.curation.audit import audit_item

HAND_CHECKED = [
    # backward_induction: (first mover's, second mover's) payoffs read off the prose.
    # s1=(34058.28, 74567.82) s2=(47892.45, 67009.74) t3=(85932.27, 88448.83) either way.
    # Bob at round 2: 67009.74 < 88448.83, passes; Alice at round 1: 34058.28 < 85932.27,
    # so she continues. Gold "finalize" is wrong.
    ("train-0c3e5163590a", "disagree", (2,)),
    # s2=(53033.18, 21904.49), t3=(73647.89, 94924.68): Bob 21904.49 < 94924.68, passes.
    # Gold "finalize" is wrong.
    ("train-13f128403377", "disagree", (2,)),
    # s2=(75141.41, 91966.86), t3=(34735.53, 47814.62): Taylor 91966.86 > 47814.62, concludes.
    # Gold "pass it back" is wrong.
    ("train-260dbf759ea4", "disagree", (1,)),
    # s2=(80473.87, 42327.71), t3=(15932.81, 27377.95): Bob 42327.71 > 27377.95, concludes.
    ("train-267a9966f2a1", "disagree", (1,)),
    # s1=(86060.79, 32298.12), s2=(64310.96, 51798.22), t3=(54391.48, 61179.52): Bob passes
    # (51798.22 < 61179.52), so Alice compares 86060.79 with 54391.48 and accepts now.
    ("train-03177c11cba7", "disagree", (1,)),
    # s2=(52923.44, 95846.50), t3=(29209.30, 82536.08): Bob 95846.50 > 82536.08, finalizes.
    ("eval-02e2c0496c12", "agree", (1,)),
    # trigger: the set of delta where grim trigger is subgame perfect: P >= S (mutual
    # defection a stage equilibrium) and delta (T - P) >= T - C (issue 27).
    # C=129, the gambler (deviator) 384, the securer facing him S=454.5, P=61: S > P, so the
    # punishment is not credible and no delta works (the first pass read 0.7895 on-path).
    ("train-592de8dd2ded", "ill_posed", ()),
    # C=219, "one secures while the other gambles, 535.0 and 429.5 respectively", P=152:
    # S=535 > P, no delta (on-path alone it would be 0.7586).
    ("train-1d77de47b316", "ill_posed", ()),
    # C=682 < P=995 and T=309.5 < C, S=680 < P: -685.5 delta >= -372.5, delta <= 0.5434:
    # subgame perfect for every delta in [0, 745/1371]; the least, 0, is no option.
    ("train-0a8b5813e949", "no_option", ()),
    # C=213, former (abstainer) 590 = S, latter (overfisher) T=476.5, P=79: S > P, no delta
    # (0.66, the gold, is only the on-path bound).
    ("eval-9dc064f0040d", "ill_posed", ()),
    # C=283, risker T=505.5, securer S=355 > P=256: no delta (on-path alone: 0.8918).
    ("train-02db7e86fdc1", "ill_posed", ()),
    # enforceability: grim trigger with Nash reversion at the stated delta.
    # C=53512.23, delaying firm T=19284.25, on-time firm S=65068.80, P=49124.91: meeting the
    # deadline is strictly dominant (C > T, S > P), so only "both meet" is an equilibrium;
    # "both delay" (the gold) pays 65068.80 - 49124.91 to a one-shot deviator.
    ("train-009b5c85e64f", "disagree", (1,)),
    # C=94112.82, price-war firm T=55408.32, high-price firm S=64502.31, P=12305.87: high
    # prices strictly dominant; the gold "price war every period" is not an equilibrium.
    ("train-03bc92048ad5", "disagree", (1,)),
    # C=70999.48, breacher T=48817.53, honourer S=57084.16, P=15337.08: honouring dominant;
    # in the alternating path the breacher would rather honour (70999.48 > 48817.53).
    ("train-04696f37d97e", "disagree", (1,)),
    # Both-low 67954.14 and both-high 85061.24 are stage equilibria (73087.64 < 85061.24,
    # 62850.64 < 67954.14); the gold "one low, one high" is not: the high-price firm gets
    # 62850.64 and can switch to low for 67954.14 now and 67954.14 forever after.
    ("train-05250271e29d", "disagree", (1, 2)),
    # C=46313.85, T=70513.73, S=25906.64, P=94661.43, delta=0.48: defection dominant, so
    # "both defect" is the only sustainable path; cooperation: 46313.85/0.52 = 89065.1 <
    # 70513.73 + 0.48*94661.43/0.52 = 157893.5.
    ("train-116c94b24538", "agree", (2,)),
]


@pytest.mark.parametrize(("item_id", "status", "correct"), HAND_CHECKED)
def test_hand_checked_status(
    release_by_id, item_id: str, status: str, correct: tuple[int, ...]
) -> None:
    audited = audit_item(release_by_id[item_id])
    assert audited.status == status, audited.reason
    assert audited.correct_options == correct
