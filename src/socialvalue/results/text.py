"""Render a :class:`~.report.Report` as terminal text.

User text passes through :func:`socialvalue.textsafe.plain` (one line, every character
visible). Tables fit ``width`` columns when one is given (a terminal): long cells are
shortened with ``…`` and the widest text columns give way first; piped output (no width)
keeps every cell whole. Charts are left out: the HTML report has them.
"""

from __future__ import annotations

from collections.abc import Sequence

from socialvalue.results.report import Bullets, Chart, Paragraph, Report, Section, Table
from socialvalue.textsafe import plain

__all__ = ["render_text", "text_table"]

_MIN_CELL = 6


def _fit(widths: list[int], numeric: Sequence[bool], limit: int) -> list[int]:
    """Shrink the widest non-numeric columns until the row fits ``limit`` characters."""
    out = list(widths)
    total = sum(out) + 2 * (len(out) - 1)
    while total > limit:
        candidates = [k for k in range(len(out)) if not numeric[k] and out[k] > _MIN_CELL]
        if not candidates:
            break
        k = max(candidates, key=lambda j: out[j])
        out[k] -= 1
        total -= 1
    return out


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def text_table(table: Table, width: int | None = None) -> str:
    """A table as aligned columns; ``width`` limits the line length (None: no limit)."""
    headers = [plain(h) for h in table.headers]
    rows = [[plain(str(c)) for c in row] for row in table.rows]
    numeric = [table.is_numeric(k) for k in range(len(headers))]
    widths = [max([len(h)] + [len(r[k]) for r in rows]) for k, h in enumerate(headers)]
    if width is not None:
        widths = _fit(widths, numeric, width)

    def line(values: Sequence[str]) -> str:
        parts = []
        for k, value in enumerate(values):
            cell = _shorten(value, widths[k])
            parts.append(cell.rjust(widths[k]) if numeric[k] else cell.ljust(widths[k]))
        return "  ".join(parts).rstrip()

    out = []
    if table.caption:
        out.append(plain(table.caption))
    out += [line(headers), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in rows]
    out += [plain(note) for note in table.legend]
    return "\n".join(out)


def _section(section: Section, width: int | None) -> list[str]:
    out = ["", plain(section.title), "-" * min(len(plain(section.title)), width or 200)]
    for block in section.blocks:
        if isinstance(block, Table):
            out += [text_table(block, width), ""]
        elif isinstance(block, Bullets):
            mark = "!" if block.kind == "warning" else "-"
            out += [f"  {mark} {plain(str(item))}" for item in block.items] + [""]
        elif isinstance(block, Paragraph):
            out += [plain(block.text), ""]
        elif isinstance(block, Chart):
            continue
    while out and out[-1] == "":
        out.pop()
    return out


def render_text(report: Report, *, width: int | None = None) -> str:
    """The whole report as text (``width``: the terminal's, or None for piped output)."""
    title = plain(report.title)
    out = [title, "=" * min(len(title), width or 200)]
    if report.subtitle:
        out.append(plain(report.subtitle))
    if report.generated:
        out.append(f"run {plain(report.generated)}")
    if report.figures:
        label_width = max(len(plain(f.label)) for f in report.figures)
        out.append("")
        out += [f"  {plain(f.label).ljust(label_width)}  {plain(f.value)}" for f in report.figures]
    for section in report.all_sections():
        out += _section(section, width)
    return "\n".join(out).rstrip() + "\n"
