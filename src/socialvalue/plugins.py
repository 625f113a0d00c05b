"""One registry for both plugin groups: ``socialvalue.frameworks`` and ``socialvalue.proxies``.

Plugins are found through Python entry points, so a third-party package adds a framework
or a proxy dataset just by declaring one in its ``pyproject.toml``; the built-ins register
the same way. The registry is

* **lazy**: entry points are listed cheaply and a plugin is imported on first use;
* **cached**: each plugin is loaded once per process (``reset()`` clears the cache);
* **forgiving**: a plugin that fails to import emits a :class:`PluginWarning` and the
  others still load; two plugins with one name warn and the first (by distribution
  name) wins;
* **helpful**: an unknown name raises :class:`UnknownPluginError` listing what is installed;
* **scriptable**: ``register()`` adds an object directly, for tests and notebooks.

An entry point may name the plugin object itself or a zero-argument factory returning it.
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

from socialvalue.entrypoints import EntryPoint, entry_points
from socialvalue.errors import PluginError, SocialValueError, UnknownPluginError
from socialvalue.suggest import close_matches

__all__ = ["FRAMEWORKS_GROUP", "PROXIES_GROUP", "PluginWarning", "Registry", "frameworks", "proxy_datasets"]

FRAMEWORKS_GROUP = "socialvalue.frameworks"
PROXIES_GROUP = "socialvalue.proxies"

T = TypeVar("T")


class PluginWarning(UserWarning):
    """A plugin could not be loaded, or two plugins share a name."""


class Registry(Generic[T]):
    """Plugins of one entry-point group, loaded lazily and cached."""

    def __init__(self, group: str, kind: str, check: Callable[[Any, str], T] | None = None) -> None:
        self.group = group
        self.kind = kind
        self._check = check
        self._lock = threading.RLock()
        self._entry_points: dict[str, EntryPoint] | None = None
        self._loaded: dict[str, T] = {}
        self._registered: dict[str, T] = {}
        self._broken: dict[str, str] = {}

    def __repr__(self) -> str:
        return f"<Registry {self.group!r}: {', '.join(self.names()) or 'empty'}>"

    # -- discovery ---------------------------------------------------------------------------

    def _discover(self) -> dict[str, EntryPoint]:
        with self._lock:
            if self._entry_points is None:
                found: dict[str, EntryPoint] = {}
                eps = sorted(entry_points(self.group), key=lambda ep: (ep.name, ep.dist_name, ep.value))
                for ep in eps:
                    if ep.name in found:
                        if found[ep.name].value != ep.value:
                            warnings.warn(
                                f"two {self.kind} plugins are named {ep.name!r} ({found[ep.name].value} and "
                                f"{ep.value}); using the first", PluginWarning, stacklevel=3)
                        continue
                    found[ep.name] = ep
                self._entry_points = found
            return self._entry_points

    def names(self) -> list[str]:
        """Names of every installed or registered plugin (nothing is imported)."""
        return sorted(set(self._discover()) | set(self._registered))

    def __contains__(self, name: object) -> bool:
        return name in self.names()

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())

    # -- loading -----------------------------------------------------------------------------

    def get(self, name: str) -> T:
        """The plugin called ``name``; raises :class:`UnknownPluginError` or :class:`PluginError`."""
        with self._lock:
            if name in self._registered:
                return self._registered[name]
            if name in self._loaded:
                return self._loaded[name]
            eps = self._discover()
            if name not in eps:
                installed = self.names()
                raise UnknownPluginError(
                    f"no {self.kind} called {name!r} is installed",
                    suggestions=close_matches(name, installed),
                    hint=("installed: " + ", ".join(installed)) if installed else
                    f"install a package that provides the {self.group!r} entry point",
                )
            if name in self._broken:
                raise PluginError(f"{self.kind} plugin {name!r} failed to load: {self._broken[name]}")
            try:
                obj = eps[name].load()
                if callable(obj) and not isinstance(obj, type) and getattr(obj, "__socialvalue_factory__", True):
                    obj = obj()
                if self._check is not None:
                    obj = self._check(obj, name)
            except SocialValueError as exc:
                self._broken[name] = str(exc)
                raise PluginError(f"{self.kind} plugin {name!r} ({eps[name].value}) is invalid: {exc}") from exc
            except Exception as exc:  # a third-party import can fail in any way
                self._broken[name] = f"{type(exc).__name__}: {exc}"
                raise PluginError(
                    f"{self.kind} plugin {name!r} ({eps[name].value}) failed to load: {type(exc).__name__}: {exc}"
                ) from exc
            self._loaded[name] = obj
            return obj

    def load_all(self) -> dict[str, T]:
        """Every plugin that loads; broken ones emit a :class:`PluginWarning` and are skipped."""
        out: dict[str, T] = {}
        for name in self.names():
            try:
                out[name] = self.get(name)
            except PluginError as exc:
                warnings.warn(str(exc), PluginWarning, stacklevel=2)
        return out

    @property
    def broken(self) -> dict[str, str]:
        """Plugins that failed to load so far, with the reason."""
        return dict(self._broken)

    # -- test and notebook hooks -------------------------------------------------------------

    def register(self, name: str, obj: T, *, replace: bool = False) -> T:
        """Add ``obj`` under ``name`` without an entry point (tests, notebooks)."""
        if self._check is not None:
            obj = self._check(obj, name)
        with self._lock:
            if not replace and (name in self._registered or name in self._discover()):
                raise PluginError(f"a {self.kind} called {name!r} already exists",
                                  hint="pass replace=True to override it deliberately")
            self._registered[name] = obj
        return obj

    def unregister(self, name: str) -> None:
        with self._lock:
            self._registered.pop(name, None)

    def reset(self) -> None:
        """Forget discovered, loaded and registered plugins (the next use discovers again)."""
        from socialvalue.entrypoints import forget

        forget()
        with self._lock:
            self._entry_points = None
            self._loaded.clear()
            self._registered.clear()
            self._broken.clear()


def _check_dataset(obj: Any, name: str) -> Any:
    from socialvalue.proxies.dataset import ProxyDataset

    if not isinstance(obj, ProxyDataset):
        raise PluginError(f"proxy plugin {name!r} returned {type(obj).__name__}, not a ProxyDataset",
                          hint="the entry point must name a ProxyDataset or a function returning one")
    return obj


def _check_framework(obj: Any, name: str) -> Any:
    """Refuse, at load, a framework plugin that lacks part of the contract, naming every missing part."""
    from socialvalue.frameworks.base import describe_contract

    missing = describe_contract(obj)
    if missing:
        raise PluginError(f"framework plugin {name!r} ({type(obj).__name__}) lacks: " + "; ".join(missing),
                          hint="subclass socialvalue.frameworks.Framework; see docs/howto/framework-plugin.md")
    if obj.id != name:
        raise PluginError(f"framework plugin {name!r} has the id {obj.id!r}",
                          hint="register the framework under its own id (results record the id, and verify "
                               "finds the framework by it)")
    return obj


proxy_datasets: Registry[Any] = Registry(PROXIES_GROUP, "proxy dataset", _check_dataset)
"""Installed proxy datasets (entry-point group ``socialvalue.proxies``)."""

frameworks: Registry[Any] = Registry(FRAMEWORKS_GROUP, "framework", _check_framework)
"""Installed frameworks (entry-point group ``socialvalue.frameworks``)."""
