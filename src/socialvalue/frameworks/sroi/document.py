"""Impact-map documents (``kind: impact-map``): parse, validate and resolve.

An impact map lists outcomes for named beneficiary groups, each valued with a financial
proxy and reduced by deadweight, displacement, attribution, leakage and drop-off. This
module turns the document into model objects with every proxy resolved (inline or by id
from the installed datasets), indexed to the map's price year, and every quantity
expressed in the proxy's own units — ready for the engine, which sees only numbers.

Where each assumption came from is kept: a value the user typed, or a preset from a
named preset table (see :mod:`socialvalue.frameworks.sroi.presets`), so the result can mark presets.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from socialvalue import validation as v
from socialvalue.errors import SocialValueError, ValidationError
from socialvalue.frameworks.base import record
from socialvalue.frameworks.sroi.model import Activity, Beneficiary, Investment, Outcome
from socialvalue.identity import identifier
from socialvalue.prices import DiscountSchedule, discount_schedule, gdp_deflator
from socialvalue.proxies.model import Proxy
from socialvalue.proxies.variants import ProxyChoice, read_perspective, read_region

__all__ = [
    "BRISTOL_ACCORD_DOMAINS",
    "ImpactMap",
    "MapOutcome",
    "parse_impact_map",
]

BRISTOL_ACCORD_DOMAINS: tuple[str, ...] = (
    "active, inclusive and safe",
    "well run",
    "environmentally sensitive",
    "well designed and built",
    "well connected",
    "thriving",
    "well served",
    "fair for everyone",
)
"""The eight characteristics of a sustainable community (Bristol Accord, 2005), which the
Social Value Engine uses to tag outcomes by place."""

_MAP_KEYS = ("kind", "framework", "name", "description", "price_year", "first_year", "discounting", "conventions",
             "investment", "outcomes", "mode", "forecast", "domains", "datasets", "presets", "place", "period",
             "organisation", "perspective", "region")
_OUTCOME_KEYS = ("id", "description", "beneficiaries", "quantity", "proxy", "duration", "deadweight",
                 "displacement", "attribution", "leakage", "drop_off", "start_year", "theme", "domain",
                 "negative", "low", "high", "ranges", "type", "notes")
_ADJUSTMENTS = ("deadweight", "displacement", "attribution", "leakage", "drop_off")
_CONVENTION_KEYS = ("discount_start",)
DISCOUNT_START = {"year-1": "sroi", "year-0": "green-book"}


@record
class MapOutcome:
    """One resolved outcome: the model object plus what the engine needs."""

    outcome: Outcome
    proxy: Proxy                      # resolved and indexed to the map's price year
    engine_quantity: float            # quantity in the proxy's own units
    per_year: bool                    # the quantity × proxy product is money per year
    yearly_proxy: tuple[float, ...] | None  # proxy per project year (series proxies)
    assumption_sources: Mapping[str, str]   # adjustment -> "user" | "default" | "preset:<table>:<key>"
    low: float | None
    high: float | None
    ranges: Mapping[str, tuple[float, float]]
    selection: Mapping[str, Any] | None = None  # the perspective and region chosen for the proxy, if any


@record
class ImpactMap:
    """A validated impact map, ready to value."""

    name: str
    price_year: int
    document_price_year: int          # the map's own price_year (differs when re-based with --price-year)
    first_year: int | None
    schedule: DiscountSchedule
    convention: str
    activity: Activity
    outcomes: tuple[MapOutcome, ...]
    mode: str
    forecast: str | None
    domains: tuple[str, ...]
    datasets: tuple[Mapping[str, Any], ...]
    presets: tuple[Mapping[str, Any], ...]
    source: str | None
    document: Mapping[str, Any]
    choice: ProxyChoice = ProxyChoice()

    @property
    def investment(self) -> float:
        return self.activity.total_investment


def _ctx(exc: SocialValueError, source: str | None, field: str | None) -> SocialValueError:
    return exc.with_context(source=source, field_prefix=field)


def _load_extra_datasets(doc: Mapping[str, Any], base_dir: Path | None, source: str | None) -> list[Any]:
    from socialvalue.documents import document_path
    from socialvalue.proxies import load_dataset

    paths = v.sequence(doc.get("datasets", []), "datasets", source=source)
    out = []
    for i, path in enumerate(paths):
        v.text(path, f"datasets[{i}]", source=source)
        out.append(load_dataset(document_path(path, base_dir, field=f"datasets[{i}]", source=source)))
    return out


def _investment(raw: Any, source: str | None) -> list[Investment]:
    """The map's investment; unlike a bare Activity, a map must say what was invested."""
    items = Investment.parse_many(raw)
    if not items:
        raise ValidationError("investment list is empty", source=source, field="investment",
                              hint="give the total invested, e.g. investment: 250000")
    return items


