"""The sroi framework: impact maps in, present value, ratio and reasons out."""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from socialvalue.cli import main
from socialvalue.errors import (
    NumberTextError,
    UnitMismatchError,
    UnknownNameError,
    UnknownProxyError,
    ValidationError,
)
from socialvalue.frameworks import evaluate
from socialvalue.frameworks.sroi import FRAMEWORK
from tests.checks import assert_schema_invalid, assert_schema_valid, raises_exactly

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(p for p in (ROOT / "examples").glob("*.yaml")
                  if yaml.safe_load(p.read_text()).get("kind") == "impact-map")
GOV_SOURCE = {"publisher": "test", "title": "unit value for a closed-form check"}


def inline(value: float, unit: str = "GBP/person/year", **extra: object) -> dict:
    return {"value": value, "unit": unit, "price_year": 2024, "source": GOV_SOURCE, **extra}


def one_outcome_map(**outcome: object) -> dict:
    base = {"id": "o", "quantity": 1, "proxy": inline(1.0), "duration": 30}
    base.update(outcome)
    return {"kind": "impact-map", "name": "t", "price_year": 2024, "investment": 1,
            "discounting": {"schedule": "constant", "rate": 0.035}, "outcomes": [base]}


def test_annuity_closed_form() -> None:
    # Issue acceptance: quantity 1, proxy £1/year, 30 years, 3.5% constant, no adjustments.
    result = FRAMEWORK.evaluate(one_outcome_map())
    assert math.isclose(result.present_value, (1 - 1.035 ** -30) / 0.035, rel_tol=1e-12)


@pytest.mark.parametrize(("start", "expected"), [("year-1", 15221.50), ("year-0", 15754.25)])
def test_synthetic_convention_check(start: str, expected: float) -> None:
    # shared/reference/sroi.md §3 "Synthetic convention check": q 10, proxy £1,000, DW 20%, AT 25%,
    # DO 10%, 3 years, 3.5%, investment £5,000; impact 6,000 / 5,400 / 4,860.
    doc = one_outcome_map(quantity=10, proxy=inline(1000.0), deadweight=0.2, attribution=0.25, drop_off=0.1,
                          duration=3)
    doc["investment"] = 5000
    doc["conventions"] = {"discount_start": start}
    result = FRAMEWORK.evaluate(doc).to_dict()
    assert round(result["present_value"], 2) == expected
    if start == "year-1":
        assert round(result["sroi_ratio"], 4) == 3.0443
        assert round(result["net_sroi"], 4) == 2.0443
        assert result["payback_months"] == pytest.approx(10.0, rel=1e-12)
        assert [round(x, 2) for x in result["outcomes"][0]["undiscounted_by_year"]] == [6000, 5400, 4860]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_value_and_match_schemas(path: Path) -> None:
    doc = yaml.safe_load(path.read_text())
    assert_schema_valid(doc, "impact-map")
    result = evaluate(path)
    out = json.loads(result.to_json())
    assert_schema_valid(out, "sroi-result")
    assert out["present_value"] > 0 and out["provenance"]["input_sha256"].startswith("sha256:")
    assert_schema_valid(json.loads(evaluate(path, options={"sensitivity": True}).to_json()), "sroi-result")
    if path.name == "community-centre.yaml":  # a map with ranges: the Monte Carlo part of a result too
        mc = evaluate(path, options={"monte_carlo": 50, "seed": 1}).to_json()
        assert_schema_valid(json.loads(mc), "sroi-result")


def test_schemas_refuse_what_the_parser_refuses() -> None:
    assert_schema_valid(one_outcome_map(), "impact-map")
    assert_schema_valid(json.loads(FRAMEWORK.evaluate(one_outcome_map()).to_json()), "sroi-result")
    for bad, error in ((_bad(deadweight=1.5), ValidationError), (_bad(deadweight=1.0000000000000002), ValidationError),
                       (_bad(attribution=-5e-324), ValidationError), (_bad(quantity=-2), ValidationError),
                       (_bad(duration=0), ValidationError), (_bad(domian="thriving"), UnknownNameError),
                       ({**one_outcome_map(), "colour": "red"}, UnknownNameError),
                       ({**one_outcome_map(), "investment": -5}, ValidationError)):
        assert_schema_invalid(bad, "impact-map")
        with raises_exactly(error):
            FRAMEWORK.evaluate(bad)
    result = json.loads(FRAMEWORK.evaluate(one_outcome_map()).to_json())
    del result["present_value"]
    assert_schema_invalid(result, "sroi-result")


