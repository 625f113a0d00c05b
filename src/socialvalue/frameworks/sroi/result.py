"""The result of valuing an impact map, and its text, Markdown, HTML and JSON forms.

A ratio is never shown without the assumptions that produced it (price year, discount
schedule and convention, which assumptions are presets): SROI ratios are not comparable
between organisations on their own. Money is rounded only here, at the presentation
edge; ``to_dict`` keeps full precision.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from socialvalue.frameworks.base import BaseResult, Provenance, record
from socialvalue.report import esc, html_table, markdown_link, markdown_table
from socialvalue.textable import format_money, table
from socialvalue.textsafe import markdown, plain

__all__ = ["ForecastComparison", "SroiResult"]

_ADJ = ("deadweight", "displacement", "attribution", "leakage", "drop_off")
_ADJ_SHORT = {"deadweight": "DW", "displacement": "DS", "attribution": "AT", "leakage": "LK", "drop_off": "DO"}


_STAGE_LABELS = {
    "gross": "gross value (quantity × proxy × years)",
    "deadweight": "after deadweight",
    "displacement": "after displacement",
    "attribution": "after attribution",
    "leakage": "after leakage",
    "drop_off": "after drop-off",
    "discounting": "after discounting = present value",
}


def _stage(name: str) -> str:
    return _STAGE_LABELS.get(name, name)


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%" if abs(100 * x - round(100 * x)) < 1e-9 else f"{100 * x:.1f}%"


def _ratio(x: float | None) -> str:
    return "n/a (no investment)" if x is None else f"£{x:,.2f} : £1"


@record
class ForecastComparison:
    """An evaluation set against the forecast it follows, outcome by outcome."""

    forecast_source: str | None
    rows: tuple[Mapping[str, Any], ...]
    totals: Mapping[str, Any]

    @classmethod
    def build(cls, forecast: SroiResult, imap: Any, valuation: Any) -> ForecastComparison:
        f_pv = {o.outcome.id: float(pv) for o, pv in zip(forecast.imap.outcomes, forecast.valuation.pv_by_outcome, strict=True)}
        a_pv = {o.outcome.id: float(pv) for o, pv in zip(imap.outcomes, valuation.pv_by_outcome, strict=True)}
        ids = list(f_pv) + [i for i in a_pv if i not in f_pv]
        rows = []
        for oid in ids:
            fc, ac = f_pv.get(oid), a_pv.get(oid)
            rows.append({
                "id": oid, "forecast": fc, "actual": ac,
                "difference": None if fc is None or ac is None else ac - fc,
                "status": "both" if fc is not None and ac is not None else (
                    "forecast only" if ac is None else "evaluation only"),
            })
        totals = {
            "forecast": forecast.valuation.present_value, "actual": valuation.present_value,
            "difference": valuation.present_value - forecast.valuation.present_value,
            "forecast_ratio": forecast.valuation.sroi_ratio, "actual_ratio": valuation.sroi_ratio,
        }
        return cls(forecast_source=forecast.imap.source, rows=tuple(rows), totals=totals)

    def to_dict(self) -> dict[str, Any]:
        return {"forecast_source": self.forecast_source, "outcomes": [dict(r) for r in self.rows],
                "totals": dict(self.totals)}


@record(eq=False)
class SroiResult(BaseResult):
    """Present value, ratio and everything behind them for one impact map."""

    imap: Any
    valuation: Any
    provenance: Provenance
    sensitivity: Any = None
    break_even: Any = None
    monte_carlo: Any = None
    comparison: ForecastComparison | None = None
    break_even_target: float = 1.0
    monte_carlo_seed: Any = None
    warnings: tuple[str, ...] = ()
    framework: str = "sroi"

    title = "Social return on investment"

    # -------------------------------------------------------------- figures
    @property
    def present_value(self) -> float:
        return self.valuation.present_value

    @property
    def sroi_ratio(self) -> float | None:
        return self.valuation.sroi_ratio

    def __repr__(self) -> str:
        return (f"<SroiResult {self.imap.name!r}: PV {format_money(self.present_value)}, "
                f"ratio {_ratio(self.sroi_ratio)}, {self.imap.price_year} prices>")

    def page_title(self) -> str:
        return f"SROI: {self.imap.name}"

    def summary(self) -> dict[str, Any]:
        val = self.valuation
        return {
            "name": self.imap.name, "mode": self.imap.mode, "price_year": self.imap.price_year,
            "present_value": val.present_value, "benefits": val.benefits, "disbenefits": val.disbenefits,
            "investment": val.investment, "net_present_value": val.npv, "sroi_ratio": val.sroi_ratio,
            "net_sroi": val.net_sroi, "payback_months": val.payback_months,
        }

    def to_frame(self, kind: str = "outcomes") -> Any:
        """A tidy pandas DataFrame (kinds: outcomes, impact_map, reductions, sensitivity, break_even,
        monte_carlo, forecast_comparison); see docs/reference/dataframes.md."""
        from socialvalue.frames import to_frame

        return to_frame(self, kind)

    def outcome_rows(self) -> list[dict[str, Any]]:
        """One record per outcome with its assumptions, sources and values."""
        val = self.valuation
        streams = val.streams()
        gross = val.streams(discounted=False)
        rows = []
        for i, mo in enumerate(self.imap.outcomes):
            o, p = mo.outcome, mo.proxy
            last = o.start_year + o.duration - 1
            rows.append({
                "id": o.id,
                "description": o.description,
                "beneficiaries": None if o.beneficiaries is None else o.beneficiaries.to_dict(),
                "theme": o.theme, "domain": o.domain, "negative": o.negative,
                "quantity": o.quantity, "quantity_unit": o.quantity_unit,
                "quantity_in_proxy_units": mo.engine_quantity,
                "proxy": {"id": p.id, "name": p.name, "value": p.headline_value,
                          "series": None if not p.is_series else {str(y): a for y, a in p.value.items()},
                          "unit": p.unit, "price_year": p.price_year, "dataset": p.dataset,
                          "source": p.source.cite(), "url": p.source.url, "licence": p.licence,
                          "confidence": p.confidence,
                          "indexed_from": None if not p.indexation else p.indexation.get("from_price_year")},
                "adjustments": {a: getattr(o, a) for a in _ADJ},
                "assumption_sources": dict(mo.assumption_sources),
                "duration": o.duration, "start_year": o.start_year,
                "present_value": float(val.pv_by_outcome[i]),
                "by_year": [float(x) for x in streams[i, :last]],
                "undiscounted_by_year": [float(x) for x in gross[i, :last]],
            })
        return rows

    def to_dict(self) -> dict[str, Any]:
        val = self.valuation
        out: dict[str, Any] = {
            "framework": self.framework,
            "kind": "impact-map",
            "name": self.imap.name,
            "mode": self.imap.mode,
            "price_year": self.imap.price_year,
            "first_year": self.imap.first_year,
            "present_value": val.present_value,
            "benefits": val.benefits,
            "disbenefits": val.disbenefits,
            "investment": val.investment,
            "investment_items": [i.to_dict() for i in self.imap.activity.investment],
            "net_present_value": val.npv,
            "sroi_ratio": val.sroi_ratio,
            "net_sroi": val.net_sroi,
            "payback_months": val.payback_months,
            "annual_impact": val.annual_impact,
            "by_year": [float(x) for x in val.pv_by_year],
            "by_theme": val.pv_by_group("theme"),
            "by_domain": val.pv_by_group("domain"),
            "by_beneficiary": val.pv_by_group("beneficiary"),
            "reductions": val.reductions,
            "outcomes": self.outcome_rows(),
            "sensitivity": _plain(self.sensitivity),
            "break_even": _plain(self.break_even),
            "monte_carlo": None if self.monte_carlo is None else {
                **_plain(self.monte_carlo), "seed": self.monte_carlo_seed},
            "comparison": None if self.comparison is None else self.comparison.to_dict(),
            "warnings": list(self.warnings),
            "provenance": self.provenance.to_dict(),
        }
        return _finite(out)

    # -------------------------------------------------------------- text
    def _headline_rows(self) -> list[list[str]]:
        """The headline figures as label/value pairs, shared by the text and Markdown forms."""
        val, s = self.valuation, self.summary()
        rows = [["Present value of benefits", format_money(val.benefits)]]
        if val.disbenefits:
            rows.append(["less disbenefits (negative outcomes)", format_money(-val.disbenefits)])
        rows += [
            ["Present value (net)", format_money(val.present_value)],
            ["Investment", format_money(val.investment)],
            ["Net present value", format_money(val.npv)],
            ["SROI ratio", _ratio(s["sroi_ratio"])],
            ["Net SROI", "n/a" if s["net_sroi"] is None else f"{s['net_sroi']:,.2f}"],
            ["Payback", "n/a" if s["payback_months"] is None else f"{s['payback_months']:,.1f} months"],
        ]
        return rows

    def _assumption_lines(self) -> list[str]:
        sched = self.imap.schedule
        if sched.name == "constant":
            disc = f"constant {sched.band_rates[0]:.2%} a year"
        elif sched.name == "none":
            disc = "none"
        else:
            disc = f"{sched.name} schedule ({sched.band_rates[0]:.1%} for years 1-{sched.band_starts[1] - 1}"
            disc += ", then declining)" if len(sched.band_starts) > 1 else ")"
        first = ("first year discounted one period (SROI value map)" if self.imap.convention == "sroi"
                 else "first year undiscounted (Green Book year 0)")
        presets = sum(1 for o in self.imap.outcomes for s in o.assumption_sources.values() if s.startswith("preset"))
        lines = [f"All money in {self.imap.price_year} prices (HM Treasury GDP deflator)"
                 + (f"; the map's own figures, investment included, were given in {self.imap.document_price_year} "
                    "prices and re-based, so the ratio does not depend on the price year."
                    if self.imap.document_price_year != self.imap.price_year else "."),
                 f"Discounting: {disc}; {first}.",
                 "Adjustments multiply: (1-deadweight)(1-displacement)(1-attribution)(1-leakage); "
                 "drop-off from each outcome's second year."]
        if presets:
            lines.append(f"{presets} adjustment value(s) are presets, marked * in the table; the rest were set "
                         "by the author of the map.")
        if self.valuation.disbenefits:
            lines.append(f"The present value nets off {format_money(self.valuation.disbenefits)} of disbenefits "
                         "(negative outcomes), valued the same way as benefits.")
        lines.append("SROI ratios depend on these assumptions and are not comparable between organisations "
                     "on their own.")
        return lines

    def _outcome_table_rows(self) -> list[list[Any]]:
        rows = []
        for rec in self.outcome_rows():
            adj = []
            for a in _ADJ:
                mark = "*" if rec["assumption_sources"][a].startswith("preset") else ""
                adj.append(_pct(rec["adjustments"][a]) + mark)
            group = rec["beneficiaries"]["group"] if rec["beneficiaries"] else ""
            qty = f"{rec['quantity']:,g}" + (f" {rec['quantity_unit']}" if rec["quantity_unit"] else "")
            proxy = f"£{rec['proxy']['value']:,.2f} {rec['proxy']['unit'].removeprefix('GBP')}"
            rows.append([rec["id"] + (" (negative)" if rec["negative"] else ""), group, qty, proxy, *adj,
                         f"{rec['duration']}y", format_money(rec["present_value"])])
        return rows

    def to_text(self) -> str:
        val = self.valuation
        out = [f"{plain(self.imap.name)}  ({self.imap.mode}, {self.imap.price_year} prices)", ""]
        head = self._headline_rows()
        width = max(len(r[0]) for r in head)
        out += [f"  {k.ljust(width)}  {val_}" for k, val_ in head]
        if self.warnings:
            out += ["", "Warnings:"] + [f"  ! {plain(line)}" for line in self.warnings]
        out += ["", "Assumptions:"] + [f"  - {plain(line)}" for line in self._assumption_lines()]
        out += ["", "Outcomes:", table(["outcome", "beneficiaries", "quantity", "proxy", "DW", "DS", "AT", "LK",
                                         "DO", "lasts", "present value"], self._outcome_table_rows(),
                                        max_width=36)]
        out += ["", "Where the value goes (gross to present value):",
                table(["stage", "total", "reduction"],
                      [[_stage(r["stage"]), format_money(r["total"]), format_money(r["reduction"])]
                       for r in val.reductions])]
        domains = {k: x for k, x in val.pv_by_group("domain").items() if k != "(none)"}
        if domains:
            out += ["", "Value by place domain:", table(["domain", "present value"],
                                                         [[k, format_money(x)] for k, x in domains.items()])]
        if self.sensitivity is not None:
            out += ["", "Sensitivity (one assumption at a time):", self._sensitivity_text()]
        if self.monte_carlo is not None:
            out += ["", "Uncertainty (Monte Carlo):", self._monte_carlo_text()]
        if self.comparison is not None:
            out += ["", f"Evaluation against forecast ({plain(self.comparison.forecast_source)}):",
                    table(["outcome", "forecast", "actual", "difference", "status"],
                          [[r["id"], format_money(r["forecast"]), format_money(r["actual"]),
                            format_money(r["difference"]), r["status"]] for r in self.comparison.rows])]
        sources = sorted({(r["proxy"]["id"], r["proxy"]["source"], r["proxy"]["licence"], r["proxy"]["confidence"])
                          for r in self.outcome_rows()})
        out += ["", "Proxy sources:"] + [f"  - {plain(pid)}: {plain(src)} [{plain(lic)}; confidence {conf}]"
                                         for pid, src, lic, conf in sources]
        return "\n".join(out)

    def _sensitivity_text(self) -> str:
        rows = []
        for r in _rows(self.sensitivity):
            unit = r.get("unit", "")
            rows.append([r.get("assumption"), _setting(r.get("low"), unit), _setting(r.get("high"), unit),
                         _fmt_ratio(r.get("ratio_low")), _fmt_ratio(r.get("ratio_high"))])
        text = table(["assumption (all outcomes)", "low setting", "high setting", "ratio at low", "ratio at high"],
                     rows)
        be = _rows(self.break_even)
        if be:
            target = self.break_even_target
            text += (f"\n\nBreak-even: the setting at which the ratio reaches {target:g} : 1, "
                     "each assumption moved alone:\n") + table(
                ["assumption", "break-even setting", "note"],
                [[r.get("assumption"), _setting(r.get("value"), r.get("kind", "")) if r.get("value") is not None
                  else "never", r.get("reason") or ""] for r in be])
        return text

    def _monte_carlo_text(self) -> str:
        mc = _plain(self.monte_carlo) or {}
        summ = mc.get("summary", {})
        pv, ratio = summ.get("pv", {}), summ.get("ratio") or {}
        stats = [k for k in ("mean", "median", "std", "p5", "p25", "p75", "p95") if k in pv]
        rows = [[k, format_money(pv[k]), _fmt_ratio(ratio.get(k))] for k in stats]
        text = table(["statistic", "present value", "SROI ratio"], rows)
        below = summ.get("probability_ratio_below_1")
        text += (f"\n{mc.get('draws', 0):,} draws with seed {self.monte_carlo_seed}; deterministic PV {format_money(mc.get('base_pv'))}."
                 + ("" if below is None else f" Share of draws with a ratio below 1 : 1: {below:.1%}.")
                 + "\nThe mean of the draws differs from the deterministic value because value is a product of "
                 "uncertain factors and ranges need not be symmetric.")
        return text

    # -------------------------------------------------------------- markdown
    def to_markdown(self) -> str:
        val = self.valuation
        md = [f"# SROI: {markdown(self.imap.name)}", "",
              f"*{self.imap.mode.capitalize()}, all money in {self.imap.price_year} prices.*", "",
              markdown_table(["figure", "value"], self._headline_rows(), numeric=[False, True]), ""]
        if self.warnings:
            md += ["## Warnings", ""] + [f"- {markdown(line)}" for line in self.warnings] + [""]
        md += ["## Assumptions", ""]
        md += [f"- {markdown(line)}" for line in self._assumption_lines()]
        md += ["", "## Impact map", "",
               markdown_table(["outcome", "beneficiaries", "quantity", "proxy", "DW", "DS", "AT", "LK", "DO",
                               "lasts", "present value"], self._outcome_table_rows()),
               "", "## Where the value goes", "",
               markdown_table(["stage", "total", "reduction"],
                              [[_stage(r["stage"]), format_money(r["total"]), format_money(r["reduction"])]
                               for r in val.reductions], numeric=[False, True, True])]
        if self.sensitivity is not None:
            md += ["", "## Sensitivity", "", "```", self._sensitivity_text(), "```"]
        if self.monte_carlo is not None:
            md += ["", "## Uncertainty (Monte Carlo)", "", "```", self._monte_carlo_text(), "```"]
        if self.comparison is not None:
            md += ["", "## Evaluation against forecast", "",
                   markdown_table(["outcome", "forecast", "actual", "difference", "status"],
                                  [[r["id"], format_money(r["forecast"]), format_money(r["actual"]),
                                    format_money(r["difference"]), r["status"]] for r in self.comparison.rows])]
        md += ["", "## Sources", ""]
        for rec in self.outcome_rows():
            p = rec["proxy"]
            md.append(f"- {markdown(p['id'])}: {markdown(p['source'])} ({markdown(p['licence'])}; confidence "
                      f"{p['confidence']})" + markdown_link(p["url"]))
        prov = self.provenance.to_dict()
        md += ["", "## Provenance", "", f"socialvalue {prov['library_version']}, framework "
               f"{prov['framework']} {prov['framework_version']}, input {prov['input_sha256']}."]
        return "\n".join(md) + "\n"

    # -------------------------------------------------------------- html
    def html_body(self, *, compact: bool = False) -> str:
        val = self.valuation
        s = self.summary()
        cards = [("Present value", format_money(val.present_value)), ("Investment", format_money(val.investment)),
                 ("SROI ratio", _ratio(s["sroi_ratio"])), ("Net present value", format_money(val.npv))]
        if val.disbenefits:
            cards[1:1] = [("Benefits", format_money(val.benefits)), ("Disbenefits", format_money(-val.disbenefits))]
        parts = [f"<h1>{esc(self.imap.name)}</h1>",
                 f"<p class=\"sv-sub\">{esc(self.imap.mode.capitalize())} social return on investment, "
                 f"all money in {esc(str(self.imap.price_year))} prices</p>",
                 "<div class=\"sv-headline\">" + "".join(
                     f"<div class=\"sv-card\">{esc(k)}<b>{esc(x)}</b></div>" for k, x in cards) + "</div>",
                 ("<div class=\"sv-note\"><b>Warnings</b><ul>" + "".join(f"<li>{esc(w)}</li>" for w in self.warnings)
                  + "</ul></div>" if self.warnings else ""),
                 "<div class=\"sv-note\"><b>Assumptions behind these figures</b><ul>" + "".join(
                     f"<li>{esc(line)}</li>" for line in self._assumption_lines()) + "</ul></div>"]
        parts.append("<h2>Impact map</h2>" + html_table(
            ["outcome", "beneficiaries", "quantity", "proxy", "DW", "DS", "AT", "LK", "DO", "lasts", "present value"],
            self._outcome_table_rows(), numeric=[False, False, True, True] + [True] * 7))
        if compact:
            return "".join(parts)
        parts.append("<h2>Where the value goes</h2>" + html_table(
            ["stage", "total", "reduction"],
            [[_stage(r["stage"]), format_money(r["total"]), format_money(r["reduction"])] for r in val.reductions],
            numeric=[False, True, True]))
        descriptions = [[r["id"], r["description"] or ""] for r in self.outcome_rows()]
        parts.append("<h2>Outcomes described</h2>" + html_table(["outcome", "description"], descriptions))
        if self.sensitivity is not None:
            parts.append("<h2>Sensitivity</h2><pre>" + esc(self._sensitivity_text()) + "</pre>")
        if self.monte_carlo is not None:
            parts.append("<h2>Uncertainty (Monte Carlo)</h2><pre>" + esc(self._monte_carlo_text()) + "</pre>")
        if self.comparison is not None:
            parts.append("<h2>Evaluation against forecast</h2>" + html_table(
                ["outcome", "forecast", "actual", "difference", "status"],
                [[r["id"], format_money(r["forecast"]), format_money(r["actual"]), format_money(r["difference"]),
                  r["status"]] for r in self.comparison.rows], numeric=[False, True, True, True, False]))
        src_rows = [[r["proxy"]["id"], r["proxy"]["source"], r["proxy"]["licence"], r["proxy"]["confidence"],
                     r["proxy"]["url"] or ""] for r in self.outcome_rows()]
        parts.append("<h2>Sources</h2>" + html_table(["proxy", "source", "licence", "confidence", "link"], src_rows))
        prov = self.provenance.to_dict()
        parts.append(f"<h2>Provenance</h2><p class=\"sv-small\">socialvalue {esc(prov['library_version'])}; "
                     f"framework {esc(prov['framework'])} {esc(prov['framework_version'])}; input "
                     f"<code>{esc(prov['input_sha256'])}</code>; datasets "
                     + esc(", ".join(f"{d['id']} {d['version']} {d['sha256'][:19]}…" for d in prov["datasets"])
                           or "none (inline proxies)") + "</p>")
        return "".join(parts)


def _fmt(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1000 else f"{value:,.0f}"
    return str(value)


def _setting(value: Any, unit: str) -> str:
    """A sensitivity setting in words: ×0.8 for multipliers, +0.10 for shifts, 3.5% for rates."""
    if value is None:
        return ""
    if unit == "multiplier":
        return f"×{value:.3g}"
    if unit == "shift":
        return f"{value:+.3g}"
    if unit == "years":
        return f"{value:+g} years"
    if unit == "rate multiplier":
        return f"rate ×{value:g}"
    if unit == "rate":
        return f"{value:.2%}"
    return _fmt(value)


def _fmt_ratio(value: Any) -> str:
    return "" if value is None else f"{value:,.2f}"


def _rows(data: Any) -> list[dict[str, Any]]:
    plain = _plain(data)
    if plain is None:
        return []
    if isinstance(plain, Mapping):
        plain = plain.get("rows", list(plain.values()))
    return [dict(r) for r in plain]


def _plain(data: Any) -> Any:
    if data is None:
        return None
    if hasattr(data, "to_dict"):
        return data.to_dict()
    if isinstance(data, Sequence) and not isinstance(data, str):
        return [_plain(x) if hasattr(x, "to_dict") else x for x in data]
    return data


def _finite(data: Any) -> Any:
    """Replace non-finite floats (e.g. payback with no impact) by None so JSON stays valid."""
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, Mapping):
        return {k: _finite(x) for k, x in data.items()}
    if isinstance(data, list):
        return [_finite(x) for x in data]
    return data
