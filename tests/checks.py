"""Assertion helpers shared by the test modules."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

__all__ = ["assert_schema_invalid", "assert_schema_valid", "raises_exactly", "schema_errors"]


@contextmanager
def raises_exactly(cls: type[BaseException], *, match: str | None = None) -> Iterator[Any]:
    """``pytest.raises(cls)`` that also insists on the exact class.

    ``pytest.raises(ValidationError)`` passes for any subclass, so a test written for one
    refusal keeps passing when the code starts raising another one (an ``EngineInputError``
    where a ``NumberTextError`` was meant, a ``DocumentError`` for a bad value). The class is
    part of the contract: callers catch it.
    """
    with pytest.raises(cls, match=match) as info:
        yield info
    assert type(info.value) is cls, (f"expected exactly {cls.__module__}.{cls.__qualname__}, got "
                                     f"{type(info.value).__module__}.{type(info.value).__qualname__}: {info.value}")


SCHEMAS = Path(__file__).resolve().parents[1] / "docs" / "schemas"


def schema_errors(document: Any, name: str) -> list[str]:
    """Every reason ``document`` is invalid under ``docs/schemas/<name>.schema.json`` (empty when valid).

    The schema itself is checked against its meta-schema first. The document goes through JSON
    (dates become text, as in a JSON file), so what is validated is what a JSON user would write.
    """
    jsonschema = pytest.importorskip("jsonschema")  # the test extra; a failure under CI (tests/conftest.py)
    referencing = pytest.importorskip("referencing")  # a dependency of jsonschema
    schemas = {path.name: json.loads(path.read_text(encoding="utf-8")) for path in SCHEMAS.glob("*.schema.json")}
    # schemas refer to each other by relative URL (monitoring -> tender.schema.json#/$defs/...): resolve
    # those against the files here, never over the network
    registry = referencing.Registry().with_resources(
        (s["$id"], referencing.Resource.from_contents(s)) for s in schemas.values() if "$id" in s)
    schema = schemas[f"{name}.schema.json"]
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    instance = json.loads(json.dumps(document, default=str))
    validator = validator_class(schema, registry=registry, format_checker=validator_class.FORMAT_CHECKER)
    errors = validator.iter_errors(instance)
    return sorted(f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}" for e in errors)


def assert_schema_valid(document: Any, name: str) -> None:
    errors = schema_errors(document, name)
    assert not errors, f"invalid under {name}.schema.json:\n" + "\n".join(errors)


def assert_schema_invalid(document: Any, name: str) -> list[str]:
    errors = schema_errors(document, name)
    assert errors, f"{name}.schema.json accepts a document it should refuse: {document!r}"[:2000]
    return errors
