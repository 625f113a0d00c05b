"""The JSON Schemas (draft 2020-12) of every document socialvalue reads and every result it writes.

The schema files are shipped in this package folder (``socialvalue/schemas/<kind>.schema.json``);
``docs/schemas/`` holds identical copies for the documentation site (``tools/sync_schemas.py``).

- :func:`schema` (also ``socialvalue.schema``) returns one as a dict: a document kind
  (``impact-map``, ``tender``, ``monitoring``, ``assessment``, ``lm3``, ``comparison``,
  ``action-plan``, ``portfolio``, ``proxy-dataset``, ``catalogue``), a result (``sroi-result``, ``tender-result``, …), or a
  document kind of an installed framework plugin that ships one (``Framework.document_schema``).
- :func:`registry` holds every shipped schema, so relative references between them
  (``"tender.schema.json#/$defs/contract"``) resolve offline; it never fetches anything.
- :func:`validator` gives a ready ``jsonschema`` validator with that registry and format checks.
- :func:`problems` and :func:`validate` check a document as YAML gives it: the document is made
  JSON-ready first (:func:`json_ready`: dates become ISO text, keys become text), because the
  schemas describe JSON. A ``datetime.date`` from ``as_of: 2026-03-31`` is therefore accepted
  wherever the schema asks for a ``"format": "date"`` string.

Validating needs ``jsonschema`` (the ``test`` extra: ``pip install 'socialvalue[test]'``); reading
the schemas does not. The library's own checks are authoritative and stricter (units, proxy ids,
measure codes); the schemas document the shape for editors and other tools.

>>> from socialvalue.schemas import kinds, schema
>>> schema("tender").get("title")
'socialvalue tender (TOMs-style scoring)'
>>> "tender-result" in kinds()
True
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

from socialvalue.errors import MissingDependencyError, UnknownNameError, ValidationError

__all__ = [
    "ALIASES",
    "DOCUMENT_KINDS",
    "RESULT_KINDS",
    "RESULT_OF",
    "json_ready",
    "kinds",
    "problems",
    "registry",
    "schema",
    "schema_file",
    "validate",
    "validator",
]

DOCUMENT_KINDS: tuple[str, ...] = ("impact-map", "tender", "monitoring", "assessment", "lm3", "comparison",
                                   "action-plan", "portfolio", "proxy-dataset", "catalogue")
"""Shipped schemas of input files: the ``kind:`` of a document, plus proxy datasets and TOMs catalogues."""

RESULT_KINDS: tuple[str, ...] = ("sroi-result", "tender-result", "monitoring-result", "assessment-result",
                                 "lm3-result", "comparison-result", "action-plan-result", "portfolio-result")
"""Shipped schemas of results (``--format json``, ``result.to_dict()``)."""

RESULT_OF: dict[str, str] = {"impact-map": "sroi-result", "tender": "tender-result", "monitoring": "monitoring-result",
                             "assessment": "assessment-result", "lm3": "lm3-result",
                             "comparison": "comparison-result", "action-plan": "action-plan-result",
                             "portfolio": "portfolio-result"}
"""The result schema of each document kind (what ``socialvalue run FILE --format json`` writes for it)."""

ALIASES: dict[str, str] = {"impact-map-result": "sroi-result", "dataset": "proxy-dataset",
                           "toms-catalogue": "catalogue"}
"""Other names accepted for a shipped schema (an impact map's result is the sroi framework's)."""

_DESCRIPTIONS: dict[str, str] = {
    "impact-map": "impact map valued by the sroi framework (socialvalue value)",
    "tender": "tender with bids, scored by the toms framework (socialvalue score)",
    "monitoring": "contract monitoring returns (socialvalue monitor)",
    "assessment": "Flexible Framework self-assessment (socialvalue assess)",
    "lm3": "LM3 local multiplier survey (socialvalue assess)",
    "comparison": "one activity or several bids under several frameworks (socialvalue compare)",
    "action-plan": "supplier action plan, judged as of a date (socialvalue run)",
    "portfolio": "an organisation's documents rolled up in one price year (socialvalue run)",
    "proxy-dataset": "proxy dataset file (socialvalue datasets check)",
    "catalogue": "TOMs-style measure catalogue file (catalogue: in a tender)",
    "sroi-result": "result of an impact map (socialvalue value --format json)",
    "tender-result": "result of a tender (socialvalue score --format json)",
    "monitoring-result": "result of contract monitoring (socialvalue monitor --format json)",
    "assessment-result": "result of a self-assessment (socialvalue assess --format json)",
    "lm3-result": "result of an LM3 survey (socialvalue assess --format json)",
    "comparison-result": "result of a comparison (socialvalue compare --format json)",
    "action-plan-result": "result of an action plan (socialvalue run --format json)",
    "portfolio-result": "result of a portfolio (socialvalue run --format json)",
}


def kinds() -> dict[str, str]:
    """Every shipped schema kind, documents first, with a one-line description."""
    return {k: _DESCRIPTIONS[k] for k in (*DOCUMENT_KINDS, *RESULT_KINDS)}


def schema_file(kind: str) -> str:
    """The file name of a shipped schema (``tender`` -> ``tender.schema.json``)."""
    return f"{ALIASES.get(kind, kind)}.schema.json"


@cache
def _text(kind: str) -> str:
    return resources.files(__name__).joinpath(schema_file(kind)).read_text(encoding="utf-8")


@cache
def _shipped() -> dict[str, Any]:
    """kind -> parsed schema, for every shipped schema (parsed once; callers get copies)."""
    return {k: json.loads(_text(k)) for k in (*DOCUMENT_KINDS, *RESULT_KINDS)}


def _plugin_schema(kind: str) -> dict[str, Any] | None:
    """A document schema an installed framework plugin ships for ``kind`` (``document_schema``)."""
    from socialvalue.frameworks import kinds as framework_kinds

    framework = framework_kinds().get(kind)
    found = framework.document_schema(kind) if framework is not None else None
    return dict(found) if isinstance(found, Mapping) else None


def _plugin_kinds() -> list[str]:
    from socialvalue.frameworks import kinds as framework_kinds

    return [k for k in framework_kinds() if k not in _shipped()]


def schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of ``kind`` as a fresh dict.

    ``kind`` is a shipped kind (:func:`kinds`: ``tender``, ``tender-result``, ``proxy-dataset`` …)
    or the document kind of an installed framework plugin that ships a schema. Raises
    :class:`~socialvalue.errors.UnknownNameError` (with close matches) for any other name.
    """
    name = ALIASES.get(kind, kind)
    shipped = _shipped()
    if name in shipped:
        fresh: dict[str, Any] = json.loads(_text(name))  # a fresh copy the caller may change
        return fresh
    found = _plugin_schema(kind) if isinstance(kind, str) and kind else None
    if found is not None:
        return found
    from socialvalue.suggest import close_matches

    known = [*kinds(), *ALIASES, *_plugin_kinds()]
    raise UnknownNameError(f"no schema for {kind!r}", field="kind", suggestions=close_matches(str(kind), known),
                           hint="socialvalue schema --list names every kind")


