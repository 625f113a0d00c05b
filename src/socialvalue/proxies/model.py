"""Proxies and where their values come from: :class:`Source`, :class:`Derivation`, :class:`Proxy`.

All classes are frozen attrs classes, validated when they are built, so an object that
exists is a valid one. Each has ``to_dict()`` (plain JSON-ready data, in the same shape as
the dataset files) and ``from_dict()`` (which reports the field path of any bad value,
e.g. ``proxies[3].value``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import attrs

from socialvalue import validation as v
from socialvalue.errors import SocialValueError, ValidationError
from socialvalue.fields import (
    field_validator,
    freeze_value,
    frozen_map,
    identifier_check,
    optional,
    tuple_of_str,
    wrap_errors,
)
from socialvalue.proxies.variants import (
    Component,
    as_mapping,
    check_proxy_variants,
    parse_components,
    parse_regions,
)

__all__ = ["CONFIDENCE_MARKS", "Component", "Derivation", "Proxy", "ProxyValue", "Source"]

CONFIDENCE_MARKS: dict[str, str] = {
    "C": "confirmed in the publisher's own text",
    "P": "partly confirmed (secondary source, or primary text truncated)",
    "U": "unconfirmed",
}

Series = Mapping[int, float]
ProxyValue = float | Series


@attrs.frozen
class Source:
    """Where a figure comes from: enough for a reader to find and check it."""

    publisher: str = attrs.field(validator=field_validator(v.text))
    title: str = attrs.field(validator=field_validator(v.text))
    year: int | None = attrs.field(default=None, validator=optional(lambda x, f: v.integer(x, f)))
    url: str | None = None
    locator: str | None = None
    via: str | None = None
    based_on: str | None = None
    """The study the publisher's figure is itself taken from (GMCA cites one for every row)."""

    _KEYS: ClassVar[tuple[str, ...]] = ("publisher", "title", "year", "url", "locator", "via", "based_on")

    def cite(self) -> str:
        """A one-line citation, e.g. ``HM Treasury (2021) Wellbeing Guidance…, table 1``."""
        year = f" ({self.year})" if self.year else ""
        where = f", {self.locator}" if self.locator else ""
        return f"{self.publisher}{year} {self.title}{where}"

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self._KEYS if getattr(self, k) is not None}

    @classmethod
    def from_dict(cls, data: Any, *, source: Any = None, field: str | None = None) -> Source:
        def build() -> Source:
            if isinstance(data, str):
                return cls(publisher="(unspecified)", title=v.text(data, None))
            m = v.mapping(data, None)
            v.check_keys(m, cls._KEYS, None)
            for key in ("publisher", "title"):
                v.require(m, key, None)
            for key in ("url", "locator", "via", "based_on"):
                v.optional_text(m.get(key), key)
            if m.get("url") is not None:
                from socialvalue.textsafe import safe_url

                if safe_url(m["url"]) is None:
                    raise ValidationError(f"a source url must be an http(s) address, got {m['url']!r}"[:200],
                                          field="url", hint="give the publisher's web address, e.g. https://www.gov.uk/…;"
                                                            " put other locations in locator:")
            values = {k: m[k] for k in cls._KEYS if k in m}
            if m.get("year") is not None:
                values["year"] = v.integer(m["year"], "year")
            return cls(**values)

        return wrap_errors(build, source=source, field=field)


