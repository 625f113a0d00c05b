"""Hypothesis strategies shared by the test modules (model objects, money, fractions)."""

from __future__ import annotations

from hypothesis import strategies as st

from socialvalue.model import Activity, Beneficiary, Derivation, Investment, Outcome, Proxy, Source

__all__ = [
    "activities",
    "beneficiaries",
    "derivations",
    "fractions",
    "identifiers",
    "money",
    "outcomes",
    "price_years",
    "proxies",
    "sources",
]

identifiers = st.from_regex(r"[a-z][a-z0-9-]{0,15}", fullmatch=True)
words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(
    lambda s: s.strip() != "")
money = st.floats(min_value=0.0, max_value=1e9, allow_nan=False, allow_infinity=False)
fractions = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
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
        investment=draw(st.lists(st.builds(Investment, name=words, amount=money), min_size=1, max_size=3)),
        outcomes=[draw(outcomes(ident=f"o{i}")) for i in range(n)],
        place=draw(st.none() | words), period=draw(st.none() | words),
    )
