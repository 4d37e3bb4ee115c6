"""Every dotted `recon_data.*` name in README.md and docs/*.md resolves to a real module or object."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAME = re.compile(r"\brecon_data(?:\.[A-Za-z_][A-Za-z0-9_]*)+")


def _resolves(name: str) -> bool:
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attr in parts[cut:]:
            if not hasattr(obj, attr):
                return False
            obj = getattr(obj, attr)
        return True
    return False


def test_every_documented_name_exists() -> None:
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    missing = []
    for page in pages:
        for line_no, line in enumerate(page.read_text("utf-8").splitlines(), 1):
            for name in NAME.findall(line):
                # A trailing `.py`/`.md`/`.json` is a file name in prose, not an attribute.
                name = re.sub(r"\.(py|md|json|yaml)$", "", name)
                if not _resolves(name):
                    missing.append(f"{page.name}:{line_no}: {name}")
    assert not missing, "\n".join(missing)


def test_the_check_catches_a_name_that_is_gone() -> None:
    assert _resolves("recon_data.verifiers.grade")
    assert not _resolves("recon_data.hub.export.export_corpus")
    assert not _resolves("recon_data.corpus.resolve_corpus")
