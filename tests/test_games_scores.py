"""The ten games' equilibria against games.md, scripted policies' scores by hand, the CLI's JSON."""

from __future__ import annotations

import json
import math
from fractions import Fraction
from pathlib import Path

import pytest

from recon_data.games.catalog import get_game, hua_games
from recon_data.games.expected import expected_scores
from recon_data.games.play import play_trials, scripted
from recon_data.games.scoring import overall, score_games
from recon_data.gametheory.mixed import support_enumeration

# Slow: plays every Hua game many times. `scripts/test.sh --fast` skips it; CI runs it.
pytestmark = pytest.mark.slow

C1, C2, C3 = "choice_1", "choice_2", "choice_3"

# Typed from ../shared/docs/games.md (c1 -> 0, c2 -> 1; trees: A1/B1 -> choice_1).
SIMULTANEOUS_NE = {
    "prisoners_dilemma": [(1, 1)],
    "stag_hunt": [(0, 0), (1, 1)],
    "battle_of_the_sexes": [(0, 0), (1, 1)],
    "wait_go": [(0, 1), (1, 0)],
    "duopoly": [(2, 2)],
}
SPE_PATHS = {
    "escalation": (C1,),
    "monopoly": (C2, C1),
    "hot_cold": (C1, C2),
    "draco": (C1, C1),
    "trigame": (C2, C1, C2),
}
# Hand-computed: random's NE rate is the share of equilibrium cells; its SPE rate the product
# of 1/k along the SPE path; its Nash-outcome rate the probability of reaching a Nash outcome.
RANDOM_NE = {"prisoners_dilemma": 1 / 4, "stag_hunt": 2 / 4, "battle_of_the_sexes": 2 / 4,
             "wait_go": 2 / 4, "duopoly": 1 / 36}  # fmt: skip
RANDOM_SPE = {"escalation": 1 / 2, "monopoly": 1 / 4, "hot_cold": 1 / 4, "draco": 1 / 4,
              "trigame": 1 / 8}  # fmt: skip
RANDOM_NASH_OUTCOME = {"escalation": 1 / 2, "monopoly": 1 / 2 + 1 / 4, "hot_cold": 1 / 4,
                       "draco": 1 / 4 + 1 / 4, "trigame": 1 / 8 + 1 / 8}  # fmt: skip


def test_simultaneous_equilibria_match_games_md() -> None:
    for name, ne in SIMULTANEOUS_NE.items():
        assert list(get_game(name).pure_nash) == ne, name
    assert get_game("stag_hunt").pareto_nash == ((0, 0),)
    assert get_game("battle_of_the_sexes").pareto_nash == ((0, 0), (1, 1))
    duopoly = get_game("duopoly")
    assert duopoly.matrix.payoff((2, 2)) == (6, 6) and duopoly.matrix.payoff((1, 1)) == (7, 7)
    mixed = support_enumeration(get_game("wait_go").matrix).equilibria
    third = (Fraction(2, 3), Fraction(1, 3))
    assert (third, third) in mixed


def test_sequential_equilibria_match_games_md() -> None:
    for name, path in SPE_PATHS.items():
        spec = get_game(name)
        assert spec.spe.paths == (path,), name
    assert get_game("monopoly").nash_outcomes == ((C1,), (C2, C1))  # the non-credible threat
    assert len(get_game("draco").pure_nash) == 6
    assert len(hua_games()) == 10


@pytest.fixture(scope="module")
def random_scores() -> dict[str, dict]:
    specs = hua_games()
    episodes = play_trials(specs, 800, scripted("random"), seed=11)
    return {s.name: score_games(s, [e for e in episodes if e.game == s.name]) for s in specs}


def _close(observed: float, p: float, n: int = 800) -> bool:
    return abs(observed - p) <= 4.5 * math.sqrt(p * (1 - p) / n)


