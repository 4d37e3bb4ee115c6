"""backward_induction: stories with five payoff outcomes, judged under every reading.

Twelve STEER stories pay both of the second mover's actions and then go on to a final round
with two more outcomes after one of them, so one action has two consequences. Which one is
meant is a reading: the final round follows the first paid action (its own pair is not a
consequence), or the second, or neither (both paid actions end the game and the final
round is never reached). When every reading gives the same answer at the asked node the
item is judged by it (the reason says so); when they differ it is ill-posed, and the
reason names the readings and what each answers.
"""

from __future__ import annotations

from typing import Any

from recon_data.curation.audit.base import Finding, IllPosed, Unparsed
from recon_data.curation.audit.sequential_options import (
    clause,
    map_by_story,
    option_kinds,
    pass_condition,
    signature,
    words,
)

FIVE = (
    "5 payoff outcomes for a 4-outcome game: both of the second mover's actions are paid, "
    "and the text continues to the final round after one of them"
)


def judge_five(
    question: str,
    fillings: list[tuple[list[Any], Any]],
    options: tuple[str, ...],
    node: int,
    who: tuple[str, str],
) -> Finding:
    """Solve each reading's tree (for each value of an unstated payoff, if any); one answer
    for all of them, or IllPosed naming the split."""
    pairs = fillings[0][0]
    if len(pairs) != 5 or len(options) != 2:
        raise IllPosed(FIVE)
    labels = _labels(question, pairs, options, node, who)
    leads = _stated_lead(question, pairs, who)
    answers: dict[str, frozenset[int]] = {}
    for filled, value in fillings:
        for name, right in _answers(filled, labels, node, leads).items():
            answers[name if value is None else f"{name}, unstated payoff {value}"] = right
    cert = {
        "players": list(who),
        "node": node,
        "payoffs": [[str(x) for x in p] for p, _ in pairs],
        "options": list(labels),
        "readings": {name: sorted(v) for name, v in answers.items()},
    }
    if len(set(answers.values())) == 1:
        right = next(iter(answers.values()))
        shown = " and ".join(f"option {i}" for i in sorted(right))
        count = len(answers) // len(fillings)
        unstated = "" if len(fillings) == 1 else ", for every value of the unstated payoff"
        return Finding(
            {"subgame_perfect": right},
            f"{FIVE}; every reading of which action leads on ({count}{unstated}) gives "
            f"{shown} at node {node}",
            cert,
        )
    split = "; ".join(
        f"{name}: option {'/'.join(map(str, sorted(v))) or 'none'}" for name, v in answers.items()
    )
    raise IllPosed(f"{FIVE}, and the answer depends on which: {split}", cert)


def _labels(
    question: str, pairs: list[Any], options: tuple[str, ...], node: int, who: tuple[str, str]
) -> tuple[str, str]:
    """The action each option names at the asked node (IllPosed when they cannot be told)."""
    (_, c1), (_, ca), (_, cb), (_, cfa), (_, cfb) = pairs
    found: tuple[str, str] | None = None
    if node == 2:
        found = _match(options, ca, cb)
    elif node == 3:
        ends = _match(options, cfa, cfb)
        found = None if ends is None else (f"end_{ends[0]}", f"end_{ends[1]}")
    else:
        kinds = option_kinds(options, 1)
        if kinds is not None:
            found = (
                "stop1" if kinds[0] == "stop" else "pass1",
                "stop1" if kinds[1] == "stop" else "pass1",
            )
        else:
            try:
                stop, _ = map_by_story(question, options, 1, c1, who)
                found = ("stop1", "pass1") if stop == 0 else ("pass1", "stop1")
            except Unparsed:
                found = None
    if found is None or found[0] == found[1]:
        # A parser gap, not a data defect: the readings may well agree on the answer.
        raise Unparsed(f"{FIVE}, and we cannot tell which option is which action")
    return found


def _stated_lead(question: str, pairs: list[Any], who: tuple[str, str]) -> str | None:
    """'a' or 'b' when the story says which paid action the final round follows ("Should
    Dr. Allen continue with her own treatment ..., Dr. Smith must decide"), else None."""
    cond = pass_condition(question, who[1], who[0])
    if cond is None:
        return None
    said = signature(cond.group(1), who)
    a = len(said & signature(clause(pairs[1][1]), who))
    b = len(said & signature(clause(pairs[2][1]), who))
    return None if a == b else "a" if a > b else "b"


def _answers(
    pairs: list[Any], labels: tuple[str, str], node: int, leads: str | None
) -> dict[str, frozenset[int]]:
    """The options right at `node` under each reading of which paid action leads on (only
    the one the story names, if it names one)."""
    from recon_data.gametheory.tree import Decision, Terminal, subgame_perfect

    (s1, _), (a2, _), (b2, _), (fa, _), (fb, _) = pairs
    end = Decision(0, (("end_a", Terminal(fa)), ("end_b", Terminal(fb))))
    trees: dict[str, tuple[tuple[str, Any], ...]] = {}
    if leads in (None, "a"):
        trees["the final round follows the first paid action"] = (("b", Terminal(b2)), ("a", end))
    if leads in (None, "b"):
        trees["the final round follows the second paid action"] = (("a", Terminal(a2)), ("b", end))
    if node != 3:  # with no final round there is no third decision to ask about
        trees["both paid actions end the game"] = (("a", Terminal(a2)), ("b", Terminal(b2)))
    out = {}
    for name, branches in trees.items():
        tree = Decision(0, (("stop1", Terminal(s1)), ("pass1", Decision(1, branches))))
        spe = subgame_perfect(tree)
        history = ("pass1", _leads(branches)) if node == 3 else ("pass1",) if node == 2 else ()
        best = _best(spe, history)
        if best is None:
            raise IllPosed(f"{FIVE} (a final-round tie makes the readings undecidable)")
        out[name] = frozenset(i for i, label in enumerate(labels, 1) if label in best)
    return out


def _leads(branches: tuple[tuple[str, Any], ...]) -> str:
    """The second mover's action that leads to the final round in a reading's tree."""
    from recon_data.gametheory.tree import Decision

    return next(a for a, sub in branches if isinstance(sub, Decision))


def _best(spe: Any, history: tuple[str, ...]) -> frozenset[str] | None:
    """The best actions at a node, or None when ties further down change them."""
    sets = spe.action_value_sets[history]
    me = spe.players[history]
    if any(len(vals) != 1 for vals in sets.values()):
        return None
    values = {a: next(iter(vals))[me] for a, vals in sets.items()}
    top = max(values.values())
    return frozenset(a for a, v in values.items() if v == top)


def _match(options: tuple[str, ...], first: str, second: str) -> tuple[str, str] | None:
    """Which option is the action paid in `first` ('a') and which in `second` ('b')."""
    wa, wb = words(clause(first)), words(clause(second))
    score = [len(words(o) & wa) - len(words(o) & wb) for o in options]
    if score[0] == score[1]:
        return None
    return ("a", "b") if score[0] > score[1] else ("b", "a")
