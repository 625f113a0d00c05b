"""Charts of an SROI result, declared with :func:`socialvalue.results.plotting.register_plots`.

Kinds, default first: ``waterfall`` (gross value, what each adjustment removes, present value),
``by_theme`` (present value by theme, place domain or beneficiary group), ``tornado``
(one-at-a-time sensitivity; needs ``sensitivity``) and ``monte_carlo`` (distribution of PV or
ratio; needs ``monte_carlo``). ``socialvalue.plots`` keeps a function for each. Registered when
the ``sroi`` package is imported; matplotlib is imported only when a chart is drawn.
"""

from __future__ import annotations

import math
from typing import Any

from socialvalue.errors import UnknownNameError, ValidationError
from socialvalue.frameworks.sroi.report import setting
from socialvalue.frameworks.sroi.result import SroiResult
from socialvalue.results.format import money
from socialvalue.results.frames import require_part
from socialvalue.results.plotting import (
    BLUE,
    GREEN,
    GREY,
    ORANGE,
    SKY,
    VERMILLION,
    PlotSpec,
    add_title,
    check_type,
    figure_axes,
    figure_height,
    finish,
    money_axis,
    register_plots,
    ticker,
    wrap_label,
)
from socialvalue.suggest import close_matches

__all__ = ["by_theme", "monte_carlo", "tornado", "waterfall"]

# Short tick labels: a waterfall bar shows what a step removed, not the total after it (the
# report's STAGE_LABELS, "after deadweight", label totals).
_STEP_NAMES = {"gross": "Gross value", "deadweight": "Deadweight", "displacement": "Displacement",
               "attribution": "Attribution", "leakage": "Leakage", "drop_off": "Drop-off",
               "discounting": "Discounting"}
_GROUPS = {"theme": "theme", "domain": "place domain", "beneficiary": "beneficiary group"}


def _ratio_text(x: float) -> str:
    """An SROI ratio on a tornado bar: the bare number, as the axis is labelled in ratio."""
    return f"{x:,.2f}"


def _sroi_head(result: Any) -> tuple[str, str]:
    """(title, subtitle start) of every SROI chart: the map's name, its mode and price year."""
    imap = result.imap
    return imap.name, f"{imap.mode.capitalize()}, {imap.price_year} prices"


def waterfall(result: Any, *, ax: Any = None) -> Any:
    """Where the value goes: gross value, what each adjustment removes, present value.

    One bar per step of ``result.valuation.reductions``: the gross value and the present value
    as whole bars, and between them a floating bar per adjustment (deadweight, displacement,
    attribution, leakage, drop-off, discounting) showing the amount it removed (vermillion) or,
    for a step that raises the net value (possible with disbenefits), added (green).
    """
    check_type(result, SroiResult, "waterfall", "an SROI result")
    steps = result.valuation.reductions
    fig, ax = figure_axes(ax, 9.5, 5.0)
    labels, level = [], 0.0
    for i, step in enumerate(steps):
        if i == 0:
            ax.bar(i, step["total"], color=BLUE, width=0.7)
            _annotate(ax, i, min(0.0, step["total"]), max(0.0, step["total"]), money(step["total"]))
        else:
            before, after = level, step["total"]
            colour = VERMILLION if after < before else GREEN if after > before else GREY
            ax.bar(i, after - before, bottom=before, color=colour, width=0.7)
            ax.plot([i - 1.35, i - 0.35], [before, before], color=GREY, linewidth=0.8, linestyle=":")
            _annotate(ax, i, min(before, after), max(before, after),
                      money(after - before) if after != before else "£0")
        labels.append(_STEP_NAMES.get(step["stage"], step["stage"]))
        level = step["total"]
    n = len(steps)
    ax.plot([n - 1.35, n - 0.35], [level, level], color=GREY, linewidth=0.8, linestyle=":")
    ax.bar(n, level, color=BLUE, width=0.7)
    _annotate(ax, n, min(0.0, level), max(0.0, level), money(level))
    labels.append("Present value")
    ax.set_xticks(range(n + 1), labels, fontsize=9)
    ax.axhline(0, color="black", linewidth=0.8)
    money_axis(ax.yaxis)
    totals = [0.0, *(step["total"] for step in steps)]
    low, high = min(totals), max(totals)
    pad = 0.1 * ((high - low) or 1.0)
    ax.set_ylim(low - (pad if low < 0 else 0.0), high + (pad if high > 0 else 0.0))
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    ax.set_ylabel(f"£ ({result.imap.price_year} prices)")
    name, sub = _sroi_head(result)
    add_title(ax, f"{name}: from gross value to present value",
              f"{sub}; net of disbenefits. Orange: value removed by the step; green: value added.")
    return finish(fig, ax)


