"""A random sample of `disagree` items (seed 1, 12 per category) re-solved by hand.

Each item was solved from the prose with a pencil before the audit's parse was read; the
arithmetic is in the comment. Items the first pass misread (a cost read as a gain, "switch
back" read as passing, out-of-order clauses, "$X when they compete") are pinned here with
the corrected verdict. Payoffs: (first mover's, second mover's); stage games C/T/S/P.
"""

from __future__ import annotations

import pytest

from recon_data.curation.audit import audit_item

VERIFIED = [
    # backward_induction
    # "will pay" is a cost: Bob agrees -> pays 58270.38, waits -> pays 56624.07: wait (gold).
    ("train-1a52422d67bc", "agree", (2,)),
    # Bob finalizes for 88860.99 vs 30783.42 after passing: finalize; gold "pass" wrong.
    ("train-a10e450e74d8", "disagree", (1,)),
    # Taylor 85308.10 (finalize) vs 13030.53 (round 3 either way): finalize.
    ("train-fcff4f6da1f5", "disagree", (1,)),
    # Taylor 63293.24 (settle) vs 41014.80: settle.
    ("train-ee0af3f256a1", "disagree", (1,)),
    # Bob 65258.69 (accept) vs 10308.98: accept.
    ("train-def8fe473d88", "disagree", (1,)),
    # Taylor 47839.30 (settle) vs 19355.14: settle.
    ("train-356a107f87b5", "disagree", (1,)),
    # Dr. Lee: switch back (ends it) gives her 0, persisting leads to (7, 2): persist (gold).
    ("train-8d033846f26e", "agree", (1,)),
    # Bob invests at round 2 (44330.99 > 41824.19), so Alice gets 64755.47 < 66114.25 now.
    ("train-7befb8575162", "disagree", (1,)),
    # Bob concludes (21477.02 > 17958.33), so Alice passing gets 81822.10 > 54303.45.
    ("train-829efe5ebdcc", "disagree", (2,)),
    # Round-3 payoffs stated before Bob's: Bob switches back (6 > -6), Alice adopts (0 > -7).
    ("train-bba4a81a51b5", "disagree", (2,)),
    # Costs: Bailey accepts -> pays 68424.27, continues -> pays 68226.73: continue.
    ("train-7a505335e319", "disagree", (2,)),
    # Bob reverting gets -5, persisting leads to 0 for him either way: persist (option 1).
    ("train-9b19bf7ee953", "disagree", (1,)),
    # enforceability (grim trigger / minmax punishment at the stated delta)
    # C=25188.62 < P=26621.03, T=84886.47, S=26524.98: defection dominant, minmax 26621.03.
    # Alternation from the S period: (26524.98 + .65*84886.47)/1.65 = 49516 > 26621: holds.
    ("train-18945db81ae9", "disagree", (1, 4)),
    # "$16084.88 when they compete, $58030.56 when they collude": chicken (S=32795.73 >
    # P=16084.88), both-compete not IR; A low / B high is a stage equilibrium (the gold);
    # "both high on alternate years" holds only read as (C,D)/(D,C) alternation.
    # Chicken has a mixed stage equilibrium: "both firms randomly set prices" is an
    # equilibrium path if random play means that mixture (a second reading, issue 27).
    ("train-b2259f29e09b", "ambiguous", (1, 3, 4)),
    # Uphold (76292.15) vs default: coordination (S is a loss of 70475.94): CC and DD only.
    ("train-fd01a36dd847", "disagree", (1, 2)),
    # Compete dominant (69299.49 > 21574.27, 97391.31 > 45303.65): only both compete.
    ("train-f4ef8daaa333", "disagree", (2,)),
    # T=41923.15, C=29685.45, P=21931.21: threshold 12237.7/19991.94 = 0.612 > 0.50.
    ("train-3988fa51f016", "disagree", (2,)),
    # Breach dominant (78946.38 > 17454.23, 57378.39 > 40319.31).
    ("train-1780987bb5f8", "disagree", (1,)),
    # C=11286.63 < P=44514.25: reneging dominant, only both renege.
    ("train-99a624470ee7", "disagree", (2,)),
    # Adhere 83292.52 > 42990.10, defect 10043.22 > -87715.86: coordination, CC and DD.
    ("train-8109bd896655", "disagree", (1, 2)),
    # Price war dominant (73762.39 > 43304.92, 96891.35 > 68094.68): only both war.
    ("train-cb30ce7cf482", "disagree", (1,)),
    # Honour dominant (61529.74 > 48075.66, 68708.80 > 48524.28): only both honour.
    ("train-5fbe049b55e9", "disagree", (1,)),
    # trigger: the set of delta where grim trigger is subgame perfect (issue 27): it needs
    # P >= S (mutual defection a stage equilibrium) and delta (T-P) >= T-C.
    # Open 633.5 / barriers 296.5 respectively: S=633.5 > P=62, the punishment is not
    # credible: subgame perfect at no delta (the first pass's "threshold 0" ignored it).
    ("train-02f7ec08f80e", "ill_posed", ()),
    # Secures 663.5 (S), risks 672.5 (T), P=292: S > P, no delta (0.51 was the on-path bound).
    ("train-1749823c3622", "ill_posed", ()),
    # Secure 565.5 (S) > P=147: no delta.
    ("train-532b1c0672de", "ill_posed", ()),
    # Collaborates 268.5 (S) > P=156: no delta.
    ("train-ea37742f7874", "ill_posed", ()),
    # feasibility: feasible and at least the mixed minmax for each firm (issue 27); no option
    # supported is `no_option` (a supported payoff exists, none is offered).
    # Misappropriating is dominant (85299.81 > 36483.38, 87079.77 > -41582.27): minmax
    # 85299.81 pure and mixed; every option is below it.
    ("train-12957a28c4f0", "no_option", ()),
    # Collusion dominant, minmax 73747.01; 562685.18 is above every stage payoff.
    ("train-6f0ecc1cb6f8", "no_option", ()),
    # Chicken (C 14226.84, T 74346.36, S 48749.74, P 33684.74): the opponent mixing holds a
    # firm to 41832.6 (pure 48749.74); 69534.6 exceeds the best symmetric point 61548.05 and
    # the other options are below 41832.6.
    ("train-ca8808ffb6f2", "no_option", ()),
    # Coordination, mixed minmax 50891.9 (pure 58803.77); the options are below it or above
    # every payoff.
    ("eval-c58c9aef5280", "no_option", ()),
    # Minmax 76025.00 (pure and mixed); all options below or infeasible.
    ("train-96fe329a43f3", "no_option", ()),
    # certainty_effect: expected utility with any increasing utility.
    # Option 2 (96 w.p. .6986) dominates option 1 (0.14 w.p. .4804): gold 1 is dominated.
    ("eval-7a9ba6e1d3d4", "disagree", (2,)),
    # Option 2 (47 w.p. .1958) dominates option 1 (0.26 w.p. .1712).
    ("eval-a0d05c5c357c", "disagree", (2,)),
    # 0.14 sure over 0.12 w.p. .8025 is forced by monotonicity (reveals no risk attitude);
    # 0.14 w.p. .3146 vs 6 w.p. .1975: no dominance, so the utility decides.
    ("eval-a09d4c19ba7e", "ill_posed", ()),
    # --- Second pass (stage-game prose shapes added to the parser; each solved by hand) ---
    # trigger. Invest heavily is cooperation ("investing heavily until ..."); the heavy
    # investor facing a non-investor gets 854.5 (S), the non-investor 330.5 (T): T < C = 833,
    # so deviating never pays; but S = 854.5 > P = 516: not subgame perfect at any delta. The
    # question does not say "subgame perfect": as a Nash equilibrium grim trigger holds for
    # delta in [0, 0.959], least 0, which no option offers (gold 0.06 takes 854.5 as T).
    ("train-3f3998bfc6ec", "no_option", ()),
    # "each incurs 192.0 in damages": P = -192, C = 227, T = 723.5, S = -377.5 <= P:
    # (723.5 - 227) / (723.5 + 192) = 0.5423; options 0.93 / 0.90 (gold reads P = +192).
    ("train-4c5b4a3911bb", "no_option", ()),
    # Option A / Option B as actions: "193.0, 552.0, respectively" to the A- and B-chooser:
    # C 189, T 552, S 193, P 91: S > P, no delta makes grim trigger subgame perfect (0.79 is
    # the on-path bound (552 - 189) / (552 - 91) only).
    ("train-5f7ff74e9294", "ill_posed", ()),
    # Amounts in parentheses: collaborate (337.0), aggressive 452.5, passive 500.0, both
    # aggressive 292.0: S = 500 > P = 292, subgame perfect at no delta (0.72 is on-path only).
    ("train-a07be79fef04", "ill_posed", ()),
    # Condition in its own clause ("If both companies decide to undercut each other, both
    # will earn 955.0"): C = 631 < P = 955, but T = 553.5 < C too: delta (T-P) >= T-C reads
    # -401.5 delta >= -77.5, delta <= 155/803 (S = 698 < P): subgame perfect for delta in
    # [0, 0.193], least 0, which no option offers (the first pass said "no delta").
    ("train-6c66ef4d4682", "no_option", ()),
    # enforceability. Amount before its condition ("$X each year when setting low prices"),
    # "the low price firm": high/high 89071.78, low/low 25500.91, low vs high 75401.29 /
    # 59204.20. High is dominant (89071.78 > 75401.29, 59204.20 > 25500.91): under Nash
    # reversion only both high. Under minmax punishment (the low-price firm held to 59204.20)
    # "one low, one high" holds too: the low firm's 75401.29 beats deviating, 0.38 * 89071.78
    # + 0.62 * 59204.20 = 70553.9. The gold (both low) is wrong either way.
    ("train-56cebb08e146", "disagree", (1, 2)),
    # "the aggressor gets $80342.09 while the less aggressive firm gets $40808.84": war/war
    # 56326.74, collude 37175.34. War dominant (80342.09 > 37175.34, 56326.74 > 40808.84):
    # only both war (collusion 37175.34 is below the minmax 56326.74).
    ("train-a8f4239b5728", "disagree", (1,)),
    # Collude 89379.28, defector 66604.75 < 89379.28 (no gain), the other 50126.20 >
    # war 40610.76: collusion is dominant, both war is no stage equilibrium: only collusion.
    ("train-88d93da289f2", "disagree", (2,)),
    # "A incurs a loss of $71454.98 and B gains $49255.83": the gain is not a loss.
    # Breach dominant (49255.83 > 41552.33, 65523.91 > -71454.98): only both breach.
    ("train-12d1426366de", "disagree", (2,)),
    # "the reneging firm saves costs and gets $22479.54": the subject names the owner.
    # Adhere 72311.39 > 22479.54 and renege 27700.71 > -47755.08: both are stage equilibria.
    ("train-65c14cc98796", "ambiguous", (1, 2)),
    # feasibility (feasible and at least the mixed minmax for each firm; none: no_option).
    # Contributor "incurs a cost of $53332.11", non-contributor 62312.50, C 23089.12,
    # P 42583.10: minmax 42583.10 = the best symmetric point, 43306.1 is above it, rest below.
    ("train-83a572c7a98a", "no_option", ()),
    # "the yearly payoff for both firms when engaging in a price war is $65278.89": minmax
    # max(31552.72, 52370.84) = 52370.84; options 25405.95, 9230.39, 5845.56 below it,
    # 850231.19 above every payoff.
    ("eval-064ec3e8201a", "no_option", ()),
    # C 46840.02, S -68272.15, T 81378.00, P 17919.22: minmax 17919.22, best symmetric
    # point 46840.02; 61224.76 and 757587.24 infeasible, 16551.9 and 12715.79 below minmax.
    ("train-c913b4b0a045", "no_option", ()),
    # "the firm that contributed as promised gains nothing": S = 0; minmax 68260.24 (P);
    # 85331.9 lies between P and C = 93200.41 on the diagonal: only option 1.
    ("train-7013a402e61e", "agree", (1,)),
    # "$43188.98 when one firm slashes prices while ...": T 43188.98, S 56497.83, C 70143.79,
    # P 62892.17; minmax 62892.17, every option is below it, so every option "is not
    # feasible" (the question's negation): all four are right.
    ("train-23e9372a203d", "ambiguous", (1, 2, 3, 4)),
    # "agree not to advertise" vs "the non-advertising firm" (negation): S 73824.08 against
    # advertising, C 73694.38: minmax 73694.38; all options below it or infeasible.
    ("eval-b0bd528658fd", "no_option", ()),
    # "the defector gains an advantage and earns $49650.81, while the loyal firm suffers a
    # loss and only earns $88830.51" (earns, not a loss): minmax max(81833.60, 49650.81) =
    # 81833.60; options 66281.13, 29932.64, 16373.8 below it, 976168.01 infeasible.
    ("train-4dbb158df97b", "no_option", ()),
    # backward_induction, second pass. "3-round" is a round count, not a payoff; "Jordan's
    # firm 71489.33" is a payoff (only "Firm 2"-like small integers are names).
    # Bob closes (85798.52) or passes to a final round paying him 41673.43 either way: close.
    ("train-1401527aeb80", "disagree", (1,)),
    # Jordan agrees (27563.87) or pushes to 71489.33 either way: pushes; so Alex finalizes
    # now (72756.04 > 62241.02).
    ("train-29113fe61f5e", "disagree", (1,)),
    # A payoff the text never states (Taylor's at Alex's first-round stop) that no decision
    # depends on: Taylor accepts (60637.01) rather than pass to 20100.84 either way.
    ("train-091fb3106987", "disagree", (1,)),
    # Same shape: Taylor passes (37614.75 either way in round 3 > 28579.65).
    ("train-96a7b4c60e5c", "agree", (2,)),
    # Diane's payoff at Jack's first-round stop is never stated; Diane defers (99102.53 in
    # round 3 either way > 12182.62).
    ("train-bf5a7ce6beb0", "disagree", (2,)),
    # backward_induction, third pass: doctors' options by the story's own clauses.
    # Bob reverts (8) rather than sustain into a final round paying him 7 either way.
    ("train-6dd1e85a12b7", "agree", (2,)),
    # Brown reverts (-1 > -8 in the final round), so Smith takes the alternative (4 > -6).
    ("train-a68acd55471f", "disagree", (2,)),
    # Supporting A's treatment is the paid action here (4), reverting leads to -6: support.
    ("train-8d684a88e097", "disagree", (2,)),
    # Continuing is the paid action (-2), reverting leads to Rivera's choice (-9): continue.
    ("train-9e90eb8ef8ff", "disagree", (1,)),
    # Payoff owners. "he will receive -5, and Dr. Alice will receive 5": Bob switches (-5 >
    # -6 in the final round), so Alice picks Bob's plan (5 > 1).
    ("train-37e6d84d077c", "disagree", (2,)),
    # "she [Adams] will get -8 and Dr. Smith receives -4": Adams continues (-6 > -8),
    # Smith keeps her plan (-2 > -4).
    ("train-f98800fcb805", "agree", (1,)),
    # "resulting in him gaining 6 and Dr. Alice obtaining 0": Bob continues Alice's
    # treatment (6 > -3), Alice defers (0 > -8).
    ("train-736b2f44b957", "disagree", (2,)),
    # Asked node. The question is the opening sentence: Bob passes (46029.74 > 44724.05),
    # Alice settles (38282.50 > 35123.99).
    ("train-8d8d4f2b1336", "agree", (1,)),
    # "what should Alex do initially?": Taylor finalizes (97300.17 > 20582.47), so Alex
    # finalizes (84553.31 > 35965.42).
    ("train-f1020009810b", "disagree", (1,)),
    # "at her final decision point": both final choices pay (-3, -6).
    ("train-a207d81da3f3", "ambiguous", (1, 2)),
    # Players. "Physician A": B reverts for -10 or sticks for 3: sticks; A defers (9 > 8).
    ("train-59ddf7cc618b", "disagree", (2,)),
    # "the buyer"/"the seller": the seller accepts (78659.39 > 27795.61).
    ("train-d62c68303f0f", "disagree", (1,)),
    # "TechB's CEO": agree 15048.59 < 57142.82 after the final round: push.
    ("train-ffe15fb12884", "agree", (2,)),
    # "Taylor and Alex, who is acting as Taylor's agent, will receive X and Y respectively"
    # (Taylor 77635.60): Alex concludes for 64680.62 or pushes to 79156.20: push.
    ("train-92d8817e8b55", "disagree", (2,)),
    # Five outcomes (both of the second mover's actions paid, then two final outcomes), judged
    # under every reading (issue 27). eval-3d476130a921: Smith stops for 8; passing gives him
    # -1 (either paid action) or 3 (the final round, either way): every reading says stop.
    ("eval-3d476130a921", "agree", (1,)),
    # train-1734622f00c3: Smith sticks with the standard medication for 7; passing gives him
    # -9 under every reading (both of Lee's actions and both final outcomes pay him -9).
    ("train-1734622f00c3", "agree", (1,)),
    # Both of the second mover's actions paid, the one the text continues from leads to a
    # final round that states one outcome.
    ("train-0d187c4f3c83", "ill_posed", ()),
    ("train-20dea338e9ba", "ill_posed", ()),
    ("train-ed5b4b583e12", "ill_posed", ()),
    # The paid action is the one the text says leads to the final round (sticking with her
    # own treatment pays and is also what the final round follows).
    ("train-6ec0c5e777ca", "ill_posed", ()),
    ("train-dfe6e57ab05c", "ill_posed", ()),
    # "whether to adopt ... or to defer ..., resulting in respective payoffs of X and Y",
    # then adopting is the action that leads to the second mover.
    ("train-23a7eda0d281", "ill_posed", ()),
]


@pytest.mark.parametrize(("item_id", "status", "correct"), VERIFIED)
def test_verified_status(
    release_by_id, item_id: str, status: str, correct: tuple[int, ...]
) -> None:
    audited = audit_item(release_by_id[item_id])
    assert audited.status == status, audited.reason
    assert audited.correct_options == correct
