"""A registry of the kinds of output (DataFrames, charts) each result class offers.

Frames (:mod:`socialvalue.results.frames`) and charts (:mod:`socialvalue.results.plotting`)
are declared the same way by every framework, built-in or plugin: a spec per kind, registered
against the result class. This is the one place that keeps them, finds the specs of a result
(its nearest class that has any, importing its framework through the plugin registry when
nothing is registered yet), and refuses an unknown kind with a suggestion.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterable
from typing import Any, Generic, Protocol, TypeVar

from socialvalue.errors import UnknownNameError, ValidationError
from socialvalue.suggest import close_matches

__all__ = ["KindRegistry", "load_framework_of"]


class _Spec(Protocol):
    kind: str
    result: str


S = TypeVar("S", bound=_Spec)


def load_framework_of(result: Any) -> None:
    """Import the framework that made ``result``, through the plugin registry (``result.framework``).

    A framework's package registers its frames and charts when it is imported, so a result whose
    class has nothing registered yet (its framework was never imported in this process, e.g. an
    unpickled result) gets them on first use.
    """
    name = getattr(result, "framework", None)
    if not isinstance(name, str) or not name:
        return
    from socialvalue.plugins import frameworks

    try:
        frameworks.get(name)
    except Exception:  # noqa: BLE001 - a missing or broken plugin simply declares nothing
        return


class KindRegistry(Generic[S]):
    """Specs (dataclasses with ``kind`` and ``result`` fields) per result class, default kind first."""

    def __init__(self, what: str, register_call: str) -> None:
        self.what = what  # "DataFrame", "chart": for messages
        self.register_call = register_call  # the public function that registers, for the hint
        self._lock = threading.Lock()
        self._specs: dict[type, list[S]] = {}

    def register(self, result_class: type, *specs: S) -> None:
        """Declare kinds of ``result_class`` (the first ever registered is the default); registering a
        kind again replaces it."""
        path = f"{result_class.__module__}.{result_class.__qualname__}"
        with self._lock:
            known = self._specs.setdefault(result_class, [])
            for spec in specs:
                stamped = dataclasses.replace(spec, result=path)  # type: ignore[type-var]
                known[:] = [s for s in known if s.kind != spec.kind] + [stamped]

    def specs_for(self, result: Any) -> list[S]:
        """The specs of the nearest class in ``result``'s MRO that has any, importing its framework once."""
        for attempt in (0, 1):
            with self._lock:
                for cls in type(result).__mro__:
                    if cls in self._specs:
                        return list(self._specs[cls])
            if attempt == 0:
                load_framework_of(result)
        return []

    def kinds(self, result: Any) -> tuple[str, ...]:
        return tuple(s.kind for s in self.specs_for(result))

    def spec(self, result: Any, kind: str | None) -> S:
        """One kind of ``result`` (``None``: its default); an unknown kind is refused with a suggestion."""
        specs = self.specs_for(result)
        if not specs:
            raise ValidationError(f"no {self.what} is defined for {type(result).__name__}", field="result",
                                  hint=f"its framework declares none ({self.register_call})")
        if kind is None:
            return specs[0]
        for s in specs:
            if s.kind == kind:
                return s
        kinds = [s.kind for s in specs]
        raise UnknownNameError(f"{type(result).__name__} has no {self.what} kind {kind!r}", field="kind",
                               suggestions=close_matches(str(kind), kinds), hint="kinds: " + ", ".join(kinds))

    def iter_specs(self, result_class: type | str | None = None) -> Iterable[S]:
        """Every registered spec (of one result class or class path, when given): used for the docs."""
        with self._lock:
            items = [(cls, s) for cls, specs in self._specs.items() for s in specs]
        for cls, spec in items:
            if result_class is None or cls is result_class or spec.result == result_class:
                yield spec
