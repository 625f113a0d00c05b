"""The result of an action plan: actions and themes as of a date, the RAG rule, the change since last time."""

from __future__ import annotations

import math
from typing import Any, ClassVar

from socialvalue.frameworks.base import BaseResult, Provenance, record
from socialvalue.results.report import Report

__all__ = ["ActionPlanResult", "ActionRow", "ThemeRow"]


@record
class ActionRow:
    id: str
    theme: str
    description: str
    status: str
    owner: str | None
    due: str | None
    overdue: bool
    days_overdue: int
    measure: str | None
    target: float | None
    delivered: float | None
    progress: float | None
    value_delivered: float | None
    proxy: str | None
    last_update: str | None

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in ("id", "theme", "description", "status", "owner", "due", "overdue",
                                              "days_overdue", "measure", "target", "delivered", "progress",
                                              "value_delivered", "proxy", "last_update")}


@record
class ThemeRow:
    theme: str
    actions: int
    dropped: int
    done: int
    completion: float | None
    due: int
    overdue: int
    rag: str
    value_delivered: float

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in ("theme", "actions", "dropped", "done", "completion", "due", "overdue",
                                              "rag", "value_delivered")}


@record(eq=False)
class ActionPlanResult(BaseResult):
    """A supplier's action plan as of its ``as_of`` date."""

    plan: Any
    actions: tuple[ActionRow, ...]
    themes: tuple[ThemeRow, ...]
    changes: tuple[dict[str, Any], ...]
    rag_rule: str
    provenance: Provenance
    framework: str = "action-plan"
    title: ClassVar[str] = "Supplier action plan"

    @property
    def completion(self) -> float | None:
        """Actions done / actions not dropped, over the whole plan."""
        live = [a for a in self.actions if a.status != "dropped"]
        return sum(a.status == "done" for a in live) / len(live) if live else None

    @property
    def overdue(self) -> tuple[ActionRow, ...]:
        return tuple(a for a in self.actions if a.overdue)

    @property
    def rag(self) -> str:
        """The plan's RAG status, by :data:`~socialvalue.frameworks.actionplan.framework.RAG_RULE`."""
        from socialvalue.frameworks.actionplan.framework import rag

        return rag(sum(t.due for t in self.themes), len(self.overdue))

    @property
    def value_delivered(self) -> float:
        return math.fsum(a.value_delivered or 0.0 for a in self.actions)

    def summary(self) -> dict[str, Any]:
        return {"supplier": self.plan.supplier, "as_of": self.plan.as_of.isoformat(), "actions": len(self.actions),
                "completion": self.completion, "overdue": len(self.overdue), "rag": self.rag,
                "value_delivered": self.value_delivered}

    def to_dict(self) -> dict[str, Any]:
        p = self.plan
        return {"framework": self.framework, "kind": "action-plan", "supplier": p.supplier, "buyer": p.buyer,
                "period": p.period, "as_of": p.as_of.isoformat(), "price_year": p.price_year,
                "completion": self.completion, "overdue": len(self.overdue), "rag": self.rag,
                "rag_rule": self.rag_rule, "value_delivered": self.value_delivered,
                "themes": [t.to_dict() for t in self.themes], "actions": [a.to_dict() for a in self.actions],
                "changes": [dict(c) for c in self.changes], "notes": p.notes,
                "provenance": self.provenance.to_dict()}

    def __repr__(self) -> str:
        return (f"<ActionPlanResult {self.plan.supplier!r} as of {self.plan.as_of}: {len(self.actions)} actions, "
                f"{len(self.overdue)} overdue, {self.rag}>")

    def report(self) -> Report:
        from socialvalue.frameworks.actionplan.report import action_plan_report

        return action_plan_report(self)
