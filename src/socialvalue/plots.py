"""Charts of results with matplotlib (``pip install 'socialvalue[notebook]'``).

Every function takes a result and returns a :class:`matplotlib.figure.Figure`. Figures are
built with matplotlib's object API, never pyplot's global state, so they work on servers
without a display and in threads; in Jupyter a returned figure shows itself, elsewhere save it
with ``fig.savefig("chart.png")``. Pass ``ax=`` to draw into an axes of your own figure instead
(the function then returns that figure).

- :func:`waterfall`: SROI gross value, what each adjustment removes, present value;
- :func:`by_theme`: SROI (or tender) value by theme, place domain or beneficiary group;
- :func:`tornado`: SROI one-at-a-time sensitivity (needs ``sensitivity``);
- :func:`monte_carlo`: SROI Monte Carlo distribution of PV or ratio (needs ``monte_carlo``);
- :func:`comparison`: one activity valued several ways (``socialvalue.compare``);
- :func:`tender_scores`: tender points per bid, quantitative and qualitative;
- :func:`levels`: Flexible Framework level per theme (one assessment or a benchmark);
- :func:`lm3_rounds`: LM3 rounds R1, R2, R3 and where the money leaves the area.

Money is labelled in £ with thousands separators, in the price year named in the title. User
text (names, suppliers, outcomes) is drawn as plain text: ``$`` never starts mathtext.
"""

from __future__ import annotations

import importlib
import io
import math
import textwrap
import threading
from collections.abc import Mapping
from typing import Any

from socialvalue.errors import UnknownNameError, ValidationError
from socialvalue.frames import require_part
from socialvalue.optional import require
from socialvalue.suggest import close_matches
from socialvalue.textable import format_money

__all__ = ["by_theme", "comparison", "levels", "lm3_rounds", "monte_carlo", "tender_scores", "tornado",
           "waterfall"]

# Okabe-Ito colours: distinguishable with the common forms of colour blindness.
BLUE, SKY, GREEN, ORANGE, VERMILLION, PURPLE, GREY, YELLOW = (
    "#0072B2", "#56B4E9", "#009E73", "#E69F00", "#D55E00", "#CC79A7", "#999999", "#F0E442")
PALETTE = (BLUE, ORANGE, GREEN, VERMILLION, SKY, PURPLE, YELLOW, GREY)

_STEP_NAMES = {"gross": "Gross value", "deadweight": "Deadweight", "displacement": "Displacement",
               "attribution": "Attribution", "leakage": "Leakage", "drop_off": "Drop-off",
               "discounting": "Discounting"}
_GROUPS = {"theme": "theme", "domain": "place domain", "beneficiary": "beneficiary group"}


# ------------------------------------------------------------------------------ plumbing

_CLASS_LOCK = threading.Lock()


def _figure_class() -> type:
    """:class:`NotebookFigure`, created once, on first use, so that matplotlib is imported lazily."""
    with _CLASS_LOCK:
        return globals().get("NotebookFigure") or _make_figure_class()


def _make_figure_class() -> type:
    base = require("matplotlib.figure", purpose="plots").Figure

    def _repr_png_(self: Any) -> bytes:
        """PNG for IPython/Jupyter, so the figure displays without pyplot's inline backend."""
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", bbox_inches="tight")
        return buffer.getvalue()

    cls = type("NotebookFigure", (base,), {
        "__module__": __name__, "__qualname__": "NotebookFigure", "_repr_png_": _repr_png_,
        "__doc__": "A matplotlib Figure that shows itself as PNG in IPython and Jupyter."})
    globals()["NotebookFigure"] = cls
    return cls


def __getattr__(name: str) -> Any:  # PEP 562: socialvalue.plots.NotebookFigure (and pickling) works lazily
    if name == "NotebookFigure":
        return _figure_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _axes(ax: Any, width: float, height: float) -> tuple[Any, Any]:
    require("matplotlib", purpose="plots")  # checked on every call, not only the first
    if ax is not None:
        return ax.figure, ax
    fig = _figure_class()(figsize=(width, height), dpi=100, layout="constrained")
    return fig, fig.add_subplot()


