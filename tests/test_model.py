"""Domain model: validation at construction, field paths in errors, dict round trips."""

from __future__ import annotations

import pytest
from hypothesis import given

from socialvalue.errors import SocialValueError, UnknownNameError, ValidationError
from socialvalue.model import Activity, Beneficiary, Derivation, Outcome, Proxy, Source
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
    ("changes", "field"),
    [
        ({"value": -1}, "value"),
        ({"value": float("nan")}, "value"),
        ({"value": {2020: 1, 2021: -2}}, "value[2021]"),
        ({"unit": "GBP/persn"}, "unit"),
        ({"unit": "person/year"}, "unit"),
        ({"source": None}, "source"),
        ({"licence": ""}, "licence"),
        ({"low": 20}, "low"),
        ({"confidence": "X"}, "confidence"),
        ({"currency": "EUR"}, "currency"),
        ({"valeu": 3}, "valeu"),
    ],
)
def test_bad_proxy_fields_are_named(changes: dict, field: str) -> None:
    with pytest.raises(SocialValueError) as info:
        Proxy.from_dict(_proxy(**changes), source="mine.yaml", field="proxies[4]")
    assert info.value.source == "mine.yaml"
    assert info.value.field == f"proxies[4].{field}"


def test_unknown_key_suggests_the_right_one() -> None:
    with pytest.raises(UnknownNameError, match="did you mean 'deadweight'"):
        Outcome.from_dict({"id": "a", "quantity": 1, "proxy": "p", "deadwieght": 0.1})


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"deadweight": 1.5}, "outcomes[1].deadweight"),
        ({"attribution": "120%"}, "outcomes[1].attribution"),
        ({"drop_off": -0.1}, "outcomes[1].drop_off"),
        ({"quantity": -3}, "outcomes[1].quantity"),
        ({"quantity": "3,5"}, "outcomes[1].quantity"),
        ({"duration": 0}, "outcomes[1].duration"),
        ({"duration": 2.5}, "outcomes[1].duration"),
        ({"beneficiaries": {"group": "g", "count": -1}}, "outcomes[1].beneficiaries.count"),
        ({"negative": "yes"}, "outcomes[1].negative"),
        ({"id": "a"}, "outcomes[1].id"),
    ],
)
def test_bad_outcomes_in_an_activity(changes: dict, field: str) -> None:
    good = {"id": "a", "quantity": 1, "proxy": "p"}
    bad = {"id": "b", "quantity": 2, "proxy": "p", **changes}
    with pytest.raises(ValidationError) as info:
        Activity.from_dict({"name": "x", "investment": 100, "outcomes": [good, bad]}, source="map.yaml")
    assert info.value.field == field
    assert str(info.value).startswith("map.yaml: " + field)


def test_percent_strings_are_fractions() -> None:
    assert Outcome.from_dict({"id": "a", "quantity": 1, "proxy": "p", "deadweight": "20%"}).deadweight == 0.2


def test_direct_construction_validates_too() -> None:
    with pytest.raises(ValidationError, match="fraction"):
        Outcome(id="a", quantity=1, proxy="p", attribution=2)
    with pytest.raises(ValidationError):
        Beneficiary(group="", count=3)


def test_series_proxy_lookup_and_indexation() -> None:
    proxy = Proxy.from_dict(_proxy(value={"2022": 100.0, "2023": 110.0}, unit="GBP/tCO2e", price_year=2022))
    assert proxy.value_at(2023) == 110.0
    with pytest.raises(ValidationError, match="no value for 2030"):
        proxy.value_at(2030)
    indexed = proxy.indexed(2024)
    assert indexed.price_year == 2024 and indexed.indexation["from_price_year"] == 2022
    assert indexed.value_at(2023) == pytest.approx(110.0 * 100 / 90.5005, rel=1e-14)


def test_activity_total_investment() -> None:
    act = Activity.from_dict({"name": "x", "investment": [{"name": "grant", "amount": 0.1},
                                                           {"name": "in kind", "amount": 0.2}], "outcomes": []})
    assert act.total_investment == 0.30000000000000004 or act.total_investment == pytest.approx(0.3)