def _jsonschema() -> Any:
    try:
        import jsonschema
        import referencing
    except ImportError as exc:
        error = MissingDependencyError("jsonschema is needed to validate against a schema but is not installed",
                                       hint="pip install 'socialvalue[test]' (or pip install jsonschema)")
        error.name = "jsonschema"
        raise error from exc
    return jsonschema, referencing


def _no_retrieval(uri: str) -> Any:
    """The registry's ``retrieve`` hook: every shipped schema is already in it; fetch nothing."""
    from referencing.exceptions import NoSuchResource

    raise NoSuchResource(uri)


def registry(extra: Mapping[str, Any] | None = None) -> Any:
    """A ``referencing.Registry`` with every shipped schema under its ``$id`` (and ``extra``).

    References between schemas (``monitoring`` -> ``tender.schema.json#/$defs/...``) are
    relative to the ``$id``, so they resolve here. Anything not in the registry is refused with
    ``referencing.exceptions.Unresolvable`` rather than fetched: validation never touches the
    network. ``extra`` adds more schemas (``{uri: schema}``), e.g. a plugin's.
    """
    _, referencing = _jsonschema()
    from referencing.jsonschema import DRAFT202012

    shipped = [(s["$id"], s) for s in _shipped().values()]
    more = list((extra or {}).items())
    resources_ = [(uri, referencing.Resource.from_contents(s, default_specification=DRAFT202012))
                  for uri, s in (*shipped, *more)]
    return referencing.Registry(retrieve=_no_retrieval).with_resources(resources_)


