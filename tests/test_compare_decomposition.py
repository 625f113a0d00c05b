"""One comparison decomposed by hand: the amount of every cause, computed here and asserted.

The "parts sum exactly" tests (test_compare.py, test_compare_properties.py) hold by
construction: a difference blamed on the wrong cause still sums to the right total. This test
fixes what each cause must be. A tiny comparison document values two facts in two views:

* view **A**, ``toms``: gross and undiscounted, the catalogue's proxy for jobs (uk-open median
  full-time pay, £37,430 a year in 2024 prices), the activity's price year 2024, no adjustments,
  the fact's own 2 years;
* view **B**, ``sroi`` with a test dataset: the crosswalk values jobs per person at a made-up
  £2,500 a *month* in 2022 prices (so the proxy step carries a unit conversion, x 12), reports
  in 2020 prices, applies deadweight 25%, displacement 10%, attribution 20% and leakage 5%,
  counts the jobs for one more year with 50% drop-off, and discounts at a constant 5% from
  year 1;
* a second fact (volunteering hours) has no TOMs counterpart in the crosswalk.

Causes are switched from A to B in the default order (docs/howto/compare-frameworks.md,
``socialvalue.compare.decompose``): proxy value -> price year -> adjustments -> duration and
drop-off -> discounting; each part is the change in value at its step, and a fact that only
one view values is wholly "no counterpart". Deflator levels come from the published CSV,
read here (tests/published.py).
"""

from __future__ import annotations

import math

import pytest
import yaml

from socialvalue.compare import CAUSES, DEFAULT_ORDER, NO_COUNTERPART, evaluate_comparison
from socialvalue.documents import read_document
from tests.checks import assert_schema_valid
from tests.published import deflator, uk_open_proxy

DATASET = """\
# TEST ONLY: made-up values for tests/test_compare_decomposition.py, not real proxies.
dataset: {id: test-hand-decomposition, name: TEST ONLY - made-up values, version: "0", licence: test-only}
proxies:
  - {id: hand-monthly-pay, name: TEST ONLY monthly pay, value: 2500, unit: GBP/person/month, price_year: 2022,
     source: "test fixture, not a real value", licence: test-only}
  - {id: hand-hour-value, name: TEST ONLY hour value, value: 15, unit: GBP/hour, price_year: 2024,
     source: "test fixture, not a real value", licence: test-only}
"""

DOCUMENT = {
    "kind": "comparison",
    "name": "Hand-computed decomposition",
    "crosswalk": {"extends": "open", "facts": {
        "hand-jobs": {
            "description": "Local jobs, counted by TOMs with the catalogue measure and by SROI per person",
            "unit": "FTE", "kind": "level",
            "toms": {"measure": "OPEN-JOBS-LOCAL"},
            "sroi": {"proxy": "hand-monthly-pay", "quantity_unit": "person", "extra_years": 1,
                     "adjustments": {"deadweight": {"value": 0.25, "assumption": "test"},
                                     "displacement": {"value": 0.1, "assumption": "test"},
                                     "attribution": {"value": 0.2, "assumption": "test"},
                                     "leakage": {"value": 0.05, "assumption": "test"},
                                     "drop_off": {"value": 0.5, "assumption": "test"}}}},
        "hand-hours": {
            "description": "Volunteering hours, which the TOMs view does not count",
            "unit": "hour", "kind": "total",
            "sroi": {"proxy": "hand-hour-value"},
            "no_counterpart": {"toms": "test: the catalogue has no measure for it"}},
    }},
    "activity": {"name": "Depot refit", "price_year": 2024, "first_year": 2026, "investment": 100000,
                 "facts": [{"fact": "hand-jobs", "quantity": 2, "unit": "FTE", "years": 2},
                           {"fact": "hand-hours", "quantity": 120, "unit": "hour", "years": 2}]},
    "views": [{"framework": "toms", "label": "A"},
              {"framework": "sroi", "label": "B", "dataset": "hand-dataset.yaml", "price_year": 2020,
               "discounting": {"schedule": "constant", "rate": 0.05}, "discount_start": "year-1"}],
}


