"""Errors raised by socialvalue.

Every error is a :class:`SocialValueError` and also the builtin exception a Python
programmer would expect (``ValueError`` for bad values, ``KeyError``/``LookupError`` for
unknown names), so code that already catches builtins keeps working.

Each error carries three things a user needs to fix their input:

``source``
    the file (or object) the bad input came from, when known;
``field``
    the path of the offending field inside that input, written the way a person
    would point at it: ``outcomes[3].deadweight``;
``hint``
    what to do about it.

Errors pickle and unpickle with all three attributes intact, so they survive
multiprocessing and job queues.

Where one document has several independent mistakes (two bad outcomes of an impact map,
bad commitments in two bids), they are reported together as one :class:`ErrorGroup`
(up to :data:`MAX_REPORTED_ERRORS`), which is also an instance of its first error's class
and carries that error's ``source``, ``field`` and ``hint``; a single mistake is raised as
itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

__all__ = [
    "DocumentError",
    "DuplicateEntryError",
    "DuplicateKeyError",
    "EngineInputError",
    "ErrorGroup",
    "LimitExceededError",
    "MissingDependencyError",
    "NumberTextError",
    "OutputPathError",
    "OutputWriteError",
    "ParseError",
    "PluginError",
    "PriceYearError",
    "SocialValueError",
    "UnitError",
    "UnitMismatchError",
    "UnknownNameError",
    "UnknownPluginError",
    "UnknownProxyError",
    "UnknownUnitError",
    "UnsafeDocumentError",
    "ValidationError",
]


class SocialValueError(Exception):
    """Base class of every error this library raises on purpose.

    Parameters
    ----------
    message:
        What is wrong, in one sentence.
    source:
        File path or object description the input came from.
    field:
        Field path inside the input, e.g. ``outcomes[3].deadweight``.
    hint:
        How to fix it.
    """

    default_hint: str = ""

    def __init__(
        self,
        message: str,
        *,
        source: Any = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = _clip(message)
        self.source = None if source is None else _clip(str(source))
        self.field = None if field is None else _clip(field)
        self.hint = _clip(hint) if hint is not None else (self.default_hint or None)
        super().__init__(self.message)

    def __str__(self) -> str:
        where = ": ".join(part for part in (self.source, self.field) if part)
        text = f"{where}: {self.message}" if where else self.message
        if self.hint:
            text = f"{text} (fix: {self.hint})"
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.message, self.source, self.field, self.hint, self._extra()))

    def _extra(self) -> dict[str, Any]:
        """Subclass-specific state to carry through pickling."""
        return {}

    def with_context(self, *, source: Any = None, field_prefix: str | None = None) -> SocialValueError:
        """Return this error with a source filled in and/or a field path prefixed.

        Loaders validate nested parts without knowing where those parts sit; the caller
        that does know adds the context on the way out.
        """
        if source is not None and self.source is None:
            self.source = str(source)
        if field_prefix:
            self.field = join_field(field_prefix, self.field)
        return self

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready description, for APIs that report errors as data."""
        return {
            "error": type(self).__name__,
            "message": self.message,
            "source": self.source,
            "field": self.field,
            "hint": self.hint,
        }


