"""The golden-case runner (socialvalue.testing) itself: loading and refusing case files, paths into a
result, tolerances, and failures that list every mismatch.

The documents are LM3 contracts and small impact maps whose figures are worked out in the comments:
R1 = 100,000, R2 = 60,000, R3 = 24,000, LM3 = 1.84 (NEF's formula (R1 + R2 + R3) / R1).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from socialvalue.errors import (
    DuplicateEntryError,
    DuplicateKeyError,
    UnknownNameError,
    UnknownPluginError,
    ValidationError,
)
from socialvalue.testing import GoldenCase, check_case, golden_cases, load_cases, parse_path, resolve, run_case
from tests.checks import raises_exactly

LM3_DOC = {
    "kind": "lm3", "name": "Runner test", "boundary": "Within the county",
    "spend": [
        {"recipient": "Local supplier", "kind": "supplier", "amount": 40000, "local": True, "local_respend": 0.4},
        {"recipient": "Local staff", "kind": "staff", "amount": 20000, "local": True, "local_respend": 0.4},
        {"recipient": "Distant supplier", "kind": "supplier", "amount": 40000, "local": False},
    ],
}
# R1 100,000; R2 40,000 + 20,000 = 60,000; R3 0.4 x 60,000 = 24,000; LM3 184,000 / 100,000 = 1.84


def case_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"id": "lm3-runner", "source": "hand calculation in tests/test_testing.py",
                            "framework": "lm3", "document": LM3_DOC,
                            "expected": {"r1": 100000, "r2": 60000, "r3": 24000, "lm3": 1.84},
                            "tolerance": {"rel": 1e-12}}
    data.update(changes)
    return {k: val for k, val in data.items() if val is not None}


def write(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def one_case(tmp_path: Path, **changes: Any) -> GoldenCase:
    return load_cases(write(tmp_path / "case.yaml", case_data(**changes)))[0]


def failure(case: GoldenCase) -> str:
    with pytest.raises(AssertionError) as info:
        check_case(case)
    return str(info.value)


# -- passing and failing ------------------------------------------------------------------------------


def test_a_correct_case_passes_and_its_fields_are_read(tmp_path) -> None:
    case = one_case(tmp_path, description="LM3 formula")
    assert (case.id, case.framework, case.description) == ("lm3-runner", "lm3", "LM3 formula")
    assert case.path == tmp_path / "case.yaml" and case.document_file is None
    assert case.tolerance == {"rel": 1e-12} and case.options == {}
    check_case(case)
    assert run_case(case).lm3 == pytest.approx(1.84)


def test_a_wrong_value_fails_naming_path_got_and_want(tmp_path) -> None:
    message = failure(one_case(tmp_path, expected={"r1": 100000, "r3": 25000}))
    assert "1 mismatch " in message and "lm3-runner" in message and str(tmp_path / "case.yaml") in message
    assert "r3: got 24000.0, want 25000 (tolerance: rel 1e-12; off by -1000)" in message
    assert "r1:" not in message  # a value that matches is not listed
    assert "source: hand calculation" in message


def test_every_mismatch_is_listed_at_once(tmp_path) -> None:
    message = failure(one_case(tmp_path, expected={"r1": 99999, "r2": 60000, "r3": 24001, "lm3": 1.85,
                                                   "leakage": 0.4, "no_such_figure": 1, "name": "Other"}))
    assert "5 mismatches (of 7 expected values)" in message
    assert "r1: got 100000.0, want 99999" in message and "r3: got 24000.0, want 24001" in message
    assert "lm3: got 1.8399999999999999, want 1.85" in message and "name: got 'Runner test', want 'Other'" in message
    assert "no_such_figure: not in the result" in message and "no key 'no_such_figure'" in message
    assert "r2:" not in message and "leakage:" not in message


def test_lists_are_compared_element_wise(tmp_path) -> None:
    # by_kind lists staff then supplier: R1 20,000 and 80,000
    check_case(one_case(tmp_path, expected={"by_kind[kind=supplier].r1": 80000, "by_kind[0].r1": 20000}))
    impact_map = {"kind": "impact-map", "name": "Three years of £100", "price_year": 2024, "investment": 0,
                  "discounting": {"schedule": "none"}, "outcomes": [
                      {"id": "a", "quantity": 1, "duration": 3,
                       "proxy": {"value": 100.0, "unit": "GBP/person", "price_year": 2024, "source": "test"}}]}
    message = failure(one_case(tmp_path, framework="sroi", document=impact_map,
                               expected={"by_year": [100, 101, 100], "outcomes[id=a].by_year": [100, 100]}))
    assert "by_year[1]: got 100.0, want 101" in message
    assert "by_year[0]" not in message and "by_year[2]" not in message
    assert "outcomes[id=a].by_year: got [100.0, 100.0, 100.0], want [100, 100] (3 items, want 2)" in message


def test_text_booleans_and_none_are_compared_exactly(tmp_path) -> None:
    check_case(one_case(tmp_path, expected={"lines[0].local": True, "lines[2].local_respend": None,
                                            "lines[0].status": "surveyed", "lm3_if_unsurveyed_respent_locally": None}))
    message = failure(one_case(tmp_path, expected={"lines[0].local": 1, "lines[2].local_respend": 0,
                                                   "lines[0].status": "Surveyed", "r1": True, "r3": "24000"}))
    assert "lines[0].local: got True, want 1 (want a number)" in message
    assert "lines[2].local_respend: got None, want 0 (want a number)" in message
    assert "lines[0].status: got 'surveyed', want 'Surveyed'" in message
    assert "r1: got 100000.0, want True" in message
    assert "r3: got 24000.0, want '24000' (want is text" in message


def test_a_mapping_is_compared_key_by_key(tmp_path) -> None:
    message = failure(one_case(tmp_path, expected={"two_round": {"value_per_pound": 1.5, "formula": "(R1 + R2) / R1",
                                                                 "extra": 1}}))
    assert "two_round.value_per_pound: got 1.6, want 1.5" in message
    assert "two_round.extra: missing, want 1" in message and "has keys the expected mapping lacks: note" in message
    assert "two_round.formula" not in message


# -- tolerances --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "want", "tolerance", "passes"), [
    ("r1", 100000, None, True),
    ("r1", 100000.00000001, None, False),       # exact by default
    ("lm3", 1.84, None, False),                 # (184,000 / 100,000 computed in floats is 1.8399999999999999)
    ("r1", 100001, {"abs": 1}, True),           # the bound is inclusive
    ("r1", 99999, {"abs": 1}, True),            # on both sides
    ("r1", 100001, {"abs": 0.999}, False),
    ("r1", 100100, {"rel": 0.001}, True),       # 0.001 x 100,100 = 100.1: relative to the expected value
    ("r1", 100100, {"rel": 0.00099}, False),    # 0.00099 x 100,100 = 99.1
    ("r1", 100100, {"abs": 1, "rel": 0.001}, True),  # within either
    ("lm3", 1.84, {"round": 2}, True),
    ("lm3", 1.8, {"round": 1}, True),
    ("lm3", 1.84, {"round": 1}, False),
    ("lm3", 2, {"round": 0}, True),
    ("r1", 100000, {"round": -3}, True),
    ("r1", 99000, {"round": -3}, False),
])
def test_tolerances(tmp_path, path, want, tolerance, passes) -> None:
    case = one_case(tmp_path, expected={path: want}, tolerance=tolerance)
    if passes:
        check_case(case)
    else:
        message = failure(case)
        assert f"{path}: got " in message and f", want {want} (tolerance: " in message


def test_the_failure_says_which_tolerance_was_used(tmp_path) -> None:
    assert "(tolerance: abs 0.001;" in failure(one_case(tmp_path, expected={"lm3": 1.85}, tolerance={"abs": 0.001}))
    assert "(tolerance: exact; off by 2)" in failure(one_case(tmp_path, expected={"r1": 99998},
                                                                  tolerance=None))
    assert "(tolerance: rounded to 1 decimal places" in failure(one_case(tmp_path, expected={"lm3": 1.9},
                                                                          tolerance={"round": 1}))


# -- malformed cases are refused ------------------------------------------------------------------------


@pytest.mark.parametrize(("changes", "error", "field", "text"), [
    ({"expeted": {"r1": 1}}, UnknownNameError, "expeted", "did you mean 'expected'"),
    ({"source": None}, ValidationError, "source", "must cite the source"),
    ({"source": "   "}, ValidationError, "source", "must cite the source"),
    ({"document_file": "doc.yaml"}, ValidationError, "document_file", "not both"),
    ({"document": None}, ValidationError, "document", "needs the document"),
    ({"expected": {}}, ValidationError, "expected", "would check nothing"),
    ({"expected": None}, ValidationError, "expected", "missing required field"),
    ({"framework": "lm4"}, UnknownPluginError, "framework", "did you mean 'lm3'"),
    ({"id": None}, ValidationError, "id", "missing required field"),
    ({"tolerance": {"abz": 0.1}}, UnknownNameError, "tolerance.abz", "did you mean 'abs'"),
    ({"tolerance": {"abs": 0.1, "round": 2}}, ValidationError, "tolerance", "cannot be combined"),
    ({"tolerance": {"abs": -0.1}}, ValidationError, "tolerance.abs", "negative"),
    ({"tolerance": {"round": 1.5}}, ValidationError, "tolerance.round", "whole number"),
    ({"options": {"base_dir": "."}}, ValidationError, "options.base_dir", "set by the runner"),
    ({"expected": {"bids[0.score": 1}}, ValidationError, "expected['bids[0.score']", "is not closed"),
])
def test_malformed_cases_are_refused_naming_file_and_field(tmp_path, changes, error, field, text) -> None:
    path = write(tmp_path / "bad.yaml", case_data(**changes))
    with raises_exactly(error, match=text) as info:
        load_cases(path)
    assert info.value.source == str(path) and info.value.field == field
    assert info.value.hint and str(path) in str(info.value)


def test_a_missing_or_absolute_document_file_is_refused(tmp_path) -> None:
    for ref, text in (("nowhere.yaml", "file not found"), ("/etc/hostname", "must be a relative path")):
        path = write(tmp_path / "bad.yaml", case_data(document=None, document_file=ref))
        with raises_exactly(ValidationError, match=text) as info:
            load_cases(path)
        assert (info.value.source, info.value.field) == (str(path), "document_file")


def test_a_duplicate_yaml_key_is_refused_by_the_safe_reader(tmp_path) -> None:
    path = tmp_path / "dup.yaml"
    path.write_text("id: a\nid: b\nsource: x\nframework: lm3\ndocument: {kind: lm3}\nexpected: {r1: 1}\n",
                    encoding="utf-8")
    with raises_exactly(DuplicateKeyError, match="'id' appears twice") as info:
        load_cases(path)
    assert info.value.source == str(path)


def test_duplicate_ids_across_files_are_refused(tmp_path) -> None:
    first = write(tmp_path / "a.yaml", case_data())
    second = write(tmp_path / "b.yaml", case_data())
    with raises_exactly(DuplicateEntryError, match="also used by") as info:
        load_cases(tmp_path)
    assert (info.value.source, info.value.field) == (str(second), "id") and str(first) in str(info.value)
    assert len(load_cases(first, first, tmp_path / "." / "a.yaml")) == 1  # one file named twice is one case


def test_no_paths_is_an_error_and_a_missing_folder_names_itself(tmp_path) -> None:
    with raises_exactly(ValidationError, match="at least one"):
        load_cases()
    with pytest.raises(Exception, match="file not found") as info:
        load_cases(tmp_path / "no-such-folder")
    assert str(tmp_path / "no-such-folder") in str(info.value)


# -- folders, document files and base_dir -----------------------------------------------------------------


DATASET = """\
dataset: {id: test-runner, name: TEST ONLY, version: "0", licence: test-only}
proxies:
  - {id: runner-hour, name: TEST ONLY hour value, value: 15, unit: GBP/hour, price_year: 2024,
     source: "test fixture, not a real value", licence: test-only}
