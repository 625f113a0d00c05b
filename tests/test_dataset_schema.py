"""Dataset hygiene: the JSON Schema of proxy dataset files (shipped in the package) and the licence
allow-list, on both bundled datasets, on every installed dataset and on bad files."""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from socialvalue.errors import ValidationError
from socialvalue.proxies import installed_datasets, loads_dataset
from socialvalue.proxies.licences import ALLOWED_LICENCES, LICENCE_ALIASES, check_licence, licence_problems
from socialvalue.proxies.schema import dataset_schema, schema_problems
from tests.checks import raises_exactly

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "socialvalue" / "proxies" / "data"
BUNDLED = ("uk-open.yaml", "gmca-ucd.yaml")

jsonschema = pytest.importorskip("jsonschema")  # the test extra


@cache
def _bundled(name: str) -> dict[str, Any]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # safe_load, in C when available
    data: dict[str, Any] = yaml.load((DATA / name).read_text(encoding="utf-8"), Loader=loader)
    return data


def bundled(name: str) -> dict[str, Any]:
    return copy.deepcopy(_bundled(name))


def errors(data: Any) -> list[str]:
    """Reasons ``data`` breaks the schema, validated here with jsonschema directly (not through the package)."""
    schema = json.loads((ROOT / "src" / "socialvalue" / "schemas" / "proxy-dataset.schema.json")
                        .read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(json.loads(json.dumps(data, default=str)))]


def test_the_schema_is_draft_2020_12_and_shipped_in_the_package() -> None:
    schema = dataset_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    proxy = schema["$defs"]["proxy"]
    assert set(proxy["required"]) == {"id", "name", "value", "unit", "price_year", "source", "licence"}
    assert set(proxy["properties"]["components"]["properties"]) == {"fiscal", "economic", "social"}
    assert set(proxy["properties"]["regions"]["properties"]) == {f"TL{c}" for c in "CDEFGHIJKLMN"}
    assert "based_on" in schema["$defs"]["source"]["oneOf"][1]["properties"]
    from importlib import resources

    assert resources.files("socialvalue.schemas").joinpath("proxy-dataset.schema.json").is_file()


@pytest.mark.parametrize("name", BUNDLED)
def test_the_bundled_datasets_are_valid(name: str) -> None:
    data = bundled(name)
    assert errors(data) == []
    assert schema_problems(data) == []


def test_the_bundled_datasets_use_the_new_fields() -> None:
    """gmca-ucd carries components and source.based_on; the schema must have been tested on them."""
    gmca = _bundled("gmca-ucd.yaml")["proxies"]
    assert all("components" in p and "based_on" in p["source"] for p in gmca)
    assert any(len(p["components"]) == 3 for p in gmca)


