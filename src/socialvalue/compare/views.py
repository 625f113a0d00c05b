"""Running one view: build the framework's own document, evaluate it, read the settings.

* An **sroi** view becomes one impact map per activity (one outcome per fact the crosswalk
  maps), evaluated by the ``sroi`` framework.
* A **toms** view becomes one tender whose bids are the activities (one commitment per
  fact), scored by the ``toms`` framework with the crosswalk's catalogue. When the view
  changes proxies (``dataset:`` or ``proxies:``) the catalogue's measures are copied into
  the tender with the view's proxies.

The frameworks validate everything and resolve proxies, presets and units; from what they
resolved this module reads each fact's :class:`~socialvalue.compare.decompose.Setting`.
A framework error on a generated document is reported against the user's own input (the
fact, the view or the crosswalk entry that caused it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from socialvalue.compare.activity import ActivityFacts, Fact, View
from socialvalue.compare.crosswalk import Crosswalk
from socialvalue.compare.decompose import Setting
from socialvalue.errors import SocialValueError, UnitMismatchError, ValidationError

__all__ = ["Cell", "ViewRun", "run_view"]

VALUED, NO_COUNTERPART, NOT_MONETISED = "valued", "no counterpart", "not monetised"
_DISCOUNT_START = {"year-1": "sroi", "year-0": "green-book"}


@attrs.frozen
class Cell:
    """One fact in one view: its status, what valued it, and the setting the engine uses."""

    status: str
    counterpart: str | None = None
    reason: str | None = None
    setting: Setting | None = None
    framework_value: float | None = None

    def describe(self) -> dict[str, Any]:
        return {"status": self.status, "counterpart": self.counterpart, "reason": self.reason,
                "setting": None if self.setting is None else self.setting.to_dict()}


@attrs.frozen
class ViewRun:
    """A view's cells (``cells[subject][fact]``), framework results and conventions."""

    view: View
    cells: tuple[tuple[Cell, ...], ...]
    results: tuple[Any, ...]
    price_year: int
    schedule: Any
    convention: str
    sources: tuple[Mapping[str, Any], ...] = ()

    def describe(self) -> dict[str, Any]:
        return {**self.view.to_dict(), "effective": {
            "price_year": self.price_year, "discounting": self.schedule.to_dict(),
            "discount_start": "year-1" if self.convention == "sroi" else "year-0"},
            "sources": [dict(s) for s in self.sources]}


class _Fields:
    """Maps field paths of a generated document back to the user's input."""

    def __init__(self, view: View, source: str | None) -> None:
        self.view, self.source, self.map = view, source, {}

    def add(self, generated: str, user: str) -> None:
        self.map[generated] = user

    def translate(self, exc: SocialValueError) -> SocialValueError:
        field = exc.field or ""
        best = max((g for g in self.map if field == g or field.startswith((g + ".", g + "["))), key=len, default=None)
        exc.field = self.map[best] + field[len(best):] if best is not None else self.view.field
        exc.message = f"view {self.view.label!r} ({self.view.framework}): {exc.message}"
        if exc.source is not None and exc.source.startswith("<"):
            exc.source = None
        return exc.with_context(source=self.source)


def _pool(view: View) -> list[Any]:
    from socialvalue.proxies import installed_datasets

    own = list(view.datasets)
    return own + [d for d in installed_datasets() if all(d is not o for o in own)]


def _schedule(view: View, crosswalk: Crosswalk) -> tuple[Any, str]:
    from socialvalue.prices import discount_schedule

    defaults = crosswalk.defaults(view.framework)
    fallback = "green-book" if view.framework == "sroi" else "none"
    spec = view.discounting if view.discounting is not None else defaults.get("discounting", fallback)
    start = view.discount_start or defaults.get("discount_start", "year-1")
    return discount_schedule(spec, field=f"{view.field}.discounting"), _DISCOUNT_START[start]


def _factor(unit: str, proxy_unit: str, field: str) -> float:
    from socialvalue.units import annual_money_factor

    return annual_money_factor(1.0, unit, proxy_unit, field=field)[0]


def _series_check(proxy: Any, subject: ActivityFacts, fact: Fact, view: View) -> None:
    if proxy.is_series and subject.first_year is None:
        raise ValidationError(f"fact {fact.id!r} is valued in view {view.label!r} with proxy {proxy.qualified_id!r}, "
                              "which changes by calendar year", field=f"{subject.field}.first_year",
                              hint="set first_year: the calendar year of the activity's first year")


