"""Documents on standard input, for pipelines: ``cat map.yaml | socialvalue value -``.

Inside :func:`reading_stdin` (the command line sets it up around every command), the path
``-`` given to :func:`socialvalue.documents.read_document` or
:func:`~socialvalue.documents.read_bytes` means standard input:

* it is read once (a command that reads its document twice gets the same bytes), under the
  same ``max_bytes`` limit as a file, and refused when empty;
* it is named ``<stdin>`` in errors and in results' provenance (:func:`source_name`);
* its format is JSON when it starts with ``{`` or ``[`` and reads as JSON, else YAML;
* files a document from standard input names are taken from the current directory, which
  stands in for the document's folder (the commands pass ``Path("-").parent``, ``.``).

Outside :func:`reading_stdin`, ``-`` is an ordinary file name, so the library never reads
standard input unasked. :func:`with_kind` fills in the ``kind:`` of a document that has none
(``--kind``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from socialvalue.config import current_limits
from socialvalue.errors import DocumentError, LimitExceededError, ParseError, ValidationError

__all__ = ["STDIN", "STDIN_SOURCE", "is_stdin", "read_stdin", "reading_stdin", "source_name", "stdin_document",
           "with_kind"]

STDIN = "-"
"""The path meaning standard input (inside :func:`reading_stdin`)."""
STDIN_SOURCE = "<stdin>"
"""How standard input is named in errors and results."""

_STDIN: ContextVar[dict[str, bytes] | None] = ContextVar("socialvalue_stdin", default=None)


@contextmanager
def reading_stdin() -> Iterator[None]:
    """Within this block (the command line's), the path ``-`` reads standard input, once: a second
    read in the same block gets the same bytes. Outside it, ``-`` is an ordinary file name."""
    token = _STDIN.set({})
    try:
        yield
    finally:
        _STDIN.reset(token)


def is_stdin(path: str | os.PathLike[str] | None) -> bool:
    """Whether ``path`` means standard input here (``-`` inside :func:`reading_stdin`)."""
    return path is not None and str(path) == STDIN and _STDIN.get() is not None


def source_name(path: str | os.PathLike[str]) -> str:
    """How ``path`` is named in errors and results: ``<stdin>`` for standard input, else the path."""
    return STDIN_SOURCE if is_stdin(path) else str(path)


def read_stdin() -> bytes:
    """The bytes of standard input (read on the first call inside :func:`reading_stdin`, then remembered)."""
    cache = _STDIN.get()
    if cache is None:
        raise DocumentError("standard input is read only by the command line", source=STDIN_SOURCE,
                            hint="give a file path")
    if "bytes" in cache:
        return cache["bytes"]
    limit = current_limits().max_bytes
    stream = sys.stdin
    if stream is None:
        raise DocumentError("there is no standard input to read", source=STDIN_SOURCE,
                            hint="pipe a document in (cat map.yaml | socialvalue value -) or give a file")
    try:
        if stream.isatty():  # someone typed `-` at a prompt: say what is awaited rather than seem to hang
            print("reading a document from standard input (end it with Ctrl-D)", file=sys.stderr)
        buffer = getattr(stream, "buffer", None)
        raw = buffer.read(limit + 1) if buffer is not None else stream.read(limit + 1).encode("utf-8")
    except (OSError, ValueError) as exc:  # closed, or not readable
        raise DocumentError(f"cannot read standard input: {exc}", source=STDIN_SOURCE) from None
    if len(raw) > limit:
        raise LimitExceededError(f"standard input is larger than {limit:,} bytes", source=STDIN_SOURCE)
    if not raw.strip():
        raise DocumentError("standard input is empty", source=STDIN_SOURCE,
                            hint="pipe a document in, e.g. cat map.yaml | socialvalue value -")
    cache["bytes"] = raw
    return raw


def stdin_document() -> tuple[Any, bytes]:
    """The document on standard input and its bytes: JSON when it starts with ``{`` or ``[`` and reads as
    JSON, else YAML."""
    from socialvalue.documents import load_data

    raw = read_stdin()
    if raw.lstrip()[:1] in (b"{", b"["):  # JSON (or a YAML flow collection: read as YAML if it is not JSON)
        try:
            return load_data(raw, source=STDIN_SOURCE, fmt="json"), raw
        except ParseError as exc:
            try:
                return load_data(raw, source=STDIN_SOURCE, fmt="yaml"), raw
            except ParseError:
                raise exc from None  # neither: the JSON error says more
    return load_data(raw, source=STDIN_SOURCE, fmt="yaml"), raw


def with_kind(document: Any, kind: str | None, source: str) -> Any:
    """``document`` with ``kind`` (``--kind``) filled in when it has no ``kind:`` field; refused when the
    document names another kind."""
    if kind is None or not isinstance(document, Mapping):
        return document
    own = document.get("kind")
    if own is None:
        return {"kind": kind, **{k: val for k, val in document.items() if k != "kind"}}
    if own != kind:
        raise ValidationError(f"--kind {kind} disagrees with the document's kind: {own}", source=source,
                              field="--kind", hint="drop --kind (the document's own kind: is used), or fix its kind:")
    return document
