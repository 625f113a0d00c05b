"""Reading a TOMs-style tender: contract, measures, bids, and valuing each commitment.

Conventions (documented in ``docs/frameworks/toms.md``):

* A commitment's quantity is in its measure's unit, or one convertible to it.
* **Per-year measures** (proxy unit ending ``/year``, e.g. ``GBP/FTE/year``): the quantity is
  a level held during a contract year; ``years`` (default 1, at most ``contract.years``)
  says for how many contract years, from year 1. Value = quantity × years × proxy.
* **One-off measures** (e.g. ``GBP/hour``, ``GBP/tCO2e``): the quantity is a total, valued
  once. ``years`` is not used (write ``300 hour/year`` with ``years: 3`` for a yearly
  amount). An unphased total is spread evenly over the contract years, which only matters
  for discounting, for proxies that change by calendar year, and for monitoring.
* ``quantities: [5, 5, 2.5]`` phases a commitment by contract year instead (a level per
  year for per-year measures, an amount per year for one-off ones).
* ``counting: first-year-only`` measures accept year-1 quantities only.
* Deliverability: ``confidence`` (0–1) and ``evidence: false`` (× ``scoring.unevidenced_factor``)
  multiply the commitment's value; offered and adjusted values are both reported.
* Proxies are indexed to ``contract.price_year`` with the GDP deflator; a proxy that is a
  series by calendar year (DESNZ carbon values) takes the value of each contract year's
  calendar year (``contract.start_year`` + year − 1).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from socialvalue import validation as v
from socialvalue.errors import SocialValueError, UnitMismatchError, ValidationError
from socialvalue.frameworks.toms.catalogue import Measure, unit_factor
from socialvalue.frameworks.toms.measures import MeasureSet, parse_measures
from socialvalue.proxies.variants import ProxyChoice, read_perspective, read_region
from socialvalue.frameworks.toms.scoring import ScoringRules, parse_scoring
from socialvalue.identity import check_unique, identifier

__all__ = [
    "TENDER_KEYS",
    "Bid",
    "Commitment",
    "Contract",
    "MeasureSet",
    "Tender",
    "parse_contract",
    "parse_tender",
    "value_commitment",
]

VERSION = "0.1.0"
"""Version of the toms framework's conventions (recorded in provenance)."""

TENDER_KEYS = ("kind", "framework", "name", "description", "contract", "catalogue", "datasets", "measures", "perspective",
               "scoring", "bids", "bids_file", "discounting", "conventions")
CONTRACT_KEYS = ("value", "years", "price_year", "start_year", "region", "reference")
BID_KEYS = ("supplier", "qualitative", "commitments", "note")
COMMITMENT_KEYS = ("measure", "quantity", "unit", "years", "quantities", "confidence", "evidence", "note")
DISCOUNT_START = {"year-1": "sroi", "year-0": "green-book"}


@attrs.frozen
class Contract:
    value: float
    years: int
    price_year: int
    start_year: int | None = None
    region: str | None = None
    reference: str | None = None
    region_code: str | None = None  # the ITL1 code of ``region`` (None: national), which picks regional proxy values

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in CONTRACT_KEYS}


def parse_contract(raw: Any, field: str = "contract") -> Contract:
    m = v.mapping(raw, field)
    v.check_keys(m, CONTRACT_KEYS, field)
    value = v.number(v.require(m, "value", field), f"{field}.value")
    if value <= 0:
        raise ValidationError(f"the contract value must be greater than 0, got {m['value']!r}", field=f"{field}.value",
                              hint="sv_percent divides by it; give the whole-life contract value in GBP")
    years = v.integer(v.require(m, "years", field), f"{field}.years", minimum=1)
    if years > 100:
        raise ValidationError(f"a contract of {years} years is not plausible", field=f"{field}.years")
    start = m.get("start_year")
    return Contract(value=value, years=years,
                    price_year=v.integer(v.require(m, "price_year", field), f"{field}.price_year", minimum=1800),
                    start_year=None if start is None else v.integer(start, f"{field}.start_year", minimum=1800),
                    region=v.optional_text(m.get("region"), f"{field}.region"),
                    reference=v.optional_text(m.get("reference"), f"{field}.reference"),
                    region_code=read_region(m.get("region"), f"{field}.region"))


