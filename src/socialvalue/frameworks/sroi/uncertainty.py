"""Monte Carlo for impact maps: turn the map's ranges into engine distributions.

Where uncertainty comes from, per outcome:

* the proxy value: ``low``/``high`` on the outcome, or else the proxy's own published
  range (e.g. the WELLBY's £10,000–£16,000). Drawn from a triangular distribution with its
  mode at the central value, as a multiplier of the central value (so it applies to
  proxies that are series by year too);
* adjustments: ``ranges: {deadweight: [0.1, 0.3], …}``, drawn uniformly.

An outcome without ranges keeps its central values in every draw. The draws themselves,
the seeding and the exact per-draw totals are the engine's
(:func:`socialvalue.engine.monte_carlo`).
"""

from __future__ import annotations

from typing import Any

from socialvalue.errors import ValidationError

__all__ = ["run_monte_carlo", "uncertainty_for"]


def uncertainty_for(imap: Any) -> dict[str, Any]:
    """The engine's ``uncertainty`` mapping for an impact map (empty when it has no ranges)."""
    from socialvalue.engine import Triangular, Uniform

    out: dict[str, Any] = {}
    rows, low, mode, high = [], [], [], []
    for i, mo in enumerate(imap.outcomes):
        bounds = _proxy_bounds(imap, mo)
        if bounds is None:
            continue
        central, lo, hi = bounds
        rows.append(i)
        low.append(lo / central)
        mode.append(1.0)
        high.append(hi / central)
    if rows:
        out["proxy"] = Triangular(low=low, mode=mode, high=high, rows=rows, relative=True)
    for name in ("deadweight", "displacement", "attribution", "leakage", "drop_off"):
        picked = [(i, mo.ranges[name]) for i, mo in enumerate(imap.outcomes) if name in mo.ranges]
        if picked:
            out[name] = Uniform(low=[r[0] for _, r in picked], high=[r[1] for _, r in picked],
                                rows=[i for i, _ in picked])
    return out


def _proxy_bounds(imap: Any, mo: Any) -> tuple[float, float, float] | None:
    """(central, low, high) of an outcome's proxy, or None without a usable range.

    A series proxy's range is read at the calendar year of the outcome's first year; DESNZ
    publishes its low and high carbon paths as fixed shares of the central one.
    """
    proxy = mo.proxy
    if proxy.is_series:
        if proxy.low is None and proxy.high is None or imap.first_year is None:
            return None
        year = imap.first_year + mo.outcome.start_year - 1
        central = proxy.value_at(year)
        lo = proxy.value_at(year, scenario="low")
        hi = proxy.value_at(year, scenario="high")
    else:
        if mo.low is None and mo.high is None:
            return None
        central = proxy.headline_value
        lo = central if mo.low is None else mo.low
        hi = central if mo.high is None else mo.high
    if central <= 0:
        return None
    return central, lo, hi


def run_monte_carlo(imap: Any, table: Any, draws: int, seed: Any) -> Any:
    """Seeded Monte Carlo of an impact map's present value and SROI ratio."""
    from socialvalue.config import current_limits
    from socialvalue.engine import monte_carlo
    from socialvalue.errors import LimitExceededError

    cells = draws * max(len(imap.outcomes), 1)
    if cells > current_limits().max_draw_cells:
        raise LimitExceededError(f"{draws:,} draws of {len(imap.outcomes):,} outcomes ({cells:,} values) exceed the "
                                 f"limit of {current_limits().max_draw_cells:,}", source="options", field="monte_carlo",
                                 hint="use fewer draws; raise the max_draw_cells limit only if you trust the run")
    uncertainty = uncertainty_for(imap)
    if not uncertainty:
        raise ValidationError(
            "the map gives no ranges to draw from", source=imap.source, field="outcomes",
            hint="add low/high to an outcome (or use a proxy with a published range) or "
                 "ranges: {deadweight: [0.1, 0.3]}")
    return monte_carlo(table, imap.schedule, imap.investment, uncertainty=uncertainty, draws=draws, seed=seed,
                       convention=imap.convention)