def _ticker() -> Any:
    return require("matplotlib.ticker", purpose="plots")


def _money_tick(value: float, _position: Any = None) -> str:
    """Tick label in £ with thousands separators (a module function, so figures pickle)."""
    return format_money(value)


def _money_axis(axis: Any) -> None:
    ticker = _ticker()
    axis.set_major_formatter(ticker.FuncFormatter(_money_tick))
    axis.set_major_locator(ticker.MaxNLocator(nbins=6))


def _finish(fig: Any, ax: Any, *, columns: int = 3) -> Any:
    """Place the legend and make all text plain (no mathtext for ``$``, no LaTeX). Returns the figure.

    On a figure made here the legend goes below the axes, clear of the data; in an axes the
    caller passed, it goes where matplotlib finds room.
    """
    from matplotlib.text import Text

    handles, labels = ax.get_legend_handles_labels()
    texts = list(ax.findobj(Text))
    if handles:
        if isinstance(fig, _figure_class()) and fig.axes == [ax]:
            legend = fig.legend(handles, labels, loc="outside lower center", ncol=min(columns, len(handles)),
                                fontsize=8, frameon=False)
        else:
            legend = ax.legend(handles, labels, fontsize=8)
        texts += legend.findobj(Text)
    for text in texts:
        text.set_parse_math(False)
        text.set_usetex(False)
    return fig


def _label(text: Any, width: int = 28, limit: int = 90) -> str:
    """User text for a label: each line shortened to ``limit`` characters and wrapped at ``width``."""
    out = []
    for line in str(text).splitlines() or [""]:
        line = " ".join(line.split())
        if len(line) > limit:
            line = line[: limit - 1].rstrip() + "…"
        out += textwrap.wrap(line, width)
    return "\n".join(out) or " "


def _title(ax: Any, title: str, subtitle: str | None = None) -> None:
    """A bold title over a smaller subtitle, both left-aligned above the axes."""
    lines = textwrap.wrap(subtitle, 90, max_lines=4, placeholder=" …") if subtitle else []
    ax.set_title(_label(title, 60, 180), loc="left", fontsize=11, fontweight="bold", pad=8 + 13 * len(lines))
    if lines:
        ax.annotate("\n".join(lines), (0, 1), xycoords="axes fraction", xytext=(0, 6),
                    textcoords="offset points", ha="left", va="bottom", fontsize=8.5, color="#333333")


def _check(result: Any, path: str, function: str, what: str) -> None:
    module, _, name = path.rpartition(".")
    cls = getattr(importlib.import_module(module), name)
    if not isinstance(result, cls):
        raise ValidationError(f"{function}() takes {what}; got {type(result).__name__}", field="result")


def _height(rows: int, per_row: float = 0.45, base: float = 1.6) -> float:
    return min(max(base + per_row * rows, 3.0), 30.0)


def _group_height(groups: int, members: int) -> float:
    """Figure height for grouped horizontal bars: ``groups`` groups of ``members`` bars."""
    return min(max(2.0 + groups * (0.15 * max(members, 1) + 0.2), 3.0), 30.0)


def _ratio_text(x: float) -> str:
    return f"{x:,.2f}"


# ----------------------------------------------------------------------------------- SROI

_SROI = "socialvalue.frameworks.sroi.result.SroiResult"


def _sroi_head(result: Any) -> tuple[str, str]:
    imap = result.imap
    return imap.name, f"{imap.mode.capitalize()}, {imap.price_year} prices"


