"""The consistency measures on hand-counted cases, and in `recon-data eval` (a local fake
OpenAI-compatible server answers; nothing leaves the machine)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from test_variants import WINNER, ballot_item, nash_item

from recon_data.curation.variants.driver import dump, write_variants
from recon_data.progress import silent
from recon_data.schema import Problem
from recon_data.verifiers.consistency import Tracker, answer_of, carry, measure


@pytest.fixture(scope="module")
def group() -> dict[str, Problem]:
    """A Condorcet source (gold: option 2, Title B) with a permuted and a relabelled variant,
    and a pure-Nash source (gold [[1, 2]]) with its players swapped (gold [[2, 1]])."""
    report = write_variants([ballot_item(WINNER, 2), nash_item()], None, ["permute", "relabel"],
                            1, 3, None, False, silent, "test")  # fmt: skip
    return {r["id"]: Problem.model_validate(r) for split in report.records.values() for r in split}


def boxed(answer: str) -> str:
    return f"<think>..</think> \\boxed{{{answer}}}"


def test_what_an_answer_is(group: dict[str, Problem]) -> None:
    source = group["hand-condorcet_criterion"]
    assert answer_of(boxed("Option 2: Title B"), source) == 2
    assert answer_of(boxed("Title B"), source) == 2  # the text alone names option 2
    assert answer_of("</think> Option 3", source) == 3  # the unboxed fallback, as graded
    assert answer_of(boxed("Option 2 or Option 3"), source) is None  # a hedge is no answer
    assert answer_of(boxed("not Option 2"), source) is None
    assert answer_of("no closing think \\boxed{Option 2}", source) is None
    assert answer_of(boxed("Option 2: Title C"), source) is None  # number and text disagree
    nash = group["hand-pure_nash"]
    assert answer_of(boxed("[[1,2]]"), nash) == frozenset({(1, 2)})
    assert answer_of(boxed("(1, 2) and (0, 0)"), nash) == frozenset({(1, 2), (0, 0)})


def test_carry_through_answer_maps() -> None:
    assert carry(2, {"options": [3, 1, 2]}) == 1
    assert carry(7, {"options": [3, 1, 2]}) is None and carry(None, {"options": [1]}) is None
    swap = {"rows": [0, 1], "cols": [0, 1, 2], "swap": True}
    assert carry(frozenset({(1, 2)}), swap) == frozenset({(2, 1)})
    assert carry(frozenset({(5, 5)}), swap) is None  # no such profile in the game
    assert carry("Yes", {}) == "Yes"


def test_measures_on_a_hand_counted_case(group: dict[str, Problem]) -> None:
    ids = sorted(group)
    assert ids == [
        "hand-condorcet_criterion", "hand-condorcet_criterion:permute:0",
        "hand-condorcet_criterion:relabel:0", "hand-pure_nash", "hand-pure_nash:permute:0",
        "hand-pure_nash:relabel:0",
    ]  # fmt: skip
    # Everything answered with the source's own gold: the sources are right; a variant is
    # right only where its gold did not move.
    graded = []
    for pid, p in group.items():
        link = p.generation.config["variant"] if p.generation.generator == "variant" else None
        gold = group[link["of"]].answer if link else p.answer
        graded.append((pid, boxed(gold), gold == p.answer))
    result = measure(group.values(), graded)
    assert result is not None
    moved = {pid for pid, _, ok in graded if not ok}
    assert "hand-pure_nash:relabel:0" in moved  # [[1, 2]] became [[2, 1]]
    overall = result["overall"]
    assert overall["source_accuracy"] == 1.0
    assert overall["counts"]["variants"] == 4
    assert overall["variant_accuracy"] == (4 - len(moved)) / 4
    # A source counts as consistent only with the source and all its variants right.
    assert overall["all_variants"] < 1.0
    pure = result["by_category"]["pure_nash"]
    assert pure["all_variants"] == 0.0 and pure["by_transform"]["relabel"]["same_answer"] == 0.0
    # Answering each variant with the source's answer carried through the map: the same
    # answer everywhere, even with the source wrong.
    wrong = "[[0, 0]]"
    carried = [("hand-pure_nash", boxed(wrong), False)]
    for vid in ("hand-pure_nash:permute:0", "hand-pure_nash:relabel:0"):
        mapping = group[vid].generation.config["variant"]["params"]["answers"]
        (pair,) = carry(frozenset({(0, 0)}), mapping)
        carried.append((vid, boxed(f"[[{pair[0]}, {pair[1]}]]"), False))
    block = measure(group.values(), carried)["by_category"]["pure_nash"]
    assert (block["same_answer"], block["all_variants"], block["source_accuracy"]) == (
        1.0,
        0.0,
        0.0,
    )


def test_no_groups_no_block(group: dict[str, Problem]) -> None:
    plain = {k: v for k, v in group.items() if v.generation.generator != "variant"}
    assert measure(plain.values(), []) is None
    tracker = Tracker(group)
    tracker.add("hand-pure_nash", boxed("[[1, 2]]"), True)  # a source without a graded variant
    assert tracker.result() is None
    tracker.add("hand-pure_nash:relabel:0", boxed("[[2, 1]]"), True, gold="[[9, 9]]")
    assert tracker.result() is None  # graded against another gold: not this corpus's item


class _Server(BaseHTTPRequestHandler):
    """Answers every chat request from a table keyed by the prompt."""

    replies: ClassVar[dict[str, str]] = {}

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        text = self.replies[body["messages"][-1]["content"]]
        choice = {"message": {"role": "assistant", "content": text}, "finish_reason": "stop"}
        payload = json.dumps({"choices": [choice]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: Any) -> None:
        """Quiet."""


def test_eval_reports_consistency(cli, group: dict[str, Problem], tmp_path: Path) -> None:
    pytest.importorskip("openai")
    from recon_data.manifest import write_corpus

    corpus = tmp_path / "c"
    records = [dump(p) for p in group.values()]
    write_corpus(corpus, {"train": [], "eval": records}, [], source={"kind": "test"}, builder="t")
    # Each item answered with its source's gold (the sources' own golds for the sources).
    replies = {}
    for p in group.values():
        link = p.generation.config["variant"] if p.generation.generator == "variant" else None
        gold = group[link["of"]].answer if link else p.answer
        replies[p.prompt[-1].content] = f"thinking</think>\\boxed{{{gold}}}"
    _Server.replies = replies
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Server)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"base_url=http://127.0.0.1:{server.server_address[1]}/v1"
    try:
        base = (
            "eval",
            "--model",
            "m",
            "--backend",
            "openai",
            "--corpus",
            str(corpus),
            "--set",
            url,
        )
        code, stdout, err = cli(*base, "--json")
        assert code == 0, err
        summary = json.loads(stdout)
        assert summary["consistency"]["source_accuracy"] == 1.0
        assert summary["consistency"]["all_variants"] < 1.0
        assert "consistency" in summary["by_category"]["pure_nash"]
        code, stdout, err = cli(*base)
        assert code == 0 and "Consistency across variants" in stdout
    finally:
        server.shutdown()
