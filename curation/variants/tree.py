"""backward_induction: the three-round take-or-pass tree, renamed, rescaled, retold, bared.

The instance is what the audit reads (its certificate): the two players, the four outcomes'
payoffs (first mover's, second mover's), the asked round and which option is which move.
Subgame perfection compares one mover's payoffs at a time, so renaming the players,
multiplying every payoff by one positive number, or telling the same tree in other words
leaves the move it prescribes unchanged.
"""

from __future__ import annotations

import random
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from recon_data.curation.variants import text
from recon_data.curation.variants.base import Edit, Skip, identity_options

if TYPE_CHECKING:
    from recon_data.schema import Problem

SCALES = (2, 3, 4, 5, 10, 100)
SURNAMES = (
    "Okafor", "Lindqvist", "Moreau", "Tanaka", "Novak", "Castillo", "Brennan", "Haddad",
    "Kowalski", "Mensah", "Ferreira", "Iversen", "Rahman", "Delgado", "Whitaker", "Sato",
)  # fmt: skip
_OUTCOMES = ("s1", "s2", "t3a", "t3b")
_MOVES = {1: ("stop1", "pass1"), 2: ("stop2", "pass2"), 3: ("end_a", "end_b")}
# The anonymous tree: neutral moves whose words tell the options apart (the audit reads
# stop/pass verbs; the final round by the words of each outcome's clause).
BARE = ("play a sequential game", "stop the game", "pass the move", "stop the game",
        "pass the move back", "select the upper ending", "select the lower ending")  # fmt: skip


def tree_of(problem: Problem) -> dict[str, Any]:
    """The audit's reading of an agreeing item: players, payoffs, node, option moves."""
    from recon_data.curation.variants.solve import audited

    found = audited(problem)  # cached: every transform of the source reads the same audit
    cert = found.certificate
    if found.status != "agree" or not isinstance(cert, dict) or "trace" not in cert:
        raise Skip("the audit does not read this tree with one answer")
    if "unstated" in cert:
        raise Skip("a payoff of this tree is never stated")
    return cert


def _same_tree(factor: Fraction = Fraction(1), players: list[str] | None = None,
               options: dict[str, str] | None = None, want: dict[str, Any] | None = None):  # fmt: skip
    """A certificate check: the variant reads as the source tree, mapped."""
    assert want is not None

    def check(cert: Any) -> str:
        if not isinstance(cert, dict) or "payoffs" not in cert:
            return "the variant's tree is not read"
        pays = {k: [str(Fraction(x) * factor) for x in want["payoffs"][k]] for k in _OUTCOMES}
        expected = {
            "players": players if players is not None else want["players"],
            "payoffs": pays,
            "node": want["node"],
            "options": options if options is not None else want["options"],
        }
        got = {k: cert.get(k) for k in expected}
        return "" if got == expected else f"the variant reads as another tree: {got} != {expected}"

    return check


def relabel(problem: Problem, rng: random.Random) -> Edit:
    """Rename the two players (title kept: 'Dr. Smith' -> 'Dr. Novak', 'Player A' -> 'Player Q')."""
    from recon_data.curation.generators.prompts import FIRST_NAMES, LETTERS

    cert = tree_of(problem)
    who = list(cert["players"])
    everything = "\n".join((problem.question, *problem.options))
    if any(not w[:1].isupper() for w in who):
        raise Skip("the players are roles, not names")
    if text.word_letter_clash(everything, who):
        raise Skip("a player's letter is also a word of the text")
    new: list[str] = []
    for w in who:
        pool = LETTERS if len(w) == 1 else SURNAMES if f"Dr. {w}" in everything else FIRST_NAMES
        new.append(text.fresh_names(pool, [*who, *new], everything, 1, rng)[0])
    mapping = dict(zip(who, new, strict=True))
    question = text.rename(problem.question, mapping)
    options = tuple(text.rename(o, mapping) for o in problem.options)
    check = _same_tree(players=new, want=cert)
    return Edit(question, options, {"names": mapping}, identity_options(len(options)), check)


