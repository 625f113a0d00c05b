"""Provenance: where a result came from, how its input is hashed, and how it is shown.

Every result carries a :class:`Provenance` record: the library and framework versions, the
content hash of the input document and of every dataset, catalogue, preset table, bids file
and deflator used, the price year, discounting, conventions, and the evaluation options
that change the figures, so that ``socialvalue verify`` can re-run it and compare bit for
bit. :func:`provenance_section` is the one way a report shows it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

import attrs

from socialvalue.results.record import record
from socialvalue.results.report import Bullets, Section

__all__ = ["Provenance", "canonical_json", "deflator_for_price_year", "deflator_line", "document_hash",
           "provenance_section"]


def canonical_json(data: Any) -> str:
    """JSON with sorted keys and no spaces: the form hashed in provenance records.

    Mapping keys that cannot be sorted together or are not JSON keys (``{1: a, "b": c}``,
    dates) are written as text first, so every parsed document has a hash.
    """
    try:
        return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    except TypeError:
        return json.dumps(_text_keys(data), sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def _text_keys(data: Any) -> Any:
    if isinstance(data, Mapping):
        return {k if isinstance(k, str) else f"<{type(k).__name__}>{k}": _text_keys(val) for k, val in data.items()}
    if isinstance(data, (list, tuple)):
        return [_text_keys(x) for x in data]
    return data


def document_hash(data: Any) -> str:
    """Content hash of a parsed document (``sha256:<hex>`` of its canonical JSON)."""
    return "sha256:" + hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()


def _library_version() -> str:
    from socialvalue import __version__

    return __version__


@record
class Provenance:
    """Where a result came from: enough to trace every number and to re-run it."""

    framework: str
    framework_version: str
    input_sha256: str
    library_version: str = attrs.field(factory=_library_version)
    source: str | None = None
    datasets: tuple[Mapping[str, Any], ...] = attrs.field(default=(), converter=tuple)
    price_year: int | None = None
    discounting: Mapping[str, Any] | None = None
    deflator: Mapping[str, Any] | None = None
    conventions: Mapping[str, Any] = attrs.field(factory=dict)
    options: Mapping[str, Any] = attrs.field(factory=dict)
    """The evaluation options that change the figures (price-year override, sensitivity, Monte Carlo
    draws and seed, rule switches, extra datasets), so ``socialvalue verify`` can re-run them."""

    def __attrs_post_init__(self) -> None:
        marked = deflator_for_price_year(self.deflator, self.price_year)
        if marked is not self.deflator:
            from socialvalue.frozen import freeze

            object.__setattr__(self, "deflator", freeze(marked))

    def to_dict(self) -> dict[str, Any]:
        from socialvalue.frozen import thaw

        return {
            "library": "socialvalue",
            "library_version": self.library_version,
            "framework": self.framework,
            "framework_version": self.framework_version,
            "input_sha256": self.input_sha256,
            "source": self.source,
            "datasets": thaw(list(self.datasets)),
            "price_year": self.price_year,
            "discounting": thaw(self.discounting),
            "deflator": thaw(self.deflator),
            "conventions": thaw(self.conventions),
            "options": thaw(self.options),
        }


def deflator_for_price_year(deflator: Mapping[str, Any] | None, price_year: int | None) -> Mapping[str, Any] | None:
    """The bundled GDP deflator's record, marked when the result's price year is one a later release
    added (``extension``) or a forecast (``forecast_years_used``); any other record as it is.

    A result in 2026 prices indexes every value to a forecast level of the deflator, so its record
    says so. Records that already carry these keys (a framework that passed the years it used, with
    :meth:`~socialvalue.prices.DeflatorSeries.provenance`) and other deflators are left alone.
    """
    if not isinstance(deflator, Mapping) or isinstance(price_year, bool) or not isinstance(price_year, int):
        return deflator
    if "extension" in deflator or "forecast_years_used" in deflator:
        return deflator
    from socialvalue.prices import gdp_deflator

    series = gdp_deflator()
    if deflator.get("name") != series.name or deflator.get("sha256") != series.sha256:
        return deflator
    marked = series.provenance(years_used=[price_year])
    extra = {k: val for k, val in marked.items() if k not in deflator}
    return {**deflator, **extra} if extra else deflator


def deflator_line(deflator: Mapping[str, Any]) -> str:
    """The deflator as one line of a report's provenance section."""
    line = (f"deflator: {deflator.get('name')} (vintage {deflator.get('vintage')}, "
            f"{_short(deflator.get('sha256'))})")
    ext = deflator.get("extension")
    if isinstance(ext, Mapping):
        line += f", extended by vintage {ext.get('vintage')} ({_short(ext.get('sha256'))})"
    years = deflator.get("forecast_years_used")
    if isinstance(years, (list, tuple)) and years:
        from socialvalue.prices import gdp_deflator

        series = gdp_deflator()
        note = series.forecast_note(years) if deflator.get("name") == series.name else ""
        if not note:
            listed = ", ".join(map(str, years))
            note = f"{listed} {'is a forecast' if len(years) == 1 else 'are forecasts'}, not outturn"
        line += f"; {note}"
    return line


def _short(sha: Any) -> str:
    text = "" if sha is None else str(sha)
    return text[:19] + "…" if len(text) > 20 else text


FILE_INPUTS = ("bids file", "tender", "forecast", "previous assessment")
"""Inputs recorded by path: named by file name (the folder may differ where a result is verified)."""


def input_label(entry: Mapping[str, Any]) -> tuple[str, str]:
    """The kind and the name of one hashed input a provenance record lists (a dataset, a catalogue,
    the criteria table, a tender file): the one reading of those records, used by reports and ``verify``."""
    kind = str(entry.get("kind") or ("criteria" if "file" in entry else "proxy dataset"))
    name = entry.get("id") or entry.get("path") or entry.get("file") or "?"
    if kind in FILE_INPUTS:
        name = PurePath(str(entry.get("path"))).name
    return kind, str(name)


def provenance_section(p: Provenance) -> Section:
    """The provenance of a result as a report section (the same in every report)."""
    items = [f"socialvalue {p.library_version}; framework {p.framework} {p.framework_version}",
             f"input {p.input_sha256}" + (f" ({p.source})" if p.source else "")]
    if p.price_year is not None:
        items.append(f"all money in {p.price_year} prices")
    if p.deflator:
        items.append(deflator_line(p.deflator))
    if p.discounting:
        d = p.discounting
        name = d.get("schedule", "")
        items.append(f"discounting: {name}" + (f" {d['rate']:g}" if isinstance(d.get("rate"), (int, float)) else ""))
    for d in p.datasets:
        label, name = input_label(d)
        items.append(f"{label}: {name} {d.get('version') or ''} {_short(d.get('sha256'))}".replace("  ", " "))
    shown = {k: v for k, v in p.options.items() if v not in (None, False, [], {}, ())}
    if shown:
        items.append("options: " + ", ".join(f"{k}={v}" for k, v in shown.items()))
    return Section("Provenance", (Bullets(items, kind="plain"),))
