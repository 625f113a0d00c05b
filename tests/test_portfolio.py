"""Portfolios: roll-ups equal the documents' own figures, whatever order they are listed in."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from socialvalue.errors import SocialValueError, ValidationError
from socialvalue.frameworks import evaluate, get_framework

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
PORTFOLIO = EXAMPLES / "portfolio.yaml"
DOCS = ["monitoring-highways.yaml", "action-plans/tyne-civils-2025.yaml", "action-plans/tyne-civils-2026.yaml",
        "employment-programme.yaml", "community-centre.yaml", "lm3-council-catering.yaml"]


def _run(documents: list[str], price_year: int = 2024) -> Any:
    doc = {"kind": "portfolio", "name": "p", "price_year": price_year, "documents": documents}
    return get_framework("portfolio").evaluate(doc, options={"base_dir": str(EXAMPLES)})


def test_rollup_equals_each_documents_own_result() -> None:
    result = evaluate(str(PORTFOLIO))
    monitoring = evaluate(str(EXAMPLES / "monitoring-highways.yaml")).to_dict()
    assert monitoring["contract"]["price_year"] == result.price_year == 2024
    themes = [t for t in monitoring["themes"] if t["monetised"]]
    assert themes, "the monitoring example has monetised themes"
    assert result.committed == math.fsum(t["committed_reported"] for t in themes)
    assert result.delivered == math.fsum(t["delivered"] for t in themes)
    assert math.isclose(result.delivered, monitoring["totals"]["delivered"], rel_tol=1e-12)
    maps = {e["name"]: e for e in result.evaluations}
    own = evaluate(str(EXAMPLES / "community-centre.yaml"))
    assert maps[own.imap.name]["present_value"] == own.present_value
    assert len(result.documents) == 8 and len(result.plans) == 2


def test_money_is_rebased_to_the_portfolios_year() -> None:
    from socialvalue.prices import gdp_deflator

    at_2024, at_2020 = _run(DOCS), _run(DOCS, 2020)
    factor = gdp_deflator().factor(2024, 2020)
    assert at_2024.by_contract and math.isclose(at_2020.delivered, at_2024.delivered * factor, rel_tol=1e-12)


@settings(max_examples=15, deadline=None)
@given(st.permutations(DOCS))
def test_order_of_documents_changes_no_bit(order: list[str]) -> None:
    a, b = _run(DOCS).to_dict(), _run(list(order)).to_dict()
    a.pop("provenance"), b.pop("provenance")
    assert a == b


@pytest.mark.parametrize(("documents", "error", "field"), [
    (["../README.md"], SocialValueError, "documents[0]"),
    (["../*.md"], ValidationError, "documents[0]"),
    (["nothing-*.yaml"], ValidationError, "documents[0]"),
    (["community-centre.yaml", "community-centre.yaml"], ValidationError, "documents[1]"),
    (["portfolio.yaml"], ValidationError, "documents"),
])
def test_bad_manifests_are_refused(documents: list[str], error: type, field: str) -> None:
    with pytest.raises(error) as info:
        _run(documents)
    assert info.value.field == field


def test_example_is_valid_yaml_listing_real_files() -> None:
    doc = yaml.safe_load(PORTFOLIO.read_text())
    assert doc["documents"], "the example lists documents"
    for ref in doc["documents"]:
        assert list(EXAMPLES.glob(ref)), ref


def test_learning_flags_under_delivery_with_the_contracts_behind_it(tmp_path: Path) -> None:
    import shutil

    shutil.copy(EXAMPLES / "tender-highways.yaml", tmp_path)
    shutil.copy(EXAMPLES / "monitoring-highways.yaml", tmp_path / "alpha.yaml")
    beta = {"kind": "monitoring", "name": "Highways - Beta", "tender": "tender-highways.yaml",
            "supplier": "Beta Construction", "periods": ["2026/27", "2027/28", "2028/29"], "period_length": "year",
            "as_of": "2026/27", "deliveries": [{"measure": "OPEN-JOBS-LOCAL", "period": "2026/27", "quantity": "5 FTE"}]}
    (tmp_path / "beta.yaml").write_text(yaml.safe_dump(beta))
    doc = {"kind": "portfolio", "name": "p", "price_year": 2024, "documents": ["alpha.yaml", "beta.yaml"]}
    result = get_framework("portfolio").evaluate(doc, options={"base_dir": str(tmp_path)})
    returns = [evaluate(str(tmp_path / f)).to_dict() for f in ("alpha.yaml", "beta.yaml")]
    jobs = next(m for m in result.measures if m["measure"] == "OPEN-JOBS-LOCAL")
    own = [next(m for m in d["measures"] if m["measure"] == "OPEN-JOBS-LOCAL") for d in returns]
    assert jobs["contracts"] == 2
    assert jobs["delivered_quantity"] == math.fsum(m["delivered_quantity"] for m in own)
    assert jobs["committed_quantity"] == math.fsum(m["committed_quantity_reported"] for m in own)
    per_year = sorted(m["delivered_quantity"] / m["reported_years"] for m in own)
    assert jobs["delivered_per_contract_year"] == (per_year[0] + per_year[1]) / 2  # the median of two
    rates = {r.key: r.rate for r in result.by_supplier}
    assert {s.key for s in result.over_promising} == {k for k, rate in rates.items() if rate is not None and rate < 0.9}
    target = next(t for t in result.draft_targets if t["measure"] == "OPEN-JOBS-LOCAL")
    assert target["quantity"] == jobs["delivered_per_contract_year"] and "2 contract(s)" in target["note"]


def test_the_annual_statement_names_its_sources() -> None:
    result = evaluate(str(EXAMPLES / "council-portfolio" / "portfolio.yaml"))
    assert result.statement and result.statement["period"] == "2026/27"
    ids = {s["id"] for s in result.sources}
    assert {"uk-open", "open-toms-style"} <= ids
    html = result.render("html")
    assert "Social value statement 2026/27" in html and "Where the values come from" in html
    assert html.count("<svg") >= 3  # committed vs delivered by theme, supplier and contract
    data = result.to_dict()
    assert data["statement"]["period"] == "2026/27" and data["sources"]
    assert len(result.to_frame("delivery")) == len(result.by_theme) + len(result.by_supplier) + len(result.by_contract)