def permute(problem: Problem, rng: random.Random) -> Edit:
    """Swap the two options."""
    cert = tree_of(problem)
    options = tuple(reversed(problem.options))
    swapped = {str(3 - int(k)): v for k, v in cert["options"].items()}
    check = _same_tree(options=swapped, want=cert)
    return Edit(problem.question, options, {"order": [2, 1]}, {"options": [2, 1]}, check)


def rescale(problem: Problem, rng: random.Random) -> Edit:
    """Multiply every payoff by one positive factor (amounts in another unit)."""
    from recon_data.curation.audit.sequential import payoff_numbers

    cert = tree_of(problem)
    if any(ch.isdigit() for o in problem.options for ch in o):
        raise Skip("the options state numbers")
    factor = Fraction(rng.choice(SCALES))
    question = text.scale_tokens(problem.question, payoff_numbers(problem.question), factor)
    check = _same_tree(factor=factor, want=cert)
    params = {"factor": int(factor)}
    return Edit(
        question, tuple(problem.options), params, identity_options(len(problem.options)), check
    )


def _show(values: list[Fraction]):
    """The generator's number style: whole numbers plainly, else two decimals."""
    from recon_data.curation.generators.prompts import fixed

    if all(v.denominator == 1 for v in values):
        return lambda x: str(x.numerator)
    if all((v * 100).denominator == 1 for v in values):
        return lambda x: fixed(x, 2)
    raise Skip("payoffs with more than two decimals have no template form")


def render(words: tuple[str, ...], names: tuple[str, str], pay: list[tuple[Fraction, Fraction]],
           node: int, ask: str) -> tuple[str, tuple[str, str], tuple[str, str]]:  # fmt: skip
    """The generator's sentence for a tree: question, the two options, and their moves."""
    from recon_data.curation.generators.backward_induction import tree_question

    _, stop1, pass1, stop2, pass2, end_a, end_b = words
    a, b = names
    question = tree_question(words, names, pay, _show([x for p in pay for x in p]), ask)
    mover = b if node == 2 else a
    first, second = {1: (stop1, pass1), 2: (stop2, pass2), 3: (end_a, end_b)}[node]
    return question, (f"{mover} should {first}", f"{mover} should {second}"), _MOVES[node]


def _retold(problem: Problem, rng: random.Random, words: tuple[str, ...],
            names: tuple[str, str]) -> Edit:  # fmt: skip
    from recon_data.curation.generators.backward_induction import _ASK

    cert = tree_of(problem)
    pay = [tuple(Fraction(x) for x in cert["payoffs"][k]) for k in _OUTCOMES]
    node = cert["node"]
    question, options, moves = render(words, names, pay, node, rng.choice(_ASK[node]))  # type: ignore[arg-type]
    carried = [moves.index(cert["options"][str(i)]) + 1 for i in (1, 2)]
    new_moves = {str(i): m for i, m in enumerate(moves, 1)}
    keys = [n.removeprefix("Player ") for n in names]  # the audit keys "Player A" as "A"
    check = _same_tree(players=keys, options=new_moves, want=cert)
    return Edit(question, options, {"story": words[0]}, {"options": carried}, check)


def restory(problem: Problem, rng: random.Random) -> Edit:
    """The same tree told in one of the generator's scenarios, with other names."""
    from recon_data.curation.generators.backward_induction import SCENARIOS
    from recon_data.curation.generators.prompts import FIRST_NAMES

    lowered = problem.question.lower()
    words = rng.choice([s for s in SCENARIOS if s[1] not in lowered])
    free = [n for n in FIRST_NAMES if not text.occurs(problem.question, n)]
    a, b = rng.sample(free, 2)
    return _retold(problem, rng, words, (a, b))


def anonymize(problem: Problem, rng: random.Random) -> Edit:
    """The bare tree: Player A and Player B, neutral moves, no story."""
    return _retold(problem, rng, BARE, ("Player A", "Player B"))
