"""The result of monitoring a contract's social value delivery, its reports and target export."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from socialvalue.frameworks.base import BaseResult, Provenance, record
from socialvalue.frameworks.toms.catalogue import Measure
from socialvalue.results import format as fmt
from socialvalue.results.base import short_repr
from socialvalue.results.report import Report

__all__ = ["MonitoringResult"]

_INLINE_PROXY_KEYS = ("name", "value", "low", "high", "unit", "price_year", "source", "licence", "region",
                      "confidence", "notes", "description")


def _sum_rows(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    valued = [r for r in rows if r["monetised"]]
    committed_rep = math.fsum(r["committed_reported"] for r in valued)
    delivered = math.fsum(r["delivered"] for r in valued)
    forecasts = [r["forecast"] for r in valued if r["forecast"] is not None]
    return {"monetised": bool(valued), "committed_total": math.fsum(r["committed_total"] for r in valued),
            "committed_due": math.fsum(r["committed_due"] for r in valued),
            "committed_reported": committed_rep, "delivered": delivered, "difference": delivered - committed_rep,
            "percent_delivered": None if committed_rep == 0 else 100.0 * delivered / committed_rep,
            "shortfall": math.fsum(r["shortfall"] for r in valued),
            "over_delivery": math.fsum(r["over_delivery"] for r in valued),
            "forecast": math.fsum(forecasts) if forecasts else None,
            "forecast_unavailable": [r["measure"] for r in valued if r["forecast"] is None]}


def _fmt_q(q: float) -> str:
    q = round(q, 6)
    return str(int(q)) if float(q).is_integer() else repr(q)


@record(eq=False)
class MonitoringResult(BaseResult):
    """Delivered versus committed social value of one contract, by measure, theme and period."""

    name: str
    supplier: str | None
    contract: Mapping[str, Any]
    periods: tuple[Mapping[str, Any], ...]
    period_length: str
    as_of: str | None
    finished: bool
    measures: tuple[Mapping[str, Any], ...]
    themes: tuple[Mapping[str, Any], ...]
    totals: Mapping[str, Any]
    definitions: Mapping[str, Measure]
    provenance: Provenance
    framework: str = "toms"

    title: ClassVar[str] = "Contract social value monitoring"

    @classmethod
    def build(cls, *, name: str, supplier: str | None, contract: Any, labels: list[str], period_length: str,
              as_of: str | None, rows: list[dict[str, Any]], periods: list[dict[str, Any]],
              definitions: Mapping[str, Measure], provenance: Provenance) -> MonitoringResult:
        themes: dict[str, list[dict[str, Any]]] = {}
        for r in rows:
            themes.setdefault(r["theme"], []).append(r)
        theme_rows = [{"theme": t, "name": items[0]["theme_name"], **_sum_rows(items)} for t, items in themes.items()]
        return cls(name=name, supplier=supplier, contract=contract.to_dict(), periods=tuple(periods),
                   period_length=period_length, as_of=as_of, finished=as_of == labels[-1],
                   measures=tuple(rows), themes=tuple(theme_rows), totals=_sum_rows(rows),
                   definitions=dict(definitions), provenance=provenance)

    def __repr__(self) -> str:
        t = self.totals
        return short_repr("MonitoringResult", self.name, f"delivered {fmt.money(t['delivered'])} of "
                          f"{fmt.money(t['committed_reported'])} committed to {self.as_of or 'no period yet'}")

    # -- headline figures, as typed attributes (``totals`` in to_dict(), monetised measures only, GBP) --

    @property
    def committed_total(self) -> float:
        """The whole-contract commitment (GBP, the contract's price year)."""
        return float(self.totals["committed_total"])

    @property
    def committed_due(self) -> float:
        """Committed for the periods due so far (GBP)."""
        return float(self.totals["committed_due"])

    @property
    def committed_reported(self) -> float:
        """Committed for the periods reported so far (GBP): what :attr:`delivered` is compared with."""
        return float(self.totals["committed_reported"])

    @property
    def delivered(self) -> float:
        """Delivered so far (GBP)."""
        return float(self.totals["delivered"])

    @property
    def difference(self) -> float:
        """Delivered minus committed for the periods reported (GBP)."""
        return float(self.totals["difference"])

    @property
    def percent_delivered(self) -> float | None:
        """Delivered as a percentage of :attr:`committed_reported`; ``None`` when nothing was committed."""
        value = self.totals["percent_delivered"]
        return None if value is None else float(value)

    @property
    def shortfall(self) -> float:
        """The sum of the measures' shortfalls (GBP)."""
        return float(self.totals["shortfall"])

    @property
    def over_delivery(self) -> float:
        """The sum of the measures' over-delivery (GBP)."""
        return float(self.totals["over_delivery"])

    @property
    def forecast(self) -> float | None:
        """Delivery at the end of the contract at the current run rate (GBP); ``None`` when no
        measure has a forecast."""
        value = self.totals["forecast"]
        return None if value is None else float(value)

    def measure(self, code: str) -> Mapping[str, Any]:
        for r in self.measures:
            if r["measure"] == code:
                return r
        raise KeyError(code)

    def summary(self) -> dict[str, Any]:
        return {"name": self.name, "supplier": self.supplier, "as_of": self.as_of, "finished": self.finished,
                **{k: self.totals[k] for k in ("committed_total", "committed_reported", "delivered",
                                               "percent_delivered", "forecast")},
                "missing": {r["measure"]: r["missing_periods"] for r in self.measures if r["missing_periods"]}}

    def to_dict(self) -> dict[str, Any]:
        return {"framework": "toms", "kind": "monitoring", "name": self.name, "supplier": self.supplier,
                "contract": dict(self.contract), "period_length": self.period_length, "as_of": self.as_of,
                "finished": self.finished, "totals": dict(self.totals),
                "measures": [dict(r) for r in self.measures], "themes": [dict(t) for t in self.themes],
                "periods": [dict(p) for p in self.periods], "provenance": self.provenance.to_dict()}

    def report(self) -> Report:
        from socialvalue.frameworks.toms.report import monitoring_report

        return monitoring_report(self)

    # -- export ----------------------------------------------------------------------------

    def export_targets(self) -> dict[str, Any]:
        """A draft catalogue of the delivered measures, with ``targets`` equal to what was delivered."""
        delivered = [r for r in self.measures if r["delivered_quantity"] > 0]
        years = self.contract["years"]
        themes: dict[str, dict[str, Any]] = {}
        measures, targets = [], []
        for r in delivered:
            m = self.definitions[r["measure"]]
            theme = themes.setdefault(m.theme, {"id": m.theme, "name": m.theme_name, "outcomes": []})
            if m.outcome and all(o["id"] != m.outcome for o in theme["outcomes"]):
                theme["outcomes"].append({"id": m.outcome, "name": m.outcome_name or m.outcome})
            measures.append(_measure_record(m))
            if m.per_year and m.counting == "first-year-only":  # counted in contract year 1 only
                level = r["delivered_quantity"] / r["reported_years"]
                targets.append({"measure": m.code, "quantity": f"{_fmt_q(level)} {m.unit}"})
            elif m.per_year:  # the average level held per reported year, for every contract year
                level = r["delivered_quantity"] / r["reported_years"]
                targets.append({"measure": m.code, "quantity": f"{_fmt_q(level)} {m.unit}", "years": years})
            else:
                targets.append({"measure": m.code, "quantity": f"{_fmt_q(r['delivered_quantity'])} {m.unit}"})
        for theme in themes.values():
            if not theme["outcomes"]:
                del theme["outcomes"]
        slug = re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-") or "contract"
        status = "finished contract" if self.finished else f"contract in progress, reported to {self.as_of}"
        return {
            "catalogue": {
                "id": f"{slug}-targets", "name": f"Draft targets from {self.name}", "version": "draft",
                "edition": f"delivered to {self.as_of}",
                "licence": "draft; each proxy keeps its own licence",
                "description": f"Measures delivered on {self.name} ({status}); targets repeat what was delivered "
                               "(per contract year for per-year measures). A starting point for the next tender, "
                               "to be reviewed before use."},
            "themes": list(themes.values()), "measures": measures, "targets": targets}


def _measure_record(m: Measure) -> dict[str, Any]:
    out: dict[str, Any] = {"code": m.code, "description": m.description, "theme": m.theme}
    if m.outcome:
        out["outcome"] = m.outcome
    out["unit"] = m.unit
    if m.proxy is None:
        out["monetised"] = False
    elif m.proxy_ref:
        out["proxy"] = m.proxy_ref
    else:
        data = m.proxy.to_dict()
        out["proxy"] = {k: data[k] for k in _INLINE_PROXY_KEYS if k in data}
    if m.proxy_unit_as:
        out["proxy_unit_as"] = m.proxy_unit_as
    out["edition"] = m.edition
    out["counting"] = m.counting
    for key in ("evidence", "notes"):
        if getattr(m, key):
            out[key] = getattr(m, key)
    return out
