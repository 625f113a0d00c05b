"""Measure catalogues: the bundled open catalogue, a licensed user's own copy (YAML and CSV),
and clear errors for bad catalogues and bad commitments.

Licensed-catalogue fixtures use ids such as TEST-NT1 and values marked "test fixture - not a
real value": the National TOMs values are CC BY-NC-ND 4.0 and are never shipped.
"""

from __future__ import annotations

import re
import textwrap

import pytest

from socialvalue.errors import (
    DuplicateEntryError,
    PluginError,
    UnitMismatchError,
    UnknownNameError,
    UnknownProxyError,
    ValidationError,
)
from socialvalue.frameworks.toms import FRAMEWORK
from socialvalue.frameworks.toms.catalogue import COUNTING_RULES
from socialvalue.frameworks.toms.measures import catalogues, get_catalogue, load_catalogue, open_toms_style
from tests.checks import raises_exactly
from tests.published import indexed, uk_open_proxy

NON_OPEN = re.compile(r"\b(NC|ND)\b|non-?commercial|no-?deriv", re.IGNORECASE)
FIXTURE = "test fixture - not a real value"

LICENSED_YAML = f"""
catalogue:
  id: my-national-toms
  name: My licensed copy (TEST values)
  version: "2024.1"
  edition: NT-TEST-2024
  licence: CC-BY-NC-ND-4.0 (own licensed copy; test values)
themes:
  - id: jobs
    name: Jobs
    outcomes: [{{id: local, name: Local employment}}]
measures:
  - code: TEST-NT1
    description: Local people employed (FTE)
    theme: jobs
    outcome: local
    unit: FTE
    proxy: {{value: 1000, unit: GBP/FTE/year, price_year: 2024, source: "{FIXTURE}"}}
    counting: each-year
    evidence: payroll postcodes
  - code: TEST-NT3
    description: Long-term unemployed hired (FTE)
    theme: jobs
    unit: FTE
    proxy: {{value: 500, unit: GBP/FTE/year, price_year: 2024, source: "{FIXTURE}"}}
    counting: first-year-only
  - code: TEST-NT29
    description: Volunteering hours
    theme: jobs
    unit: hour
    proxy: {{value: 10, unit: GBP/hour, price_year: 2024, source: "{FIXTURE}"}}
"""

LICENSED_CSV = f"""# id: my-national-toms-csv
# name: My licensed copy as CSV (TEST values)
# version: 2024.1
# edition: NT-TEST-2024
# licence: CC-BY-NC-ND-4.0 (own licensed copy; test values)
code,description,theme,outcome,unit,proxy_value,proxy_unit,proxy_price_year,proxy_source,counting,evidence
TEST-NT1,Local people employed (FTE),jobs,local,FTE,1000,GBP/FTE/year,2024,{FIXTURE},each-year,payroll postcodes
TEST-NT3,Long-term unemployed hired (FTE),jobs,,FTE,500,GBP/FTE/year,2024,{FIXTURE},first-year-only,
TEST-NT29,Volunteering hours,jobs,,hour,10,GBP/hour,2024,{FIXTURE},,
"""


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def tender(catalogue, commitments, **extra) -> dict:
    return {"kind": "tender", "framework": "toms", "name": "T", "catalogue": catalogue,
            "contract": {"value": 100_000, "years": 2, "price_year": 2024, "start_year": 2025},
            "scoring": {"method": "relative", "weight": 10, "quantitative_share": 1},
            "bids": [{"supplier": "Alpha", "commitments": commitments}], **extra}


# --------------------------------------------------------------------------- bundled catalogue


def test_bundled_catalogue_uses_only_real_open_proxies() -> None:
    from socialvalue.proxies import get_dataset

    uk_open = get_dataset("uk-open")
    cat = get_catalogue("open-toms-style")
    assert len(cat) >= 7
    assert {"jobs", "skills", "growth", "community", "health", "environment"} <= {m.theme for m in cat}
    for m in cat:
        assert m.counting in COUNTING_RULES and m.edition and m.evidence, m.code
        if m.proxy is None:  # local spend: reported, not monetised, and says so
            assert "not monetised" in (m.notes or "").lower(), m.code
            continue
        assert m.proxy.dataset == "uk-open" and m.proxy_ref, m.code
        assert uk_open[m.proxy.id] == m.proxy, m.code  # the very record, value unchanged
        assert not NON_OPEN.search(m.proxy.licence), m.code
    assert not NON_OPEN.search(cat.licence)


