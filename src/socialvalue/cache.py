"""A per-user cache of work that is the same every run: validated proxy datasets, pint's unit tables.

Building the unit registry and validating a dataset of hundreds of proxies cost more than the
valuation itself, and give the same answer every time the same bytes are read. So the first run
validates and stores the result; later runs read it back **only if the key matches**: the
SHA-256 of the dataset's own bytes, its path, the library version and the source of the code
that validates it. Change any of them and the dataset is validated again, so the cache can
never serve a stale or unvalidated dataset.

The cache lives in ``$SOCIALVALUE_CACHE_DIR``, else ``$XDG_CACHE_HOME/socialvalue``, else
``~/.cache/socialvalue``. ``SOCIALVALUE_CACHE_DIR=off`` turns it off. Entries are Python
pickles, so one is read only when the file and its folder belong to the current user and no
one else can write to them; anything else (or a damaged entry) is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

__all__ = ["cache_dir", "cached", "code_fingerprint", "read_json", "write_json"]

T = TypeVar("T")
_OFF = ("off", "0", "false", "no", "none")


def cache_dir(part: str) -> Path | None:
    """The folder for ``part`` (e.g. ``datasets``), or ``None`` when caching is off."""
    configured = os.environ.get("SOCIALVALUE_CACHE_DIR")
    if configured is not None:
        if configured.strip().lower() in _OFF or not configured.strip():
            return None
        base = Path(configured)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        base = (Path(xdg) if xdg else Path.home() / ".cache") / "socialvalue"
    return base / part


def code_fingerprint(modules: Iterable[str]) -> str:
    """SHA-256 over the source files of ``modules`` (package-relative paths such as ``proxies/model.py``)."""
    root = Path(__file__).parent
    digest = hashlib.sha256()
    for name in modules:
        digest.update(name.encode())
        digest.update((root / name).read_bytes())
    return digest.hexdigest()


def _trusted(path: Path) -> bool:
    """Only the current user's own files, in a folder no one else can write to."""
    if not hasattr(os, "getuid"):  # pragma: no cover - Windows: the user's profile folder is private
        return True
    for p in (path, path.parent):
        info = p.stat()
        if info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            return False
    return True


def _load(entry: Path, read: Callable[[Path], Any]) -> Any:
    """``read(entry)`` when the entry exists and is private to this user; ``None`` otherwise or when damaged."""
    try:
        if entry.is_file() and _trusted(entry):
            return read(entry)
    except Exception:  # noqa: BLE001 - a damaged or foreign entry is rebuilt, never trusted
        return None
    return None


def _store(entry: Path, write: Callable[[Any], None], mode: str) -> None:
    """Write ``entry`` atomically through ``write(handle)``; skipped (no temporary file left) when the
    cache cannot be written, e.g. a read-only home or a full disk."""
    handle = None
    try:
        entry.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with tempfile.NamedTemporaryFile(mode, dir=entry.parent, delete=False, suffix=".tmp",
                                         encoding=None if "b" in mode else "utf-8") as handle:
            write(handle)
        os.replace(handle.name, entry)
    except OSError:
        if handle is not None:
            Path(handle.name).unlink(missing_ok=True)


def cached(part: str, key: str, build: Callable[[], T], check: Callable[[Any], bool]) -> T:
    """``build()``'s result, stored under ``key``; a stored one is used when ``check`` accepts it."""
    folder = cache_dir(part)
    if folder is None:
        return build()
    entry = folder / f"{key}.pickle"

    def read(path: Path) -> Any:
        with path.open("rb") as handle:
            return pickle.load(handle)  # noqa: S301 - the user's own, private cache entry

    stored = _load(entry, read)
    if stored is not None and check(stored):
        return stored  # type: ignore[no-any-return]
    value = build()
    _store(entry, lambda handle: pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL), "wb")
    return value


def read_json(part: str, name: str) -> Any:
    """A JSON cache entry, or ``None`` (caching off, missing, damaged or not private to this user)."""
    import json

    folder = cache_dir(part)
    return None if folder is None else _load(folder / f"{name}.json",
                                             lambda path: json.loads(path.read_text(encoding="utf-8")))


def write_json(part: str, name: str, value: Any) -> None:
    """Store a JSON cache entry atomically (silently skipped when the cache cannot be written)."""
    import json

    folder = cache_dir(part)
    if folder is not None:
        _store(folder / f"{name}.json", lambda handle: json.dump(value, handle, sort_keys=True), "w")
