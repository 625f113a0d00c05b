"""Where a document's measures come from: catalogue files, installed catalogues, inline lists.

* :func:`load_catalogue` reads a catalogue from YAML, JSON or CSV (a licensed user's own
  copy of a framework such as the National TOMs, or a local catalogue);
* installed catalogues come from the ``socialvalue.toms_catalogues`` entry-point group
  (:data:`catalogues`, :func:`get_catalogue`); the bundled open catalogue registers there;
* :class:`MeasureSet` joins the catalogues a tender names with its inline ``measures:``,
  refuses a code defined twice, and indexes proxies to the contract's price year on use.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from socialvalue import validation as v
from socialvalue.proxies.variants import ProxyChoice
from socialvalue.data import content_hash
from socialvalue.errors import (
    DuplicateEntryError,
    LimitExceededError,
    ParseError,
    PriceYearError,
    SocialValueError,
    UnknownNameError,
    ValidationError,
)
from socialvalue.frameworks.toms.catalogue import (
    BUNDLED_CATALOGUE,
    CATALOGUE_CSV_COLUMNS,
    Catalogue,
    Measure,
    parse_catalogue,
    parse_measure,
)
from socialvalue.identity import identity_key
from socialvalue.plugins import PluginError, Registry
from socialvalue.suggest import close_matches

__all__ = [
    "CATALOGUES_GROUP",
    "MeasureSet",
    "catalogues",
    "get_catalogue",
    "installed_catalogues",
    "load_catalogue",
    "open_toms_style",
    "parse_measures",
]

CATALOGUES_GROUP = "socialvalue.toms_catalogues"
_HEADER_KEYS = ("id", "name", "version", "edition", "licence", "description", "homepage")


def _max_rows() -> int:
    from socialvalue.config import current_limits

    return current_limits().max_rows


# --------------------------------------------------------------------------- catalogue files


_CSV_NUMERIC = ("proxy_value", "proxy_price_year")


def _csv_cell(value: str | None, column: str, field: str) -> Any:
    if value is None or value.strip() == "":
        return None
    value = value.strip()
    if column not in _CSV_NUMERIC:
        return value
    from socialvalue.numbers import read_number

    number = read_number(value, field)
    return int(number) if column == "proxy_price_year" and number.is_integer() else number


def _csv_catalogue(text: str, path: Path) -> tuple[dict[str, Any], list[int]]:
    """Catalogue data from a CSV file (optional ``# key: value`` header lines first), and
    the spreadsheet row number of each measure (the column-name row is row 1 after the header lines)."""
    header: dict[str, Any] = {"id": path.stem, "name": path.name, "version": "unversioned"}
    lines = text.splitlines()
    body_start = len(lines)
    for index, line in enumerate(lines):
        if not line.startswith("#"):
            body_start = index
            break
        key, _, value = line[1:].partition(":")
        key = key.strip()
        if key not in _HEADER_KEYS:
            raise UnknownNameError(f"unknown header line key {key!r}", field=f"line {index + 1}",
                                   suggestions=close_matches(key, _HEADER_KEYS),
                                   hint="header lines look like '# licence: CC-BY-NC-ND-4.0 (my own copy)'")
        header[key] = value.strip()
    if "licence" not in header:
        raise ValidationError("a catalogue CSV needs a '# licence: ...' header line", field="line 1",
                              hint="say under what licence you hold these values, e.g. '# licence: CC-BY-NC-ND-4.0'")
    reader = csv.DictReader(io.StringIO("\n".join(lines[body_start:])))
    columns = [c.strip() for c in (reader.fieldnames or [])]
    for col in columns:
        if col not in CATALOGUE_CSV_COLUMNS:
            raise UnknownNameError(f"unknown column {col!r}", field=f"columns.{col}",
                                   suggestions=close_matches(col, CATALOGUE_CSV_COLUMNS),
                                   hint="columns: " + ", ".join(CATALOGUE_CSV_COLUMNS))
    measures: list[dict[str, Any]] = []
    rows: list[int] = []
    for n, row in enumerate(reader):
        if n >= _max_rows():
            raise LimitExceededError(f"catalogue has more than {_max_rows():,} rows", field="rows",
                                     hint="split the catalogue, or raise the max_rows limit (--limit max_rows=N)")
        line_no = body_start + n + 2
        cells = {k.strip(): _csv_cell(val, k.strip(), f"rows[{line_no}].{k.strip()}")
                 for k, val in row.items() if k is not None and isinstance(val, (str, type(None)))}
        if all(val is None for val in cells.values()):
            continue
        record = {k: cells[k] for k in ("code", "description", "theme", "outcome", "unit", "proxy_unit_as",
                                        "monetised", "edition", "counting", "evidence", "notes")
                  if cells.get(k) is not None}
        inline = {k[len("proxy_"):]: cells[k] for k in ("proxy_value", "proxy_unit", "proxy_price_year",
                                                        "proxy_source", "proxy_licence", "proxy_confidence")
                  if cells.get(k) is not None}
        if cells.get("proxy") is not None:
            record["proxy"] = str(cells["proxy"])
            if inline:
                raise ValidationError("give either a proxy id or an inline value, not both",
                                      field=f"rows[{line_no}].proxy_value")
        elif inline:
            record["proxy"] = inline
        measures.append(record)
        rows.append(line_no)
    return {"catalogue": header, "measures": measures}, rows


def load_catalogue(path: str | os.PathLike[str], *, datasets: Sequence[Any] | None = None) -> Catalogue:
    """Load a catalogue from YAML, JSON or CSV (a licensed user's own copy, or a local one).

    ``datasets`` are the proxy datasets that ``proxy: <id>`` references are looked up in
    (default: the installed ones). Errors name the file and the field; in a CSV file the
    field is ``measures[i]`` for the i-th data row (0-based) with the column after it.
    """
    from socialvalue.documents import load_data, read_bytes

    path = Path(path)
    source = str(path)
    if not path.exists():
        raise ValidationError(f"catalogue file not found: {source}", source=source,
                              hint="check the path; relative paths are taken from the tender file's folder")
    raw = read_bytes(path)  # size-checked before it is read
    sha = content_hash(raw)
    if path.suffix.lower() == ".csv":
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ParseError("catalogue CSV is not UTF-8 text", source=source,
                             hint="save the file as 'CSV UTF-8'") from None
        try:
            data, rows = _csv_catalogue(text, path)
        except SocialValueError as exc:
            raise exc.with_context(source=source) from None
        return parse_catalogue(data, source=source, sha256=sha, path=source, datasets=datasets,
                               measure_field=lambda i: f"rows[{rows[i]}]")
    data = load_data(raw, source=source, fmt="json" if path.suffix.lower() == ".json" else "yaml")
    return parse_catalogue(data, source=source, sha256=sha, path=source, datasets=datasets)


# --------------------------------------------------------------------------- installed catalogues


def _check_catalogue(obj: Any, name: str) -> Catalogue:
    if not isinstance(obj, Catalogue):
        raise PluginError(f"measure catalogue plugin {name!r} returned {type(obj).__name__}, not a Catalogue",
                          hint="the entry point must name a Catalogue or a function returning one")
    return obj


catalogues: Registry[Catalogue] = Registry(CATALOGUES_GROUP, "measure catalogue", _check_catalogue)
"""Installed measure catalogues (entry-point group ``socialvalue.toms_catalogues``)."""


def open_toms_style() -> Catalogue:
    """The bundled open catalogue: TOMs-style measures valued only with open (OGL) proxies."""
    ref = resources.files("socialvalue.frameworks.toms").joinpath("data", f"{BUNDLED_CATALOGUE}.yaml")
    with resources.as_file(ref) as path:
        catalogue = load_catalogue(path)
    return attrs.evolve(catalogue, path=f"socialvalue:frameworks/catalogues/{BUNDLED_CATALOGUE}.yaml")


def _ensure_bundled() -> None:
    # Until the package metadata carries the entry point (pyproject:
    # [project.entry-points."socialvalue.toms_catalogues"] open-toms-style = ...), register
    # the bundled catalogue directly so that it is always available.
    if BUNDLED_CATALOGUE not in catalogues.names():
        catalogues.register(BUNDLED_CATALOGUE, open_toms_style())


def installed_catalogues() -> list[Catalogue]:
    """Every installed catalogue that loads (broken plugins warn and are skipped)."""
    _ensure_bundled()
    return list(catalogues.load_all().values())


def get_catalogue(name: str) -> Catalogue:
    """An installed catalogue by id (raises ``UnknownPluginError`` with close matches)."""
    _ensure_bundled()
    return catalogues.get(name)


# --------------------------------------------------------------------------- a document's measures


class MeasureSet:
    """Every measure a document can use (catalogues + inline), indexed to the price year on use."""

    def __init__(self, catalogues: Sequence[Catalogue], inline: Sequence[Measure], price_year: int,
                 datasets: Sequence[Any], choice: ProxyChoice | None = None) -> None:
        self.catalogues = list(catalogues)
        self.choice = choice or ProxyChoice()
        self.selections: dict[str, dict[str, Any]] = {}
        self.datasets = list(datasets)
        self.price_year = price_year
        self._raw: dict[str, Measure] = {}
        for c in self.catalogues:
            for m in c:
                self._raw.setdefault(m.code, m)
        for m in inline:
            self._raw[m.code] = m
        self._indexed: dict[str, Measure] = {}
        self.inline_codes = [m.code for m in inline]

    @property
    def codes(self) -> list[str]:
        return list(self._raw)

    def __contains__(self, code: object) -> bool:
        return code in self._raw

    def get(self, code: str, field: str) -> Measure:
        if code not in self._raw:
            exact = [c for c in self._raw if c.casefold() == code.casefold()]
            raise UnknownNameError(f"unknown measure code {code!r}", field=field,
                                   suggestions=exact or close_matches(code, self._raw),
                                   hint=None if (exact or close_matches(code, self._raw)) else
                                   "measures available: " + ", ".join(self._raw))
        if code not in self._indexed:
            measure = self._raw[code]
            if measure.proxy is not None and not self.choice.is_default:
                proxy, selection = self.choice.apply(measure.proxy, field)
                measure = attrs.evolve(measure, proxy=proxy)
                self.selections[code] = {"measure": code, **(selection or {})}
            try:
                self._indexed[code] = measure.indexed(self.price_year)
            except PriceYearError as exc:
                raise PriceYearError(
                    f"measure {code!r}: proxy {measure.proxy.qualified_id!r} is in {measure.proxy.price_year} "
                    f"prices and cannot be re-expressed in {self.price_year} prices ({exc.message})",
                    field="contract.price_year", hint=exc.hint) from None
        return self._indexed[code]

    def raw(self, code: str) -> Measure:
        """A measure as defined (its proxy in its own price year)."""
        return self._raw[code]

    def used(self) -> list[Measure]:
        return [self._indexed[c] for c in self._raw if c in self._indexed]

    def dataset_provenance(self) -> list[dict[str, Any]]:
        out = [c.provenance() for c in self.catalogues]
        used = {m.proxy.dataset for m in self.used() if m.proxy is not None and m.proxy_ref}
        for ds in self.datasets:
            if ds.id in used:
                out.append({"kind": "proxy dataset", "id": ds.id, "version": ds.version, "licence": ds.licence,
                            "sha256": ds.sha256})
                used.discard(ds.id)
        return out


def _datasets(raw: Any, base_dir: Path, extra: Sequence[Any]) -> list[Any]:
    from socialvalue.proxies import installed_datasets, load_dataset

    loaded = list(extra)
    if raw is not None:
        from socialvalue.documents import document_path

        for i, ref in enumerate(v.sequence(raw, "datasets")):
            path = document_path(v.text(ref, f"datasets[{i}]"), base_dir, field=f"datasets[{i}]")
            if not path.exists():
                raise ValidationError(f"proxy dataset not found: {path}", field=f"datasets[{i}]",
                                      hint="paths are taken from the document's folder")
            try:
                loaded.append(load_dataset(path))
            except SocialValueError as exc:
                raise exc.with_context(field_prefix=f"datasets[{i}]") from None
    return loaded + installed_datasets()


def _catalogue(ref: Any, field: str, base_dir: Path, datasets: Sequence[Any]) -> Catalogue:
    ref = v.text(ref, field).strip()
    installed = {c.id for c in installed_catalogues()} | set(catalogues.names())
    if ref in installed:
        return get_catalogue(ref)
    if ref.lower().endswith((".yaml", ".yml", ".json", ".csv")) or "/" in ref or "\\" in ref:
        from socialvalue.documents import document_path

        path = document_path(ref, base_dir, field=field)
        if not path.is_file():
            raise ValidationError(f"catalogue file not found: {path}", field=field,
                                  hint="paths are taken from the tender file's folder; installed catalogues: "
                                       + ", ".join(sorted(installed)))
        return load_catalogue(path, datasets=datasets)
    raise UnknownNameError(f"no installed measure catalogue is called {ref!r}", field=field,
                           suggestions=close_matches(ref, installed),
                           hint=None if close_matches(ref, installed) else
                           "installed: " + ", ".join(sorted(installed)) + "; or give a path to a .yaml or .csv file")


def parse_measures(doc: Mapping[str, Any], *, base_dir: Path, price_year: int,
                   extra_datasets: Sequence[Any] = (), choice: ProxyChoice | None = None) -> MeasureSet:
    """The catalogues named by ``catalogue:`` and the inline ``measures:`` of a document."""
    datasets = _datasets(doc.get("datasets"), base_dir, extra_datasets)
    raw_cat = doc.get("catalogue")
    refs = [] if raw_cat is None else [raw_cat] if isinstance(raw_cat, str) else v.sequence(raw_cat, "catalogue")
    cats: list[Catalogue] = []
    seen: dict[str, str] = {}
    for i, ref in enumerate(refs):
        field = "catalogue" if isinstance(raw_cat, str) else f"catalogue[{i}]"
        cat = _catalogue(ref, field, base_dir, datasets)
        for code in cat.codes:
            if identity_key(code) in seen:
                raise DuplicateEntryError(f"measure code {code!r} is in both catalogue "
                                          f"{seen[identity_key(code)]!r} and {cat.id!r}", field=field,
                                          hint="use one of the two catalogues, or rename the code in your copy")
            seen[identity_key(code)] = cat.id
        cats.append(cat)
    inline: list[Measure] = []
    theme_names = {m.theme: m.theme_name for c in cats for m in c}
    if doc.get("measures") is not None:
        for i, record in enumerate(v.sequence(doc["measures"], "measures", limit="max_measures")):
            try:
                measure = parse_measure(record, datasets=datasets, default_licence="buyer-supplied")
            except SocialValueError as exc:
                raise exc.with_context(field_prefix=f"measures[{i}]") from None
            if measure.theme in theme_names:  # a catalogue theme id: use its name
                measure = attrs.evolve(measure, theme_name=theme_names[measure.theme])
            if identity_key(measure.code) in seen:
                raise DuplicateEntryError(f"measure code {measure.code!r} is already defined by "
                                          f"{seen[identity_key(measure.code)]!r}", field=f"measures[{i}].code",
                                          hint="give your measure its own code, or use the catalogue's measure")
            seen[identity_key(measure.code)] = "measures:"
            inline.append(measure)
    if not cats and not inline:
        raise ValidationError("no measures: name a catalogue or list measures", field="catalogue",
                              hint="e.g. catalogue: open-toms-style")
    return MeasureSet(cats, inline, price_year, datasets, choice)
