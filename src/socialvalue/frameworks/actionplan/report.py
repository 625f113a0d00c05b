"""The report of an action plan: status by theme with the RAG rule stated, overdue actions, every action."""

from __future__ import annotations

from typing import TYPE_CHECKING

from socialvalue.results import charts
from socialvalue.results import format as fmt
from socialvalue.results.plotting import GREEN, GREY, VERMILLION
from socialvalue.results.provenance import provenance_section
from socialvalue.results.report import Bullets, Chart, Figure, Paragraph, Report, Section, Table

if TYPE_CHECKING:  # pragma: no cover
    from socialvalue.frameworks.actionplan.result import ActionPlanResult

__all__ = ["action_plan_report", "status_chart"]


def status_chart(result: ActionPlanResult) -> Chart | None:
    """Actions per theme, done, overdue and still open stacked: where the plan is behind, at a glance."""
    themes = list(result.themes)
    parts = [("done", [float(t.done) for t in themes]), ("overdue", [float(t.overdue) for t in themes]),
             ("open, not overdue", [float(t.actions - t.done - t.overdue) for t in themes])]
    alt = "Actions by theme: " + "; ".join(f"{t.theme}: {t.done} done, {t.overdue} overdue, "
                                           f"{t.actions - t.done - t.overdue} open" for t in themes) + "."
    svg = charts.bar_chart("Actions by theme", [t.theme for t in themes], parts, stacked=True, fmt_=fmt.count,
                           colours=(GREEN, VERMILLION, GREY), whole=True, alt=alt)
    return None if svg is None else Chart(f"Actions by theme as of {result.plan.as_of}", svg, alt)


def action_plan_report(result: ActionPlanResult) -> Report:
    r, plan = result, result.plan
    themes = Table(["Theme", "Actions", "Done", "Completion", "Due", "Overdue", "RAG", "Value delivered"],
                   [[t.theme, fmt.count(t.actions), fmt.count(t.done), fmt.percent(t.completion), fmt.count(t.due),
                     fmt.count(t.overdue), t.rag.upper(), fmt.money(t.value_delivered)] for t in r.themes],
                   numeric=[False, True, True, True, True, True, False, True])
    chart = status_chart(r)
    sections = [Section("By theme", [themes, Bullets([f"RAG rule: {r.rag_rule}."], kind="note"),
                                     *([chart] if chart is not None else [])], compact=True)]
    if r.overdue:
        sections.append(Section("Overdue", [Table(
            ["Action", "Theme", "Due", "Days overdue", "Status", "Owner"],
            [[a.id, a.theme, a.due or "", fmt.count(a.days_overdue), a.status, a.owner or "-"] for a in r.overdue],
            numeric=[False, False, False, True, False, False])]))
    sections.append(Section("Actions", [Table(
        ["Action", "Theme", "Description", "Status", "Due", "Target", "Delivered", "Value delivered"],
        [[a.id, a.theme, a.description, a.status, a.due or "-",
          "-" if a.target is None else fmt.number(a.target), "-" if a.delivered is None else fmt.number(a.delivered),
          "-" if a.value_delivered is None else fmt.money(a.value_delivered)] for a in r.actions],
        numeric=[False, False, False, False, False, True, True, True])]))
    if r.changes:
        lines = []
        for c in r.changes:
            if c["change"] == "status":
                lines.append(f"{c['action']}: {c['from']} -> {c['to']}")
            elif c["change"] == "delivered":
                lines.append(f"{c['action']}: delivered {fmt.number(c['from'])} -> {fmt.number(c['to'])}")
            else:
                lines.append(f"{c['action']}: {c['change']}")
        sections.append(Section("Since the previous plan", [Bullets(lines)]))
    if plan.notes:
        sections.append(Section("Notes", [Paragraph(plan.notes)]))
    figures = [Figure("Status", r.rag.upper()), Figure("Completion", fmt.percent(r.completion)),
               Figure("Overdue", fmt.count(len(r.overdue)))]
    if r.value_delivered:
        figures.append(Figure("Value delivered", fmt.money(r.value_delivered)))
    subtitle = ", ".join(x for x in (plan.buyer and f"for {plan.buyer}", plan.period, f"as of {plan.as_of}") if x)
    return Report(title=f"Action plan: {plan.supplier}", subtitle=subtitle, figures=figures, sections=sections,
                  provenance=provenance_section(r.provenance))
