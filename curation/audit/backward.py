"""backward_induction: the three-stage take-or-pass games of STEER, solved by subgame perfection.

`sequential` reads the prose (players, payoff pairs, the asked node, which option is which
action); this module builds the tree, solves it with `recon_data.gametheory.tree`, and
judges the options. A payoff the text never states is not guessed: the tree is solved for
every value of it that could matter (each stated payoff, the midpoints between them and
beyond both ends) and the item is judged only when the answer is the same for all of them.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any

from recon_data.curation.audit.base import Finding, IllPosed, Unparsed
from recon_data.curation.audit.sequential import (
    _node_order,
    payoff_pairs,
    players,
)
from recon_data.curation.audit.sequential_five import judge_five
from recon_data.curation.audit.sequential_node import asked_node
from recon_data.curation.audit.sequential_options import clause, map_by_story, option_kinds, words
from recon_data.curation.audit.sequential_shape import FiveOutcomes, check_shape

_OUTCOMES = (
    "the first mover's stop",
    "the second mover's stop",
    "final outcome a",
    "final outcome b",
)


def _fillings(pairs: list[Any]) -> list[tuple[list[Any], Fraction | None]]:
    """The pairs with an unstated payoff replaced by each value that could change the answer."""
    gaps = [(k, i) for k, (p, _) in enumerate(pairs) for i in (0, 1) if p[i] is None]
    if not gaps:
        return [(pairs, None)]
    if len(gaps) > 1:
        raise IllPosed(f"the text never states {len(gaps)} of the 8 payoffs")
    ((k, i),) = gaps
    stated = sorted({x for p, _ in pairs for x in p if x is not None})
    mids = [(a + b) / 2 for a, b in itertools.pairwise(stated)]
    values = [stated[0] - 1, *stated, *mids, stated[-1] + 1]
    out = []
    for v in values:
        filled = list(pairs)
        pay = list(filled[k][0])
        pay[i] = v
        filled[k] = (tuple(pay), filled[k][1])
        out.append((filled, v))
    return out


def check_backward(question: str, options: tuple[str, ...]) -> Finding:
    """Subgame-perfect action at the asked node; ties keep both options."""
    who = players(question)
    in_text_order = payoff_pairs(question, who)
    try:
        check_shape(question, in_text_order, who)
    except FiveOutcomes:
        if len(options) != 2:
            raise
        node = asked_node(question, options, who)
        return judge_five(question, _fillings(in_text_order), options, node, who)
    pairs = _node_order(in_text_order)
    if len(pairs) < 4:
        raise IllPosed(f"the text gives payoffs for {len(pairs)} of the 4 outcomes")
    if len(pairs) > 4:
        raise Unparsed(f"{len(pairs)} payoff pairs, expected 4")
    if len(options) != 2:
        raise Unparsed("expected two options")
    node = asked_node(question, options, who)
    results = [(_judge(question, filled, node, options, who), v) for filled, v in _fillings(pairs)]
    first, _ = results[0]
    if len(results) == 1:
        return first
    gap = next((k, i) for k, (p, _) in enumerate(pairs) for i in (0, 1) if p[i] is None)
    missing = f"{who[gap[1]]}'s payoff at {_OUTCOMES[gap[0]]}"
    if any(r.readings != first.readings for r, _ in results):
        raise IllPosed(f"the text never states {missing}, and the answer depends on it")
    cert = dict(first.certificate)
    cert["unstated"] = missing
    reason = f"{first.reason} (the text never states {missing}; no value of it changes this)"
    return Finding(first.readings, reason, cert)


def _judge(
    question: str, pairs: list[Any], node: int, options: tuple[str, ...], who: tuple[str, str]
) -> Finding:
    """Solve the tree of four stated outcomes and map the best actions at `node` to options."""
    from recon_data.gametheory.tree import Decision, Terminal, subgame_perfect

    (s1, c1), (s2, c2), (t3a, c3a), (t3b, c3b) = pairs
    tree = Decision(0, (("stop1", Terminal(s1)), ("pass1", Decision(1, (
        ("stop2", Terminal(s2)),
        ("pass2", Decision(0, (("end_a", Terminal(t3a)), ("end_b", Terminal(t3b))))),
    )))))  # fmt: skip
    spe = subgame_perfect(tree)
    history = {1: (), 2: ("pass1",), 3: ("pass1", "pass2")}[node]
    readings = _best_by_reading(spe, history)
    labels = {1: ("stop1", "pass1"), 2: ("stop2", "pass2"), 3: ("end_a", "end_b")}[node]
    kinds = option_kinds(options, node)
    story: tuple[int, int] | None = None
    if kinds is None and node != 3:
        try:  # run even when both options are right: it also finds self-contradicting stories
            story = map_by_story(question, options, node, c1 if node == 1 else c2, who)
        except Unparsed:
            story = None
    all_best = set().union(*readings.values())
    if len(all_best) == 2:
        mapping = {1: labels[0], 2: labels[1]}  # every option is right: no need to tell them apart
    elif kinds is not None:
        mapping = {i: labels[0] if k == "stop" else labels[1] for i, k in enumerate(kinds, 1)}
    elif story is not None:
        mapping = {story[0] + 1: labels[0], story[1] + 1: labels[1]}
    elif node == 3:
        ow = [words(o) for o in options]
        score = [len(w & words(clause(c3a))) - len(w & words(clause(c3b))) for w in ow]
        if score[0] == score[1]:
            raise Unparsed("cannot tell which option is which action")
        first = labels[0] if score[0] > score[1] else labels[1]
        mapping = {1: first, 2: labels[1] if first == labels[0] else labels[0]}
    else:
        raise Unparsed("cannot tell which option is which action")
    found = {
        name: frozenset(i for i, a in mapping.items() if a in best)
        for name, best in readings.items()
    }
    cert: dict[str, Any] = {
        "players": list(who),
        "payoffs": {
            k: [str(x) for x in v]
            for k, v in zip(("s1", "s2", "t3a", "t3b"), (s1, s2, t3a, t3b), strict=True)
        },
        "node": node,
        "options": {str(i): a for i, a in mapping.items()},
        "best": {name: sorted(b) for name, b in readings.items()},
        "trace": spe.certificate,
    }
    if len(readings) > 1:
        ties = " and ".join(f"node {n}" for n in _mattering_ties(spe, history)) or "a later node"
        reason = (
            f"node {node}: the answer depends on how the tie at {ties} is broken (both actions "
            f"give that mover the same value and the others different ones)"
        )
    else:
        best = next(iter(readings.values()))
        tie = " (tie: both actions give the mover the same value)" if len(best) == 2 else ""
        reason = f"node {node}: SPE plays {'/'.join(sorted(best))}{tie}"
    return Finding(found, reason, cert)


def _mattering_ties(spe: Any, history: tuple[str, ...]) -> list[int]:
    """Later nodes (1-based, by depth) whose mover is indifferent between different outcomes."""
    out = []
    for h, sets in spe.action_value_sets.items():
        if len(h) <= len(history) or h[: len(history)] != history:
            continue
        me = spe.players[h]
        vectors = {tuple(v) for vals in sets.values() for v in vals}
        top = max(v[me] for v in vectors)
        if len({v for v in vectors if v[me] == top}) > 1:
            out.append(len(h) + 1)
    return sorted(set(out))


def _best_by_reading(spe: Any, history: tuple[str, ...]) -> dict[str, frozenset[str]]:
    """Best actions at a node under each SPE continuation (one reading unless ties matter)."""
    sets = spe.action_value_sets[history]
    me = spe.players[history]
    combos: dict[tuple[tuple[str, Any], ...], frozenset[str]] = {}
    choices = [[(a, v) for v in vals] for a, vals in sets.items()]
    for combo in itertools.product(*choices):
        top = max(v[me] for _, v in combo)
        combos[combo] = frozenset(a for a, v in combo if v[me] == top)
    distinct = set(combos.values())
    if len(distinct) == 1:
        return {"subgame_perfect": distinct.pop()}
    return {
        f"continuation {i}: " + ", ".join(f"{a}->{'/'.join(map(str, v))}" for a, v in combo): best
        for i, (combo, best) in enumerate(combos.items(), 1)
    }
