"""One-at-a-time sensitivity (tornado data) and break-even values.

Each assumption is varied for every outcome at once (or for one outcome with
``outcome=i``) while everything else stays at its base value:

=================  ===========================  ==========================================
assumption         default variation            how it is applied
=================  ===========================  ==========================================
``proxy``          x0.8 … x1.2                  multiplies the proxy (and yearly series)
``quantity``       x0.8 … x1.2                  multiplies the quantity
``deadweight`` …   -0.1 … +0.1                  added to the fraction, **clipped to [0, 1]**
``drop_off``       -0.1 … +0.1                  added, clipped to [0, 1]
``duration``       -1 … +1 years                added, clipped to >= 1 year
``discount_rate``  x0 … x2                      multiplies every band rate (0 = undiscounted)
=================  ===========================  ==========================================

Clipping only bounds the *variation range* (a fraction cannot leave [0, 1]); it never
changes the input, and every row reports how many outcomes were clipped. Outcomes with a
proxy per project year keep their duration when durations are increased (there is no proxy
value beyond the series they were given); that also counts as clipped.

Break-even answers "how far can this assumption move before the SROI ratio falls to the
target?" — a multiplier for proxy and quantity (closed form: PV is linear in them), a
uniform shift for the fractions (closed form when no fraction leaves [0, 1], otherwise
root-finding on the clipped shift), the single constant discount rate that gives the
target ratio, and a whole number of years for duration (integer search). When the target
cannot be reached inside the valid range the value is ``None`` with a reason. With
disbenefits present the net value need not be monotone in an assumption; the search then
reports one crossing.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from socialvalue.errors import EngineInputError

from .compile import FRACTIONS, MAX_YEAR, OutcomeTable
from .discount import Schedule, as_schedule, convention_offset
from .exact import ExactAccumulator, exact_sum
from .valuation import Valuation, check_investment

__all__ = ["ASSUMPTIONS", "BreakEven", "Sensitivity", "SensitivityRow", "break_even", "sensitivity"]

ASSUMPTIONS = ("proxy", "quantity", *FRACTIONS, "duration", "discount_rate")


@dataclass(frozen=True, slots=True)
class SensitivityRow:
    """One bar of a tornado chart."""

    assumption: str
    unit: str  # "multiplier", "shift", "years" or "rate multiplier"
    low: float
    high: float
    pv_low: float
    pv_high: float
    ratio_low: float | None
    ratio_high: float | None
    clipped_low: int  # outcomes whose variation was limited by the valid range
    clipped_high: int

    @property
    def swing(self) -> float:
        """Width of the bar: ratio range, or PV range when there is no investment."""
        if self.ratio_low is not None and self.ratio_high is not None:
            return abs(self.ratio_high - self.ratio_low)
        return abs(self.pv_high - self.pv_low)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Sensitivity:
    """Base figures and the rows, widest swing first (ties in :data:`ASSUMPTIONS` order)."""

    base_pv: float
    base_ratio: float | None
    investment: float
    outcome: int | None
    rows: tuple[SensitivityRow, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"base_pv": self.base_pv, "base_ratio": self.base_ratio, "investment": self.investment,
                "outcome": self.outcome, "rows": [r.to_dict() for r in self.rows]}


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


class _Model:
    """Evaluates net PV with some columns of the chosen rows replaced.

    With ``outcome=i`` the other outcomes' PV is summed once; each evaluation values one
    row and merges the exact partial sums, so the total stays correctly rounded.
    """

    def __init__(self, table: OutcomeTable, schedule: Schedule, convention: str, investment: float,
                 outcome: int | None) -> None:
        self.table, self.schedule, self.convention, self.investment = table, schedule, convention, investment
        self.base = Valuation(table, schedule, convention, investment)
        self.base_pv = self.base.present_value
        if outcome is None:
            self.varied_pv = self.base_pv
            self.sub = table
            self.fixed: ExactAccumulator | None = None
        else:
            if isinstance(outcome, bool) or not isinstance(outcome, (int, np.integer)) or \
                    not 0 <= int(outcome) < len(table):
                raise EngineInputError(f"outcome {outcome!r} is not a row index 0..{len(table) - 1}",
                                       field="outcome")
            self.sub = table.take([int(outcome)])
            self.varied_pv = float(self.base.pv_by_outcome[int(outcome)])
            rest = np.array(self.base.pv_by_outcome)
            rest[int(outcome)] = 0.0
            self.rest = rest
            self.fixed = ExactAccumulator()
            self.fixed.add(rest)
        self.fixed_pv = self.base_pv - self.varied_pv  # only used to solve linear equations

    def pv(self, schedule: Schedule | None = None, **changes: Any) -> float:
        table = self.sub.derive(**changes) if changes else self.sub
        value = Valuation(table, schedule or self.schedule, self.convention, self.investment)
        if self.fixed is None:
            return value.present_value
        mine = ExactAccumulator()
        mine.add_exact(float(value.pv_by_outcome[0]))
        total = self.fixed.merge(mine).result()
        if total is None:
            return exact_sum(np.append(self.rest, value.pv_by_outcome[0]))
        return total

    def ratio(self, pv: float) -> float | None:
        return pv / self.investment if self.investment > 0 else None


def _fraction_variant(sub: OutcomeTable, name: str, delta: float) -> tuple[dict[str, Any], int]:
    base = np.asarray(getattr(sub, name))
    moved = base + delta
    clipped = int(np.count_nonzero((moved < 0.0) | (moved > 1.0)))
    return {name: np.clip(moved, 0.0, 1.0)}, clipped


def _duration_variant(sub: OutcomeTable, shift: int) -> tuple[dict[str, Any], int]:
    dur = np.asarray(sub.duration)
    cap = MAX_YEAR - np.asarray(sub.start) + 1
    if sub.yearly_rows.size and shift > 0:
        cap = np.array(np.broadcast_to(cap, dur.shape))
        cap[sub.yearly_rows] = dur[sub.yearly_rows]
    moved = dur + shift
    new = np.clip(moved, 1, cap)
    return {"duration": new}, int(np.count_nonzero(new != moved))


def _scaled(sub: OutcomeTable, name: str, factor: float) -> dict[str, Any]:
    changes: dict[str, Any] = {name: np.asarray(getattr(sub, name)) * factor}
    if name == "proxy" and sub.yearly_rows.size:
        changes["yearly_values"] = sub.yearly_values * factor
    return changes


def _variant(model: _Model, assumption: str, setting: float) -> tuple[float, int]:
    sub = model.sub
    if assumption in ("proxy", "quantity"):
        return model.pv(**_scaled(sub, assumption, setting)), 0
    if assumption in FRACTIONS:
        changes, clipped = _fraction_variant(sub, assumption, setting)
        return model.pv(**changes), clipped
    if assumption == "duration":
        changes, clipped = _duration_variant(sub, int(setting))
        return model.pv(**changes), clipped
    return model.pv(schedule=model.schedule.scaled(setting)), 0


def sensitivity(table: OutcomeTable, discount: Any = 0.035, investment: Any = 0.0, *, convention: str = "sroi",
                outcome: int | None = None, scale: tuple[float, float] = (0.8, 1.2), shift: float = 0.1,
                years: int = 1, rate_scale: tuple[float, float] = (0.0, 2.0),
                assumptions: tuple[str, ...] = ASSUMPTIONS) -> Sensitivity:
    """Vary each assumption one at a time (all outcomes, or only ``outcome``).

    Returns a :class:`Sensitivity` whose rows (PV and ratio at the low and high setting)
    are the data for a tornado chart, widest swing first.
    """
    schedule = as_schedule(discount)
    convention_offset(convention)
    inv = check_investment(investment)
    for name in assumptions:
        if name not in ASSUMPTIONS:
            raise EngineInputError(f"unknown assumption {name!r}", field="assumptions",
                                   hint="choose from " + ", ".join(ASSUMPTIONS))
    if not (0.0 <= scale[0] <= scale[1] and math.isfinite(scale[1])):
        raise EngineInputError(f"scale {scale!r} must be (low, high) multipliers with 0 <= low <= high", field="scale")
    if not (0.0 <= shift <= 1.0):
        raise EngineInputError(f"shift {shift!r} must be between 0 and 1", field="shift")
    if isinstance(years, bool) or not isinstance(years, int) or years < 0:
        raise EngineInputError(f"years {years!r} must be a whole number >= 0", field="years")
    if not (0.0 <= rate_scale[0] <= rate_scale[1]):
        raise EngineInputError(f"rate_scale {rate_scale!r} must be (low, high) with 0 <= low <= high",
                               field="rate_scale")
    model = _Model(table, schedule, convention, inv, outcome)
    base_pv = model.pv() if outcome is not None else model.base.present_value
    settings = {"proxy": (scale, "multiplier"), "quantity": (scale, "multiplier"),
                "duration": ((-years, years), "years"), "discount_rate": (rate_scale, "rate multiplier")}
    rows = []
    for name in assumptions:
        (low, high), unit = settings.get(name, ((-shift, shift), "shift"))
        pv_low, c_low = _variant(model, name, low)
        pv_high, c_high = _variant(model, name, high)
        rows.append(SensitivityRow(name, unit, float(low), float(high), pv_low, pv_high, model.ratio(pv_low),
                                   model.ratio(pv_high), c_low, c_high))
    order = sorted(range(len(rows)), key=lambda k: (-rows[k].swing, k))
    return Sensitivity(base_pv, model.ratio(base_pv), inv, outcome, tuple(rows[k] for k in order))


# ---------------------------------------------------------------------------- break-even
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


def _break_even_one(model: _Model, name: str, target_pv: float, base_pv: float) -> BreakEven:
    if name in ("proxy", "quantity"):
        # PV = fixed + m * varied: solve for the multiplier m >= 0.
        if model.varied_pv == 0.0:
            return _never(name, "multiplier", 1.0, f"the value does not depend on the {name}")
        m = (target_pv - model.fixed_pv) / model.varied_pv
        if m < 0.0 or not math.isfinite(m):
            return _never(name, "multiplier", 1.0, f"no {name} multiplier >= 0 reaches the target")
        return BreakEven(name, "multiplier", 1.0, m, model.ratio(target_pv), False, None)
    if name in FRACTIONS:
        return _break_even_fraction(model, name, target_pv, base_pv)
    if name == "duration":
        return _break_even_duration(model, target_pv, base_pv)
    return _break_even_rate(model, target_pv)


def _break_even_fraction(model: _Model, name: str, target_pv: float, base_pv: float) -> BreakEven:
    sub = model.sub
    f = np.asarray(getattr(sub, name))
    if name != "drop_off":
        # PV(shift) = base - shift * B while no fraction leaves [0, 1]; B = PV with f = 0 for the varied rows.
        slope = model.pv(**{name: np.zeros(len(sub))}) - model.fixed_pv
        if slope != 0.0:
            shift = (base_pv - target_pv) / slope
            if math.isfinite(shift) and -float(f.min()) <= shift <= 1.0 - float(f.max()):
                return BreakEven(name, "shift", 0.0, shift, model.ratio(target_pv), False, None)

    def g(shift: float) -> float:
        return model.pv(**{name: np.clip(f + shift, 0.0, 1.0)}) - target_pv

    lo, hi = -1.0, 1.0
    g_lo, g_hi = g(lo), g(hi)
    if (g_lo < 0.0) == (g_hi < 0.0) and g_lo != 0.0 and g_hi != 0.0:
        return _never(name, "shift", 0.0, f"no shift of {name} within [0, 1] reaches the target")
    shift = _root(g, lo, hi, g_lo, g_hi)
    clipped = bool(np.any((f + shift < 0.0) | (f + shift > 1.0)))
    return BreakEven(name, "shift", 0.0, shift, model.ratio(g(shift) + target_pv), clipped, None)


def _break_even_rate(model: _Model, target_pv: float) -> BreakEven:
    base = model.schedule.rates[0]

    def g(rate: float) -> float:
        return model.pv(schedule=Schedule((1,), (rate,))) - target_pv

    lo, hi = 0.0, 0.99
    g_lo, g_hi = g(lo), g(hi)
    if (g_lo < 0.0) == (g_hi < 0.0) and g_lo != 0.0 and g_hi != 0.0:
        where = "even undiscounted" if g_lo < 0.0 else "even at 99%"
        return _never("discount_rate", "rate", base,
                      f"no constant rate in [0, 0.99] reaches the target ({where} the ratio is "
                      f"{'below' if g_lo < 0.0 else 'above'} it)")
    rate = _root(g, lo, hi, g_lo, g_hi)
    return BreakEven("discount_rate", "rate", base, rate, model.ratio(g(rate) + target_pv), False, None)


def _break_even_duration(model: _Model, target_pv: float, base_pv: float) -> BreakEven:
    sub = model.sub
    dur = np.asarray(sub.duration)

    def pv_at(k: int) -> tuple[float, bool]:
        changes, clipped = _duration_variant(sub, k)
        return model.pv(**changes), clipped > 0

    if base_pv == target_pv:
        return BreakEven("duration", "years", 0.0, 0.0, model.ratio(base_pv), False, None)
    if base_pv > target_pv:  # shorten until the ratio falls to the target
        lo = 1 - int(dur.max())
        pv_lo, _ = pv_at(lo)
        if pv_lo > target_pv:
            return _never("duration", "years", 0.0, "the ratio stays above the target even at 1 year")
        good, bad = lo, 0  # pv(good) <= target < pv(bad)
        while bad - good > 1:
            mid = (good + bad) // 2
            if pv_at(mid)[0] <= target_pv:
                good = mid
            else:
                bad = mid
        pv, clipped = pv_at(good)
        return BreakEven("duration", "years", 0.0, float(good), model.ratio(pv), clipped, None)
    hi = MAX_YEAR - int(np.min(np.asarray(sub.start) + dur - 1))
    pv_hi, _ = pv_at(hi)
    if pv_hi < target_pv:
        return _never("duration", "years", 0.0, f"the ratio stays below the target even at {MAX_YEAR} years")
    bad, good = 0, hi  # pv(bad) < target <= pv(good)
    while good - bad > 1:
        mid = (good + bad) // 2
        if pv_at(mid)[0] >= target_pv:
            good = mid
        else:
            bad = mid
    pv, clipped = pv_at(good)
    return BreakEven("duration", "years", 0.0, float(good), model.ratio(pv), clipped, None)


def break_even(table: OutcomeTable, discount: Any = 0.035, investment: Any = 0.0, *, target: float = 1.0,
               convention: str = "sroi", outcome: int | None = None,
               assumptions: tuple[str, ...] = ASSUMPTIONS) -> list[BreakEven]:
    """For each assumption, the setting at which the SROI ratio falls (or rises) to ``target``.

    Values are a multiplier (proxy, quantity), an absolute shift added to the fraction
    (deadweight … drop-off), a constant discount rate, or a shift in whole years
    (duration; the first whole-year shift at which the ratio crosses the target). Without
    an investment the ratio is undefined and every row says so.
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
    model = _Model(table, schedule, convention, inv, outcome)
    kinds = {"proxy": "multiplier", "quantity": "multiplier", "duration": "years", "discount_rate": "rate"}
    if inv == 0.0:
        return [_never(name, kinds.get(name, "shift"), 1.0 if kinds.get(name) == "multiplier" else 0.0,
                       "no investment: the SROI ratio is undefined") for name in assumptions]
    base_pv = model.base.present_value
    target_pv = float(target) * inv
    return [_break_even_one(model, name, target_pv, base_pv) for name in assumptions]
