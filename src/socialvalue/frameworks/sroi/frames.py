"""The DataFrames of an SROI result, declared with :func:`socialvalue.results.frames.register_frames`.

Kinds, default first: ``outcomes`` (outcome × project year), ``impact_map``, ``reductions``,
``sensitivity``, ``break_even``, ``monte_carlo``, ``forecast_comparison``. Each builder's docstring
names its columns; ``docs/reference/dataframes.md`` gives their types and meanings (the tests
check that the two agree with the frames). Registered when the ``sroi`` package is imported.
"""

from __future__ import annotations

from typing import Any

from socialvalue.frameworks.sroi.report import stage_label
from socialvalue.frameworks.sroi.result import SroiResult
from socialvalue.results.frames import BOOL, FLOAT, INT, NINT, TEXT, FrameSpec, columns, register_frames, require_part

__all__ = ["sroi_break_even", "sroi_forecast_comparison", "sroi_impact_map", "sroi_monte_carlo", "sroi_outcomes",
           "sroi_reductions", "sroi_sensitivity"]

_GBP = "GBP, price year"


def sroi_outcomes(result: Any) -> list[dict[str, Any]]:
    """SROI ``outcomes``: one row per outcome and project year in which it runs.

    Columns: ``outcome``, ``beneficiary_group``, ``theme``, ``domain``, ``negative``, ``proxy``,
    ``year``, ``calendar_year``, ``value``, ``discounted_value``. ``value`` is the net value in
    that year after the adjustments and drop-off, undiscounted; ``discounted_value`` is its
    present value. Disbenefits are negative. ``discounted_value`` summed over all rows is the
    present value (to the last few bits; the headline figure is summed exactly).
    """
    val, imap = result.valuation, result.imap
    disc, undisc = val.streams(), val.streams(discounted=False)
    rows = []
    for i, mo in enumerate(imap.outcomes):
        o = mo.outcome
        base = {"outcome": o.id, "beneficiary_group": o.beneficiaries.group if o.beneficiaries else None,
                "theme": o.theme, "domain": o.domain, "negative": bool(o.negative), "proxy": mo.proxy.id}
        for year in range(int(o.start_year), int(o.start_year) + int(o.duration)):
            rows.append({**base, "year": year,
                         "calendar_year": None if imap.first_year is None else imap.first_year + year - 1,
                         "value": float(undisc[i, year - 1]), "discounted_value": float(disc[i, year - 1])})
    return rows


def sroi_impact_map(result: Any) -> list[dict[str, Any]]:
    """SROI ``impact_map``: one row per outcome, with its assumptions and present value.

    Columns: ``outcome``, ``description``, ``beneficiary_group``, ``beneficiaries``, ``theme``,
    ``domain``, ``negative``, ``quantity``, ``quantity_unit``, ``proxy``, ``proxy_name``,
    ``proxy_value``, ``proxy_unit``, ``proxy_confidence``, ``proxy_source``, ``deadweight``,
    ``displacement``, ``attribution``, ``leakage``, ``drop_off``, ``start_year``, ``duration``,
    ``present_value``.
    """
    rows = []
    for rec in result.outcome_rows():
        ben, p, adj = rec["beneficiaries"] or {}, rec["proxy"], rec["adjustments"]
        rows.append({"outcome": rec["id"], "description": rec["description"],
                     "beneficiary_group": ben.get("group"), "beneficiaries": ben.get("count"),
                     "theme": rec["theme"], "domain": rec["domain"], "negative": bool(rec["negative"]),
                     "quantity": rec["quantity"], "quantity_unit": rec["quantity_unit"], "proxy": p["id"],
                     "proxy_name": p["name"], "proxy_value": p["value"], "proxy_unit": p["unit"],
                     "proxy_confidence": p["confidence"], "proxy_source": p["source"],
                     **{a: adj[a] for a in ("deadweight", "displacement", "attribution", "leakage", "drop_off")},
                     "start_year": rec["start_year"], "duration": rec["duration"],
                     "present_value": rec["present_value"]})
    return rows


