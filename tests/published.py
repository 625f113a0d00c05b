"""Expected values computed independently of the code under test.

Tests take published figures from the data files as shipped (the HM Treasury CSVs in
src/socialvalue/data/uk_appraisal/ and the bundled proxy dataset), read here with the standard
library's ``csv`` and PyYAML, never through ``socialvalue.prices`` or ``socialvalue.proxies``, and
do the arithmetic written out (discount factors as a running product, indexation as a ratio of
deflator levels). A mistake in the package's readers or in its arithmetic then shows up as a
difference instead of being copied into the expected value.
"""

from __future__ import annotations

import csv
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
APPRAISAL = ROOT / "src" / "socialvalue" / "data" / "uk_appraisal"
UK_OPEN = ROOT / "src" / "socialvalue" / "proxies" / "data" / "uk-open.yaml"

__all__ = ["annuity", "deflator", "deflator_rows", "discount_factors", "green_book_bands", "indexed", "uk_open_proxy"]


def deflator_rows(name: str = "gdp_deflator.csv") -> list[dict[str, str]]:
    """The rows of a deflator CSV as shipped (``gdp_deflator.csv`` or ``gdp_deflator_extension.csv``)."""
    with (APPRAISAL / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@cache
def _deflator_table() -> dict[int, float]:
    table = {int(row["year"]): float(row["value"]) for row in deflator_rows("gdp_deflator.csv")}
    table.update({int(row["year"]): float(row["value"]) for row in deflator_rows("gdp_deflator_extension.csv")})
    return table


def deflator(year: int) -> float:
    """The HM Treasury GDP deflator level of ``year`` (2024 = 100), as published in the CSVs (the base
    table to 2024 and the later release's years in ``gdp_deflator_extension.csv``)."""
    return _deflator_table()[year]


def indexed(value: float, from_year: int, to_year: int) -> float:
    """``value`` in ``from_year`` prices expressed in ``to_year`` prices: value x D(to) / D(from)."""
    return value * deflator(to_year) / deflator(from_year)


def green_book_bands(column: str = "standard") -> tuple[tuple[int, ...], tuple[float, ...]]:
    """``(band_starts, band_rates)`` of the Green Book schedule, from stpr_schedule.csv.

    The CSV's first band is written as years 0-30; period 0 is undiscounted, so it governs
    discounting periods 1-30 and every later band starts at its ``year_from``.
    """
    with (APPRAISAL / "stpr_schedule.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return tuple(max(1, int(r["year_from"])) for r in rows), tuple(float(r[column]) for r in rows)


def discount_factors(starts: tuple[int, ...] | list[int], rates: tuple[float, ...] | list[float] | float,
                     periods: int) -> list[float]:
    """``DF(0) … DF(periods)``: DF(0) = 1 and DF(t) = DF(t-1) / (1 + rate of the band holding t)."""
    if isinstance(rates, (int, float)):
        starts, rates = (1,), (float(rates),)
    out, acc = [1.0], Fraction(1)
    for t in range(1, periods + 1):
        rate = [r for s, r in zip(starts, rates, strict=True) if t >= s][-1]
        acc /= 1 + Fraction(rate)
        out.append(float(acc))
    return out


def annuity(rate: float, drop_off: float, years: int, *, start: int = 1, offset: int = 0) -> float:
    """``sum over t = start … start+years-1 of (1 - drop_off)**(t - start) / (1 + rate)**(t - offset)``,
    in exact rational arithmetic, rounded once."""
    r, keep = Fraction(rate), 1 - Fraction(drop_off)
    return float(sum(keep ** (t - start) / (1 + r) ** (t - offset) for t in range(start, start + years)))


@cache
def _uk_open() -> dict[str, dict[str, Any]]:
    data = yaml.safe_load(UK_OPEN.read_text(encoding="utf-8"))
    return {p["id"]: p for p in data["proxies"]}


def uk_open_proxy(proxy_id: str) -> dict[str, Any]:
    """One proxy record of the bundled uk-open dataset, as written in its YAML file."""
    return _uk_open()[proxy_id]
