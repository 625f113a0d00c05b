"""The JSON Schemas shipped in the package (socialvalue/schemas/): one per document kind and per result.

Every example document, and every example's JSON result, is valid under its schema, checked by a
plain jsonschema validator (draft 2020-12) with a registry of the shipped files and no network:
the registry's ``retrieve`` hook fails the test and ``urllib`` is blocked. Bad documents and
results are refused. docs/schemas/ is an exact copy of the package's folder (tools/sync_schemas.py).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

import socialvalue
from socialvalue import schemas
from socialvalue.cli import main
from socialvalue.errors import MissingDependencyError, UnknownNameError, ValidationError
from socialvalue.frameworks import evaluate, get_framework
from tests.checks import assert_schema_invalid, assert_schema_valid, raises_exactly, schema_errors

jsonschema = pytest.importorskip("jsonschema")  # the test extra
referencing = pytest.importorskip("referencing")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(p for p in (ROOT / "examples").rglob("*.yaml")
                  if not p.relative_to(ROOT / "examples").parts[0].startswith("socialvalue-"))  # plugins: below
PLUGIN_EXAMPLES = sorted((ROOT / "examples" / "socialvalue-local-model" / "examples").glob("*.yaml"))
ALL_KINDS = [*schemas.DOCUMENT_KINDS, *schemas.RESULT_KINDS]


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Validation must never fetch a schema: any URL opened here fails the test."""
    import urllib.request

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"a schema was fetched over the network: {args[:1]}")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)


