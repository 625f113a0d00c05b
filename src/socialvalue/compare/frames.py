"""Tidy pandas DataFrames of a comparison (pandas is imported only here, and only when asked).

Columns are documented in :meth:`socialvalue.compare.result.ComparisonResult.to_frame`. The
column list of a kind never depends on the data; money is GBP at full (exact) precision and
``NaN`` where a view has no counterpart ("no counterpart" is not £0).
"""

from __future__ import annotations

import math
from typing import Any

__all__ = ["COLUMNS", "to_frame"]

COLUMNS: dict[str, tuple[str, ...]] = {
    "values": ("subject", "fact", "fact_type", "view", "framework", "value", "status", "counterpart", "reason",
               "price_year"),
    "decomposition": ("subject", "fact", "from_view", "to_view", "cause", "amount", "status"),
    "ranks": ("subject", "view", "value", "rank"),
}


def _pandas() -> Any:
    from socialvalue.optional import require

    return require("pandas", purpose="to_frame()")


def _records(result: Any, kind: str) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = []
    if kind == "values":
        for s in result.subjects:
            for r in s.rows:
                for run, value, cell in zip(result.runs, r.values, r.cells, strict=True):
                    rows.append((s.name, r.fact.id, r.fact.fact, run.view.label, run.view.framework,
                                 math.nan if value is None else value, cell.status, cell.counterpart, cell.reason,
                                 run.price_year))
    elif kind == "decomposition":
        for s in result.subjects:
            for d in s.decompositions:
                for r in (*d.rows, d.total):  # the total row (fact "total") is what a summary pivots on
                    for cause, amount in r.parts.items():
                        rows.append((s.name, r.id, d.from_view, d.to_view, cause, amount, r.status))
    elif result.ranking is not None:
        rk = result.ranking
        for k, supplier in enumerate(rk.suppliers):
            for i, view in enumerate(rk.views):
                rows.append((supplier, view, rk.values[i][k], rk.ranks[i][k]))
    return rows


def to_frame(result: Any, kind: str = "values") -> Any:
    """One tidy table of ``result``: ``values``, ``decomposition`` or ``ranks``."""
    if kind not in COLUMNS:
        from socialvalue.errors import UnknownNameError
        from socialvalue.suggest import close_matches

        raise UnknownNameError(f"unknown frame kind {kind!r}", field="kind", suggestions=close_matches(kind, COLUMNS),
                               hint="kinds: " + ", ".join(COLUMNS))
    pd = _pandas()
    frame = pd.DataFrame.from_records(_records(result, kind), columns=list(COLUMNS[kind]))
    for column in ("value", "amount"):
        if column in frame.columns:
            frame[column] = frame[column].astype("float64")
    if "rank" in frame.columns:
        frame["rank"] = frame["rank"].astype("int64")
    if "price_year" in frame.columns:
        frame["price_year"] = frame["price_year"].astype("int64")
    frame.attrs.update({"framework": "compare", "kind": kind, "name": result.name,
                        "price_year": result.subjects[0].activity.price_year, "source": result.provenance.source})
    return frame
