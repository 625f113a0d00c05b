"""A council's own social value model: pillars with the weights the council declares, and measures.

Many councils do not buy a national framework: they publish their own commitment, organised
around a few local priorities, and say how much each one counts. This package models that
shape. Its bundled example follows the four pillars of Newcastle City Council's Social Value
Commitment (Cabinet, February 2015; refreshed January 2020): *Think, Buy, Support Newcastle*,
*Community Focused*, *Ethical Leadership* and *Green and Sustainable*. The weights in a model
are the council's policy choice, declared in the model file; they are never inferred or
normalised here: weights that do not add up to 1 are refused.

A **measure** counts one thing a supplier commits to (local jobs, volunteering hours, …) in a
unit, and is either valued with a proxy from an installed proxy dataset (``uk-open`` by
default) or reported without a value (``monetised: false``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any

import attrs

from socialvalue import validation as v
from socialvalue.documents import load_data
from socialvalue.errors import SocialValueError, UnitMismatchError, UnknownNameError, ValidationError
from socialvalue.identity import check_unique, identifier
from socialvalue.proxies import resolve_proxy
from socialvalue.suggest import close_matches
from socialvalue.units import annual_money_factor, parse_unit

__all__ = ["BUNDLED_MODELS", "LocalModel", "Measure", "Pillar", "bundled_model", "parse_model"]

BUNDLED_MODELS: tuple[str, ...] = ("newcastle-pillars-example",)
"""Models shipped with this package (``model: newcastle-pillars-example`` in a document)."""

_MODEL_KEYS = ("id", "name", "council", "basis", "price_year", "pillars", "measures")
_PILLAR_KEYS = ("id", "name", "weight", "description")
_MEASURE_KEYS = ("code", "pillar", "description", "unit", "proxy", "proxy_unit_as", "monetised", "notes")
_WEIGHT_TOLERANCE = 1e-9


@attrs.frozen
class Pillar:
    """One local priority and the share of the social value points the council gives it."""

    id: str
    name: str
    weight: float
    description: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "weight": self.weight, "description": self.description}


@attrs.frozen
class Measure:
    """What a supplier can commit to under one pillar, and the proxy that values one unit of it.

    ``per_year`` is true when the proxy is money per year (a job, an apprentice): the commitment
    then says for how many ``years`` it is held. Otherwise the quantity is counted once.
    """

    code: str
    pillar: str
    description: str
    unit: str
    proxy: Any = None
    value_unit: str | None = None
    unit_factor: float = 1.0
    per_year: bool = False
    notes: str | None = None

    @property
    def monetised(self) -> bool:
        return self.proxy is not None

    def to_dict(self) -> dict[str, Any]:
        p = self.proxy
        return {"code": self.code, "pillar": self.pillar, "description": self.description, "unit": self.unit,
                "monetised": self.monetised, "per_year": self.per_year,
                "proxy": None if p is None else p.qualified_id, "proxy_unit": self.value_unit,
                "proxy_price_year": None if p is None else p.price_year,
                "proxy_source": None if p is None else p.source.cite(), "notes": self.notes}


@attrs.frozen
class LocalModel:
    """A validated local model: its pillars (weights adding up to 1) and measures by code."""

    id: str
    name: str
    council: str
    basis: str
    price_year: int
    pillars: tuple[Pillar, ...]
    measures: Mapping[str, Measure]

    def pillar(self, pillar_id: str) -> Pillar:
        return next(p for p in self.pillars if p.id == pillar_id)

    def measure(self, code: str, field: str) -> Measure:
        """The measure called ``code``, or an error naming the field and the closest codes."""
        if code not in self.measures:
            raise UnknownNameError(f"model {self.id!r} has no measure {code!r}", field=field,
                                   suggestions=close_matches(code, self.measures),
                                   hint="measures: " + ", ".join(self.measures))
        return self.measures[code]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "council": self.council, "basis": self.basis,
                "price_year": self.price_year, "pillars": [p.to_dict() for p in self.pillars],
                "measures": [m.to_dict() for m in self.measures.values()]}


def bundled_model(name: str, *, field: str | None = None) -> Mapping[str, Any]:
    """The raw data of a bundled model (``models/<name>.yaml``), read by socialvalue's safe loader."""
    if name not in BUNDLED_MODELS:
        raise UnknownNameError(f"no bundled local model called {name!r}", field=field,
                               suggestions=close_matches(name, BUNDLED_MODELS),
                               hint="bundled: " + ", ".join(BUNDLED_MODELS) + "; or give the model inline")
    ref = resources.files("socialvalue_local_model").joinpath("models", f"{name}.yaml")
    return v.mapping(load_data(ref.read_bytes(), source=f"socialvalue_local_model:models/{name}.yaml"), None)


