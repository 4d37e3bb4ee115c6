"""Publishing a corpus: deterministic Parquet export, a generated dataset card, a Hub push.

It sits in curation because the card reports curation's findings (decontamination, the
audit's cleaning). Heavy libraries load inside the functions that use them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from recon_data._lazy import lazy_exports

if TYPE_CHECKING:  # the real names for type checkers and IDEs; at run time they load lazily
    from recon_data.curation.publish.card import render_card as render_card
    from recon_data.curation.publish.export import ExportReport as ExportReport
    from recon_data.curation.publish.export import export_corpus as export_corpus
    from recon_data.curation.publish.push import PushReport as PushReport
    from recon_data.curation.publish.push import push_corpus as push_corpus

_LAZY = {
    "export_corpus": "recon_data.curation.publish.export",
    "ExportReport": "recon_data.curation.publish.export",
    "push_corpus": "recon_data.curation.publish.push",
    "PushReport": "recon_data.curation.publish.push",
    "render_card": "recon_data.curation.publish.card",
}

__all__ = list(_LAZY)


__getattr__, __dir__ = lazy_exports(__name__, _LAZY, globals())
