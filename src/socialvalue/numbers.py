"""The one number reader: how every number that enters socialvalue is read, or refused.

Numbers arrive as YAML and JSON numbers, as text in CSV and Excel cells, as quantities such
as ``"12.5 FTE"`` and as command-line options. They are all read by the rule below, so the
same characters mean the same number whichever way they came in:

* Digits with an optional sign, decimal point and exponent: ``12``, ``-3.5``, ``.5``,
  ``4.2e5``, ``1E-3``.
* A comma is accepted **only as a thousands separator** in full groups of three digits:
  ``1,250`` and ``420,000.50`` are read; ``12,5`` (a decimal comma), ``1,25`` and ``1,2345``
  are refused, because a decimal comma read as a thousands separator turns 12.5 into 125.
* Refused: underscores (``1_2``, which Python and YAML 1.1 read as 12), spaces or
  apostrophes inside a number (``1 250``, ``1'250``), a point *and* a comma as decimal marks
  (``1.250,5``), currency signs (``£12``), hexadecimal, octal, binary and sexagesimal forms
  (``0x1F``, ``012``, ``1:30``), and anything that is not finite (``nan``, ``inf``).

Refusals say what was seen and how to write it instead; nothing is silently repaired.
"""

from __future__ import annotations

import math
import re
from typing import Any

from socialvalue.errors import NumberTextError, ValidationError

__all__ = ["NUMBER_RULE", "NumberTextError", "number_token", "parse_number_text", "read_number"]

NUMBER_RULE = ("digits with an optional sign, decimal point and exponent (12, -3.5, 4.2e5); commas only as "
               "thousands separators in groups of three (1,250.5); no underscores, spaces or currency signs")
"""The rule in one sentence, for messages and docs."""

_PLAIN = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_GROUPED = re.compile(r"[+-]?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d*)?(?:[eE][+-]?\d+)?")  # 0,500 is a decimal comma
# Everything that could be meant as a number, greedily: a quantity's number ends where this ends.
_TOKEN = re.compile(r"[+-]?[£$€]?[0-9.,_'\u00a0\u202f]*[0-9](?:[0-9.,_'\u00a0\u202f]*[0-9])?(?:[eE][+-]?\d+)?"
                    r"|[+-]?\.[0-9]+(?:[eE][+-]?\d+)?")
_SPECIAL = re.compile(r"[+-]?(?:nan|inf|infinity|\.nan|\.inf)", re.IGNORECASE)
_RADIX = re.compile(r"[+-]?0[xXoObB][0-9a-fA-F_]+")
_LEADING_ZERO = re.compile(r"[+-]?0\d+(?:[.eE]|$)")
_SEXAGESIMAL = re.compile(r"[+-]?\d+(?::[0-5]?\d)+(?:\.\d*)?")


def _why(text: str) -> str | None:
    """Why ``text`` (stripped) is not a number by the rule, or None if it is one."""
    if _PLAIN.fullmatch(text) or _GROUPED.fullmatch(text):
        if _LEADING_ZERO.match(text) and not re.match(r"[+-]?0\d*\.", text):
            return "a whole number with a leading zero (YAML and some tools read 012 as octal)"
        return None
    if _SPECIAL.fullmatch(text):
        return "not a finite number"
    if _RADIX.fullmatch(text):
        return "a hexadecimal, octal or binary number"
    if _SEXAGESIMAL.fullmatch(text):
        return "a colon-separated (sexagesimal) number such as 1:30"
    if "_" in text:
        return "an underscore inside a number (1_2 would be read as 12)"
    if any(ch in text for ch in "£$€"):
        return "a currency sign (write the amount alone; money is in GBP)"
    if any(ch in text for ch in " '\u00a0\u202f"):
        return "a space or apostrophe inside a number (write 1250 or 1,250)"
    if "," in text and "." in text and text.rfind(",") > text.rfind("."):
        return "a decimal comma after a thousands point (1.250,5); write 1250.5"
    if "," in text:
        return ("a comma that is not a thousands separator (12,5 could be a decimal comma: write 12.5; "
                "thousands go in groups of three: 1,250)")
    return "not a number"


