"""The reports of the ``toms`` framework: a tender's ranking, and a contract's delivery.

A tender report shows the scoring rules before the ranking (a score means nothing without
the method, weights and tie-break that made it), then each bid's measures, then the
proxies every measure was valued with. A monitoring report never shows a missing period
as zero: it names it. Every renderer reads the trees built here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from socialvalue.results import charts
from socialvalue.results import format as fmt
from socialvalue.results.plotting import BLUE, SKY
from socialvalue.results.provenance import provenance_section
from socialvalue.results.report import (
    CONFIDENCE_LEGEND,
    Bullets,
    Chart,
    Figure,
    Link,
    Paragraph,
    Report,
    Section,
    Table,
)

if TYPE_CHECKING:  # pragma: no cover
    from socialvalue.frameworks.toms.monitoring_result import MonitoringResult
    from socialvalue.frameworks.toms.result import BidResult, TenderResult

__all__ = ["delivery_chart", "monitoring_report", "score_chart", "tender_report", "theme_chart",
           "theme_delivery_chart"]


def _share(value: float | None) -> str:
    """A figure already in percent (``sv_percent``, ``percent_delivered``)."""
    return fmt.percent(value, of="percent")


def tender_rules(result: TenderResult) -> list[str]:
    """The contract and the published scoring rules, in words."""
    c, s = result.contract, result.scoring
    lines = [f"Contract: {fmt.money(c['value'])} over {fmt.years(c['years'])}, {c['price_year']} prices"
             + (f", {c['region']}" if c.get("region") else "") + ".",
             f"Scoring: {s['method']} ({s['method_description']}); weight {s['weight']:g}, quantitative share "
             f"{s['quantitative_share']:g} = {s['quantitative_points']:g} quantitative + "
             f"{s['qualitative_points']:g} qualitative points.",
             f"Scored on {result.scored_label}; ties broken by {', '.join(s['tie_break'])}."]
    if s.get("target_percent") is not None:
        lines.append(f"Target: {s['target_percent']:g}% of contract value.")
    if result.discounting:
        d = result.discounting
        rate = f" {d['rate']:g}" if isinstance(d.get("rate"), (int, float)) else ""
        lines.append(f"Discounting: {d.get('schedule')}{rate} ({d['discount_start']}).")
    return lines


def ranking_table(result: TenderResult) -> Table:
    pv = result.discounting is not None
    headers = ["rank", "supplier", "SV offered", "SV adjusted", *(["PV scored"] if pv else []), "SV %",
               "quantitative", "qualitative", "score"]
    rows = [[f"{b.rank}{'=' if b.tied else ''}", b.supplier, fmt.money(b.social_value_offered),
             fmt.money(b.social_value_adjusted), *([fmt.money(b.social_value)] if pv else []), _share(b.sv_percent),
             fmt.points(b.quantitative_score), fmt.points(b.qualitative_score), fmt.points(b.score)]
            for b in result.bids]
    return Table(headers, rows, numeric=[False, False] + [True] * (len(headers) - 2),
                 legend=["= a shared rank (scores equal to 9 decimal places, after the tie-break rules)."]
                 if any(b.tied for b in result.bids) else [])


def bid_section(bid: BidResult) -> Section:
    title = f"{bid.supplier} (rank {bid.rank}{', tied' if bid.tied else ''})"
    if not bid.by_measure:
        return Section(title, [Paragraph("No commitments: social value £0.")])
    rows = [[m["measure"], m["theme_name"], m["quantity_text"],
             fmt.money(m["value_offered"]) if m["monetised"] else "not monetised",
             fmt.money(m["value_adjusted"]) if m["monetised"] else "-"] for m in bid.by_measure]
    blocks: list[Any] = [Table(["measure", "theme", "quantity", "value offered", "value adjusted"], rows,
                               numeric=[False, False, True, True, True])]
    if bid.note:
        blocks.append(Paragraph(bid.note, kind="small"))
    return Section(title, blocks)


def proxy_table(result: TenderResult) -> Table:
    rows = []
    for m in result.measures:
        p = m["proxy"]
        if p is None:
            rows.append([m["code"], "-", "not monetised", m["unit"], "-", "-"])
            continue
        value = fmt.number(p["value"]) + (f" ({result.contract['price_year']} prices)" if p.get("indexation") else "")
        if p.get("series"):
            value += ", by calendar year"
        source = p.get("source")
        url = source.get("url") if isinstance(source, Mapping) else None
        rows.append([m["code"], p["id"], value, p["unit"], Link(p["citation"], url), p["confidence"]])
    return Table(["measure", "proxy", "value used", "unit", "source", "confidence"], rows,
                 numeric=[False, False, True, False, False, False],
                 legend=[CONFIDENCE_LEGEND])


def _bid_label(bid: BidResult) -> str:
    return f"{bid.rank}{'=' if bid.tied else ''}. {bid.supplier}"


def score_chart(result: TenderResult) -> Chart | None:
    """Points per bid, quantitative and qualitative stacked, best rank first: the ranking at a glance."""
    s = result.scoring
    bids = sorted(result.bids, key=lambda b: b.rank)
    labels = [_bid_label(b) for b in bids]
    alt = (f"Social value points per bid (weight {s['weight']:g}): "
           + "; ".join(f"{label}: {fmt.points(b.quantitative_score)} quantitative + {fmt.points(b.qualitative_score)} "
                       f"qualitative = {fmt.points(b.score)}" for label, b in zip(labels, bids, strict=True)) + ".")
    svg = charts.bar_chart("Points per bid", labels, [
        (f"quantitative (up to {s['quantitative_points']:g} points)", [b.quantitative_score for b in bids]),
        (f"qualitative (up to {s['qualitative_points']:g} points)", [b.qualitative_score for b in bids])],
        stacked=True, fmt_=fmt.points, colours=(BLUE, SKY), domain=(0.0, float(s["weight"])), alt=alt,
        axis_fmt=lambda x: f"{x:g}")
    return None if svg is None else Chart("Social value points per bid (quantitative + qualitative)", svg, alt)


def theme_chart(result: TenderResult) -> Chart | None:
    """Each bid's monetised value by theme, on the basis the tender scored (as offered or adjusted)."""
    key = "value_adjusted" if result.scoring["basis"] == "adjusted" else "value_offered"
    themes: dict[str, str] = {}
    for b in result.bids:
        for t in b.by_theme:
            themes.setdefault(t["theme"], t["name"])
    values = [{t["theme"]: t[key] for t in b.by_theme} for b in result.bids]
    themes = {th: name for th, name in themes.items() if any(v.get(th) for v in values)}  # no bid valued it: no row
    series = [(_bid_label(b), [v.get(th, 0.0) for th in themes]) for b, v in zip(result.bids, values, strict=True)]
    basis = "adjusted for deliverability" if key == "value_adjusted" else "as offered"
    title = f"Social value by theme ({basis}, {result.contract['price_year']} prices)"
    alt = f"{title}: " + "; ".join(f"{name}: " + ", ".join(f"{bid} {fmt.money(v[i])}" for bid, v in series)
                                   for i, name in enumerate(themes.values())) + "."
    svg = charts.bar_chart(title, list(themes.values()), series, alt=alt)
    return None if svg is None else Chart(title, svg, alt)


