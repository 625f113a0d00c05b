"""Hypothesis strategies for the valuation engine (to be merged into tests/strategies.py).

They build plain columns (dicts of numpy arrays / lists) for
:func:`socialvalue.engine.compile_outcomes`, discount rates and schedules, and float
arrays for the exact-summation tests. Sizes are kept small so property tests stay fast.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st

__all__ = [
    "engine_columns",
    "exact_float_lists",
    "float_arrays",
    "kinked_schedules",
    "money_amounts",
    "outcome_fractions",
    "rates",
]

money_amounts = st.floats(min_value=0.0, max_value=1e7, allow_nan=False, allow_infinity=False)
outcome_fractions = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
rates = st.floats(min_value=0.0, max_value=0.2, allow_nan=False)

_finite = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300)


@st.composite
def float_arrays(draw: st.DrawFn, min_size: int = 0, max_size: int = 60) -> np.ndarray:
    """Finite float64 arrays mixing magnitudes, signs, exact cancellations and ties."""
    kind = draw(st.sampled_from(["any", "money", "cancel", "ties", "wide"]))
    n = draw(st.integers(min_size, max_size))
    if kind == "any":
        values = draw(st.lists(_finite, min_size=n, max_size=n))
    elif kind == "money":
        values = draw(st.lists(st.floats(0.0, 1e9, allow_nan=False), min_size=n, max_size=n))
    elif kind == "cancel":
        half = draw(st.lists(st.floats(-1e16, 1e16, allow_nan=False), min_size=n // 2, max_size=n // 2))
        values = half + [-v for v in half] + draw(st.lists(st.floats(-1.0, 1.0), max_size=3))
    elif kind == "ties":
        big = draw(st.sampled_from([1.0, 2.0**30, 2.0**-20]))
        values = [big, big * 2.0**-53] * max(n // 2, 1) + [big * 2.0**-106] * draw(st.integers(0, 3))
    else:
        exps = draw(st.lists(st.integers(-300, 300), min_size=n, max_size=n))
        mants = draw(st.lists(st.floats(-1.0, 1.0, allow_nan=False), min_size=n, max_size=n))
        values = [m * 10.0**e for m, e in zip(mants, exps)]
    arr = np.array(values, dtype=np.float64)
    order = draw(st.permutations(list(range(arr.size)))) if arr.size <= 30 else list(range(arr.size))
    return arr[np.array(order, dtype=np.intp)] if arr.size else arr


exact_float_lists = float_arrays


@st.composite
def engine_columns(draw: st.DrawFn, min_size: int = 1, max_size: int = 12, *, negatives: bool = False,
                   starts: bool = True, leakage: bool = True) -> dict[str, Any]:
    """Keyword arguments for ``compile_outcomes`` describing a small valid portfolio."""
    n = draw(st.integers(min_size, max_size))

    def column(strategy: st.SearchStrategy[Any]) -> list[Any]:
        return draw(st.lists(strategy, min_size=n, max_size=n))

    cols: dict[str, Any] = {
        "quantity": np.array(column(st.floats(0.0, 1e4, allow_nan=False))),
        "proxy": np.array(column(st.floats(0.0, 1e5, allow_nan=False))),
        "deadweight": np.array(column(outcome_fractions)),
        "displacement": np.array(column(outcome_fractions)),
        "attribution": np.array(column(outcome_fractions)),
        "drop_off": np.array(column(outcome_fractions)),
        "duration": np.array(column(st.integers(1, 40)), dtype=np.int64),
    }
    if leakage and draw(st.booleans()):
        cols["leakage"] = np.array(column(outcome_fractions))
    if starts and draw(st.booleans()):
        cols["start"] = np.array(column(st.integers(1, 4)), dtype=np.int64)
    if negatives:
        cols["negative"] = np.array(column(st.booleans()))
    return cols


@st.composite
def kinked_schedules(draw: st.DrawFn) -> tuple[tuple[int, ...], tuple[float, ...]]:
    """``(band_starts, band_rates)`` with 1-4 bands starting at year 1."""
    k = draw(st.integers(1, 4))
    gaps = draw(st.lists(st.integers(1, 15), min_size=k - 1, max_size=k - 1))
    starts = [1]
    for g in gaps:
        starts.append(starts[-1] + g)
    band_rates = draw(st.lists(rates, min_size=k, max_size=k))
    return tuple(starts), tuple(band_rates)
