"""Render a :class:`~.report.Report` as terminal text.

User text passes through :func:`socialvalue.textsafe.plain` (one line, every character
visible). When a ``width`` is given (a terminal's), no line is longer than it: the widest
text columns of a table give way first and their cells wrap onto further lines, while
numeric columns stay whole; a table whose numbers alone are too wide for the width is
written as one block of ``header: value`` lines per row; paragraphs, bullets and notes wrap.
Piped output (no width) keeps every cell whole on one line. Charts are left out: the HTML
report has them. The text is plain: no colour or other terminal escapes, ever.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from socialvalue.results.report import Bullets, Chart, Paragraph, Report, Section, Table
from socialvalue.textsafe import plain

__all__ = ["render_text", "text_table"]

_MIN_CELL = 6
_GAP = 2


def _fit(widths: list[int], numeric: Sequence[bool], limit: int, values: Sequence[int] = ()) -> list[int]:
    """Shrink the widest non-numeric columns until the row fits ``limit`` characters; then, if need be,
    numeric columns down to their widest value (``values``; their headers wrap)."""
    out = list(widths)
    total = sum(out) + _GAP * (len(out) - 1)
    while total > limit:
        candidates = [k for k in range(len(out)) if not numeric[k] and out[k] > _MIN_CELL]
        if not candidates:
            candidates = [k for k in range(len(out)) if numeric[k] and k < len(values) and out[k] > max(values[k], 1)]
            if not candidates:
                break
        k = max(candidates, key=lambda j: out[j])
        out[k] -= 1
        total -= 1
    return out


def _wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` characters (words broken only when longer than a line)."""
    if len(text) <= width:
        return [text]
    return textwrap.wrap(text, max(width, 1), break_long_words=True, break_on_hyphens=False) or [""]


def _wrap_lines(text: str, width: int | None, indent: str = "", first: str = "") -> list[str]:
    """A paragraph: ``first`` + text, wrapped to ``width`` with later lines indented by ``indent``."""
    if width is None or len(first) + len(text) <= width:
        return [first + text]
    room = max(width - len(indent), 1)
    if len(first) >= width:  # a prefix wider than the line: start the text on the next line
        return [first[:width].rstrip(), *(indent + line for line in _wrap(text, room))]
    return textwrap.wrap(text, max(width, 1), initial_indent=first, subsequent_indent=indent[:width - 1],
                         break_long_words=True, break_on_hyphens=False) or [first.rstrip()]


def _records(headers: list[str], rows: list[list[str]], numeric: Sequence[bool], width: int) -> list[str]:
    """A table too wide for ``width`` even with its text columns narrowed: each row as ``header  value``
    lines (text wraps; a number too long for its line goes whole on the next, and is broken only when it
    is wider than the whole line), rows separated by a blank line."""
    out: list[str] = []
    label = min(max(len(h) for h in headers), max(width // 3, 1))
    for n, row in enumerate(rows):
        if n:
            out.append("")
        for k, (header, value) in enumerate(zip(headers, row, strict=True)):
            head = header if len(header) <= label else header[: max(label - 1, 0)] + "…"
            first = f"{head.ljust(label)}  "
            if numeric[k] and len(first) + len(value) > width:
                out += [head, *([value.rjust(width)] if len(value) <= width else _wrap(value, width))]
            else:
                out += _wrap_lines(value, width, indent=" " * (label + 2), first=first)
    return out


def text_table(table: Table, width: int | None = None) -> str:
    """A table as aligned columns; ``width`` limits the line length (None: no limit). Text cells too long
    for their column wrap onto further lines of the row; numeric cells are never cut."""
    headers = [plain(h) for h in table.headers]
    rows = [[plain(str(c)) for c in row] for row in table.rows]
    numeric = [table.is_numeric(k) for k in range(len(headers))]
    widths = [max([len(h)] + [len(r[k]) for r in rows]) for k, h in enumerate(headers)]
    records = False
    if width is not None:
        widths = _fit(widths, numeric, width, [max([0] + [len(r[k]) for r in rows]) for k in range(len(headers))])
        records = sum(widths) + _GAP * (len(widths) - 1) > width

    def line(values: Sequence[str], header: bool = False) -> list[str]:
        if width is None:  # piped: every cell whole, one line a row
            return ["  ".join(v.rjust(widths[k]) if numeric[k] else v.ljust(widths[k])
                              for k, v in enumerate(values)).rstrip()]
        cells = [[v] if numeric[k] and not header else _wrap(v, widths[k]) for k, v in enumerate(values)]
        height = max(len(c) for c in cells)
        out = []
        for i in range(height):
            parts = []
            for k, cell in enumerate(cells):
                text = cell[i] if i < len(cell) else ""
                parts.append(text.rjust(widths[k]) if numeric[k] else text.ljust(widths[k]))
            out.append("  ".join(parts).rstrip())
        return out

    out = []
    if table.caption:
        out += _wrap_lines(plain(table.caption), width)
    if records:
        assert width is not None
        out += _records(headers, rows, numeric, width)
    else:
        out += line(headers, header=True) + ["  ".join("-" * w for w in widths)]
        for r in rows:
            out += line(r)
    for note in table.legend:
        out += _wrap_lines(plain(note), width)
    return "\n".join(out)


def _section(section: Section, width: int | None) -> list[str]:
    out = ["", *_wrap_lines(plain(section.title), width), "-" * min(len(plain(section.title)), width or 200)]
    for block in section.blocks:
        if isinstance(block, Table):
            out += [text_table(block, width), ""]
        elif isinstance(block, Bullets):
            mark = "!" if block.kind == "warning" else "-"
            for item in block.items:
                out += _wrap_lines(plain(str(item)), width, indent="    ", first=f"  {mark} ")
            out.append("")
        elif isinstance(block, Paragraph):
            out += [*_wrap_lines(plain(block.text), width), ""]
        elif isinstance(block, Chart):
            continue
    while out and out[-1] == "":
        out.pop()
    return out


def render_text(report: Report, *, width: int | None = None) -> str:
    """The whole report as text (``width``: the terminal's, or None for piped output)."""
    title = plain(report.title)
    out = [*_wrap_lines(title, width), "=" * min(len(title), width or 200)]
    if report.subtitle:
        out += _wrap_lines(plain(report.subtitle), width)
    if report.generated:
        out += _wrap_lines(plain(report.generated), width, first="run ")
    if report.figures:
        label_width = max(len(plain(f.label)) for f in report.figures)
        if width is not None:
            label_width = min(label_width, max(width // 2 - 4, 1))
        out.append("")
        for f in report.figures:
            label = plain(f.label)
            if width is not None and len(label) > label_width:
                out += _wrap_lines(label, width, indent="  ", first="  ")
                out += _wrap_lines(plain(f.value), width, indent=" " * (label_width + 4), first=" " * (label_width + 4))
            else:
                out += _wrap_lines(plain(f.value), width, indent=" " * (label_width + 4),
                                   first=f"  {label.ljust(label_width)}  ")
    for section in report.all_sections():
        out += _section(section, width)
    return "\n".join(out).rstrip() + "\n"
