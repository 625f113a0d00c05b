"""The framework plugin protocol and the pieces every result shares.

A **framework** turns one kind of document (an impact map, a tender, an assessment, an
LM3 survey) into a **result**. Frameworks are plugins in the ``socialvalue.frameworks``
entry-point group; the built-ins register exactly as a third-party package would.

Every result can be shown four ways (``to_dict`` for JSON, ``to_text`` for a terminal,
``to_markdown`` and ``to_html`` for reports, plus ``_repr_html_`` in notebooks) and carries
a :class:`Provenance` record: the library and framework versions, the datasets (with
content hashes) and the conventions that produced it, so the numbers can be traced and
re-run.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Protocol, runtime_checkable

import attrs

__all__ = [
    "BaseResult",
    "Framework",
    "Provenance",
    "Result",
    "canonical_json",
    "check_finite",
    "document_hash",
    "record",
]


@runtime_checkable
class Result(Protocol):
    """What every framework's result offers."""

    framework: str

    def summary(self) -> dict[str, Any]:
        """The headline figures, as plain data."""

    def to_dict(self) -> dict[str, Any]:
        """Everything, as JSON-ready plain data (deterministic: same inputs, same bytes)."""

    def to_text(self) -> str:
        """A table a procurement officer can read in a terminal."""

    def to_markdown(self) -> str:
        """A Markdown report."""

    def to_html(self) -> str:
        """A self-contained HTML report (user text escaped)."""

    def _repr_html_(self) -> str:
        """A compact HTML view for notebooks."""


@runtime_checkable
class Framework(Protocol):
    """What every framework plugin provides."""

    id: str
    name: str
    version: str
    description: str
    document_kinds: tuple[str, ...]

    def evaluate(self, document: Mapping[str, Any], *, source: str | None = None,
                 options: Mapping[str, Any] | None = None) -> Result:
        """Validate ``document`` and compute its result; errors name ``source`` and the field."""


def canonical_json(data: Any) -> str:
    """JSON with sorted keys and no spaces: the form hashed in provenance records.

    Mapping keys that cannot be sorted together or are not JSON keys (``{1: a, "b": c}``,
    dates) are written as text first, so every parsed document has a hash.
    """
    try:
        return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    except TypeError:
        return json.dumps(_text_keys(data), sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def _text_keys(data: Any) -> Any:
    if isinstance(data, Mapping):
        return {k if isinstance(k, str) else f"<{type(k).__name__}>{k}": _text_keys(val) for k, val in data.items()}
    if isinstance(data, (list, tuple)):
        return [_text_keys(x) for x in data]
    return data


def check_finite(result: Any, *, source: str | None = None) -> Any:
    """Return ``result`` if every number in it (``result.to_dict()``, or a list of such) is finite, else raise.

    A safety net for figures that overflow float64 (a quantity of 1e308 times a proxy):
    a result holding ``inf`` or ``NaN`` would be a wrong answer, so it is refused with
    :class:`~socialvalue.errors.ValidationError` naming the first such figure.
    """
    import math

    from socialvalue.errors import ValidationError

    def plain(obj: Any) -> Any:
        if hasattr(obj, "to_dict"):
            return obj.to_dict()
        if isinstance(obj, (list, tuple)):
            return [plain(x) for x in obj]
        return obj

    stack: list[tuple[str, Any]] = [("", plain(result))]
    while stack:
        path, item = stack.pop()
        if isinstance(item, float) and not math.isfinite(item):
            raise ValidationError(
                f"the result figure {path or 'value'} is not a finite number ({item}): the inputs are too large "
                "to compute with", source=source,
                hint="check quantities, amounts and proxy values for typos and units; use realistic sizes")
        if isinstance(item, Mapping):
            stack.extend((f"{path}.{k}" if path else str(k), val) for k, val in reversed(list(item.items())))
        elif isinstance(item, (list, tuple)):
            stack.extend((f"{path}[{i}]", val) for i, val in reversed(list(enumerate(item))))
    return result


def document_hash(data: Any) -> str:
    """Content hash of a parsed document (``sha256:<hex>`` of its canonical JSON)."""
    return "sha256:" + hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()


def _library_version() -> str:
    from socialvalue import __version__

    return __version__


def _freeze_fields(cls: type, fields: list[attrs.Attribute[Any]]) -> list[attrs.Attribute[Any]]:
    """Give every field a converter that makes dicts and lists read-only (see :mod:`socialvalue.frozen`)."""
    from socialvalue.frozen import freeze

    out = []
    for field in fields:
        conv = field.converter
        out.append(field.evolve(converter=freeze if conv is None else attrs.converters.pipe(conv, freeze)))
    return out


def record(maybe_cls: Any = None, **kwargs: Any) -> Any:
    """``attrs.frozen`` whose dict and list fields are read-only too, so a result cannot be changed
    through them (``result.contract["value"] = 1`` raises ``TypeError``). Used for every result."""
    return attrs.frozen(maybe_cls, field_transformer=_freeze_fields, **kwargs)


@record
class Provenance:
    """Where a result came from: enough to trace every number and to re-run it."""

    framework: str
    framework_version: str
    input_sha256: str
    library_version: str = attrs.field(factory=_library_version)
    source: str | None = None
    datasets: tuple[Mapping[str, Any], ...] = attrs.field(default=(), converter=tuple)
    price_year: int | None = None
    discounting: Mapping[str, Any] | None = None
    deflator: Mapping[str, Any] | None = None
    conventions: Mapping[str, Any] = attrs.field(factory=dict)
    options: Mapping[str, Any] = attrs.field(factory=dict)
    """The evaluation options that change the figures (price-year override, sensitivity, Monte Carlo
    draws and seed, rule switches, extra datasets), so ``socialvalue verify`` can re-run them."""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "library": "socialvalue",
            "library_version": self.library_version,
            "framework": self.framework,
            "framework_version": self.framework_version,
            "input_sha256": self.input_sha256,
            "source": self.source,
            "datasets": [dict(d) for d in self.datasets],
            "price_year": self.price_year,
            "discounting": None if self.discounting is None else dict(self.discounting),
            "deflator": None if self.deflator is None else dict(self.deflator),
            "conventions": dict(self.conventions),
            "options": dict(self.options),
        }
        return out


