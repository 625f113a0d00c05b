"""Optional dependencies, imported only when a feature needs them.

The core of socialvalue needs numpy, pint, attrs and PyYAML only. DataFrames (pandas) and
plots (matplotlib) come with the ``notebook`` extra::

    pip install 'socialvalue[notebook]'

:func:`require` imports such a dependency at the moment it is needed and, when it is missing
(or too old), raises :class:`~socialvalue.errors.MissingDependencyError` naming the extra to
install, instead of a bare ``ModuleNotFoundError`` from deep inside the library.
"""

from __future__ import annotations

import importlib
import re
from types import ModuleType

from socialvalue.errors import MissingDependencyError

__all__ = ["MINIMUM_VERSIONS", "NOTEBOOK_EXTRA", "require"]

NOTEBOOK_EXTRA = "notebook"
"""The extra that brings pandas and matplotlib."""

MINIMUM_VERSIONS: dict[str, str] = {"pandas": "2.0", "matplotlib": "3.7"}
"""Oldest version of each optional dependency that socialvalue is tested with (as in the extra)."""


def require(module: str, extra: str = NOTEBOOK_EXTRA, *, purpose: str | None = None) -> ModuleType:
    """Import ``module`` (e.g. ``"pandas"`` or ``"matplotlib.figure"``) or explain how to get it.

    ``extra`` is the package extra that installs it; ``purpose`` says what it is needed for
    (``"to_frame()"``), for the message. The top-level package is imported first, so a
    dependency that is missing (or blocked, as tests do with ``sys.modules["pandas"] = None``)
    is reported even when a submodule was imported earlier.

    Raises :class:`~socialvalue.errors.MissingDependencyError` (also an ``ImportError``) when
    the package is not installed, fails to import, or is older than :data:`MINIMUM_VERSIONS`.
    """
    top = module.partition(".")[0]
    need = f" for {purpose}" if purpose else ""
    hint = f"pip install 'socialvalue[{extra}]'"
    try:
        package = importlib.import_module(top)
        loaded = importlib.import_module(module) if module != top else package
    except ImportError as exc:
        if isinstance(exc, ModuleNotFoundError) and exc.name in (top, module):
            message = f"{top} is needed{need} but is not installed"
        else:
            message = f"{top} is needed{need} but could not be imported ({exc})"
        error = MissingDependencyError(message, hint=hint)
        error.name = top
        raise error from exc
    minimum = MINIMUM_VERSIONS.get(top)
    version = getattr(package, "__version__", None)
    if minimum and isinstance(version, str) and _version_tuple(version) < _version_tuple(minimum):
        error = MissingDependencyError(f"{top} {minimum} or later is needed{need}; {version} is installed",
                                       hint=f"pip install --upgrade '{top}>={minimum}' (or {hint})")
        error.name = top
        raise error
    return loaded


def _version_tuple(version: str) -> tuple[int, ...]:
    """``"3.10.1rc1"`` -> ``(3, 10, 1)``: the leading numeric release segments."""
    parts = []
    for piece in version.split("."):
        match = re.match(r"\d+", piece)
        if match is None:
            break
        parts.append(int(match.group()))
        if match.end() != len(piece):
            break
    return tuple(parts)
