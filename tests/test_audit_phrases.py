"""Phrase tables for the stage-game readers: short phrases as the release words them, and the
reading each must give (`role_of`, `parse_delta`, `classify_path`, `segments`).

The phrases are a few words each, in the release's wording; no whole prompt is copied.
"""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from recon_data.curation.audit.repeated import classify_path
from recon_data.curation.audit.stage import (
    StageGame,
    delta_is_rate,
    parse_delta,
    parse_stage_game,
    prepare,
    segments,
)
from recon_data.curation.audit.stage_roles import role_of, words

ROLE_OF = [
    # the two the issue names: a light verb carries the action after it
    ("they open a price war", "D"),
    ("firms continue to undercut", "D"),
    ("both firms continue to collude", "C"),
    ("continue the price war", "D"),
    ("both engage in a price war", "D"),
    ("the firms engage in collusion", "C"),
    ("maintain low prices", "D"),
    ("maintain high prices", "C"),
    ("both keep their prices high", "C"),
    ("both set low prices", "D"),
    ("both collude on high prices", "C"),
    ("both AlphaTech and BetaTech engage in a price war", "D"),
    ("both airlines enter a price war", "D"),
    # the first action word names the move
    ("breaks the collusion", "D"),
    ("maintaining high prices against an undercutting competitor", "C"),
    ("both companies honor the contract each year", "C"),
    ("both breach the agreement", "D"),
    ("both players secure their winnings", "C"),
    ("both players roll the die", "D"),
    ("both countries maintain sustainable fishing quotas", "C"),
    ("both overfish", "D"),
    ("both implement trade barriers", "D"),
    ("both pursue independent innovation", "D"),
    ("both choose aggressive advertising", "D"),
    ("both firms respect the agreement each fiscal year", "C"),
    ("both go for industrial expansion", "D"),
    ("both cut corners", "D"),
    ("both neglect", "D"),
    ("both keep to the cartel agreement", "C"),
    ("both firms decide to form a cartel", "C"),
    # negation reaches the action after it
    ("both firms decide not to contribute", "D"),
    ("both nations abstain from overfishing", "C"),
    ("both refrain from polluting", "C"),
    ("as long as the other firm does not deviate", "C"),
    ("both firms do not share their code", "D"),
    ("both companies A and B fail to meet their milestones", "D"),
    ("one does not cooperate", "D"),
    ("the other does not", "D"),
    ("both stop promoting each other's products", "D"),
    # "reduce" is cooperation for barriers and emissions, defection for prices and quality
    ("reduce trade barriers", "C"),
    ("reducing greenhouse emissions", "C"),
    ("reducing prices or", "D"),
    ("reduces quality while", "D"),
    ("they will both set themselves up for reduced profits of", None),
    # issue 27 hand check: who violates, who complies (train-6902a215686a, train-54cf1bc4ca38)
    ("the company that violates the agreement", "D"),
    ("the compliant company gets a negative payoff of", "C"),
    ("both companies refrain from encroaching on each other's territory", "C"),
    ("both encroach on each other's territory", "D"),
    # a light verb alone keeps its own reading; no action word: no reading
    ("remain in the cartel", "C"),
    ("both split the sum", "C"),
    ("respectively", None),
    ("the other firm", None),
    ("both firms discount future payoffs", None),
]


@pytest.mark.parametrize(("phrase", "reading"), ROLE_OF)
def test_role_of(phrase: str, reading: str | None) -> None:
    assert role_of(phrase) == reading


