"""The portfolio roll-up: delivery by theme, supplier and contract; plans; evaluations; documents."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from socialvalue.frameworks.base import BaseResult, Provenance, record
from socialvalue.results.report import Report

__all__ = ["DeliveryRow", "PortfolioResult"]


@record
class DeliveryRow:
    """Committed (for the periods reported) vs delivered social value of one group, in the portfolio's prices."""

    key: str
    contracts: int
    committed: float
    delivered: float
    shortfall: float

    @property
    def rate(self) -> float | None:
        return self.delivered / self.committed if self.committed else None

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "contracts": self.contracts, "committed": self.committed,
                "delivered": self.delivered, "shortfall": self.shortfall, "delivery_rate": self.rate}


def _group(items: Sequence[tuple[str, str, float, float, float]]) -> tuple[DeliveryRow, ...]:
    """Rows by key (sorted), each summed exactly: items are (key, contract, committed, delivered, shortfall)."""
    out = []
    for key in sorted({k for k, *_ in items}):
        mine = [i for i in items if i[0] == key]
        out.append(DeliveryRow(key=key, contracts=len({c for _, c, *_ in mine}),
                               committed=math.fsum(i[2] for i in mine), delivered=math.fsum(i[3] for i in mine),
                               shortfall=math.fsum(i[4] for i in mine)))
    return tuple(out)


