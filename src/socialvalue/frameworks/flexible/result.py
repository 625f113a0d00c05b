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
from socialvalue.report import esc, html_table, markdown_table
from socialvalue.textable import table
from socialvalue.textsafe import markdown, plain

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


def _signed(n: int) -> str:
    return f"+{n}" if n > 0 else ("0" if n == 0 else str(n))


def _share(part: int, whole: int) -> float | None:
    return None if whole == 0 else part / whole


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


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

    def summary(self) -> dict[str, Any]:
        return {"organisation": self.organisation, "date": self.date.isoformat(), "levels": self.levels,
                "minimum_level": self.minimum_level,
                "themes_at_level": {str(k): n for k, n in self.themes_at_level.items()},
                "unassessed": len(self.unassessed), "unverified_share": self.unverified["share_of_levels"]}

    def to_frame(self, kind: str = "themes") -> Any:
        """A tidy pandas DataFrame (kinds: themes, criteria); see docs/reference/dataframes.md."""
        from socialvalue.frames import to_frame

        return to_frame(self, kind)

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

    # -- text ---------------------------------------------------------------------------------

    def _rules_sentence(self) -> str:
        rule = ("cumulative: a theme reaches a level only when every criterion of that level and of all "
                "lower levels is met" if self.rules.cumulative else
                "non-cumulative: a theme is at the highest level whose own criteria are all met "
                "(Level 1 still required)")
        partly = "'partly' counts as met" if self.rules.partly_counts_as_met else "'partly' counts as not met"
        return f"Rules: {rule}; {partly}; unassessed criteria count as not met."

    def _profile_rows(self) -> list[list[Any]]:
        rows = []
        for t in self.themes:
            nxt = f"L{t.next_level} {t.next_level_name}: {len(t.missing)} to do" if t.next_level else "top level"
            rows.append([t.name, t.level, t.level_name, nxt, f"{t.unassessed}/{t.criteria}"])
        return rows

    _PROFILE_HEAD: ClassVar[list[str]] = ["Theme", "Level", "Level name", "Next level", "Unassessed"]

    def _facts(self) -> list[str]:
        u = self.unverified
        at = ", ".join(f"Level {n}: {c}" for n, c in self.themes_at_level.items() if c)
        unassessed = self.unassessed
        facts = [
            f"Lowest theme level: {self.minimum_level}. Themes at each level: {at}.",
            "No overall score: the Flexible Framework scores each theme separately.",
            f"Unassessed: {len(unassessed)} of {len(self.statuses)} criteria have no status "
            f"({sum(1 for s in unassessed if not s.listed)} not listed in the file); they count as not met.",
            f"Unverified wording: {u['supporting_levels_unverified']} of the {u['supporting_levels']} criteria "
            f"behind these levels ({_pct(u['share_of_levels'])}) are marked P or U (not confirmed in a stored "
            f"source); {u['criteria_unverified']} of all {u['criteria_total']} criteria are.",
        ]
        return facts

    def _change_rows(self) -> list[list[Any]]:
        return [[c.name, c.before, c.after, _signed(c.change)] for c in self.change or ()]

    def to_text(self) -> str:
        out = [f"Flexible Framework self-assessment: {plain(self.organisation)} ({self.date.isoformat()})",
               self._rules_sentence(), "",
               table(self._PROFILE_HEAD, self._profile_rows()), ""]
        out += self._facts()
        if self.change is not None and self.previous is not None:
            out += ["", f"Change since {self.previous.date.isoformat()}:",
                    table(["Theme", "Before", "After", "Change"], self._change_rows())]
        gaps = [t for t in self.themes if t.missing]
        if gaps:
            out += ["", "Needed for the next level:"]
            for t in gaps:
                out.append(f"  {t.name} -> Level {t.next_level} {t.next_level_name}")
                for s in t.missing:
                    out.append(f"    [{s.criterion.confidence}] {s.criterion.id} ({s.status}): {s.criterion.text}")
        out += ["", "Confidence: C confirmed in a stored source, P partly confirmed, U unverified. "
                "Criteria are paraphrased, not the framework's own text."]
        return "\n".join(out)

    def to_markdown(self) -> str:
        out = [f"# Flexible Framework self-assessment: {markdown(self.organisation)}", "",
               f"Assessment dated {self.date.isoformat()}. {self._rules_sentence()}", "",
               markdown_table(self._PROFILE_HEAD, self._profile_rows(),
                              numeric=[False, True, False, False, False]), ""]
        out += [f"- {f}" for f in self._facts()]
        if self.change is not None and self.previous is not None:
            out += ["", f"## Change since {self.previous.date.isoformat()}", "",
                    markdown_table(["Theme", "Before", "After", "Change"], self._change_rows(),
                                   numeric=[False, True, True, True])]
        gaps = [t for t in self.themes if t.missing]
        if gaps:
            out += ["", "## Needed for the next level", ""]
            for t in gaps:
                out += [f"### {t.name}: Level {t.next_level} {t.next_level_name}", "",
                        markdown_table(["Criterion", "Confidence", "Status", "Text"],
                                       [[s.criterion.id, s.criterion.confidence, s.status, s.criterion.text]
                                        for s in t.missing]), ""]
        return "\n".join(out).rstrip() + "\n"

    def page_title(self) -> str:
        return f"Flexible Framework self-assessment: {self.organisation}"

    def html_body(self, *, compact: bool = False) -> str:
        parts = [f"<h1>{esc(self.page_title())}</h1>",
                 f'<p class="sv-sub">Assessment dated {esc(self.date.isoformat())}. '
                 f"{esc(self._rules_sentence())}</p>",
                 html_table(self._PROFILE_HEAD, self._profile_rows(), numeric=[False, True, False, False, True])]
        parts += [f'<p class="sv-note">{esc(f)}</p>' if i == 3 else f"<p>{esc(f)}</p>"
                  for i, f in enumerate(self._facts())]
        if self.change is not None and self.previous is not None:
            parts += [f"<h2>Change since {esc(self.previous.date.isoformat())}</h2>",
                      html_table(["Theme", "Before", "After", "Change"], self._change_rows(),
                                 numeric=[False, True, True, True])]
        if compact:
            return "".join(parts)
        gaps = [t for t in self.themes if t.missing]
        if gaps:
            parts.append("<h2>Needed for the next level</h2>")
            for t in gaps:
                parts.append(f"<h3>{esc(t.name)}: Level {esc(t.next_level)} {esc(t.next_level_name)}</h3>")
                parts.append(html_table(["Criterion", "Confidence", "Status", "Text"],
                                        [[s.criterion.id, s.criterion.confidence, s.status, s.criterion.text]
                                         for s in t.missing]))
        parts.append("<h2>All criteria</h2>")
        parts.append(html_table(["Criterion", "Level", "Confidence", "Status", "Evidence"],
                                [[s.criterion.id, s.criterion.level, s.criterion.confidence,
                                  s.status if s.listed else "unknown (not listed)", s.evidence or ""]
                                 for s in self.statuses], numeric=[False, True, False, False, False]))
        return "".join(parts)


