"""`games eval --out F` keeps every finished episode, and `--resume` completes the same run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from recon_data.errors import ReconDataError
from recon_data.training import selfplay

ARGS = {"games": ["hua2024"], "policy": "random", "trials": 6, "seed": 3}


def _interrupting(after: int):
    """A stand-in for `scripted` whose policy stops the run (Ctrl-C) after `after` requests."""
    real = selfplay.scripted

    def make(name: str, parser: str = "auto"):
        complete, calls = real(name, parser), [0]

        def stopping(requests):
            calls[0] += 1
            if calls[0] > after:
                raise KeyboardInterrupt
            return complete(requests)

        return stopping

    return make


def test_an_interrupted_run_resumed_equals_an_uninterrupted_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = tmp_path / "whole.jsonl"
    report, _ = selfplay.run_games(**ARGS, out=whole)
    for stop_after in (1, 2):  # interrupted after each round of moves but the last
        cut = tmp_path / f"cut{stop_after}.jsonl"
        with monkeypatch.context() as m:
            m.setattr(selfplay, "scripted", _interrupting(stop_after))
            with pytest.raises(KeyboardInterrupt):
                selfplay.run_games(**ARGS, out=cut)
        kept = cut.read_text("utf-8").splitlines()
        assert 0 < len(kept) < 60  # the episodes finished before the stop, and no more
        resumed, _ = selfplay.run_games(**ARGS, out=cut, resume=True)
        assert json.dumps(resumed, sort_keys=True) == json.dumps(report, sort_keys=True)
        assert cut.read_bytes() == whole.read_bytes()


def test_a_line_cut_off_by_a_kill_is_played_again(tmp_path: Path) -> None:
    whole = tmp_path / "whole.jsonl"
    report, _ = selfplay.run_games(**ARGS, out=whole)
    lines = whole.read_text("utf-8").splitlines(keepends=True)
    cut = tmp_path / "cut.jsonl"
    cut.write_text("".join(lines[:7]) + lines[7][:40], encoding="utf-8")  # killed mid-write
    resumed, _ = selfplay.run_games(**ARGS, out=cut, resume=True)
    assert resumed == report and cut.read_bytes() == whole.read_bytes()


def test_resume_refuses_other_settings_and_missing_out(tmp_path: Path) -> None:
    out = tmp_path / "t.jsonl"
    selfplay.run_games(**ARGS, out=out)
    with pytest.raises(ReconDataError, match="fallback 'forfeit', this one 'random'"):
        selfplay.run_games(**ARGS, out=out, resume=True, fallback="random")
    with pytest.raises(ReconDataError, match="give --out FILE"):
        selfplay.run_games(**ARGS, resume=True)
    with pytest.raises(ReconDataError, match="pass --force to replace it or --resume"):
        selfplay.run_games(**ARGS, out=out)


def test_the_command_line_resumes(cli, tmp_path: Path) -> None:
    out = tmp_path / "t.jsonl"
    args = ("games", "eval", "--policy", "first", "--games", "hua2024", "--trials", "2", "--json")
    code, whole, err = cli(*args, "--out", str(out))
    assert code == 0, err
    lines = out.read_text("utf-8").splitlines(keepends=True)
    out.write_text("".join(lines[:5]), encoding="utf-8")
    code, resumed, err = cli(*args, "--out", str(out), "--resume")
    assert code == 0, err and json.loads(resumed) == json.loads(whole)
    assert out.read_text("utf-8").splitlines(keepends=True) == lines
