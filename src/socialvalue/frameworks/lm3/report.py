"""The report of an LM3 result: the three rounds, where the money went, and what LM3 is not.

LM3 depends on the boundary declared, so the boundary is the report's subtitle; an
incomplete survey makes LM3 a lower bound, and the report says so with the upper bound
beside it; the two-round "value per £1" some studies quote is shown apart, labelled as not LM3.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from socialvalue.results import charts
from socialvalue.results import format as fmt
from socialvalue.results.provenance import provenance_section
from socialvalue.results.report import Bullets, Chart, Figure, Paragraph, Report, Section, Table

if TYPE_CHECKING:  # pragma: no cover
    from socialvalue.frameworks.lm3.result import LM3Result

__all__ = ["lm3_notes", "lm3_report", "rounds_chart"]


def lm3_notes(result: LM3Result) -> list[str]:
    out = []
    if result.unsurveyed:
        out.append(f"Incomplete: {fmt.money(result.unsurveyed)} of local spend has no survey figure "
                   f"(local_respend: unknown) and is left out of R3, so LM3 {fmt.number(result.lm3)} is a lower bound. "
                   f"If all of it were re-spent locally LM3 would be {fmt.number(result.lm3_if_unsurveyed_respent)}.")
    out.append(f"Not LM3: the two-round value per £1, (R1 + R2) / R1 = 1 + local share = "
               f"{fmt.money(result.two_round_value_per_pound, 2)}. Figures such as NEF's Northumberland "
               "'£1.76 per £1' are of this two-round kind; do not compare them with LM3.")
    out.append("LM3 depends on the boundary declared; compare scores only for the same boundary.")
    return out


def rounds_chart(result: LM3Result) -> Chart | None:
    """The three rounds as bars: how much of each pound stays inside the boundary, round by round."""
    r = result
    labels = ["R1 total spend", "R2 spent inside the boundary", "R3 re-spent locally"]
    alt = (f"LM3 rounds: R1 {fmt.money(r.r1)}, R2 {fmt.money(r.r2)}, R3 {fmt.money(r.r3)}; "
           f"LM3 = (R1 + R2 + R3) / R1 = {fmt.number(r.lm3)}.")
    svg = charts.bar_chart("LM3 rounds", labels, [("amount", [r.r1, r.r2, r.r3])], alt=alt)
    return None if svg is None else Chart(f"The three rounds (LM3 {fmt.number(r.lm3)})", svg, alt)


def lm3_report(result: LM3Result) -> Report:
    """The report tree of an LM3 result."""
    r = result
    rounds = Table(["Round", "Amount", "Share"], [
        ["R1 total spend (round 1)", fmt.money(r.r1), ""],
        ["R2 spent inside the boundary (round 2)", fmt.money(r.r2), f"{fmt.percent(r.local_share)} of R1"],
        ["R3 re-spent locally by local recipients (round 3)", fmt.money(r.r3),
         f"{fmt.percent(r.r3 / r.r2)} of R2" if r.r2 else ""],
        ["LM3 = (R1 + R2 + R3) / R1", fmt.number(r.lm3), f"{fmt.money(r.lm3, 2)} of local activity per £1 "
                                                          "over 3 rounds"],
        ["Leakage: spent outside the boundary", fmt.percent(r.leakage), fmt.money(r.r1 - r.r2)],
    ], numeric=[False, True, False])
    kinds = Table(["Kind", "Lines", "R1 spend", "R2 local", "R3 re-spent", "Unsurveyed"],
                  [[k.kind, fmt.count(k.lines), fmt.money(k.amount), fmt.money(k.local), fmt.money(k.r3),
                    fmt.money(k.unsurveyed) if k.unsurveyed else "-"] for k in r.by_kind],
                  numeric=[False, True, True, True, True, True])
    lines = []
    for ln in r.lines:
        share = "-" if not ln.local else ("unknown" if ln.share is None else fmt.percent(ln.share))
        if ln.responses:
            share += f" (mean of {ln.responses})"
        lines.append([ln.recipient, ln.kind, fmt.money(ln.amount), "yes" if ln.local else "no", share,
                      fmt.money(ln.r3) if ln.local else "-", ln.status])
    notes = lm3_notes(r)
    chart = rounds_chart(r)
    sections = [Section("Rounds", [rounds, *([chart] if chart is not None else [])], compact=True),
                Section("Read with care", [Bullets(notes, kind="note")], compact=True),
                Section("By kind of spend", [kinds]),
                Section("By recipient", [Table(["Recipient", "Kind", "Amount", "Local", "Re-spend share", "R3",
                                                "Status"], lines,
                                               numeric=[False, False, True, False, True, True, False])])]
    if r.notes:
        sections.append(Section("Notes", [Paragraph(r.notes)]))
    figures = [Figure("LM3", fmt.number(r.lm3)), Figure("R1 spend", fmt.money(r.r1)),
               Figure("Leakage", fmt.percent(r.leakage))]
    if r.lm3_if_unsurveyed_respent is not None:
        figures.insert(1, Figure("LM3 if unsurveyed spend were re-spent locally",
                                 fmt.number(r.lm3_if_unsurveyed_respent)))
    period = f" ({r.period})" if r.period else ""
    return Report(title=f"LM3: {r.name}{period}", subtitle=f"Local means: {r.boundary}", figures=figures,
                  sections=sections, provenance=provenance_section(r.provenance))