# --------------------------------------------------------------------------- commitments


@attrs.frozen
class Commitment:
    """A valued commitment: what the bidder wrote and what it is worth, year by year."""

    measure: Measure
    quantity_text: str
    per_year: bool
    phased: bool
    years: int | None
    yearly_quantity: tuple[float, ...]
    yearly_value: tuple[float, ...]
    offered: float
    confidence: float | None = None
    evidence: bool | None = None
    factor: float = 1.0
    note: str | None = None
    field: str = ""

    @property
    def adjusted(self) -> float:
        return self.offered * self.factor

    @property
    def quantity_total(self) -> float:
        return math.fsum(self.yearly_quantity)


def _fmt(q: float) -> str:
    return str(int(q)) if q.is_integer() and abs(q) < 1e15 else repr(q)


def value_commitment(raw: Any, measures: MeasureSet, contract: Contract, *, field: str,
                     unevidenced_factor: float | None = None, need_factor: bool = True) -> Commitment:
    """Validate one commitment and value it per contract year (undiscounted)."""
    from socialvalue.units import parse_quantity

    m = v.mapping(raw, field)
    v.check_keys(m, COMMITMENT_KEYS, field)
    code = v.text(v.require(m, "measure", field), f"{field}.measure").strip()
    measure = measures.get(code, f"{field}.measure")
    unit_key = v.optional_text(m.get("unit"), f"{field}.unit")
    if (m.get("quantity") is None) == (m.get("quantities") is None):
        if m.get("quantity") is None:
            v.require(m, "quantity", field)
        raise ValidationError("give quantity or quantities, not both", field=f"{field}.quantities")
    phased = m.get("quantities") is not None
    if phased:
        items = v.sequence(m["quantities"], f"{field}.quantities")
        paths = [f"{field}.quantities[{k}]" for k in range(len(items))]
        if not items or len(items) > contract.years:
            raise ValidationError(f"quantities has {len(items)} figures; the contract runs {contract.years} years",
                                  field=f"{field}.quantities", hint="give one figure per contract year, from year 1")
        if m.get("years") is not None:
            raise ValidationError("years does not apply to a phased commitment", field=f"{field}.years",
                                  hint="quantities already gives one figure per contract year")
    else:
        items, paths = [m["quantity"]], [f"{field}.quantity"]
    parsed: list[tuple[float, str | None]] = []
    for item, path in zip(items, paths, strict=True):
        number, unit = parse_quantity(item, default_unit=unit_key or measure.unit, field=path)
        if unit_key is not None and isinstance(item, str) and unit != unit_key and unit is not None:
            raise ValidationError(f"the quantity says {unit!r} but unit says {unit_key!r}", field=path,
                                  hint="give the unit once")
        if number < 0:
            raise ValidationError(f"a committed quantity must not be negative, got {item!r}", field=path,
                                  hint="commitments are amounts offered; leave the measure out to offer nothing")
        parsed.append((number, unit))
    factors = []
    for (number, unit), path in zip(parsed, paths, strict=True):
        try:
            factors.append(unit_factor(unit, measure.unit, measure.value_unit))
        except UnitMismatchError:
            per = " per contract year" if measure.per_year else ""
            raise UnitMismatchError(
                f"a quantity in {unit!r} cannot be counted for measure {code!r}, which is counted in "
                f"{measure.unit!r}{per}", field=path,
                hint=f"give the quantity in {measure.unit}{per} (or a unit convertible to it)") from None
    per_year = factors[0][1]
    if any(f[1] != per_year for f in factors):
        raise ValidationError("mix of yearly and one-off quantities", field=f"{field}.quantities",
                              hint="write every figure in the same unit")
    n = contract.years
    years = None
    if phased:
        proxy_q = [q * f[0] for (q, _), f in zip(parsed, factors, strict=True)] + [0.0] * (n - len(parsed))
        measure_q = [q * f[2] for (q, _), f in zip(parsed, factors, strict=True)] + [0.0] * (n - len(parsed))
    elif per_year:
        years = v.integer(m.get("years", 1), f"{field}.years", minimum=1)
        if years > n:
            raise ValidationError(f"years is {years} but the contract runs {n} years", field=f"{field}.years",
                                  hint="a commitment cannot outlast the contract")
        q, f = parsed[0][0], factors[0]
        proxy_q = [q * f[0]] * years + [0.0] * (n - years)
        measure_q = [q * f[2]] * years + [0.0] * (n - years)
    else:
        if m.get("years") not in (None, 1):
            raise ValidationError(
                f"measure {code!r} counts a total ({measure.unit}), valued once, so years does not apply",
                field=f"{field}.years",
                hint=f"write a yearly amount such as '{_fmt(parsed[0][0])} {measure.unit}/year' with years, "
                     "or phase it with quantities: [...]")
        q, f = parsed[0][0], factors[0]
        spread = 1 if measure.counting == "first-year-only" else n
        proxy_q = [q * f[0] / spread] * spread + [0.0] * (n - spread)
        measure_q = [q * f[2] / spread] * spread + [0.0] * (n - spread)
    if measure.counting == "first-year-only" and any(x > 0 for x in proxy_q[1:]):
        raise ValidationError(f"measure {code!r} is counted in the first contract year only", field=(
            f"{field}.years" if not phased else f"{field}.quantities"),
            hint="commit the quantity for year 1 only (counting: first-year-only)")
    yearly_value = [0.0] * n
    offered = 0.0
    if measure.proxy is not None:
        proxy = measure.proxy
        if proxy.is_series:
            if contract.start_year is None:
                raise ValidationError(
                    f"measure {code!r} is valued with {proxy.id!r}, which changes by calendar year",
                    field="contract.start_year", hint="give contract.start_year, the calendar year of contract year 1")
            try:
                values = [proxy.value_at(contract.start_year + k) for k in range(n)]
            except ValidationError as exc:
                raise ValidationError(f"measure {code!r}: {exc.message}", field="contract.start_year",
                                      hint=exc.hint) from None
        else:
            values = [proxy.value_at()] * n
        yearly_value = [q * val for q, val in zip(proxy_q, values, strict=True)]
        if not phased and not per_year and not proxy.is_series and measure.counting != "first-year-only":
            # An unphased total of a constant proxy is worth exactly quantity x proxy.
            offered = parsed[0][0] * factors[0][0] * values[0]
            yearly_value = [offered / n] * n
        else:
            offered = math.fsum(yearly_value)
    if not (math.isfinite(offered) and all(math.isfinite(x) for x in (*yearly_value, *proxy_q, *measure_q))):
        raise ValidationError("the commitment is too large to value (beyond the range of numbers)",
                              field=paths[0] if len(paths) == 1 else f"{field}.quantities",
                              hint="check the quantity and its unit for a typo; use realistic sizes")
    confidence = None if m.get("confidence") is None else v.fraction(m["confidence"], f"{field}.confidence")
    evidence = m.get("evidence")
    if evidence is not None and not isinstance(evidence, bool):
        raise ValidationError(f"evidence must be true or false, got {evidence!r}", field=f"{field}.evidence",
                              hint="write true or false (without quotes)")
    factor = 1.0 if confidence is None else confidence
    if evidence is False and need_factor:
        if unevidenced_factor is None:
            raise ValidationError("this commitment is marked evidence: false but the tender sets no "
                                  "scoring.unevidenced_factor", field=f"{field}.evidence",
                                  hint="set scoring.unevidenced_factor (0-1), the share of value kept for "
                                       "unevidenced commitments; no published default exists")
        factor *= unevidenced_factor
    unit_text = unit_key or parsed[0][1] or measure.unit
    if phased:
        text = "; ".join(_fmt(q) for q, _ in parsed) + f" {unit_text} (by contract year)"
    else:
        text = f"{_fmt(parsed[0][0])} {unit_text}"
    return Commitment(measure=measure, quantity_text=text, per_year=per_year, phased=phased, years=years,
                      yearly_quantity=tuple(measure_q), yearly_value=tuple(yearly_value), offered=offered,
                      confidence=confidence, evidence=evidence, factor=factor,
                      note=v.optional_text(m.get("note"), f"{field}.note"), field=field)


