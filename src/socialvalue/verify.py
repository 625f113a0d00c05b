"""Verify a published result: re-run its input and compare every number, bit for bit.

A result's JSON (``--format json``) carries a provenance record: the library and
framework versions, the content hash of the input document and of every dataset,
catalogue, preset table and deflator used, the price year, schedule, conventions and the
evaluation options (price-year override, sensitivity, Monte Carlo draws and seed, rule
switches). :func:`verify` reads the input again, evaluates it with those options, and
compares the two JSON trees exactly:

* numbers must be identical bit for bit (``0.1 + 0.2`` is not ``0.3``; ``-0.0`` is not
  ``0.0``; ``1`` is not ``1.0``), and so must every other value;
* where the input file, a bundled dataset or a catalogue now hashes differently, the
  report says which one changed;
* file locations (the result was made from another folder) and version strings are
  reported but do not fail verification on their own: the figures decide.

``socialvalue verify RESULT.json INPUT_FILE`` exits 0 when everything matches, 1 on a
mismatch (with the first differing paths) and 2 on input errors.
"""

from __future__ import annotations

import json
import math
import os
import re
import struct
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from socialvalue.errors import SocialValueError, ValidationError
from socialvalue.results.provenance import input_label

__all__ = ["DatasetCheck", "Difference", "VerifyReport", "compare_trees", "verify"]

_MISSING = object()
_LOCATION = re.compile(r"^(provenance\.source|provenance\.datasets\[\d+\]\.path|comparison\.forecast_source|"
                       r"previous_source|provenance\.conventions\.presets\[\d+\]\.path)$")
_VERSION = re.compile(r"^provenance\.(library_version|framework_version)$")


@attrs.frozen
class Difference:
    """One place where the recorded and the recomputed result differ."""

    path: str
    recorded: Any
    recomputed: Any
    category: str  # "number", "value", "location" or "version"

    @property
    def fails(self) -> bool:
        return self.category in ("number", "value")

    def to_dict(self) -> dict[str, Any]:
        def plain(x: Any) -> Any:
            return "(missing)" if x is _MISSING else x

        return {"path": self.path, "recorded": plain(self.recorded), "recomputed": plain(self.recomputed),
                "category": self.category}

    def describe(self) -> str:
        def show(x: Any) -> str:
            if x is _MISSING:
                return "(missing)"
            text = json.dumps(x, ensure_ascii=False)
            return text if len(text) <= 80 else text[:77] + "..."

        return f"{self.path}: recorded {show(self.recorded)}, recomputed {show(self.recomputed)}"


@attrs.frozen
class DatasetCheck:
    """A hashed input of the result (dataset, catalogue, preset table, deflator, bids file, tender)."""

    label: str
    recorded_sha256: str | None
    current_sha256: str | None
    status: str  # "unchanged", "changed", "not installed", "not used now"

    def to_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)


