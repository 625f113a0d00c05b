"""Notebook experience, part 1: tidy DataFrames of every result, the documented columns, the
kinds each result lists (and only those), the missing-dependency error, and the escaped notebook
display (``_repr_html_``). Frames are declared by each framework in
:mod:`socialvalue.results.frames`; ``socialvalue.frames`` keeps the same public names."""

from __future__ import annotations

import copy
import math
import re
import sys
from pathlib import Path

import pytest
import yaml

import socialvalue.frames as old_frames
from socialvalue.compare import compare_bids
from socialvalue.documents import read_document
from socialvalue.errors import MissingDependencyError, SocialValueError, UnknownNameError, ValidationError
from socialvalue.frameworks import evaluate
from socialvalue.frameworks.flexible import compare_assessments
from socialvalue.frameworks.sroi import FRAMEWORK as SROI
from socialvalue.frameworks.toms import FRAMEWORK as TOMS
from socialvalue.optional import require
from socialvalue.plugins import frameworks
from socialvalue.results import frames
from tests.checks import raises_exactly

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
DOCS = ROOT / "docs" / "reference" / "dataframes.md"
BAD = "<script>alert('x')</script>"
SOURCE = {"publisher": "test", "title": "test fixture, not a real value"}


@pytest.fixture
def pd():
    """pandas, for the tests that build real DataFrames (CI installs the notebook extra)."""
    return pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def results() -> dict:
    """One result of every kind, from the bundled examples."""
    council = evaluate(EXAMPLES / "assessment-example-council.yaml")
    return {
        "sroi": evaluate(EXAMPLES / "community-centre.yaml",
                         options={"sensitivity": True, "monte_carlo": 300, "seed": 1}),
        "evaluation": evaluate(EXAMPLES / "employment-programme-evaluation.yaml"),
        "tender": evaluate(EXAMPLES / "tender-highways.yaml"),
        "monitoring": evaluate(EXAMPLES / "monitoring-highways.yaml"),
        "assessment": council,
        "benchmark": compare_assessments([council, EXAMPLES / "assessment-example-district.yaml"]
                                         if (EXAMPLES / "assessment-example-district.yaml").exists() else [council]),
        "lm3": evaluate(EXAMPLES / "lm3-council-catering.yaml"),
        "compare": evaluate(EXAMPLES / "compare-construction.yaml"),
        "bids": compare_bids(BIDS, ["toms", "sroi"], price_year=2024),
        "full": full_sroi(),
    }


def full_sroi() -> object:
    """An SROI evaluation computed with every part on request (sensitivity, Monte Carlo, a forecast)."""
    doc = read_document(EXAMPLES / "employment-programme-evaluation.yaml")
    for outcome in doc["outcomes"]:
        outcome["ranges"] = {"deadweight": [0.1, 0.3]}
    return evaluate(doc, options={"base_dir": str(EXAMPLES), "sensitivity": True, "monte_carlo": 200, "seed": 1})


BIDS = [{"supplier": "Alpha Ltd", "facts": [{"fact": "local-jobs", "quantity": 10, "unit": "FTE"}]},
        {"supplier": "Beta Construction", "facts": [{"fact": "volunteering", "quantity": 300, "unit": "hour"}]}]


CASES = [(name, kind) for name, kinds in [
    ("sroi", ["outcomes", "impact_map", "reductions", "sensitivity", "break_even", "monte_carlo"]),
    ("evaluation", ["forecast_comparison"]),
    ("tender", ["measures", "bids", "themes"]),
    ("monitoring", ["periods", "measures", "themes"]),
    ("assessment", ["themes", "criteria"]),
    ("benchmark", ["levels", "organisations"]),
    ("lm3", ["lines", "kinds", "rounds"]),
    ("compare", ["values", "decomposition"]),
    ("bids", ["ranks"]),
] for kind in kinds]


