"""Regression tests for the trust issue: inputs that once gave a silently wrong number, a wrong
tender winner or a lost file with exit 0. One section per numbered item of the issue; each test
failed before its fix. Expected figures are computed here by hand from the inputs, never taken
from the code under test."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from socialvalue.errors import (
    DuplicateEntryError,
    DuplicateKeyError,
    NumberTextError,
    ParseError,
    UnitError,
    UnitMismatchError,
    ValidationError,
)
from socialvalue.frameworks import evaluate
from socialvalue.io import load_data

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def impact_map(*outcomes: dict, investment: float = 1000.0, price_year: int = 2024, **extra) -> dict:
    """A one-year, undiscounted map: PV is the plain sum of quantity x proxy x adjustments."""
    return {"kind": "impact-map", "name": "t", "price_year": price_year, "investment": investment,
            "discounting": {"schedule": "none"}, "outcomes": list(outcomes), **extra}


def inline_proxy(value: float, unit: str, price_year: int = 2024) -> dict:
    return {"value": value, "unit": unit, "price_year": price_year, "source": "test value"}


def copy_examples(folder: Path, *names: str) -> None:
    for name in names:
        shutil.copy(EXAMPLES / name, folder / name)


# --------------------------------------------------------------------------- 1. units


@pytest.mark.parametrize(("unit", "bare", "with_unit"), [
    ("GBP/hour", 10, "10 hour"),
    ("GBP/person/year", 10, "10 person"),
    ("GBP/person/week", 10, "10 person week"),
    ("GBP/tCO2e", 10, "10 tCO2e"),
])
def test_a_bare_quantity_is_a_count_of_the_proxys_own_unit(unit, bare, with_unit) -> None:
    """`quantity: 10` with a GBP/hour proxy was valued as 87,660 hours (x 8,766)."""
    bare_pv = evaluate(impact_map({"id": "o", "quantity": bare, "proxy": inline_proxy(7.0, unit)})).present_value
    assert bare_pv == 70.0  # 10 units x GBP 7, one year, undiscounted
    unit_pv = evaluate(impact_map({"id": "o", "quantity": with_unit, "proxy": inline_proxy(7.0, unit)})).present_value
    assert unit_pv == pytest.approx(70.0, rel=1e-12)


def test_the_unit_mismatch_hint_names_the_units_a_bare_number_is_read_in() -> None:
    with pytest.raises(UnitMismatchError) as info:
        evaluate(impact_map({"id": "o", "quantity": "10 tonne", "proxy": inline_proxy(7.0, "GBP/hour")}))
    assert "bare number is read in exactly those units" in info.value.hint


@pytest.mark.parametrize("quantity", ["10 degC", "10 degF", "3 decibel"])
def test_an_offset_unit_is_refused_not_an_internal_error(quantity) -> None:
    with pytest.raises(UnitError) as info:
        evaluate(impact_map({"id": "o", "quantity": quantity, "proxy": inline_proxy(7.0, "GBP/hour")}))
    assert info.value.field == "outcomes[0].quantity"


# --------------------------------------------------------------------------- 2. numbers from files


BIDS_HEADER = "supplier,qualitative,measure,quantity,unit,years\n"


def tender_with_bids_csv(folder: Path, rows: str) -> Path:
    copy_examples(folder, "tender-highways.yaml")
    doc = yaml.safe_load((folder / "tender-highways.yaml").read_text(encoding="utf-8"))
    del doc["bids"]
    doc["bids_file"] = "bids.csv"
    (folder / "bids.csv").write_text(BIDS_HEADER + rows, encoding="utf-8")
    path = folder / "tender.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    return path


@pytest.mark.parametrize(("quantity", "reason"), [
    ('"12,5"', "comma"), ("1_2", "underscore"), ('"1 250"', "space"), ("£12", "currency"), ("012", "leading zero"),
])
def test_a_malformed_number_in_a_csv_bid_is_refused_with_its_row(tmp_path, quantity, reason) -> None:
    """A decimal comma (12,5) was read as 125 and 1_2 as 12, so the bid won."""
    path = tender_with_bids_csv(tmp_path, f"Alpha Ltd,70,OPEN-JOBS-LOCAL,{quantity},FTE,2\n"
                                          "Beta Ltd,70,OPEN-JOBS-LOCAL,10,FTE,2\n")
    with pytest.raises(NumberTextError) as info:
        evaluate(path)
    assert info.value.source == str(tmp_path / "bids.csv")
    assert info.value.field == "rows[2].quantity" and reason in str(info.value)


def test_thousands_separators_in_a_csv_bid_are_read_as_thousands(tmp_path) -> None:
    path = tender_with_bids_csv(tmp_path, 'Alpha Ltd,70,OPEN-GROWTH-LOCAL-SPEND,"1,250",GBP,\n'
                                          "Beta Ltd,70,OPEN-GROWTH-LOCAL-SPEND,1250,GBP,\n")
    bids = {b.supplier: b for b in evaluate(path).bids}
    assert bids["Alpha Ltd"].by_measure[0]["quantity"] == bids["Beta Ltd"].by_measure[0]["quantity"] == 1250.0


def test_an_xlsx_formula_without_a_saved_value_is_refused(tmp_path) -> None:
    """Workbooks written by openpyxl or pandas hold formulas with no cached value: read as empty."""
    openpyxl = pytest.importorskip("openpyxl")
    copy_examples(tmp_path, "tender-highways.yaml")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["supplier", "qualitative", "measure", "quantity", "unit", "years"])
    sheet.append(["Alpha Ltd", 70, "OPEN-JOBS-LOCAL", "=6*2", "FTE", 2])
    book.save(tmp_path / "bids.xlsx")
    doc = yaml.safe_load((tmp_path / "tender-highways.yaml").read_text(encoding="utf-8"))
    del doc["bids"]
    doc["bids_file"] = "bids.xlsx"
    (tmp_path / "t.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    with pytest.raises(ParseError) as info:
        evaluate(tmp_path / "t.yaml")
    assert info.value.field == "rows[2].quantity" and "D2" in str(info.value)


@pytest.mark.parametrize(("text", "error"), [
    ("quantity: 1_000", NumberTextError), ("quantity: 012", NumberTextError), ("quantity: 1:30", NumberTextError),
    ("quantity: '12,5'", NumberTextError), ("quantity: 0x10", NumberTextError),
])
def test_yaml_1_1_number_forms_are_refused_in_number_fields(text, error) -> None:
    doc = load_data("kind: impact-map\nname: t\nprice_year: 2024\ninvestment: 100\noutcomes:\n"
                    f"  - {{id: o, {text}, proxy: wellby-hmt}}\n")
    with pytest.raises(error) as info:
        evaluate(doc)
    assert info.value.field == "outcomes[0].quantity"


@pytest.mark.parametrize(("written", "amount"), [("4.2e5", 420_000.0), ('"420,000"', 420_000.0),
                                                 ('"420000"', 420_000.0)])
def test_number_text_is_read_by_the_one_rule(written, amount) -> None:
    doc = load_data(f"kind: impact-map\nname: t\nprice_year: 2024\ninvestment: {written}\n"
                    "outcomes: [{id: o, quantity: 1, proxy: wellby-hmt}]\n")
    assert evaluate(doc).valuation.investment == amount


# --------------------------------------------------------------------------- 3. duplicates


def test_a_repeated_commitment_row_in_a_csv_bid_is_refused(tmp_path) -> None:
    """The repeated row was summed: 200% of the commitment."""
    path = tender_with_bids_csv(tmp_path, "Alpha Ltd,70,OPEN-JOBS-LOCAL,10,FTE,2\n"
                                          "Alpha Ltd,,OPEN-JOBS-LOCAL,10,FTE,2\n"
                                          "Beta Ltd,70,OPEN-JOBS-LOCAL,10,FTE,2\n")
    with pytest.raises(DuplicateEntryError) as info:
        evaluate(path)
    assert info.value.field == "rows[3]" and "rows[2]" in str(info.value)
    assert info.value.source == str(tmp_path / "bids.csv")


def test_a_repeated_commitment_in_a_yaml_bid_is_refused(tmp_path) -> None:
    doc = yaml.safe_load((EXAMPLES / "tender-highways.yaml").read_text(encoding="utf-8"))
    doc["bids"][0]["commitments"].append(dict(doc["bids"][0]["commitments"][0]))
    with pytest.raises(DuplicateEntryError) as info:
        evaluate(doc, options={"base_dir": str(EXAMPLES)})
    assert info.value.field == "bids[0].commitments[4]"


def test_two_deliveries_of_one_measure_for_one_period_are_refused(tmp_path) -> None:
    copy_examples(tmp_path, "tender-highways.yaml", "monitoring-highways.yaml")
    doc = yaml.safe_load((tmp_path / "monitoring-highways.yaml").read_text(encoding="utf-8"))
    doc["deliveries"].append(dict(doc["deliveries"][0]))
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    with pytest.raises(DuplicateEntryError) as info:
        evaluate(path)
    assert info.value.field == f"deliveries[{len(doc['deliveries']) - 1}]" and "deliveries[0]" in str(info.value)


def test_a_json_document_that_repeats_a_key_is_refused(tmp_path) -> None:
    path = tmp_path / "map.json"
    path.write_text('{"kind": "impact-map", "name": "t", "price_year": 2024, "investment": 100, '
                    '"investment": 1, "outcomes": [{"id": "o", "quantity": 1, "proxy": "wellby-hmt"}]}')
    with pytest.raises(DuplicateKeyError) as info:
        evaluate(path)
    assert info.value.source == str(path) and "investment" in str(info.value)


def test_verify_refuses_a_result_with_a_repeated_leading_figure(tmp_path) -> None:
    """A fake leading present_value in a result file was ignored (the last one won): MATCH."""
    from socialvalue.verify import verify

    source = EXAMPLES / "employment-programme.yaml"
    text = evaluate(source).to_json()
    forged = text.replace('"present_value":', '"present_value": 99999999.0, "present_value":', 1)
    assert forged != text
    (tmp_path / "r.json").write_text(forged, encoding="utf-8")
    with pytest.raises(DuplicateKeyError) as info:
        verify(tmp_path / "r.json", source)
    assert info.value.source == str(tmp_path / "r.json")


@pytest.mark.parametrize("twin", ["alpha ltd", "Alpha\u00a0Ltd", "ALPHA  LTD", "Ａlpha Ltd"])
def test_look_alike_supplier_names_are_one_supplier(twin) -> None:
    doc = yaml.safe_load((EXAMPLES / "tender-highways.yaml").read_text(encoding="utf-8"))
    doc["bids"][1]["supplier"] = twin
    with pytest.raises(DuplicateEntryError) as info:
        evaluate(doc, options={"base_dir": str(EXAMPLES)})
    assert info.value.field == "bids[1].supplier"


@pytest.mark.parametrize("hidden", ["Alpha\u200bLtd", "Alpha Ltd\u202e", "\ufeffAlpha Ltd", "Alpha\u00adLtd",
                                    "Alpha\nLtd", "\u0410lpha Ltd"])
def test_hidden_characters_and_mixed_scripts_in_a_supplier_name_are_refused(hidden) -> None:
    doc = yaml.safe_load((EXAMPLES / "tender-highways.yaml").read_text(encoding="utf-8"))
    doc["bids"][1]["supplier"] = hidden
    with pytest.raises(ValidationError) as info:
        evaluate(doc, options={"base_dir": str(EXAMPLES)})
    assert info.value.field == "bids[1].supplier"


def test_a_series_that_gives_one_year_twice_is_refused() -> None:
    proxy = {**inline_proxy(0, "GBP/tCO2e"), "value": {2024: 1.0, "2024": 2.0}}
    with pytest.raises(DuplicateEntryError):
        evaluate(impact_map({"id": "o", "quantity": 1, "proxy": proxy}, first_year=2024))


def test_results_written_by_the_library_never_repeat_a_key() -> None:
    text = evaluate(EXAMPLES / "employment-programme.yaml").to_json()
    assert json.loads(text, object_pairs_hook=_no_repeats)


def _no_repeats(pairs: list) -> dict:
    keys = [k for k, _ in pairs]
    assert len(keys) == len(set(keys)), keys
    return dict(pairs)


# --------------------------------------------------------------------------- 4. price year


@pytest.mark.parametrize("year", [1990, 2000, 2019, 2020, 2023])
def test_the_ratio_of_the_readme_example_does_not_depend_on_the_price_year(year) -> None:
    """--price-year re-based the benefits but not the investment: 1.59 became 1.36 at 2020 prices."""
    from socialvalue.prices import gdp_deflator

    base = evaluate(EXAMPLES / "employment-programme.yaml")
    moved = evaluate(EXAMPLES / "employment-programme.yaml", options={"price_year": year})
    factor = gdp_deflator().values[year] / gdp_deflator().values[2024]
    assert moved.valuation.investment == pytest.approx(250_000 * factor, rel=1e-12)  # 180,000 + 70,000
    assert moved.sroi_ratio == pytest.approx(base.sroi_ratio, rel=1e-12)
    assert round(moved.sroi_ratio, 2) == 1.59
    assert moved.valuation.payback_months == pytest.approx(base.valuation.payback_months, rel=1e-12)
    assert "re-based" in moved.to_text()


def test_a_comparison_view_in_other_prices_keeps_the_ratio(tmp_path) -> None:
    doc = {"kind": "comparison", "name": "c",
           "activity": {"name": "a", "price_year": 2024, "investment": 100_000,
                        "facts": [{"fact": "volunteering", "quantity": 1200, "unit": "hour", "years": 1}]},
           "views": [{"framework": "sroi", "label": "2024"}, {"framework": "sroi", "label": "2015", "price_year": 2015}]}
    from socialvalue.compare import evaluate_comparison

    result = evaluate_comparison(doc)
    ratios = [r.sroi_ratio for r in result.framework_results.values() for r in r]
    assert len(ratios) == 2 and ratios[0] == pytest.approx(ratios[1], rel=1e-12)


def test_a_price_year_outside_the_deflator_is_blamed_on_the_option() -> None:
    from socialvalue.errors import PriceYearError

    with pytest.raises(PriceYearError) as info:
        evaluate(EXAMPLES / "employment-programme.yaml", options={"price_year": 2100})
    assert info.value.field == "price_year" and info.value.source == "options"


# --------------------------------------------------------------------------- 5. sensitivity and payback


def test_payback_counts_only_the_outcomes_of_year_one() -> None:
    """Payback added every outcome's first-year impact whatever its start_year."""
    doc = impact_map({"id": "now", "quantity": 1, "proxy": inline_proxy(1000.0, "GBP/person/year"), "duration": 3},
                     {"id": "later", "quantity": 1, "proxy": inline_proxy(5000.0, "GBP/person/year"),
                      "start_year": 2, "duration": 2}, investment=1200.0)
    result = evaluate(doc)
    assert result.valuation.payback_months == pytest.approx(1200.0 / (1000.0 / 12.0), rel=1e-15)  # 14.4
    assert result.valuation.annual_impact == 1000.0


def test_break_even_on_duration_finds_a_shorter_extension_when_value_is_not_monotone() -> None:
    """A benefit with 50% drop-off beside a steady disbenefit: PV(k) = 700, 900, 850, 675, ... for k = 0, 1, 2, 3
    extra years (undiscounted), so with an investment of 800 one more year reaches a ratio of 1. The old search
    looked only at the 1,000-year end, where the value is far below, and said "never"."""
    doc = impact_map({"id": "b", "quantity": 1, "proxy": inline_proxy(1000.0, "GBP/person/year"), "drop_off": 0.5},
                     {"id": "d", "quantity": 1, "proxy": inline_proxy(300.0, "GBP/person/year"), "negative": True},
                     investment=800.0)
    result = evaluate(doc, options={"sensitivity": True})
    duration = next(r for r in result.break_even if r.assumption == "duration")
    assert duration.value == 1.0 and duration.ratio == pytest.approx(900 / 800)
