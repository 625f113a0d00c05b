"""The result of valuing an impact map: its figures, its JSON form, and its report (:mod:`.report`).

A ratio is never shown without the assumptions that produced it (price year, discount
schedule and convention, which assumptions are presets): SROI ratios are not comparable
between organisations on their own. Money is rounded only here, at the presentation
edge; ``to_dict`` keeps full precision.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from socialvalue.frameworks.base import BaseResult, Provenance, record
from socialvalue.results import format as fmt
from socialvalue.results.base import short_repr
from socialvalue.results.report import Report

__all__ = ["ForecastComparison", "SroiResult", "plain", "plain_rows"]

_ADJ = ("deadweight", "displacement", "attribution", "leakage", "drop_off")


@record
class ForecastComparison:
    """An evaluation set against the forecast it follows, outcome by outcome."""

    forecast_source: str | None
    rows: tuple[Mapping[str, Any], ...]
    totals: Mapping[str, Any]

    @classmethod
    def build(cls, forecast: SroiResult, imap: Any, valuation: Any) -> ForecastComparison:
        f_pv = {o.outcome.id: float(pv) for o, pv in zip(forecast.imap.outcomes, forecast.valuation.pv_by_outcome, strict=True)}
        a_pv = {o.outcome.id: float(pv) for o, pv in zip(imap.outcomes, valuation.pv_by_outcome, strict=True)}
        ids = list(f_pv) + [i for i in a_pv if i not in f_pv]
        rows = []
        for oid in ids:
            fc, ac = f_pv.get(oid), a_pv.get(oid)
            rows.append({
                "id": oid, "forecast": fc, "actual": ac,
                "difference": None if fc is None or ac is None else ac - fc,
                "status": "both" if fc is not None and ac is not None else (
                    "forecast only" if ac is None else "evaluation only"),
            })
        totals = {
            "forecast": forecast.valuation.present_value, "actual": valuation.present_value,
            "difference": valuation.present_value - forecast.valuation.present_value,
            "forecast_ratio": forecast.valuation.sroi_ratio, "actual_ratio": valuation.sroi_ratio,
        }
        return cls(forecast_source=forecast.imap.source, rows=tuple(rows), totals=totals)

    def to_dict(self) -> dict[str, Any]:
        return {"forecast_source": self.forecast_source, "outcomes": [dict(r) for r in self.rows],
                "totals": dict(self.totals)}


@record(eq=False)
class SroiResult(BaseResult):
    """Present value, ratio and everything behind them for one impact map."""

    imap: Any
    valuation: Any
    provenance: Provenance
    sensitivity: Any = None
    break_even: Any = None
    monte_carlo: Any = None
    comparison: ForecastComparison | None = None
    break_even_target: float = 1.0
    monte_carlo_seed: Any = None
    warnings: tuple[str, ...] = ()
    framework: str = "sroi"

    title = "Social return on investment"

    # -------------------------------------------------------------- figures
    # The headline figures of summary() and to_dict(), as typed attributes: GBP in the map's
    # price year, at full precision (the same floats as the JSON).
    @property
    def present_value(self) -> float:
        """Net present value of the outcomes: benefits minus disbenefits, discounted (GBP)."""
        return self.valuation.present_value

    @property
    def benefits(self) -> float:
        """Present value of the positive outcomes (GBP)."""
        return self.valuation.benefits

    @property
    def disbenefits(self) -> float:
        """Present value of the negative outcomes, as a positive amount (GBP)."""
        return self.valuation.disbenefits

    @property
    def investment(self) -> float:
        """Total investment (inputs), undiscounted (GBP)."""
        return self.valuation.investment

    @property
    def net_present_value(self) -> float:
        """Present value minus investment (GBP)."""
        return self.valuation.npv

    @property
    def sroi_ratio(self) -> float | None:
        """Present value per pound invested; ``None`` when there is no investment."""
        return self.valuation.sroi_ratio

    @property
    def net_sroi(self) -> float | None:
        """Net present value per pound invested; ``None`` when there is no investment."""
        return self.valuation.net_sroi

    @property
    def payback_months(self) -> float | None:
        """Months of first-year impact needed to repay the investment; ``None`` if never."""
        return self.valuation.payback_months

    def __repr__(self) -> str:
        return short_repr("SroiResult", self.imap.name, f"PV {fmt.money(self.present_value)}, "
                          f"ratio {fmt.ratio(self.sroi_ratio)}, {self.imap.price_year} prices")

    def summary(self) -> dict[str, Any]:
        val = self.valuation
        return {
            "name": self.imap.name, "mode": self.imap.mode, "price_year": self.imap.price_year,
            "present_value": val.present_value, "benefits": val.benefits, "disbenefits": val.disbenefits,
            "investment": val.investment, "net_present_value": val.npv, "sroi_ratio": val.sroi_ratio,
            "net_sroi": val.net_sroi, "payback_months": val.payback_months,
        }

    def outcome_rows(self) -> list[dict[str, Any]]:
        """One record per outcome with its assumptions, sources and values."""
        val = self.valuation
        streams = val.streams()
        gross = val.streams(discounted=False)
        rows = []
        for i, mo in enumerate(self.imap.outcomes):
            o, p = mo.outcome, mo.proxy
            last = o.start_year + o.duration - 1
            rows.append({
                "id": o.id,
                "description": o.description,
                "beneficiaries": None if o.beneficiaries is None else o.beneficiaries.to_dict(),
                "theme": o.theme, "domain": o.domain, "negative": o.negative,
                "quantity": o.quantity, "quantity_unit": o.quantity_unit,
                "quantity_in_proxy_units": mo.engine_quantity,
                "proxy": {"id": p.id, "name": p.name, "value": p.headline_value,
                          "series": None if not p.is_series else {str(y): a for y, a in p.value.items()},
                          "unit": p.unit, "price_year": p.price_year, "dataset": p.dataset,
                          "source": p.source.cite(), "url": p.source.url, "licence": p.licence,
                          "confidence": p.confidence,
                          "indexed_from": None if not p.indexation else p.indexation.get("from_price_year")},
                "adjustments": {a: getattr(o, a) for a in _ADJ},
                "assumption_sources": dict(mo.assumption_sources),
                "duration": o.duration, "start_year": o.start_year,
                "present_value": float(val.pv_by_outcome[i]),
                "by_year": [float(x) for x in streams[i, :last]],
                "undiscounted_by_year": [float(x) for x in gross[i, :last]],
            })
        return rows

    def to_dict(self) -> dict[str, Any]:
        val = self.valuation
        out: dict[str, Any] = {
            "framework": self.framework,
            "kind": "impact-map",
            "name": self.imap.name,
            "mode": self.imap.mode,
            "price_year": self.imap.price_year,
            "first_year": self.imap.first_year,
            "present_value": val.present_value,
            "benefits": val.benefits,
            "disbenefits": val.disbenefits,
            "investment": val.investment,
            "investment_items": [i.to_dict() for i in self.imap.activity.investment],
            "net_present_value": val.npv,
            "sroi_ratio": val.sroi_ratio,
            "net_sroi": val.net_sroi,
            "payback_months": val.payback_months,
            "annual_impact": val.annual_impact,
            "by_year": [float(x) for x in val.pv_by_year],
            "by_theme": val.pv_by_group("theme"),
            "by_domain": val.pv_by_group("domain"),
            "by_beneficiary": val.pv_by_group("beneficiary"),
            "reductions": val.reductions,
            "outcomes": self.outcome_rows(),
            "sensitivity": plain(self.sensitivity),
            "break_even": plain(self.break_even),
            "monte_carlo": None if self.monte_carlo is None else {
                **plain(self.monte_carlo), "seed": self.monte_carlo_seed},
            "comparison": None if self.comparison is None else self.comparison.to_dict(),
            "warnings": list(self.warnings),
            "provenance": self.provenance.to_dict(),
        }
        choice = self.proxy_choice()
        if choice is not None:  # only when the map chose a perspective or region: other results are unchanged
            out["proxy_choice"] = choice
        return _finite(out)

    def proxy_choice(self) -> dict[str, Any] | None:
        """The perspective and region the map chose, what each outcome's proxy counted, and the present
        value split by component (each outcome's PV shared in proportion to its proxy's components)."""
        choice = self.imap.choice
        if choice.is_default:
            return None
        outcomes, split = [], {}
        for k, mo in enumerate(self.imap.outcomes):
            sel = dict(mo.selection or {})
            pv = float(self.valuation.pv_by_outcome[k])
            parts = sel.get("components")
            if parts:
                total = math.fsum(parts.values())
                sel["present_value_split"] = {c: (pv * x / total if total else 0.0) for c, x in parts.items()}
                for c, x in sel["present_value_split"].items():
                    split.setdefault(c, []).append(x)
            outcomes.append({"id": mo.outcome.id, "present_value": pv, **sel})
        return {**choice.to_dict(), "present_value_split": {c: math.fsum(xs) for c, xs in split.items()} or None,
                "outcomes": outcomes}

    def report(self) -> Report:
        from socialvalue.frameworks.sroi.report import sroi_report

        return sroi_report(self)


def plain_rows(data: Any) -> list[dict[str, Any]]:
    """Sensitivity or break-even rows as plain dicts (whatever form the engine returned)."""
    rows = plain(data)
    if rows is None:
        return []
    if isinstance(rows, Mapping):
        rows = rows.get("rows", list(rows.values()))
    return [dict(r) for r in rows]


def plain(data: Any) -> Any:
    """Engine output as plain data (``to_dict()`` where it has one)."""
    if data is None:
        return None
    if hasattr(data, "to_dict"):
        return data.to_dict()
    if isinstance(data, Sequence) and not isinstance(data, str):
        return [plain(x) if hasattr(x, "to_dict") else x for x in data]
    return data


def _finite(data: Any) -> Any:
    """Replace non-finite floats (e.g. payback with no impact) by None so JSON stays valid."""
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, Mapping):
        return {k: _finite(x) for k, x in data.items()}
    if isinstance(data, list):
        return [_finite(x) for x in data]
    return data
