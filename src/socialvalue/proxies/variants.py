"""Variants of a proxy's value: components (perspectives) and regional values.

**Components.** Appraisal separates who gains: GMCA's Unit Cost Database and the Green Book
give a *fiscal* value (cashable savings to the public purse), an *economic* value (wider
output, e.g. earnings) and a *social* value (wellbeing, health). A proxy may carry them as
``components``, each with its own price year. A **perspective** picks what is counted:

* ``fiscal``, ``economic`` or ``social``: that component alone;
* ``public-value``: every component, each re-based to the proxy's price year and added up;
* no perspective (the default): the proxy's ``value`` as published, exactly as before.

A proxy without components cannot be valued under a perspective (its value was never split),
and a proxy whose fiscal value includes transfer payments (tag ``gmca-transfer-in-fiscal``)
cannot be counted as public value: transfers move money, they are not value to society. Both
are refused, never guessed.

**Regions.** A proxy may carry ``regions``: values for the twelve UK ITL1 regions (code
``TLC`` … ``TLN``), in the same unit and price year as its national ``value``. A document's
``region`` picks the regional value where the proxy has one and falls back to the national
value where it has none; the result records which was used.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from socialvalue import validation as v
from socialvalue.errors import UnknownNameError, ValidationError

if TYPE_CHECKING:  # pragma: no cover
    from socialvalue.proxies.model import Proxy

__all__ = ["COMPONENTS", "PERSPECTIVES", "REGIONS", "TRANSFER_TAG", "Component", "ProxyChoice",
           "parse_components", "parse_regions", "read_perspective", "read_region"]

COMPONENTS: dict[str, str] = {
    "fiscal": "cashable costs or savings to the public purse",
    "economic": "wider economic value (e.g. output and earnings)",
    "social": "social and wellbeing value",
}
PERSPECTIVES: dict[str, str] = {
    "public-value": "every component: fiscal + economic + social",
    **{name: f"the {name} component only: {meaning}" for name, meaning in COMPONENTS.items()},
}
REGIONS: dict[str, str] = {
    "TLC": "North East", "TLD": "North West", "TLE": "Yorkshire and The Humber", "TLF": "East Midlands",
    "TLG": "West Midlands", "TLH": "East of England", "TLI": "London", "TLJ": "South East", "TLK": "South West",
    "TLL": "Wales", "TLM": "Scotland", "TLN": "Northern Ireland",
}
"""UK ITL1 regions (ONS International Territorial Levels, 2021), code -> name."""
NATIONAL = ("UK", "United Kingdom")
TRANSFER_TAG = "gmca-transfer-in-fiscal"


@attrs.frozen
class Component:
    """One part of a proxy's value (fiscal, economic or social) in its own price year."""

    value: float
    price_year: int

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "price_year": self.price_year}


def parse_components(raw: Any, field: str) -> dict[str, Component]:
    """``{fiscal: {value: 500, price_year: 2010}, …}``; values are finite numbers."""
    m = v.mapping(raw, field)
    v.check_keys(m, COMPONENTS, field)
    if not m:
        raise ValidationError("components is empty", field=field, hint="give at least one of fiscal, economic, social")
    out = {}
    for name in COMPONENTS:  # a fixed order, whatever the file's
        if name in m:
            f = f"{field}.{name}"
            c = v.mapping(m[name], f)
            v.check_keys(c, ("value", "price_year"), f)
            out[name] = Component(value=v.number(v.require(c, "value", f), f"{f}.value"),
                                  price_year=v.integer(v.require(c, "price_year", f), f"{f}.price_year",
                                                       minimum=1800))
    return out


def parse_regions(raw: Any, field: str) -> dict[str, float]:
    """``{TLC: 30000, …}`` keyed by ITL1 code; values are finite numbers."""
    m = v.mapping(raw, field)
    v.check_keys(m, REGIONS, field)
    if not m:
        raise ValidationError("regions is empty", field=field, hint="give values keyed by ITL1 code, e.g. TLC: 30000")
    return {code: v.number(m[code], f"{field}.{code}") for code in REGIONS if code in m}


def read_perspective(raw: Any, field: str) -> str | None:
    """A perspective name (see :data:`PERSPECTIVES`), or ``None`` for the default."""
    if raw is None:
        return None
    name = v.text(raw, field).strip()
    if name not in PERSPECTIVES:
        from socialvalue.suggest import close_matches

        raise UnknownNameError(f"unknown perspective {name!r}", field=field,
                               suggestions=close_matches(name, PERSPECTIVES),
                               hint="; ".join(f"{k}: {d}" for k, d in PERSPECTIVES.items()))
    return name


