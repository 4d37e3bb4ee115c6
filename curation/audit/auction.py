"""auction_risk: the bidders' risk attitude and the formats on offer give the revenue ranking."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from recon_data.curation.audit.base import Finding, IllPosed, Unparsed

if TYPE_CHECKING:
    from recon_data.gametheory.auctions import RiskAttitude

_AVERSE = re.compile(r"risk[- ]?averse|averse to risk|cautious|conservative|risk[- ]avoid", re.I)
_SEEKING = re.compile(
    r"risk[- ]?(?:seek|taking|tolerant|affine|inclined|lov|prefer|embrac|appetite|hungry)"
    r"|propensity to risk|appealing to risk|thrill|adventurous|gambl|speculat",
    re.I,
)
_NEUTRAL = re.compile(r"risk[- ]?neutral", re.I)
_ATTITUDES: tuple[tuple[RiskAttitude, re.Pattern[str]], ...] = (
    ("averse", _AVERSE),
    ("seeking", _SEEKING),
    ("neutral", _NEUTRAL),
)


def option_format(text: str) -> str | None:
    """Return the standard format an option names, or None (all-pay, lottery, reverse ...)."""
    from recon_data.gametheory.auctions import auction_format

    return auction_format(text)


def risk_attitude(question: str) -> RiskAttitude:
    """Return 'averse', 'seeking' or 'neutral' as the text describes the bidders (raises)."""
    found = {k for k, p in _ATTITUDES if p.search(question)}
    if len(found) != 1:
        raise Unparsed(
            "no risk attitude stated" if not found else f"several risk attitudes: {sorted(found)}"
        )
    return found.pop()


def check_auction(question: str, options: tuple[str, ...]) -> Finding:
    """Highest expected revenue under private values: averse -> first-price/Dutch, seeking -> the reverse."""
    from recon_data.gametheory.auctions import revenue_ranking

    attitude = risk_attitude(question)
    formats = [option_format(o) for o in options]
    ranking = revenue_ranking(attitude)
    tiers = [list(t) for t in ranking]
    rank = {f: i for i, tier in enumerate(ranking) for f in tier}
    known = [rank[f] for f in formats if f is not None]
    if not known:
        raise Unparsed("no option names a standard auction format")
    top = min(known)
    hits = frozenset(i for i, f in enumerate(formats, 1) if f is not None and rank[f] == top)
    cert = {"risk_attitude": attitude, "ranking": tiers, "options": formats}
    if attitude == "neutral":
        raise IllPosed(
            "risk-neutral bidders: all four formats yield the same expected revenue", cert
        )
    reason = f"{attitude} bidders: {' = '.join(sorted(tiers[0]))} raise the most"
    if len(hits) > 1:
        reason += " (strategically equivalent formats are both on offer)"
    unranked = [(i, options[i - 1]) for i, f in enumerate(formats, 1) if f is None]
    if unranked:
        reason += "; not ranked: " + "; ".join(
            f"option {i} ({text.split(',')[0].strip()}): {why_unranked(text)}"
            for i, text in unranked
        )
    return Finding({"revenue_ranking": hits}, reason, cert)


# Why the revenue ranking of the four standard formats says nothing about another format.
_UNRANKED = (
    (
        re.compile(r"all[- ]pay", re.I),
        "every bidder pays its bid; revenue equivalence ties it with the standard formats only "
        "for risk-neutral bidders, for risk-averse ones its revenue can lie above or below the "
        "risk-neutral level (Fibich, Gavious and Sela 2006), and no general ranking is known "
        "for risk-seeking ones, so theory gives it no general rank",
    ),
    (
        re.compile(r"lottery|raffle|random", re.I),
        "the winner is drawn at random, not the highest bidder, so neither revenue "
        "equivalence nor the risk-attitude ranking (both for auctions that sell to the "
        "highest bid) covers it",
    ),
    (
        re.compile(r"reverse|procure", re.I),
        "the auctioneer buys instead of selling, so it is no way to sell this item",
    ),
    (
        re.compile(r"walras", re.I),
        "a market-clearing price for many goods, not a single-item auction",
    ),
)


def why_unranked(text: str) -> str:
    """Why an option's format is outside the standard revenue ranking (one line)."""
    for pattern, why in _UNRANKED:
        if pattern.search(text):
            return why
    return "not one of the four standard formats the ranking covers"
