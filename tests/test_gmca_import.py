"""The GMCA Unit Cost Database import (tools/import_gmca.py) and the dataset it ships.

Tests that read the workbook look for it in $SOCIALVALUE_GMCA_WORKBOOK, then
``<repo>/../shared/reference/data/``, then ``/work/shared/reference/data/``, and skip
(naming those places) when none exists. The others only need the shipped YAML.
"""

from __future__ import annotations

import copy
import importlib.util
import os
import random
import re
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from socialvalue.proxies import parse_dataset

ROOT = Path(__file__).resolve().parents[1]
DATASET = ROOT / "src" / "socialvalue" / "proxies" / "data" / "gmca-ucd.yaml"
SCRIPT = ROOT / "tools" / "import_gmca.py"
WORKBOOK = "gmca-unit-cost-database-v1.4.xlsx"
SHEETS = ("Crime", "Education & Skills", "Employment & Economy", "Fire", "Health", "Housing", "Social Services")
COMPONENT_COLUMNS = (("fiscal", 8, 9), ("economic", 11, 12), ("social", 14, 15))  # value, financial year
LOCATOR = re.compile(r"sheet (?P<sheet>.+), code (?P<code>\S+), row (?P<row>\d+)")
BENEFITS = re.compile(r"job ?seekers?'?s? allowance|employment and support allowance|income support|incapacity "
                      r"benefit|personal independence payment|disability living allowance|attendance allowance|"
                      r"carer'?s allowance|housing benefit", re.IGNORECASE)


def _places() -> list[Path]:
    env = os.environ.get("SOCIALVALUE_GMCA_WORKBOOK")
    return [*([Path(env)] if env else []), ROOT.parent / "shared" / "reference" / "data" / WORKBOOK,
            Path("/work/shared/reference/data") / WORKBOOK]


@pytest.fixture(scope="module")
def workbook_path() -> Path:
    for place in _places():
        if place.is_file():
            return place
    pytest.skip(f"GMCA workbook not found: set SOCIALVALUE_GMCA_WORKBOOK, or put {WORKBOOK} in "
                f"<repo>/../shared/reference/data/ or /work/shared/reference/data/ (looked at {_places()})")


@pytest.fixture(scope="module")
def workbook(workbook_path: Path) -> Any:
    import openpyxl  # installed in CI (the xlsx extra); a plain import so a missing one fails loudly

    return openpyxl.load_workbook(workbook_path, data_only=True)


