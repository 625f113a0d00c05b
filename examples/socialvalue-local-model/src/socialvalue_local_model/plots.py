"""The chart of a local model result: each offer's points, stacked by pillar.

Registered through socialvalue's public ``register_plots``; ``result.plot()`` and
``socialvalue.plots.plot(result, "local_points")`` draw it. matplotlib is imported only when drawn.
"""

from __future__ import annotations

from typing import Any

from socialvalue.results.plotting import PALETTE, PlotSpec, add_title, check_type, figure_axes, finish, register_plots

from socialvalue_local_model.result import LocalModelResult

__all__ = ["local_points"]


def local_points(result: Any, *, ax: Any = None) -> Any:
    """Points per offer (bars in rank order), each bar split into the pillars that earned them."""
    check_type(result, LocalModelResult, "local_points", "a local model result")
    offers = sorted(result.offers, key=lambda o: (o.rank, o.supplier))
    fig, ax = figure_axes(ax, 8.0, 1.6 + 0.6 * len(offers))
    names = {p.id: p.name for p in result.model.pillars}
    y = list(range(len(offers)))[::-1]
    left = [0.0] * len(offers)
    for k, pillar in enumerate(result.model.pillars):
        widths = [next(p.points for p in o.pillars if p.pillar == pillar.id) for o in offers]
        ax.barh(y, widths, left=left, color=PALETTE[k % len(PALETTE)], height=0.6,
                label=f"{names[pillar.id]} (weight {pillar.weight:.0%})")
        left = [a + b for a, b in zip(left, widths, strict=True)]
    for yi, o in zip(y, offers, strict=True):
        ax.annotate(f"{o.points:.1f}  (£{o.value:,.0f})", (o.points, yi), xytext=(4, 0), textcoords="offset points",
                    va="center", fontsize=8)
    ax.set_yticks(y, [f"{o.rank}. {o.supplier}" for o in offers], fontsize=9)
    ax.set_xlim(0, result.points_available * 1.15)
    ax.set_xlabel(f"points (of {result.points_available:g})")
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    add_title(ax, f"{result.name}: points by pillar", f"{result.model.name}; value at {result.price_year} prices")
    return finish(fig, ax, columns=2)


register_plots(LocalModelResult, PlotSpec("local_points", "points per offer, stacked by pillar", local_points))
