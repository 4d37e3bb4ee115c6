"""GTBench games through OpenSpiel: protocol, seats, abnormal matches, scores by hand, seeds."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from fractions import Fraction

import pytest

from recon_data.errors import ReconDataError
from recon_data.games.env import Episode
from recon_data.games.gtbench_games import BY_NAME, IPD_PAYOFF, ipd_rounds
from recon_data.games.gtbench_match import Match, nra, score_matches

needs_spiel = pytest.mark.skipif(
    importlib.util.find_spec("pyspiel") is None,
    reason="open-spiel is not installed (pip install open-spiel; it needs Python >= 3.11)",
)
GAMES = list(BY_NAME)
F = Fraction
T = "reasoning\n</think>\n"  # a reply that closed its reasoning


def _match(me: int, payoffs: tuple[int, int] | None, abnormal_by: tuple[str, ...] = ()) -> Match:
    ep = Episode("g", "sequential", 0, "auto", 2, "forfeit")
    ep.payoffs = None if payoffs is None else (F(payoffs[0]), F(payoffs[1]))
    return Match("g", 0, me, ep, abnormal_by)


# --- no OpenSpiel needed -------------------------------------------------------------------


def test_core_imports_without_openspiel() -> None:
    code = (
        "import sys; sys.modules['pyspiel'] = None\n"  # any import of pyspiel now fails
        "import recon_data.games, recon_data.games.gtbench, recon_data.games.gtbench_match\n"
        "from recon_data.games.catalog import gtbench_selection\n"
        "assert gtbench_selection(['gtbench'])[-1] == 'iterated_prisoners_dilemma'\n"
        "from recon_data.games.gtbench import GTBenchEnv\n"
        "from recon_data.errors import ReconDataError\n"
        "try:\n    GTBenchEnv('nim')\nexcept ReconDataError as e:\n    print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "pip install open-spiel" in out.stdout and "3.11" in out.stdout


def test_win_rate_and_nra_by_hand() -> None:
    matches = [
        _match(0, (1, -1)),  # we won from seat 1
        _match(1, (1, -1)),  # we lost from seat 2
        _match(0, (0, 0)),  # draw
        _match(1, (0, 5)),  # auction-like: we won 5 from seat 2
        _match(0, None, ("me",)),  # we forfeited: abnormal, not re-run
    ]
    s = score_matches(matches)
    assert (s["matches"], s["normal"], s["wins"], s["draws"], s["losses"]) == (5, 4, 2, 1, 1)
    assert s["win_rate"] == 2 / 4 and s["win_rate_all"] == 2 / 5
    # ours 1 - 1 + 0 + 5 = 5, theirs -1 + 1 + 0 + 0 = 0, scale (1+1+0+5) + (1+1+0+0) = 9
    assert s["nra"] == pytest.approx(5 / 9)
    assert s["abnormal_rate"] == 1 / 5 and s["abnormal_by_me"] == 1
    assert s["abnormal_by_opponent"] == 0
    assert s["win_rate_seat1"] == 1 / 2 and s["win_rate_seat2"] == 1 / 2
    assert nra([]) == 0 and nra([(F(0), F(0))]) == 0 and nra([(F(3), F(-1))]) == F(1)
    assert nra([(F(2), F(1)), (F(0), F(1))]) == F(0)


def test_both_nra_definitions_by_hand() -> None:
    """`paper`: the sum of absolute scores below; `repo`: GTBench's code, |sum| per side."""
    from recon_data.games.gtbench_match import NRA_DEFINITIONS, build_gtbench_report

    pairs = [(F(3), F(-1)), (F(-1), F(0))]  # ours 2, theirs -1
    assert nra(pairs, "paper") == F(3, 5)  # 3 / (3 + 1 + 1 + 0)
    assert nra(pairs, "repo") == F(1)  # 3 / (|2| + |-1|)
    assert nra([(F(1), F(-1)), (F(-1), F(1))], "repo") == 0
    with pytest.raises(ReconDataError, match="NRA definition"):
        nra(pairs, "mean")
    matches = [_match(0, (3, -1)), _match(0, (-1, 0))]  # seat 1 both times: scores as written
    for name in NRA_DEFINITIONS:
        report = build_gtbench_report(["g"], matches, {}, {}, nra_definition=name)
        assert report["games"]["g"]["nra"] == float(nra(pairs, name))
        assert report["protocol"]["nra"]["definition"] == name
        assert "NRA_test.py" in NRA_DEFINITIONS["repo"][1]


