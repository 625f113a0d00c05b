"""The DataFrames of tender and monitoring results, declared with
:func:`socialvalue.results.frames.register_frames`.

Kinds, default first: ``TenderResult``: ``measures`` (bid × measure), ``bids``, ``themes``;
``MonitoringResult``: ``periods`` (measure × period), ``measures``, ``themes``. Money columns
are missing (``NaN``) for measures that are not monetised: "not monetised" is not £0.
Registered when the ``toms`` package is imported.
"""

from __future__ import annotations

from typing import Any

from socialvalue.frameworks.toms.monitoring_result import MonitoringResult
from socialvalue.frameworks.toms.result import TenderResult
from socialvalue.results.frames import BOOL, FLOAT, INT, TEXT, FrameSpec, columns, register_frames

__all__ = ["monitoring_measures", "monitoring_periods", "monitoring_themes", "tender_bids", "tender_measures",
           "tender_themes"]

_GBP = "GBP, price year"


def _money(value: float | None, monetised: bool) -> float | None:
    """The money of a measure, or missing when it is not monetised ("not monetised" is not £0)."""
    return value if monetised else None


def tender_measures(result: Any) -> list[dict[str, Any]]:
    """Tender ``measures``: one row per bid and measure it commits to.

    Columns: ``supplier``, ``rank``, ``measure``, ``description``, ``theme``, ``theme_name``,
    ``unit``, ``monetised``, ``per_year``, ``quantity``, ``quantity_text``, ``value_offered``,
    ``value_adjusted``, ``share_of_bid``. A bid with no commitments has no rows (see ``bids``).
    """
    rows = []
    for b in result.bids:
        for m in b.by_measure:
            mon = bool(m["monetised"])
            rows.append({"supplier": b.supplier, "rank": b.rank, "measure": m["measure"],
                         "description": m["description"], "theme": m["theme"], "theme_name": m["theme_name"],
                         "unit": m["unit"], "monetised": mon, "per_year": bool(m["per_year"]),
                         "quantity": m["quantity"], "quantity_text": m["quantity_text"],
                         "value_offered": _money(m["value_offered"], mon),
                         "value_adjusted": _money(m["value_adjusted"], mon),
                         "share_of_bid": _money(m["share_of_bid"], mon)})
    return rows


_BID_FIELDS = ("supplier", "rank", "tied", "score", "quantitative_score", "qualitative_score", "qualitative_mark",
               "social_value", "sv_percent", "social_value_offered", "social_value_adjusted", "sv_percent_offered",
               "present_value_offered", "present_value_adjusted", "note")


def tender_bids(result: Any) -> list[dict[str, Any]]:
    """Tender ``bids``: one row per bid, in rank order.

    Columns: ``supplier``, ``rank``, ``tied``, ``score``, ``quantitative_score``,
    ``qualitative_score``, ``qualitative_mark``, ``social_value``, ``sv_percent``,
    ``social_value_offered``, ``social_value_adjusted``, ``sv_percent_offered``,
    ``present_value_offered``, ``present_value_adjusted``, ``note``.
    """
    return [{k: getattr(b, k) for k in _BID_FIELDS} for b in result.bids]


def tender_themes(result: Any) -> list[dict[str, Any]]:
    """Tender ``themes``: one row per bid and theme.

    Columns: ``supplier``, ``rank``, ``theme``, ``theme_name``, ``monetised``, ``value_offered``,
    ``value_adjusted`` (the monetised value of the bid's measures in that theme). The values are
    missing for a theme in which none of the bid's measures is monetised: not £0.
    """
    rows = []
    for b in result.bids:
        valued = {m["theme"] for m in b.by_measure if m["monetised"]}
        for t in b.by_theme:
            mon = t["theme"] in valued
            rows.append({"supplier": b.supplier, "rank": b.rank, "theme": t["theme"], "theme_name": t["name"],
                         "monetised": mon, "value_offered": _money(t["value_offered"], mon),
                         "value_adjusted": _money(t["value_adjusted"], mon)})
    return rows


def monitoring_periods(result: Any) -> list[dict[str, Any]]:
    """Monitoring ``periods``: one row per measure and period, committed against delivered.

    Columns: ``measure``, ``theme``, ``theme_name``, ``unit``, ``monetised``, ``period``,
    ``status``, ``committed``, ``delivered``, ``delivered_quantity``, ``unevidenced``, ``notes``.
    ``delivered`` and ``delivered_quantity`` are missing for periods without a delivery record.
    """
    rows = []
    for r in result.measures:
        mon = bool(r["monetised"])
        for p in r["by_period"]:
            rows.append({"measure": r["measure"], "theme": r["theme"], "theme_name": r["theme_name"],
                         "unit": r["unit"], "monetised": mon, "period": p["period"], "status": p["status"],
                         "committed": _money(p["committed"], mon), "delivered": _money(p["delivered"], mon),
                         "delivered_quantity": p["delivered_quantity"], "unevidenced": bool(p["unevidenced"]),
                         "notes": "; ".join(p["notes"]) or None})
    return rows