def _override(view: View, fact: Fact, has_template: bool) -> str | None:
    ref = view.proxies.get(fact.fact)
    if ref is not None and not has_template:
        raise ValidationError(f"the crosswalk has no {view.framework} counterpart for fact {fact.fact!r}, so no "
                              "proxy can be chosen for it", field=f"{view.field}.proxies.{fact.fact}",
                              hint=f"add a {view.framework}: entry for the fact in a crosswalk that extends this one")
    return ref


# --------------------------------------------------------------------------- sroi


def _rebased(amount: float, from_year: int, to_year: int) -> float:
    """Money of the activity (investment, contract value) in the view's prices, so that a ratio or a
    share of the contract value does not depend on the price year a view is expressed in."""
    from socialvalue.prices import gdp_deflator

    return amount if from_year == to_year else amount * gdp_deflator().factor(from_year, to_year)


def _run_sroi(view: View, subjects: Sequence[ActivityFacts], crosswalk: Crosswalk, source: str | None) -> ViewRun:
    from socialvalue.frameworks.sroi import FRAMEWORK
    from socialvalue.proxies import resolve_proxy

    schedule, convention = _schedule(view, crosswalk)
    pool = _pool(view)
    all_cells, results, datasets = [], [], {}
    for subject in subjects:
        price_year = view.price_year or subject.price_year
        fields = _Fields(view, source)
        outcomes, cells, slots = [], [], []
        for fact in subject.facts:
            template = fact.spec.sroi
            ref = _override(view, fact, template is not None)
            if template is None:
                cells.append(Cell(NO_COUNTERPART, reason=fact.spec.reason("sroi")))
                continue
            ref = ref or template.proxy
            ref_field = f"{view.field}.proxies.{fact.fact}" if fact.fact in view.proxies else None
            try:
                proxy = resolve_proxy(ref, pool, field=ref_field or f"facts.{fact.fact}.sroi.proxy")
            except SocialValueError as exc:
                raise (exc.with_context(source=source) if ref_field else crosswalk.error(exc)) from None
            ref_field = ref_field or _cw_field(crosswalk, f"facts.{fact.fact}.sroi.proxy")
            _series_check(proxy, subject, fact, view)
            unit = template.quantity_unit or fact.unit
            try:
                factor = _factor(unit, proxy.unit, fact.field)
            except UnitMismatchError as exc:
                raise UnitMismatchError(f"fact {fact.fact!r} ({fact.unit}) cannot be valued with proxy "
                                        f"{proxy.qualified_id!r} ({proxy.unit}) in view {view.label!r}",
                                        field=ref_field, hint=exc.hint) from None
            k = len(outcomes)
            fields.add(f"outcomes[{k}].proxy", ref_field)
            fields.add(f"outcomes[{k}]", fact.field)
            outcome: dict[str, Any] = {
                "id": fact.id, "quantity": f"{fact.per_year!r} {unit}", "proxy": ref,
                "duration": fact.years + template.extra_years, "start_year": template.start_year}
            if fact.description or fact.spec.description:
                outcome["description"] = fact.description or fact.spec.description
            for name, adj in template.adjustments.items():
                outcome[name] = adj.document_value()
                fields.add(f"outcomes[{k}].{name}", _cw_field(crosswalk, f"facts.{fact.fact}.sroi.adjustments.{name}"))
            outcomes.append(outcome)
            slots.append((len(cells), proxy, factor, fact))
            cells.append(None)
        fields.add("price_year", f"{view.field}.price_year" if view.price_year else f"{subject.field}.price_year")
        fields.add("first_year", f"{subject.field}.first_year")
        fields.add("investment", f"{subject.field}.investment")
        if outcomes:
            doc = {"kind": "impact-map", "framework": "sroi", "name": subject.name, "price_year": price_year,
                   "discounting": schedule.to_dict(),
                   "conventions": {"discount_start": "year-1" if convention == "sroi" else "year-0"},
                   "investment": _rebased(subject.investment, subject.price_year, price_year),
                   "outcomes": outcomes}
            if subject.first_year is not None:
                doc["first_year"] = subject.first_year
            try:
                result = FRAMEWORK.evaluate(doc, options={"datasets": pool})
            except SocialValueError as exc:
                raise fields.translate(exc) from None
            results.append(result)
            for d in result.provenance.datasets:
                datasets.setdefault(d["id"], d)
            for k, (slot, proxy, factor, fact) in enumerate(slots):
                mo = result.imap.outcomes[k]
                o = mo.outcome
                setting = Setting(quantity=fact.per_year, proxy=proxy, unit_factor=factor, price_year=price_year,
                                  adjustments=(o.deadweight, o.displacement, o.attribution, o.leakage),
                                  start=o.start_year, duration=o.duration, drop_off=o.drop_off, schedule=schedule,
                                  convention=convention, first_year=subject.first_year)
                cells[slot] = Cell(VALUED, counterpart=f"outcome valued with {proxy.qualified_id}", setting=setting,
                                   framework_value=float(result.valuation.pv_by_outcome[k]))
        all_cells.append(tuple(cells))
    return ViewRun(view=view, cells=tuple(all_cells), results=tuple(results),
                   price_year=view.price_year or subjects[0].price_year, schedule=schedule, convention=convention,
                   sources=tuple(datasets.values()))


