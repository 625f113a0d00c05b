"""DataFrames of a local model result, declared through socialvalue's public registration.

Kinds, default first: ``offers`` (one row per offer), ``pillars`` (one per offer and pillar),
``commitments`` (one per commitment). ``result.to_frame("pillars")`` works as for a built-in.
"""

from __future__ import annotations

from typing import Any

from socialvalue.results.frames import FLOAT, INT, TEXT, FrameSpec, columns, register_frames

from socialvalue_local_model.result import LocalModelResult

__all__ = ["commitment_rows", "offer_rows", "pillar_rows"]


def offer_rows(result: Any) -> list[dict[str, Any]]:
    return [{"supplier": o.supplier, "rank": o.rank, "points": o.points, "value": o.value} for o in result.offers]


def pillar_rows(result: Any) -> list[dict[str, Any]]:
    return [{"supplier": o.supplier, **p.to_dict()} for o in result.offers for p in o.pillars]


def commitment_rows(result: Any) -> list[dict[str, Any]]:
    return [{"supplier": o.supplier, **c.to_dict()} for o in result.offers for c in o.commitments]


register_frames(
    LocalModelResult,
    FrameSpec("offers", "one per offer", columns(
        ("supplier", TEXT, "the supplier"),
        ("rank", INT, "rank by points (1 = most; equal points share a rank)"),
        ("points", FLOAT, "weighted points"),
        ("value", FLOAT, "value of the monetised commitments (£, at the price year)"),
    ), offer_rows),
    FrameSpec("pillars", "one per offer and pillar", columns(
        ("supplier", TEXT, "the supplier"),
        ("pillar", TEXT, "the pillar id"),
        ("weight", FLOAT, "the council's weight of the pillar"),
        ("value", FLOAT, "value of the offer's monetised commitments under the pillar (£)"),
        ("score", FLOAT, "mean of the pillar's measure scores (0-1)"),
        ("points", FLOAT, "points earned under the pillar"),
    ), pillar_rows),
    FrameSpec("commitments", "one per commitment", columns(
        ("supplier", TEXT, "the supplier"),
        ("measure", TEXT, "measure code"),
        ("pillar", TEXT, "the measure's pillar"),
        ("quantity", FLOAT, "quantity committed (per year for per-year measures)"),
        ("years", INT, "years held (1 for measures counted once)"),
        ("unit", TEXT, "the measure's unit"),
        ("amount", FLOAT, "quantity x years"),
        ("value", FLOAT, "amount x proxy (£); missing when the measure is not monetised"),
        ("proxy", TEXT, "the proxy's qualified id"),
        ("proxy_value", FLOAT, "the proxy's value at the price year (£ per unit)"),
        ("score", FLOAT, "amount / the largest amount offered for the measure"),
    ), commitment_rows),
)
