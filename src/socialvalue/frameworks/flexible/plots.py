"""Charts of Flexible Framework results, declared with :func:`socialvalue.results.plotting.register_plots`.

Kind ``levels`` for both results: the level (0-5) per theme of one assessment (with the
previous one, if any), or of every organisation in a benchmark. There is no overall score: the
framework scores each theme separately. Registered when the ``flexible`` package is imported;
matplotlib is imported only when a chart is drawn.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from socialvalue.errors import ValidationError
from socialvalue.frameworks.flexible.result import AssessmentResult, ComparisonResult
from socialvalue.results.plotting import (
    GREEN,
    GREY,
    PALETTE,
    PlotSpec,
    add_title,
    check_type,
    figure_axes,
    figure_height,
    finish,
    group_height,
    register_plots,
    wrap_label,
)

__all__ = ["assessment_levels", "benchmark_levels", "levels"]


def levels(result: Any, *, ax: Any = None) -> Any:
    """Flexible Framework level (0-5) per theme: one assessment, or a benchmark of several.

    For one assessment with a previous one, the previous level is a thin grey bar. There is no overall
    score: the framework scores each theme separately.
    """
    if isinstance(result, ComparisonResult):
        return benchmark_levels(result, ax=ax)
    if not isinstance(result, AssessmentResult):
        raise ValidationError(f"levels() takes a Flexible Framework assessment or benchmark; got "
                              f"{type(result).__name__}", field="result")
    return assessment_levels(result, ax=ax)


def assessment_levels(result: Any, *, ax: Any = None) -> Any:
    """The level (0-5) reached in each theme of one assessment, and the previous level if there is one."""
    check_type(result, AssessmentResult, "assessment_levels", "a Flexible Framework assessment")
    themes = list(result.themes)
    fig, ax = figure_axes(ax, 9.0, figure_height(len(themes), 0.5, 2.0))
    y = list(range(len(themes)))
    has_previous = result.change is not None and result.previous is not None
    before = {c.id: c.before for c in result.change or ()} if has_previous else {}
    shift = 0.12 if has_previous else 0.0
    ax.barh([i - shift for i in y], [t.level for t in themes], color=GREEN, height=0.5 if has_previous else 0.6,
            label=f"level reached ({result.date.isoformat()})" if has_previous else None)
    if has_previous:
        ax.barh([i + 0.26 for i in y], [before.get(t.id, 0) for t in themes], color=GREY, height=0.16,
                label=f"previous assessment ({result.previous.date.isoformat()})")
    for i, t in enumerate(themes):
        text = f"{t.level} {t.level_name}"
        if t.id in before and before[t.id] != t.level:
            text += f" (was {before[t.id]})"
        ax.annotate(text, (t.level, i - shift), xytext=(4, 0), textcoords="offset points", va="center", fontsize=8)
    _level_axis(ax, result.catalogue.levels)
    ax.set_yticks(y, [wrap_label(t.name) for t in themes], fontsize=9)
    ax.invert_yaxis()
    add_title(ax, f"{result.organisation}: Flexible Framework levels by theme",
              f"Self-assessment dated {result.date.isoformat()}; no overall score (each theme is scored separately)")
    return finish(fig, ax)


def _level_axis(ax: Any, names: Mapping[int, str]) -> None:
    """The 0-5 level axis shared by both charts, each level named under its number."""
    ax.set_xlim(0, 5.9)
    ax.set_xticks(range(6), ["0"] + [f"{n}\n{names.get(n, '')}" for n in range(1, 6)], fontsize=8)
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    ax.set_xlabel("level")


def benchmark_levels(result: Any, *, ax: Any = None) -> Any:
    """The level (0-5) of each organisation in each theme: grouped bars, one per assessment."""
    check_type(result, ComparisonResult, "benchmark_levels", "a Flexible Framework benchmark")
    themes = list(result.catalogue.themes)
    orgs = list(result.results)
    fig, ax = figure_axes(ax, 9.0, group_height(len(themes), len(orgs)))
    height = 0.8 / max(len(orgs), 1)
    for j, r in enumerate(orgs):
        ys = [i - 0.4 + height * (j + 0.5) for i in range(len(themes))]
        xs = [r.levels[t.id] for t in themes]
        ax.barh(ys, xs, height=height * 0.95, color=PALETTE[j % len(PALETTE)],
                label=wrap_label(f"{r.organisation} ({r.date.isoformat()})", 45))
        for x, y in zip(xs, ys, strict=True):
            ax.annotate(str(x), (x, y), xytext=(3, 0), textcoords="offset points", va="center", fontsize=7)
    _level_axis(ax, result.catalogue.levels)
    ax.set_yticks(range(len(themes)), [wrap_label(t.name) for t in themes], fontsize=9)
    ax.invert_yaxis()
    add_title(ax, "Flexible Framework benchmarking: levels by theme",
              "Self-assessed, not independently checked; no overall score")
    return finish(fig, ax)


register_plots(AssessmentResult, PlotSpec("levels", "level 0-5 per theme, with the previous assessment if any",
                                          assessment_levels))
register_plots(ComparisonResult, PlotSpec("levels", "level 0-5 per theme of every organisation", benchmark_levels))
