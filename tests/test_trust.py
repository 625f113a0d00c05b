"""Regression tests for the trust issue: inputs that once gave a silently wrong number, a wrong
tender winner or a lost file with exit 0. One section per numbered item of the issue; each test
failed before its fix. Expected figures are computed here by hand from the inputs, never taken
from the code under test."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import yaml

from socialvalue.documents import load_data
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


# --------------------------------------------------------------------------- 6. monitoring


def _first_year_only_monitoring(delivered: str, as_of: str = "2026/27") -> dict:
    return {"kind": "monitoring", "name": "m", "supplier": "Alpha Ltd",
            "contract": {"value": 1_000_000, "years": 3, "price_year": 2024},
            "measures": [{"code": "HIRE", "description": "Hires from a disadvantaged group", "theme": "jobs",
                          "unit": "person", "counting": "first-year-only",
                          "proxy": {"value": 1000, "unit": "GBP/person", "price_year": 2024,
                                    "source": "test value"}}],
            "commitments": [{"measure": "HIRE", "quantity": "10 person"}],
            "periods": ["2026/27", "2027/28", "2028/29"], "as_of": as_of,
            "deliveries": [{"measure": "HIRE", "period": "2026/27", "quantity": delivered}]}


def test_a_first_year_only_measure_is_not_forecast_beyond_its_year() -> None:
    """Delivering the whole commitment in year 1 was forecast as 300% of it (run rate x 3 years)."""
    result = evaluate(_first_year_only_monitoring("10 person"))
    row = result.measure("HIRE")
    assert row["committed_total"] == 10_000.0 and row["delivered"] == 10_000.0
    assert row["forecast"] == 10_000.0  # nothing more can be delivered after contract year 1


def test_exported_targets_of_a_first_year_only_measure_load_and_score(tmp_path) -> None:
    """--export-targets wrote `years: 3` for it, which a tender then refused."""
    from socialvalue.frameworks.toms import load_catalogue

    result = evaluate(_first_year_only_monitoring("12 person"))
    exported = result.export_targets()
    target = next(t for t in exported["targets"] if t["measure"] == "HIRE")
    assert "years" not in target and target["quantity"] == "12 person"
    (tmp_path / "c.yaml").write_text(yaml.safe_dump(exported), encoding="utf-8")
    catalogue = load_catalogue(tmp_path / "c.yaml")
    tender = {"kind": "tender", "name": "next", "catalogue": "c.yaml",
              "contract": {"value": 1_000_000, "years": 3, "price_year": 2024},
              "scoring": {"method": "relative", "weight": 10, "quantitative_share": 1},
              "bids": [{"supplier": "A", "commitments": [dict(t) for t in catalogue.targets]}]}
    scored = evaluate(tender, options={"base_dir": str(tmp_path)})
    assert scored.bids[0].social_value == 12_000.0


def test_a_catalogue_target_beyond_the_first_year_of_a_first_year_only_measure_is_refused(tmp_path) -> None:
    from socialvalue.frameworks.toms import load_catalogue

    exported = evaluate(_first_year_only_monitoring("12 person")).export_targets()
    exported["targets"][0]["years"] = 3
    (tmp_path / "c.yaml").write_text(yaml.safe_dump(exported), encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        load_catalogue(tmp_path / "c.yaml")
    assert info.value.field == "targets[0].years"


# --------------------------------------------------------------------------- 7. files


def run_cli(*args: str) -> tuple[int, str, str]:
    import contextlib
    import io

    from socialvalue.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def folder(tmp_path) -> Path:
    copy_examples(tmp_path, "employment-programme.yaml", "tender-highways.yaml", "monitoring-highways.yaml")
    return tmp_path


def test_an_output_over_the_input_is_refused_and_the_input_kept(folder) -> None:
    source = folder / "employment-programme.yaml"
    before = source.read_bytes()
    code, _, err = run_cli("value", source, "-o", source)
    assert code == 2 and "is an input of this run" in err and source.read_bytes() == before


def test_verify_cannot_overwrite_the_result_it_verifies(folder) -> None:
    source = folder / "employment-programme.yaml"
    assert run_cli("value", source, "--format", "json", "-o", folder / "r.json")[0] == 0
    before = (folder / "r.json").read_bytes()
    code, _, err = run_cli("verify", folder / "r.json", source, "-o", folder / "r.json")
    assert code == 2 and "input of this run" in err and (folder / "r.json").read_bytes() == before


@pytest.mark.parametrize("link", ["symlink", "hardlink"])
def test_an_output_that_is_a_link_to_the_input_is_refused(folder, link) -> None:
    import os

    source = folder / "employment-programme.yaml"
    (os.symlink if link == "symlink" else os.link)(source, folder / "out.txt")
    before = source.read_bytes()
    assert run_cli("value", source, "-o", folder / "out.txt")[0] == 2 and source.read_bytes() == before


def test_two_outputs_to_one_path_are_refused_and_nothing_is_written(folder) -> None:
    out = folder / "both.yaml"
    code, _, err = run_cli("monitor", folder / "monitoring-highways.yaml", "-o", out, "--export-targets", out)
    assert code == 2 and "both write" in err and not out.exists()


def test_a_missing_folder_or_a_folder_as_output_is_an_input_error(folder) -> None:
    code, _, err = run_cli("value", folder / "employment-programme.yaml", "-o", folder / "no" / "such" / "r.html")
    assert code == 2 and "does not exist" in err and "internal error" not in err
    code, _, err = run_cli("value", folder / "employment-programme.yaml", "-o", folder)
    assert code == 2 and "is a folder" in err


def test_a_failed_write_leaves_the_old_file_and_no_partial_file(folder, monkeypatch) -> None:
    import errno
    import os

    report = folder / "report.txt"
    report.write_text("the previous report\n", encoding="utf-8")

    def full_disk(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("socialvalue.outputs.os.fsync", full_disk)
    code, _, err = run_cli("value", folder / "employment-programme.yaml", "-o", report)
    assert code == 3 and "No space left on device" in err and "internal error" not in err
    assert report.read_text(encoding="utf-8") == "the previous report\n"
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == []


def test_ctrl_c_exits_130_without_a_traceback(monkeypatch) -> None:
    def interrupted(args) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr("socialvalue.commands.value.run", interrupted)
    code, _, err = run_cli("value", EXAMPLES / "employment-programme.yaml")
    assert code == 130 and "Traceback" not in err


# --------------------------------------------------------------------------- 8. bounds


def test_monte_carlo_draws_are_bounded_on_the_command_line() -> None:
    code, _, err = run_cli("value", EXAMPLES / "employment-programme.yaml", "--monte-carlo", "100000000", "--seed", "1")
    assert code == 2 and "--monte-carlo" in err and "limit" in err


def test_a_hostile_result_cannot_request_unbounded_draws(tmp_path) -> None:
    from socialvalue.errors import LimitExceededError
    from socialvalue.verify import verify

    source = EXAMPLES / "employment-programme.yaml"
    data = json.loads(evaluate(source).to_json())
    data["provenance"]["options"].update(monte_carlo=10**13, seed=1)
    (tmp_path / "r.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(LimitExceededError) as info:
        verify(tmp_path / "r.json", source)
    assert info.value.source == str(tmp_path / "r.json") and info.value.field == "provenance.options.monte_carlo"


# --------------------------------------------------------------------------- 9. text that reaches reports


HOSTILE = "Zeta Ltd\n## Zeta Ltd <img src=x onerror=alert(1)> [click](javascript:alert(1)) | *x*"


@pytest.mark.parametrize(("example", "path"), [
    ("employment-programme.yaml", ("name",)), ("employment-programme.yaml", ("outcomes", 0, "description")),
    ("tender-highways.yaml", ("name",)), ("tender-highways.yaml", ("measures", 0, "description")),
    ("lm3-council-catering.yaml", ("name",)), ("lm3-council-catering.yaml", ("boundary",)),
    ("assessment-example-council.yaml", ("organisation",)), ("compare-construction.yaml", ("name",)),
])
def test_newlines_and_markup_in_user_text_stay_text(example, path) -> None:
    doc = yaml.safe_load((EXAMPLES / example).read_text(encoding="utf-8"))
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = HOSTILE
    result = evaluate(doc, options={"base_dir": str(EXAMPLES)}) if example != "compare-construction.yaml" else \
        __import__("socialvalue.compare", fromlist=["evaluate_comparison"]).evaluate_comparison(
            doc, base_dir=str(EXAMPLES))
    markdown, text, html = result.to_markdown(), result.to_text(), result.to_html()
    assert "Zeta Ltd \\#\\# Zeta Ltd" in markdown or path[-1] == "description"
    for rendered in (markdown, text):
        assert not any(line.lstrip().startswith("## Zeta Ltd") for line in rendered.splitlines())
    import re

    assert "<img" not in markdown and "<img" not in html
    assert not re.search(r"(?<!\\)\]\(javascript:", markdown)  # only an escaped \] may precede it: no link


@pytest.mark.parametrize("bad", ["\x1b[2J", "right\u202eto left", "bell\x07"])
def test_control_and_direction_characters_in_text_are_refused(bad) -> None:
    doc = yaml.safe_load((EXAMPLES / "employment-programme.yaml").read_text(encoding="utf-8"))
    doc["outcomes"][0]["description"] = f"Into work {bad}"
    with pytest.raises(ValidationError) as info:
        evaluate(doc, options={"base_dir": str(EXAMPLES)})
    assert info.value.field == "outcomes[0].description"


def test_a_source_url_must_be_a_web_address() -> None:
    proxy = {**inline_proxy(7.0, "GBP/hour"), "source": {"publisher": "p", "title": "t", "url": "javascript:alert(1)"}}
    with pytest.raises(ValidationError) as info:
        evaluate(impact_map({"id": "o", "quantity": 1, "proxy": proxy}))
    assert info.value.field == "outcomes[0].proxy.source.url"


# --------------------------------------------------------------------------- 10. API


@pytest.mark.parametrize("example", ["employment-programme.yaml", "tender-highways.yaml", "monitoring-highways.yaml",
                                     "assessment-example-council.yaml", "lm3-council-catering.yaml",
                                     "compare-construction.yaml"])
def test_every_result_pickles_and_deep_copies(example) -> None:
    import copy
    import pickle

    result = evaluate(EXAMPLES / example)
    for clone in (pickle.loads(pickle.dumps(result)), copy.deepcopy(result)):
        assert clone.to_json() == result.to_json()


def test_frozen_results_cannot_be_changed_through_their_dicts() -> None:
    tender = evaluate(EXAMPLES / "tender-highways.yaml")
    with pytest.raises(TypeError):
        tender.contract["value"] = 1
    with pytest.raises(TypeError):
        tender.bids[0].by_measure[0]["value_offered"] = 1e9
    monitoring = evaluate(EXAMPLES / "monitoring-highways.yaml")
    with pytest.raises(TypeError):
        monitoring.totals["delivered"] = 0
    editable = tender.to_dict()
    editable["contract"]["value"] = 1  # to_dict() gives a copy the caller may edit
    assert tender.contract["value"] == 2_000_000


@pytest.mark.parametrize("quantity", [np.array([1 + 2j, 3.0]), np.ma.masked_array([1.0, 2.0], mask=[False, True]),
                                      np.array([True, False])])
def test_arrays_a_cast_would_change_are_refused_by_the_engine(quantity) -> None:
    from socialvalue.engine import compile_outcomes
    from socialvalue.errors import EngineInputError

    with pytest.raises(EngineInputError):
        compile_outcomes(quantity=quantity, proxy=[1.0, 1.0], duration=[1, 1])


def test_a_ratio_that_overflows_is_refused_not_printed_as_infinity() -> None:
    with pytest.raises(ValidationError) as info:
        evaluate(impact_map({"id": "o", "quantity": 1, "proxy": inline_proxy(7.0, "GBP/hour")}, investment=1e-320))
    assert info.value.field == "investment"


# --------------------------------------------------------------------------- 11. errors that point the right way


def test_periods_listed_newest_first_are_named_as_such(folder) -> None:
    doc = yaml.safe_load((folder / "monitoring-highways.yaml").read_text(encoding="utf-8"))
    doc["periods"] = list(reversed(doc["periods"]))
    (folder / "m.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        evaluate(folder / "m.yaml")
    assert "newest first" in str(info.value) and info.value.field == "periods[1]"


def test_a_dataset_option_naming_another_kind_of_file_says_so() -> None:
    code, _, err = run_cli("value", EXAMPLES / "employment-programme.yaml", "--dataset", EXAMPLES / "tender-highways.yaml")
    assert code == 2 and "'tender' document, not a proxy dataset" in err


def test_verify_blames_the_result_for_a_bad_recorded_option(tmp_path) -> None:
    from socialvalue.verify import verify

    source = EXAMPLES / "employment-programme.yaml"
    data = json.loads(evaluate(source).to_json())
    data["provenance"]["options"]["price_year"] = 2100
    (tmp_path / "r.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValidationError.__mro__[1]) as info:  # PriceYearError: a SocialValueError
        verify(tmp_path / "r.json", source)
    assert info.value.source == str(tmp_path / "r.json") and info.value.field == "provenance.options.price_year"


def test_verify_says_when_the_input_is_for_another_framework(tmp_path) -> None:
    from socialvalue.verify import verify

    (tmp_path / "r.json").write_text(evaluate(EXAMPLES / "tender-highways.yaml").to_json(), encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        verify(tmp_path / "r.json", EXAMPLES / "employment-programme.yaml")
    assert "'toms' framework" in str(info.value) and "'sroi' framework reads" in str(info.value)


def test_verify_says_when_the_framework_version_changed(tmp_path) -> None:
    from socialvalue.verify import verify

    source = EXAMPLES / "employment-programme.yaml"
    data = json.loads(evaluate(source).to_json())
    data["provenance"]["framework_version"] = "0.9"
    (tmp_path / "r.json").write_text(json.dumps(data), encoding="utf-8")
    report = verify(tmp_path / "r.json", source)
    assert "versions   CHANGED" in report.to_text() and report.matches


# --------------------------------------------------------------------------- 12. implausible values


def test_a_group_of_zero_beside_people_valued_is_refused() -> None:
    outcome = {"id": "o", "quantity": 35, "proxy": inline_proxy(7.0, "GBP/person/year"),
               "beneficiaries": {"group": "young people", "count": 0}}
    with pytest.raises(ValidationError) as info:
        evaluate(impact_map(outcome))
    assert info.value.field == "outcomes[0].beneficiaries.count"
    outcome["beneficiaries"]["count"] = 20  # fewer people than the 35 counted
    with pytest.raises(ValidationError):
        evaluate(impact_map(outcome))
    outcome["beneficiaries"]["count"] = 40
    assert evaluate(impact_map(outcome)).present_value == 245.0


def test_a_negative_discount_rate_is_warned_about_in_every_report() -> None:
    doc = impact_map({"id": "o", "quantity": 1, "proxy": inline_proxy(100.0, "GBP/person/year"), "duration": 3})
    doc["discounting"] = {"schedule": "constant", "rate": -0.02}
    result = evaluate(doc)
    assert any("negative discount rate" in w for w in result.warnings)
    assert "negative discount rate" in result.to_text() and "negative discount rate" in result.to_markdown()
    assert result.to_dict()["warnings"] == list(result.warnings)


def test_a_scoring_weight_above_100_points_is_refused() -> None:
    doc = yaml.safe_load((EXAMPLES / "tender-highways.yaml").read_text(encoding="utf-8"))
    doc["scoring"]["weight"] = 200
    with pytest.raises(ValidationError) as info:
        evaluate(doc, options={"base_dir": str(EXAMPLES)})
    assert info.value.field == "scoring.weight"


def test_assess_compare_of_a_file_with_itself_is_refused() -> None:
    path = EXAMPLES / "assessment-example-council.yaml"
    code, _, err = run_cli("assess", "--compare", path, path)
    assert code == 2 and "appears twice" in err