def test_cli_value_prints_a_table_and_json(capsys) -> None:
    path = str(ROOT / "examples/employment-programme.yaml")
    assert main(["value", path]) == 0
    text = capsys.readouterr().out
    assert "SROI ratio" in text and "\nAssumptions\n" in text and "into-work" in text
    assert main(["value", path, "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    for key in ("present_value", "investment", "net_present_value", "sroi_ratio", "net_sroi", "payback_months",
                "outcomes", "provenance"):
        assert key in out
    assert {"id", "present_value", "by_year"} <= set(out["outcomes"][0])


def test_same_inputs_same_bytes_and_order_free_totals() -> None:
    doc = yaml.safe_load((ROOT / "examples/community-centre.yaml").read_text())
    first = FRAMEWORK.evaluate(doc).to_json()
    assert FRAMEWORK.evaluate(copy.deepcopy(doc)).to_json() == first
    shuffled = copy.deepcopy(doc)
    shuffled["outcomes"].reverse()
    a, b = json.loads(first), FRAMEWORK.evaluate(shuffled).to_dict()
    for key in ("present_value", "benefits", "disbenefits", "net_present_value", "sroi_ratio"):
        assert a[key] == b[key]  # bit-identical, not approximately equal


@given(st.lists(st.tuples(st.floats(0, 1e6), st.floats(1, 1e4), st.integers(1, 10),
                          st.floats(0, 1), st.floats(0, 1)), min_size=1, max_size=6),
       st.floats(0, 1e5), st.integers(1, 10))
def test_a_negative_outcome_lowers_pv_by_exactly_its_own_pv(rows, neg_q, neg_d) -> None:
    outcomes = [{"id": f"o{i}", "quantity": q, "proxy": inline(p), "duration": d, "deadweight": dw,
                 "drop_off": do} for i, (q, p, d, dw, do) in enumerate(rows)]
    doc = {"kind": "impact-map", "name": "t", "price_year": 2024, "investment": 1000, "outcomes": outcomes}
    before = FRAMEWORK.evaluate(doc)
    bad = {"id": "harm", "quantity": neg_q, "proxy": inline(37.5), "duration": neg_d, "negative": True}
    after = FRAMEWORK.evaluate({**doc, "outcomes": [*outcomes, bad]})
    harm = FRAMEWORK.evaluate({**doc, "outcomes": [{**bad, "negative": False}]}).present_value
    assert after.valuation.benefits == before.valuation.benefits
    assert after.valuation.disbenefits == harm
    assert after.present_value == pytest.approx(before.present_value - harm, rel=1e-12, abs=1e-9)


def test_evaluation_against_itself_shows_no_difference(tmp_path) -> None:
    doc = yaml.safe_load((ROOT / "examples/construction-contract.yaml").read_text())
    (tmp_path / "forecast.yaml").write_text(yaml.safe_dump({**doc, "mode": "forecast"}))
    evaluation = {**doc, "mode": "evaluation", "forecast": "forecast.yaml"}
    (tmp_path / "evaluation.yaml").write_text(yaml.safe_dump(evaluation))
    result = evaluate(tmp_path / "evaluation.yaml")
    rows = result.comparison.rows
    assert len(rows) == len(doc["outcomes"]) and all(r["difference"] == 0 for r in rows)
    assert result.comparison.totals["difference"] == 0


def test_forecast_comparison_in_the_bundled_pair() -> None:
    result = evaluate(ROOT / "examples/employment-programme-evaluation.yaml")
    diffs = {r["id"]: r["difference"] for r in result.comparison.rows}
    assert diffs["into-work"] < 0 < diffs["volunteers"]


def test_presets_are_marked() -> None:
    out = evaluate(ROOT / "examples/employment-programme.yaml").to_dict()
    lonely = next(o for o in out["outcomes"] if o["id"] == "less-lonely")
    assert lonely["adjustments"]["deadweight"] == 0.25
    assert lonely["assumption_sources"]["deadweight"] == "preset:sroi-category-scale:limited"
    assert lonely["assumption_sources"]["attribution"] == "user"


def test_html_report_escapes_user_text() -> None:
    doc = one_outcome_map(description="<script>alert('x')</script>", duration=2)
    doc["name"] = "<b>Bold & brave</b>"
    html = FRAMEWORK.evaluate(doc).to_html()
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "&lt;b&gt;Bold &amp; brave&lt;/b&gt;" in html
    assert "<script" not in FRAMEWORK.evaluate(doc)._repr_html_()


def test_markdown_report_lists_assumptions_and_sources() -> None:
    md = evaluate(ROOT / "examples/employment-programme.yaml").to_markdown()
    assert "## Assumptions" in md and "## Sources" in md and "SROI ratio" in md


def test_price_year_override_rebases_money() -> None:
    doc = one_outcome_map(duration=1, proxy={**inline(100.0), "price_year": 2019})
    base = FRAMEWORK.evaluate(doc).present_value
    again = FRAMEWORK.evaluate(doc, options={"price_year": 2019}).present_value
    assert base == pytest.approx(again * 100 / 81.1085, rel=1e-12)


def _bad(**outcome: object) -> dict:
    doc = one_outcome_map(duration=2)
    doc["outcomes"].append({"id": "b", "quantity": 1, "proxy": "wellby-hmt", **outcome})
    return doc


@pytest.mark.parametrize(
    ("doc", "error", "field"),
    [
        ({**one_outcome_map(), "colour": "red"}, UnknownNameError, "colour"),
        ({**one_outcome_map(), "price_year": "2024/25"}, NumberTextError, "price_year"),
        ({**one_outcome_map(), "investment": -5}, ValidationError, "investment"),
        (_bad(deadweight=1.5), ValidationError, "outcomes[1].deadweight"),
        (_bad(attribution="150%"), ValidationError, "outcomes[1].attribution"),
        (_bad(quantity=-2), ValidationError, "outcomes[1].quantity"),
        (_bad(beneficiaries={"group": "g", "count": -3}), ValidationError, "outcomes[1].beneficiaries.count"),
        (_bad(proxy="welby-hmt"), UnknownProxyError, "outcomes[1].proxy"),
        (_bad(quantity="12 hour"), UnitMismatchError, "outcomes[1].quantity"),
        (_bad(duration=0), ValidationError, "outcomes[1].duration"),
        (_bad(domian="thriving"), UnknownNameError, "outcomes[1].domian"),
        (_bad(domain="thrivng"), UnknownNameError, "outcomes[1].domain"),
        (_bad(proxy="carbon-value-desnz"), ValidationError, "outcomes[1].proxy"),
        (_bad(deadweight={"preset": "sometimes"}), UnknownNameError, "outcomes[1].deadweight"),
        ({**one_outcome_map(), "mode": "guess"}, ValidationError, "mode"),
        ({**one_outcome_map(), "discounting": {"schedule": "constant", "rate": 35}}, ValidationError,
         "discounting.rate"),
    ],
    ids=["unknown-key", "wrong-type", "negative-investment", "fraction-above-1", "percent-above-100",
         "negative-quantity", "negative-count", "unknown-proxy", "unit-mismatch", "zero-duration", "typo-key",
         "unknown-domain", "series-without-first-year", "unknown-preset", "bad-mode", "rate-as-percent"],
)
def test_bad_maps_name_the_field(doc: dict, error: type[Exception], field: str) -> None:
    with raises_exactly(error) as info:
        FRAMEWORK.evaluate(doc, source="map.yaml")
    assert info.value.field == field
    assert info.value.source == "map.yaml"


def test_unknown_proxy_suggests_close_ids() -> None:
    with raises_exactly(UnknownProxyError, match="did you mean 'wellby-hmt'"):
        FRAMEWORK.evaluate(_bad(proxy="welby-hmt"))


def test_cli_input_error_exits_2_without_traceback(tmp_path, capsys) -> None:
    path = tmp_path / "map.yaml"
    path.write_text(yaml.safe_dump(_bad(deadweight=1.5)))
    assert main(["value", str(path)]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and "outcomes[1].deadweight" in err and "Traceback" not in err


def test_sensitivity_and_break_even_in_the_result() -> None:
    out = evaluate(ROOT / "examples/employment-programme.yaml", options={"sensitivity": True}).to_dict()
    rows = {r["assumption"]: r for r in out["sensitivity"]["rows"]}
    assert rows["deadweight"]["ratio_low"] > out["sroi_ratio"] > rows["deadweight"]["ratio_high"]
    be = {r["assumption"]: r for r in out["break_even"]}
    # Break-even on the proxy is linear: the multiplier is target / ratio.
    assert be["proxy"]["value"] == pytest.approx(1.0 / out["sroi_ratio"], rel=1e-9)


def test_monte_carlo_is_seeded_and_reproducible() -> None:
    path = ROOT / "examples/employment-programme.yaml"
    a = evaluate(path, options={"monte_carlo": 500, "seed": 7}).to_json()
    b = evaluate(path, options={"monte_carlo": 500, "seed": 7}).to_json()
    c = evaluate(path, options={"monte_carlo": 500, "seed": 8}).to_json()
    assert a == b and a != c
    mc = json.loads(a)["monte_carlo"]
    assert mc["seed"] == 7 and mc["draws"] == 500
    with raises_exactly(ValidationError, match="seed"):
        evaluate(path, options={"monte_carlo": 500})


def test_monte_carlo_without_ranges_is_refused() -> None:
    with raises_exactly(ValidationError, match="no ranges"):
        FRAMEWORK.evaluate(one_outcome_map(), options={"monte_carlo": 10, "seed": 1})
