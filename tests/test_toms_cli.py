"""`socialvalue score` and `socialvalue monitor` as a user meets them; bids from YAML, CSV and
Excel give identical results; HTML escapes user text; the JSON schemas match the parsers."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from socialvalue.cli import main
from socialvalue.documents import read_document
from socialvalue.errors import UnitMismatchError, UnknownNameError, ValidationError
from socialvalue.frameworks.toms import FRAMEWORK
from socialvalue.schemas import schema as shipped_schema
from tests.checks import assert_schema_invalid, assert_schema_valid, raises_exactly

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
TENDER = EXAMPLES / "tender-highways.yaml"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def examples(tmp_path) -> Path:
    for name in ("tender-highways.yaml", "tender-highways-bids.csv", "tender-highways-bids.xlsx",
                 "monitoring-highways.yaml"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    return tmp_path


def with_bids_file(folder: Path, name: str) -> Path:
    doc = yaml.safe_load((folder / "tender-highways.yaml").read_text())
    del doc["bids"]
    doc["bids_file"] = name
    path = folder / f"tender-from-{Path(name).suffix[1:]}.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    return path


def test_score_json_contract(capsys) -> None:
    code, out, err = run(capsys, "score", TENDER, "--format", "json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["framework"] == "toms" and len(data["bids"]) == 3
    for bid in data["bids"]:
        assert {"supplier", "social_value", "sv_percent", "quantitative_score", "qualitative_score", "score", "rank",
                "by_measure", "by_theme", "social_value_offered", "social_value_adjusted"} <= set(bid)
        assert all({"measure", "value_offered", "value_adjusted", "quantity"} <= set(m) for m in bid["by_measure"])
    assert [b["rank"] for b in data["bids"]] == [1, 2, 3]
    prov = data["provenance"]
    assert prov["input_sha256"].startswith("sha256:") and prov["price_year"] == 2024
    assert {d["id"] for d in prov["datasets"] if "id" in d} >= {"open-toms-style", "uk-open"}


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_score_other_formats_and_output_file(capsys, tmp_path, fmt) -> None:
    out_file = tmp_path / f"scores.{fmt}"
    code, out, err = run(capsys, "score", TENDER, "--format", fmt, "-o", out_file)
    assert code == 0 and out == "" and "wrote" in err
    text = out_file.read_text()
    assert "Alpha Ltd" in text and "Gamma Services" in text
    if fmt == "html":
        assert text.startswith("<!DOCTYPE html>")


def test_html_escapes_user_text(examples) -> None:
    doc = read_document(examples / "tender-highways.yaml")
    doc["name"] = "<b>Roads</b>"
    doc["bids"][0]["supplier"] = "<script>alert('x')</script> Ltd"
    doc["bids"][0]["note"] = "<img src=x onerror=alert(1)>"
    result = FRAMEWORK.evaluate(doc, source=str(examples / "tender-highways.yaml"))
    html = result.to_html()
    assert "<script>" not in html and "<b>Roads" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Ltd" in html
    assert "&lt;script&gt;" in result._repr_html_()


def test_bids_from_yaml_csv_and_xlsx_are_identical(examples) -> None:
    expected = FRAMEWORK.evaluate(read_document(examples / "tender-highways.yaml"),
                                  source=str(examples / "tender-highways.yaml")).to_dict()
    from_csv = FRAMEWORK.evaluate(read_document(p := with_bids_file(examples, "tender-highways-bids.csv")),
                                  source=str(p)).to_dict()
    assert from_csv["bids"] == expected["bids"]
    assert any(d.get("kind") == "bids file" for d in from_csv["provenance"]["datasets"])
    pytest.importorskip("openpyxl")
    from_xlsx = FRAMEWORK.evaluate(read_document(p := with_bids_file(examples, "tender-highways-bids.xlsx")),
                                   source=str(p)).to_dict()
    assert from_xlsx["bids"] == expected["bids"]


def test_xlsx_written_from_the_csv_reads_the_same(examples) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    import csv

    book = openpyxl.Workbook()
    sheet = book.active
    with (examples / "tender-highways-bids.csv").open(newline="") as handle:
        for row in csv.reader(handle):
            sheet.append([cell or None for cell in row])  # every cell as text, as some exports do
    book.save(examples / "text-cells.xlsx")
    a = FRAMEWORK.evaluate(read_document(p := with_bids_file(examples, "text-cells.xlsx")), source=str(p))
    b = FRAMEWORK.evaluate(read_document(TENDER), source=str(TENDER))
    assert a.to_dict()["bids"] == b.to_dict()["bids"]


def test_bids_file_errors_name_the_row(examples) -> None:
    csv_path = examples / "tender-highways-bids.csv"
    text = csv_path.read_text()
    csv_path.write_text(text.replace("Alpha Ltd,,OPEN-COMMUNITY-VOLUNTEERING,300,hour", "Alpha Ltd,,OPEN-JOBS-LOCAL,300,hour"))
    tender = with_bids_file(examples, "tender-highways-bids.csv")
    with raises_exactly(UnitMismatchError) as info:
        FRAMEWORK.evaluate(read_document(tender), source=str(tender))
    assert info.value.source == str(csv_path) and info.value.field == "rows[4].quantity"
    csv_path.write_text(text.replace("supplier,qualitative,measure,quantity", "supplier,qualitative,measure,quantty"))
    with raises_exactly(UnknownNameError) as info:
        FRAMEWORK.evaluate(read_document(tender), source=str(tender))
    assert info.value.field == "rows[1].quantty" and "quantity" in info.value.suggestions
    csv_path.write_text(text.replace("Alpha Ltd,,OPEN-SKILLS-APPRENTICE", "Alpha Ltd,65,OPEN-SKILLS-APPRENTICE"))
    with raises_exactly(ValidationError) as info:
        FRAMEWORK.evaluate(read_document(tender), source=str(tender))
    assert info.value.field == "rows[3].qualitative" and "differs" in str(info.value)


def test_input_errors_exit_2_with_file_and_field(capsys, examples) -> None:
    path = examples / "tender-highways.yaml"
    path.write_text(path.read_text().replace("quantity: \"300 hour\"", "quantity: \"-300 hour\""))
    code, out, err = run(capsys, "score", path)
    assert code == 2 and out == ""
    assert err.startswith("error: ") and str(path) in err and "bids[0].commitments[2].quantity" in err
    assert "Traceback" not in err
    code, _, err = run(capsys, "score", examples / "monitoring-highways.yaml")
    assert code == 2 and "socialvalue monitor" in err
    code, _, err = run(capsys, "monitor", TENDER)
    assert code == 2 and "socialvalue score" in err


def test_monitor_cli_and_target_export(capsys, examples) -> None:
    code, out, _ = run(capsys, "monitor", examples / "monitoring-highways.yaml")
    assert code == 0 and "MISSING" in out and "OPEN-COMMUNITY-VOLUNTEERING" in out
    targets = examples / "targets.yaml"
    code, out, err = run(capsys, "monitor", examples / "monitoring-highways.yaml", "--format", "json",
                         "--export-targets", targets)
    assert code == 0 and json.loads(out)["kind"] == "monitoring" and f"wrote {targets}" in err
    text = targets.read_text()
    assert text.startswith("# Draft measure catalogue") and "licence" in text
    from socialvalue.frameworks.toms.measures import load_catalogue

    assert "OPEN-JOBS-LOCAL" in load_catalogue(targets).codes


def test_measures_listing(capsys) -> None:
    code, out, _ = run(capsys, "score", "--measures", "open-toms-style")
    assert code == 0 and "OPEN-JOBS-LOCAL" in out and "not monetised" in out
    code, out, _ = run(capsys, "score", "--measures", "open-toms-style", "--format", "json")
    assert code == 0 and len(json.loads(out)["measures"]) >= 7


@pytest.mark.parametrize(("schema", "keys"), [("tender", "TENDER_KEYS"), ("monitoring", "MONITORING_KEYS")])
def test_schemas_match_the_parsers(schema, keys) -> None:
    from socialvalue.frameworks.toms import document as toms_tender
    from socialvalue.frameworks.toms import monitoring as toms_monitoring

    data = shipped_schema(schema)
    module = toms_tender if schema == "tender" else toms_monitoring
    assert set(data["properties"]) == set(getattr(module, keys))
    assert data["properties"]["kind"]["const"] == schema


@pytest.mark.parametrize(("name", "schema"), [("tender-highways.yaml", "tender"),
                                              ("monitoring-highways.yaml", "monitoring")])
def test_examples_are_valid_under_their_schemas(name, schema) -> None:
    doc = read_document(EXAMPLES / name)
    assert_schema_valid(doc, schema)
    # what the parser refuses at the top level, the schema refuses too
    assert any("colour" in e for e in assert_schema_invalid({**doc, "colour": "red"}, schema))
    assert_schema_invalid({**doc, "kind": "lm3"}, schema)
    required = shipped_schema(schema)["required"]
    for key in required:
        assert_schema_invalid({k: val for k, val in doc.items() if k != key}, schema)


def test_tender_schema_checks_inside_the_document() -> None:
    doc = read_document(TENDER)
    assert_schema_valid(doc, "tender")
    bad_share = yaml.safe_load(yaml.safe_dump(doc))
    bad_share["scoring"]["quantitative_share"] = 1.0000000000000002
    assert_schema_invalid(bad_share, "tender")
    bad_key = yaml.safe_load(yaml.safe_dump(doc))
    bad_key["bids"][0]["suplier"] = bad_key["bids"][0].pop("supplier")
    assert_schema_invalid(bad_key, "tender")


def test_xlsx_without_openpyxl_says_how_to_install_it(examples, monkeypatch) -> None:
    import sys

    from socialvalue.errors import DocumentError

    monkeypatch.setitem(sys.modules, "openpyxl", None)
    tender = with_bids_file(examples, "tender-highways-bids.xlsx")
    with raises_exactly(DocumentError) as info:
        FRAMEWORK.evaluate(read_document(tender), source=str(tender))
    assert "socialvalue[xlsx]" in str(info.value) and info.value.source.endswith(".xlsx")