def sroi_reductions(result: Any) -> list[dict[str, Any]]:
    """SROI ``reductions``: the waterfall from gross value to present value, one row per step.

    Columns: ``stage``, ``label``, ``total``, ``reduction``. Stages in order: ``gross``,
    ``deadweight``, ``displacement``, ``attribution``, ``leakage``, ``drop_off``,
    ``discounting``; the last ``total`` is the present value.
    """
    return [{"stage": r["stage"], "label": stage_label(r["stage"]), "total": r["total"], "reduction": r["reduction"]}
            for r in result.valuation.reductions]


def sroi_sensitivity(result: Any) -> list[dict[str, Any]]:
    """SROI ``sensitivity``: one row per assumption varied (widest swing first).

    Columns: ``assumption``, ``unit``, ``low``, ``high``, ``pv_low``, ``pv_high``, ``ratio_low``,
    ``ratio_high``, ``swing``, ``clipped_low``, ``clipped_high``. Needs a result computed with
    sensitivity.
    """
    sens = require_part(result, "sensitivity", "to_frame('sensitivity')")
    return [{"assumption": r.assumption, "unit": r.unit, "low": r.low, "high": r.high, "pv_low": r.pv_low,
             "pv_high": r.pv_high, "ratio_low": r.ratio_low, "ratio_high": r.ratio_high, "swing": r.swing,
             "clipped_low": r.clipped_low, "clipped_high": r.clipped_high} for r in sens.rows]


def sroi_break_even(result: Any) -> list[dict[str, Any]]:
    """SROI ``break_even``: one row per assumption, the setting at which the ratio reaches the target.

    Columns: ``assumption``, ``kind``, ``base``, ``value``, ``ratio``, ``clipped``, ``reason``.
    ``value`` is missing when the target cannot be reached (``reason`` says why).
    """
    require_part(result, "sensitivity", "to_frame('break_even')")
    return [{"assumption": b.assumption, "kind": b.kind, "base": b.base, "value": b.value, "ratio": b.ratio,
             "clipped": bool(b.clipped), "reason": b.reason} for b in result.break_even or ()]


def sroi_monte_carlo(result: Any) -> list[dict[str, Any]]:
    """SROI ``monte_carlo``: one row per draw. Columns: ``draw``, ``pv``, ``ratio``.

    ``draw`` counts from 1; ``ratio`` is missing when there is no investment. Needs a result
    computed with Monte Carlo.
    """
    mc = require_part(result, "monte_carlo", "to_frame('monte_carlo')")
    ratio = [None] * len(mc.pv) if mc.ratio is None else mc.ratio.tolist()
    return [{"draw": i + 1, "pv": pv, "ratio": r} for i, (pv, r) in enumerate(zip(mc.pv.tolist(), ratio, strict=True))]


def sroi_forecast_comparison(result: Any) -> list[dict[str, Any]]:
    """SROI ``forecast_comparison``: an evaluation against its forecast, one row per outcome.

    Columns: ``outcome``, ``forecast``, ``actual``, ``difference``, ``status``.
    """
    comparison = require_part(result, "comparison", "to_frame('forecast_comparison')")
    return [{"outcome": r["id"], "forecast": r["forecast"], "actual": r["actual"],
             "difference": r["difference"], "status": r["status"]} for r in comparison.rows]