def test_everything_abnormal_has_no_win_rate() -> None:
    s = score_matches([_match(0, None, ("opponent",)), _match(1, (1, -1), ("me", "opponent"))])
    assert s["win_rate"] is None and s["nra"] is None and s["win_rate_all"] == 0
    assert s["abnormal_rate"] == 1 and s["abnormal_by_opponent"] == 2


def test_selection_rules() -> None:
    from recon_data.games.catalog import gtbench_selection

    assert gtbench_selection(["hua2024"]) is None
    assert gtbench_selection(["nim,pig", "nim"]) == ["nim", "pig"]
    assert len(gtbench_selection(["gtbench"]) or []) == 10
    with pytest.raises(ReconDataError, match="separate run"):
        gtbench_selection(["gtbench", "draco"])


# --- with OpenSpiel --------------------------------------------------------------------------


@needs_spiel
@pytest.mark.parametrize("policy", ["random", "first"])
def test_every_game_plays_to_the_end(policy: str) -> None:
    from recon_data.games.gtbench import scripted_agent
    from recon_data.games.gtbench_match import play_matches

    agent = scripted_agent(policy)
    matches = play_matches(GAMES, 2, agent, agent, seed=3)
    assert len(matches) == 20
    for m in matches:
        ep = m.episode
        assert not m.abnormal and ep.payoffs is not None and ep.outcome, m.game
        assert all(mv.status == "ok" and mv.resolution == "played" for mv in ep.moves)
        assert len(ep.choices) == sum(not e.startswith("-1:") for e in ep.outcome)
        for c in ep.choices:
            assert c.action in c.legal


@needs_spiel
def test_seats_swap_on_shared_deals() -> None:
    from recon_data.games.gtbench import scripted_agent
    from recon_data.games.gtbench_match import play_matches

    first = scripted_agent("first")
    matches = play_matches(["tictactoe", "kuhn_poker"], 4, first, first, seed=7)
    assert [(m.seed, m.deal, m.me) for m in matches[:4]] == [
        (7, 7, 0), (8, 7, 1), (9, 8, 0), (10, 8, 1),
    ]  # fmt: skip
    a, b = matches[0], matches[1]  # same deal, deterministic play, seats swapped: mirrored
    assert a.episode.payoffs == b.episode.payoffs
    assert a.scores() == tuple(reversed(b.scores() or ()))
    kuhn = [m for m in matches if m.game == "kuhn_poker"]
    assert [m.episode.outcome[:2] for m in kuhn[:2]] == [kuhn[0].episode.outcome[:2]] * 2


@needs_spiel
def test_seat_swapped_random_matches_are_not_mirror_replays() -> None:
    """Issue 19: each match has its own seed, so random against random is two plays a pair."""
    from recon_data.games.gtbench import scripted_agent
    from recon_data.games.gtbench_match import play_matches

    rnd = scripted_agent("random")
    matches = play_matches(["tictactoe", "kuhn_poker"], 20, rnd, rnd, seed=0)
    for game in ("tictactoe", "kuhn_poker"):
        ms = [m for m in matches if m.game == game]
        pairs = list(zip(ms[::2], ms[1::2], strict=True))
        # The pair shares its deal, but the moves differ: not one play with the seats renamed.
        assert all(a.deal == b.deal for a, b in pairs)
        mirrored = [a.episode.outcome == b.episode.outcome for a, b in pairs]
        assert not all(mirrored), game
        s = score_matches(ms)
        # A mirror replay gives wins == losses and NRA 0 exactly, whatever the play.
        assert (s["wins"], s["nra"]) != (s["losses"], 0.0), game