def _set(data: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    target: Any = data
    keys = path.split(".")
    for key in keys[:-1]:
        target = target[int(key)] if key.isdigit() else target[key]
    last = keys[-1]
    if value is _DROP:
        del target[last]
    else:
        target[int(last) if last.isdigit() else last] = value
    return data


_DROP = object()
BAD = [
    ("proxies.0.value", -5, "proxies/0/value"),
    ("proxies.0.value", "1,250", "proxies/0/value"),
    ("proxies.0.price_year", 1700, "proxies/0/price_year"),
    ("proxies.0.confidence", "X", "proxies/0/confidence"),
    ("proxies.0.theme", "enviroment", "proxies/0/theme"),
    ("proxies.0.currency", "EUR", "proxies/0/currency"),
    ("proxies.0.unit", "person/year", "proxies/0/unit"),
    ("proxies.0.licnce", "OGL-UK-3.0", "proxies/0"),
    ("proxies.0.licence", _DROP, "proxies/0"),
    ("proxies.0.source.url", "ftp://example.org", "proxies/0/source"),
    ("proxies.0.components", {"fiscal": {"value": 1}}, "proxies/0/components/fiscal"),
    ("proxies.0.components", {"fiscal": {"value": 1, "price_year": 2010}, "public": {"value": 2,
                                                                             "price_year": 2010}},
     "proxies/0/components"),
    ("proxies.0.components", {}, "proxies/0/components"),
    ("proxies.0.regions", {"TLZ": 3}, "proxies/0/regions"),
    ("proxies.0.regions", {"TLC": "much"}, "proxies/0/regions/TLC"),
    ("dataset.licence", _DROP, "dataset"),
    ("dataset.publisher", "me", "dataset"),
]


@pytest.mark.parametrize(("path", "value", "where"), BAD, ids=[f"{p}={v!r}"[:40] for p, v, _ in BAD])
def test_the_schema_refuses_a_bad_dataset(path: str, value: Any, where: str) -> None:
    small = _bundled("gmca-ucd.yaml")
    data = _set(copy.deepcopy({"dataset": small["dataset"], "proxies": small["proxies"][:3]}), path, value)
    assert errors(copy.deepcopy({"dataset": small["dataset"], "proxies": small["proxies"][:3]})) == []
    found = errors(data)
    assert found and any(e.startswith(where) for e in found), found
    assert schema_problems(data), "the package's own check must refuse it too"


def test_schema_problems_name_the_field_the_way_errors_do() -> None:
    data = _set(bundled("uk-open.yaml"), "proxies.3.value", -1)
    carbon = next(i for i, p in enumerate(data["proxies"]) if isinstance(p["value"], dict))
    first_year = next(iter(data["proxies"][carbon]["value"]))
    data["proxies"][carbon]["value"][first_year] = -2
    problems = dict(schema_problems(data) or [])
    assert problems["proxies[3].value"] == "-1 is less than the minimum of 0"
    assert f"proxies[{carbon}].value[{first_year}]" in problems


def test_a_file_of_proxies_alone_is_a_valid_part_of_a_folder_dataset() -> None:
    data = bundled("uk-open.yaml")
    assert errors({"proxies": data["proxies"][:3]}) == []
    assert errors({"dataset": data["dataset"]}) == []
    assert errors({}) and errors({"kind": "impact-map"})


# --------------------------------------------------------------------------- licences


def test_the_allow_list() -> None:
    assert set(ALLOWED_LICENCES) == {"OGL-UK-3.0", "OPL-3.0", "CC-BY-4.0", "CC0-1.0"}
    for licence in ALLOWED_LICENCES:
        assert check_licence(licence, "licence") == licence
    assert check_licence("Open-Parliament-Licence-3.0", "licence") == "OPL-3.0"
    assert set(LICENCE_ALIASES.values()) <= set(ALLOWED_LICENCES)


@pytest.mark.parametrize(("licence", "says"), [
    ("CC-BY-NC-ND-4.0", "non-commercial (NC) and a no-derivatives (ND)"),
    ("CC BY-NC 4.0", "non-commercial (NC)"),
    ("CC-BY-ND-4.0", "no-derivatives (ND)"),
    ("CC-BY-NC-SA-4.0", "non-commercial (NC)"),
    ("OGL-UK-2.0", "not on the allow-list"),
    ("Proprietary", "not on the allow-list"),
    ("", "must be an id"),
    (3, "must be an id"),
])
def test_a_licence_that_cannot_be_shipped_is_refused_by_name(licence: Any, says: str) -> None:
    with raises_exactly(ValidationError) as info:
        check_licence(licence, "dataset.licence", source="mine.yaml")
    assert says in info.value.message and info.value.field == "dataset.licence" and info.value.source == "mine.yaml"


def test_a_near_miss_gets_a_suggestion() -> None:
    with raises_exactly(ValidationError) as info:
        check_licence("cc-by-4.0", "licence")
    assert "CC-BY-4.0" in (info.value.hint or "")


@pytest.mark.parametrize("name", BUNDLED)
def test_every_bundled_record_has_an_allowed_licence(name: str) -> None:
    data = _bundled(name)  # read as shipped, not through the loader
    assert licence_problems(data["dataset"]["licence"], {p["id"]: p["licence"] for p in data["proxies"]}) == []


def test_every_installed_dataset_and_every_proxy_in_it_has_an_allowed_licence() -> None:
    datasets = installed_datasets()
    assert {"uk-open", "gmca-ucd"} <= {ds.id for ds in datasets}
    for ds in datasets:
        check_licence(ds.licence, f"{ds.id}: dataset.licence")
        for proxy in ds:
            check_licence(proxy.licence, f"{ds.id}: {proxy.id}.licence")


def test_licence_problems_lists_each_bad_record() -> None:
    found = licence_problems("CC-BY-NC-ND-4.0", {"a": "OGL-UK-3.0", "b": "MIT", "c": "CC0-1.0"})
    assert [e.field for e in found] == ["dataset.licence", "proxies[b].licence"]


def test_the_loader_itself_does_not_police_licences() -> None:
    """A user may load licensed values (National TOMs, HACT) for their own use: only shipping is refused."""
    ds = loads_dataset("dataset: {id: mine, name: Mine, version: '1', licence: CC-BY-NC-ND-4.0}\n"
                       "proxies:\n  - {id: a, name: A, value: 5, unit: GBP/person/year, price_year: 2024,\n"
                       "     source: {publisher: P, title: T}, licence: CC-BY-NC-ND-4.0}\n")
    assert ds.licence == "CC-BY-NC-ND-4.0" and len(ds) == 1
