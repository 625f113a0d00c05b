"""Results of the ``flexible-framework`` plugin: one assessment, and a benchmarking comparison.

Both report levels **per theme** only. There is deliberately no overall score: the
framework scores each theme separately (the 2006-2009 public-sector targets were "Level 3
everywhere, Level 5 in at least one theme"), so a total or average would be invented.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from socialvalue.frameworks.base import BaseResult, Provenance, record
from socialvalue.results.base import short_repr
from socialvalue.results.report import Report

if TYPE_CHECKING:  # pragma: no cover
    from socialvalue.frameworks.flexible.criteria import Catalogue, Criterion, Rules

__all__ = ["AssessmentResult", "ComparisonResult", "CriterionStatus", "ThemeChange", "ThemeResult"]

LEVEL_RANGE = range(0, 6)


@record
class CriterionStatus:
    """A criterion with the status the assessment gave it (``listed`` False: not in the document)."""

    criterion: Criterion
    status: str
    evidence: str | None
    listed: bool

    def to_dict(self, rules: Rules, cite: str) -> dict[str, Any]:
        c = self.criterion
        return {"id": c.id, "theme": c.theme, "level": c.level, "text": c.text, "confidence": c.confidence,
                "source": cite, "status": self.status, "listed": self.listed,
                "counts_as_met": rules.counts(self.status), "evidence": self.evidence}


@record
class ThemeResult:
    id: str
    name: str
    level: int
    level_name: str
    next_level: int | None
    next_level_name: str | None
    missing: tuple[CriterionStatus, ...]
    criteria: int
    unassessed: int
    supporting: int
    supporting_unverified: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "name": self.name, "level": self.level, "level_name": self.level_name,
            "next_level": self.next_level, "next_level_name": self.next_level_name,
            "missing_for_next_level": [{"id": s.criterion.id, "text": s.criterion.text, "status": s.status,
                                        "confidence": s.criterion.confidence} for s in self.missing],
            "criteria": self.criteria, "unassessed": self.unassessed,
            "supporting_criteria": self.supporting, "supporting_unverified": self.supporting_unverified,
        }


@record
class ThemeChange:
    id: str
    name: str
    before: int
    after: int

    @property
    def change(self) -> int:
        return self.after - self.before

    def to_dict(self) -> dict[str, Any]:
        return {"before": self.before, "after": self.after, "change": self.change}


def _share(part: int, whole: int) -> float | None:
    return None if whole == 0 else part / whole


@record(eq=False)
class AssessmentResult(BaseResult):
    """One organisation's Flexible Framework self-assessment, scored."""

    organisation: str
    date: _dt.date
    rules: Rules
    themes: tuple[ThemeResult, ...]
    statuses: tuple[CriterionStatus, ...]
    catalogue: Catalogue = attrs.field(repr=False)
    previous: AssessmentResult | None
    change: tuple[ThemeChange, ...] | None
    notes: str | None
    provenance: Provenance
    framework: str = "flexible-framework"
    title: ClassVar[str] = "Flexible Framework self-assessment"

    # -- figures ------------------------------------------------------------------------------

    @property
    def levels(self) -> dict[str, int]:
        """Theme id to level achieved (0-5)."""
        return {t.id: t.level for t in self.themes}

    @property
    def minimum_level(self) -> int:
        return min(t.level for t in self.themes)

    @property
    def themes_at_level(self) -> dict[int, int]:
        """How many themes sit at each level 0-5."""
        return {n: sum(1 for t in self.themes if t.level == n) for n in LEVEL_RANGE}

    @property
    def unassessed(self) -> tuple[CriterionStatus, ...]:
        """Criteria with status ``unknown`` (listed so, or not listed at all): counted as not met."""
        return tuple(s for s in self.statuses if s.status == "unknown")

    @property
    def unverified(self) -> dict[str, Any]:
        """How much of the result rests on criteria marked P or U in the bundled data."""
        counts = {mark: sum(1 for s in self.statuses if s.criterion.confidence == mark) for mark in "CPU"}
        met = [s for s in self.statuses if self.rules.counts(s.status)]
        met_unverified = sum(1 for s in met if not s.criterion.verified)
        supporting = sum(t.supporting for t in self.themes)
        supporting_unverified = sum(t.supporting_unverified for t in self.themes)
        return {
            "criteria_by_confidence": counts,
            "criteria_unverified": counts["P"] + counts["U"],
            "criteria_total": len(self.statuses),
            "met": len(met), "met_unverified": met_unverified,
            "share_of_met": _share(met_unverified, len(met)),
            "supporting_levels": supporting, "supporting_levels_unverified": supporting_unverified,
            "share_of_levels": _share(supporting_unverified, supporting),
        }

    @property
    def unverified_share(self) -> float | None:
        """Share of the levels reached that rest on criteria not verified in the bundled data
        (``unverified.share_of_levels``); ``None`` when no level is reached."""
        return self.unverified["share_of_levels"]

    def summary(self) -> dict[str, Any]:
        return {"organisation": self.organisation, "date": self.date.isoformat(), "levels": self.levels,
                "minimum_level": self.minimum_level,
                "themes_at_level": {str(k): n for k, n in self.themes_at_level.items()},
                "unassessed": len(self.unassessed), "unverified_share": self.unverified["share_of_levels"]}

    def to_dict(self) -> dict[str, Any]:
        cite = self.catalogue.cite
        change = None
        if self.change is not None and self.previous is not None:
            before = {s.criterion.id: self.rules.counts(s.status) for s in self.previous.statuses}
            now = {s.criterion.id: self.rules.counts(s.status) for s in self.statuses}
            change = {
                "previous_date": self.previous.date.isoformat(),
                "previous_source": self.previous.provenance.source,
                "themes": {c.id: c.to_dict() for c in self.change},
                "newly_met": [cid for cid in now if now[cid] and not before[cid]],
                "no_longer_met": [cid for cid in now if before[cid] and not now[cid]],
            }
        return {
            "framework": self.framework, "kind": "assessment",
            "organisation": self.organisation, "date": self.date.isoformat(),
            "rules": self.rules.to_dict(),
            "levels": self.levels,
            "minimum_level": self.minimum_level,
            "themes_at_level": {str(k): n for k, n in self.themes_at_level.items()},
            "themes": [t.to_dict() for t in self.themes],
            "unassessed": {"count": len(self.unassessed),
                           "not_listed": sum(1 for s in self.unassessed if not s.listed),
                           "ids": [s.criterion.id for s in self.unassessed]},
            "unverified": self.unverified,
            "change": change,
            "criteria": [s.to_dict(self.rules, cite(s.criterion)) for s in self.statuses],
            "notes": self.notes,
            "provenance": self.provenance.to_dict(),
        }

    def __repr__(self) -> str:
        levels = ", ".join(f"{t.id} {t.level}" for t in self.themes)
        return short_repr("AssessmentResult", self.organisation, f"{self.date.isoformat()}, levels {levels}")

    def report(self) -> Report:
        from socialvalue.frameworks.flexible.report import assessment_report

        return assessment_report(self)