@pytest.fixture(scope="module")
def shipped() -> dict[str, Any]:
    return yaml.safe_load(DATASET.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def by_code(shipped: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out = {}
    for rec in shipped["proxies"]:
        codes = [t.split(":", 1)[1] for t in rec["tags"] if t.startswith("gmca-code:")]
        assert len(codes) == 1, rec["id"]
        out[codes[0]] = rec
    assert out, "the shipped dataset has no records"
    return out


def _fy_year(text: str) -> int:
    m = re.fullmatch(r"(\d{4})/(\d{2})", text)
    assert m and (int(m[1]) + 1) % 100 == int(m[2]), text
    return int(m[1])  # the calendar year in which the financial year starts


def test_import_reproduces_the_shipped_dataset_byte_for_byte(workbook_path: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    spec = importlib.util.spec_from_file_location("import_gmca", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    out = tmp_path / "gmca-ucd.yaml"
    assert module.main([str(workbook_path), "-o", str(out)]) == 0
    new, old = out.read_text(encoding="utf-8").splitlines(), DATASET.read_text(encoding="utf-8").splitlines()
    first = next((i for i, (a, b) in enumerate(zip(new, old, strict=False)) if a != b), min(len(new), len(old)))
    assert out.read_bytes() == DATASET.read_bytes(), (
        f"re-run differs from {DATASET.name} at line {first + 1}: "
        f"{new[first] if first < len(new) else '<end>'!r} vs {old[first] if first < len(old) else '<end>'!r}; "
        "re-run tools/import_gmca.py and commit its output")


def test_twenty_sampled_records_match_the_workbook_cells(shipped: dict[str, Any], workbook: Any) -> None:
    pools: dict[str, list[dict[str, Any]]] = {}
    for rec in shipped["proxies"]:
        m = LOCATOR.fullmatch(rec["source"]["locator"])
        assert m, rec["id"]
        pools.setdefault(m["sheet"], []).append(rec)
    assert set(pools) == set(SHEETS)
    rng = random.Random(20150301)
    for sheet in SHEETS:
        rng.shuffle(pools[sheet])
    sample: list[dict[str, Any]] = []
    while len(sample) < 20:  # round robin over the sheets, so every sheet is sampled
        for sheet in SHEETS:
            if pools[sheet] and len(sample) < 20:
                sample.append(pools[sheet].pop())
    assert len(sample) == 20
    assert {LOCATOR.fullmatch(r["source"]["locator"])["sheet"] for r in sample} == set(SHEETS)
    for rec in sample:
        m = LOCATOR.fullmatch(rec["source"]["locator"])
        ws, row = workbook[m["sheet"]], int(m["row"])
        assert str(ws.cell(row, 3).value).strip() == m["code"], rec["id"]
        expected = {}
        for name, vcol, ycol in COMPONENT_COLUMNS:
            value, year = ws.cell(row, vcol).value, ws.cell(row, ycol).value
            if value is not None:
                expected[name] = {"value": value, "price_year": _fy_year(str(year).strip())}
                assert str(year).strip() in rec["notes"], rec["id"]  # the raw financial year is kept
        assert expected, rec["id"]
        assert rec["components"] == expected, rec["id"]
        first = next(expected[k] for k in ("fiscal", "economic", "social") if k in expected)
        assert (rec["value"], rec["price_year"]) == (first["value"], first["price_year"]), rec["id"]


README_EXAMPLES = {  # code: {component: (value, price year)}, as printed in the reference README
    "CR2.0": ("GBP/incident", {"fiscal": (2470, 2008), "economic": (1473, 2008), "social": (6795, 2008)}),
    "E&E1.0": ("GBP/person/year", {"fiscal": (9800, 2012), "economic": (14044, 2012)}),
    "HO6.0": ("GBP/year", {"fiscal": (7900, 2010)}),
}


def test_readme_examples_are_in_the_dataset(by_code: dict[str, dict[str, Any]]) -> None:
    assert README_EXAMPLES
    for code, (unit, parts) in README_EXAMPLES.items():
        rec = by_code[code]
        assert rec["components"] == {k: {"value": v, "price_year": y} for k, (v, y) in parts.items()}, code
        assert (rec["value"], rec["price_year"], rec["unit"]) == (*parts["fiscal"], unit), code
        year = parts["fiscal"][1]
        assert f"GMCA price base {year}/{(year + 1) % 100:02d}" in rec["notes"], code
    assert by_code["CR2.0"]["confidence"] == "P" and "gmca-rag:amber" in by_code["CR2.0"]["tags"]


def test_no_benefit_rate_transfer_or_historic_row_is_shipped(by_code: dict[str, dict[str, Any]],
                                                            workbook: Any) -> None:
    historic, rates, transfers = set(), set(), set()
    for sheet in SHEETS:
        ws = workbook[sheet]
        for row in range(3, ws.max_row + 1):
            code = str(ws.cell(row, 3).value or "").strip()
            detail = " ".join(str(ws.cell(row, 4).value or "").split())
            unit = " ".join(str(ws.cell(row, 5).value or "").split()).lower()
            if re.search(r"\bhistoric\b|\bobsolete\b", detail, re.IGNORECASE):
                historic.add(code)
            elif unit == "per week" and BENEFITS.search(detail):
                rates.add(code)
            elif re.search(r"benefits? payments|welfare payments|fiscal cost to (DWP|HMRC)", detail, re.IGNORECASE):
                transfers.add(code)
    # GMCA v1.4 has these; finding them shows the scan works before trusting its empty intersection
    assert {"E&E2.7", "E&E4.0", "E&E7.0", "E&E7.5"} <= historic
    assert {"E&E1.1", "E&E2.4", "E&E3.8", "E&E5.0", "E&E6.4", "E&E8.0", "E&E9.0", "HO7.0", "HO7.7"} <= rates
    assert {"E&E1.0.1", "E&E2.0.1", "E&E3.0.1", "E&E10.0.1", "E&E10.0.2", "E&E10.4"} <= transfers
    assert sorted((historic | rates | transfers) & set(by_code)) == []
    for code in ("E&E1.0", "E&E10.0", "E&S5.0"):  # kept: only part of the row is a transfer, and it says so
        assert "gmca-transfer-in-fiscal" in by_code[code]["tags"] and "public value" in by_code[code]["notes"]


def test_records_are_well_formed_and_ordered(shipped: dict[str, Any], by_code: dict[str, dict[str, Any]]) -> None:
    head = shipped["dataset"]
    assert head["id"] == "gmca-ucd" and head["version"] == "1.4.0" and head["licence"] == "CC-BY-4.0"
    assert "GMCA Research (New Economy), Unit Cost Database v1.4, CC BY 4.0" in head["description"]
    assert "unchanged" in head["description"] and "not re-indexed" in head["description"]
    assert "2010/11 -> 2010" in head["price_year_note"]
    records = shipped["proxies"]
    assert len({r["id"] for r in records}) == len(records) == len(by_code)
    keys = []
    for rec in records:
        code = rec["tags"][0].split(":", 1)[1]
        assert rec["id"] == "gmca-" + code.lower().replace("&", "").replace(".", "-")
        assert rec["licence"] == "CC-BY-4.0" and rec["confidence"] in {"C", "P", "U"}
        assert set(rec["components"]) <= {"fiscal", "economic", "social"} and rec["components"], rec["id"]
        assert all(set(part) == {"value", "price_year"} for part in rec["components"].values()), rec["id"]
        assert set(rec["source"]) <= {"publisher", "title", "year", "url", "locator", "via", "based_on"}, rec["id"]
        m = LOCATOR.fullmatch(rec["source"]["locator"])
        keys.append((SHEETS.index(m["sheet"]), tuple(int(n) for n in re.findall(r"\d+", code))))
    assert keys == sorted(keys), "records are in sheet order, then code order"


def test_shipped_dataset_validates_with_its_components(shipped: dict[str, Any]) -> None:
    dataset = parse_dataset(copy.deepcopy(shipped), source=str(DATASET))
    assert len(dataset) == len(shipped["proxies"]) > 0
    assert {p.licence for p in dataset} == {"CC-BY-4.0"}
    assert set(dataset.themes) == {"crime", "skills", "employment", "fire", "health", "housing", "social-care"}
    for proxy, rec in zip(dataset, shipped["proxies"], strict=True):  # components and citations kept as written
        assert {k: (c.value, c.price_year) for k, c in proxy.components.items()} == \
            {k: (c["value"], c["price_year"]) for k, c in rec["components"].items()}
        assert proxy.source.based_on == rec["source"].get("based_on")