def read_region(raw: Any, field: str) -> str | None:
    """An ITL1 code from a code or a region name (``TLC`` or ``North East``); ``None`` for national."""
    if raw is None:
        return None
    from socialvalue.identity import identity_key

    text = v.text(raw, field).strip()
    if identity_key(text) in {identity_key(n) for n in NATIONAL}:
        return None
    for code, name in REGIONS.items():
        if identity_key(text) in (identity_key(code), identity_key(name)):
            return code
    from socialvalue.suggest import close_matches

    raise UnknownNameError(f"unknown region {text!r}", field=field,
                           suggestions=close_matches(text, [*REGIONS.values(), *REGIONS]),
                           hint="a UK ITL1 region: " + ", ".join(f"{n} ({c})" for c, n in REGIONS.items())
                                + "; or UK for national values")


@attrs.frozen
class ProxyChoice:
    """Which value of each proxy a document counts: its perspective and its region.

    :meth:`apply` returns the proxy to value with (its ``value`` replaced; unit and price year
    unchanged) and a record of what was chosen, for the result.
    """

    perspective: str | None = None
    region: str | None = None

    @property
    def is_default(self) -> bool:
        return self.perspective is None and self.region is None

    def apply(self, proxy: Proxy, field: str | None = None) -> tuple[Proxy, dict[str, Any] | None]:
        if self.is_default:
            return proxy, None
        record: dict[str, Any] = {"proxy": proxy.qualified_id}
        if self.perspective is not None:
            proxy, split = _perspective(proxy, self.perspective, field)
            record["perspective"] = self.perspective
            record["components"] = split
        if self.region is not None:
            used = self.region if proxy.regions and self.region in proxy.regions else None
            if used is not None:
                proxy = attrs.evolve(proxy, value=proxy.regions[used], region=REGIONS[used], regions=None)
            record["region"] = self.region
            record["region_used"] = used or "national"
            record["value_region"] = proxy.region
        return proxy, record

    def to_dict(self) -> dict[str, Any]:
        return {"perspective": self.perspective, "region": self.region,
                "region_name": None if self.region is None else REGIONS[self.region]}


def _perspective(proxy: Proxy, perspective: str, field: str | None) -> tuple[Proxy, dict[str, float]]:
    """The proxy valued under ``perspective`` and its components (re-based to its price year)."""
    if not proxy.components:
        raise ValidationError(f"proxy {proxy.qualified_id!r} has no fiscal, economic and social components, so it "
                              f"cannot be valued from the {perspective!r} perspective", field=field,
                              hint="remove perspective: to count its published value, or choose a proxy with "
                                   "components (e.g. from the gmca-ucd dataset)")
    if perspective == "public-value" and TRANSFER_TAG in proxy.tags and "fiscal" in proxy.components:
        raise ValidationError(f"proxy {proxy.qualified_id!r}: its fiscal value includes transfer payments, which "
                              "are not public value", field=field,
                              hint="value it from the fiscal perspective, or use its economic or social component")
    names = list(proxy.components) if perspective == "public-value" else [perspective]
    missing = [n for n in names if n not in proxy.components]
    if missing:
        raise ValidationError(f"proxy {proxy.qualified_id!r} has no {missing[0]} component", field=field,
                              hint="its components: " + ", ".join(proxy.components))
    split = {}
    for name in names:
        c = proxy.components[name]
        if c.price_year == proxy.price_year:
            split[name] = c.value
        else:
            from socialvalue.prices import gdp_deflator

            split[name] = c.value * gdp_deflator().factor(c.price_year, proxy.price_year)
    total = math.fsum(split.values())
    return attrs.evolve(proxy, value=total, low=None, high=None, regions=None), split


def check_proxy_variants(proxy: Proxy) -> None:
    """Checks between a proxy's variants and its value, run when a proxy is built."""
    if proxy.regions:
        if proxy.is_series:
            raise ValidationError("a proxy that changes by calendar year cannot also have regional values",
                                  field="regions")
        if proxy.low is not None or proxy.high is not None:
            raise ValidationError("a proxy with regional values cannot also have a low/high range (the range "
                                  "is for the national value)", field="regions",
                                  hint="ship the regional values as their own proxies, or drop the range")
    if proxy.components and proxy.is_series:
        raise ValidationError("a proxy that changes by calendar year cannot also have components",
                              field="components")


def as_mapping(value: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """Components and regions as plain data (for ``to_dict``)."""
    if not value:
        return None
    return {k: (c.to_dict() if isinstance(c, Component) else c) for k, c in value.items()}
