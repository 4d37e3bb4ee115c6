"""The ten GTBench games as data: OpenSpiel settings, our rules text, states and actions in words.

No OpenSpiel import here: the renderers receive a pyspiel state and the match log (every
action so far as `(player, OpenSpiel action string)`, chance as player -1) and only call
string methods on the state. Each renderer shows a player only what that player may know.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Log = list[tuple[int, str]]
CHANCE = -1
TICTACTOE_SEATS = ("x", "o")
NUMBERED_SEATS = ("player 1", "player 2")
KUHN_CARDS = ("Jack", "Queen", "King")
IPD_PAYOFF = {("C", "C"): (5, 5), ("C", "D"): (0, 10), ("D", "C"): (10, 0), ("D", "D"): (1, 1)}


@dataclass(frozen=True)
class GameDef:
    """One GTBench game: its OpenSpiel load string, kind, seat names, rules and renderers."""

    name: str
    title: str
    load: str  # pyspiel.load_game string; "{seed}" is filled with the match seed
    kind: str  # sequential | simultaneous (as OpenSpiel plays it)
    perfect_information: bool
    seats: tuple[str, str]
    rules: str
    describe: Callable[[Any, int, Log], str]
    action: Callable[[str], str]  # OpenSpiel action string -> what the prompt calls it


def _moves(log: Log, seats: tuple[str, str], player: int, name: Callable[[str], str] = str) -> str:
    """The players' moves in order (chance left out), named for the prompt, ours marked."""
    lines = [
        f"{i}. {'you' if p == player else 'opponent'} ({seats[p]}): {name(a)}"
        for i, (p, a) in enumerate(((p, a) for p, a in log if p != CHANCE), start=1)
    ]
    return "Moves so far:\n" + ("\n".join(lines) if lines else "none yet")


def _grid(rows: list[str], labels: bool = True) -> str:
    width = len(rows[0])
    head = "    " + " ".join(str(c) for c in range(width))
    body = [f"{r:>2}  " + " ".join(row) for r, row in enumerate(rows)]
    return "\n".join([head, *body] if labels else body)


def _ttt_action(raw: str) -> str:
    r, c = re.findall(r"\d", raw)
    return f"put {raw[0]} at row {r}, column {c}"


def _ttt(state: Any, player: int, log: Log) -> str:
    seats = TICTACTOE_SEATS
    board = _grid(str(state).strip().split("\n"))
    return f"You play {seats[player]}.\nBoard (. is empty):\n{board}\n{_moves(log, seats, player, _ttt_action)}"


def _c4_action(raw: str) -> str:
    return f"drop {raw[0]} into column {raw[1:]}"


def _c4(state: Any, player: int, log: Log) -> str:
    seats = TICTACTOE_SEATS
    board = _grid(str(state).strip().split("\n"))
    return (
        f"You play {seats[player]}. Rows are listed top (row 0) to bottom; pieces fall to the "
        f"lowest empty cell of a column.\nBoard (. is empty):\n{board}\n"
        f"{_moves(log, seats, player, _c4_action)}"
    )


def _bt_action(raw: str) -> str:
    text = f"move the piece on {raw[:2]} to {raw[2:4]}"
    return text + " (capturing)" if raw.endswith("*") else text


def _bt(state: Any, player: int, log: Log) -> str:
    seats = ("black (b)", "white (w)")
    goal = "row 1 (the bottom)" if player == 0 else "row 8 (the top)"
    return (
        f"You play {seats[player]} and move toward {goal}.\nBoard (columns a-c, rows 8 to 1, "
        f". is empty):\n{str(state).rstrip()}\n{_moves(log, seats, player, _bt_action)}"
    )


def _nim_action(raw: str) -> str:
    pile, take = re.findall(r"\d+", raw)
    return f"take {take} from pile {pile}"


def _nim(state: Any, player: int, log: Log) -> str:
    piles = str(state).split(":", 1)[1].split()
    shown = ", ".join(f"pile {i} has {n}" for i, n in enumerate(piles, start=1))
    return f"Piles now: {shown}.\n{_moves(log, NUMBERED_SEATS, player, _nim_action)}"


def _bid(raw: str) -> str:
    return f"bid {raw.rsplit(':', 1)[1].strip()}"


def _auction(state: Any, player: int, log: Log) -> str:
    values = [a for p, a in log if p == CHANCE]
    mine = values[player].rsplit(":", 1)[1].strip()
    return (
        f"Your private value for the item is {mine}. You do not know the other bidder's value, "
        "and neither bidder sees the other's bid before the result."
    )


