"""The report of a :class:`~socialvalue.compare.result.ComparisonResult` (every format is rendered from it).

Money is rounded to whole pounds here, at the presentation edge only; ``to_dict`` keeps the
exact figures (whose parts sum to the difference bit for bit). Every piece of user text in
reports is escaped by the renderers in :mod:`socialvalue.results`.
"""

from __future__ import annotations

from typing import Any

from socialvalue.compare.decompose import NO_COUNTERPART
from socialvalue.results import charts
from socialvalue.results import format as fmt
from socialvalue.results.provenance import provenance_section
from socialvalue.results.report import Bullets, Chart, Paragraph, Report, Section, Table

__all__ = ["comparison_report", "notes", "parts_chart", "totals_chart"]

_READING = ("Each difference (the second view's value minus the first's) is split into causes by switching one "
            "thing at a time from the first view's setting to the second's, in this order: {order}. A different "
            "order gives different parts with the same sum. 'no counterpart' is the value of a fact that only one "
            "of the two views can value.")


def _money(x: float | None) -> str:
    return fmt.money(x)


def _signed(x: float) -> str:
    """A difference or part: ``-£1,234`` or ``£1,234`` (no ``+``, so that tables align numbers)."""
    return fmt.money(x)


def _cell(value: float | None, cell: Any) -> str:
    return _money(value) if value is not None else cell.status


def _view_line(run: Any) -> str:
    view, sched = run.view, run.schedule
    if sched.name == "none":
        disc = "undiscounted"
    else:
        disc = f"discounted ({sched.name}, first year {'discounted' if run.convention == 'sroi' else 'undiscounted'})"
    parts = [] if view.label == view.framework else [f"{view.framework} framework"]
    parts += [f"{run.price_year} prices", disc]
    if view.datasets:
        parts.append("proxies from " + ", ".join(f"{d.id} {d.version}" for d in view.datasets) + " first")
    if view.proxies:
        parts.append("proxies: " + ", ".join(f"{k} = {val}" for k, val in view.proxies.items()))
    return f"{view.label}: " + "; ".join(parts)


def _value_table(result: Any, s: Any) -> tuple[list[str], list[list[str]]]:
    headers = ["fact", "quantity", *result.views]
    rows = [[r.fact.id, r.fact.written, *(_cell(v, c) for v, c in zip(r.values, r.cells, strict=True))] for r in s.rows]
    rows.append(["total", "", *(_money(t) for t in s.totals)])
    return headers, rows


def _parts_table(result: Any, d: Any) -> tuple[list[str], list[list[str]]]:
    causes = [*result.order, NO_COUNTERPART]
    headers = ["fact", "difference", *causes]
    rows = [[r.id, _signed(r.difference), *(_signed(r.parts[c]) for c in causes)] for r in (*d.rows, d.total)]
    return headers, rows


def _ranking_table(result: Any) -> tuple[list[str], list[list[str]], list[str]]:
    rk = result.ranking
    headers = ["bid", *rk.views]
    rows = [[sup, *(f"{_money(rk.values[i][k])} (#{rk.ranks[i][k]})" for i in range(len(rk.views)))]
            for k, sup in enumerate(rk.suppliers)]
    taus = [f"{a} vs {b}: " + ("undefined (all tied)" if t is None else f"{t:.3f}") for a, b, t in rk.taus]
    return headers, rows, taus


def totals_chart(result: Any, s: Any) -> Chart | None:
    """The total value of one activity or bid under each view: how far apart the frameworks are."""
    views = list(result.views)
    alt = f"Total value of {s.name} by view: " + "; ".join(
        f"{v} {_money(t)}" for v, t in zip(views, s.totals, strict=True)) + "."
    svg = charts.bar_chart("Total value by view", views, [("total", list(s.totals))], alt=alt)
    return None if svg is None else Chart("Total value under each view (GBP)", svg, alt)


def parts_chart(result: Any, s: Any, d: Any) -> Chart | None:
    """One difference as a waterfall: the first view's total, each cause's part, the second view's total."""
    start = s.totals[list(result.views).index(d.from_view)]
    if start is None:
        return None
    causes = [*result.order, NO_COUNTERPART]
    stages, level = [(d.from_view, start)], start
    for cause in causes:
        level += d.total.parts[cause]
        stages.append((cause, level))
    title = f"From \"{d.from_view}\" to \"{d.to_view}\""
    alt = (f"{title}: {_money(start)}, " + ", ".join(f"{c} {_signed(d.total.parts[c])}" for c in causes)
           + f", gives {_money(level)}.")
    svg = charts.waterfall(title, stages, end_label=d.to_view, alt=alt)
    return None if svg is None else Chart(f"{title}: the difference split into causes", svg, alt)


