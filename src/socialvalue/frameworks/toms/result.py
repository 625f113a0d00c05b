"""The result of scoring a TOMs-style tender, and how it is shown (text, Markdown, HTML, JSON)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from socialvalue.frameworks.base import BaseResult, Provenance, record
from socialvalue.report import esc, html_table, markdown_table
from socialvalue.textable import format_money, table
from socialvalue.textsafe import markdown, plain

__all__ = ["BidResult", "TenderResult"]


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}%"


def _pts(value: float) -> str:
    return f"{value:.2f}"


@record
class BidResult:
    """One bid's values, scores and rank. Money is in the contract's price year, GBP."""

    supplier: str
    rank: int
    tied: bool
    score: float
    quantitative_score: float
    qualitative_score: float
    qualitative_mark: float
    social_value: float
    sv_percent: float
    social_value_offered: float
    social_value_adjusted: float
    sv_percent_offered: float
    present_value_offered: float | None
    present_value_adjusted: float | None
    by_measure: tuple[Mapping[str, Any], ...]
    by_theme: tuple[Mapping[str, Any], ...]
    commitments: tuple[Mapping[str, Any], ...]
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "supplier": self.supplier, "rank": self.rank, "tied": self.tied, "score": self.score,
            "quantitative_score": self.quantitative_score, "qualitative_score": self.qualitative_score,
            "qualitative_mark": self.qualitative_mark, "social_value": self.social_value,
            "sv_percent": self.sv_percent, "social_value_offered": self.social_value_offered,
            "social_value_adjusted": self.social_value_adjusted, "sv_percent_offered": self.sv_percent_offered,
            "present_value_offered": self.present_value_offered,
            "present_value_adjusted": self.present_value_adjusted,
            "by_measure": [dict(m) for m in self.by_measure], "by_theme": [dict(t) for t in self.by_theme],
            "commitments": [dict(c) for c in self.commitments], "note": self.note,
        }


@record(eq=False)
class TenderResult(BaseResult):
    """Scores and social value of every bid in a tender, ranked, with provenance."""

    name: str
    description: str | None
    contract: Mapping[str, Any]
    scoring: Mapping[str, Any]
    discounting: Mapping[str, Any] | None
    bids: tuple[BidResult, ...]
    measures: tuple[Mapping[str, Any], ...]
    notes: tuple[str, ...]
    provenance: Provenance
    framework: str = "toms"

    title: ClassVar[str] = "Tender social value scores"

    def page_title(self) -> str:
        return f"{self.name}: social value scores"

    def bid(self, supplier: str) -> BidResult:
        """The result of one bid, by supplier name."""
        for b in self.bids:
            if b.supplier == supplier:
                return b
        raise KeyError(supplier)

    @property
    def scored_label(self) -> str:
        basis = "adjusted for deliverability" if self.scoring["basis"] == "adjusted" else "as offered"
        return f"social value {basis}" + (", present value" if self.discounting else "")

    def summary(self) -> dict[str, Any]:
        return {"name": self.name, "contract_value": self.contract["value"], "method": self.scoring["method"],
                "winner": [b.supplier for b in self.bids if b.rank == 1],
                "bids": [{"supplier": b.supplier, "rank": b.rank, "tied": b.tied, "score": b.score,
                          "social_value": b.social_value, "sv_percent": b.sv_percent} for b in self.bids]}

    def to_frame(self, kind: str = "measures") -> Any:
        """A tidy pandas DataFrame (kinds: measures, bids, themes); see docs/reference/dataframes.md."""
        from socialvalue.frames import to_frame

        return to_frame(self, kind)

    def to_dict(self) -> dict[str, Any]:
        return {"framework": "toms", "kind": "tender", "name": self.name, "description": self.description,
                "contract": dict(self.contract), "scoring": dict(self.scoring),
                "discounting": None if self.discounting is None else dict(self.discounting),
                "scored_value": self.scored_label,
                "bids": [b.to_dict() for b in self.bids], "measures": [dict(m) for m in self.measures],
                "notes": list(self.notes), "provenance": self.provenance.to_dict()}

    # -- tables ---------------------------------------------------------------------------

    def _ranking(self) -> tuple[list[str], list[list[Any]], list[bool]]:
        pv = self.discounting is not None
        headers = ["rank", "supplier", "SV offered", "SV adjusted"] + (["PV scored"] if pv else []) + [
            "SV %", "quantitative", "qualitative", "score"]
        rows = []
        for b in self.bids:
            rows.append([f"{b.rank}{'=' if b.tied else ''}", b.supplier, format_money(b.social_value_offered),
                         format_money(b.social_value_adjusted)] + ([format_money(b.social_value)] if pv else []) + [
                _pct(b.sv_percent), _pts(b.quantitative_score), _pts(b.qualitative_score), _pts(b.score)])
        numeric = [False, False] + [True] * (len(headers) - 2)
        return headers, rows, numeric

    @staticmethod
    def _measure_rows(b: BidResult) -> tuple[list[str], list[list[Any]], list[bool]]:
        headers = ["measure", "theme", "quantity", "value offered", "value adjusted"]
        rows = [[m["measure"], m["theme_name"], m["quantity_text"],
                 format_money(m["value_offered"]) if m["monetised"] else "not monetised",
                 format_money(m["value_adjusted"]) if m["monetised"] else "-"] for m in b.by_measure]
        return headers, rows, [False, False, False, True, True]

    def _proxy_rows(self) -> tuple[list[str], list[list[Any]], list[bool]]:
        headers = ["measure", "proxy", "value used", "unit", "source", "mark"]
        rows = []
        for m in self.measures:
            p = m["proxy"]
            if p is None:
                rows.append([m["code"], "-", "not monetised", m["unit"], "-", "-"])
                continue
            value = f"{p['value']:,.2f}" + (f" ({self.contract['price_year']} prices)" if p.get("indexation") else "")
            if p.get("series"):
                value += ", by calendar year"
            rows.append([m["code"], p["id"], value, p["unit"], p["citation"], p["confidence"]])
        return headers, rows, [False, False, True, False, False, False]

    def _header_lines(self) -> list[str]:
        c, s = self.contract, self.scoring
        lines = [f"contract: {format_money(c['value'])} over {c['years']} year(s), {c['price_year']} prices"
                 + (f", {c['region']}" if c.get("region") else ""),
                 (f"scoring: {s['method']} ({s['method_description']}); weight {s['weight']:g}, quantitative share "
                  f"{s['quantitative_share']:g} = {s['quantitative_points']:g} quantitative + "
                  f"{s['qualitative_points']:g} qualitative points"),
                 f"scored on: {self.scored_label}; ties broken by {', '.join(s['tie_break'])}"]
        if s.get("target_percent") is not None:
            lines.append(f"target: {s['target_percent']:g}% of contract value")
        if self.discounting:
            d = self.discounting
            lines.append(f"discounting: {d.get('schedule')} {d.get('rate', '')} ({d['discount_start']})".replace(
                "  ", " "))
        return lines

    def to_text(self) -> str:
        name = plain(self.name)
        out = [name, "=" * len(name), *(plain(line) for line in self._header_lines()), ""]
        headers, rows, _ = self._ranking()
        out += [table(headers, rows, max_width=40), ""]
        for b in self.bids:
            out.append(f"{plain(b.supplier)} (rank {b.rank}{', tied' if b.tied else ''})")
            if b.by_measure:
                headers, rows, _ = self._measure_rows(b)
                out.append(table(headers, rows, max_width=50))
            else:
                out.append("  no commitments: social value 0")
            out.append("")
        headers, rows, _ = self._proxy_rows()
        out += ["Measures and proxies", table(headers, rows, max_width=60), ""]
        out += [f"- {plain(n)}" for n in self.notes]
        out.append(f"\ninput {self.provenance.input_sha256[:23]}…; socialvalue {self.provenance.library_version}")
        return "\n".join(out)

    def to_markdown(self) -> str:
        out = [f"# {markdown(self.name)}", ""] + [f"- {markdown(line)}" for line in self._header_lines()] + [""]
        headers, rows, numeric = self._ranking()
        out += ["## Ranking", "", markdown_table(headers, rows, numeric=numeric), ""]
        for b in self.bids:
            out += [f"## {markdown(b.supplier)}", ""]
            if b.by_measure:
                headers, rows, numeric = self._measure_rows(b)
                out += [markdown_table(headers, rows, numeric=numeric), ""]
            else:
                out += ["No commitments: social value 0.", ""]
        headers, rows, numeric = self._proxy_rows()
        out += ["## Measures and proxies", "", markdown_table(headers, rows, numeric=numeric), ""]
        if self.notes:
            out += ["## Notes", ""] + [f"- {markdown(n)}" for n in self.notes] + [""]
        out += _provenance_markdown(self.provenance)
        return "\n".join(out)

    def html_body(self, *, compact: bool = False) -> str:
        parts = [f"<h1>{esc(self.name)}</h1>"]
        parts += [f"<p class=\"sv-sub\">{esc(line)}</p>" for line in self._header_lines()]
        if self.bids:
            winners = [b for b in self.bids if b.rank == 1]
            cards = "".join(f"<div class=\"sv-card\">{esc(b.supplier)}<b>{esc(_pts(b.score))} points</b>"
                            f"{esc(format_money(b.social_value))} ({esc(_pct(b.sv_percent))})</div>" for b in winners)
            parts.append(f"<div class=\"sv-headline\">{cards}</div>")
        headers, rows, numeric = self._ranking()
        parts.append(html_table(headers, rows, numeric=numeric, caption="Ranking"))
        if not compact:
            for b in self.bids:
                parts.append(f"<h2>{esc(b.supplier)}</h2>")
                if b.by_measure:
                    headers, rows, numeric = self._measure_rows(b)
                    parts.append(html_table(headers, rows, numeric=numeric))
                else:
                    parts.append("<p>No commitments: social value 0.</p>")
            headers, rows, numeric = self._proxy_rows()
            parts.append(html_table(headers, rows, numeric=numeric, caption="Measures and proxies"))
            if self.notes:
                parts.append("<div class=\"sv-note\"><ul>" + "".join(f"<li>{esc(n)}</li>" for n in self.notes)
                             + "</ul></div>")
            parts.append(_provenance_html(self.provenance))
        return "\n".join(parts)


def _provenance_markdown(p: Provenance) -> list[str]:
    out = ["## Provenance", "", f"- socialvalue {p.library_version}, framework {p.framework} {p.framework_version}",
           f"- input `{p.input_sha256}`" + (f" ({markdown(p.source)})" if p.source else ""),
           f"- price year {p.price_year}"]
    out += [f"- {markdown(d.get('kind', 'dataset'))} {markdown(d.get('id', d.get('path')))} "
            f"{markdown(d.get('version', ''))} `{markdown(d.get('sha256', ''))}`" for d in p.datasets]
    return out + [""]


def _provenance_html(p: Provenance) -> str:
    items = [f"socialvalue {p.library_version}, framework {p.framework} {p.framework_version}",
             f"input {p.input_sha256}" + (f" ({p.source})" if p.source else ""), f"price year {p.price_year}"]
    items += [f"{d.get('kind', 'dataset')} {d.get('id', d.get('path'))} {d.get('version', '')} {d.get('sha256', '')}"
              for d in p.datasets]
    return "<h2>Provenance</h2><ul class=\"sv-small\">" + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>"


def provenance_blocks(p: Provenance) -> tuple[Sequence[str], str]:
    """Markdown lines and HTML for a provenance record (shared with monitoring reports)."""
    return _provenance_markdown(p), _provenance_html(p)
