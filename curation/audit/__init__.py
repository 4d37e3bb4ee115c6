"""Gold-label audit: parse every computable item, re-solve it exactly, judge its gold.

The checkers live one module per family (matrix, bayes, sequential, repeated, voting,
behaviour, auction); `audit_corpus` runs them and adds the corpus-level findings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from recon_data._lazy import lazy_exports

if TYPE_CHECKING:  # the real names for type checkers and IDEs; at run time they load lazily
    from recon_data.curation.audit.base import AUDIT_STATUSES as AUDIT_STATUSES
    from recon_data.curation.audit.base import ItemAudit as ItemAudit
    from recon_data.curation.audit.run import CHECKERS as CHECKERS
    from recon_data.curation.audit.run import NOT_AUDITABLE as NOT_AUDITABLE
    from recon_data.curation.audit.run import AuditReport as AuditReport
    from recon_data.curation.audit.run import audit_corpus as audit_corpus
    from recon_data.curation.audit.run import audit_item as audit_item

_LAZY = {
    "audit_corpus": "recon_data.curation.audit.run",
    "audit_item": "recon_data.curation.audit.run",
    "AuditReport": "recon_data.curation.audit.run",
    "CHECKERS": "recon_data.curation.audit.run",
    "NOT_AUDITABLE": "recon_data.curation.audit.run",
    "ItemAudit": "recon_data.curation.audit.base",
    "AUDIT_STATUSES": "recon_data.curation.audit.base",
}

__all__ = sorted(_LAZY)

__getattr__, __dir__ = lazy_exports(__name__, _LAZY, globals())
