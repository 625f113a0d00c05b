"""Tidy pandas DataFrames of every result (``pip install 'socialvalue[notebook]'``): the public names.

``result.to_frame(kind)`` and ``result.frame_kinds()`` are the usual way in. This module keeps
the functions of the same names for code and notebooks written against it; they are those of
:mod:`socialvalue.results.frames`, the registry in which every framework (built-in or plugin)
declares its kinds of frame from its own ``frames.py``. The kinds, their rows and columns are
listed in ``docs/reference/dataframes.md``.
"""

from __future__ import annotations

from typing import Any

from socialvalue.results.frames import (
    BOOL,
    DATE,
    FLOAT,
    INT,
    NINT,
    TEXT,
    Column,
    FrameSpec,
    frame_kinds,
    frame_spec,
    iter_specs,
    records,
    require_part,
    to_frame,
)

__all__ = ["BOOL", "DATE", "FLOAT", "INT", "NINT", "TEXT", "Column", "FrameSpec", "frame_kinds",
           "frame_spec", "iter_specs", "records", "require_part", "to_frame"]


def __getattr__(name: str) -> Any:  # PEP 562: SPECS is computed when asked for, after loading the frameworks
    """``SPECS``: every frame spec of every installed framework (it was a fixed tuple of the built-ins)."""
    if name == "SPECS":
        from socialvalue.plugins import frameworks

        frameworks.load_all()  # each framework registers its specs when it loads; a broken one warns
        return tuple(iter_specs())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
