"""socialvalue.compare: one activity through several frameworks and proxy sets, side by side.

The decomposition's parts must sum exactly (``math.fsum(parts) == difference``, bit for bit)
per fact and in total; facts a view cannot value are reported, never dropped; bad input is
refused with the field path; HTML escapes user text.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from socialvalue.compare import (
    CAUSES,
    DEFAULT_ORDER,
    NO_COUNTERPART,
    ComparisonResult,
    compare,
    evaluate_comparison,
    load_crosswalk,
)
from socialvalue.errors import (
    DuplicateEntryError,
    MissingDependencyError,
    SocialValueError,
    UnitMismatchError,
    UnknownNameError,
    UnknownProxyError,
    UnknownUnitError,
    ValidationError,
)
from socialvalue.proxies import loads_dataset
from socialvalue.schemas import schema as shipped_schema
from tests.checks import assert_schema_invalid, assert_schema_valid, raises_exactly

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "compare-construction.yaml"

# A CLEARLY MARKED TEST DATASET: made-up values under uk-open's ids, for tests only.
TEST_DATASET = loads_dataset("""
dataset: {id: test-only-made-up-values, name: TEST ONLY - made-up values, version: "0", licence: test-only}
proxies:
  - {id: ashe-median-annual-pay-ft-2024, name: TEST ONLY job value, value: 30000, unit: GBP/person/year,
     price_year: 2022, source: "test fixture, not a real value", licence: test-only}
  - {id: volunteering-replacement-value-per-hour-2012, name: TEST ONLY hour value, value: 15, unit: GBP/hour,
     price_year: 2024, source: "test fixture, not a real value", licence: test-only}