def test_catalogue_registry_and_entry_point_check() -> None:
    assert "open-toms-style" in catalogues.names()
    with raises_exactly(PluginError, match="not a Catalogue"):
        catalogues.register("bogus", object())
    assert open_toms_style().codes == get_catalogue("open-toms-style").codes


def test_unknown_catalogue_suggests_installed_one() -> None:
    with raises_exactly(UnknownNameError) as info:
        FRAMEWORK.evaluate(tender("open-tom-style", []), source="t.yaml")
    assert info.value.field == "catalogue" and "open-toms-style" in info.value.suggestions


# --------------------------------------------------------------------------- a licensed user's own copy


@pytest.mark.parametrize(("name", "text"), [("nt.yaml", LICENSED_YAML), ("nt.csv", LICENSED_CSV)])
def test_licensed_catalogue_loader(tmp_path, name, text) -> None:
    cat = load_catalogue(write(tmp_path, name, text))
    assert cat.codes == ["TEST-NT1", "TEST-NT3", "TEST-NT29"]
    assert cat.licence.startswith("CC-BY-NC-ND-4.0") and cat.sha256.startswith("sha256:")
    nt1 = cat["TEST-NT1"]
    assert nt1.proxy.value == 1000 and nt1.proxy.source.title == FIXTURE and nt1.per_year
    assert nt1.edition == "NT-TEST-2024" and nt1.outcome == "local"
    assert nt1.proxy.licence == cat.licence  # inline values inherit the catalogue's licence
    assert cat["TEST-NT3"].counting == "first-year-only"
    # Used from a tender by path: 3 FTE x 2 years x 1,000 + 40 h x 10 = 6,400.
    doc = tender(f"./{name}", [{"measure": "TEST-NT1", "quantity": "3 FTE", "years": 2},
                               {"measure": "TEST-NT29", "quantity": "40 hour"}])
    result = FRAMEWORK.evaluate(doc, source=str(tmp_path / "tender.yaml"))
    assert result.bids[0].social_value == 6400
    assert any(d.get("id") == cat.id and d.get("sha256") == cat.sha256 for d in result.provenance.datasets)


def test_first_year_only_counting_is_enforced(tmp_path) -> None:
    write(tmp_path, "nt.yaml", LICENSED_YAML)
    doc = tender("nt.yaml", [{"measure": "TEST-NT3", "quantity": 2, "years": 2}])
    with raises_exactly(ValidationError) as info:
        FRAMEWORK.evaluate(doc, source=str(tmp_path / "tender.yaml"))
    assert info.value.field == "bids[0].commitments[0].years" and "first contract year" in str(info.value)


def test_catalogue_entry_without_a_proxy_source(tmp_path) -> None:
    text = LICENSED_YAML.replace(', source: "' + FIXTURE + '"}\n    counting: each-year', "}\n    counting: each-year")
    assert text != LICENSED_YAML
    path = write(tmp_path, "nt.yaml", text)
    with raises_exactly(ValidationError) as info:
        load_catalogue(path)
    assert info.value.source == str(path)
    assert info.value.field == "measures[0].proxy.source"
    assert "source" in str(info.value) and "cite" in str(info.value)


def test_csv_catalogue_entry_without_a_proxy_source(tmp_path) -> None:
    path = write(tmp_path, "nt.csv", LICENSED_CSV.replace(f"2024,{FIXTURE},first-year-only", "2024,,first-year-only"))
    with raises_exactly(ValidationError) as info:
        load_catalogue(path)
    assert info.value.source == str(path) and info.value.field == "rows[8].proxy.source"


def test_catalogue_that_reuses_a_code(tmp_path) -> None:
    path = write(tmp_path, "nt.yaml", LICENSED_YAML.replace("code: TEST-NT29", "code: TEST-NT1"))
    with raises_exactly(DuplicateEntryError) as info:
        load_catalogue(path)
    assert info.value.source == str(path) and info.value.field == "measures[2].code"
    assert "appears twice" in str(info.value) and "measures[0]" in str(info.value)
    csv_path = write(tmp_path, "nt.csv", LICENSED_CSV.replace("TEST-NT29,", "TEST-NT1,"))
    with raises_exactly(DuplicateEntryError) as info:
        load_catalogue(csv_path)
    assert info.value.source == str(csv_path) and info.value.field == "rows[9].code"


