"""One formatting policy for figures in reports: money, percentages, ratios, points, counts.

Figures are rounded here, at the presentation edge, and nowhere else: results and their
JSON keep full precision. Every report uses these functions, so a percentage or a ratio
looks the same in an SROI report, a tender ranking and a comparison.
"""

from __future__ import annotations

import math
from typing import Any

__all__ = ["article", "count", "money", "number", "percent", "points", "ratio", "signed_money", "years"]

MISSING = "n/a"
"""What a report shows for a figure that does not exist (no investment, nothing reported)."""


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and not math.isfinite(value))


def money(value: float | None, digits: int = 0) -> str:
    """``£1,234`` (negative ``-£1,234``), rounded to whole pounds unless ``digits`` says otherwise."""
    if _missing(value):
        return MISSING
    assert value is not None
    sign = "-" if value < 0 and round(abs(value), digits) != 0 else ""
    return f"{sign}£{abs(value):,.{digits}f}"


def signed_money(value: float | None) -> str:
    """``+£1,234`` / ``-£1,234`` / ``£0``: a difference."""
    if _missing(value):
        return MISSING
    assert value is not None
    if round(value) == 0:
        return "£0"
    return ("+" if value > 0 else "-") + f"£{abs(value):,.0f}"


def percent(value: float | None, *, of: str = "fraction") -> str:
    """A percentage: ``of="fraction"`` for shares in [0, 1] (0.2 → ``20%``), ``of="percent"`` for a figure
    already in percent (12.34 → ``12.3%``). Whole percentages have no decimals, others one."""
    if _missing(value):
        return MISSING
    assert value is not None
    pct = 100.0 * value if of == "fraction" else float(value)
    if abs(pct - round(pct)) < 1e-9:
        return f"{round(pct):.0f}%"
    return f"{pct:,.1f}%"


def ratio(value: float | None) -> str:
    """An SROI ratio: ``£1.59 : £1`` (``n/a`` when there is no investment)."""
    if _missing(value):
        return "n/a (no investment)" if value is None else MISSING
    return f"£{value:,.2f} : £1"


def points(value: float | None) -> str:
    """A score in points, two decimals (``17.50``)."""
    return MISSING if _missing(value) else f"{value:,.2f}"


def number(value: float | None, digits: int = 2) -> str:
    """A plain figure with thousands separators (``1,234.50``); integers without decimals."""
    if _missing(value):
        return MISSING
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    assert value is not None
    return f"{value:,.{digits}f}"


def count(value: float | None) -> str:
    """A quantity as short as it can be written exactly enough (``12.5``, ``1,200``, ``0.333333``)."""
    if _missing(value):
        return MISSING
    assert value is not None
    return f"{value:,.6g}" if abs(value) < 1e15 else f"{value:.6g}"


def years(value: float | None) -> str:
    """A duration in years (``3 years``, ``1 year``)."""
    if _missing(value):
        return MISSING
    assert value is not None
    return f"{value:g} year" + ("" if value == 1 else "s")


def article(word: str) -> str:
    """``a`` or ``an`` before ``word`` (by its first letter: "an impact-map", "a tender")."""
    return "an" if word[:1].lower() in ("a", "e", "i", "o", "u") else "a"