def tender_report(result: TenderResult) -> Report:
    """The report tree of a scored tender."""
    figures = [Figure("Contract value", fmt.money(result.contract["value"])), Figure("Bids", str(len(result.bids)))]
    for b in (b for b in result.bids if b.rank == 1):
        figures.append(Figure(f"Rank 1{'=' if b.tied else ''}: {b.supplier}",
                              f"{fmt.points(b.score)} points; {fmt.money(b.social_value)} "
                              f"({_share(b.sv_percent)})"))
    pictures = [c for c in (score_chart(result), theme_chart(result)) if c is not None]
    sections = [Section("Scoring rules", [Bullets(tender_rules(result), kind="note")], compact=True),
                Section("Ranking", [ranking_table(result), *pictures], compact=True)]
    sections += [bid_section(b) for b in result.bids]
    sections.append(Section("Measures and proxies", [proxy_table(result)]))
    if result.proxy_choice is not None:
        sections.append(choice_section(result.proxy_choice))
    if result.notes:
        sections.append(Section("Notes", [Bullets(result.notes)]))
    return Report(title=result.name, subtitle=result.description or "Social value scores of the bids",
                  figures=figures, sections=sections, provenance=provenance_section(result.provenance))


# ----------------------------------------------------------------------------------- monitoring


