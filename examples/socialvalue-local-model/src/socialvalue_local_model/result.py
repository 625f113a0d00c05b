"""The result of scoring offers under a local model: value in pounds, and the council's weighted points."""

from __future__ import annotations

from typing import Any, ClassVar

from socialvalue.frameworks.base import BaseResult, Provenance, record
from socialvalue.results.report import Report

__all__ = ["CommitmentValue", "LocalModelResult", "OfferResult", "PillarScore"]


@record
class CommitmentValue:
    """One commitment valued: its amount in the measure's unit, and its value when monetised."""

    measure: str
    pillar: str
    quantity: float
    years: int
    unit: str
    amount: float
    value: float | None
    proxy: str | None
    proxy_value: float | None
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"measure": self.measure, "pillar": self.pillar, "quantity": self.quantity, "years": self.years,
                "unit": self.unit, "amount": self.amount, "value": self.value, "proxy": self.proxy,
                "proxy_value": self.proxy_value, "score": self.score}


@record
class PillarScore:
    """An offer under one pillar: its value in pounds, its score (0-1) and the points it earns."""

    pillar: str
    weight: float
    value: float
    score: float
    points: float

    def to_dict(self) -> dict[str, Any]:
        return {"pillar": self.pillar, "weight": self.weight, "value": self.value, "score": self.score,
                "points": self.points}


@record
class OfferResult:
    supplier: str
    value: float
    points: float
    rank: int
    pillars: tuple[PillarScore, ...]
    commitments: tuple[CommitmentValue, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"supplier": self.supplier, "value": self.value, "points": self.points, "rank": self.rank,
                "pillars": [p.to_dict() for p in self.pillars],
                "commitments": [c.to_dict() for c in self.commitments]}


@record(eq=False)
class LocalModelResult(BaseResult):
    """Offers scored under a council's local model (see :mod:`socialvalue_local_model.framework`)."""

    name: str
    description: str | None
    model: Any
    price_year: int
    points_available: float
    offers: tuple[OfferResult, ...]
    provenance: Provenance
    framework: str = "local-model"
    title: ClassVar[str] = "Local social value model"

    def offer(self, supplier: str) -> OfferResult:
        return next(o for o in self.offers if o.supplier == supplier)

    @property
    def leader(self) -> OfferResult:
        """The offer with the most points (the first listed among equals)."""
        return min(self.offers, key=lambda o: o.rank)

    def summary(self) -> dict[str, Any]:
        return {"name": self.name, "model": self.model.id, "price_year": self.price_year,
                "points_available": self.points_available,
                "offers": {o.supplier: {"value": o.value, "points": o.points, "rank": o.rank} for o in self.offers}}

    def to_dict(self) -> dict[str, Any]:
        return {"framework": self.framework, "kind": "local-commitment", "name": self.name,
                "description": self.description, "model": self.model.to_dict(), "price_year": self.price_year,
                "points_available": self.points_available, "offers": [o.to_dict() for o in self.offers],
                "provenance": self.provenance.to_dict()}

    def __repr__(self) -> str:
        lead = self.leader
        return (f"<LocalModelResult {self.name!r}: {len(self.offers)} offers, leader {lead.supplier!r} "
                f"({lead.points:.1f} of {self.points_available:g} points)>")

    def report(self) -> Report:
        from socialvalue_local_model.report import local_report

        return local_report(self)
