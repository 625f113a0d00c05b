"""The result of a comparison: values side by side, the decomposition of each difference,
the ranking of bids, and where every figure came from.

All money is exact fixed point (see :mod:`socialvalue.compare.decompose`): a fact's parts sum
to its difference, the facts' parts sum to the total's, and ``math.fsum`` of any of these
lists gives the difference bit for bit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from socialvalue.compare.activity import ActivityFacts, Fact
from socialvalue.frameworks.base import BaseResult, Provenance, document_hash, record
from socialvalue.results.report import Report

__all__ = ["VERSION", "ComparisonResult", "Decomposition", "FactRow", "PartsRow", "SubjectComparison"]

VERSION = "1.0"
"""Version of the comparison conventions (recorded in provenance)."""


@record
class FactRow:
    """One fact: what each view made of it (``cells``) and its value in each view (``None``: not valued)."""

    fact: Fact
    cells: tuple[Any, ...]
    values: tuple[float | None, ...]


@record
class PartsRow:
    """One line of a decomposition: a fact (or the total), its values, difference and parts."""

    id: str
    from_value: float | None
    to_value: float | None
    difference: float
    parts: Mapping[str, float]
    status: str

    def to_dict(self) -> dict[str, Any]:
        return {"fact": self.id, "status": self.status, "from_value": self.from_value, "to_value": self.to_value,
                "difference": self.difference, "parts": dict(self.parts)}


@record
class Decomposition:
    """Why ``to_view`` differs from ``from_view`` (difference = to − from), fact by fact and in total."""

    from_view: str
    to_view: str
    rows: tuple[PartsRow, ...]
    total: PartsRow

    def row(self, fact: str) -> PartsRow:
        if fact == "total":
            return self.total
        for r in self.rows:
            if r.id == fact:
                return r
        from socialvalue.errors import UnknownNameError
        from socialvalue.suggest import close_matches

        raise UnknownNameError(f"no fact {fact!r} in this comparison", field="fact",
                               suggestions=close_matches(fact, [r.id for r in self.rows]))

    def to_dict(self) -> dict[str, Any]:
        return {"from_view": self.from_view, "to_view": self.to_view, "facts": [r.to_dict() for r in self.rows],
                "total": self.total.to_dict()}


@record
class SubjectComparison:
    """One activity (or one bid) across every view."""

    activity: ActivityFacts
    rows: tuple[FactRow, ...]
    totals: tuple[float, ...]
    decompositions: tuple[Decomposition, ...]

    @property
    def name(self) -> str:
        return self.activity.name


def _view_index(labels: Sequence[str], view: str) -> int:
    if view in labels:
        return list(labels).index(view)
    from socialvalue.errors import UnknownNameError
    from socialvalue.suggest import close_matches

    raise UnknownNameError(f"no view is labelled {view!r}", field="view", suggestions=close_matches(view, labels),
                           hint="views: " + ", ".join(labels))


@record(eq=False)
class ComparisonResult(BaseResult):
    """One activity (or several bids) valued under several views, and why the values differ.

    ``views`` are the view labels in order; ``subjects`` hold, per activity, the value of
    every fact under every view, the totals and the decompositions for each compared pair
    of views (``pairs``, each ``(from, to)``); ``ranking`` is set when bids were compared.
    ``quantum`` is the fixed-point step of every figure (see the module docstring).
    """

    name: str
    description: str | None
    runs: tuple[Any, ...]
    subjects: tuple[SubjectComparison, ...]
    order: tuple[str, ...]
    pairs: tuple[tuple[str, str], ...]
    crosswalk: Any
    quantum: float
    provenance: Provenance
    ranking: Any = None
    bids: bool = False
    framework: str = "compare"

    title = "Framework comparison"

    # ------------------------------------------------------------------ access
    @property
    def views(self) -> tuple[str, ...]:
        return tuple(run.view.label for run in self.runs)

    @property
    def framework_results(self) -> dict[str, tuple[Any, ...]]:
        """Each view's own framework results (SroiResult per activity, or one TenderResult)."""
        return {run.view.label: run.results for run in self.runs}

    @property
    def totals(self) -> dict[str, dict[str, float]]:
        """The total of each activity (or bid) under each view: ``{subject: {view: total}}``, GBP in
        each view's price year (``summary()["totals"]``; one subject's: ``value(view)``)."""
        return {s.name: dict(zip(self.views, s.totals, strict=True)) for s in self.subjects}

    @property
    def decompositions(self) -> tuple[Decomposition, ...]:
        """Every decomposition, activity by activity: ``.total.difference`` is ``to − from`` (GBP) and
        ``.total.parts`` its causes."""
        return tuple(d for s in self.subjects for d in s.decompositions)

    def subject(self, name: str | int = 0) -> SubjectComparison:
        if isinstance(name, int):
            return self.subjects[name]
        for s in self.subjects:
            if s.name == name:
                return s
        from socialvalue.errors import UnknownNameError
        from socialvalue.suggest import close_matches

        raise UnknownNameError(f"no activity or bid called {name!r}", field="subject",
                               suggestions=close_matches(name, [s.name for s in self.subjects]))

    def value(self, view: str, fact: str | None = None, *, subject: str | int = 0) -> float | None:
        """A fact's value under ``view`` (``None`` when the view has no counterpart), or the total."""
        s = self.subject(subject)
        i = _view_index(self.views, view)
        if fact is None or fact == "total":
            return s.totals[i]
        for row in s.rows:
            if row.fact.id == fact:
                return row.values[i]
        from socialvalue.errors import UnknownNameError
        from socialvalue.suggest import close_matches

        raise UnknownNameError(f"no fact {fact!r} in this comparison", field="fact",
                               suggestions=close_matches(fact, [r.fact.id for r in s.rows]))

    def decomposition(self, to_view: str | None = None, from_view: str | None = None, *,
                      subject: str | int = 0) -> Decomposition:
        """The decomposition of ``to_view − from_view`` (default: the first pair compared)."""
        s = self.subject(subject)
        for d in s.decompositions:
            if (to_view is None or d.to_view == to_view) and (from_view is None or d.from_view == from_view):
                return d
        _view_index(self.views, to_view or "")
        if from_view is not None:
            _view_index(self.views, from_view)
        from socialvalue.errors import ValidationError

        raise ValidationError(f"the pair {from_view!r} -> {to_view!r} was not compared", field="pairs",
                              hint="compared pairs: " + "; ".join(f"{a} -> {b}" for a, b in self.pairs)
                              + " (pass pairs='all' to compare every pair)")

    # ------------------------------------------------------------------ plain data
    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "views": list(self.views), "totals": self.totals}
        out["differences"] = [{"subject": s.name, "from_view": d.from_view, "to_view": d.to_view,
                               "difference": d.total.difference, "largest_cause": _largest(d.total.parts)}
                              for s in self.subjects for d in s.decompositions]
        if self.ranking is not None:
            out["kendall_tau_b"] = [{"views": [a, b], "tau_b": t} for a, b, t in self.ranking.taus]
        return out

    def to_dict(self) -> dict[str, Any]:
        from socialvalue.compare.decompose import CAUSE_MEANINGS

        return {
            "framework": "compare", "kind": "comparison", "name": self.name, "description": self.description,
            "order": list(self.order), "causes": dict(CAUSE_MEANINGS), "pairs": [list(p) for p in self.pairs],
            "quantum": self.quantum,
            "views": [run.describe() for run in self.runs],
            "crosswalk": self.crosswalk.provenance(),
            "subjects": [_subject_dict(s, self.views) for s in self.subjects],
            "ranking": None if self.ranking is None else self.ranking.to_dict(),
            "notes": self.notes(),
            "provenance": self.provenance.to_dict(),
        }

    def notes(self) -> list[str]:
        from socialvalue.compare.render import notes

        return notes(self)

    # ------------------------------------------------------------------ renderings
    def __repr__(self) -> str:
        from socialvalue.results import format as fmt
        from socialvalue.results.base import short_repr

        what = "bids" if self.bids else ("activity" if len(self.subjects) == 1 else "activities")
        detail = f"{len(self.views)} views, {len(self.subjects)} {what}"
        if len(self.subjects) == 1 and self.views:
            totals = self.subjects[0].totals
            low, high = min(totals), max(totals)
            detail += f", totals {fmt.money(low)} to {fmt.money(high)}"
        return short_repr("ComparisonResult", self.name, detail)

    def report(self) -> Report:
        from socialvalue.compare.render import comparison_report

        return comparison_report(self)

    def decomposition_frame(self) -> Any:
        """``to_frame("decomposition")``: columns fact, from_view, to_view, cause, amount (and subject, status)."""
        return self.to_frame("decomposition")


