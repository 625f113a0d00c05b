"""One measure of a TOMs-style catalogue: what it counts, and how it is valued.

A :class:`Measure` has a code, a short description, the unit its quantities are counted in,
a financial proxy (a proxy id from an installed dataset, or an inline value with its source,
price year and licence), the edition it belongs to, and optional notes on the evidence
required and the counting rule. :func:`parse_measure` validates one measure's data;
:mod:`.catalogue` holds measures together, :mod:`.measures` finds the installed catalogues.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

import attrs

from socialvalue import validation as v
from socialvalue.errors import SocialValueError, UnitMismatchError, UnknownNameError, ValidationError
from socialvalue.identity import identifier
from socialvalue.proxies.model import Proxy
from socialvalue.suggest import close_matches

__all__ = ["COUNTING_RULES", "Measure", "parse_measure", "unit_factor"]

COUNTING_RULES: dict[str, str] = {
    "each-year": "counted for every contract year in which it is delivered",
    "first-year-only": "counted in the first contract year only (e.g. a hire from a disadvantaged group)",
    "once": "counted once, when delivered (e.g. hours, tonnes, starts)",
}
"""Counting rules a measure may declare. ``first-year-only`` is enforced; the others describe."""

_MEASURE_KEYS = ("code", "description", "theme", "outcome", "unit", "proxy", "proxy_unit_as", "monetised",
                 "edition", "counting", "evidence", "notes")
_INLINE_PROXY_KEYS = ("id", "name", "value", "unit", "price_year", "source", "licence", "region", "confidence",
                      "notes", "description", "low", "high")

@lru_cache(maxsize=1024)
def unit_factor(unit: str | None, measure_unit: str, value_unit: str | None) -> tuple[float, bool, float]:
    """(proxy-terms quantity per 1 unit, per_year, measure units per 1 unit) for a quantity unit."""
    from socialvalue.units import annual_money_factor, convert, unit_dimensions

    if value_unit is None:  # reported, not monetised: convert to the measure's unit
        qunit = unit or measure_unit
        per_year = unit_dimensions(qunit).get("[time]", 0) == -1
        yearly_measure = unit_dimensions(measure_unit).get("[time]", 0) == -1
        f = convert(1.0, qunit, f"({measure_unit}) / year" if per_year and not yearly_measure else measure_unit)
        return f, per_year, f
    f, per_year = annual_money_factor(1.0, unit, value_unit)
    per_measure, _ = annual_money_factor(1.0, measure_unit, value_unit)
    return f, per_year, f / per_measure


# --------------------------------------------------------------------------- measures


@attrs.frozen
class Measure:
    """One countable commitment a supplier can make, and how it is valued.

    ``proxy`` is already resolved (``None`` only for a measure that is reported but not
    monetised). ``value_unit`` is the unit the proxy is applied in: the proxy's own unit, or
    the one named by ``proxy_unit_as`` when a catalogue re-reads a count (e.g. a value per
    full-time employee read as a value per FTE).
    """

    code: str
    description: str
    unit: str
    proxy: Proxy | None
    theme: str = "other"
    theme_name: str = "other"
    outcome: str | None = None
    outcome_name: str | None = None
    edition: str = "buyer-defined"
    counting: str = "once"
    evidence: str | None = None
    notes: str | None = None
    proxy_unit_as: str | None = None
    proxy_ref: str | None = None
    catalogue: str | None = None
    per_year: bool = False

    @property
    def monetised(self) -> bool:
        return self.proxy is not None

    @property
    def value_unit(self) -> str | None:
        if self.proxy is None:
            return None
        return self.proxy_unit_as or self.proxy.unit

    def to_dict(self, *, proxy_detail: bool = True) -> dict[str, Any]:
        """Plain data (the proxy as used: its value, unit, price year, source and licence)."""
        out: dict[str, Any] = {
            "code": self.code, "description": self.description, "theme": self.theme,
            "theme_name": self.theme_name, "outcome": self.outcome, "outcome_name": self.outcome_name,
            "unit": self.unit, "monetised": self.monetised, "per_year": self.per_year,
            "counting": self.counting, "edition": self.edition, "catalogue": self.catalogue,
            "evidence": self.evidence, "notes": self.notes,
        }
        if self.proxy is not None:
            p = self.proxy
            record: dict[str, Any] = {"id": p.qualified_id if self.proxy_ref else p.id, "ref": self.proxy_ref,
                                      "value": p.headline_value, "unit": self.value_unit,
                                      "price_year": p.price_year}
            if proxy_detail:
                record.update({"name": p.name, "series": p.is_series, "source": p.source.to_dict(),
                               "citation": p.source.cite(), "licence": p.licence, "confidence": p.confidence,
                               "dataset": p.dataset})
                if self.proxy_unit_as:
                    record["original_unit"] = p.unit
                if p.indexation:
                    record["indexation"] = dict(p.indexation)
            out["proxy"] = record
        else:
            out["proxy"] = None
        return out

    def indexed(self, price_year: int) -> Measure:
        """This measure with its proxy re-expressed in ``price_year`` prices."""
        if self.proxy is None or self.proxy.price_year == price_year:
            return self
        return attrs.evolve(self, proxy=self.proxy.indexed(price_year))


def _parse_bool(value: Any, field: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "yes", "y", "1"):
        return True
    if isinstance(value, str) and value.strip().lower() in ("false", "no", "n", "0"):
        return False
    raise ValidationError(f"expected true or false, got {value!r}", field=field,
                          hint="write true or false (without quotes)")


def _inline_proxy(raw: Mapping[str, Any], code: str, description: str, *, default_licence: str | None,
                  dataset: str | None) -> Proxy:
    """A proxy written inside a measure: ``{value, unit, price_year, source, licence}``."""
    v.check_keys(raw, _INLINE_PROXY_KEYS, None)
    for key in ("value", "unit", "price_year"):
        v.require(raw, key, None)
    if raw.get("source") in (None, ""):
        raise ValidationError(
            "an inline proxy value needs a source", field="source",
            hint="cite where the value comes from, e.g. source: {publisher: ..., title: ..., year: ...}; "
                 "an uncited number cannot be traced or checked")
    data = dict(raw)
    data.setdefault("id", code)
    data.setdefault("name", description)
    if data.get("licence") is None:
        if default_licence is None:
            raise ValidationError("an inline proxy value needs a licence", field="licence",
                                  hint="say under what terms the value may be used, e.g. licence: buyer-supplied")
        data["licence"] = default_licence
    return Proxy.from_dict(data, dataset=dataset)


def _relabel(proxy_unit: str, new_unit: str) -> None:
    """Allow ``proxy_unit_as`` only when it changes the counted thing, not money or time."""
    from socialvalue.units import parse_unit, registry

    reg = registry()
    old, new = parse_unit(proxy_unit), parse_unit(new_unit)

    def split(unit: Any) -> tuple[Any, int]:
        rest = reg.Quantity(1.0, "dimensionless")
        counts = 0
        for name, exponent in unit._units.items():
            dims = dict(reg.parse_units(name).dimensionality)
            if "[currency]" in dims or dims == {"[time]": 1}:
                rest = rest * reg.Quantity(1.0, name) ** exponent
            else:
                counts += 1
        return rest, counts

    old_rest, _ = split(old)
    new_rest, new_counts = split(new)
    same = old_rest.dimensionality == new_rest.dimensionality and new_counts >= 1
    if same:
        same = abs(float((new_rest / old_rest).to("dimensionless").magnitude) - 1.0) < 1e-12
    if not same:
        raise ValidationError(
            f"proxy_unit_as {new_unit!r} may only rename what the proxy counts; its money and time parts "
            f"must match the proxy's unit {proxy_unit!r}", field="proxy_unit_as",
            hint="e.g. read 'GBP/person/year' for a full-time employee as 'GBP/FTE/year'")


def parse_measure(raw: Any, *, datasets: Sequence[Any] | None = None, require_theme: bool = False,
                  default_edition: str = "buyer-defined", default_licence: str | None = None,
                  catalogue: str | None = None, themes: Mapping[str, Any] | None = None) -> Measure:
    """Validate one measure record (field paths are relative to the record)."""
    from socialvalue.proxies import installed_datasets, resolve_proxy
    from socialvalue.units import annual_money_factor, unit_dimensions

    m = v.mapping(raw, None)
    v.check_keys(m, _MEASURE_KEYS, None)
    code = identifier(v.require(m, "code", None), "code", what="measure code")
    description = v.text(v.require(m, "description", None), "description")
    unit = v.text(v.require(m, "unit", None), "unit")
    unit_dimensions(unit, field="unit")
    theme = m.get("theme")
    if theme is None and require_theme:
        v.require(m, "theme", None)
    theme = "other" if theme is None else v.text(theme, "theme")
    outcome = v.optional_text(m.get("outcome"), "outcome")
    theme_name, outcome_name = theme, outcome
    if themes:
        if theme not in themes:
            raise UnknownNameError(f"theme {theme!r} is not declared under themes:", field="theme",
                                   hint=None if close_matches(theme, themes) else "declared: " + ", ".join(themes),
                                   suggestions=close_matches(theme, themes))
        theme_name = themes[theme]["name"]
        if outcome is not None:
            outcomes = themes[theme]["outcomes"]
            if outcome not in outcomes:
                raise UnknownNameError(f"outcome {outcome!r} is not declared under theme {theme!r}", field="outcome",
                                       hint=None if close_matches(outcome, outcomes) else
                                       "declared: " + (", ".join(outcomes) or "none (add outcomes: to the theme)"),
                                       suggestions=close_matches(outcome, outcomes))
            outcome_name = outcomes[outcome]
    monetised = _parse_bool(m.get("monetised", True), "monetised")
    proxy: Proxy | None = None
    proxy_ref: str | None = None
    raw_proxy = m.get("proxy")
    if monetised:
        if raw_proxy is None:
            v.require(m, "proxy", None)
        if isinstance(raw_proxy, str):
            proxy_ref = raw_proxy.strip()
            pool = list(datasets) if datasets is not None else installed_datasets()
            proxy = resolve_proxy(proxy_ref, pool, field="proxy")
        else:
            try:
                proxy = _inline_proxy(v.mapping(raw_proxy, "proxy"), code, description,
                                      default_licence=default_licence, dataset=catalogue)
            except SocialValueError as exc:
                raise exc.with_context(field_prefix="proxy") from None
    elif raw_proxy is not None:
        raise ValidationError("a measure with monetised: false has no proxy", field="proxy",
                              hint="remove the proxy, or set monetised: true")
    relabel = v.optional_text(m.get("proxy_unit_as"), "proxy_unit_as")
    per_year = False
    if proxy is not None:
        if relabel is not None:
            _relabel(proxy.unit, relabel)
        try:
            _, per_year = annual_money_factor(1.0, unit, relabel or proxy.unit, field="unit")
        except UnitMismatchError as exc:
            raise UnitMismatchError(
                f"quantities in {unit!r} cannot be valued with proxy {proxy.id!r} in {relabel or proxy.unit!r}",
                field="unit", hint=f"count the measure in the proxy's units ({exc.hint or 'see the proxy'})") from None
    elif relabel is not None:
        raise ValidationError("proxy_unit_as needs a proxy", field="proxy_unit_as")
    else:  # reported only: a unit per year (e.g. GBP/year) makes it a per-year measure
        per_year = unit_dimensions(unit).get("[time]", 0) == -1
    counting = m.get("counting", "each-year" if per_year else "once")
    if not isinstance(counting, str) or counting not in COUNTING_RULES:
        raise UnknownNameError(f"unknown counting rule {counting!r}", field="counting",
                               suggestions=close_matches(str(counting), COUNTING_RULES),
                               hint="use one of: " + ", ".join(COUNTING_RULES))
    if counting == "each-year" and not per_year and proxy is not None:
        raise ValidationError(
            f"counting: each-year needs a proxy valued per year; {proxy.id!r} is in {relabel or proxy.unit!r}",
            field="counting", hint="use counting: once for quantities such as hours or tonnes")
    edition = m.get("edition", default_edition)
    edition = v.text(str(edition) if isinstance(edition, (int, float)) else edition, "edition")
    return Measure(code=code, description=description, unit=unit, proxy=proxy, theme=theme,
                   theme_name=theme_name, outcome=outcome, outcome_name=outcome_name, edition=edition,
                   counting=counting, evidence=v.optional_text(m.get("evidence"), "evidence"),
                   notes=v.optional_text(m.get("notes"), "notes"), proxy_unit_as=relabel, proxy_ref=proxy_ref,
                   catalogue=catalogue, per_year=per_year)