""", source="<test dataset>")


def activity(**changes):
    base = {
        "name": "Depot refit",
        "price_year": 2024,
        "first_year": 2026,
        "investment": 150000,
        "facts": [
            {"fact": "local-jobs", "quantity": 12, "unit": "FTE", "years": 3},
            {"fact": "apprenticeships", "quantity": 6, "unit": "learner", "years": 3},
            {"fact": "volunteering", "quantity": 1200, "unit": "hour", "years": 3},
            {"fact": "carbon-saved", "quantity": 140, "unit": "tCO2e", "years": 3},
            {"fact": "slight-collisions-avoided", "quantity": 1.5, "unit": "collision", "years": 3},
            {"fact": "local-spend", "quantity": 250000, "unit": "GBP", "years": 2},
        ],
    }
    base.update(changes)
    return base


FOUR_VIEWS = [
    {"framework": "toms", "label": "toms"},
    {"framework": "sroi", "label": "sroi"},
    {"framework": "toms", "label": "toms (test data)", "dataset": TEST_DATASET},
    {"framework": "sroi", "label": "sroi (test data, 2020)", "dataset": TEST_DATASET, "price_year": 2020},
]


def assert_exact(result: ComparisonResult) -> None:
    """Every identity the comparison promises, bit for bit."""
    for s in result.subjects:
        for d in s.decompositions:
            for row in (*d.rows, d.total):
                assert math.fsum(row.parts.values()) == row.difference, (d.from_view, d.to_view, row)
                if row.from_value is not None and row.to_value is not None:
                    assert row.to_value - row.from_value == row.difference
            for cause in d.total.parts:
                assert math.fsum(r.parts[cause] for r in d.rows) == d.total.parts[cause]
            assert math.fsum(r.difference for r in d.rows) == d.total.difference
        for i, total in enumerate(s.totals):
            assert math.fsum(r.values[i] for r in s.rows if r.values[i] is not None) == total


@pytest.fixture(scope="module")
def four() -> ComparisonResult:
    return compare(activity(), FOUR_VIEWS, pairs="all")


def test_sroi_and_toms_with_two_datasets_decompose_exactly(four) -> None:
    assert four.views == ("toms", "sroi", "toms (test data)", "sroi (test data, 2020)")
    assert len(four.subjects[0].decompositions) == 6
    assert_exact(four)
    # JSON keeps the identity too (floats round-trip exactly)
    data = json.loads(four.to_json())
    for d in data["subjects"][0]["decompositions"]:
        for row in [*d["facts"], d["total"]]:
            assert math.fsum(row["parts"].values()) == row["difference"]


def test_values_are_the_frameworks_own(four) -> None:
    results = four.framework_results
    tender = results["toms"][0]
    bid = tender.bids[0]
    assert four.value("toms", "local-jobs") == 12 * 37430 * 3
    assert four.value("toms") == pytest.approx(bid.social_value, rel=1e-12)
    sroi = results["sroi"][0]
    valued = [r.fact.id for r in four.subjects[0].rows if r.values[1] is not None]
    for fact, pv in zip(valued, sroi.valuation.pv_by_outcome, strict=True):
        assert four.value("sroi", fact) == pytest.approx(float(pv), rel=1e-12)
    assert four.value("sroi") == pytest.approx(sroi.present_value, rel=1e-12)


def test_each_cause_appears_where_it_should(four) -> None:
    d = four.decomposition("sroi", "toms")  # same proxies and price year, SROI method
    jobs = d.row("local-jobs").parts
    assert jobs["proxy value"] == 0 and jobs["price year"] == 0 and jobs["duration and drop-off"] == 0
    assert jobs["adjustments"] < 0 and jobs["discounting"] < 0
    d = four.decomposition("toms (test data)", "toms")  # only the proxies change
    assert d.row("local-jobs").parts["proxy value"] < 0
    assert all(v == 0 for c, v in d.row("local-jobs").parts.items() if c != "proxy value")
    assert d.row("apprenticeships").difference == 0  # not in the test dataset: same uk-open proxy
    d = four.decomposition("sroi (test data, 2020)", "sroi")
    assert d.row("apprenticeships").parts["price year"] < 0
    assert d.row("apprenticeships").parts["proxy value"] == 0
    assert d.row("volunteering").parts["proxy value"] != 0


def test_no_counterpart_is_reported_never_dropped(four) -> None:
    s = four.subjects[0]
    assert [r.fact.id for r in s.rows] == [f["fact"] for f in activity()["facts"]]
    collisions = next(r for r in s.rows if r.fact.id == "slight-collisions-avoided")
    assert collisions.values[0] is None and collisions.cells[0].status == "no counterpart"
    assert "road-safety" in collisions.cells[0].reason
    spend = next(r for r in s.rows if r.fact.id == "local-spend")
    assert spend.cells[0].status == "not monetised" and spend.cells[1].status == "no counterpart"
    d = four.decomposition("sroi", "toms").row("slight-collisions-avoided")
    assert d.status == "no counterpart in toms"
    assert d.parts[NO_COUNTERPART] == d.difference == four.value("sroi", "slight-collisions-avoided")
    assert all(v == 0 for c, v in d.parts.items() if c != NO_COUNTERPART)
    both = four.decomposition("sroi", "toms").row("local-spend")
    assert both.status == "no counterpart in either view" and both.difference == 0
    text = four.to_text()
    assert "no counterpart" in text and "not monetised" in text and "road-safety" in text


def test_same_setting_gives_zero_parts() -> None:
    result = compare(activity(), ["sroi", {"framework": "sroi", "label": "sroi again"}])
    d = result.decomposition("sroi again")
    assert d.total.difference == 0
    assert all(v == 0 for r in (*d.rows, d.total) for v in r.parts.values())


def test_order_changes_parts_not_totals(four) -> None:
    other = compare(activity(), FOUR_VIEWS, pairs="all", order=list(reversed(DEFAULT_ORDER)))
    assert_exact(other)
    a = four.decomposition("sroi (test data, 2020)", "toms").total
    b = other.decomposition("sroi (test data, 2020)", "toms").total
    assert a.difference == b.difference
    assert a.parts != b.parts
    assert other.order == tuple(reversed(DEFAULT_ORDER))


def test_duration_and_drop_off_from_a_crosswalk_extension() -> None:
    crosswalk = {"extends": "open", "facts": {"local-jobs": {"sroi": {
        "extra_years": 2, "adjustments": {"drop_off": {"value": 0.5, "assumption": "test"}}}}}}
    result = compare(activity(), ["toms", "sroi"], crosswalk)
    parts = result.decomposition("sroi").row("local-jobs").parts
    assert parts["duration and drop-off"] != 0
    assert result.crosswalk.extends == ("open",)
    assert result.crosswalk.id == "open+custom"
    assert_exact(result)


def test_discounting_in_a_toms_view() -> None:
    result = compare(activity(), ["toms", {"framework": "toms", "label": "toms pv", "discounting": "green-book",
                                            "discount_start": "year-0"}])
    parts = result.decomposition("toms pv").total.parts
    assert parts["discounting"] < 0
    assert all(v == 0 for c, v in parts.items() if c != "discounting")


def test_example_document_runs_with_four_views() -> None:
    from socialvalue.documents import read_document

    result = evaluate_comparison(read_document(EXAMPLE), source=str(EXAMPLE))
    assert len(result.views) == 4
    assert_exact(result)
    total = result.decomposition("SROI (uk-open)").total.parts
    assert {c for c, v in total.items() if v} == {"adjustments", "duration and drop-off", "discounting",
                                                  NO_COUNTERPART}
    alt = result.decomposition("TOMs (alternative proxies, 2023 prices)").total.parts
    assert alt["proxy value"] < 0 and alt["price year"] < 0
    sources = [d.get("id") for d in result.provenance.datasets]
    assert {"uk-open", "example-alternative-proxies", "open-toms-style"} <= set(sources)
    assert all(d.get("sha256", "").startswith("sha256:") for d in result.provenance.datasets)


def test_example_matches_the_schema() -> None:
    import yaml

    assert_schema_valid(yaml.safe_load(EXAMPLE.read_text()), "comparison")
    for views in (["toms", "sroi"], [{"framework": "toms", "label": "t"}, {"framework": "sroi", "price_year": 2020,
                                                                          "discounting": "green-book",
                                                                          "discount_start": "year-0"}]):
        doc = {"kind": "comparison", "name": "x", "activity": activity(), "views": views}
        assert_schema_valid(doc, "comparison")
        evaluate_comparison(doc)  # and the parser accepts it
    assert_schema_invalid({"kind": "comparison", "views": ["toms", "sroi"],
                           "activity": {"name": "x", "price_year": 2024, "facts": [{"fact": "a", "q": 1}]}},
                          "comparison")
    assert_schema_invalid({"kind": "comparison", "views": ["toms", "sroi"], "colour": "red",
                           "activity": activity()}, "comparison")


def test_schema_keys_match_the_parser() -> None:
    from socialvalue.compare.activity import ACTIVITY_KEYS
    from socialvalue.compare.document import DOCUMENT_KEYS

    schema = shipped_schema("comparison")
    assert set(schema["properties"]) == set(DOCUMENT_KEYS)
    fields = set(schema["$defs"]["activityFields"]["properties"]) | {"name", "supplier"}
    assert fields == set(ACTIVITY_KEYS)


def test_to_dict_is_deterministic_and_json_ready(four) -> None:
    again = compare(activity(), FOUR_VIEWS, pairs="all")
    assert four.to_json() == again.to_json()
    data = json.loads(four.to_json())
    assert data["kind"] == "comparison" and data["order"] == list(DEFAULT_ORDER)
    assert set(data["causes"]) == set(CAUSES)
    assert data["quantum"] == four.quantum and data["quantum"] < 1e-6
    record = data["subjects"][0]["facts"][0]["values"]["sroi"]
    assert record["setting"]["adjustments"]["deadweight"] == 0.25
    assert data["provenance"]["library_version"] and data["crosswalk"]["sha256"].startswith("sha256:")
    summary = four.summary()
    assert summary["differences"][0]["largest_cause"] == "adjustments"


def test_html_escapes_user_text() -> None:
    crosswalk = {"extends": "open", "facts": {"<b>odd</b>": {
        "unit": "hour", "kind": "total", "description": "<script>alert(1)</script>",
        "toms": {"measure": "OPEN-COMMUNITY-VOLUNTEERING"},
        "no_counterpart": {"sroi": "<img src=x onerror=alert(1)>"}}}}
    act = activity(name="<script>alert('name')</script>",
                   description="Fish & <chips>",
                   facts=[{"fact": "<b>odd</b>", "id": "x<y&z", "quantity": 10, "unit": "hour"},
                          {"fact": "local-jobs", "quantity": 1, "unit": "FTE"}])
    result = compare(act, ["toms", {"framework": "sroi", "label": "<i>view</i>"}], crosswalk)
    for page in (result.to_html(), result._repr_html_()):
        assert "<script>" not in page and "<img" not in page and "<i>view" not in page and "<b>odd" not in page
        assert "&lt;script&gt;" in page and "x&lt;y&amp;z" in page and "&lt;i&gt;view&lt;/i&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in result.to_html()
    markdown = result.to_markdown()
    assert "x&lt;y&amp;z" in markdown and "<script>" not in markdown and "<img" not in markdown
    assert "x<y&z" in result.to_text()  # a terminal shows text as it is


def test_renderings_name_every_view_and_cause(four) -> None:
    text, md = four.to_text(), four.to_markdown()
    for label in four.views:
        assert label in text and label in md
    for cause in CAUSES:
        assert cause in text and cause in md
    assert "proxy value → price year → adjustments" in text
    assert four.render("markdown") == md and four.render("json") == four.to_json()
    assert str(four) == text and "ComparisonResult" in repr(four)


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(("change", "error", "field"), [
    ({"facts": [{"fact": "local-job", "quantity": 1}]}, UnknownNameError, "activity.facts[0].fact"),
    ({"facts": [{"fact": "local-jobs", "quantity": 1, "unit": "hour"}]}, UnitMismatchError, "activity.facts[0].unit"),
    ({"facts": [{"fact": "local-jobs", "quantity": "3 hour"}]}, UnitMismatchError, "activity.facts[0].quantity"),
    ({"facts": [{"fact": "local-jobs", "quantity": 1, "unit": "FTEz"}]}, UnknownUnitError, "activity.facts[0].unit"),
    ({"facts": [{"fact": "local-jobs", "quantity": -1}]}, ValidationError, "activity.facts[0].quantity"),
    ({"facts": [{"fact": "local-jobs", "quantity": 1, "years": 0}]}, ValidationError, "activity.facts[0].years"),
    ({"facts": [{"fact": "local-jobs", "quantity": 1, "colour": "red"}]}, UnknownNameError,
     "activity.facts[0].colour"),
    ({"facts": [{"fact": "local-jobs", "quantity": 1}, {"fact": "local-jobs", "quantity": 2}]}, DuplicateEntryError,
     "activity.facts[1].id"),
    ({"facts": []}, ValidationError, "activity.facts"),
    ({"first_year": None, "facts": [{"fact": "carbon-saved", "quantity": 1}]}, ValidationError,
     "activity.first_year"),
    ({"price_year": 1700}, ValidationError, "activity.price_year"),
    ({"investment": -5}, ValidationError, "activity.investment"),
])
def test_bad_activities_name_the_field(change, error, field) -> None:
    with raises_exactly(error) as info:
        compare(activity(**change), ["toms", "sroi"])
    assert info.value.field == field, str(info.value)
    assert isinstance(info.value, SocialValueError)


@pytest.mark.parametrize(("views", "error", "field"), [
    (["toms", {"framework": "sroii"}], UnknownNameError, "views[1].framework"),
    (["toms", {"framework": "lm3"}], UnknownNameError, "views[1].framework"),
    (["toms"], ValidationError, "views"),
    (["toms", "toms"], DuplicateEntryError, "views[1].label"),
    (["toms", {"framework": "sroi", "dataset": "no-such-file.yaml"}], UnknownNameError, "views[1].dataset"),
    (["toms", {"framework": "sroi", "proxies": {"local-jobs": "no-such-proxy"}}], UnknownProxyError,
     "views[1].proxies.local-jobs"),
    (["toms", {"framework": "sroi", "proxies": {"local-jobs": "wellby-hmt"}}], UnitMismatchError,
     "views[1].proxies.local-jobs"),
    (["toms", {"framework": "toms", "label": "t2", "proxies": {"volunteering": "wellby-hmt"}}], UnitMismatchError,
     "views[1].proxies.volunteering"),
    (["toms", {"framework": "sroi", "proxies": {"local-spend": "wellby-hmt"}}], ValidationError,
     "views[1].proxies.local-spend"),
    (["toms", {"framework": "sroi", "proxies": {"no-fact": "wellby-hmt"}}], UnknownNameError,
     "views[1].proxies.no-fact"),
    (["toms", {"framework": "sroi", "discount_start": "year-2"}], ValidationError, "views[1].discount_start"),
    (["toms", {"framework": "sroi", "discounting": "gren-book"}], UnknownNameError, "views[1].discounting.schedule"),
    (["toms", {"framework": "sroi", "colour": "red"}], UnknownNameError, "views[1].colour"),
])
def test_bad_views_name_the_field(views, error, field) -> None:
    with raises_exactly(error) as info:
        compare(activity(), views)
    assert info.value.field == field, str(info.value)


@pytest.mark.parametrize(("crosswalk", "error", "field"), [
    ({"extends": "open", "facts": {"local-jobs": {"toms": {"measure": "OPEN-JOBS"}}}}, UnknownNameError,
     "crosswalk.facts.local-jobs.toms.measure"),
    ({"extends": "open", "facts": {"local-jobs": {"toms": {"measure": "OPEN-COMMUNITY-VOLUNTEERING"}}}},
     ValidationError, "crosswalk.facts.local-jobs.toms.measure"),
    ({"extends": "open", "facts": {"local-jobs": {"sroi": {"proxy": "no-such-proxy"}}}}, UnknownProxyError,
     "crosswalk.facts.local-jobs.sroi.proxy"),
    ({"extends": "open", "facts": {"local-jobs": {"sroi": {"adjustments": {"deadweight": 0.3}}}}},
     ValidationError, "crosswalk.facts.local-jobs.sroi.adjustments.deadweight"),
    ({"extends": "open", "facts": {"local-jobs": {"sroi": {"adjustments": {"deadweight": {"value": 1.3,
                                                                                         "assumption": "x"}}}}}},
     ValidationError, "crosswalk.facts.local-jobs.sroi.adjustments.deadweight.value"),
    ({"extends": "open", "facts": {"local-jobs": {"kind": "stock"}}}, UnknownNameError,
     "crosswalk.facts.local-jobs.kind"),
    ({"extends": "closed"}, UnknownNameError, "crosswalk.extends"),
    ({"facts": {}}, ValidationError, "crosswalk.crosswalk.id"),
])
def test_bad_crosswalks_name_the_field(crosswalk, error, field) -> None:
    with raises_exactly(error) as info:
        compare(activity(), ["toms", "sroi"], crosswalk)
    assert info.value.field == field, str(info.value)


def test_bad_order_and_pairs() -> None:
    with raises_exactly(ValidationError) as info:
        compare(activity(), ["toms", "sroi"], order=["proxy value", "price year", "adjustments", "discounting"])
    assert info.value.field == "order"
    with raises_exactly(ValidationError) as info:
        compare(activity(), ["toms", "sroi"], order=["proxy", "price year", "adjustments", "discounting",
                                                     "duration and drop-off"])
    assert "proxy value" in str(info.value)
    with raises_exactly(UnknownNameError) as info:
        compare(activity(), ["toms", "sroi"], pairs=[["toms", "sroy"]])
    assert info.value.field == "pairs[0][1]" and "sroi" in str(info.value)
    result = compare(activity(), ["toms", "sroi"], pairs=[["sroi", "toms"]])
    assert result.pairs == (("sroi", "toms"),)
    assert result.decomposition("toms", "sroi").total.difference > 0  # gross TOMs value minus SROI
    with raises_exactly(ValidationError):
        result.decomposition("sroi", "toms")


def test_document_errors_carry_the_source(tmp_path) -> None:
    path = tmp_path / "c.yaml"
    with raises_exactly(ValidationError) as info:
        evaluate_comparison({"kind": "comparison", "views": ["toms", "sroi"],
                             "activity": activity(), "bids": []}, source=str(path))
    assert info.value.source == str(path)
    with raises_exactly(UnknownNameError) as info:
        evaluate_comparison({"kind": "comparison", "views": ["toms", "sroi"],
                             "activity": activity(facts=[{"fact": "nope", "quantity": 1}])}, source=str(path))
    assert info.value.source == str(path) and info.value.field == "activity.facts[0].fact"
    with raises_exactly(ValidationError) as info:
        evaluate_comparison({"kind": "tender", "views": []}, source=str(path))
    assert info.value.field == "kind"


# --------------------------------------------------------------------------- crosswalk data


def test_bundled_crosswalk_is_consistent_with_the_catalogue_and_dataset() -> None:
    from socialvalue.frameworks.toms.measures import get_catalogue
    from socialvalue.proxies import get_proxy
    from socialvalue.units import annual_money_factor

    cw = load_crosswalk()
    catalogue = get_catalogue(cw.defaults("toms")["catalogue"])
    assert cw.id == "open" and len(cw.facts) >= 8
    for fact in cw.facts.values():
        assert fact.toms is not None or fact.no_counterpart.get("toms")
        assert fact.sroi is not None or fact.no_counterpart.get("sroi")
        if fact.toms is not None:
            measure = catalogue[fact.toms.measure]
            assert not measure.monetised or measure.per_year == (fact.kind == "level")
        if fact.sroi is not None:
            proxy = get_proxy(fact.sroi.proxy)
            annual_money_factor(1.0, fact.sroi.quantity_unit or fact.unit, proxy.unit)
            for adj in fact.sroi.adjustments.values():
                assert adj.source or adj.assumption, (fact.id, adj.name)


def test_crosswalk_files_and_extensions(tmp_path) -> None:
    base = tmp_path / "base.yaml"
    base.write_text("extends: open\nfacts:\n  local-jobs:\n    toms: null\n"
                    "    no_counterpart: {toms: not counted in our tender}\n", encoding="utf-8")
    child = tmp_path / "child.yaml"
    child.write_text("crosswalk: {id: mine, name: Mine, version: 2, licence: CC0}\nextends: base.yaml\n"
                     "facts:\n  volunteering:\n"
                     "    sroi: {adjustments: {deadweight: {value: 0.1, source: 'A study'}}}\n",
                     encoding="utf-8")
    cw = load_crosswalk(child)
    assert (cw.id, cw.version, cw.extends) == ("mine", "2", ("open", "base.yaml"))
    assert cw.facts["local-jobs"].toms is None
    assert cw.facts["volunteering"].sroi.adjustments["deadweight"].basis == "source"
    assert cw.facts["volunteering"].sroi.adjustments["attribution"].preset == "limited"  # kept from open
    result = compare(activity(), ["toms", "sroi"], str(child))
    row = result.decomposition("sroi").row("local-jobs")
    assert row.status == "no counterpart in toms"
    assert "not counted in our tender" in result.to_text()
    loop = tmp_path / "loop.yaml"
    loop.write_text("extends: loop.yaml\nfacts: {}\n", encoding="utf-8")
    with raises_exactly(ValidationError):
        load_crosswalk(loop)


# --------------------------------------------------------------------------- frames and CLI


def test_to_frame_columns(four) -> None:
    pytest.importorskip("pandas")
    values = four.to_frame()
    assert list(values.columns) == ["subject", "fact", "fact_type", "view", "framework", "value", "status",
                                    "counterpart", "reason", "price_year"]
    assert len(values) == 6 * 4
    assert math.isnan(values[(values.fact == "slight-collisions-avoided") & (values.view == "toms")].value.iloc[0])
    parts = four.decomposition_frame()
    assert list(parts.columns) == ["subject", "fact", "from_view", "to_view", "cause", "amount", "status"]
    one = parts[(parts.from_view == "toms") & (parts.to_view == "sroi") & (parts.fact == "local-jobs")]
    assert math.fsum(one.amount) == four.decomposition("sroi", "toms").row("local-jobs").difference
    # One row per compared pair x (each fact and the total) x cause: the notebook's table of totals
    # (examples/construction-contract-three-views.ipynb) selects the rows whose fact is "total".
    decompositions = four.subjects[0].decompositions
    assert len(decompositions) == 6
    assert len(parts) == len(decompositions) * (6 + 1) * len(CAUSES)
    totals = parts[parts.fact == "total"]
    assert len(totals) == len(decompositions) * len(CAUSES)
    for d in decompositions:
        rows = totals[(totals.from_view == d.from_view) & (totals.to_view == d.to_view)]
        assert dict(zip(rows.cause, rows.amount, strict=True)) == dict(d.total.parts)
        assert math.fsum(rows.amount) == d.total.difference
    assert four.to_frame("ranks").empty
    with raises_exactly(UnknownNameError):
        four.to_frame("valuez")


def test_to_frame_without_pandas(four, monkeypatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "pandas", None)
    with raises_exactly(MissingDependencyError) as info:
        four.to_frame()
    assert "socialvalue[notebook]" in str(info.value)


def cli(capsys, *args: str) -> tuple[int, str, str]:
    from socialvalue import commands
    from socialvalue.cli import main

    if "socialvalue.commands.compare" not in commands.COMMANDS:  # until the lead registers the command
        commands.COMMANDS = (*commands.COMMANDS, "socialvalue.commands.compare")
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_formats(capsys, tmp_path, monkeypatch) -> None:
    from socialvalue import commands

    monkeypatch.setattr(commands, "COMMANDS", commands.COMMANDS)
    code, out, _ = cli(capsys, "compare", str(EXAMPLE))
    assert code == 0 and "Why \"SROI (uk-open)\" differs from \"TOMs (uk-open)\"" in out
    code, out, _ = cli(capsys, "compare", str(EXAMPLE), "--format", "json", "--pairs", "all")
    assert code == 0 and len(json.loads(out)["subjects"][0]["decompositions"]) == 6
    target = tmp_path / "c.html"
    code, _, _ = cli(capsys, "compare", str(EXAMPLE), "--format", "html", "-o", str(target))
    assert code == 0 and target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    code, out, _ = cli(capsys, "compare", str(EXAMPLE), "--format", "markdown")
    assert code == 0 and out.startswith("# Comparison:")


def test_cli_errors(capsys, tmp_path, monkeypatch) -> None:
    from socialvalue import commands

    monkeypatch.setattr(commands, "COMMANDS", commands.COMMANDS)
    code, _, err = cli(capsys, "compare", str(ROOT / "examples" / "tender-highways.yaml"))
    assert code == 2 and "reads comparison documents, got kind 'tender'" in err and "socialvalue score" in err
    assert "Traceback" not in err
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: comparison\nviews: [toms, sroi]\nactivity: {name: x, price_year: 2024, facts: "
                   "[{fact: local-jobs, quantity: 3, unit: hour}]}\n", encoding="utf-8")
    code, _, err = cli(capsys, "compare", str(bad))
    assert code == 2 and "activity.facts[0].unit" in err and str(bad) in err


def test_toms_view_with_a_dataset_and_nothing_to_count() -> None:
    # found by the property tests: no fact has a TOMs counterpart, and the view brings its own dataset
    result = compare(activity(facts=[{"fact": "slight-collisions-avoided", "quantity": 1, "unit": "collision"}]),
                     ["sroi", {"framework": "toms", "dataset": TEST_DATASET}])
    row = result.decomposition().rows[0]
    assert row.status.startswith("no counterpart in toms") and row.parts[NO_COUNTERPART] == -row.from_value


@pytest.mark.parametrize("ref", ["../outside.yaml", "/etc/passwd"])
def test_comparison_documents_cannot_name_files_outside_their_folder(tmp_path, ref: str) -> None:
    from socialvalue.compare import evaluate_comparison
    from socialvalue.errors import UnsafeDocumentError

    doc = {"kind": "comparison", "name": "x",
           "activity": {"name": "x", "price_year": 2024,
                        "facts": [{"fact": "local-jobs", "quantity": 1, "unit": "FTE"}]},
           "views": [{"framework": "toms"}, {"framework": "sroi", "dataset": ref}]}
    with raises_exactly(UnsafeDocumentError):
        evaluate_comparison(doc, source=str(tmp_path / "c.yaml"), base_dir=str(tmp_path))
