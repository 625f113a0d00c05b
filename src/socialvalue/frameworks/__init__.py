"""Framework plugins and document dispatch.

``evaluate(path_or_document)`` reads a document's ``framework`` (or ``kind``) field, finds
the installed framework plugin that handles it and returns its result. Built-in
frameworks register through the ``socialvalue.frameworks`` entry-point group, like any
third-party one.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from socialvalue.errors import SocialValueError, ValidationError
from socialvalue.frameworks.base import BaseResult, Framework, Provenance, Result, document_hash
from socialvalue.plugins import frameworks as registry
from socialvalue.suggest import close_matches

__all__ = [
    "BaseResult",
    "Framework",
    "Provenance",
    "Result",
    "available",
    "document_hash",
    "evaluate",
    "framework_for",
    "get_framework",
]


def get_framework(name: str) -> Any:
    """An installed framework by id (``sroi``, ``toms``, …)."""
    return registry.get(name)


def available() -> dict[str, Any]:
    """Every installed framework that loads (broken ones warn and are skipped)."""
    return registry.load_all()


def framework_for(document: Mapping[str, Any], *, source: str | None = None) -> Any:
    """The framework that handles ``document``: by its ``framework`` field, else by ``kind``."""
    if not isinstance(document, Mapping):
        raise ValidationError("a document must be a mapping with a 'kind' field", source=source,
                              hint="start the file with e.g. 'kind: impact-map' and write 'key: value' lines")
    name = document.get("framework")
    if name is not None:
        if not isinstance(name, str):
            raise ValidationError("framework must be text", source=source, field="framework")
        try:
            framework = get_framework(name)
        except SocialValueError as exc:
            raise exc.with_context(source=source, field_prefix="framework") from None
        kind = document.get("kind")
        if kind is not None and kind not in framework.document_kinds:
            raise ValidationError(
                f"framework {name!r} does not read documents of kind {kind!r}", source=source, field="kind",
                hint="it reads: " + ", ".join(framework.document_kinds))
        return framework
    kind = document.get("kind")
    if kind is None:
        raise ValidationError("the document has no 'kind' field", source=source, field="kind",
                              hint="start the file with e.g. 'kind: impact-map'")
    kinds: dict[str, Any] = {}
    for framework in available().values():
        for k in framework.document_kinds:
            kinds.setdefault(k, framework)
    if not isinstance(kind, str) or kind not in kinds:
        from socialvalue.errors import UnknownNameError

        raise UnknownNameError(f"no installed framework reads documents of kind {kind!r}", source=source,
                               field="kind", suggestions=close_matches(str(kind), kinds),
                               hint=None if close_matches(str(kind), kinds) else
                               "known kinds: " + ", ".join(sorted(kinds)))
    return kinds[kind]


def evaluate(document: Mapping[str, Any] | str | os.PathLike[str], *,
             options: Mapping[str, Any] | None = None, allow_paths_outside: bool = False) -> Any:
    """Evaluate a document (a parsed mapping or a path to YAML/JSON) with its framework.

    Files the document names (datasets, presets, a forecast, a catalogue, a bids file, a
    tender, a previous assessment) must be relative paths inside the document's own folder;
    ``allow_paths_outside=True`` lifts that rule for documents you trust (see
    :func:`socialvalue.documents.document_path`).
    """
    from socialvalue.documents import paths_outside_allowed, read_document

    source = None
    if isinstance(document, (str, os.PathLike)):
        source = str(document)
        base = Path(document).parent
        document = read_document(document)
        options = {"base_dir": str(base), **(options or {})}
    framework = framework_for(document, source=source)
    if allow_paths_outside:
        with paths_outside_allowed():
            return framework.evaluate(document, source=source, options=options)
    return framework.evaluate(document, source=source, options=options)
