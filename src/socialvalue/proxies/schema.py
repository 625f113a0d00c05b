"""The JSON Schema of proxy dataset files (draft 2020-12), shipped in the package with the others as
``socialvalue/schemas/proxy-dataset.schema.json`` (``socialvalue.schema("proxy-dataset")``).

:func:`socialvalue.proxies.load_dataset` validates more than a schema can (units, ranges,
unique ids, components and regions against the value); the schema lets other tools check and
write dataset files, and ``socialvalue datasets check`` applies both. Checking against the
schema needs ``jsonschema`` (the ``test`` extra): :func:`schema_problems` returns ``None``
when it is not installed.
"""

from __future__ import annotations

from typing import Any

__all__ = ["SCHEMA_FILE", "dataset_schema", "schema_problems"]

SCHEMA_FILE = "proxy-dataset.schema.json"
"""Its file name in ``socialvalue/schemas/`` (and ``docs/schemas/``)."""


def dataset_schema() -> dict[str, Any]:
    """The schema of a proxy dataset file, as a fresh dict."""
    from socialvalue.schemas import schema

    return schema("proxy-dataset")


def schema_problems(data: Any) -> list[tuple[str, str]] | None:
    """``(field, message)`` for every way ``data`` (one parsed dataset file) breaks the schema, in
    document order; an empty list when it is valid; ``None`` when ``jsonschema`` is not installed.

    The data goes through JSON first (years as keys become text, dates become text), as a JSON
    file of the same dataset would be.
    """
    try:
        import jsonschema  # noqa: F401
    except ImportError:
        return None
    from socialvalue.schemas import problems

    return problems(data, "proxy-dataset")