def _quantity(value: float | None, unit: str) -> str:
    return fmt.MISSING if value is None else f"{fmt.count(value)} {unit}"


def _measure_row(r: Mapping[str, Any]) -> list[str]:
    if r["monetised"]:
        values = [fmt.money(r["committed_reported"]), fmt.money(r["delivered"]), _share(r["percent_delivered"]),
                  fmt.money(r["shortfall"]), fmt.money(r["over_delivery"])]
        forecast = fmt.money(r["forecast"])
    else:
        unit = r["unit"]
        values = [_quantity(r["committed_quantity_reported"], unit), _quantity(r["delivered_quantity"], unit),
                  _share(r["percent_delivered"]), _quantity(r["shortfall"], unit),
                  _quantity(r["over_delivery"], unit)]
        forecast = _quantity(r["forecast"], unit)
    return [r["measure"], *values, ", ".join(r["missing_periods"]) or "-", forecast]


def monitoring_lines(result: MonitoringResult) -> tuple[list[str], list[str]]:
    """What the figures cover (notes) and what is missing (warnings)."""
    c, t = result.contract, result.totals
    notes = [f"Supplier: {result.supplier or '-'}; contract {fmt.money(c['value'])} over {fmt.years(c['years'])}, "
             f"{c['price_year']} prices.",
             f"Reported to {result.as_of or 'nothing yet'} ({'contract finished' if result.finished else 'in progress'}"
             f"); {result.period_length}ly periods.",
             f"Delivered {fmt.money(t['delivered'])} against {fmt.money(t['committed_reported'])} committed for the "
             f"periods reported; whole-contract commitment {fmt.money(t['committed_total'])}."]
    warnings = []
    missing = [f"{r['measure']} ({', '.join(r['missing_periods'])})" for r in result.measures if r["missing_periods"]]
    if missing:
        warnings.append("MISSING (no delivery recorded, not counted as zero): " + "; ".join(missing))
    if t["forecast_unavailable"]:
        warnings.append("No forecast (nothing reported yet): " + ", ".join(t["forecast_unavailable"]))
    return notes, warnings


def delivery_chart(result: MonitoringResult) -> Chart | None:
    """Committed and delivered value per period reported; a missing return shows as missing, never as zero."""
    periods = [p for p in result.periods if p["status"] != "future"]
    labels = [p["period"] + {"partial": " (partial)", "missing": " (missing)"}.get(p["status"], "") for p in periods]
    delivered = [None if p["status"] == "missing" else p["delivered"] for p in periods]
    committed = [None if p["status"] == "missing" else p["committed_reported"] for p in periods]
    alt = ("Committed and delivered social value by period: "
           + "; ".join(f"{label}: no return" if d is None else
                       f"{label}: committed {fmt.money(c)}, delivered {fmt.money(d)}"
                       for label, c, d in zip(labels, committed, delivered, strict=True)) + ".")
    svg = charts.bar_chart("Committed and delivered by period", labels,
                           [("committed (measures reported)", committed), ("delivered", delivered)],
                           colours=(SKY, BLUE), alt=alt)
    return None if svg is None else Chart("Committed and delivered social value by period", svg, alt)


