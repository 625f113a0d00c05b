"""Crosswalks: which measure or outcome of each framework values a fact, and how.

A **crosswalk** is data. For every *fact* an activity can report (``local-jobs``,
``volunteering``, ``carbon-saved`` …) it gives the fact's unit and kind, and for each
framework either a template or the reason why that framework has no counterpart:

``toms``
    the measure code of the crosswalk's TOMs catalogue that counts the fact;
``sroi``
    an impact-map outcome template: the proxy id, the unit the quantity is read in
    (``quantity_unit``, e.g. one FTE read as one full-time *person*), how long the outcome
    lasts after the activity (``extra_years``) and from which project year
    (``start_year``), and the adjustments (deadweight, displacement, attribution, leakage,
    drop-off). Every adjustment names its **source** or is marked as an **assumption** of
    the crosswalk; a ``preset:`` step takes its number from a preset table.

A fact's ``kind`` says how its quantity is read: ``level`` (held in each of the fact's
``years``, e.g. 12 FTE for 3 years) or ``total`` (delivered over the ``years``, e.g. 1,200
volunteering hours in 3 years; spread evenly over them).

The bundled crosswalk ``open`` (``crosswalks/open.yaml``) maps facts to the
``open-toms-style`` catalogue and to ``uk-open`` proxies. A user crosswalk (a file or a
dict) may start from it with ``extends: open``: its entries are merged into the base's
key by key (mappings recursively; ``null`` removes a template, which makes the fact a
no-counterpart fact for that framework).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from socialvalue import validation as v
from socialvalue.compare.adapters import BundledCrosswalk, bundled_crosswalks, crosswalk_ids, get_adapter, view_frameworks
from socialvalue.compare.templates import ADJUSTMENTS, AdjustmentSpec, CrosswalkFact, SroiTemplate, TomsTemplate
from socialvalue.errors import SocialValueError, UnknownNameError, ValidationError
from socialvalue.frameworks.base import document_hash
from socialvalue.suggest import close_matches

__all__ = [
    "ADJUSTMENTS",
    "BUNDLED_CROSSWALKS",
    "OPEN",
    "FACT_KINDS",
    "FRAMEWORKS",
    "AdjustmentSpec",
    "Crosswalk",
    "CrosswalkFact",
    "SroiTemplate",
    "TomsTemplate",
    "load_crosswalk",
]

FRAMEWORKS: tuple[str, ...] = ("sroi", "toms")
"""The built-in frameworks a comparison can run a view through (:func:`view_frameworks` lists the
installed ones, plugins included)."""

FACT_KINDS: dict[str, str] = {
    "level": "a level held in each of the fact's years (e.g. FTE employed, learners on programme)",
    "total": "an amount delivered over the fact's years (e.g. hours, tonnes), spread evenly over them",
}
BUNDLED_CROSSWALKS: tuple[str, ...] = ("open",)
"""The crosswalks socialvalue ships (:func:`crosswalk_ids` lists the installed ones, plugins included)."""
OPEN = BundledCrosswalk("socialvalue.compare", "crosswalks/open.yaml")
"""The bundled ``open`` crosswalk (entry point ``socialvalue.crosswalks: open``)."""

_TOP_KEYS = ("crosswalk", "extends", "frameworks", "facts")
_HEADER_KEYS = ("id", "name", "version", "licence", "description")
_FACT_KEYS = ("description", "unit", "kind", "no_counterpart")
_DEFAULT_KEYS = ("discounting", "discount_start")
_DISCOUNT_STARTS = ("year-1", "year-0")


@attrs.frozen(eq=False)
class Crosswalk:
    """A validated crosswalk (see the module docstring for the format)."""

    id: str
    name: str
    version: str
    licence: str
    facts: Mapping[str, CrosswalkFact]
    frameworks: Mapping[str, Mapping[str, Any]]
    description: str = ""
    extends: tuple[str, ...] = ()
    sha256: str = ""
    path: str | None = None
    base_dir: str | None = None
    field_prefix: str | None = None

    def __repr__(self) -> str:
        return f"<Crosswalk {self.id!r} v{self.version}: {len(self.facts)} facts>"

    def fact(self, name: str, *, field: str | None = None, source: str | None = None) -> CrosswalkFact:
        """A fact by id, or :class:`~socialvalue.errors.UnknownNameError` with close matches."""
        if name not in self.facts:
            hits = close_matches(name, self.facts)
            raise UnknownNameError(f"unknown fact {name!r} (crosswalk {self.id!r})", source=source, field=field,
                                   suggestions=hits,
                                   hint=None if hits else "facts: " + ", ".join(self.facts)
                                   + "; add your own with a crosswalk that extends this one")
        return self.facts[name]

    def error(self, exc: SocialValueError) -> SocialValueError:
        """``exc`` (whose field is a path inside the crosswalk) pointed at where the crosswalk was written."""
        return exc.with_context(source=self.path, field_prefix=self.field_prefix)

    def defaults(self, framework: str) -> Mapping[str, Any]:
        """The crosswalk's settings for ``framework`` (discounting, discount start, catalogue)."""
        return self.frameworks.get(framework, {})

    def provenance(self) -> dict[str, Any]:
        return {"kind": "crosswalk", "id": self.id, "version": self.version, "licence": self.licence,
                "extends": list(self.extends), "sha256": self.sha256, "path": self.path}

    def to_dict(self) -> dict[str, Any]:
        return {**self.provenance(), "name": self.name, "description": self.description,
                "frameworks": {k: dict(val) for k, val in self.frameworks.items()},
                "facts": {k: f.to_dict() for k, f in self.facts.items()}}