def _documented() -> dict[tuple[str, str], list[tuple[str, str]]]:
    """(class name, kind) -> [(column, type)] from the tables in docs/reference/dataframes.md, in page order."""
    out: dict[tuple[str, str], list[tuple[str, str]]] = {}
    cls = kind = None
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        if m := re.match(r"## `(\w+)`", line):
            cls, kind = m.group(1), None
        elif m := re.match(r"### `(\w+)`", line):
            kind = m.group(1)
            assert (cls, kind) not in out, f"{cls} {kind} is documented twice"
            out[(cls, kind)] = []
        elif kind and (m := re.match(r"\| `(\w+)` \| ([\w]+) \|", line)):
            out[(cls, kind)].append((m.group(1), m.group(2)))
    return out


# -- columns: code, docstrings and reference docs agree ----------------------------------------------

@pytest.mark.parametrize(("name", "kind"), CASES)
def test_frame_columns_are_exactly_as_documented(pd, results, name, kind) -> None:
    result = results[name]
    frame = result.to_frame(kind)
    spec = frames.frame_spec(result, kind)
    assert list(frame.columns) == spec.names
    assert _documented()[(type(result).__name__, kind)] == [(c.name, c.dtype) for c in spec.columns]
    for column in spec.columns:  # the declared type is the pandas dtype
        dtype = str(frame[column.name].dtype)
        if column.dtype == frames.TEXT:
            assert dtype in ("object", "str", "string"), (column.name, dtype)
        elif column.dtype == frames.DATE:
            assert dtype.startswith("datetime64"), (column.name, dtype)
        else:
            assert dtype == column.dtype, (column.name, dtype)
    assert frame.attrs["kind"] == kind and frame.attrs["framework"] == result.framework
    assert len(frame) > 0


def _builtin_specs() -> list[frames.FrameSpec]:
    """The frame specs of the built-in frameworks (each framework registers its own when it loads)."""
    frameworks.load_all()
    return [s for s in frames.iter_specs() if s.result.startswith("socialvalue.")]


def test_every_spec_is_documented_and_every_builder_docstring_names_its_columns() -> None:
    documented = _documented()
    specs = _builtin_specs()
    assert specs
    for spec in specs:
        assert (spec.result.rsplit(".", 1)[1], spec.kind) in documented
        for column in spec.names:
            assert f"``{column}``" in spec.build.__doc__, (spec.kind, column)
    assert len(documented) == len(specs)


def test_the_old_module_keeps_its_public_names() -> None:
    for name in ("to_frame", "records", "frame_kinds", "iter_specs", "require_part", "Column", "FrameSpec", "TEXT"):
        assert getattr(old_frames, name) is getattr(frames, name), name
    assert {(s.result, s.kind) for s in old_frames.SPECS} >= {(s.result, s.kind) for s in _builtin_specs()}


def _documented_sections() -> list[tuple[str, list[str]]]:
    """[(class name, its kinds in page order)] for each result section of docs/reference/dataframes.md."""
    sections: list[tuple[str, list[str]]] = []
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        if m := re.match(r"## `(\w+)`", line):
            sections.append((m.group(1), []))
        elif m := re.match(r"### `(\w+)`", line):
            sections[-1][1].append(m.group(1))
    return sections


WHOLE = ["full", "tender", "monitoring", "assessment", "benchmark", "lm3", "compare", "bids"]
"""Results that hold every part their kinds need, one of each built-in result class."""


@pytest.mark.parametrize("name", WHOLE)
def test_frame_kinds_are_exactly_the_kinds_that_build(pd, results, name) -> None:
    result = results[name]
    kinds = result.frame_kinds()
    assert kinds, f"{type(result).__name__} lists no frame kind"
    # the documented kinds of its class, default first
    assert list(kinds) in [k for cls, k in _documented_sections() if cls == type(result).__name__]
    assert result.to_frame().attrs["kind"] == kinds[0]
    for kind in kinds:  # every listed kind builds, with its declared columns
        frame = result.to_frame(kind)
        assert frame.attrs["kind"] == kind and list(frame.columns) == frames.frame_spec(result, kind).names
        assert [list(r) for r in frames.records(result, kind)] == [list(frame.columns)] * len(frame)
    others = {k for other in WHOLE for k in results[other].frame_kinds()} - set(kinds)
    assert others
    for kind in sorted(others):  # and no other kind does
        with raises_exactly(UnknownNameError) as info:
            result.to_frame(kind)
        assert info.value.field == "kind" and kind in str(info.value)


