"""The ``flexible-framework`` plugin: the UK Sustainable Procurement Task Force Flexible Framework.

The Flexible Framework (Task Force report *Procuring the Future*, 2006; Defra guidance
PB13423, 2011) is a self-assessment maturity matrix: five **themes** (People; Policy,
Strategy and Communications; Procurement Process; Engaging Suppliers; Measurement and
Results) by five **levels** (1 Foundation, 2 Embed, 3 Practice, 4 Enhance, 5 Lead), each
cell a short list of criteria. The criteria ship as package data
(``flexible_framework.yaml``), paraphrased, each with a stable id such as ``people.1.a``
and a confidence mark (C confirmed, P partly confirmed, U unverified).

An **assessment** document gives each criterion a status (``met``, ``partly``,
``not-met``, ``unknown``). The result is a level per theme, never one invented total:

* a theme is at Level 0 when a Level 1 criterion is not met;
* under the **cumulative rule** (the default) it is otherwise at the highest level *n*
  whose criteria, and those of every lower level, are all met;
* with ``cumulative: false`` it is at the highest level whose own criteria are all met
  (Level 1 is still required);
* ``partly`` counts as not met unless ``partly_counts_as_met: true``;
* a criterion the document does not list is ``unknown``: not met, and reported as
  unassessed.

>>> from socialvalue.frameworks.flexible import FRAMEWORK, assessment_template
>>> import yaml
>>> FRAMEWORK.evaluate(yaml.safe_load(assessment_template())).levels["people"]
0
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from socialvalue import validation as v
from socialvalue.errors import ValidationError
from socialvalue.frameworks.base import Context, Framework, Options, Provenance, document_hash, option
from socialvalue.frameworks.flexible.criteria import (
    LEVELS,
    STATUSES,
    Catalogue,
    Criterion,
    Rules,
    Theme,
    achieved_level,
    assessment_template,
    catalogue,
)
from socialvalue.frameworks.flexible.document import RULE_KEYS, Parsed, parse_assessment
from socialvalue.frameworks.flexible.result import (
    AssessmentResult,
    ComparisonResult,
    CriterionStatus,
    ThemeChange,
    ThemeResult,
)
from socialvalue.identity import check_unique

if TYPE_CHECKING:  # pragma: no cover
    import argparse

__all__ = [
    "FRAMEWORK",
    "LEVELS",
    "STATUSES",
    "AssessmentResult",
    "Catalogue",
    "ComparisonResult",
    "Criterion",
    "FlexibleFramework",
    "FlexibleOptions",
    "Rules",
    "Theme",
    "achieved_level",
    "assessment_template",
    "catalogue",
    "compare_assessments",
]

# -- scoring -----------------------------------------------------------------------------------


def _theme_results(statuses: Mapping[str, CriterionStatus], rules: Rules, cat: Catalogue) -> tuple[ThemeResult, ...]:
    out = []
    for theme in cat.themes:
        cells = {lvl: cat.cell(theme.id, lvl) for lvl in cat.levels}
        met = {lvl: [rules.counts(statuses[c.id].status) for c in crits] for lvl, crits in cells.items()}
        level = achieved_level(met, cumulative=rules.cumulative)
        nxt = level + 1 if level < max(cat.levels) else None
        missing = tuple(statuses[c.id] for c in cells[nxt] if not rules.counts(statuses[c.id].status)) if nxt else ()
        support_levels = range(1, level + 1) if rules.cumulative else sorted({1, level}) if level else ()
        support = [c for lvl in support_levels for c in cells[lvl]]
        theme_all = [statuses[c.id] for lvl in cells for c in cells[lvl]]
        out.append(ThemeResult(
            id=theme.id, name=theme.name, level=level, level_name=cat.levels.get(level, "below Foundation"),
            next_level=nxt, next_level_name=cat.levels.get(nxt) if nxt else None, missing=missing,
            criteria=len(theme_all), unassessed=sum(1 for s in theme_all if s.status == "unknown"),
            supporting=len(support), supporting_unverified=sum(1 for c in support if not c.verified)))
    return tuple(out)


def _score(parsed: Parsed, *, source: Any, document: Any, previous: AssessmentResult | None) -> AssessmentResult:
    cat = catalogue()
    themes = _theme_results(parsed.statuses, parsed.rules, cat)
    change = None
    if previous is not None:
        change = tuple(ThemeChange(t.id, t.name, previous.levels[t.id], t.level) for t in themes)
    provenance = Provenance(
        framework=FRAMEWORK.id, framework_version=FRAMEWORK.version, input_sha256=document_hash(document),
        source=None if source is None else str(source), datasets=(cat.dataset_record(),),
        conventions={
            **parsed.rules.to_dict(),
            "level_1_required": True,
            "unlisted_criteria": "unknown: counted as not met and reported as unassessed",
            "single_total": "none: levels are reported per theme only",
            "unverified": "criteria marked P or U in the bundled data",
            "previous_rescored_under_current_rules": previous is not None,
        })
    return AssessmentResult(
        organisation=parsed.organisation, date=parsed.date, rules=parsed.rules, themes=themes,
        statuses=tuple(parsed.statuses.values()), catalogue=cat, previous=previous, change=change,
        notes=parsed.notes, provenance=provenance)


def _previous(ref: Any, parsed: Parsed, *, source: Any, options: Mapping[str, Any]) -> AssessmentResult:
    """The earlier assessment, re-scored under the current rules so the change is like-for-like."""
    from socialvalue.documents import read_document

    field = "previous"
    if isinstance(ref, AssessmentResult):
        prev_doc, prev_source = None, ref.provenance.source
        if ref.rules != parsed.rules:
            raise ValidationError("the previous result was scored under different rules", source=source,
                                  field=field, hint="evaluate both assessments with the same options")
        prev = ref
    else:
        if isinstance(ref, Mapping):
            prev_doc, prev_source = ref, "<previous assessment>"
        else:
            from socialvalue.documents import document_path

            if options.get("previous") is not None:  # named by the caller: an option, under the same path rule
                path = document_path(str(ref), options.get("base_dir"), field="previous", source="options")
            else:
                path = document_path(ref, options.get("base_dir"), field=field, source=source)
            if not path.is_file():
                raise ValidationError(f"previous assessment not found: {path}", source=source, field=field,
                                      hint="give the path of the earlier assessment relative to this file")
            prev_doc, prev_source = read_document(path), str(path)
        prev_parsed = parse_assessment(prev_doc, prev_source, parsed.rules.to_dict())  # current rules win
        prev = _score(prev_parsed, source=prev_source, document=prev_doc, previous=None)
    if " ".join(prev.organisation.casefold().split()) != " ".join(parsed.organisation.casefold().split()):
        raise ValidationError(f"the previous assessment is of {prev.organisation!r}, not {parsed.organisation!r}",
                              source=source, field=field,
                              hint="to set different organisations side by side use compare_assessments() "
                                   "or `socialvalue assess --compare`")
    if prev.date >= parsed.date:
        raise ValidationError(f"the previous assessment is dated {prev.date}, not before {parsed.date}",
                              source=source, field=field, hint="point 'previous' at an earlier assessment")
    return prev


# -- the plugin --------------------------------------------------------------------------------


def _optional_boolean(value: Any, name: str) -> bool | None:
    return None if value is None else v.boolean(value, name)


@attrs.frozen
class FlexibleOptions(Options):
    """Options of the ``flexible-framework`` framework; a rule given here wins over the document's ``rules``."""

    cumulative: bool | None = option(read=_optional_boolean, doc="a level needs every level below it too "
                                                                 "(--cumulative / --no-cumulative)")
    partly_counts_as_met: bool | None = option(read=_optional_boolean, doc="count 'partly' as met "
                                                                           "(--partly-counts-as-met)")
    previous: Any = option(record=False, doc="an earlier assessment (a path, a document or an AssessmentResult) "
                                             "to report change against, instead of the document's own")
    ignore_previous: bool | None = option(read=_optional_boolean, doc="do not read the document's previous "
                                                                      "assessment")

    def record(self, context: Context) -> dict[str, Any]:
        """Only the options that were given (a rule the document set is in the result's conventions)."""
        return {k: getattr(self, k) for k in (*RULE_KEYS, "ignore_previous") if getattr(self, k) is not None}


