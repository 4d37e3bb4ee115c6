"""Decontamination: exact, n-gram and near-duplicate overlap inside a corpus and against benchmarks,
and a streaming scan for the corpus's items in document shards (pretraining data).

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
    "ScanHit": "recon_data.curation.decontam.scanreport",
    "ScanReport": "recon_data.curation.decontam.scanreport",
    "read_scan": "recon_data.curation.decontam.scanreport",
    "scan_documents": "recon_data.curation.decontam.scanrun",
    "scan_items": "recon_data.curation.decontam.scanrun",
    # The datatrove engine (extra `scale`): datatrove loads only when these are used.
    "MergeScan": "recon_data.curation.decontam.scan_datatrove",
    "merge_scan": "recon_data.curation.decontam.scan_datatrove",
    "prepare_scan": "recon_data.curation.decontam.scan_datatrove",
}

__all__ = sorted(_LAZY)


__getattr__, __dir__ = lazy_exports(__name__, _LAZY, globals())
