"""Why two views differ: a sequential (waterfall) attribution of each difference to causes.

Every view values a fact with the same engine computation (see :func:`engine_value`); what
differs between two views is the **setting** it runs with, made of five components:

=======================  ===================================================================
cause                    what changes
=======================  ===================================================================
proxy value              the proxy (another proxy, or another dataset's value), compared at
                         the same price year, with the unit conversion that goes with it
price year               the price year the values are indexed to (GDP deflator)
adjustments              deadweight, displacement, attribution and leakage
duration and drop-off    how many years the value is counted, from which year, and drop-off
discounting              the discount schedule and the convention for the first year
no counterpart           one view values the fact and the other cannot (no measure/outcome)
=======================  ===================================================================

**Sequential attribution.** From view A's setting, the components are switched to view B's
one at a time in a fixed order (default :data:`DEFAULT_ORDER`, the order of the valuation
chain: quantity × proxy → indexation → adjustments → years → discounting). Each cause's
part is the change in value at its step. The parts depend on the order (the effect of a
change of proxy is larger when fewer adjustments have been applied yet); their sum does not.
A fact that only one of the two views values has a single part, ``no counterpart``.

**Exact sums.** All money in a comparison is held in fixed point: an integer number of one
*quantum* ``Q``, a power of two chosen from the largest figure of the comparison so that
every value, state, part and total is an exactly representable float
(``Q = 2**(e - 52)`` with ``2**e`` above twice the largest sum of states). Sums and
differences are then exact, so ``math.fsum(parts) == difference`` holds bit for bit for
every fact and every total, totals equal the sum of their facts, and each total part equals
the sum of the facts' parts. Values agree with the engine's floats to within ``Q / 2``
(about 1e-16 of the largest figure).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

import attrs

from socialvalue.errors import SocialValueError, ValidationError

__all__ = [
    "CAUSES",
    "DEFAULT_ORDER",
    "NO_COUNTERPART",
    "FixedPoint",
    "Setting",
    "check_order",
    "engine_value",
    "states",
]

CAUSES: tuple[str, ...] = ("proxy value", "price year", "adjustments", "duration and drop-off", "discounting",
                           "no counterpart")
"""Every cause a difference is attributed to, in the default order."""
NO_COUNTERPART = "no counterpart"
DEFAULT_ORDER: tuple[str, ...] = CAUSES[:5]
"""The default order of the sequential attribution (the order of the valuation chain)."""

CAUSE_MEANINGS: dict[str, str] = {
    "proxy value": "a different proxy, or another dataset's value for it, at the same price year",
    "price year": "the values are indexed to another year's prices (GDP deflator)",
    "adjustments": "deadweight, displacement, attribution and leakage applied or not, or at other rates",
    "duration and drop-off": "the value is counted for other years (duration, start year) or drops off",
    "discounting": "another discount schedule, or another convention for discounting the first year",
    "no counterpart": "one view values the fact and the other has no measure or outcome for it",
}

_FIELDS: dict[str, tuple[str, ...]] = {
    "proxy value": ("proxy", "unit_factor"),
    "price year": ("price_year",),
    "adjustments": ("adjustments",),
    "duration and drop-off": ("start", "duration", "drop_off"),
    "discounting": ("schedule", "convention"),
}


@attrs.frozen
class Setting:
    """Everything the engine needs to value one fact in one view, split by cause.

    ``quantity`` is the fact's quantity per year in its crosswalk unit; ``unit_factor``
    turns one such unit into the proxy's terms; ``proxy`` is the proxy as published (in
    its own price year); ``schedule`` is a :class:`~socialvalue.prices.DiscountSchedule`
    and ``convention`` ``"sroi"`` (year 1 discounted one period) or ``"green-book"``.
    """

    quantity: float
    proxy: Any
    unit_factor: float
    price_year: int
    adjustments: tuple[float, float, float, float]
    start: int
    duration: int
    drop_off: float
    schedule: Any
    convention: str
    first_year: int | None = None

    def indexed_proxy(self) -> Any:
        return self.proxy.indexed(self.price_year)

    def to_dict(self) -> dict[str, Any]:
        p = self.indexed_proxy()
        dw, ds, at, lk = self.adjustments
        return {"proxy": p.qualified_id, "proxy_value": p.headline_value, "proxy_unit": p.unit,
                "proxy_series": p.is_series, "proxy_price_year": self.proxy.price_year,
                "quantity_per_year_in_proxy_units": self.quantity * self.unit_factor,
                "price_year": self.price_year,
                "adjustments": {"deadweight": dw, "displacement": ds, "attribution": at, "leakage": lk},
                "start_year": self.start, "duration": self.duration, "drop_off": self.drop_off,
                "discounting": self.schedule.to_dict(),
                "discount_start": "year-1" if self.convention == "sroi" else "year-0"}


def engine_value(s: Setting) -> float:
    """Present value of one fact under ``s``, computed by the valuation engine."""
    from socialvalue.engine import compile_outcomes, project_year_series, valuate

    p = s.indexed_proxy()
    yearly = None
    proxy = p.headline_value
    if p.is_series:
        if s.first_year is None:
            raise ValidationError(f"proxy {p.qualified_id!r} changes by calendar year", field="first_year",
                                  hint="set first_year: (the calendar year of project year 1) on the activity")
        yearly = {0: project_year_series(p.value, s.first_year, s.start + s.duration - 1, name=f"proxy {p.id}")}
        proxy = 0.0
    dw, ds, at, lk = s.adjustments
    table = compile_outcomes(quantity=[s.quantity * s.unit_factor], proxy=[proxy], duration=[s.duration],
                             deadweight=[dw], displacement=[ds], attribution=[at], leakage=[lk],
                             drop_off=[s.drop_off], start=[s.start], yearly_proxy=yearly)
    return float(valuate(table, discount=s.schedule, investment=0.0, convention=s.convention).pv_by_outcome[0])


def check_order(order: Iterable[str] | None, field: str = "order") -> tuple[str, ...]:
    """A permutation of the five ordered causes (``no counterpart`` is not ordered)."""
    if order is None:
        return DEFAULT_ORDER
    items = tuple(order) if not isinstance(order, str) else (order,)
    if sorted(items) != sorted(DEFAULT_ORDER):
        from socialvalue.suggest import close_matches

        unknown = [c for c in items if c not in DEFAULT_ORDER]
        hint = "give each of these once: " + ", ".join(DEFAULT_ORDER)
        if unknown:
            hits = close_matches(str(unknown[0]), DEFAULT_ORDER)
            hint = (f"did you mean {hits[0]!r}? " if hits else "") + hint
        raise ValidationError(f"the order must list the five causes once each, got {list(items)!r}",
                              field=field, hint=hint)
    return items


def states(a: Setting, b: Setting, order: Sequence[str], start: float, end: float) -> list[tuple[str, float]]:
    """The waterfall from ``a`` to ``b``: ``(cause, value after switching it)`` for each cause.

    ``start`` and ``end`` are the engine values of ``a`` and ``b``. A cause whose components
    are equal in both settings leaves the value unchanged; the last cause that changes
    anything ends exactly at ``end``.
    """
    changed = [any(getattr(a, f) != getattr(b, f) for f in _FIELDS[c]) for c in order]
    last = max((i for i, c in enumerate(changed) if c), default=-1)
    out: list[tuple[str, float]] = []
    current, value = a, start
    for i, cause in enumerate(order):
        if changed[i]:
            current = attrs.evolve(current, **{f: getattr(b, f) for f in _FIELDS[cause]})
            if i == last:
                value = end
            else:
                try:
                    value = engine_value(current)
                except SocialValueError as exc:
                    raise ValidationError(
                        f"the step '{cause}' of the attribution cannot be valued: {exc.message}", field="order",
                        hint="the settings of the two views do not combine in this order (e.g. a proxy series "
                             "that does not cover the other view's years); try another order") from None
        out.append((cause, value))
    return out


class FixedPoint:
    """Exact money: integers of one quantum ``Q = 2**exponent`` (see the module docstring)."""

    def __init__(self, bound: float) -> None:
        if not math.isfinite(bound) or bound < 0:
            raise ValueError(f"bad bound {bound!r}")
        _, e = math.frexp(bound)  # bound < 2**e
        self.exponent = max(e - 52, -1074) if bound > 0 else 0
        self._q = Fraction(2) ** self.exponent

    @classmethod
    def for_values(cls, groups: Iterable[Iterable[float]]) -> FixedPoint:
        """A quantum for figures whose sums stay below twice the largest sum of ``groups``."""
        largest = max((math.fsum(abs(x) for x in g) for g in groups), default=0.0)
        return cls(2.0 * largest)

    @property
    def quantum(self) -> float:
        return math.ldexp(1.0, self.exponent)

    def units(self, x: float) -> int:
        """``x`` in quanta (nearest, ties to even)."""
        return round(Fraction(x) / self._q)

    def money(self, n: int) -> float:
        """A number of quanta as a float (exact)."""
        out = math.ldexp(float(n), self.exponent)
        if Fraction(out) != n * self._q:  # pragma: no cover - guarded by the choice of the exponent
            raise ArithmeticError("fixed-point value is not exactly representable")
        return out