PARSE_DELTA = [
    ("Given a discount factor of 0.65.", F(65, 100), False),
    ("Assume the discount factor is 0.7.", F(7, 10), False),
    ("With a common discount factor of 0.40, which payoff", F(2, 5), False),
    ("The discount factor for future payoffs for both firms is 0.68.", F(68, 100), False),
    ("Let the discount factor be 0.9.", F(9, 10), False),
    ("a discount factor close to 1", None, False),
    ("Assuming the future profits are discounted by a factor of 0.52,", F(52, 100), False),
    ("Given the future profits are discounted by a factor 0.69,", F(69, 100), False),
    ("The firms discount future payoffs at a rate of 0.67.", F(67, 100), True),
    ("Assume the firms discount their future payoffs at the rate of 0.43.", F(43, 100), True),
    ("discount future earnings at a rate represented by 0.60,", F(6, 10), True),
    ("discount future profits at the same rate of 0.41,", F(41, 100), True),
    ("The discount rate for future profits for both firms is 0.59.", F(59, 100), True),
    ("Given that the discount rate is 0.61,", F(61, 100), True),
    ("have a discount rate represented by 0.47,", F(47, 100), True),
    ("at a rate represented by the discount factor 0.55.", F(55, 100), False),
    ("each earns 0.5 million in profit", None, False),
    ("", None, False),
]


@pytest.mark.parametrize(("phrase", "delta", "rate"), PARSE_DELTA)
def test_parse_delta(phrase: str, delta: F | None, rate: bool) -> None:
    assert parse_delta(phrase) == delta
    assert delta_is_rate(phrase) is rate


def _game(coop: str, defect: str, roles_known: bool = True) -> StageGame:
    """A stage game whose item words are those of two mutual clauses (payoffs irrelevant)."""
    a, b = words(coop), words(defect)
    return StageGame(F(3), F(5), F(0), F(1), None, False, frozenset(a - b), frozenset(b - a),
                     roles_known)  # fmt: skip


PRICES = _game("if both keep their prices high", "if both lower their prices")
COLLUDE = _game("if both collude", "if both compete")
INVEST = _game("if both cooperate", "if both free-ride")
WAR = _game("if both collude", "if both engage in a price war")
SHARE = _game("if both share their research", "if both withhold their research")
ADVERTISE = _game("if both firms stick to the agreement", "if both firms fail to advertise")
COMPETE = _game("if both honor the non-compete agreement", "if both enter the market")
FIX = _game("if both firms fix prices", "if both firms compete on prices")
QUALITY = _game("if both firms comply with a quality standard agreement",
                "if both firms lower their quality standards")  # fmt: skip

CLASSIFY = [
    (PRICES, "Both firms lower their prices every period.", "dd"),
    (PRICES, "Both firms keep their prices high every period.", "cc"),
    (PRICES, "Firms take turns every period, one lowering prices while the other keeps them high.",
     "alt"),
    (PRICES, "Firm A keeps its prices high while Firm B lowers its prices indefinitely", "cd"),
    (COLLUDE, "Firm A competes and Firm B colludes every period", "cd"),
    (COLLUDE, "Firm A and Firm B compete every period", "dd"),
    (COLLUDE, "Firm A and Firm B collude to maintain high prices every period", "cc"),
    (COLLUDE, "Firm A and Firm B take turns competing and colluding", "alt"),
    (INVEST, "Firm A invests while Firm B free-rides indefinitely", "cd"),
    (INVEST, "Both firms free-ride indefinitely", "dd"),
    (WAR, "Both firms engage in a price war indefinitely.", "dd"),
    (WAR, "One firm engages in a price war and the other colludes every year.", "cd"),
    (WAR, "they open a price war every year", "dd"),
    (WAR, "firms continue to undercut each other", "dd"),
    (SHARE, "Both companies withhold their research findings each year.", "dd"),
    (SHARE, "One company shares the research while the other company withholds indefinitely.",
     "cd"),
    (SHARE, "Companies take turns in sharing and withholding their research findings.", "alt"),
    (SHARE, "Both agree to maintain high prices, and they continue to do so as long as the "
     "other does not deviate", "cc"),
    (COLLUDE, "Firms select their strategies randomly every year", "mixed"),
    (PRICES, "Both firms lower their prices intermittently", None),
    (ADVERTISE, "Both firms abandon the advertising agreement", "dd"),
    (ADVERTISE, "Both firms adhere to the advertising agreement", "cc"),
    (COMPETE, "Both companies break the non-compete agreement", "dd"),
    (FIX, "Both firms fix prices every period", "cc"),
    (QUALITY, "One firm consistently reduces quality while the other consistently complies",
     "cd"),
    (QUALITY, "Both firms lower their quality standards intermittently", None),
]  # fmt: skip


