"""Gold-label audit: parse every computable item, re-solve it exactly, judge its gold.

The checkers live one module per family (matrix, bayes, sequential, repeated, voting,
behaviour, auction); `audit_corpus` runs them and adds the corpus-level findings.
"""

from __future__ import annotations

from recon_data._lazy import lazy_exports

_LAZY = {
    "audit_corpus": "recon_data.curation.audit.run",
    "audit_item": "recon_data.curation.audit.run",
    "AuditReport": "recon_data.curation.audit.run",
    "CHECKERS": "recon_data.curation.audit.run",
    "NOT_AUDITABLE": "recon_data.curation.audit.run",
    "ItemAudit": "recon_data.curation.audit.base",
    "STATUSES": "recon_data.curation.audit.base",
}

__all__ = sorted(_LAZY)

__getattr__, __dir__ = lazy_exports(__name__, _LAZY, globals())