def test_random_policy_matches_hand_computed_rates(random_scores: dict[str, dict]) -> None:
    for name, p in RANDOM_NE.items():
        assert _close(random_scores[name]["ne_rate"], p), name
        assert random_scores[name]["table4_rate"] == random_scores[name]["ne_rate"]
    for name, p in RANDOM_SPE.items():
        assert _close(random_scores[name]["spe_rate"], p), name
        assert random_scores[name]["table4_rate"] == random_scores[name]["spe_rate"]
    for name, p in RANDOM_NASH_OUTCOME.items():
        assert _close(random_scores[name]["nash_outcome_rate"], p), name
        assert random_scores[name]["ne_rate"] is None  # the NE rate is the matrix games' measure
    assert _close(random_scores["stag_hunt"]["pareto_ne_rate"], 1 / 4)
    # Random regret in the Prisoner's Dilemma: defecting has none; cooperating (half the time)
    # forgoes 5 - 3 = 2 or 1 - 0 = 1 with equal odds: 1/2 * 3/2 = 3/4.
    assert abs(random_scores["prisoners_dilemma"]["mean_regret"] - 0.75) < 0.1


def test_exact_expectations_match_the_hand_computed_rates() -> None:
    expected = expected_scores(hua_games(), "random")
    for name, p in RANDOM_NE.items():
        assert expected["games"][name]["ne_rate"] == Fraction(p).limit_denominator(100), name
    for name, p in RANDOM_SPE.items():
        assert expected["games"][name]["spe_rate"] == Fraction(p).limit_denominator(100), name
    for name, p in RANDOM_NASH_OUTCOME.items():
        got = expected["games"][name]["nash_outcome_rate"]
        assert got == Fraction(p).limit_denominator(100), name
    # Table 4's overall: the mean of the five NE rates and the five SPE-path rates, by hand.
    hand = (sum(map(Fraction, ("1/4", "1/2", "1/2", "1/2", "1/36"))) / 5
            + sum(map(Fraction, ("1/2", "1/4", "1/4", "1/4", "1/8"))) / 5) / 2  # fmt: skip
    assert expected["table4"] == hand == Fraction(227, 720)
    assert round(float(hand), 3) == 0.315  # the figure
    assert expected_scores(hua_games(), "first")["table4"] == Fraction(2, 5)
    assert expected_scores(hua_games(), "spe")["table4"] == 1


def test_games_eval_table4_is_the_papers_measure() -> None:
    """`games eval --policy first|random --games hua2024`, through the call the CLI makes."""
    from recon_data.training.selfplay import run_games

    report, _ = run_games(["hua2024"], policy="first", trials=2)
    overall = report["overall"]
    assert overall["table4"] == 0.4  # NE rate 2/5 on the matrix games, SPE rate 2/5 on trees
    assert overall["table4_simultaneous"] == 0.4 and overall["table4_sequential"] == 0.4
    # The trees' looser Nash-outcome rate (Monopoly's staying out counts) is apart: 3/5.
    assert overall["nash_outcome_rate"] == 0.6
    assert report["protocol"]["reference"]["table4"]["Recon-GRPO"]["overall"] == 0.69
    trials = 1500
    report, _ = run_games(["hua2024"], policy="random", trials=trials, seed=3)
    exact = float(expected_scores(hua_games(), "random")["table4"])
    # Table 4 is the mean of ten independent rates, each over `trials` trials.
    rates = [b["table4_rate"] for b in report["games"].values()]
    p = [float(b["table4_rate"]) for b in expected_scores(hua_games(), "random")["games"].values()]
    sd = math.sqrt(sum(q * (1 - q) / trials for q in p)) / len(p)
    assert abs(sum(rates) / len(rates) - exact) <= 4.5 * sd
    assert abs(report["overall"]["table4"] - exact) <= 4.5 * sd


def test_fallback_outcomes_are_not_equilibria() -> None:
    """A model that never answers scores no equilibrium, whatever the random fallback plays."""

    def silent(requests: list) -> list[str]:
        return ["</think> I cannot decide." for _ in requests]

    specs = hua_games()
    episodes = play_trials(specs, 40, silent, max_retries=0, fallback="random")
    blocks = {s.name: score_games(s, [e for e in episodes if e.game == s.name]) for s in specs}
    for name, b in blocks.items():
        assert b["fallback_outcomes"] == 40 and b["forfeits"] == 0, name
        assert b["table4_rate"] == 0 and b["format_failure_rate"] == 1, name
        assert b["mean_regret"] is None  # no move was the player's own
    assert overall(blocks)["table4"] == 0 and overall(blocks)["fallback_outcomes"] == 400


