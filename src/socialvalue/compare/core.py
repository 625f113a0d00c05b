"""The comparison itself: run every view, value every fact with the engine, decompose.

:func:`run_comparison` is what :func:`socialvalue.compare.compare` and
:func:`~socialvalue.compare.compare_bids` call once their inputs are validated.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from socialvalue.compare.activity import ActivityFacts, View
from socialvalue.compare.crosswalk import Crosswalk
from socialvalue.compare.decompose import DEFAULT_ORDER, NO_COUNTERPART, FixedPoint, engine_value, states
from socialvalue.compare.ranking import Ranking
from socialvalue.compare.result import ComparisonResult, Decomposition, FactRow, PartsRow, SubjectComparison
from socialvalue.compare.views import VALUED, ViewRun, run_view
from socialvalue.errors import SocialValueError, UnknownNameError, ValidationError
from socialvalue.suggest import close_matches

__all__ = ["assemble", "resolve_pairs", "run_comparison"]

_TOLERANCE = 1e-9
"""Largest relative gap allowed between a framework's own figure and the engine's for its setting."""


def resolve_pairs(pairs: Any, views: Sequence[View], field: str = "pairs") -> tuple[tuple[int, int], ...]:
    """``"baseline"`` (each view against the first), ``"all"`` (every pair), or ``[[A, B], …]`` by label."""
    n = len(views)
    if pairs is None or pairs == "baseline":
        return tuple((0, j) for j in range(1, n))
    if pairs == "all":
        return tuple((i, j) for i in range(n) for j in range(i + 1, n))
    if isinstance(pairs, str) or not isinstance(pairs, Sequence):
        raise ValidationError(f"pairs must be 'baseline', 'all' or a list of [from, to] view labels, got {pairs!r}",
                              field=field)
    labels = {v.label: i for i, v in enumerate(views)}
    out = []
    for k, pair in enumerate(pairs):
        if isinstance(pair, str) or not isinstance(pair, Sequence) or len(pair) != 2:
            raise ValidationError("each pair is [from_view, to_view]", field=f"{field}[{k}]")
        ends = []
        for m, label in enumerate(pair):
            if label not in labels:
                raise UnknownNameError(f"no view is labelled {label!r}", field=f"{field}[{k}][{m}]",
                                       suggestions=close_matches(str(label), labels),
                                       hint="views: " + ", ".join(labels))
            ends.append(labels[label])
        if ends[0] == ends[1]:
            raise ValidationError("a pair compares two different views", field=f"{field}[{k}]")
        out.append((ends[0], ends[1]))
    if not out:
        raise ValidationError("give at least one pair of views", field=field)
    return tuple(out)


def _engine_values(runs: Sequence[ViewRun]) -> list[list[list[float | None]]]:
    """``values[view][subject][fact]``: the engine's value for each valued cell, checked against the framework's."""
    out = []
    for run in runs:
        per_view = []
        for s, cells in enumerate(run.cells):
            row: list[float | None] = []
            for f, cell in enumerate(cells):
                if cell.status != VALUED:
                    row.append(None)
                    continue
                value = engine_value(cell.setting)
                own = cell.framework_value
                if abs(value - own) > _TOLERANCE * max(abs(value), abs(own), 1.0):
                    raise RuntimeError(f"internal error: view {run.view.label!r}, subject {s}, fact {f}: the "
                                       f"framework gives {own!r} but the engine gives {value!r} for its setting")
                row.append(value)
            per_view.append(row)
        out.append(per_view)
    return out


def _waterfalls(runs: Sequence[ViewRun], values: list[list[list[float | None]]], pairs: Sequence[tuple[int, int]],
                order: Sequence[str], n_subjects: int) -> dict[tuple[int, int, int, int], list[tuple[str, float]]]:
    """``(pair_a, pair_b, subject, fact) -> [(cause, state)]`` for facts valued in both views of a pair."""
    out = {}
    for a, b in pairs:
        for s in range(n_subjects):
            for f, (ca, cb) in enumerate(zip(runs[a].cells[s], runs[b].cells[s], strict=True)):
                va, vb = values[a][s][f], values[b][s][f]
                if va is None or vb is None:
                    continue
                out[(a, b, s, f)] = states(ca.setting, cb.setting, order, va, vb)
    return out


def run_comparison(subjects: Sequence[ActivityFacts], views: Sequence[View], crosswalk: Crosswalk, *,
                   order: Sequence[str] = DEFAULT_ORDER, pairs: Any = "baseline", name: str | None = None,
                   description: str | None = None, source: str | None = None, document: Any = None,
                   bids: bool = False) -> ComparisonResult:
    """Run ``views`` over ``subjects`` (one activity, or the bids of a tender) and build the result."""
    pair_index = resolve_pairs(pairs, views)
    try:
        runs = [run_view(view, subjects, crosswalk, source=source) for view in views]
    except SocialValueError as exc:
        raise exc.with_context(source=source) from None
    return assemble(runs, subjects, crosswalk, order=order, pair_index=pair_index, name=name,
                    description=description, source=source, document=document, bids=bids)


def assemble(runs: Sequence[ViewRun], subjects: Sequence[ActivityFacts], crosswalk: Crosswalk, *,
             order: Sequence[str], pair_index: Sequence[tuple[int, int]], name: str | None = None,
             description: str | None = None, source: str | None = None, document: Any = None,
             bids: bool = False) -> ComparisonResult:
    """Value every valued cell with the engine, decompose each pair, and build the exact result."""
    from socialvalue.compare.result import comparison_provenance

    views = [run.view for run in runs]
    values = _engine_values(runs)
    falls = _waterfalls(runs, values, pair_index, order, len(subjects))
    groups = []
    for s, subject in enumerate(subjects):
        largest = []
        for f in range(len(subject.facts)):
            figures = [abs(values[r][s][f] or 0.0) for r in range(len(runs))]
            figures += [abs(x) for (a, b, ss, ff), steps in falls.items() if ss == s and ff == f for _, x in steps]
            largest.append(max(figures, default=0.0))
        groups.append(largest)
    fp = FixedPoint.for_values(groups)
    labels = [v.label for v in views]
    subject_results = []
    for s, subject in enumerate(subjects):
        units = [[None if values[r][s][f] is None else fp.units(values[r][s][f]) for f in range(len(subject.facts))]
                 for r in range(len(runs))]
        rows = tuple(FactRow(fact=fact, cells=tuple(run.cells[s][f] for run in runs),
                             values=tuple(None if units[r][f] is None else fp.money(units[r][f])
                                          for r in range(len(runs))))
                     for f, fact in enumerate(subject.facts))
        totals_units = [sum(u for u in units[r] if u is not None) for r in range(len(runs))]
        decompositions = []
        for a, b in pair_index:
            fact_rows, sums = [], dict.fromkeys((*order, NO_COUNTERPART), 0)
            for f, fact in enumerate(subject.facts):
                ua, ub = units[a][f], units[b][f]
                parts = dict.fromkeys((*order, NO_COUNTERPART), 0)
                if ua is not None and ub is not None:
                    previous = ua
                    for cause, state in falls[(a, b, s, f)]:
                        n = fp.units(state)
                        parts[cause] = n - previous
                        previous = n
                    if previous != ub:  # pragma: no cover - the waterfall ends at B's value by construction
                        raise RuntimeError(f"internal error: the waterfall for {fact.id!r} does not end at B's value")
                    status = "compared"
                elif ua is None and ub is None:
                    status = "no counterpart in either view"
                else:
                    parts[NO_COUNTERPART] = (ub or 0) - (ua or 0)
                    status = f"no counterpart in {labels[a] if ua is None else labels[b]}"
                difference = (ub or 0) - (ua or 0)
                for cause, n in parts.items():
                    sums[cause] += n
                fact_rows.append(PartsRow(
                    id=fact.id, from_value=None if ua is None else fp.money(ua),
                    to_value=None if ub is None else fp.money(ub), difference=fp.money(difference),
                    parts={c: fp.money(n) for c, n in parts.items()}, status=status))
            difference = totals_units[b] - totals_units[a]
            total = PartsRow(id="total", from_value=fp.money(totals_units[a]), to_value=fp.money(totals_units[b]),
                             difference=fp.money(difference), parts={c: fp.money(n) for c, n in sums.items()},
                             status="total")
            decompositions.append(Decomposition(from_view=labels[a], to_view=labels[b], rows=tuple(fact_rows),
                                                total=total))
        subject_results.append(SubjectComparison(
            activity=subject, rows=rows, totals=tuple(fp.money(t) for t in totals_units),
            decompositions=tuple(decompositions)))
    ranking = None
    if bids:
        ranking = Ranking.build([s.name for s in subjects], labels,
                                [[sr.totals[r] for sr in subject_results] for r in range(len(runs))])
    provenance = comparison_provenance(runs, crosswalk, subjects, order, fp, source=source, document=document)
    return ComparisonResult(name=name or subjects[0].name, description=description, runs=tuple(runs),
                            subjects=tuple(subject_results), order=tuple(order),
                            pairs=tuple((labels[a], labels[b]) for a, b in pair_index), crosswalk=crosswalk,
                            quantum=fp.quantum, ranking=ranking, provenance=provenance, bids=bids)

