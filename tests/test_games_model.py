"""`games eval` end to end on a tiny random model through the transformers backend (CPU)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

# Slow: plays games with a tiny torch model. `scripts/test.sh --fast` skips it; CI runs it.
pytestmark = pytest.mark.slow

pytest.importorskip("transformers")


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random Qwen2 model with the R1-Distill tokenizer format."""
    from recon_data.training.tiny import save_tiny_model

    return save_tiny_model(tmp_path_factory.mktemp("tiny") / "model")


def test_games_eval_on_a_tiny_model(tiny_model: Path, cli, tmp_path: Path) -> None:
    out = tmp_path / "transcripts.jsonl"
    code, text, err = cli(
        "games", "eval", "--model", str(tiny_model), "--backend", "transformers",
        "--games", "prisoners_dilemma,monopoly", "--trials", "2", "--retries", "1",
        "--set", "max_new_tokens=6", "--seed", "3", "--json", "--out", str(out),
    )  # fmt: skip
    assert code == 0, err
    report = json.loads(text)
    protocol = report["protocol"]
    assert protocol["backend"] == "transformers" and protocol["temperature"] == 0.6
    assert protocol["max_new_tokens"] == 6 and protocol["trials"] == 2 and protocol["seed"] == 3
    episodes = [json.loads(line) for line in out.read_text().splitlines()]
    assert [e["game"] for e in episodes] == ["prisoners_dilemma"] * 2 + ["monopoly"] * 2
    assert [e["seed"] for e in episodes] == [3, 4, 3, 4]
    for name in ("prisoners_dilemma", "monopoly"):
        mine = [e for e in episodes if e["game"] == name]
        replies = [m for e in mine for m in e["moves"]]
        failed = sum(m["status"] != "ok" for m in replies)
        block = report["games"][name]
        # The reported failure rate is exactly what the transcripts show, reply by reply.
        assert block["format_failure_rate"] == pytest.approx(failed / len(replies))
        assert block["trials"] == 2
        for e in mine:
            # A random model rarely writes a legal move; a reply either played or was retried once.
            assert e["forfeited_by"] is not None or e["outcome"] is not None
            for m in e["moves"]:
                assert m["prompt"][0]["role"] == "user" and isinstance(m["completion"], str)
                assert m["attempt"] <= 1
