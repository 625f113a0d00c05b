"""Valuation: present values, ratios and the reductions waterfall.

Conventions (each is a documented choice; see also :mod:`.discount` and :mod:`.stream`):

* ``impact = quantity × proxy × (1 - deadweight) × (1 - displacement) × (1 - attribution)
  × (1 - leakage)`` is the outcome's value in its first year; later years lose
  ``drop_off`` of the previous year's value (drop-off starts in the outcome's 2nd year).
* Disbenefits (``negative=True``) are valued like benefits and count with a minus sign:
  ``present_value = benefits - disbenefits``; ``disbenefits`` is reported as a positive
  magnitude; ``pv_by_outcome``, ``pv_by_year``, group totals and the waterfall are net
  (disbenefit rows negative).
* ``investment`` is undiscounted and falls at the start. ``npv = present_value -
  investment``; ``sroi_ratio = present_value / investment`` and ``net_sroi = npv /
  investment`` are ``None`` when the investment is 0 (undefined, not an error).
* ``payback_months = investment / (annual_impact / 12)`` where ``annual_impact`` is the
  net impact of project year 1: the year-1 impacts of the outcomes that start in year 1, net
  of disbenefits (the SROI Guide's simple payback; an outcome that starts in year 2 does not
  shorten it). ``None`` when ``annual_impact <= 0``: the project never pays back on that
  measure.
* Every total is a correctly rounded sum (:mod:`.exact`), so the same outcomes in any
  order give bit-identical totals. Money is never rounded inside the engine.

Cost model: the year-1 impact of every outcome and their exact net total are computed when
the table is compiled. :func:`valuate` then reads three columns (impact, drop-off,
duration) in one chunked pass — buffers of :data:`~.exact.CHUNK` rows that stay in cache,
no outcomes × years matrix — for per-outcome present values and the exact benefits,
disbenefits and net total. The reductions waterfall, the totals per year and per group are
computed on first access and cached, because each needs further passes and many callers
(sensitivity, Monte Carlo, dashboards) only want the headline figures.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from socialvalue.errors import EngineInputError

from . import exact as _exact
from .breakdown import (
    chunks,
    first_u0,
    retention,
    stage_block,
    year_values,
    yearly_in,
    yearly_stages,
    yearly_year_matrix,
)
from .compile import OutcomeTable
from .discount import Schedule, as_schedule, convention_offset
from .exact import ExactAccumulator, exact_group_sums, exact_sum
from .stream import annuity, yearly_stream_sums

__all__ = ["STAGES", "Valuation", "check_investment", "valuate"]

STAGES = ("gross", "deadweight", "displacement", "attribution", "leakage", "drop_off", "discounting")
"""Waterfall steps, in order: the total after each step and the reduction it made."""


def check_investment(investment: Any) -> float:
    """A finite number ``>= 0`` or :class:`EngineInputError`."""
    if isinstance(investment, bool) or not isinstance(investment, (int, float, np.integer, np.floating)):
        raise EngineInputError(f"investment must be a number, got {investment!r}", field="investment")
    value = float(investment)
    if not (math.isfinite(value) and value >= 0.0):
        raise EngineInputError(f"investment {value!r} must be a finite amount >= 0", field="investment",
                               hint="give the total (undiscounted) investment as a positive amount")
    return value


def _resolve(acc: ExactAccumulator, fallback: Callable[[], np.ndarray], what: str) -> float:
    value = acc.result()
    if value is not None:
        return value
    values = fallback()
    finite = np.isfinite(values)
    if not finite.all():
        i = int(np.flatnonzero(~finite)[0])
        raise EngineInputError(f"the {what} of outcome {i} is not a finite number (float64 overflow)",
                               field=f"proxy[{i}]", hint="check the units and scale of quantity and proxy")
    return exact_sum(values, name=what)


class Valuation:
    """Result of :func:`valuate`. Figures are plain floats; arrays are read-only."""

    __slots__ = ("_cache", "_df", "_last", "annual_impact", "benefits", "convention", "disbenefits",
                 "investment", "offset", "present_value", "pv_by_outcome", "schedule", "table")

    def __init__(self, table: OutcomeTable, schedule: Schedule, convention: str, investment: float) -> None:
        if not isinstance(table, OutcomeTable):
            raise EngineInputError("the engine needs an OutcomeTable from compile_outcomes()", field="table",
                                   hint="compile the outcome columns first: compile_outcomes(quantity=..., ...)")
        self.table = table
        self.schedule = schedule
        self.convention = convention
        self.offset = convention_offset(convention)
        self.investment = investment
        self._last = max(table.max_year - self.offset, 0)
        self._df = schedule.factors(self._last)
        self._cache: dict[Any, Any] = {}
        self._headline()

    # ------------------------------------------------------------------ headline pass
    def _headline(self) -> None:
        # float64 overflow (absurd quantity x proxy) is reported as EngineInputError below
        with np.errstate(over="ignore", invalid="ignore"):
            self._headline_pass()

    def _headline_pass(self) -> None:
        t, n = self.table, len(self.table)
        pv = np.empty(n)
        size = min(_exact.CHUNK, n)
        dur_b, w1, w2, w3 = (np.empty(size) for _ in range(4))
        acc_b, acc_d = ExactAccumulator(), ExactAccumulator()
        impact, do, neg = t.impact, t.drop_off, t.negative
        for a, b in chunks(n):
            m = b - a
            dur = dur_b[:m]
            np.copyto(dur, t.duration[a:b])
            out = annuity(do[a:b], dur, first_u0(t, slice(a, b), self.offset), self.schedule, self._df,
                          self._last, out=pv[a:b], work=(w1[:m], w2[:m], w3[:m]))
            out *= impact[a:b]
            skip = yearly_in(t, a, b)
            if skip.size:
                out[skip] = 0.0
            if t.has_negative:
                dis = np.multiply(out, neg[a:b], out=w2[:m])
                np.subtract(out, dis, out=out)
                acc_b.add(out, w1[:m], nonneg=True)
                acc_d.add(dis, w1[:m], nonneg=True)
                out -= dis
            else:
                acc_b.add(out, w1[:m], nonneg=True)
        if t.yearly_rows.size:
            rows = t.yearly_rows
            value = self._yearly_pv(rows)
            negr = t.negative[rows]
            acc_b.add(np.where(negr, 0.0, value))
            acc_d.add(np.where(negr, value, 0.0))
            pv[rows] = np.where(negr, -value, value)
        net = acc_b.merge(acc_d, -1.0)
        self.benefits = _resolve(acc_b, lambda: np.where(t.negative, 0.0, pv), "present value")
        self.disbenefits = _resolve(acc_d, lambda: np.where(t.negative, -pv, 0.0), "present value")
        self.present_value = _resolve(net, lambda: pv, "present value")
        self.annual_impact = t.annual_impact
        if not math.isfinite(self.annual_impact):
            _resolve(ExactAccumulator.undecided(), lambda: np.asarray(t.impact), "annual impact")
        pv.setflags(write=False)
        self.pv_by_outcome = pv

    def _yearly_pv(self, rows: np.ndarray) -> np.ndarray:
        t = self.table
        s = yearly_stream_sums(t.yearly_values, t.start[rows], t.duration[rows], t.drop_off[rows], self._df,
                               self.offset)
        ret = retention(t, rows, np.empty(rows.size), np.empty(rows.size))
        return (t.quantity[rows] * s) * ret

    # ------------------------------------------------------------------ derived figures
    @property
    def npv(self) -> float:
        """Net present value: present value minus the (undiscounted) investment."""
        return self.present_value - self.investment

    @property
    def sroi_ratio(self) -> float | None:
        """Present value per unit of investment; ``None`` when the investment is 0."""
        return self.present_value / self.investment if self.investment > 0 else None

    @property
    def net_sroi(self) -> float | None:
        """NPV per unit of investment; ``None`` when the investment is 0."""
        return self.npv / self.investment if self.investment > 0 else None

    @property
    def payback_months(self) -> float | None:
        """Months of (year-1, net) impact needed to repay the investment; ``None`` if never."""
        monthly = self.annual_impact / 12.0
        if monthly <= 0.0:  # no impact, or one so small (subnormal) that a month of it is 0.0
            return None
        return self.investment / monthly

    # ------------------------------------------------------------------ waterfall
    @property
    def reductions(self) -> list[dict[str, Any]]:
        """The waterfall: ``[{"stage", "total", "reduction"}, …]`` in :data:`STAGES` order.

        ``gross`` is quantity × proxy over the outcome's years (no adjustments, no drop-off,
        undiscounted); each later entry is the total after that step and the amount the
        step removed. The last total equals :attr:`present_value`.
        """
        if "reductions" not in self._cache:
            n = len(self.table)
            accs = [ExactAccumulator() for _ in STAGES]
            for a, b in chunks(n):
                for acc, values in zip(accs, stage_block(self.table, self.pv_by_outcome, a, b), strict=True):
                    acc.add(values)
            if self.table.yearly_rows.size:
                for acc, values in zip(accs, yearly_stages(self.table, self.pv_by_outcome), strict=True):
                    acc.add(values)
            totals = []
            for k, acc in enumerate(accs):
                totals.append(_resolve(acc, lambda k=k: self._stage_full(k), "stage " + STAGES[k]))
            totals[-1] = self.present_value
            rows, previous = [], totals[0]
            for name, total in zip(STAGES, totals, strict=True):
                rows.append({"stage": name, "total": total, "reduction": previous - total})
                previous = total
            self._cache["reductions"] = rows
        return [dict(r) for r in self._cache["reductions"]]

    def _stage_full(self, k: int) -> np.ndarray:
        parts = [stage_block(self.table, self.pv_by_outcome, a, b)[k] for a, b in chunks(len(self.table))]
        if self.table.yearly_rows.size:
            parts.append(yearly_stages(self.table, self.pv_by_outcome)[k])
        return np.concatenate(parts) if parts else np.zeros(0)

    # ------------------------------------------------------------------ by year
    @property
    def pv_by_year(self) -> np.ndarray:
        """Net discounted value in each project year ``1 … max_year`` (index ``t - 1``).

        Year values are built by repeated multiplication by ``1 - drop_off``, so their sum
        can differ from :attr:`present_value` (closed form) in the last few bits; the
        columns of :meth:`streams` add up to these totals exactly.
        """
        if "by_year" not in self._cache:
            t, years = self.table, self.table.max_year
            accs = [ExactAccumulator() for _ in range(years)]
            for a, b in chunks(len(t)):
                for year, values in year_values(t, self._df, self.offset, slice(a, b), years,
                                                 yearly_in(t, a, b)):
                    accs[year - 1].add(values, sparse=True)
            if t.yearly_rows.size:
                extra = yearly_year_matrix(t, t.yearly_rows, self._df, self.offset)
                for k in range(min(extra.shape[1], years)):
                    accs[k].add(np.ascontiguousarray(extra[:, k]))
            out = np.empty(years)
            for k, acc in enumerate(accs):
                out[k] = _resolve(acc, lambda k=k: self._year_column(k + 1), f"value in year {k + 1}")
            out.setflags(write=False)
            self._cache["by_year"] = out
        return self._cache["by_year"]

    def _year_column(self, year: int) -> np.ndarray:
        """Every outcome's net value in one project year (exact fallback for :attr:`pv_by_year`)."""
        t = self.table
        parts = []
        for a, b in chunks(len(t)):
            for y, values in year_values(t, self._df, self.offset, slice(a, b), year, yearly_in(t, a, b)):
                if y == year:
                    parts.append(np.array(values))
        if t.yearly_rows.size:
            matrix = yearly_year_matrix(t, t.yearly_rows, self._df, self.offset)
            if year <= matrix.shape[1]:
                parts.append(matrix[:, year - 1])
        return np.concatenate(parts) if parts else np.zeros(0)

    def streams(self, rows: Any = None, *, discounted: bool = True, max_cells: int = 50_000_000) -> np.ndarray:
        """Per-outcome net values by project year, shape ``(len(rows), max_year)``.

        For reports on small portfolios; never computed in the valuation itself. Column
        ``t - 1`` holds project year ``t``; ``discounted=False`` gives the undiscounted
        stream. Raises :class:`EngineInputError` above ``max_cells`` cells.
        """
        t = self.table
        idx = np.arange(len(t)) if rows is None else np.asarray(rows, dtype=np.intp).reshape(-1)
        if idx.size and (int(idx.min()) < 0 or int(idx.max()) >= len(t)):
            raise EngineInputError("row index out of range", field="rows")
        years = t.max_year
        if idx.size * years > max_cells:
            raise EngineInputError(f"{idx.size} outcomes × {years} years is too large for a stream matrix",
                                   field="rows", hint="pass rows= for a subset, or use pv_by_year")
        df = self._df if discounted else np.ones_like(self._df)
        is_yearly = np.isin(idx, t.yearly_rows)
        out = np.zeros((idx.size, years))
        for year, values in year_values(t, df, self.offset, idx, years, np.flatnonzero(is_yearly)):
            out[:, year - 1] = values
        if is_yearly.any():
            matrix = yearly_year_matrix(t, t.yearly_rows, df, self.offset)
            where = np.searchsorted(t.yearly_rows, idx[is_yearly])
            width = min(matrix.shape[1], years)
            out[np.flatnonzero(is_yearly), :width] = matrix[where][:, :width]
        return out

    # ------------------------------------------------------------------ groups & export
    def pv_by_group(self, name: str) -> dict[Any, float]:
        """Net present value per label of grouping ``name`` (exact per group)."""
        key = ("group", name)
        if key not in self._cache:
            if name not in self.table.groups:
                raise EngineInputError(f"no grouping called {name!r}", field="groups",
                                       hint="groupings: " + (", ".join(self.table.groups) or "none"))
            group = self.table.groups[name]
            sums = exact_group_sums(self.pv_by_outcome, group.codes, len(group.labels), name="pv_by_outcome")
            self._cache[key] = dict(zip(group.labels, sums.tolist(), strict=True))
        return dict(self._cache[key])

    def to_dict(self, *, outcomes: bool = True, years: bool = True, groups: bool = True) -> dict[str, Any]:
        """Plain floats, lists and dicts, ready for ``json.dumps`` (same inputs, same bytes)."""
        out: dict[str, Any] = {
            "convention": self.convention,
            "discount": self.schedule.to_dict(),
            "outcomes": len(self.table),
            "investment": self.investment,
            "present_value": self.present_value,
            "benefits": self.benefits,
            "disbenefits": self.disbenefits,
            "npv": self.npv,
            "sroi_ratio": self.sroi_ratio,
            "net_sroi": self.net_sroi,
            "annual_impact": self.annual_impact,
            "payback_months": self.payback_months,
            "reductions": self.reductions,
        }
        if years:
            out["pv_by_year"] = self.pv_by_year.tolist()
        if groups:
            out["pv_by_group"] = {name: {str(k): v for k, v in self.pv_by_group(name).items()}
                                  for name in self.table.groups}
        if outcomes:
            out["pv_by_outcome"] = self.pv_by_outcome.tolist()
        return out

    def __repr__(self) -> str:
        ratio = "n/a" if self.sroi_ratio is None else f"{self.sroi_ratio:.4g}"
        return (f"<Valuation {len(self.table)} outcomes, PV {self.present_value:,.2f}, "
                f"investment {self.investment:,.2f}, ratio {ratio}, {self.convention}>")


def valuate(table: OutcomeTable, discount: Any = 0.035, investment: Any = 0.0, *,
            convention: str = "sroi") -> Valuation:
    """Value compiled outcomes: present values, NPV, SROI ratio, payback and breakdowns.

    ``discount`` is a yearly rate (``0.035``), a ``DiscountSchedule`` (anything with
    ``band_starts``/``band_rates``) or ``(band_starts, band_rates)``. ``convention`` is
    ``"sroi"`` (default; year 1 discounted one period) or ``"green-book"`` (year 1
    undiscounted). ``investment`` is the undiscounted total at the start.
    """
    schedule = as_schedule(discount)
    convention_offset(convention)
    return Valuation(table, schedule, convention, check_investment(investment))