@needs_spiel
@pytest.mark.parametrize("fallback", ["forfeit", "random"])
def test_garbage_replies_make_abnormal_matches(fallback: str) -> None:
    from recon_data.games.gtbench import scripted_agent
    from recon_data.games.gtbench_match import play_matches

    def garbage(requests: list) -> list[str]:
        return [T + "I would rather not say. <s>choice_99</s>" for _ in requests]

    ms = play_matches(
        ["nim", "iterated_prisoners_dilemma"], 2, garbage, scripted_agent("random"),
        max_retries=1, fallback=fallback,
    )  # fmt: skip
    s = score_matches([m for m in ms if m.game == "nim"])
    assert s["abnormal_rate"] == 1 and s["abnormal_by_me"] == 2 and s["win_rate"] is None
    assert s["win_rate_all"] == 0 and s["format_failure_rate"] == 1
    first = ms[0].episode.moves
    ours = [mv for mv in first if mv.player == ms[0].me]
    assert ours[0].resolution == "retry" and ours[0].status == "illegal"
    assert len(ours[1].prompt) == 3 and "legal actions" in ours[1].prompt[2]["content"]
    if fallback == "forfeit":
        assert all(m.episode.payoffs is None and m.episode.forfeited_by == m.me for m in ms)
    else:  # the match finishes on random moves, and is still abnormal
        assert all(m.episode.payoffs is not None and m.abnormal_by == ("me",) for m in ms)
    opp = play_matches(["pig"], 2, scripted_agent("first"), garbage, max_retries=0)
    assert all(m.abnormal_by == ("opponent",) for m in opp)


@needs_spiel
def test_same_seed_same_matches() -> None:
    from recon_data.games.gtbench import scripted_agent
    from recon_data.games.gtbench_match import play_matches

    games = ["kuhn_poker", "pig", "negotiation", "liars_dice"]

    def run(seed: int) -> list[dict]:
        mcts, rnd = scripted_agent("mcts", simulations=20), scripted_agent("random")
        return [m.to_dict() for m in play_matches(games, 2, rnd, mcts, seed=seed)]

    once = run(11)
    assert once == run(11)
    assert once != run(12)


@needs_spiel
def test_mcts_beats_random_at_tictactoe() -> None:
    from recon_data.games.gtbench import scripted_agent
    from recon_data.games.gtbench_match import play_matches

    ms = play_matches(["tictactoe"], 4, scripted_agent("mcts", simulations=300),
                      scripted_agent("random"))  # fmt: skip
    assert score_matches(ms)["losses"] == 0 and score_matches(ms)["wins"] >= 3


@needs_spiel
def test_iterated_pd_history_matches_openspiel() -> None:
    from recon_data.games.gtbench import GTBenchEnv

    env = GTBenchEnv("iterated_prisoners_dilemma")
    env.reset(2)
    plays = [T + "<s>choice_1</s>", T + "<s>choice_2</s>", T + "<s>choice_2</s>"]
    k = 0
    while not env.done:
        for p in env.to_move():
            env.step(p, plays[k % 3])
            k += 1
    rounds = ipd_rounds(env.log)
    assert len(rounds) >= 1 and rounds[0] == ("C", "D")
    totals = [sum(IPD_PAYOFF[r][p] for r in rounds) for p in (0, 1)]
    assert totals == [int(x) for x in env.state.returns()]


@needs_spiel
def test_prompts_hide_private_information_and_never_snap_bids() -> None:
    from recon_data.games.gtbench import GTBenchEnv

    env = GTBenchEnv("first_sealed_auction")
    env.reset(2)
    value = int(env.log[0][1].split(":")[1])
    assert env.legal_actions(0) == tuple(f"bid {b}" for b in range(value))
    text = env.prompt(0)[0]["content"]
    assert "Reason as you need" in text and "without explanation" not in text
    move = env.step(0, f"{T}<s>choice_{value + 1}</s>")  # one above the highest legal bid
    assert move.status == "illegal" and move.resolution == "retry" and move.played is None
    env.step(0, T + "<s>choice_2</s>")
    seen = env.prompt(1)[0]["content"].split("Your legal actions")[0]
    assert "bid" in seen and "bid 1" not in seen  # the first bid stays sealed
    kuhn = GTBenchEnv("kuhn_poker")
    kuhn.reset(0)
    cards = [int(a.split(":")[1]) for _, a in kuhn.log]
    names = ("Jack", "Queen", "King")
    shown = kuhn.prompt(0)[0]["content"].split("\n\n")[1]  # the state, after the rules
    assert f"Your card: {names[cards[0]]}" in shown and names[cards[1]] not in shown


