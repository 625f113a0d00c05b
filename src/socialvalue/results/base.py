"""What every result is and offers, built-in or plugin: :class:`BaseResult`.

A result writes three things:

``summary()``
    the headline figures, as plain data (also typed attributes on each result class);
``to_dict()``
    everything, as JSON-ready plain data: the same inputs give the same bytes;
``report()``
    a :class:`~socialvalue.results.report.Report` tree (title, headline figures, sections).

This base class turns them into every other form, the same way for every framework: JSON
(:meth:`to_json`), terminal text, Markdown and HTML reports (one renderer each, escaping in
one place), the notebook view (``_repr_html_``), a short ``repr``, DataFrames
(:meth:`to_frame`, declared by each framework in :mod:`socialvalue.results.frames`) and
charts (:meth:`plot`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any, ClassVar

from socialvalue.results.report import Report

__all__ = ["BaseResult", "check_finite", "short_repr"]

REPR_LIMIT = 200
"""A result's ``repr`` is one line of fewer than this many characters, however large the result."""


def short_repr(kind: str, name: Any, detail: str = "", *, name_limit: int = 60) -> str:
    """``<Kind 'name': detail>`` on one line and shorter than :data:`REPR_LIMIT` characters.

    The name (user text) has its whitespace collapsed and is cut to ``name_limit`` characters, and
    the whole line to the limit, each with an ellipsis: a notebook shows ``repr`` for a result
    inside a list or dict, where a long one would bury everything else.
    """
    text = " ".join(str(name).split())
    if len(text) > name_limit:
        text = text[:name_limit - 1] + "…"
    out = f"<{kind} {text!r}" + (f": {' '.join(detail.split())}" if detail else "")
    if len(out) >= REPR_LIMIT - 1:
        out = out[:REPR_LIMIT - 3] + "…"
    return out + ">"


class BaseResult:
    """The base class of every result (see the module docstring)."""

    framework: str = ""
    title: ClassVar[str] = "socialvalue result"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Every result's ``to_dict()`` returns ordinary, editable copies of its read-only parts."""
        super().__init_subclass__(**kwargs)
        own = cls.__dict__.get("to_dict")
        if own is not None and not getattr(own, "_thawed", False):
            def to_dict(self: Any, _own: Any = own) -> dict[str, Any]:
                from socialvalue.frozen import thaw

                return thaw(_own(self))

            to_dict.__doc__ = own.__doc__
            to_dict._thawed = True  # type: ignore[attr-defined]
            cls.to_dict = to_dict  # type: ignore[method-assign]

    # -- what a result writes ------------------------------------------------------------------

    def summary(self) -> dict[str, Any]:
        """The headline figures, as plain data."""
        raise NotImplementedError(f"{type(self).__name__} does not define summary()")

    def to_dict(self) -> dict[str, Any]:
        """Everything, as JSON-ready plain data."""
        raise NotImplementedError(f"{type(self).__name__} does not define to_dict()")

    def report(self) -> Report:
        """The report tree every output format is rendered from."""
        raise NotImplementedError(f"{type(self).__name__} does not define report()")

    # -- what the base class makes of it -------------------------------------------------------

    def to_json(self, *, indent: int | None = 2) -> str:
        """The result as JSON text (keys in a fixed order, floats written exactly)."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False, allow_nan=False)

    def to_text(self, *, width: int | None = None) -> str:
        """A report for a terminal; ``width`` fits tables to that many columns."""
        from socialvalue.results.text import render_text

        return render_text(self.report(), width=width)

    def to_markdown(self, *, image_files: Mapping[str, str] | None = None) -> str:
        """A Markdown report."""
        from socialvalue.results.markdown import render_markdown

        return render_markdown(self.report(), image_files=image_files)

    def to_html(self) -> str:
        """A self-contained HTML report (no scripts, fonts or external requests)."""
        from socialvalue.results.html import render_html

        return render_html(self.report())

    def _repr_html_(self) -> str:
        from socialvalue.results.html import render_html

        return render_html(self.report(), compact=True, page=False)

    def render(self, fmt: str, *, width: int | None = None) -> str:
        """The result in ``fmt``: ``text``, ``json``, ``markdown`` or ``html``."""
        if fmt == "json":
            return self.to_json()
        if fmt == "markdown":
            return self.to_markdown()
        if fmt == "html":
            return self.to_html()
        return self.to_text(width=width) if width is not None else self.to_text()

    def __str__(self) -> str:
        return self.to_text()

    def __repr__(self) -> str:
        """A one-line summary: the result's title and its first headline figures."""
        report = self.report()
        figures = ", ".join(f"{f.label} {f.value}" for f in report.figures[:3])
        return short_repr(type(self).__name__, report.title, figures)

    # -- DataFrames and charts, declared by each framework ---------------------------------------

    def frame_kinds(self) -> tuple[str, ...]:
        """The DataFrame kinds :meth:`to_frame` accepts for this result (the first is the default)."""
        from socialvalue.results.frames import frame_kinds

        return frame_kinds(self)

    def to_frame(self, kind: str | None = None) -> Any:
        """A tidy pandas DataFrame of one kind (see :meth:`frame_kinds`); needs the ``notebook`` extra."""
        from socialvalue.results.frames import to_frame

        return to_frame(self, kind)

    def plot_kinds(self) -> tuple[str, ...]:
        """The chart kinds :meth:`plot` accepts for this result (the first is the default)."""
        from socialvalue.results.plotting import plot_kinds

        return plot_kinds(self)

    def plot(self, kind: str | None = None, **options: Any) -> Any:
        """A matplotlib figure of one kind (see :meth:`plot_kinds`); needs the ``notebook`` extra."""
        from socialvalue.results.plotting import plot

        return plot(self, kind, **options)


def check_finite(result: Any, *, source: str | None = None) -> Any:
    """Return ``result`` if every number in it (``result.to_dict()``, or a list of such) is finite, else raise.

    A safety net for figures that overflow float64 (a quantity of 1e308 times a proxy):
    a result holding ``inf`` or ``NaN`` would be a wrong answer, so it is refused with
    :class:`~socialvalue.errors.ValidationError` naming the first such figure.
    """
    from socialvalue.errors import ValidationError

    def plain(obj: Any) -> Any:
        if hasattr(obj, "to_dict"):
            return obj.to_dict()
        if isinstance(obj, (list, tuple)):
            return [plain(x) for x in obj]
        return obj

    stack: list[tuple[str, Any]] = [("", plain(result))]
    while stack:
        path, item = stack.pop()
        if isinstance(item, float) and not math.isfinite(item):
            raise ValidationError(
                f"the result figure {path or 'value'} is not a finite number ({item}): the inputs are too large "
                "to compute with", source=source,
                hint="check quantities, amounts and proxy values for typos and units; use realistic sizes")
        if isinstance(item, Mapping):
            stack.extend((f"{path}.{k}" if path else str(k), val) for k, val in reversed(list(item.items())))
        elif isinstance(item, (list, tuple)):
            stack.extend((f"{path}[{i}]", val) for i, val in reversed(list(enumerate(item))))
    return result