def _kuhn_action(raw: str) -> str:
    return {"Pass": "pass (check, or fold facing a bet)", "Bet": "bet (bet 1 chip, or call)"}[raw]


def _kuhn(state: Any, player: int, log: Log) -> str:
    deals = [a for p, a in log if p == CHANCE]
    card = KUHN_CARDS[int(deals[player].split(":")[1])]
    return f"Your card: {card}. The other card is hidden.\n{_moves(log, NUMBERED_SEATS, player, str.lower)}"


def _dice_action(raw: str) -> str:
    if raw == "Liar":
        return "call liar (challenge the last bid)"
    count, face = raw.split("-")
    return f"bid: at least {count} of the 2 dice show {face}"


def _dice(state: Any, player: int, log: Log) -> str:
    rolls = [a for p, a in log if p == CHANCE]
    mine = rolls[player].split()[-1]
    return f"Your die shows {mine}; the other die is hidden.\n{_moves(log, NUMBERED_SEATS, player, _dice_action)}"


def _deal_action(raw: str) -> str:
    if "Agreement" in raw:
        return "accept the other agent's last proposal"
    items = raw.split(":", 1)[1].strip()
    return f"propose that you take {items} (the other agent gets the rest)"


def _deal(state: Any, player: int, log: Log) -> str:
    obs = state.observation_string(player)
    pool = re.search(r"Item pool: ([\d ]+)", obs).group(1).split()  # type: ignore[union-attr]
    util = re.search(r"util vec: ([\d ]+)", obs).group(1).split()  # type: ignore[union-attr]
    steps = re.search(r"Max steps: (\d+)", obs).group(1)  # type: ignore[union-attr]
    lines = [
        f"Item pool: {pool[0]} of item A, {pool[1]} of item B, {pool[2]} of item C.",
        f"Your value per item: A {util[0]}, B {util[1]}, C {util[2]} (the other agent's values "
        "are hidden).",
        f"The negotiation ends with no deal (0 for both) after {steps} turns in all.",
    ]
    offers = [(p, a.split(":", 1)[1].strip()) for p, a in log if p != CHANCE]
    for p, items in offers:
        who = "You" if p == player else "The other agent"
        lines.append(f"{who} proposed to take [A, B, C] = {items}.")
    if offers and offers[-1][0] != player:
        last = [int(x) for x in re.findall(r"\d+", offers[-1][1])]
        rest = [int(n) - k for n, k in zip(pool, last, strict=True)]
        worth = sum(int(u) * k for u, k in zip(util, rest, strict=True))
        lines.append(f"Accepting it gives you {rest}, worth {worth} to you.")
    return "\n".join(lines)


def _pig_action(raw: str) -> str:
    return {"roll": "roll the die", "stop": "stop and bank your turn total"}[raw]


def _pig(state: Any, player: int, log: Log) -> str:
    scores = re.search(r"Scores: (\d+) (\d+), Turn total: (\d+)", str(state))
    me, them, turn = scores.group(1 + player), scores.group(2 - player), scores.group(3)  # type: ignore[union-attr]
    return f"Your banked score: {me}. Opponent's banked score: {them}. Your turn total: {turn}."


def _ipd_action(raw: str) -> str:
    return {"COOPERATE": "cooperate", "DEFECT": "defect"}[raw]


def ipd_rounds(log: Log) -> list[tuple[str, str]]:
    """The (player 1, player 2) actions of every finished round, as C or D, read from the log."""
    plays = [a[0] for p, a in log if p != CHANCE]
    return [(plays[i], plays[i + 1]) for i in range(0, len(plays) - 1, 2)]


def _ipd(state: Any, player: int, log: Log) -> str:
    rounds = ipd_rounds(log)
    word = {"C": "cooperated", "D": "defected"}
    lines, mine, theirs = [], 0, 0
    for i, pair in enumerate(rounds, start=1):
        me, them = pair[player], pair[1 - player]
        got = IPD_PAYOFF[(me, them)]
        mine, theirs = mine + got[0], theirs + got[1]
        lines.append(
            f"Round {i}: you {word[me]}, the opponent {word[them]}; you got {got[0]}, they got {got[1]}."
        )
    lines.append(f"Totals so far: you {mine}, the opponent {theirs}.")
    return f"This is round {len(rounds) + 1}.\n" + "\n".join(
        lines if rounds else ["No rounds played yet."]
    )