def _pillars(raw: Any, field: str) -> tuple[Pillar, ...]:
    items = v.sequence(raw, field)
    if not items:
        raise ValidationError("a model needs at least one pillar", field=field)
    out = []
    for i, item in enumerate(items):
        f = f"{field}[{i}]"
        m = v.mapping(item, f)
        v.check_keys(m, _PILLAR_KEYS, f)
        weight = v.fraction(v.require(m, "weight", f), f"{f}.weight")
        out.append(Pillar(id=identifier(v.require(m, "id", f), f"{f}.id", what="pillar id"),
                          name=v.text(v.require(m, "name", f), f"{f}.name"), weight=weight,
                          description=v.optional_text(m.get("description"), f"{f}.description")))
    check_unique(((p.id, f"{field}[{i}].id") for i, p in enumerate(out)), what="pillar id")
    total = math.fsum(p.weight for p in out)
    if abs(total - 1.0) > _WEIGHT_TOLERANCE:
        raise ValidationError(f"the pillar weights add up to {total:g}, not 1", field=field,
                              hint="the weights are the council's split of the points between its pillars: "
                                   "declare them so that they add up to 1 (they are not rescaled)")
    return tuple(out)


def _measure(raw: Any, field: str, pillars: Sequence[Pillar], datasets: Sequence[Any]) -> Measure:
    m = v.mapping(raw, field)
    v.check_keys(m, _MEASURE_KEYS, field)
    code = identifier(v.require(m, "code", field), f"{field}.code", what="measure code")
    pillar = v.text(v.require(m, "pillar", field), f"{field}.pillar")
    ids = [p.id for p in pillars]
    if pillar not in ids:
        raise UnknownNameError(f"no pillar called {pillar!r}", field=f"{field}.pillar",
                               suggestions=close_matches(pillar, ids), hint="pillars: " + ", ".join(ids))
    unit = v.text(v.require(m, "unit", field), f"{field}.unit")
    parse_unit(unit, field=f"{field}.unit")
    common = {"code": code, "pillar": pillar, "unit": unit,
              "description": v.text(v.require(m, "description", field), f"{field}.description"),
              "notes": v.optional_text(m.get("notes"), f"{field}.notes")}
    monetised = v.boolean(m.get("monetised", True), f"{field}.monetised")
    if not monetised:
        if m.get("proxy") is not None:
            raise ValidationError("a measure with monetised: false takes no proxy", field=f"{field}.proxy",
                                  hint="remove the proxy, or remove monetised: false")
        return Measure(**common)
    proxy = resolve_proxy(v.text(v.require(m, "proxy", field), f"{field}.proxy"), datasets, field=f"{field}.proxy")
    if proxy.is_series:
        raise ValidationError(f"proxy {proxy.qualified_id!r} changes by calendar year; a local model values "
                              "every commitment at one price year", field=f"{field}.proxy",
                              hint="choose a proxy with one value, or report the measure with monetised: false")
    value_unit = v.optional_text(m.get("proxy_unit_as"), f"{field}.proxy_unit_as") or proxy.unit
    if value_unit != proxy.unit:  # e.g. GBP/FTE/year: one FTE read as one full-time person, as TOMs catalogues do
        parse_unit(value_unit, field=f"{field}.proxy_unit_as")
    try:
        factor, per_year = annual_money_factor(1.0, unit, value_unit, field=f"{field}.unit")
    except UnitMismatchError as exc:
        raise UnitMismatchError(f"a measure counted in {unit!r} cannot be valued with proxy "
                                f"{proxy.qualified_id!r} ({value_unit})", field=f"{field}.unit",
                                hint=exc.hint) from None
    return Measure(**common, proxy=proxy, value_unit=value_unit, unit_factor=factor, per_year=per_year)


def parse_model(raw: Mapping[str, Any] | str, datasets: Sequence[Any], *, field: str = "model") -> LocalModel:
    """Validate a model (a mapping, or the id of a bundled model); errors name ``field``'s paths."""
    if isinstance(raw, str):
        raw = bundled_model(raw, field=field)
        field_prefix = field
        field = ""
    else:
        field_prefix = ""
    try:
        return _parse(v.mapping(raw, field or None), field, datasets)
    except SocialValueError as exc:
        if field_prefix:  # an error inside a bundled model names the model, not the document's field
            exc.message = f"bundled model {field_prefix!r}: {exc.message}"
        raise


def _parse(m: Mapping[str, Any], field: str, datasets: Sequence[Any]) -> LocalModel:
    def at(key: str) -> str:
        return f"{field}.{key}" if field else key

    v.check_keys(m, _MODEL_KEYS, field or None)
    pillars = _pillars(v.require(m, "pillars", field or None), at("pillars"))
    raw_measures = v.sequence(v.require(m, "measures", field or None), at("measures"))
    if not raw_measures:
        raise ValidationError("a model needs at least one measure", field=at("measures"))
    measures = [_measure(item, f"{at('measures')}[{i}]", pillars, datasets) for i, item in enumerate(raw_measures)]
    check_unique(((ms.code, f"{at('measures')}[{i}].code") for i, ms in enumerate(measures)), what="measure code")
    return LocalModel(id=identifier(v.require(m, "id", field or None), at("id"), what="model id"),
                      name=v.text(v.require(m, "name", field or None), at("name")),
                      council=v.text(v.require(m, "council", field or None), at("council")),
                      basis=v.text(v.require(m, "basis", field or None), at("basis")),
                      price_year=v.integer(v.require(m, "price_year", field or None), at("price_year"),
                                           minimum=1900),
                      pillars=pillars, measures={ms.code: ms for ms in measures})
