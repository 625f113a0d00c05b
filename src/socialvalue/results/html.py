"""Render a :class:`~.report.Report` as a self-contained HTML page or a notebook fragment.

Every piece of user text goes through :func:`esc`, the only HTML escaping in socialvalue.
Pages have no scripts, fonts or external requests, so they open offline and can be
attached to a business case. The stylesheet has a print part: A4 pages, tables that wrap
their cells (never dropping a column), header rows repeated on each page, a source's address
printed after its link and broken anywhere, charts kept whole and headings with what follows. Charts are SVG built by
:mod:`socialvalue.results.charts`; the notebook fragment leaves them out (it is the short
view, and ``result.plot()`` draws them there). The fragment inherits the notebook's colours
(it sets no text colour of its own), so it reads in light and dark themes.

A page ends with the date it was produced: the result records no time (its JSON is the same
on every run), so this is the date of rendering, in UTC, or the date of
``SOURCE_DATE_EPOCH`` when that is set (reproducible builds).
"""

from __future__ import annotations

import datetime
import html
import os
from typing import Any

from socialvalue.results.report import Bullets, Cell, Chart, Link, Paragraph, Report, Section, Table
from socialvalue.textsafe import safe_url

__all__ = ["CSS", "esc", "html_table", "produced_on", "render_html"]

CSS = """
.sv{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.45}
.sv h1{font-size:1.6rem;margin:0 0 .2rem}.sv h2{font-size:1.2rem;margin-top:2rem;padding-bottom:.2rem;
border-bottom:2px solid rgba(127,127,127,.35)}.sv .sv-sub{opacity:.8;margin-top:0}
.sv table.sv-t{border-collapse:collapse;margin:.6rem 0;font-size:.92rem;width:100%}
.sv .sv-scroll{overflow-x:auto}
.sv table.sv-t th,.sv table.sv-t td{border-bottom:1px solid rgba(127,127,127,.3);padding:.3rem .5rem;text-align:left;
vertical-align:top;overflow-wrap:break-word}
.sv table.sv-t th{background:rgba(127,127,127,.12);font-weight:600}
.sv table.sv-t td.num,.sv table.sv-t th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.sv caption{text-align:left;font-weight:600;padding:.2rem 0}
.sv .sv-headline{display:flex;flex-wrap:wrap;gap:1rem;margin:1rem 0}.sv .sv-card{border:1px solid rgba(127,127,127,.4);
border-radius:6px;padding:.6rem .9rem;min-width:10rem}.sv .sv-card b{display:block;font-size:1.3rem}
.sv .sv-note{border-left:4px solid #d99a00;background:rgba(242,182,0,.12);padding:.5rem .8rem;margin:1rem 0}
.sv .sv-warning{border-left:4px solid #c0392b;background:rgba(192,57,43,.1);padding:.5rem .8rem;margin:1rem 0}
.sv .sv-small,.sv .sv-legend{font-size:.85rem;opacity:.85}.sv a{overflow-wrap:anywhere}
.sv figure{margin:1rem 0 1.4rem}.sv figure svg{display:block;width:100%;max-width:50rem;height:auto}
.sv figcaption{font-size:.85rem;opacity:.85;margin-top:.2rem}.sv .sv-foot{margin-top:2rem}
.sv code{background:rgba(127,127,127,.15);padding:0 .2rem;border-radius:3px;overflow-wrap:anywhere}
"""

_PAGE_CSS = """
body{margin:2rem auto;max-width:64rem;padding:0 1rem;color:#1b1b1b;background:#fff}
@page{size:A4;margin:15mm}
@media print{body{margin:0;max-width:none;padding:0;font-size:10pt}
.sv table.sv-t{font-size:8pt;table-layout:auto;width:100%}
.sv table.sv-t th,.sv table.sv-t td{padding:.15rem .25rem;white-space:normal;overflow-wrap:break-word}
.sv table.sv-t td a,.sv table.sv-t td code,.sv code{overflow-wrap:anywhere}
.sv table.sv-t td.num,.sv table.sv-t th.num{white-space:normal}.sv .sv-scroll{overflow:visible}
.sv thead{display:table-header-group}.sv tr,.sv figure,.sv .sv-card,.sv .sv-legend{break-inside:avoid}
.sv h1,.sv h2,.sv caption{break-after:avoid;page-break-after:avoid}
.sv figure{break-inside:avoid;page-break-inside:avoid}.sv figure svg{max-width:100%;max-height:230mm}
.sv .sv-headline{gap:.4rem}.sv .sv-card{padding:.3rem .5rem}
.sv a{color:inherit;text-decoration:underline}.sv td a[href]::after{content:" " attr(href);text-decoration:none}}
"""