# --------------------------------------------------------------------------- toms


def _catalogue(crosswalk: Crosswalk) -> Any:
    from socialvalue.frameworks.toms.measures import catalogues, get_catalogue, installed_catalogues, load_catalogue

    ref = str(crosswalk.defaults("toms").get("catalogue", "open-toms-style"))
    installed_catalogues()
    if ref in catalogues.names():
        return get_catalogue(ref)
    path = Path(ref)
    if not path.is_absolute() and crosswalk.base_dir is not None:
        path = Path(crosswalk.base_dir) / path
    try:
        return load_catalogue(path)
    except SocialValueError as exc:
        exc.field = "frameworks.toms.catalogue"
        raise crosswalk.error(exc) from None


def _measure(catalogue: Any, fact: Fact, crosswalk: Crosswalk) -> Any:
    from socialvalue.errors import UnknownNameError
    from socialvalue.suggest import close_matches

    code = fact.spec.toms.measure
    field = f"facts.{fact.fact}.toms.measure"
    if code not in catalogue:
        raise crosswalk.error(UnknownNameError(f"catalogue {catalogue.id!r} has no measure {code!r}", field=field,
                                               suggestions=close_matches(code, catalogue.codes)))
    measure = catalogue[code]
    want = fact.spec.kind == "level"
    if measure.monetised and measure.per_year != want:
        raise crosswalk.error(ValidationError(
            f"fact {fact.fact!r} is a {fact.spec.kind} but measure {code!r} is counted "
            + ("per year" if measure.per_year else "once"), field=field,
            hint="map level facts to per-year measures and total facts to one-off measures"))
    return measure


def _cw_field(crosswalk: Crosswalk, field: str) -> str:
    return f"{crosswalk.field_prefix}.{field}" if crosswalk.field_prefix else field


def _inline(measure: Any, ref: str | None) -> dict[str, Any]:
    out = {k: getattr(measure, k) for k in ("code", "description", "theme", "outcome", "unit", "counting",
                                            "evidence", "notes") if getattr(measure, k) is not None}
    if measure.proxy is None:
        out["monetised"] = False
        return out
    out["proxy"] = ref or measure.proxy.id
    if measure.proxy_unit_as:
        out["proxy_unit_as"] = measure.proxy_unit_as
    return out


def _commitment(fact: Fact, code: str, years: int) -> dict[str, Any]:
    if fact.spec.kind == "level":
        return {"measure": code, "quantity": f"{fact.quantity!r} {fact.unit}", "years": fact.years}
    if fact.years == years:
        return {"measure": code, "quantity": f"{fact.quantity!r} {fact.unit}"}
    return {"measure": code, "quantities": [fact.per_year] * fact.years, "unit": fact.unit}


