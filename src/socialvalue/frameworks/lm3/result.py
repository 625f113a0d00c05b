"""Results of the ``lm3`` plugin: rounds, LM3, leakage and breakdowns (report in :mod:`.report`)."""

from __future__ import annotations

from typing import Any, ClassVar

from socialvalue.frameworks.base import BaseResult, Provenance, record
from socialvalue.results.base import short_repr
from socialvalue.results.report import Report

__all__ = ["KindBreakdown", "LM3Result", "SpendLine"]


@record
class SpendLine:
    """One round-1 spend line. ``share`` is the local re-spend share (None: explicitly unknown,
    or not local); ``responses`` is the number of survey answers averaged, when a list was given."""

    recipient: str
    kind: str
    amount: float
    local: bool
    share: float | None = None
    responses: int | None = None
    notes: str | None = None

    @property
    def r2(self) -> float:
        return self.amount if self.local else 0.0

    @property
    def r3(self) -> float:
        return self.amount * self.share if self.local and self.share is not None else 0.0

    @property
    def status(self) -> str:
        if not self.local:
            return "outside boundary"
        return "unsurveyed" if self.share is None else "surveyed"

    def to_dict(self) -> dict[str, Any]:
        return {"recipient": self.recipient, "kind": self.kind, "amount": self.amount, "local": self.local,
                "local_respend": self.share, "survey_answers": self.responses, "status": self.status,
                "r2": self.r2, "r3": self.r3, "notes": self.notes}


@record
class KindBreakdown:
    kind: str
    lines: int
    amount: float
    local: float
    r3: float
    unsurveyed: float

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "lines": self.lines, "r1": self.amount, "r2": self.local, "r3": self.r3,
                "unsurveyed_local_spend": self.unsurveyed}


@record(eq=False)
class LM3Result(BaseResult):
    """LM3 for one budget or contract inside one declared boundary."""

    name: str
    boundary: str
    period: str | None
    lines: tuple[SpendLine, ...]
    r1: float
    r2: float
    r3: float
    lm3: float
    leakage: float
    local_share: float
    unsurveyed: float
    by_kind: tuple[KindBreakdown, ...]
    notes: str | None
    provenance: Provenance
    framework: str = "lm3"
    title: ClassVar[str] = "Local Multiplier 3 (LM3)"

    @property
    def two_round_value_per_pound(self) -> float:
        """(R1 + R2) / R1 = 1 + local share: a two-round figure, NOT LM3."""
        return 1.0 + self.local_share

    @property
    def lm3_if_unsurveyed_respent(self) -> float | None:
        """Upper bound: LM3 if all unsurveyed local spend were re-spent locally (None when all surveyed)."""
        if self.unsurveyed == 0:
            return None
        return min(3.0, self.lm3 + self.unsurveyed / self.r1)

    def summary(self) -> dict[str, Any]:
        return {"name": self.name, "boundary": self.boundary, "r1": self.r1, "r2": self.r2, "r3": self.r3,
                "lm3": self.lm3, "leakage": self.leakage, "unsurveyed_local_spend": self.unsurveyed}

    def to_dict(self) -> dict[str, Any]:
        return {
            "framework": self.framework, "kind": "lm3", "name": self.name, "boundary": self.boundary,
            "period": self.period,
            "r1": self.r1, "r2": self.r2, "r3": self.r3, "lm3": self.lm3, "leakage": self.leakage,
            "local_share": self.local_share,
            "unsurveyed_local_spend": self.unsurveyed,
            "lm3_if_unsurveyed_respent_locally": self.lm3_if_unsurveyed_respent,
            "two_round": {
                "value_per_pound": self.two_round_value_per_pound,
                "formula": "(R1 + R2) / R1",
                "note": "NOT LM3: a two-round figure (1 + local share), as in NEF's Northumberland study",
            },
            "by_kind": [k.to_dict() for k in self.by_kind],
            "lines": [ln.to_dict() for ln in self.lines],
            "notes": self.notes,
            "provenance": self.provenance.to_dict(),
        }

    def __repr__(self) -> str:
        boundary = " ".join(self.boundary.split())
        boundary = boundary if len(boundary) <= 50 else boundary[:49] + "…"
        return short_repr("LM3Result", self.name, f"LM3 {self.lm3:.2f} within {boundary!r}")

    def report(self) -> Report:
        from socialvalue.frameworks.lm3.report import lm3_report

        return lm3_report(self)
