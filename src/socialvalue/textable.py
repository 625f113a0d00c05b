"""Plain-text tables for terminals: aligned columns, numbers right-aligned."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["format_money", "format_number", "table"]


def format_number(value: Any, digits: int = 2) -> str:
    """Thousands separators and fixed decimals; text passes through."""
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return str(value)


def format_money(value: float | None, digits: int = 0) -> str:
    """``£1,234`` (negative as ``-£1,234``); rounding happens here, at the presentation edge only."""
    if value is None:
        return "n/a"
    sign = "-" if value < 0 else ""
    return f"{sign}£{abs(value):,.{digits}f}"


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], *, max_width: int = 60) -> str:
    """Render rows under headers with a rule; cells longer than ``max_width`` are shortened."""
    cells = [[_cell(c, max_width) for c in row] for row in rows]
    numeric = [all(_is_num(row[i]) for row in rows if row[i] not in (None, "")) and bool(rows)
               for i in range(len(headers))]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]

    def line(values: Sequence[str]) -> str:
        parts = [val.rjust(widths[i]) if numeric[i] else val.ljust(widths[i]) for i, val in enumerate(values)]
        return "  ".join(parts).rstrip()

    out = [line([_cell(h, max_width) for h in headers]), "  ".join("-" * w for w in widths)]
    out.extend(line(r) for r in cells)
    return "\n".join(out)


def _is_num(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) or (
        isinstance(value, str) and value.replace(",", "").replace("£", "").replace("-", "").replace(".", "").replace(
            "%", "").strip().isdigit())


def _cell(value: Any, max_width: int) -> str:
    from socialvalue.textsafe import plain

    text = plain(format_number(value))
    return text if len(text) <= max_width else text[: max_width - 1] + "…"
