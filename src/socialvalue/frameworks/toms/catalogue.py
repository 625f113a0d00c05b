"""Measure catalogues for TOMs-style tenders: themes → outcomes → measures, as data.

A **catalogue** is a versioned, licensed list of measures (each a :class:`~.measure.Measure`,
parsed by :mod:`.measure`), grouped into themes, with optional targets.

This module validates catalogue *data*. Files, installed catalogues (entry points) and the
measures a tender can use are in :mod:`socialvalue.frameworks.toms.measures`. The National
TOMs values are CC BY-NC-ND 4.0 and are never bundled; a licensed user loads their own copy
in the format documented in ``docs/frameworks/toms.md``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import attrs

from socialvalue import validation as v
from socialvalue.errors import (
    DuplicateEntryError,
    SocialValueError,
    UnitMismatchError,
    UnknownNameError,
    ValidationError,
)
from socialvalue.frameworks.toms.measure import COUNTING_RULES, Measure, parse_measure, unit_factor
from socialvalue.identity import check_unique, identity_key
from socialvalue.suggest import close_matches

__all__ = [
    "BUNDLED_CATALOGUE",
    "CATALOGUE_CSV_COLUMNS",
    "COUNTING_RULES",
    "Catalogue",
    "Measure",
    "parse_catalogue",
    "parse_measure",
    "unit_factor",
]

BUNDLED_CATALOGUE = "open-toms-style"

_HEADER_KEYS = ("id", "name", "version", "edition", "licence", "description", "homepage")
CATALOGUE_CSV_COLUMNS: tuple[str, ...] = (
    "code", "description", "theme", "outcome", "unit", "proxy", "proxy_value", "proxy_unit", "proxy_price_year",
    "proxy_source", "proxy_licence", "proxy_confidence", "proxy_unit_as", "monetised", "edition", "counting",
    "evidence", "notes",
)
"""Columns of a catalogue CSV file (``code`` and ``unit`` are required; see the docs)."""


@attrs.frozen(eq=False)
class Catalogue:
    """A named, versioned, licensed set of measures with unique codes."""

    id: str
    name: str
    version: str
    licence: str
    measures: tuple[Measure, ...] = attrs.field(converter=tuple)
    edition: str = ""
    description: str = ""
    homepage: str | None = None
    path: str | None = None
    sha256: str = ""
    targets: tuple[Mapping[str, Any], ...] = ()
    _by_code: dict[str, Measure] = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        check_unique(((m.code, f"measures[{i}].code") for i, m in enumerate(self.measures)), what="measure code",
                     source=self.path, hint="give every measure its own code")
        object.__setattr__(self, "_by_code", {measure.code: measure for measure in self.measures})

    def __repr__(self) -> str:
        return f"<Catalogue {self.id!r} v{self.version}: {len(self)} measures, {self.licence}>"

    def __len__(self) -> int:
        return len(self.measures)

    def __iter__(self) -> Iterator[Measure]:
        return iter(self.measures)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __getitem__(self, code: str) -> Measure:
        try:
            return self._by_code[code]
        except KeyError:
            raise UnknownNameError(f"catalogue {self.id!r} has no measure {code!r}", source=self.path,
                                   suggestions=close_matches(code, self._by_code)) from None

    @property
    def codes(self) -> list[str]:
        return list(self._by_code)

    def provenance(self) -> dict[str, Any]:
        return {"kind": "measure catalogue", "id": self.id, "version": self.version, "licence": self.licence,
                "sha256": self.sha256, "path": self.path}

    def summary(self) -> dict[str, Any]:
        themes: dict[str, int] = {}
        for m in self.measures:
            themes[m.theme] = themes.get(m.theme, 0) + 1
        return {**self.provenance(), "name": self.name, "edition": self.edition, "measures": len(self),
                "themes": themes}


def _themes(raw: Any) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for i, item in enumerate(v.sequence(raw, "themes")):
        f = f"themes[{i}]"
        t = v.mapping(item, f)
        v.check_keys(t, ("id", "name", "outcomes"), f)
        tid = v.text(v.require(t, "id", f), f"{f}.id")
        if identity_key(tid) in {identity_key(k) for k in out}:
            raise DuplicateEntryError(f"theme id {tid!r} is declared twice", field=f"{f}.id",
                                      hint="declare each theme once, with all its outcomes")
        outcomes: dict[str, str] = {}
        for j, o in enumerate(v.sequence(t.get("outcomes", []), f"{f}.outcomes")):
            g = f"{f}.outcomes[{j}]"
            o = v.mapping(o, g)
            v.check_keys(o, ("id", "name"), g)
            oid = v.text(v.require(o, "id", g), f"{g}.id")
            outcomes[oid] = v.text(o.get("name", oid), f"{g}.name")
        out[tid] = {"name": v.text(t.get("name", tid), f"{f}.name"), "outcomes": outcomes}
    return out


_TARGET_KEYS = ("measure", "quantity", "quantities", "unit", "years", "note")


def _targets(raw: Any, codes: Mapping[str, int], measures: Sequence[Measure] = ()) -> tuple[dict[str, Any], ...]:
    """A draft target set: commitments-shaped records naming this catalogue's measures."""
    out = []
    fields = []
    for i, item in enumerate([] if raw is None else v.sequence(raw, "targets")):
        f = f"targets[{i}]"
        t = v.mapping(item, f)
        v.check_keys(t, _TARGET_KEYS, f)
        code = v.text(v.require(t, "measure", f), f"{f}.measure")
        if code not in codes:
            raise UnknownNameError(f"target names unknown measure {code!r}", field=f"{f}.measure",
                                   suggestions=close_matches(code, codes))
        if t.get("quantity") is None and t.get("quantities") is None:
            v.require(t, "quantity", f)
        from socialvalue.units import parse_quantity

        measure = measures[codes[code]] if measures else None
        figures = [(t["quantity"], f"{f}.quantity")] if t.get("quantity") is not None else []
        figures += [(q, f"{f}.quantities[{k}]") for k, q in enumerate(
            v.sequence(t["quantities"], f"{f}.quantities", limit="max_periods") if t.get("quantities") is not None
            else [])]
        for raw, where_ in figures:
            number, unit = parse_quantity(raw, field=where_)
            if number < 0:
                raise ValidationError(f"a target must not be negative, got {raw!r}", field=where_,
                                      hint="a target is an amount to deliver")
            if measure is not None:
                try:
                    unit_factor(unit or t.get("unit") or measure.unit, measure.unit, measure.value_unit)
                except UnitMismatchError:
                    raise UnitMismatchError(f"measure {code!r} is counted in {measure.unit!r}; a target in {unit!r} "
                                            "cannot be counted for it", field=where_,
                                            hint=f"give the target in {measure.unit}") from None
        if t.get("years") is not None:
            years = v.integer(t["years"], f"{f}.years", minimum=1)
            if measure is not None and measure.counting == "first-year-only" and years > 1:
                raise ValidationError(f"measure {code!r} is counted in the first contract year only, so a target "
                                      f"cannot run {years} years", field=f"{f}.years",
                                      hint="drop years: (the target is for contract year 1)")
        for key in ("unit", "note"):
            v.optional_text(t.get(key), f"{f}.{key}")
        out.append(dict(t))
        fields.append(f)
    check_unique(((t["measure"], f) for t, f in zip(out, fields, strict=True)), what="target for measure",
                 hint="give one target per measure")
    return tuple(out)


