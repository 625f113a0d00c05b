"""Per-outcome breakdowns behind :class:`~.valuation.Valuation`: the reductions waterfall
(stage values per outcome), values by project year, and the small kernels they share.

Stage values and year values are computed per outcome, elementwise, so an outcome's numbers
do not depend on where it sits in the arrays; the valuation sums them exactly.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from . import exact as _exact
from .compile import OutcomeTable
from .discount import Schedule
from .stream import annuity, yearly_stream_sums

__all__ = ["chunks", "first_u0", "retention", "stage_block", "year_values", "yearly_in", "yearly_stages",
           "yearly_year_matrix"]

_NO_DISCOUNT = Schedule((1,), (0.0,))


def chunks(n: int) -> Iterator[tuple[int, int]]:
    """``(start, stop)`` of the row blocks (:data:`.exact.CHUNK` rows; read at call time)."""
    size = _exact.CHUNK
    for a in range(0, n, size):
        yield a, min(a + size, n)


def yearly_in(table: OutcomeTable, a: int, b: int) -> np.ndarray:
    rows = table.yearly_rows
    if rows.size == 0:
        return rows
    i, j = np.searchsorted(rows, (a, b))
    return rows[i:j] - a


def retention(table: OutcomeTable, sl: Any, out: np.ndarray, tmp: np.ndarray) -> np.ndarray:
    """``((1-dw)(1-ds))(1-at)(1-lk)``: this exact order everywhere (Monte Carlo included)."""
    np.subtract(1.0, table.deadweight[sl], out=out)
    np.subtract(1.0, table.displacement[sl], out=tmp)
    out *= tmp
    np.subtract(1.0, table.attribution[sl], out=tmp)
    out *= tmp
    if table.has_leakage:
        np.subtract(1.0, table.leakage[sl], out=tmp)
        out *= tmp
    return out


def first_u0(table: OutcomeTable, sl: Any, offset: int) -> Any:
    if table.uniform_start is not None:
        return table.uniform_start - offset
    return table.start[sl] - offset


def year_values(table: OutcomeTable, df: np.ndarray, offset: int, sel: Any, years: int,
                 zero: np.ndarray) -> Iterator[tuple[int, np.ndarray]]:
    """Net discounted values of rows ``sel`` in project years 1..years.

    Iterative (``level *= 1 - drop_off`` once the outcome has started), so the same row
    gives the same bits wherever it sits. Rows at positions ``zero`` contribute 0.
    """
    level = np.array(table.impact[sel], dtype=np.float64)
    m = level.shape[0]
    if zero.size:
        level[zero] = 0.0
    if table.has_negative:
        level[table.negative[sel]] *= -1.0
    keep = 1.0 - table.drop_off[sel]
    start = table.start[sel]
    last = start + table.duration[sel] - 1
    out = np.empty(m)
    for year in range(1, years + 1):
        started = start <= year
        np.multiply(level, started & (last >= year), out=out)
        out *= df[max(year - offset, 0)]
        yield year, out
        np.multiply(level, keep, out=level, where=started)


def yearly_year_matrix(table: OutcomeTable, rows: np.ndarray, df: np.ndarray, offset: int) -> np.ndarray:
    """Net discounted values by project year for yearly-proxy rows, shape ``(k, W)``."""
    width = table.yearly_values.shape[1]
    ret = retention(table, rows, np.empty(rows.size), np.empty(rows.size))
    base = (table.quantity[rows][:, None] * table.yearly_values) * ret[:, None]
    age = np.arange(1, width + 1) - table.start[rows][:, None]
    active = (age >= 0) & (age < table.duration[rows][:, None])
    factor = np.power((1.0 - table.drop_off[rows])[:, None], np.where(active, age, 0).astype(np.float64))
    periods = np.clip(np.arange(1, width + 1) - offset, 0, df.shape[-1] - 1)
    values = np.where(active, base * factor, 0.0) * df[periods]
    return np.where(table.negative[rows][:, None], -values, values)


def stage_block(table: OutcomeTable, pv: np.ndarray, a: int, b: int) -> list[np.ndarray]:
    """Net stage values of rows ``a:b`` (yearly-proxy rows zeroed; added separately)."""
    t, m = table, b - a
    tmp = np.empty(m)
    qp = t.quantity[a:b] * t.proxy[a:b]
    dur = t.duration[a:b].astype(np.float64)
    stages = [qp * dur]
    for name in ("deadweight", "displacement", "attribution", "leakage"):
        np.subtract(1.0, getattr(t, name)[a:b], out=tmp)
        stages.append(stages[-1] * tmp)
    imp = t.impact[a:b]
    undiscounted = annuity(t.drop_off[a:b], dur, 0, _NO_DISCOUNT, np.ones(1), 0)
    stages.append(imp * undiscounted)
    stages.append(np.array(pv[a:b]))
    skip = yearly_in(t, a, b)
    for k, arr in enumerate(stages[:-1]):
        if skip.size:
            arr[skip] = 0.0
        if t.has_negative:
            stages[k] = np.where(t.negative[a:b], -arr, arr)
    if skip.size:
        stages[-1][skip] = 0.0
    return stages

def yearly_stages(table: OutcomeTable, pv: np.ndarray) -> list[np.ndarray]:
    t, rows = table, table.yearly_rows
    start, dur, do = t.start[rows], t.duration[rows], t.drop_off[rows]
    gross = t.quantity[rows] * yearly_stream_sums(t.yearly_values, start, dur, np.zeros(rows.size), None, 0)
    stages = [gross]
    for name in ("deadweight", "displacement", "attribution", "leakage"):
        stages.append(stages[-1] * (1.0 - getattr(t, name)[rows]))
    s = yearly_stream_sums(t.yearly_values, start, dur, do, None, 0)
    stages.append((t.quantity[rows] * s) * retention(t, rows, np.empty(rows.size), np.empty(rows.size)))
    stages = [np.where(t.negative[rows], -v, v) for v in stages]
    stages.append(np.array(pv[rows]))
    return stages
