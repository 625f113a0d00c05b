"""Reading an LM3 survey (``kind: lm3``): the declared boundary and the round-1 spend lines.

Every line says who was paid, what kind of spend it is, how much, whether the recipient is
inside the boundary and, for a local recipient, the surveyed share it re-spends locally (one
figure, a list of survey answers, or ``unknown``). A missing figure is refused, never read as 0.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import attrs

from socialvalue import validation as v
from socialvalue.errors import UnknownNameError, ValidationError
from socialvalue.frameworks.lm3.result import SpendLine
from socialvalue.identity import check_unique, identifier
from socialvalue.suggest import close_matches

__all__ = ["KINDS", "Survey", "mean_share", "parse_survey", "spend_line"]

KINDS: tuple[str, ...] = ("staff", "supplier", "other")
"""Kinds of spend line (staff pay, a supplier or contractor, anything else)."""

_DOC_KEYS = ("kind", "framework", "name", "boundary", "period", "spend", "notes")
_LINE_KEYS = ("recipient", "kind", "amount", "local", "local_respend", "notes")
_RESPEND_HINT = ("give the surveyed local re-spend share (0.4 or '40%'), a list of survey answers, "
                 "or 'unknown' to leave this line out of R3 and report it as unsurveyed")


def mean_share(answers: Sequence[float]) -> float:
    """Unweighted mean of survey answers (each a share in [0, 1]); the result stays in [0, 1]."""
    if not answers:
        raise ValidationError("no survey answers to average", hint=_RESPEND_HINT)
    return min(1.0, math.fsum(answers) / len(answers))


def _respend(value: Any, field: str, source: Any) -> tuple[float | None, tuple[float, ...]]:
    """(share, survey answers); share None means explicitly unknown."""
    try:
        return _read_respend(value, field, source)
    except ValidationError as exc:
        if exc.hint is None:
            exc.hint = _RESPEND_HINT
        raise


def _read_respend(value: Any, field: str, source: Any) -> tuple[float | None, tuple[float, ...]]:
    if isinstance(value, str) and value.strip().lower() == "unknown":
        return None, ()
    if isinstance(value, (list, tuple)):
        if not value:
            raise ValidationError("the list of survey answers is empty", source=source, field=field,
                                  hint=_RESPEND_HINT)
        answers = tuple(v.fraction(a, f"{field}[{i}]", source=source) for i, a in enumerate(value))
        return mean_share(answers), answers
    share = v.fraction(value, field, source=source)
    return share, (share,)


def spend_line(entry: Any, i: int, source: Any) -> SpendLine:
    """One validated round-1 spend line (``spend[i]``)."""
    field = f"spend[{i}]"
    m = v.mapping(entry, field, source=source)
    v.check_keys(m, _LINE_KEYS, field, source=source)
    recipient = identifier(v.require(m, "recipient", field, source=source), f"{field}.recipient", source=source,
                           what="recipient name")
    kind = v.require(m, "kind", field, source=source)
    if kind not in KINDS:
        hits = close_matches(str(kind), KINDS)
        raise UnknownNameError(f"spend kind {kind!r} is not one of {', '.join(KINDS)}", source=source,
                               field=f"{field}.kind", suggestions=hits,
                               hint=None if hits else "use staff (pay), supplier (goods, services, contractors) "
                               "or other")
    amount = v.number(v.require(m, "amount", field, source=source), f"{field}.amount", source=source)
    if amount < 0:
        raise ValidationError(f"a spend amount must not be negative, got {m['amount']!r}", source=source,
                              field=f"{field}.amount",
                              hint="record money paid out as a positive amount; net refunds off the line")
    local = v.require(m, "local", field, source=source)
    if not isinstance(local, bool):
        raise ValidationError(f"expected true or false, got {local!r}", source=source, field=f"{field}.local",
                              hint="local: true when the recipient is inside the declared boundary")
    raw = m.get("local_respend")
    share: float | None = None
    answers: tuple[float, ...] = ()
    if not local:
        if raw is not None:
            raise ValidationError("a local re-spend share is given for spend outside the boundary",
                                  source=source, field=f"{field}.local_respend",
                                  hint="LM3 follows only money spent locally: remove local_respend, or set "
                                       "local: true if the recipient is inside the boundary")
    elif raw is None:
        raise ValidationError("local spend needs a local re-spend figure for round 3", source=source,
                              field=f"{field}.local_respend", hint=_RESPEND_HINT)
    else:
        share, answers = _respend(raw, f"{field}.local_respend", source)
    return SpendLine(recipient=recipient, kind=kind, amount=amount, local=local, share=share,
                     responses=len(answers) if isinstance(raw, (list, tuple)) else None,
                     notes=v.optional_text(m.get("notes"), f"{field}.notes", source=source))


@attrs.frozen
class Survey:
    """A validated LM3 survey: what LM3 is computed from."""

    name: str
    boundary: str
    period: str | None
    lines: tuple[SpendLine, ...]
    notes: str | None


def parse_survey(document: Any, *, source: Any = None, framework_id: str = "lm3") -> Survey:
    """Validate an LM3 document; errors name the field and say how to fix it."""
    doc = v.mapping(document, None, source=source)
    v.check_keys(doc, _DOC_KEYS, None, source=source)
    kind = v.require(doc, "kind", None, source=source)
    if kind != "lm3":
        raise ValidationError(f"expected kind 'lm3', got {kind!r}", source=source, field="kind",
                  hint="an LM3 survey starts with 'kind: lm3'")
    if doc.get("framework") not in (None, framework_id):
        raise ValidationError(f"this is the lm3 plugin, not {doc['framework']!r}", source=source,
                  field="framework", hint="write framework: lm3, or leave framework: out")
    name = v.text(v.require(doc, "name", None, source=source), "name", source=source).strip()
    if doc.get("boundary") is None:
        raise ValidationError("missing required field 'boundary'", source=source, field="boundary",
                  hint="declare what 'local' means, e.g. boundary: Within the county; "
                       "LM3 depends on the area chosen")
    boundary = v.text(doc["boundary"], "boundary", source=source).strip()
    period = doc.get("period")
    if period is not None:
        period = v.text(str(period) if isinstance(period, int) else period, "period", source=source)
    entries = v.sequence(v.require(doc, "spend", None, source=source), "spend", source=source,
                 limit="max_spend_lines")
    lines = [spend_line(entry, i, source) for i, entry in enumerate(entries)]
    check_unique(((ln.recipient, f"spend[{i}].recipient") for i, ln in enumerate(lines)), what="recipient",
             source=source, hint="merge the two lines, or name them apart, e.g. 'Greens Ltd (fruit)'")
    return Survey(name=name, boundary=boundary, period=period, lines=tuple(lines),
                  notes=v.optional_text(doc.get("notes"), "notes", source=source))
