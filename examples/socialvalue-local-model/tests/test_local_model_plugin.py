"""The example local-model plugin gets everything a built-in framework gets, through entry points only.

Expected figures are computed here from the data files as published (the uk-open YAML and the
HM Treasury deflator CSV read with PyYAML and csv), never through socialvalue's own readers.
"""

from __future__ import annotations

import ast
import csv
import json
import math
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

import socialvalue
from socialvalue.errors import (
    DuplicateEntryError,
    NumberTextError,
    SocialValueError,
    UnknownNameError,
    ValidationError,
)
from socialvalue.frameworks import evaluate, get_framework

HERE = Path(__file__).resolve().parent
PACKAGE = HERE.parent / "src" / "socialvalue_local_model"
OFFERS = HERE.parent / "examples" / "highways-offers.yaml"
COMPARISON = HERE.parent / "examples" / "compare-local.yaml"


def _uk_open(proxy_id: str) -> dict[str, Any]:
    text = resources.files("socialvalue.proxies").joinpath("data", "uk-open.yaml").read_text(encoding="utf-8")
    hits = [p for p in yaml.safe_load(text)["proxies"] if p["id"] == proxy_id]
    assert len(hits) == 1, proxy_id
    return hits[0]


def _deflator(year: int) -> float:
    text = resources.files("socialvalue").joinpath("data", "uk_appraisal", "gdp_deflator.csv").read_text()
    return {int(r["year"]): float(r["value"]) for r in csv.DictReader(text.splitlines())}[year]


def _cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "socialvalue", *args], capture_output=True, text=True,
                          cwd=cwd, check=False, timeout=120)


def _doc(offers: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"kind": "local-commitment", "name": "t", "model": "newcastle-pillars-example", "price_year": 2024,
            "offers": offers, **extra}


# --------------------------------------------------------------------------- registration


def test_found_through_entry_points_like_a_builtin() -> None:
    from socialvalue.compare.adapters import crosswalk_ids, view_frameworks

    framework = get_framework("local-model")
    assert framework.document_kinds == ("local-commitment",)
    assert "local-model" in socialvalue.frameworks.available()
    assert "local-model" in view_frameworks()
    assert "local-model" in crosswalk_ids()
    result = evaluate(yaml.safe_load(OFFERS.read_text()))  # dispatched by kind, no framework named
    assert type(result).__name__ == "LocalModelResult"


def test_package_imports_no_private_socialvalue_name() -> None:
    checked = 0
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("socialvalue."):
                checked += 1
                parts = node.module.split(".")
                assert not any(p.startswith("_") for p in parts), f"{path.name}: {node.module}"
                assert not any(a.name.startswith("_") for a in node.names), f"{path.name}: {node.module}"
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    assert not any(p.startswith("_") for p in alias.name.split(".")), f"{path.name}: {alias.name}"
    assert checked >= 10  # the scan looked at the package's socialvalue imports


# --------------------------------------------------------------------------- the figures


def test_values_are_amount_times_published_proxy() -> None:
    jobs, volunteering = _uk_open("ashe-median-annual-pay-ft-2024"), _uk_open(
        "volunteering-replacement-value-per-hour-2012")
    assert jobs["price_year"] == 2024
    doc = _doc([{"supplier": "A", "commitments": [{"measure": "LM-LOCAL-JOBS", "quantity": 4, "years": 3},
                                                  {"measure": "LM-VOLUNTEERING", "quantity": "400 hour"}]}])
    offer = get_framework("local-model").evaluate(doc).offer("A")
    want_jobs = 4 * 3 * jobs["value"]
    want_vol = 400 * volunteering["value"] * _deflator(2024) / _deflator(volunteering["price_year"])
    assert math.isclose(offer.commitments[0].value, want_jobs, rel_tol=1e-12)
    assert math.isclose(offer.commitments[1].value, want_vol, rel_tol=1e-12)
    assert math.isclose(offer.value, want_jobs + want_vol, rel_tol=1e-12)


