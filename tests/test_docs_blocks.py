"""Every shell and Python block in README.md and docs/*.md runs as written (issue 20).

A block's info string says what it is: ```bash and ```python blocks run; a synopsis with
placeholders is ```text. Words after the language mark what a block needs that CI does not
have, and skip it with that reason: `needs=gpu` (a CUDA GPU), `needs=hub` (the Hugging Face
Hub), `needs=model` (real model weights), `needs=suite` (the test command itself), `needs=setup`
(the environment set-up the tests run in), `needs=cluster` (Slurm or Ray). `slow`
marks a block that runs longer than a few seconds.

The blocks of one page run in order in one workspace, as a reader would type them: the
repository's folders are linked in, `corpus/` is the release built once per session, and
`../shared` is the shared data beside the checkout.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
RUN = {"bash": "bash", "sh": "bash", "python": "python"}
NEEDS = {
    "gpu": "needs a CUDA GPU",
    "hub": "needs the Hugging Face Hub",
    "model": "needs real model weights",
    "suite": "is the test command itself",
    "setup": "is the set-up these tests run after",
    "cluster": "needs a Slurm or Ray cluster",
}
FENCE = re.compile(r"^```([A-Za-z]+)([^\n]*)\n(.*?)^```", re.M | re.S)


@dataclass(frozen=True)
class Block:
    """One fenced block: page, line, language, info words and text."""

    page: str
    line: int
    lang: str
    words: tuple[str, ...]
    text: str

    def skip_reason(self) -> str | None:
        """Why this block does not run here, or None."""
        for word in self.words:
            key, _, value = word.partition("=")
            if key == "needs":
                return NEEDS.get(value, f"needs {value}")
        return None


def blocks_of(page: Path) -> list[Block]:
    """Every fenced block of a page, with the line its fence opens on."""
    text = page.read_text("utf-8")
    found = []
    for m in FENCE.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        found.append(Block(page.name, line, m.group(1), tuple(m.group(2).split()), m.group(3)))
    return found


def test_every_fence_declares_a_known_language() -> None:
    # Runnable blocks are found by their language, so a misspelt one would silently not run.
    known = {*RUN, "text", "json", "yaml", "toml", "jsonc", "console", "diff", "ini"}
    bad = [
        f"{b.page}:{b.line}: {b.lang}" for page in PAGES for b in blocks_of(page) if b.lang not in known
    ]
    assert not bad, bad
    for page in PAGES:
        for b in blocks_of(page):
            for word in b.words:
                key, _, value = word.partition("=")
                assert word == "slow" or (key == "needs" and value in NEEDS), (b.page, b.line, word)


@pytest.fixture(scope="module")
def workspace_root(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> Path:
    """A folder with `shared` (linked) beside a fresh workspace per page."""
    base = tmp_path_factory.mktemp("docs")
    shared = ROOT.parent / "shared"
    if shared.exists():
        (base / "shared").symlink_to(shared)
    return base


def _workspace(base: Path, page: str, corpus_dir: Path) -> Path:
    ws = base / page.replace(".", "_")
    ws.mkdir()
    for entry in ROOT.iterdir():
        if entry.name in {".git", ".venv", "build", "corpus", "outputs", "runs"}:
            continue
        (ws / entry.name).symlink_to(entry)
    shutil.copytree(corpus_dir, ws / "corpus")
    return ws


def _env(ws: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.update(HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1", RECON_DATA_QUIET="1")
    env["RECON_DATA_HOME"] = str(ws / ".recon-home")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _params() -> list:
    out = []
    for page in PAGES:
        runnable = [b for b in blocks_of(page) if b.lang in RUN]
        if not runnable:
            continue
        # Each page runs commands for seconds to minutes: CI runs them, `--fast` does not.
        out.append(pytest.param(page, runnable, id=page.name, marks=[pytest.mark.slow]))
    return out


@pytest.mark.parametrize(("page", "runnable"), _params())
def test_blocks_run_as_written(
    page: Path, runnable: list[Block], workspace_root: Path, corpus_dir: Path
) -> None:
    ws = _workspace(workspace_root, page.name, corpus_dir)
    env = _env(ws)
    skipped = []
    for block in runnable:
        reason = block.skip_reason()
        if reason is not None:
            skipped.append(f"{block.page}:{block.line} {reason}")
            continue
        command = (
            ["bash", "-euo", "pipefail", "-c", block.text]
            if RUN[block.lang] == "bash"
            else [sys.executable, "-c", block.text]
        )
        done = subprocess.run(
            command, cwd=ws, env=env, capture_output=True, text=True, timeout=900, check=False
        )
        assert done.returncode == 0, (
            f"{block.page}:{block.line} exited {done.returncode}\n{block.text}\n"
            f"--- stdout\n{done.stdout[-3000:]}\n--- stderr\n{done.stderr[-3000:]}"
        )
    if skipped:
        print("\n".join(skipped))
