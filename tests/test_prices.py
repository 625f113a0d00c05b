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
from tests.published import deflator_rows, discount_factors, green_book_bands, indexed

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
    with raises_exactly(PriceYearError, match="1990-2026"):
        rebase(1.0, 2030, 2024)
    assert isinstance(PriceYearError("x"), LookupError)
    assert gdp_deflator().years == range(1990, 2027)


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


# --------------------------------------------------------------------------- the deflator to the present


def test_the_extension_rows_are_as_published() -> None:
    """2025 (outturn) and 2026 (OBR forecast) from a later HM Treasury release, read here with csv."""
    base = deflator_rows("gdp_deflator.csv")
    rows = deflator_rows("gdp_deflator_extension.csv")
    assert [int(r["year"]) for r in base] == list(range(1990, 2025)) and float(base[-1]["value"]) == 100.0
    assert [(int(r["year"]), r["status"]) for r in rows] == [(2025, "outturn"), (2026, "forecast")]
    for r in rows:
        assert r["vintage"] == "2026-06"
        assert r["source"].startswith("HM Treasury, GDP deflators at market prices, and money GDP June 2026")
        assert r["locator"] and r["read_via"] and r["notes"] and r["confidence"] in ("C", "P", "U")
        assert r["url"].startswith("https://assets.publishing.service.gov.uk/")
        # Re-based to 2024 = 100 by the same release's own 2024 level, to 4 decimal places like the base table.
        assert float(r["value"]) == round(float(r["release_value"]) / float(r["release_2024"]) * 100, 4)
    assert [float(r["value"]) for r in rows] == [103.6113, 105.8732]


def test_the_extension_is_recorded_in_versions_csv() -> None:
    import csv

    from tests.published import APPRAISAL

    with (APPRAISAL / "versions.csv").open(newline="", encoding="utf-8") as handle:
        versions = {r["dataset"]: r for r in csv.DictReader(handle)}
    ext = versions["gdp_deflator_extension"]
    assert ext["file"] == "gdp_deflator_extension.csv" and ext["vintage"] == "2026-06"
    assert ext["licence"] == "OGL-UK-3.0" and "mixes the two vintages" in ext["notes"]
    assert versions["gdp_deflator"]["vintage"] == "2025-12"  # the base table is unchanged


def test_forecast_years_are_flagged() -> None:
    deflator = gdp_deflator()
    published = {int(r["year"]): r["status"] for r in deflator_rows("gdp_deflator_extension.csv")}
    assert deflator.forecast_years == tuple(y for y, s in published.items() if s == "forecast") == (2026,)
    assert deflator.is_forecast(2026) and deflator.status_of(2026) == "forecast"
    assert not deflator.is_forecast(2025) and deflator.status_of(2025) == "outturn"
    assert not any(deflator.is_forecast(y) for y in range(1990, 2026))
    assert deflator.last_outturn_year == 2025 and deflator.extension_years == (2025, 2026)
    with raises_exactly(PriceYearError, match="1990-2026"):
        deflator.is_forecast(2027)
    assert "forecast 2026" in repr(deflator)
    assert deflator.forecast_note([2020, 2026]) == "2026 is an OBR forecast, not outturn"


@pytest.mark.parametrize(("a", "b"), [(2024, 2026), (2024, 2025), (2025, 2026), (2019, 2026), (2026, 2019)])
def test_factors_to_the_new_years_are_ratios_of_levels(a: int, b: int) -> None:
    assert gdp_deflator().factor(a, b) == pytest.approx(published_deflator(b) / published_deflator(a), rel=1e-15)
    assert rebase(100.0, a, b) == pytest.approx(indexed(100.0, a, b), rel=1e-15)
    assert gdp_deflator().factor(2024, 2026) == published_deflator(2026) / 100.0


def test_the_provenance_record_names_the_extension_and_forecast_only_when_used() -> None:
    deflator = gdp_deflator()
    plain = deflator.provenance()
    assert set(plain) == {"name", "base_year", "source", "vintage", "sha256"} and plain["vintage"] == "2025-12"
    assert deflator.provenance([2015, 2024]) == plain
    in_2025 = deflator.provenance([2024, 2025])
    assert in_2025["extension"]["vintage"] == "2026-06" and in_2025["extension"]["chained_at"] == 2024
    assert in_2025["extension"]["sha256"].startswith("sha256:") and "forecast_years_used" not in in_2025
    in_2026 = deflator.provenance([2019, 2026])
    assert in_2026["forecast_years_used"] == [2026] and in_2026["extension"] == in_2025["extension"]