class FlexibleFramework(Framework[FlexibleOptions, AssessmentResult]):
    """Entry-point object for ``flexible-framework`` (documents of kind ``assessment``)."""

    id = "flexible-framework"
    name = "Flexible Framework (UK Sustainable Procurement Task Force, 2006; Defra 2011)"
    version = "1.0"
    description = ("Sustainable procurement maturity self-assessment: five themes by five levels; "
                   "reports a level per theme, what is missing for the next one, and change over time.")
    document_kinds = ("assessment",)
    options_class = FlexibleOptions

    def document_schema(self, kind: str) -> dict[str, Any] | None:
        """The shipped JSON Schema of a document of ``kind`` (``socialvalue/schemas/<kind>.schema.json``)."""
        from socialvalue.schemas import schema

        return schema(kind) if kind in self.document_kinds else None

    def criteria(self) -> tuple[Criterion, ...]:
        return catalogue().criteria

    def add_cli_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--partly-counts", action="store_true",
                            help="count 'partly' met criteria as met (default: not met)")
        parser.add_argument("--non-cumulative", action="store_true",
                            help="a theme's level is the highest level whose own criteria are all met "
                                 "(default: that level and every lower one)")

    def cli_options(self, args: argparse.Namespace) -> dict[str, Any]:
        """Only the switches given: a rule the document sets stands unless a switch overrides it."""
        out: dict[str, Any] = {}
        if args.partly_counts:
            out["partly_counts_as_met"] = True
        if args.non_cumulative:
            out["cumulative"] = False
        return out

    def run(self, document: Mapping[str, Any], options: FlexibleOptions, context: Context) -> AssessmentResult:
        """Score an assessment (see :class:`FlexibleOptions`)."""
        source = context.source
        given = {"cumulative": options.cumulative, "partly_counts_as_met": options.partly_counts_as_met,
                 "previous": options.previous, "base_dir": context.base_dir}
        parsed = parse_assessment(document, source, given)
        ref = options.previous if options.previous is not None else parsed.previous
        previous = None
        if ref is not None and not options.ignore_previous:
            previous = _previous(ref, parsed, source=source, options=given)
        result = _score(parsed, source=source, document=document, previous=previous)
        inputs = ()
        if previous is not None and previous.provenance.source:
            inputs = ({"kind": "previous assessment", "path": previous.provenance.source,
                       "sha256": previous.provenance.input_sha256},)
        return attrs.evolve(result, provenance=attrs.evolve(result.provenance, options=options.record(context),
                                                            datasets=result.provenance.datasets + inputs))