# --------------------------------------------------------------------------- bids and tenders


@attrs.frozen
class Bid:
    supplier: str
    mark: float
    qualitative_raw: Any
    commitments: tuple[Commitment, ...]
    note: str | None = None
    field: str = ""


@attrs.frozen
class Tender:
    name: str
    description: str | None
    contract: Contract
    measures: MeasureSet
    rules: ScoringRules
    bids: tuple[Bid, ...]
    schedule: Any = None
    convention: str = "sroi"
    bids_file: Mapping[str, Any] | None = None

    def discount_factors(self) -> list[float] | None:
        """``DF`` for contract years 1..n, or ``None`` when the tender is undiscounted."""
        if self.schedule is None:
            return None
        return contract_year_factors(self.schedule, self.contract.years, self.convention)


def contract_year_factors(schedule: Any, years: int, convention: str) -> list[float]:
    """Discount factor of each contract year 1..``years``, from the engine.

    The engine's :class:`~socialvalue.engine.Schedule` gives ``DF(0) … DF(n)`` compounded
    band by band, and its convention offset says which period contract year ``t`` falls
    in: ``t`` for ``"sroi"`` (year 1 discounted one period, as impact maps), ``t - 1`` for
    ``"green-book"`` (year 1 undiscounted).
    """
    from socialvalue.engine import as_schedule
    from socialvalue.engine.discount import convention_offset

    offset = convention_offset(convention)
    table = as_schedule(schedule).factors(years)
    return [float(table[t - offset]) for t in range(1, years + 1)]


