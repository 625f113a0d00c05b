"""The JSON Schema of proxy dataset files (``dataset.schema.json``, draft 2020-12), shipped in the package.

:func:`socialvalue.proxies.load_dataset` validates more than a schema can (units, ranges,
unique ids, components and regions against the value); the schema lets other tools check and
write dataset files, and ``socialvalue datasets check`` applies both. Checking against the
schema needs ``jsonschema`` (the ``test`` extra): :func:`schema_problems` returns ``None``
when it is not installed.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["SCHEMA_FILE", "dataset_schema", "schema_problems"]

SCHEMA_FILE = "dataset.schema.json"


@cache
def _schema_text() -> str:
    return resources.files("socialvalue.proxies").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


def dataset_schema() -> dict[str, Any]:
    """The schema of a proxy dataset file, as a fresh dict."""
    schema: dict[str, Any] = json.loads(_schema_text())
    return schema


def _field(path: Any) -> str:
    """``['proxies', 3, 'source', 'url']`` -> ``proxies[3].source.url``; a series year -> ``value[2020]``."""
    out = ""
    for part in path:
        if isinstance(part, int) or (isinstance(part, str) and part.isdigit()):  # list index, or year of a series
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top)"


def schema_problems(data: Any) -> list[tuple[str, str]] | None:
    """``(field, message)`` for every way ``data`` (one parsed dataset file) breaks the schema, in
    document order; an empty list when it is valid; ``None`` when ``jsonschema`` is not installed.

    The data goes through JSON first (years as keys become text, dates become text), as a JSON
    file of the same dataset would be.
    """
    try:
        import jsonschema
    except ImportError:
        return None
    schema = dataset_schema()
    validator_class = jsonschema.validators.validator_for(schema)
    instance = json.loads(json.dumps(data, default=str))
    errors = validator_class(schema).iter_errors(instance)
    found = sorted((_specific(e) for e in errors),
                   key=lambda e: [(0, p, "") if isinstance(p, int) else (1, 0, str(p)) for p in e.absolute_path])
    return [(_field(e.absolute_path), _message(e)) for e in found]


def _specific(error: Any) -> Any:
    """For a ``oneOf``/``anyOf`` failure, the reason from the branch that fits the value's type best:
    the deepest error that is not a type mismatch (``-1``: below the minimum, not "not an object")."""
    while error.validator in ("oneOf", "anyOf") and error.context:
        fitting = [e for e in error.context if e.validator != "type"] or list(error.context)
        error = max(fitting, key=lambda e: len(e.absolute_path))
    return error


def _message(error: Any) -> str:
    message = str(error.message)
    return message if len(message) <= 300 else message[:297] + "..."