FRAMEWORK = FlexibleFramework()
"""The plugin instance named by the ``flexible-framework`` entry point."""


# -- comparison ----------------------------------------------------------------------------------


def _file_identity(path: str | os.PathLike[str]) -> tuple[int, int] | tuple[str, str]:
    """Device and inode of a file (the same file however it is named), or its resolved path."""
    try:
        info = os.stat(path)
        return (info.st_dev, info.st_ino)
    except OSError:
        return ("path", os.path.realpath(path))


def compare_assessments(items: Sequence[AssessmentResult | Mapping[str, Any] | str | os.PathLike[str]], *,
                        options: Mapping[str, Any] | None = None) -> ComparisonResult:
    """Set several organisations' assessments side by side: organisation x theme level.

    ``items`` are results, parsed documents or paths. Documents and paths are scored with
    ``options`` (their ``previous`` is not read); results must all use the same rules.
    """
    from socialvalue.documents import read_document

    items = list(items)
    if not items:
        raise ValidationError("nothing to compare", field="assessments", hint="give at least one assessment")
    opts = {**(options or {}), "ignore_previous": True}
    paths = [(_file_identity(item), f"assessments[{i}]") for i, item in enumerate(items)
             if isinstance(item, (str, os.PathLike))]
    check_unique(paths, what="assessment file", hint="give each assessment once; a file set beside itself "
                                                     "compares nothing")
    results: list[AssessmentResult] = []
    for i, item in enumerate(items):
        if isinstance(item, AssessmentResult):
            results.append(item)
        elif isinstance(item, Mapping):
            results.append(FRAMEWORK.evaluate(item, source=f"assessments[{i}]", options=opts))
        else:
            path = Path(item)
            results.append(FRAMEWORK.evaluate(read_document(path), source=str(path),
                                              options={**opts, "base_dir": str(path.parent)}))
    rules = results[0].rules
    for i, result in enumerate(results[1:], start=1):
        if result.rules != rules:
            raise ValidationError("assessments scored under different rules cannot share one table",
                                  source=result.provenance.source, field=f"assessments[{i}]",
                                  hint="score them with the same options (cumulative, partly_counts_as_met)")
    provenance = Provenance(
        framework=FRAMEWORK.id, framework_version=FRAMEWORK.version,
        input_sha256=document_hash([r.provenance.input_sha256 for r in results]),
        datasets=(catalogue().dataset_record(),),
        conventions={**rules.to_dict(), "single_total": "none: levels are reported per theme only"})
    return ComparisonResult(results=tuple(results), rules=rules, catalogue=catalogue(), provenance=provenance)
