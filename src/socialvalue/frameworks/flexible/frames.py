"""The DataFrames of Flexible Framework results, declared with
:func:`socialvalue.results.frames.register_frames`.

Kinds, default first: ``AssessmentResult``: ``themes``, ``criteria``; benchmarking
``ComparisonResult``: ``levels`` (organisation × theme), ``organisations``. Registered when the
``flexible`` package is imported.
"""

from __future__ import annotations

from typing import Any

from socialvalue.frameworks.flexible.result import AssessmentResult, ComparisonResult
from socialvalue.results.frames import BOOL, DATE, FLOAT, INT, NINT, TEXT, FrameSpec, columns, register_frames

__all__ = ["assessment_criteria", "assessment_themes", "benchmark_levels", "benchmark_organisations"]


def assessment_themes(result: Any) -> list[dict[str, Any]]:
    """Assessment ``themes``: one row per theme with the level reached (0-5).

    Columns: ``theme``, ``theme_name``, ``level``, ``level_name``, ``next_level``,
    ``next_level_name``, ``missing_for_next_level``, ``criteria``, ``unassessed``,
    ``supporting_criteria``, ``supporting_unverified``, ``previous_level``, ``change``. The last
    two are missing without a previous assessment.
    """
    change = {c.id: c for c in result.change or ()}
    rows = []
    for t in result.themes:
        c = change.get(t.id)
        rows.append({"theme": t.id, "theme_name": t.name, "level": t.level, "level_name": t.level_name,
                     "next_level": t.next_level, "next_level_name": t.next_level_name,
                     "missing_for_next_level": len(t.missing), "criteria": t.criteria, "unassessed": t.unassessed,
                     "supporting_criteria": t.supporting, "supporting_unverified": t.supporting_unverified,
                     "previous_level": None if c is None else c.before, "change": None if c is None else c.change})
    return rows


def assessment_criteria(result: Any) -> list[dict[str, Any]]:
    """Assessment ``criteria``: one row per criterion of the framework.

    Columns: ``criterion``, ``theme``, ``level``, ``status``, ``listed``, ``counts_as_met``,
    ``confidence``, ``evidence``, ``text``.
    """
    return [{"criterion": s.criterion.id, "theme": s.criterion.theme, "level": s.criterion.level,
             "status": s.status, "listed": bool(s.listed), "counts_as_met": bool(result.rules.counts(s.status)),
             "confidence": s.criterion.confidence, "evidence": s.evidence, "text": s.criterion.text}
            for s in result.statuses]


def benchmark_levels(result: Any) -> list[dict[str, Any]]:
    """Benchmarking ``levels``: one row per organisation and theme.

    Columns: ``organisation``, ``date``, ``source``, ``theme``, ``theme_name``, ``level``.
    """
    return [{"organisation": r.organisation, "date": r.date, "source": r.provenance.source, "theme": t.id,
             "theme_name": t.name, "level": r.levels[t.id]} for r in result.results for t in result.catalogue.themes]


def benchmark_organisations(result: Any) -> list[dict[str, Any]]:
    """Benchmarking ``organisations``: one row per assessment.

    Columns: ``organisation``, ``date``, ``source``, ``minimum_level``, ``unassessed``,
    ``unverified_share``.
    """
    return [{"organisation": r.organisation, "date": r.date, "source": r.provenance.source,
             "minimum_level": r.minimum_level, "unassessed": len(r.unassessed),
             "unverified_share": r.unverified["share_of_levels"]} for r in result.results]


register_frames(
    AssessmentResult,
    FrameSpec("themes", "one per theme", columns(
        ("theme", TEXT, "theme id"),
        ("theme_name", TEXT, "theme name"),
        ("level", INT, "level reached, 0-5"),
        ("level_name", TEXT, "name of that level"),
        ("next_level", NINT, "next level (missing at the top)"),
        ("next_level_name", TEXT, "its name"),
        ("missing_for_next_level", INT, "criteria still to meet for the next level"),
        ("criteria", INT, "criteria in the theme"),
        ("unassessed", INT, "criteria with no status (count as not met)"),
        ("supporting_criteria", INT, "criteria behind the level reached"),
        ("supporting_unverified", INT, "of those, criteria marked P or U"),
        ("previous_level", NINT, "level in the previous assessment (missing without one)"),
        ("change", NINT, "level - previous_level"),
    ), assessment_themes),
    FrameSpec("criteria", "one per criterion", columns(
        ("criterion", TEXT, "criterion id, e.g. `people.1.a`"),
        ("theme", TEXT, "theme id"),
        ("level", INT, "level the criterion belongs to, 1-5"),
        ("status", TEXT, "`met`, `partly`, `not-met` or `unknown`"),
        ("listed", BOOL, "false if the assessment did not list it"),
        ("counts_as_met", BOOL, "whether the status counts as met under the rules"),
        ("confidence", TEXT, "C, P or U: how far the wording is confirmed"),
        ("evidence", TEXT, "evidence given"),
        ("text", TEXT, "the criterion, paraphrased"),
    ), assessment_criteria),
)

register_frames(
    ComparisonResult,
    FrameSpec("levels", "one per organisation and theme", columns(
        ("organisation", TEXT, "organisation assessed"),
        ("date", DATE, "date of the assessment"),
        ("source", TEXT, "file it came from"),
        ("theme", TEXT, "theme id"),
        ("theme_name", TEXT, "theme name"),
        ("level", INT, "level reached, 0-5"),
    ), benchmark_levels),
    FrameSpec("organisations", "one per assessment", columns(
        ("organisation", TEXT, "organisation assessed"),
        ("date", DATE, "date of the assessment"),
        ("source", TEXT, "file it came from"),
        ("minimum_level", INT, "lowest theme level"),
        ("unassessed", INT, "criteria with no status"),
        ("unverified_share", FLOAT, "share of the supporting criteria marked P or U"),
    ), benchmark_organisations),
)
