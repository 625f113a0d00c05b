"""The ``lm3`` plugin: Local Multiplier 3 (New Economics Foundation, *The Money Trail*, 2002).

LM3 follows money through three rounds of spending inside a declared boundary:

* **R1**: everything spent (the budget or contract value), line by line;
* **R2**: the part of R1 spent locally (local suppliers, local staff's pay);
* **R3**: what those local recipients spend again locally: for each local line,
  amount x its local re-spend share, the share coming from a survey (one figure, or a
  list of survey answers whose unweighted mean is used, as in the Plugging the Leaks
  averaging worksheet);

and ``LM3 = (R1 + R2 + R3) / R1``, which always lies between 1 and 3. Leakage is
``1 - R2 / R1``. The two-round "value per £1" figure ``(R1 + R2) / R1`` (the
Northumberland-style £1.76) is reported separately and labelled as **not** LM3.

A local line must carry a ``local_respend`` figure. ``local_respend: unknown`` is allowed:
that line is left out of R3 (so LM3 is then a lower bound), and its amount is reported as
unsurveyed together with the LM3 it would give if all of it were re-spent locally. A
missing figure is never treated as 0. Money is summed with :func:`math.fsum`, so the
result does not depend on the order of the lines.

>>> from socialvalue.frameworks.lm3 import FRAMEWORK
>>> doc = {"kind": "lm3", "name": "x", "boundary": "the county", "spend": [
...     {"recipient": "A", "kind": "supplier", "amount": 40000, "local": True, "local_respend": 0.4},
...     {"recipient": "B", "kind": "staff", "amount": 20000, "local": True, "local_respend": 0.4},
...     {"recipient": "C", "kind": "supplier", "amount": 40000, "local": False}]}
>>> round(FRAMEWORK.evaluate(doc).lm3, 10)
1.84
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from socialvalue.errors import ValidationError
from socialvalue.frameworks.base import Context, Framework, NoOptions, Provenance, document_hash
from socialvalue.frameworks.lm3.document import KINDS, Survey, mean_share, parse_survey
from socialvalue.frameworks.lm3.result import KindBreakdown, LM3Result, SpendLine

__all__ = ["FRAMEWORK", "KINDS", "KindBreakdown", "LM3Framework", "LM3Result", "SpendLine", "Survey", "calculate",
           "mean_share", "parse_survey"]

def _fsum(values: Sequence[float], field: str, source: Any) -> float:
    try:
        total = math.fsum(values)
    except OverflowError:
        total = math.inf
    if not math.isfinite(total):
        raise ValidationError("the amounts are too large to add up", source=source, field=field,
                              hint="give amounts in pounds (or thousands of pounds) of a realistic size")
    return total


def calculate(lines: Sequence[SpendLine], *, name: str, boundary: str, source: Any = None,
              document: Any = None, period: str | None = None, notes: str | None = None) -> LM3Result:
    """R1-R3, LM3 and the breakdowns from validated spend lines."""
    lines = tuple(lines)
    if not lines:
        raise ValidationError("there are no spend lines", source=source, field="spend",
                              hint="list round-1 spend line by line under 'spend:'")
    r1 = _fsum([ln.amount for ln in lines], "spend", source)
    if r1 <= 0:
        raise ValidationError("total spend (R1) is zero, so LM3 is undefined", source=source, field="spend",
                              hint="LM3 divides by total spend; give the amounts actually spent")
    r2 = _fsum([ln.amount for ln in lines if ln.local], "spend", source)
    r3 = _fsum([ln.r3 for ln in lines], "spend", source)
    outside = _fsum([ln.amount for ln in lines if not ln.local], "spend", source)
    unsurveyed = _fsum([ln.amount for ln in lines if ln.local and ln.share is None], "spend", source)
    by_kind = tuple(
        KindBreakdown(kind=k, lines=sum(1 for ln in lines if ln.kind == k),
                      amount=math.fsum(ln.amount for ln in lines if ln.kind == k),
                      local=math.fsum(ln.amount for ln in lines if ln.kind == k and ln.local),
                      r3=math.fsum(ln.r3 for ln in lines if ln.kind == k),
                      unsurveyed=math.fsum(ln.amount for ln in lines if ln.kind == k and ln.local
                                           and ln.share is None))
        for k in KINDS if any(ln.kind == k for ln in lines))
    lm3 = math.fsum([1.0, r2 / r1, r3 / r1])  # each term <= 1, so 1 <= LM3 <= 3 even after rounding
    provenance = Provenance(
        framework=FRAMEWORK.id, framework_version=FRAMEWORK.version,
        input_sha256=document_hash(document if document is not None else [attrs.asdict(ln) for ln in lines]),
        source=None if source is None else str(source),
        conventions={
            "formula": "LM3 = (R1 + R2 + R3) / R1",
            "r2": "sum of spend lines marked local: true",
            "r3": "sum over local lines of amount x local re-spend share",
            "survey_answers": "a list of answers is averaged (unweighted mean)",
            "unknown_respend": "left out of R3 and reported as unsurveyed local spend (LM3 is then a lower bound)",
            "leakage": "1 - R2 / R1 (share of spend outside the boundary)",
            "two_round_value_per_pound": "(R1 + R2) / R1; not LM3",
            "sums": "math.fsum (independent of line order)",
            "boundary": boundary,
        })
    return LM3Result(name=name, boundary=boundary, period=period, lines=lines, r1=r1, r2=r2, r3=r3, lm3=lm3,
                     leakage=outside / r1, local_share=r2 / r1, unsurveyed=unsurveyed, by_kind=by_kind,
                     notes=notes, provenance=provenance)


class LM3Framework(Framework[NoOptions, LM3Result]):
    """Entry-point object for ``lm3`` (documents of kind ``lm3``); it takes no options."""

    id = "lm3"
    name = "Local Multiplier 3 (New Economics Foundation, The Money Trail, 2002)"
    version = "1.0"
    description = ("Follows spend through three rounds inside a declared local boundary: "
                   "R1 spend, R2 spent locally, R3 re-spent locally; LM3 = (R1 + R2 + R3) / R1.")
    document_kinds = ("lm3",)
    options_class = NoOptions

    def document_schema(self, kind: str) -> dict[str, Any] | None:
        """The shipped JSON Schema of a document of ``kind`` (``socialvalue/schemas/<kind>.schema.json``)."""
        from socialvalue.schemas import schema

        return schema(kind) if kind in self.document_kinds else None

    def run(self, document: Mapping[str, Any], options: NoOptions, context: Context) -> LM3Result:
        """Validate an LM3 document and compute its result."""
        source = context.source
        survey = parse_survey(document, source=source, framework_id=self.id)
        return calculate(survey.lines, name=survey.name, boundary=survey.boundary, source=source, document=document,
                         period=survey.period, notes=survey.notes)


FRAMEWORK = LM3Framework()
"""The plugin instance named by the ``lm3`` entry point."""