class BaseResult:
    """Shared behaviour for results: JSON, notebook display, formats by name.

    Subclasses implement ``to_dict``, ``to_text``, ``to_markdown`` and ``html_body``
    (the HTML inside the page); this class adds the page shell and ``_repr_html_``.
    """

    framework: str = ""
    title: ClassVar[str] = "socialvalue result"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Every result's ``to_dict()`` returns ordinary, editable copies of its read-only parts."""
        super().__init_subclass__(**kwargs)
        own = cls.__dict__.get("to_dict")
        if own is not None and not getattr(own, "_thawed", False):
            def to_dict(self: Any, _own: Any = own) -> dict[str, Any]:
                from socialvalue.frozen import thaw

                return thaw(_own(self))

            to_dict.__doc__ = own.__doc__
            to_dict._thawed = True  # type: ignore[attr-defined]
            cls.to_dict = to_dict  # type: ignore[method-assign]

    def summary(self) -> dict[str, Any]:  # pragma: no cover - overridden
        raise NotImplementedError

    def to_dict(self) -> dict[str, Any]:  # pragma: no cover - overridden
        raise NotImplementedError

    def to_text(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def to_markdown(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def html_body(self, *, compact: bool = False) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def to_json(self, *, indent: int | None = 2) -> str:
        """The result as JSON text (keys in a fixed order, floats written exactly)."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False, allow_nan=False)

    def to_html(self) -> str:
        from socialvalue.report import html_page

        return html_page(self.page_title(), self.html_body())

    def page_title(self) -> str:
        return self.title

    def _repr_html_(self) -> str:
        from socialvalue.report import html_fragment

        return html_fragment(self.html_body(compact=True))

    def render(self, fmt: str) -> str:
        """The result in ``fmt``: ``text``, ``json``, ``markdown`` or ``html``."""
        if fmt == "json":
            return self.to_json()
        if fmt == "markdown":
            return self.to_markdown()
        if fmt == "html":
            return self.to_html()
        return self.to_text()

    def __str__(self) -> str:
        return self.to_text()


def short_list(items: Sequence[str], limit: int = 5) -> str:
    """``a, b, c and 4 more`` for messages."""
    head = ", ".join(items[:limit])
    return head if len(items) <= limit else f"{head} and {len(items) - limit} more"
