"""The result of scoring a TOMs-style tender: every bid's values, scores and rank (report in :mod:`.report`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from socialvalue.frozen import thaw
from socialvalue.frameworks.base import BaseResult, Provenance, record
from socialvalue.results import format as fmt
from socialvalue.results.base import short_repr
from socialvalue.results.report import Report

__all__ = ["BidResult", "TenderResult"]


@record
class BidResult:
    """One bid's values, scores and rank. Money is in the contract's price year, GBP."""

    supplier: str
    rank: int
    tied: bool
    score: float
    quantitative_score: float
    qualitative_score: float
    qualitative_mark: float
    social_value: float
    sv_percent: float
    social_value_offered: float
    social_value_adjusted: float
    sv_percent_offered: float
    present_value_offered: float | None
    present_value_adjusted: float | None
    by_measure: tuple[Mapping[str, Any], ...]
    by_theme: tuple[Mapping[str, Any], ...]
    commitments: tuple[Mapping[str, Any], ...]
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "supplier": self.supplier, "rank": self.rank, "tied": self.tied, "score": self.score,
            "quantitative_score": self.quantitative_score, "qualitative_score": self.qualitative_score,
            "qualitative_mark": self.qualitative_mark, "social_value": self.social_value,
            "sv_percent": self.sv_percent, "social_value_offered": self.social_value_offered,
            "social_value_adjusted": self.social_value_adjusted, "sv_percent_offered": self.sv_percent_offered,
            "present_value_offered": self.present_value_offered,
            "present_value_adjusted": self.present_value_adjusted,
            "by_measure": [dict(m) for m in self.by_measure], "by_theme": [dict(t) for t in self.by_theme],
            "commitments": [dict(c) for c in self.commitments], "note": self.note,
        }


@record(eq=False)
class TenderResult(BaseResult):
    """Scores and social value of every bid in a tender, ranked, with provenance."""

    name: str
    description: str | None
    contract: Mapping[str, Any]
    scoring: Mapping[str, Any]
    discounting: Mapping[str, Any] | None
    bids: tuple[BidResult, ...]
    measures: tuple[Mapping[str, Any], ...]
    notes: tuple[str, ...]
    provenance: Provenance
    framework: str = "toms"
    proxy_choice: Mapping[str, Any] | None = None
    """The document's perspective and region and what each proxy counted (None: the published values)."""

    title: ClassVar[str] = "Tender social value scores"

    def __repr__(self) -> str:
        count = f"{len(self.bids)} bid" + ("" if len(self.bids) == 1 else "s")
        winners = self.winners
        if not winners:
            return short_repr("TenderResult", self.name, count)
        names = " ".join(winners[0].supplier.split())
        names = repr(names if len(names) <= 40 else names[:39] + "…")
        if len(winners) > 1:
            names += f" (tied with {len(winners) - 1} more)"
        return short_repr("TenderResult", self.name, f"{count}, winner {names} {fmt.points(winners[0].score)} points")

    def bid(self, supplier: str) -> BidResult:
        """The result of one bid, by supplier name."""
        for b in self.bids:
            if b.supplier == supplier:
                return b
        raise KeyError(supplier)

    # -- headline figures, as typed attributes (the same values as summary() and to_dict()) --

    @property
    def winners(self) -> tuple[BidResult, ...]:
        """The bids ranked first (more than one when they tie), in the order of :attr:`bids`."""
        return tuple(b for b in self.bids if b.rank == 1)

    @property
    def winner(self) -> BidResult | None:
        """The bid ranked first (the first listed when bids tie: see :attr:`winners`); ``None`` without bids."""
        return next(iter(self.winners), None)

    @property
    def contract_value(self) -> float:
        """The contract value the social value is measured against (GBP, the contract's price year)."""
        return float(self.contract["value"])

    @property
    def method(self) -> str:
        """The scoring method (``scoring.method`` in the JSON)."""
        return str(self.scoring["method"])

    @property
    def scored_label(self) -> str:
        basis = "adjusted for deliverability" if self.scoring["basis"] == "adjusted" else "as offered"
        return f"social value {basis}" + (", present value" if self.discounting else "")

    def summary(self) -> dict[str, Any]:
        return {"name": self.name, "contract_value": self.contract["value"], "method": self.scoring["method"],
                "winner": [b.supplier for b in self.bids if b.rank == 1],
                "bids": [{"supplier": b.supplier, "rank": b.rank, "tied": b.tied, "score": b.score,
                          "social_value": b.social_value, "sv_percent": b.sv_percent} for b in self.bids]}

    def to_dict(self) -> dict[str, Any]:
        return {"framework": "toms", "kind": "tender", "name": self.name, "description": self.description,
                "contract": dict(self.contract), "scoring": dict(self.scoring),
                "discounting": None if self.discounting is None else dict(self.discounting),
                "scored_value": self.scored_label,
                "bids": [b.to_dict() for b in self.bids], "measures": [dict(m) for m in self.measures],
                "notes": list(self.notes), "provenance": self.provenance.to_dict(),
                **({} if self.proxy_choice is None else {"proxy_choice": thaw(self.proxy_choice)})}

    def report(self) -> Report:
        from socialvalue.frameworks.toms.report import tender_report

        return tender_report(self)
