"""Reading a supplier's action plan (``kind: action-plan``).

::

    kind: action-plan
    supplier: Tyne Civils Ltd
    buyer: Example University
    period: 2026/27
    as_of: 2026-12-01          # the date overdue actions and the RAG status are judged on
    price_year: 2024           # for the value of linked measures (default: the catalogue's proxies' own)
    catalogue: open-toms-style # measures that actions may link to (optional)
    previous: plan-2025.yaml   # the previous version of this plan (optional)
    actions:
      - id: A1
        theme: jobs            # a TOMs-style theme of the catalogue, or a Flexible Framework theme
        description: Recruit local apprentices for the estates team
        measure: OPEN-SKILLS-APPRENTICE   # optional link, with a target in the measure's unit
        target: 4
        owner: Estates manager
        due: 2027-03-31
        status: in-progress
        updates:
          - {date: 2026-10-01, status: in-progress, delivered: 2, evidence: Contracts of employment}

An update's ``delivered`` is the quantity of the linked measure delivered since the previous update
(updates add up); a per-year measure counts one year for each unit delivered.

An action's status is its latest update's (``status:`` may be given and must then agree). A
status history is read in date order and may not go back from ``done`` to ``not-started`` or
``in-progress`` unless that update says why (``reason:``): a finished action reopened without an
explanation is refused, as is a delivery recorded twice on one date.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from socialvalue import validation as v
from socialvalue.errors import UnknownNameError, ValidationError
from socialvalue.identity import check_unique, identifier
from socialvalue.suggest import close_matches

__all__ = ["STATUSES", "Action", "Plan", "Update", "parse_plan"]

STATUSES: tuple[str, ...] = ("not-started", "in-progress", "done", "dropped")
_TOP_KEYS = ("kind", "framework", "supplier", "buyer", "period", "as_of", "price_year", "catalogue", "previous",
             "actions", "notes")
_ACTION_KEYS = ("id", "theme", "description", "measure", "target", "owner", "due", "status", "updates", "notes")
_UPDATE_KEYS = ("date", "status", "delivered", "evidence", "reason", "note")
_REOPENED = ("not-started", "in-progress")


@attrs.frozen
class Update:
    date: _dt.date
    status: str
    delivered: float | None = None
    evidence: str | None = None
    reason: str | None = None
    note: str | None = None


@attrs.frozen
class Action:
    id: str
    theme: str
    description: str
    status: str
    measure: str | None = None
    target: float | None = None
    owner: str | None = None
    due: _dt.date | None = None
    updates: tuple[Update, ...] = ()
    field: str = ""

    @property
    def delivered(self) -> float:
        """Quantity of the linked measure delivered so far (sum of the updates' ``delivered``)."""
        import math

        return math.fsum(u.delivered for u in self.updates if u.delivered is not None)


@attrs.frozen
class Plan:
    supplier: str
    buyer: str | None
    period: str | None
    as_of: _dt.date
    price_year: int | None
    catalogue: str | None
    previous: str | None
    actions: tuple[Action, ...]
    notes: str | None = None


def _status(raw: Any, field: str) -> str:
    text = v.text(raw, field).strip()
    if text not in STATUSES:
        raise UnknownNameError(f"unknown status {text!r}", field=field, suggestions=close_matches(text, STATUSES),
                               hint="statuses: " + ", ".join(STATUSES))
    return text


def _updates(raw: Any, field: str) -> tuple[Update, ...]:
    out = []
    for i, item in enumerate(v.sequence(raw, field)):
        f = f"{field}[{i}]"
        m = v.mapping(item, f)
        v.check_keys(m, _UPDATE_KEYS, f)
        delivered = None
        if m.get("delivered") is not None:
            delivered = v.non_negative(m["delivered"], f"{f}.delivered")
        out.append(Update(date=v.date(v.require(m, "date", f), f"{f}.date"),
                          status=_status(v.require(m, "status", f), f"{f}.status"), delivered=delivered,
                          evidence=v.optional_text(m.get("evidence"), f"{f}.evidence"),
                          reason=v.optional_text(m.get("reason"), f"{f}.reason"),
                          note=v.optional_text(m.get("note"), f"{f}.note")))
    check_unique(((u.date.isoformat(), f"{field}[{i}].date") for i, u in enumerate(out)), what="update date",
                 hint="record one update per date; put both deliveries in one update")
    for i in range(1, len(out)):
        if out[i].date < out[i - 1].date:
            raise ValidationError(f"updates are not in date order: {out[i].date} comes after {out[i - 1].date}",
                                  field=f"{field}[{i}].date", hint="list updates oldest first")
        if out[i - 1].status == "done" and out[i].status in _REOPENED and not out[i].reason:
            raise ValidationError(f"the action goes back from done to {out[i].status} on {out[i].date} without a "
                                  "reason", field=f"{field}[{i}].reason",
                                  hint="say why a finished action was reopened (reason: ...)")
    return tuple(out)


def _action(raw: Any, field: str, themes: Sequence[str], measures: Mapping[str, Any] | None) -> Action:
    m = v.mapping(raw, field)
    v.check_keys(m, _ACTION_KEYS, field)
    theme = v.text(v.require(m, "theme", field), f"{field}.theme").strip()
    if theme not in themes:
        raise UnknownNameError(f"unknown theme {theme!r}", field=f"{field}.theme",
                               suggestions=close_matches(theme, themes), hint="themes: " + ", ".join(themes))
    measure = v.optional_text(m.get("measure"), f"{field}.measure")
    if measure is not None:
        if measures is None:
            raise ValidationError("an action links to a measure but the plan names no catalogue",
                                  field=f"{field}.measure", hint="add catalogue: open-toms-style (or your own)")
        if measure not in measures:
            raise UnknownNameError(f"unknown measure {measure!r}", field=f"{field}.measure",
                                   suggestions=close_matches(measure, measures))
    target = None
    if m.get("target") is not None:
        if measure is None:
            raise ValidationError("a target needs a measure to count it in", field=f"{field}.target",
                                  hint="link the action to a measure (measure: CODE), or remove target:")
        target = v.non_negative(m["target"], f"{field}.target")
    updates = _updates(m.get("updates") or [], f"{field}.updates")
    if any(u.delivered is not None for u in updates) and measure is None:
        raise ValidationError("an update records a delivered quantity but the action links to no measure",
                              field=f"{field}.updates", hint="link the action to a measure (measure: CODE)")
    status = updates[-1].status if updates else "not-started"
    if m.get("status") is not None:
        given = _status(m["status"], f"{field}.status")
        if updates and given != status:
            raise ValidationError(f"status {given!r} disagrees with the latest update ({status!r} on "
                                  f"{updates[-1].date})", field=f"{field}.status",
                                  hint="the status is the latest update's: add an update, or correct status:")
        status = given
    return Action(id=identifier(v.require(m, "id", field), f"{field}.id", what="action id"), theme=theme,
                  description=v.text(v.require(m, "description", field), f"{field}.description"),
                  status=status, measure=measure, target=target,
                  owner=v.optional_text(m.get("owner"), f"{field}.owner"),
                  due=None if m.get("due") is None else v.date(m["due"], f"{field}.due"),
                  updates=updates, field=field)


def parse_plan(document: Mapping[str, Any], themes: Sequence[str], measures: Mapping[str, Any] | None) -> Plan:
    """Validate an action-plan document against the known themes and the catalogue's measures."""
    v.check_keys(document, _TOP_KEYS, None)
    raw = v.sequence(v.require(document, "actions", None), "actions")
    if not raw:
        raise ValidationError("the plan has no actions", field="actions", hint="list the plan's actions under actions:")
    actions = tuple(_action(item, f"actions[{i}]", themes, measures) for i, item in enumerate(raw))
    check_unique(((a.id, f"actions[{i}].id") for i, a in enumerate(actions)), what="action id")
    price_year = document.get("price_year")
    return Plan(supplier=identifier(v.require(document, "supplier", None), "supplier", what="supplier"),
                buyer=v.optional_text(document.get("buyer"), "buyer"),
                period=None if document.get("period") is None else v.text(str(document["period"]), "period"),
                as_of=v.date(v.require(document, "as_of", None), "as_of"),
                price_year=None if price_year is None else v.integer(price_year, "price_year", minimum=1900),
                catalogue=v.optional_text(document.get("catalogue"), "catalogue"),
                previous=v.optional_text(document.get("previous"), "previous"), actions=actions,
                notes=v.optional_text(document.get("notes"), "notes"))