def test_inline_measure_reusing_a_catalogue_code(tmp_path) -> None:
    doc = tender("open-toms-style", [])
    doc["measures"] = [{"code": "OPEN-JOBS-LOCAL", "description": "mine", "unit": "FTE",
                        "proxy": {"value": 1, "unit": "GBP/FTE/year", "price_year": 2024, "source": FIXTURE}}]
    with raises_exactly(DuplicateEntryError) as info:
        FRAMEWORK.evaluate(doc, source="t.yaml")
    assert (info.value.source, info.value.field) == ("t.yaml", "measures[0].code")


@pytest.mark.parametrize(("change", "field", "error"), [
    (lambda t: t.replace("unit: hour\n", "unit: FTE\n"), "measures[2].unit", UnitMismatchError),
    (lambda t: t.replace("counting: first-year-only", "counting: first-year"), "measures[1].counting",
     UnknownNameError),
    (lambda t: t.replace("theme: jobs\n    outcome: local", "theme: job\n    outcome: local"), "measures[0].theme",
     UnknownNameError),
    (lambda t: t.replace("unit: GBP/FTE/year, price_year: 2024, source", "unit: GBP/FTE/year, source"),
     "measures[0].proxy.price_year", ValidationError),
])
def test_bad_catalogue_entries(tmp_path, change, field, error) -> None:
    path = write(tmp_path, "nt.yaml", change(LICENSED_YAML))
    with raises_exactly(error) as info:
        load_catalogue(path)
    assert (info.value.source, info.value.field) == (str(path), field)


def test_catalogue_proxy_reference_must_exist(tmp_path) -> None:
    path = write(tmp_path, "c.yaml", """
        catalogue: {id: c, name: C, version: 1, licence: OGL-UK-3.0}
        measures:
          - {code: X, description: x, theme: t, unit: hour, proxy: volunteering-replacement-value-per-hr-2012}
        """)
    with raises_exactly(UnknownProxyError) as info:
        load_catalogue(path)
    assert info.value.field == "measures[0].proxy"
    assert "volunteering-replacement-value-per-hour-2012" in info.value.suggestions


def test_proxy_unit_as_may_only_rename_the_count(tmp_path) -> None:
    path = write(tmp_path, "c.yaml", """
        catalogue: {id: c, name: C, version: 1, licence: OGL-UK-3.0}
        measures:
          - {code: X, description: x, theme: t, unit: FTE, proxy: ashe-median-weekly-pay-ft-2024,
             proxy_unit_as: GBP/FTE/year}
        """)
    with raises_exactly(ValidationError) as info:
        load_catalogue(path)
    assert info.value.field == "measures[0].proxy_unit_as" and "money and time" in str(info.value)


# --------------------------------------------------------------------------- commitments in the wrong shape


def test_unknown_measure_code_suggests_close_match() -> None:
    doc = tender("open-toms-style", [{"measure": "OPEN-JOBS-LOCL", "quantity": "3 FTE"}])
    with raises_exactly(UnknownNameError) as info:
        FRAMEWORK.evaluate(doc, source="t.yaml")
    assert info.value.source == "t.yaml" and info.value.field == "bids[0].commitments[0].measure"
    assert info.value.suggestions[0] == "OPEN-JOBS-LOCAL" and "did you mean 'OPEN-JOBS-LOCAL'" in str(info.value)


def test_hours_for_an_fte_measure_is_a_unit_error() -> None:
    doc = tender("open-toms-style", [{"measure": "OPEN-JOBS-LOCAL", "quantity": "300 hour"}])
    with raises_exactly(UnitMismatchError) as info:
        FRAMEWORK.evaluate(doc, source="t.yaml")
    assert info.value.source == "t.yaml" and info.value.field == "bids[0].commitments[0].quantity"
    assert "FTE" in str(info.value) and "fix:" in str(info.value)