def kind_of(path: Path) -> str:
    """The schema of an example file: its ``kind``; a proxy dataset (``dataset:`` and ``proxies:``) has none."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    if "kind" not in doc and "dataset" in doc and "proxies" in doc:
        return "proxy-dataset"
    return str(doc.get("kind", "impact-map"))


# ------------------------------------------------------------------------------- the files


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_every_schema_is_draft_2020_12_shipped_and_named_by_its_id(kind: str) -> None:
    found = socialvalue.schema(kind)
    assert found["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(found)
    assert found["$id"].endswith(f"/{kind}.schema.json")
    assert found["title"] and found.get("type") == "object"
    assert resources.files("socialvalue.schemas").joinpath(f"{kind}.schema.json").is_file()


def test_ids_are_unique_and_the_kinds_are_the_files() -> None:
    ids = [socialvalue.schema(k)["$id"] for k in ALL_KINDS]
    assert len(set(ids)) == len(ids)
    files = {p.name for p in resources.files("socialvalue.schemas").iterdir() if p.name.endswith(".schema.json")}
    assert files == {f"{k}.schema.json" for k in ALL_KINDS}
    assert set(schemas.RESULT_OF.values()) == set(schemas.RESULT_KINDS)
    assert set(schemas.RESULT_OF) <= set(schemas.DOCUMENT_KINDS)


def test_the_wheel_ships_the_schema_folder() -> None:
    """hatch puts every file under src/socialvalue in the wheel (checked by building one:
    pip wheel --no-deps . lists socialvalue/schemas/*.schema.json); keep it that way."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"] == ["src/socialvalue"]
    assert "exclude" not in project["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert (ROOT / "src" / "socialvalue" / "schemas" / "tender.schema.json").is_file()


def test_the_docs_copies_are_the_package_files() -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import sync_schemas
    finally:
        sys.path.remove(str(ROOT / "tools"))
    assert sync_schemas.differences() == [], "run: python tools/sync_schemas.py"
    for kind in ALL_KINDS:  # and byte for byte, as a reader of either would see them
        shipped = resources.files("socialvalue.schemas").joinpath(f"{kind}.schema.json").read_bytes()
        assert (ROOT / "docs" / "schemas" / f"{kind}.schema.json").read_bytes() == shipped


def test_sync_tool_writes_copies_and_removes_stale_ones(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import sync_schemas
    finally:
        sys.path.remove(str(ROOT / "tools"))
    target = tmp_path / "schemas"
    target.mkdir()
    (target / "old.schema.json").write_text("{}")
    (target / "tender.schema.json").write_text("{}")
    changed = sync_schemas.sync(target=target)
    assert any("old.schema.json" in c for c in changed) and any("tender" in c for c in changed)
    assert sync_schemas.differences(target=target) == []
    assert not (target / "old.schema.json").exists()


def test_schema_returns_a_fresh_copy() -> None:
    first = socialvalue.schema("tender")
    first["title"] = "changed"
    assert socialvalue.schema("tender")["title"] != "changed"


def test_an_unknown_kind_is_refused_with_a_suggestion() -> None:
    with raises_exactly(UnknownNameError) as info:
        socialvalue.schema("tendr")
    assert "tender" in info.value.suggestions
    with raises_exactly(UnknownNameError):
        schemas.validator("no-such-kind")


def test_aliases_name_the_same_schema() -> None:
    assert socialvalue.schema("impact-map-result") == socialvalue.schema("sroi-result")
    assert socialvalue.schema("dataset") == socialvalue.schema("proxy-dataset")


# ------------------------------------------------------------------------------- offline


def test_a_plain_validator_with_the_registry_never_fetches() -> None:
    """monitoring refers to tender.schema.json#/$defs/... ; with the registry that resolves from the
    shipped files, and a reference to anything else is refused (Unresolvable), not downloaded."""
    doc = yaml.safe_load((ROOT / "examples" / "monitoring-highways.yaml").read_text(encoding="utf-8"))
    check = schemas.validator("monitoring")
    assert isinstance(check, jsonschema.Draft202012Validator)
    assert not list(check.iter_errors(schemas.json_ready(doc)))
    bad = dict(doc, contract={"value": "lots"})
    assert list(check.iter_errors(schemas.json_ready(bad)))
    elsewhere = {"$schema": "https://json-schema.org/draft/2020-12/schema",
                 "$ref": "https://example.org/not-shipped.schema.json"}
    with pytest.raises(referencing.exceptions.Unresolvable):
        schemas.validator(elsewhere).validate({})


def test_every_shipped_reference_resolves() -> None:
    """Walk every $ref of every schema and look it up in the registry."""
    registry = schemas.registry()
    for kind in ALL_KINDS:
        found = socialvalue.schema(kind)
        resolver = registry.resolver(base_uri=found["$id"])
        stack: list[Any] = [found]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                if isinstance(node.get("$ref"), str):
                    assert resolver.lookup(node["$ref"]).contents is not None, (kind, node["$ref"])
                stack.extend(node.values())
            elif isinstance(node, list):
                stack.extend(node)


def test_validating_needs_jsonschema_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "jsonschema", None)  # import jsonschema now raises ImportError
    assert socialvalue.schema("lm3")["properties"]["kind"]["const"] == "lm3"  # reading needs nothing
    with raises_exactly(MissingDependencyError) as info:
        schemas.validator("lm3")
    assert "socialvalue[test]" in str(info.value)


# ------------------------------------------------------------------------------- documents


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_document_is_valid(path: Path) -> None:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    kind = kind_of(path)
    assert_schema_valid(doc, kind)
    assert schemas.problems(doc, kind) == []
    schemas.validate(doc, kind)
    if kind in schemas.RESULT_OF:  # a document a framework reads: the framework ships the same schema
        from socialvalue.frameworks import kinds

        assert kinds()[kind].document_schema(kind) == socialvalue.schema(kind)


def test_every_built_in_document_kind_has_a_document_and_a_result_schema() -> None:
    """A new framework in this package ships its schemas too (and returns them from document_schema)."""
    from socialvalue.frameworks import kinds

    built_in = {kind: fw for kind, fw in kinds().items() if type(fw).__module__.startswith("socialvalue.")}
    missing = set(built_in) - set(schemas.RESULT_OF)
    assert not missing, (f"no schema for {sorted(missing)}: add src/socialvalue/schemas/<kind>.schema.json and "
                         "<kind>-result.schema.json, list them in socialvalue/schemas/__init__.py (DOCUMENT_KINDS, "
                         "RESULT_KINDS, RESULT_OF), override document_schema, run python tools/sync_schemas.py")
    assert set(built_in) == set(schemas.RESULT_OF)
    for kind, framework in built_in.items():
        assert framework.document_schema(kind) == socialvalue.schema(kind), framework.id


@pytest.mark.parametrize("path", PLUGIN_EXAMPLES, ids=lambda p: p.name)
def test_plugin_examples_are_valid_under_their_framework_schemas(path: Path) -> None:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    kind = kind_of(path)
    found = socialvalue.schema(kind)  # shipped, or the plugin's document_schema
    from socialvalue.frameworks import kinds

    assert kinds()[kind].document_schema(kind) == found  # local-model ships local-commitment's
    assert schemas.problems(doc, kind) == []
    assert schemas.problems(doc, found) == []
    assert schemas.problems(dict(doc, colour="red"), kind)


def test_built_in_frameworks_return_their_shipped_schemas_only_for_their_kinds() -> None:
    for framework_id, kinds in [("sroi", ["impact-map"]), ("toms", ["tender", "monitoring"]),
                                ("flexible-framework", ["assessment"]), ("lm3", ["lm3"]),
                                ("compare", ["comparison"]), ("action-plan", ["action-plan"]),
                                ("portfolio", ["portfolio"])]:
        framework = get_framework(framework_id)
        assert list(framework.document_kinds) == kinds
        for kind in kinds:
            assert framework.document_schema(kind) == socialvalue.schema(kind)
        assert framework.document_schema("tender-result") is None
        assert framework.document_schema("no-such-kind") is None


def test_the_bundled_toms_catalogue_is_valid() -> None:
    path = ROOT / "src" / "socialvalue" / "frameworks" / "toms" / "data" / "open-toms-style.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert_schema_valid(doc, "catalogue")
    no_licence = dict(doc, catalogue={k: v for k, v in doc["catalogue"].items() if k != "licence"})
    assert any("licence" in e for e in assert_schema_invalid(no_licence, "catalogue"))
    no_theme = dict(doc, measures=[{k: v for k, v in doc["measures"][0].items() if k != "theme"}])
    assert any("theme" in e for e in assert_schema_invalid(no_theme, "catalogue"))
    assert_schema_invalid(dict(doc, measures=[dict(doc["measures"][0], colour="red")]), "catalogue")
    assert_schema_invalid(dict(doc, extra=1), "catalogue")
    targets = [{"measure": doc["measures"][0]["code"], "quantity": "5 FTE", "years": 2}]
    assert_schema_valid(dict(doc, targets=targets), "catalogue")
    assert_schema_invalid(dict(doc, targets=[{"measure": "X"}]), "catalogue")  # no quantity


def test_the_catalogue_parser_accepts_what_the_schema_describes() -> None:
    from socialvalue.frameworks.toms.catalogue import parse_catalogue

    doc = {"catalogue": {"id": "mine", "name": "Mine", "version": 2024.1, "licence": "internal"},
           "measures": [{"code": "M1", "description": "Local jobs", "theme": "jobs", "unit": "FTE",
                         "proxy": {"value": 1000, "unit": "GBP/FTE/year", "price_year": 2024,
                                   "source": "Handbook, p. 50"}}]}
    assert_schema_valid(doc, "catalogue")
    assert len(parse_catalogue(doc)) == 1


@pytest.mark.parametrize("kind", [k for k in schemas.DOCUMENT_KINDS if k not in ("proxy-dataset", "catalogue")])
def test_documents_with_an_unknown_top_level_key_are_refused(kind: str) -> None:
    path = next(p for p in EXAMPLES if kind_of(p) == kind)
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert any("colour" in e for e in assert_schema_invalid(dict(doc, colour="red"), kind))
    assert schemas.problems(dict(doc, colour="red"), kind)
    with raises_exactly(ValidationError) as info:
        schemas.validate(dict(doc, colour="red"), kind, source="x.yaml")
    assert "colour" in str(info.value) and info.value.source == "x.yaml"


# ------------------------------------------------------------------------------- YAML dates


def test_yaml_dates_are_accepted_as_the_iso_text_a_json_file_would_hold() -> None:
    """PyYAML reads ``date: 2026-03-31`` as a datetime.date; the schemas describe JSON, so the
    helpers turn dates into ISO text first (``json_ready``). A plain validator given the raw
    YAML data refuses the date object: that is why the helpers convert."""
    path = ROOT / "examples" / "assessment-example-council.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(doc["date"], dt.date)
    assert schemas.json_ready(doc)["date"] == doc["date"].isoformat()
    assert schemas.problems(doc, "assessment") == []
    raw = list(schemas.validator("assessment").iter_errors(doc))
    assert raw and raw[0].path[0] == "date"
    assert schemas.problems(dict(doc, date="31/03/2026"), "assessment")  # the format is checked
    assert schemas.json_ready({2024: dt.datetime(2026, 3, 31, 12, 0), "t": (1, 2)}) == \
        {"2024": "2026-03-31T12:00:00", "t": [1, 2]}


# ------------------------------------------------------------------------------- results


def result_of(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(evaluate(path).to_json())
    return data


@pytest.mark.parametrize("path", [p for p in [*EXAMPLES, *PLUGIN_EXAMPLES] if kind_of(p) in schemas.RESULT_OF],
                         ids=lambda p: p.name)
def test_every_example_result_is_valid_under_its_result_schema(path: Path) -> None:
    kind = schemas.RESULT_OF[kind_of(path)]
    result = result_of(path)
    assert_schema_valid(result, kind)
    assert result["framework"] == socialvalue.schema(kind)["properties"]["framework"]["const"]


def test_results_of_other_options_are_valid_too() -> None:
    tender = yaml.safe_load((ROOT / "examples" / "tender-highways.yaml").read_text(encoding="utf-8"))
    tender["discounting"] = {"schedule": "constant", "rate": 0.035}
    discounted = json.loads(evaluate(tender, options={"base_dir": str(ROOT / "examples")}).to_json())
    assert discounted["bids"][0]["present_value_offered"] > 0
    assert_schema_valid(discounted, "tender-result")
    district = ROOT / "examples" / "assessment-example-district.yaml"
    assert_schema_valid(result_of(district), "assessment-result")


@pytest.mark.parametrize(("name", "kind"), [("tender-highways.yaml", "tender-result"),
                                            ("monitoring-highways.yaml", "monitoring-result"),
                                            ("assessment-example-council.yaml", "assessment-result"),
                                            ("lm3-council-catering.yaml", "lm3-result"),
                                            ("compare-construction.yaml", "comparison-result"),
                                            ("action-plans/tyne-civils-2026.yaml", "action-plan-result"),
                                            ("portfolio.yaml", "portfolio-result"),
                                            ("community-centre.yaml", "sroi-result")])
def test_bad_results_are_refused(name: str, kind: str) -> None:
    result = result_of(ROOT / "examples" / name)
    for key in socialvalue.schema(kind)["required"]:
        assert_schema_invalid({k: v for k, v in result.items() if k != key}, kind)
    assert_schema_invalid(dict(result, framework="something-else"), kind)
    assert_schema_invalid(dict(result, provenance=dict(result["provenance"], input_sha256="md5:1")), kind)
    # results may grow: an extra key is not an error
    assert schema_errors(dict(result, new_figure=1.0), kind) == []


def test_a_result_schema_is_not_a_document_schema() -> None:
    result = result_of(ROOT / "examples" / "lm3-council-catering.yaml")
    assert_schema_invalid(result, "lm3")
    doc = yaml.safe_load((ROOT / "examples" / "lm3-council-catering.yaml").read_text(encoding="utf-8"))
    assert_schema_invalid(doc, "lm3-result")


# ------------------------------------------------------------------------------- command line


def test_cli_prints_a_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "tender"]) == 0
    assert json.loads(capsys.readouterr().out) == socialvalue.schema("tender")
    assert main(["schema", "local-commitment"]) == 0  # a plugin's document kind
    assert json.loads(capsys.readouterr().out)["$id"].endswith("local-commitment.schema.json")


def test_cli_lists_the_kinds(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--list"]) == 0
    listed = [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    assert listed[:len(ALL_KINDS)] == ALL_KINDS
    assert "local-commitment" in listed


def test_cli_writes_a_schema_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "t.schema.json"
    assert main(["schema", "tender-result", "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8")) == socialvalue.schema("tender-result")
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize(("argv", "expected"), [(["schema", "tendr"], "did you mean 'tender'"),
                                                (["schema"], "name a kind"),
                                                (["schema", "tender", "--list"], "not both")])
def test_cli_refuses_with_exit_2(argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and expected in err
