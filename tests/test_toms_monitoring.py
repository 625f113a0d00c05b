"""Contract monitoring: delivered versus committed, over-delivery never clamped, missing periods
never zero, run-rate forecast, and the draft target export. Values are test fixtures."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from socialvalue.errors import UnitMismatchError, UnknownNameError, ValidationError
from socialvalue.frameworks import evaluate
from socialvalue.frameworks.toms import FRAMEWORK
from socialvalue.frameworks.toms.measures import load_catalogue
from socialvalue.frameworks.toms.monitoring import export_targets
from tests.checks import raises_exactly

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
FIXTURE = "test fixture - not a real value"
MEASURES = [
    {"code": "TEST-JOBS", "description": "Test jobs", "theme": "jobs", "unit": "FTE",
     "proxy": {"value": 30000, "unit": "GBP/FTE/year", "price_year": 2024, "source": FIXTURE}},
    {"code": "TEST-HOURS", "description": "Test hours", "theme": "community", "unit": "hour",
     "proxy": {"value": 20, "unit": "GBP/hour", "price_year": 2024, "source": FIXTURE}},
]
BASE = {
    "kind": "monitoring", "framework": "toms", "name": "Worked contract", "supplier": "Alpha",
    "contract": {"value": 1_000_000, "years": 3, "price_year": 2024},
    "measures": MEASURES,
    # Committed: 10 FTE in each of 3 years (300,000 a year); 300 hours spread 100 a year (2,000 a year).
    "commitments": [{"measure": "TEST-JOBS", "quantity": "10 FTE", "years": 3},
                    {"measure": "TEST-HOURS", "quantity": "300 hour"}],
    "periods": ["Y1", "Y2", "Y3"],
    "as_of": "Y2",
    "deliveries": [
        {"measure": "TEST-JOBS", "period": "Y1", "quantity": "15 FTE"},  # 450,000: over-delivery
        {"measure": "TEST-HOURS", "period": "Y1", "quantity": "80 hour"},  # 1,600
        {"measure": "TEST-JOBS", "period": "Y2", "quantity": 10},  # 300,000
        # no TEST-HOURS return for Y2: missing, not zero
    ],
}


def monitor(**changes):
    doc = copy.deepcopy(BASE)
    doc.update(changes)
    return FRAMEWORK.evaluate(doc, source="contract.yaml")


def test_over_delivery_is_reported_never_clamped() -> None:
    jobs = monitor().measure("TEST-JOBS")
    # Committed for Y1+Y2: 600,000; delivered 450,000 + 300,000 = 750,000 (125%).
    assert jobs["committed_reported"] == 600_000 and jobs["delivered"] == 750_000
    assert jobs["percent_delivered"] == pytest.approx(125.0)
    assert jobs["over_delivery"] == 150_000 and jobs["shortfall"] == 0 and jobs["difference"] == 150_000
    assert jobs["by_period"][0]["delivered"] == 450_000  # the period itself is not capped at 300,000
    assert jobs["committed_total"] == 900_000 and jobs["percent_of_total_commitment"] == pytest.approx(750 / 9)


def test_missing_period_is_missing_not_zero() -> None:
    result = monitor()
    hours = result.measure("TEST-HOURS")
    assert hours["missing_periods"] == ["Y2"]
    y2 = hours["by_period"][1]
    assert y2["status"] == "missing" and y2["delivered"] is None and y2["delivered_quantity"] is None
    # Only Y1 is compared: 1,600 delivered of 2,000 committed (80%), shortfall 400.
    assert hours["committed_reported"] == pytest.approx(2000) and hours["delivered"] == 1600
    assert hours["percent_delivered"] == pytest.approx(80.0) and hours["shortfall"] == pytest.approx(400)
    assert hours["committed_due"] == pytest.approx(4000)  # what was due, reported beside it
    assert [p["status"] for p in result.periods] == ["reported", "partial", "future"]
    assert result.periods[1]["missing_measures"] == ["TEST-HOURS"]
    assert "MISSING" in result.to_text() and "TEST-HOURS (Y2)" in result.to_text()
    assert result.summary()["missing"] == {"TEST-HOURS": ["Y2"]}


def test_run_rate_forecast_and_totals() -> None:
    result = monitor()
    # Jobs: 750,000 over 2 reported years = 375,000 a year; + 1 remaining year = 1,125,000.
    assert result.measure("TEST-JOBS")["forecast"] == pytest.approx(1_125_000)
    # Hours: 1,600 in 1 reported year (Y2 missing); + 2 years at that rate = 4,800.
    assert result.measure("TEST-HOURS")["forecast"] == pytest.approx(4_800)
    totals = result.totals
    assert totals["delivered"] == 751_600 and totals["committed_reported"] == pytest.approx(602_000)
    assert totals["forecast"] == pytest.approx(1_129_800) and not result.finished
    themes = {t["theme"]: t for t in result.themes}
    assert themes["jobs"]["delivered"] == 750_000 and themes["community"]["delivered"] == 1600


def test_quarterly_periods() -> None:
    result = monitor(contract={"value": 500_000, "years": 1, "price_year": 2024},
                     commitments=[{"measure": "TEST-JOBS", "quantity": 4}, {"measure": "TEST-HOURS", "quantity": 400}],
                     period_length="quarter", periods=["Q1", "Q2", "Q3", "Q4"], as_of="Q2",
                     deliveries=[{"measure": "TEST-JOBS", "period": "Q1", "quantity": "6 FTE"},
                                 {"measure": "TEST-HOURS", "period": "Q1", "quantity": "150 hour"}])
    jobs, hours = result.measure("TEST-JOBS"), result.measure("TEST-HOURS")
    # 6 FTE held for a quarter = 1.5 FTE-years = 45,000 against 4 x 30,000 / 4 = 30,000.
    assert jobs["delivered"] == pytest.approx(45_000) and jobs["delivered_quantity"] == pytest.approx(1.5)
    assert jobs["committed_reported"] == pytest.approx(30_000) and jobs["percent_delivered"] == pytest.approx(150)
    # Hours are an amount: 150 h x 20 = 3,000 against 100 h a quarter (2,000).
    assert hours["delivered"] == 3000 and hours["committed_reported"] == pytest.approx(2000)
    assert result.periods[1]["status"] == "missing" and jobs["missing_periods"] == ["Q2"]


def test_monitoring_from_the_tender_file() -> None:
    result = evaluate(EXAMPLES / "monitoring-highways.yaml")
    assert result.supplier == "Alpha Ltd" and result.as_of == "2027/28"
    assert result.measure("OPEN-COMMUNITY-VOLUNTEERING")["missing_periods"] == ["2027/28"]
    spend = result.measure("OPEN-GROWTH-LOCAL-SPEND")
    assert spend["basis"] == "quantity" and spend["delivered"] == 0 and spend["delivered_quantity"] == 175_000
    assert any(d.get("kind") == "tender" for d in result.provenance.datasets)


def test_unknown_supplier_in_tender(tmp_path) -> None:
    doc = yaml.safe_load((EXAMPLES / "monitoring-highways.yaml").read_text())
    doc["supplier"] = "Alpa Ltd"
    with raises_exactly(UnknownNameError) as info:
        FRAMEWORK.evaluate(doc, source=str(EXAMPLES / "m.yaml"))
    assert info.value.field == "supplier" and info.value.suggestions[0] == "Alpha Ltd"


@pytest.mark.parametrize(("changes", "field", "text", "error"), [
    ({"deliveries": [{"measure": "TEST-JOBS", "period": "Y4", "quantity": 1}]}, "deliveries[0].period",
     "unknown period", UnknownNameError),
    ({"deliveries": [{"measure": "TEST-JOBS", "period": "Y3", "quantity": 1}]}, "deliveries[0].period",
     "after as_of", ValidationError),
    ({"deliveries": [{"measure": "TEST-JOBS", "period": "Y1", "quantity": -1}]}, "deliveries[0].quantity",
     "negative", ValidationError),
    ({"deliveries": [{"measure": "TEST-JOBS", "period": "Y1", "quantity": "5 hour"}]}, "deliveries[0].quantity",
     "counted in 'FTE'", UnitMismatchError),
    ({"deliveries": [{"measure": "TEST-JOB", "period": "Y1", "quantity": 1}]}, "deliveries[0].measure",
     "did you mean 'TEST-JOBS'", UnknownNameError),
    ({"periods": ["Y1", "Y2"]}, "periods", "do not cover", ValidationError),
    ({"period_length": "week"}, "period_length", "unknown period length", UnknownNameError),
    ({"tender": "t.yaml"}, "contract", "comes from the tender", ValidationError),
])
def test_bad_monitoring_documents(changes, field, text, error) -> None:
    with raises_exactly(error) as info:
        monitor(**changes)
    assert (info.value.source, info.value.field) == ("contract.yaml", field)
    assert text in str(info.value)


def test_export_targets_is_a_loadable_draft_catalogue(tmp_path) -> None:
    result = monitor(as_of="Y3", deliveries=[*BASE["deliveries"],
                                             {"measure": "TEST-HOURS", "period": "Y2", "quantity": 100},
                                             {"measure": "TEST-JOBS", "period": "Y3", "quantity": 11},
                                             {"measure": "TEST-HOURS", "period": "Y3", "quantity": 120}])
    assert result.finished
    data = export_targets(result)
    targets = {t["measure"]: t for t in data["targets"]}
    # Jobs: (15 + 10 + 11) FTE-years over 3 years = 12 FTE a year, for 3 years; hours: 300 in all.
    assert targets["TEST-JOBS"] == {"measure": "TEST-JOBS", "quantity": "12 FTE", "years": 3}
    assert targets["TEST-HOURS"] == {"measure": "TEST-HOURS", "quantity": "300 hour"}
    path = tmp_path / "targets.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    cat = load_catalogue(path)
    assert cat.codes == ["TEST-JOBS", "TEST-HOURS"] and cat["TEST-JOBS"].proxy.value == 30000
    assert len(cat.targets) == 2


def test_monitoring_reports_render() -> None:
    result = monitor(supplier="<script>alert(1)</script>")
    html = result.to_html()
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "| TEST-HOURS |" in result.to_markdown()
    assert result.to_dict()["measures"][1]["missing_periods"] == ["Y2"]
    with raises_exactly(ValidationError):
        monitor(commitments=[{"measure": "TEST-JOBS", "quantity": 1, "years": 4}])