def parse_number_text(text: str, *, field: str | None = None, source: Any = None) -> float:
    """The number written in ``text`` by the documented rule, or :class:`NumberTextError`."""
    stripped = text.strip()
    reason = _why(stripped)
    if reason is not None:
        raise NumberTextError(f"cannot read {stripped[:60]!r} as a number: {reason}", field=field, source=source)
    try:
        value = float(stripped.replace(",", ""))
    except (ValueError, OverflowError):  # pragma: no cover - the patterns only admit float() syntax
        raise NumberTextError(f"cannot read {stripped[:60]!r} as a number", field=field, source=source) from None
    if not math.isfinite(value):
        raise NumberTextError(f"number {stripped[:60]!r} is too large", field=field, source=source,
                              hint="write a number of a realistic size")
    return value


def number_token(text: str) -> tuple[str, str] | None:
    """Split text that starts with a number into ``(number_text, rest)``; None if it does not.

    The number is the first word when that word is meant as a number (``"12,5 FTE"`` gives
    ``("12,5", " FTE")``, ``"1:30 hour"`` gives ``("1:30", " hour")``), so that a malformed
    number is refused as a whole instead of being read up to the comma; a unit written
    straight after the digits (``"12FTE"``) is split off. A second word that starts with a
    digit (``"1 250 hour"``) makes the first word part of a spaced number, which is refused.
    """
    body = text.lstrip()
    word = body.split(None, 1)[0] if body else ""
    if word and (_why(word) is None or _why(word) != "not a number"):
        rest = body[len(word):]
        if rest.strip()[:1].isdigit():
            return body, ""  # "1 250": refused as a number with a space inside
        return word, rest
    match = _TOKEN.match(body)
    if match is None:
        return None
    return body[: match.end()], body[match.end():]


def read_number(value: Any, field: str | None, *, source: Any = None) -> float:
    """A finite real number from a document value: an int, a float, or number text.

    Booleans, complex numbers and other types are refused; text is read by the rule in this
    module's docstring. Every input path (YAML, JSON, CSV, XLSX, the CLI) comes through here.
    """
    from socialvalue.validation import show_value, type_name

    if isinstance(value, bool):
        raise ValidationError(f"expected a number, got {type_name(value)} {show_value(value)}", source=source,
                              field=field, hint="write a plain number such as 12 or 0.25")
    if isinstance(value, str):
        if not value.strip():
            raise ValidationError("expected a number, got empty text", source=source, field=field,
                                  hint="write a plain number such as 12 or 0.25")
        if number_token(value) is None:
            raise ValidationError(f"expected a number, got text {show_value(value)}", source=source, field=field,
                                  hint="write a plain number such as 12 or 0.25")
        return parse_number_text(value, field=field, source=source)
    if isinstance(value, complex) or not isinstance(value, (int, float)) and not _is_real_scalar(value):
        raise ValidationError(f"expected a number, got {type_name(value)} {show_value(value)}", source=source,
                              field=field, hint="write a plain number such as 12 or 0.25")
    try:
        out = float(value)
    except OverflowError:
        raise ValidationError(f"number {show_value(value)} is too large", source=source, field=field,
                              hint="write a number of a realistic size") from None
    if not math.isfinite(out):
        raise ValidationError(f"expected a finite number, got {show_value(value)}", source=source, field=field,
                              hint="NaN and infinity are not values; give a real estimate or leave the item out")
    return out


def _is_real_scalar(value: Any) -> bool:
    """numpy integer and floating scalars (not complex, not bool) count as numbers."""
    try:
        import numpy as np
    except ImportError:  # pragma: no cover - numpy is a core dependency
        return False
    return isinstance(value, (np.integer, np.floating)) and not isinstance(value, np.bool_)
