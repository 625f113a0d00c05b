"""Reading a ``local-commitment`` document: the model it is scored under, and the offers.

::

    kind: local-commitment
    framework: local-model
    name: Highways maintenance 2026-2029
    model: newcastle-pillars-example   # a bundled model, or the model itself (a mapping)
    price_year: 2024                   # optional: the model's price year by default
    offers:
      - supplier: Tyne Civils Ltd
        commitments:
          - {measure: LM-LOCAL-JOBS, quantity: 6, years: 3}   # 6 FTE held in each of 3 years
          - {measure: LM-VOLUNTEERING, quantity: "400 hour"}   # counted once

Every number is read one way (socialvalue's number rule: ``"1,250"`` is 1250, ``"12,5"`` is
refused); a quantity may carry a unit, converted to the measure's; one measure committed twice
in an offer, or two offers from one supplier, are refused rather than added up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from socialvalue import validation as v
from socialvalue.errors import ValidationError
from socialvalue.identity import check_unique, identifier
from socialvalue.units import convert, parse_quantity

from socialvalue_local_model.model import LocalModel, Measure, parse_model

__all__ = ["Commitment", "Offer", "Submission", "parse_submission"]

_TOP_KEYS = ("kind", "framework", "name", "description", "model", "price_year", "offers")
_OFFER_KEYS = ("supplier", "commitments", "notes")
_COMMITMENT_KEYS = ("measure", "quantity", "years", "notes")


@attrs.frozen
class Commitment:
    """One measure an offer commits to: ``quantity`` in the measure's unit, held for ``years``
    (per-year measures) or counted once (``years`` is 1)."""

    measure: Measure
    quantity: float
    years: int = 1
    field: str = ""

    @property
    def amount(self) -> float:
        """What is delivered in total, in the measure's unit (quantity x years for per-year measures)."""
        return self.quantity * self.years


@attrs.frozen
class Offer:
    supplier: str
    commitments: tuple[Commitment, ...]
    notes: str | None = None


@attrs.frozen
class Submission:
    name: str
    description: str | None
    model: LocalModel
    price_year: int
    offers: tuple[Offer, ...]


def _commitment(raw: Any, field: str, model: LocalModel) -> Commitment:
    m = v.mapping(raw, field)
    v.check_keys(m, _COMMITMENT_KEYS, field)
    measure = model.measure(v.text(v.require(m, "measure", field), f"{field}.measure"), f"{field}.measure")
    number, unit = parse_quantity(v.require(m, "quantity", field), default_unit=measure.unit,
                                  field=f"{field}.quantity")
    quantity = number if unit == measure.unit else convert(number, unit or measure.unit, measure.unit,
                                                           field=f"{field}.quantity")
    if quantity < 0:
        raise ValidationError(f"a commitment cannot be negative, got {quantity:g} {measure.unit}",
                              field=f"{field}.quantity", hint="commit zero or more")
    years = 1
    if m.get("years") is not None:
        if not measure.per_year:
            raise ValidationError(f"measure {measure.code!r} is counted once, not per year", field=f"{field}.years",
                                  hint="give the total quantity and no years")
        years = v.integer(m["years"], f"{field}.years", minimum=1)
    elif measure.per_year:
        raise ValidationError(f"measure {measure.code!r} is held per year: say for how many years",
                              field=f"{field}.years", hint="add years: (e.g. years: 3 for a three-year contract)")
    return Commitment(measure=measure, quantity=quantity, years=years, field=field)


def _offer(raw: Any, field: str, model: LocalModel) -> Offer:
    m = v.mapping(raw, field)
    v.check_keys(m, _OFFER_KEYS, field)
    items = v.sequence(v.require(m, "commitments", field), f"{field}.commitments")
    commitments = tuple(_commitment(c, f"{field}.commitments[{i}]", model) for i, c in enumerate(items))
    check_unique(((c.measure.code, f"{c.field}.measure") for c in commitments), what="measure",
                 hint="commit to each measure once per offer (repeated rows are not added up)")
    return Offer(supplier=identifier(v.require(m, "supplier", field), f"{field}.supplier", what="supplier"),
                 commitments=commitments, notes=v.optional_text(m.get("notes"), f"{field}.notes"))


def parse_submission(document: Mapping[str, Any], datasets: Sequence[Any]) -> Submission:
    """Validate a ``local-commitment`` document (errors carry the field path; the caller adds the file)."""
    v.check_keys(document, _TOP_KEYS, None)
    model = parse_model(v.require(document, "model", None), datasets)
    price_year = model.price_year
    if document.get("price_year") is not None:
        from socialvalue.prices import gdp_deflator

        price_year = v.integer(document["price_year"], "price_year", minimum=1900)
        gdp_deflator().level(price_year, field="price_year")
    items = v.sequence(v.require(document, "offers", None), "offers")
    if not items:
        raise ValidationError("there are no offers", field="offers", hint="list each supplier's offer under offers:")
    offers = tuple(_offer(o, f"offers[{i}]", model) for i, o in enumerate(items))
    check_unique(((o.supplier, f"offers[{i}].supplier") for i, o in enumerate(offers)), what="supplier",
                 hint="give each supplier one offer")
    return Submission(name=v.text(v.require(document, "name", None), "name"),
                      description=v.optional_text(document.get("description"), "description"),
                      model=model, price_year=price_year, offers=offers)