def _discounting(doc: Mapping[str, Any]) -> tuple[Any, str]:
    from socialvalue.prices import discount_schedule

    conv = v.mapping(doc.get("conventions", {}), "conventions")
    v.check_keys(conv, ("discount_start",), "conventions")
    start = conv.get("discount_start", "year-1")
    if not isinstance(start, str) or start not in DISCOUNT_START:
        raise ValidationError(f"discount_start must be year-1 or year-0, got {start!r}",
                              field="conventions.discount_start",
                              hint="year-1: first contract year discounted one period (as impact maps); year-0: "
                                   "Green Book, first year undiscounted")
    if doc.get("discounting") is None:
        return None, DISCOUNT_START[start]
    return discount_schedule(doc["discounting"], field="discounting"), DISCOUNT_START[start]


def parse_bid(raw: Any, measures: MeasureSet, contract: Contract, rules: ScoringRules, *, field: str,
              commitment_field: Any = None) -> Bid:
    m = v.mapping(raw, field)
    v.check_keys(m, BID_KEYS, field)
    supplier = identifier(v.require(m, "supplier", field), f"{field}.supplier", what="supplier name")
    mark = rules.mark(m.get("qualitative"), f"{field}.qualitative")
    commitments = []
    raw_list = m.get("commitments")
    collector = v.ErrorCollector()  # each commitment is checked on its own: report every bad one together
    for j, item in enumerate([] if raw_list is None else v.sequence(raw_list, f"{field}.commitments",
                                                                     limit="max_commitments")):
        where = commitment_field(j) if commitment_field else f"{field}.commitments[{j}]"
        with collector.item(where):
            commitments.append(value_commitment(item, measures, contract, field=where,
                                                unevidenced_factor=rules.unevidenced_factor))
        if collector.full:
            break
    collector.raise_if_any()
    check_unique(((c.measure.code, c.field) for c in commitments), what=f"{supplier}'s commitment to measure",
                 hint="commit to each measure once per bid (a repeated row would count it twice); put the whole "
                      "quantity in one commitment, or phase it with quantities: [...]")
    return Bid(supplier=supplier, mark=mark, qualitative_raw=m.get("qualitative"), commitments=tuple(commitments),
               note=v.optional_text(m.get("note"), f"{field}.note"), field=field)


