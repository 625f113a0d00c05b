"""Contract monitoring: an awarded bid's commitments against what was delivered, by period.

Conventions (documented in ``docs/frameworks/toms.md``):

* ``periods`` is the declared list of reporting periods, in order, covering the contract
  exactly (``period_length``: ``year`` (default), ``quarter`` or ``month``).
* A commitment's value for a contract year is shared equally between that year's periods.
* A delivery of a per-year measure (``13 FTE``) is the level held during the period, so it is
  worth quantity × proxy × period length in years; a one-off quantity (``120 hour``) is
  worth quantity × proxy.
* ``as_of`` is the last period due for reporting (default: the last period with a
  delivery). A measure with something committed in a due period and no delivery record
  for it is **missing** there: reported as missing, never as zero, and left out of the
  committed-versus-delivered comparison.
* Delivered above committed is over-delivery, reported as it is (never clamped).
* Forecast = delivered + run rate × remaining contract years, with run rate = delivered ÷
  years of reported periods (missing periods do not count as reported).
* Values are undiscounted and gross, in the contract's price year; no deliverability
  factor applies to what was actually delivered.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs

from socialvalue import validation as v
from socialvalue.errors import SocialValueError, UnitMismatchError, UnknownNameError, ValidationError
from socialvalue.frameworks.base import Provenance, document_hash
from socialvalue.frameworks.toms.catalogue import unit_factor
from socialvalue.frameworks.toms.document import (
    VERSION,
    Commitment,
    Contract,
    parse_contract,
    parse_tender,
    value_commitment,
)
from socialvalue.frameworks.toms.measures import MeasureSet, parse_measures
from socialvalue.frameworks.toms.monitoring_result import MonitoringResult
from socialvalue.identity import check_unique, identifier, identity_key
from socialvalue.proxies.variants import ProxyChoice, read_perspective
from socialvalue.suggest import close_matches

__all__ = ["MONITORING_KEYS", "PERIOD_LENGTHS", "MonitoringResult", "evaluate_monitoring", "export_targets"]

MONITORING_KEYS = ("kind", "framework", "name", "description", "tender", "supplier", "contract", "catalogue",
                   "datasets", "measures", "commitments", "periods", "period_length", "as_of", "deliveries",
                   "perspective")
DELIVERY_KEYS = ("measure", "period", "quantity", "unit", "evidence", "note")
PERIOD_LENGTHS: dict[str, Fraction] = {"year": Fraction(1), "quarter": Fraction(1, 4), "month": Fraction(1, 12)}
_FROM_TENDER = ("contract", "catalogue", "datasets", "measures", "commitments", "perspective")


@attrs.frozen
class _Delivery:
    code: str
    period: int
    value: float
    quantity: float
    note: str | None
    evidence: bool | None


def _from_tender(m: Mapping[str, Any], base_dir: Path, extra: Sequence[Any]) -> tuple[Any, ...]:
    from socialvalue.documents import read_document

    for key in _FROM_TENDER:
        if m.get(key) is not None:
            raise ValidationError(f"{key} comes from the tender file; remove it here", field=key,
                                  hint="give either tender + supplier, or contract + catalogue/measures + commitments")
    from socialvalue.documents import document_path

    path = document_path(v.text(m["tender"], "tender"), base_dir, field="tender")
    supplier = identifier(v.require(m, "supplier", None), "supplier", what="supplier name")
    if not path.is_file():
        raise ValidationError(f"tender file not found: {path}", field="tender",
                              hint="paths are taken from the monitoring file's folder")
    try:
        doc = read_document(path)
        tender = parse_tender(doc, base_dir=path.parent, extra_datasets=extra)
    except SocialValueError as exc:
        raise exc.with_context(source=str(path)) from None
    names = {b.supplier: b for b in tender.bids}
    folded = {identity_key(b.supplier): b for b in tender.bids}
    bid = names.get(supplier) or folded.get(identity_key(supplier))
    if bid is None:
        raise UnknownNameError(f"the tender has no bid from {supplier!r}", field="supplier",
                               suggestions=close_matches(supplier, names),
                               hint=None if close_matches(supplier, names) else "bidders: " + ", ".join(names))
    return tender.contract, tender.measures, list(bid.commitments), bid.supplier, {
        "kind": "tender", "path": str(path), "sha256": document_hash(doc)}


def _periods(m: Mapping[str, Any], contract: Contract) -> tuple[list[str], Fraction, int | None]:
    length_name = m.get("period_length", "year")
    if not isinstance(length_name, str) or length_name not in PERIOD_LENGTHS:
        raise UnknownNameError(f"unknown period length {length_name!r}", field="period_length",
                               suggestions=close_matches(str(length_name), PERIOD_LENGTHS),
                               hint="use year, quarter or month")
    length = PERIOD_LENGTHS[length_name]
    labels = []
    for i, item in enumerate(v.sequence(v.require(m, "periods", None), "periods", limit="max_periods")):
        label = str(item) if isinstance(item, int) and not isinstance(item, bool) else \
            identifier(item, f"periods[{i}]", what="period label")
        labels.append(label)
    check_unique(((label, f"periods[{i}]") for i, label in enumerate(labels)), what="period",
                 hint="list each reporting period once, oldest first")
    _check_period_order(labels)
    expected = contract.years / length
    if len(labels) != expected:
        raise ValidationError(
            f"{len(labels)} {length_name}ly periods do not cover the {contract.years}-year contract "
            f"({int(expected)} are needed)", field="periods",
            hint="list every reporting period of the contract in order, including future ones")
    as_of = None
    if m.get("as_of") is not None:
        as_of = _period_index(m["as_of"], labels, "as_of")
    return labels, length, as_of


_PERIOD_PATTERNS: tuple[tuple[re.Pattern[str], Any], ...] = (
    (re.compile(r"(\d{4})"), lambda g: (int(g[0]), 0)),
    (re.compile(r"(\d{4})\s*[/-]\s*(\d{2}|\d{4})"), lambda g: (int(g[0]), 0)),
    (re.compile(r"(\d{4})(?:\s*[/-]\s*\d{2,4})?\s*[- ]?\s*[Qq]([1-4])"), lambda g: (int(g[0]), int(g[1]))),
    (re.compile(r"[Qq]([1-4])\s*[- ]?\s*(\d{4})(?:\s*[/-]\s*\d{2,4})?"), lambda g: (int(g[1]), int(g[0]))),
    (re.compile(r"(\d{4})-(0[1-9]|1[0-2])"), lambda g: (int(g[0]), int(g[1]))),
    (re.compile(r"([A-Za-z]{3,9})\s+(\d{4})"), lambda g: (int(g[1]), _MONTHS.get(g[0][:3].lower(), 0))),
)
_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                       "dec"), start=1)}


def _period_key(label: str) -> tuple[int, tuple[int, int]] | None:
    """(pattern, (year, part)) for labels such as 2026, 2026/27, 2026 Q1, Q1 2026, 2026-03, Mar 2026."""
    for k, (pattern, key) in enumerate(_PERIOD_PATTERNS):
        match = pattern.fullmatch(label.strip())
        if match is not None:
            out = key(match.groups())
            return None if out[1] == 0 and k == 5 else (k, out)
    return None


def _check_period_order(labels: Sequence[str]) -> None:
    """Refuse dated period labels that are not oldest first (as_of and forecasts depend on the order)."""
    keys = [_period_key(label) for label in labels]
    if len(keys) < 2 or any(k is None for k in keys) or len({k[0] for k in keys if k}) != 1:
        return
    order = [k[1] for k in keys if k]
    for i in range(1, len(order)):
        if order[i] <= order[i - 1]:
            newest_first = all(order[j] < order[j - 1] for j in range(1, len(order)))
            raise ValidationError(
                "periods are listed newest first" if newest_first else
                f"period {labels[i]!r} comes before {labels[i - 1]!r} in time but after it in the list",
                field=f"periods[{i}]", hint="list the reporting periods oldest first, in the order they fall")


def _period_index(raw: Any, labels: Sequence[str], field: str) -> int:
    label = str(raw) if isinstance(raw, int) and not isinstance(raw, bool) else v.text(raw, field)
    keys = [identity_key(x) for x in labels]
    if identity_key(label) in keys:  # the same identity rule as the periods list itself
        return keys.index(identity_key(label))
    if label not in labels:
        raise UnknownNameError(f"unknown period {label!r}", field=field, suggestions=close_matches(label, labels),
                               hint=None if close_matches(label, labels) else "periods: " + ", ".join(labels))
    return labels.index(label)


def _delivery(raw: Any, field: str, measures: MeasureSet, contract: Contract, labels: Sequence[str],
              length: Fraction) -> _Delivery:
    from socialvalue.units import parse_quantity

    d = v.mapping(raw, field)
    v.check_keys(d, DELIVERY_KEYS, field)
    code = v.text(v.require(d, "measure", field), f"{field}.measure").strip()
    measure = measures.get(code, f"{field}.measure")
    period = _period_index(v.require(d, "period", field), labels, f"{field}.period")
    unit_key = v.optional_text(d.get("unit"), f"{field}.unit")
    number, unit = parse_quantity(v.require(d, "quantity", field), default_unit=unit_key or measure.unit,
                                  field=f"{field}.quantity")
    if number < 0:
        raise ValidationError(f"a delivered quantity must not be negative, got {d['quantity']!r}",
                              field=f"{field}.quantity", hint="record what was delivered; correct earlier periods there")
    try:
        f_proxy, per_year, f_measure = unit_factor(unit, measure.unit, measure.value_unit)
    except UnitMismatchError:
        raise UnitMismatchError(f"a quantity in {unit!r} cannot be counted for measure {code!r}, which is counted "
                                f"in {measure.unit!r}", field=f"{field}.quantity",
                                hint=f"give the quantity in {measure.unit}") from None
    share = float(length) if per_year else 1.0
    year_index = int(period * length)
    value = 0.0
    if measure.proxy is not None:
        proxy = measure.proxy
        if proxy.is_series:
            if contract.start_year is None:
                raise ValidationError(f"measure {code!r} is valued with {proxy.id!r}, which changes by calendar year",
                                      field="contract.start_year", hint="give contract.start_year")
            price = proxy.value_at(contract.start_year + year_index)
        else:
            price = proxy.value_at()
        value = number * f_proxy * price * share
    if d.get("evidence") is not None and not isinstance(d["evidence"], bool):
        raise ValidationError("evidence must be true or false", field=f"{field}.evidence",
                              hint="write true or false (without quotes)")
    if measure.counting == "first-year-only" and year_index > 0:
        raise ValidationError(f"measure {code!r} is counted in the first contract year only; a delivery in "
                              f"{labels[period]!r} does not count", field=f"{field}.period",
                              hint="record it in a period of contract year 1, or remove it")
    if not (math.isfinite(value) and math.isfinite(number * f_measure * share)):
        raise ValidationError("the delivery is too large to value (beyond the range of numbers)",
                              field=f"{field}.quantity", hint="check the quantity and its unit for a typo")
    return _Delivery(code, period, value, number * f_measure * share, v.optional_text(d.get("note"), f"{field}.note"),
                     d.get("evidence"))


def _pct(num: float, den: float) -> float | None:
    return None if den == 0 else 100.0 * num / den


def evaluate_monitoring(document: Any, *, source: str | None, base_dir: Path,
                        extra_datasets: Sequence[Any] = ()) -> MonitoringResult:
    """Parse a monitoring document and compare delivery with the commitments."""
    m = v.mapping(document, None)
    v.check_keys(m, MONITORING_KEYS, None)
    inputs: list[dict[str, Any]] = []
    if m.get("tender") is not None:
        contract, measures, commitments, supplier, record = _from_tender(m, base_dir, extra_datasets)
        inputs.append(record)
    else:
        contract = parse_contract(v.require(m, "contract", None))
        choice = ProxyChoice(perspective=read_perspective(m.get("perspective"), "perspective"),
                             region=contract.region_code)
        measures = parse_measures(m, base_dir=base_dir, price_year=contract.price_year,
                                  extra_datasets=extra_datasets, choice=choice)
        commitments = [value_commitment(c, measures, contract, field=f"commitments[{j}]", need_factor=False)
                       for j, c in enumerate(v.sequence(v.require(m, "commitments", None), "commitments",
                                                               limit="max_commitments"))]
        check_unique(((c.measure.code, c.field) for c in commitments), what="commitment to measure",
                     hint="commit to each measure once; put the whole quantity in one commitment")
        supplier = None if m.get("supplier") is None else identifier(m["supplier"], "supplier",
                                                                      what="supplier name")
    labels, length, as_of = _periods(m, contract)
    deliveries = []
    collector = v.ErrorCollector()  # every bad delivery is reported together
    for i, d in enumerate(v.sequence(m.get("deliveries") or [], "deliveries", limit="max_deliveries")):
        with collector.item(f"deliveries[{i}]"):
            deliveries.append(_delivery(d, f"deliveries[{i}]", measures, contract, labels, length))
        if collector.full:
            break
    collector.raise_if_any()
    check_unique((((d.code, labels[d.period]), f"deliveries[{i}]") for i, d in enumerate(deliveries)),
                 what="delivery of measure / period",
                 hint="give one delivery per measure and period; if both are real, add the quantities up in one "
                      "delivery (two returns for one period would be counted twice)")
    if as_of is None:
        as_of = max((d.period for d in deliveries), default=-1)
    for i, d in enumerate(deliveries):
        if d.period > as_of:
            raise ValidationError(f"a delivery is recorded for {labels[d.period]!r}, after as_of {labels[as_of]!r}",
                                  field=f"deliveries[{i}].period", hint="move as_of forward, or fix the period")
    return _compare(m, source, contract, measures, commitments, supplier, labels, length, as_of, deliveries, inputs)


def _committed(commitments: Sequence[Commitment], n_periods: int, length: Fraction) -> dict[str, dict[str, list]]:
    out: dict[str, dict[str, list]] = {}
    for c in commitments:
        rec = out.setdefault(c.measure.code, {"value": [[] for _ in range(n_periods)],
                                              "quantity": [[] for _ in range(n_periods)]})
        for p in range(n_periods):
            k = int(p * length)
            # A year's value, and its quantity (a level for per-year measures, so level x length
            # gives unit-years; an amount otherwise), are shared equally among its periods.
            rec["value"][p].append(c.yearly_value[k] * float(length))
            rec["quantity"][p].append(c.yearly_quantity[k] * float(length))
    return out


def _remaining_periods(measure: Any, c_val: Sequence[float], c_qty: Sequence[float], reported: Sequence[int],
                       n: int, length: Fraction) -> list[int]:
    """Periods not yet reported in which the measure can still be delivered: those with something
    committed, or, for a measure delivered without a commitment, every period its counting rule
    allows (a first-year-only measure counts in contract year 1 only)."""
    open_periods = [p for p in range(n) if p not in reported]
    if any(x > 0 for x in c_val) or any(x > 0 for x in c_qty):
        return [p for p in open_periods if c_val[p] > 0 or c_qty[p] > 0]
    if measure.counting == "first-year-only":
        return [p for p in open_periods if int(p * length) == 0]
    return open_periods


def _compare(m: Mapping[str, Any], source: str | None, contract: Contract, measures: MeasureSet,
             commitments: Sequence[Commitment], supplier: str | None, labels: Sequence[str], length: Fraction,
             as_of: int, deliveries: Sequence[_Delivery], inputs: list[dict[str, Any]]) -> MonitoringResult:
    n = len(labels)
    committed = _committed(commitments, n, length)
    delivered: dict[str, dict[int, list[_Delivery]]] = {}
    for d in deliveries:
        delivered.setdefault(d.code, {}).setdefault(d.period, []).append(d)
    codes = [c for c in measures.codes if c in committed or c in delivered]
    rows = []
    period_status: list[dict[str, Any]] = [{"period": lab, "due": p <= as_of, "missing_measures": [],
                                            "committed": [], "delivered": []} for p, lab in enumerate(labels)]
    for code in codes:
        measure = measures.get(code, "measure")
        cv = committed.get(code, {"value": [[] for _ in range(n)], "quantity": [[] for _ in range(n)]})
        c_val = [math.fsum(x) for x in cv["value"]]
        c_qty = [math.fsum(x) for x in cv["quantity"]]
        recs = delivered.get(code, {})
        missing, reported = [], []
        for p in range(as_of + 1):
            if p not in recs and (c_val[p] > 0 or c_qty[p] > 0):
                missing.append(p)
                period_status[p]["missing_measures"].append(code)
            else:
                reported.append(p)
        d_val = math.fsum(d.value for ds in recs.values() for d in ds)
        d_qty = math.fsum(d.quantity for ds in recs.values() for d in ds)
        com_rep = math.fsum(c_val[p] for p in reported)
        com_rep_q = math.fsum(c_qty[p] for p in reported)
        by_value = measure.monetised
        num, den = (d_val, com_rep) if by_value else (d_qty, com_rep_q)
        elapsed = float(len(reported) * length)
        rate = None if elapsed == 0 else num / elapsed
        remaining = _remaining_periods(measure, c_val, c_qty, reported, n, length)
        forecast = None if rate is None else num + rate * float(len(remaining) * length)
        for p in range(n):
            if p in reported:
                period_status[p]["committed"].append(c_val[p])
                period_status[p]["delivered"].extend(d.value for d in recs.get(p, []))
        rows.append({
            "measure": code, "description": measure.description, "theme": measure.theme,
            "theme_name": measure.theme_name, "unit": measure.unit, "per_year": measure.per_year,
            "monetised": measure.monetised, "basis": "value" if by_value else "quantity",
            "committed_total": math.fsum(c_val), "committed_due": math.fsum(c_val[: as_of + 1]),
            "committed_reported": com_rep, "delivered": d_val,
            "committed_quantity_total": math.fsum(c_qty), "committed_quantity_reported": com_rep_q,
            "delivered_quantity": d_qty, "difference": num - den,
            "percent_delivered": _pct(num, den), "percent_of_total_commitment": _pct(
                num, math.fsum(c_val) if by_value else math.fsum(c_qty)),
            "shortfall": max(0.0, den - num), "over_delivery": max(0.0, num - den),
            "missing_periods": [labels[p] for p in missing], "reported_years": elapsed,
            "run_rate_per_year": rate, "forecast": forecast,
            "by_period": [{"period": labels[p], "committed": c_val[p],
                           "delivered": None if p not in recs else math.fsum(d.value for d in recs[p]),
                           "delivered_quantity": None if p not in recs else math.fsum(d.quantity for d in recs[p]),
                           "status": ("missing" if p in missing else "reported" if p <= as_of else "future"),
                           "notes": [d.note for d in recs.get(p, []) if d.note],
                           "unevidenced": any(d.evidence is False for d in recs.get(p, []))}
                          for p in range(n)]})
    periods = []
    for p, st in enumerate(period_status):
        status = "future" if not st["due"] else "missing" if st["missing_measures"] and not any(
            p in delivered.get(c, {}) for c in codes) else "partial" if st["missing_measures"] else "reported"
        periods.append({"period": st["period"], "status": status, "missing_measures": st["missing_measures"],
                        "committed_reported": math.fsum(st["committed"]), "delivered": math.fsum(st["delivered"])})
    return MonitoringResult.build(
        name=v.text(m.get("name", "Contract monitoring"), "name"), supplier=supplier, contract=contract,
        labels=list(labels), period_length=str(m.get("period_length", "year")),
        as_of=labels[as_of] if as_of >= 0 else None, rows=rows, periods=periods,
        definitions={c: measures.raw(c) for c in codes},
        provenance=Provenance(
            framework="toms", framework_version=VERSION, input_sha256=document_hash(m), source=source,
            datasets=tuple(measures.dataset_provenance() + inputs), price_year=contract.price_year,
            deflator=_deflator_record(measures),
            conventions={"period_value": "a contract year's committed value is shared equally among its periods",
                         "missing": "a due period with something committed and no delivery record is missing, "
                                    "not zero; it is left out of committed-versus-delivered",
                         "over_delivery": "reported as delivered; never clamped",
                         "forecast": "delivered + (delivered / reported years) x the remaining years in which the measure is "
                                     "committed (without a commitment: the remaining years its counting rule allows)",
                         "discounting": "none (undiscounted values)", "money_sums": "math.fsum"}))


def _deflator_record(measures: MeasureSet) -> dict[str, Any] | None:
    """The GDP deflator's provenance when a used proxy was re-based to the contract's price year."""
    if not any(m.proxy is not None and m.proxy.indexation for m in measures.used()):
        return None
    from socialvalue.prices import gdp_deflator

    return gdp_deflator().provenance()


def export_targets(result: MonitoringResult) -> dict[str, Any]:
    """The delivered measures of a contract as a draft catalogue with a target set.

    The output is a valid catalogue file (:func:`~socialvalue.frameworks.toms.catalogue.load_catalogue`
    reads it): the measures that were delivered, with their proxies as defined (by id when
    they came from a dataset, inline otherwise), and ``targets`` that repeat what was
    delivered, per contract year for per-year measures. It is a draft for the next tender,
    not a recommendation.
    """
    return result.export_targets()
