"""Units: parsing domain unit text, conversion, and refusal of mismatched dimensions."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialvalue.config import current_limits
from socialvalue.errors import UnitError, UnitMismatchError, UnknownUnitError, ValidationError
from socialvalue.units import annual_money_factor, convert, parse_quantity, parse_unit
from tests.checks import raises_exactly


@pytest.mark.parametrize(
    ("text", "same_as"),
    [
        ("GBP per person per year", "GBP/person/year"),
        ("GBP/FTE/year", "GBP / FTE / year"),
        ("GBP/tCO2e", "GBP / tCO2e"),
        ("GBP per volunteer per year", "GBP/person/year"),
        ("GBP Per person PER year", "GBP/person/year"),
        ("  GBP   per\tFTE per year  ", "GBP/FTE/year"),
    ],
)
def test_unit_text_forms_parse_to_the_same_unit(text: str, same_as: str) -> None:
    assert parse_unit(text) == parse_unit(same_as)


def test_unknown_unit_suggests_close_names() -> None:
    with raises_exactly(UnknownUnitError, match="persn") as info:
        parse_unit("GBP/persn/year", source="d.yaml", field="proxies[0].unit")
    assert "person" in str(info.value)
    assert info.value.source == "d.yaml" and info.value.field == "proxies[0].unit"


def test_hours_never_meet_fte_years() -> None:
    with raises_exactly(UnitMismatchError):
        convert(1950, "hour", "FTE * year")
    with raises_exactly(UnitMismatchError, match="FTE"):
        annual_money_factor(1200, "hour", "GBP/FTE/year", field="outcomes[0].quantity")


def test_waste_tonnes_are_not_carbon_tonnes() -> None:
    with raises_exactly(UnitMismatchError):
        annual_money_factor(3, "tonne", "GBP/tCO2e")


@pytest.mark.parametrize(
    ("quantity", "unit", "proxy_unit", "expected", "per_year"),
    [
        (12.5, "FTE", "GBP/FTE/year", 12.5, True),
        (12, None, "GBP/person/year", 12, True),
        (1200, "hour", "GBP/hour", 1200, False),
        (2500, "kgCO2e", "GBP/tCO2e", 2.5, False),
        (1, "person", "GBP/person/week", 365.25 / 7, True),
        (10, None, "GBP/offence", 10, False),
        (10, None, "GBP/year", 10, False),  # a bare number counts the proxy's own unit: 10 years, once
        (10, None, "GBP/person", 10, False),
        (3, "year", "GBP/year", 3, False),
        (6, "month", "GBP/year", 0.5, False),
        (2, "person", "GBP/person/month", 24, True),
        (1, "FTE", "GBP/FTE/week", 365.25 / 7, True),
        (1, "hour", "GBP/hour", 1, False),
    ],
)
def test_quantity_in_proxy_terms(quantity: float, unit: str | None, proxy_unit: str, expected: float,
                                 per_year: bool) -> None:
    q, annual = annual_money_factor(quantity, unit, proxy_unit)
    assert math.isclose(q, expected, rel_tol=1e-12)
    assert annual is per_year


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
       st.sampled_from([("hour", "week"), ("tCO2e", "kgCO2e"), ("GBP/week", "GBP/year"), ("year", "month")]))
def test_conversion_round_trip_preserves_value(value: float, units: tuple[str, str]) -> None:
    there = convert(value, *units)
    back = convert(there, units[1], units[0])
    assert math.isclose(back, value, rel_tol=1e-12, abs_tol=1e-300)


@pytest.mark.parametrize("text", ["degC", "degF", "decibel"])
def test_offset_units_are_refused(text: str) -> None:
    with raises_exactly(UnitError, match="offset zero") as info:
        parse_unit(text, field="unit")
    assert info.value.field == "unit"


def test_unit_text_length_limit_is_inclusive() -> None:
    limit = current_limits().max_unit_chars
    at_limit = " " * (limit - 3) + "GBP"
    assert len(at_limit) == limit and parse_unit(at_limit) == parse_unit("GBP")
    with raises_exactly(UnknownUnitError, match="characters long"):
        parse_unit(" " + at_limit)


def test_parse_quantity_reads_number_and_unit() -> None:
    assert parse_quantity("12.5 FTE") == (12.5, "FTE")
    assert parse_quantity(3, default_unit="hour") == (3.0, "hour")
    with raises_exactly(ValidationError):
        parse_quantity("a dozen")
    with raises_exactly(ValidationError):
        parse_quantity(float("nan"))
