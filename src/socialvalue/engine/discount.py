"""Discount schedules and timing conventions, as plain numbers.

The engine never imports :mod:`socialvalue.prices`; it reads ``band_starts`` and
``band_rates`` from whatever object it is given (a ``DiscountSchedule``, or any object with
those two attributes), or takes a float for a constant rate, or a ``(starts, rates)`` pair.

Discount factor of *period* ``u`` (compounded band by band, as the Green Book's declining
schedule requires)::

    DF(0) = 1,    DF(u) = DF(u - 1) / (1 + r_u)

where ``r_u`` is the rate of the band with the largest start ``<= u``.

Timing conventions (``convention=``):

``"sroi"`` (default)
    The SROI value map's: project year ``t`` is discounted by ``DF(t)``, so year 1 is
    discounted one period.
``"green-book"``
    The Green Book's: project year ``t`` is discounted by ``DF(t - 1)``; the first year
    is "year 0" and undiscounted.

Both are "period = project year - offset" with offset 0 or 1.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from socialvalue.errors import EngineInputError

__all__ = ["CONVENTIONS", "Schedule", "as_schedule", "convention_offset"]

CONVENTIONS = ("sroi", "green-book")


def convention_offset(convention: str) -> int:
    """0 for ``"sroi"`` (period = project year), 1 for ``"green-book"`` (period = year - 1)."""
    if convention == "sroi":
        return 0
    if convention == "green-book":
        return 1
    raise EngineInputError(f"unknown discounting convention {convention!r}", field="convention",
                           hint="use 'sroi' (year 1 discounted one period) or 'green-book' (year 1 undiscounted)")


@dataclass(frozen=True, slots=True)
class Schedule:
    """Validated bands: ``starts[0] == 1``, strictly increasing; rates finite in (-1, 1)."""

    starts: tuple[int, ...]
    rates: tuple[float, ...]

    @property
    def is_constant(self) -> bool:
        return len(set(self.rates)) == 1

    def rate(self, period: int) -> float:
        """Rate charged for discounting period ``period`` (1-based)."""
        k = 0
        for j, s in enumerate(self.starts):
            if period >= s:
                k = j
        return self.rates[k]

    def factors(self, periods: int) -> np.ndarray:
        """``DF(0) … DF(periods)`` as a read-only float64 array."""
        return _factors(self.starts, self.rates, int(periods))

    def segments(self, last_period: int) -> list[tuple[int, int, float]]:
        """Bands as ``(first_period, last_period, rate)`` covering ``0 … last_period``.

        The first band also covers period 0 (``DF(0) = 1 = (1 + r_1)**0``), so within a
        segment ``DF(u) = DF(first) * (1 + rate)**-(u - first)``.
        """
        out = []
        for j, (s, r) in enumerate(zip(self.starts, self.rates, strict=True)):
            lo = 0 if j == 0 else s
            hi = self.starts[j + 1] - 1 if j + 1 < len(self.starts) else math.inf
            if lo > last_period:
                break
            out.append((lo, int(min(hi, last_period)), r))
        return out

    def shifted(self, delta: float) -> Schedule:
        """Every band rate plus ``delta`` (validated)."""
        return as_schedule((self.starts, tuple(r + delta for r in self.rates)))

    def scaled(self, factor: float) -> Schedule:
        """Every band rate times ``factor`` (validated)."""
        return as_schedule((self.starts, tuple(r * factor for r in self.rates)))

    def to_dict(self) -> dict[str, Any]:
        return {"band_starts": list(self.starts), "band_rates": list(self.rates)}


@lru_cache(maxsize=64)
def _factors(starts: tuple[int, ...], rates: tuple[float, ...], periods: int) -> np.ndarray:
    out = np.empty(periods + 1)
    acc = 1.0
    out[0] = acc
    k = 0
    for t in range(1, periods + 1):
        while k + 1 < len(starts) and t >= starts[k + 1]:
            k += 1
        acc /= 1.0 + rates[k]  # same operations as DiscountSchedule.factors: bit-identical
        out[t] = acc
    out.setflags(write=False)
    return out


def _check_rate(value: Any, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise EngineInputError(f"discount rate must be a number, got {value!r}", field=field)
    rate = float(value)
    if not (math.isfinite(rate) and -1.0 < rate < 1.0):
        raise EngineInputError(f"discount rate {rate!r} is not a yearly rate in (-1, 1)", field=field,
                               hint="write rates as fractions, e.g. 0.035 for 3.5%")
    return rate


def as_schedule(discount: Any) -> Schedule:
    """Normalise ``discount`` (float rate, ``(starts, rates)``, or an object with
    ``band_starts``/``band_rates``) into a validated :class:`Schedule`."""
    if isinstance(discount, Schedule):
        return discount
    if isinstance(discount, (int, float, np.integer, np.floating)) and not isinstance(discount, bool):
        return Schedule((1,), (_check_rate(discount, "discount"),))
    if hasattr(discount, "band_starts") and hasattr(discount, "band_rates"):
        starts_raw, rates_raw = discount.band_starts, discount.band_rates
    elif isinstance(discount, tuple) and len(discount) == 2:
        starts_raw, rates_raw = discount
    else:
        raise EngineInputError(f"cannot use {discount!r} as a discount schedule", field="discount",
                               hint="pass a rate such as 0.035, a DiscountSchedule, or (band_starts, band_rates)")
    try:
        starts = tuple(int(s) for s in starts_raw)
        if any(float(s) != int(s) for s in starts_raw):
            raise ValueError
    except (TypeError, ValueError):
        raise EngineInputError("band starts must be whole years", field="discount.band_starts") from None
    rates = tuple(_check_rate(r, f"discount.band_rates[{k}]") for k, r in enumerate(rates_raw))
    if not starts or starts[0] != 1:
        raise EngineInputError("the first band must start at year 1", field="discount.band_starts[0]")
    if len(starts) != len(rates):
        raise EngineInputError(f"{len(starts)} band starts but {len(rates)} rates", field="discount.band_rates")
    for k in range(1, len(starts)):
        if starts[k] <= starts[k - 1]:
            raise EngineInputError("band starts must increase", field=f"discount.band_starts[{k}]")
    return Schedule(starts, rates)
