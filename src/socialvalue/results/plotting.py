"""Charts of results, declared by each framework (``pip install 'socialvalue[notebook]'``).

A framework declares the kinds of chart its results offer with :func:`register_plots` (in its
own ``plots.py``), exactly as a plugin does: a :class:`PlotSpec` names the kind, says what the
chart shows and gives the function that draws it. ``result.plot(kind)`` and
``result.plot_kinds()`` then work for that result, built-in or plugin, the same way
``to_frame`` does (:mod:`socialvalue.results.frames`).

This module also holds what every chart shares, so that charts look alike whoever wrote them:
the colours, a figure that shows itself in notebooks (:class:`NotebookFigure`), axes sizing,
money axes labelled by the one formatting policy (:func:`socialvalue.results.format.money`),
titles, wrapped labels and plain-text legends (``$`` never starts mathtext).

Charts use matplotlib's object API, never pyplot's global state, so they work on servers
without a display and in threads. matplotlib is imported only when a chart is drawn.
"""

from __future__ import annotations

import io
import textwrap
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from socialvalue.errors import ValidationError
from socialvalue.optional import require
from socialvalue.results import format as fmt
from socialvalue.results.kinds import KindRegistry

__all__ = ["BLUE", "GREEN", "GREY", "ORANGE", "PALETTE", "PURPLE", "SKY", "VERMILLION", "YELLOW", "PlotSpec",
           "add_title", "check_type", "figure_axes", "figure_class", "figure_height", "finish", "group_height",
           "iter_plot_specs", "money_axis", "money_tick", "plot", "plot_kinds", "register_plots", "ticker",
           "wrap_label"]

# Okabe-Ito colours: distinguishable with the common forms of colour blindness.
BLUE, SKY, GREEN, ORANGE, VERMILLION, PURPLE, GREY, YELLOW = (
    "#0072B2", "#56B4E9", "#009E73", "#E69F00", "#D55E00", "#CC79A7", "#999999", "#F0E442")
PALETTE = (BLUE, ORANGE, GREEN, VERMILLION, SKY, PURPLE, YELLOW, GREY)
"""Colours for a series of bars (bids, views, organisations), in order."""


# ------------------------------------------------------------------------------ registry

@dataclass(frozen=True)
class PlotSpec:
    """One kind of chart for one result class.

    ``draw(result, ax=None, **options)`` returns a :class:`matplotlib.figure.Figure`; given an
    ``ax`` it draws into that axes and returns its figure.
    """

    kind: str
    description: str  # what the chart shows, in a line (for listings and docs)
    draw: Callable[..., Any]
    result: str = ""  # dotted path of the result class, filled in by register_plots


_REGISTRY: KindRegistry[PlotSpec] = KindRegistry("chart", "socialvalue.results.plotting.register_plots")


def register_plots(result_class: type, *specs: PlotSpec) -> None:
    """Declare the chart kinds of ``result_class`` (the first is the default); a plugin calls this
    from its own module, as the built-in frameworks do. Registering a kind again replaces it."""
    _REGISTRY.register(result_class, *specs)


def plot_kinds(result: Any) -> tuple[str, ...]:
    """The kinds of chart ``result`` offers, default first (empty for other objects)."""
    return _REGISTRY.kinds(result)


def plot(result: Any, kind: str | None = None, **options: Any) -> Any:
    """A matplotlib figure of ``result`` (``kind=None``: the result's default chart).

    ``options`` go to the chart (``ax=`` draws into an axes of your own). Raises
    :class:`~socialvalue.errors.MissingDependencyError` without matplotlib,
    :class:`~socialvalue.errors.UnknownNameError` for an unknown kind and
    :class:`~socialvalue.errors.ValidationError` for a result with no charts or lacking the part
    a chart needs.
    """
    return _REGISTRY.spec(result, kind).draw(result, **options)


def iter_plot_specs(result_class: type | str | None = None) -> Iterable[PlotSpec]:
    """Every registered chart spec (of one result class or class path, when given): used for the docs."""
    return _REGISTRY.iter_specs(result_class)


# ------------------------------------------------------------------- the figure and axes

