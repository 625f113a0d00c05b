"""Evaluating a document that arrived over HTTP, in a sandbox folder, within bounds.

A document sent over HTTP must not name a file on the server. Each request gets its own empty
temporary folder as the document's folder: files the document refers to (a bids CSV, a forecast,
a previous assessment, a catalogue, a dataset) must come in the same request (multipart parts
saved into that folder under their own base names), and socialvalue's one path rule refuses any
path that leaves the folder, absolute or relative. The folder is deleted afterwards.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from socialvalue.errors import DocumentError, SocialValueError, ValidationError

__all__ = ["error_body", "evaluate_request", "parse_body", "verify_request"]


def parse_body(raw: bytes, content_type: str, *, source: str) -> Any:
    """The document in a request body: JSON, or YAML (read by socialvalue's safe reader)."""
    from socialvalue.documents import load_data

    kind = content_type.split(";")[0].strip().lower()
    fmt = "json" if kind.endswith("json") else "yaml"
    return load_data(raw, source=source, fmt=fmt)


def _safe_name(name: str) -> Path:
    """An attached file's name as a relative path inside the request's folder (``bids.csv``, ``data/x.yaml``)."""
    parts = [p for p in name.replace("\\", "/").split("/") if p]
    if not parts or Path(name).is_absolute() or any(p in (".", "..") or p.startswith(".") for p in parts):
        raise ValidationError(f"attached file name {name!r} is not a relative file name inside the request",
                              field="files", hint="attach files under the name the document uses for them "
                                                  "(e.g. bids.csv or data/bids.csv)")
    return Path(*parts)


def _save(folder: Path, files: Mapping[str, bytes]) -> None:
    for name, content in files.items():
        target = folder / _safe_name(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def evaluate_request(document: Any, options: Mapping[str, Any], files: Mapping[str, bytes], *, source: str,
                     max_draws: int, formats: tuple[str, ...] = ("json",)) -> dict[str, str]:
    """Evaluate ``document`` with its framework in a fresh folder holding only ``files``; the result
    rendered in each of ``formats``.

    When ``source`` is a relative path (``examples/map.yaml``) the document is placed at that path
    inside the folder, so the files it names are recorded as the client named them
    (``examples/tender.yaml``), exactly as ``socialvalue run`` run from the client's folder records
    them; the folder's own (random, temporary) location never appears in a response.
    """
    from socialvalue.config import limits
    from socialvalue.frameworks import framework_for

    folder = Path(tempfile.mkdtemp(prefix="socialvalue-serve-"))
    try:
        place = Path(source).parent if _relative(source) else Path()
        base = folder / place
        base.mkdir(parents=True, exist_ok=True)
        _save(base, files)
        framework = framework_for(document, source=source)
        with limits(max_draws=max_draws):
            result = framework.evaluate(document, source=source, options={**options, "base_dir": str(base)})
            prefix = f"{folder}/"
            return {fmt: result.render(fmt).replace(prefix, "") for fmt in formats}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _relative(source: str) -> bool:
    path = Path(source)
    return not path.is_absolute() and ".." not in path.parts and not source.startswith("<") and bool(path.parts)


def verify_request(result: Any, document: Any, files: Mapping[str, bytes], *, max_draws: int) -> Any:
    """Re-run ``document`` with the options ``result`` records and compare (``socialvalue verify``)."""
    from socialvalue.config import limits
    from socialvalue.verify import verify

    folder = Path(tempfile.mkdtemp(prefix="socialvalue-serve-"))
    try:
        _save(folder, files)
        path = folder / "document.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        with limits(max_draws=max_draws):
            return verify(result, path)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def error_body(exc: SocialValueError) -> dict[str, Any]:
    """The JSON an error is reported as: class, message, where, and the fix."""
    return {"error": type(exc).__name__, "message": exc.message, "source": exc.source, "field": exc.field,
            "hint": exc.hint, "text": str(exc),
            "status": 413 if isinstance(exc, DocumentError) and "larger than" in exc.message else 422}