def test_default_kinds_and_unknown_kind(results) -> None:
    assert frames.frame_kinds(results["sroi"])[0] == "outcomes" == results["sroi"].frame_kinds()[0]
    assert frames.records(results["tender"]) == frames.records(results["tender"], "measures")
    with raises_exactly(UnknownNameError) as info:
        results["sroi"].to_frame("outcome")
    assert "outcomes" in str(info.value) and info.value.field == "kind"
    assert info.value.suggestions[0] == "outcomes"  # the nearest kind it offers
    with raises_exactly(UnknownNameError) as info:
        results["compare"].to_frame("valuez")  # a comparison's frames refuse the same way
    assert info.value.suggestions[0] == "values"
    with raises_exactly(ValidationError):
        frames.to_frame(object())
    assert frames.frame_kinds(object()) == ()


# -- values ------------------------------------------------------------------------------------------

def test_sroi_outcomes_add_up_to_the_present_value(pd, results) -> None:
    result = results["sroi"]
    frame = result.to_frame()
    assert math.isclose(frame["discounted_value"].sum(), result.present_value, rel_tol=1e-9)
    by_theme = frame.groupby("theme")["discounted_value"].sum().to_dict()
    for theme, pv in result.valuation.pv_by_group("theme").items():
        assert math.isclose(by_theme[theme], pv, rel_tol=1e-9)
    # one row per outcome and year it runs; disbenefits negative; calendar years from first_year
    assert len(frame) == sum(mo.outcome.duration for mo in result.imap.outcomes)
    negative = frame[frame["negative"]]
    assert len(negative) and (negative["value"] < 0).all() and (negative["discounted_value"] < 0).all()
    assert frame["calendar_year"].iloc[0] == result.imap.first_year
    assert frame.attrs["price_year"] == result.imap.price_year == 2024


def test_sroi_other_kinds(pd, results) -> None:
    result = results["sroi"]
    assert result.to_frame("impact_map")["present_value"].tolist() == result.valuation.pv_by_outcome.tolist()
    reductions = result.to_frame("reductions")
    assert reductions["stage"].tolist()[0] == "gross" and reductions["total"].iloc[-1] == result.present_value
    sens = result.to_frame("sensitivity")
    assert sens["assumption"].tolist() == [r.assumption for r in result.sensitivity.rows]
    assert (sens["swing"].diff().dropna() <= 1e-12).all()  # widest first
    draws = result.to_frame("monte_carlo")
    assert len(draws) == 300 and draws["draw"].iloc[0] == 1
    assert draws["pv"].tolist() == result.monte_carlo.pv.tolist()
    comparison = results["evaluation"].to_frame("forecast_comparison")
    assert set(comparison["status"]) <= {"both", "forecast only", "evaluation only"}


def test_parts_computed_on_request_say_how_to_get_them(pd, results) -> None:
    plain = results["evaluation"]
    for kind, word in (("sensitivity", "sensitivity"), ("break_even", "sensitivity"),
                       ("monte_carlo", "monte_carlo")):
        with raises_exactly(ValidationError) as info:
            plain.to_frame(kind)
        assert word in info.value.hint and info.value.field in ("sensitivity", "monte_carlo")
    with raises_exactly(ValidationError, match="forecast"):
        results["sroi"].to_frame("forecast_comparison")