_CLASS_LOCK = threading.Lock()


def figure_class() -> type:
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


def __getattr__(name: str) -> Any:  # PEP 562: NotebookFigure (and pickling a figure) works lazily
    if name == "NotebookFigure":
        return figure_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def figure_axes(ax: Any, width: float, height: float) -> tuple[Any, Any]:
    """``(figure, axes)``: ``ax`` and its figure when given, else a new :class:`NotebookFigure` of that size."""
    require("matplotlib", purpose="plots")  # checked on every call, not only the first
    if ax is not None:
        return ax.figure, ax
    fig = figure_class()(figsize=(width, height), dpi=100, layout="constrained")
    return fig, fig.add_subplot()


def ticker() -> Any:
    """``matplotlib.ticker``, imported on use."""
    return require("matplotlib.ticker", purpose="plots")


def money_tick(value: float, _position: Any = None) -> str:
    """Tick label in £ with thousands separators (a module function, so figures pickle)."""
    return fmt.money(value)


def money_axis(axis: Any) -> None:
    """Label ``axis`` in £ (the reports' money format) with at most six major ticks."""
    ticks = ticker()
    axis.set_major_formatter(ticks.FuncFormatter(money_tick))
    axis.set_major_locator(ticks.MaxNLocator(nbins=6))


def finish(fig: Any, ax: Any, *, columns: int = 3) -> Any:
    """Place the legend and make all text plain (no mathtext for ``$``, no LaTeX). Returns the figure.

    On a figure made here the legend goes below the axes, clear of the data; in an axes the
    caller passed, it goes where matplotlib finds room.
    """
    from matplotlib.text import Text

    handles, labels = ax.get_legend_handles_labels()
    texts = list(ax.findobj(Text))
    ours: Any = figure_class()
    if handles:
        if isinstance(fig, ours) and fig.axes == [ax]:
            legend = fig.legend(handles, labels, loc="outside lower center", ncol=min(columns, len(handles)),
                                fontsize=8, frameon=False)
        else:
            legend = ax.legend(handles, labels, fontsize=8)
        texts += legend.findobj(Text)
    for text in texts:
        text.set_parse_math(False)
        text.set_usetex(False)
    return fig


def wrap_label(text: Any, width: int = 28, limit: int = 90) -> str:
    """User text for a label: each line shortened to ``limit`` characters and wrapped at ``width``."""
    out = []
    for line in str(text).splitlines() or [""]:
        line = " ".join(line.split())
        if len(line) > limit:
            line = line[: limit - 1].rstrip() + "…"
        out += textwrap.wrap(line, width)
    return "\n".join(out) or " "


def add_title(ax: Any, title: str, subtitle: str | None = None) -> None:
    """A bold title over a smaller subtitle, both left-aligned above the axes."""
    lines = textwrap.wrap(subtitle, 90, max_lines=4, placeholder=" …") if subtitle else []
    ax.set_title(wrap_label(title, 60, 180), loc="left", fontsize=11, fontweight="bold", pad=8 + 13 * len(lines))
    if lines:
        ax.annotate("\n".join(lines), (0, 1), xycoords="axes fraction", xytext=(0, 6),
                    textcoords="offset points", ha="left", va="bottom", fontsize=8.5, color="#333333")


def figure_height(rows: int, per_row: float = 0.45, base: float = 1.6) -> float:
    """Figure height in inches for ``rows`` horizontal bars, within 3 to 30 inches."""
    return min(max(base + per_row * rows, 3.0), 30.0)


def group_height(groups: int, members: int) -> float:
    """Figure height for grouped horizontal bars: ``groups`` groups of ``members`` bars."""
    return min(max(2.0 + groups * (0.15 * max(members, 1) + 0.2), 3.0), 30.0)


def check_type(result: Any, cls: type | tuple[type, ...], function: str, what: str) -> None:
    """Refuse a result a chart cannot draw with a :class:`~socialvalue.errors.ValidationError` naming it."""
    if not isinstance(result, cls):
        raise ValidationError(f"{function}() takes {what}; got {type(result).__name__}", field="result")
