"""Results of the ``lm3`` plugin: rounds, LM3, leakage and breakdowns, in four formats."""

from __future__ import annotations

from typing import Any, ClassVar

from socialvalue.frameworks.base import BaseResult, Provenance, record
from socialvalue.report import esc, html_table, markdown_table
from socialvalue.textable import format_money, table
from socialvalue.textsafe import markdown, plain

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


def _pct(x: float) -> str:
    return f"{x:.1%}"


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

    def to_frame(self, kind: str = "lines") -> Any:
        """A tidy pandas DataFrame (kinds: lines, kinds, rounds); see docs/reference/dataframes.md."""
        from socialvalue.frames import to_frame

        return to_frame(self, kind)

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

    # -- shared pieces ---------------------------------------------------------------------------

    def _rounds(self) -> list[list[Any]]:
        return [
            ["R1 total spend (round 1)", format_money(self.r1), ""],
            ["R2 spent inside the boundary (round 2)", format_money(self.r2), f"{_pct(self.local_share)} of R1"],
            ["R3 re-spent locally by local recipients (round 3)", format_money(self.r3),
             f"{_pct(self.r3 / self.r2)} of R2" if self.r2 else ""],
            ["LM3 = (R1 + R2 + R3) / R1", f"{self.lm3:.2f}", f"£{self.lm3:.2f} of local activity per £1 over 3 rounds"],
            ["Leakage: spent outside the boundary", _pct(self.leakage), format_money(self.r1 - self.r2)],
        ]

    def _kind_rows(self) -> list[list[Any]]:
        return [[k.kind, k.lines, format_money(k.amount), format_money(k.local), format_money(k.r3),
                 format_money(k.unsurveyed) if k.unsurveyed else "-"] for k in self.by_kind]

    _KIND_HEAD: ClassVar[list[str]] = ["Kind", "Lines", "R1 spend", "R2 local", "R3 re-spent", "Unsurveyed"]
    _LINE_HEAD: ClassVar[list[str]] = ["Recipient", "Kind", "Amount", "Local", "Re-spend share", "R3", "Status"]

    def _line_rows(self) -> list[list[Any]]:
        rows = []
        for ln in self.lines:
            share = "-" if not ln.local else ("unknown" if ln.share is None else _pct(ln.share))
            if ln.responses:
                share += f" (mean of {ln.responses})"
            rows.append([ln.recipient, ln.kind, format_money(ln.amount), "yes" if ln.local else "no", share,
                         format_money(ln.r3) if ln.local else "-", ln.status])
        return rows

    def _notes(self) -> list[str]:
        out = []
        if self.unsurveyed:
            out.append(f"Incomplete: {format_money(self.unsurveyed)} of local spend has no survey figure "
                       f"(local_respend: unknown) and is left out of R3, so LM3 {self.lm3:.2f} is a lower bound. "
                       f"If all of it were re-spent locally LM3 would be {self.lm3_if_unsurveyed_respent:.2f}.")
        out.append(f"Not LM3: the two-round value per £1, (R1 + R2) / R1 = 1 + local share = "
                   f"£{self.two_round_value_per_pound:.2f}. Figures such as NEF's Northumberland "
                   "'£1.76 per £1' are of this two-round kind; do not compare them with LM3.")
        out.append("LM3 depends on the boundary declared; compare scores only for the same boundary.")
        return out

    def _heading(self) -> str:
        period = f" ({self.period})" if self.period else ""
        return f"LM3: {self.name}{period}"

    # -- formats ---------------------------------------------------------------------------------

    def to_text(self) -> str:
        out = [plain(self._heading()), f"Local means: {plain(self.boundary)}", "",
               table(["Round", "Amount", ""], self._rounds(), max_width=70), "",
               "By kind of spend:", table(self._KIND_HEAD, self._kind_rows()), "",
               "By recipient:", table(self._LINE_HEAD, self._line_rows(), max_width=40), ""]
        out += [plain(n) for n in self._notes()]
        return "\n".join(out)

    def to_markdown(self) -> str:
        out = [f"# {markdown(self._heading())}", "", f"Local means: **{markdown(self.boundary)}**", "",
               markdown_table(["Round", "Amount", ""], self._rounds(), numeric=[False, True, False]), "",
               "## By kind of spend", "",
               markdown_table(self._KIND_HEAD, self._kind_rows(), numeric=[False, True, True, True, True, True]),
               "", "## By recipient", "",
               markdown_table(self._LINE_HEAD, self._line_rows(),
                              numeric=[False, False, True, False, True, True, False]), ""]
        out += [f"- {markdown(n)}" for n in self._notes()]
        return "\n".join(out) + "\n"

    def page_title(self) -> str:
        return self._heading()

    def html_body(self, *, compact: bool = False) -> str:
        parts = [f"<h1>{esc(self._heading())}</h1>", f'<p class="sv-sub">Local means: {esc(self.boundary)}</p>',
                 '<div class="sv-headline">',
                 f'<div class="sv-card">LM3<b>{esc(f"{self.lm3:.2f}")}</b></div>',
                 f'<div class="sv-card">R1 spend<b>{esc(format_money(self.r1))}</b></div>',
                 f'<div class="sv-card">Leakage<b>{esc(_pct(self.leakage))}</b></div>',
                 "</div>",
                 html_table(["Round", "Amount", ""], self._rounds(), numeric=[False, True, False])]
        parts += [f'<p class="sv-note">{esc(n)}</p>' for n in self._notes()[:2]]
        if compact:
            return "".join(parts)
        parts += ["<h2>By kind of spend</h2>",
                  html_table(self._KIND_HEAD, self._kind_rows(), numeric=[False, True, True, True, True, True]),
                  "<h2>By recipient</h2>",
                  html_table(self._LINE_HEAD, self._line_rows(),
                             numeric=[False, False, True, False, True, True, False]),
                  f'<p class="sv-small">{esc(self._notes()[-1])}</p>']
        return "".join(parts)
