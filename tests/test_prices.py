"""Price-year indexation (GDP deflator) and discount schedules (Green Book)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialvalue.errors import PriceYearError, UnknownNameError, ValidationError
from socialvalue.prices import DiscountSchedule, discount_schedule, gdp_deflator, rebase
from tests.checks import raises_exactly
from tests.published import deflator as published_deflator
from tests.published import discount_factors, green_book_bands, indexed

years = st.integers(1990, 2024)


def test_wellby_rebased_by_hand() -> None:
    # HM Treasury GDP deflator (Dec 2025 QNA, 2024 = 100): 2019 = 81.1085.
    # £13,000 (2019 prices) x 100 / 81.1085 = £16,027.91 (shared/reference/sroi.md WE4).
    assert rebase(13000, 2019, 2024) == pytest.approx(13000 * 100 / 81.1085, rel=1e-15)
    assert round(rebase(13000, 2019, 2024), 2) == 16027.91


def test_deflator_vintage_example() -> None:
    # WE5: 100 in 2017 prices -> 2019 prices with the Dec 2025 vintage = 104.47 (81.1085 / 77.6367).
    assert round(rebase(100, 2017, 2019), 2) == 104.47


@given(st.floats(min_value=1e-6, max_value=1e12), years, years)
def test_indexation_round_trips(value: float, a: int, b: int) -> None:
    assert math.isclose(rebase(rebase(value, a, b), b, a), value, rel_tol=1e-12)


def test_years_outside_the_series_are_refused() -> None:
    with raises_exactly(PriceYearError, match="1990-2024"):
        rebase(1.0, 2030, 2024)
    assert isinstance(PriceYearError("x"), LookupError)
    assert gdp_deflator().years == range(1990, 2025)


@given(st.integers(0, 400))
def test_kinked_factors_are_the_cumulative_product_of_band_rates(t: int) -> None:
    schedule = discount_schedule("green-book")
    bands = [(1, 0.035), (31, 0.030), (76, 0.025), (126, 0.020), (201, 0.015), (301, 0.010)]
    expected = 1.0
    for year in range(1, t + 1):
        rate = [r for start, r in bands if year >= start][-1]
        expected /= 1 + rate
    assert math.isclose(schedule.factors(t)[t], expected, rel_tol=1e-12)


def test_green_book_published_factors() -> None:
    # shared/reference/sroi.md WE3: DF_75 = 1/(1.035^30 x 1.030^45) = 0.094214; DF_76 = DF_75/1.025 = 0.091916.
    f = discount_schedule("green-book").factors(76)
    assert round(f[75], 6) == 0.094214
    assert round(f[76], 6) == 0.091916
    assert f[31] == pytest.approx(f[30] / 1.03, rel=1e-15)


def test_health_schedule_is_lower_rate() -> None:
    health = discount_schedule("green-book-health")
    assert health.band_rates[0] == 0.015
    assert health.factors(30)[30] > discount_schedule("green-book").factors(30)[30]
    assert [round(x, 4) for x in health.factors(5)] == [1.0, 0.9852, 0.9707, 0.9563, 0.9422, 0.9283]


def test_constant_schedule_matches_closed_form() -> None:
    f = discount_schedule({"schedule": "constant", "rate": 0.035}).factors(30)
    assert math.isclose(sum(f[1:]), (1 - 1.035**-30) / 0.035, rel_tol=1e-12)


@pytest.mark.parametrize(
    ("spec", "error"),
    [
        ({"schedule": "constant"}, ValidationError),
        ({"schedule": "constant", "rate": 3.5}, ValidationError),
        ({"schedule": "constant", "rate": 1.0}, ValidationError),
        ({"schedule": "constant", "rate": -1.0}, ValidationError),
        ({"schedule": "constant", "rate": 1.0000000000000002}, ValidationError),
        ({"schedule": "constant", "rate": -1.0000000000000002}, ValidationError),
        ({"schedule": "constant", "rate": float("nan")}, ValidationError),
        ({"schedule": "green-book", "rate": 0.03}, ValidationError),
        ({"schedule": "gren-book"}, UnknownNameError),
        ({"schedule": "constant", "rate": 0.03, "rat": 1}, ValidationError),
    ],
)
def test_bad_discounting_blocks(spec: dict, error: type[Exception]) -> None:
    with raises_exactly(error) as info:
        discount_schedule(spec)
    assert info.value.field.startswith("discounting")


@pytest.mark.parametrize("rate", [-0.5, -5e-324, 0.0, 0.99, 0.9999999999999999, -0.9999999999999999])
def test_constant_schedules_accept_every_rate_in_the_open_interval(rate: float) -> None:
    schedule = discount_schedule({"schedule": "constant", "rate": rate})
    assert schedule.band_rates == (rate,)
    assert schedule.factors(1) == [1.0, 1.0 / (1.0 + rate)]


@pytest.mark.parametrize(("name", "column"), [("green-book", "standard"), ("green-book-health", "health")])
def test_green_book_schedules_are_the_published_csv(name: str, column: str) -> None:
    starts, rates = green_book_bands(column)  # read here with the csv module, not through socialvalue.prices
    schedule = discount_schedule(name)
    assert (schedule.band_starts, schedule.band_rates) == (starts, rates)
    for got, want in zip(schedule.factors(320), discount_factors(starts, rates, 320), strict=True):
        assert math.isclose(got, want, rel_tol=1e-13)


def test_deflator_is_the_published_csv() -> None:
    deflator = gdp_deflator()
    for year in deflator.years:
        assert deflator.level(year) == published_deflator(year)
    assert rebase(100.0, 2017, 2019) == pytest.approx(indexed(100.0, 2017, 2019), rel=1e-15)


def test_schedule_dict_round_trip() -> None:
    for name in ("green-book", "green-book-health", "none"):
        assert discount_schedule(discount_schedule(name).to_dict()) == discount_schedule(name)
    assert discount_schedule(DiscountSchedule.constant(0.02).to_dict()) == DiscountSchedule.constant(0.02)