@pytest.mark.parametrize(("game", "option", "path"), CLASSIFY)
def test_classify_path(game: StageGame, option: str, path: str | None) -> None:
    assert classify_path(option, game) == path


SEGMENTS = [
    # a condition in its own clause stays with the amount after it
    (
        "If both companies decide to undercut each other, both will earn 955.0.",
        ["If both companies decide to undercut each other, both will earn 955.0."],
    ),
    # a trailing condition moves in front of its amount
    (
        "Both earn $12.5 each year when setting low prices.",
        ["when setting low prices., Both earn $12.5 each year"],
    ),
    # one clause per payoff statement, split at ';' and at a new 'if'
    (
        "If both collude they each get 8; if both compete they each get 2.",
        ["If both collude they each get 8", "if both compete they each get 2."],
    ),
    # "$X when they compete, $Y when they collude": each amount after its condition
    (
        "They earn $16 when they compete, $58 when they collude.",
        ["when they compete they each get $16", "when they collude they each get $58"],
    ),
    ("No numbers here at all.", []),
    ("", []),
]


@pytest.mark.parametrize(("text", "clauses"), SEGMENTS)
def test_segments(text: str, clauses: list[str]) -> None:
    assert [c.strip() for c in segments(prepare(text))] == clauses


def test_a_price_war_prose_reads_war_as_defection() -> None:
    text = (
        "If both firms engage in a price war, each gets $30 every period; if both keep their "
        "prices high, they each receive $50 every period; if one firm decides to undercut while "
        "the other one keeps prices high, the undercutter gets $70 while the other firm gets $10."
    )
    g = parse_stage_game(text)
    assert (g.cooperate, g.temptation, g.sucker, g.punishment) == (50, 70, 10, 30)


def test_huge_and_adversarial_text_reads_nothing_wrong() -> None:
    assert role_of("not " * 5000 + "cooperate") == "D"
    assert parse_delta("discount factor " + "x" * 10000) is None
    assert segments("; ; ;" * 1000) == []


def test_non_deviating_firm_is_the_cooperator() -> None:
    # "the non-deviating firm" negates a defection word: it is the one who keeps cooperating
    text = (
        "If both firms stick to the agreement, each gets $70 per period. Should one firm deviate "
        "and fail to advertise while the other continues to do so, the deviating firm receives "
        "$40 for that period, while the non-deviating firm receives $41. If both firms fail to "
        "advertise, each receives $77 per period."
    )
    g = parse_stage_game(text)
    assert (g.cooperate, g.temptation, g.sucker, g.punishment) == (70, 40, 41, 77)


def test_a_payoff_given_as_a_change_is_not_read() -> None:
    from recon_data.curation.audit.base import Unparsed

    text = (
        "If both adhere, each earns $42. If one reneges while the other abides, the reneging "
        "firm makes $27, while the cooperating firm's profit drops by $69. If both renege, "
        "each earns $41."
    )
    with pytest.raises(Unparsed, match="change"):
        parse_stage_game(text)


def test_a_negative_payoff_goes_to_the_compliant_firm() -> None:
    # "the firm that violates ... receives a higher profit of $X, while the compliant firm gets
    # a negative payoff of $Y": T = X, S = -Y (the first pass gave Y, unsigned, to the violator)
    text = (
        "If both firms refrain from encroaching on each other's market, each earns $80 per "
        "year. Should one firm break the pact while the other abides by it, the firm that "
        "violates the pact receives a higher profit of $50, while the compliant firm gets a "
        "negative payoff of $20. If both firms compete in the same market, each receives $10."
    )
    g = parse_stage_game(text)
    assert (g.cooperate, g.temptation, g.sucker, g.punishment) == (80, 50, -20, 10)
