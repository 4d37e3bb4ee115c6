"""Our own prompt rendering: anonymised `choice_k` actions and one sentence per outcome."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from recon_data.games.parsing import instruction
from recon_data.games.spec import GameSpec
from recon_data.gametheory.tree import Decision, Node, Terminal


def _num(x: Fraction) -> str:
    return str(x.numerator) if x.denominator == 1 else f"{float(x):g}"


def simultaneous_prompt(spec: GameSpec, player: int, parser: str) -> str:
    """The prompt one seat of a simultaneous game sees."""
    assert spec.matrix is not None
    me, other = spec.players[player], spec.players[1 - player]
    mine, theirs = spec.actions(player), spec.actions(1 - player)
    lines = [
        f"You are {me}, playing a game against {other}. You and {other} each choose one action "
        "at the same time; neither of you sees the other's choice before choosing.",
        f"Your actions: {', '.join(mine)}. {other}'s actions: {', '.join(theirs)}.",
        "The outcomes:",
    ]
    # Sorted by the seat's own action first, so each seat reads its options in order.
    for profile in sorted(spec.matrix.profiles(), key=lambda q: (q[player], q[1 - player])):
        pay = spec.matrix.payoff(profile)
        you, them = mine[profile[player]], theirs[profile[1 - player]]
        lines.append(
            f"- If you choose {you} and {other} chooses {them}, you get {_num(pay[player])} "
            f"and {other} gets {_num(pay[1 - player])}."
        )
    lines.append("You want the highest payoff for yourself. Choose your action.")
    lines.append(instruction(parser))
    return "\n".join(lines)


def outcome_sentences(spec: GameSpec) -> Iterator[str]:
    """One sentence per leaf of a tree, naming every move on the way to it."""
    names = spec.players

    def walk(node: Node, moves: list[str]) -> Iterator[str]:
        if isinstance(node, Terminal):
            pays = " and ".join(f"{names[i]} gets {_num(v)}" for i, v in enumerate(node.payoffs))
            yield f"- If {', then '.join(moves)}, the game ends: {pays}."
        elif isinstance(node, Decision):
            for label, child in node.actions:
                yield from walk(child, [*moves, f"{names[node.player]} chooses {label}"])

    assert spec.tree is not None
    yield from walk(spec.tree, [])


def sequential_prompt(spec: GameSpec, player: int, history: tuple[str, ...], parser: str) -> str:
    """The prompt the player to move sees after `history` in a tree."""
    me, other = spec.players[player], spec.players[1 - player]
    lines = [
        f"You are {me}, playing a game against {other}. The players move in turn, and both "
        "see every move. These are all the ways the game can go:",
        *outcome_sentences(spec),
    ]
    if history:
        moves = []
        for k, label in enumerate(history):
            mover = spec.mover(history[:k])
            moves.append(f"{spec.players[mover]} chose {label}" if mover is not None else label)
        lines.append(f"So far: {', then '.join(moves)}.")
    else:
        lines.append("The game is just starting.")
    lines.append(
        f"It is your turn. Your legal actions: {', '.join(spec.actions(player, history))}. "
        "You want the highest payoff for yourself."
    )
    lines.append(instruction(parser))
    return "\n".join(lines)
