"""The DataFrames of a framework comparison, declared with :func:`socialvalue.results.frames.register_frames`.

A comparison is a result like any other, so its frames go through the same registry as every
framework's (``result.to_frame(kind)``, ``result.frame_kinds()``). Kinds, default first:
``values`` (activity × fact × view), ``decomposition`` (activity × compared pair × fact ×
cause, plus each pair's total), ``ranks`` (bid × view; empty unless bids were compared). The
column list of a kind never depends on the data; money is GBP at full (exact) precision and
``NaN`` where a view has no counterpart ("no counterpart" is not £0). Registered when
:mod:`socialvalue.compare` is imported.
"""

from __future__ import annotations

from typing import Any

from socialvalue.compare.result import ComparisonResult
from socialvalue.results.frames import FLOAT, INT, TEXT, FrameSpec, columns, iter_specs, register_frames
from socialvalue.results.frames import to_frame as _registry_to_frame

__all__ = ["COLUMNS", "compare_decomposition", "compare_ranks", "compare_values", "to_frame"]

_GBP = "GBP, the view's price year"


def compare_values(result: Any) -> list[dict[str, Any]]:
    """Comparison ``values``: one row per activity, fact and view.

    Columns: ``subject``, ``fact``, ``fact_type``, ``view``, ``framework``, ``value``,
    ``status``, ``counterpart``, ``reason``, ``price_year``. ``value`` is missing (``NaN``) when
    the view has no counterpart or does not monetise the fact; ``status`` says which.
    """
    return [{"subject": s.name, "fact": r.fact.id, "fact_type": r.fact.fact, "view": run.view.label,
             "framework": run.view.framework, "value": value, "status": cell.status,
             "counterpart": cell.counterpart, "reason": cell.reason, "price_year": run.price_year}
            for s in result.subjects for r in s.rows
            for run, value, cell in zip(result.runs, r.values, r.cells, strict=True)]


def compare_decomposition(result: Any) -> list[dict[str, Any]]:
    """Comparison ``decomposition``: one row per activity, compared pair, fact and cause.

    Columns: ``subject``, ``fact``, ``from_view``, ``to_view``, ``cause``, ``amount``,
    ``status``. Each pair also has rows for its total (``fact == "total"``), which is what a
    summary pivots on: filter ``fact != "total"`` before summing facts. The amounts of a fact
    sum to its difference, and the facts' amounts of a cause sum to the total's.
    """
    return [{"subject": s.name, "fact": r.id, "from_view": d.from_view, "to_view": d.to_view, "cause": cause,
             "amount": amount, "status": r.status}
            for s in result.subjects for d in s.decompositions for r in (*d.rows, d.total)
            for cause, amount in r.parts.items()]


def compare_ranks(result: Any) -> list[dict[str, Any]]:
    """Comparison ``ranks``: one row per bid and view (none unless bids were compared).

    Columns: ``subject``, ``view``, ``value``, ``rank``. ``subject`` is the bidder; ``rank``
    is the competition rank under that view (equal values share a rank).
    """
    rk = result.ranking
    if rk is None:
        return []
    return [{"subject": supplier, "view": view, "value": rk.values[i][k], "rank": rk.ranks[i][k]}
            for k, supplier in enumerate(rk.suppliers) for i, view in enumerate(rk.views)]


register_frames(
    ComparisonResult,
    FrameSpec("values", "one per activity, fact and view", columns(
        ("subject", TEXT, "activity (or bidder) compared"),
        ("fact", TEXT, "fact id within the activity"),
        ("fact_type", TEXT, "the kind of fact, e.g. `local-jobs` (the crosswalk's key)"),
        ("view", TEXT, "view label"),
        ("framework", TEXT, "framework of the view"),
        ("value", FLOAT, f"value of the fact under the view ({_GBP}; missing when not valued)"),
        ("status", TEXT, "`valued`, `no counterpart` or `not monetised`"),
        ("counterpart", TEXT, "what values the fact in the view, e.g. `measure NT1 valued with uk-open:…`"),
        ("reason", TEXT, "why the fact is not valued, when it is not"),
        ("price_year", INT, "price year of the view"),
    ), compare_values),
    FrameSpec("decomposition", "one per activity, compared pair, fact (and the pair's total) and cause", columns(
        ("subject", TEXT, "activity (or bidder) compared"),
        ("fact", TEXT, "fact id, or `total` for the pair's total"),
        ("from_view", TEXT, "view the difference is measured from"),
        ("to_view", TEXT, "view the difference is measured to"),
        ("cause", TEXT, "the cause (see the comparison's `CAUSES`), e.g. `proxy value`, `discounting`"),
        ("amount", FLOAT, "part of the difference due to the cause (GBP); a fact's amounts sum to its difference"),
        ("status", TEXT, "`compared`, `no counterpart in VIEW`, `no counterpart in either view`, or `total`"),
    ), compare_decomposition),
    FrameSpec("ranks", "one per bid and view (bids only)", columns(
        ("subject", TEXT, "bidder"),
        ("view", TEXT, "view label"),
        ("value", FLOAT, f"the bid's total value under the view ({_GBP})"),
        ("rank", INT, "competition rank under the view (1 = highest value; ties share a rank)"),
    ), compare_ranks),
)

COLUMNS: dict[str, tuple[str, ...]] = {s.kind: tuple(s.names) for s in iter_specs(ComparisonResult)}
"""The columns of each kind, in order (kept for code written against the earlier module)."""


def to_frame(result: Any, kind: str = "values") -> Any:
    """One tidy table of ``result``: ``values``, ``decomposition`` or ``ranks`` (``result.to_frame(kind)``)."""
    return _registry_to_frame(result, kind)
