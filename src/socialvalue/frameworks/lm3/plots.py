"""Charts of an LM3 result, declared with :func:`socialvalue.results.plotting.register_plots`.

Kind ``lm3_rounds``: R1, R2 and R3, with where the money leaves the area and what is not yet
surveyed. Registered when the ``lm3`` package is imported; matplotlib is imported only when a
chart is drawn.
"""

from __future__ import annotations

from typing import Any

from socialvalue.frameworks.lm3.result import LM3Result
from socialvalue.results.format import money
from socialvalue.results.plotting import (
    BLUE,
    GREEN,
    GREY,
    ORANGE,
    SKY,
    PlotSpec,
    add_title,
    check_type,
    figure_axes,
    finish,
    money_axis,
    register_plots,
)

__all__ = ["lm3_rounds"]


def lm3_rounds(result: Any, *, ax: Any = None) -> Any:
    """LM3's three rounds: R1 spend, R2 spent inside the boundary, R3 re-spent there.

    The R2 bar is topped by what leaked outside the boundary (R1 - R2); the R3 bar by local
    spend that was not re-spent locally and by local spend not yet surveyed (unknown).
    """
    check_type(result, LM3Result, "lm3_rounds", "an LM3 result")
    r1, r2, r3, unsurveyed = result.r1, result.r2, result.r3, result.unsurveyed
    fig, ax = figure_axes(ax, 8.0, 5.0)
    x = [0, 1, 2]
    ax.bar(x, [r1, r2, r3], color=[BLUE, SKY, GREEN], width=0.6)
    ax.bar(1, r1 - r2, bottom=r2, color="white", edgecolor=GREY, hatch="//", width=0.6,
           label="spent outside the boundary (leakage)")
    not_respent = max(r2 - r3 - unsurveyed, 0.0)
    ax.bar(2, not_respent, bottom=r3, color="white", edgecolor=GREY, width=0.6, label="not re-spent locally")
    ax.bar(2, unsurveyed, bottom=r3 + not_respent, color="white", edgecolor=ORANGE, hatch="..", width=0.6,
           label="local spend not surveyed (unknown)")
    notes = [money(r1), f"{money(r2)}\n{result.local_share:.1%} of R1",
             f"{money(r3)}\n{(r3 / r2 if r2 else 0):.1%} of R2"]
    for i, (value, text) in enumerate(zip((r1, r2, r3), notes, strict=True)):
        ax.annotate(text, (i, value / 2), ha="center", va="center", fontsize=8,
                    color="white" if value > 0.12 * r1 else "black")
    ax.set_xticks(x, ["R1\ntotal spend", "R2\nspent inside the boundary", "R3\nre-spent inside by local recipients"],
                  fontsize=9)
    money_axis(ax.yaxis)
    ax.set_ylim(0, r1 * 1.08 if r1 else 1)
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    ax.set_ylabel("£")
    period = f" ({result.period})" if result.period else ""
    bound = f"LM3 = (R1 + R2 + R3) / R1 = {result.lm3:.2f}"
    if unsurveyed:
        bound += f" (a lower bound: up to {result.lm3_if_unsurveyed_respent:.2f} if unsurveyed spend is re-spent)"
    add_title(ax, f"{result.name}{period}: LM3 {result.lm3:.2f}", f"Local means: {result.boundary}. {bound}")
    return finish(fig, ax)


register_plots(LM3Result, PlotSpec("lm3_rounds", "R1, R2, R3 and where the money leaves the area", lm3_rounds))
