"""Perspectives (value components) and regional values: the laws they keep, and how documents use them."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialvalue.errors import UnknownNameError, ValidationError
from socialvalue.frameworks import get_framework
from socialvalue.proxies.model import Proxy, Source
from socialvalue.proxies.variants import COMPONENTS, REGIONS, ProxyChoice, read_region

SOURCE = Source(publisher="test", title="fixture, not a real value")
amounts = st.floats(min_value=0, max_value=1e7, allow_nan=False, allow_infinity=False)


def _proxy(**extra: Any) -> Proxy:
    base: dict[str, Any] = {"id": "p", "name": "p", "value": 100.0, "unit": "GBP/person", "price_year": 2024,
                            "source": SOURCE, "licence": "CC0-1.0", "dataset": "t"}
    return Proxy(**{**base, **extra})


@given(st.dictionaries(st.sampled_from(list(COMPONENTS)), amounts, min_size=1))
def test_fiscal_is_at_most_public_value_and_public_value_is_the_sum(parts: dict[str, float]) -> None:
    proxy = _proxy(value=next(iter(parts.values())),
                   components={k: {"value": x, "price_year": 2024} for k, x in parts.items()})
    public, record = ProxyChoice(perspective="public-value").apply(proxy)
    assert public.value == math.fsum(parts.values())
    assert record is not None and record["components"] == parts
    for name, amount in parts.items():
        one, _ = ProxyChoice(perspective=name).apply(proxy)
        assert one.value == amount <= public.value


@given(st.dictionaries(st.sampled_from(list(REGIONS)), amounts, max_size=12), st.sampled_from(list(REGIONS)),
       amounts)
def test_regional_value_is_used_exactly_when_the_proxy_has_one(regional: dict[str, float], region: str,
                                                               national: float) -> None:
    proxy = _proxy(value=national, regions=regional or None)
    chosen, record = ProxyChoice(region=region).apply(proxy)
    assert record is not None
    if region in regional:
        assert chosen.value == regional[region] and record["region_used"] == region
        assert chosen.region == REGIONS[region]
    else:
        assert chosen.value == national and record["region_used"] == "national"
        assert chosen.region == proxy.region


def test_components_with_other_price_years_are_rebased_before_they_are_added() -> None:
    import csv
    from importlib import resources

    text = resources.files("socialvalue").joinpath("data", "uk_appraisal", "gdp_deflator.csv").read_text()
    level = {int(r["year"]): float(r["value"]) for r in csv.DictReader(text.splitlines())}
    proxy = _proxy(price_year=2020, value=10.0, components={"fiscal": {"value": 10.0, "price_year": 2020},
                                                            "social": {"value": 20.0, "price_year": 2010}})
    public, _ = ProxyChoice(perspective="public-value").apply(proxy)
    assert math.isclose(public.value, 10.0 + 20.0 * level[2020] / level[2010], rel_tol=1e-12)


def test_default_choice_changes_nothing() -> None:
    proxy = _proxy(components={"fiscal": {"value": 1.0, "price_year": 2024}}, regions={"TLC": 5.0})
    assert ProxyChoice().apply(proxy) == (proxy, None)


@pytest.mark.parametrize(("proxy", "perspective", "message"), [
    (_proxy(), "fiscal", "has no fiscal, economic and social components"),
    (_proxy(components={"fiscal": {"value": 1.0, "price_year": 2024}}), "social", "has no social component"),
    (_proxy(components={"fiscal": {"value": 1.0, "price_year": 2024}}, tags=("gmca-transfer-in-fiscal",)),
     "public-value", "transfer payments"),
])
def test_a_perspective_the_proxy_cannot_give_is_refused(proxy: Proxy, perspective: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        ProxyChoice(perspective=perspective).apply(proxy, "outcomes[0].proxy")


@pytest.mark.parametrize(("text", "code"), [("North East", "TLC"), ("tlc", "TLC"), ("  london ", "TLI"),
                                            ("UK", None), (None, None)])
def test_region_names_and_codes(text: Any, code: str | None) -> None:
    assert read_region(text, "region") == code


def test_unknown_region_is_refused_not_treated_as_national() -> None:
    with pytest.raises(UnknownNameError) as info:
        read_region("Greater Manchester", "contract.region")
    assert info.value.field == "contract.region"


def test_regional_values_cannot_carry_a_range_or_a_series() -> None:
    with pytest.raises(ValidationError, match="range"):
        _proxy(regions={"TLC": 1.0}, low=50.0)
    with pytest.raises(ValidationError, match="calendar year"):
        _proxy(value={2024: 1.0, 2025: 2.0}, regions={"TLC": 1.0})


IMPACT_MAP = {"kind": "impact-map", "name": "t", "price_year": 2008, "investment": 1000,
              "outcomes": [{"id": "dv", "quantity": 2, "proxy": "gmca-ucd:gmca-cr2-0", "duration": 1}]}


def test_impact_map_perspective_is_recorded_and_split(gmca_components: dict[str, float]) -> None:
    sroi = get_framework("sroi")
    default = sroi.evaluate(IMPACT_MAP)
    assert "proxy_choice" not in default.to_dict()  # existing documents are unchanged
    public = sroi.evaluate({**IMPACT_MAP, "perspective": "public-value"})
    fiscal = sroi.evaluate(IMPACT_MAP, options={"perspective": "fiscal"})
    d = public.to_dict()
    assert d["proxy_choice"]["perspective"] == "public-value"
    split = d["proxy_choice"]["present_value_split"]
    assert math.isclose(math.fsum(split.values()), public.present_value, rel_tol=1e-12)
    assert math.isclose(fiscal.present_value / public.present_value,
                        gmca_components["fiscal"] / math.fsum(gmca_components.values()), rel_tol=1e-12)
    assert fiscal.provenance.options["perspective"] == "fiscal"


@pytest.fixture
def gmca_components() -> dict[str, float]:
    """GMCA UCD v1.4 row CR2.0 (domestic violence, per incident, 2008/09 prices) as the shipped YAML holds it."""
    from importlib import resources

    import yaml

    text = resources.files("socialvalue.proxies").joinpath("data", "gmca-ucd.yaml").read_text(encoding="utf-8")
    rec = next(p for p in yaml.safe_load(text)["proxies"] if p["id"] == "gmca-cr2-0")
    return {k: c["value"] for k, c in rec["components"].items()}


def test_tender_region_must_be_a_region() -> None:
    doc = {"kind": "tender", "name": "t", "contract": {"value": 1e6, "years": 1, "price_year": 2024,
                                                       "region": "Greater Mancheste"},
           "catalogue": "open-toms-style", "scoring": {"method": "relative", "weight": 10, "quantitative_share": 1},
           "bids": [{"supplier": "A", "commitments": [{"measure": "OPEN-JOBS-LOCAL", "quantity": 1}]}]}
    with pytest.raises(UnknownNameError) as info:
        get_framework("toms").evaluate(doc)
    assert info.value.field == "contract.region"