def _annotate(ax: Any, x: float, low: float, high: float, text: str) -> None:
    """Label a vertical bar from ``low`` to ``high``: above it, or below it when it lies under zero."""
    above = high > 0 or low >= 0
    ax.annotate(text, (x, high if above else low), xytext=(0, 3 if above else -3), textcoords="offset points",
                ha="center", va="bottom" if above else "top", fontsize=8)


def by_theme(result: Any, group: str = "theme", *, ax: Any = None) -> Any:
    """Present value by theme (or ``group="domain"`` / ``"beneficiary"``), largest first.

    Negative bars (groups dominated by disbenefits) are vermillion.
    """
    check_type(result, SroiResult, "by_theme", "an SROI result")
    if group not in _GROUPS:
        raise UnknownNameError(f"no grouping called {group!r}", field="group",
                               suggestions=close_matches(str(group), _GROUPS), hint="use " + ", ".join(_GROUPS))
    values = sorted(result.valuation.pv_by_group(group).items(), key=lambda kv: -kv[1])
    fig, ax = figure_axes(ax, 8.5, figure_height(len(values), base=1.9))
    y = range(len(values))
    ax.barh(y, [v for _, v in values], color=[BLUE if v >= 0 else VERMILLION for _, v in values], height=0.65)
    ax.set_yticks(y, [wrap_label(k if k != "(none)" else f"(no {_GROUPS[group]})") for k, _ in values], fontsize=9)
    ax.invert_yaxis()
    for i, (_, v) in enumerate(values):
        ax.annotate(money(v), (v, i), xytext=(4 if v >= 0 else -4, 0), textcoords="offset points",
                    va="center", ha="left" if v >= 0 else "right", fontsize=8)
    ax.axvline(0, color="black", linewidth=0.8)
    money_axis(ax.xaxis)
    ax.margins(x=0.18)
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    ax.set_xlabel(f"present value, £ ({result.imap.price_year} prices)")
    name, sub = _sroi_head(result)
    add_title(ax, f"{name}: present value by {_GROUPS[group]}", sub)
    return finish(fig, ax)


_ASSUMPTION_NAMES = {"drop_off": "drop-off", "discount_rate": "discount rate"}


def tornado(result: Any, *, ax: Any = None) -> Any:
    """One-at-a-time sensitivity: for each assumption, the SROI ratio at its low and high setting.

    Widest swing at the top; the vertical line is the ratio in the result, the dashed one the
    break-even target. Without an investment the bars show present value instead. Needs a
    result computed with sensitivity (``--sensitivity`` / ``options={"sensitivity": True}``).
    """
    check_type(result, SroiResult, "tornado", "an SROI result")
    sens = require_part(result, "sensitivity", "tornado()")
    rows = list(sens.rows)
    by_ratio = sens.base_ratio is not None
    base = sens.base_ratio if by_ratio else sens.base_pv
    fmt = _ratio_text if by_ratio else money
    fig, ax = figure_axes(ax, 9.0, figure_height(len(rows), 0.42, 2.0))
    lows = [(r.ratio_low if by_ratio else r.pv_low) for r in rows]
    highs = [(r.ratio_high if by_ratio else r.pv_high) for r in rows]
    y = list(range(len(rows)))
    low_bars = ax.barh(y, [v - base for v in lows], left=base, color=SKY, height=0.6, label="low setting")
    high_bars = ax.barh(y, [v - base for v in highs], left=base, color=ORANGE, height=0.6, label="high setting")
    for lo_bar, hi_bar in zip(low_bars, high_bars, strict=True):  # same side of the base: the shorter bar in front
        shorter = lo_bar if abs(lo_bar.get_width()) < abs(hi_bar.get_width()) else hi_bar
        shorter.set_zorder(lo_bar.get_zorder() + 0.5)
    for i, (lo, hi) in enumerate(zip(lows, highs, strict=True)):
        for v in (lo, hi):
            if v != base:
                ax.annotate(fmt(v), (v, i), xytext=(3 if v > base else -3, 0), textcoords="offset points",
                            va="center", ha="left" if v > base else "right", fontsize=8)
    labels = [f"{_ASSUMPTION_NAMES.get(r.assumption, r.assumption)}\n"
              f"{setting(r.low, r.unit)} to {setting(r.high, r.unit)}" for r in rows]
    ax.set_yticks(y, labels, fontsize=8)
    ax.invert_yaxis()
    ax.axvline(base, color="black", linewidth=1.0, label=f"result: {fmt(base)}")
    target = result.break_even_target
    values = [*lows, *highs, base]
    if by_ratio and min(values) <= target <= max(values):
        ax.axvline(target, color=VERMILLION, linewidth=1.0, linestyle="--", label=f"break-even: {target:g} : 1")
    ax.margins(x=0.15)
    if by_ratio:
        ax.set_xlabel("SROI ratio (£ of present value per £1 invested)")
    else:
        money_axis(ax.xaxis)
        ax.set_xlabel(f"present value, £ ({result.imap.price_year} prices)")
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    name, sub = _sroi_head(result)
    add_title(ax, f"{name}: sensitivity, one assumption at a time",
              f"{sub}; each bar varies one assumption for all outcomes"
              + ("" if by_ratio else "; no investment, so present value is shown"))
    return finish(fig, ax)