def test_points_follow_the_declared_weights() -> None:
    # A commits the most local jobs (score 1 on that measure); B the only carbon saving and volunteering.
    doc = _doc([{"supplier": "A", "commitments": [{"measure": "LM-LOCAL-JOBS", "quantity": 4, "years": 1}]},
                {"supplier": "B", "commitments": [{"measure": "LM-LOCAL-JOBS", "quantity": 1, "years": 1},
                                                  {"measure": "LM-CARBON", "quantity": 10},
                                                  {"measure": "LM-VOLUNTEERING", "quantity": 50}]}])
    result = get_framework("local-model").evaluate(doc, options={"points": 20})
    # pillar scores are means over each pillar's measures (3 local measures, 2 community, 1 green)
    a, b = result.offer("A"), result.offer("B")
    assert math.isclose(a.points, 20 * 0.4 * (1 / 3), rel_tol=1e-12)
    assert math.isclose(b.points, 20 * (0.4 * (0.25 / 3) + 0.3 * (1 / 2) + 0.2 * 1), rel_tol=1e-12)
    assert (b.rank, a.rank) == (1, 2)
    assert result.points_available == 20


def test_offer_order_does_not_change_results() -> None:
    doc = yaml.safe_load(OFFERS.read_text())
    forward = get_framework("local-model").evaluate(doc)
    doc["offers"].reverse()
    backward = get_framework("local-model").evaluate(doc)
    assert forward.offers, "the example has offers"
    for offer in forward.offers:
        other = backward.offer(offer.supplier)
        assert (offer.value, offer.points, offer.rank) == (other.value, other.points, other.rank)


@pytest.mark.parametrize(("change", "error", "field"), [
    (lambda d: d["model"]["pillars"][0].update(weight=0.5), ValidationError, "model.pillars"),
    (lambda d: d["offers"][0]["commitments"].append(dict(d["offers"][0]["commitments"][0])), DuplicateEntryError,
     "offers[0].commitments[1].measure"),
    (lambda d: d["offers"][0]["commitments"][0].update(quantity="12,5"), NumberTextError,
     "offers[0].commitments[0].quantity"),
    (lambda d: d["offers"][0]["commitments"][0].update(measure="LM-LOCAL-JOB"), UnknownNameError,
     "offers[0].commitments[0].measure"),
    (lambda d: d["offers"][0]["commitments"][0].pop("years"), ValidationError, "offers[0].commitments[0].years"),
    (lambda d: d["offers"][0]["commitments"][0].update(quantity=-1), ValidationError,
     "offers[0].commitments[0].quantity"),
])
def test_bad_input_is_refused_with_its_field(change: Any, error: type, field: str) -> None:
    text = resources.files("socialvalue_local_model").joinpath("models", "newcastle-pillars-example.yaml")
    doc = _doc([{"supplier": "A", "commitments": [{"measure": "LM-LOCAL-JOBS", "quantity": 2, "years": 2}]}],
               model=yaml.safe_load(text.read_text()))
    change(doc)
    with pytest.raises(error) as info:
        get_framework("local-model").evaluate(doc, source="offers.yaml")
    assert type(info.value) is error
    assert info.value.field == field
    assert info.value.source == "offers.yaml"


def test_misspelt_option_refused_like_every_framework() -> None:
    with pytest.raises(UnknownNameError, match="did you mean 'points'"):
        get_framework("local-model").evaluate(yaml.safe_load(OFFERS.read_text()), options={"pionts": 20})


# --------------------------------------------------------------------------- what users see


def test_cli_run_with_its_own_option_and_verify(tmp_path: Path) -> None:
    out = tmp_path / "offers.json"
    run = _cli("run", str(OFFERS), "--points", "20", "--format", "json", "-o", str(out))
    assert run.returncode == 0, run.stderr
    recorded = json.loads(out.read_text())
    assert recorded["points_available"] == 20
    assert recorded["provenance"]["options"] == {"points": 20.0}
    ok = _cli("verify", str(out), str(OFFERS))
    assert ok.returncode == 0 and "MATCH" in ok.stdout, ok.stdout + ok.stderr
    recorded["offers"][0]["points"] += 1
    out.write_text(json.dumps(recorded))
    bad = _cli("verify", str(out), str(OFFERS))
    assert bad.returncode != 0 and "offers[0].points" in bad.stdout