def _run_toms(view: View, subjects: Sequence[ActivityFacts], crosswalk: Crosswalk, source: str | None) -> ViewRun:
    from socialvalue.frameworks.toms import FRAMEWORK
    from socialvalue.proxies import resolve_proxy

    schedule, convention = _schedule(view, crosswalk)
    catalogue = _catalogue(crosswalk)
    pool = _pool(view)
    inline = bool(view.datasets) or any(f.spec.toms is not None and f.fact in view.proxies
                                        for s in subjects for f in s.facts)
    price_year = view.price_year or subjects[0].price_year
    years = max(s.years for s in subjects)
    first = subjects[0].first_year
    fields = _Fields(view, source)
    measures: dict[str, dict[str, Any]] = {}

    def add_measure(record: dict[str, Any], user_field: str) -> None:
        code = record["code"]
        if code not in measures:
            fields.add(f"measures[{len(measures)}]", user_field)
            measures[code] = record
        elif measures[code] != record:
            raise ValidationError(f"measure {code!r} would be valued with two proxies in view {view.label!r}",
                                  field=user_field, hint="two facts share the measure; give both the same proxy")

    bids, plans = [], []
    for i, subject in enumerate(subjects):
        commitments: list[dict[str, Any]] = []
        plan: list[Any] = []
        for fact in subject.facts:
            template = fact.spec.toms
            ref = _override(view, fact, template is not None)
            if template is None:
                plan.append(Cell(NO_COUNTERPART, reason=fact.spec.reason("toms")))
                continue
            measure = _measure(catalogue, fact, crosswalk)
            ref_field = (f"{view.field}.proxies.{fact.fact}" if ref
                         else _cw_field(crosswalk, f"facts.{fact.fact}.toms.measure"))
            if not measure.monetised:
                plan.append(Cell(NOT_MONETISED, counterpart=f"measure {measure.code}",
                                 reason=f"measure {measure.code} is reported ({measure.unit}) but not monetised"))
            else:
                proxy = measure.proxy
                if inline:
                    try:
                        proxy = resolve_proxy(ref or measure.proxy.id, pool, field=ref_field)
                    except SocialValueError as exc:
                        raise exc.with_context(source=source) from None
                _series_check(proxy, subject, fact, view)
                value_unit = measure.proxy_unit_as or proxy.unit
                try:
                    factor = _factor(fact.unit, value_unit, fact.field)
                except UnitMismatchError as exc:
                    raise UnitMismatchError(f"fact {fact.fact!r} ({fact.unit}) cannot be counted with measure "
                                            f"{measure.code!r} ({value_unit}) in view {view.label!r}",
                                            field=ref_field, hint=exc.hint) from None
                plan.append((len(commitments), proxy, factor, fact, measure.code))
            if inline:
                add_measure(_inline(measure, ref), ref_field)
            fields.add(f"bids[{i}].commitments[{len(commitments)}]", fact.field)
            commitments.append(_commitment(fact, measure.code, years))
        fields.add(f"bids[{i}]", subject.field)
        bids.append({"supplier": subject.name, "commitments": commitments})
        plans.append(plan)
    fields.add("contract.start_year", f"{subjects[0].field}.first_year")
    fields.add("contract.price_year",
               f"{view.field}.price_year" if view.price_year else f"{subjects[0].field}.price_year")
    fields.add("contract.value", f"{subjects[0].field}.contract_value")
    base_value = subjects[0].contract_value or max(s.investment for s in subjects) or 1.0
    contract: dict[str, Any] = {"value": _rebased(base_value, subjects[0].price_year, price_year),
                                "years": years, "price_year": price_year}
    if first is not None:
        contract["start_year"] = first
    doc: dict[str, Any] = {"kind": "tender", "framework": "toms", "name": subjects[0].name, "contract": contract,
                           "scoring": {"method": "relative", "weight": 100, "quantitative_share": 1,
                                       "basis": "offered"},
                           "conventions": {"discount_start": "year-1" if convention == "sroi" else "year-0"},
                           "bids": bids}
    if measures:
        doc["measures"] = list(measures.values())
    else:  # no fact needs a copied measure (none, or every one valued from the catalogue as it is)
        doc["catalogue"] = catalogue.id if catalogue.id in _installed() else str(Path(catalogue.path).resolve())
    if schedule.name != "none":
        doc["discounting"] = schedule.to_dict()
    try:
        result = FRAMEWORK.evaluate(doc, options={"datasets": list(view.datasets), "base_dir": "."})
    except SocialValueError as exc:
        raise fields.translate(exc) from None
    discounted = "discounting" in doc
    all_cells = []
    for subject, plan in zip(subjects, plans, strict=True):
        bid = result.bid(subject.name)
        cells = []
        for item in plan:
            if isinstance(item, Cell):
                cells.append(item)
                continue
            k, proxy, factor, fact, code = item
            record = bid.commitments[k]
            value = record["present_value_offered"] if discounted else record["value_offered"]
            setting = Setting(quantity=fact.per_year, proxy=proxy, unit_factor=factor, price_year=price_year,
                              adjustments=(0.0, 0.0, 0.0, 0.0), start=1, duration=fact.years, drop_off=0.0,
                              schedule=schedule, convention=convention, first_year=first)
            cells.append(Cell(VALUED, counterpart=f"measure {code} valued with {proxy.qualified_id}",
                              setting=setting, framework_value=float(value)))
        all_cells.append(tuple(cells))
    return ViewRun(view=view, cells=tuple(all_cells), results=(result,), price_year=price_year, schedule=schedule,
                   convention=convention, sources=tuple(dict(d) for d in result.provenance.datasets))


def _installed() -> set[str]:
    from socialvalue.frameworks.toms.measures import catalogues

    return set(catalogues.names())


def run_view(view: View, subjects: Sequence[ActivityFacts], crosswalk: Crosswalk, *,
             source: str | None = None) -> ViewRun:
    """Evaluate every activity in one view (errors point at the user's input, not the generated document)."""
    if view.framework == "sroi":
        return _run_sroi(view, subjects, crosswalk, source)
    return _run_toms(view, subjects, crosswalk, source)
