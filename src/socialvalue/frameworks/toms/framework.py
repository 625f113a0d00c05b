"""The ``toms`` framework: TOMs-style tender scoring and contract monitoring.

Two document kinds:

``kind: tender``
    Bids commit quantities of measures from a **measure catalogue** (themes → outcomes →
    measures, each valued by a financial proxy). Social value offered per bid =
    Σ quantity × years × proxy, in the contract's price year; ``sv_percent`` = 100 × SV ÷
    contract value. A pluggable scoring method turns social value into a quantitative score
    (:mod:`~socialvalue.frameworks.toms.scoring`); the evaluators' qualitative mark adds the
    rest; bids are ranked with a declared tie-break rule.
``kind: monitoring``
    The awarded bid's commitments against deliveries by period: delivered versus committed
    value, shortfall and over-delivery (never clamped), missing periods (never zero), and a
    run-rate forecast (:mod:`~socialvalue.frameworks.toms.monitoring`).

The bundled catalogue ``open-toms-style`` uses only open proxies from ``uk-open``. The
National TOMs are CC BY-NC-ND 4.0 and are not bundled; licensed users load their own copy
(:func:`~socialvalue.frameworks.toms.catalogue.load_catalogue`).

>>> from socialvalue.frameworks.toms import FRAMEWORK
>>> FRAMEWORK.document_kinds
('tender', 'monitoring')
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from socialvalue.errors import ValidationError
from socialvalue.frameworks.base import Context, Framework, Options, Provenance, document_hash
from socialvalue.frameworks.toms.catalogue import Catalogue, Measure
from socialvalue.frameworks.toms.document import VERSION, Commitment, Tender, parse_tender
from socialvalue.frameworks.toms.measures import get_catalogue, installed_catalogues, load_catalogue
from socialvalue.frameworks.toms.monitoring_result import MonitoringResult
from socialvalue.frameworks.toms.result import BidResult, TenderResult
from socialvalue.frameworks.toms.scoring import (
    SCORING_METHODS,
    RankedBid,
    ScoringMethod,
    rank_bids,
    register_scoring_method,
)

__all__ = [
    "FRAMEWORK",
    "SCORING_METHODS",
    "BidResult",
    "Catalogue",
    "Measure",
    "ScoringMethod",
    "TenderResult",
    "TomsFramework",
    "TomsOptions",
    "get_catalogue",
    "installed_catalogues",
    "load_catalogue",
    "register_scoring_method",
    "score_tender",
]

def _commitment_record(c: Commitment, pv: float | None) -> dict[str, Any]:
    m = c.measure
    return {"measure": m.code, "theme": m.theme, "quantity_text": c.quantity_text, "per_year": c.per_year,
            "years": c.years, "phased": c.phased, "yearly_quantity": list(c.yearly_quantity),
            "unit": m.unit, "monetised": m.monetised, "value_offered": c.offered, "value_adjusted": c.adjusted,
            "yearly_value": list(c.yearly_value), "confidence": c.confidence, "evidence": c.evidence,
            "deliverability_factor": c.factor, "present_value_offered": pv,
            "present_value_adjusted": None if pv is None else pv * c.factor, "note": c.note}


def _group(records: Sequence[Mapping[str, Any]], key: str, extra: Mapping[str, Mapping[str, Any]],
           discounted: bool) -> list[dict[str, Any]]:
    """Sum commitment records by ``key`` (in first-seen order) with exact sums."""
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for r in records:
        groups.setdefault(r[key], []).append(r)
    out = []
    for name, items in groups.items():
        row: dict[str, Any] = {key: name, **extra[name],
                               "value_offered": math.fsum(i["value_offered"] for i in items),
                               "value_adjusted": math.fsum(i["value_adjusted"] for i in items)}
        if discounted:
            row["present_value_offered"] = math.fsum(i["present_value_offered"] for i in items)
            row["present_value_adjusted"] = math.fsum(i["present_value_adjusted"] for i in items)
        out.append(row)
    return out


def _measure_extra(m: Measure, items: Sequence[Commitment]) -> dict[str, Any]:
    total = math.fsum(q for c in items for q in c.yearly_quantity)
    unit = f"{m.unit}-years" if m.per_year else m.unit
    return {"description": m.description, "theme": m.theme, "theme_name": m.theme_name, "unit": m.unit,
            "monetised": m.monetised, "per_year": m.per_year, "quantity": total,
            "quantity_text": f"{total:,.6g} {unit}" if total else f"0 {unit}"}


def score_tender(tender: Tender, *, source: str | None = None, document: Any = None) -> TenderResult:
    """Value, score and rank every bid of a parsed tender."""
    rules, contract = tender.rules, tender.contract
    dfs = tender.discount_factors()
    discounted = dfs is not None
    partial: list[dict[str, Any]] = []
    for bid in tender.bids:
        records = []
        for c in bid.commitments:
            pv = None if dfs is None else math.fsum(val * df for val, df in zip(c.yearly_value, dfs, strict=True))
            records.append(_commitment_record(c, pv))
        offered = math.fsum(r["value_offered"] for r in records)
        adjusted = math.fsum(r["value_adjusted"] for r in records)
        pv_off = math.fsum(r["present_value_offered"] for r in records) if discounted else None
        pv_adj = math.fsum(r["present_value_adjusted"] for r in records) if discounted else None
        if rules.basis == "adjusted":
            scored = pv_adj if discounted else adjusted
        else:
            scored = pv_off if discounted else offered
        by_code: dict[str, list[Commitment]] = {}
        for c in bid.commitments:
            by_code.setdefault(c.measure.code, []).append(c)
        measure_extra = {code: _measure_extra(items[0].measure, items) for code, items in by_code.items()}
        theme_extra = {c.measure.theme: {"name": c.measure.theme_name} for c in bid.commitments}
        partial.append({"bid": bid, "records": records, "offered": offered, "adjusted": adjusted,
                        "pv_offered": pv_off, "pv_adjusted": pv_adj, "scored": scored,
                        "by_measure": _group(records, "measure", measure_extra, discounted),
                        "by_theme": _group(records, "theme", theme_extra, discounted)})
    quantitative = rules.quantitative_scores([p["scored"] for p in partial], contract.value)
    ranked_input = []
    for p, q in zip(partial, quantitative, strict=True):
        p["quantitative"] = q
        p["qualitative"] = rules.qualitative_score(p["bid"].mark)
        p["score"] = q + p["qualitative"]
        ranked_input.append(RankedBid(p["bid"].supplier, p["score"], p["bid"].mark, p["scored"]))
    ranks = rank_bids(ranked_input, rules.tie_break)
    results = []
    for p, (rank, tied) in zip(partial, ranks, strict=True):
        bid = p["bid"]
        for row in p["by_measure"]:
            row["share_of_bid"] = None if p["offered"] == 0 else row["value_offered"] / p["offered"]
        results.append(BidResult(
            supplier=bid.supplier, rank=rank, tied=tied, score=p["score"], quantitative_score=p["quantitative"],
            qualitative_score=p["qualitative"], qualitative_mark=bid.mark, social_value=p["scored"],
            sv_percent=100.0 * p["scored"] / contract.value, social_value_offered=p["offered"],
            social_value_adjusted=p["adjusted"], sv_percent_offered=100.0 * p["offered"] / contract.value,
            present_value_offered=p["pv_offered"], present_value_adjusted=p["pv_adjusted"],
            by_measure=tuple(p["by_measure"]), by_theme=tuple(p["by_theme"]), commitments=tuple(p["records"]),
            note=bid.note))
    results.sort(key=lambda b: (b.rank, b.supplier.casefold(), b.supplier))
    measures = tender.measures
    used = {m.code: m for m in measures.used()}
    listed = [used[c] for c in measures.codes if c in used]
    discounting = None
    if tender.schedule is not None:
        discounting = {**tender.schedule.to_dict(),
                       "discount_start": "year-1" if tender.convention == "sroi" else "year-0",
                       "factors": list(dfs or [])}
    notes = _notes(tender, listed)
    provenance = Provenance(
        framework="toms", framework_version=VERSION, input_sha256=document_hash(document), source=source,
        datasets=tuple(measures.dataset_provenance() + ([dict(tender.bids_file)] if tender.bids_file else [])),
        price_year=contract.price_year,
        discounting=None if tender.schedule is None else tender.schedule.provenance(),
        deflator=_deflator(listed),
        conventions={
            "per_year_measures": "quantity x years x proxy; years default 1, at most contract.years",
            "one_off_measures": "quantity x proxy, once; an unphased total is spread evenly over contract years",
            "deliverability": "value x confidence x (unevidenced_factor if evidence: false); offered and adjusted "
                              "values both reported",
            "scored_value": tender.rules.basis + (" present value" if discounted else " (undiscounted)"),
            "tie_break": list(rules.tie_break) + ["then shared rank"],
            "score_tolerance": "scores equal to 9 decimal places are ties",
            "money_sums": "math.fsum (exact, order-invariant)",
            "discount_start": "year-1 (first contract year discounted one period)" if tender.convention == "sroi"
            else "year-0 (first contract year undiscounted)",
        })
    return TenderResult(name=tender.name, description=tender.description, contract=contract.to_dict(),
                        scoring=rules.to_dict(), discounting=discounting, bids=tuple(results),
                        measures=tuple(m.to_dict() for m in listed), notes=tuple(notes), provenance=provenance,
                        proxy_choice=proxy_choice_record(measures, results))


def proxy_choice_record(measures: Any, bids: Sequence[BidResult]) -> dict[str, Any] | None:
    """The perspective and region the document chose, what each measure's proxy counted, and each bid's
    social value offered split by component (None when the document chose neither)."""
    if measures.choice.is_default:
        return None
    chosen = [measures.selections[c] for c in measures.codes if c in measures.selections]
    split: dict[str, dict[str, float]] = {}
    if measures.choice.perspective is not None:
        for bid in bids:
            parts: dict[str, list[float]] = {}
            for record in bid.commitments:
                components = measures.selections.get(record["measure"], {}).get("components") or {}
                total = math.fsum(components.values())
                for name, x in components.items():
                    parts.setdefault(name, []).append(record["value_offered"] * x / total if total else 0.0)
            split[bid.supplier] = {name: math.fsum(xs) for name, xs in parts.items()}
    return {**measures.choice.to_dict(), "measures": chosen, "value_offered_split": split or None}


def _deflator(measures: Sequence[Measure]) -> dict[str, Any] | None:
    if not any(m.proxy is not None and m.proxy.indexation for m in measures):
        return None
    from socialvalue.prices import gdp_deflator

    years = {int(m.proxy.indexation[k]) for m in measures if m.proxy is not None and m.proxy.indexation
             for k in ("from_price_year", "to_price_year")}
    return gdp_deflator().provenance(years_used=sorted(years))


def _notes(tender: Tender, measures: Sequence[Measure]) -> list[str]:
    notes = ["Values are gross, as TOMs-style scoring counts them: no deadweight, displacement or attribution is "
             + "applied."]
    if tender.schedule is None:
        notes.append("Values are undiscounted (add a discounting: block to discount phased values).")
    for m in measures:
        if not m.monetised:
            notes.append(f"{m.code} is reported ({m.unit}) but not monetised: it adds nothing to social value.")
        elif m.proxy is not None and m.proxy.indexation:
            ix = m.proxy.indexation
            notes.append(f"{m.code}: proxy {m.proxy.qualified_id} re-based from {ix['from_price_year']} to "
                         f"{ix['to_price_year']} prices (x {ix['factor']:.4f}, GDP deflator).")
    if any(c.evidence is False or c.confidence is not None for b in tender.bids for c in b.commitments):
        notes.append("Some commitments carry a confidence or evidence flag; 'adjusted' values apply it, "
                     "'offered' values do not.")
    return notes


@attrs.frozen
class TomsOptions(Options):
    """The ``toms`` framework has no options of its own (scoring rules live in the tender, where the
    buyer published them); it records which extra proxy datasets were given, so ``verify`` asks for them."""

    def record(self, context: Context) -> dict[str, Any]:
        return {"extra_datasets": context.extra_dataset_ids()}


class TomsFramework(Framework[TomsOptions, TenderResult | MonitoringResult]):
    """TOMs-style tender scoring (``kind: tender``) and contract monitoring (``kind: monitoring``)."""

    id = "toms"
    name = "TOMs-style tender scoring and contract monitoring"
    version = VERSION
    description = ("Score bids' social value commitments against a measure catalogue (themes, outcomes, "
                   "measures with financial proxies), rank them, and monitor delivery after award.")
    document_kinds = ("tender", "monitoring")
    options_class = TomsOptions

    def document_schema(self, kind: str) -> dict[str, Any] | None:
        """The shipped JSON Schema of a document of ``kind`` (``socialvalue/schemas/<kind>.schema.json``)."""
        from socialvalue.schemas import schema

        return schema(kind) if kind in self.document_kinds else None

    def run(self, document: Mapping[str, Any], options: TomsOptions,
            context: Context) -> TenderResult | MonitoringResult:
        """Score a tender or report on a monitored contract."""
        base_dir = context.base_dir or Path.cwd()
        extra = list(context.datasets)
        if document.get("kind") == "monitoring":
            from socialvalue.frameworks.toms.monitoring import evaluate_monitoring

            monitored = evaluate_monitoring(document, source=context.source, base_dir=base_dir, extra_datasets=extra)
            return attrs.evolve(monitored, provenance=attrs.evolve(monitored.provenance,
                                                                   options=options.record(context)))
        if document.get("kind") != "tender":
            raise ValidationError(f"the toms framework reads kind: tender or kind: monitoring, got "
                                  f"{document.get('kind')!r}", field="kind", hint="start the file with 'kind: tender'")
        tender = parse_tender(document, base_dir=base_dir, extra_datasets=extra)
        result = score_tender(tender, source=context.source, document=document)
        return attrs.evolve(result, provenance=attrs.evolve(result.provenance, options=options.record(context)))


FRAMEWORK = TomsFramework()
"""The framework plugin registered under ``socialvalue.frameworks`` as ``toms``."""
