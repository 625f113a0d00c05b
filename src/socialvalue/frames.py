"""Tidy pandas DataFrames of every result (``pip install 'socialvalue[notebook]'``).

``result.to_frame(kind)`` calls :func:`to_frame` here. Each *kind* is one table with one
row per observation and a fixed set of columns, documented in the builder docstrings below
and, with types and meanings, in ``docs/reference/dataframes.md`` (the tests check that the
two agree with the frames themselves). The column list of a kind never depends on the data:
a value that does not apply is missing (``NaN``/``<NA>``/``None``), and an empty result gives
an empty frame with the same columns.

Money is in GBP in the result's price year, at full precision (rounding is for reports).
Money columns hold ``NaN`` for measures that are not monetised: "not monetised" is not £0.
Every frame carries ``frame.attrs`` with ``framework``, ``kind``, ``name``, ``price_year``
(``None`` when the result has none) and ``source`` (the input file, when known).

Kinds, default first:

- ``SroiResult``: ``outcomes`` (outcome × project year), ``impact_map``, ``reductions``,
  ``sensitivity``, ``break_even``, ``monte_carlo``, ``forecast_comparison``;
- ``TenderResult``: ``measures`` (bid × measure), ``bids``, ``themes``;
- ``MonitoringResult``: ``periods`` (measure × period), ``measures``, ``themes``;
- ``AssessmentResult``: ``themes``, ``criteria``;
- Flexible Framework ``ComparisonResult``: ``levels`` (organisation × theme), ``organisations``;
- ``LM3Result``: ``lines`` (spend line), ``kinds``, ``rounds``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from socialvalue.errors import UnknownNameError, ValidationError
from socialvalue.suggest import close_matches

__all__ = ["SPECS", "Column", "FrameSpec", "frame_kinds", "iter_specs", "records", "require_part", "to_frame"]

TEXT, INT, NINT, FLOAT, BOOL, DATE = "text", "int64", "Int64", "float64", "bool", "datetime64"
"""Column types: text (object, or ``str`` in pandas 3), whole numbers, whole numbers that may be
missing (pandas' nullable ``Int64``), numbers (``NaN`` when missing), true/false, dates."""


@dataclass(frozen=True)
class Column:
    """One documented column: its name, type (one of the constants above) and meaning."""

    name: str
    dtype: str
    meaning: str


@dataclass(frozen=True)
class FrameSpec:
    """One kind of frame for one result class."""

    result: str  # dotted path of the result class
    kind: str
    rows: str  # what one row is
    columns: tuple[Column, ...]
    build: Callable[[Any], list[dict[str, Any]]]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def _cols(*items: tuple[str, str, str]) -> tuple[Column, ...]:
    return tuple(Column(*item) for item in items)


def _money(value: float | None, monetised: bool) -> float | None:
    return value if monetised else None


# ----------------------------------------------------------------------------------- SROI

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
    from socialvalue.frameworks.sroi.result import _stage

    return [{"stage": r["stage"], "label": _stage(r["stage"]), "total": r["total"], "reduction": r["reduction"]}
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


# ----------------------------------------------------------------------------------- TOMs

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

    Columns: ``supplier``, ``rank``, ``theme``, ``theme_name``, ``value_offered``,
    ``value_adjusted`` (the monetised value of the bid's measures in that theme).
    """
    return [{"supplier": b.supplier, "rank": b.rank, "theme": t["theme"], "theme_name": t["name"],
             "value_offered": t["value_offered"], "value_adjusted": t["value_adjusted"]}
            for b in result.bids for t in b.by_theme]


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


# ------------------------------------------------------------------------ Flexible Framework

def assessment_themes(result: Any) -> list[dict[str, Any]]:
    """Assessment ``themes``: one row per theme with the level reached (0-5).

    Columns: ``theme``, ``theme_name``, ``level``, ``level_name``, ``next_level``,
    ``next_level_name``, ``missing_for_next_level``, ``criteria``, ``unassessed``,
    ``supporting_criteria``, ``supporting_unverified``, ``previous_level``, ``change``. The last
    two are missing without a previous assessment.
    """
    change = {c.id: c for c in result.change or ()}
    rows = []
    for t in result.themes:
        c = change.get(t.id)
        rows.append({"theme": t.id, "theme_name": t.name, "level": t.level, "level_name": t.level_name,
                     "next_level": t.next_level, "next_level_name": t.next_level_name,
                     "missing_for_next_level": len(t.missing), "criteria": t.criteria, "unassessed": t.unassessed,
                     "supporting_criteria": t.supporting, "supporting_unverified": t.supporting_unverified,
                     "previous_level": None if c is None else c.before, "change": None if c is None else c.change})
    return rows


def assessment_criteria(result: Any) -> list[dict[str, Any]]:
    """Assessment ``criteria``: one row per criterion of the framework.

    Columns: ``criterion``, ``theme``, ``level``, ``status``, ``listed``, ``counts_as_met``,
    ``confidence``, ``evidence``, ``text``.
    """
    return [{"criterion": s.criterion.id, "theme": s.criterion.theme, "level": s.criterion.level,
             "status": s.status, "listed": bool(s.listed), "counts_as_met": bool(result.rules.counts(s.status)),
             "confidence": s.criterion.confidence, "evidence": s.evidence, "text": s.criterion.text}
            for s in result.statuses]


def benchmark_levels(result: Any) -> list[dict[str, Any]]:
    """Benchmarking ``levels``: one row per organisation and theme.

    Columns: ``organisation``, ``date``, ``source``, ``theme``, ``theme_name``, ``level``.
    """
    return [{"organisation": r.organisation, "date": r.date, "source": r.provenance.source, "theme": t.id,
             "theme_name": t.name, "level": r.levels[t.id]} for r in result.results for t in result.catalogue.themes]


def benchmark_organisations(result: Any) -> list[dict[str, Any]]:
    """Benchmarking ``organisations``: one row per assessment.

    Columns: ``organisation``, ``date``, ``source``, ``minimum_level``, ``unassessed``,
    ``unverified_share``.
    """
    return [{"organisation": r.organisation, "date": r.date, "source": r.provenance.source,
             "minimum_level": r.minimum_level, "unassessed": len(r.unassessed),
             "unverified_share": r.unverified["share_of_levels"]} for r in result.results]


# ------------------------------------------------------------------------------------ LM3

def lm3_lines(result: Any) -> list[dict[str, Any]]:
    """LM3 ``lines``: one row per round-1 spend line (recipient).

    Columns: ``recipient``, ``kind``, ``amount``, ``local``, ``local_respend``,
    ``survey_answers``, ``status``, ``r2``, ``r3``, ``notes``.
    """
    return [ln.to_dict() for ln in result.lines]


def lm3_kinds(result: Any) -> list[dict[str, Any]]:
    """LM3 ``kinds``: one row per kind of spend. Columns: ``kind``, ``lines``, ``r1``, ``r2``,
    ``r3``, ``unsurveyed_local_spend``."""
    return [k.to_dict() for k in result.by_kind]


def lm3_rounds(result: Any) -> list[dict[str, Any]]:
    """LM3 ``rounds``: one row per round. Columns: ``round``, ``description``, ``amount``,
    ``share_of_r1``. LM3 is the sum of ``amount`` divided by R1."""
    described = (("R1", "total spend", result.r1), ("R2", "spent inside the boundary", result.r2),
                 ("R3", "re-spent inside the boundary by local recipients", result.r3))
    return [{"round": name, "description": text, "amount": amount,
             "share_of_r1": amount / result.r1 if result.r1 else None} for name, text, amount in described]


# ------------------------------------------------------------------------------ registry

_FR = "socialvalue.frameworks."
_SROI, _TENDER, _MONITOR = _FR + "sroi.result.SroiResult", _FR + "toms.result.TenderResult", \
    _FR + "toms.monitoring_result.MonitoringResult"
_ASSESS, _BENCH, _LM3 = _FR + "flexible.result.AssessmentResult", _FR + "flexible.result.ComparisonResult", \
    _FR + "lm3.result.LM3Result"

_GBP = "GBP, price year"
SPECS: tuple[FrameSpec, ...] = (
    FrameSpec(_SROI, "outcomes", "one per outcome and project year in which it runs", _cols(
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
    FrameSpec(_SROI, "impact_map", "one per outcome", _cols(
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
    FrameSpec(_SROI, "reductions", "one per step of the waterfall", _cols(
        ("stage", TEXT, "`gross`, `deadweight`, `displacement`, `attribution`, `leakage`, `drop_off`, `discounting`"),
        ("label", TEXT, "the stage in words"),
        ("total", FLOAT, f"total after the step ({_GBP}); the last is the present value"),
        ("reduction", FLOAT, f"amount the step removed ({_GBP}; negative if it added value)"),
    ), sroi_reductions),
    FrameSpec(_SROI, "sensitivity", "one per assumption, widest swing first", _cols(
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
    FrameSpec(_SROI, "break_even", "one per assumption", _cols(
        ("assumption", TEXT, "assumption moved alone"),
        ("kind", TEXT, "`multiplier`, `shift`, `rate` or `years`"),
        ("base", FLOAT, "setting in the result"),
        ("value", FLOAT, "setting at which the ratio reaches the target (missing: never)"),
        ("ratio", FLOAT, "ratio at that setting"),
        ("clipped", BOOL, "true if the search was limited by the valid range"),
        ("reason", TEXT, "why the target cannot be reached, when it cannot"),
    ), sroi_break_even),
    FrameSpec(_SROI, "monte_carlo", "one per draw", _cols(
        ("draw", INT, "draw number from 1"),
        ("pv", FLOAT, f"present value in that draw ({_GBP})"),
        ("ratio", FLOAT, "SROI ratio in that draw (missing without investment)"),
    ), sroi_monte_carlo),
    FrameSpec(_SROI, "forecast_comparison", "one per outcome in the forecast or the evaluation", _cols(
        ("outcome", TEXT, "outcome id"),
        ("forecast", FLOAT, f"present value in the forecast ({_GBP})"),
        ("actual", FLOAT, f"present value in the evaluation ({_GBP})"),
        ("difference", FLOAT, "actual - forecast"),
        ("status", TEXT, "`both`, `forecast only` or `evaluation only`"),
    ), sroi_forecast_comparison),
    FrameSpec(_TENDER, "measures", "one per bid and measure it commits to", _cols(
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
    FrameSpec(_TENDER, "bids", "one per bid, in rank order", _cols(
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
    FrameSpec(_TENDER, "themes", "one per bid and theme", _cols(
        ("supplier", TEXT, "bidder"),
        ("rank", INT, "rank of the bid"),
        ("theme", TEXT, "theme id"),
        ("theme_name", TEXT, "theme name"),
        ("value_offered", FLOAT, f"monetised value offered in the theme ({_GBP})"),
        ("value_adjusted", FLOAT, f"monetised value adjusted for deliverability ({_GBP})"),
    ), tender_themes),
    FrameSpec(_MONITOR, "periods", "one per measure and reporting period", _cols(
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
    FrameSpec(_MONITOR, "measures", "one per measure", _cols(
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
    FrameSpec(_MONITOR, "themes", "one per theme", _cols(
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
    FrameSpec(_ASSESS, "themes", "one per theme", _cols(
        ("theme", TEXT, "theme id"),
        ("theme_name", TEXT, "theme name"),
        ("level", INT, "level reached, 0-5"),
        ("level_name", TEXT, "name of that level"),
        ("next_level", NINT, "next level (missing at the top)"),
        ("next_level_name", TEXT, "its name"),
        ("missing_for_next_level", INT, "criteria still to meet for the next level"),
        ("criteria", INT, "criteria in the theme"),
        ("unassessed", INT, "criteria with no status (count as not met)"),
        ("supporting_criteria", INT, "criteria behind the level reached"),
        ("supporting_unverified", INT, "of those, criteria marked P or U"),
        ("previous_level", NINT, "level in the previous assessment (missing without one)"),
        ("change", NINT, "level - previous_level"),
    ), assessment_themes),
    FrameSpec(_ASSESS, "criteria", "one per criterion", _cols(
        ("criterion", TEXT, "criterion id, e.g. `people.1.a`"),
        ("theme", TEXT, "theme id"),
        ("level", INT, "level the criterion belongs to, 1-5"),
        ("status", TEXT, "`met`, `partly`, `not-met` or `unknown`"),
        ("listed", BOOL, "false if the assessment did not list it"),
        ("counts_as_met", BOOL, "whether the status counts as met under the rules"),
        ("confidence", TEXT, "C, P or U: how far the wording is confirmed"),
        ("evidence", TEXT, "evidence given"),
        ("text", TEXT, "the criterion, paraphrased"),
    ), assessment_criteria),
    FrameSpec(_BENCH, "levels", "one per organisation and theme", _cols(
        ("organisation", TEXT, "organisation assessed"),
        ("date", DATE, "date of the assessment"),
        ("source", TEXT, "file it came from"),
        ("theme", TEXT, "theme id"),
        ("theme_name", TEXT, "theme name"),
        ("level", INT, "level reached, 0-5"),
    ), benchmark_levels),
    FrameSpec(_BENCH, "organisations", "one per assessment", _cols(
        ("organisation", TEXT, "organisation assessed"),
        ("date", DATE, "date of the assessment"),
        ("source", TEXT, "file it came from"),
        ("minimum_level", INT, "lowest theme level"),
        ("unassessed", INT, "criteria with no status"),
        ("unverified_share", FLOAT, "share of the supporting criteria marked P or U"),
    ), benchmark_organisations),
    FrameSpec(_LM3, "lines", "one per round-1 spend line", _cols(
        ("recipient", TEXT, "who was paid"),
        ("kind", TEXT, "kind of spend, e.g. `staff`, `supplier`"),
        ("amount", FLOAT, "round-1 spend (£)"),
        ("local", BOOL, "true if the recipient is inside the boundary"),
        ("local_respend", FLOAT, "share re-spent inside the boundary (missing: not surveyed or not local)"),
        ("survey_answers", NINT, "number of survey answers averaged, when a list was given"),
        ("status", TEXT, "`surveyed`, `unsurveyed` or `outside boundary`"),
        ("r2", FLOAT, "round-2 amount: `amount` if local, else 0 (£)"),
        ("r3", FLOAT, "round-3 amount: `amount` × `local_respend` (£)"),
        ("notes", TEXT, "notes"),
    ), lm3_lines),
    FrameSpec(_LM3, "kinds", "one per kind of spend", _cols(
        ("kind", TEXT, "kind of spend"),
        ("lines", INT, "spend lines of that kind"),
        ("r1", FLOAT, "round-1 spend (£)"),
        ("r2", FLOAT, "spent inside the boundary (£)"),
        ("r3", FLOAT, "re-spent inside the boundary (£)"),
        ("unsurveyed_local_spend", FLOAT, "local spend with no survey figure (£)"),
    ), lm3_kinds),
    FrameSpec(_LM3, "rounds", "one per round (R1, R2, R3)", _cols(
        ("round", TEXT, "`R1`, `R2` or `R3`"),
        ("description", TEXT, "the round in words"),
        ("amount", FLOAT, "amount in the round (£)"),
        ("share_of_r1", FLOAT, "amount / R1"),
    ), lm3_rounds),
)


def _class_path(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def _specs_for(result: Any) -> list[FrameSpec]:
    for cls in type(result).__mro__:
        found = [s for s in SPECS if s.result == _class_path(cls)]
        if found:
            return found
    return []


def frame_kinds(result: Any) -> tuple[str, ...]:
    """The kinds of frame ``result`` offers, default first (empty for other objects)."""
    return tuple(s.kind for s in _specs_for(result))


def _spec(result: Any, kind: str | None) -> FrameSpec:
    specs = _specs_for(result)
    if not specs:
        raise ValidationError(f"no DataFrame is defined for {type(result).__name__}", field="result",
                              hint="pass a result from socialvalue's frameworks (SROI, tender, monitoring, "
                                   "assessment, benchmarking, LM3)")
    if kind is None:
        return specs[0]
    for s in specs:
        if s.kind == kind:
            return s
    kinds = [s.kind for s in specs]
    raise UnknownNameError(f"{type(result).__name__} has no frame kind {kind!r}", field="kind",
                           suggestions=close_matches(str(kind), kinds),
                           hint="kinds: " + ", ".join(kinds))


def records(result: Any, kind: str | None = None) -> list[dict[str, Any]]:
    """The rows of a frame as plain dicts with exactly the documented keys (no pandas needed)."""
    spec = _spec(result, kind)
    return [{name: row.get(name) for name in spec.names} for row in spec.build(result)]


def to_frame(result: Any, kind: str | None = None) -> Any:
    """A tidy :class:`pandas.DataFrame` of ``result`` (``kind=None``: the result's default kind).

    Raises :class:`~socialvalue.errors.MissingDependencyError` without pandas,
    :class:`~socialvalue.errors.UnknownNameError` for an unknown kind and
    :class:`~socialvalue.errors.ValidationError` when the result lacks the part asked for
    (e.g. ``sensitivity`` on a result computed without it).
    """
    from socialvalue.optional import require

    spec = _spec(result, kind)
    pd = require("pandas", purpose="to_frame()")
    rows = records(result, spec.kind)
    data = {c.name: _column(pd, c, [r[c.name] for r in rows]) for c in spec.columns}
    frame = pd.DataFrame(data, columns=spec.names)
    frame.attrs.update(_attrs(result, spec.kind))
    return frame


def _column(pd: Any, column: Column, values: list[Any]) -> Any:
    if column.dtype == FLOAT:
        return pd.Series([float("nan") if v is None else float(v) for v in values], dtype="float64")
    if column.dtype == INT:
        return pd.Series([int(v) for v in values], dtype="int64")
    if column.dtype == NINT:
        return pd.Series([None if v is None else int(v) for v in values], dtype="Int64")
    if column.dtype == BOOL:
        return pd.Series([bool(v) for v in values], dtype="bool")
    if column.dtype == DATE:
        return pd.Series(pd.to_datetime(pd.Series(values, dtype="object")))
    return pd.Series(values, dtype="object" if not values or all(v is None for v in values) else None)


def _attrs(result: Any, kind: str) -> dict[str, Any]:
    prov = getattr(result, "provenance", None)
    name = getattr(result, "name", None) or getattr(getattr(result, "imap", None), "name", None) or getattr(
        result, "organisation", None) or getattr(result, "title", None)
    return {"framework": getattr(result, "framework", None), "kind": kind, "name": name,
            "price_year": getattr(prov, "price_year", None), "source": getattr(prov, "source", None)}


_PARTS = {
    "sensitivity": ("sensitivity analysis", "socialvalue value FILE --sensitivity",
                    "options={'sensitivity': True}"),
    "monte_carlo": ("Monte Carlo simulation", "socialvalue value FILE --monte-carlo 10000 --seed 1",
                    "options={'monte_carlo': 10000, 'seed': 1}"),
    "comparison": ("comparison with a forecast", "socialvalue value EVALUATION.yaml (with `forecast:` set)",
                   "an evaluation map that names its forecast"),
}


def require_part(result: Any, part: str, needed_by: str) -> Any:
    """``result.<part>`` (sensitivity, monte_carlo, comparison), or a ValidationError saying how to get it."""
    value = getattr(result, part, None)
    if value is None:
        what, cli, api = _PARTS[part]
        raise ValidationError(f"{needed_by} needs a result computed with {what}, and this one was not",
                              source=getattr(getattr(result, "provenance", None), "source", None), field=part,
                              hint=f"run `{cli}`, or evaluate(..., {api})" if part != "comparison"
                              else f"run `{cli}`: only {api} has a comparison")
    return value


def iter_specs(result_class: str | None = None) -> Iterable[FrameSpec]:
    """Every frame spec (for one result class path, when given): used for the reference docs."""
    return (s for s in SPECS if result_class is None or s.result == result_class)