def waterfall(result: Any, *, ax: Any = None) -> Any:
    """Where the value goes: gross value, what each adjustment removes, present value.

    One bar per step of ``result.valuation.reductions``: the gross value and the present value
    as whole bars, and between them a floating bar per adjustment (deadweight, displacement,
    attribution, leakage, drop-off, discounting) showing the amount it removed (vermillion) or,
    for a step that raises the net value (possible with disbenefits), added (green).
    """
    _check(result, _SROI, "waterfall", "an SROI result")
    steps = result.valuation.reductions
    fig, ax = _axes(ax, 9.5, 5.0)
    labels, level = [], 0.0
    for i, step in enumerate(steps):
        if i == 0:
            ax.bar(i, step["total"], color=BLUE, width=0.7)
            _annotate(ax, i, min(0.0, step["total"]), max(0.0, step["total"]), format_money(step["total"]))
        else:
            before, after = level, step["total"]
            colour = VERMILLION if after < before else GREEN if after > before else GREY
            ax.bar(i, after - before, bottom=before, color=colour, width=0.7)
            ax.plot([i - 1.35, i - 0.35], [before, before], color=GREY, linewidth=0.8, linestyle=":")
            _annotate(ax, i, min(before, after), max(before, after),
                      format_money(after - before) if after != before else "£0")
        labels.append(_STEP_NAMES.get(step["stage"], step["stage"]))
        level = step["total"]
    n = len(steps)
    ax.plot([n - 1.35, n - 0.35], [level, level], color=GREY, linewidth=0.8, linestyle=":")
    ax.bar(n, level, color=BLUE, width=0.7)
    _annotate(ax, n, min(0.0, level), max(0.0, level), format_money(level))
    labels.append("Present value")
    ax.set_xticks(range(n + 1), labels, fontsize=9)
    ax.axhline(0, color="black", linewidth=0.8)
    _money_axis(ax.yaxis)
    totals = [0.0, *(step["total"] for step in steps)]
    low, high = min(totals), max(totals)
    pad = 0.1 * ((high - low) or 1.0)
    ax.set_ylim(low - (pad if low < 0 else 0.0), high + (pad if high > 0 else 0.0))
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    ax.set_ylabel(f"£ ({result.imap.price_year} prices)")
    name, sub = _sroi_head(result)
    _title(ax, f"{name}: from gross value to present value",
           f"{sub}; net of disbenefits. Orange: value removed by the step; green: value added.")
    return _finish(fig, ax)


def _annotate(ax: Any, x: float, low: float, high: float, text: str) -> None:
    """Label a vertical bar from ``low`` to ``high``: above it, or below it when it lies under zero."""
    above = high > 0 or low >= 0
    ax.annotate(text, (x, high if above else low), xytext=(0, 3 if above else -3), textcoords="offset points",
                ha="center", va="bottom" if above else "top", fontsize=8)


def by_theme(result: Any, group: str = "theme", *, ax: Any = None) -> Any:
    """Present value by theme (or ``group="domain"`` / ``"beneficiary"``), largest first.

    Takes an SROI result; negative bars (groups dominated by disbenefits) are vermillion. A
    tender result gives the scored value of each bid by theme (grouped bars, one per bid).
    """
    from socialvalue.frameworks.toms.result import TenderResult

    if isinstance(result, TenderResult):
        return _tender_by_theme(result, ax)
    _check(result, _SROI, "by_theme", "an SROI or tender result")
    if group not in _GROUPS:
        raise UnknownNameError(f"no grouping called {group!r}", field="group",
                               suggestions=close_matches(str(group), _GROUPS), hint="use " + ", ".join(_GROUPS))
    values = sorted(result.valuation.pv_by_group(group).items(), key=lambda kv: -kv[1])
    fig, ax = _axes(ax, 8.5, _height(len(values), base=1.9))
    y = range(len(values))
    ax.barh(y, [v for _, v in values], color=[BLUE if v >= 0 else VERMILLION for _, v in values], height=0.65)
    ax.set_yticks(y, [_label(k if k != "(none)" else f"(no {_GROUPS[group]})") for k, _ in values], fontsize=9)
    ax.invert_yaxis()
    for i, (_, v) in enumerate(values):
        ax.annotate(format_money(v), (v, i), xytext=(4 if v >= 0 else -4, 0), textcoords="offset points",
                    va="center", ha="left" if v >= 0 else "right", fontsize=8)
    ax.axvline(0, color="black", linewidth=0.8)
    _money_axis(ax.xaxis)
    ax.margins(x=0.18)
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    ax.set_xlabel(f"present value, £ ({result.imap.price_year} prices)")
    name, sub = _sroi_head(result)
    _title(ax, f"{name}: present value by {_GROUPS[group]}", sub)
    return _finish(fig, ax)