@record(eq=False)
class PortfolioResult(BaseResult):
    """An organisation's documents rolled up (see :mod:`socialvalue.frameworks.portfolio.framework`)."""

    name: str
    organisation: str | None
    price_year: int
    documents: tuple[dict[str, Any], ...]
    by_theme: tuple[DeliveryRow, ...]
    by_supplier: tuple[DeliveryRow, ...]
    by_contract: tuple[DeliveryRow, ...]
    plans: tuple[dict[str, Any], ...]
    evaluations: tuple[dict[str, Any], ...]
    others: tuple[dict[str, Any], ...]
    provenance: Provenance
    measures: tuple[dict[str, Any], ...] = ()
    """Delivery by measure over every monitoring return (see :mod:`.learning`)."""
    estate: dict[str, Any] | None = None
    """The delivery tables rolled up (see :mod:`.tables`), in the portfolio's prices."""
    statement: dict[str, Any] | None = None
    """The manifest's ``statement:`` (title, period, introduction): the report is then the annual statement."""
    sources: tuple[dict[str, Any], ...] = ()
    """Every proxy dataset and catalogue behind the documents' figures, once each, with its licence."""
    totals: tuple[float, float] = (0.0, 0.0)
    """Committed and delivered over every monetised theme of every return: one correctly rounded sum each."""
    framework: str = "portfolio"
    title: ClassVar[str] = "Portfolio"

    @classmethod
    def build(cls, *, name: str, organisation: str | None, price_year: int,
              documents: Sequence[tuple[str, Any]], rebase: Callable[[float, int, int], float],
              provenance: Provenance, estate: dict[str, Any] | None = None,
              statement: dict[str, Any] | None = None) -> PortfolioResult:
        from socialvalue.frameworks.portfolio.learning import measure_rows

        delivery: list[tuple[str, str, str, float, float, float]] = []
        plans, evaluations, others, listed, returns = [], [], [], [], []
        sources: dict[tuple[str, str], dict[str, Any]] = {}
        for path, result in documents:
            for used in result.provenance.datasets:
                if used.get("licence") and used.get("id"):
                    sources.setdefault((str(used["id"]), str(used.get("sha256"))),
                                       {k: used.get(k) for k in ("kind", "id", "version", "licence", "sha256")})
            d = result.to_dict()
            kind = d.get("kind")
            listed.append({"path": path, "framework": result.framework, "kind": kind,
                           "name": d.get("name") or d.get("supplier") or d.get("organisation")})
            if kind == "monitoring":
                returns.append(d)
                year = d["contract"]["price_year"]
                supplier = d.get("supplier") or "(supplier not named)"
                for t in d["themes"]:
                    if t.get("monetised"):
                        delivery.append((t["theme"], supplier, d["name"],
                                         rebase(t["committed_reported"], year, price_year),
                                         rebase(t["delivered"], year, price_year),
                                         rebase(t["shortfall"], year, price_year)))
            elif kind == "action-plan":
                plans.append({"path": path, "supplier": d["supplier"], "as_of": d["as_of"],
                              "completion": d["completion"], "overdue": d["overdue"], "rag": d["rag"],
                              "value_delivered": None if d.get("price_year") is None else
                              rebase(d["value_delivered"], d["price_year"], price_year)})
            elif kind == "impact-map":
                year = d["price_year"]
                evaluations.append({"path": path, "name": d["name"], "mode": d["mode"],
                                    "present_value": rebase(d["present_value"], year, price_year),
                                    "investment": rebase(d["investment"], year, price_year),
                                    "sroi_ratio": d["sroi_ratio"]})
            else:
                others.append({"path": path, "kind": kind, **{k: d[k] for k in ("name", "lm3", "levels",
                                                                              "organisation") if k in d}})
        by = {"theme": 0, "supplier": 1, "contract": 2}
        groups = {what: _group([(row[i], row[2], *row[3:]) for row in delivery]) for what, i in by.items()}
        return cls(name=name, organisation=organisation, price_year=price_year, documents=tuple(listed),
                   by_theme=groups["theme"], by_supplier=groups["supplier"], by_contract=groups["contract"],
                   plans=tuple(plans), evaluations=tuple(evaluations), others=tuple(others), provenance=provenance,
                   measures=tuple(measure_rows(returns)), estate=estate, statement=statement,
                   sources=tuple(sources[k] for k in sorted(sources)),
                   totals=(math.fsum(i[3] for i in delivery), math.fsum(i[4] for i in delivery)))

    @property
    def over_promising(self) -> tuple[DeliveryRow, ...]:
        """Suppliers whose delivered social value is below 90% of what they committed for the periods reported."""
        from socialvalue.frameworks.portfolio.learning import UNDER_DELIVERY

        return tuple(r for r in self.by_supplier if r.rate is not None and r.rate < UNDER_DELIVERY)

    @property
    def draft_targets(self) -> list[dict[str, Any]]:
        """Evidence-based targets per contract-year for the next specification (see :mod:`.learning`)."""
        from socialvalue.frameworks.portfolio.learning import draft_targets

        return draft_targets(self.measures)

    @property
    def committed(self) -> float:
        """Social value committed for the periods reported, over every return (one correctly rounded sum)."""
        return self.totals[0]

    @property
    def delivered(self) -> float:
        """Social value delivered, over every return (one correctly rounded sum)."""
        return self.totals[1]

    @property
    def delivery_rate(self) -> float | None:
        return self.delivered / self.committed if self.committed else None

    def summary(self) -> dict[str, Any]:
        return {"name": self.name, "price_year": self.price_year, "documents": len(self.documents),
                "committed": self.committed, "delivered": self.delivered, "delivery_rate": self.delivery_rate}

    def to_dict(self) -> dict[str, Any]:
        return {"framework": self.framework, "kind": "portfolio", "name": self.name,
                "organisation": self.organisation, "price_year": self.price_year,
                "committed": self.committed, "delivered": self.delivered, "delivery_rate": self.delivery_rate,
                "by_theme": [r.to_dict() for r in self.by_theme],
                "by_supplier": [r.to_dict() for r in self.by_supplier],
                "by_contract": [r.to_dict() for r in self.by_contract],
                "plans": [dict(p) for p in self.plans], "evaluations": [dict(e) for e in self.evaluations],
                "others": [dict(o) for o in self.others], "documents": [dict(x) for x in self.documents],
                "estate": self.estate, "statement": self.statement, "sources": [dict(x) for x in self.sources],
                "learning": {"by_measure": [dict(m) for m in self.measures],
                             "over_promising_suppliers": [r.key for r in self.over_promising],
                             "draft_targets": self.draft_targets},
                "provenance": self.provenance.to_dict()}

    def __repr__(self) -> str:
        return (f"<PortfolioResult {self.name!r}: {len(self.documents)} documents, delivered "
                f"£{self.delivered:,.0f} of £{self.committed:,.0f} committed ({self.price_year} prices)>")

    def report(self) -> Report:
        from socialvalue.frameworks.portfolio.report import portfolio_report

        return portfolio_report(self)