@record(eq=False)
class ComparisonResult(BaseResult):
    """Several assessments side by side (a benchmarking table): organisation x theme level."""

    results: tuple[AssessmentResult, ...]
    rules: Rules
    catalogue: Catalogue = attrs.field(repr=False)
    provenance: Provenance
    framework: str = "flexible-framework"
    title: ClassVar[str] = "Flexible Framework benchmarking"

    def summary(self) -> dict[str, Any]:
        return {"rows": [{"organisation": r.organisation, "date": r.date.isoformat(), "levels": r.levels}
                         for r in self.results]}

    def to_dict(self) -> dict[str, Any]:
        return {
            "framework": self.framework, "kind": "comparison", "rules": self.rules.to_dict(),
            "themes": [{"id": t.id, "name": t.name} for t in self.catalogue.themes],
            "rows": [{"organisation": r.organisation, "date": r.date.isoformat(), "source": r.provenance.source,
                      "levels": r.levels, "minimum_level": r.minimum_level, "unassessed": len(r.unassessed),
                      "unverified_share": r.unverified["share_of_levels"]} for r in self.results],
            "provenance": self.provenance.to_dict(),
        }

    def __repr__(self) -> str:
        return f"<ComparisonResult Flexible Framework benchmarking: {len(self.results)} assessment(s)>"

    def report(self) -> Report:
        from socialvalue.frameworks.flexible.report import benchmark_report

        return benchmark_report(self)