@attrs.frozen
class VerifyReport:
    """The outcome of :func:`verify`; ``matches`` is True when every number and value is identical."""

    result_source: str
    input_source: str
    framework: str
    framework_version: str | None
    recorded_library_version: str | None
    library_version: str
    recorded_input_sha256: str | None
    input_sha256: str
    options: Mapping[str, Any]
    datasets: tuple[DatasetCheck, ...]
    differences: tuple[Difference, ...]
    numbers: int
    values: int
    installed_framework_version: str | None = None
    option_defaults: Mapping[str, Any] = attrs.field(factory=dict)
    """The framework's option defaults: the text report shows only options that differ from them."""

    @property
    def failures(self) -> tuple[Difference, ...]:
        return tuple(d for d in self.differences if d.fails)

    @property
    def matches(self) -> bool:
        return not self.failures

    @property
    def exit_code(self) -> int:
        return 0 if self.matches else 1

    @property
    def input_matches(self) -> bool:
        return self.recorded_input_sha256 == self.input_sha256

    def to_dict(self) -> dict[str, Any]:
        return {
            "verified": self.matches, "result": self.result_source, "input": self.input_source,
            "framework": self.framework, "framework_version": self.framework_version,
            "installed_framework_version": self.installed_framework_version,
            "recorded_library_version": self.recorded_library_version, "library_version": self.library_version,
            "recorded_input_sha256": self.recorded_input_sha256, "input_sha256": self.input_sha256,
            "input_matches": self.input_matches, "options": dict(self.options),
            "datasets": [d.to_dict() for d in self.datasets], "numbers_compared": self.numbers,
            "other_values_compared": self.values, "differences": [d.to_dict() for d in self.differences[:1000]],
            "differences_total": len(self.differences),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False, default=str)

    def to_text(self, *, limit: int = 20) -> str:
        lines = [f"Verifying {self.result_source} against {self.input_source}"]
        versions = f"result made with socialvalue {self.recorded_library_version or '?'}"
        versions += ("" if self.recorded_library_version == self.library_version else
                     f", recomputed with socialvalue {self.library_version}")
        lines.append(f"  framework  {self.framework} {self.framework_version or ''}; {versions}")
        if self.installed_framework_version and self.installed_framework_version != self.framework_version:
            lines.append(f"  versions   CHANGED: the result was made with {self.framework} "
                         f"{self.framework_version or '?'}, the installed one is {self.installed_framework_version}; "
                         "figures may differ for that reason alone")
        if self.input_matches:
            lines.append(f"  input      {_short(self.input_sha256)} matches the hash recorded in the result")
        else:
            lines.append(f"  input      CHANGED: the file hashes to {_short(self.input_sha256)}; the result was made "
                         f"from {_short(self.recorded_input_sha256)}")
        shown = {k: val for k, val in self.options.items()
                 if val not in (None, False, [], {}) and self.option_defaults.get(k, _MISSING) != val}
        lines.append("  options    " + (", ".join(f"{k}={val}" for k, val in shown.items()) or "none"))
        for i, check in enumerate(self.datasets):
            head = "  data       " if i == 0 else "             "
            if check.status == "unchanged":
                lines.append(f"{head}{check.label} {_short(check.current_sha256)} unchanged")
            elif check.status == "changed":
                lines.append(f"{head}{check.label} CHANGED: recorded {_short(check.recorded_sha256)}, now "
                             f"{_short(check.current_sha256)}")
            else:
                lines.append(f"{head}{check.label} {_short(check.recorded_sha256)}: {check.status}")
        failures = self.failures
        if not failures:
            lines.append(f"  result     MATCH: all {self.numbers:,} numbers and {self.values:,} other values are "
                         "identical, bit for bit")
        else:
            numbers = sum(1 for d in failures if d.category == "number")
            lines.append(f"  result     MISMATCH: {numbers:,} of {self.numbers:,} numbers and "
                         f"{len(failures) - numbers:,} other values differ; first differing paths:")
            lines += [f"    {d.describe()}" for d in failures[:limit]]
            if len(failures) > limit:
                lines.append(f"    ... and {len(failures) - limit:,} more (--format json lists them all)")
        notes = [d for d in self.differences if not d.fails]
        if notes:
            lines.append("  notes      not compared as figures (files were moved, or another version recomputed):")
            lines += [f"    {d.describe()}" for d in notes[:limit]]
        return "\n".join(lines)

    def render(self, fmt: str) -> str:
        return self.to_json() if fmt == "json" else self.to_text()


def _short(sha: str | None) -> str:
    return "(none)" if not sha else (sha[:19] + "…" if len(sha) > 20 else sha)


# --------------------------------------------------------------------------- comparing trees


