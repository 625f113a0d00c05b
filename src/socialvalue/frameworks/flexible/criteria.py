"""The Flexible Framework's criteria (package data), its level rule and the blank template.

Split from :mod:`socialvalue.frameworks.flexible`, which re-exports everything here.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from typing import Any

import attrs

from socialvalue import validation as v
from socialvalue.data import content_hash
from socialvalue.errors import ValidationError

__all__ = ["LEVELS", "STATUSES", "Catalogue", "Criterion", "Rules", "Theme", "achieved_level",
           "assessment_template", "catalogue"]

STATUSES: tuple[str, ...] = ("met", "partly", "not-met", "unknown")
"""Allowed criterion statuses; anything not listed in a document is ``unknown``."""

_DATA_FILE = "flexible_framework.yaml"


@attrs.frozen
class Theme:
    id: str
    name: str


@attrs.frozen
class Criterion:
    """One checkable criterion of one cell (theme x level) of the matrix."""

    id: str
    theme: str
    level: int
    text: str
    confidence: str
    sources: tuple[int, ...] = attrs.field(converter=tuple)

    @property
    def verified(self) -> bool:
        return self.confidence == "C"


@attrs.frozen
class Catalogue:
    """The framework's criteria, as loaded from package data (with its content hash)."""

    version: str
    themes: tuple[Theme, ...]
    levels: Mapping[int, str]
    criteria: tuple[Criterion, ...]
    sources: Mapping[int, Mapping[str, str]]
    check_against: tuple[int, ...]
    sha256: str

    @property
    def by_id(self) -> dict[str, Criterion]:
        return {c.id: c for c in self.criteria}

    def cell(self, theme: str, level: int) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if c.theme == theme and c.level == level)

    def theme_name(self, theme: str) -> str:
        return next(t.name for t in self.themes if t.id == theme)

    def cite(self, criterion: Criterion) -> str:
        """Where the criterion's wording was checked, or that it was not."""
        if not criterion.sources:
            check = "; ".join(self.sources[n]["title"] for n in self.check_against)
            return f"unverified (no stored source); check against: {check}"
        return "; ".join(f"[{n}] {self.sources[n]['title']}" for n in criterion.sources)

    def dataset_record(self) -> dict[str, Any]:
        return {"id": "flexible-framework-criteria", "version": self.version, "file": _DATA_FILE,
                "sha256": self.sha256}


@cache
def catalogue() -> Catalogue:
    """The bundled criteria (loaded once; a malformed file is a packaging bug and says so)."""
    from socialvalue.documents import load_data

    raw = resources.files("socialvalue.frameworks.flexible").joinpath("data", _DATA_FILE).read_bytes()
    source = f"socialvalue/frameworks/{_DATA_FILE}"
    data = v.mapping(load_data(raw, source=source), None, source=source)
    levels = {int(k): str(name) for k, name in data["levels"].items()}
    themes = tuple(Theme(t["id"], t["name"]) for t in data["themes"])
    theme_ids = {t.id for t in themes}
    criteria: list[Criterion] = []
    seen: set[str] = set()
    for i, c in enumerate(data["criteria"]):
        crit = Criterion(c["id"], c["theme"], int(c["level"]), c["text"], c["confidence"], c.get("sources") or ())
        theme, level, _letter = crit.id.split(".")
        if (crit.id in seen or theme != crit.theme or int(level) != crit.level or crit.theme not in theme_ids
                or crit.level not in levels or crit.confidence not in ("C", "P", "U")
                or (crit.confidence == "U") != (not crit.sources)
                or any(n not in data["sources"] for n in crit.sources)):
            raise ValidationError(f"inconsistent criterion {crit.id!r}", source=source, field=f"criteria[{i}]",
                                  hint="this is a packaging error in socialvalue; please report it")
        seen.add(crit.id)
        criteria.append(crit)
    return Catalogue(version=str(data["version"]), themes=themes, levels=levels, criteria=tuple(criteria),
                     sources={int(k): dict(s) for k, s in data["sources"].items()},
                     check_against=tuple(data["check_against"]), sha256=content_hash(raw))


LEVELS: dict[int, str] = {1: "Foundation", 2: "Embed", 3: "Practice", 4: "Enhance", 5: "Lead"}
"""Level number to name (Level 0 means Level 1 is not yet met)."""


@attrs.frozen
class Rules:
    """How statuses turn into levels. Both defaults are documented conventions, not sourced rules."""

    cumulative: bool = True
    partly_counts_as_met: bool = False

    def counts(self, status: str) -> bool:
        return status == "met" or (status == "partly" and self.partly_counts_as_met)

    def to_dict(self) -> dict[str, bool]:
        return {"cumulative": self.cumulative, "partly_counts_as_met": self.partly_counts_as_met}


def achieved_level(met: Mapping[int, Iterable[bool]], *, cumulative: bool = True) -> int:
    """The level reached from ``{level: [met?, ...]}`` for one theme.

    0 when any Level 1 criterion is unmet. Cumulative: the highest *n* with every
    criterion of levels 1..*n* met. Non-cumulative: the highest level whose own criteria
    are all met (Level 1 still required). A level with no criteria is never "met".
    """
    complete = {lvl: bool(flags) and all(flags) for lvl, flags in ((k, list(f)) for k, f in met.items())}
    if not complete.get(1, False):
        return 0
    if cumulative:
        level = 0
        for lvl in sorted(complete):
            if lvl != level + 1 or not complete[lvl]:
                break
            level = lvl
        return level
    return max(lvl for lvl, ok in complete.items() if ok)


# -- the blank template ----------------------------------------------------------------------------


def _yaml_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar


def assessment_template(organisation: str = "Your organisation (replace me)", date: _dt.date | None = None) -> str:
    """A complete blank assessment (YAML): every criterion with ``status: unknown``."""
    cat = catalogue()
    date = date or _dt.date.today()
    lines = [
        "# Flexible Framework self-assessment (UK Sustainable Procurement Task Force 2006; Defra guidance 2011).",
        "# Generated by `socialvalue assess --template flexible-framework`.",
        "#",
        "# For each criterion set status to one of: met | partly | not-met | unknown,",
        "# and write the evidence that supports it (a document, a date, a named owner).",
        "# theme, level, text and confidence are for reference only; they are checked but never scored.",
        "# Confidence of the criterion wording (paraphrased; not the framework's own text):",
        "#   C confirmed in a stored source, P partly confirmed, U unverified (check it against",
        "#   'Procuring the Future' (2006) or Defra PB13423 (2011) before relying on it).",
        "#",
        "# Scoring: a theme is at the highest level whose criteria, and those of every lower level,",
        "# are all met. Uncomment 'rules' to change this or to count 'partly' as met.",
        "kind: assessment",
        "framework: flexible-framework",
        f"organisation: {_yaml_str(organisation)}",
        f"date: {date.isoformat()}",
        "# previous: last-year-assessment.yaml   # an earlier assessment of the same organisation",
        "# rules: {cumulative: true, partly_counts_as_met: false}",
        "criteria:",
    ]
    for theme in cat.themes:
        for level, level_name in cat.levels.items():
            lines.append(f"  # ---- {theme.name}, Level {level} {level_name}")
            for c in cat.cell(theme.id, level):
                lines += [f"  - id: {c.id}", f"    theme: {c.theme}", f"    level: {c.level}",
                          f"    text: {_yaml_str(c.text)}", f"    confidence: {c.confidence}",
                          "    status: unknown", '    evidence: ""']
    return "\n".join(lines) + "\n"