def validator(kind: str | Mapping[str, Any]) -> Any:
    """A ``jsonschema`` validator of ``kind`` (a kind name, or a schema dict) with :func:`registry`
    and format checking (``"format": "date"`` is enforced).

    It validates JSON data as it is: give a YAML-parsed document through :func:`json_ready`
    first (or use :func:`problems` / :func:`validate`, which do).
    """
    jsonschema, _ = _jsonschema()
    found = schema(kind) if isinstance(kind, str) else dict(kind)
    cls = jsonschema.validators.validator_for(found, default=jsonschema.Draft202012Validator)
    shipped = isinstance(kind, str) and ALIASES.get(kind, kind) in _shipped()
    extra = {found["$id"]: found} if isinstance(found.get("$id"), str) and not shipped else None
    return cls(found, registry=registry(extra), format_checker=cls.FORMAT_CHECKER)


def _default(value: Any) -> Any:
    if isinstance(value, _dt.datetime | _dt.date | _dt.time):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    return str(value)


def json_ready(document: Any) -> Any:
    """``document`` as a JSON file of it would read: dates and times as ISO 8601 text (what
    PyYAML gives for ``as_of: 2026-03-31`` becomes ``"2026-03-31"``), tuples as lists, mapping
    keys as text (``2024:`` becomes ``"2024"``), anything else not JSON as its text."""
    return json.loads(json.dumps(document, default=_default, allow_nan=True))


def _field(path: Any) -> str:
    """``['proxies', 3, 'source', 'url']`` -> ``proxies[3].source.url`` (the library's field style)."""
    out = ""
    for part in path:
        if isinstance(part, int) or (isinstance(part, str) and part.isdigit()):  # list index, or a year key
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top)"


def _specific(error: Any) -> Any:
    """For a ``oneOf``/``anyOf`` failure, the reason from the branch that fits the value's type best."""
    while error.validator in ("oneOf", "anyOf") and error.context:
        fitting = [e for e in error.context if e.validator != "type"] or list(error.context)
        error = max(fitting, key=lambda e: len(e.absolute_path))
    return error


def _message(error: Any) -> str:
    message = str(error.message)
    return message if len(message) <= 300 else message[:297] + "..."


def problems(document: Any, kind: str | Mapping[str, Any]) -> list[tuple[str, str]]:
    """``(field, message)`` for every way ``document`` breaks the schema of ``kind``, in document
    order; an empty list when it is valid. The document is made :func:`json_ready` first."""
    check = validator(kind)
    found = sorted((_specific(e) for e in check.iter_errors(json_ready(document))),
                   key=lambda e: [(0, p, "") if isinstance(p, int) else (1, 0, str(p)) for p in e.absolute_path])
    return [(_field(e.absolute_path), _message(e)) for e in found]


def validate(document: Any, kind: str | Mapping[str, Any], *, source: str | None = None) -> None:
    """Raise :class:`~socialvalue.errors.ValidationError` naming the first problem (and how many
    there are) when ``document`` breaks the schema of ``kind``; return ``None`` when it is valid."""
    found = problems(document, kind)
    if found:
        field, message = found[0]
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        name = kind if isinstance(kind, str) else str(kind.get("title", "the schema"))
        raise ValidationError(f"not valid under the {name} schema: {message}{more}", source=source,
                              field=None if field == "(top)" else field,
                              hint=f"socialvalue schema {name} prints the schema" if isinstance(kind, str) else None)