def _tender_by_theme(result: Any, ax: Any) -> Any:
    key = "value_adjusted" if result.scoring["basis"] == "adjusted" else "value_offered"
    themes: dict[str, str] = {}
    for b in result.bids:
        for t in b.by_theme:
            themes.setdefault(t["theme"], t["name"])
    bids = list(result.bids)
    fig, ax = _axes(ax, 9.0, _group_height(len(themes), len(bids)))
    height = 0.8 / max(len(bids), 1)
    for j, b in enumerate(bids):
        values = {t["theme"]: t[key] for t in b.by_theme}
        ys = [i - 0.4 + height * (j + 0.5) for i in range(len(themes))]
        xs = [values.get(t, 0.0) for t in themes]
        ax.barh(ys, xs, height=height * 0.95, color=PALETTE[j % len(PALETTE)],
                label=_label(f"{b.rank}{'=' if b.tied else ''}. {b.supplier}", 40))
        for x, y in zip(xs, ys, strict=True):
            if x:
                ax.annotate(format_money(x), (x, y), xytext=(3, 0), textcoords="offset points", va="center",
                            fontsize=7)
    ax.set_yticks(range(len(themes)), [_label(name) for name in themes.values()], fontsize=9)
    ax.invert_yaxis()
    _money_axis(ax.xaxis)
    ax.margins(x=0.15)
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    basis = "adjusted for deliverability" if key == "value_adjusted" else "as offered"
    ax.set_xlabel(f"social value {basis}, £ ({result.contract['price_year']} prices, undiscounted)")
    _title(ax, f"{result.name}: social value by theme",
           f"Each bid's monetised commitments, {result.contract['price_year']} prices")
    return _finish(fig, ax)


_ASSUMPTION_NAMES = {"drop_off": "drop-off", "discount_rate": "discount rate"}


def tornado(result: Any, *, ax: Any = None) -> Any:
    """One-at-a-time sensitivity: for each assumption, the SROI ratio at its low and high setting.

    Widest swing at the top; the vertical line is the ratio in the result, the dashed one the
    break-even target. Without an investment the bars show present value instead. Needs a
    result computed with sensitivity (``--sensitivity`` / ``options={"sensitivity": True}``).
    """
    from socialvalue.frameworks.sroi.result import _setting

    _check(result, _SROI, "tornado", "an SROI result")
    sens = require_part(result, "sensitivity", "tornado()")
    rows = list(sens.rows)
    by_ratio = sens.base_ratio is not None
    base = sens.base_ratio if by_ratio else sens.base_pv
    fmt = _ratio_text if by_ratio else format_money
    fig, ax = _axes(ax, 9.0, _height(len(rows), 0.42, 2.0))
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
              f"{_setting(r.low, r.unit)} to {_setting(r.high, r.unit)}" for r in rows]
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
        _money_axis(ax.xaxis)
        ax.set_xlabel(f"present value, £ ({result.imap.price_year} prices)")
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    name, sub = _sroi_head(result)
    _title(ax, f"{name}: sensitivity, one assumption at a time",
           f"{sub}; each bar varies one assumption for all outcomes"
           + ("" if by_ratio else "; no investment, so present value is shown"))
    return _finish(fig, ax)