def _inline_proxy(raw: Mapping[str, Any], outcome_id: str, field: str) -> Proxy:
    """An inline proxy; id, name and licence default sensibly, a source is required."""
    data = dict(raw)
    data.setdefault("id", f"{outcome_id}-proxy")
    data.setdefault("name", f"Proxy for {outcome_id}")
    data.setdefault("licence", "user-supplied")
    if isinstance(data.get("source"), str):
        data["source"] = {"publisher": "(as cited)", "title": data["source"]}
    if "source" not in data:
        raise ValidationError("an inline proxy needs a source", field=f"{field}.source",
                              hint="say where the value comes from, e.g. source: \"ONS ASHE 2024, table 1\"")
    return Proxy.from_dict(data, field=field)


def _adjustment(raw: Any, name: str, field: str, outcome_type: str | None, presets: Any) -> tuple[float, str]:
    if raw is None:
        return 0.0, "default"
    if raw == "preset" or isinstance(raw, Mapping):
        key = outcome_type
        if isinstance(raw, Mapping):
            v.check_keys(raw, ("preset",), field)
            key = v.text(v.require(raw, "preset", field), f"{field}.preset")
        if key is None:
            raise ValidationError(f"{name}: preset needs the outcome's type", field=field,
                                  hint=f"add type: <outcome type> to the outcome, or write {name}: {{preset: KEY}}")
        record = presets.lookup(name, key, field=field)
        return record.value, f"preset:{record.table}:{record.key}"
    return v.fraction(raw, field), "user"


def _people(number: float, unit: str | None, proxy_unit: str) -> float | None:
    """How many people ``number`` counts, when its unit (or the proxy's, for a bare number) is people."""
    from socialvalue.units import convert, unit_dimensions

    person = unit_dimensions("person")
    if unit is not None:
        return convert(number, unit, "person") if unit_dimensions(unit) == person else None
    gbp, proxy = unit_dimensions("GBP"), unit_dimensions(proxy_unit)
    per = {k: gbp.get(k, 0.0) - proxy.get(k, 0.0) for k in {*gbp, *proxy}}
    per = {k: x for k, x in per.items() if x != 0}
    return number if per.get("[person]") == 1 and len(per) <= 2 else None


def _check_group_size(group: Beneficiary, number: float, unit: str | None, proxy_unit: str, field: str) -> None:
    """A group cannot hold fewer people than the outcome counts: refuse a count of 0 beside 35 valued."""
    if group.count is None:
        return
    people = _people(number, unit, proxy_unit)
    if group.count == 0 and number > 0:
        raise ValidationError(f"the group has 0 people but the outcome values a quantity of {number:g}", field=field,
                              hint="give the number of people in the group, or remove count:")
    if people is not None and people > group.count:
        raise ValidationError(f"the outcome counts {people:g} people but the group has only {group.count}",
                              field=field, hint="the quantity cannot exceed the number of people in the group; "
                                                "check both figures")