@needs_spiel
def test_cli_eval_gtbench(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli(
        "games", "eval", "--games", "gtbench", "--policy", "first", "--opponent", "random",
        "--trials", "2", "--json",
    )  # fmt: skip
    assert code == 0, err
    report = json.loads(out)
    assert list(report["games"]) == GAMES and report["skipped"] == {}
    assert report["protocol"]["opponent"] == "random" and report["overall"]["matches"] == 20
    code, out, _ = cli("games", "eval", "--games", "nim,iterated_prisoners_dilemma",
                       "--policy", "random", "--opponent", "mcts", "--mcts-simulations", "5",
                       "--trials", "2", "--json")  # fmt: skip
    assert code == 0 and "iterated_prisoners_dilemma" in json.loads(out)["skipped"]
    code, _, err = cli("games", "eval", "--games", "gtbench", "--policy", "first")
    assert code == 1 and "--opponent" in err
    code, out, _ = cli("games", "list", "--json")
    rows = json.loads(out)["games"]
    assert {"name": "pig", "suite": "gtbench", "kind": "sequential"} in rows


@needs_spiel
@pytest.mark.slow  # loads torch and a tiny model (about 10 s of CPU)
def test_cli_eval_gtbench_on_a_tiny_model(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from recon_data.training.tiny import save_tiny_model

    model = save_tiny_model(tmp_path / "model")
    out = tmp_path / "matches.jsonl"
    code, text, err = cli(
        "games", "eval", "--games", "first_sealed_auction", "--model", str(model), "--backend", "transformers",
        "--opponent", "random", "--trials", "2", "--retries", "1", "--set", "max_new_tokens=6",
        "--json", "--out", str(out),
    )  # fmt: skip
    assert code == 0, err
    block = json.loads(text)["games"]["first_sealed_auction"]
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["me"] for r in rows] == [0, 1]
    ours = [m for r in rows for m in r["episode"]["moves"] if m["player"] == r["me"]]
    # The reported rates are exactly what the transcripts show.
    failed = sum(m["status"] != "ok" for m in ours)
    assert block["format_failure_rate"] == pytest.approx(failed / len(ours))
    assert block["abnormal"] == sum(bool(r["abnormal_by"]) for r in rows)
    assert all(m["resolution"] in ("played", "retry", "forfeit") for m in ours)


@needs_spiel
@pytest.mark.slow  # a whole-corpus scan or a served endpoint; CI runs it
def test_model_opponent_through_an_endpoint(cli) -> None:  # type: ignore[no-untyped-def]
    """A local OpenAI-compatible stub plays the opponent; it always answers the last choice."""
    import re
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    seen: list[dict] = []

    class Stub(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            seen.append(body)
            k = len(re.findall(r"^choice_\d+:", body["messages"][0]["content"], re.M))
            reply = {"choices": [{"message": {"content": f"Raise. <s>choice_{k}</s>"}}]}
            data = json.dumps(reply).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Stub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        code, out, err = cli(
            "games", "eval", "--games", "kuhn_poker", "--policy", "first", "--opponent", "stub",
            "--opponent-url", f"http://127.0.0.1:{server.server_port}/v1", "--trials", "2",
            "--json",
        )  # fmt: skip
    finally:
        server.shutdown()
    assert code == 0, err
    block = json.loads(out)["games"]["kuhn_poker"]
    assert block["abnormal"] == 0 and block["matches"] == 2 and seen
    assert all(b["model"] == "stub" and b["temperature"] == 0.6 for b in seen)
