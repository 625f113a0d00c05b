"""The ``local-model`` view of a comparison, and the crosswalk that maps facts to its measures.

Registered through two entry points (see this package's ``pyproject.toml``):

* ``socialvalue.compare_views: local-model`` -> :data:`ADAPTER`: each activity becomes one offer
  of a ``local-commitment`` document (one commitment per fact), scored by this framework;
* ``socialvalue.crosswalks: local-model`` -> :data:`CROSSWALK`: the bundled ``open`` crosswalk
  extended with a ``local-model:`` template (a measure code) for each fact the model counts.

So ``views: [toms, sroi, local-model]`` with ``crosswalk: local-model`` sets the council's model
beside the built-ins, and the comparison decomposes every difference. The local model values a
fact at amount x proxy, undiscounted and with no adjustments; a view that asks for discounting
is refused rather than reported with a figure the model does not give.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs

from socialvalue import validation as v
from socialvalue.compare.adapters import BundledCrosswalk
from socialvalue.compare.viewkit import (
    NO_COUNTERPART,
    NOT_MONETISED,
    VALUED,
    Cell,
    FieldMap,
    Setting,
    ViewAdapter,
    ViewRun,
    crosswalk_field,
    proxy_pool,
    unit_factor,
    view_schedule,
)
from socialvalue.errors import SocialValueError, ValidationError
from socialvalue.frameworks import get_framework

from socialvalue_local_model.model import parse_model

if TYPE_CHECKING:  # pragma: no cover
    from socialvalue.compare.activity import ActivityFacts, View
    from socialvalue.compare.crosswalk import Crosswalk

__all__ = ["ADAPTER", "CROSSWALK", "LocalModelTemplate", "LocalModelView"]

DEFAULT_MODEL = "newcastle-pillars-example"


@attrs.frozen
class LocalModelTemplate:
    """How the local model counts a fact: the code of one of its measures."""

    measure: str
    notes: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"measure": self.measure, "notes": self.notes}


class LocalModelView(ViewAdapter):
    """Runs a comparison view through the ``local-model`` framework."""

    framework = "local-model"
    default_keys = ("model",)
    default_discounting = "none"

    def parse_template(self, raw: Any, field: str) -> LocalModelTemplate:
        m = v.mapping(raw, field)
        v.check_keys(m, ("measure", "notes"), field)
        return LocalModelTemplate(measure=v.text(v.require(m, "measure", field), f"{field}.measure").strip(),
                                  notes=v.optional_text(m.get("notes"), f"{field}.notes"))

    def run(self, view: View, subjects: Sequence[ActivityFacts], crosswalk: Crosswalk,
            source: str | None) -> ViewRun:
        schedule, convention = view_schedule(view, crosswalk, self.default_discounting)
        if schedule.name != "none":
            raise ValidationError(f"view {view.label!r}: the local model does not discount", field=f"{view.field}"
                                  ".discounting", hint="remove discounting from the view (or the crosswalk's "
                                                      "frameworks.local-model)")
        pool = proxy_pool(view)
        model_ref = crosswalk.defaults(self.framework).get("model", DEFAULT_MODEL)
        model_field = crosswalk_field(crosswalk, f"frameworks.{self.framework}.model")
        try:
            model = parse_model(model_ref, pool, field=model_field)
        except SocialValueError as exc:
            raise crosswalk.error(exc) from None
        price_year = view.price_year or subjects[0].price_year
        fields = FieldMap(view, source)
        offers, plans = [], []
        for i, subject in enumerate(subjects):
            commitments: list[dict[str, Any]] = []
            plan: list[Any] = []
            for fact in subject.facts:
                template = fact.spec.template(self.framework)
                if template is None:
                    plan.append(Cell(NO_COUNTERPART, reason=fact.spec.reason(self.framework)))
                    continue
                tfield = crosswalk_field(crosswalk, f"facts.{fact.fact}.{self.framework}.measure")
                try:
                    measure = model.measure(template.measure, tfield)
                except SocialValueError as exc:
                    raise crosswalk.error(exc) from None
                if measure.monetised and measure.per_year != (fact.spec.kind == "level"):
                    raise crosswalk.error(ValidationError(
                        f"fact {fact.fact!r} is a {fact.spec.kind} but measure {measure.code!r} is counted "
                        + ("per year" if measure.per_year else "once"), field=tfield,
                        hint="map level facts to per-year measures and total facts to measures counted once"))
                item: dict[str, Any] = {"measure": measure.code, "quantity": f"{fact.quantity!r} {fact.unit}"}
                if measure.per_year:
                    item["years"] = fact.years
                fields.add(f"offers[{i}].commitments[{len(commitments)}]", fact.field)
                if not measure.monetised:
                    plan.append(Cell(NOT_MONETISED, counterpart=f"measure {measure.code}",
                                     reason=f"measure {measure.code} is reported ({measure.unit}) but not monetised"))
                else:
                    factor = unit_factor(fact.unit, measure.value_unit, fact.field)
                    plan.append((len(commitments), measure, factor, fact))
                commitments.append(item)
            fields.add(f"offers[{i}]", subject.field)
            offers.append({"supplier": subject.name, "commitments": commitments})
            plans.append(plan)
        fields.add("price_year", f"{view.field}.price_year" if view.price_year else f"{subjects[0].field}.price_year")
        doc = {"kind": "local-commitment", "framework": self.framework, "name": subjects[0].name,
               "model": model_ref, "price_year": price_year, "offers": offers}
        try:
            result = get_framework(self.framework).evaluate(doc, options={"datasets": list(view.datasets)})
        except SocialValueError as exc:
            raise fields.translate(exc) from None
        all_cells = []
        for subject, plan in zip(subjects, plans, strict=True):
            offer = result.offer(subject.name)
            cells = []
            for item in plan:
                if isinstance(item, Cell):
                    cells.append(item)
                    continue
                k, measure, factor, fact = item
                setting = Setting(quantity=fact.per_year, proxy=measure.proxy, unit_factor=factor,
                                  price_year=price_year, adjustments=(0.0, 0.0, 0.0, 0.0), start=1,
                                  duration=fact.years, drop_off=0.0, schedule=schedule, convention=convention,
                                  first_year=subject.first_year)
                cells.append(Cell(VALUED, counterpart=f"measure {measure.code} valued with "
                                                      f"{measure.proxy.qualified_id}",
                                  setting=setting, framework_value=float(offer.commitments[k].value)))
            all_cells.append(tuple(cells))
        return ViewRun(view=view, cells=tuple(all_cells), results=(result,), price_year=price_year,
                       schedule=schedule, convention=convention,
                       sources=tuple(dict(d) for d in result.provenance.datasets))


ADAPTER = LocalModelView()
"""The registered adapter (entry point ``socialvalue.compare_views: local-model``)."""

CROSSWALK = BundledCrosswalk("socialvalue_local_model", "crosswalk.yaml")
"""The crosswalk ``local-model`` (entry point ``socialvalue.crosswalks: local-model``)."""
