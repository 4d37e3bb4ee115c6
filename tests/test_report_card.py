"""The exported dataset card shows the corpus and audit charts: PNGs in the export, referenced with alt text."""

from __future__ import annotations

import re
import struct
from pathlib import Path

import pytest

from recon_data.categories import CATEGORIES
from recon_data.curation.audit.run import NOT_AUDITABLE
from recon_data.curation.publish.export import ExportReport, export_corpus
from recon_data.hub.layout import CARD

# Slow: exports the release with its chart images. `scripts/test.sh --fast` skips it; CI runs it.
pytestmark = pytest.mark.slow

IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)]+)\)")


@pytest.fixture(scope="module")
def export(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> ExportReport:
    """One export of the release corpus for this module (read-only)."""
    return export_corpus(corpus_dir, tmp_path_factory.mktemp("card-charts") / "hub")


def _png_size(data: bytes) -> tuple[int, int]:
    # A PNG starts with its signature, then the IHDR chunk: width and height, 4 bytes each.
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_card_references_every_chart_by_a_relative_path_with_alt_text(export: ExportReport) -> None:
    from PIL import Image

    card = (export.out / CARD).read_text("utf-8")
    images = IMAGE.findall(card)
    paths = [p for _, p in images]
    assert paths == [
        "images/corpus-categories.png",
        "images/audit-verdicts.png",
        "images/audit-position.png",
        "images/audit-content.png",
    ]
    listed = {f.path: f for f in export.files}
    for alt, rel in images:
        assert not rel.startswith(("/", "http")) and ".." not in rel
        path = export.out / rel
        data = path.read_bytes()
        width, height = _png_size(data)
        assert width >= 600 and height >= 200 and len(data) > 10_000, rel
        with Image.open(path) as im:
            im.verify()  # a whole, valid PNG
        assert listed[rel].bytes == len(data)  # pushed with the rest of the export
        assert len(alt.split()) >= 8, alt  # says what the chart shows, not just "chart"
    # The images sit in the card's own section, each with its caption under it.
    section = card.split("\n## Charts\n", 1)[1].split("\n## ", 1)[0]
    assert section.count("![") == 4 and section.count("\n*") == 4


def test_alt_texts_carry_the_corpus_numbers(export: ExportReport, corpus_dir: Path) -> None:
    from recon_data.stats import corpus_stats

    alts = dict((p, a) for a, p in IMAGE.findall((export.out / CARD).read_text("utf-8")))
    stats = corpus_stats(corpus_dir)
    train, eval_ = stats["problems"]["train"], stats["problems"]["eval"]
    assert (
        f"{train['total']:,} train and {eval_['total']:,} eval problems"
        in alts["images/corpus-categories.png"]
    )
    assert (
        f"{stats['cot']['train']['total']:,} reasoning traces"
        in alts["images/corpus-categories.png"]
    )
    # Every item of the computable categories gets one verdict: the counts add up to them.
    verdicts = alts["images/audit-verdicts.png"]
    counted = sum(
        int(n.replace(",", "")) for n in re.findall(r"([\d,]+) [a-z_]+(?=[,.])", verdicts)
    )
    computable = [c.slug for c in CATEGORIES if c.slug not in NOT_AUDITABLE]
    assert counted == sum(train["by_category"][c] + eval_["by_category"][c] for c in computable)
    assert "12 computable categories" in verdicts
    # Endowment-effect golds are all "Yes" (issue 27): the content chart's alt says so.
    assert "Endowment Effect, 100.0%" in alts["images/audit-content.png"]


def test_a_corpus_without_multiple_choice_items_shows_only_its_charts(tmp_path: Path) -> None:
    from recon_data.curation.generators.corpus import generate_corpus

    corpus = tmp_path / "corpus"
    generate_corpus(corpus, ["pure_nash"], n=4, eval_n=2, decontaminate=False)
    report = export_corpus(corpus, tmp_path / "hub")
    card = (report.out / CARD).read_text("utf-8")
    # pure_nash answers are profile lists: no option, so no gold-position chart.
    assert [p for _, p in IMAGE.findall(card)] == [
        "images/corpus-categories.png",
        "images/audit-verdicts.png",
        "images/audit-content.png",
    ]
    assert sorted(p.name for p in (report.out / "images").iterdir()) == [
        "audit-content.png",
        "audit-verdicts.png",
        "corpus-categories.png",
    ]
    assert "6 agree" in card  # six generated items, golds from the solver: all agree
