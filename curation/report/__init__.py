"""Pictures of a corpus and its results: one self-contained HTML report, and the card's charts.

Charts are drawn once with matplotlib and written as inline SVG (the page) or PNG (the
dataset card). The page reads corpora, their audit and decontamination, and results files of
`eval`, `score` and `games eval`; see docs/report.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from recon_data._lazy import lazy_exports

if TYPE_CHECKING:  # the real names for type checkers and IDEs; at run time they load lazily
    from recon_data.curation.report.build import build_report as build_report
    from recon_data.curation.report.build import write_report as write_report
    from recon_data.curation.report.results import read_result as read_result

_LAZY = {
    "build_report": "recon_data.curation.report.build",
    "write_report": "recon_data.curation.report.build",
    "read_result": "recon_data.curation.report.results",
}

__all__ = sorted(_LAZY)

__getattr__, __dir__ = lazy_exports(__name__, _LAZY, globals())