def expected() -> dict[str, dict[str, float]]:
    """The parts of B - A for each fact, by hand."""
    d20, d22, d24 = deflator(2020), deflator(2022), deflator(2024)
    ashe = uk_open_proxy("ashe-median-annual-pay-ft-2024")
    assert (ashe["value"], ashe["price_year"], ashe["unit"]) == (37430, 2024, "GBP/person/year")
    # jobs: 2 FTE held in each of 2 years
    s0 = 2 * 37430 * 2  # A: 2 FTE x £37,430 x 2 years = £149,720
    s1 = 2 * (2500 * 12) * (d24 / d22) * 2  # proxy value: £2,500/month = £30,000/year, 2022 -> 2024 prices
    s2 = 2 * (2500 * 12) * (d20 / d22) * 2  # price year: 2022 -> 2020 prices
    kept = 0.75 * 0.9 * 0.8 * 0.95  # adjustments: 1 - deadweight, displacement, attribution, leakage
    s3 = s2 * kept
    yearly = 2 * (2500 * 12) * (d20 / d22) * kept
    s4 = yearly * (1 + 0.5 + 0.25)  # duration 2 + 1 extra year, 50% drop-off from the second year
    s5 = yearly * (1 / 1.05 + 0.5 / 1.05**2 + 0.25 / 1.05**3)  # discounting: 5%, year 1 discounted one period
    jobs = {"proxy value": s1 - s0, "price year": s2 - s1, "adjustments": s3 - s2,
            "duration and drop-off": s4 - s3, "discounting": s5 - s4, NO_COUNTERPART: 0.0}
    # hours: 120 over 2 years = 60 a year at £15 (2024 prices), in 2020 prices, 5% from year 1; A has none
    hours_b = 60 * 15 * (d20 / d24) * (1 / 1.05 + 1 / 1.05**2)
    hours = {**dict.fromkeys(DEFAULT_ORDER, 0.0), NO_COUNTERPART: hours_b}
    return {"hand-jobs": jobs, "hand-hours": hours, "_values": {"A jobs": s0, "B jobs": s5, "B hours": hours_b}}


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hand")
    (folder / "hand-dataset.yaml").write_text(DATASET, encoding="utf-8")
    path = folder / "comparison.yaml"
    path.write_text(yaml.safe_dump(DOCUMENT, sort_keys=False), encoding="utf-8")
    return evaluate_comparison(read_document(path), source=str(path))


def close(got: float, want: float) -> bool:
    return math.isclose(got, want, rel_tol=1e-12, abs_tol=1e-7)


def test_each_cause_has_the_hand_computed_amount(result) -> None:
    want = expected()
    d = result.decomposition("B", "A")
    assert result.order == DEFAULT_ORDER and set(CAUSES) == set(DEFAULT_ORDER) | {NO_COUNTERPART}
    for fact in ("hand-jobs", "hand-hours"):
        row = d.row(fact)
        assert set(row.parts) == set(CAUSES)
        for cause in CAUSES:
            assert close(row.parts[cause], want[fact][cause]), (fact, cause, row.parts[cause], want[fact][cause])
        assert close(row.difference, math.fsum(want[fact].values()))
    for cause in CAUSES:
        assert close(d.total.parts[cause], want["hand-jobs"][cause] + want["hand-hours"][cause]), cause


def test_the_values_are_the_hand_computed_ones(result) -> None:
    want = expected()["_values"]
    assert result.value("A", "hand-jobs") == 149_720
    assert result.value("A", "hand-hours") is None
    assert close(result.value("B", "hand-jobs"), want["B jobs"])
    assert close(result.value("B", "hand-hours"), want["B hours"])
    row = result.decomposition("B", "A").row("hand-hours")
    assert row.status.startswith("no counterpart in A") or "no counterpart" in row.status


def test_a_view_in_other_prices_rebases_the_investment(result) -> None:
    # B reports in 2020 prices, so its SROI ratio divides by the investment in 2020 prices too
    b = result.framework_results["B"][0].to_dict()
    assert close(b["investment"], 100_000 * deflator(2020) / deflator(2024))
    assert close(b["sroi_ratio"], b["present_value"] / b["investment"])


def test_reversing_the_decomposition_negates_every_part(result) -> None:
    forward = result.decomposition("B", "A")
    again = evaluate_comparison({**DOCUMENT, "pairs": [["B", "A"]]}, source=result.provenance.source)  # from B to A
    backward = again.decomposition("A", "B")
    assert backward.total.difference == -forward.total.difference
    # the reverse walk switches the causes from B's setting to A's: the parts differ, their sum does not
    for fact in ("hand-jobs", "hand-hours"):
        assert backward.row(fact).difference == -forward.row(fact).difference
    assert backward.row("hand-hours").parts[NO_COUNTERPART] == -forward.row("hand-hours").parts[NO_COUNTERPART]


def test_the_document_is_valid_under_the_schema() -> None:
    assert_schema_valid(DOCUMENT, "comparison")