register_frames(
    SroiResult,
    FrameSpec("outcomes", "one per outcome and project year in which it runs", columns(
        ("outcome", TEXT, "outcome id"),
        ("beneficiary_group", TEXT, "beneficiary group (missing if none given)"),
        ("theme", TEXT, "theme (missing if none given)"),
        ("domain", TEXT, "place domain (missing if none given)"),
        ("negative", BOOL, "true for a disbenefit (its values are negative)"),
        ("proxy", TEXT, "proxy id"),
        ("year", INT, "project year, 1 = first year of the activity"),
        ("calendar_year", NINT, "calendar year of that project year (missing without `first_year`)"),
        ("value", FLOAT, f"net value that year after adjustments and drop-off, undiscounted ({_GBP})"),
        ("discounted_value", FLOAT, f"`value` discounted: its present value ({_GBP})"),
    ), sroi_outcomes),
    FrameSpec("impact_map", "one per outcome", columns(
        ("outcome", TEXT, "outcome id"),
        ("description", TEXT, "description"),
        ("beneficiary_group", TEXT, "beneficiary group"),
        ("beneficiaries", NINT, "number of beneficiaries, when given"),
        ("theme", TEXT, "theme"),
        ("domain", TEXT, "place domain"),
        ("negative", BOOL, "true for a disbenefit"),
        ("quantity", FLOAT, "quantity as written"),
        ("quantity_unit", TEXT, "unit of `quantity`, when written with one"),
        ("proxy", TEXT, "proxy id"),
        ("proxy_name", TEXT, "proxy name"),
        ("proxy_value", FLOAT, f"proxy value ({_GBP}; the first year's for a series)"),
        ("proxy_unit", TEXT, "proxy unit, e.g. `GBP/person/year`"),
        ("proxy_confidence", TEXT, "confidence mark of the proxy"),
        ("proxy_source", TEXT, "citation of the proxy's source"),
        ("deadweight", FLOAT, "fraction 0-1"),
        ("displacement", FLOAT, "fraction 0-1"),
        ("attribution", FLOAT, "fraction 0-1"),
        ("leakage", FLOAT, "fraction 0-1"),
        ("drop_off", FLOAT, "fraction 0-1 lost each year after the first"),
        ("start_year", INT, "project year the outcome starts"),
        ("duration", INT, "years it lasts"),
        ("present_value", FLOAT, f"net present value of the outcome ({_GBP}; negative for a disbenefit)"),
    ), sroi_impact_map),
    FrameSpec("reductions", "one per step of the waterfall", columns(
        ("stage", TEXT, "`gross`, `deadweight`, `displacement`, `attribution`, `leakage`, `drop_off`, `discounting`"),
        ("label", TEXT, "the stage in words"),
        ("total", FLOAT, f"total after the step ({_GBP}); the last is the present value"),
        ("reduction", FLOAT, f"amount the step removed ({_GBP}; negative if it added value)"),
    ), sroi_reductions),
    FrameSpec("sensitivity", "one per assumption, widest swing first", columns(
        ("assumption", TEXT, "`proxy`, `quantity`, `deadweight`, …, `duration`, `discount_rate`"),
        ("unit", TEXT, "how low/high apply: `multiplier`, `shift`, `years` or `rate multiplier`"),
        ("low", FLOAT, "low setting"),
        ("high", FLOAT, "high setting"),
        ("pv_low", FLOAT, f"present value at the low setting ({_GBP})"),
        ("pv_high", FLOAT, f"present value at the high setting ({_GBP})"),
        ("ratio_low", FLOAT, "SROI ratio at the low setting (missing without investment)"),
        ("ratio_high", FLOAT, "SROI ratio at the high setting (missing without investment)"),
        ("swing", FLOAT, "width of the tornado bar: ratio range, or PV range without investment"),
        ("clipped_low", INT, "outcomes whose low variation was limited by the valid range"),
        ("clipped_high", INT, "outcomes whose high variation was limited by the valid range"),
    ), sroi_sensitivity),
    FrameSpec("break_even", "one per assumption", columns(
        ("assumption", TEXT, "assumption moved alone"),
        ("kind", TEXT, "`multiplier`, `shift`, `rate` or `years`"),
        ("base", FLOAT, "setting in the result"),
        ("value", FLOAT, "setting at which the ratio reaches the target (missing: never)"),
        ("ratio", FLOAT, "ratio at that setting"),
        ("clipped", BOOL, "true if the search was limited by the valid range"),
        ("reason", TEXT, "why the target cannot be reached, when it cannot"),
    ), sroi_break_even),
    FrameSpec("monte_carlo", "one per draw", columns(
        ("draw", INT, "draw number from 1"),
        ("pv", FLOAT, f"present value in that draw ({_GBP})"),
        ("ratio", FLOAT, "SROI ratio in that draw (missing without investment)"),
    ), sroi_monte_carlo),
    FrameSpec("forecast_comparison", "one per outcome in the forecast or the evaluation", columns(
        ("outcome", TEXT, "outcome id"),
        ("forecast", FLOAT, f"present value in the forecast ({_GBP})"),
        ("actual", FLOAT, f"present value in the evaluation ({_GBP})"),
        ("difference", FLOAT, "actual - forecast"),
        ("status", TEXT, "`both`, `forecast only` or `evaluation only`"),
    ), sroi_forecast_comparison),
)
