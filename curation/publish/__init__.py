"""Publishing a corpus: deterministic Parquet export, a generated dataset card, a Hub push.

It sits in curation because the card reports curation's findings (decontamination, the
audit's cleaning). Heavy libraries load inside the functions that use them.
"""

from __future__ import annotations

from recon_data._lazy import lazy_exports

_LAZY = {
    "export_corpus": "recon_data.curation.publish.export",
    "ExportReport": "recon_data.curation.publish.export",
    "push_corpus": "recon_data.curation.publish.push",
    "PushReport": "recon_data.curation.publish.push",
    "render_card": "recon_data.curation.publish.card",
}

__all__ = list(_LAZY)


__getattr__, __dir__ = lazy_exports(__name__, _LAZY, globals())