def notes(result: Any) -> list[str]:
    """What a reader must know to interpret the figures."""
    out = []
    years = {run.price_year for run in result.runs}
    if len(years) > 1:
        out.append("The views report in different price years (" + "; ".join(
            f"{run.view.label}: {run.price_year}" for run in result.runs)
            + "), so part of each difference is the 'price year' cause.")
    if any(run.view.framework == "toms" for run in result.runs):
        out.append("TOMs-style values are gross: no deadweight, displacement, attribution or leakage is applied.")
    missing: dict[tuple[str, str, str], list[str]] = {}
    adjustments: dict[tuple[str, str], tuple[Any, Any]] = {}
    for s in result.subjects:
        for row in s.rows:
            for run, cell in zip(result.runs, row.cells, strict=True):
                if cell.status != "valued":
                    views = missing.setdefault((row.fact.id, cell.status, (cell.reason or "").rstrip(".")), [])
                    if run.view.label not in views:
                        views.append(run.view.label)
                elif hasattr(template := row.fact.spec.template(run.view.framework), "adjustments"):
                    adjustments.setdefault((row.fact.fact, run.view.framework), (template, cell.setting))
    for (fact, status, reason), views in missing.items():
        out.append(f"{fact}: {status} in {', '.join(views)} ({reason}).")
    for (fact, framework), (template, setting) in adjustments.items():
        numbers = dict(zip(("deadweight", "displacement", "attribution", "leakage"), setting.adjustments, strict=True),
                       drop_off=setting.drop_off)
        used = [f"{a.name} {100 * numbers[a.name]:g}% ({_basis(a)})" for a in template.adjustments.values()
                if numbers[a.name]]
        if used:
            out.append(f"{framework} adjustments for {fact}, from the crosswalk: " + ", ".join(used) + ".")
        if getattr(template, "extra_years", 0):
            out.append(f"{framework} counts {fact} for {template.extra_years} more year(s) after the activity.")
    out.append("Figures are rounded to £1 in this report; the JSON form holds them exactly.")
    return out


def _basis(a: Any) -> str:
    step = f"step {a.preset!r} of the preset scale" if a.preset is not None else None
    basis = "sourced" if a.source is not None else "assumption" if a.assumption is not None else None
    return "; ".join(x for x in (step, basis) if x) or "preset"


def comparison_report(result: Any) -> Report:
    """The report tree of a comparison: views, value by fact, why each pair differs, ranking, notes."""
    cw = result.crosswalk
    sections = [Section("Views", [Bullets([_view_line(run) for run in result.runs]),
                                  Paragraph(f"Crosswalk: {cw.id} {cw.version} ({cw.sha256[:19]}…)", kind="small")],
                        compact=True)]
    for s in result.subjects:
        headers, rows = _value_table(result, s)
        blocks: list[Any] = [Table(headers, rows, numeric=[False, False] + [True] * len(result.views),
                                   caption="Value by fact (GBP)")]
        blocks += [c for c in (totals_chart(result, s),) if c is not None]
        for d in s.decompositions:
            headers, rows = _parts_table(result, d)
            blocks.append(Table(headers, rows, numeric=[False] + [True] * (len(headers) - 1),
                                caption=f"Why \"{d.to_view}\" differs from \"{d.from_view}\" "
                                        f"(difference {_signed(d.total.difference)})"))
            blocks += [c for c in (parts_chart(result, s, d),) if c is not None]
        sections.append(Section(f"{'Bid' if result.bids else 'Activity'}: {s.name}", blocks, compact=True))
    if result.ranking is not None:
        headers, rows, taus = _ranking_table(result)
        sections.append(Section("Ranking of bids (value, #rank)", [
            Table(headers, rows, numeric=[False] + [True] * (len(headers) - 1)),
            Paragraph("Kendall's tau-b between views:"), Bullets(taus)], compact=True))
    sections.append(Section("How to read the differences", [
        Paragraph(_READING.format(order=" → ".join(result.order)), kind="note")], compact=True))
    sections.append(Section("Notes", [Bullets(result.notes())]))
    return Report(title=f"Comparison: {result.name}", subtitle=(result.description or "").strip() or None,
                  sections=sections, provenance=provenance_section(result.provenance))