def monte_carlo(result: Any, value: str = "pv", *, bins: int | None = None, ax: Any = None) -> Any:
    """Histogram of the Monte Carlo draws of present value (``value="pv"``) or SROI ratio (``"ratio"``).

    Marks the deterministic value of the result, the median and the 5th and 95th percentiles.
    Needs a result computed with Monte Carlo (``--monte-carlo N --seed S`` /
    ``options={"monte_carlo": N, "seed": S}``).
    """
    _check(result, _SROI, "monte_carlo", "an SROI result")
    mc = require_part(result, "monte_carlo", "monte_carlo()")
    if value not in ("pv", "ratio"):
        raise UnknownNameError(f"no Monte Carlo value called {value!r}", field="value",
                               suggestions=close_matches(str(value), ["pv", "ratio"]), hint="use 'pv' or 'ratio'")
    if value == "ratio" and mc.ratio is None:
        raise ValidationError("there is no SROI ratio without an investment", field="value",
                              hint="plot value='pv' instead")
    draws = mc.pv if value == "pv" else mc.ratio
    summary = mc.summary[value]
    if value == "pv":
        fmt = format_money
    else:
        spread = abs(summary.get("p95", summary["median"]) - summary.get("p5", summary["median"]))
        digits = 2 if spread <= 0 else min(max(2, 1 - math.floor(math.log10(spread))), 6)

        def fmt(x: float) -> str:
            return f"{x:,.{digits}f}"
    fig, ax = _axes(ax, 9.0, 4.8)
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
        _money_axis(ax.xaxis)
        ax.set_xlabel(f"present value, £ ({result.imap.price_year} prices)")
    else:
        ax.xaxis.set_major_locator(_ticker().MaxNLocator(nbins=6))
        ax.set_xlabel("SROI ratio (£ of present value per £1 invested)")
    ax.set_ylabel("draws")
    ax.margins(y=0.1)
    name, sub = _sroi_head(result)
    _title(ax, f"{name}: Monte Carlo {'present value' if value == 'pv' else 'SROI ratio'}",
           f"{sub}; {mc.draws:,} draws, seed {result.monte_carlo_seed}")
    return _finish(fig, ax)


# ------------------------------------------------------------------------------ comparison

def comparison(result: Any, subject: str | int = 0, *, ax: Any = None) -> Any:
    """One activity valued several ways, side by side: the value of each fact under each view.

    Takes a :func:`socialvalue.compare.compare` result (``subject`` picks the activity or bid,
    by name or position), its ``to_dict()``, or a plain mapping ``{"views": [label, …],
    "facts": [{"fact": name, "values": {label: £}}, …], "totals": {label: £}}`` (optional
    ``"name"`` and ``"price_year"``). Grouped horizontal bars: one group per fact and one for
    the total, one bar per view. A fact a view does not value (``None``: no counterpart) has no
    bar and is labelled with the comparison's reason ("no counterpart", "not monetised") or
    "not valued". When the views report in different price years, each
    view's price year is shown in the legend.
    """
    name, years, views, groups, has_total = _comparison_data(result, subject)
    fig, ax = _axes(ax, 9.5, _group_height(len(groups), len(views)))
    height = 0.8 / max(len(views), 1)
    mixed = len(set(years.values())) > 1
    for j, view in enumerate(views):
        ys, xs = [], []
        for i, (_, values) in enumerate(groups):
            y = i - 0.4 + height * (j + 0.5)
            v, note = values.get(view, (None, None))
            ys.append(y)
            xs.append(0.0 if v is None else v)
            if v is None:
                ax.annotate(note or "not valued", (0, y), xytext=(3, 0), textcoords="offset points", va="center",
                            fontsize=7, color=GREY)
            else:
                ax.annotate(format_money(v), (v, y), xytext=(3 if v >= 0 else -3, 0), textcoords="offset points",
                            va="center", ha="left" if v >= 0 else "right", fontsize=7)
        year = years.get(view)
        label = view + (f" [{year} prices]" if mixed and year and str(year) not in view else "")
        ax.barh(ys, xs, height=height * 0.95, color=PALETTE[j % len(PALETTE)], label=_label(label, 45))
    ax.set_yticks(range(len(groups)), [_label(g) for g, _ in groups], fontsize=9)
    if has_total:
        ax.get_yticklabels()[-1].set_fontweight("bold")
        if len(groups) > 1:
            ax.axhline(len(groups) - 1.5, color=GREY, linewidth=0.8)
    ax.invert_yaxis()
    ax.axvline(0, color="black", linewidth=0.8)
    _money_axis(ax.xaxis)
    ax.margins(x=0.2)
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    distinct = sorted({y for y in years.values() if y}, reverse=True)
    prices = (f"{distinct[0]} prices" if len(distinct) == 1 else
              "each view in its own price year (" + ", ".join(str(y) for y in distinct) + ")" if distinct else "")
    ax.set_xlabel("£" + (f", {prices}" if prices else ""))
    _title(ax, f"{name or 'Comparison'}: value by view",
           (f"{prices[0].upper()}{prices[1:]}; " if prices else "")
           + "the same facts valued by each framework or proxy set")
    return _finish(fig, ax, columns=2)