"""


def test_a_folder_holds_cases_and_a_document_file_reads_paths_from_its_own_folder(tmp_path) -> None:
    cases = tmp_path / "cases"
    (cases / "documents").mkdir(parents=True)
    (cases / "documents" / "proxies.yaml").write_text(DATASET, encoding="utf-8")
    # 100 hours at £15, once, undiscounted: £1,500; the dataset is named relative to the map's folder
    write(cases / "documents" / "map.yaml", {
        "kind": "impact-map", "name": "Hours", "price_year": 2024, "investment": 500, "datasets": ["proxies.yaml"],
        "discounting": {"schedule": "none"}, "outcomes": [{"id": "hours", "quantity": 100, "proxy": "runner-hour"}]})
    write(cases / "b-map.yaml", {"id": "map-from-file", "source": "hand: 100 x 15 = 1,500; 1,500 / 500 = 3",
                                 "framework": "sroi", "document_file": "documents/map.yaml",
                                 "expected": {"present_value": 1500, "sroi_ratio": 3}, "tolerance": {"rel": 1e-12}})
    write(cases / "a-lm3.yaml", case_data())
    (cases / "notes.txt").write_text("not a case", encoding="utf-8")
    found = load_cases(cases)
    assert [c.id for c in found] == ["lm3-runner", "map-from-file"]  # *.yaml in name order; sub-folders skipped
    assert found[1].document_file == cases / "documents" / "map.yaml"
    for case in found:
        check_case(case)
    assert failure(GoldenCase.from_mapping({**case_data(), "expected": {"r1": 1}})).startswith(
        "golden case 'lm3-runner' (None)")  # a case built in code, without a file


def test_an_error_in_an_inline_document_points_into_the_case_file(tmp_path) -> None:
    bad = {**LM3_DOC, "spend": [{**LM3_DOC["spend"][0], "amount": -5}]}
    case = one_case(tmp_path, document=bad)
    with raises_exactly(ValidationError, match="negative") as info:
        run_case(case)
    assert info.value.source == str(tmp_path / "case.yaml") and info.value.field == "document.spend[0].amount"
    assert any("lm3-runner" in note for note in info.value.__notes__)


def test_options_reach_the_framework(tmp_path) -> None:
    statuses = {"people.1.a": "met", "people.1.b": "met", "people.1.c": "met", "people.2.a": "partly",
                "people.2.b": "met", "people.3.a": "met", "people.3.b": "met", "people.3.c": "met"}
    doc = {"kind": "assessment", "organisation": "Test", "date": "2026-03-31",
           "criteria": [{"id": k, "status": s} for k, s in statuses.items()]}
    # cumulative (default): Level 2 is not all met, so People is at Level 1; non-cumulative: Level 3
    check_case(one_case(tmp_path, framework="flexible-framework", document=doc, expected={"levels[people]": 1}))
    check_case(one_case(tmp_path, framework="flexible-framework", document=doc, options={"cumulative": False},
                        expected={"levels[people]": 3}))


# -- resolve() and paths ------------------------------------------------------------------------------


DATA = {"bids": [{"supplier": "Acme", "score": 15.0, "rank": 1}, {"supplier": "Brill", "score": 12.5, "rank": 2}],
        "levels": {"people": 2}, "themes_at_level": {"0": 4, "2": 1}, "by_year": {2025: 10.0},
        "by_theme": {"a.b c": 3}, "flag": True}


@pytest.mark.parametrize(("path", "value"), [
    ("bids[supplier=Acme].score", 15.0),
    ("bids[rank=2].supplier", "Brill"),
    ("bids[0].score", 15.0),
    ("bids[-1].supplier", "Brill"),
    ("levels.people", 2),
    ("levels[people]", 2),
    ("themes_at_level.2", 1),            # a number finds a text key
    ("by_year.2025", 10.0),              # and a number key
    ("by_year[2025]", 10.0),
    ("by_theme[a.b c]", 3),              # a key with dots and spaces
    ("flag", True),
    ("bids", DATA["bids"]),
])
def test_resolve_finds_values(path, value) -> None:
    assert resolve(DATA, path) == value


def test_resolve_names_the_missing_segment_and_the_keys_there() -> None:
    with raises_exactly(UnknownNameError, match="no key 'scroe' under 'bids\\[supplier=Acme\\]'") as info:
        resolve(DATA, "bids[supplier=Acme].scroe")
    assert info.value.field == "bids[supplier=Acme].scroe" and info.value.suggestions == ("score",)
    assert "keys there: supplier, score, rank" in str(info.value)
    with raises_exactly(UnknownNameError, match="no key 'level' at the top level") as info:
        resolve(DATA, "level.people")
    assert info.value.field == "level" and "levels" in info.value.suggestions
    with raises_exactly(ValidationError) as info:
        resolve(DATA, "bids.0.score")
    assert info.value.hint == "write [0] to index a list"


@pytest.mark.parametrize(("path", "error", "text", "field"), [
    ("bids[5].score", UnknownNameError, "'bids' is a list of 2, so [5] is not in it", "bids[5]"),
    ("bids[supplier=Acne].score", UnknownNameError, "no item of 'bids' has supplier=Acne", "bids[supplier=Acne]"),
    ("bids.0.score", ValidationError, "'bids' is a list of 2, so 0 is not in it", "bids.0"),
    ("bids.supplier", ValidationError, "'bids' is a list of 2, so supplier is not in it", "bids.supplier"),
    ("levels[x=1]", ValidationError, "'levels' is a mapping, and [x=1] selects a list item", "levels[x=1]"),
    ("flag.value", ValidationError, "'flag' is bool True, so value cannot be looked up", "flag.value"),
])
def test_resolve_refuses_a_path_that_does_not_fit(path, error, text, field) -> None:
    with raises_exactly(error, match=text.replace("[", "\\[").replace("]", "\\]")) as info:
        resolve(DATA, path)
    assert info.value.field == field and info.value.hint


def test_a_selector_matching_two_items_is_refused() -> None:
    data = {"bids": [{"supplier": "A", "rank": 1}, {"supplier": "B", "rank": 1}]}
    with raises_exactly(ValidationError, match="2 items of 'bids' have rank=1"):
        resolve(data, "bids[rank=1]")
    assert resolve({"items": [{"ok": True}, {"ok": False}]}, "items[ok=false]") == {"ok": False}
    assert "its items' supplier values: Acme, Brill" in str(pytest.raises(UnknownNameError, resolve, DATA,
                                                                          "bids[supplier=Zed]").value)


@pytest.mark.parametrize("path", ["", "a..b", ".a", "a.", "a[0", "a[]", "a[0]b", "a[=x]", "a[x=]", "a.[0]"])
def test_malformed_paths_are_refused(path) -> None:
    with raises_exactly(ValidationError, match="path"):
        parse_path(path)


def test_parse_path_steps() -> None:
    assert parse_path("bids[supplier=Acme Ltd].by_measure[0].value") == [
        ("key", "bids"), ("select", ("supplier", "Acme Ltd")), ("key", "by_measure"), ("index", 0), ("key", "value")]
    assert parse_path("levels[people.1.a]") == [("key", "levels"), ("key", "people.1.a")]


# -- golden_cases() -------------------------------------------------------------------------------------


def test_golden_cases_on_an_empty_folder_is_an_error(tmp_path) -> None:
    (tmp_path / "documents").mkdir()
    write(tmp_path / "documents" / "doc.yaml", LM3_DOC)  # documents in a sub-folder are not cases
    with raises_exactly(ValidationError, match="no golden cases found") as info:
        golden_cases(tmp_path)
    assert info.value.source == str(tmp_path)


def test_golden_cases_parametrizes_one_test_per_case_named_by_id(tmp_path) -> None:
    write(tmp_path / "one.yaml", case_data(id="first"))
    write(tmp_path / "two.yaml", case_data(id="second"))

    @golden_cases(tmp_path)
    def test_it(case: GoldenCase) -> None:
        check_case(case)

    mark = test_it.pytestmark[0]  # type: ignore[attr-defined]
    assert mark.name == "parametrize" and mark.args[0] == "case"
    assert [c.id for c in mark.args[1]] == ["first", "second"] and mark.kwargs["ids"] == ["first", "second"]
