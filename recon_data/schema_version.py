"""The record schema's version: what this package writes and which versions it reads.

Kept apart from `recon_data.schema` so that code which only compares versions (validate,
manifest, cache keys) does not import pydantic and build the record models to do it.
"""

from __future__ import annotations

# 1.1: optional `generation` block, source "generated", categories mixed_nash and
# iterated_dominance. Every 1.0 record is a valid 1.1 record.
# 1.2: answer kind `expression` (a formula with its parameters' domains) and the category
# closed_form; a generation block's difficulty may be null (a variant of a release item).
# Every 1.1 record is a valid 1.2 record.
SCHEMA_VERSION = "1.2"
# Versions whose records this package reads: every older record is a valid 1.2 record.
READABLE_SCHEMA_VERSIONS = ("1.0", "1.1", "1.2")
