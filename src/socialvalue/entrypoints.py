"""Installed entry points and versions, found once per installation rather than once per run.

Finding plugins means asking :mod:`importlib.metadata` to read every installed distribution's
metadata, which costs more than a small valuation. What it finds changes only when packages are
installed or removed, and installing or removing a package changes the folder it lives in. So
the entry points of the ``socialvalue.*`` groups (and the versions socialvalue reports) are
remembered in the user's cache (:mod:`socialvalue.cache`) under a key made of every import
folder on ``sys.path`` and its modification time; a new key scans again.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import sys
import threading
from typing import Any

__all__ = ["EntryPoint", "entry_points", "version"]

_PREFIX = "socialvalue"
_VERSIONED = ("socialvalue", "pint")
_lock = threading.Lock()
_found: dict[str, dict[str, Any]] = {}
"""Scans of this process, by key (``sys.path`` can change while a process runs, e.g. in tests)."""


class EntryPoint:
    """One entry point: ``name = module:attribute`` in ``group``, from distribution ``dist_name``."""

    __slots__ = ("dist_name", "group", "name", "value")

    def __init__(self, name: str, value: str, group: str, dist_name: str) -> None:
        self.name, self.value, self.group, self.dist_name = name, value, group, dist_name

    def __repr__(self) -> str:
        return f"EntryPoint({self.name!r}, {self.value!r}, group={self.group!r}, dist={self.dist_name!r})"

    def load(self) -> Any:
        """The object the entry point names (imports its module)."""
        module, _, attribute = self.value.partition(":")
        obj = importlib.import_module(module.strip())
        for part in filter(None, attribute.strip().split(".")):
            obj = getattr(obj, part)
        return obj


def _key() -> str:
    parts = [sys.version, sys.prefix]
    skip = {"", os.getcwd()}
    for entry in sys.path:
        if entry in skip:  # the current folder (python -m, python -c): it changes as files are written
            continue
        try:
            parts.append(f"{entry}\0{os.stat(entry).st_mtime_ns}")
        except OSError:
            parts.append(f"{entry}\0-")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def _scan() -> dict[str, Any]:
    from importlib import metadata

    groups: dict[str, list[list[str]]] = {}
    seen: set[str] = set()
    for dist in metadata.distributions():  # as metadata.entry_points(): the first of each name on sys.path
        name = (dist.metadata["Name"] or "").lower().replace("_", "-")
        if name in seen:
            continue
        seen.add(name)
        for ep in dist.entry_points:
            if ep.group.startswith(_PREFIX):
                groups.setdefault(ep.group, []).append([ep.name, ep.value, dist.metadata["Name"] or ""])
    versions = {}
    for name in _VERSIONED:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "0.0.0+unknown"
    return {"groups": groups, "versions": versions}


def _data() -> dict[str, Any]:
    key = _key()
    with _lock:
        if key not in _found:
            from socialvalue.cache import read_json, write_json

            stored = read_json("entry-points", key)
            if isinstance(stored, dict) and isinstance(stored.get("groups"), dict) and \
                    isinstance(stored.get("versions"), dict):
                _found[key] = stored
            else:
                _found[key] = _scan()
                write_json("entry-points", key, _found[key])
        return _found[key]


def entry_points(group: str) -> list[EntryPoint]:
    """The installed entry points of ``group`` (one of the ``socialvalue.*`` groups)."""
    return [EntryPoint(name, value, group, dist) for name, value, dist in _data()["groups"].get(group, [])]


def version(distribution: str) -> str:
    """The installed version of ``socialvalue`` or ``pint``."""
    return str(_data()["versions"].get(distribution, "0.0.0+unknown"))


def forget() -> None:
    """Scan again on next use (after installing a package in a running session, and in tests)."""
    with _lock:
        _found.clear()
