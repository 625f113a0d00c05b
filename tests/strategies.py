"""Hypothesis strategies shared by the test modules: model objects, money, fractions, and the
engine's columnar arrays and discount schedules."""

from __future__ import annotations

import unicodedata
from typing import Any

import numpy as np
from hypothesis import strategies as st

from socialvalue.frameworks.sroi.model import Activity, Beneficiary, Investment, Outcome
from socialvalue.proxies.model import Derivation, Proxy, Source

__all__ = [
    "FRACTIONS_OUTSIDE",
    "FRACTION_EDGES",
    "RATES_OUTSIDE",
    "RATE_EDGES",
    "activities",
    "beneficiaries",
    "derivations",
    "engine_columns",
    "exact_float_lists",
    "float_arrays",
    "fractions",
    "identifiers",
    "kinked_schedules",
    "money",
    "money_amounts",
    "outcome_fractions",
    "outcomes",
    "price_years",
    "proxies",
    "rates",
    "sources",
]

identifiers = st.from_regex(r"[a-z][a-z0-9-]{0,15}", fullmatch=True)
# Text that validation.text accepts: no surrogates, no control characters (Cc) and none of the
# bidirectional embedding, override and isolate controls (U+202A-U+202E, U+2066-U+2069), which
# socialvalue refuses in free text (written out here, not imported from the code under test).
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"), exclude_characters=BIDI_CONTROLS),
                min_size=1, max_size=30).filter(lambda s: s.strip() != "")
money = st.floats(min_value=0.0, max_value=1e9, allow_nan=False, allow_infinity=False)
# Every fraction the code accepts, with the bounds themselves and their nearest neighbours inside
# drawn often: exactly 0 and 1, the smallest subnormal, the largest float below 1.
FRACTION_EDGES = (0.0, 1.0, 5e-324, 0.9999999999999999, 0.5)
fractions = st.one_of(st.sampled_from(FRACTION_EDGES), st.floats(min_value=0.0, max_value=1.0, allow_nan=False))
FRACTIONS_OUTSIDE = (1.0000000000000002, -5e-324, 1.0001, -1e-9, 2.0, float("inf"), float("nan"))
"""Values just outside [0, 1] (the nearest floats first): every one must be refused."""
price_years = st.integers(min_value=1990, max_value=2024)
PROXY_UNITS = ("GBP/person/year", "GBP/FTE/year", "GBP/tCO2e", "GBP/hour", "GBP/QALY", "GBP/offence",
               "GBP/volunteer/year", "GBP/bed_day")

sources = st.builds(
    Source,
    publisher=words,
    title=words,
    year=st.none() | st.integers(1990, 2030),
    url=st.none() | st.just("https://www.gov.uk/example"),
    locator=st.none() | words,
)

derivations = st.builds(
    Derivation,
    formula=words,
    inputs=st.dictionaries(identifiers, st.fixed_dictionaries({"value": money, "source": words}), max_size=3),
)


@st.composite
def proxies(draw: st.DrawFn) -> Proxy:
    """Valid proxies, scalar or series, with consistent low ≤ value ≤ high."""
    series = draw(st.booleans())
    if series:
        start = draw(st.integers(2000, 2040))
        values = draw(st.lists(money, min_size=1, max_size=5))
        value: object = {start + i: x for i, x in enumerate(values)}
        low = {y: x * draw(fractions) for y, x in value.items()} if draw(st.booleans()) else None
        high = None
    else:
        value = draw(money)
        low = value * draw(fractions) if draw(st.booleans()) else None
        high = value * (1 + draw(fractions)) if draw(st.booleans()) else None
    return Proxy(
        id=draw(identifiers), name=draw(words), value=value, unit=draw(st.sampled_from(PROXY_UNITS)),
        price_year=draw(price_years), source=draw(sources), licence="OGL-UK-3.0", region=draw(words),
        theme=draw(st.none() | st.sampled_from(["employment", "health", "environment"])),
        tags=draw(st.lists(identifiers, max_size=3)), low=low, high=high,
        confidence=draw(st.sampled_from("CPU")), derivation=draw(st.none() | derivations),
        description=draw(st.none() | words),
    )


beneficiaries = st.builds(
    Beneficiary, group=words, count=st.none() | st.integers(0, 10**6),
    characteristics=st.dictionaries(identifiers, words, max_size=2),
)


@st.composite
def outcomes(draw: st.DrawFn, ident: str | None = None) -> Outcome:
    return Outcome(
        id=ident or draw(identifiers), quantity=draw(money),
        proxy=draw(identifiers | proxies()), duration=draw(st.integers(1, 30)),
        deadweight=draw(fractions), displacement=draw(fractions), attribution=draw(fractions),
        leakage=draw(fractions), drop_off=draw(fractions), start_year=draw(st.integers(1, 3)),
        description=draw(st.none() | words), beneficiaries=draw(st.none() | beneficiaries),
        theme=draw(st.none() | words), negative=draw(st.booleans()),
    )