def _clip(text: str, limit: int = 1_000) -> str:
    """Shorten very long text (a message echoing a 100,000-character value) to head … tail."""
    text = str(text)
    if len(text) <= limit:
        return text
    head, tail = text[: limit * 2 // 3 - 40], text[-(limit // 3 - 40):]  # the result stays under ``limit``
    return f"{head} … [{len(text) - len(head) - len(tail):,} characters omitted] … {tail}"


def _rebuild(
    cls: type[SocialValueError],
    message: str,
    source: str | None,
    field: str | None,
    hint: str | None,
    extra: dict[str, Any],
) -> SocialValueError:
    error = cls.__new__(cls)
    SocialValueError.__init__(error, message, source=source, field=field, hint=hint)
    error.__dict__.update(extra)
    return error


def join_field(prefix: str | None, field: str | None) -> str | None:
    """Join two field paths: ``join_field("outcomes[2]", "proxy.unit")``."""
    if not prefix:
        return field
    if not field:
        return prefix
    if field.startswith("["):
        return f"{prefix}{field}"
    return f"{prefix}.{field}"


class DocumentError(SocialValueError, ValueError):
    """A document (YAML/JSON file or dict) cannot be read as the kind it claims to be."""


class ParseError(DocumentError):
    """The file is not well-formed YAML or JSON."""

    default_hint = "check the file's syntax near the reported line; YAML indentation must be consistent"


class UnsafeDocumentError(DocumentError):
    """The file asks for something a data file must never do (e.g. construct Python objects)."""

    default_hint = "remove tags such as !!python/object; socialvalue reads plain data only"


class DuplicateKeyError(DocumentError):
    """The same key appears twice in one mapping, so one value would silently win."""

    default_hint = "keep one of the two entries; duplicate keys are ambiguous"


class LimitExceededError(DocumentError):
    """The input is larger or deeper than the documented safety limits."""

    default_hint = "split the input or raise the limit explicitly if you trust the file"


class ValidationError(SocialValueError, ValueError):
    """A value is present but not acceptable (wrong type, out of range, missing)."""


class NumberTextError(ValidationError):
    """Text that looks like a number but is not written by the documented number rule
    (a decimal comma ``12,5``, ``1_2``, ``£12``, ``012``); see :mod:`socialvalue.numbers`."""

    default_hint = ("write digits with an optional sign, point and exponent (12.5, 4.2e5); commas only as "
                    "thousands separators (1,250); no underscores, spaces or currency signs")


class DuplicateEntryError(ValidationError):
    """Two entries of a keyed list name the same thing (an outcome id, a measure in one bid, a delivery
    for one measure and period, a supplier), so adding both would count it twice."""

    default_hint = "keep one entry, or merge the two; each is counted once"


class EngineInputError(ValidationError):
    """Arrays handed to the valuation engine are not valid (NaN, negative, mismatched)."""


class UnitError(SocialValueError, ValueError):
    """A unit could not be understood or used."""


class UnknownUnitError(UnitError):
    """A unit name is not in the registry."""

    default_hint = "use units such as GBP, person, FTE, hour, year, tCO2e; see docs/concepts.md#units"


class UnitMismatchError(UnitError):
    """Two quantities have different dimensions, so one cannot be converted to the other."""

    default_hint = "give the quantity in a unit of the proxy's dimension (e.g. FTE-years, not hours)"


class OutputPathError(SocialValueError, ValueError):
    """An output path is refused before anything is written: it is an input of the run (a report
    written over its own document), another output of the run, a folder, or in a folder that does
    not exist."""

    default_hint = "write the output to another file"


class OutputWriteError(SocialValueError, OSError):
    """An output could not be written (a full disk, no permission). Nothing partial is left behind and
    a previous file of that name is unchanged; the command line exits with status 3."""

    default_hint = "check free disk space and permissions, then run again"


class PriceYearError(SocialValueError, LookupError):
    """A price year falls outside the deflator series, so a value cannot be re-based."""


class UnknownNameError(SocialValueError, KeyError):
    """A name (id, code, key) was looked up and not found.

    ``suggestions`` holds close matches, best first.
    """

    def __init__(
        self,
        message: str,
        *,
        source: Any = None,
        field: str | None = None,
        hint: str | None = None,
        suggestions: list[str] | tuple[str, ...] = (),
    ) -> None:
        self.suggestions = tuple(suggestions)
        if self.suggestions:
            guess = "did you mean " + ", ".join(repr(s) for s in self.suggestions) + "?"
            hint = guess if hint is None else f"{guess} {hint}"
        super().__init__(message, source=source, field=field, hint=hint)

    def __str__(self) -> str:  # KeyError would otherwise print the repr of the message
        return SocialValueError.__str__(self)

    def _extra(self) -> dict[str, Any]:
        return {"suggestions": self.suggestions}


class UnknownProxyError(UnknownNameError):
    """A proxy id is not in any loaded dataset."""


class UnknownPluginError(UnknownNameError):
    """No installed plugin has that name."""


class PluginError(SocialValueError, RuntimeError):
    """A plugin is installed but broken (it failed to import or returned the wrong thing)."""

    default_hint = "reinstall or fix the plugin package; other plugins keep working"


class MissingDependencyError(SocialValueError, ImportError):
    """An optional dependency (pandas, matplotlib) is needed for this feature and is not installed."""

    default_hint = "install the optional extra: pip install 'socialvalue[notebook]'"


MAX_REPORTED_ERRORS = 20
"""At most this many errors of one document are collected into an :class:`ErrorGroup`; validation stops
at the next one (the group then says it stopped)."""

class ErrorGroup(ValidationError):
    """Several input errors of one document, reported together (``errors``; ``stopped`` when validation
    stopped at :data:`MAX_REPORTED_ERRORS`). The group behaves as its first error: it is an instance of
    the first error's class too (``except UnknownProxyError`` still catches a group that starts with
    one), and its ``message``, ``source``, ``field`` and ``hint`` are that error's. ``str()`` lists every
    error, one a line; the command line prints one ``error:`` line each, then how many there were.

    ``ErrorGroup(errors=[...])`` builds a group; :func:`socialvalue.validation.raise_collected` raises a
    single error as itself, and :class:`socialvalue.validation.ErrorCollector` collects them.
    """

    _first_class: ClassVar[type[SocialValueError] | None] = None

    def __new__(cls, *args: Any, errors: Iterable[SocialValueError] = (), **kwargs: Any) -> ErrorGroup:  # noqa: PYI034
        errors = tuple(errors)
        chosen = cls
        if cls is ErrorGroup and errors and not isinstance(errors[0], ErrorGroup):
            chosen = _group_class(type(errors[0]))  # the group is also its first error's class
        return super().__new__(chosen, *args)

    def __init__(self, message: str | None = None, *, source: Any = None, field: str | None = None,
                 hint: str | None = None, errors: Iterable[SocialValueError] = (), stopped: bool = False) -> None:
        flat: list[SocialValueError] = []
        for error in errors:
            flat += error.errors if isinstance(error, ErrorGroup) else [error]
            stopped = stopped or bool(getattr(error, "stopped", False))
        first = flat[0] if flat else None
        if first is not None:
            message = first.message if message is None else message
            source, field = source or first.source, field or first.field
            hint = first.hint if hint is None else hint
            self.__dict__.update({k: val for k, val in first.__dict__.items()
                                  if k not in ("message", "source", "field", "hint")})
        SocialValueError.__init__(self, message or "several input errors", source=source, field=field, hint=hint)
        self.errors: tuple[SocialValueError, ...] = tuple(flat) or (
            ValidationError(self.message, source=self.source, field=self.field, hint=self.hint),)
        self.stopped = stopped

    def __str__(self) -> str:
        lines = [SocialValueError.__str__(error) for error in self.errors]
        if self.stopped:
            lines.append(f"(stopped after {len(self.errors)} errors)")
        return "\n".join(lines)

    def with_context(self, *, source: Any = None, field_prefix: str | None = None) -> SocialValueError:
        for error in self.errors:
            error.with_context(source=source, field_prefix=field_prefix)
        return super().with_context(source=source, field_prefix=field_prefix)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_group, (self._first_class, self.message, self.source, self.field, self.hint, self.errors,
                                 self.stopped))

    def to_dict(self) -> dict[str, Any]:
        out = super().to_dict()
        out["errors"] = [error.to_dict() for error in self.errors]
        out["stopped"] = self.stopped
        return out


_GROUP_CLASSES: dict[type[SocialValueError], type[ErrorGroup]] = {}


def _group_class(first: type[SocialValueError]) -> type[ErrorGroup]:
    """The group class that is also ``first`` (made once per class)."""
    if issubclass(first, ErrorGroup):
        return first
    cls = _GROUP_CLASSES.get(first)
    if cls is None:
        cls = type(first.__name__, (ErrorGroup, first), {"__module__": first.__module__, "_first_class": first,
                                                          "__doc__": f"{first.__name__} and more: an ErrorGroup"})
        _GROUP_CLASSES[first] = cls
    return cls


def _rebuild_group(first: type[SocialValueError] | None, message: str, source: str | None, field: str | None,
                   hint: str | None, errors: Sequence[SocialValueError], stopped: bool) -> ErrorGroup:
    cls = ErrorGroup if first is None else _group_class(first)
    group = cls.__new__(cls)
    ErrorGroup.__init__(group, message, source=source, field=field, hint=hint, errors=errors, stopped=stopped)
    return group