def test_cli_refuses_bad_document_without_traceback(tmp_path: Path) -> None:
    doc = yaml.safe_load(OFFERS.read_text())
    doc["offers"][1]["supplier"] = doc["offers"][0]["supplier"]
    path = tmp_path / "dup.yaml"
    path.write_text(yaml.safe_dump(doc))
    run = _cli("run", str(path))
    assert run.returncode != 0
    assert "Traceback" not in run.stderr and "offers[1].supplier" in run.stderr


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_reports_in_every_format(fmt: str) -> None:
    doc = yaml.safe_load(OFFERS.read_text())
    doc["offers"][0]["supplier"] = "<script>alert(1)</script> Ltd"
    result = get_framework("local-model").evaluate(doc)
    text = result.render(fmt)
    assert "Northern Roads plc" in text and "Ranking" in text
    assert f"{result.offer('Quayside Surfacing').value:,.0f}" in text
    if fmt == "html":
        assert "<script>alert" not in text and "&lt;script&gt;" in text


def test_dataframes_and_plot() -> None:
    pytest.importorskip("pandas")
    pytest.importorskip("matplotlib")
    from socialvalue.frames import frame_kinds
    from socialvalue.results.plotting import plot, plot_kinds

    result = get_framework("local-model").evaluate(yaml.safe_load(OFFERS.read_text()))
    assert frame_kinds(result) == ("offers", "pillars", "commitments")
    pillars = result.to_frame("pillars")
    assert len(pillars) == 3 * 4
    assert math.isclose(pillars.groupby("supplier")["points"].sum()["Tyne Civils Ltd"],
                        result.offer("Tyne Civils Ltd").points, rel_tol=1e-12)
    assert plot_kinds(result) == ("local_points",)
    fig = plot(result)
    assert "points by pillar" in fig.axes[0].get_title(loc="left")
    bars = [p for p in fig.axes[0].patches]
    assert len(bars) == 3 * 4  # one bar segment per offer and pillar


def test_json_schema_accepts_the_example_and_refuses_a_bad_document() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = get_framework("local-model").document_schema("local-commitment")
    assert schema is not None
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    doc = yaml.safe_load(OFFERS.read_text())
    assert not list(validator.iter_errors(doc))
    doc["offers"][0]["commitments"][0]["quantitty"] = 3
    assert list(validator.iter_errors(doc))


# --------------------------------------------------------------------------- compare


def test_compare_sets_the_local_model_beside_toms_and_sroi() -> None:
    from socialvalue.compare import evaluate_comparison

    result = evaluate_comparison(yaml.safe_load(COMPARISON.read_text()), base_dir=COMPARISON.parent)
    assert [r.view.label for r in result.runs] == ["toms", "sroi", "local-model"]
    subject = result.subjects[0]
    rows = {row.fact.fact: row for row in subject.rows}
    jobs = _uk_open("ashe-median-annual-pay-ft-2024")["value"]
    assert math.isclose(rows["local-jobs"].values[2], 4 * 2 * jobs, rel_tol=1e-12)
    assert rows["sport"].cells[2].status == "no counterpart"
    assert rows["carbon-saved"].cells[2].status == "not monetised"
    d = result.decomposition("local-model")
    assert d.rows, "the decomposition has rows"
    assert math.fsum(d.total.parts.values()) == d.total.difference
    for row in d.rows:
        assert math.fsum(row.parts.values()) == row.difference


def test_compare_view_refuses_discounting() -> None:
    from socialvalue.compare import evaluate_comparison

    doc = yaml.safe_load(COMPARISON.read_text())
    doc["views"][2] = {"framework": "local-model", "discounting": "green-book"}
    with pytest.raises(SocialValueError) as info:
        evaluate_comparison(doc, base_dir=COMPARISON.parent)
    assert info.value.field == "views[2].discounting"
