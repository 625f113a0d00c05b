"""The report of an SROI result: what a reader sees, in the order a practitioner reads it.

A ratio is never shown without the assumptions that produced it (price year, discount
schedule and convention, which assumptions are presets): SROI ratios are not comparable
between organisations on their own. Every renderer (text, Markdown, HTML, notebook) reads
the tree built here; none of them formats a figure itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from socialvalue.results import charts
from socialvalue.results import format as fmt
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
    from socialvalue.frameworks.sroi.result import SroiResult

__all__ = ["ADJUSTMENTS", "STAGE_LABELS", "sroi_report", "stage_label"]

ADJUSTMENTS = ("deadweight", "displacement", "attribution", "leakage", "drop_off")
_SHORT = {"deadweight": "DW", "displacement": "DS", "attribution": "AT", "leakage": "LK", "drop_off": "DO"}

STAGE_LABELS = {
    "gross": "gross value (quantity × proxy × years)",
    "deadweight": "after deadweight",
    "displacement": "after displacement",
    "attribution": "after attribution",
    "leakage": "after leakage",
    "drop_off": "after drop-off",
    "discounting": "after discounting = present value",
}
"""The one set of labels for the stages from gross value to present value (reports, frames, charts)."""


_STEP_NAMES = {"gross": "Gross value", "deadweight": "Deadweight", "displacement": "Displacement",
               "attribution": "Attribution", "leakage": "Leakage", "drop_off": "Drop-off",
               "discounting": "Discounting"}
_GROUP_NAMES = {"theme": "theme", "beneficiary": "beneficiary group", "domain": "place domain"}


def stage_label(name: str) -> str:
    return STAGE_LABELS.get(name, name)


def figures(result: SroiResult) -> list[Figure]:
    """The headline figures, benefits and disbenefits apart when there are disbenefits."""
    val = result.valuation
    out = []
    if val.disbenefits:
        out += [Figure("Present value of benefits", fmt.money(val.benefits)),
                Figure("less disbenefits (negative outcomes)", fmt.money(-val.disbenefits))]
    out += [Figure("Present value (net)" if val.disbenefits else "Present value", fmt.money(val.present_value)),
            Figure("Investment", fmt.money(val.investment)),
            Figure("Net present value", fmt.money(val.npv)),
            Figure("SROI ratio", fmt.ratio(val.sroi_ratio)),
            Figure("Net SROI", fmt.number(val.net_sroi)),
            Figure("Payback", fmt.MISSING if val.payback_months is None else
                   f"{fmt.number(val.payback_months, 1)} months")]
    return out


def assumption_lines(result: SroiResult) -> list[str]:
    """The assumptions every SROI figure depends on, in words."""
    imap = result.imap
    sched = imap.schedule
    if sched.name == "constant":
        disc = f"constant {sched.band_rates[0]:.2%} a year"
    elif sched.name == "none":
        disc = "none"
    else:
        disc = f"{sched.name} schedule ({sched.band_rates[0]:.1%} for years 1-{sched.band_starts[1] - 1}"
        disc += ", then declining)" if len(sched.band_starts) > 1 else ")"
    first = ("first year discounted one period (SROI value map)" if imap.convention == "sroi"
             else "first year undiscounted (Green Book year 0)")
    presets = sum(1 for o in imap.outcomes for s in o.assumption_sources.values() if s.startswith("preset"))
    rebased = imap.document_price_year != imap.price_year
    lines = [f"All money in {imap.price_year} prices (HM Treasury GDP deflator)"
             + (f"; the map's own figures, investment included, were given in {imap.document_price_year} "
                "prices and re-based, so the ratio does not depend on the price year." if rebased else "."),
             f"Discounting: {disc}; {first}.",
             "Adjustments multiply: (1-deadweight)(1-displacement)(1-attribution)(1-leakage); "
             "drop-off from each outcome's second year."]
    if presets:
        lines.append(f"{presets} adjustment value(s) are presets, marked * in the table; the rest were set "
                     "by the author of the map.")
    if result.valuation.disbenefits:
        lines.append(f"The present value nets off {fmt.money(result.valuation.disbenefits)} of disbenefits "
                     "(negative outcomes), valued the same way as benefits.")
    lines.append("SROI ratios depend on these assumptions and are not comparable between organisations "
                 "on their own.")
    return lines


def impact_map_table(rows: Sequence[Mapping[str, Any]]) -> Table:
    body = []
    for rec in rows:
        adjustments = [fmt.percent(rec["adjustments"][a]) + ("*" if rec["assumption_sources"][a].startswith("preset")
                                                             else "") for a in ADJUSTMENTS]
        group = rec["beneficiaries"]["group"] if rec["beneficiaries"] else ""
        quantity = fmt.count(rec["quantity"]) + (f" {rec['quantity_unit']}" if rec["quantity_unit"] else "")
        proxy = f"{fmt.money(rec['proxy']['value'], 2)} {rec['proxy']['unit'].removeprefix('GBP')}".rstrip()
        body.append([rec["id"] + (" (negative)" if rec["negative"] else ""), group, quantity, proxy, *adjustments,
                     fmt.years(rec["duration"]), fmt.money(rec["present_value"])])
    return Table(["outcome", "beneficiaries", "quantity", "proxy", *(_SHORT[a] for a in ADJUSTMENTS), "lasts",
                  "present value"], body, numeric=[False, False, True, True] + [True] * 7,
                 legend=["DW deadweight, DS displacement, AT attribution, LK leakage, DO drop-off a year; "
                         "* a preset value."])


def setting(value: Any, unit: str) -> str:
    """A sensitivity setting in words: ×0.8 for multipliers, +0.10 for shifts, 3.5% for rates."""
    if value is None:
        return ""
    if unit == "multiplier":
        return f"×{value:.3g}"
    if unit == "shift":
        return f"{value:+.3g}"
    if unit == "years":
        return f"{value:+g} years"
    if unit == "rate multiplier":
        return f"rate ×{value:g}"
    if unit == "rate":
        return fmt.percent(value)
    return fmt.count(value) if isinstance(value, (int, float)) else str(value)


def waterfall_chart(result: SroiResult) -> Chart | None:
    """Gross value, what each adjustment removes, present value: the reductions table as a picture."""
    steps = result.valuation.reductions
    stages = [(_STEP_NAMES.get(r["stage"], r["stage"]), r["total"]) for r in steps]
    removed = ", ".join(f"{_STEP_NAMES.get(r['stage'], r['stage']).lower()} {fmt.money(r['reduction'])}"
                        for r in steps[1:] if r["reduction"])
    alt = (f"Gross value {fmt.money(steps[0]['total']) if steps else fmt.MISSING}"
           + (f", less {removed}" if removed else "") + f": present value {fmt.money(result.valuation.present_value)}.")
    svg = charts.waterfall("From gross value to present value", stages, end_label="Present value", alt=alt)
    return None if svg is None else Chart("From gross value to present value", svg, alt)


def group_charts(result: SroiResult) -> dict[str, Chart]:
    """Present value by theme, beneficiary group and place domain: each when it splits the value in two or more."""
    out = {}
    for group, name in _GROUP_NAMES.items():
        values = result.valuation.pv_by_group(group)
        if group == "domain":
            values = {k: x for k, x in values.items() if k != "(none)"}
        if len(values) < 2:
            continue
        ordered = sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))
        labels = [k if k != "(none)" else f"(no {name})" for k, _ in ordered]
        alt = f"Present value by {name}: " + "; ".join(f"{lb} {fmt.money(x)}" for lb, (_, x) in
                                                       zip(labels, ordered, strict=True)) + "."
        svg = charts.bar_chart(f"Present value by {name}", labels, [("present value", [x for _, x in ordered])],
                               alt=alt)
        if svg is not None:
            out[group] = Chart(f"Present value by {name}", svg, alt)
    return out


def tornado_chart(result: SroiResult) -> Chart | None:
    """The sensitivity table as a tornado: ratio (or present value without an investment) at each setting."""
    sens = result.sensitivity
    if sens is None or not sens.rows:
        return None
    by_ratio = sens.base_ratio is not None
    rows = [(f"{r.assumption.replace('_', ' ')} ({setting(r.low, r.unit)} to {setting(r.high, r.unit)})",
             r.ratio_low if by_ratio else r.pv_low, r.ratio_high if by_ratio else r.pv_high) for r in sens.rows]
    number = (lambda x: fmt.number(x)) if by_ratio else fmt.money
    what = "SROI ratio" if by_ratio else "present value"
    alt = (f"{what.capitalize()} when one assumption is set low or high, all else as in the result ("
           f"{number(sens.base_ratio if by_ratio else sens.base_pv)}): "
           + "; ".join(f"{label} {number(lo)} to {number(hi)}" for label, lo, hi in rows) + ".")
    target = ("break-even ratio", result.break_even_target) if by_ratio else None
    svg = charts.tornado(f"Sensitivity of the {what}", rows, sens.base_ratio if by_ratio else sens.base_pv,
                         fmt_=number, target=target, alt=alt)
    return None if svg is None else Chart(f"Sensitivity of the {what}, one assumption at a time", svg, alt)


def monte_carlo_chart(result: SroiResult) -> Chart | None:
    """A histogram of the Monte Carlo present values, with the deterministic value and the 5th-95th percentiles."""
    mc = result.monte_carlo
    if mc is None:
        return None
    pv = mc.summary.get("pv", {})
    marks = [("deterministic present value", mc.base_pv)]
    marks += [(f"{k[1:]}th percentile", pv[k]) for k in ("p5", "p95") if k in pv]
    draws = [float(x) for x in mc.pv]
    alt = (f"Distribution of {len(draws):,} Monte Carlo draws of present value: "
           + ", ".join(f"{label} {fmt.money(x)}" for label, x in marks) + ".")
    svg = charts.histogram("Monte Carlo present value", draws, bins=min(40, max(10, int(len(draws) ** 0.5))),
                           marks=marks, alt=alt)
    return None if svg is None else Chart("Monte Carlo draws of present value", svg, alt)


def forecast_chart(result: SroiResult) -> Chart | None:
    """Forecast and actual present value of each outcome side by side (an evaluation against its forecast)."""
    rows = result.comparison.rows if result.comparison is not None else ()
    labels = [r["id"] for r in rows]
    alt = "Forecast and actual present value by outcome: " + "; ".join(
        f"{r['id']} forecast {fmt.money(r['forecast'])}, actual {fmt.money(r['actual'])}" for r in rows) + "."
    svg = charts.bar_chart("Forecast and actual present value", labels,
                           [("forecast", [r["forecast"] for r in rows]), ("actual", [r["actual"] for r in rows])],
                           alt=alt)
    return None if svg is None else Chart("Forecast and actual present value by outcome", svg, alt)


def _ratio_figure(value: Any) -> str:
    return "" if value is None else fmt.number(value)


def sensitivity_section(result: SroiResult) -> Section:
    from socialvalue.frameworks.sroi.result import plain_rows

    rows = [[r.get("assumption"), setting(r.get("low"), r.get("unit", "")), setting(r.get("high"), r.get("unit", "")),
             _ratio_figure(r.get("ratio_low")), _ratio_figure(r.get("ratio_high"))]
            for r in plain_rows(result.sensitivity)]
    blocks: list[Any] = [Table(["assumption (all outcomes)", "low setting", "high setting", "ratio at low",
                                "ratio at high"], rows, numeric=[False, True, True, True, True])]
    chart = tornado_chart(result)
    if chart is not None:
        blocks.append(chart)
    breaks = plain_rows(result.break_even)
    if breaks:
        blocks.append(Paragraph(f"Break-even: the setting at which the ratio reaches {result.break_even_target:g} : 1, "
                                "each assumption moved alone."))
        blocks.append(Table(["assumption", "break-even setting", "note"],
                            [[r.get("assumption"), "never" if r.get("value") is None else
                              setting(r.get("value"), r.get("kind", "")), r.get("reason") or ""] for r in breaks]))
    return Section("Sensitivity (one assumption at a time)", blocks)


def monte_carlo_section(result: SroiResult) -> Section:
    from socialvalue.frameworks.sroi.result import plain

    mc = plain(result.monte_carlo) or {}
    summary = mc.get("summary", {})
    pv, ratio = summary.get("pv", {}), summary.get("ratio") or {}
    stats = [k for k in ("mean", "median", "std", "p5", "p25", "p75", "p95") if k in pv]
    below = summary.get("probability_ratio_below_1")
    text = (f"{mc.get('draws', 0):,} draws with seed {result.monte_carlo_seed}; deterministic present value "
            f"{fmt.money(mc.get('base_pv'))}."
            + ("" if below is None else f" Share of draws with a ratio below 1 : 1: {fmt.percent(below)}."))
    return Section("Uncertainty (Monte Carlo)", [
        Table(["statistic", "present value", "SROI ratio"],
              [[k, fmt.money(pv[k]), _ratio_figure(ratio.get(k))] for k in stats], numeric=[False, True, True]),
        Paragraph(text),
        *([chart] if (chart := monte_carlo_chart(result)) is not None else []),
        Paragraph("The mean of the draws differs from the deterministic value because value is a product of "
                  "uncertain factors and ranges need not be symmetric.", kind="small")])


def proxy_choice_section(choice: dict) -> Section:
    """Which part of each proxy was counted (perspective) and which regional value was used."""
    blocks: list = []
    lines = []
    if choice["perspective"]:
        lines.append(f"Perspective: {choice['perspective']} (only proxies with fiscal, economic and social "
                     "components can be valued this way).")
    if choice["region"]:
        lines.append(f"Region: {choice['region_name']} ({choice['region']}); where a proxy has no value for it, "
                     "its national value is used.")
    blocks.append(Bullets(lines, kind="note"))
    if choice["present_value_split"]:
        blocks.append(Table(["component", "present value"],
                            [[name, fmt.money(x)] for name, x in choice["present_value_split"].items()],
                            numeric=[False, True], caption="Present value by component"))
    rows = [[o["id"], o["proxy"], o.get("perspective") or "-",
             ("-" if not o.get("region") else "regional" if o["region_used"] != "national" else "national (no regional value)"),
             o.get("value_region") or "-"] for o in choice["outcomes"]]
    blocks.append(Table(["outcome", "proxy", "perspective", "value used", "value is for"], rows))
    return Section("Perspective and region", blocks)


def sroi_report(result: SroiResult) -> Report:
    """The report tree of an SROI result."""
    imap, val = result.imap, result.valuation
    rows = result.outcome_rows()
    sections = []
    if result.warnings:
        sections.append(Section("Warnings", [Bullets(result.warnings, kind="warning")], compact=True))
    sections.append(Section("Assumptions", [Bullets(assumption_lines(result), kind="note")],
                            compact=True))
    sections.append(Section("Impact map", [impact_map_table(rows)], compact=True))
    choice = result.proxy_choice()
    if choice is not None:
        sections.append(proxy_choice_section(choice))
    flow = waterfall_chart(result)
    sections.append(Section("Where the value goes (gross to present value)", [*([flow] if flow else []), Table(
        ["stage", "total", "reduction"],
        [[stage_label(r["stage"]), fmt.money(r["total"]), fmt.money(r["reduction"])] for r in val.reductions],
        numeric=[False, True, True])]))
    domains = {k: x for k, x in val.pv_by_group("domain").items() if k != "(none)"}
    groups = group_charts(result)
    if "theme" in groups or "beneficiary" in groups:
        sections.append(Section("Value by theme and beneficiary group",
                                [groups[g] for g in ("theme", "beneficiary") if g in groups]))
    if domains:
        sections.append(Section("Value by place domain", [*([groups["domain"]] if "domain" in groups else []), Table(
            ["domain", "present value"], [[k, fmt.money(x)] for k, x in domains.items()], numeric=[False, True])]))
    described = [[r["id"], r["description"]] for r in rows if r["description"]]
    if described:
        sections.append(Section("Outcomes described", [Table(["outcome", "description"], described)]))
    if result.sensitivity is not None:
        sections.append(sensitivity_section(result))
    if result.monte_carlo is not None:
        sections.append(monte_carlo_section(result))
    if result.comparison is not None:
        comparison = result.comparison
        sections.append(Section(f"Evaluation against forecast ({comparison.forecast_source})", [Table(
            ["outcome", "forecast", "actual", "difference", "status"],
            [[r["id"], fmt.money(r["forecast"]), fmt.money(r["actual"]), fmt.money(r["difference"]), r["status"]]
             for r in comparison.rows], numeric=[False, True, True, True, False]),
            *([chart] if (chart := forecast_chart(result)) is not None else [])]))
    sources: dict[str, list[Any]] = {}
    for r in rows:
        p = r["proxy"]
        sources.setdefault(p["id"], [p["id"], Link(p["source"], p["url"]), p["licence"], p["confidence"]])
    sections.append(Section("Sources", [Table(["proxy", "source", "licence", "confidence"],
                                                    [sources[k] for k in sorted(sources)],
                                                    legend=[CONFIDENCE_LEGEND])]))
    return Report(title=f"SROI: {imap.name}",
                  subtitle=f"{imap.mode.capitalize()} social return on investment, all money in {imap.price_year} "
                           "prices",
                  figures=figures(result), sections=sections, provenance=provenance_section(result.provenance))