def _comparison_data(result: Any, subject: str | int) -> tuple[
        Any, dict[str, Any], list[str], list[tuple[str, dict[str, tuple[float | None, str | None]]]], bool]:
    """(name, {view: price year}, views, [(group label, {view: (value, note)})], has a total group)."""
    data = result if isinstance(result, Mapping) else result.to_dict() if hasattr(result, "to_dict") else None
    if not isinstance(data, Mapping) or not isinstance(data.get("views"), (list, tuple)):
        raise ValidationError("comparison() takes a socialvalue.compare result, or a mapping with 'views' and "
                              "'facts' lists", field="result")

    def text(item: Any, *keys: str) -> str:
        if isinstance(item, Mapping):
            return str(next((item[k] for k in keys if item.get(k) is not None), item))
        return str(item)

    def number(value: Any) -> tuple[float | None, str | None]:
        """(value, why there is none): a compare cell ``{"value", "status", …}`` or a plain number."""
        note = None
        if isinstance(value, Mapping):
            value, note = value.get("value"), value.get("status")
        return (None, note) if value is None else (float(value), None)

    views = [text(v, "label", "id", "name") for v in data["views"]]
    years = {label: (v.get("price_year") or (v.get("effective") or {}).get("price_year"))
             if isinstance(v, Mapping) else data.get("price_year") for label, v in zip(views, data["views"], strict=True)}
    name = data.get("name")
    body: Mapping[str, Any] = data
    if isinstance(data.get("subjects"), (list, tuple)) and data["subjects"]:
        subjects = list(data["subjects"])
        if isinstance(subject, int) and not isinstance(subject, bool):
            body = subjects[subject]
        else:
            names = [str(s.get("name")) for s in subjects]
            if subject not in names:
                raise UnknownNameError(f"no activity or bid called {subject!r}", field="subject",
                                       suggestions=close_matches(str(subject), names))
            body = subjects[names.index(subject)]
        if len(subjects) > 1:
            name = f"{name}: {body.get('name')}" if name else body.get("name")
        years = {k: y or body.get("price_year") for k, y in years.items()}
    if not isinstance(body.get("facts"), (list, tuple)):
        raise ValidationError("comparison() needs a 'facts' list", field="facts")
    groups = []
    for f in body["facts"]:
        label = text(f, "fact", "name", "id")
        if isinstance(f, Mapping) and f.get("written"):
            label = f"{label}\n{f['written']}"
        groups.append((label, {str(k): number(x) for k, x in (f.get("values") or {}).items()}))
    totals = body.get("totals")
    if isinstance(totals, Mapping):
        groups.append(("Total", {str(k): number(x) for k, x in totals.items()}))
    return name, years, views, groups, isinstance(totals, Mapping)


# ----------------------------------------------------------------------------------- TOMs

