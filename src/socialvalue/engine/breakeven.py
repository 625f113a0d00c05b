"""Break-even values: how far one assumption can move before the SROI ratio reaches a target.

For each assumption the answer is the setting **nearest to the base** (in either direction) at
which the ratio reaches the target, or ``None`` ("never") with the reason:

=================  =================  ===================================================
assumption         setting            how it is found
=================  =================  ===================================================
``proxy``          multiplier >= 0    closed form: PV is linear in a multiplier
``quantity``       multiplier >= 0    closed form
``deadweight`` …   shift in [-1, 1]   added to every fraction and **clipped to [0, 1]**;
                                      PV is piecewise linear in the shift with kinks where a
                                      fraction reaches 0 or 1, so PV is evaluated at every
                                      kink and the crossing solved exactly on its segment
``drop_off``       shift in [-1, 1]   clipped as above; PV is smooth, not linear
``discount_rate``  constant rate      the single constant rate in [0, 0.99]
``duration``       whole years        every outcome's duration shifted by k years, clipped
                                      to at least 1 year (and to the series of a yearly proxy)
=================  =================  ===================================================

Without disbenefits PV is monotone in every assumption, so the ends of the range decide
whether the target is reached and one root search finds it. With disbenefits the net value
need not be monotone (a longer duration can lower it), so the search scans the whole range:
every kink for the linear fractions, every whole year for duration, and a lattice of
:data:`GRID` intervals for drop-off and the rate. A reported value always reaches the target
(within the root finder's tolerance; for duration, the first whole year at which the ratio is
on the other side of the target); "never" means no point of the scan reaches it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from socialvalue.errors import EngineInputError

from .compile import FRACTIONS, MAX_YEAR, OutcomeTable
from .discount import Schedule, as_schedule, convention_offset
from .sensitivity import ASSUMPTIONS, duration_variant, SensitivityModel
from .valuation import check_investment

__all__ = ["GRID", "BreakEven", "break_even"]

GRID = 1024
"""Intervals of the lattice scanned for drop-off shifts and discount rates when PV is not monotone."""

_MAX_KINKS = 4096  # beyond this many distinct kinks, the lattice is scanned instead


@dataclass(frozen=True, slots=True)
class BreakEven:
    """Where one assumption makes the ratio reach the target (``value is None``: never)."""

    assumption: str
    kind: str  # "multiplier", "shift", "rate" or "years"
    base: float
    value: float | None
    ratio: float | None
    clipped: bool
    reason: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _root(f: Callable[[float], float], lo: float, hi: float, f_lo: float, f_hi: float,
          xtol: float = 1e-13, maxiter: int = 200) -> float:
    """A root of ``f`` in ``[lo, hi]`` given a sign change (Illinois false position,
    falling back to bisection steps so the bracket always at least halves every 2 steps)."""
    side = 0
    for it in range(maxiter):
        if hi - lo <= xtol * max(1.0, abs(lo), abs(hi)):
            break
        x = (lo * f_hi - hi * f_lo) / (f_hi - f_lo) if f_hi != f_lo else 0.5 * (lo + hi)
        if it % 2 or not (lo < x < hi):
            x = 0.5 * (lo + hi)
        fx = f(x)
        if fx == 0.0:
            return x
        if (fx < 0.0) == (f_lo < 0.0):
            lo, f_lo = x, fx
            if side == -1:
                f_hi *= 0.5
            side = -1
        else:
            hi, f_hi = x, fx
            if side == 1:
                f_lo *= 0.5
            side = 1
    return 0.5 * (lo + hi)


def _never(name: str, kind: str, base: float, reason: str) -> BreakEven:
    return BreakEven(name, kind, base, None, None, False, reason)


def _crosses(g: float, g0: float) -> bool:
    """True when ``g`` (PV minus the target PV) is on the target or on the other side of it from ``g0``."""
    return g == 0.0 or (g < 0.0) != (g0 < 0.0)


def _first_brackets(g: Callable[[float], float], x0: float, g0: float, points: Sequence[float],
                    values: Callable[[Sequence[float]], Sequence[float]] | None = None,
                    ) -> list[tuple[float, float, float, float]]:
    """On each side of ``x0``, the first bracket ``(a, b, g(a), g(b))`` whose far end ``b`` reaches
    the target, walking outwards through the scan ``points`` (``x0`` excluded). ``values``, when
    given, computes g at many points in one batch (the same bits as ``g``)."""
    out = []
    for side in (sorted(x for x in points if x > x0), sorted((x for x in points if x < x0), reverse=True)):
        gs = list(values(side)) if values is not None and side else None
        prev, g_prev = x0, g0
        for k, x in enumerate(side):
            gx = gs[k] if gs is not None else g(x)
            if _crosses(gx, g0):
                out.append((prev, x, g_prev, gx))
                break
            prev, g_prev = x, gx
    return out


def _solve(g: Callable[[float], float], bracket: tuple[float, float, float, float], linear: bool) -> float:
    """The point of ``[a, b]`` nearest to ``a`` at which the target is reached (``a`` does not reach it,
    ``b`` does): interpolation on a linear segment, a root search across a sign change, and when
    ``g(b)`` is exactly 0 (a flat stretch on the target) the start of that stretch."""
    a, b, ga, gb = bracket
    if linear and ga != gb and gb != 0.0:
        x = a + (b - a) * ga / (ga - gb)  # exact on a linear segment, up to rounding
        if min(a, b) <= x <= max(a, b) and abs(g(x)) <= 1e-9 * max(1.0, abs(ga), abs(gb)):
            return x
    if gb != 0.0:
        lo, hi, g_lo, g_hi = (a, b, ga, gb) if a < b else (b, a, gb, ga)
        return _root(g, lo, hi, g_lo, g_hi)
    near, far = a, b
    for _ in range(200):
        if abs(far - near) <= 1e-13 * max(1.0, abs(near), abs(far)):
            break
        mid = 0.5 * (near + far)
        if _crosses(g(mid), ga):
            far = mid
        else:
            near = mid
    return far


def _nearest_root(g: Callable[[float], float], x0: float, g0: float, points: Sequence[float],
                  linear: bool, values: Callable[[Sequence[float]], Sequence[float]] | None = None) -> float | None:
    """The setting nearest to ``x0`` at which ``g`` reaches 0, over the scan ``points``; None if none."""
    roots = [_solve(g, bracket, linear) for bracket in _first_brackets(g, x0, g0, points, values)]
    return min(roots, key=lambda x: (abs(x - x0), x)) if roots else None


def _lattice(lo: float, hi: float) -> list[float]:
    return [lo + (hi - lo) * i / GRID for i in range(GRID + 1)]


def _break_even_multiplier(model: SensitivityModel, name: str, target_pv: float) -> BreakEven:
    # PV = fixed + m * varied: solve for the multiplier m >= 0.
    if model.varied_pv == 0.0:
        return _never(name, "multiplier", 1.0, f"the value does not depend on the {name}")
    m = (target_pv - model.fixed_pv) / model.varied_pv
    if m < 0.0 or not math.isfinite(m):
        return _never(name, "multiplier", 1.0, f"no {name} multiplier >= 0 reaches the target")
    return BreakEven(name, "multiplier", 1.0, m, model.ratio(target_pv), False, None)


def _break_even_fraction(model: SensitivityModel, name: str, target_pv: float, base_pv: float) -> BreakEven:
    f = np.asarray(getattr(model.sub, name))

    def g(shift: float) -> float:
        return model.pv(**{name: np.clip(f + shift, 0.0, 1.0)}) - target_pv

    def batch(shifts: Sequence[float]) -> Sequence[float]:
        grid = np.clip(f[None, :] + np.asarray(shifts, dtype=np.float64)[:, None], 0.0, 1.0)
        return (model.pvs({name: grid}) - target_pv).tolist()

    g0 = base_pv - target_pv
    if g0 == 0.0:
        return BreakEven(name, "shift", 0.0, 0.0, model.ratio(base_pv), False, None)
    linear = name != "drop_off"
    if not model.sub.has_negative:  # monotone: the ends decide
        points: list[float] = [-1.0, 1.0]
    else:
        kinks = np.unique(np.concatenate([-f, 1.0 - f]))
        if linear and kinks.size <= _MAX_KINKS:
            points = [float(x) for x in kinks] + [-1.0, 1.0]
        else:
            points = _lattice(-1.0, 1.0)
    shift = _nearest_root(g, 0.0, g0, [x for x in set(points) if -1.0 <= x <= 1.0 and x != 0.0], linear,
                          batch if model.sub.has_negative else None)
    if shift is None:
        return _never(name, "shift", 0.0, f"no shift of {name} within [0, 1] reaches the target")
    clipped = bool(np.any((f + shift < 0.0) | (f + shift > 1.0)))
    return BreakEven(name, "shift", 0.0, shift, model.ratio(g(shift) + target_pv), clipped, None)


def _break_even_rate(model: SensitivityModel, target_pv: float) -> BreakEven:
    base = model.schedule.rates[0]

    def g(rate: float) -> float:
        return model.pv(schedule=Schedule((1,), (rate,))) - target_pv

    def batch(rates: Sequence[float]) -> Sequence[float]:
        return (model.pvs({"discount_rate": np.asarray(rates, dtype=np.float64)[:, None]}) - target_pv).tolist()

    x0 = min(max(base, 0.0), 0.99)
    g0 = g(x0)
    if g0 == 0.0:
        return BreakEven("discount_rate", "rate", base, x0, model.ratio(target_pv), False, None)
    points = [0.0, 0.99] if not model.sub.has_negative else _lattice(0.0, 0.99)
    rate = _nearest_root(g, x0, g0, [x for x in points if x != x0], linear=False,
                         values=batch if model.sub.has_negative else None)
    if rate is None:
        where = "even undiscounted" if g(0.0) < 0.0 else "even at 99%"
        return _never("discount_rate", "rate", base,
                      f"no constant rate in [0, 0.99] reaches the target ({where} the ratio is "
                      f"{'below' if g(0.0) < 0.0 else 'above'} it)")
    return BreakEven("discount_rate", "rate", base, rate, model.ratio(g(rate) + target_pv), False, None)


def _break_even_duration(model: SensitivityModel, target_pv: float, base_pv: float) -> BreakEven:
    sub = model.sub
    dur = np.asarray(sub.duration)
    g0 = base_pv - target_pv
    if g0 == 0.0:
        return BreakEven("duration", "years", 0.0, 0.0, model.ratio(base_pv), False, None)
    cap = MAX_YEAR - np.asarray(sub.start) + 1
    if sub.yearly_rows.size:
        cap = np.array(np.broadcast_to(cap, dur.shape))
        cap[sub.yearly_rows] = dur[sub.yearly_rows]
    longest = int(np.max(cap - dur))  # beyond this shift no duration changes
    shortest = 1 - int(dur.max())     # every outcome at 1 year

    def pv_at(k: int) -> tuple[float, bool]:
        changes, clipped = duration_variant(sub, k)
        return model.pv(**changes), clipped > 0

    if not sub.has_negative:  # monotone (non-decreasing in k): the ends decide, bisect in between
        k = _monotone_years(pv_at, target_pv, g0, shortest, longest)
    else:  # every whole-year shift at once; the crossing nearest to 0 wins (a longer one on ties)
        k = _nearest_year(model, sub, dur, cap, target_pv, g0, shortest, longest)
        if k is not None and not _crosses(pv_at(k)[0] - target_pv, g0):  # pragma: no cover - batch == exact
            k = None
    if k is None:
        side = "above" if g0 > 0.0 else "below"
        return _never("duration", "years", 0.0,
                      f"the ratio stays {side} the target for every duration from 1 year to year {MAX_YEAR}")
    pv, clipped = pv_at(k)
    return BreakEven("duration", "years", 0.0, float(k), model.ratio(pv), clipped, None)


def _nearest_year(model: SensitivityModel, sub: OutcomeTable, dur: np.ndarray, cap: np.ndarray, target_pv: float, g0: float,
                  shortest: int, longest: int) -> int | None:
    shifts = np.array([k for k in range(shortest, longest + 1) if k != 0], dtype=np.int64)
    if shifts.size == 0:
        return None
    grid = np.clip(dur[None, :] + shifts[:, None], 1, np.broadcast_to(cap, dur.shape)[None, :]).astype(np.float64)
    g = model.pvs({"duration": grid}) - target_pv
    hits = shifts[(g == 0.0) | ((g < 0.0) != (g0 < 0.0))]
    if hits.size == 0:
        return None
    return int(min(hits.tolist(), key=lambda k: (abs(k), -k)))


def _monotone_years(pv_at: Callable[[int], tuple[float, bool]], target_pv: float, g0: float,
                    shortest: int, longest: int) -> int | None:
    """The first whole-year shift reaching the target when PV does not decrease with duration."""
    end = shortest if g0 > 0.0 else longest
    if end == 0 or not _crosses(pv_at(end)[0] - target_pv, g0):
        return None
    near, far = 0, end  # near does not reach the target, far does
    while abs(far - near) > 1:
        mid = (near + far) // 2 if far > near else -((-near - far) // 2)
        if _crosses(pv_at(mid)[0] - target_pv, g0):
            far = mid
        else:
            near = mid
    return far


def _break_even_one(model: SensitivityModel, name: str, target_pv: float, base_pv: float) -> BreakEven:
    if name in ("proxy", "quantity"):
        return _break_even_multiplier(model, name, target_pv)
    if name in FRACTIONS:
        return _break_even_fraction(model, name, target_pv, base_pv)
    if name == "duration":
        return _break_even_duration(model, target_pv, base_pv)
    return _break_even_rate(model, target_pv)


def break_even(table: OutcomeTable, discount: Any = 0.035, investment: Any = 0.0, *, target: float = 1.0,
               convention: str = "sroi", outcome: int | None = None,
               assumptions: tuple[str, ...] = ASSUMPTIONS) -> list[BreakEven]:
    """For each assumption, the setting nearest to the base at which the SROI ratio reaches ``target``.

    Values are a multiplier (proxy, quantity), an absolute shift added to the fraction
    (deadweight … drop-off), a constant discount rate, or a shift in whole years
    (duration). Without an investment the ratio is undefined and every row says so.
    """
    schedule = as_schedule(discount)
    convention_offset(convention)
    inv = check_investment(investment)
    if isinstance(target, bool) or not isinstance(target, (int, float)) or not math.isfinite(target) or target < 0:
        raise EngineInputError(f"target {target!r} must be a ratio >= 0", field="target")
    for name in assumptions:
        if name not in ASSUMPTIONS:
            raise EngineInputError(f"unknown assumption {name!r}", field="assumptions",
                                   hint="choose from " + ", ".join(ASSUMPTIONS))
    model = SensitivityModel(table, schedule, convention, inv, outcome)
    kinds = {"proxy": "multiplier", "quantity": "multiplier", "duration": "years", "discount_rate": "rate"}
    if inv == 0.0:
        return [_never(name, kinds.get(name, "shift"), 1.0 if kinds.get(name) == "multiplier" else 0.0,
                       "no investment: the SROI ratio is undefined") for name in assumptions]
    base_pv = model.base.present_value
    target_pv = float(target) * inv
    return [_break_even_one(model, name, target_pv, base_pv) for name in assumptions]
