"""Which transform applies to which category: one handler table per transform module."""

from __future__ import annotations

import importlib

from recon_data.curation.variants.base import TRANSFORM_NAMES, Handler, Skip


def handlers(transform: str) -> dict[str, Handler]:
    """The category -> handler table of one transform (its module's `HANDLERS`)."""
    if transform not in TRANSFORM_NAMES:
        raise Skip(f"unknown transform {transform!r}")
    module = importlib.import_module(f"recon_data.curation.variants.{transform}")
    return module.HANDLERS


def supported(transform: str, category: str) -> bool:
    """True when `transform` has a handler for `category`."""
    return category in handlers(transform)


def handler(transform: str, category: str) -> Handler:
    """The handler of `transform` for `category` (Skip when there is none)."""
    table = handlers(transform)
    if category not in table:
        raise Skip(f"{transform} does not apply to {category}")
    return table[category]


def support() -> dict[str, list[str]]:
    """Category -> the transforms that apply to it (docs/variants.md prints this table)."""
    out: dict[str, list[str]] = {}
    for t in TRANSFORM_NAMES:
        for c in handlers(t):
            out.setdefault(c, []).append(t)
    return out
