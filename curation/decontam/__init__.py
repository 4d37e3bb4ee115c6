"""Decontamination: exact, n-gram and near-duplicate overlap inside a corpus and against benchmarks,
and a streaming scan for the corpus's items in document shards (pretraining data).

Definitions and thresholds are in docs/decontamination.md; the entry point is `decontaminate`.
Names load on first use, so importing the settings (`config`) does not pull in numpy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from recon_data._lazy import lazy_exports

if TYPE_CHECKING:  # the real names for type checkers and IDEs; at run time they load lazily
    from recon_data.curation.decontam.api import decontaminate as decontaminate
    from recon_data.curation.decontam.config import DecontamConfig as DecontamConfig
    from recon_data.curation.decontam.drop import DropResult as DropResult
    from recon_data.curation.decontam.drop import drop_flagged as drop_flagged
    from recon_data.curation.decontam.findings import FINDING_KINDS as FINDING_KINDS
    from recon_data.curation.decontam.findings import Doc as Doc
    from recon_data.curation.decontam.findings import End as End
    from recon_data.curation.decontam.findings import Finding as Finding
    from recon_data.curation.decontam.findings import Report as Report
    from recon_data.curation.decontam.findings import read_findings as read_findings
    from recon_data.curation.decontam.findings import read_report as read_report
    from recon_data.curation.decontam.scan_datatrove import MergeScan as MergeScan
    from recon_data.curation.decontam.scan_datatrove import merge_scan as merge_scan
    from recon_data.curation.decontam.scan_datatrove import prepare_scan as prepare_scan
    from recon_data.curation.decontam.scanreport import ScanHit as ScanHit
    from recon_data.curation.decontam.scanreport import ScanReport as ScanReport
    from recon_data.curation.decontam.scanreport import read_scan as read_scan
    from recon_data.curation.decontam.scanrun import scan_documents as scan_documents
    from recon_data.curation.decontam.scanrun import scan_items as scan_items

_LAZY = {
    "decontaminate": "recon_data.curation.decontam.api",
    "DecontamConfig": "recon_data.curation.decontam.config",
    "DropResult": "recon_data.curation.decontam.drop",
    "drop_flagged": "recon_data.curation.decontam.drop",
    "FINDING_KINDS": "recon_data.curation.decontam.findings",
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
