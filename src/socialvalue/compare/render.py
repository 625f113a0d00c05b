"""Text, Markdown and HTML forms of a :class:`~socialvalue.compare.result.ComparisonResult`.

Money is rounded to whole pounds here, at the presentation edge only; ``to_dict`` keeps the
exact figures (whose parts sum to the difference bit for bit). Every piece of user text in
HTML (names, labels, fact ids, reasons) goes through :func:`socialvalue.report.esc`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from socialvalue.compare.decompose import NO_COUNTERPART
from socialvalue.report import esc, html_table, markdown_table
from socialvalue.textable import format_money, table
from socialvalue.textsafe import markdown, plain

__all__ = ["html_body", "notes", "to_markdown", "to_text"]

_READING = ("Each difference (the second view's value minus the first's) is split into causes by switching one "
            "thing at a time from the first view's setting to the second's, in this order: {order}. A different "
            "order gives different parts with the same sum. 'no counterpart' is the value of a fact that only one "
            "of the two views can value.")


def _money(x: float | None) -> str:
    if x is None:
        return "n/a"
    return "£0" if abs(x) < 0.5 else format_money(x)


def _signed(x: float) -> str:
    """A difference or part: ``-£1,234`` or ``£1,234`` (no ``+``, so that tables align numbers)."""
    return "£0" if abs(x) < 0.5 else format_money(x)


def _cell(value: float | None, cell: Any) -> str:
    return _money(value) if value is not None else cell.status


def _view_line(run: Any) -> str:
    view, sched = run.view, run.schedule
    if sched.name == "none":
        disc = "undiscounted"
    else:
        disc = f"discounted ({sched.name}, first year {'discounted' if run.convention == 'sroi' else 'undiscounted'})"
    parts = [] if view.label == view.framework else [f"{view.framework} framework"]
    parts += [f"{run.price_year} prices", disc]
    if view.datasets:
        parts.append("proxies from " + ", ".join(f"{d.id} {d.version}" for d in view.datasets) + " first")
    if view.proxies:
        parts.append("proxies: " + ", ".join(f"{k} = {val}" for k, val in view.proxies.items()))
    return f"{view.label}: " + "; ".join(parts)


def _letter(i: int) -> str:
    return chr(65 + i) if i < 26 else str(i + 1)


def _value_table(result: Any, s: Any, *, short: bool = False) -> tuple[list[str], list[list[str]]]:
    views = [f"view {_letter(i)}" for i in range(len(result.views))] if short else list(result.views)
    headers = ["fact", "quantity", *views]
    rows = [[r.fact.id, r.fact.written, *(_cell(v, c) for v, c in zip(r.values, r.cells, strict=True))] for r in s.rows]
    rows.append(["total", "", *(_money(t) for t in s.totals)])
    return headers, rows


def _parts_table(result: Any, d: Any) -> tuple[list[str], list[list[str]]]:
    causes = [*result.order, NO_COUNTERPART]
    headers = ["fact", "difference", *causes]
    rows = [[r.id, _signed(r.difference), *(_signed(r.parts[c]) for c in causes)] for r in (*d.rows, d.total)]
    return headers, rows


def _ranking_table(result: Any) -> tuple[list[str], list[list[str]], list[str]]:
    rk = result.ranking
    headers = ["bid", *rk.views]
    rows = [[sup, *(f"{_money(rk.values[i][k])} (#{rk.ranks[i][k]})" for i in range(len(rk.views)))]
            for k, sup in enumerate(rk.suppliers)]
    taus = [f"{a} vs {b}: " + ("undefined (all tied)" if t is None else f"{t:.3f}") for a, b, t in rk.taus]
    return headers, rows, taus


def notes(result: Any) -> list[str]:
    """What a reader must know to interpret the figures."""
    out = []
    years = {run.price_year for run in result.runs}
    if len(years) > 1:
        out.append("The views report in different price years (" + "; ".join(
            f"{run.view.label}: {run.price_year}" for run in result.runs)
            + "), so part of each difference is the 'price year' cause.")
    if any(run.view.framework == "toms" for run in result.runs):
        out.append("TOMs-style values are gross: no deadweight, displacement, attribution or leakage is applied.")
    missing: dict[tuple[str, str, str], list[str]] = {}
    adjustments: dict[str, tuple[Any, Any]] = {}
    for s in result.subjects:
        for row in s.rows:
            for run, cell in zip(result.runs, row.cells, strict=True):
                if cell.status != "valued":
                    views = missing.setdefault((row.fact.id, cell.status, (cell.reason or "").rstrip(".")), [])
                    if run.view.label not in views:
                        views.append(run.view.label)
                elif run.view.framework == "sroi" and row.fact.spec.sroi is not None:
                    adjustments.setdefault(row.fact.fact, (row.fact.spec.sroi, cell.setting))
    for (fact, status, reason), views in missing.items():
        out.append(f"{fact}: {status} in {', '.join(views)} ({reason}).")
    for fact, (template, setting) in adjustments.items():
        numbers = dict(zip(("deadweight", "displacement", "attribution", "leakage"), setting.adjustments, strict=True),
                       drop_off=setting.drop_off)
        used = [f"{a.name} {100 * numbers[a.name]:g}% ({_basis(a)})" for a in template.adjustments.values()
                if numbers[a.name]]
        if used:
            out.append(f"sroi adjustments for {fact}, from the crosswalk: " + ", ".join(used) + ".")
        if template.extra_years:
            out.append(f"sroi counts {fact} for {template.extra_years} more year(s) after the activity.")
    out.append("Figures are rounded to £1 in this report; the JSON form holds them exactly.")
    return out


def _basis(a: Any) -> str:
    step = f"step {a.preset!r} of the preset scale" if a.preset is not None else None
    basis = "sourced" if a.source is not None else "assumption" if a.assumption is not None else None
    return "; ".join(x for x in (step, basis) if x) or "preset"


def _header(result: Any) -> list[str]:
    lines = [f"Comparison: {result.name}"]
    if result.description:
        lines.append(result.description.strip())
    cw = result.crosswalk
    lines.append(f"Crosswalk: {cw.id} {cw.version} ({cw.sha256[:19]}…)")
    return lines


def to_text(result: Any) -> str:
    out = [plain(line) for line in _header(result)] + ["", "Views:"]
    out += [f"  {_letter(i)}. {plain(_view_line(run))}" for i, run in enumerate(result.runs)]
    short = any(len(label) > 18 for label in result.views)  # keep the table narrow: "view A" and the legend
    for s in result.subjects:
        out += ["", f"{'Bid' if result.bids else 'Activity'}: {plain(s.name)}", "", "Value by fact (GBP)"]
        out.append(table(*_value_table(result, s, short=short), max_width=40))
        for d in s.decompositions:
            out += ["", (f"Why \"{plain(d.to_view)}\" differs from \"{plain(d.from_view)}\" "
                        f"(difference {_signed(d.total.difference)})")]
            out.append(table(*_parts_table(result, d), max_width=40))
    if result.ranking is not None:
        headers, rows, taus = _ranking_table(result)
        out += ["", "Ranking of bids (value, #rank)", table(headers, rows, max_width=40), "",
                "Kendall's tau-b between views:"] + [f"  {plain(t)}" for t in taus]
    out += ["", _READING.format(order=" -> ".join(result.order)), "", "Notes:"]
    out += [f"  - {plain(n)}" for n in result.notes()]
    p = result.provenance
    out += ["", f"socialvalue {p.library_version}, compare {p.framework_version}; datasets: "
            + plain(", ".join(f"{d.get('id')} {d.get('version', '')} ({str(d.get('sha256', ''))[:15]}…)"
                              for d in p.datasets))]
    return "\n".join(out)


def to_markdown(result: Any) -> str:
    out = [f"# Comparison: {markdown(result.name)}", ""]
    if result.description:
        out += [markdown(result.description), ""]
    out += ["## Views", ""] + [f"{i + 1}. {markdown(_view_line(run))}" for i, run in enumerate(result.runs)] + [""]
    cw = result.crosswalk
    out += [f"Crosswalk: {markdown(cw.id)} {markdown(cw.version)} (`{markdown(cw.sha256)}`)", ""]
    for s in result.subjects:
        out += [f"## {'Bid' if result.bids else 'Activity'}: {markdown(s.name)}", "", "### Value by fact (GBP)", ""]
        headers, rows = _value_table(result, s)
        out += [markdown_table(headers, rows, numeric=[False, False] + [True] * len(result.views)), ""]
        for d in s.decompositions:
            out += [(f"### Why “{markdown(d.to_view)}” differs from “{markdown(d.from_view)}” "
                    f"(difference {_signed(d.total.difference)})"), ""]
            headers, rows = _parts_table(result, d)
            out += [markdown_table(headers, rows, numeric=[False] + [True] * (len(headers) - 1)), ""]
    if result.ranking is not None:
        headers, rows, taus = _ranking_table(result)
        out += ["## Ranking of bids", "", markdown_table(headers, rows), "", "Kendall's tau-b:", ""]
        out += [f"- {markdown(t)}" for t in taus] + [""]
    out += [_READING.format(order=" → ".join(result.order)), "", "## Notes", ""]
    out += [f"- {markdown(n)}" for n in result.notes()] + ["", "## Provenance", ""]
    p = result.provenance
    out.append(f"socialvalue {p.library_version}, compare {p.framework_version}, input `{p.input_sha256}`")
    out += [""] + [f"- {markdown(d.get('kind', ''))} {markdown(d.get('id'))} {markdown(d.get('version', ''))} "
                   f"`{markdown(d.get('sha256', ''))}`" for d in p.datasets]
    return "\n".join(out) + "\n"


def _html_list(items: Sequence[str], ordered: bool = False) -> str:
    tag = "ol" if ordered else "ul"
    return f"<{tag}>" + "".join(f"<li>{esc(i)}</li>" for i in items) + f"</{tag}>"


def html_body(result: Any, *, compact: bool = False) -> str:
    parts = [f"<h1>Comparison: {esc(result.name)}</h1>"]
    if result.description:
        parts.append(f'<p class="sv-sub">{esc(result.description.strip())}</p>')
    parts += ["<h2>Views</h2>", _html_list([_view_line(run) for run in result.runs], ordered=True)]
    for s in result.subjects:
        parts.append(f"<h2>{'Bid' if result.bids else 'Activity'}: {esc(s.name)}</h2>")
        headers, rows = _value_table(result, s)
        parts.append(html_table(headers, rows, numeric=[False, False] + [True] * len(result.views),
                                caption="Value by fact (GBP)"))
        for d in s.decompositions:
            parts.append(f"<h3>Why “{esc(d.to_view)}” differs from “{esc(d.from_view)}” "
                         f"(difference {esc(_signed(d.total.difference))})</h3>")
            headers, rows = _parts_table(result, d)
            parts.append(html_table(headers, rows, numeric=[False] + [True] * (len(headers) - 1)))
    if result.ranking is not None:
        headers, rows, taus = _ranking_table(result)
        parts += ["<h2>Ranking of bids</h2>", html_table(headers, rows), "<p>Kendall's tau-b:</p>", _html_list(taus)]
    parts.append(f'<p class="sv-note">{esc(_READING.format(order=" → ".join(result.order)))}</p>')
    if not compact:
        parts += ["<h2>Notes</h2>", _html_list(result.notes()), "<h2>Provenance</h2>"]
        p = result.provenance
        parts.append(f'<p class="sv-small">socialvalue {esc(p.library_version)}, compare '
                     f'{esc(p.framework_version)}, input <code>{esc(p.input_sha256)}</code></p>')
        parts.append(_html_list([f"{d.get('kind', '')} {d.get('id')} {d.get('version', '')} {d.get('sha256', '')}"
                                 for d in p.datasets]))
    return "\n".join(parts)