def parse_bids(doc: Mapping[str, Any], measures: MeasureSet, contract: Contract, rules: ScoringRules,
               base_dir: Path) -> tuple[list[Bid], Mapping[str, Any] | None]:
    from socialvalue.frameworks.toms.bids import read_bids_file

    if doc.get("bids") is not None and doc.get("bids_file") is not None:
        raise ValidationError("give bids: or bids_file:, not both", field="bids_file")
    bids: list[Bid] = []
    file_record = None
    if doc.get("bids_file") is not None:
        from socialvalue.documents import document_path

        path = document_path(v.text(doc["bids_file"], "bids_file"), base_dir, field="bids_file")
        if not path.is_file():
            raise ValidationError(f"bids file not found: {path}", field="bids_file",
                                  hint="paths are taken from the tender file's folder")
        table = read_bids_file(path)
        v.sequence(table.bids, "bids_file", source=table.path, limit="max_bids")
        file_record = {"kind": "bids file", "path": table.path, "sha256": table.sha256}
        collector = v.ErrorCollector()  # every bad bid (and commitment) is reported together
        for i, raw in enumerate(table.bids):
            with collector.item("rows"):  # a bid's commitments are rows of the file
                try:
                    bids.append(parse_bid(raw, measures, contract, rules, field=table.bid_field(i),
                                          commitment_field=lambda j, i=i: table.commitment_field(i, j)))
                except SocialValueError as exc:
                    raise exc.with_context(source=table.path) from None
            if collector.full:
                break
        collector.raise_if_any()
        if not bids:
            raise ValidationError("the bids file has no bids", source=table.path, field="rows[2]",
                                  hint="one row per supplier and measure, under a row of column names")
    else:
        raw_bids = v.sequence(v.require(doc, "bids", None), "bids", limit="max_bids")
        if not raw_bids:
            raise ValidationError("the tender has no bids", field="bids", hint="list bids, or give bids_file:")
        collector = v.ErrorCollector()  # every bad bid (and commitment) is reported together
        for i, raw in enumerate(raw_bids):
            with collector.item(f"bids[{i}]"):
                bids.append(parse_bid(raw, measures, contract, rules, field=f"bids[{i}]"))
            if collector.full:
                break
        collector.raise_if_any()
    check_unique(((bid.supplier, f"{bid.field}.supplier") for bid in bids), what="supplier",
                 source=file_record["path"] if file_record else None,
                 hint="give each bid its own supplier name (names are compared ignoring case, spacing and "
                      "look-alike characters), or merge the rows")
    return bids, file_record


def parse_tender(doc: Any, *, base_dir: Path, extra_datasets: Sequence[Any] = ()) -> Tender:
    """Validate a tender document (errors carry field paths; the caller adds the source)."""
    m = v.mapping(doc, None)
    v.check_keys(m, TENDER_KEYS, None)
    contract = parse_contract(v.require(m, "contract", None))
    rules = parse_scoring(v.require(m, "scoring", None))
    schedule, convention = _discounting(m)
    choice = ProxyChoice(perspective=read_perspective(m.get("perspective"), "perspective"), region=contract.region_code)
    measures = parse_measures(m, base_dir=base_dir, price_year=contract.price_year, extra_datasets=extra_datasets,
                              choice=choice)
    bids, file_record = parse_bids(m, measures, contract, rules, base_dir)
    return Tender(name=v.text(m.get("name", "Tender"), "name"),
                  description=v.optional_text(m.get("description"), "description"), contract=contract,
                  measures=measures, rules=rules, bids=tuple(bids), schedule=schedule, convention=convention,
                  bids_file=file_record)
