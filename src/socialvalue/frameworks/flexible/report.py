"""The reports of the ``flexible-framework`` plugin: one assessment, and a benchmarking table.

Both show levels per theme only: the framework scores each theme separately, so no report
adds them up. What a level rests on is shown beside it (unassessed criteria, criteria whose
wording is not confirmed in a stored source).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from socialvalue.results import charts
from socialvalue.results import format as fmt
from socialvalue.results.provenance import provenance_section
from socialvalue.results.report import Bullets, Chart, Figure, Paragraph, Report, Section, Table

if TYPE_CHECKING:  # pragma: no cover
    from socialvalue.frameworks.flexible.criteria import Rules
    from socialvalue.frameworks.flexible.result import AssessmentResult, ComparisonResult

__all__ = ["assessment_report", "benchmark_report", "levels_chart", "rules_sentence"]

_CONFIDENCE = ("Confidence: C confirmed in a stored source, P partly confirmed, U unverified. Criteria are "
               "paraphrased, not the framework's own text.")


def _signed(n: int) -> str:
    return f"+{n}" if n > 0 else str(n)


def rules_sentence(rules: Rules) -> str:
    rule = ("cumulative: a theme reaches a level only when every criterion of that level and of all "
            "lower levels is met" if rules.cumulative else
            "non-cumulative: a theme is at the highest level whose own criteria are all met "
            "(Level 1 still required)")
    partly = "'partly' counts as met" if rules.partly_counts_as_met else "'partly' counts as not met"
    return f"Rules: {rule}; {partly}; unassessed criteria count as not met."


def facts(result: AssessmentResult) -> list[str]:
    """What the levels rest on, in words."""
    u = result.unverified
    at = ", ".join(f"Level {n}: {c}" for n, c in result.themes_at_level.items() if c)
    unassessed = result.unassessed
    return [
        f"Lowest theme level: {result.minimum_level}. Themes at each level: {at}.",
        "No overall score: the Flexible Framework scores each theme separately.",
        f"Unassessed: {len(unassessed)} of {len(result.statuses)} criteria have no status "
        f"({sum(1 for s in unassessed if not s.listed)} not listed in the file); they count as not met.",
        f"Unverified wording: {u['supporting_levels_unverified']} of the {u['supporting_levels']} criteria "
        f"behind these levels ({fmt.percent(u['share_of_levels'])}) are marked P or U (not confirmed in a stored "
        f"source); {u['criteria_unverified']} of all {u['criteria_total']} criteria are.",
    ]


def _level(x: float) -> str:
    return f"Level {x:g}"


def levels_chart(themes: list[str], series: list[tuple[str, list[float | None]]]) -> Chart | None:
    """Level (0-5) per theme on a fixed scale, one bar per organisation: where each theme stands, never a sum."""
    alt = "Level per theme (0 to 5): " + "; ".join(
        f"{theme}: " + ", ".join(f"{name + ' ' if len(series) > 1 else ''}{_level(v[i] or 0)}" for name, v in series)
        for i, theme in enumerate(themes)) + "."
    svg = charts.bar_chart("Level per theme", themes, series, fmt_=_level, axis_fmt=lambda x: f"{x:g}",
                           domain=(0.0, 5.0), alt=alt)
    return None if svg is None else Chart("Level per theme (0-5)", svg, alt)


def assessment_report(result: AssessmentResult) -> Report:
    """The report tree of one assessment."""
    profile = []
    for t in result.themes:
        nxt = f"L{t.next_level} {t.next_level_name}: {len(t.missing)} to do" if t.next_level else "top level"
        profile.append([t.name, str(t.level), t.level_name, nxt, f"{t.unassessed}/{t.criteria}"])
    chart = levels_chart([t.name for t in result.themes], [("level", [float(t.level) for t in result.themes])])
    sections = [Section("Levels by theme", [Table(["Theme", "Level", "Level name", "Next level", "Unassessed"],
                                                  profile, numeric=[False, True, False, False, True]),
                                            *([chart] if chart is not None else [])], compact=True),
                Section("What the levels rest on", [Bullets(facts(result), kind="note")], compact=True)]
    if result.change is not None and result.previous is not None:
        sections.append(Section(f"Change since {result.previous.date.isoformat()}", [Table(
            ["Theme", "Before", "After", "Change"],
            [[c.name, str(c.before), str(c.after), _signed(c.change)] for c in result.change],
            numeric=[False, True, True, True])], compact=True))
    gaps = [Table(["Criterion", "Confidence", "Status", "Text"],
                  [[s.criterion.id, s.criterion.confidence, s.status, s.criterion.text] for s in t.missing],
                  caption=f"{t.name} -> Level {t.next_level} {t.next_level_name}")
            for t in result.themes if t.missing]
    if gaps:
        sections.append(Section("Needed for the next level", gaps))
    sections.append(Section("All criteria", [
        Table(["Criterion", "Level", "Confidence", "Status", "Evidence"],
              [[s.criterion.id, str(s.criterion.level), s.criterion.confidence,
                s.status if s.listed else "unknown (not listed)", s.evidence or ""] for s in result.statuses],
              numeric=[False, True, False, False, False]),
        Paragraph(_CONFIDENCE, kind="small")]))
    if result.notes:
        sections.append(Section("Notes", [Paragraph(result.notes)]))
    figures = [Figure(t.name, f"Level {t.level} ({t.level_name})") for t in result.themes]
    return Report(title=f"Flexible Framework self-assessment: {result.organisation}",
                  subtitle=f"Assessment dated {result.date.isoformat()}. {rules_sentence(result.rules)}",
                  figures=figures, sections=sections, provenance=provenance_section(result.provenance))


def benchmark_report(result: ComparisonResult) -> Report:
    """The report tree of several assessments side by side."""
    themes = result.catalogue.themes
    rows = [[r.organisation, r.date.isoformat(), *[str(r.levels[t.id]) for t in themes], str(r.minimum_level),
             str(len(r.unassessed))] for r in result.results]
    rule = "cumulative" if result.rules.cumulative else "non-cumulative"
    partly = "counted as met" if result.rules.partly_counts_as_met else "counted as not met"
    note = (f"Levels per theme (0-5), {rule} rule, 'partly' {partly}. Self-assessed and not independently checked; "
            "no overall score is given. 'Unassessed' criteria count as not met.")
    table = Table(["Organisation", "Date", *(t.name for t in themes), "Lowest", "Unassessed"], rows,
                  numeric=[False, False, *[True] * len(themes), True, True])
    chart = levels_chart([t.name for t in themes], [(f"{r.organisation} ({r.date.isoformat()})",
                                                     [float(r.levels[t.id]) for t in themes]) for r in result.results])
    charted = [chart] if chart is not None else []
    return Report(title="Flexible Framework benchmarking", subtitle=f"{len(result.results)} assessment(s)",
                  sections=[Section("Levels by organisation", [table, Paragraph(note, kind="small"), *charted],
                                    compact=True)],
                  provenance=provenance_section(result.provenance))