def test_spe_and_first_policies_score_exactly() -> None:
    specs = hua_games()
    for policy in ("spe", "first", "tit-for-tat"):
        episodes = play_trials(specs, 3, scripted(policy, "boxed"), seed=2, parser="boxed")
        for spec in specs:
            block = score_games(spec, [e for e in episodes if e.game == spec.name])
            assert block["format_failure_rate"] == 0
            if policy == "spe":
                assert block["table4_rate"] == 1 and block["mean_regret"] == 0
                assert block["spe_rate"] in (None, 1) and block["ne_rate"] in (None, 1)
    first = play_trials([get_game("prisoners_dilemma"), get_game("monopoly")], 2, scripted("first"))
    pd = score_games(get_game("prisoners_dilemma"), first[:2])
    assert pd["ne_rate"] == 0 and pd["mean_regret"] == 2  # each seat forgoes 5 - 3
    mono = score_games(get_game("monopoly"), first[2:])
    # Staying out is a Nash outcome (Bob's threat) but not subgame-perfect: Alice forgoes 2 - 0.
    assert mono["nash_outcome_rate"] == 1 and mono["spe_rate"] == 0 and mono["mean_regret"] == 2
    assert mono["table4_rate"] == 0


def test_cli_list_and_show_json(cli) -> None:
    code, out, _ = cli("games", "list", "--json")
    games = json.loads(out)["games"]
    assert code == 0 and {"name": "draco", "suite": "hua2024", "kind": "sequential"} in games
    assert set(games[0]) == {"name", "suite", "kind"}
    code, out, _ = cli("games", "show", "monopoly", "--json")
    data = json.loads(out)
    assert set(data) == {"name", "kind", "pure_nash", "spe_paths", "nodes"}
    assert data["spe_paths"] == [[C2, C1]]
    assert {"player": 1, "history": [C2], "values": {C1: [2, 1], C2: [-1, -1]}} in data["nodes"]
    code, out, _ = cli("games", "show", "stag_hunt", "--json")
    assert json.loads(out)["pure_nash"] == [[C1, C1], [C2, C2]]
    code, out, _ = cli("games", "show", "draco")
    assert code == 0 and "prompt for Alice" in out and "subgame-perfect paths" in out
    code, _, err = cli("games", "show", "chess")
    assert code == 1 and err.count("\n") == 1 and "unknown game" in err


def test_cli_eval_policy_json_and_transcripts(cli, tmp_path: Path) -> None:
    out = tmp_path / "t.jsonl"
    args = ["games", "eval", "--policy", "spe", "--games", "hua2024", "--trials", "2", "--json"]
    code, text, err = cli(*args, "--out", str(out))
    assert code == 0, err
    report = json.loads(text)
    assert set(report) == {"games", "overall", "protocol"}
    assert set(report["games"]["draco"]) == {
        "trials", "table4_rate", "ne_rate", "pareto_ne_rate", "spe_rate", "nash_outcome_rate",
        "fallback_outcomes", "forfeits", "format_failure_rate", "mean_regret",
    }  # fmt: skip
    assert report["overall"]["ne_rate"] == 1 and report["overall"]["spe_rate"] == 1
    assert report["overall"]["table4"] == 1
    assert report["protocol"]["trials"] == 2 and report["protocol"]["policy"] == "spe"
    assert report["protocol"]["reference"]["Recon-GRPO"]["draco"] == 0.90
    lines = out.read_text().splitlines()
    assert len(lines) == 20 and json.loads(lines[0])["game"] == "prisoners_dilemma"
    code, _, err = cli(*args, "--out", str(out))
    assert code == 1 and "--force" in err
    code, _, err = cli("games", "eval", "--games", "draco")
    assert code == 1 and "--model" in err
    code, text, _ = cli(
        "games", "eval", "--policy", "random", "--games", "tree3-s7", "--trials", "2"
    )
    assert code == 0 and "tree3-s7" in text