def _outcome(raw: Any, i: int, ctx: dict[str, Any]) -> MapOutcome:
    from socialvalue.proxies import resolve_proxy
    from socialvalue.units import annual_money_factor, parse_quantity

    field = f"outcomes[{i}]"
    m = v.mapping(raw, field)
    v.check_keys(m, _OUTCOME_KEYS, field)
    oid = identifier(v.require(m, "id", field), f"{field}.id", what="outcome id")
    proxy_raw = v.require(m, "proxy", field)
    if isinstance(proxy_raw, str):
        proxy = resolve_proxy(proxy_raw, ctx["datasets"], field=f"{field}.proxy")
    else:
        proxy = _inline_proxy(v.mapping(proxy_raw, f"{field}.proxy"), oid, f"{field}.proxy")
    proxy, selection = ctx["choice"].apply(proxy, f"{field}.proxy")
    try:
        proxy = proxy.indexed(ctx["price_year"])
    except SocialValueError as exc:
        raise exc.with_context(field_prefix=f"{field}.proxy") from None
    number, unit = parse_quantity(v.require(m, "quantity", field), field=f"{field}.quantity")
    v.non_negative(number, f"{field}.quantity")
    engine_q, per_year = annual_money_factor(number, unit, proxy.unit, field=f"{field}.quantity")
    outcome_type = v.optional_text(m.get("type"), f"{field}.type")
    values: dict[str, float] = {}
    sources: dict[str, str] = {}
    for name in _ADJUSTMENTS:
        values[name], sources[name] = _adjustment(m.get(name), name, f"{field}.{name}", outcome_type,
                                                  ctx["presets"])
    domain = m.get("domain")
    if domain is not None:
        v.text(domain, f"{field}.domain")
        if domain not in ctx["domains"]:
            from socialvalue.errors import UnknownNameError
            from socialvalue.suggest import close_matches

            raise UnknownNameError(f"unknown domain {domain!r}", field=f"{field}.domain",
                                   suggestions=close_matches(domain, ctx["domains"]),
                                   hint="domains: " + "; ".join(ctx["domains"]))
    beneficiaries = None
    if m.get("beneficiaries") is not None:
        beneficiaries = Beneficiary.from_dict(m["beneficiaries"], field=f"{field}.beneficiaries")
        _check_group_size(beneficiaries, number, unit, proxy.unit, f"{field}.beneficiaries.count")
    negative = m.get("negative", False)
    if not isinstance(negative, bool):
        raise ValidationError("negative must be true or false", field=f"{field}.negative",
                              hint="write negative: true for a disbenefit, or leave it out")
    outcome = Outcome(
        id=oid, quantity=number, quantity_unit=unit, proxy=proxy,
        duration=v.integer(m.get("duration", 1), f"{field}.duration", minimum=1),
        start_year=v.integer(m.get("start_year", 1), f"{field}.start_year", minimum=1),
        description=v.optional_text(m.get("description"), f"{field}.description"),
        beneficiaries=beneficiaries, theme=v.optional_text(m.get("theme"), f"{field}.theme") or proxy.theme,
        domain=domain, negative=negative, **values,
    )
    from socialvalue.engine import MAX_YEAR

    if outcome.start_year + outcome.duration - 1 > MAX_YEAR:
        raise ValidationError(f"the outcome runs to project year {outcome.start_year + outcome.duration - 1:,}, "
                              f"beyond year {MAX_YEAR:,}", field=f"{field}.duration",
                              hint="shorten duration or start_year; values beyond a few decades are not meaningful")
    yearly = None
    if proxy.is_series:
        if ctx["first_year"] is None:
            raise ValidationError(f"proxy {proxy.id!r} is a series by calendar year", field=f"{field}.proxy",
                                  hint="set first_year: (the calendar year of project year 1) on the map")
        from socialvalue.engine import project_year_series

        last = outcome.start_year + outcome.duration - 1
        first_calendar = ctx["first_year"] + outcome.start_year - 1
        covered = proxy.years
        if first_calendar < covered[0] or ctx["first_year"] + last - 1 > covered[-1]:
            raise ValidationError(
                f"proxy {proxy.id!r} has values for {covered[0]}-{covered[-1]}, but this outcome runs in "
                f"{first_calendar}-{ctx['first_year'] + last - 1}", field=f"{field}.proxy",
                hint="move first_year or the outcome's years inside the series, or use a proxy that covers them")
        yearly = tuple(float(x) for x in project_year_series(proxy.value, ctx["first_year"], last,
                                                             name=f"proxy {proxy.id}"))
    low = None if m.get("low") is None else v.non_negative(m["low"], f"{field}.low")
    high = None if m.get("high") is None else v.non_negative(m["high"], f"{field}.high")
    if low is None and proxy.low is not None and not proxy.is_series:
        low = float(proxy.low)
    if high is None and proxy.high is not None and not proxy.is_series:
        high = float(proxy.high)
    central = proxy.headline_value
    if low is not None and low > central:
        raise ValidationError(f"low {low:g} is above the proxy value {central:g}", field=f"{field}.low",
                              hint="a range runs low <= proxy value <= high, in the proxy's price year")
    if high is not None and high < central:
        raise ValidationError(f"high {high:g} is below the proxy value {central:g}", field=f"{field}.high",
                              hint="a range runs low <= proxy value <= high, in the proxy's price year")
    ranges: dict[str, tuple[float, float]] = {}
    for name, pair in v.mapping(m.get("ranges", {}), f"{field}.ranges").items():
        f = f"{field}.ranges.{name}"
        if name not in _ADJUSTMENTS:
            v.check_keys({name: 0}, _ADJUSTMENTS, f"{field}.ranges")
        lo_hi = v.sequence(pair, f)
        if len(lo_hi) != 2:
            raise ValidationError("a range is [low, high]", field=f, hint="write e.g. deadweight: [0.1, 0.3]")
        lo, hi = v.fraction(lo_hi[0], f"{f}[0]"), v.fraction(lo_hi[1], f"{f}[1]")
        if not lo <= values[name] <= hi:
            raise ValidationError(f"range [{lo:g}, {hi:g}] does not contain the {name} {values[name]:g}", field=f)
        ranges[name] = (lo, hi)
    return MapOutcome(outcome=outcome, proxy=proxy, engine_quantity=engine_q, per_year=per_year,
                      yearly_proxy=yearly, assumption_sources=sources, low=low, high=high, ranges=ranges,
                      selection=selection)