@attrs.frozen
class Derivation:
    """How a derived proxy value was computed: a formula over cited inputs."""

    formula: str = attrs.field(validator=field_validator(v.text))
    inputs: Mapping[str, Mapping[str, Any]] = attrs.field(factory=dict, converter=frozen_map)
    result_rounding: str | None = None
    notes: str | None = None

    _KEYS: ClassVar[tuple[str, ...]] = ("formula", "inputs", "result_rounding", "notes")

    def __hash__(self) -> int:
        return hash((self.formula, repr(sorted(self.inputs.items())), self.result_rounding, self.notes))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"formula": self.formula, "inputs": {k: dict(val) for k, val in self.inputs.items()}}
        if self.result_rounding is not None:
            out["result_rounding"] = self.result_rounding
        if self.notes is not None:
            out["notes"] = self.notes
        return out

    @classmethod
    def from_dict(cls, data: Any, *, source: Any = None, field: str | None = None) -> Derivation:
        def build() -> Derivation:
            m = v.mapping(data, None)
            v.check_keys(m, cls._KEYS, None)
            inputs = v.mapping(m.get("inputs", {}), "inputs")
            for name, item in inputs.items():
                for key, val in v.mapping(item, f"inputs.{name}").items():
                    if isinstance(val, float):
                        v.number(val, f"inputs.{name}.{key}")
            for key in ("result_rounding", "notes"):
                v.optional_text(m.get(key), key)
            return cls(formula=v.require(m, "formula", None), inputs=inputs,
                       result_rounding=m.get("result_rounding"), notes=m.get("notes"))

        return wrap_errors(build, source=source, field=field)


# --------------------------------------------------------------------------- proxies



def _series_or_number(value: Any, field: str) -> ProxyValue:
    """Validate a proxy value: a non-negative number, or a series ``{year: number}``."""
    if isinstance(value, Mapping):
        if not value:
            raise ValidationError("a series by year must have at least one year", field=field)
        out: dict[int, float] = {}
        first: dict[int, Any] = {}
        for year, amount in value.items():
            y = v.integer(_year_key(year, f"{field}[{year!r}]"), f"{field}[{year!r}]", minimum=1800)
            if y in out:
                from socialvalue.errors import DuplicateEntryError

                raise DuplicateEntryError(f"year {y} is given twice ({first[y]!r} and {year!r})",
                                          field=f"{field}[{year!r}]", hint="give each year of the series once")
            first[y] = year
            out[y] = v.non_negative(amount, f"{field}[{year}]")
        return dict(sorted(out.items()))
    return v.non_negative(value, field)


def _year_key(year: Any, field: str) -> Any:
    if isinstance(year, str) and year.strip().isdigit():
        return int(year)
    return year


def _value_converter(value: Any) -> Any:
    """A proxy value or range as floats; anything that is not clearly a number is left for the
    validator to refuse (converters run before validators)."""
    if isinstance(value, Mapping):
        from socialvalue.frozen import freeze

        return freeze(_series_or_number(value, "value"))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return value


def _components(value: Any) -> Any:
    """Components as given to the class: ``Component`` objects, or mappings read by the one reader."""
    if not value:
        return None
    if all(isinstance(c, Component) for c in value.values()):
        return frozen_map(value)
    return frozen_map(parse_components(value, "components"))


def _regions(value: Any) -> Any:
    return None if not value else frozen_map(parse_regions(value, "regions"))


def _check_proxy_unit(unit: Any, field: str) -> None:
    from socialvalue.units import unit_dimensions

    if unit_dimensions(unit, field=field).get("[currency]") != 1:
        raise ValidationError(f"a proxy's unit must be money per something, got {unit!r}", field=field,
                              hint="write e.g. 'GBP/person/year' or 'GBP/tCO2e'")


