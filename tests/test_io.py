"""Reading documents: safe YAML, duplicate keys, object tags, NaN in JSON, limits."""

from __future__ import annotations

from socialvalue.config import current_limits
from socialvalue.documents import load_data, read_document
from socialvalue.errors import DocumentError, DuplicateKeyError, LimitExceededError, ParseError, UnsafeDocumentError
from tests.checks import raises_exactly


def test_duplicate_keys_are_refused_with_line() -> None:
    with raises_exactly(DuplicateKeyError, match="line 3") as info:
        load_data("a: 1\nb: 2\na: 3\n", source="d.yaml")
    assert info.value.source == "d.yaml"


def test_python_object_tags_are_refused() -> None:
    with raises_exactly(UnsafeDocumentError):
        load_data("x: !!python/object/apply:os.system ['echo hi']\n", source="d.yaml")


def test_malformed_yaml_reports_position() -> None:
    with raises_exactly(ParseError, match="line 2"):
        load_data("a: [1, 2\nb: 3\n", source="d.yaml")


def test_json_nan_is_refused() -> None:
    with raises_exactly(ParseError, match="NaN"):
        load_data('{"value": NaN}', source="d.json")


def test_alias_bombs_are_bounded() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    with raises_exactly(LimitExceededError):
        load_data("\n".join(lines), source="bomb.yaml")


def test_deep_nesting_is_refused() -> None:
    depth = current_limits().max_depth + 5
    with raises_exactly(LimitExceededError):
        load_data("[" * depth + "]" * depth, source="deep.yaml")


def test_binary_junk_is_refused(tmp_path) -> None:
    path = tmp_path / "junk.yaml"
    path.write_bytes(bytes(range(256)))
    with raises_exactly(ParseError):
        read_document(path)


def test_missing_file(tmp_path) -> None:
    with raises_exactly(DocumentError, match="not found"):
        read_document(tmp_path / "nope.yaml")
