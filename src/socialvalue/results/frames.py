"""Tidy pandas DataFrames of results, declared by each framework (``pip install 'socialvalue[notebook]'``).

A framework declares the kinds of frame its results offer with :func:`register_frames`
(its own ``frames.py``), exactly as a plugin does: a :class:`FrameSpec` names the kind,
what one row is, the documented columns (name, type, meaning) and a builder that returns
the rows as plain dicts. ``result.to_frame(kind)`` and ``result.frame_kinds()`` then work
for that result, built-in or plugin.

The column list of a kind never depends on the data: a value that does not apply is
missing (``NaN``/``<NA>``/``None``), and an empty result gives an empty frame with the same
columns. Money columns hold ``NaN`` for what is not monetised: "not monetised" is not £0.
Every frame carries ``frame.attrs`` with ``framework``, ``kind``, ``name``, ``price_year``
and ``source``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from socialvalue.errors import ValidationError
from socialvalue.results.kinds import KindRegistry, load_framework_of

__all__ = ["BOOL", "DATE", "FLOAT", "INT", "NINT", "TEXT", "Column", "FrameSpec", "columns", "frame_kinds",
           "frame_spec", "iter_specs", "load_framework_of", "records", "register_frames", "require_part", "to_frame"]

TEXT, INT, NINT, FLOAT, BOOL, DATE = "text", "int64", "Int64", "float64", "bool", "datetime64"
"""Column types: text, whole numbers, whole numbers that may be missing (pandas' nullable
``Int64``), numbers (``NaN`` when missing), true/false, dates."""


@dataclass(frozen=True)
class Column:
    """One documented column: its name, type (one of the constants above) and meaning."""

    name: str
    dtype: str
    meaning: str


def columns(*items: tuple[str, str, str]) -> tuple[Column, ...]:
    """Columns from ``(name, type, meaning)`` triples."""
    return tuple(Column(*item) for item in items)


@dataclass(frozen=True)
class FrameSpec:
    """One kind of frame for one result class: its rows, columns and the builder of its rows."""

    kind: str
    rows: str  # what one row is
    columns: tuple[Column, ...]
    build: Callable[[Any], list[dict[str, Any]]]
    result: str = ""  # dotted path of the result class, filled in by register_frames

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


_REGISTRY: KindRegistry[FrameSpec] = KindRegistry("DataFrame", "socialvalue.results.frames.register_frames")


def register_frames(result_class: type, *specs: FrameSpec) -> None:
    """Declare the frame kinds of ``result_class`` (the first is the default); a plugin calls this
    from its own module, as the built-in frameworks do."""
    _REGISTRY.register(result_class, *specs)


def frame_kinds(result: Any) -> tuple[str, ...]:
    """The kinds of frame ``result`` offers, default first (empty for other objects)."""
    return _REGISTRY.kinds(result)


def frame_spec(result: Any, kind: str | None = None) -> FrameSpec:
    """The spec of one kind of frame of ``result`` (``None``: its default kind): rows, columns, builder.

    Raises :class:`~socialvalue.errors.UnknownNameError` (with suggestions) for a kind the result
    does not offer and :class:`~socialvalue.errors.ValidationError` for an object with no frames.
    """
    return _REGISTRY.spec(result, kind)


def records(result: Any, kind: str | None = None) -> list[dict[str, Any]]:
    """The rows of a frame as plain dicts with exactly the documented keys (no pandas needed)."""
    spec = frame_spec(result, kind)
    return [{name: row.get(name) for name in spec.names} for row in spec.build(result)]


def to_frame(result: Any, kind: str | None = None) -> Any:
    """A tidy :class:`pandas.DataFrame` of ``result`` (``kind=None``: the result's default kind).

    Raises :class:`~socialvalue.errors.MissingDependencyError` without pandas,
    :class:`~socialvalue.errors.UnknownNameError` for an unknown kind and
    :class:`~socialvalue.errors.ValidationError` when the result lacks the part asked for.
    """
    from socialvalue.optional import require

    spec = frame_spec(result, kind)
    pd = require("pandas", purpose="to_frame()")
    rows = records(result, spec.kind)
    data = {c.name: _column(pd, c, [r[c.name] for r in rows]) for c in spec.columns}
    frame = pd.DataFrame(data, columns=spec.names)
    frame.attrs.update(_attrs(result, spec.kind))
    return frame


def _column(pd: Any, column: Column, values: list[Any]) -> Any:
    if column.dtype == FLOAT:
        return pd.Series([float("nan") if v is None else float(v) for v in values], dtype="float64")
    if column.dtype == INT:
        return pd.Series([int(v) for v in values], dtype="int64")
    if column.dtype == NINT:
        return pd.Series([None if v is None else int(v) for v in values], dtype="Int64")
    if column.dtype == BOOL:
        return pd.Series([bool(v) for v in values], dtype="bool")
    if column.dtype == DATE:
        return pd.Series(pd.to_datetime(pd.Series(values, dtype="object")))
    return pd.Series(values, dtype="object" if not values or all(v is None for v in values) else None)


def _attrs(result: Any, kind: str) -> dict[str, Any]:
    prov = getattr(result, "provenance", None)
    name = getattr(result, "name", None) or getattr(getattr(result, "imap", None), "name", None) or getattr(
        result, "organisation", None) or getattr(result, "title", None)
    return {"framework": getattr(result, "framework", None), "kind": kind, "name": name,
            "price_year": getattr(prov, "price_year", None), "source": getattr(prov, "source", None)}


_PARTS = {
    "sensitivity": ("sensitivity analysis", "socialvalue value FILE --sensitivity",
                    "options={'sensitivity': True}"),
    "monte_carlo": ("Monte Carlo simulation", "socialvalue value FILE --monte-carlo 10000 --seed 1",
                    "options={'monte_carlo': 10000, 'seed': 1}"),
    "comparison": ("comparison with a forecast", "socialvalue value EVALUATION.yaml (with `forecast:` set)",
                   "an evaluation map that names its forecast"),
}


def require_part(result: Any, part: str, needed_by: str) -> Any:
    """``result.<part>`` (sensitivity, monte_carlo, comparison), or a ValidationError saying how to get it."""
    value = getattr(result, part, None)
    if value is None:
        what, cli, api = _PARTS.get(part, (part, "the command with that option", f"options={{{part!r}: ...}}"))
        raise ValidationError(f"{needed_by} needs a result computed with {what}, and this one was not",
                              source=getattr(getattr(result, "provenance", None), "source", None), field=part,
                              hint=f"run `{cli}`, or evaluate(..., {api})" if part != "comparison"
                              else f"run `{cli}`: only {api} has a comparison")
    return value


def iter_specs(result_class: type | str | None = None) -> Iterable[FrameSpec]:
    """Every registered frame spec (of one result class or class path, when given): used for the docs."""
    return _REGISTRY.iter_specs(result_class)
