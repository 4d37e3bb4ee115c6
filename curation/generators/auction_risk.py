"""auction_risk: the revenue-maximising auction format for risk-averse or risk-seeking bidders."""

from __future__ import annotations

import random
from typing import Any, ClassVar, Self

from pydantic import model_validator

from recon_data.curation.generators.base import Draft, Generator, GeneratorConfig, Reject, need
from recon_data.curation.generators.prompts import GOODS, STEER_HEAD

_FORMATS = {
    "first_price": "First-price sealed-bid auction",
    "second_price": "Second-price sealed-bid (Vickrey) auction",
    "english": "English (ascending-price) auction",
    "dutch": "Dutch (descending-price) auction",
}
_ATTITUDES = {
    "averse": ("risk-averse", "cautious and strongly risk-averse", "conservative, risk-averse"),
    "seeking": ("risk-seeking", "risk-loving", "known for their appetite for risk, risk-seeking"),
}
_SELLERS = (
    "A city council", "An art dealer", "A mining company", "A hedge fund", "A university",
    "A family estate", "A shipping firm", "A telecom regulator",
)  # fmt: skip
_ITEMS = (
    "a vintage car", "a spectrum licence", "a parcel of farmland", "a collection of rare stamps",
    "a portfolio of patents", "a stake in a local brewery", "a shipment of {good}",
)  # fmt: skip
_BIDDERS = ("collectors", "investors", "local firms", "traders", "private buyers", "funds")


class AuctionConfig(GeneratorConfig):
    """How many formats are offered (the right one plus wrong ones)."""

    options: int = 3

    PRESETS: ClassVar[dict[str, dict[str, Any]]] = {
        "easy": {"options": 2},
        "medium": {"options": 3},
        "hard": {"options": 3},
    }

    @model_validator(mode="after")
    def _check_options(self) -> Self:
        """Check the option count (one right format, at most two wrong ones)."""
        need(2 <= self.options <= 3, "options", "options must be 2 or 3")
        return self


class AuctionRisk(Generator[AuctionConfig]):
    """Private values, a stated risk attitude; one top-revenue format among lower-ranked ones."""

    name = "auction_risk"
    version = 1
    category = "auction_risk"
    answer_kind = "mcq"
    config_class = AuctionConfig
    description = "revenue ranking of auction formats under risk aversion or risk seeking"

    def draft(self, rng: random.Random) -> Draft:
        """Pick an attitude and formats; the solver's ranking names the one right option."""
        from recon_data.gametheory.auctions import RiskAttitude, best_formats, revenue_ranking

        choices: tuple[RiskAttitude, ...] = ("averse", "seeking")
        attitude = rng.choice(choices)
        top, low = revenue_ranking(attitude)
        chosen = [rng.choice(top), *rng.sample(low, self.config.options - 1)]
        best = best_formats(chosen, attitude)
        if len(best) != 1:
            raise Reject("more than one format ranks first")
        item = rng.choice(_ITEMS).format(good=rng.choice(GOODS))
        question = (
            f"{rng.choice(_SELLERS)} is selling {item} to {rng.choice(_BIDDERS)} who are "
            f"{rng.choice(_ATTITUDES[attitude])}. Each bidder knows only their own private "
            "value for the item, and values are independent. Which auction format should the "
            "seller choose to maximise its expected revenue?"
        )
        return Draft(
            question=question,
            content=STEER_HEAD + question,
            options=tuple(_FORMATS[f] for f in chosen),
            correct=frozenset({chosen.index(best[0])}),
            certificate={
                "kind": "revenue_ranking",
                "risk_attitude": attitude,
                "ranking": [list(t) for t in revenue_ranking(attitude)],
                "offered": chosen,
            },
        )