def tender_scores(result: Any, *, ax: Any = None) -> Any:
    """Social value points of each bid, quantitative and qualitative stacked, best rank at the top."""
    _check(result, "socialvalue.frameworks.toms.result.TenderResult", "tender_scores", "a tender result")
    s = result.scoring
    bids = sorted(result.bids, key=lambda b: b.rank)
    fig, ax = _axes(ax, 9.0, _height(len(bids), 0.5, 2.0))
    y = list(range(len(bids)))
    quant = [b.quantitative_score for b in bids]
    qual = [b.qualitative_score for b in bids]
    ax.barh(y, quant, color=BLUE, height=0.6, label=f"quantitative (up to {s['quantitative_points']:g} points)")
    ax.barh(y, qual, left=quant, color=SKY, height=0.6, label=f"qualitative (up to {s['qualitative_points']:g} points)")
    for i, b in enumerate(bids):
        ax.annotate(f"{b.score:.2f} points; {format_money(b.social_value)} ({b.sv_percent:.1f}%)",
                    (b.score, i), xytext=(4, 0), textcoords="offset points", va="center", fontsize=8)
    ax.set_yticks(y, [_label(f"{b.rank}{'=' if b.tied else ''}. {b.supplier}") for b in bids], fontsize=9)
    ax.invert_yaxis()
    ax.axvline(s["weight"], color=GREY, linewidth=1.0, linestyle="--")
    ax.set_xlim(0, s["weight"] * 1.6)
    ax.set_xlabel(f"points (social value weight {s['weight']:g})")
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    c = result.contract
    _title(ax, f"{result.name}: social value scores",
           f"{s['method']} method, scored on {result.scored_label}; {format_money(c['value'])} contract, "
           f"{c['price_year']} prices")
    return _finish(fig, ax)


# --------------------------------------------------------------------- Flexible Framework

def levels(result: Any, *, ax: Any = None) -> Any:
    """Flexible Framework level (0-5) per theme: one assessment, or a benchmark of several.

    For one assessment with a previous one, the previous level is a thin grey bar. There is no overall
    score: the framework scores each theme separately.
    """
    from socialvalue.frameworks.flexible.result import AssessmentResult, ComparisonResult

    if isinstance(result, ComparisonResult):
        return _benchmark_levels(result, ax)
    if not isinstance(result, AssessmentResult):
        raise ValidationError(f"levels() takes a Flexible Framework assessment or benchmark; got "
                              f"{type(result).__name__}", field="result")
    themes = list(result.themes)
    fig, ax = _axes(ax, 9.0, _height(len(themes), 0.5, 2.0))
    y = list(range(len(themes)))
    has_previous = result.change is not None and result.previous is not None
    before = {c.id: c.before for c in result.change or ()} if has_previous else {}
    shift = 0.12 if has_previous else 0.0
    ax.barh([i - shift for i in y], [t.level for t in themes], color=GREEN, height=0.5 if has_previous else 0.6,
            label=f"level reached ({result.date.isoformat()})" if has_previous else None)
    if has_previous:
        ax.barh([i + 0.26 for i in y], [before.get(t.id, 0) for t in themes], color=GREY, height=0.16,
                label=f"previous assessment ({result.previous.date.isoformat()})")
    for i, t in enumerate(themes):
        text = f"{t.level} {t.level_name}"
        if t.id in before and before[t.id] != t.level:
            text += f" (was {before[t.id]})"
        ax.annotate(text, (t.level, i - shift), xytext=(4, 0), textcoords="offset points", va="center", fontsize=8)
    _level_axis(ax, result.catalogue.levels)
    ax.set_yticks(y, [_label(t.name) for t in themes], fontsize=9)
    ax.invert_yaxis()
    _title(ax, f"{result.organisation}: Flexible Framework levels by theme",
           f"Self-assessment dated {result.date.isoformat()}; no overall score (each theme is scored separately)")
    return _finish(fig, ax)


def _level_axis(ax: Any, names: Mapping[int, str]) -> None:
    ax.set_xlim(0, 5.9)
    ax.set_xticks(range(6), ["0"] + [f"{n}\n{names.get(n, '')}" for n in range(1, 6)], fontsize=8)
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    ax.set_xlabel("level")


