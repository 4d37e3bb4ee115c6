"""Progress bars: drawn on a terminal only, silent in pipes, with --quiet and RECON_DATA_QUIET."""

from __future__ import annotations

import io

import pytest

from recon_data import progress


def test_library_default_is_silent() -> None:
    advance = progress.silent("work", 3)
    assert advance(1) is None


def test_only_a_terminal_gets_a_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RECON_DATA_QUIET", raising=False)
    tty = io.StringIO()
    tty.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr("sys.stderr", tty)
    assert progress.wanted() is True
    assert progress.wanted(quiet=True) is False
    monkeypatch.setenv("RECON_DATA_QUIET", "1")
    assert progress.wanted() is False
    monkeypatch.delenv("RECON_DATA_QUIET")
    pipe = io.StringIO()
    monkeypatch.setattr("sys.stderr", pipe)
    assert progress.wanted() is False


def test_phases_advance_and_finish(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = []
    with progress.progress_bar(True) as step:
        first = step("read", 4)
        for _ in range(4):
            first(1)
        second = step("solve", None)
        second(2)
        seen.append("done")
    with progress.progress_bar(False) as step:
        assert step is progress.silent
    assert seen == ["done"]


def test_library_bars_are_turned_off_in_pipes(monkeypatch: pytest.MonkeyPatch) -> None:
    from recon_data.cli.options import quiet_library_bars

    # setenv first, so the variables the call sets are restored after the test
    for name in (
        "TQDM_DISABLE",
        "HF_DATASETS_DISABLE_PROGRESS_BARS",
        "HF_HUB_DISABLE_PROGRESS_BARS",
    ):
        monkeypatch.setenv(name, "0")
    monkeypatch.delenv("RECON_DATA_QUIET", raising=False)
    pipe = io.StringIO()
    monkeypatch.setattr("sys.stderr", pipe)
    assert quiet_library_bars(False) is False
    import os

    assert (
        os.environ["TQDM_DISABLE"] == "1" and os.environ["HF_DATASETS_DISABLE_PROGRESS_BARS"] == "1"
    )
