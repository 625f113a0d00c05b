"""Reading documents safely.

Only this module (and the CLI) touches files. Documents are YAML or JSON; both are read
as plain data with hard limits, because a document may come from a supplier or the web:

* YAML is read with PyYAML's safe loader (the C one when available). Tags that would
  build Python objects are refused, duplicate keys are refused (one value would silently
  win), and alias expansion is bounded ("billion laughs").
* JSON is read with the standard library; ``NaN`` and ``Infinity`` are refused.
* Files larger than :data:`LIMITS` ``["max_bytes"]`` and structures deeper than
  ``["max_depth"]`` are refused before any work is done on them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from socialvalue.errors import (
    DocumentError,
    DuplicateKeyError,
    LimitExceededError,
    ParseError,
    UnsafeDocumentError,
)

__all__ = ["LIMITS", "load_data", "read_document"]

LIMITS: dict[str, int] = {
    "max_bytes": 20 * 1024 * 1024,
    "max_depth": 64,
    "max_nodes": 1_000_000,
    "max_aliases": 1_000,
}
"""Safety limits applied to every document read (bytes, nesting depth, expanded nodes, aliases)."""

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader that refuses duplicate keys and counts aliases."""


def _construct_mapping(loader: Any, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    out: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        try:
            hash(key)
        except TypeError:
            raise ParseError(f"a mapping key must be plain text or a number (line {key_node.start_mark.line + 1})",
                             hint="quote complex keys or restructure the mapping") from None
        if key in out:
            raise DuplicateKeyError(
                f"key {key!r} appears twice in one mapping (line {key_node.start_mark.line + 1})",
            )
        out[key] = loader.construct_object(value_node, deep=deep)
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _check_shape(data: Any, *, source: str) -> None:
    """Refuse documents that are too deep or expand to too many nodes (iteratively)."""
    max_depth, max_nodes = LIMITS["max_depth"], LIMITS["max_nodes"]
    stack: list[tuple[Any, int]] = [(data, 1)]
    nodes = 0
    while stack:
        item, depth = stack.pop()
        nodes += 1
        if nodes > max_nodes:
            raise LimitExceededError(f"document expands to more than {max_nodes:,} values", source=source,
                                     hint="the file may use YAML aliases to expand itself; remove them")
        if depth > max_depth:
            raise LimitExceededError(f"document is nested more than {max_depth} levels deep", source=source)
        if isinstance(item, Mapping):
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)


def _count_aliases(text: str, source: str) -> None:
    """Refuse alias-heavy YAML before constructing it."""
    aliases = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > LIMITS["max_aliases"]:
                    raise LimitExceededError(f"document uses more than {LIMITS['max_aliases']} YAML aliases",
                                             source=source, hint="write the values out instead of using *aliases")
    except yaml.YAMLError as exc:
        raise _parse_error(exc, source) from None


def _parse_error(exc: yaml.YAMLError, source: str) -> DocumentError:
    mark = getattr(exc, "problem_mark", None)
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    if isinstance(exc, yaml.constructor.ConstructorError) and "tag" in str(exc):
        return UnsafeDocumentError(f"refused YAML tag{where}: {problem}", source=source)
    return ParseError(f"not valid YAML{where}: {problem}", source=source)


def _reject_constant(name: str) -> Any:
    raise ParseError(f"JSON value {name} is not a number socialvalue accepts",
                     hint="replace NaN/Infinity with a real value or remove the item")


def load_data(text: str | bytes, *, source: str = "<string>", fmt: str | None = None) -> Any:
    """Parse YAML or JSON text into plain Python data, enforcing :data:`LIMITS`."""
    if isinstance(text, bytes):
        if len(text) > LIMITS["max_bytes"]:
            raise LimitExceededError(f"document is larger than {LIMITS['max_bytes']:,} bytes", source=source)
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ParseError(f"file is not UTF-8 text (byte {exc.start})", source=source,
                             hint="save the file as UTF-8 YAML or JSON") from None
    if len(text) > LIMITS["max_bytes"]:
        raise LimitExceededError(f"document is larger than {LIMITS['max_bytes']:,} bytes", source=source)
    if "\x00" in text:
        raise ParseError("file contains NUL bytes; it is not a text document", source=source)
    fmt = fmt or ("json" if source.lower().endswith(".json") else "yaml")
    if fmt == "json":
        try:
            data = json.loads(text, parse_constant=_reject_constant)
        except json.JSONDecodeError as exc:
            raise ParseError(f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}",
                             source=source) from None
        except RecursionError:
            raise LimitExceededError("document is nested too deeply", source=source) from None
        except ParseError as exc:
            raise exc.with_context(source=source) from None
    else:
        _count_aliases(text, source)
        try:
            data = yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader subclass
        except yaml.YAMLError as exc:
            raise _parse_error(exc, source) from None
        except RecursionError:
            raise LimitExceededError("document is nested too deeply", source=source) from None
        except DocumentError as exc:
            raise exc.with_context(source=source) from None
    _check_shape(data, source=source)
    return data


def read_document(path: str | os.PathLike[str]) -> Any:
    """Read a YAML or JSON file as plain data (see :func:`load_data`)."""
    path = Path(path)
    source = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise DocumentError(f"file not found: {source}", source=source,
                            hint="check the path; relative paths are taken from the current directory") from None
    except OSError as exc:
        raise DocumentError(f"cannot read file: {exc.strerror}", source=source) from None
    if path.is_dir():
        raise DocumentError("expected a file, got a directory", source=source)
    if size > LIMITS["max_bytes"]:
        raise LimitExceededError(f"file is {size:,} bytes; the limit is {LIMITS['max_bytes']:,}", source=source)
    with path.open("rb") as handle:
        raw = handle.read(LIMITS["max_bytes"] + 1)
    return load_data(raw, source=source, fmt="json" if path.suffix.lower() == ".json" else "yaml")
