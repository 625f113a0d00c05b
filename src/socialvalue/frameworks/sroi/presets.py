"""Preset adjustments: named tables of default deadweight, displacement, attribution,
leakage and drop-off values that an impact map may use instead of typing a number.

A map writes ``deadweight: {preset: limited}`` (or ``deadweight: preset`` with the
outcome's ``type`` as the key). Every preset value in a result is marked as such, so a
reader can tell the user's own assumptions from defaults.

Tables are YAML files (``table:`` header with id, name, version, licence and source;
``presets:`` records of adjustment, key, value, label, confidence). socialvalue bundles
only what it can source: the five-step SROI judgement scales published by SVA Consulting
for the Australian Government. A licensed table (e.g. your own copy of HACT deadweights)
is loaded by listing its path under ``presets:`` in the map.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from socialvalue import validation as v
from socialvalue.data import content_hash
from socialvalue.errors import DuplicateEntryError, SocialValueError, UnknownNameError, ValidationError
from socialvalue.identity import identity_key
from socialvalue.suggest import close_matches

__all__ = ["BUNDLED_TABLES", "Preset", "PresetTable", "PresetTables", "load_preset_table"]

ADJUSTMENTS = ("deadweight", "displacement", "attribution", "leakage", "drop_off")
BUNDLED_TABLES = ("sroi-category-scale",)


@attrs.frozen
class Preset:
    table: str
    adjustment: str
    key: str
    value: float
    label: str
    confidence: str


@attrs.frozen
class PresetTable:
    id: str
    name: str
    version: str
    licence: str
    source: dict[str, Any]
    presets: tuple[Preset, ...]
    sha256: str
    path: str

    def provenance(self) -> dict[str, Any]:
        return {"id": self.id, "version": self.version, "sha256": self.sha256, "licence": self.licence,
                "source": self.source.get("title", "")}


def load_preset_table(path: str | Path) -> PresetTable:
    """Read and validate a preset table file."""
    from socialvalue.documents import read_document_and_bytes

    path = Path(path)
    data, file_bytes = read_document_and_bytes(path)
    source = str(path)
    try:
        m = v.mapping(data, None)
        v.check_keys(m, ("table", "presets"), None)
        head = v.mapping(v.require(m, "table", None), "table")
        v.check_keys(head, ("id", "name", "version", "licence", "source"), "table")
        for key in ("id", "name", "version", "licence"):
            v.text(str(v.require(head, key, "table")), f"table.{key}")
        src = v.mapping(v.require(head, "source", "table"), "table.source")
        records = []
        seen: set[tuple[str, str]] = set()
        for i, raw in enumerate(v.sequence(v.require(m, "presets", None), "presets")):
            f = f"presets[{i}]"
            r = v.mapping(raw, f)
            v.check_keys(r, ("adjustment", "key", "value", "label", "confidence"), f)
            adj = v.text(v.require(r, "adjustment", f), f"{f}.adjustment")
            if adj not in ADJUSTMENTS:
                raise UnknownNameError(f"unknown adjustment {adj!r}", field=f"{f}.adjustment",
                                       suggestions=close_matches(adj, ADJUSTMENTS))
            key = v.text(str(v.require(r, "key", f)), f"{f}.key")
            if (adj, identity_key(key)) in seen:
                raise DuplicateEntryError(f"preset {adj}/{key} appears twice", field=f"{f}.key",
                                          hint="give each adjustment and key one value")
            seen.add((adj, identity_key(key)))
            confidence = r.get("confidence", "C")
            if confidence not in ("C", "P", "U"):
                raise ValidationError("confidence must be C, P or U", field=f"{f}.confidence")
            records.append(Preset(table=str(head["id"]), adjustment=adj, key=key,
                                  value=v.fraction(v.require(r, "value", f), f"{f}.value"),
                                  label=v.text(v.require(r, "label", f), f"{f}.label"), confidence=confidence))
    except SocialValueError as exc:
        raise exc.with_context(source=source) from None
    return PresetTable(id=str(head["id"]), name=str(head["name"]), version=str(head["version"]),
                       licence=str(head["licence"]), source=dict(src), presets=tuple(records),
                       sha256=content_hash(file_bytes), path=source)


def _bundled(table_id: str) -> PresetTable:
    ref = resources.files("socialvalue.frameworks.sroi").joinpath("data", f"{table_id}.yaml")
    with resources.as_file(ref) as path:
        return load_preset_table(path)


@attrs.frozen
class PresetTables:
    """The preset tables a map may draw on: its own (first) then the bundled ones."""

    tables: tuple[PresetTable, ...]

    @classmethod
    def load(cls, refs: Sequence[Any], *, base_dir: Path | None = None) -> PresetTables:
        tables = []
        for i, ref in enumerate(refs):
            v.text(ref, f"presets[{i}]")
            if ref in BUNDLED_TABLES:
                tables.append(_bundled(ref))
                continue
            from socialvalue.documents import document_path

            tables.append(load_preset_table(document_path(ref, base_dir, field=f"presets[{i}]")))
        for table_id in BUNDLED_TABLES:
            if table_id not in {t.id for t in tables}:
                tables.append(_bundled(table_id))
        return cls(tuple(tables))

    def lookup(self, adjustment: str, key: str, *, field: str | None = None) -> Preset:
        for table in self.tables:
            for preset in table.presets:
                if preset.adjustment == adjustment and preset.key == key:
                    return preset
        keys = sorted({p.key for t in self.tables for p in t.presets if p.adjustment == adjustment})
        raise UnknownNameError(
            f"no {adjustment} preset called {key!r}", field=field, suggestions=close_matches(key, keys),
            hint=("available: " + ", ".join(keys)) if keys else
            f"no loaded preset table has {adjustment} values; give a number or load a table under presets:")

    def provenance(self) -> list[dict[str, Any]]:
        return [t.provenance() for t in self.tables]
