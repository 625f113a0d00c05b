"""The report tree every result returns from ``report()``, and that every renderer reads.

A result describes *what* to show: a title, headline figures, and sections of tables,
bullet lists, paragraphs and charts. The renderers (:mod:`.text`, :mod:`.markdown`,
:mod:`.html`) decide *how*, and escape user text in one place each, so a supplier's name
cannot add a section to a Markdown report or a script to an HTML one.

Cells and items are text already formatted by the one formatting policy
(:mod:`socialvalue.results.format`), or a :class:`Link` (only ``http(s)`` addresses become
links). Charts are SVG made by the library itself (:mod:`socialvalue.results.charts`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Union

import attrs

__all__ = ["CONFIDENCE_LEGEND", "Block", "Bullets", "Chart", "Figure", "Link", "Paragraph", "Report", "Section", "Table",
           "cells"]

CONFIDENCE_LEGEND = ("Confidence: C confirmed in the publisher's text, P read in a secondary copy (partly "
                     "confirmed), U unconfirmed.")
"""What the C/P/U mark of a proxy means: the legend of every table that shows it."""


@attrs.frozen
class Link:
    """Text that points at an address (rendered as a link only when the address is http(s))."""

    text: str
    url: str | None

    def __str__(self) -> str:
        return self.text


Cell = Union[str, Link]


def _tuple_of_rows(rows: Iterable[Sequence[Any]]) -> tuple[tuple[Cell, ...], ...]:
    return tuple(tuple(c if isinstance(c, Link) else ("" if c is None else str(c)) for c in row) for row in rows)


def cells(values: Iterable[Any]) -> tuple[Cell, ...]:
    """A row of cells from values (None becomes empty text)."""
    return tuple(v if isinstance(v, Link) else ("" if v is None else str(v)) for v in values)


@attrs.frozen
class Table:
    """Rows of cells under headers; ``numeric`` columns are right-aligned. ``wide`` tables may be
    abbreviated by a terminal renderer, never by the printed or HTML form."""

    headers: tuple[str, ...] = attrs.field(converter=tuple)
    rows: tuple[tuple[Cell, ...], ...] = attrs.field(converter=_tuple_of_rows)
    numeric: tuple[bool, ...] = attrs.field(default=(), converter=tuple)
    caption: str | None = None
    legend: tuple[str, ...] = attrs.field(default=(), converter=tuple)

    def __attrs_post_init__(self) -> None:
        width = len(self.headers)
        for i, row in enumerate(self.rows):
            if len(row) != width:
                raise ValueError(f"table row {i} has {len(row)} cells for {width} headers")
        if self.numeric and len(self.numeric) != width:
            raise ValueError(f"numeric has {len(self.numeric)} flags for {width} headers")

    def is_numeric(self, k: int) -> bool:
        return bool(self.numeric[k]) if self.numeric else False


@attrs.frozen
class Bullets:
    """A list of items; ``kind`` is ``plain``, ``warning`` or ``note``."""

    items: tuple[Cell, ...] = attrs.field(converter=cells)
    kind: str = "plain"


@attrs.frozen
class Paragraph:
    """A paragraph of text; ``kind`` is ``plain``, ``note`` (highlighted) or ``small``."""

    text: str
    kind: str = "plain"


@attrs.frozen
class Chart:
    """An SVG chart made by socialvalue (never user markup), with a text alternative."""

    title: str
    svg: str
    alt: str


Block = Union[Table, Bullets, Paragraph, Chart]


@attrs.frozen
class Section:
    """A titled part of a report. ``compact`` sections also appear in a notebook's short view."""

    title: str
    blocks: tuple[Block, ...] = attrs.field(converter=tuple)
    compact: bool = False


@attrs.frozen
class Figure:
    """A headline figure: a label and its formatted value."""

    label: str
    value: str


@attrs.frozen
class Report:
    """Everything a report shows, in order."""

    title: str
    subtitle: str | None = None
    figures: tuple[Figure, ...] = attrs.field(default=(), converter=tuple)
    sections: tuple[Section, ...] = attrs.field(default=(), converter=tuple)
    provenance: Section | None = None
    generated: str | None = None

    def all_sections(self) -> tuple[Section, ...]:
        return self.sections + ((self.provenance,) if self.provenance is not None else ())
