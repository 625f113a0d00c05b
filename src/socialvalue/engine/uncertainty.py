"""Seeded Monte Carlo over proxies and adjustments.

``uncertainty`` maps an assumption (``proxy``, ``quantity``, ``deadweight``,
``displacement``, ``attribution``, ``leakage``, ``drop_off``, ``duration``,
``discount_rate``) to a distribution, or a list of distributions for disjoint sets of
``rows``. A distribution's parameters are scalars or one value per row it covers
(``rows=None``: every outcome). With ``relative=True`` a draw multiplies the outcome's base
value (for ``duration`` it is added, in whole years). Absolute ``discount_rate`` draws are
one constant rate per draw that replaces the schedule.

Distributions (all vectorised; parameters validated before any draw):

* :class:`Uniform` ``(low, high)``;
* :class:`Triangular` ``(low, mode, high)`` — inverse CDF on one uniform per draw (the
  same arithmetic as ``Generator.triangular``, which also accepts ``low == high``);
* :class:`Normal` ``(mean, sd)``;
* :class:`LogNormal` ``(median, sigma)``: ``median * exp(sigma * Z)``, ``Z`` standard
  normal; ``sigma`` is the standard deviation of the log, so ``median = exp(mu)`` in the
  usual ``(mu, sigma)`` notation and the mean is ``median * exp(sigma**2 / 2)``;
* :class:`DiscreteUniform` ``(low, high)`` whole numbers, both ends included (durations).

Draws are **never clipped**. A draw outside its valid range (a normal deadweight below 0,
a negative proxy) raises :class:`~socialvalue.errors.EngineInputError` naming the
assumption, row and draw, because silently clamping or re-drawing would change the
distribution the user asked for. Use bounded distributions (uniform, triangular) for
fractions close to 0 or 1.

Reproducibility: a seed is required (an ``int``, a ``numpy.random.SeedSequence`` or a
``numpy.random.Generator``, from which 128 bits of entropy are taken). Every
(assumption, distribution) pair draws from its own stream,
``SeedSequence(entropy, spawn_key=(assumption index, position))``, so adding uncertainty on
one assumption does not change the draws of another, and draw ``i`` is the same whatever
the internal block size. Totals per draw are correctly rounded sums: same seed, same bits.

Speed: present value is linear in quantity, proxy and each ``(1 - fraction)``, so only
the rows with uncertainty are recomputed per draw, from their base annuity factor; the
value stream (annuity) is recomputed only when drop-off, duration or the discount rate is
drawn. The other outcomes enter every draw as one exact constant.

Why the mean of the draws differs from the deterministic value: PV is a *product* of
uncertain factors and a convex function of drop-off and the discount rate, so by Jensen's
inequality the mean of PV over the draws is not PV at the mean inputs; a triangular or
lognormal distribution whose mode/median is the base value has a different mean than that
base value; and the ratio's mean is not the ratio of means. With zero-width distributions
every draw equals the deterministic result exactly.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from socialvalue.errors import EngineInputError

from .compile import FRACTIONS, MAX_YEAR, OutcomeTable
from .discount import Schedule, as_schedule, convention_offset
from .distributions import DISTRIBUTIONS, DiscreteUniform, LogNormal, Normal, Triangular, Uniform, spawn_streams
from .exact import exact_partials, exact_row_sums, exact_sum
from .stream import annuity, yearly_stream_sums
from .valuation import Valuation, check_investment

__all__ = ["DiscreteUniform", "LogNormal", "MonteCarloResult", "Normal", "Triangular", "Uniform", "monte_carlo",
           "present_values", "spawn_streams"]

UNCERTAIN = ("proxy", "quantity", *FRACTIONS, "duration", "discount_rate")
_BLOCK_CELLS = 1 << 18  # draws x rows per block: a few MB of work arrays


@dataclass(frozen=True)
class MonteCarloResult:
    """Per-draw present values and ratios (read-only arrays) and their summary."""

    draws: int
    base_pv: float
    base_ratio: float | None
    investment: float
    pv: np.ndarray
    ratio: np.ndarray | None
    summary: Mapping[str, Any]

    def to_dict(self, *, include_draws: bool = False) -> dict[str, Any]:
        out = {"draws": self.draws, "base_pv": self.base_pv, "base_ratio": self.base_ratio,
               "investment": self.investment, "summary": _plain(self.summary)}
        if include_draws:
            out["pv"] = self.pv.tolist()
            out["ratio"] = None if self.ratio is None else self.ratio.tolist()
        return out


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    return value


@dataclass
class _Spec:
    name: str
    dist: Any
    cols: np.ndarray  # positions within the uncertain columns
    params: dict[str, np.ndarray]
    rng: np.random.Generator | None = None


def _specs(table: OutcomeTable, uncertainty: Mapping[str, Any]) -> list[tuple[int, int, str, Any, np.ndarray]]:
    n = len(table)
    out = []
    if not isinstance(uncertainty, Mapping) or not uncertainty:
        raise EngineInputError("uncertainty must map assumptions to distributions", field="uncertainty",
                               hint="e.g. {'proxy': Triangular(0.8, 1.0, 1.2, relative=True)}")
    for name in uncertainty:
        if name not in UNCERTAIN:
            raise EngineInputError(f"unknown assumption {name!r}", field=f"uncertainty.{name}",
                                   hint="choose from " + ", ".join(UNCERTAIN))
    for a_idx, name in enumerate(UNCERTAIN):
        if name not in uncertainty:
            continue
        value = uncertainty[name]
        dists = list(value) if isinstance(value, (list, tuple)) else [value]
        seen = np.zeros(n, dtype=bool)
        for j, dist in enumerate(dists):
            field = f"uncertainty.{name}" + (f"[{j}]" if len(dists) > 1 else "")
            if not isinstance(dist, DISTRIBUTIONS):
                raise EngineInputError(f"{dist!r} is not a distribution", field=field)
            if (name == "duration") != isinstance(dist, DiscreteUniform):
                raise EngineInputError("duration takes DiscreteUniform; other assumptions take continuous "
                                       "distributions", field=field)
            if name == "discount_rate":
                if dist.rows is not None:
                    raise EngineInputError("the discount rate is common to all outcomes: no rows", field=field)
                rows = np.zeros(0, dtype=np.intp)
            elif dist.rows is None:
                rows = np.arange(n, dtype=np.intp)
            else:
                rows = np.asarray(dist.rows).reshape(-1)
                if rows.dtype.kind not in "iu" or (rows.size and (rows.min() < 0 or rows.max() >= n)):
                    raise EngineInputError(f"rows must be outcome indices 0..{n - 1}", field=f"{field}.rows")
                rows = rows.astype(np.intp)
                if np.unique(rows).size != rows.size:
                    raise EngineInputError("rows repeat an outcome", field=f"{field}.rows")
            if seen[rows].any():
                raise EngineInputError(f"an outcome has two distributions for {name}", field=f"{field}.rows")
            seen[rows] = True
            out.append((a_idx, j, name, dist, rows))
    return out


def _params(dist: Any, k: int, field: str) -> dict[str, np.ndarray]:
    params = {}
    for pname in dist._params:
        try:
            arr = np.asarray(getattr(dist, pname), dtype=np.float64)
        except (TypeError, ValueError):
            raise EngineInputError(f"{pname} must be numbers", field=f"{field}.{pname}") from None
        if arr.ndim == 0:
            arr = np.full(max(k, 1), float(arr))
        if arr.shape != (max(k, 1),):
            raise EngineInputError(f"{pname} has {arr.size} values for {k} outcomes", field=f"{field}.{pname}")
        if not np.isfinite(arr).all():
            i = int(np.flatnonzero(~np.isfinite(arr))[0])
            raise EngineInputError(f"{pname} is not a finite number", field=f"{field}.{pname}[{i}]")
        params[pname] = arr
    dist.check(params, field)
    return params


def _check_draws(name: str, values: np.ndarray, rows: np.ndarray, first_draw: int, lo: float, hi: float,
                 open_ends: bool = False) -> None:
    good = ((values > lo) & (values < hi)) if open_ends else ((values >= lo) & (values <= hi))
    if good.all():
        return
    d, c = np.argwhere(~good)[0]
    raise EngineInputError(
        f"draw {first_draw + int(d)} gives {name} {values[d, c]!r}, outside its valid range",
        field=f"uncertainty.{name}[{int(rows[c]) if rows.size else 0}]",
        hint="draws are never clipped: use a bounded distribution (uniform, triangular) or a smaller spread")


def monte_carlo(table: OutcomeTable, discount: Any = 0.035, investment: Any = 0.0, *,
                uncertainty: Mapping[str, Any], draws: int = 10_000, seed: Any,
                convention: str = "sroi", percentiles: Sequence[float] = (5, 25, 50, 75, 95)) -> MonteCarloResult:
    """Monte Carlo present value and SROI ratio (see the module docstring).

    Returns per-draw PV and ratio arrays and a summary ``{"pv": {...}, "ratio": {...},
    "probability_ratio_below_1": p}`` where each block has ``mean``, ``median``, ``std``
    (``ddof=1``) and ``p5``, ``p25``, ``p50``, ``p75``, ``p95`` (or the requested
    ``percentiles``); ratio entries are ``None`` without an investment.
    """
    if not percentiles or not all(0 <= float(p) <= 100 for p in percentiles):
        raise EngineInputError(f"percentiles {percentiles!r} must lie in 0..100", field="percentiles")
    if isinstance(draws, bool) or not isinstance(draws, (int, np.integer)) or draws < 1:
        raise EngineInputError(f"draws {draws!r} must be a whole number >= 1", field="draws")
    schedule = as_schedule(discount)
    offset = convention_offset(convention)
    inv = check_investment(investment)
    base = Valuation(table, schedule, convention, inv)
    raw_specs = _specs(table, uncertainty)
    streams = spawn_streams(seed, [(a, j) for a, j, *_ in raw_specs])
    rate_drawn = any(name == "discount_rate" for _, _, name, _, _ in raw_specs)
    if rate_drawn:
        cols = np.arange(len(table), dtype=np.intp)
    else:
        cols = np.unique(np.concatenate([rows for *_, rows in raw_specs])).astype(np.intp)
    specs: list[_Spec] = []
    for (a_idx, j, name, dist, rows), rng in zip(raw_specs, streams, strict=True):
        field = f"uncertainty.{name}"
        params = _params(dist, rows.size, field)
        if name == "discount_rate" and dist.relative and not schedule.is_constant:
            raise EngineInputError("relative discount-rate draws need a constant-rate schedule", field=field,
                                   hint="give absolute rates: each draw is then a constant rate")
        specs.append(_Spec(name, dist, np.searchsorted(cols, rows), params, rng))
    engine = _Draws(table, schedule, offset, base, cols, specs)
    pv = np.empty(int(draws))
    block = max(1, _BLOCK_CELLS // max(cols.size, 1))
    for a in range(0, int(draws), block):
        b = min(a + block, int(draws))
        pv[a:b] = engine.totals(a, b - a)
    pv.setflags(write=False)
    ratio = None
    if inv > 0:
        ratio = pv / inv
        ratio.setflags(write=False)
    summary: dict[str, Any] = {"pv": _summary(pv, percentiles)}
    summary["ratio"] = None if ratio is None else _summary(ratio, percentiles)
    summary["probability_ratio_below_1"] = (None if ratio is None
                                            else float(np.count_nonzero(ratio < 1.0)) / len(ratio))
    return MonteCarloResult(int(draws), base.present_value, base.sroi_ratio, inv, pv, ratio, summary)


def _summary(x: np.ndarray, percentiles: Sequence[float]) -> dict[str, Any]:
    """mean (exact sum / n), median, std (ddof=1) and ``p<q>`` percentiles (linear)."""
    pct = np.percentile(x, list(percentiles))
    out = {"mean": exact_sum(x) / len(x), "median": float(np.median(x)),
           "std": float(np.std(x, ddof=1)) if len(x) > 1 else 0.0}
    out.update({f"p{p:g}": float(v) for p, v in zip(percentiles, pct, strict=True)})
    return out


class _Draws:
    """Per-block evaluation of the uncertain rows; the rest is one exact constant."""

    def __init__(self, table: OutcomeTable, schedule: Schedule, offset: int, base: Valuation, cols: np.ndarray,
                 specs: list[_Spec], names: Sequence[str] = ()) -> None:
        self.t, self.schedule, self.offset, self.cols, self.specs = table, schedule, offset, cols, specs
        self.drawn = {s.name for s in specs} | set(names)
        # drawn durations may run past the table's last year: cover every possible period
        self.last = max((MAX_YEAR if "duration" in self.drawn else table.max_year) - offset, 0)
        self.df = schedule.factors(self.last)
        t = table
        take = {name: np.asarray(getattr(t, name))[cols] for name in ("quantity", "proxy", *FRACTIONS)}
        take["duration"] = np.asarray(t.duration)[cols].astype(np.float64)
        self.base = take
        self.start = np.asarray(t.start)[cols]
        self.u0 = self.start - offset
        self.sign = np.where(np.asarray(t.negative)[cols], -1.0, 1.0)
        rest = np.array(base.pv_by_outcome)
        rest[cols] = 0.0
        self.constant = np.array(exact_partials(rest), dtype=np.float64)
        # base pieces in the canonical order of the valuation kernel
        self.qp = take["quantity"] * take["proxy"]
        self.ret = self._retention({})
        self.ann = annuity(take["drop_off"], take["duration"], self.u0, schedule, self.df, self.last)
        ymask = np.isin(cols, t.yearly_rows)
        self.ycols = np.flatnonzero(ymask)
        self.yrows = np.searchsorted(t.yearly_rows, cols[self.ycols])
        if self.ycols.size:
            self.y_s = yearly_stream_sums(t.yearly_values[self.yrows], self.start[self.ycols],
                                          take["duration"][self.ycols], take["drop_off"][self.ycols], self.df, offset)

    def _retention(self, m: dict[str, np.ndarray]) -> np.ndarray:
        def get(name: str) -> np.ndarray:
            return m.get(name, self.base[name])

        ret = (1.0 - get("deadweight")) * (1.0 - get("displacement"))
        ret = ret * (1.0 - get("attribution"))
        if self.t.has_leakage or "leakage" in m:
            ret = ret * (1.0 - get("leakage"))
        return ret

    def _matrices(self, first: int, count: int) -> dict[str, np.ndarray]:
        width = self.cols.size
        out: dict[str, np.ndarray] = {}
        for spec in self.specs:
            if spec.name == "discount_rate":
                size = (count, 1)
            else:
                size = (count, spec.cols.size)
            assert spec.rng is not None
            draw = spec.dist.draw(spec.rng, size, spec.params)
            name = spec.name
            if name == "discount_rate":
                rate = draw * self.schedule.rates[0] if spec.dist.relative else draw
                _check_draws(name, rate, np.zeros(1, np.intp), first, -1.0, 1.0, open_ends=True)
                out[name] = rate
                continue
            base = self.base[name][spec.cols]
            if name == "proxy" and self.ycols.size:
                self._proxy_multiplier(out, spec, draw, count)
            if spec.dist.relative:
                draw = base + draw if name == "duration" else base * draw
            if name not in out:
                full = spec.cols.size == width and np.array_equal(spec.cols, np.arange(width))
                if full:
                    out[name] = draw
                    self._validate(name, draw, spec.cols, first)
                    continue
                out[name] = np.broadcast_to(self.base[name], (count, width)).copy()
            out[name][:, spec.cols] = draw
            self._validate(name, draw, spec.cols, first)
        return out

    def _proxy_multiplier(self, out: dict[str, np.ndarray], spec: _Spec, draw: np.ndarray, count: int) -> None:
        """Yearly-proxy rows scale their whole series by the (relative) draw."""
        hit = np.isin(spec.cols, self.ycols)
        if not hit.any():
            return
        if not spec.dist.relative:
            row = int(self.cols[spec.cols[hit][0]])
            raise EngineInputError("an outcome with a proxy per year needs a relative proxy distribution",
                                   field=f"uncertainty.proxy[{row}]",
                                   hint="use relative=True: each draw then multiplies the whole series")
        mult = out.setdefault("_yearly_multiplier", np.ones((count, self.ycols.size)))
        mult[:, np.searchsorted(self.ycols, spec.cols[hit])] = draw[:, hit]

    def _validate(self, name: str, values: np.ndarray, cols: np.ndarray, first: int) -> None:
        rows = self.cols[cols]
        if name in FRACTIONS:
            _check_draws(name, values, rows, first, 0.0, 1.0)
        elif name == "duration":
            cap = (MAX_YEAR - self.start[cols] + 1).astype(np.float64)
            if self.ycols.size:  # no proxy data beyond a yearly series: keep within the base duration
                hit = np.isin(cols, self.ycols)
                cap[hit] = self.base["duration"][cols[hit]]
            _check_draws(name, values, rows, first, 1.0, math.inf)
            over = values > cap
            if over.any():
                d, c = np.argwhere(over)[0]
                raise EngineInputError(f"draw {first + int(d)} gives duration {values[d, c]:g}, beyond the last year "
                                       "with data", field=f"uncertainty.duration[{int(rows[c])}]")
        else:
            _check_draws(name, values, rows, first, 0.0, float(np.finfo(np.float64).max))

    def totals(self, first: int, count: int) -> np.ndarray:
        return self.evaluate(self._matrices(first, count), count)

    def evaluate(self, m: dict[str, np.ndarray], count: int) -> np.ndarray:
        """Exact net PV of ``count`` variants: ``m`` maps a column name to a ``(count, cols)`` matrix
        (``discount_rate`` to a ``(count, 1)`` column of constant rates)."""
        if "quantity" in m or "proxy" in m:
            qp = m.get("quantity", self.base["quantity"]) * m.get("proxy", self.base["proxy"])
        else:
            qp = self.qp
        ret = self._retention(m) if (self.drawn & (set(FRACTIONS) - {"drop_off"})) else self.ret
        stream = {"drop_off", "duration", "discount_rate"} & self.drawn
        if stream:
            do = m.get("drop_off", self.base["drop_off"])
            dur = m.get("duration", self.base["duration"])
            shape = (count, self.cols.size)
            do, dur = np.broadcast_to(do, shape), np.broadcast_to(dur, shape)
            if "discount_rate" in m:
                rate = m["discount_rate"]
                df = _factor_tables(rate[:, 0], self.last)
                ann = annuity(do, dur, self.u0, self.schedule, df, self.last, rate=rate)
            else:
                df = self.df
                ann = annuity(do, dur, self.u0, self.schedule, df, self.last)
        else:
            ann = self.ann
        pv = (qp * ret) * ann
        pv = np.array(np.broadcast_to(pv, (count, self.cols.size)))
        if self.ycols.size:
            pv[:, self.ycols] = self._yearly(m, count, ret, stream)
        pv *= self.sign
        if self.constant.size:
            pv = np.concatenate([pv, np.broadcast_to(self.constant, (count, self.constant.size))], axis=1)
        return exact_row_sums(pv)

    def _yearly(self, m: dict[str, np.ndarray], count: int, ret: np.ndarray, stream: set[str]) -> np.ndarray:
        yc = self.ycols
        if stream:
            do = np.broadcast_to(m.get("drop_off", self.base["drop_off"]), (count, self.cols.size))[:, yc]
            dur = np.broadcast_to(m.get("duration", self.base["duration"]), (count, self.cols.size))[:, yc]
            df = _factor_tables(m["discount_rate"][:, 0], self.last) if "discount_rate" in m else self.df
            s = yearly_stream_sums(self.t.yearly_values[self.yrows], self.start[yc], dur, do, df, self.offset)
        else:
            s = self.y_s
        if "_yearly_multiplier" in m:  # relative proxy draws scale the whole series
            s = s * m["_yearly_multiplier"]
        q = np.broadcast_to(m.get("quantity", self.base["quantity"]), (count, self.cols.size))[:, yc]
        r = np.broadcast_to(ret, (count, self.cols.size))[:, yc]
        return (q * s) * r


def present_values(table: OutcomeTable, schedule: Schedule, convention: str, variants: Mapping[str, np.ndarray], *,
                   cols: np.ndarray | None = None) -> np.ndarray:
    """Exact net present value of many deterministic variants of ``table`` at once.

    ``variants`` maps column names (fractions, ``duration``) to ``(count, len(cols))`` matrices of
    already valid values for the rows ``cols`` (default: every row), or ``discount_rate`` to a
    ``(count, 1)`` column of constant rates for those rows; rows outside ``cols`` keep their base
    value and discounting. Each
    total is computed by the same kernels and exact sums as a Monte Carlo draw, so a variant equal
    to the base gives the base present value bit for bit. Used to scan break-even ranges.
    """
    offset = convention_offset(convention)
    base = Valuation(table, schedule, convention, 0.0)
    rows = np.arange(len(table), dtype=np.intp) if cols is None else np.asarray(cols, dtype=np.intp)
    names = list(variants)
    engine = _Draws(table, schedule, offset, base, rows, [], names)
    count = next(iter(variants.values())).shape[0]
    out = np.empty(count)
    block = max(1, _BLOCK_CELLS // max(rows.size, 1))
    for a in range(0, count, block):
        b = min(a + block, count)
        out[a:b] = engine.evaluate({k: v[a:b] for k, v in variants.items()}, b - a)
    return out


def _factor_tables(rates: np.ndarray, last: int) -> np.ndarray:
    """``DF(0 … last)`` per draw for constant rates, by the same sequential division as
    :meth:`Schedule.factors`, so a draw equal to the base rate gives identical factors."""
    out = np.empty((rates.shape[0], last + 1))
    acc = np.ones(rates.shape[0])
    out[:, 0] = acc
    step = 1.0 + rates
    for k in range(1, last + 1):
        acc = acc / step
        out[:, k] = acc
    return out