def parse_impact_map(doc: Mapping[str, Any], *, source: str | None = None, base_dir: str | None = None,
                     datasets: Sequence[Any] | None = None, price_year: int | None = None,
                     perspective: str | None = None) -> ImpactMap:
    """Validate an impact-map document and resolve its proxies.

    ``price_year`` overrides the map's own (the CLI's ``--price-year``), as ``perspective`` does
    the map's ``perspective:``; ``datasets`` replaces the installed proxy datasets (extra ones
    named in the map are added first).
    """
    from socialvalue.frameworks.sroi.presets import PresetTables
    from socialvalue.proxies import installed_datasets

    try:
        m = v.mapping(doc, None)
        v.check_keys(m, _MAP_KEYS, None)
        kind = m.get("kind", "impact-map")
        if kind != "impact-map":
            raise ValidationError(f"expected kind: impact-map, got {kind!r}", field="kind",
                                  hint="an impact map starts with 'kind: impact-map'")
        name = v.text(v.require(m, "name", None), "name")
        document_year = v.integer(v.require(m, "price_year", None), "price_year", minimum=1800)
        gdp_deflator().level(document_year, field="price_year")
        year = document_year if price_year is None else price_year
        first_year = None if m.get("first_year") is None else v.integer(m["first_year"], "first_year",
                                                                         minimum=1800)
        schedule = discount_schedule(m.get("discounting"), field="discounting")
        conv = v.mapping(m.get("conventions", {}), "conventions")
        v.check_keys(conv, _CONVENTION_KEYS, "conventions")
        start = conv.get("discount_start", "year-1")
        if not isinstance(start, str) or start not in DISCOUNT_START:
            raise ValidationError(f"discount_start must be year-1 or year-0, got {start!r}",
                                  field="conventions.discount_start",
                                  hint="year-1: the SROI value map's (first year discounted); year-0: Green Book's")
        mode = m.get("mode", "forecast")
        if mode not in ("forecast", "evaluation"):
            raise ValidationError(f"mode must be forecast or evaluation, got {mode!r}", field="mode",
                                  hint="write mode: forecast (before the activity) or mode: evaluation (after it)")
        forecast = v.optional_text(m.get("forecast"), "forecast")
        if forecast is not None and mode != "evaluation":
            raise ValidationError("only an evaluation names the forecast it follows", field="forecast",
                                  hint="set mode: evaluation, or remove forecast:")
        domains = tuple(v.text(d, f"domains[{i}]") for i, d in
                        enumerate(v.sequence(m.get("domains", BRISTOL_ACCORD_DOMAINS), "domains")))
        base = Path(base_dir) if base_dir else None
        extra = _load_extra_datasets(m, base, source)
        chosen = list(extra) + list(installed_datasets() if datasets is None else datasets)
        presets = PresetTables.load(v.sequence(m.get("presets", []), "presets"), base_dir=base)
        investment = _investment(v.require(m, "investment", None), None)
        if year != document_year:  # the investment is money in the map's prices too: re-base it with the benefits
            factor = gdp_deflator().factor(document_year, year)
            investment = [Investment(item.name, item.amount * factor) for item in investment]
        choice = ProxyChoice(perspective=perspective or read_perspective(m.get("perspective"), "perspective"),
                             region=read_region(m.get("region"), "region"))
        ctx = {"datasets": chosen, "price_year": year, "first_year": first_year, "presets": presets,
               "domains": domains, "choice": choice}
        raw_outcomes = v.sequence(v.require(m, "outcomes", None), "outcomes", limit="max_outcomes")
        if not raw_outcomes:
            raise ValidationError("an impact map needs at least one outcome", field="outcomes",
                                  hint="list outcomes with id, quantity and proxy under outcomes:")
        outcomes: list[MapOutcome] = []
        collector = v.ErrorCollector()  # each outcome is validated on its own: report every bad one together
        for i, raw in enumerate(raw_outcomes):
            with collector.item(f"outcomes[{i}]"):
                outcomes.append(_outcome(raw, i, ctx))
            if collector.full:
                break
        collector.raise_if_any()
        activity = Activity(name=name, investment=investment, outcomes=[o.outcome for o in outcomes],
                            place=v.optional_text(m.get("place"), "place"),
                            period=v.optional_text(m.get("period"), "period"))
    except SocialValueError as exc:
        raise _ctx(exc, source, None) from None
    used = {o.proxy.dataset for o in outcomes if o.proxy.dataset}
    dataset_info = tuple({"id": ds.id, "version": ds.version, "sha256": ds.sha256, "licence": ds.licence}
                         for ds in chosen if ds.id in used)
    return ImpactMap(name=name, price_year=year, document_price_year=document_year, first_year=first_year,
                     schedule=schedule,
                     convention=DISCOUNT_START[start], activity=activity, outcomes=tuple(outcomes), mode=mode,
                     forecast=forecast, domains=domains, datasets=dataset_info,
                     presets=tuple(presets.provenance()), source=source, document=m, choice=choice)
