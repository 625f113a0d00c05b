"""The portfolio report: delivery by theme, supplier and contract; plans; evaluations; the documents behind it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from socialvalue.results import charts
from socialvalue.results import format as fmt
from socialvalue.results.provenance import provenance_section
from socialvalue.results.report import Bullets, Chart, Figure, Paragraph, Report, Section, Table

if TYPE_CHECKING:  # pragma: no cover
    from socialvalue.frameworks.portfolio.result import PortfolioResult

__all__ = ["portfolio_report"]


def _chart(title: str, rows: Any) -> Chart | None:
    """Committed vs delivered per row (a shortfall is visible as a shorter second bar)."""
    if not rows:
        return None
    shown = sorted(rows, key=lambda r: -r.committed)[:15]
    alt = "; ".join(f"{r.key}: committed {fmt.money(r.committed)}, delivered {fmt.money(r.delivered)}" for r in shown)
    svg = charts.bar_chart(title, [str(r.key) for r in shown],
                           [("committed", [r.committed for r in shown]), ("delivered", [r.delivered for r in shown])],
                           alt=alt)
    return None if svg is None else Chart(title, svg, alt)


def _delivery(title: str, rows: Any) -> Section:
    chart = _chart(f"{title}: committed and delivered", rows)
    table = Table([title.split()[-1].capitalize(), "Contracts", "Committed", "Delivered", "Shortfall", "Delivery rate"],
                  [[r.key, fmt.count(r.contracts), fmt.money(r.committed), fmt.money(r.delivered),
                    fmt.money(r.shortfall), fmt.percent(r.rate)] for r in rows],
                  numeric=[False, True, True, True, True, True])
    return Section(title, ([chart] if chart is not None else []) + [table])


def portfolio_report(result: PortfolioResult) -> Report:
    r = result
    sections = []
    if r.by_contract:
        sections += [_delivery("Delivery by theme", r.by_theme), _delivery("Delivery by supplier", r.by_supplier),
                     _delivery("Delivery by contract", r.by_contract)]
    if r.estate:
        e = r.estate
        for group in ("theme", "region", "year", "supplier"):
            rows = e[group]
            shown = rows if len(rows) <= 30 else sorted(rows, key=lambda x: -x["committed"])[:30]
            sections.append(Section(f"Estate (delivery tables) by {group}", [Table(
                [group.capitalize(), "Committed", "Delivered", "Delivery rate"],
                [[str(x["key"]), fmt.money(x["committed"]), fmt.money(x["delivered"]),
                  fmt.percent(x["delivered"] / x["committed"] if x["committed"] else None)] for x in shown],
                numeric=[False, True, True, True],
                caption=(f"{fmt.count(e['rows'])} rows; tables in {e['price_year_of_tables']} prices, shown in "
                         f"{r.price_year} prices" + ("" if len(rows) == len(shown) else
                                                     f"; the 30 largest of {len(rows):,}")))]))
    if r.measures:
        rows = [[m["measure"], m["unit"], fmt.count(m["contracts"]), fmt.number(m["committed_quantity"]),
                 fmt.number(m["delivered_quantity"]), fmt.percent(m["delivery_rate"]),
                 "under-delivers" if m["under_delivers"] else "",
                 fmt.number(m["delivered_per_contract_year"])] for m in r.measures]
        notes = [f"Suppliers delivering under 90% of their commitments: "
                 f"{', '.join(s.key for s in r.over_promising) or 'none'}.",
                 "Draft target = the median delivered per contract-year across contracts: a target grounded in "
                 "delivery, for the next specification (JSON: learning.draft_targets)."]
        sections.append(Section("Learning for the next specification", [
            Table(["Measure", "Unit", "Contracts", "Committed", "Delivered", "Rate", "Flag",
                   "Draft target per year"], rows, numeric=[False, False, True, True, True, True, False, True]),
            Bullets(notes, kind="note")]))
    if r.plans:
        sections.append(Section("Supplier action plans", [Table(
            ["Supplier", "As of", "Completion", "Overdue", "RAG", "Value delivered"],
            [[p["supplier"], p["as_of"], fmt.percent(p["completion"]), fmt.count(p["overdue"]), p["rag"].upper(),
              fmt.money(p["value_delivered"])] for p in r.plans],
            numeric=[False, False, True, True, False, True])]))
    if r.evaluations:
        sections.append(Section("Evaluations and forecasts (SROI)", [Table(
            ["Impact map", "Mode", "Present value", "Investment", "SROI ratio"],
            [[e["name"], e["mode"], fmt.money(e["present_value"]), fmt.money(e["investment"]), fmt.ratio(e["sroi_ratio"])]
             for e in r.evaluations], numeric=[False, False, True, True, True])]))
    if r.sources:
        sections.append(Section("Where the values come from", [Table(
            ["Kind", "Dataset or catalogue", "Version", "Licence", "Content hash"],
            [[x.get("kind") or "proxy dataset", x["id"], str(x.get("version") or "-"), x.get("licence") or "-",
              str(x.get("sha256") or "-")[:23] + "…"] for x in r.sources]),
            Bullets(["Every figure above is re-computed from the documents listed below with these datasets; "
                     "`socialvalue verify` re-runs any one of them and compares every number. Values from the GMCA "
                     "Unit Cost Database are CC BY 4.0: GMCA Research (New Economy), Unit Cost Database v1.4."]
                    if any(x["id"] == "gmca-ucd" for x in r.sources) else
                    ["Every figure above is re-computed from the documents listed below with these datasets; "
                     "`socialvalue verify` re-runs any one of them and compares every number."], kind="note")]))
    sections.append(Section("Documents", [Table(["Path", "Framework", "Kind", "Name"],
                                                [[d["path"], d["framework"], d["kind"] or "-", d["name"] or "-"]
                                                 for d in r.documents])]))
    figures = [Figure("Committed (reported periods)", fmt.money(r.committed)),
               Figure("Delivered", fmt.money(r.delivered)), Figure("Delivery rate", fmt.percent(r.delivery_rate)),
               Figure("Documents", fmt.count(len(r.documents)))]
    subtitle = f"{r.organisation + '; ' if r.organisation else ''}all money in {r.price_year} prices"
    title = f"Portfolio: {r.name}"
    if r.statement:
        st = r.statement
        title = st.get("title") or f"Social value statement {st['period']}" + (f": {r.organisation}" if r.organisation
                                                                               else "")
        intro = [Paragraph(st["introduction"])] if st.get("introduction") else []
        intro.append(Paragraph(f"This statement covers {len(r.documents)} documents: monitoring returns of "
                               f"{len(r.by_contract)} contracts with {len(r.by_supplier)} suppliers, "
                               f"{len(r.plans)} supplier action plans and {len(r.evaluations)} evaluations. Money is in "
                               f"{r.price_year} prices; social value committed is counted for the periods reported."))
        if st.get("contact"):
            intro.append(Paragraph(f"Contact: {st['contact']}"))
        sections.insert(0, Section(f"About this statement ({st['period']})", intro))
        figures.insert(0, Figure("Contracts", fmt.count(len(r.by_contract))))
    return Report(title=title, subtitle=subtitle, figures=figures, sections=sections,
                  provenance=provenance_section(r.provenance))
