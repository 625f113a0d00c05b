"""Units: parsing domain unit text, conversion, and refusal of mismatched dimensions."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialvalue.errors import UnitMismatchError, UnknownUnitError, ValidationError
from socialvalue.units import annual_money_factor, convert, parse_quantity, parse_unit


@pytest.mark.parametrize(
    ("text", "same_as"),
    [
        ("GBP per person per year", "GBP/person/year"),
        ("GBP/FTE/year", "GBP / FTE / year"),
        ("GBP/tCO2e", "GBP / tCO2e"),
        ("GBP per volunteer per year", "GBP/person/year"),
    ],
)
def test_unit_text_forms_parse_to_the_same_unit(text: str, same_as: str) -> None:
    assert parse_unit(text) == parse_unit(same_as)


def test_unknown_unit_suggests_close_names() -> None:
    with pytest.raises(UnknownUnitError, match="persn") as info:
        parse_unit("GBP/persn/year", source="d.yaml", field="proxies[0].unit")
    assert "person" in str(info.value)
    assert info.value.source == "d.yaml" and info.value.field == "proxies[0].unit"


def test_hours_never_meet_fte_years() -> None:
    with pytest.raises(UnitMismatchError):
        convert(1950, "hour", "FTE * year")
    with pytest.raises(UnitMismatchError, match="FTE"):
        annual_money_factor(1200, "hour", "GBP/FTE/year", field="outcomes[0].quantity")


def test_waste_tonnes_are_not_carbon_tonnes() -> None:
    with pytest.raises(UnitMismatchError):
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


def test_parse_quantity_reads_number_and_unit() -> None:
    assert parse_quantity("12.5 FTE") == (12.5, "FTE")
    assert parse_quantity(3, default_unit="hour") == (3.0, "hour")
    with pytest.raises(ValidationError):
        parse_quantity("a dozen")
    with pytest.raises(ValidationError):
        parse_quantity(float("nan"))
