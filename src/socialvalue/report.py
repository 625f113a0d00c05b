"""Rendering helpers for reports: escaped HTML pages and fragments, Markdown tables.

Every piece of user text that reaches HTML goes through :func:`esc`; the page is
self-contained (inline CSS, no scripts, no external requests) so that it can be attached
to a business case or opened offline.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from socialvalue.textable import format_number

__all__ = ["esc", "html_fragment", "html_page", "html_table", "markdown_link", "markdown_table", "safe_url"]

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:64rem;
color:#1b1b1b;line-height:1.45;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:2px solid #e3e3e3;
padding-bottom:.2rem}.sv-sub{color:#555;margin-top:0}
table.sv{border-collapse:collapse;margin:.6rem 0;font-size:.92rem;width:100%}
table.sv th,table.sv td{border-bottom:1px solid #e3e3e3;padding:.3rem .5rem;text-align:left;vertical-align:top}
table.sv th{background:#f4f6f8;font-weight:600}table.sv td.num,table.sv th.num{text-align:right;
font-variant-numeric:tabular-nums;white-space:nowrap}
.sv-headline{display:flex;flex-wrap:wrap;gap:1rem;margin:1rem 0}.sv-card{border:1px solid #d8dde3;
border-radius:6px;padding:.6rem .9rem;min-width:10rem}.sv-card b{display:block;font-size:1.3rem}
.sv-note{background:#fff8e1;border-left:4px solid #f2b600;padding:.5rem .8rem;margin:1rem 0}
.sv-small{font-size:.85rem;color:#555}code{background:#f4f6f8;padding:0 .2rem;border-radius:3px}
"""


def esc(value: Any) -> str:
    """HTML-escape any value (numbers are formatted first)."""
    return html.escape(format_number(value) if not isinstance(value, str) else value, quote=True)


def html_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], *, numeric: Sequence[bool] | None = None,
               caption: str | None = None) -> str:
    """An escaped HTML table; ``numeric`` right-aligns columns."""
    numeric = numeric or [False] * len(headers)
    head = "".join(f'<th class="num">{esc(h)}</th>' if numeric[i] else f"<th>{esc(h)}</th>"
                   for i, h in enumerate(headers))
    body = []
    for row in rows:
        cells = "".join(f'<td class="num">{esc(c)}</td>' if numeric[i] else f"<td>{esc(c)}</td>"
                        for i, c in enumerate(row))
        body.append(f"<tr>{cells}</tr>")
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return f'<table class="sv">{cap}<thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def html_page(title: str, body: str) -> str:
    """A complete, self-contained HTML document."""
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>{esc(title)}</title><style>{_CSS}</style></head><body>\n{body}\n"
        "<p class=\"sv-small\">Produced by socialvalue. Every figure above can be traced to the "
        "assumptions and sources listed with it.</p></body></html>\n"
    )


def html_fragment(body: str) -> str:
    """A notebook fragment: the body with the stylesheet scoped inline."""
    return f"<div class=\"sv-result\"><style>{_CSS.replace('body{', '.sv-result{')}</style>{body}</div>"


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], *,
                   numeric: Sequence[bool] | None = None) -> str:
    """A GitHub-flavoured Markdown table (pipes in cells escaped)."""
    numeric = numeric or [False] * len(headers)

    def cell(value: Any) -> str:
        from socialvalue.textsafe import markdown

        return markdown(format_number(value) if not isinstance(value, str) else value, cell=True)

    lines = ["| " + " | ".join(cell(h) for h in headers) + " |",
             "|" + "|".join("---:" if numeric[i] else "---" for i in range(len(headers))) + "|"]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def safe_url(url: Any) -> str | None:
    """``url`` if it is an http(s) address without spaces or angle brackets, else None: only such
    addresses become links in reports (a ``javascript:`` address never does)."""
    if not isinstance(url, str):
        return None
    text = url.strip()
    if not text.lower().startswith(("https://", "http://")) or any(c in text for c in " <>\"\n\t`"):
        return None
    return text


def markdown_link(url: Any) -> str:
    """`` <https://…>`` for a safe address (see :func:`safe_url`), else ""."""
    safe = safe_url(url)
    return f" <{safe}>" if safe else ""