def theme_delivery_chart(result: MonitoringResult) -> Chart | None:
    """Committed and delivered value by theme for the periods reported (monetised themes only)."""
    themes = [th for th in result.themes if th["monetised"]]
    alt = "Committed and delivered social value by theme, periods reported: " + "; ".join(
        f"{th['name']}: committed {fmt.money(th['committed_reported'])}, delivered {fmt.money(th['delivered'])}"
        for th in themes) + "."
    svg = charts.bar_chart("Committed and delivered by theme", [th["name"] for th in themes],
                           [("committed (periods reported)", [th["committed_reported"] for th in themes]),
                            ("delivered", [th["delivered"] for th in themes])], colours=(SKY, BLUE), alt=alt)
    return None if svg is None else Chart("Committed and delivered social value by theme (periods reported)", svg, alt)


def monitoring_report(result: MonitoringResult) -> Report:
    """The report tree of a monitored contract."""
    t = result.totals
    notes, warnings = monitoring_lines(result)
    sections = []
    if warnings:
        sections.append(Section("Missing returns", [Bullets(warnings, kind="warning")], compact=True))
    sections.append(Section("What these figures cover", [Bullets(notes, kind="note")], compact=True))
    sections.append(Section("By measure", [Table(
        ["measure", "committed (reported periods)", "delivered", "% delivered", "shortfall", "over-delivery",
         "missing periods", "forecast"], [_measure_row(r) for r in result.measures],
        numeric=[False, True, True, True, True, True, False, True])], compact=True))
    sections.append(Section("By theme", [Table(
        ["theme", "committed (reported)", "delivered", "% delivered", "forecast"],
        [[th["name"], fmt.money(th["committed_reported"]), fmt.money(th["delivered"]),
          _share(th["percent_delivered"]), fmt.money(th["forecast"])] if th["monetised"]
         else [th["name"], "not monetised", "-", "-", "-"] for th in result.themes],
        numeric=[False, True, True, True, True]),
        *([by_theme] if (by_theme := theme_delivery_chart(result)) is not None else [])]))
    chart = delivery_chart(result)
    sections.append(Section("By period", [*([chart] if chart is not None else []), Table(
        ["period", "status", "committed (reported)", "delivered", "missing measures"],
        [[p["period"], p["status"], fmt.money(p["committed_reported"]) if p["status"] != "future" else "-",
          fmt.money(p["delivered"]) if p["status"] not in ("future", "missing") else "-",
          ", ".join(p["missing_measures"]) or "-"] for p in result.periods],
        numeric=[False, False, True, True, False])]))
    figures = [Figure("Delivered", fmt.money(t["delivered"])),
               Figure("Committed (periods reported)", fmt.money(t["committed_reported"])),
               Figure("% of committed delivered", _share(t["percent_delivered"])),
               Figure("Forecast at current run rate", fmt.money(t["forecast"]))]
    return Report(title=result.name, subtitle="Social value delivered against commitments", figures=figures,
                  sections=sections, provenance=provenance_section(result.provenance))


def choice_section(choice: Any) -> Section:
    """The perspective and region the tender chose: what each measure's proxy counted."""
    lines = []
    if choice["perspective"]:
        lines.append(f"Perspective: {choice['perspective']} (each proxy counts only those components).")
    if choice["region"]:
        lines.append(f"Region: {choice['region_name']} ({choice['region']}); a proxy without a value for it counts "
                     "its national value.")
    blocks: list[Any] = [Bullets(lines, kind="note")]
    rows = [[m["measure"], m["proxy"], ", ".join(f"{k} {fmt.money(x)}" for k, x in (m.get("components") or {}).items())
             or "-", ("regional" if m.get("region_used") not in (None, "national") else "national")
             if m.get("region") else "-", m.get("value_region") or "-"] for m in choice["measures"]]
    blocks.append(Table(["measure", "proxy", "components per unit (proxy prices)", "value used", "value is for"], rows))
    if choice.get("value_offered_split"):
        names = sorted({k for parts in choice["value_offered_split"].values() for k in parts})
        blocks.append(Table(["bid", *names], [[bid, *(fmt.money(parts.get(k)) for k in names)]
                                              for bid, parts in choice["value_offered_split"].items()],
                            numeric=[False, *([True] * len(names))], caption="Social value offered by component"))
    return Section("Perspective and region", blocks)
