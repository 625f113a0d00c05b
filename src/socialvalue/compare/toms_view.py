"""The ``toms`` view of a comparison: the activities become the bids of one tender, scored by the
``toms`` framework with the crosswalk's measure catalogue (one commitment per fact).

A crosswalk fact's ``toms:`` template names the catalogue measure that counts the fact. When
the view changes proxies (``dataset:`` or ``proxies:``) the catalogue's measures are copied
into the tender with the view's proxies.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from socialvalue import validation as v
from socialvalue.compare.templates import TomsTemplate
from socialvalue.compare.viewkit import (
    NO_COUNTERPART,
    NOT_MONETISED,
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
    from socialvalue.compare.activity import ActivityFacts, Fact, View
    from socialvalue.compare.crosswalk import Crosswalk

__all__ = ["ADAPTER", "TomsView"]

_TOMS_KEYS = ("measure", "notes")


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

    code = fact.spec.template("toms").measure
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


def _installed() -> set[str]:
    from socialvalue.frameworks.toms.measures import catalogues

    return set(catalogues.names())


class TomsView(ViewAdapter):
    """Runs a comparison view through the ``toms`` framework."""

    framework = "toms"
    default_keys = ("catalogue",)
    default_discounting = "none"

    def parse_template(self, raw: Any, field: str) -> TomsTemplate:
        m = v.mapping(raw, field)
        v.check_keys(m, _TOMS_KEYS, field)
        return TomsTemplate(measure=v.text(v.require(m, "measure", field), f"{field}.measure").strip(),
                            notes=v.optional_text(m.get("notes"), f"{field}.notes"))

    def run(self, view: View, subjects: Sequence[ActivityFacts], crosswalk: Crosswalk,
            source: str | None) -> ViewRun:
        """One tender whose bids are the activities (one commitment per fact), scored by ``toms``."""
        from socialvalue.frameworks.toms import FRAMEWORK
        from socialvalue.proxies import resolve_proxy

        schedule, convention = view_schedule(view, crosswalk, self.default_discounting)
        catalogue = _catalogue(crosswalk)
        pool = proxy_pool(view)
        inline = bool(view.datasets) or any(f.spec.template("toms") is not None and f.fact in view.proxies
                                            for s in subjects for f in s.facts)
        price_year = view.price_year or subjects[0].price_year
        years = max(s.years for s in subjects)
        first = subjects[0].first_year
        fields = FieldMap(view, source)
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
                template = fact.spec.template("toms")
                ref = proxy_override(view, fact, template is not None)
                if template is None:
                    plan.append(Cell(NO_COUNTERPART, reason=fact.spec.reason("toms")))
                    continue
                measure = _measure(catalogue, fact, crosswalk)
                ref_field = (f"{view.field}.proxies.{fact.fact}" if ref
                             else crosswalk_field(crosswalk, f"facts.{fact.fact}.toms.measure"))
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
                    check_series(proxy, subject, fact, view)
                    value_unit = measure.proxy_unit_as or proxy.unit
                    try:
                        factor = unit_factor(fact.unit, value_unit, fact.field)
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
        contract: dict[str, Any] = {"value": rebased(base_value, subjects[0].price_year, price_year),
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


ADAPTER = TomsView()
"""The registered adapter (entry point ``socialvalue.compare_views: toms``)."""