def esc(value: Any) -> str:
    """HTML-escape any value (the one escaping function of socialvalue's HTML)."""
    return html.escape("" if value is None else str(value), quote=True)


def _cell(value: Cell) -> str:
    if isinstance(value, Link):
        url = safe_url(value.url)
        return f'<a href="{esc(url)}">{esc(value.text)}</a>' if url else esc(value.text)
    return esc(value)


def html_table(table: Table) -> str:
    head = "".join(f'<th class="num">{esc(h)}</th>' if table.is_numeric(k) else f"<th>{esc(h)}</th>"
                   for k, h in enumerate(table.headers))
    body = "".join("<tr>" + "".join(f'<td class="num">{_cell(c)}</td>' if table.is_numeric(k) else
                                    f"<td>{_cell(c)}</td>" for k, c in enumerate(row)) + "</tr>"
                   for row in table.rows)
    cap = f"<caption>{esc(table.caption)}</caption>" if table.caption else ""
    legend = "".join(f'<p class="sv-legend">{esc(n)}</p>' for n in table.legend)
    return (f'<div class="sv-scroll"><table class="sv-t">{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody>'
            f"</table></div>{legend}")


def _block(block: Any) -> str:
    if isinstance(block, Table):
        return html_table(block)
    if isinstance(block, Bullets):
        items = "".join(f"<li>{_cell(i)}</li>" for i in block.items)
        css = {"warning": "sv-warning", "note": "sv-note"}.get(block.kind)
        return f'<div class="{css}"><ul>{items}</ul></div>' if css else f"<ul>{items}</ul>"
    if isinstance(block, Paragraph):
        css = {"note": "sv-note", "small": "sv-small"}.get(block.kind)
        return f'<p class="{css}">{esc(block.text)}</p>' if css else f"<p>{esc(block.text)}</p>"
    if isinstance(block, Chart):  # SVG made by socialvalue's own chart code (role="img", its own label)
        return f'<figure class="sv-chart">{block.svg}<figcaption>{esc(block.title)}</figcaption></figure>'
    raise TypeError(f"unknown report block {type(block).__name__}")


def _section(section: Section, compact: bool = False) -> str:
    blocks = [b for b in section.blocks if not (compact and isinstance(b, Chart))]
    return f"<h2>{esc(section.title)}</h2>" + "".join(_block(b) for b in blocks)


def produced_on() -> str:
    """The date a page is produced (UTC), or that of ``SOURCE_DATE_EPOCH`` for a reproducible build."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    when = (datetime.datetime.fromtimestamp(int(epoch), datetime.UTC) if epoch.isdigit()
            else datetime.datetime.now(datetime.UTC))
    return when.date().isoformat()


def _body(report: Report, compact: bool) -> str:
    parts = [f"<h1>{esc(report.title)}</h1>"]
    if report.subtitle:
        parts.append(f'<p class="sv-sub">{esc(report.subtitle)}</p>')
    if report.figures:
        parts.append('<div class="sv-headline">' + "".join(
            f'<div class="sv-card">{esc(f.label)}<b>{esc(f.value)}</b></div>' for f in report.figures) + "</div>")
    sections = [s for s in report.sections if s.compact] if compact else list(report.all_sections())
    parts += [_section(s, compact) for s in sections]
    if not compact:
        when = f"Run {esc(report.generated)}" if report.generated else f"Report produced on {esc(produced_on())}"
        parts.append(f'<p class="sv-small sv-foot">{when} by socialvalue: every figure can be traced to the '
                     "assumptions and sources listed with it (Provenance).</p>")
    return "".join(parts)


def render_html(report: Report, *, compact: bool = False, page: bool = True) -> str:
    """A complete page (``page=True``) or a notebook fragment; ``compact`` keeps only compact sections."""
    body = _body(report, compact)
    if not page:
        return f'<div class="sv"><style>{CSS}</style>{body}</div>'
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{esc(report.title)}</title><style>{CSS}{_PAGE_CSS}</style></head>"
            f'<body class="sv">\n{body}\n</body></html>\n')
