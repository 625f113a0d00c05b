"""The SROI domain model: beneficiaries, outcomes, investment and activities.

All classes are frozen attrs classes, validated when they are built, so an object that
exists is a valid one. Each has ``to_dict()`` (plain JSON-ready data, in the same shape as
an impact map) and ``from_dict()`` (which reports the field path of any bad value, e.g.
``outcomes[3].deadweight``). An :class:`Activity` can be evaluated directly
(``socialvalue.frameworks.evaluate(activity, options={"price_year": 2024})``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import attrs

from socialvalue import validation as v
from socialvalue.errors import ValidationError
from socialvalue.fields import (
    field_validator,
    frozen_map,
    identifier_check,
    number_if_numeric,
    optional,
    wrap_errors,
)
from socialvalue.proxies.model import Proxy

__all__ = ["Activity", "Beneficiary", "Investment", "Outcome"]


@attrs.frozen
class Beneficiary:
    """A named group of people who experience an outcome (a stakeholder group)."""

    group: str = attrs.field(validator=field_validator(v.text))
    count: int | None = attrs.field(default=None, validator=optional(lambda x, f: v.integer(x, f, minimum=0)))
    characteristics: Mapping[str, str] = attrs.field(factory=dict, converter=frozen_map)

    _KEYS: ClassVar[tuple[str, ...]] = ("group", "count", "characteristics")

    def __hash__(self) -> int:
        return hash((self.group, self.count, tuple(sorted(self.characteristics.items()))))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"group": self.group}
        if self.count is not None:
            out["count"] = self.count
        if self.characteristics:
            out["characteristics"] = dict(self.characteristics)
        return out

    @classmethod
    def from_dict(cls, data: Any, *, source: Any = None, field: str | None = None) -> Beneficiary:
        def build() -> Beneficiary:
            if isinstance(data, str):
                return cls(group=data)
            m = v.mapping(data, None)
            v.check_keys(m, cls._KEYS, None)
            chars = v.mapping(m.get("characteristics", {}), "characteristics")
            for key, val in chars.items():
                v.text(val, f"characteristics.{key}")
            count = m.get("count")
            return cls(group=v.require(m, "group", None),
                       count=None if count is None else v.integer(count, "count", minimum=0),
                       characteristics=chars)

        return wrap_errors(build, source=source, field=field)


_FRACTIONS = ("deadweight", "displacement", "attribution", "leakage", "drop_off")


@attrs.frozen
class Outcome:
    """A change for a group of people, with how much of it the activity can claim.

    ``quantity`` is how many achieve it (in the proxy's units unless ``quantity_unit``
    says otherwise); the adjustments are fractions in [0, 1]; ``duration`` is how many
    years it lasts; ``start_year`` is the project year of its first value (1 = during the
    activity, 2 = after it). ``proxy`` is a :class:`Proxy` or a proxy id to resolve.
    """

    id: str = attrs.field(validator=field_validator(identifier_check))
    quantity: float = attrs.field(converter=number_if_numeric, validator=field_validator(v.non_negative))
    proxy: Proxy | str = attrs.field()
    duration: int = attrs.field(default=1, validator=field_validator(lambda x, f: v.integer(x, f, minimum=1)))
    deadweight: float = attrs.field(default=0.0, validator=field_validator(v.fraction))
    displacement: float = attrs.field(default=0.0, validator=field_validator(v.fraction))
    attribution: float = attrs.field(default=0.0, validator=field_validator(v.fraction))
    leakage: float = attrs.field(default=0.0, validator=field_validator(v.fraction))
    drop_off: float = attrs.field(default=0.0, validator=field_validator(v.fraction))
    start_year: int = attrs.field(default=1, validator=field_validator(lambda x, f: v.integer(x, f, minimum=1)))
    quantity_unit: str | None = None
    description: str | None = None
    beneficiaries: Beneficiary | None = None
    theme: str | None = None
    domain: str | None = None
    negative: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))

    _KEYS: ClassVar[tuple[str, ...]] = (
        "id", "description", "beneficiaries", "quantity", "quantity_unit", "proxy", "duration",
        *_FRACTIONS, "start_year", "theme", "domain", "negative",
    )

    @proxy.validator
    def _check_proxy(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, (Proxy, str)) or (isinstance(value, str) and not value.strip()):
            raise ValidationError("proxy must be a proxy id or an inline proxy", field="proxy")

    @property
    def proxy_id(self) -> str:
        return self.proxy if isinstance(self.proxy, str) else self.proxy.qualified_id

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key in self._KEYS:
            val = getattr(self, key)
            if val is None:
                continue
            if key == "proxy" and isinstance(val, Proxy):
                val = val.to_dict()
            elif key == "beneficiaries":
                val = val.to_dict()
            out[key] = val
        return out

    @classmethod
    def from_dict(cls, data: Any, *, source: Any = None, field: str | None = None) -> Outcome:
        def build() -> Outcome:
            m = v.mapping(data, None)
            v.check_keys(m, cls._KEYS, None)
            kwargs: dict[str, Any] = {"id": v.require(m, "id", None)}
            kwargs["quantity"] = v.non_negative(v.require(m, "quantity", None), "quantity")
            proxy = v.require(m, "proxy", None)
            kwargs["proxy"] = proxy if isinstance(proxy, str) else Proxy.from_dict(proxy, field="proxy")
            for key in _FRACTIONS:
                if m.get(key) is not None:
                    kwargs[key] = v.fraction(m[key], key)
            for key in ("duration", "start_year"):
                if m.get(key) is not None:
                    kwargs[key] = v.integer(m[key], key, minimum=1)
            for key in ("quantity_unit", "description", "theme", "domain"):
                if m.get(key) is not None:
                    kwargs[key] = v.text(m[key], key)
            if m.get("beneficiaries") is not None:
                kwargs["beneficiaries"] = Beneficiary.from_dict(m["beneficiaries"], field="beneficiaries")
            if "negative" in m:
                if not isinstance(m["negative"], bool):
                    raise ValidationError("negative must be true or false", field="negative",
                                          hint="write negative: true for a disbenefit")
                kwargs["negative"] = m["negative"]
            return cls(**kwargs)

        return wrap_errors(build, source=source, field=field)


@attrs.frozen
class Investment:
    """One input to the activity, in money (the denominator of the SROI ratio)."""

    name: str = attrs.field(validator=field_validator(v.text))
    amount: float = attrs.field(converter=number_if_numeric, validator=field_validator(v.non_negative))

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "amount": self.amount}

    @classmethod
    def parse_many(cls, raw: Any, field: str = "investment") -> list[Investment]:
        """Investment as documents write it: one total (a number, number text such as ``"420,000"``, or
        an amount in GBP such as ``"420000 GBP"``) or a list of ``{name, amount}``."""
        if isinstance(raw, (int, float, str)) and not isinstance(raw, bool):
            return [cls("investment", _money_amount(raw, field))]
        items = []
        for i, item in enumerate(v.sequence(raw, field)):
            f = f"{field}[{i}]"
            m = v.mapping(item, f)
            v.check_keys(m, ("name", "amount"), f)
            items.append(cls(v.text(v.require(m, "name", f), f"{f}.name"),
                             _money_amount(v.require(m, "amount", f), f"{f}.amount")))
        return items


def _money_amount(raw: Any, field: str) -> float:
    """An amount of money: a number, number text, or text with the unit GBP (``"420000 GBP"``)."""
    if isinstance(raw, str):
        from socialvalue.errors import UnitMismatchError
        from socialvalue.units import convert, parse_quantity

        number, unit = parse_quantity(raw, default_unit="GBP", field=field)
        try:
            amount = convert(number, unit or "GBP", "GBP", field=field)
        except UnitMismatchError as exc:
            raise UnitMismatchError(exc.message, field=field,
                                    hint="give an amount of money in GBP, e.g. 420000 or '420000 GBP'") from None
        return v.non_negative(amount, field)
    return v.non_negative(raw, field)


def _investments(value: Any) -> tuple[Investment, ...]:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (Investment("investment", float(value)),)
    return tuple(value)


@attrs.frozen
class Activity:
    """What was done or is planned: a name, what it cost, and the outcomes it produces."""

    name: str = attrs.field(validator=field_validator(v.text))
    investment: tuple[Investment, ...] = attrs.field(converter=_investments)
    outcomes: tuple[Outcome, ...] = attrs.field(converter=tuple)
    place: str | None = None
    period: str | None = None

    _KEYS: ClassVar[tuple[str, ...]] = ("name", "investment", "outcomes", "place", "period")

    def __attrs_post_init__(self) -> None:
        from socialvalue.identity import check_unique

        for i, outcome in enumerate(self.outcomes):
            if not isinstance(outcome, Outcome):
                raise ValidationError("expected an Outcome", field=f"outcomes[{i}]")
        for i, item in enumerate(self.investment):
            if not isinstance(item, Investment):
                raise ValidationError("expected an Investment", field=f"investment[{i}]")
        check_unique(((o.id, f"outcomes[{i}].id") for i, o in enumerate(self.outcomes)), what="outcome id",
                     hint="give every outcome its own id")
        check_unique(((item.name, f"investment[{i}].name") for i, item in enumerate(self.investment)),
                     what="investment item", hint="list each source of funding once, with its total amount")

    @property
    def total_investment(self) -> float:
        import math

        return math.fsum(item.amount for item in self.investment)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "investment": [i.to_dict() for i in self.investment],
            "outcomes": [o.to_dict() for o in self.outcomes],
        }
        if self.place is not None:
            out["place"] = self.place
        if self.period is not None:
            out["period"] = self.period
        return out

    @classmethod
    def from_dict(cls, data: Any, *, source: Any = None, field: str | None = None) -> Activity:
        def build() -> Activity:
            m = v.mapping(data, None)
            v.check_keys(m, cls._KEYS, None)
            investment = Investment.parse_many(v.require(m, "investment", None))
            outcomes = [Outcome.from_dict(o, field=f"outcomes[{i}]")
                        for i, o in enumerate(v.sequence(v.require(m, "outcomes", None), "outcomes"))]
            return cls(name=v.text(v.require(m, "name", None), "name"), investment=investment, outcomes=outcomes,
                       place=v.optional_text(m.get("place"), "place"),
                       period=v.optional_text(m.get("period"), "period"))

        return wrap_errors(build, source=source, field=field)
