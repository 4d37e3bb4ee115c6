"""Decontamination: exact, n-gram and near-duplicate overlap inside a corpus and against benchmarks.

Definitions and thresholds are in docs/decontamination.md; the entry point is `decontaminate`.
Names load on first use, so importing the settings (`config`) does not pull in numpy.
"""

from __future__ import annotations

from recon_data._lazy import lazy_exports

_LAZY = {
    "decontaminate": "recon_data.curation.decontam.api",
    "Config": "recon_data.curation.decontam.config",
    "DropResult": "recon_data.curation.decontam.drop",
    "drop_flagged": "recon_data.curation.decontam.drop",
    "KINDS": "recon_data.curation.decontam.findings",
    "Doc": "recon_data.curation.decontam.findings",
    "End": "recon_data.curation.decontam.findings",
    "Finding": "recon_data.curation.decontam.findings",
    "Report": "recon_data.curation.decontam.findings",
    "read_findings": "recon_data.curation.decontam.findings",
    "read_report": "recon_data.curation.decontam.findings",
}

__all__ = sorted(_LAZY)


__getattr__, __dir__ = lazy_exports(__name__, _LAZY, globals())