def _same_number(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return struct.pack("<d", a) == struct.pack("<d", b) or (math.isnan(a) and math.isnan(b))
    return a == b


def _is_number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def compare_trees(recorded: Any, recomputed: Any, path: str = "") -> tuple[list[Difference], int, int]:
    """Every difference between two JSON trees (in document order), and how many numbers and
    other leaf values were compared."""
    diffs: list[Difference] = []
    counts = [0, 0]

    def category(p: str, a: Any, b: Any) -> str:
        if _LOCATION.match(p):
            return "location"
        if _VERSION.match(p):
            return "version"
        return "number" if _is_number(a) or _is_number(b) else "value"

    def walk(a: Any, b: Any, p: str) -> None:
        if isinstance(a, Mapping) and isinstance(b, Mapping):
            for key in list(a) + [k for k in b if k not in a]:
                sub = f"{p}.{key}" if p else str(key)
                walk(a.get(key, _MISSING), b.get(key, _MISSING), sub)
            return
        if isinstance(a, list) and isinstance(b, list):
            for i in range(max(len(a), len(b))):
                walk(a[i] if i < len(a) else _MISSING, b[i] if i < len(b) else _MISSING, f"{p}[{i}]")
            return
        counts[0 if _is_number(a) or _is_number(b) else 1] += 1
        same = _same_number(a, b) if _is_number(a) and _is_number(b) else (type(a) is type(b) and a == b)
        if not same:
            diffs.append(Difference(p, a, b, category(p, a, b)))

    walk(recorded, recomputed, path)
    return diffs, counts[0], counts[1]


# --------------------------------------------------------------------------- hashed inputs


def _hashed_inputs(provenance: Mapping[str, Any]) -> dict[str, tuple[str, str | None]]:
    """``kind name`` -> (version, sha256) of every hashed input a provenance record names."""
    out: dict[str, tuple[str, str | None]] = {}
    for entry in provenance.get("datasets") or ():
        if not isinstance(entry, Mapping):
            continue
        kind, name = input_label(entry)
        out[f"{kind} {name}"] = (str(entry.get("version") or ""), entry.get("sha256"))
    deflator = provenance.get("deflator")
    if isinstance(deflator, Mapping) and deflator.get("sha256"):
        out[f"deflator {deflator.get('name', '')}".strip()] = (str(deflator.get("vintage") or ""), deflator["sha256"])
        extension = deflator.get("extension")
        if isinstance(extension, Mapping) and extension.get("sha256"):  # the later release's years, when used
            out[f"deflator extension {deflator.get('name', '')}".strip()] = (str(extension.get("vintage") or ""),
                                                                             extension["sha256"])
    conventions = provenance.get("conventions")
    presets = conventions.get("presets") if isinstance(conventions, Mapping) else None
    for entry in presets or ():
        if isinstance(entry, Mapping) and entry.get("sha256"):
            out[f"preset table {entry.get('id')}"] = (str(entry.get("version") or ""), entry["sha256"])
    return out


def _dataset_checks(recorded: Mapping[str, Any], recomputed: Mapping[str, Any] | None,
                    installed: Mapping[str, tuple[str, str]]) -> tuple[DatasetCheck, ...]:
    """Each hashed input of the recorded result against the same input now (recomputed, or installed)."""
    before = _hashed_inputs(recorded)
    after = {} if recomputed is None else _hashed_inputs(recomputed)
    checks = []
    for label, (version, sha) in before.items():
        now = after.get(label)
        if now is None and label.startswith("proxy dataset "):
            now = installed.get(label.removeprefix("proxy dataset "))
            if now is None:
                checks.append(DatasetCheck(f"{label} {version}".strip(), sha, None, "not installed"))
                continue
        if now is None:
            checks.append(DatasetCheck(f"{label} {version}".strip(), sha, None, "not used now"))
            continue
        shown = f"{label} {version}".strip() + ("" if now[0] == version else f" (now {now[0]})")
        checks.append(DatasetCheck(shown, sha, now[1], "unchanged" if now[1] == sha else "changed"))
    return tuple(checks)


# --------------------------------------------------------------------------- verify


def _read_result(result: Mapping[str, Any] | str | os.PathLike[str]) -> tuple[Mapping[str, Any], str]:
    from socialvalue.documents import load_data, read_bytes
    from socialvalue.stdin import source_name

    if isinstance(result, Mapping):
        data, source = result, "<result>"
    else:
        source = source_name(result)
        data = load_data(read_bytes(result), source=source, fmt="json")
    if not isinstance(data, Mapping) or not isinstance(data.get("provenance"), Mapping):
        raise ValidationError("this is not a socialvalue result: it has no provenance record", source=source,
                              field="provenance", hint="verify the JSON written by --format json (e.g. "
                                                       "socialvalue value map.yaml --format json -o result.json)")
    provenance = data["provenance"]
    for key in ("framework", "input_sha256"):
        if not isinstance(provenance.get(key), str):
            raise ValidationError(f"the result's provenance has no {key}", source=source, field=f"provenance.{key}",
                                  hint="verify a result written by socialvalue 0.1 or later with --format json")
    return data, source


def _options(framework: Any, recorded: Mapping[str, Any], datasets: Sequence[Any], base_dir: str,
             source: str) -> dict[str, Any]:
    """The options to evaluate with: those the result records (read back by the framework's own
    options class, so a recorded option it does not record is refused), the extra datasets, the
    input's folder. The same for every framework."""
    from socialvalue.proxies import ProxyDataset, load_dataset

    framework.options_class.from_record(recorded)
    loaded = [d if isinstance(d, ProxyDataset) else load_dataset(d) for d in datasets]
    wanted = [str(x) for x in recorded.get("extra_datasets") or ()]
    missing = [w for w in wanted if w not in {d.id for d in loaded}]
    if missing:
        raise ValidationError(f"the result was made with extra proxy dataset(s) {', '.join(map(repr, missing))}",
                              source=source, field="provenance.options.extra_datasets",
                              hint="give the same file(s) with --dataset PATH")
    opts = {k: val for k, val in recorded.items() if k != "extra_datasets"}
    return {**opts, "base_dir": base_dir, **({"datasets": loaded} if loaded else {})}


def _option_defaults(framework: Any) -> dict[str, Any]:
    return {a.name: a.default for a in attrs.fields(framework.options_class)
            if a.default is not attrs.NOTHING and not isinstance(a.default, attrs.Factory)}  # type: ignore[arg-type]


def _check_same_framework(framework: Any, document: Any, input_source: str, result_source: str) -> None:
    """Refuse an input that another framework reads: the result cannot have been made from it."""
    from socialvalue.frameworks import framework_for

    try:
        reader = framework_for(document, source=input_source)
    except SocialValueError:
        return  # the framework's own evaluation reports what is wrong with the input
    if reader.id != framework.id:
        kind = document.get("kind") if isinstance(document, Mapping) else None
        raise ValidationError(
            f"the result was made by the {framework.id!r} framework, but {input_source} is a {kind!r} document, "
            f"which the {reader.id!r} framework reads", source=result_source, field="provenance.framework",
            hint="give the input document the result was made from")


def verify(result: Mapping[str, Any] | str | os.PathLike[str], input_file: str | os.PathLike[str], *,
           datasets: Sequence[Any] = (), allow_paths_outside: bool = False, kind: str | None = None) -> VerifyReport:
    """Re-run ``input_file`` with the options recorded in ``result`` and compare bit for bit.

    ``result`` is a result's JSON file (or its parsed data); ``datasets`` are extra proxy
    datasets (paths or :class:`~socialvalue.proxies.ProxyDataset`) the result was made
    with; ``kind`` is the input's kind when it has no ``kind:`` field (as given when the result was
    made). Raises a :class:`~socialvalue.errors.SocialValueError` when the files cannot be
    read or the input no longer evaluates; otherwise returns a :class:`VerifyReport`.
    """
    from socialvalue import __version__
    from socialvalue.documents import paths_outside_allowed, read_document
    from socialvalue.frameworks import document_hash
    from socialvalue.proxies import installed_datasets
    from socialvalue.stdin import source_name, with_kind

    recorded, result_source = _read_result(result)
    provenance = recorded["provenance"]
    input_source = source_name(input_file)
    document = with_kind(read_document(input_file), kind, input_source)
    from socialvalue.frameworks import get_framework

    try:
        framework = get_framework(provenance["framework"])
    except SocialValueError as exc:
        raise exc.with_context(source=result_source, field_prefix="provenance.framework") from None
    recorded_options = provenance.get("options")
    if recorded_options is not None and not isinstance(recorded_options, Mapping):
        raise ValidationError("provenance.options must be a mapping", source=result_source,
                              field="provenance.options")
    try:
        options = _options(framework, recorded_options or {}, datasets, str(Path(input_file).parent), result_source)
    except SocialValueError as exc:
        raise _blame_result(exc, result_source) from None
    installed = {ds.id: (ds.version, ds.sha256) for ds in installed_datasets()}
    for ds in options.get("datasets") or ():
        if hasattr(ds, "sha256"):
            installed.setdefault(ds.id, (ds.version, ds.sha256))
    _check_same_framework(framework, document, input_source, result_source)
    try:
        if allow_paths_outside:
            with paths_outside_allowed():
                fresh = framework.evaluate(document, source=input_source, options=options)
        else:
            fresh = framework.evaluate(document, source=input_source, options=options)
    except SocialValueError as exc:
        raise _blame_result(exc, result_source) from None
    recomputed = json.loads(fresh.to_json())
    differences, numbers, values = compare_trees(recorded, recomputed)
    shown_options = {k: val for k, val in (recorded_options or {}).items()}
    return VerifyReport(
        result_source=result_source, input_source=input_source, framework=str(provenance["framework"]),
        framework_version=provenance.get("framework_version"),
        recorded_library_version=provenance.get("library_version"), library_version=__version__,
        recorded_input_sha256=provenance.get("input_sha256"),
        input_sha256=str((recomputed.get("provenance") or {}).get("input_sha256") or document_hash(document)),
        options=shown_options,
        datasets=_dataset_checks(provenance, recomputed.get("provenance"), installed),
        differences=tuple(differences), numbers=numbers, values=values,
        installed_framework_version=str(getattr(framework, "version", "") or "") or None,
        option_defaults=_option_defaults(framework))


def _blame_result(exc: SocialValueError, result_source: str) -> SocialValueError:
    """A recorded option that is bad is the result's fault, not the input's: name the result's field."""
    if exc.source == "options":
        exc.source = result_source
        exc.field = f"provenance.options.{exc.field}" if exc.field else "provenance.options"
    return exc
