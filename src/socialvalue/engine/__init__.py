"""The valuation engine: columnar, exact and fast.

Outcomes are compiled once into validated read-only float64 columns
(:func:`compile_outcomes`), then valued in closed form, chunk by chunk, without ever
building an outcomes × years matrix (:func:`valuate`). Totals are correctly rounded sums
(:func:`exact_sum`), so they do not depend on the order of the outcomes and the same inputs
always give the same bytes. Sensitivity (:func:`sensitivity`, :func:`break_even`) and
seeded Monte Carlo (:func:`monte_carlo`) reuse the same kernels.

The engine imports only numpy and the standard library (plus :mod:`socialvalue.errors` and the read-only containers of :mod:`socialvalue.frozen`):
no pint, attrs or YAML, and no :mod:`socialvalue.prices` — discount schedules are read
through their ``band_starts``/``band_rates`` attributes. Every invalid input raises
:class:`~socialvalue.errors.EngineInputError` with the offending array and index.

Typical use::

    table = compile_outcomes(quantity=q, proxy=p, deadweight=dw, attribution=at,
                             drop_off=do, duration=d)
    val = valuate(table, discount=0.035, investment=250_000.0)            # SROI convention
    val.present_value, val.sroi_ratio, val.payback_months, val.reductions
    val = valuate(table, discount_schedule("green-book"), 250_000.0, convention="green-book")
"""

from __future__ import annotations

from .breakeven import BreakEven, break_even
from .compile import FRACTIONS, MAX_YEAR, GroupCodes, OutcomeTable, compile_outcomes, project_year_series
from .discount import CONVENTIONS, Schedule, as_schedule
from .distributions import DiscreteUniform, LogNormal, Normal, Triangular, Uniform, spawn_streams
from .exact import ExactAccumulator, exact_group_sums, exact_partials, exact_row_sums, exact_sum
from .sensitivity import ASSUMPTIONS, Sensitivity, SensitivityRow, sensitivity
from .uncertainty import MonteCarloResult, monte_carlo
from .valuation import STAGES, Valuation, valuate

__all__ = [
    "ASSUMPTIONS",
    "CONVENTIONS",
    "FRACTIONS",
    "MAX_YEAR",
    "STAGES",
    "BreakEven",
    "DiscreteUniform",
    "ExactAccumulator",
    "GroupCodes",
    "LogNormal",
    "MonteCarloResult",
    "Normal",
    "OutcomeTable",
    "Schedule",
    "Sensitivity",
    "SensitivityRow",
    "Triangular",
    "Uniform",
    "Valuation",
    "as_schedule",
    "break_even",
    "compile_outcomes",
    "exact_group_sums",
    "exact_partials",
    "exact_row_sums",
    "exact_sum",
    "monte_carlo",
    "project_year_series",
    "sensitivity",
    "spawn_streams",
    "valuate",
]