@st.composite
def activities(draw: st.DrawFn) -> Activity:
    n = draw(st.integers(0, 4))
    return Activity(
        name=draw(words),
        investment=draw(st.lists(st.builds(Investment, name=words, amount=money), min_size=1, max_size=3,
                                 unique_by=lambda i: " ".join(unicodedata.normalize("NFKC", i.name).casefold().split()))),
        outcomes=[draw(outcomes(ident=f"o{i}")) for i in range(n)],
        place=draw(st.none() | words), period=draw(st.none() | words),
    )


# --------------------------------------------------------------------------- engine columns

money_amounts = st.floats(min_value=0.0, max_value=1e7, allow_nan=False, allow_infinity=False)
outcome_fractions = fractions
# Discount rates: the engine accepts every finite rate in (-1, 1). Strategies cover negative rates
# down to -0.5 (values double every year there, so -0.5 keeps 40-year streams finite) and rates up
# to 0.99, with 0, tiny rates of both signs and the ends drawn often.
RATE_EDGES = (0.0, 0.035, -0.5, 0.99, 5e-324, -5e-324, 1e-12, -1e-12, -0.2)
rates = st.one_of(st.sampled_from(RATE_EDGES), st.floats(min_value=-0.5, max_value=0.99, allow_nan=False))
RATES_OUTSIDE = (1.0, -1.0, 1.0000000000000002, -1.0000000000000002, 1.5, -2.0, float("inf"), float("-inf"),
                 float("nan"))
"""Rates the engine must refuse: the bounds -1 and 1 themselves and everything beyond."""

_finite = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300)


@st.composite
def float_arrays(draw: st.DrawFn, min_size: int = 0, max_size: int = 60) -> np.ndarray:
    """Finite float64 arrays mixing magnitudes, signs, exact cancellations and ties."""
    kind = draw(st.sampled_from(["any", "money", "cancel", "ties", "wide"]))
    n = draw(st.integers(min_size, max_size))
    if kind == "any":
        values = draw(st.lists(_finite, min_size=n, max_size=n))
    elif kind == "money":
        values = draw(st.lists(st.floats(0.0, 1e9, allow_nan=False), min_size=n, max_size=n))
    elif kind == "cancel":
        half = draw(st.lists(st.floats(-1e16, 1e16, allow_nan=False), min_size=n // 2, max_size=n // 2))
        values = half + [-v for v in half] + draw(st.lists(st.floats(-1.0, 1.0), max_size=3))
    elif kind == "ties":
        big = draw(st.sampled_from([1.0, 2.0**30, 2.0**-20]))
        values = [big, big * 2.0**-53] * max(n // 2, 1) + [big * 2.0**-106] * draw(st.integers(0, 3))
    else:
        exps = draw(st.lists(st.integers(-300, 300), min_size=n, max_size=n))
        mants = draw(st.lists(st.floats(-1.0, 1.0, allow_nan=False), min_size=n, max_size=n))
        values = [m * 10.0**e for m, e in zip(mants, exps, strict=True)]
    arr = np.array(values, dtype=np.float64)
    order = draw(st.permutations(list(range(arr.size)))) if arr.size <= 30 else list(range(arr.size))
    return arr[np.array(order, dtype=np.intp)] if arr.size else arr


exact_float_lists = float_arrays


@st.composite
def engine_columns(draw: st.DrawFn, min_size: int = 1, max_size: int = 12, *, negatives: bool = False,
                   starts: bool = True, leakage: bool = True) -> dict[str, Any]:
    """Keyword arguments for ``compile_outcomes`` describing a small valid portfolio."""
    n = draw(st.integers(min_size, max_size))

    def column(strategy: st.SearchStrategy[Any]) -> list[Any]:
        return draw(st.lists(strategy, min_size=n, max_size=n))

    cols: dict[str, Any] = {
        "quantity": np.array(column(st.floats(0.0, 1e4, allow_nan=False))),
        "proxy": np.array(column(st.floats(0.0, 1e5, allow_nan=False))),
        "deadweight": np.array(column(outcome_fractions)),
        "displacement": np.array(column(outcome_fractions)),
        "attribution": np.array(column(outcome_fractions)),
        "drop_off": np.array(column(outcome_fractions)),
        "duration": np.array(column(st.integers(1, 40)), dtype=np.int64),
    }
    if leakage and draw(st.booleans()):
        cols["leakage"] = np.array(column(outcome_fractions))
    if starts and draw(st.booleans()):
        cols["start"] = np.array(column(st.integers(1, 4)), dtype=np.int64)
    if negatives:
        cols["negative"] = np.array(column(st.booleans()))
    return cols


@st.composite
def kinked_schedules(draw: st.DrawFn) -> tuple[tuple[int, ...], tuple[float, ...]]:
    """``(band_starts, band_rates)`` with 1-4 bands starting at year 1."""
    k = draw(st.integers(1, 4))
    gaps = draw(st.lists(st.integers(1, 15), min_size=k - 1, max_size=k - 1))
    starts = [1]
    for g in gaps:
        starts.append(starts[-1] + g)
    band_rates = draw(st.lists(rates, min_size=k, max_size=k))
    return tuple(starts), tuple(band_rates)
