"""The ``sroi`` view of a comparison: each activity becomes an impact map, valued by the ``sroi``
framework (one outcome per fact the crosswalk maps; adjustments from the crosswalk's template).

A crosswalk fact's ``sroi:`` template gives the proxy id, the unit the quantity is read in
(``quantity_unit``), how long the outcome lasts after the activity (``extra_years``), from
which project year (``start_year``), and the adjustments, each with its source or marked as an
assumption (see :mod:`socialvalue.compare.crosswalk`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from socialvalue import validation as v
from socialvalue.compare.templates import ADJUSTMENTS, AdjustmentSpec, SroiTemplate
from socialvalue.compare.viewkit import (
    NO_COUNTERPART,
    VALUED,
    Cell,
    FieldMap,
    Setting,
    ViewAdapter,
    ViewRun,
    check_series,
    crosswalk_field,
    proxy_override,
    proxy_pool,
    rebased,
    unit_factor,
    view_schedule,
)
from socialvalue.errors import SocialValueError, UnitMismatchError, ValidationError

if TYPE_CHECKING:  # pragma: no cover
    from socialvalue.compare.activity import ActivityFacts, View
    from socialvalue.compare.crosswalk import Crosswalk

__all__ = ["ADAPTER", "SroiView"]

_SROI_KEYS = ("proxy", "quantity_unit", "extra_years", "start_year", "adjustments", "notes")
_ADJ_KEYS = ("value", "preset", "source", "assumption")


def _citation(raw: Any, field: str) -> str:
    if isinstance(raw, str):
        return v.text(raw, field)
    from socialvalue.proxies.model import Source

    return Source.from_dict(raw, field=field).cite()


def _adjustment(raw: Any, name: str, field: str) -> AdjustmentSpec:
    if not isinstance(raw, Mapping):
        raise ValidationError(f"{name} needs its basis: a source or an assumption", field=field,
                              hint=f"write {name}: {{value: 0.25, source: \"...\"}}, "
                                   f"{{value: 0.25, assumption: \"why\"}} or {{preset: limited}}")
    v.check_keys(raw, _ADJ_KEYS, field)
    if (raw.get("value") is None) == (raw.get("preset") is None):
        raise ValidationError("give value or preset (one of them)", field=field,
                              hint="value: a fraction such as 0.25; preset: a step such as limited")
    source = None if raw.get("source") is None else _citation(raw["source"], f"{field}.source")
    assumption = v.optional_text(raw.get("assumption"), f"{field}.assumption")
    if raw.get("value") is not None:
        if source is None and assumption is None:
            raise ValidationError(f"say where the {name} {raw['value']!r} comes from", field=field,
                                  hint="add source: (a citation) or assumption: (why the crosswalk assumes it)")
        return AdjustmentSpec(name=name, value=v.fraction(raw["value"], f"{field}.value"), source=source,
                              assumption=assumption)
    return AdjustmentSpec(name=name, preset=v.text(str(raw["preset"]), f"{field}.preset"), source=source,
                          assumption=assumption)


class SroiView(ViewAdapter):
    """Runs a comparison view through the ``sroi`` framework."""

    framework = "sroi"
    default_discounting = "green-book"

    def parse_template(self, raw: Any, field: str) -> SroiTemplate:
        m = v.mapping(raw, field)
        v.check_keys(m, _SROI_KEYS, field)
        unit = v.optional_text(m.get("quantity_unit"), f"{field}.quantity_unit")
        if unit is not None:
            from socialvalue.units import parse_unit

            parse_unit(unit, field=f"{field}.quantity_unit")
        adjustments = {}
        raw_adj = v.mapping(m.get("adjustments", {}), f"{field}.adjustments")
        v.check_keys(raw_adj, ADJUSTMENTS, f"{field}.adjustments")
        for name, item in raw_adj.items():
            if item is not None:
                adjustments[name] = _adjustment(item, name, f"{field}.adjustments.{name}")
        return SroiTemplate(proxy=v.text(v.require(m, "proxy", field), f"{field}.proxy").strip(),
                            quantity_unit=unit,
                            extra_years=v.integer(m.get("extra_years", 0), f"{field}.extra_years", minimum=0),
                            start_year=v.integer(m.get("start_year", 1), f"{field}.start_year", minimum=1),
                            adjustments=adjustments, notes=v.optional_text(m.get("notes"), f"{field}.notes"))

    def run(self, view: View, subjects: Sequence[ActivityFacts], crosswalk: Crosswalk,
            source: str | None) -> ViewRun:
        """One impact map per activity (one outcome per fact the crosswalk maps), valued by ``sroi``."""
        from socialvalue.frameworks.sroi import FRAMEWORK
        from socialvalue.proxies import resolve_proxy

        schedule, convention = view_schedule(view, crosswalk, self.default_discounting)
        pool = proxy_pool(view)
        all_cells, results, datasets = [], [], {}
        for subject in subjects:
            price_year = view.price_year or subject.price_year
            fields = FieldMap(view, source)
            outcomes, cells, slots = [], [], []
            for fact in subject.facts:
                template = fact.spec.template(self.framework)
                ref = proxy_override(view, fact, template is not None)
                if template is None:
                    cells.append(Cell(NO_COUNTERPART, reason=fact.spec.reason(self.framework)))
                    continue
                ref = ref or template.proxy
                ref_field = f"{view.field}.proxies.{fact.fact}" if fact.fact in view.proxies else None
                try:
                    proxy = resolve_proxy(ref, pool, field=ref_field or f"facts.{fact.fact}.{self.framework}.proxy")
                except SocialValueError as exc:
                    raise (exc.with_context(source=source) if ref_field else crosswalk.error(exc)) from None
                ref_field = ref_field or crosswalk_field(crosswalk, f"facts.{fact.fact}.{self.framework}.proxy")
                check_series(proxy, subject, fact, view)
                unit = template.quantity_unit or fact.unit
                try:
                    factor = unit_factor(unit, proxy.unit, fact.field)
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
                    fields.add(f"outcomes[{k}].{name}",
                               crosswalk_field(crosswalk, f"facts.{fact.fact}.{self.framework}.adjustments.{name}"))
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
                       "investment": rebased(subject.investment, subject.price_year, price_year),
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


ADAPTER = SroiView()
"""The registered adapter (entry point ``socialvalue.compare_views: sroi``)."""