@attrs.frozen(eq=True, hash=False)
class Proxy:
    """A financial proxy: a money value per unit of outcome, with its provenance.

    ``value`` is a number, or a series by calendar year of use (as DESNZ publishes carbon
    values); ``low``/``high`` are an optional range of the same shape. ``price_year`` is
    the year whose prices the value is expressed in.
    """

    id: str = attrs.field(validator=field_validator(identifier_check))
    name: str = attrs.field(validator=field_validator(v.text))
    value: ProxyValue = attrs.field(converter=_value_converter)
    unit: str = attrs.field(validator=field_validator(_check_proxy_unit))
    price_year: int = attrs.field(validator=field_validator(lambda x, f: v.integer(x, f, minimum=1800)))
    source: Source = attrs.field(validator=attrs.validators.instance_of(Source))
    licence: str = attrs.field(validator=field_validator(v.text))
    region: str = attrs.field(default="UK", validator=field_validator(v.text))
    currency: str = "GBP"
    theme: str | None = None
    tags: tuple[str, ...] = attrs.field(default=(), converter=tuple_of_str)
    description: str | None = None
    low: ProxyValue | None = attrs.field(default=None, converter=_value_converter)
    high: ProxyValue | None = attrs.field(default=None, converter=_value_converter)
    confidence: str = "C"
    notes: str | None = None
    derivation: Derivation | None = None
    dataset: str | None = None
    indexation: Mapping[str, Any] | None = attrs.field(default=None, converter=freeze_value)
    components: Mapping[str, Component] | None = attrs.field(default=None, converter=_components)
    """Fiscal, economic and social parts of the value (see :mod:`socialvalue.proxies.variants`)."""
    regions: Mapping[str, float] | None = attrs.field(default=None, converter=_regions)
    """Values for UK ITL1 regions (code -> value), in the unit and price year of ``value``."""

    _KEYS: ClassVar[tuple[str, ...]] = (
        "id", "name", "description", "theme", "tags", "value", "low", "high", "unit", "currency",
        "price_year", "region", "source", "licence", "confidence", "notes", "derivation", "dataset",
        "indexation", "components", "regions",
    )

    def __attrs_post_init__(self) -> None:
        _series_or_number(self.value, "value")
        for name in ("low", "high"):
            bound = getattr(self, name)
            if bound is not None:
                _series_or_number(bound, name)
                if isinstance(bound, Mapping) != isinstance(self.value, Mapping):
                    raise ValidationError(f"{name} must have the same shape as value (number or series)", field=name)
        if self.currency != "GBP":
            raise ValidationError(f"unsupported currency {self.currency!r}", field="currency",
                                  hint="socialvalue values money in GBP; convert at source and record how")
        if self.confidence not in CONFIDENCE_MARKS:
            raise ValidationError(f"confidence must be one of C, P, U, got {self.confidence!r}", field="confidence",
                                  hint="C: confirmed in the publisher's text; P: partly confirmed; U: unconfirmed")
        self._check_order()
        check_proxy_variants(self)

    def _check_order(self) -> None:
        years = self.value.keys() if isinstance(self.value, Mapping) else [None]
        for year in years:
            mid = self.value_at(year)
            low = None if self.low is None else _pick(self.low, year)
            high = None if self.high is None else _pick(self.high, year)
            where = "" if year is None else f"[{year}]"
            if low is not None and low > mid:
                raise ValidationError(f"low {low:g} is above the central value {mid:g}", field=f"low{where}")
            if high is not None and high < mid:
                raise ValidationError(f"high {high:g} is below the central value {mid:g}", field=f"high{where}")

    def __hash__(self) -> int:
        return hash(self.fingerprint())

    def fingerprint(self) -> str:
        """A stable text identity of every field (used for hashing and provenance)."""
        import json

        return json.dumps(self.to_dict(), sort_keys=True, default=str)

    @property
    def is_series(self) -> bool:
        return isinstance(self.value, Mapping)

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(self.value) if isinstance(self.value, Mapping) else ()

    @property
    def qualified_id(self) -> str:
        return f"{self.dataset}:{self.id}" if self.dataset else self.id

    def value_at(self, year: int | None = None, *, scenario: str = "central") -> float:
        """The value (central, low or high) for calendar ``year`` (required only for a series)."""
        chosen = {"central": self.value, "low": self.low, "high": self.high}[scenario]
        if chosen is None:
            chosen = self.value
        return _pick(chosen, year, proxy_id=self.id)

    @property
    def headline_value(self) -> float:
        """A single representative number: the value itself, or, for a series, the value of
        the price year (or the first year of the series when the price year is not in it)."""
        if isinstance(self.value, Mapping):
            return self.value.get(self.price_year, next(iter(self.value.values())))
        return float(self.value)

    def indexed(self, price_year: int, deflator: Any = None) -> Proxy:
        """This proxy re-expressed in ``price_year`` prices (GDP deflator by default)."""
        if price_year == self.price_year:
            return self
        from socialvalue.prices import gdp_deflator

        deflator = deflator or gdp_deflator()
        try:
            factor = deflator.factor(self.price_year, price_year)
        except SocialValueError as exc:
            exc.message = f"proxy {self.qualified_id!r}: {exc.message}"
            exc.args = (exc.message,)
            raise exc.with_context(field_prefix="price_year") from None
        record = {"from_price_year": self.price_year, "to_price_year": price_year, "factor": factor,
                  "deflator": deflator.name, "vintage": deflator.vintage}
        if self.indexation:
            record["from_price_year"] = self.indexation.get("from_price_year", self.price_year)
        return attrs.evolve(
            self,
            value=_scale(self.value, factor),
            low=None if self.low is None else _scale(self.low, factor),
            high=None if self.high is None else _scale(self.high, factor),
            price_year=price_year,
            indexation=record,
            regions=None if not self.regions else {code: amount * factor for code, amount in self.regions.items()},
        )

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key in self._KEYS:
            val = getattr(self, key)
            if val is None or val == ():
                continue
            if key == "source":
                val = self.source.to_dict()
            elif key == "derivation":
                val = self.derivation.to_dict() if self.derivation else None
            elif key == "tags":
                val = list(val)
            elif key in ("components", "regions"):
                val = as_mapping(val)
            elif isinstance(val, Mapping):
                val = dict(val)
            out[key] = val
        return out

    @classmethod
    def from_dict(cls, data: Any, *, source: Any = None, field: str | None = None,
                  dataset: str | None = None) -> Proxy:
        def build() -> Proxy:
            m = v.mapping(data, None)
            v.check_keys(m, cls._KEYS, None)
            for key in ("id", "name", "value", "unit", "price_year", "source", "licence"):
                v.require(m, key, None)
            kwargs = {k: m[k] for k in cls._KEYS if k in m}
            kwargs["price_year"] = v.integer(m["price_year"], "price_year", minimum=1800)
            kwargs["value"] = _series_or_number(m["value"], "value")
            for bound in ("low", "high"):
                if m.get(bound) is not None:
                    kwargs[bound] = _series_or_number(m[bound], bound)
            kwargs["source"] = Source.from_dict(m["source"], field="source")
            if m.get("derivation") is not None:
                kwargs["derivation"] = Derivation.from_dict(m["derivation"], field="derivation")
            if m.get("tags") is not None:
                kwargs["tags"] = [v.text(t, f"tags[{i}]") for i, t in enumerate(v.sequence(m["tags"], "tags"))]
            for key in ("theme", "description", "notes", "region", "licence", "currency", "confidence", "dataset"):
                if m.get(key) is not None:
                    v.text(m[key], key)
            if m.get("indexation") is not None:
                v.mapping(m["indexation"], "indexation")
            if m.get("components") is not None:
                kwargs["components"] = parse_components(m["components"], "components")
            if m.get("regions") is not None:
                kwargs["regions"] = parse_regions(m["regions"], "regions")
            if dataset is not None and "dataset" not in m:
                kwargs["dataset"] = dataset
            return cls(**kwargs)

        return wrap_errors(build, source=source, field=field)


def _pick(value: ProxyValue, year: int | None, *, proxy_id: str = "") -> float:
    if isinstance(value, Mapping):
        if year is None:
            raise ValidationError(
                f"proxy {proxy_id!r} is a series by year; say which calendar year it is used in",
                hint="set first_year on the document so each outcome year has a calendar year")
        if year not in value:
            years = list(value)
            raise ValidationError(
                f"proxy {proxy_id!r} has no value for {year} (series covers {years[0]}-{years[-1]})",
                hint="move the outcome's years inside the series, or use a proxy that covers them")
        return float(value[year])
    return float(value)


def _scale(value: ProxyValue, factor: float) -> ProxyValue:
    if isinstance(value, Mapping):
        return {year: amount * factor for year, amount in value.items()}
    return float(value) * factor


# --------------------------------------------------------------------------- people and outcomes


