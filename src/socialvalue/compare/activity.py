"""What was done (an activity described by facts) and how to look at it (views).

An **activity** lists *facts*: what was done, in plain quantities, before any framework
values it::

    {name: Leisure centre build, price_year: 2024, first_year: 2026, investment: 150000,
     facts: [{fact: local-jobs, quantity: 12, unit: FTE, years: 3},
             {fact: volunteering, quantity: 1200, unit: hour, years: 3}]}

``fact`` is an id of the crosswalk; ``quantity`` is a number (with ``unit``) or text such
as ``"12 FTE"``; ``years`` (default 1) is how many years a ``level`` fact is held, or over
how many years a ``total`` fact is delivered. ``price_year`` is the year whose prices
every view reports in (unless the view sets its own); ``first_year`` is the calendar year
of project year 1 (needed for proxies that change by calendar year, such as carbon).

A **view** is a framework and, optionally, a choice of proxies::

    {framework: sroi}
    {framework: toms, label: TOMs (council values), dataset: council-proxies.yaml,
     proxies: {local-jobs: council-job-value}, price_year: 2023}

``dataset`` (a file, an installed dataset id, or in Python a loaded
:class:`~socialvalue.proxies.ProxyDataset`) is searched first for every proxy id;
``proxies`` names the proxy that values a fact in this view; ``price_year``,
``discounting`` and ``discount_start`` override the activity's and the crosswalk's.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from socialvalue import validation as v
from socialvalue.compare.adapters import get_adapter
from socialvalue.compare.crosswalk import Crosswalk, CrosswalkFact
from socialvalue.errors import SocialValueError, UnknownNameError, ValidationError
from socialvalue.identity import check_unique, identifier
from socialvalue.suggest import close_matches

__all__ = ["ActivityFacts", "Fact", "View", "parse_activity", "parse_views"]

_FACT_KEYS = ("fact", "id", "quantity", "unit", "years", "description")
ACTIVITY_KEYS = ("name", "supplier", "description", "price_year", "first_year", "investment", "contract_value",
                 "facts")
_VIEW_KEYS = ("framework", "label", "dataset", "proxies", "price_year", "discounting", "discount_start")


@attrs.frozen
class Fact:
    """One fact of an activity, resolved against the crosswalk.

    ``quantity`` is in the crosswalk's unit for the fact (converted from what was written);
    ``per_year`` is the quantity valued in each year: the level itself, or a total spread
    evenly over ``years``.
    """

    id: str
    fact: str
    quantity: float
    unit: str
    years: int
    spec: CrosswalkFact
    written: str
    description: str | None = None
    field: str = ""

    @property
    def per_year(self) -> float:
        return self.quantity if self.spec.kind == "level" else self.quantity / self.years

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "fact": self.fact, "quantity": self.quantity, "unit": self.unit,
                "kind": self.spec.kind, "years": self.years, "written": self.written,
                "description": self.description}


@attrs.frozen
class ActivityFacts:
    """An activity described by facts (one bid of a tender is one of these)."""

    name: str
    facts: tuple[Fact, ...]
    price_year: int
    first_year: int | None = None
    investment: float = 0.0
    contract_value: float | None = None
    description: str | None = None
    field: str = "activity"

    @property
    def years(self) -> int:
        return max((f.years for f in self.facts), default=1)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "description": self.description, "price_year": self.price_year,
                "first_year": self.first_year, "investment": self.investment,
                "contract_value": self.contract_value, "facts": [f.to_dict() for f in self.facts]}


def _fact(raw: Any, field: str, crosswalk: Crosswalk) -> Fact:
    from socialvalue.units import convert, parse_quantity

    m = v.mapping(raw, field)
    v.check_keys(m, _FACT_KEYS, field)
    name = v.text(v.require(m, "fact", field), f"{field}.fact").strip()
    spec = crosswalk.fact(name, field=f"{field}.fact")
    unit_key = v.optional_text(m.get("unit"), f"{field}.unit")
    raw_q = v.require(m, "quantity", field)
    number, unit = parse_quantity(raw_q, field=f"{field}.quantity")
    if unit is None:
        unit = unit_key or spec.unit
        parse_quantity(1, default_unit=unit, field=f"{field}.unit" if unit_key else f"{field}.quantity")
    if unit_key is not None and isinstance(raw_q, str) and unit not in (unit_key, None):
        raise ValidationError(f"the quantity says {unit!r} but unit says {unit_key!r}", field=f"{field}.quantity",
                              hint="give the unit once")
    if number < 0:
        raise ValidationError(f"a fact's quantity must not be negative, got {raw_q!r}", field=f"{field}.quantity",
                              hint="facts are amounts delivered; leave the fact out if nothing was delivered")
    unit = unit or spec.unit
    try:
        quantity = number if unit == spec.unit else convert(number, unit, spec.unit)
    except SocialValueError as exc:
        raise type(exc)(f"fact {name!r} is counted in {spec.unit!r}; {unit!r} cannot be converted to it",
                        field=f"{field}.unit" if unit_key else f"{field}.quantity",
                        hint=f"give the quantity in {spec.unit} ({spec.description or spec.kind})") from None
    years = v.integer(m.get("years", 1), f"{field}.years", minimum=1)
    if years > 100:
        raise ValidationError(f"{years} years is not plausible for one fact", field=f"{field}.years")
    fid = identifier(m.get("id", name), f"{field}.id", what="fact id")
    written = f"{_number(number)} {unit}" + (f" x {years} years" if spec.kind == "level" and years > 1 else
                                      f" over {years} years" if years > 1 else "")
    return Fact(id=fid, fact=name, quantity=float(quantity), unit=spec.unit, years=years, spec=spec,
                written=written, description=v.optional_text(m.get("description"), f"{field}.description"),
                field=field)


def _number(x: float) -> str:
    return f"{int(x):,}" if x.is_integer() and abs(x) < 1e15 else f"{x:,.6g}"


def parse_activity(raw: Any, crosswalk: Crosswalk, *, field: str = "activity",
                   defaults: Mapping[str, Any] | None = None, name_key: str = "name") -> ActivityFacts:
    """Validate an activity mapping (errors carry field paths such as ``activity.facts[2].unit``).

    ``defaults`` fills ``price_year``, ``first_year`` and ``contract_value`` when the
    activity does not give them (the bids of one tender share them).
    """
    m = v.mapping(raw, field)
    v.check_keys(m, ACTIVITY_KEYS, field)
    merged = {**(defaults or {}), **{k: val for k, val in m.items() if val is not None}}
    name = v.text(v.require(m, name_key, field), f"{field}.{name_key}").strip()
    if "price_year" not in merged:
        v.require(m, "price_year", field)
    price_year = v.integer(merged["price_year"], f"{field}.price_year", minimum=1800)
    from socialvalue.prices import gdp_deflator

    gdp_deflator().level(price_year, field=f"{field}.price_year")
    first = merged.get("first_year")
    contract = merged.get("contract_value")
    if contract is not None and v.number(contract, f"{field}.contract_value") <= 0:
        raise ValidationError("contract_value must be greater than 0", field=f"{field}.contract_value")
    raw_facts = v.sequence(v.require(m, "facts", field), f"{field}.facts")
    if not raw_facts:
        raise ValidationError("an activity needs at least one fact", field=f"{field}.facts",
                              hint="e.g. facts: [{fact: local-jobs, quantity: 12, unit: FTE, years: 3}]")
    facts = tuple(_fact(item, f"{field}.facts[{i}]", crosswalk) for i, item in enumerate(raw_facts))
    check_unique(((f.id, f"{f.field}.id") for f in facts), what="fact id",
                 hint="give each repeated fact its own id: (e.g. id: local-jobs-phase-2)")
    return ActivityFacts(
        name=name, facts=facts, price_year=price_year,
        first_year=None if first is None else v.integer(first, f"{field}.first_year", minimum=1800),
        investment=v.non_negative(m.get("investment", 0), f"{field}.investment"),
        contract_value=None if contract is None else v.number(contract, f"{field}.contract_value"),
        description=v.optional_text(m.get("description"), f"{field}.description"), field=field)


@attrs.frozen(eq=False)
class View:
    """One way of valuing the activity: a framework, its proxies and its conventions."""

    label: str
    framework: str
    dataset: str | None = None
    datasets: tuple[Any, ...] = ()
    proxies: Mapping[str, str] = attrs.field(factory=dict)
    price_year: int | None = None
    discounting: Any = None
    discount_start: str | None = None
    field: str = "views[0]"

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "framework": self.framework, "dataset": self.dataset,
                "datasets": [{"id": d.id, "version": d.version, "licence": d.licence, "sha256": d.sha256}
                             for d in self.datasets],
                "proxies": dict(self.proxies), "price_year": self.price_year,
                "discounting": self.discounting, "discount_start": self.discount_start}


def _dataset(ref: str, field: str, base_dir: Path | None) -> Any:
    from socialvalue.proxies import installed_datasets, load_dataset

    installed = {d.id: d for d in installed_datasets()}
    if ref in installed:
        return installed[ref]
    from socialvalue.documents import document_path

    path = document_path(ref, base_dir, field=field)
    if not path.exists():
        hits = close_matches(ref, installed)
        raise UnknownNameError(f"no installed proxy dataset or file called {ref!r}", field=field, suggestions=hits,
                               hint=None if hits else "installed: " + ", ".join(installed)
                               + "; paths are taken from the comparison file's folder")
    try:
        return load_dataset(path)
    except SocialValueError as exc:
        raise exc.with_context(field_prefix=field) from None


def _view(raw: Any, field: str, base_dir: Path | None, crosswalk: Crosswalk) -> View:
    from socialvalue.prices import discount_schedule

    if isinstance(raw, str):
        raw = {"framework": raw}
    m = v.mapping(raw, field)
    v.check_keys(m, _VIEW_KEYS, field)
    framework = v.text(v.require(m, "framework", field), f"{field}.framework").strip()
    get_adapter(framework, field=f"{field}.framework")
    from socialvalue.proxies import ProxyDataset

    raw_ds = m.get("dataset")
    if isinstance(raw_ds, ProxyDataset):
        dataset, datasets = raw_ds.path or raw_ds.id, (raw_ds,)
    else:
        dataset = v.optional_text(raw_ds, f"{field}.dataset")
        datasets = () if dataset is None else (_dataset(dataset, f"{field}.dataset", base_dir),)
    proxies = dict(v.mapping(m.get("proxies") or {}, f"{field}.proxies"))
    for fact, ref in proxies.items():
        crosswalk.fact(str(fact), field=f"{field}.proxies.{fact}")
        v.text(ref, f"{field}.proxies.{fact}")
    if m.get("discounting") is not None:
        discount_schedule(m["discounting"], field=f"{field}.discounting")
    start = m.get("discount_start")
    if start is not None and start not in ("year-1", "year-0"):
        raise ValidationError(f"discount_start must be year-1 or year-0, got {start!r}",
                              field=f"{field}.discount_start",
                              hint="year-1: first year discounted one period (SROI value map); year-0: Green Book")
    price_year = m.get("price_year")
    if price_year is not None:
        from socialvalue.prices import gdp_deflator

        price_year = v.integer(price_year, f"{field}.price_year", minimum=1800)
        gdp_deflator().level(price_year, field=f"{field}.price_year")
    label = m.get("label")
    if label is None:
        label = framework + (f" ({datasets[0].id})" if datasets else "")
    return View(label=identifier(label, f"{field}.label", what="view label"), framework=framework, dataset=dataset,
                datasets=datasets, proxies=proxies, price_year=price_year, discounting=m.get("discounting"),
                discount_start=start, field=field)


def parse_views(raw: Any, crosswalk: Crosswalk, *, field: str = "views",
                base_dir: str | os.PathLike[str] | None = None) -> tuple[View, ...]:
    """Validate a list of views (``"sroi"`` is short for ``{framework: sroi}``)."""
    if isinstance(raw, (str, Mapping, View)):
        raw = [raw]
    items = v.sequence(raw, field)
    if len(items) < 2:
        raise ValidationError(f"a comparison needs at least two views, got {len(items)}", field=field,
                              hint="e.g. views: [{framework: toms}, {framework: sroi}]")
    base = None if base_dir is None else Path(base_dir)
    views = [item if isinstance(item, View) else _view(item, f"{field}[{i}]", base, crosswalk)
             for i, item in enumerate(items)]
    check_unique(((view.label, f"{view.field}.label") for view in views), what="view label",
                 hint="give each view its own label: (e.g. label: sroi with council proxies)")
    return tuple(views)

