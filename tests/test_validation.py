"""Every bound of the shared field checks, tested on both sides.

``socialvalue.validation`` (fractions, non-negative amounts, whole numbers) and
``socialvalue.numbers`` (the one number reader) decide what every document may contain. Each
bound is checked at the bound itself (accepted) and at the nearest float beyond it (refused):
``1.0`` and ``1.0000000000000002``, ``0.0`` and ``-5e-324``, so that moving a bound by any
amount, or turning ``<=`` into ``<``, fails a test here.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialvalue import validation as v
from socialvalue.errors import NumberTextError, ValidationError
from socialvalue.numbers import parse_number_text, read_number
from tests.checks import raises_exactly
from tests.strategies import FRACTIONS_OUTSIDE, fractions

ABOVE_ONE = math.nextafter(1.0, 2.0)  # 1.0000000000000002
BELOW_ZERO = -5e-324  # the negative float nearest 0
BELOW_ONE = math.nextafter(1.0, 0.0)  # 0.9999999999999999


def test_bounds_are_the_nearest_floats() -> None:
    assert ABOVE_ONE == 1.0000000000000002 and BELOW_ZERO == math.nextafter(0.0, -1.0)
    assert FRACTIONS_OUTSIDE[:2] == (ABOVE_ONE, BELOW_ZERO)


# --------------------------------------------------------------------------- fraction


@pytest.mark.parametrize(("value", "expected"), [
    (0, 0.0), (0.0, 0.0), (-0.0, 0.0), (1, 1.0), (1.0, 1.0), (5e-324, 5e-324), (BELOW_ONE, BELOW_ONE),
    ("0", 0.0), ("1", 1.0), ("0%", 0.0), ("100%", 1.0), ("20%", 0.2), ("0.25", 0.25), (" 1.0 ", 1.0),
])
def test_fraction_accepts_every_value_from_0_to_1(value, expected) -> None:
    got = v.fraction(value, "f")
    assert got == expected and type(got) is float
    assert math.copysign(1.0, got) == 1.0  # -0.0 is read as 0.0


@pytest.mark.parametrize("value", [*FRACTIONS_OUTSIDE, 1.5, -1.0, 20, "1.0000000000000002", "-5e-324",
                                   "100.00000000001%", "-0.0000001%", "101%", "1.0001"])
def test_fraction_refuses_every_value_outside_0_to_1(value) -> None:
    with raises_exactly(ValidationError) as info:
        v.fraction(value, "outcomes[0].deadweight", source="map.yaml")
    assert info.value.field == "outcomes[0].deadweight" and info.value.source == "map.yaml"
    finite = not isinstance(value, float) or math.isfinite(value)
    assert ("between 0 and 1" if finite else "finite number") in info.value.message


@pytest.mark.parametrize("value", [float("nan"), float("inf"), True, False, None, [0.5], "half"])
def test_fraction_refuses_what_is_not_a_number(value) -> None:
    with raises_exactly(ValidationError):
        v.fraction(value, "f")


@given(fractions)
def test_fraction_round_trips_every_accepted_value(value: float) -> None:
    assert v.fraction(value, "f") == value
    assert v.fraction(repr(value), "f") == value


# --------------------------------------------------------------------------- non_negative and integer


@pytest.mark.parametrize("value", [0, 0.0, -0.0, 5e-324, 1e308, "0", "1,250.5"])
def test_non_negative_accepts_zero_and_up(value) -> None:
    assert v.non_negative(value, "amount") >= 0.0


@pytest.mark.parametrize("value", [BELOW_ZERO, -1, "-0.01", "-5e-324"])
def test_non_negative_refuses_anything_below_zero(value) -> None:
    with raises_exactly(ValidationError, match="must not be negative") as info:
        v.non_negative(value, "investment")
    assert info.value.field == "investment"


@pytest.mark.parametrize(("value", "minimum"), [(1, 1), (1.0, 1), ("1", 1), (0, 0), (3, 1), (-2, -2)])
def test_integer_accepts_its_minimum(value, minimum) -> None:
    assert v.integer(value, "years", minimum=minimum) == int(float(value))


@pytest.mark.parametrize(("value", "minimum"), [(0, 1), (-1, 0), (-3, -2)])
def test_integer_refuses_below_its_minimum(value, minimum) -> None:
    with raises_exactly(ValidationError, match=f"at least {minimum}"):
        v.integer(value, "years", minimum=minimum)


@pytest.mark.parametrize("value", [2.5, ABOVE_ONE, BELOW_ONE, "2.5", "1.0000000000000002"])
def test_integer_refuses_fractions_of_a_whole(value) -> None:
    with raises_exactly(ValidationError, match="whole number"):
        v.integer(value, "years")


# --------------------------------------------------------------------------- the number reader


@pytest.mark.parametrize(("text", "expected"), [
    ("12", 12.0), ("-3.5", -3.5), (".5", 0.5), ("4.2e5", 420000.0), ("1E-3", 0.001),
    ("1,250", 1250.0), ("420,000.50", 420000.5), ("1,234,567", 1234567.0), ("0", 0.0), ("0.12", 0.12),
    ("1e308", 1e308), ("+7", 7.0),
])
def test_number_text_that_is_read(text, expected) -> None:
    assert parse_number_text(text) == expected
    assert read_number(text, "x") == expected


@pytest.mark.parametrize("text", [
    "12,5", "1,25", "1,2345", "1234,567", "12,345,67", "1_2", "1 250", "1'250", "1.250,5", "£12", "0x1F",
    "012", "-012", "1:30", "nan", "inf", "1e999", "-1e999",
])
def test_number_text_that_is_refused(text) -> None:
    with raises_exactly(NumberTextError) as info:
        parse_number_text(text, field="quantity")
    assert info.value.field == "quantity"


@pytest.mark.parametrize("value", [True, False, complex(1, 0), None, [1], float("nan"), float("inf"), ""])
def test_values_that_are_not_numbers(value) -> None:
    with raises_exactly(ValidationError) as info:
        read_number(value, "quantity")
    assert info.value.field == "quantity"


def test_integers_too_large_for_a_float_are_refused() -> None:
    with raises_exactly(ValidationError, match="too large"):
        read_number(10**400, "quantity")
    assert read_number(2**53 + 1, "quantity") == float(2**53)  # nearest float, not an error


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_every_finite_float_reads_back_from_its_repr(value: float) -> None:
    assert read_number(value, "x") == value
    assert parse_number_text(repr(value)) == value
