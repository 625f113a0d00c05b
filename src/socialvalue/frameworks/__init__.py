"""Framework plugins and document dispatch.

``evaluate(path_or_document)`` reads a document's ``framework`` (or ``kind``) field, finds the
installed framework plugin that handles it and returns its result; it also accepts a model
object a framework knows (an :class:`~socialvalue.frameworks.sroi.model.Activity`). Built-in
frameworks register through the ``socialvalue.frameworks`` entry-point group, like any
third-party one, and subclass :class:`Framework` as a plugin does.

For typed code, each built-in framework also has a typed entry point:
``socialvalue.value(...)`` returns an ``SroiResult``, ``socialvalue.score(...)`` a
``TenderResult``, ``socialvalue.monitor(...)`` a ``MonitoringResult``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from socialvalue.errors import SocialValueError, UnknownNameError, ValidationError
from socialvalue.frameworks.base import (
    BaseResult,
    Context,
    Framework,
    NoOptions,
    Options,
    Provenance,
    document_hash,
    option,
)
from socialvalue.plugins import frameworks as registry
from socialvalue.suggest import close_matches

__all__ = [
    "BaseResult",
    "Context",
    "Framework",
    "NoOptions",
    "Options",
    "Provenance",
    "available",
    "document_hash",
    "evaluate",
    "framework_for",
    "get_framework",
    "kinds",
    "option",
]


def get_framework(name: str) -> Any:
    """An installed framework by id (``sroi``, ``toms``, …)."""
    return registry.get(name)


def available() -> dict[str, Any]:
    """Every installed framework that loads (broken ones warn and are skipped)."""
    return registry.load_all()


def kinds() -> dict[str, Any]:
    """Every document kind an installed framework reads, and the framework that reads it."""
    out: dict[str, Any] = {}
    for framework in available().values():
        for k in framework.document_kinds:
            out.setdefault(k, framework)
    return out


def framework_for(document: Any, *, source: str | None = None) -> Any:
    """The framework that handles ``document``: by its ``framework`` field, else by ``kind``; a model
    object goes to the framework whose ``model_types`` include its class."""
    if not isinstance(document, Mapping):
        for framework in available().values():
            if getattr(framework, "model_types", ()) and isinstance(document, framework.model_types):
                return framework
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
    known = kinds()
    if not isinstance(kind, str) or kind not in known:
        hits = close_matches(str(kind), known)
        raise UnknownNameError(f"no installed framework reads documents of kind {kind!r}", source=source,
                               field="kind", suggestions=hits,
                               hint=None if hits else "known kinds: " + ", ".join(sorted(known)))
    return known[kind]


def evaluate(document: Any, *, options: Mapping[str, Any] | None = None,
             allow_paths_outside: bool = False) -> BaseResult:
    """Evaluate a document (a parsed mapping, a path to YAML/JSON, or a model object) with its framework.

    Files the document names (datasets, presets, a forecast, a catalogue, a bids file, a
    tender, a previous assessment) must be relative paths inside the document's own folder;
    ``allow_paths_outside=True`` lifts that rule for documents you trust (see
    :func:`socialvalue.documents.document_path`).
    """
    from socialvalue.config import paths_outside_allowed
    from socialvalue.documents import read_document

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