def _largest(parts: Mapping[str, float]) -> str | None:
    cause, amount = max(parts.items(), key=lambda kv: abs(kv[1]), default=(None, 0.0))
    return cause if amount else None


def _subject_dict(s: SubjectComparison, views: Sequence[str]) -> dict[str, Any]:
    facts = []
    for row in s.rows:
        facts.append({**row.fact.to_dict(), "values": {
            label: {"value": value, **cell.describe()} for label, value, cell in zip(views, row.values, row.cells, strict=True)}})
    a = s.activity
    return {"name": a.name, "description": a.description, "price_year": a.price_year, "first_year": a.first_year,
            "investment": a.investment, "facts": facts, "totals": dict(zip(views, s.totals, strict=True)),
            "decompositions": [d.to_dict() for d in s.decompositions]}


def comparison_provenance(runs: Sequence[Any], crosswalk: Any, subjects: Sequence[ActivityFacts],
                          order: Sequence[str], fp: Any, *, source: str | None, document: Any) -> Provenance:
    """Provenance: every view's datasets and catalogue (with hashes), the crosswalk and the conventions."""
    from socialvalue.prices import gdp_deflator

    records: dict[str, Mapping[str, Any]] = {"crosswalk:" + crosswalk.id: crosswalk.provenance()}
    for run in runs:
        for entry in run.sources:
            key = f"{entry.get('kind', 'proxy dataset')}:{entry.get('id')}:{entry.get('sha256')}"
            records.setdefault(key, {"kind": "proxy dataset", **entry} if "kind" not in entry else entry)
        for ds in run.view.datasets:
            records.setdefault(f"proxy dataset:{ds.id}:{ds.sha256}", {
                "kind": "proxy dataset", "id": ds.id, "version": ds.version, "licence": ds.licence,
                "sha256": ds.sha256, "path": ds.path})
    if document is None:
        document = {"activities": [s.to_dict() for s in subjects], "views": [r.view.to_dict() for r in runs],
                    "crosswalk": crosswalk.sha256}
    return Provenance(
        framework="compare", framework_version=VERSION, input_sha256=document_hash(document), source=source,
        datasets=tuple(records.values()), price_year=subjects[0].price_year, deflator=gdp_deflator().provenance(),
        conventions={
            "attribution": "sequential (waterfall): one cause at a time from the first view's setting to the "
                           "second's, in the order given; the parts depend on the order, their sum does not",
            "order": list(order),
            "no_counterpart": "a fact valued by one view only is attributed wholly to 'no counterpart'",
            "values": "each fact valued by the engine with the setting its framework resolved (checked against the "
                      "framework's own figure)",
            "money": f"exact fixed point, quantum {fp.quantum!r} GBP: parts sum exactly to differences",
            "views": {run.view.label: {"framework": run.view.framework, "framework_version":
                                       run.results[0].provenance.framework_version if run.results else None}
                      for run in runs},
        })