_MONITOR_MONEY = ("committed_total", "committed_due", "committed_reported", "delivered")


_MONITOR_FIELDS = ("measure", "description", "theme", "theme_name", "unit", "per_year", "monetised", "basis",
                   *_MONITOR_MONEY, "committed_quantity_total", "committed_quantity_reported", "delivered_quantity",
                   "difference", "percent_delivered", "percent_of_total_commitment", "shortfall", "over_delivery",
                   "missing_periods", "reported_years", "run_rate_per_year", "forecast")


def monitoring_measures(result: Any) -> list[dict[str, Any]]:
    """Monitoring ``measures``: one row per measure, totals to date and forecast.

    Columns: ``measure``, ``description``, ``theme``, ``theme_name``, ``unit``, ``per_year``,
    ``monetised``, ``basis``, ``committed_total``, ``committed_due``, ``committed_reported``,
    ``delivered``, ``committed_quantity_total``, ``committed_quantity_reported``,
    ``delivered_quantity``, ``difference``, ``percent_delivered``, ``percent_of_total_commitment``,
    ``shortfall``, ``over_delivery``, ``missing_periods``, ``reported_years``,
    ``run_rate_per_year``, ``forecast``. ``difference`` to ``forecast`` are in £ when ``basis``
    is ``value`` and in the measure's unit when it is ``quantity``.
    """
    rows = []
    for r in result.measures:
        rec = {k: r[k] for k in _MONITOR_FIELDS}
        rec.update({k: _money(r[k], r["monetised"]) for k in _MONITOR_MONEY})
        rec["missing_periods"] = ", ".join(r["missing_periods"]) or None
        rows.append(rec)
    return rows


_THEME_FIELDS = ("monetised", "committed_total", "committed_due", "committed_reported", "delivered", "difference",
                 "percent_delivered", "shortfall", "over_delivery", "forecast")


def monitoring_themes(result: Any) -> list[dict[str, Any]]:
    """Monitoring ``themes``: one row per theme, monetised measures only.

    Columns: ``theme``, ``theme_name``, ``monetised``, ``committed_total``, ``committed_due``,
    ``committed_reported``, ``delivered``, ``difference``, ``percent_delivered``, ``shortfall``,
    ``over_delivery``, ``forecast``. Money is missing for a theme with no monetised measure.
    """
    rows = []
    for t in result.themes:
        rec = {"theme": t["theme"], "theme_name": t["name"]}
        rec.update({k: t[k] if k == "monetised" or t["monetised"] else None for k in _THEME_FIELDS})
        rows.append(rec)
    return rows


register_frames(
    TenderResult,
    FrameSpec("measures", "one per bid and measure it commits to", columns(
        ("supplier", TEXT, "bidder"),
        ("rank", INT, "rank of the bid (1 = best)"),
        ("measure", TEXT, "measure code"),
        ("description", TEXT, "measure description"),
        ("theme", TEXT, "theme id"),
        ("theme_name", TEXT, "theme name"),
        ("unit", TEXT, "measure unit"),
        ("monetised", BOOL, "false if the measure has no proxy"),
        ("per_year", BOOL, "true if the quantity is a level held per contract year"),
        ("quantity", FLOAT, "quantity offered over the contract"),
        ("quantity_text", TEXT, "the quantity in words, with its unit"),
        ("value_offered", FLOAT, f"value as offered ({_GBP}; missing if not monetised)"),
        ("value_adjusted", FLOAT, f"value adjusted for deliverability ({_GBP}; missing if not monetised)"),
        ("share_of_bid", FLOAT, "share of the bid's scored value, 0-1 (missing if not monetised)"),
    ), tender_measures),
    FrameSpec("bids", "one per bid, in rank order", columns(
        ("supplier", TEXT, "bidder"),
        ("rank", INT, "rank (1 = best)"),
        ("tied", BOOL, "true if the rank is shared"),
        ("score", FLOAT, "total social value points"),
        ("quantitative_score", FLOAT, "points for the social value offered"),
        ("qualitative_score", FLOAT, "points for the qualitative answer"),
        ("qualitative_mark", FLOAT, "qualitative mark, 0-100"),
        ("social_value", FLOAT, f"the value that was scored ({_GBP})"),
        ("sv_percent", FLOAT, "`social_value` as a percentage of the contract value"),
        ("social_value_offered", FLOAT, f"value as offered ({_GBP})"),
        ("social_value_adjusted", FLOAT, f"value adjusted for deliverability ({_GBP})"),
        ("sv_percent_offered", FLOAT, "`social_value_offered` as a percentage of the contract value"),
        ("present_value_offered", FLOAT, f"present value as offered ({_GBP}; missing without discounting)"),
        ("present_value_adjusted", FLOAT, f"present value adjusted ({_GBP}; missing without discounting)"),
        ("note", TEXT, "note on the bid"),
    ), tender_bids),
    FrameSpec("themes", "one per bid and theme", columns(
        ("supplier", TEXT, "bidder"),
        ("rank", INT, "rank of the bid"),
        ("theme", TEXT, "theme id"),
        ("theme_name", TEXT, "theme name"),
        ("monetised", BOOL, "false if none of the bid's measures in the theme has a proxy"),
        ("value_offered", FLOAT, f"monetised value offered in the theme ({_GBP}; missing if not monetised)"),
        ("value_adjusted", FLOAT, f"monetised value adjusted for deliverability ({_GBP}; missing if not monetised)"),
    ), tender_themes),
)

