"""Assertion helpers shared by the test modules."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
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


def schema_errors(document: Any, name: str) -> list[str]:
    """Every reason ``document`` is invalid under the shipped schema ``name`` (empty when valid).

    ``name`` is a kind of :func:`socialvalue.schemas.kinds` (``tender``, ``tender-result`` ...): the
    schema comes from the package (``socialvalue/schemas/<name>.schema.json``; ``docs/schemas``
    holds copies). The schema itself is checked against its meta-schema first. The validator is
    plain ``jsonschema`` (draft 2020-12, formats checked) with a registry of the shipped schemas
    whose ``retrieve`` hook fails the test: a reference that is not shipped is never fetched. The
    document goes through JSON (dates become text, as in a JSON file), so what is validated is
    what a JSON user would write.
    """
    jsonschema = pytest.importorskip("jsonschema")  # the test extra; a failure under CI (tests/conftest.py)
    referencing = pytest.importorskip("referencing")  # a dependency of jsonschema
    from socialvalue.schemas import json_ready, kinds, schema

    def refuse(uri: str) -> Any:
        raise AssertionError(f"the schema {name!r} refers to {uri!r}, which is not shipped: it would be fetched")

    shipped = [schema(kind) for kind in kinds()]
    registry = referencing.Registry(retrieve=refuse).with_resources(
        (s["$id"], referencing.Resource.from_contents(s)) for s in shipped)
    found = schema(name)
    validator_class = jsonschema.validators.validator_for(found)
    assert validator_class is jsonschema.Draft202012Validator, f"{name}: not draft 2020-12"
    validator_class.check_schema(found)
    validator = validator_class(found, registry=registry, format_checker=validator_class.FORMAT_CHECKER)
    errors = validator.iter_errors(json_ready(document))
    return sorted(f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}" for e in errors)


def assert_schema_valid(document: Any, name: str) -> None:
    errors = schema_errors(document, name)
    assert not errors, f"invalid under {name}.schema.json:\n" + "\n".join(errors)


def assert_schema_invalid(document: Any, name: str) -> list[str]:
    errors = schema_errors(document, name)
    assert errors, f"{name}.schema.json accepts a document it should refuse: {document!r}"[:2000]
    return errors