def monte_carlo(result: Any, value: str = "pv", *, bins: int | None = None, ax: Any = None) -> Any:
    """Histogram of the Monte Carlo draws of present value (``value="pv"``) or SROI ratio (``"ratio"``).

    Marks the deterministic value of the result, the median and the 5th and 95th percentiles.
    Needs a result computed with Monte Carlo (``--monte-carlo N --seed S`` /
    ``options={"monte_carlo": N, "seed": S}``).
    """
    check_type(result, SroiResult, "monte_carlo", "an SROI result")
    mc = require_part(result, "monte_carlo", "monte_carlo()")
    if value not in ("pv", "ratio"):
        raise UnknownNameError(f"no Monte Carlo value called {value!r}", field="value",
                               suggestions=close_matches(str(value), ["pv", "ratio"]), hint="use 'pv' or 'ratio'")
    if value == "ratio" and mc.ratio is None:
        raise ValidationError("there is no SROI ratio without an investment", field="value",
                              hint="plot value='pv' instead")
    draws = mc.pv if value == "pv" else mc.ratio
    summary = mc.summary[value]
    digits = 2
    if value == "ratio":
        spread = abs(summary.get("p95", summary["median"]) - summary.get("p5", summary["median"]))
        digits = 2 if spread <= 0 else min(max(2, 1 - math.floor(math.log10(spread))), 6)

    def fmt(x: float) -> str:
        """Money for present value; for a ratio, enough decimals to tell the percentiles apart."""
        return money(x) if value == "pv" else f"{x:,.{digits}f}"
    fig, ax = figure_axes(ax, 9.0, 4.8)
    nbins = bins or int(min(60, max(10, math.sqrt(len(draws)))))
    ax.hist(draws, bins=nbins, color=SKY, edgecolor="white", linewidth=0.4)
    base = mc.base_pv if value == "pv" else mc.base_ratio
    ax.axvline(base, color="black", linewidth=1.4, label=f"deterministic result: {fmt(base)}")
    ax.axvline(summary["median"], color=BLUE, linewidth=1.2, linestyle=":", label=f"median: {fmt(summary['median'])}")
    lo, hi = summary.get("p5"), summary.get("p95")
    if lo is not None and hi is not None:
        ax.axvline(lo, color=VERMILLION, linewidth=1.0, linestyle="--",
                   label=f"5th-95th percentile: {fmt(lo)} to {fmt(hi)}")
        ax.axvline(hi, color=VERMILLION, linewidth=1.0, linestyle="--")
    below = mc.summary.get("probability_ratio_below_1")
    if value == "ratio" and below is not None:
        ax.plot([], [], " ", label=f"draws with ratio below 1 : 1: {below:.1%}")
    if value == "pv":
        money_axis(ax.xaxis)
        ax.set_xlabel(f"present value, £ ({result.imap.price_year} prices)")
    else:
        ax.xaxis.set_major_locator(ticker().MaxNLocator(nbins=6))
        ax.set_xlabel("SROI ratio (£ of present value per £1 invested)")
    ax.set_ylabel("draws")
    ax.margins(y=0.1)
    name, sub = _sroi_head(result)
    add_title(ax, f"{name}: Monte Carlo {'present value' if value == 'pv' else 'SROI ratio'}",
              f"{sub}; {mc.draws:,} draws, seed {result.monte_carlo_seed}")
    return finish(fig, ax)


register_plots(
    SroiResult,
    PlotSpec("waterfall", "gross value, what each adjustment removes, present value", waterfall),
    PlotSpec("by_theme", "present value by theme (group='domain' or 'beneficiary' for the others)", by_theme),
    PlotSpec("tornado", "the ratio at the low and high setting of each assumption (needs sensitivity)", tornado),
    PlotSpec("monte_carlo", "distribution of PV (or value='ratio') with percentiles (needs Monte Carlo)",
             monte_carlo),
)
