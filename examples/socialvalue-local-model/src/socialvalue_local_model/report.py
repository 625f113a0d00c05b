"""The report of a local model result: the ranking, each pillar's points, and every commitment."""

from __future__ import annotations

from typing import TYPE_CHECKING

from socialvalue.results import format as fmt
from socialvalue.results.provenance import provenance_section
from socialvalue.results.report import Bullets, Figure, Paragraph, Report, Section, Table

if TYPE_CHECKING:  # pragma: no cover
    from socialvalue_local_model.result import LocalModelResult

__all__ = ["local_report"]


def local_report(result: LocalModelResult) -> Report:
    """The report tree (socialvalue renders it as text, Markdown, HTML or in a notebook)."""
    r, model = result, result.model
    ranked = sorted(r.offers, key=lambda o: (o.rank, o.supplier))
    ranking = Table(["Rank", "Supplier", "Points", "Value (£)"],
                    [[str(o.rank), o.supplier, fmt.points(o.points), fmt.money(o.value)] for o in ranked],
                    numeric=[True, False, True, True],
                    caption=f"Points out of {r.points_available:g}; value at {r.price_year} prices")
    names = {p.id: p.name for p in model.pillars}
    pillar_rows = [[o.supplier, names[p.pillar], fmt.percent(p.weight), fmt.percent(p.score), fmt.points(p.points),
                    fmt.money(p.value)] for o in ranked for p in o.pillars]
    pillars = Table(["Supplier", "Pillar", "Weight", "Score", "Points", "Value (£)"], pillar_rows,
                    numeric=[False, False, True, True, True, True])
    lines = [[o.supplier, c.measure, f"{fmt.number(c.quantity)} {c.unit}" + (f" x {c.years} years" if c.years > 1
                                                                            else ""),
              fmt.money(c.value) if c.value is not None else "not monetised", fmt.percent(c.score)]
             for o in ranked for c in o.commitments]
    commitments = Table(["Supplier", "Measure", "Committed", "Value (£)", "Measure score"], lines,
                        numeric=[False, False, True, True, True])
    measures = Table(["Measure", "Pillar", "Unit", "Proxy", "Source"],
                     [[m.code, names[m.pillar], m.unit, m.proxy.qualified_id if m.proxy else "not monetised",
                       m.proxy.source.cite() if m.proxy else "-"] for m in model.measures.values()],
                     numeric=[False] * 5)
    notes = [f"Model: {model.name}. Basis: {model.basis}",
             "Value is amount x proxy at the price year: no deadweight, no discounting.",
             "A measure score is the offer's amount divided by the largest amount offered for that measure; "
             "a pillar's score is the mean of its measures' scores; points = points available x sum of "
             "weight x pillar score."]
    sections = [Section("Ranking", [ranking], compact=True),
                Section("How it is scored", [Bullets(notes, kind="note")], compact=True),
                Section("By pillar", [pillars]),
                Section("Commitments", [commitments]),
                Section("Measures and proxies", [measures])]
    if r.description:
        sections.insert(0, Section("About", [Paragraph(r.description)]))
    lead = r.leader
    figures = [Figure("Leader", lead.supplier), Figure("Points", f"{fmt.points(lead.points)} of "
                                                                 f"{r.points_available:g}"),
               Figure("Highest value", fmt.money(max(o.value for o in r.offers)))]
    return Report(title=f"Local model: {r.name}", subtitle=f"{model.council}; prices of {r.price_year}",
                  figures=figures, sections=sections, provenance=provenance_section(r.provenance))