def test_a_result_in_2026_prices_is_marked_forecast() -> None:
    from socialvalue.frameworks import evaluate
    from tests.published import ROOT

    example = ROOT / "examples" / "community-centre.yaml"
    base = evaluate(example)
    moved = evaluate(example, options={"price_year": 2026})
    record = moved.to_dict()["provenance"]["deflator"]
    assert record["forecast_years_used"] == [2026] and record["extension"]["vintage"] == "2026-06"
    assert moved.provenance.deflator["forecast_years_used"] == [2026]  # the record itself, read-only
    with pytest.raises(TypeError):
        moved.provenance.deflator["forecast_years_used"].append(2025)  # type: ignore[union-attr]
    assert "2026 is an OBR forecast, not outturn" in moved.to_text()
    assert moved.sroi_ratio == pytest.approx(base.sroi_ratio, rel=1e-12)
    assert moved.valuation.investment == pytest.approx(base.valuation.investment * published_deflator(2026) / 100,
                                                       rel=1e-12)
    outturn = evaluate(example, options={"price_year": 2025}).to_dict()["provenance"]["deflator"]
    assert "extension" in outturn and "forecast_years_used" not in outturn
    assert set(base.to_dict()["provenance"]["deflator"]) == {"name", "base_year", "source", "vintage", "sha256"}
    assert "not outturn" not in base.to_text() and "extended by" not in base.to_text()


def test_price_year_2026_on_the_command_line(capsys) -> None:
    import json

    from socialvalue.cli import main
    from tests.published import ROOT

    example = str(ROOT / "examples" / "community-centre.yaml")
    assert main(["value", example, "--price-year", "2026"]) == 0
    assert "2026 is an OBR forecast" in capsys.readouterr().out
    assert main(["value", example, "--price-year", "2026", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["provenance"]["deflator"]["forecast_years_used"] == [2026]


@pytest.mark.parametrize("to_year", [2025, 2026])
def test_every_uk_open_proxy_the_deflator_covers_indexes_to_the_new_years(to_year: int) -> None:
    from socialvalue.proxies import get_dataset

    covered = [p for p in get_dataset("uk-open") if p.price_year in gdp_deflator().values]
    assert len(covered) >= 100  # all of them today: uk-open's price years lie in 1990-2026
    assert any(p.price_year == 2026 for p in covered) and any(p.price_year == 2025 for p in covered)
    for proxy in covered:
        moved = proxy.indexed(to_year)
        factor = published_deflator(to_year) / published_deflator(proxy.price_year)
        assert moved.price_year == to_year
        if proxy.is_series:
            for year, amount in proxy.value.items():
                assert moved.value[year] == pytest.approx(amount * factor, rel=1e-12), proxy.id
        else:
            assert moved.value == pytest.approx(proxy.value * factor, rel=1e-12), proxy.id
        assert proxy.price_year == to_year or moved.indexation["from_price_year"] == proxy.price_year


def test_a_result_in_forecast_prices_verifies_and_names_the_extension(tmp_path) -> None:
    import json

    from socialvalue.frameworks import evaluate
    from socialvalue.verify import verify
    from tests.published import ROOT

    example = ROOT / "examples" / "community-centre.yaml"
    out = tmp_path / "r.json"
    out.write_text(evaluate(example, options={"price_year": 2026}).to_json() + "\n", encoding="utf-8")
    report = verify(out, example)
    assert report.matches, report.to_text()
    assert any(c.label.startswith("deflator extension") and c.status == "unchanged" for c in report.datasets)
    data = json.loads(out.read_text(encoding="utf-8"))
    data["provenance"]["deflator"]["extension"]["sha256"] = "sha256:" + "2" * 64
    out.write_text(json.dumps(data), encoding="utf-8")
    changed = verify(out, example)
    assert any(c.label.startswith("deflator extension") and c.status == "changed" for c in changed.datasets)
