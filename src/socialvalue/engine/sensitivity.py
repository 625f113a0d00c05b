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

Break-even values (the setting at which the ratio reaches a target) are in :mod:`.breakeven`.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from socialvalue.errors import EngineInputError

from .compile import FRACTIONS, MAX_YEAR, OutcomeTable
from .discount import Schedule, as_schedule, convention_offset
from .exact import ExactAccumulator, exact_sum
from .valuation import Valuation, check_investment

__all__ = ["ASSUMPTIONS", "Sensitivity", "SensitivityRow", "sensitivity"]

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


class SensitivityModel:
    """Evaluates net PV with some columns of the chosen rows replaced.

    With ``outcome=i`` the other outcomes' PV is summed once; each evaluation values one
    row and merges the exact partial sums, so the total stays correctly rounded.
    """

    def __init__(self, table: OutcomeTable, schedule: Schedule, convention: str, investment: float,
                 outcome: int | None) -> None:
        self.table, self.schedule, self.convention, self.investment = table, schedule, convention, investment
        self.rows: np.ndarray | None = None  # the rows varied (None: every row)
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
            self.rows = np.array([int(outcome)], dtype=np.intp)
            self.varied_pv = float(self.base.pv_by_outcome[int(outcome)])
            rest = np.array(self.base.pv_by_outcome)
            rest[int(outcome)] = 0.0
            self.rest = rest
            self.fixed = ExactAccumulator()
            self.fixed.add(rest)
        self.fixed_pv = self.base_pv - self.varied_pv  # only used to solve linear equations

    def pvs(self, variants: dict[str, np.ndarray]) -> np.ndarray:
        """Net PV of many variants of the varied rows at once (``(count, rows)`` matrices; see
        :func:`.uncertainty.present_values`), bit for bit what :meth:`pv` gives for each."""
        from .uncertainty import present_values

        return present_values(self.table, self.schedule, self.convention, variants, cols=self.rows)

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


def duration_variant(sub: OutcomeTable, shift: int) -> tuple[dict[str, Any], int]:
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


def _variant(model: SensitivityModel, assumption: str, setting: float) -> tuple[float, int]:
    sub = model.sub
    if assumption in ("proxy", "quantity"):
        return model.pv(**_scaled(sub, assumption, setting)), 0
    if assumption in FRACTIONS:
        changes, clipped = _fraction_variant(sub, assumption, setting)
        return model.pv(**changes), clipped
    if assumption == "duration":
        changes, clipped = duration_variant(sub, int(setting))
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
    model = SensitivityModel(table, schedule, convention, inv, outcome)
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
