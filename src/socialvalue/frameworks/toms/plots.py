"""Charts of a tender result, declared with :func:`socialvalue.results.plotting.register_plots`.

Kinds, default first: ``tender_scores`` (points per bid, quantitative and qualitative) and
``by_theme`` (each bid's social value by theme) for a tender; ``delivery`` (committed and
delivered value per period, a missing return marked as missing, never drawn as zero) for a
monitored contract. Registered when the ``toms`` package is imported; matplotlib is imported
only when a chart is drawn.
"""

from __future__ import annotations

from typing import Any

from socialvalue.errors import UnknownNameError
from socialvalue.frameworks.toms.monitoring_result import MonitoringResult
from socialvalue.frameworks.toms.result import TenderResult
from socialvalue.results.format import money
from socialvalue.results.plotting import (
    BLUE,
    GREY,
    PALETTE,
    SKY,
    PlotSpec,
    add_title,
    check_type,
    figure_axes,
    figure_height,
    finish,
    group_height,
    money_axis,
    register_plots,
    wrap_label,
)
from socialvalue.suggest import close_matches

__all__ = ["by_theme", "delivery", "tender_scores"]


def tender_scores(result: Any, *, ax: Any = None) -> Any:
    """Social value points of each bid, quantitative and qualitative stacked, best rank at the top."""
    check_type(result, TenderResult, "tender_scores", "a tender result")
    s = result.scoring
    bids = sorted(result.bids, key=lambda b: b.rank)
    fig, ax = figure_axes(ax, 9.0, figure_height(len(bids), 0.5, 2.0))
    y = list(range(len(bids)))
    quant = [b.quantitative_score for b in bids]
    qual = [b.qualitative_score for b in bids]
    ax.barh(y, quant, color=BLUE, height=0.6, label=f"quantitative (up to {s['quantitative_points']:g} points)")
    ax.barh(y, qual, left=quant, color=SKY, height=0.6, label=f"qualitative (up to {s['qualitative_points']:g} points)")
    for i, b in enumerate(bids):
        ax.annotate(f"{b.score:.2f} points; {money(b.social_value)} ({b.sv_percent:.1f}%)",
                    (b.score, i), xytext=(4, 0), textcoords="offset points", va="center", fontsize=8)
    ax.set_yticks(y, [wrap_label(f"{b.rank}{'=' if b.tied else ''}. {b.supplier}") for b in bids], fontsize=9)
    ax.invert_yaxis()
    ax.axvline(s["weight"], color=GREY, linewidth=1.0, linestyle="--")
    ax.set_xlim(0, s["weight"] * 1.6)
    ax.set_xlabel(f"points (social value weight {s['weight']:g})")
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    c = result.contract
    add_title(ax, f"{result.name}: social value scores",
              f"{s['method']} method, scored on {result.scored_label}; {money(c['value'])} contract, "
              f"{c['price_year']} prices")
    return finish(fig, ax)


def by_theme(result: Any, group: str = "theme", *, ax: Any = None) -> Any:
    """The social value of each bid by theme: grouped bars, one per bid, on the scoring basis.

    The basis (as offered, or adjusted for deliverability) is the tender's own, so the chart
    shows the value that was scored. ``group`` is accepted for the same call as an SROI
    result's ``by_theme``; a tender's measures are grouped by theme only.
    """
    check_type(result, TenderResult, "by_theme", "a tender result")
    if group != "theme":
        raise UnknownNameError(f"no grouping called {group!r} for a tender", field="group",
                               suggestions=close_matches(str(group), ["theme"]),
                               hint="a tender's measures are grouped by theme only")
    key = "value_adjusted" if result.scoring["basis"] == "adjusted" else "value_offered"
    themes: dict[str, str] = {}
    for b in result.bids:
        for t in b.by_theme:
            themes.setdefault(t["theme"], t["name"])
    bids = list(result.bids)
    fig, ax = figure_axes(ax, 9.0, group_height(len(themes), len(bids)))
    height = 0.8 / max(len(bids), 1)
    for j, b in enumerate(bids):
        values = {t["theme"]: t[key] for t in b.by_theme}
        ys = [i - 0.4 + height * (j + 0.5) for i in range(len(themes))]
        xs = [values.get(t, 0.0) for t in themes]
        ax.barh(ys, xs, height=height * 0.95, color=PALETTE[j % len(PALETTE)],
                label=wrap_label(f"{b.rank}{'=' if b.tied else ''}. {b.supplier}", 40))
        for x, y in zip(xs, ys, strict=True):
            if x:
                ax.annotate(money(x), (x, y), xytext=(3, 0), textcoords="offset points", va="center",
                            fontsize=7)
    ax.set_yticks(range(len(themes)), [wrap_label(name) for name in themes.values()], fontsize=9)
    ax.invert_yaxis()
    money_axis(ax.xaxis)
    ax.margins(x=0.15)
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    basis = "adjusted for deliverability" if key == "value_adjusted" else "as offered"
    ax.set_xlabel(f"social value {basis}, £ ({result.contract['price_year']} prices, undiscounted)")
    add_title(ax, f"{result.name}: social value by theme",
              f"Each bid's monetised commitments, {result.contract['price_year']} prices")
    return finish(fig, ax)


def delivery(result: Any, *, ax: Any = None) -> Any:
    """Committed and delivered social value per period of a monitored contract, first period at the top.

    Committed is for the measures reported in the period (as in the report's "By period" table);
    a period with no return shows the word "missing" in place of its bars, so a missing return is
    never read as zero delivery. Future periods are left out.
    """
    check_type(result, MonitoringResult, "delivery", "a monitoring result")
    periods = [p for p in result.periods if p["status"] != "future"]
    fig, ax = figure_axes(ax, 9.0, group_height(len(periods), 2))
    y = list(range(len(periods)))
    missing = [p["status"] == "missing" for p in periods]
    committed = [0.0 if gap else p["committed_reported"] for p, gap in zip(periods, missing, strict=True)]
    delivered = [0.0 if gap else p["delivered"] for p, gap in zip(periods, missing, strict=True)]
    ax.barh([i - 0.2 for i in y], committed, height=0.38, color=SKY, label="committed (measures reported)")
    ax.barh([i + 0.2 for i in y], delivered, height=0.38, color=BLUE, label="delivered")
    for i, gap in enumerate(missing):
        for value, offset in ((committed[i], -0.2), (delivered[i], 0.2)):
            ax.annotate("missing" if gap else money(value), (value, i + offset), xytext=(3, 0),
                        textcoords="offset points", va="center", fontsize=7, color=GREY if gap else "black")
    labels = [p["period"] + {"partial": " (partial)", "missing": " (missing)"}.get(p["status"], "") for p in periods]
    ax.set_yticks(y, [wrap_label(label) for label in labels], fontsize=9)
    ax.invert_yaxis()
    money_axis(ax.xaxis)
    ax.margins(x=0.15)
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    ax.set_xlabel(f"social value, £ ({result.contract['price_year']} prices)")
    add_title(ax, f"{result.name}: committed and delivered by period",
              f"{result.supplier or 'Supplier not named'}; reported to {result.as_of or 'nothing yet'}")
    return finish(fig, ax)


register_plots(MonitoringResult, PlotSpec("delivery", "committed and delivered value per period", delivery))

register_plots(
    TenderResult,
    PlotSpec("tender_scores", "points per bid, quantitative and qualitative", tender_scores),
    PlotSpec("by_theme", "each bid's social value by theme, on the scoring basis", by_theme),
)
