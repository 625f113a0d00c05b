"""Render a :class:`~.report.Report` as Markdown (GitHub-flavoured).

User text passes through :func:`socialvalue.textsafe.markdown` (one line, markup escaped,
``<``, ``>`` and ``&`` as entities); only ``http(s)`` links become links. Charts cannot
live in Markdown text: each is named in one line, with a pointer to the HTML report (the
tables beside it hold the same figures), or linked as an image file when the caller writes
the images beside the Markdown (``image_files``).
"""

from __future__ import annotations

from collections.abc import Mapping

from socialvalue.results.report import Bullets, Cell, Chart, Link, Paragraph, Report, Section, Table
from socialvalue.textsafe import markdown, safe_url

__all__ = ["markdown_cell", "markdown_table", "render_markdown"]


def markdown_cell(value: Cell, *, cell: bool = True) -> str:
    if isinstance(value, Link):
        url = safe_url(value.url)
        text = markdown(value.text, cell=cell)
        return f"[{text}](<{url}>)" if url else text
    return markdown(value, cell=cell)


def markdown_table(table: Table) -> str:
    heads = [markdown(h, cell=True) for h in table.headers]
    lines = []
    if table.caption:
        lines += [f"*{markdown(table.caption)}*", ""]
    lines += ["| " + " | ".join(heads) + " |",
              "|" + "|".join("---:" if table.is_numeric(k) else "---" for k in range(len(heads))) + "|"]
    lines += ["| " + " | ".join(markdown_cell(c) for c in row) + " |" for row in table.rows]
    if table.legend:
        lines += [""] + [markdown(note) for note in table.legend]
    return "\n".join(lines)


def _section(section: Section, image_files: Mapping[str, str]) -> list[str]:
    out = [f"## {markdown(section.title)}", ""]
    for block in section.blocks:
        if isinstance(block, Table):
            out += [markdown_table(block), ""]
        elif isinstance(block, Bullets):
            prefix = "**Warning:** " if block.kind == "warning" else ""
            out += [f"- {prefix}{markdown_cell(item, cell=False)}" for item in block.items] + [""]
        elif isinstance(block, Paragraph):
            text = markdown(block.text)
            out += [f"> {text}" if block.kind == "note" else text, ""]
        elif isinstance(block, Chart):
            path = image_files.get(block.title)
            if path is not None:
                out += [f"![{markdown(block.alt)}]({path})", ""]
            else:
                out += [f"*Chart: {markdown(block.title)} (see the HTML report).*", ""]
    return out


def render_markdown(report: Report, *, image_files: Mapping[str, str] | None = None) -> str:
    """The whole report as Markdown; ``image_files`` maps chart titles to image paths written beside it."""
    out = [f"# {markdown(report.title)}", ""]
    if report.subtitle:
        out += [f"*{markdown(report.subtitle)}*", ""]
    if report.generated:
        out += [f"Run {markdown(report.generated)}.", ""]
    if report.figures:
        out += ["| figure | value |", "|---|---:|"]
        out += [f"| {markdown(f.label, cell=True)} | {markdown(f.value, cell=True)} |" for f in report.figures]
        out.append("")
    for section in report.all_sections():
        out += _section(section, image_files or {})
    return "\n".join(out).rstrip() + "\n"
