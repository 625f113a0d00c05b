"""Charts of results with matplotlib (``pip install 'socialvalue[notebook]'``): one function per chart.

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
- :func:`delivery`: a monitored contract's committed and delivered value per period;
- :func:`levels`: Flexible Framework level per theme (one assessment or a benchmark);
- :func:`lm3_rounds`: LM3 rounds R1, R2, R3 and where the money leaves the area.

Each framework draws its own charts (its ``plots.py``, registered with
:func:`socialvalue.results.plotting.register_plots`, which is also how ``result.plot(kind)``
finds them); the functions here only pass the call on, so notebooks written against this
module keep working. Money is labelled in £ with thousands separators, in the price year named
in the title. User text (names, suppliers, outcomes) is drawn as plain text: ``$`` never starts
mathtext.
"""

from __future__ import annotations

from typing import Any

from socialvalue.compare import plots as compare_plots
from socialvalue.frameworks.flexible import plots as flexible_plots
from socialvalue.frameworks.lm3 import plots as lm3_plots
from socialvalue.frameworks.sroi import plots as sroi_plots
from socialvalue.frameworks.sroi.result import SroiResult
from socialvalue.frameworks.toms import plots as toms_plots
from socialvalue.frameworks.toms.result import TenderResult
from socialvalue.results import plotting
from socialvalue.results.plotting import BLUE, GREEN, GREY, ORANGE, PALETTE, PURPLE, SKY, VERMILLION, YELLOW

__all__ = ["BLUE", "GREEN", "GREY", "ORANGE", "PALETTE", "PURPLE", "SKY", "VERMILLION", "YELLOW", "by_theme",
           "comparison", "delivery", "levels", "lm3_rounds", "monte_carlo", "tender_scores", "tornado", "waterfall"]


def waterfall(result: Any, *, ax: Any = None) -> Any:
    """Where the value goes: gross value, what each adjustment removes, present value (SROI).

    See :func:`socialvalue.frameworks.sroi.plots.waterfall`; also ``result.plot("waterfall")``.
    """
    return sroi_plots.waterfall(result, ax=ax)


def by_theme(result: Any, group: str = "theme", *, ax: Any = None) -> Any:
    """Present value by theme (or ``group="domain"`` / ``"beneficiary"``), largest first.

    Takes an SROI result; negative bars (groups dominated by disbenefits) are vermillion. A
    tender result gives the scored value of each bid by theme (grouped bars, one per bid;
    ``group`` does not apply). Also ``result.plot("by_theme")``.
    """
    if isinstance(result, TenderResult):
        return toms_plots.by_theme(result, ax=ax)
    plotting.check_type(result, SroiResult, "by_theme", "an SROI or tender result")
    return sroi_plots.by_theme(result, group, ax=ax)


def tornado(result: Any, *, ax: Any = None) -> Any:
    """One-at-a-time sensitivity: for each assumption, the SROI ratio at its low and high setting.

    Needs a result computed with sensitivity. See :func:`socialvalue.frameworks.sroi.plots.tornado`;
    also ``result.plot("tornado")``.
    """
    return sroi_plots.tornado(result, ax=ax)


def monte_carlo(result: Any, value: str = "pv", *, bins: int | None = None, ax: Any = None) -> Any:
    """Histogram of the Monte Carlo draws of present value (``value="pv"``) or SROI ratio (``"ratio"``).

    Needs a result computed with Monte Carlo. See
    :func:`socialvalue.frameworks.sroi.plots.monte_carlo`; also ``result.plot("monte_carlo")``.
    """
    return sroi_plots.monte_carlo(result, value, bins=bins, ax=ax)


def comparison(result: Any, subject: str | int = 0, *, ax: Any = None) -> Any:
    """One activity valued several ways, side by side: the value of each fact under each view.

    Takes a :func:`socialvalue.compare.compare` result, its ``to_dict()`` or a plain mapping; see
    :func:`socialvalue.compare.plots.comparison`. Also ``result.plot("comparison")``.
    """
    return compare_plots.comparison(result, subject, ax=ax)


def tender_scores(result: Any, *, ax: Any = None) -> Any:
    """Social value points of each bid, quantitative and qualitative stacked, best rank at the top.

    Also ``result.plot("tender_scores")``.
    """
    return toms_plots.tender_scores(result, ax=ax)


def delivery(result: Any, *, ax: Any = None) -> Any:
    """A monitored contract's committed and delivered value per period (a missing return marked, not zero).

    Also ``result.plot("delivery")``.
    """
    return toms_plots.delivery(result, ax=ax)


def levels(result: Any, *, ax: Any = None) -> Any:
    """Flexible Framework level (0-5) per theme: one assessment, or a benchmark of several.

    Also ``result.plot("levels")``.
    """
    return flexible_plots.levels(result, ax=ax)


def lm3_rounds(result: Any, *, ax: Any = None) -> Any:
    """LM3's three rounds: R1 spend, R2 spent inside the boundary, R3 re-spent there.

    Also ``result.plot("lm3_rounds")``.
    """
    return lm3_plots.lm3_rounds(result, ax=ax)


def __getattr__(name: str) -> Any:  # PEP 562: NotebookFigure is created when first asked for (matplotlib is lazy)
    if name == "NotebookFigure":
        return plotting.figure_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