def test_no_first_year_and_no_investment_give_missing_values(pd) -> None:
    doc = {"kind": "impact-map", "name": "t", "price_year": 2024, "investment": 0,
           "outcomes": [{"id": "o", "quantity": 2, "duration": 2,
                         "proxy": {"value": 10, "unit": "GBP/person/year", "price_year": 2024, "source": SOURCE}}]}
    result = SROI.evaluate(doc, options={"sensitivity": True})
    frame = result.to_frame()
    assert frame["calendar_year"].isna().all() and frame["beneficiary_group"].isna().all()
    assert result.to_frame("sensitivity")["ratio_low"].isna().all()
    assert frames.records(result, "impact_map")[0]["beneficiaries"] is None


def test_tender_frames(pd, results) -> None:
    tender = results["tender"]
    measures = tender.to_frame("measures")
    totals = measures.groupby("supplier")["value_adjusted"].sum()
    for bid in tender.bids:
        assert math.isclose(totals[bid.supplier], bid.social_value_adjusted, rel_tol=1e-12)
    not_monetised = measures[~measures["monetised"]]
    assert len(not_monetised) and not_monetised["value_offered"].isna().all()  # not monetised is not £0
    bids = tender.to_frame("bids")
    assert bids["rank"].tolist() == sorted(bids["rank"]) and bids["supplier"].iloc[0] == "Alpha Ltd"


def test_monitoring_frames(pd, results) -> None:
    monitoring = results["monitoring"]
    periods = monitoring.to_frame()
    assert len(periods) == len(monitoring.measures) * len(monitoring.periods)
    missing = periods[periods["status"] == "missing"]
    assert len(missing) == 1 and math.isnan(missing["delivered"].iloc[0])  # missing, never zero
    assert periods[~periods["monetised"]]["committed"].isna().all()
    measures = monitoring.to_frame("measures").set_index("measure")
    assert measures.loc["OPEN-COMMUNITY-VOLUNTEERING", "missing_periods"] == "2027/28"


def test_flexible_and_lm3_frames(pd, results) -> None:
    assessment = results["assessment"]
    themes = assessment.to_frame()
    assert dict(zip(themes["theme"], themes["level"], strict=True)) == assessment.levels
    assert themes["previous_level"].isna().all()
    assert len(assessment.to_frame("criteria")) == len(assessment.statuses)
    benchmark = results["benchmark"]
    levels = benchmark.to_frame()
    assert len(levels) == len(benchmark.results) * len(benchmark.catalogue.themes)
    lm3 = results["lm3"]
    lines = lm3.to_frame()
    assert math.isclose(lines["r3"].sum(), lm3.r3) and lines["local_respend"].isna().any()
    rounds = lm3.to_frame("rounds")
    assert math.isclose(rounds["amount"].sum() / lm3.r1, lm3.lm3)


def test_change_since_previous_assessment_is_in_the_themes_frame(pd, tmp_path) -> None:
    doc = yaml.safe_load((EXAMPLES / "assessment-example-council.yaml").read_text())
    previous = copy.deepcopy(doc) | {"date": "2025-03-31"}
    previous["criteria"] = [c | {"status": "not-met"} if c["id"].startswith("people.2") else c
                            for c in previous["criteria"]]
    (tmp_path / "before.yaml").write_text(yaml.safe_dump(previous))
    (tmp_path / "now.yaml").write_text(yaml.safe_dump(doc | {"previous": "before.yaml"}))
    frame = evaluate(tmp_path / "now.yaml").to_frame().set_index("theme")
    assert frame.loc["people", "previous_level"] < frame.loc["people", "level"]
    assert frame.loc["people", "change"] == frame.loc["people", "level"] - frame.loc["people", "previous_level"]


# -- optional dependency -----------------------------------------------------------------------------

