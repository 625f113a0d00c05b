"""Compile outcomes into validated, read-only columnar arrays, once.

Every later step (valuation, sensitivity, Monte Carlo) trusts these arrays, so the checks
live here and run once. The columns are scanned together in cache-sized blocks of rows:
each block is copied (when the caller could still change the input), reduced to its
``min``/``max`` for validation (:mod:`.columns`), and — while it is still in cache — turned
into the outcome's year-1 impact, which is stored with the table together with its exact
net total. A valuation then reads three columns (impact, drop-off, duration) instead of
seven. Nothing is clamped or rounded: bad input raises
:class:`~socialvalue.errors.EngineInputError` naming the array and index
(``field="deadweight[12]"``).

Conventions
-----------
* Fractions (deadweight, displacement, attribution, leakage, drop-off) are written as
  fractions in ``[0, 1]`` (``0.2`` for 20%).
* ``duration`` is the number of years an outcome lasts (integer ``>= 1``); ``start`` is
  the project year of its first value (``1`` = starts during the activity, the SROI value
  map's "1"; ``2`` = starts in the period after). An outcome is valued in project years
  ``start … start + duration - 1``; the last such year may not exceed :data:`MAX_YEAR`.
* ``proxy`` is the value of one unit of the outcome, already expressed in the target price
  year. ``negative`` marks disbenefits: their value is computed like any other and then
  counted with a minus sign in net totals.
* ``impact = quantity × proxy × (1 - deadweight) × (1 - displacement) × (1 - attribution)
  × (1 - leakage)`` is the outcome's value in its first year (unsigned); ``annual_impact``
  is the net impact in **project year 1**: the exact sum of the impacts of the outcomes that
  start in year 1, net of disbenefits (an outcome that starts in year 2 adds nothing to it).
* Proxies that change by calendar year (e.g. carbon values) are given per row in
  ``yearly_proxy``: ``{row: values}`` where ``values[t - 1]`` is the proxy in **project
  year** ``t`` (use :func:`project_year_series` to cut a calendar-year series). Only the
  entries for the outcome's own years are read (others may be NaN). For such rows the
  ``proxy`` column is ignored on input and replaced by the proxy of the outcome's first
  year, so that ``impact`` is still its year-1 value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from socialvalue.errors import EngineInputError
from socialvalue.frozen import FrozenDict

from . import columns as C
from .columns import MAX_YEAR, GroupCodes
from .exact import ExactAccumulator, exact_sum
from .stream import impact_into

__all__ = ["FRACTIONS", "MAX_YEAR", "GroupCodes", "OutcomeTable", "compile_outcomes", "project_year_series"]

FRACTIONS = ("deadweight", "displacement", "attribution", "leakage", "drop_off")
"""The adjustment columns, each a fraction in ``[0, 1]``."""

_BLOCK = 1 << 15  # rows per block: ~10 columns of it stay in L2/L3 while they are copied, checked and combined


@dataclass(frozen=True, slots=True, eq=False)
class OutcomeTable:
    """Validated outcomes as read-only float64/int64/bool columns (one row per outcome).

    Build it with :func:`compile_outcomes`; the constructor does not validate. A column
    given as a scalar (or left at its default) is stored as a read-only broadcast view,
    which costs no memory. ``yearly_rows``/``yearly_values`` hold the rows with a proxy
    per project year: ``yearly_values[k, t - 1]`` is the proxy of row ``yearly_rows[k]``
    in project year ``t`` (zero outside the outcome's years).
    """

    quantity: np.ndarray
    proxy: np.ndarray
    deadweight: np.ndarray
    displacement: np.ndarray
    attribution: np.ndarray
    leakage: np.ndarray
    drop_off: np.ndarray
    duration: np.ndarray
    start: np.ndarray
    negative: np.ndarray
    yearly_rows: np.ndarray
    yearly_values: np.ndarray
    groups: Mapping[str, GroupCodes]
    impact: np.ndarray
    annual_impact: float
    has_leakage: bool
    has_negative: bool
    uniform_start: int | None
    max_year: int

    def __len__(self) -> int:
        return int(self.quantity.shape[0])

    @property
    def n(self) -> int:
        """Number of outcomes."""
        return len(self)

    def derive(self, **changes: Any) -> OutcomeTable:
        """A copy with some columns replaced by values the caller has already validated.

        Used by sensitivity analysis and Monte Carlo, whose variations stay inside the
        valid ranges by construction; impact and summary facts are recomputed.
        """
        cols = {name: getattr(self, name) for name in _COLUMNS}
        cols.update(changes)
        n = len(self) if "quantity" not in changes else len(np.asarray(changes["quantity"]))
        for name in ("duration", "start"):
            cols[name] = np.broadcast_to(np.asarray(cols[name], dtype=np.int64), (n,))
        for name in ("quantity", "proxy", *FRACTIONS):
            cols[name] = np.broadcast_to(np.asarray(cols[name], dtype=np.float64), (n,))
        cols["negative"] = np.broadcast_to(np.asarray(cols["negative"], dtype=bool), (n,))
        dur, start = cols["duration"], cols["start"]
        s_lo, s_hi = (int(start.min()), int(start.max())) if n else (1, 1)
        has_leakage = bool(n and cols["leakage"].max() > 0.0)
        has_negative = bool(n and cols["negative"].any())
        impact, annual = _impacts(cols, n, has_leakage, has_negative)
        uniform = s_lo if s_lo == s_hi else None
        return OutcomeTable(
            **cols, impact=impact, annual_impact=_year_one(annual, impact, cols["negative"], start, uniform),
            has_leakage=has_leakage, has_negative=has_negative,
            uniform_start=uniform, max_year=int((start + dur).max()) - 1 if n else 0,
        )

    def take(self, rows: Any) -> OutcomeTable:
        """The outcomes at positions ``rows`` (in that order), yearly proxies included.

        Groupings are dropped (codes would refer to the full table).
        """
        idx = np.asarray(rows, dtype=np.intp).reshape(-1)
        cols: dict[str, Any] = {name: getattr(self, name)[idx] for name in ("quantity", "proxy", *FRACTIONS,
                                                                            "duration", "start", "negative")}
        if self.yearly_rows.size:
            hit = np.flatnonzero(np.isin(idx, self.yearly_rows))
            where = np.searchsorted(self.yearly_rows, idx[hit])
            cols["yearly_rows"] = C.readonly(hit.astype(np.intp))
            cols["yearly_values"] = C.readonly(np.array(self.yearly_values[where]))
        else:
            cols["yearly_rows"], cols["yearly_values"] = self.yearly_rows, self.yearly_values
        cols["groups"] = FrozenDict({})
        return self.derive(**cols)


_COLUMNS = ("quantity", "proxy", *FRACTIONS, "duration", "start", "negative", "yearly_rows", "yearly_values",
            "groups")


def _impacts(cols: Mapping[str, Any], n: int, has_leakage: bool, has_negative: bool) -> tuple[np.ndarray, float]:
    """Impact column and its exact net total, in blocks (used by :meth:`OutcomeTable.derive`)."""
    impact = np.empty(n)
    size = min(_BLOCK, n)
    ret, tmp = np.empty(size), np.empty(size)
    acc_b, acc_d = ExactAccumulator(), ExactAccumulator()
    for a in range(0, n, _BLOCK):
        b = min(a + _BLOCK, n)
        sl = slice(a, b)
        block = _impact_block(cols, sl, has_leakage, impact[sl], ret[:b - a], tmp[:b - a])
        _accumulate(block, cols["negative"][sl] if has_negative else None, acc_b, acc_d, tmp[:b - a])
    return C.readonly(impact), _net(acc_b, acc_d, impact, cols["negative"])


def _impact_block(cols: Mapping[str, Any], sl: slice, has_leakage: bool, out: np.ndarray, ret: np.ndarray,
                  tmp: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore", invalid="ignore"):  # overflow is reported by the valuation
        return impact_into(cols["quantity"][sl], cols["proxy"][sl], cols["deadweight"][sl],
                           cols["displacement"][sl], cols["attribution"][sl],
                           cols["leakage"][sl] if has_leakage else None, out, ret, tmp)


def _accumulate(block: np.ndarray, negative: np.ndarray | None, acc_b: ExactAccumulator, acc_d: ExactAccumulator,
                tmp: np.ndarray) -> None:
    if negative is None:
        acc_b.add(block, tmp, nonneg=True)
        return
    dis = np.multiply(block, negative)
    acc_d.add(dis, tmp, nonneg=True)
    acc_b.add(block - dis, tmp, nonneg=True)


def _year_one(total: float, impact: np.ndarray, negative: np.ndarray, start: np.ndarray,
              uniform_start: int | None) -> float:
    """Net impact of project year 1: ``total`` when every outcome starts in year 1, 0 when none does,
    else the exact sum over the outcomes that do (one extra pass, only for mixed start years)."""
    if uniform_start == 1 or not np.isfinite(total):
        return total
    if uniform_start is not None or impact.shape[0] == 0:
        return 0.0
    first = np.asarray(start) == 1
    return exact_sum(np.where(first, np.where(negative, -impact, impact), 0.0), name="impact")


def _net(acc_b: ExactAccumulator, acc_d: ExactAccumulator, impact: np.ndarray, negative: np.ndarray) -> float:
    total = acc_b.merge(acc_d, -1.0).result()
    if total is not None:
        return total
    if not np.isfinite(impact).all():
        return float("nan")  # overflow; the valuation raises with the row
    return exact_sum(np.where(negative, -impact, impact), name="impact")


def compile_outcomes(
    *,
    quantity: Any,
    proxy: Any,
    duration: Any,
    deadweight: Any = None,
    displacement: Any = None,
    attribution: Any = None,
    leakage: Any = None,
    drop_off: Any = None,
    start: Any = None,
    negative: Any = None,
    yearly_proxy: Mapping[int, Any] | None = None,
    groups: Mapping[str, Any] | None = None,
    copy: bool | None = None,
) -> OutcomeTable:
    """Validate outcome columns once and freeze them as an :class:`OutcomeTable`.

    Each column is a 1-D array-like with one entry per outcome; a scalar fraction,
    duration, start or flag applies to every outcome. Omitted fractions are 0, omitted
    ``start`` is 1 (the outcome starts during the activity), omitted ``negative`` is all
    False. ``groups`` maps a grouping name (``"theme"``, ``"beneficiary"`` …) to integer
    codes ``>= 0`` or string labels per outcome, for :meth:`Valuation.pv_by_group`.
    ``yearly_proxy`` maps a row index to its proxy by project year (see the module
    docstring).

    Inputs the caller could still modify are copied (in the same pass that validates
    them), so later changes to the caller's arrays cannot change the table or its lazily
    computed breakdowns. Arrays that are read-only all the way down (``flags.writeable``
    False on the array and its bases, e.g. a read-only memory map or a buffer from Arrow)
    are referenced without a copy: zero-copy input for large portfolios. ``copy=True``
    always copies; ``copy=False`` never does (the caller promises not to modify the
    inputs while the table is in use).

    Raises :class:`~socialvalue.errors.EngineInputError` (a ``ValueError``) with ``field``
    naming the column and the first bad index for NaN, infinities, negative quantities or
    proxies, fractions outside ``[0, 1]``, non-integer or too small durations/starts,
    mismatched lengths, and malformed yearly proxies or groups.
    """
    q_raw = C.as_array(quantity, "quantity", np.float64)
    if q_raw.ndim != 1:
        raise EngineInputError(f"quantity must be a one-dimensional array, got shape {q_raw.shape}",
                               field="quantity", hint="give one quantity per outcome")
    n = q_raw.shape[0]
    cols = [C.float_column(quantity, "quantity", n, kind="amount", default=None, copy=copy, converted=q_raw)]
    for name, value in zip(FRACTIONS, (deadweight, displacement, attribution, leakage, drop_off), strict=True):
        cols.append(C.float_column(value, name, n, kind="fraction", default=0.0, copy=copy))
    dur = C.int_column(duration, "duration", n, default=None, minimum=1, copy=copy)
    st = C.int_column(start, "start", n, default=1, minimum=1, copy=copy)
    neg = C.bool_column(negative, n, copy)
    rows, values = C.readonly(np.zeros(0, dtype=np.intp)), C.readonly(np.zeros((0, 0)))
    if yearly_proxy:
        # years must be known (and valid) before the series can be cut: check them first
        for col in (dur, st):
            _scan([col], n)
            C.check(col, n)
        p_in = C.as_array(proxy, "proxy", np.float64)
        if p_in.ndim == 0:
            p_in = np.full(n, float(p_in))
        if p_in.shape != (n,):
            raise C.shape_error("proxy", p_in, n)
        p_own = np.array(p_in, dtype=np.float64)  # the yearly rows' entries are replaced
        rows, values = C.yearly_of(yearly_proxy, n, st.data, dur.data, p_own)
        cols.insert(1, C.float_column(p_own, "proxy", n, kind="amount", default=None, copy=False))
    else:
        cols.insert(1, C.float_column(proxy, "proxy", n, kind="amount", default=None, copy=copy))
    by_name = {c.name: c for c in (*cols, dur, st, neg)}
    has_leakage = not by_name["leakage"].constant or by_name["leakage"].hi > 0.0
    impact = np.empty(n)
    acc_b, acc_d = ExactAccumulator(), ExactAccumulator()
    _scan([c for c in (*cols, dur, st, neg) if not c.constant and c.lo is None], n,
          lambda sl, tmp: _on_block(by_name, sl, has_leakage, impact, acc_b, acc_d, tmp))
    for col in (*cols, dur, st):
        C.check(col, n)
    data = {name: C.readonly(col.data) for name, col in by_name.items()}
    has_leakage = has_leakage and bool(n) and by_name["leakage"].hi > 0.0
    max_year = (int(st.hi) + int(dur.hi) - 1 if st.lo == st.hi else int((data["start"] + data["duration"]).max()) - 1)
    if n and max_year > MAX_YEAR:
        last = data["start"] + data["duration"] - 1
        i = C.first_bad(last <= MAX_YEAR)
        raise EngineInputError(f"outcome runs to project year {int(last[i])}, beyond {MAX_YEAR}",
                               field=f"duration[{i}]", hint="shorten the duration or start earlier")
    has_negative = bool(n) and bool(neg.hi)
    uniform = int(st.lo) if (st.lo == st.hi and n) else (1 if not n else None)
    return OutcomeTable(
        **data, yearly_rows=rows, yearly_values=values, groups=C.groups_of(groups, n),
        impact=C.readonly(impact),
        annual_impact=_year_one(_net(acc_b, acc_d, impact, data["negative"]), impact, data["negative"],
                                data["start"], uniform),
        has_leakage=has_leakage, has_negative=has_negative,
        uniform_start=uniform, max_year=max_year if n else 0,
    )


def _on_block(cols: Mapping[str, C.Column], sl: slice, has_leakage: bool, impact: np.ndarray,
              acc_b: ExactAccumulator, acc_d: ExactAccumulator, tmp: tuple[np.ndarray, np.ndarray]) -> None:
    """Impact of one block of rows while its columns are in cache, and its exact sums."""
    data = {name: col.data for name, col in cols.items()}
    m = sl.stop - sl.start
    block = _impact_block(data, sl, has_leakage, impact[sl], tmp[0][:m], tmp[1][:m])
    negative = cols["negative"]
    if negative.constant and not negative.hi:
        negative_block = None
    else:
        negative_block = data["negative"][sl]
    with np.errstate(invalid="ignore"):  # invalid inputs are rejected after the scan
        _accumulate(block, negative_block, acc_b, acc_d, tmp[1][:m])


def _scan(cols: list[C.Column], n: int, on_block: Any = None) -> None:
    """Copy (where needed) and min/max-reduce ``cols`` block by block, calling
    ``on_block(rows, scratch)`` while the block is still in cache."""
    plan = []
    for col in cols:
        source = col.data
        if col.copy:
            col.data = np.empty_like(source)
        plan.append((col, source))
    lows: list[list[Any]] = [[] for _ in cols]
    highs: list[list[Any]] = [[] for _ in cols]
    size = min(_BLOCK, n)
    scratch = (np.empty(size), np.empty(size))
    for a in range(0, n, _BLOCK):
        b = min(a + _BLOCK, n)
        for k, (col, source) in enumerate(plan):
            block = col.data[a:b]
            if col.copy:
                np.copyto(block, source[a:b])
            lows[k].append(block.min())
            highs[k].append(block.max())
        if on_block is not None:
            on_block(slice(a, b), scratch)
    for k, (col, _) in enumerate(plan):
        if n:
            col.lo, col.hi = np.min(lows[k]), np.max(highs[k])  # numpy reductions propagate NaN
        else:
            col.lo = col.hi = col.minimum if col.kind == "int" else 0
        col.copy = False


def project_year_series(series: Mapping[int, float], first_year: int, years: int, *,
                        name: str = "series") -> np.ndarray:
    """Values of a calendar-year series for project years ``1 … years``.

    ``first_year`` is the calendar year of project year 1, so project year ``t`` reads
    ``series[first_year + t - 1]``. Missing years raise :class:`EngineInputError`
    rather than being filled in: extrapolating a carbon or price series is a modelling
    choice the caller must make explicitly.
    """
    out = np.empty(years)
    for t in range(years):
        year = first_year + t
        if year not in series:
            raise EngineInputError(f"no value for calendar year {year}", field=f"{name}[{year}]",
                                   hint="extend the series or shorten the outcome")
        out[t] = float(series[year])
    return out
