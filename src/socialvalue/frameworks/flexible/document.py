"""Reading a Flexible Framework self-assessment (``kind: assessment``).

An assessment names the organisation, the date, and a status for each criterion it assesses
(``met``, ``partly``, ``not-met``, ``unknown``) with its evidence; a criterion it does not list
is ``unknown`` and counts as not met. Ids, themes and levels are checked against the bundled
criteria table (:mod:`.criteria`), with suggestions for a misspelt id.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from socialvalue import validation as v
from socialvalue.errors import DuplicateEntryError, UnknownNameError, ValidationError
from socialvalue.frameworks.flexible.criteria import STATUSES, Catalogue, Rules, catalogue
from socialvalue.frameworks.flexible.result import CriterionStatus
from socialvalue.suggest import close_matches

__all__ = ["RULE_KEYS", "Parsed", "parse_assessment"]

_DOC_KEYS = ("kind", "framework", "organisation", "date", "criteria", "previous", "rules", "notes")
_ENTRY_KEYS = ("id", "status", "evidence", "theme", "level", "text", "confidence", "notes")
RULE_KEYS = ("cumulative", "partly_counts_as_met")


def _rules(document: Mapping[str, Any], options: Mapping[str, Any], source: Any) -> Rules:
    values = Rules().to_dict()
    if document.get("rules") is not None:
        raw = v.mapping(document["rules"], "rules", source=source)
        v.check_keys(raw, RULE_KEYS, "rules", source=source)
        values.update({k: v.boolean(val, f"rules.{k}", source=source) for k, val in raw.items()})
    for key in RULE_KEYS:  # explicit options (API or CLI switches) win over the document
        if options.get(key) is not None:
            values[key] = options[key]
    return Rules(**values)


def _statuses(entries: Sequence[Any], cat: Catalogue, source: Any) -> dict[str, CriterionStatus]:
    by_id = cat.by_id
    listed: dict[str, tuple[int, CriterionStatus]] = {}
    for i, entry in enumerate(entries):
        field = f"criteria[{i}]"
        m = v.mapping(entry, field, source=source)
        v.check_keys(m, _ENTRY_KEYS, field, source=source)
        cid = v.text(v.require(m, "id", field, source=source), f"{field}.id", source=source).strip()
        if cid not in by_id:
            hits = close_matches(cid, by_id)
            raise UnknownNameError(f"the Flexible Framework has no criterion {cid!r}", source=source,
                                   field=f"{field}.id", suggestions=hits,
                                   hint=None if hits else "ids look like people.1.a; "
                                   "run `socialvalue assess --template flexible-framework` for the full list")
        if cid in listed:
            raise DuplicateEntryError(f"criterion {cid!r} is assessed twice (first at criteria[{listed[cid][0]}])",
                                      source=source, field=f"{field}.id", hint="keep one entry per criterion")
        crit = by_id[cid]
        for key, expected in (("theme", crit.theme), ("level", crit.level)):
            if m.get(key) is not None and m[key] != expected:
                raise ValidationError(f"criterion {cid!r} belongs to {key} {expected!r}, not {m[key]!r}",
                                      source=source, field=f"{field}.{key}",
                                      hint=f"check the id, or correct {key} to {expected!r}")
        status = v.require(m, "status", field, source=source)
        if status not in STATUSES:
            hits = close_matches(str(status), STATUSES)
            raise UnknownNameError(f"status {status!r} is not one of {', '.join(STATUSES)}", source=source,
                                   field=f"{field}.status", suggestions=hits,
                                   hint=None if hits else "use met, partly, not-met or unknown")
        evidence = m.get("evidence")
        if evidence is not None and not isinstance(evidence, str):
            raise ValidationError("evidence must be text", source=source, field=f"{field}.evidence",
                                  hint="quote it: evidence: \"...\"")
        if evidence is not None and evidence.strip():
            v.text(evidence, f"{field}.evidence", source=source)
        listed[cid] = (i, CriterionStatus(crit, status, (evidence or "").strip() or None, listed=True))
    return {c.id: listed[c.id][1] if c.id in listed else CriterionStatus(c, "unknown", None, listed=False)
            for c in cat.criteria}


@attrs.frozen
class Parsed:
    """A validated assessment: what is scored."""

    organisation: str
    date: _dt.date
    statuses: dict[str, CriterionStatus]
    rules: Rules
    previous: Any
    notes: str | None


def parse_assessment(document: Any, source: Any, options: Mapping[str, Any], *,
                     framework_id: str = "flexible-framework") -> Parsed:
    """Validate an assessment; ``options`` rules (``cumulative``, ``partly_counts_as_met``) win over the document's."""
    doc = v.mapping(document, None, source=source)
    v.check_keys(doc, _DOC_KEYS, None, source=source)
    kind = v.require(doc, "kind", None, source=source)
    if kind != "assessment":
        raise ValidationError(f"expected kind 'assessment', got {kind!r}", source=source, field="kind",
                              hint="a Flexible Framework self-assessment starts with 'kind: assessment'")
    if doc.get("framework") not in (None, framework_id):
        raise ValidationError(f"this is the {framework_id} plugin, not {doc['framework']!r}",
                              source=source, field="framework",
                              hint=f"write framework: {framework_id}, or leave framework: out")
    organisation = v.text(v.require(doc, "organisation", None, source=source), "organisation", source=source)
    date = v.date(v.require(doc, "date", None, source=source), "date", source=source)
    entries = v.sequence(v.require(doc, "criteria", None, source=source), "criteria", source=source,
                         limit="max_criteria")
    previous = doc.get("previous")
    if previous is not None:
        previous = v.text(previous, "previous", source=source)
    notes = v.optional_text(doc.get("notes"), "notes", source=source)
    return Parsed(organisation.strip(), date, _statuses(entries, catalogue(), source),
                   _rules(doc, options, source), previous, notes)