# --------------------------------------------------------------------------- parsing


def _fact(name: Any, raw: Any, field: str) -> CrosswalkFact:
    from socialvalue.units import parse_unit

    v.text(name, field)
    m = v.mapping(raw, field)
    v.check_keys(m, (*_FACT_KEYS, *view_frameworks()), field)
    unit = v.text(v.require(m, "unit", field), f"{field}.unit")
    parse_unit(unit, field=f"{field}.unit")
    kind = v.require(m, "kind", field)
    if kind not in FACT_KINDS:
        raise UnknownNameError(f"unknown fact kind {kind!r}", field=f"{field}.kind",
                               suggestions=close_matches(str(kind), FACT_KINDS),
                               hint="; ".join(f"{k}: {d}" for k, d in FACT_KINDS.items()))
    frameworks = view_frameworks()
    reasons = v.mapping(m.get("no_counterpart", {}), f"{field}.no_counterpart")
    v.check_keys(reasons, frameworks, f"{field}.no_counterpart")
    for fw, text in reasons.items():
        v.text(text, f"{field}.no_counterpart.{fw}")
    templates = {fw: get_adapter(fw).parse_template(m[fw], f"{field}.{fw}")
                 for fw in frameworks if m.get(fw) is not None}
    return CrosswalkFact(id=name, unit=unit, kind=kind,
                         description=v.optional_text(m.get("description"), f"{field}.description"),
                         templates=templates, no_counterpart=dict(reasons))


def _framework_defaults(raw: Any) -> dict[str, dict[str, Any]]:
    from socialvalue.prices import discount_schedule

    m = v.mapping(raw or {}, "frameworks")
    v.check_keys(m, view_frameworks(), "frameworks")
    out: dict[str, dict[str, Any]] = {}
    for fw, settings in m.items():
        field = f"frameworks.{fw}"
        s = dict(v.mapping(settings or {}, field))
        v.check_keys(s, (*get_adapter(fw).default_keys, *_DEFAULT_KEYS), field)
        if s.get("discounting") is not None:
            discount_schedule(s["discounting"], field=f"{field}.discounting")
        if s.get("discount_start", "year-1") not in _DISCOUNT_STARTS:
            raise ValidationError(f"discount_start must be year-1 or year-0, got {s['discount_start']!r}",
                                  field=f"{field}.discount_start")
        if s.get("catalogue") is not None:
            v.text(s["catalogue"], f"{field}.catalogue")
        out[fw] = s
    return out


def merge(base: Mapping[str, Any], extra: Mapping[str, Any], *, atomic: bool = False) -> dict[str, Any]:
    """``extra`` merged into ``base``: mappings recursively, anything else (lists, ``None``) replaced.

    Each adjustment record (the entries of an ``adjustments:`` mapping) is replaced as a
    whole, so that a number with its own source never inherits the base's preset.
    """
    out = dict(base)
    for key, value in extra.items():
        if not atomic and isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = merge(out[key], value, atomic=key == "adjustments")
        else:
            out[key] = value
    return out


def _bundled_data(name: str) -> tuple[dict[str, Any], str]:
    from socialvalue.documents import load_data

    bundled = bundled_crosswalks.get(name)
    return load_data(bundled.read_bytes(), source=bundled.label), bundled.label