def test_missing_pandas_names_the_extra(results, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # `import pandas` now fails as if not installed
    with raises_exactly(MissingDependencyError) as info:
        results["lm3"].to_frame()
    error = info.value
    assert isinstance(error, ImportError) and isinstance(error, SocialValueError)
    assert "pandas" in str(error) and "socialvalue[notebook]" in str(error) and "to_frame()" in str(error)
    assert error.name == "pandas"
    # plain records need no pandas
    assert frames.records(results["lm3"], "rounds")[0]["round"] == "R1"


def test_require_reports_old_versions_and_broken_imports(monkeypatch) -> None:
    import types

    old = types.ModuleType("pandas")
    old.__version__ = "1.5.3"
    monkeypatch.setitem(sys.modules, "pandas", old)
    with raises_exactly(MissingDependencyError, match=r"pandas 2\.0 or later .* 1\.5\.3 is installed"):
        require("pandas", purpose="to_frame()")
    with raises_exactly(MissingDependencyError, match="not installed") as info:
        require("socialvalue_no_such_module", "plot")
    assert "socialvalue[plot]" in info.value.hint


# -- notebook display: compact and escaped -----------------------------------------------------------

def _impact_map() -> dict:
    proxy = {"value": 100, "unit": "GBP/person/year", "price_year": 2024, "source": SOURCE}
    return {"kind": "impact-map", "name": f"Centre {BAD}", "price_year": 2024, "investment": 10,
            "outcomes": [{"id": f"outcome {BAD}", "quantity": 1, "proxy": proxy, "duration": 1,
                          "beneficiaries": {"group": f"group {BAD}"}, "theme": f"theme {BAD}"}]}


def _tender() -> object:
    doc = read_document(EXAMPLES / "tender-highways.yaml")
    doc["name"] = f"Roads {BAD}"
    doc["bids"][0]["supplier"] = f"{BAD} Ltd"
    return TOMS.evaluate(doc, source=str(EXAMPLES / "tender-highways.yaml"), options={"base_dir": str(EXAMPLES)})


def _monitoring() -> object:
    measure = {"code": "TEST-JOBS", "description": f"jobs {BAD}", "theme": "jobs", "unit": "FTE",
               "proxy": {"value": 30000, "unit": "GBP/FTE/year", "price_year": 2024, "source": "test fixture"}}
    return TOMS.evaluate({
        "kind": "monitoring", "framework": "toms", "name": f"Contract {BAD}", "supplier": f"{BAD} Ltd",
        "contract": {"value": 100_000, "years": 1, "price_year": 2024}, "measures": [measure],
        "commitments": [{"measure": "TEST-JOBS", "quantity": "1 FTE", "years": 1}], "periods": ["Y1"],
        "deliveries": [{"measure": "TEST-JOBS", "period": "Y1", "quantity": "1 FTE", "note": BAD}]})


def _assessment() -> object:
    return evaluate({"kind": "assessment", "framework": "flexible-framework", "organisation": f"Council {BAD}",
                     "date": "2026-03-31", "criteria": [{"id": "people.1.a", "status": "met", "evidence": BAD}]})


def _lm3() -> object:
    return evaluate({"kind": "lm3", "name": f"Contract {BAD}", "boundary": f"Town {BAD}",
                     "spend": [{"recipient": f"Supplier {BAD}", "kind": "supplier", "amount": 10, "local": True,
                                "local_respend": 0.5}]})


@pytest.mark.filterwarnings("ignore::socialvalue.plugins.PluginWarning")
@pytest.mark.parametrize("make", [lambda: SROI.evaluate(_impact_map()), _tender, _monitoring, _assessment,
                                  lambda: compare_assessments([_assessment()]), _lm3],
                         ids=["sroi", "tender", "monitoring", "assessment", "benchmark", "lm3"])
def test_notebook_display_escapes_user_text(make) -> None:
    result = make()
    html = result._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert html.startswith('<div class="sv">') and "<!DOCTYPE" not in html
    assert len(html) <= len(result.to_html())  # compact: never more than the full report
    # user text reaches frames unchanged: escaping is for HTML only
    kind = frames.frame_kinds(result)[-1 if type(result).__name__ == "AssessmentResult" else 0]
    assert any(BAD in str(v) for row in frames.records(result, kind) for v in row.values())
