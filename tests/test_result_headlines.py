"""Every result, in a notebook or a script: a one-line ``repr``, a display that inherits the
notebook's colours, and its headline figures as typed attributes equal to its JSON's.

The results are those of every example document (and the option variants a user reaches for),
the benchmarking comparison of assessments, and the example local-model plugin's.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import attrs
import pytest

from socialvalue.frameworks import evaluate
from socialvalue.frameworks.flexible import AssessmentResult, compare_assessments
from socialvalue.frameworks.lm3.result import LM3Result
from socialvalue.frameworks.sroi import SroiResult
from socialvalue.frameworks.toms import TenderResult
from socialvalue.frameworks.toms.monitoring_result import MonitoringResult
from socialvalue.results.base import short_repr

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
LOCAL_MODEL = EXAMPLES / "socialvalue-local-model" / "examples"

_VARIANTS = {
    "employment-programme-sensitivity": ("employment-programme.yaml", {"sensitivity": True}),
    "community-centre-mc": ("community-centre.yaml", {"monte_carlo": 200, "seed": 1}),
}
_CASES = [p.stem for p in sorted(EXAMPLES.glob("*.yaml"))] + list(_VARIANTS) + ["benchmark", "local-offers",
                                                                                 "local-compare"]
_CACHE: dict[str, Any] = {}


def _result(case: str) -> Any:
    if case not in _CACHE:
        if case == "benchmark":
            _CACHE[case] = compare_assessments([evaluate(EXAMPLES / "assessment-example-council.yaml"),
                                                evaluate(EXAMPLES / "assessment-example-district.yaml")])
        elif case.startswith("local-"):
            pytest.importorskip("socialvalue_local_model")
            name = "highways-offers.yaml" if case == "local-offers" else "compare-local.yaml"
            _CACHE[case] = evaluate(LOCAL_MODEL / name)
        else:
            name, options = _VARIANTS.get(case, (f"{case}.yaml", {}))
            _CACHE[case] = evaluate(EXAMPLES / name, options=options)
    return _CACHE[case]


# -- repr: one short line -------------------------------------------------------------------------------

@pytest.mark.parametrize("case", _CASES)
def test_repr_is_one_short_line_with_kind_name_and_headline(case: str) -> None:
    result = _result(case)
    text = repr(result)
    assert "\n" not in text and len(text) < 200, (len(text), text)
    assert text.startswith(f"<{type(result).__name__} ") and text.endswith(">")
    name = (getattr(result, "name", None) or getattr(result, "organisation", None)
            or getattr(getattr(result, "imap", None), "name", None))
    if name is not None:
        assert repr(name)[:40].rstrip("'") in text or str(name)[:40] in text, text
    assert re.search(r"\d", text), f"no headline figure in {text}"


_LONG = "Line one\n" + "x" * 500


@pytest.mark.parametrize("make", [
    lambda: evaluate({"kind": "impact-map", "name": _LONG, "price_year": 2024, "investment": 10,
                      "outcomes": [{"id": "a", "quantity": 1, "duration": 1,
                                    "proxy": {"value": 100, "unit": "GBP/person/year", "price_year": 2024,
                                              "source": "test fixture"}}]}),
    lambda: attrs.evolve(_result("tender-highways"), name=_LONG,
                         bids=tuple(attrs.evolve(b, supplier=_LONG) for b in _result("tender-highways").bids)),
    lambda: attrs.evolve(_result("monitoring-highways"), name=_LONG),
    lambda: attrs.evolve(_result("assessment-example-council"), organisation=_LONG),
    lambda: attrs.evolve(_result("lm3-council-catering"), name=_LONG, boundary=_LONG),
    lambda: attrs.evolve(_result("compare-construction"), name=_LONG),
], ids=["sroi", "tender", "monitoring", "assessment", "lm3", "comparison"])
def test_repr_of_long_user_text_stays_one_short_line(make) -> None:
    text = repr(make())
    assert "\n" not in text and len(text) < 200, (len(text), text)
    assert "Line one x" in text and "…" in text and re.search(r"\d", text)


def test_short_repr_cuts_the_name_and_the_line() -> None:
    assert short_repr("R", "name", "1 figure") == "<R 'name': 1 figure>"
    assert short_repr("R", "a\n b", "") == "<R 'a b'>"
    long = short_repr("R", "n" * 100, "9" * 500)
    assert len(long) == 199 and long.endswith("…>") and "n" * 59 + "…" in long


# -- notebook display: inherits the notebook's colours ------------------------------------------------------

@pytest.mark.parametrize("case", _CASES)
def test_notebook_display_sets_no_text_colour_of_its_own(case: str) -> None:
    html = _result(case)._repr_html_()
    assert "<body" not in html and "<!DOCTYPE" not in html
    # a fixed text colour (dark on a dark theme) or an opaque background would be unreadable in one theme
    assert not re.search(r"(?<![-\w])color\s*:\s*(?!inherit|currentcolor)", html, flags=re.IGNORECASE), \
        re.findall(r"(?<![-\w])color\s*:[^;}\"]*", html, flags=re.IGNORECASE)
    for background in re.findall(r"background(?:-color)?\s*:\s*([^;}\"]+)", html, flags=re.IGNORECASE):
        assert background.strip().startswith(("rgba(", "transparent", "inherit", "none")), background


# -- headline figures as typed attributes ----------------------------------------------------------------

_SROI = ("present_value", "benefits", "disbenefits", "investment", "net_present_value", "sroi_ratio", "net_sroi",
         "payback_months")


@pytest.mark.parametrize("case", [c for c in _CASES if c.split("-")[0] in {"community", "construction",
                                                                          "domestic", "employment", "regional"}])
def test_sroi_headline_attributes_are_the_json_figures(case: str) -> None:
    result = _result(case)
    assert isinstance(result, SroiResult)
    data, summary = result.to_dict(), result.summary()
    for key in _SROI:
        value = getattr(result, key)
        assert value is None or type(value) is float, (key, type(value))
        assert value == data[key] == summary[key], key
    assert result.net_present_value == result.present_value - result.investment
    assert result.present_value == pytest.approx(result.benefits - result.disbenefits, rel=1e-12, abs=1e-6)


def test_sroi_without_investment_has_no_ratio_or_payback() -> None:
    doc = {"kind": "impact-map", "name": "no investment", "price_year": 2024, "investment": 0,
           "outcomes": [{"id": "a", "quantity": 1, "duration": 1,
                         "proxy": {"value": 100, "unit": "GBP/person/year", "price_year": 2024,
                                   "source": "test fixture"}}]}
    result = evaluate(doc)
    assert result.investment == 0.0 and result.sroi_ratio is None and result.net_sroi is None
    assert result.net_present_value == result.present_value > 0


def test_tender_winner_and_bids() -> None:
    result = _result("tender-highways")
    assert isinstance(result, TenderResult)
    data = result.to_dict()
    first = [b for b in data["bids"] if b["rank"] == 1]
    assert result.winner is not None and result.winner.supplier == first[0]["supplier"] == "Alpha Ltd"
    assert [b.supplier for b in result.winners] == [b["supplier"] for b in first] == result.summary()["winner"]
    assert result.winner.score == first[0]["score"] and result.winner is result.bids[0]
    assert [b.to_dict() for b in result.bids] == data["bids"]
    assert result.contract_value == data["contract"]["value"] and result.method == data["scoring"]["method"]


def test_tied_tender_has_several_winners_and_the_first_is_the_winner() -> None:
    commitments = [{"measure": "OPEN-JOBS-LOCAL", "quantity": "2 FTE", "years": 2}]
    doc = {"kind": "tender", "framework": "toms", "name": "tie", "catalogue": "open-toms-style",
           "contract": {"value": 1_000_000, "years": 2, "price_year": 2024},
           "scoring": {"method": "relative", "weight": 20, "quantitative_share": 0.5},
           "bids": [{"supplier": s, "qualitative": 50, "commitments": commitments} for s in ("Same A", "Same B")]}
    result = evaluate(doc)
    assert [b.supplier for b in result.winners] == ["Same A", "Same B"] == result.summary()["winner"]
    assert result.winner is result.winners[0] and result.winner.tied


def test_tender_without_bids_has_no_winner() -> None:
    none = attrs.evolve(_result("tender-highways"), bids=())
    assert none.winner is None and none.winners == ()


def test_monitoring_headline_attributes_are_the_json_totals() -> None:
    result = _result("monitoring-highways")
    assert isinstance(result, MonitoringResult)
    totals = result.to_dict()["totals"]
    for key in ("committed_total", "committed_due", "committed_reported", "delivered", "difference",
                "percent_delivered", "shortfall", "over_delivery", "forecast"):
        value = getattr(result, key)
        assert value is None or type(value) is float, (key, type(value))
        assert value == totals[key], key
    summary = result.summary()
    assert (result.delivered, result.committed_reported, result.percent_delivered) == (
        summary["delivered"], summary["committed_reported"], summary["percent_delivered"])


@pytest.mark.parametrize("case", ["assessment-example-council", "assessment-example-district"])
def test_assessment_headline_attributes_are_the_json_figures(case: str) -> None:
    result = _result(case)
    assert isinstance(result, AssessmentResult)
    data = result.to_dict()
    assert result.levels == data["levels"] and result.minimum_level == data["minimum_level"]
    assert result.unverified_share == data["unverified"]["share_of_levels"] == result.summary()["unverified_share"]


def test_lm3_headline_attributes_are_the_json_figures() -> None:
    result = _result("lm3-council-catering")
    assert isinstance(result, LM3Result)
    data = result.to_dict()
    for key in ("r1", "r2", "r3", "lm3", "leakage", "local_share"):
        assert type(getattr(result, key)) is float and getattr(result, key) == data[key], key


@pytest.mark.parametrize("case", ["compare-construction", "local-compare"])
def test_comparison_totals_and_decompositions_are_the_json_figures(case: str) -> None:
    result = _result(case)
    data = result.to_dict()
    assert result.totals == {s["name"]: s["totals"] for s in data["subjects"]} == result.summary()["totals"]
    assert list(next(iter(result.totals.values()))) == list(result.views)
    expected = [d["total"]["difference"] for s in data["subjects"] for d in s["decompositions"]]
    assert [d.total.difference for d in result.decompositions] == expected and expected
    for view, total in next(iter(result.totals.values())).items():
        assert result.value(view) == total