def parse_catalogue(data: Any, *, source: str = "<data>", sha256: str = "", path: str | None = None,
                    datasets: Sequence[Any] | None = None,
                    measure_field: Callable[[int], str] | None = None) -> Catalogue:
    """Build a catalogue from parsed YAML/JSON data, validating every measure.

    ``measure_field(i)`` names the i-th record in errors (default ``measures[i]``).
    """
    where = measure_field or (lambda i: f"measures[{i}]")
    try:
        m = v.mapping(data, None)
        v.check_keys(m, ("catalogue", "themes", "measures", "targets"), None)
        header = v.mapping(v.require(m, "catalogue", None), "catalogue")
        v.check_keys(header, _HEADER_KEYS, "catalogue")
        for key in ("id", "name", "version", "licence"):
            val = v.require(header, key, "catalogue")
            v.text(str(val) if isinstance(val, (int, float)) and not isinstance(val, bool) else val,
                   f"catalogue.{key}")
        for key in ("id", "name", "version", "licence", "edition"):  # numbers in the header are read as text
            if isinstance(header.get(key), float) and not math.isfinite(header[key]):
                raise ValidationError(f"expected text, got {header[key]!r}", field=f"catalogue.{key}",
                                      hint="write the catalogue's id, name, version and licence as text")
        for key in ("description", "homepage"):
            v.optional_text(header.get(key), f"catalogue.{key}")
        cid = str(header["id"])
        edition = str(header.get("edition", header["version"]))
        themes = _themes(m["themes"]) if m.get("themes") is not None else None
        measures: list[Measure] = []
        first: dict[str, int] = {}
        for i, record in enumerate(v.sequence(v.require(m, "measures", None), "measures", limit="max_measures")):
            try:
                measure = parse_measure(record, datasets=datasets, require_theme=True, default_edition=edition,
                                        default_licence=header["licence"], catalogue=cid, themes=themes)
            except SocialValueError as exc:
                raise exc.with_context(field_prefix=where(i)) from None
            measures.append(measure)
            first.setdefault(measure.code, i)
        check_unique(((m.code, f"{where(i)}.code") for i, m in enumerate(measures)), what="measure code",
                     hint="give every measure its own code")
        targets = _targets(m.get("targets"), first, measures)
        return Catalogue(id=cid, name=str(header["name"]), version=str(header["version"]),
                         licence=str(header["licence"]),
                         edition=edition, description=header.get("description", "") or "",
                         homepage=header.get("homepage"), measures=measures, path=path or source, sha256=sha256,
                         targets=targets)
    except SocialValueError as exc:
        raise exc.with_context(source=source) from None