GAMES: tuple[GameDef, ...] = (
    GameDef("tictactoe", "Tic-tac-toe", "tic_tac_toe", "sequential", True, TICTACTOE_SEATS,
        "Players take turns putting their mark on an empty cell of a 3x3 board; x moves first. "
        "Three marks in a row, column or diagonal win; a full board without one is a draw.",
        _ttt, _ttt_action),
    GameDef("connect4", "Connect Four", "connect_four", "sequential", True, TICTACTOE_SEATS,
        "Players take turns dropping a piece into one of 7 columns of a 6-row board; x moves "
        "first. Four of your pieces in a row (across, down or diagonally) win; a full board "
        "is a draw.", _c4, _c4_action),
    GameDef("breakthrough", "Breakthrough (8 rows x 3 columns)", "breakthrough(columns=3,rows=8)",
        "sequential", True, ("black (b)", "white (w)"),
        "Each player starts with two rows of pieces; black moves first, toward row 1, white "
        "toward row 8. A piece moves one cell straight or diagonally forward to an empty cell, "
        "or captures an opposing piece diagonally forward. The first piece to reach the far "
        "row, or capturing every opposing piece, wins.", _bt, _bt_action),
    GameDef("nim", "Nim (misere, piles 1 3 5 7)", "nim", "sequential", True, NUMBERED_SEATS,
        "Players take turns removing one or more objects from a single pile. The player who "
        "takes the last object loses.", _nim, _nim_action),
    GameDef("first_sealed_auction", "First-price sealed-bid auction", "first_sealed_auction",
        "sequential", False, NUMBERED_SEATS,
        "Two bidders each get a private value for one item, a whole number from 1 to 10, drawn "
        "at random. Each submits one sealed bid, a whole number below their value. The higher "
        "bid wins the item and pays that bid, earning value minus bid; the loser earns 0. A tie "
        "is broken by a fair coin.", _auction, _bid),
    GameDef("kuhn_poker", "Kuhn poker", "kuhn_poker", "sequential", False, NUMBERED_SEATS,
        "A deck of Jack < Queen < King; each player antes 1 chip and gets one card. Player 1 "
        "acts first: pass or bet 1 chip. Facing a bet, a player calls (bet) or folds (pass); "
        "after pass-pass or a call, the higher card wins the pot. Payoff: chips won minus "
        "chips put in.", _kuhn, _kuhn_action),
    GameDef("liars_dice", "Liar's dice (one die each)", "liars_dice", "sequential", False,
        NUMBERED_SEATS,
        "Each player rolls one six-sided die in secret; a 6 is wild (counts as any face). "
        "Players take turns bidding 'at least N of the 2 dice show face F', each bid higher "
        "than the last (more dice, or the same count of a higher face), or calling liar. On a "
        "call, if the bid holds the caller loses, otherwise the bidder loses.", _dice,
        _dice_action),
    GameDef("negotiation", "Negotiation over an item pool",
        "negotiation(enable_utterances=false,rng_seed={seed})", "sequential", False,
        ("agent 1", "agent 2"),
        "Two agents split a pool of three kinds of items; each agent values each kind "
        "privately. Agents alternate proposals (the items the proposer keeps; the other agent "
        "gets the rest) or accept the other's last proposal. On agreement each agent earns the "
        "value of the items it gets; with no agreement in time both earn 0.", _deal,
        _deal_action),
    GameDef("pig", "Pig (first to 20)", "pig(winscore=20)", "sequential", True,
        NUMBERED_SEATS,
        "On your turn you roll a die as often as you like, adding each roll to your turn "
        "total; a 1 ends your turn and loses the turn total. Stopping banks the turn total. "
        "The first player to bank 20 points wins.", _pig, _pig_action),
    GameDef("iterated_prisoners_dilemma", "Iterated prisoner's dilemma",
        "python_iterated_prisoners_dilemma", "simultaneous", True, NUMBERED_SEATS,
        "Each round both players choose at once to cooperate or defect. Both cooperate: 5 "
        "each. Both defect: 1 each. One defects while the other cooperates: 10 to the "
        "defector, 0 to the cooperator. After each round the game continues with probability "
        "7/8. Your score is your total over all rounds.", _ipd, _ipd_action),
)  # fmt: skip

BY_NAME = {g.name: g for g in GAMES}
