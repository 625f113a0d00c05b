"""Small, shared checks for document fields.

Every check takes the field path so that its error can point at the exact place in
the user's file; none of them clamps or silently repairs a value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from socialvalue.errors import (
    MAX_REPORTED_ERRORS,
    ErrorGroup,
    LimitExceededError,
    SocialValueError,
    UnknownNameError,
    UnsafeDocumentError,
    ValidationError,
)
from socialvalue.suggest import close_matches

__all__ = [
    "ErrorCollector",
    "boolean",
    "check_keys",
    "date",
    "fraction",
    "integer",
    "mapping",
    "non_negative",
    "number",
    "optional_text",
    "raise_collected",
    "require",
    "sequence",
    "text",
]


def type_name(value: Any) -> str:
    return "null" if value is None else type(value).__name__


def show_value(value: Any, limit: int = 80) -> str:
    """``repr(value)`` shortened for messages (a 1 MB string or a 5,000-digit integer stays readable)."""
    try:
        text = repr(value)
    except ValueError:  # int beyond Python's integer-to-text digit limit
        return f"<integer of about {value.bit_length() * 0.30103:,.0f} digits>"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def number(value: Any, field: str | None, *, source: Any = None) -> float:
    """A finite real number: an int, a float, or number text read by the one rule of
    :mod:`socialvalue.numbers` (``"1,250.5"`` yes; ``"12,5"``, ``"1_2"``, booleans no)."""
    from socialvalue.numbers import read_number

    return read_number(value, field, source=source)


def non_negative(value: Any, field: str | None, *, source: Any = None) -> float:
    """A finite number ≥ 0 (counts, amounts, proxy values)."""
    out = number(value, field, source=source)
    if out < 0:
        raise ValidationError(f"must not be negative, got {show_value(value)}", source=source, field=field,
                              hint="record a disbenefit with 'negative: true' rather than a negative amount")
    return out


def integer(value: Any, field: str | None, *, minimum: int | None = None, source: Any = None) -> int:
    """A whole number (``3`` or ``3.0``), optionally at least ``minimum``."""
    out = number(value, field, source=source)
    if out != int(out):
        raise ValidationError(f"expected a whole number, got {show_value(value)}", source=source, field=field,
                              hint="write a whole number such as 3")
    result = value if isinstance(value, int) and not isinstance(value, bool) else int(out)
    if minimum is not None and result < minimum:
        raise ValidationError(f"must be at least {minimum}, got {show_value(value)}", source=source, field=field,
                              hint=f"give {minimum} or more")
    return result


def fraction(value: Any, field: str | None, *, source: Any = None) -> float:
    """A share in [0, 1]: ``0.2``, the text ``"0.2"`` or the text ``"20%"``.

    Values above 1 are refused, not read as percentages, because ``20`` could equally
    be a typo for ``0.20`` or ``0.02``.
    """
    from socialvalue.numbers import NumberTextError, parse_number_text

    raw = value
    if isinstance(value, str) and value.strip().endswith("%"):
        try:
            value = parse_number_text(value.strip()[:-1], field=field, source=source) / 100.0
        except NumberTextError as exc:
            raise NumberTextError(f"cannot read a percentage from {show_value(raw)}: {exc.message}", source=source,
                                  field=field, hint="write e.g. '20%' or 0.2") from None
    elif isinstance(value, str):
        try:
            value = number(value, field, source=source)
        except NumberTextError:
            raise
        except ValidationError:
            raise ValidationError(f"expected a fraction such as 0.2 or '20%', got text {show_value(raw)}",
                                  source=source, field=field,
                                  hint="write a share between 0 and 1, e.g. 0.2 or '20%'") from None
    out = number(value, field, source=source)
    if not 0.0 <= out <= 1.0:
        raise ValidationError(
            f"must be a fraction between 0 and 1, got {show_value(raw)}", source=source, field=field,
            hint="write 20% as 0.2 or '20%'",
        )
    return out + 0.0


def boolean(value: Any, field: str | None, *, source: Any = None) -> bool:
    """``true`` or ``false`` (text such as ``"yes"`` or ``1`` is refused: say what you mean)."""
    if not isinstance(value, bool):
        raise ValidationError(f"expected true or false, got {show_value(value)}", source=source, field=field,
                              hint="write true or false (without quotes)")
    return value


def text(value: Any, field: str | None, *, source: Any = None) -> str:
    """Non-empty text without control or text-direction characters (tab and line breaks are allowed)."""
    if not isinstance(value, str):
        raise ValidationError(f"expected text, got {type_name(value)} {show_value(value)}", source=source, field=field,
                              hint="write text here; quote it if it could be read as a number, date or true/false")
    if not value.strip():
        raise ValidationError("must not be empty", source=source, field=field,
                              hint="give a value, or remove the key if it is optional")
    from socialvalue.textsafe import unsafe_character

    bad = unsafe_character(value)
    if bad is not None:
        import unicodedata

        index, ch = bad
        raise ValidationError(f"text holds a control character (U+{ord(ch):04X} "
                              f"{unicodedata.name(ch, 'control')}) at position {index + 1}", source=source, field=field,
                              hint="remove it; control and text-direction characters can change what a report shows")
    return value


def optional_text(value: Any, field: str | None, *, source: Any = None) -> str | None:
    return None if value is None else text(value, field, source=source)


def mapping(value: Any, field: str | None, *, source: Any = None) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ValidationError(f"expected a mapping (key: value pairs), got {type_name(value)}",
                              source=source, field=field,
                              hint="write 'key: value' lines here" if field else
                              "a document is a mapping of 'key: value' lines, starting with e.g. 'kind: impact-map'")
    return value


def sequence(value: Any, field: str | None, *, source: Any = None, limit: str | None = None) -> list[Any]:
    """A list; ``limit`` names the limit (:class:`socialvalue.config.Limits`) capping its length."""
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise ValidationError(f"expected a list, got {type_name(value)}", source=source, field=field,
                              hint="write a list here: one '- item' line per entry, or [a, b]")
    items = list(value)
    if limit is not None:
        from socialvalue.config import current_limits
        from socialvalue.errors import LimitExceededError

        if len(items) > getattr(current_limits(), limit):
            raise LimitExceededError(f"{field} has {len(items):,} entries; the limit is {getattr(current_limits(), limit):,}",
                                     source=source, field=field,
                                     hint=f"split the document, or raise the {limit} limit (--limit {limit}=N) if you "
                                          "trust it")
    return items


def check_keys(data: Mapping[str, Any], allowed: Iterable[str], field: str | None, *, source: Any = None) -> None:
    """Refuse keys that are not ``allowed`` (typos would otherwise be ignored)."""
    allowed = tuple(allowed)
    for key in data:
        if key not in allowed:
            path = f"{field}.{key}" if field else str(key)
            raise UnknownNameError(
                f"unknown key {show_value(key)}", source=source, field=path,
                suggestions=close_matches(str(key), allowed),
                hint=None if close_matches(str(key), allowed) else "allowed keys: " + ", ".join(allowed),
            )


def require(data: Mapping[str, Any], key: str, field: str | None, *, source: Any = None) -> Any:
    """``data[key]``, or a clear error naming the missing field."""
    if key not in data or data[key] is None:
        path = f"{field}.{key}" if field else key
        where = f"under {field}" if field else "at the top level of the document"
        raise ValidationError(f"missing required field {key!r}", source=source, field=path,
                              hint=f"add '{key}: ...' {where}")
    return data[key]


# --------------------------------------------------------------------------- several errors at once

_STOP_AT_ONCE = (LimitExceededError, UnsafeDocumentError)
"""Errors after which validation does not go on to the next item (a limit or a refused path)."""


class ErrorCollector:
    """Collects the errors of independent items of one document (outcomes, bids, commitments), so that
    they are reported together: ``with collector.item(field): ...`` for each item, then
    :meth:`raise_if_any`. ``collector.full`` says to stop: the cap is reached, or an error that stops
    validation at once was met (a limit, a refused path, or an error about something outside the item,
    such as the contract's price year, which every later item would repeat). The same error twice is
    kept once."""

    def __init__(self, cap: int = MAX_REPORTED_ERRORS) -> None:
        self.errors: list[SocialValueError] = []
        self.cap, self.full = cap, False

    def add(self, error: SocialValueError, *, stop: bool = False) -> None:
        seen = {_identity(e) for e in self.errors}
        for one in error.errors if isinstance(error, ErrorGroup) else (error,):
            if _identity(one) in seen:
                continue
            if len(self.errors) >= self.cap:
                self.full = True
                return
            self.errors.append(one)
            seen.add(_identity(one))
        if stop or isinstance(error, _STOP_AT_ONCE) or (isinstance(error, ErrorGroup) and error.stopped):
            self.full = True

    def item(self, field: str | None = None) -> _CollectItem:
        """A block validating one item, whose fields start with ``field`` (any field when None)."""
        return _CollectItem(self, field)

    def raise_if_any(self) -> None:
        raise_collected(self.errors, stopped=self.full and len(self.errors) >= self.cap)


def _identity(error: SocialValueError) -> tuple[object, ...]:
    return (type(error), error.source, error.field, error.message)


def _within(field: str | None, prefix: str) -> bool:
    return field is not None and (field == prefix or field.startswith((prefix + ".", prefix + "[")))


class _CollectItem:
    def __init__(self, collector: ErrorCollector, field: str | None) -> None:
        self.collector, self.field = collector, field

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, exc: BaseException | None, tb: object) -> bool:
        if isinstance(exc, SocialValueError):
            errors = exc.errors if isinstance(exc, ErrorGroup) else (exc,)
            outside = self.field is not None and not all(_within(e.field, self.field) for e in errors)
            self.collector.add(exc, stop=outside)
            return True
        return False


def raise_collected(errors: Sequence[SocialValueError], *, stopped: bool = False) -> None:
    """Raise nothing (no errors), the one error itself, or an :class:`ErrorGroup` of them all."""
    if len(errors) == 1 and not stopped:
        raise errors[0]
    if errors:
        raise ErrorGroup(errors=errors, stopped=stopped)


def date(value: Any, field: str | None, *, source: Any = None) -> Any:
    """A calendar date: a YAML date, or ``YYYY-MM-DD`` text (a date-time keeps its date)."""
    import datetime as _dt

    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValidationError(f"expected a date such as 2026-03-31, got {value!r}"[:200], source=source, field=field,
                          hint="write the date as YYYY-MM-DD")
