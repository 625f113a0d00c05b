"""Price years and discounting.

Two different adjustments turn money at different times into comparable figures, and
this module keeps them apart on purpose:

* **Indexation** re-expresses a value given in one year's *prices* in another year's
  prices with the HM Treasury GDP deflator (``value × D(to) ÷ D(from)``). It corrects
  for inflation only; it says nothing about *when* the value arises.
* **Discounting** weights value arising in later *years* less, with the Green Book's
  social time preference rate. Schedules are data (bands of years with a rate each),
  because HM Treasury reviews them; the kinked schedule compounds band by band:
  ``DF(t) = Π_{s=1..t} 1/(1 + r_s)``.

The engine receives a schedule's bands as plain tuples (``band_starts``, ``band_rates``)
so that it never imports this module.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from functools import cache
from typing import Any

import attrs

from socialvalue.data import read_csv, table_version
from socialvalue.errors import PriceYearError, ValidationError

__all__ = [
    "DeflatorSeries",
    "DiscountSchedule",
    "SCHEDULES",
    "discount_schedule",
    "gdp_deflator",
    "rebase",
]

_APPRAISAL = "socialvalue.data.uk_appraisal"


@attrs.frozen(repr=False)
class DeflatorSeries:
    """An index of the general price level by calendar year (e.g. GDP deflator, 2024 = 100)."""

    name: str
    values: Mapping[int, float] = attrs.field(converter=lambda m: dict(sorted(m.items())))
    base_year: int
    source: str
    vintage: str
    sha256: str = ""

    def __repr__(self) -> str:
        first, last = min(self.values), max(self.values)
        return f"<DeflatorSeries {self.name!r} {first}-{last}, {self.base_year} = 100, vintage {self.vintage}>"

    @property
    def years(self) -> range:
        return range(min(self.values), max(self.values) + 1)

    def level(self, year: int, *, field: str | None = None) -> float:
        """The index value of ``year``; raises :class:`PriceYearError` outside the series."""
        try:
            return self.values[int(year)]
        except (KeyError, TypeError, ValueError, OverflowError):
            years = self.years
            raise PriceYearError(
                f"price year {year!r} is outside the {self.name} series ({years.start}-{years.stop - 1})",
                field=field,
                hint=f"express the value in prices of a year between {years.start} and {years.stop - 1}",
            ) from None

    def factor(self, from_year: int, to_year: int) -> float:
        """Multiplier that takes a value in ``from_year`` prices to ``to_year`` prices."""
        if from_year == to_year:
            return 1.0
        return self.level(to_year) / self.level(from_year)

    def rebase(self, value: float, from_year: int, to_year: int) -> float:
        """Re-express ``value`` (in ``from_year`` prices) in ``to_year`` prices."""
        if from_year == to_year:
            return float(value)
        return float(value) * self.level(to_year) / self.level(from_year)

    def provenance(self) -> dict[str, Any]:
        return {"name": self.name, "base_year": self.base_year, "source": self.source,
                "vintage": self.vintage, "sha256": self.sha256}


@cache
def gdp_deflator() -> DeflatorSeries:
    """HM Treasury GDP deflator at market prices (2024 = 100), as shipped with the package."""
    meta = table_version("gdp_deflator")
    rows = read_csv(_APPRAISAL, meta["file"])
    return DeflatorSeries(
        name="HM Treasury GDP deflator",
        values={int(r["year"]): float(r["value"]) for r in rows},
        base_year=2024,
        source=meta["source"],
        vintage=meta["vintage"],
        sha256=meta["sha256"],
    )


def rebase(value: float, from_year: int, to_year: int, *, deflator: DeflatorSeries | None = None) -> float:
    """Re-express ``value`` from ``from_year`` prices in ``to_year`` prices (GDP deflator by default)."""
    return (deflator or gdp_deflator()).rebase(value, from_year, to_year)


def _check_rate(rate: float, field: str) -> float:
    from socialvalue.numbers import read_number

    if isinstance(rate, bool) or not isinstance(rate, (int, float, str)):
        raise ValidationError(f"discount rate must be a number, got {rate!r}", field=field,
                              hint="write the yearly rate as a fraction, e.g. rate: 0.035")
    if isinstance(rate, str):
        rate = read_number(rate, field)
    rate = float(rate) if isinstance(rate, float) or abs(rate) < 2**1023 else math.inf  # 10**400: no OverflowError
    if not math.isfinite(rate) or rate <= -1.0 or rate >= 1.0:
        raise ValidationError(
            f"discount rate {rate!r} is not a yearly rate",
            field=field,
            hint="write rates as fractions, e.g. 0.035 for 3.5%; rates must lie in (-1, 1)",
        )
    return rate


def _bands_converter(value: Any) -> tuple[int, ...]:
    return tuple(int(v) for v in value)


def _rates_converter(value: Any) -> tuple[float, ...]:
    return tuple(float(v) for v in value)


@attrs.frozen
class DiscountSchedule:
    """Discount rates by band of years.

    ``band_starts[k]`` is the first year (1-based period) charged at ``band_rates[k]``;
    the first band starts at year 1. A constant rate is one band.
    """

    name: str
    band_starts: tuple[int, ...] = attrs.field(converter=_bands_converter)
    band_rates: tuple[float, ...] = attrs.field(converter=_rates_converter)
    source: str = ""

    def __attrs_post_init__(self) -> None:
        if not self.band_starts or self.band_starts[0] != 1:
            raise ValidationError("a discount schedule's first band must start at year 1", field="band_starts")
        if len(self.band_starts) != len(self.band_rates):
            raise ValidationError("band_starts and band_rates must have the same length", field="band_rates")
        if any(b <= a for a, b in itertools.pairwise(self.band_starts)):
            raise ValidationError("band starts must increase", field="band_starts")
        for k, rate in enumerate(self.band_rates):
            _check_rate(rate, f"band_rates[{k}]")

    @classmethod
    def constant(cls, rate: float) -> DiscountSchedule:
        """One rate for every year."""
        rate = _check_rate(rate, "rate")
        return cls(name="constant", band_starts=(1,), band_rates=(rate,), source=f"constant {rate:g}")

    @property
    def is_constant(self) -> bool:
        return len(self.band_rates) == 1

    def rate(self, year: int) -> float:
        """Rate charged for discounting period ``year`` (1-based)."""
        rate = self.band_rates[0]
        for start, band_rate in zip(self.band_starts, self.band_rates, strict=True):
            if year >= start:
                rate = band_rate
        return rate

    def factors(self, years: int) -> list[float]:
        """Discount factors ``DF(0) … DF(years)``, with ``DF(0) = 1``, compounded band by band."""
        out = [1.0]
        acc = 1.0
        for t in range(1, years + 1):
            acc /= 1.0 + self.rate(t)
            out.append(acc)
        return out

    def to_dict(self) -> dict[str, Any]:
        if self.name == "constant":
            return {"schedule": "constant", "rate": self.band_rates[0]}
        if self.name in SCHEDULES:
            return {"schedule": self.name}
        return {"schedule": "bands", "band_starts": list(self.band_starts),
                "band_rates": list(self.band_rates), "name": self.name}

    def provenance(self) -> dict[str, Any]:
        return {**self.to_dict(), "band_starts": list(self.band_starts),
                "band_rates": list(self.band_rates), "source": self.source}


def _green_book(column: str, name: str) -> DiscountSchedule:
    meta = table_version("stpr_schedule")
    rows = read_csv(_APPRAISAL, meta["file"])
    # The CSV's first band is "years 0-30"; year 0 is never discounted, so the band
    # governs discounting periods 1-30 and later bands start at their year_from.
    starts = [max(1, int(r["year_from"])) for r in rows]
    return DiscountSchedule(
        name=name,
        band_starts=starts,
        band_rates=[float(r[column]) for r in rows],
        source=f"{meta['source']} ({column} column; vintage {meta['vintage']}; {meta['sha256']})",
    )


@cache
def _named(name: str) -> DiscountSchedule:
    if name == "green-book":
        return _green_book("standard", name)
    if name == "green-book-health":
        return _green_book("health", name)
    if name == "none":
        return DiscountSchedule(name="none", band_starts=(1,), band_rates=(0.0,), source="no discounting")
    raise KeyError(name)


SCHEDULES: tuple[str, ...] = ("constant", "green-book", "green-book-health", "none")
"""Schedule names accepted by :func:`discount_schedule`."""


def discount_schedule(spec: str | Mapping[str, Any] | DiscountSchedule | None = None,
                      *, field: str = "discounting") -> DiscountSchedule:
    """Build a schedule from a document's ``discounting`` block.

    Accepts ``{"schedule": "constant", "rate": 0.035}``, ``{"schedule": "green-book"}``,
    ``{"schedule": "green-book-health"}``, ``{"schedule": "none"}`` or the bare names.
    ``None`` means the Green Book standard schedule.
    """
    from socialvalue.errors import UnknownNameError
    from socialvalue.suggest import close_matches

    if isinstance(spec, DiscountSchedule):
        return spec
    if spec is None:
        return _named("green-book")
    if isinstance(spec, str):
        spec = {"schedule": spec}
    if not isinstance(spec, Mapping):
        raise ValidationError(f"expected a mapping such as {{schedule: constant, rate: 0.035}}, got {spec!r}",
                              field=field)
    name = spec.get("schedule", "constant" if "rate" in spec else None)
    extra = set(spec) - {"schedule", "rate"}
    if extra:
        key = min(extra, key=str)  # keys may mix text and numbers
        raise ValidationError(f"unknown key {key!r}", field=f"{field}.{key}",
                              hint="a discounting block has only 'schedule' and, for constant, 'rate'")
    if name == "constant":
        if "rate" not in spec:
            raise ValidationError("a constant schedule needs a rate", field=f"{field}.rate",
                                  hint="add e.g. rate: 0.035")
        return DiscountSchedule.constant(_check_rate(spec["rate"], f"{field}.rate"))
    if "rate" in spec:
        raise ValidationError(f"schedule {name!r} takes no rate", field=f"{field}.rate",
                              hint="use schedule: constant to set your own rate")
    try:
        return _named(str(name))
    except KeyError:
        raise UnknownNameError(f"unknown discount schedule {name!r}", field=f"{field}.schedule",
                               suggestions=close_matches(str(name), SCHEDULES) or SCHEDULES) from None
