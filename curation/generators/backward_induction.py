"""backward_induction: the subgame-perfect move in a three-round take-or-pass game (2 options)."""

from __future__ import annotations

import random
from collections.abc import Callable
from fractions import Fraction
from typing import Any, ClassVar, Self

from pydantic import model_validator

from recon_data.curation.generators.base import Draft, Generator, GeneratorConfig, Reject, need
from recon_data.curation.generators.prompts import FIRST_NAMES, STEER_HEAD, fixed

# (setting, stop1, pass1, stop2, pass2, end_a, end_b): the six phrases share no word of four
# or more letters, so each option is tied to the clause that describes its move.
SCENARIOS = (
    ("are developing a product together", "sell the prototype now", "hand the project over",
     "license the design immediately", "send it back for refinement",
     "launch the finished product", "shelve everything quietly"),
    ("are negotiating the split of a consulting fee", "accept the initial terms",
     "propose a counteroffer", "agree to that proposal", "demand better conditions",
     "sign the final contract", "walk away from negotiations"),
    ("share a fishing boat over a season", "cash in the early catch", "leave the nets out",
     "take the midseason haul", "wait another month", "harvest the full stock",
     "release part of it"),
    ("are jointly bidding on a construction tender", "withdraw from the tender",
     "prepare a joint bid", "submit that bid alone", "invite another partner",
     "lodge the consortium offer", "abandon it at the deadline"),
    ("are splitting a research grant", "publish the preliminary results",
     "extend the experiment", "write up the findings", "request additional funding",
     "patent the discovery", "release the data openly"),
)  # fmt: skip
_ASK = {
    1: ("What should {a} do in the first round?", "Which move should {a} make in the first round?"),
    2: (
        "What should {b} do in the second round?",
        "Which move should {b} make in the second round?",
    ),
    3: ("What should {a} do in the final round?", "Which move should {a} make in the final round?"),
}


class BackwardConfig(GeneratorConfig):
    """Payoff range, decimals, and which decision rounds questions may ask about."""

    max_payoff: int = 20
    negative: bool = True
    cents: bool = False
    rounds: str = "1,2,3"

    PRESETS: ClassVar[dict[str, dict[str, Any]]] = {
        "easy": {"max_payoff": 10, "negative": False, "cents": False, "rounds": "3,2"},
        "medium": {"max_payoff": 20, "negative": True, "cents": False, "rounds": "1,2,3"},
        "hard": {"max_payoff": 100000, "negative": True, "cents": True, "rounds": "1"},
    }

    @model_validator(mode="after")
    def _check_payoffs_and_rounds(self) -> Self:
        """Check the payoff range and the round list."""
        need(4 <= self.max_payoff <= 10**7, "max_payoff", "max_payoff must be 4..10000000")
        need(
            bool(self.asked()) and set(self.asked()) <= {1, 2, 3},
            "rounds",
            f"rounds must list 1, 2 or 3 separated by commas, got {self.rounds!r}",
        )
        return self

    def asked(self) -> tuple[int, ...]:
        """The decision rounds a question may ask about."""
        try:
            return tuple(sorted({int(x) for x in self.rounds.split(",") if x.strip()}))
        except ValueError:
            return ()


class BackwardInduction(Generator[BackwardConfig]):
    """A three-round game in prose; the gold is the subgame-perfect move at the asked round."""

    name = "backward_induction"
    version = 1
    category = "backward_induction"
    answer_kind = "mcq"
    config_class = BackwardConfig
    description = "subgame-perfect move in a three-round sequential game"

    def _payoff(self, rng: random.Random) -> Fraction:
        c = self.config
        low = -c.max_payoff if c.negative else 0
        if c.cents:
            return Fraction(rng.randint(low * 100, c.max_payoff * 100), 100)
        return Fraction(rng.randint(low, c.max_payoff))

    def _show(self, x: Fraction) -> str:
        return fixed(x, 2) if self.config.cents else str(x.numerator)

    def draft(self, rng: random.Random) -> Draft:
        """Draw four outcomes, solve by backward induction, ask about one round."""
        from recon_data.gametheory.tree import Decision, Terminal, subgame_perfect

        setting, stop1, pass1, stop2, pass2, end_a, end_b = rng.choice(SCENARIOS)
        a, b = rng.sample(FIRST_NAMES, 2)
        pay = [(self._payoff(rng), self._payoff(rng)) for _ in range(4)]
        tree = Decision(0, (("stop1", Terminal(pay[0])), ("pass1", Decision(1, (
            ("stop2", Terminal(pay[1])),
            ("pass2", Decision(0, (("end_a", Terminal(pay[2])), ("end_b", Terminal(pay[3]))))),
        )))))  # fmt: skip
        spe = subgame_perfect(tree)
        node = rng.choice(self.config.asked())
        history = {1: (), 2: ("pass1",), 3: ("pass1", "pass2")}[node]
        # Non-degenerate: no mover is indifferent anywhere, so no answer hinges on a tie-break.
        if any(len(spe.best_actions(h)) != 1 for h in ((), ("pass1",), ("pass1", "pass2"))):
            raise Reject("a mover is indifferent at some round")
        best = spe.best_actions(history)

        words = (setting, stop1, pass1, stop2, pass2, end_a, end_b)
        question = tree_question(words, (a, b), pay, self._show, rng.choice(_ASK[node]))
        mover = b if node == 2 else a
        moves = {1: ("stop1", stop1, "pass1", pass1), 2: ("stop2", stop2, "pass2", pass2),
                 3: ("end_a", end_a, "end_b", end_b)}[node]  # fmt: skip
        options = (f"{mover} should {moves[1]}", f"{mover} should {moves[3]}")
        correct = frozenset({0 if best[0] == moves[0] else 1})
        certificate = {"node": node, "best": list(best), "spe": spe.certificate}
        return Draft(
            question=question,
            content=STEER_HEAD + question,
            options=options,
            correct=correct,
            certificate=certificate,
        )


def tree_question(
    words: tuple[str, ...],
    names: tuple[str, str],
    pay: list[tuple[Fraction, Fraction]],
    show: Callable[[Fraction], str],
    ask: str,
) -> str:
    """The three-round story of a tree (the generator's, and `variants restory`'s): the scene's
    words, the two names, the four outcomes, how a payoff is written and the asking sentence."""
    setting, stop1, pass1, stop2, pass2, end_a, end_b = words
    a, b = names

    def gives(first: str, x: Fraction, second: str, y: Fraction) -> str:
        return f"giving {first} {show(x)} and {second} {show(y)}"

    (x1, y1), (x2, y2), (x3, y3), (x4, y4) = pay
    return (
        f"{a} and {b} {setting}, and the game has three rounds. In the first round, {a} can "
        f"{stop1}, {gives(a, x1, b, y1)}, or {a} can {pass1}. If {a} chooses to {pass1}, "
        f"in the second round {b} can {stop2}, {gives(b, y2, a, x2)}, or {b} can {pass2}. "
        f"If {b} chooses to {pass2}, in the final round {a} can {end_a}, "
        f"{gives(a, x3, b, y3)}, or {end_b}, {gives(a, x4, b, y4)}. "
        f"{ask.format(a=a, b=b)}"
    )
