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
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

import attrs

from socialvalue.data import read_csv, table_version
from socialvalue.errors import PriceYearError, ValidationError

__all__ = [
    "FORECAST",
    "OUTTURN",
    "SCHEDULES",
    "DeflatorSeries",
    "DiscountSchedule",
    "discount_schedule",
    "gdp_deflator",
    "rebase",
]

_APPRAISAL = "socialvalue.data.uk_appraisal"


OUTTURN, FORECAST = "outturn", "forecast"
STATUSES: tuple[str, ...] = (OUTTURN, FORECAST)
"""What a deflator level is: ``outturn`` (measured) or ``forecast`` (projected, e.g. by the OBR)."""


def _status_converter(value: Mapping[int, str] | None) -> dict[int, str]:
    return {int(year): str(status) for year, status in sorted((value or {}).items())}


@attrs.frozen(repr=False)
class DeflatorSeries:
    """An index of the general price level by calendar year (e.g. GDP deflator, 2024 = 100).

    ``source``, ``vintage`` and ``sha256`` describe the base table. A later release may extend
    it (``extension``: its source, vintage and hash, and the year it is chained on at): its
    years keep the base table's reference year, so the base table's levels are unchanged.
    ``status`` marks each year ``outturn`` or ``forecast``; a year it does not list is outturn.
    """

    name: str
    values: Mapping[int, float] = attrs.field(converter=lambda m: dict(sorted(m.items())))
    base_year: int
    source: str
    vintage: str
    sha256: str = ""
    status: Mapping[int, str] = attrs.field(factory=dict, converter=_status_converter)
    extension: Mapping[str, Any] | None = None
    """Provenance of the years added by a later release (``years``, ``source``, ``vintage``, ``sha256``,
    ``chained_at``), or ``None``."""
    year_records: Mapping[int, Mapping[str, str]] = attrs.field(factory=dict)
    """Per-year source, locator, vintage and confidence of the extension's years, as published."""

    def __attrs_post_init__(self) -> None:
        for year, status in self.status.items():
            if status not in STATUSES:
                raise ValidationError(f"deflator year {year}: status must be outturn or forecast, got {status!r}",
                                      field=f"status[{year}]")
            if year not in self.values:
                raise ValidationError(f"deflator year {year} has a status but no level", field=f"status[{year}]")
        years = list(self.values)
        if years != list(range(years[0], years[-1] + 1)):
            raise ValidationError(f"the {self.name} series has gaps", field="values",
                                  hint="give a level for every year between the first and the last")

    def __repr__(self) -> str:
        first, last = min(self.values), max(self.values)
        tail = f", forecast {', '.join(map(str, self.forecast_years))}" if self.forecast_years else ""
        return (f"<DeflatorSeries {self.name!r} {first}-{last}, {self.base_year} = 100, "
                f"vintage {self.vintage}{tail}>")

    @property
    def years(self) -> range:
        return range(min(self.values), max(self.values) + 1)

    @property
    def forecast_years(self) -> tuple[int, ...]:
        """The years whose level is a forecast, not outturn (e.g. ``(2026,)``)."""
        return tuple(year for year, status in self.status.items() if status == FORECAST)

    @property
    def last_outturn_year(self) -> int:
        """The latest year whose level is outturn."""
        return max(year for year in self.values if not self.is_forecast(year))

    @property
    def extension_years(self) -> tuple[int, ...]:
        """The years a later release added to the base table (none without an extension)."""
        return tuple((self.extension or {}).get("years", ()))

    def is_forecast(self, year: int) -> bool:
        """Whether the level of ``year`` is a forecast; raises :class:`PriceYearError` outside the series."""
        self.level(year)
        return self.status.get(int(year)) == FORECAST

    def status_of(self, year: int) -> str:
        """``outturn`` or ``forecast``; raises :class:`PriceYearError` outside the series."""
        return FORECAST if self.is_forecast(year) else OUTTURN

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

    def provenance(self, years_used: Iterable[int] = ()) -> dict[str, Any]:
        """The record a result carries: name, reference year, source, vintage and hash of the table.

        ``years_used`` are the price years a result indexed from or to. When any of them comes
        from the extension, the record adds ``extension`` (its source, vintage and hash); when
        any is a forecast, ``forecast_years_used``. Without them the record is as it always was.
        """
        out: dict[str, Any] = {"name": self.name, "base_year": self.base_year, "source": self.source,
                               "vintage": self.vintage, "sha256": self.sha256}
        used = sorted({int(year) for year in years_used if int(year) in self.values})
        if self.extension and any(year in self.extension_years for year in used):
            out["extension"] = {k: self.extension[k] for k in ("source", "vintage", "sha256", "chained_at")
                                if k in self.extension}
        forecast = [year for year in used if self.is_forecast(year)]
        if forecast:
            out["forecast_years_used"] = forecast
        return out

    def forecast_note(self, years: Iterable[int]) -> str:
        """Which of ``years`` are forecasts and whose, for reports: ``2026 is an OBR forecast, not outturn``."""
        chosen = sorted({int(y) for y in years if int(y) in self.values and self.is_forecast(y)})
        if not chosen:
            return ""
        who = sorted({self.year_records.get(y, {}).get("forecaster", "") for y in chosen} - {""})
        listed = ", ".join(map(str, chosen))
        by = f"{' and '.join(who)} " if who else ""
        if len(chosen) == 1:
            return f"{listed} is {'an' if by[:1] in ('A', 'E', 'I', 'O', 'U') else 'a'} {by}forecast, not outturn"
        return f"{listed} are {by}forecasts, not outturn"


@cache
def gdp_deflator() -> DeflatorSeries:
    """HM Treasury GDP deflator at market prices (2024 = 100), as shipped with the package.

    The base table (``gdp_deflator.csv``, December 2025 vintage) holds outturn to 2024. A later
    release extends it (``gdp_deflator_extension.csv``): 2025 outturn and 2026 forecast, re-based
    to 2024 = 100 by that release's own 2024 level, each row with its status, source and vintage.
    ``gdp_deflator().is_forecast(2026)`` is ``True``.
    """
    meta = table_version("gdp_deflator")
    values = {int(r["year"]): float(r["value"]) for r in read_csv(_APPRAISAL, meta["file"])}
    ext_meta = table_version("gdp_deflator_extension")
    ext_rows = read_csv(_APPRAISAL, ext_meta["file"])
    status: dict[int, str] = {}
    records: dict[int, dict[str, str]] = {}
    for row in ext_rows:
        year = int(row["year"])
        if year in values:
            raise ValidationError(f"deflator year {year} is in both {meta['file']} and {ext_meta['file']}",
                                  field="year")
        values[year] = float(row["value"])
        status[year] = row["status"]
        records[year] = {k: row[k] for k in ("status", "vintage", "source", "locator", "url", "read_via",
                                             "confidence", "notes")}
        if row["status"] == FORECAST:
            records[year]["forecaster"] = "OBR"
    extension = {"years": sorted(records), "source": ext_meta["source"], "vintage": ext_meta["vintage"],
                 "sha256": ext_meta["sha256"], "chained_at": max(int(y) for y in values if int(y) not in records)}
    return DeflatorSeries(
        name="HM Treasury GDP deflator",
        values=values,
        base_year=2024,
        source=meta["source"],
        vintage=meta["vintage"],
        sha256=meta["sha256"],
        status=status,
        extension=extension if records else None,
        year_records=records,
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
