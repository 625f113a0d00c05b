"""DataFrames of an action plan (kinds ``actions`` and ``themes``), registered like every framework's."""

from __future__ import annotations

from typing import Any

from socialvalue.frameworks.actionplan.result import ActionPlanResult
from socialvalue.results.frames import BOOL, FLOAT, INT, TEXT, FrameSpec, columns, register_frames

__all__ = ["action_rows", "theme_rows"]


def action_rows(result: Any) -> list[dict[str, Any]]:
    """Action plan ``actions``: one row per action. Columns: ``id``, ``theme``, ``description``,
    ``status``, ``owner``, ``due``, ``overdue``, ``days_overdue``, ``measure``, ``target``,
    ``delivered``, ``progress``, ``value_delivered``, ``proxy``, ``last_update``."""
    return [a.to_dict() for a in result.actions]


def theme_rows(result: Any) -> list[dict[str, Any]]:
    """Action plan ``themes``: one row per theme. Columns: ``theme``, ``actions``, ``dropped``, ``done``,
    ``completion``, ``due``, ``overdue``, ``rag``, ``value_delivered``."""
    return [t.to_dict() for t in result.themes]


register_frames(
    ActionPlanResult,
    FrameSpec("actions", "one per action", columns(
        ("id", TEXT, "action id"), ("theme", TEXT, "theme"), ("description", TEXT, "what the supplier will do"),
        ("status", TEXT, "not-started, in-progress, done or dropped (the latest update's)"),
        ("owner", TEXT, "who is responsible"), ("due", TEXT, "due date (YYYY-MM-DD)"),
        ("overdue", BOOL, "due by the as-of date and neither done nor dropped"),
        ("days_overdue", INT, "days past due at the as-of date"), ("measure", TEXT, "linked catalogue measure"),
        ("target", FLOAT, "target quantity of the measure"), ("delivered", FLOAT, "quantity delivered so far"),
        ("progress", FLOAT, "delivered / target"), ("value_delivered", FLOAT, "delivered x proxy (£)"),
        ("proxy", TEXT, "the measure's proxy"), ("last_update", TEXT, "date of the latest update"),
    ), action_rows),
    FrameSpec("themes", "one per theme", columns(
        ("theme", TEXT, "theme"), ("actions", INT, "actions"), ("dropped", INT, "actions dropped"),
        ("done", INT, "actions done"), ("completion", FLOAT, "done / actions not dropped"),
        ("due", INT, "actions due by the as-of date"), ("overdue", INT, "actions overdue"),
        ("rag", TEXT, "green, amber or red by the stated rule"), ("value_delivered", FLOAT, "value delivered (£)"),
    ), theme_rows),
)
