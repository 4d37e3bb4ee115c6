"""The ten complete-information games of Hua et al. (2024), as data only.

Payoffs are (Alice, Bob), transcribed from ../shared/docs/games.md. Actions are named
`choice_k` as the prompts name them; in the trees, Alice moves at even depths of the
original notation (A1 -> choice_1) and Bob at the others (B2 -> choice_2). No equilibrium
is written here: the solvers compute them (`recon_data.games.catalog`).
"""

from __future__ import annotations

from recon_data.gametheory.tree import Decision, Node, leaf

A, B = 0, 1


def _d(player: int, *children: Node) -> Decision:
    return Decision(player, tuple((f"choice_{k + 1}", c) for k, c in enumerate(children)))


# name -> (title, rows of (Alice, Bob) payoff pairs; rows Alice's choice, columns Bob's)
SIMULTANEOUS: dict[str, tuple[str, list[list[tuple[int, int]]]]] = {
    "prisoners_dilemma": ("Prisoner's Dilemma", [[(3, 3), (0, 5)], [(5, 0), (1, 1)]]),
    "stag_hunt": ("Stag Hunt", [[(3, 3), (0, 1)], [(1, 0), (1, 1)]]),
    "battle_of_the_sexes": ("Battle of the Sexes", [[(2, 1), (0, 0)], [(0, 0), (1, 2)]]),
    "wait_go": ("Wait-Go", [[(0, 0), (0, 2)], [(2, 0), (-4, -4)]]),
}

# Alice's duopoly payoff; Bob's is the transpose (the game is symmetric).
_DUOPOLY = [
    [0, 0, 0, 0, 0, 0],
    [9, 7, 5, 3, 1, -1],
    [14, 10, 6, 2, -2, -2],
    [15, 9, 3, -3, -3, -3],
    [12, 4, -4, -4, -4, -4],
    [5, -5, -5, -5, -5, -5],
]
SIMULTANEOUS["duopoly"] = (
    "Duopolistic Competition",
    [[(_DUOPOLY[i][j], _DUOPOLY[j][i]) for j in range(6)] for i in range(6)],
)

SEQUENTIAL: dict[str, tuple[str, Node]] = {
    "escalation": (
        "Escalation",
        _d(A, leaf(0, 0), _d(B, leaf(1, -2), _d(A, leaf(-2, 1), leaf(-1, -1)))),
    ),
    "monopoly": ("Monopoly", _d(A, leaf(0, 2), _d(B, leaf(2, 1), leaf(-1, -1)))),
    "hot_cold": (
        "Hot-Cold",
        _d(A, _d(B, leaf(3, 2), leaf(2, 3)), _d(B, leaf(1, 4), leaf(4, 1))),
    ),
    "draco": (
        "Draco",
        _d(
            A,
            _d(B, leaf(5, 5), _d(A, leaf(2, 2), leaf(3, 4))),
            _d(B, leaf(4, 5), _d(A, leaf(5, 3), leaf(2, 2))),
        ),
    ),
    "trigame": (
        "Trigame",
        _d(
            A,
            _d(B, _d(A, leaf(20, 3), leaf(0, 4)), _d(A, leaf(2, 5), leaf(3, 4))),
            _d(B, _d(A, leaf(1, 5), leaf(4, 10)), _d(A, leaf(2, 1), leaf(3, 2))),
        ),
    ),
}

# Recon's Table 4 (self-play, 20 trials, temperature 0.6): R1-Distill-Qwen-7B -> Recon GRPO.
PAPER_TABLE4: dict[str, tuple[float, float]] = {
    "prisoners_dilemma": (0.95, 1.00),
    "stag_hunt": (0.50, 0.60),
    "battle_of_the_sexes": (0.10, 0.20),
    "wait_go": (0.25, 0.65),
    "duopoly": (0.15, 0.10),
    "escalation": (0.95, 1.00),
    "monopoly": (0.95, 0.95),
    "hot_cold": (0.65, 0.95),
    "draco": (0.75, 0.90),
    "trigame": (0.65, 0.50),
}
# Table 4's overall averages for Qwen2.5-7B-Instruct, R1-Distill-7B, Recon-SFT, Recon-RL.
PAPER_TABLE4_OVERALL: dict[str, float] = {
    "Qwen2.5-7B-Instruct": 0.35,
    "R1-Distill-Qwen-7B": 0.59,
    "Recon-SFT": 0.63,
    "Recon-RL": 0.69,
}
