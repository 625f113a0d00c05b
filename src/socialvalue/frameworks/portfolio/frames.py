"""DataFrames of a portfolio: delivery by theme, supplier and contract, by measure, and the documents."""

from __future__ import annotations

from typing import Any

from socialvalue.frameworks.portfolio.result import PortfolioResult
from socialvalue.results.frames import BOOL, FLOAT, INT, TEXT, FrameSpec, columns, register_frames

__all__ = ["delivery_rows", "document_rows", "measure_rows"]


def delivery_rows(result: Any) -> list[dict[str, Any]]:
    """Portfolio ``delivery``: one row per theme, supplier and contract grouping. Columns: ``grouping``,
    ``key``, ``contracts``, ``committed``, ``delivered``, ``shortfall``, ``delivery_rate``."""
    return [{"grouping": g, **r.to_dict()} for g, rows in (("theme", result.by_theme), ("supplier", result.by_supplier),
                                                            ("contract", result.by_contract)) for r in rows]


def measure_rows(result: Any) -> list[dict[str, Any]]:
    """Portfolio ``measures``: one row per measure over every return. Columns: ``measure``, ``theme``, ``unit``,
    ``contracts``, ``committed_quantity``, ``delivered_quantity``, ``delivery_rate``, ``under_delivers``,
    ``delivered_per_contract_year``."""
    return [dict(m) for m in result.measures]


def document_rows(result: Any) -> list[dict[str, Any]]:
    """Portfolio ``documents``: one row per document. Columns: ``path``, ``framework``, ``kind``, ``name``."""
    return [dict(d) for d in result.documents]


register_frames(
    PortfolioResult,
    FrameSpec("delivery", "one per theme, supplier or contract", columns(
        ("grouping", TEXT, "`theme`, `supplier` or `contract`"), ("key", TEXT, "the theme, supplier or contract"),
        ("contracts", INT, "contracts behind the row"),
        ("committed", FLOAT, "social value committed for the periods reported (£, portfolio prices)"),
        ("delivered", FLOAT, "social value delivered (£)"), ("shortfall", FLOAT, "shortfall (£)"),
        ("delivery_rate", FLOAT, "delivered / committed"),
    ), delivery_rows),
    FrameSpec("measures", "one per measure", columns(
        ("measure", TEXT, "measure code"), ("theme", TEXT, "theme"), ("unit", TEXT, "the measure's unit"),
        ("contracts", INT, "contracts reporting it"), ("committed_quantity", FLOAT, "committed for the periods reported"),
        ("delivered_quantity", FLOAT, "delivered"), ("delivery_rate", FLOAT, "delivered / committed"),
        ("under_delivers", BOOL, "delivery rate under 90%"),
        ("delivered_per_contract_year", FLOAT, "median delivered per contract-year: the draft target"),
    ), measure_rows),
    FrameSpec("documents", "one per document", columns(
        ("path", TEXT, "path inside the portfolio's folder"), ("framework", TEXT, "the framework that read it"),
        ("kind", TEXT, "document kind"), ("name", TEXT, "its name, supplier or organisation"),
    ), document_rows),
)
