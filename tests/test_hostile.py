"""Hostile files: each is refused with a clear SocialValueError subtype, in bounded time and memory.

Bounds are generous on purpose (CI machines vary): every refusal must finish within
``SECONDS`` (measured with ``time.perf_counter``) and, where memory is the attack,
allocate less than ``MEGABYTES`` (peak, measured with ``tracemalloc``). The limits
themselves are :class:`socialvalue.config.Limits`; ``docs/reliability.md`` lists them.

Also here: the rule for files a document names (relative, inside the document's own
folder) and the per-document entry limits (outcomes, bids, spend lines, ...).
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml

from socialvalue.config import Limits, current_limits, limits
from socialvalue.documents import document_path, load_data, paths_outside_allowed, read_document
from socialvalue.errors import (
    DocumentError,
    LimitExceededError,
    ParseError,
    SocialValueError,
    UnknownNameError,
    UnknownUnitError,
    UnsafeDocumentError,
    ValidationError,
)
from socialvalue.frameworks import evaluate
from tests.checks import raises_exactly

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SECONDS = 5.0
MEGABYTES = 50


@contextmanager
def bounded(seconds: float = SECONDS, megabytes: float | None = None) -> Iterator[None]:
    """Assert that the block finishes within ``seconds`` and peaks below ``megabytes``."""
    if megabytes is not None:
        tracemalloc.start()
    start = time.perf_counter()
    try:
        yield
    finally:
        elapsed = time.perf_counter() - start
        peak = None
        if megabytes is not None:
            peak = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
        assert elapsed < seconds, f"took {elapsed:.2f} s (bound {seconds} s)"
        if peak is not None:
            assert peak < megabytes, f"peak memory {peak:.1f} MB (bound {megabytes} MB)"


def refused(error: type[SocialValueError], action: Callable[[], Any], *, seconds: float = SECONDS,
            megabytes: float | None = None) -> SocialValueError:
    """Run ``action``; it must raise ``error`` within the bounds. Returns the error."""
    with bounded(seconds, megabytes), raises_exactly(error) as info:
        action()
    assert str(info.value)
    return info.value


def write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- code execution


@pytest.mark.parametrize("tag", [
    "!!python/object/apply:os.system ['touch {marker}']",
    "!!python/object/apply:subprocess.check_output [['touch', '{marker}']]",
    "!!python/object/new:os.system ['touch {marker}']",
    "!!python/name:os.system",
    "!!python/module:os",
    "!<tag:yaml.org,2002:python/object/apply:os.system> ['touch {marker}']",
    "!custom [a, 1]",
])
def test_python_object_tags_are_refused_and_never_run(tmp_path, tag) -> None:
    marker = tmp_path / "pwned"
    payload = tag.replace("{marker}", str(marker))
    path = write(tmp_path / "map.yaml", f"kind: impact-map\nname: {payload}\n")
    error = refused(UnsafeDocumentError, lambda: read_document(path), seconds=1)
    assert error.source == str(path) and "tag" in error.message
    assert not marker.exists()


def test_evaluate_refuses_an_object_tag_before_any_framework_runs(tmp_path) -> None:
    marker = tmp_path / "pwned"
    path = write(tmp_path / "lm3.yaml", f"kind: lm3\nname: !!python/object/apply:os.system ['touch {marker}']\n")
    refused(UnsafeDocumentError, lambda: evaluate(path), seconds=1)
    assert not marker.exists()


# --------------------------------------------------------------------------- expansion and depth


def _laughs(levels: int, width: int) -> str:
    lines = ['lol0: &lol0 "lol"']
    for i in range(1, levels):
        lines.append(f"lol{i}: &lol{i} [" + ", ".join([f"*lol{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_refused_by_the_alias_count(tmp_path) -> None:
    path = write(tmp_path / "laughs.yaml", _laughs(levels=10, width=200))  # 1,800 aliases, 200**9 strings
    error = refused(LimitExceededError, lambda: read_document(path), megabytes=MEGABYTES)
    assert "aliases" in error.message


def test_alias_expansion_under_the_alias_limit_is_refused_by_the_node_count(tmp_path) -> None:
    path = write(tmp_path / "laughs.yaml", _laughs(levels=10, width=10))  # 90 aliases, 10**9 expanded values
    assert _laughs(10, 10).count("*") < current_limits().max_aliases
    error = refused(LimitExceededError, lambda: read_document(path), megabytes=MEGABYTES)
    assert "values" in error.message


def test_merge_key_expansion_is_bounded(tmp_path) -> None:
    lines = ["a0: &a0 {k0: 1, k1: 2, k2: 3, k3: 4}"]
    lines += [f"a{i}: &a{i} {{<<: [*a{i - 1}], x{i}: [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]}}" for i in range(1, 40)]
    path = write(tmp_path / "merge.yaml", "\n".join(lines))
    refused(LimitExceededError, lambda: read_document(path), megabytes=MEGABYTES)


def test_recursive_alias_is_refused(tmp_path) -> None:
    path = write(tmp_path / "loop.yaml", "a: &a [*a, 1]\n")
    refused(LimitExceededError, lambda: read_document(path), seconds=1)


@pytest.mark.parametrize(("name", "text"), [
    ("brackets.yaml", "[" * 10_000 + "]" * 10_000),
    ("brackets.json", "[" * 10_000 + "]" * 10_000),
    ("braces.yaml", "{a: " * 10_000 + "1" + "}" * 10_000),
    ("braces.json", '{"a": ' * 10_000 + "1" + "}" * 10_000),
    ("block.yaml", "".join(" " * i + "- \n" for i in range(0, 2_000, 2)) + " " * 2_000 + "- 1\n"),
    ("unclosed.yaml", "[" * 100_000),
])
def test_deep_nesting_is_refused(tmp_path, name, text) -> None:
    path = write(tmp_path / name, text)
    error = refused(LimitExceededError, lambda: read_document(path), megabytes=MEGABYTES)
    assert "nested" in error.message


def test_nesting_just_inside_the_limit_is_read() -> None:
    depth = current_limits().max_depth - 1
    assert load_data("[" * depth + "]" * depth, source="ok.yaml") is not None


def test_many_values_are_refused_before_they_are_built(tmp_path) -> None:
    path = write(tmp_path / "many.yaml", "- 1\n" * (current_limits().max_nodes * 2))
    error = refused(LimitExceededError, lambda: read_document(path))
    assert f"{current_limits().max_nodes:,}" in error.message


# --------------------------------------------------------------------------- size and file type


def test_a_100_mb_file_is_refused_by_size_before_it_is_read(tmp_path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:  # sparse: no 100 MB written to disk
        handle.truncate(100 * 1024 * 1024)
    error = refused(LimitExceededError, lambda: read_document(path), seconds=1, megabytes=5)
    assert "104,857,600 bytes" in error.message and error.source == str(path)


def test_a_100_mb_bids_file_is_refused_by_size_before_it_is_read(tmp_path) -> None:
    shutil.copy(EXAMPLES / "tender-highways.yaml", tmp_path / "tender.yaml")
    doc = yaml.safe_load((tmp_path / "tender.yaml").read_text(encoding="utf-8"))
    doc.pop("bids")
    doc["bids_file"] = "huge.csv"
    write(tmp_path / "tender.yaml", yaml.safe_dump(doc))
    shutil.copy(EXAMPLES / "tender-highways-bids.csv", tmp_path / "huge.csv")
    assert evaluate(tmp_path / "tender.yaml").to_json()  # warm caches, so only the refusal is measured
    with (tmp_path / "huge.csv").open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)
    refused(LimitExceededError, lambda: evaluate(tmp_path / "tender.yaml"), megabytes=20)


def test_a_100_mb_catalogue_is_refused_by_size_before_it_is_read(tmp_path) -> None:
    from socialvalue.frameworks.toms.measures import load_catalogue

    path = tmp_path / "cat.csv"
    with path.open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)
    refused(LimitExceededError, lambda: load_catalogue(path), seconds=1, megabytes=5)


@pytest.mark.parametrize("junk", [
    bytes(range(256)) * 16,                       # binary with NUL bytes
    bytes(range(128, 256)) * 64,                  # not UTF-8
    b"\x89PNG\r\n\x1a\n" + os.urandom(2048).replace(b"\x00", b"\x01"),
    b"PK\x03\x04" + bytes(1000),                  # a zip (e.g. an .xlsx saved as .yaml)
])
def test_binary_junk_is_refused(tmp_path, junk) -> None:
    path = write(tmp_path / "junk.yaml", junk)
    refused(ParseError, lambda: read_document(path), seconds=1)


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity"])
def test_json_nan_and_infinity_are_refused(tmp_path, value) -> None:
    path = write(tmp_path / "lm3.json",
                 f'{{"kind": "lm3", "name": "x", "boundary": "b", "spend": [{{"amount": {value}}}]}}')
    error = refused(ParseError, lambda: read_document(path), seconds=1)
    assert value.lstrip("-") in error.message


def test_yaml_nan_is_read_but_refused_as_a_value(tmp_path) -> None:
    path = write(tmp_path / "lm3.yaml", "kind: lm3\nname: x\nboundary: b\nspend:\n"
                 "  - {recipient: a, kind: staff, amount: .nan, local: false}\n")
    error = refused(ValidationError, lambda: evaluate(path), seconds=2)
    assert error.field == "spend[0].amount" and error.source == str(path)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32"])
def test_a_utf16_file_is_refused_with_a_hint(tmp_path, encoding) -> None:
    path = write(tmp_path / "lm3.yaml", "kind: lm3\nname: Caf\u00e9\n".encode(encoding))
    error = refused(ParseError, lambda: read_document(path), seconds=1)
    assert "UTF-8" in error.message or "NUL" in error.message


def test_a_directory_is_refused(tmp_path) -> None:
    (tmp_path / "dir.yaml").mkdir()
    error = refused(DocumentError, lambda: read_document(tmp_path / "dir.yaml"), seconds=1)
    assert "directory" in error.message


def test_a_symlink_loop_is_refused(tmp_path) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    try:
        a.symlink_to(b)
        b.symlink_to(a)
    except OSError:  # pragma: no cover - no symlinks on this file system
        pytest.skip("platform: symlinks not supported on this file system")
    refused(DocumentError, lambda: read_document(a), seconds=1)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="platform: no named pipes (os.mkfifo) here")
def test_a_named_pipe_is_refused_without_blocking(tmp_path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    outcome: list[BaseException] = []

    def read() -> None:
        try:
            read_document(fifo)
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion below
            outcome.append(exc)

    worker = threading.Thread(target=read, daemon=True)
    start = time.perf_counter()
    worker.start()
    worker.join(timeout=SECONDS)
    if worker.is_alive():  # unblock the reader before failing
        with open(fifo, "wb"):
            pass
        pytest.fail("reading a named pipe blocked")
    assert time.perf_counter() - start < SECONDS
    assert outcome and type(outcome[0]) is DocumentError and "regular file" in outcome[0].message


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="platform: no /dev/zero here")
def test_a_device_is_refused() -> None:
    refused(DocumentError, lambda: read_document("/dev/zero"), seconds=1, megabytes=5)


def test_a_missing_file_names_itself(tmp_path) -> None:
    error = refused(DocumentError, lambda: read_document(tmp_path / "nowhere.yaml"), seconds=1)
    assert "not found" in error.message and error.hint


# --------------------------------------------------------------------------- hostile values


def test_an_integer_beyond_pythons_digit_limit_is_a_parse_error(tmp_path) -> None:
    for name in ("n.yaml", "n.json"):
        path = write(tmp_path / name, '{"kind": "lm3", "amount": ' + "9" * 5_000 + "}")
        refused(ParseError, lambda path=path: read_document(path), seconds=1)


@pytest.mark.parametrize("text", ["a: !!set {x, y}\n", "a: !!binary aGVsbG8=\n"])
def test_values_that_are_not_plain_data_are_parse_errors(text) -> None:
    refused(ParseError, lambda: load_data(text, source="bad.yaml"), seconds=1)


@pytest.mark.parametrize(("text", "kept"), [("date: 2026-13-45\n", "2026-13-45"), ("a: !!int 1e3\n", "1e3"),
                                            ("a: !!float abc\n", "abc"), ("a: !!timestamp 2026-99-99\n", "2026-99-99"),
                                            ("a: 012\n", "012"), ("a: 1_000\n", "1_000"), ("a: 1:30\n", "1:30"),
                                            ("a: 0x1F\n", "0x1F"), ("a: 0b101\n", "0b101")])
def test_values_yaml_1_1_would_misread_stay_the_text_written(text, kept) -> None:
    """YAML 1.1 reads 012 as 10, 1_000 as 1000, 1:30 as 90; an impossible date fails the whole file.
    They stay text, so a number or date field refuses them with its own path and a fix."""
    data = load_data(text, source="odd.yaml")
    assert list(data.values()) == [kept]


def test_a_lone_surrogate_escape_in_json_is_refused() -> None:
    refused(ParseError, lambda: load_data('{"name": "\\ud800"}', source="s.json"), seconds=1)
    refused(ParseError, lambda: load_data('{"\\udfff": 1}', source="s.json"), seconds=1)


def test_a_huge_integer_in_a_document_is_a_validation_error() -> None:
    from socialvalue.frameworks.lm3 import FRAMEWORK

    doc = {"kind": "lm3", "name": "x", "boundary": "b",
           "spend": [{"recipient": "a", "kind": "staff", "amount": 10**400, "local": False}]}
    error = refused(ValidationError, lambda: FRAMEWORK.evaluate(doc, source="big.yaml"), seconds=1)
    assert error.field == "spend[0].amount" and "too large" in error.message


def test_a_quantity_string_made_to_backtrack_is_read_in_linear_time() -> None:
    from socialvalue.units import parse_quantity

    text = "1 a" + " " * 1_000_000 + "b"
    refused(UnknownUnitError, lambda: parse_quantity(text, field="quantity"), seconds=1)


def test_a_very_long_unit_is_refused_quickly() -> None:
    from socialvalue.units import parse_unit

    error = refused(UnknownUnitError, lambda: parse_unit("x" * 100_000, field="unit"), seconds=1)
    assert "characters long" in error.message


def test_an_overflowing_figure_is_refused_not_reported_as_infinity() -> None:
    from socialvalue.frameworks.toms import FRAMEWORK

    doc = yaml.safe_load((EXAMPLES / "monitoring-highways.yaml").read_text(encoding="utf-8"))
    doc["deliveries"][0]["quantity"] = 1e308
    refused(ValidationError, lambda: FRAMEWORK.evaluate(doc, source=str(EXAMPLES / "monitoring-highways.yaml")))


def test_an_error_never_echoes_a_megabyte_of_input() -> None:
    from socialvalue.frameworks.lm3 import FRAMEWORK

    doc = {"kind": "lm3", "name": "x", "boundary": "b", "spend": [{"recipient": "a", "kind": "x" * 1_000_000}]}
    error = refused(UnknownNameError, lambda: FRAMEWORK.evaluate(doc, source="long.yaml"), seconds=1)
    assert len(str(error)) < 3_000 and "characters omitted" in str(error)


# --------------------------------------------------------------------------- entry limits


@pytest.mark.parametrize(("limit", "field", "build"), [
    ("max_outcomes", "outcomes", lambda n: {
        "kind": "impact-map", "name": "x", "price_year": 2024, "investment": 1,
        "outcomes": [{"id": f"o{i}", "quantity": 1, "proxy": "qaly-green-book"} for i in range(n)]}),
    ("max_bids", "bids", lambda n: {
        "kind": "tender", "name": "x", "catalogue": "open-toms-style",
        "contract": {"value": 1, "years": 1, "price_year": 2024},
        "scoring": {"method": "relative", "weight": 10, "quantitative_share": 1},
        "bids": [{"supplier": f"s{i}"} for i in range(n)]}),
    ("max_commitments", "bids[0].commitments", lambda n: {
        "kind": "tender", "name": "x", "catalogue": "open-toms-style",
        "contract": {"value": 1, "years": 1, "price_year": 2024},
        "scoring": {"method": "relative", "weight": 10, "quantitative_share": 1},
        "bids": [{"supplier": "s", "commitments": [{"measure": "OPEN-HEALTH-SPORT", "quantity": 1}] * n}]}),
    ("max_spend_lines", "spend", lambda n: {
        "kind": "lm3", "name": "x", "boundary": "b",
        "spend": [{"recipient": f"r{i}", "kind": "staff", "amount": 1, "local": False} for i in range(n)]}),
    ("max_criteria", "criteria", lambda n: {
        "kind": "assessment", "organisation": "o", "date": "2026-01-01",
        "criteria": [{"id": "people.1.a", "status": "met"}] * n}),
    ("max_deliveries", "deliveries", lambda n: {
        "kind": "monitoring", "contract": {"value": 1, "years": 1, "price_year": 2024},
        "catalogue": "open-toms-style", "commitments": [], "periods": ["p"],
        "deliveries": [{"measure": "OPEN-HEALTH-SPORT", "period": "p", "quantity": 1}] * n}),
    ("max_periods", "periods", lambda n: {
        "kind": "monitoring", "contract": {"value": 1, "years": 1, "price_year": 2024},
        "catalogue": "open-toms-style", "commitments": [], "periods": [str(i) for i in range(n)]}),
    ("max_measures", "measures", lambda n: {
        "kind": "tender", "name": "x", "contract": {"value": 1, "years": 1, "price_year": 2024},
        "scoring": {"method": "relative", "weight": 10, "quantitative_share": 1}, "bids": [{"supplier": "s"}],
        "measures": [{"code": f"M{i}", "description": "d", "unit": "hour", "monetised": False} for i in range(n)]}),
])
def test_entry_limits_name_the_field(limit, field, build) -> None:
    with limits(**{limit: 20}):
        error = refused(LimitExceededError, lambda: evaluate(build(21)))
    assert error.field == field and limit in error.hint and "21 entries" in error.message


def test_dataset_proxy_limit() -> None:
    from socialvalue.proxies import parse_dataset

    doc = {"dataset": {"id": "d", "name": "d", "version": "1", "licence": "x"}, "proxies": [{}] * 6}
    with limits(max_proxies=5):
        error = refused(LimitExceededError, lambda: parse_dataset(doc, source="d.yaml"))
    assert error.field == "proxies" and error.source == "d.yaml"


def test_bids_file_row_limit(tmp_path) -> None:
    shutil.copy(EXAMPLES / "tender-highways.yaml", tmp_path / "t.yaml")
    doc = yaml.safe_load((tmp_path / "t.yaml").read_text(encoding="utf-8"))
    doc.pop("bids")
    doc["bids_file"] = "bids.csv"
    write(tmp_path / "t.yaml", yaml.safe_dump(doc))
    write(tmp_path / "bids.csv", "supplier,qualitative\n" + "".join(f"s{i},50\n" for i in range(20)))
    with limits(max_rows=10):
        refused(LimitExceededError, lambda: evaluate(tmp_path / "t.yaml"))


def test_the_limits_are_documented() -> None:
    text = (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")
    defaults = Limits().as_dict()
    assert defaults
    for name, value in defaults.items():
        assert f"`{name}`" in text, f"docs/reliability.md does not list the limit {name!r}"
        assert f"{value:,}" in text or str(value) in text, f"docs/reliability.md does not give {name} = {value}"


# --------------------------------------------------------------------------- files a document names


@pytest.fixture()
def project(tmp_path) -> Path:
    """A document folder with the examples, beside a file outside it."""
    folder = tmp_path / "project"
    folder.mkdir()
    for path in EXAMPLES.glob("*"):
        if path.is_file():
            shutil.copy(path, folder / path.name)
    write(tmp_path / "outside.yaml", "dataset: {id: evil, name: e, version: '1', licence: x}\nproxies: []\n")
    return folder


def _docs(folder: Path) -> dict[str, dict[str, Any]]:
    def load(name: str) -> dict[str, Any]:
        return yaml.safe_load((folder / name).read_text(encoding="utf-8"))

    tender = load("tender-highways.yaml")
    bids_file = {**tender, "bids_file": "tender-highways-bids.csv"}
    bids_file.pop("bids")
    return {
        "datasets": {**load("community-centre.yaml"), "datasets": ["{ref}"]},
        "presets": {**load("community-centre.yaml"), "presets": ["{ref}"]},
        "forecast": {**load("employment-programme-evaluation.yaml"), "forecast": "{ref}"},
        "catalogue": {**tender, "catalogue": "{ref}"},
        "tender datasets": {**tender, "datasets": ["{ref}"]},
        "bids_file": {**bids_file, "bids_file": "{ref}"},
        "tender": {**load("monitoring-highways.yaml"), "tender": "{ref}"},
        "previous": {**load("assessment-example-council.yaml"), "previous": "{ref}"},
    }


def _with_ref(doc: dict[str, Any], ref: str) -> dict[str, Any]:
    return json.loads(json.dumps(doc, default=str).replace('"{ref}"', json.dumps(ref)))


OUTSIDE_REFS = ["../outside.yaml", "{abs}", "sub/../../outside.yaml", "~/outside.yaml", "/etc/passwd",
                "C:\\Windows\\win.ini", "\\\\server\\share\\x.yaml"]


@pytest.mark.parametrize("field", ["datasets", "presets", "forecast", "catalogue", "tender datasets", "bids_file",
                                   "tender", "previous"])
@pytest.mark.parametrize("ref", OUTSIDE_REFS)
def test_a_document_cannot_name_a_file_outside_its_folder(project, field, ref) -> None:
    ref = ref.replace("{abs}", str(project.parent / "outside.yaml"))
    path = write(project / "doc.yaml", yaml.safe_dump(_with_ref(_docs(project)[field], ref)))
    error = refused(UnsafeDocumentError, lambda: evaluate(path), seconds=SECONDS)
    assert error.source == str(path)
    assert error.field and error.field.split("[")[0].split(".")[-1] in field.split()[-1]
    assert "allow_paths_outside" in error.hint and repr(ref)[:20] in error.message


def test_a_symlink_inside_the_folder_that_leads_outside_is_refused(project) -> None:
    link = project / "link.yaml"
    try:
        link.symlink_to(project.parent / "outside.yaml")
    except OSError:  # pragma: no cover
        pytest.skip("platform: symlinks not supported on this file system")
    path = write(project / "doc.yaml", yaml.safe_dump(_with_ref(_docs(project)["datasets"], "link.yaml")))
    refused(UnsafeDocumentError, lambda: evaluate(path))


def test_paths_inside_the_folder_still_work(project) -> None:
    (project / "sub").mkdir()
    shutil.copy(project / "tender-highways.yaml", project / "sub" / "tender-highways.yaml")
    doc = _with_ref(_docs(project)["tender"], "sub/../tender-highways.yaml")
    assert evaluate(write(project / "doc.yaml", yaml.safe_dump(doc))).to_json()


def test_allow_paths_outside_lets_a_trusted_document_name_any_file(project) -> None:
    outside = project.parent / "elsewhere"
    outside.mkdir()
    shutil.copy(project / "tender-highways.yaml", outside / "tender-highways.yaml")
    doc = _with_ref(_docs(project)["tender"], str(outside / "tender-highways.yaml"))
    path = write(project / "doc.yaml", yaml.safe_dump(doc))
    refused(UnsafeDocumentError, lambda: evaluate(path))
    assert evaluate(path, allow_paths_outside=True).to_json()
    doc = _with_ref(_docs(project)["tender"], "../elsewhere/tender-highways.yaml")
    path = write(project / "doc.yaml", yaml.safe_dump(doc))
    with paths_outside_allowed():
        assert evaluate(path).to_json()


def test_document_path_rule_directly(tmp_path) -> None:
    assert document_path("a/b.yaml", tmp_path, field="x") == tmp_path / "a" / "b.yaml"
    for ref in ("", "   ", 3, None, "a\x00b", "x" * 300):
        refused(ValidationError, lambda ref=ref: document_path(ref, tmp_path, field="x"), seconds=1)
    refused(UnsafeDocumentError, lambda: document_path("..", tmp_path, field="x"), seconds=1)
    refused(UnsafeDocumentError, lambda: document_path(str(tmp_path), tmp_path, field="x"), seconds=1)