register_frames(
    MonitoringResult,
    FrameSpec("periods", "one per measure and reporting period", columns(
        ("measure", TEXT, "measure code"),
        ("theme", TEXT, "theme id"),
        ("theme_name", TEXT, "theme name"),
        ("unit", TEXT, "measure unit"),
        ("monetised", BOOL, "false if the measure has no proxy"),
        ("period", TEXT, "period label, e.g. `2026/27`"),
        ("status", TEXT, "`reported`, `missing` (due, no record: not zero) or `future`"),
        ("committed", FLOAT, f"value committed for the period ({_GBP}; missing if not monetised)"),
        ("delivered", FLOAT, f"value delivered ({_GBP}; missing if not monetised or no record)"),
        ("delivered_quantity", FLOAT, "quantity delivered, in `unit` (missing if no record)"),
        ("unevidenced", BOOL, "true if a delivery in the period is marked without evidence"),
        ("notes", TEXT, "delivery notes, joined with `; `"),
    ), monitoring_periods),
    FrameSpec("measures", "one per measure", columns(
        ("measure", TEXT, "measure code"),
        ("description", TEXT, "measure description"),
        ("theme", TEXT, "theme id"),
        ("theme_name", TEXT, "theme name"),
        ("unit", TEXT, "measure unit"),
        ("per_year", BOOL, "true if the quantity is a level held per contract year"),
        ("monetised", BOOL, "false if the measure has no proxy"),
        ("basis", TEXT, "`value` (compared in £) or `quantity` (compared in `unit`)"),
        ("committed_total", FLOAT, f"whole-contract commitment ({_GBP}; missing if not monetised)"),
        ("committed_due", FLOAT, f"committed for the periods due so far ({_GBP})"),
        ("committed_reported", FLOAT, f"committed for the periods reported ({_GBP})"),
        ("delivered", FLOAT, f"delivered so far ({_GBP})"),
        ("committed_quantity_total", FLOAT, "whole-contract commitment, in `unit`"),
        ("committed_quantity_reported", FLOAT, "committed for the periods reported, in `unit`"),
        ("delivered_quantity", FLOAT, "delivered so far, in `unit`"),
        ("difference", FLOAT, "delivered - committed (reported periods), on the `basis`"),
        ("percent_delivered", FLOAT, "delivered as % of committed for the reported periods"),
        ("percent_of_total_commitment", FLOAT, "delivered as % of the whole-contract commitment"),
        ("shortfall", FLOAT, "how far delivery is below commitment, on the `basis`"),
        ("over_delivery", FLOAT, "how far delivery is above commitment, on the `basis`"),
        ("missing_periods", TEXT, "due periods with no delivery record, joined with `, `"),
        ("reported_years", FLOAT, "contract years covered by the reported periods"),
        ("run_rate_per_year", FLOAT, "delivered per reported year, on the `basis`"),
        ("forecast", FLOAT, "delivery at the end of the contract at the current run rate, on the `basis`"),
    ), monitoring_measures),
    FrameSpec("themes", "one per theme", columns(
        ("theme", TEXT, "theme id"),
        ("theme_name", TEXT, "theme name"),
        ("monetised", BOOL, "false if no measure in the theme has a proxy"),
        ("committed_total", FLOAT, f"whole-contract commitment ({_GBP})"),
        ("committed_due", FLOAT, f"committed for the periods due ({_GBP})"),
        ("committed_reported", FLOAT, f"committed for the periods reported ({_GBP})"),
        ("delivered", FLOAT, f"delivered so far ({_GBP})"),
        ("difference", FLOAT, f"delivered - committed_reported ({_GBP})"),
        ("percent_delivered", FLOAT, "delivered as % of committed_reported"),
        ("shortfall", FLOAT, f"sum of the measures' shortfalls ({_GBP})"),
        ("over_delivery", FLOAT, f"sum of the measures' over-delivery ({_GBP})"),
        ("forecast", FLOAT, f"forecast at the current run rate ({_GBP})"),
    ), monitoring_themes),
)
