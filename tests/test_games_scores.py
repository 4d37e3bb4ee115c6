"""The ten games' equilibria against games.md, scripted policies' scores by hand, the CLI's JSON."""

from __future__ import annotations

import json
import math
from fractions import Fraction
from pathlib import Path

import pytest

from recon_data.games.catalog import get_game, hua_games
from recon_data.games.play import play_trials, scripted
from recon_data.games.scoring import score_games
from recon_data.gametheory.mixed import support_enumeration

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
    for name, p in RANDOM_SPE.items():
        assert _close(random_scores[name]["spe_rate"], p), name
    for name, p in RANDOM_NASH_OUTCOME.items():
        assert _close(random_scores[name]["ne_rate"], p), name
    assert _close(random_scores["stag_hunt"]["pareto_ne_rate"], 1 / 4)
    # Random regret in the Prisoner's Dilemma: defecting has none; cooperating (half the time)
    # forgoes 5 - 3 = 2 or 1 - 0 = 1 with equal odds: 1/2 * 3/2 = 3/4.
    assert abs(random_scores["prisoners_dilemma"]["mean_regret"] - 0.75) < 0.1


def test_spe_and_first_policies_score_exactly() -> None:
    specs = hua_games()
    for policy in ("spe", "first", "tit-for-tat"):
        episodes = play_trials(specs, 3, scripted(policy, "boxed"), seed=2, parser="boxed")
        for spec in specs:
            block = score_games(spec, [e for e in episodes if e.game == spec.name])
            assert block["format_failure_rate"] == 0
            if policy == "spe":
                assert block["ne_rate"] == 1 and block["mean_regret"] == 0
                assert block["spe_rate"] in (None, 1)
    first = play_trials([get_game("prisoners_dilemma"), get_game("monopoly")], 2, scripted("first"))
    pd = score_games(get_game("prisoners_dilemma"), first[:2])
    assert pd["ne_rate"] == 0 and pd["mean_regret"] == 2  # each seat forgoes 5 - 3
    mono = score_games(get_game("monopoly"), first[2:])
    # Staying out is a Nash outcome (Bob's threat) but not subgame-perfect: Alice forgoes 2 - 0.
    assert mono["ne_rate"] == 1 and mono["spe_rate"] == 0 and mono["mean_regret"] == 2


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
        "trials", "ne_rate", "pareto_ne_rate", "spe_rate", "format_failure_rate", "mean_regret",
    }  # fmt: skip
    assert report["overall"]["ne_rate"] == 1 and report["overall"]["spe_rate"] == 1
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
