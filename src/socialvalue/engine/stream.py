"""Value streams in closed form.

An outcome valued in project years ``s … s+d-1`` with year-1 impact ``I`` and drop-off
``do`` is worth ``I * (1 - do)**(t - s)`` in year ``t`` (drop-off starts in the outcome's
second year). Discounted with period ``u = t - offset`` (see :mod:`.discount`) its present
value is ``I * ann`` with the *discounted annuity factor*::

    ann = sum_{m=0}^{d-1} (1 - do)**m * DF(u0 + m),        u0 = s - offset

Within a band of constant rate ``r`` the terms form a geometric series with ratio
``g = (1 - do) / (1 + r)``, so ``ann`` is a sum over the (few) bands the outcome touches::

    DF(A) * (1 - do)**(A - u0) * G(g, n),     G(g, n) = sum_{m<n} g**m = expm1(n L) / expm1(L)

with ``L = log g = log1p(-do) - log1p(r)``. The ``expm1``/``log1p`` form is used instead
of ``(1 - g**n) / (1 - g)`` because it stays accurate when ``g`` is close to 1 (tiny rates
and drop-off), where the textbook form loses most of its digits; ``g == 1`` exactly gives
``G = n``. A constant rate is one band, so the common case costs a handful of vector
operations per outcome and never builds an outcomes × years matrix.

Every function here is elementwise per outcome, so an outcome's value does not depend on
which other outcomes are present or where it sits in the arrays: permuting rows permutes
the per-outcome results and leaves correctly rounded totals unchanged.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .discount import Schedule
from .exact import exact_row_sums

__all__ = ["annuity", "df_at", "impact_into", "log1p_rate", "yearly_stream_sums"]


def impact_into(q: Any, p: Any, dw: Any, ds: Any, at: Any, lk: Any, out: np.ndarray, ret: np.ndarray,
                tmp: np.ndarray) -> np.ndarray:
    """``out = (q * p) * (((1 - dw) * (1 - ds)) * (1 - at) * (1 - lk))``, the year-1 impact.

    This one evaluation order is used everywhere (compilation, valuation, Monte Carlo), so
    a Monte Carlo draw equal to the base inputs reproduces the base value bit for bit.
    ``lk=None`` skips the leakage factor, which is the same as multiplying by ``1 - 0``.
    """
    np.multiply(q, p, out=out)
    np.subtract(1.0, dw, out=ret)
    np.subtract(1.0, ds, out=tmp)
    ret *= tmp
    np.subtract(1.0, at, out=tmp)
    ret *= tmp
    if lk is not None:
        np.subtract(1.0, lk, out=tmp)
        ret *= tmp
    out *= ret
    return out


def log1p_rate(rate: Any) -> Any:
    """``log1p(rate)`` computed by the same (array) code path everywhere, so a Monte Carlo
    draw equal to the base rate reproduces the deterministic result bit for bit."""
    arr = np.log1p(np.asarray(rate, dtype=np.float64).reshape(-1))
    return float(arr[0]) if np.ndim(rate) == 0 else arr.reshape(np.shape(rate))


def df_at(df: np.ndarray, u: Any) -> Any:
    """``DF(u)`` from a factor table ``df[..., u]`` (scalar ``u`` gives a scalar for 1-D tables)."""
    if np.ndim(u) == 0 and df.ndim == 1:
        return float(df[int(u)])
    return df[..., u]


def _geometric(lg: np.ndarray, n: Any, rate: Any, do: np.ndarray, out: np.ndarray,
               tmp: np.ndarray) -> np.ndarray:
    """``out = sum_{m<n} g**m`` with ``g = (1 - do) / (1 + rate)`` and ``lg = log1p(-do)``.

    ``rate`` is a float or an array broadcastable to ``out`` (one rate per Monte Carlo
    draw). The denominator ``g - 1`` is computed directly as ``-(do + rate) / (1 + rate)``
    when the rate is ``>= 0``: ``do + rate`` is then a sum of two non-negative floats,
    rounded once, so it is accurate even when ``g`` is within an ulp of 1, and it saves
    one ``expm1``. For negative rates (where ``do + rate`` can cancel) it is
    ``expm1(log g)``, consistent with the numerator. ``tmp`` is clobbered.
    """
    L = np.subtract(lg, log1p_rate(rate), out=tmp)
    with np.errstate(invalid="ignore"):
        np.multiply(L, n, out=out)  # -inf * 0 (full drop-off, no years in this band) is fixed below
    np.expm1(out, out=out)
    scalar = np.ndim(rate) == 0
    if scalar and rate >= 0.0:
        np.add(do, rate, out=tmp)
        tmp *= -1.0 / (1.0 + rate)
    elif scalar:
        np.expm1(L, out=L)
    else:
        rates = np.asarray(rate, dtype=np.float64)
        direct = np.add(do, rates) * (-1.0 / (1.0 + rates))
        if (rates < 0.0).any():
            direct = np.where(rates >= 0.0, direct, np.expm1(L))
        np.copyto(tmp, direct)
    with np.errstate(invalid="ignore", divide="ignore"):
        np.divide(out, tmp, out=out)
    if not scalar or rate <= 0.0:  # g == 1 (no drop-off, zero rate): 0/0 above, the sum is n
        one = tmp == 0.0
        if one.any():
            np.copyto(out, np.broadcast_to(n, out.shape), where=one)
    return out


def annuity(do: np.ndarray, dur: np.ndarray, u0: Any, schedule: Schedule, df: np.ndarray,
            last_period: int, *, out: np.ndarray | None = None, work: tuple[np.ndarray, ...] | None = None,
            rate: Any = None) -> np.ndarray:
    """Discounted annuity factor per outcome (see the module docstring).

    ``do`` drop-off, ``dur`` duration as float64 (same shape), ``u0`` first period (int or
    int array broadcastable to ``do``), ``df`` the factor table ``DF(0 … last_period)``.
    For Monte Carlo draws of a constant rate pass ``rate`` (a column, one rate per draw)
    and a 2-D ``df`` (one table row per draw); ``schedule`` is then ignored. ``out``/``work``
    are optional buffers of ``do``'s shape (``work`` needs 3) so the chunked kernels
    allocate nothing.
    """
    shape = np.broadcast_shapes(np.shape(do), np.shape(dur))
    if out is None:
        out = np.empty(shape)
    if work is None:
        work = tuple(np.empty(shape) for _ in range(3))
    w_lg, w_tmp, w_seg = work[0], work[1], work[2]
    lg = np.negative(do, out=w_lg)
    with np.errstate(divide="ignore"):
        np.log1p(lg, out=lg)  # log(1 - do); -inf when do == 1, and G then counts the first year only
    if rate is not None:  # one constant rate per draw (Monte Carlo)
        _geometric(lg, dur, rate, do, out, w_tmp)
        np.multiply(out, df_at(df, u0), out=out)
        return out
    segments = schedule.segments(last_period)
    _, hi0, r0 = segments[0]
    if len(segments) == 1:
        _geometric(lg, dur, r0, do, out, w_tmp)
        np.multiply(out, df_at(df, u0), out=out)
        return out
    # Kinked schedule: the first band starts at period 0, so an outcome enters it at u0.
    u0f = np.asarray(u0, dtype=np.float64)
    u1 = dur + (u0f - 1.0)
    n = np.minimum(u1, float(hi0)) - u0f + 1.0
    np.maximum(n, 0.0, out=n)
    _geometric(lg, n, r0, do, out, w_tmp)
    np.copyto(out, 0.0, where=n == 0.0)  # outcomes that start after the first band
    np.multiply(out, df_at(df, u0), out=out)
    keep = 1.0 - do
    for lo, hi, r in segments[1:]:
        a = np.maximum(u0f, float(lo))
        n = np.minimum(u1, float(hi)) - a + 1.0
        np.maximum(n, 0.0, out=n)
        if not n.any():
            continue
        seg = _geometric(lg, n, r, do, w_seg, w_tmp)
        np.copyto(seg, 0.0, where=n == 0.0)
        seg *= df_at(df, a.astype(np.intp))
        seg *= np.power(keep, a - u0f)
        out += seg
    return out


def yearly_stream_sums(values: np.ndarray, start: np.ndarray, dur: np.ndarray, do: np.ndarray,
                       df: np.ndarray | None, offset: int) -> np.ndarray:
    """``S = sum_t P[t] * (1 - do)**(t - s) * DF(t - offset)`` over each outcome's years.

    ``values`` is ``(k, W)`` (proxy by project year, column ``t - 1``); ``start``, ``dur``
    and ``do`` are ``(..., k)`` (a leading Monte Carlo batch axis is allowed); ``df`` is a
    factor table ``(..., >= W)`` or ``None`` for undiscounted sums. Each sum is correctly
    rounded, so it does not depend on how many other yearly rows (padding) there are.
    """
    k, width = values.shape
    lead = np.broadcast_shapes(np.shape(start), np.shape(dur), np.shape(do))
    t = np.arange(1, width + 1, dtype=np.float64)
    s = np.asarray(start, dtype=np.float64)[..., None]
    d = np.asarray(dur, dtype=np.float64)[..., None]
    age = t - s
    active = (age >= 0.0) & (age < d)
    keep = 1.0 - np.asarray(do, dtype=np.float64)[..., None]
    with np.errstate(invalid="ignore"):
        w = np.power(keep, np.where(active, age, 0.0))
    w = np.where(active, w, 0.0)
    if df is not None:
        # columns past the last active year have weight 0; clip so the table lookup stays in range
        periods = np.clip(np.arange(1, width + 1) - offset, 0, df.shape[-1] - 1)
        w = w * df[..., None, periods] if df.ndim > 1 else w * df[periods]
    terms = np.broadcast_to(values, lead[:-1] + (k, width)) * w
    return exact_row_sums(terms.reshape(-1, width)).reshape(lead)