def _benchmark_levels(result: Any, ax: Any) -> Any:
    themes = list(result.catalogue.themes)
    orgs = list(result.results)
    fig, ax = _axes(ax, 9.0, _group_height(len(themes), len(orgs)))
    height = 0.8 / max(len(orgs), 1)
    for j, r in enumerate(orgs):
        ys = [i - 0.4 + height * (j + 0.5) for i in range(len(themes))]
        xs = [r.levels[t.id] for t in themes]
        ax.barh(ys, xs, height=height * 0.95, color=PALETTE[j % len(PALETTE)],
                label=_label(f"{r.organisation} ({r.date.isoformat()})", 45))
        for x, y in zip(xs, ys, strict=True):
            ax.annotate(str(x), (x, y), xytext=(3, 0), textcoords="offset points", va="center", fontsize=7)
    _level_axis(ax, result.catalogue.levels)
    ax.set_yticks(range(len(themes)), [_label(t.name) for t in themes], fontsize=9)
    ax.invert_yaxis()
    _title(ax, "Flexible Framework benchmarking: levels by theme",
           "Self-assessed, not independently checked; no overall score")
    return _finish(fig, ax)


# ------------------------------------------------------------------------------------ LM3

def lm3_rounds(result: Any, *, ax: Any = None) -> Any:
    """LM3's three rounds: R1 spend, R2 spent inside the boundary, R3 re-spent there.

    The R2 bar is topped by what leaked outside the boundary (R1 - R2); the R3 bar by local
    spend that was not re-spent locally and by local spend not yet surveyed (unknown).
    """
    _check(result, "socialvalue.frameworks.lm3.result.LM3Result", "lm3_rounds", "an LM3 result")
    r1, r2, r3, unsurveyed = result.r1, result.r2, result.r3, result.unsurveyed
    fig, ax = _axes(ax, 8.0, 5.0)
    x = [0, 1, 2]
    ax.bar(x, [r1, r2, r3], color=[BLUE, SKY, GREEN], width=0.6)
    ax.bar(1, r1 - r2, bottom=r2, color="white", edgecolor=GREY, hatch="//", width=0.6,
           label="spent outside the boundary (leakage)")
    not_respent = max(r2 - r3 - unsurveyed, 0.0)
    ax.bar(2, not_respent, bottom=r3, color="white", edgecolor=GREY, width=0.6, label="not re-spent locally")
    ax.bar(2, unsurveyed, bottom=r3 + not_respent, color="white", edgecolor=ORANGE, hatch="..", width=0.6,
           label="local spend not surveyed (unknown)")
    notes = [format_money(r1), f"{format_money(r2)}\n{result.local_share:.1%} of R1",
             f"{format_money(r3)}\n{(r3 / r2 if r2 else 0):.1%} of R2"]
    for i, (value, text) in enumerate(zip((r1, r2, r3), notes, strict=True)):
        ax.annotate(text, (i, value / 2), ha="center", va="center", fontsize=8,
                    color="white" if value > 0.12 * r1 else "black")
    ax.set_xticks(x, ["R1\ntotal spend", "R2\nspent inside the boundary", "R3\nre-spent inside by local recipients"],
                  fontsize=9)
    _money_axis(ax.yaxis)
    ax.set_ylim(0, r1 * 1.08 if r1 else 1)
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    ax.set_ylabel("£")
    period = f" ({result.period})" if result.period else ""
    bound = f"LM3 = (R1 + R2 + R3) / R1 = {result.lm3:.2f}"
    if unsurveyed:
        bound += f" (a lower bound: up to {result.lm3_if_unsurveyed_respent:.2f} if unsurveyed spend is re-spent)"
    _title(ax, f"{result.name}{period}: LM3 {result.lm3:.2f}", f"Local means: {result.boundary}. {bound}")
    return _finish(fig, ax)