def test_negative_quantity_is_refused() -> None:
    doc = tender("open-toms-style", [{"measure": "OPEN-COMMUNITY-VOLUNTEERING", "quantity": "-5 hour"}])
    with raises_exactly(ValidationError) as info:
        FRAMEWORK.evaluate(doc, source="t.yaml")
    assert info.value.source == "t.yaml" and info.value.field == "bids[0].commitments[0].quantity"
    assert "negative" in str(info.value)


@pytest.mark.parametrize(("quantity", "years", "hours"), [("2 day", None, 48), ("100 hour/year", 2, 200)])
def test_convertible_units_and_yearly_amounts(quantity, years, hours) -> None:
    # 2 days of volunteering = 48 hours; 100 hour/year for 2 years = 200 hours.
    commitment = {"measure": "OPEN-COMMUNITY-VOLUNTEERING", "quantity": quantity}
    if years is not None:
        commitment["years"] = years
    result = FRAMEWORK.evaluate(tender("open-toms-style", [commitment]), source="t.yaml")
    row = result.bids[0].by_measure[0]
    value_per_hour = next(m for m in result.measures if m["code"] == "OPEN-COMMUNITY-VOLUNTEERING")["proxy"]["value"]
    assert row["quantity"] == pytest.approx(hours)
    assert row["value_offered"] == pytest.approx(hours * value_per_hour)


def test_a_measure_committed_twice_in_one_bid_is_refused_whatever_the_form() -> None:
    # Two commitments to one measure (a repeated row, or two forms of it) would be added up.
    doc = tender("open-toms-style", [{"measure": "OPEN-COMMUNITY-VOLUNTEERING", "quantity": "2 day"},
                                     {"measure": "OPEN-COMMUNITY-VOLUNTEERING", "quantity": "100 hour/year",
                                      "years": 2}])
    with raises_exactly(DuplicateEntryError) as info:
        FRAMEWORK.evaluate(doc, source="t.yaml")
    assert info.value.field == "bids[0].commitments[1]" and "commitments[0]" in str(info.value)


def test_series_proxy_needs_start_year_and_uses_calendar_years() -> None:
    from socialvalue.proxies import get_proxy

    doc = tender("open-toms-style", [{"measure": "OPEN-ENV-CARBON", "quantities": ["10 tCO2e", "20 tCO2e"]}])
    result = FRAMEWORK.evaluate(doc, source="t.yaml")
    carbon = uk_open_proxy("carbon-value-desnz")  # the published series, read from the dataset file here
    assert get_proxy("carbon-value-desnz").price_year == carbon["price_year"]
    in_2024 = {year: indexed(value, carbon["price_year"], 2024) for year, value in carbon["value"].items()}
    # Contract years 1 and 2 are calendar 2025 and 2026.
    assert result.bids[0].social_value == pytest.approx(10 * in_2024[2025] + 20 * in_2024[2026], rel=1e-12)
    del doc["contract"]["start_year"]
    with raises_exactly(ValidationError) as info:
        FRAMEWORK.evaluate(doc, source="t.yaml")
    assert info.value.field == "contract.start_year"


def test_local_spend_is_reported_not_monetised() -> None:
    doc = tender("open-toms-style", [{"measure": "OPEN-GROWTH-LOCAL-SPEND", "quantity": "250000 GBP"}])
    bid = FRAMEWORK.evaluate(doc, source="t.yaml").bids[0]
    assert bid.social_value == 0 and bid.by_measure[0]["quantity"] == 250_000
    assert bid.by_measure[0]["monetised"] is False


def test_bundled_catalogue_loads_through_an_entry_point(tmp_path, monkeypatch) -> None:
    # The line the package declares: [project.entry-points."socialvalue.toms_catalogues"]
    # open-toms-style = "socialvalue.frameworks.toms.measures:open_toms_style"
    from socialvalue.frameworks.toms.catalogue import Catalogue
    from socialvalue.frameworks.toms.measures import CATALOGUES_GROUP
    from socialvalue.plugins import Registry

    info = tmp_path / "fake_catalogue_dist-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: fake-catalogue-dist\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(
        f"[{CATALOGUES_GROUP}]\nopen-toms-style-copy = socialvalue.frameworks.toms.measures:open_toms_style\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    registry = Registry(CATALOGUES_GROUP, "measure catalogue", catalogues._check)
    loaded = registry.get("open-toms-style-copy")
    assert isinstance(loaded, Catalogue) and loaded.id == "open-toms-style"
