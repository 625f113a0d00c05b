"""The ``action-plan`` framework: a supplier's sustainability action plan, as of a date.

For the plan's ``as_of`` date it reports, overall and by theme:

* **completion**: actions done / actions not dropped;
* **overdue**: actions due on or before ``as_of`` that are neither done nor dropped;
* **RAG status**, by the rule stated in every result (:data:`RAG_RULE`): green when no action is
  overdue; amber when overdue actions are at most a quarter of the actions due by then; red
  otherwise. A theme with no action due yet is green;
* the **social value delivered so far** by actions linked to catalogue measures: delivered
  quantity x the measure's proxy (re-based to ``price_year`` when given), and progress to target;
* the **change since the previous version** of the plan (``previous:``): actions added and
  removed, status changes, more delivered. A previous ``done`` that is now ``not-started`` or
  ``in-progress`` must be explained by a dated update with a ``reason`` after the previous
  version's date; otherwise the plan is refused.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from socialvalue.errors import SocialValueError, ValidationError
from socialvalue.frameworks.actionplan.document import Action, Plan, parse_plan
from socialvalue.frameworks.actionplan.result import ActionPlanResult, ActionRow, ThemeRow
from socialvalue.frameworks.base import Context, Framework, NoOptions, Provenance, document_hash

__all__ = ["FRAMEWORK", "RAG_RULE", "ActionPlanFramework", "rag"]

RAG_RULE = ("green: no action overdue; amber: overdue actions are at most 25% of the actions due by the "
            "as-of date; red: more than 25% overdue (a theme with no action due yet is green)")


def rag(due: int, overdue: int) -> str:
    """The RAG status of ``overdue`` actions among ``due`` ones (see :data:`RAG_RULE`)."""
    if overdue == 0:
        return "green"
    return "amber" if overdue <= 0.25 * due else "red"


def _themes(catalogue: Any) -> tuple[str, ...]:
    """The plan's catalogue's themes (the bundled open-toms-style catalogue's when it names none), then the
    Flexible Framework's."""
    from socialvalue.frameworks.flexible.criteria import catalogue as flexible
    from socialvalue.frameworks.toms.measures import get_catalogue

    toms = sorted({m.theme for m in (catalogue if catalogue is not None else get_catalogue("open-toms-style"))})
    return (*toms, *(t.id for t in flexible().themes if t.id not in toms))


def _catalogue(plan_doc: Mapping[str, Any], context: Context) -> Any:
    ref = plan_doc.get("catalogue")
    if ref is None:
        return None
    from socialvalue.frameworks.toms.measures import catalogues, get_catalogue, installed_catalogues, load_catalogue

    installed_catalogues()
    if ref in catalogues.names():
        return get_catalogue(ref)
    return load_catalogue(context.path(ref, "catalogue"), datasets=context.proxy_datasets())


def _value(action: Action, measures: Mapping[str, Any] | None, plan: Plan) -> tuple[float | None, Any]:
    if action.measure is None or measures is None:
        return None, None
    measure = measures[action.measure]
    if measure.proxy is None:
        return None, measure
    from socialvalue.units import annual_money_factor

    proxy = measure.proxy if plan.price_year is None else measure.proxy.indexed(plan.price_year)
    quantity, _ = annual_money_factor(action.delivered, measure.unit, measure.proxy_unit_as or proxy.unit,
                                      field=f"{action.field}.measure")
    unit_value = proxy.value_at(plan.as_of.year if proxy.is_series else None)
    return quantity * unit_value, measure


def _rows(plan: Plan, measures: Mapping[str, Any] | None) -> list[ActionRow]:
    rows = []
    for a in plan.actions:
        value, measure = _value(a, measures, plan)
        overdue = a.due is not None and a.due <= plan.as_of and a.status not in ("done", "dropped")
        rows.append(ActionRow(id=a.id, theme=a.theme, description=a.description, status=a.status, owner=a.owner,
                              due=None if a.due is None else a.due.isoformat(), overdue=overdue,
                              days_overdue=(plan.as_of - a.due).days if overdue and a.due else 0,
                              measure=a.measure, target=a.target, delivered=a.delivered if a.measure else None,
                              progress=(a.delivered / a.target) if a.target else None, value_delivered=value,
                              proxy=None if measure is None or measure.proxy is None else measure.proxy.qualified_id,
                              last_update=a.updates[-1].date.isoformat() if a.updates else None))
    return rows


def _themes_rows(rows: list[ActionRow], plan: Plan, order: tuple[str, ...]) -> list[ThemeRow]:
    """One row per theme the plan uses, in the themes' own order (not the order actions are listed in)."""
    out = []
    used = {r.theme for r in rows}
    for theme in (t for t in order if t in used):
        mine = [r for r in rows if r.theme == theme]
        live = [r for r in mine if r.status != "dropped"]
        due = [r for r in live if r.due is not None and r.due <= plan.as_of.isoformat()]
        overdue = sum(r.overdue for r in mine)
        done = sum(r.status == "done" for r in live)
        out.append(ThemeRow(theme=theme, actions=len(mine), dropped=len(mine) - len(live), done=done,
                            completion=done / len(live) if live else None, due=len(due), overdue=overdue,
                            rag=rag(len(due), overdue),
                            value_delivered=math.fsum(r.value_delivered or 0.0 for r in mine)))
    return out


def _changes(plan: Plan, previous: Plan | None) -> list[dict[str, Any]]:
    if previous is None:
        return []
    before = {a.id: a for a in previous.actions}
    now = {a.id: a for a in plan.actions}
    out: list[dict[str, Any]] = [{"action": i, "change": "added"} for i in now if i not in before]
    out += [{"action": i, "change": "removed"} for i in before if i not in now]
    for i, a in now.items():
        old = before.get(i)
        if old is None:
            continue
        if old.status != a.status:
            if old.status == "done" and a.status in ("not-started", "in-progress"):
                reasons = [u for u in a.updates if u.date > previous.as_of and u.reason]
                if not reasons:
                    raise ValidationError(
                        f"action {i!r} was done in the previous plan ({previous.as_of}) and is {a.status} now, with "
                        "no dated update saying why", field=f"{a.field}.updates",
                        hint="add an update after the previous plan's date with status and reason:")
            out.append({"action": i, "change": "status", "from": old.status, "to": a.status})
        if a.measure and a.delivered != old.delivered:
            out.append({"action": i, "change": "delivered", "from": old.delivered, "to": a.delivered})
    return out


class ActionPlanFramework(Framework[NoOptions, ActionPlanResult]):
    """Entry-point object for ``action-plan`` (documents of kind ``action-plan``); no options."""

    id = "action-plan"
    name = "Supplier action plans"
    version = "1.0"
    description = ("A supplier's social value and sustainability action plan as of a date: completion and "
                   "overdue actions by theme, a stated RAG rule, value delivered by linked measures, and the "
                   "change since the previous version.")
    document_kinds = ("action-plan",)
    options_class = NoOptions

    def document_schema(self, kind: str) -> dict[str, Any] | None:
        """The shipped JSON Schema of a document of ``kind`` (``socialvalue/schemas/<kind>.schema.json``)."""
        from socialvalue.schemas import schema

        return schema(kind) if kind in self.document_kinds else None

    def run(self, document: Mapping[str, Any], options: NoOptions, context: Context) -> ActionPlanResult:
        catalogue = _catalogue(document, context)
        measures = None if catalogue is None else {m.code: m for m in catalogue}
        themes = _themes(catalogue)
        plan = parse_plan(document, themes, measures)
        if plan.price_year is None and measures is not None and \
                any(a.measure and measures[a.measure].proxy is not None for a in plan.actions):
            raise ValidationError("actions link to measures valued with proxies, but the plan names no price year",
                                  field="price_year", hint="add price_year: (e.g. 2024): values of different "
                                                           "years are not added up")
        previous, inputs = None, []
        if plan.previous is not None:
            raw, path = context.read(plan.previous, "previous")
            try:
                previous = parse_plan(raw, _themes(catalogue), measures)
            except SocialValueError as exc:
                raise exc.with_context(source=str(path)) from None
            if previous.supplier != plan.supplier:
                raise ValidationError(f"the previous plan is {previous.supplier!r}'s, not {plan.supplier!r}'s",
                                      field="previous", hint="name the previous version of this supplier's plan")
            if previous.as_of >= plan.as_of:
                raise ValidationError(f"the previous plan is dated {previous.as_of}, not before {plan.as_of}",
                                      field="previous")
            inputs.append({"kind": "previous plan", "path": plan.previous, "sha256": document_hash(raw)})
        rows = _rows(plan, measures)
        datasets = [] if catalogue is None else [catalogue.provenance()]
        provenance = Provenance(
            framework=self.id, framework_version=self.version, input_sha256=document_hash(document),
            source=context.source, datasets=tuple(datasets + inputs), price_year=plan.price_year,
            conventions={"rag": RAG_RULE, "completion": "done / actions not dropped",
                         "overdue": "due on or before as_of and neither done nor dropped",
                         "value_delivered": f"delivered quantity x the linked measure's proxy, {plan.price_year} "
                                            "prices",
                         "sums": "math.fsum (independent of order)"})
        return ActionPlanResult(plan=plan, actions=tuple(rows), themes=tuple(_themes_rows(rows, plan, themes)),
                                changes=tuple(_changes(plan, previous)), rag_rule=RAG_RULE, provenance=provenance)


FRAMEWORK = ActionPlanFramework()
"""The plugin instance named by the ``action-plan`` entry point."""