def _resolve(raw: Mapping[str, Any], source: str | None, base_dir: Path | None,
             seen: tuple[str, ...]) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The raw data with its ``extends:`` chain merged in, and the chain (base first)."""
    m = v.mapping(raw, None, source=source)
    v.check_keys(m, _TOP_KEYS, None, source=source)
    parent = m.get("extends")
    data = {k: val for k, val in m.items() if k != "extends"}
    if parent is None:
        return data, ()
    ref = v.text(parent, "extends", source=source)
    if ref in seen:
        raise ValidationError(f"crosswalk {ref!r} extends itself", source=source, field="extends")
    if ref in crosswalk_ids():
        base_raw, base_source = _bundled_data(ref)
        base_dir_next = None
    else:
        from socialvalue.documents import document_path

        path = document_path(ref, base_dir, field="extends", source=source)
        if not path.is_file():
            hits = close_matches(ref, crosswalk_ids())
            raise UnknownNameError(f"no bundled crosswalk or file called {ref!r}", source=source, field="extends",
                                   suggestions=hits, hint=None if hits else
                                   "bundled: " + ", ".join(crosswalk_ids()) + "; or a path to a .yaml file")
        from socialvalue.documents import read_document

        base_raw, base_source, base_dir_next = read_document(path), str(path), path.parent
    base, chain = _resolve(base_raw, base_source, base_dir_next, (*seen, ref))
    return merge(base, data), (*chain, ref)


def parse_crosswalk(raw: Mapping[str, Any], *, source: str | None = None,
                    base_dir: str | os.PathLike[str] | None = None, field_prefix: str | None = None) -> Crosswalk:
    """Validate crosswalk data (a parsed YAML/JSON document or a dict).

    The crosswalk's ``sha256`` is the hash of its canonical JSON with the ``extends:`` chain
    merged in, so it identifies exactly the mapping that was used.
    """
    base = None if base_dir is None else Path(base_dir)
    try:
        data, chain = _resolve(raw, None, base, ())
        header = dict(v.mapping(data.get("crosswalk") or {}, "crosswalk"))
        v.check_keys(header, _HEADER_KEYS, "crosswalk")
        own = raw.get("crosswalk") if isinstance(raw.get("crosswalk"), Mapping) else {}
        if chain and "id" not in own:  # an extension without a header of its own
            header.update(id=f"{chain[-1]}+custom", name=f"{header.get('name', chain[-1])} (extended)",
                          version="unversioned", licence="user-supplied")
        for key in ("id", "name", "version", "licence"):
            val = v.require(header, key, "crosswalk")
            header[key] = v.text(str(val) if isinstance(val, (int, float)) else val, f"crosswalk.{key}")
        facts_raw = v.mapping(v.require(data, "facts", None), "facts")
        if not facts_raw:
            raise ValidationError("a crosswalk needs at least one fact", field="facts")
        facts = {str(k): _fact(k, item, f"facts.{k}") for k, item in facts_raw.items()}
        frameworks = _framework_defaults(data.get("frameworks"))
    except SocialValueError as exc:
        raise exc.with_context(source=source, field_prefix=field_prefix) from None
    return Crosswalk(id=header["id"], name=header["name"], version=header["version"], licence=header["licence"],
                     description=str(header.get("description") or ""), facts=facts, frameworks=frameworks,
                     extends=chain, sha256=document_hash(data), path=source,
                     base_dir=None if base is None else str(base), field_prefix=field_prefix)


def load_crosswalk(ref: str | os.PathLike[str] | Mapping[str, Any] | Crosswalk | None = None, *,
                   base_dir: str | os.PathLike[str] | None = None, source: str | None = None) -> Crosswalk:
    """A crosswalk: bundled by id (default ``open``), from a YAML/JSON file, or from a dict.

    Relative paths (the file itself, and an ``extends:`` file inside it) are taken from
    ``base_dir`` (default: the current directory, or the crosswalk file's folder). Errors in
    a dict crosswalk name ``source`` (the document it sits in) and fields ``crosswalk.…``.
    """
    if isinstance(ref, Crosswalk):
        return ref
    if ref is None:
        ref = "open"
    if isinstance(ref, Mapping):
        return parse_crosswalk(ref, source=source, base_dir=base_dir, field_prefix="crosswalk")
    text = os.fspath(ref)
    if text in crosswalk_ids():
        raw, source = _bundled_data(text)
        return parse_crosswalk(raw, source=source)
    path = Path(text)
    if not path.is_absolute() and base_dir is not None:
        path = Path(base_dir) / path
    if not path.is_file():
        hits = close_matches(text, crosswalk_ids())
        raise UnknownNameError(f"no bundled crosswalk or file called {text!r}", field="crosswalk", suggestions=hits,
                               hint=None if hits else "bundled: " + ", ".join(crosswalk_ids())
                               + "; or give the path of a crosswalk .yaml file")
    from socialvalue.documents import read_document

    return parse_crosswalk(read_document(path), source=str(path), base_dir=path.parent)