@record(eq=False)
class ComparisonResult(BaseResult):
    """Several assessments side by side (a benchmarking table): organisation x theme level."""

    results: tuple[AssessmentResult, ...]
    rules: Rules
    catalogue: Catalogue = attrs.field(repr=False)
    provenance: Provenance
    framework: str = "flexible-framework"
    title: ClassVar[str] = "Flexible Framework benchmarking"

    def _headers(self, *, short: bool = False) -> list[str]:
        names = [t.id.capitalize() if short else t.name for t in self.catalogue.themes]
        return ["Organisation", "Date", *names, "Lowest", "Unassessed"]

    def _rows(self) -> list[list[Any]]:
        return [[r.organisation, r.date.isoformat(), *[r.levels[t.id] for t in self.catalogue.themes],
                 r.minimum_level, len(r.unassessed)] for r in self.results]

    def _numeric(self) -> list[bool]:
        return [False, False, *[True] * len(self.catalogue.themes), True, True]

    def summary(self) -> dict[str, Any]:
        return {"rows": [{"organisation": r.organisation, "date": r.date.isoformat(), "levels": r.levels}
                         for r in self.results]}

    def to_frame(self, kind: str = "levels") -> Any:
        """A tidy pandas DataFrame (kinds: levels, organisations); see docs/reference/dataframes.md."""
        from socialvalue.frames import to_frame

        return to_frame(self, kind)

    def to_dict(self) -> dict[str, Any]:
        return {
            "framework": self.framework, "kind": "comparison", "rules": self.rules.to_dict(),
            "themes": [{"id": t.id, "name": t.name} for t in self.catalogue.themes],
            "rows": [{"organisation": r.organisation, "date": r.date.isoformat(), "source": r.provenance.source,
                      "levels": r.levels, "minimum_level": r.minimum_level, "unassessed": len(r.unassessed),
                      "unverified_share": r.unverified["share_of_levels"]} for r in self.results],
            "provenance": self.provenance.to_dict(),
        }

    def _note(self) -> str:
        rule = "cumulative" if self.rules.cumulative else "non-cumulative"
        partly = "counted as met" if self.rules.partly_counts_as_met else "counted as not met"
        return (f"Levels per theme (0-5), {rule} rule, 'partly' {partly}. Self-assessed and not "
                "independently checked; no overall score is given. 'Unassessed' criteria count as not met.")

    def to_text(self) -> str:
        legend = "Themes: " + "; ".join(f"{t.id.capitalize()} = {t.name}" for t in self.catalogue.themes) + "."
        return "\n".join([f"Flexible Framework benchmarking ({len(self.results)} assessments)", "",
                          table(self._headers(short=True), self._rows()), "", self._note(), legend])

    def to_markdown(self) -> str:
        return "\n".join(["# Flexible Framework benchmarking", "",
                          markdown_table(self._headers(), self._rows(), numeric=self._numeric()), "",
                          self._note()]) + "\n"

    def html_body(self, *, compact: bool = False) -> str:
        return (f"<h1>{esc(self.title)}</h1>" + html_table(self._headers(), self._rows(), numeric=self._numeric())
                + f'<p class="sv-small">{esc(self._note())}</p>')
