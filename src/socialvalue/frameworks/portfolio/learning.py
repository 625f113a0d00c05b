"""Learning for the next specification, from what contracts actually delivered.

From the monitoring returns of a portfolio, by measure (in the measure's own unit, so measures
reported but not monetised count too):

* **under-delivering measures**: delivered ÷ committed (for the periods reported) below
  :data:`UNDER_DELIVERY`, with the number of contracts behind each figure;
* **suppliers who over-promise**: the same ratio of social value across a supplier's contracts;
* **draft targets**: for each measure, the median over contracts of what was delivered per
  contract-year, a target grounded in delivery rather than in bids, exported as a ``targets:``
  block in the shape TOMs-style catalogues use (measure, quantity per year, unit, note).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["UNDER_DELIVERY", "draft_targets", "measure_rows", "targets_yaml"]

UNDER_DELIVERY = 0.9
"""A measure or supplier delivering less than 90% of what it committed is flagged."""


def measure_rows(returns: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One row per measure over every monitoring return (``to_dict()`` of a monitoring result)."""
    items: dict[str, list[tuple[str, Mapping[str, Any]]]] = {}
    for d in returns:
        for m in d["measures"]:
            items.setdefault(m["measure"], []).append((d["name"], m))
    rows = []
    for code in sorted(items):
        mine = items[code]
        committed = math.fsum(m["committed_quantity_reported"] for _, m in mine)
        delivered = math.fsum(m["delivered_quantity"] for _, m in mine)
        rate = delivered / committed if committed else None
        per_year = [m["delivered_quantity"] / m["reported_years"] for _, m in mine if m["reported_years"]]
        rows.append({"measure": code, "theme": mine[0][1]["theme"], "unit": mine[0][1]["unit"],
                     "contracts": len({c for c, _ in mine}), "committed_quantity": committed,
                     "delivered_quantity": delivered, "delivery_rate": rate,
                     "under_delivers": rate is not None and rate < UNDER_DELIVERY,
                     "delivered_per_contract_year": statistics.median(per_year) if per_year else None})
    return rows


def draft_targets(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Evidence-based targets per contract-year (the median delivered), for measures with deliveries."""
    return [{"measure": r["measure"], "quantity": r["delivered_per_contract_year"], "unit": r["unit"],
             "note": f"median delivered per contract-year over {r['contracts']} contract(s); delivery rate "
                     + ("n/a" if r["delivery_rate"] is None else f"{r['delivery_rate']:.0%}")}
            for r in rows if r["delivered_per_contract_year"] is not None]


def targets_yaml(targets: Sequence[Mapping[str, Any]]) -> str:
    """The draft targets as a ``targets:`` YAML block (per-year quantities)."""
    import yaml

    return yaml.safe_dump({"targets": [dict(t) for t in targets]}, sort_keys=False, allow_unicode=True)
