"""Domain model: validation at construction, field paths in errors, dict round trips."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialvalue.errors import (
    DuplicateEntryError,
    NumberTextError,
    SocialValueError,
    UnknownNameError,
    UnknownUnitError,
    ValidationError,
)
from socialvalue.frameworks.sroi.model import Activity, Beneficiary, Outcome
from socialvalue.proxies.model import Derivation, Proxy, Source
from tests.checks import raises_exactly
from tests.strategies import activities, beneficiaries, derivations, outcomes, proxies, sources


@given(proxies())
def test_proxy_round_trip(proxy: Proxy) -> None:
    back = Proxy.from_dict(proxy.to_dict())
    assert back == proxy and hash(back) == hash(proxy)


@given(sources)
def test_source_round_trip(source: Source) -> None:
    assert Source.from_dict(source.to_dict()) == source


@given(derivations)
def test_derivation_round_trip(derivation: Derivation) -> None:
    assert Derivation.from_dict(derivation.to_dict()) == derivation


@given(beneficiaries)
def test_beneficiary_round_trip(beneficiary: Beneficiary) -> None:
    assert Beneficiary.from_dict(beneficiary.to_dict()) == beneficiary


@given(outcomes())
def test_outcome_round_trip(outcome: Outcome) -> None:
    assert Outcome.from_dict(outcome.to_dict()) == outcome


@given(activities())
def test_activity_round_trip(activity: Activity) -> None:
    back = Activity.from_dict(activity.to_dict())
    assert back == activity and hash(back) == hash(activity)


def _proxy(**changes: object) -> dict:
    base = {"id": "p", "name": "P", "value": 10, "unit": "GBP/person/year", "price_year": 2020,
            "source": {"publisher": "ONS", "title": "t"}, "licence": "OGL-UK-3.0"}
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


@pytest.mark.parametrize(
    ("changes", "field", "error"),
    [
        ({"value": -1}, "value", ValidationError),
        ({"value": -5e-324}, "value", ValidationError),
        ({"value": float("nan")}, "value", ValidationError),
        ({"value": {2020: 1, 2021: -2}}, "value[2021]", ValidationError),
        ({"unit": "GBP/persn"}, "unit", UnknownUnitError),
        ({"unit": "person/year"}, "unit", ValidationError),
        ({"source": None}, "source", ValidationError),
        ({"licence": ""}, "licence", ValidationError),
        ({"low": 20}, "low", ValidationError),
        ({"confidence": "X"}, "confidence", ValidationError),
        ({"currency": "EUR"}, "currency", ValidationError),
        ({"valeu": 3}, "valeu", UnknownNameError),
    ],
)
def test_bad_proxy_fields_are_named(changes: dict, field: str, error: type[SocialValueError]) -> None:
    with raises_exactly(error) as info:
        Proxy.from_dict(_proxy(**changes), source="mine.yaml", field="proxies[4]")
    assert info.value.source == "mine.yaml"
    assert info.value.field == f"proxies[4].{field}"


def test_unknown_key_suggests_the_right_one() -> None:
    with raises_exactly(UnknownNameError, match="did you mean 'deadweight'"):
        Outcome.from_dict({"id": "a", "quantity": 1, "proxy": "p", "deadwieght": 0.1})


@pytest.mark.parametrize(
    ("changes", "field", "error"),
    [
        ({"deadweight": 1.5}, "outcomes[1].deadweight", ValidationError),
        ({"deadweight": 1.0000000000000002}, "outcomes[1].deadweight", ValidationError),
        ({"displacement": -5e-324}, "outcomes[1].displacement", ValidationError),
        ({"leakage": 1.0001}, "outcomes[1].leakage", ValidationError),
        ({"attribution": "120%"}, "outcomes[1].attribution", ValidationError),
        ({"attribution": "100.0001%"}, "outcomes[1].attribution", ValidationError),
        ({"drop_off": -0.1}, "outcomes[1].drop_off", ValidationError),
        ({"quantity": -3}, "outcomes[1].quantity", ValidationError),
        ({"quantity": -5e-324}, "outcomes[1].quantity", ValidationError),
        ({"quantity": "3,5"}, "outcomes[1].quantity", NumberTextError),
        ({"duration": 0}, "outcomes[1].duration", ValidationError),
        ({"duration": 2.5}, "outcomes[1].duration", ValidationError),
        ({"beneficiaries": {"group": "g", "count": -1}}, "outcomes[1].beneficiaries.count", ValidationError),
        ({"negative": "yes"}, "outcomes[1].negative", ValidationError),
        ({"id": "a"}, "outcomes[1].id", DuplicateEntryError),
    ],
)
def test_bad_outcomes_in_an_activity(changes: dict, field: str, error: type[SocialValueError]) -> None:
    good = {"id": "a", "quantity": 1, "proxy": "p"}
    bad = {"id": "b", "quantity": 2, "proxy": "p", **changes}
    with raises_exactly(error) as info:
        Activity.from_dict({"name": "x", "investment": 100, "outcomes": [good, bad]}, source="map.yaml")
    assert info.value.field == field
    assert str(info.value).startswith("map.yaml: " + field)


def test_percent_strings_are_fractions() -> None:
    assert Outcome.from_dict({"id": "a", "quantity": 1, "proxy": "p", "deadweight": "20%"}).deadweight == 0.2


def test_direct_construction_validates_too() -> None:
    with raises_exactly(ValidationError, match="fraction"):
        Outcome(id="a", quantity=1, proxy="p", attribution=2)
    with raises_exactly(ValidationError):
        Beneficiary(group="", count=3)


def test_series_proxy_lookup_and_indexation() -> None:
    proxy = Proxy.from_dict(_proxy(value={"2022": 100.0, "2023": 110.0}, unit="GBP/tCO2e", price_year=2022))
    assert proxy.value_at(2023) == 110.0
    with raises_exactly(ValidationError, match="no value for 2030"):
        proxy.value_at(2030)
    indexed = proxy.indexed(2024)
    assert indexed.price_year == 2024 and indexed.indexation["from_price_year"] == 2022
    assert indexed.value_at(2023) == pytest.approx(110.0 * 100 / 90.5005, rel=1e-14)


def _activity_with(amounts: list[float]) -> Activity:
    return Activity.from_dict({"name": "x", "outcomes": [],
                               "investment": [{"name": f"item {i}", "amount": a} for i, a in enumerate(amounts)]})


def test_activity_total_investment_is_the_exact_sum() -> None:
    # 1e16 + 1 is halfway between two floats and rounds back to 1e16, so adding the items one by one
    # loses both 1s; the correctly rounded total is 1e16 + 2, in whatever order the items come.
    for amounts in ([1e16, 1.0, 1.0], [1.0, 1e16, 1.0], [1.0, 1.0, 1e16]):
        assert _activity_with(amounts).total_investment == 10_000_000_000_000_002.0
    assert _activity_with([0.1, 0.2]).total_investment == float(Fraction(0.1) + Fraction(0.2))
    assert _activity_with([0.0]).total_investment == 0.0


@given(st.lists(st.floats(min_value=0.0, max_value=1e15, allow_nan=False), min_size=1, max_size=8))
def test_activity_total_investment_is_correctly_rounded(amounts: list[float]) -> None:
    exact = sum(map(Fraction, amounts))
    assert _activity_with(amounts).total_investment == float(exact)
