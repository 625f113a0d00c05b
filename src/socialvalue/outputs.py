"""The one output writer: reports, results and exported files are written here, safely.

A report written over its own input destroys the evidence it was made from (``socialvalue
verify r.json map.yaml -o r.json``), and a write that fails half-way leaves a truncated
file where the old report was. So every file socialvalue writes goes through
:func:`write_outputs`, which

* refuses a path that is the same file as any file read for the run (the document, the
  files it names, datasets, a result being verified; compared after following symlinks and
  by device and inode, so hard links count too) or as another output of the same run;
* refuses a folder that does not exist and a path that is a folder, before anything is
  written (:class:`~socialvalue.errors.OutputPathError`, an input error);
* writes each file to a temporary file beside it and renames it into place, so a failure
  (a full disk, no permission) leaves the old file untouched and no partial file behind
  (:class:`~socialvalue.errors.OutputWriteError`, exit status 3 on the command line);
* writes ``-`` to standard output.

Which files were read is recorded by :func:`socialvalue.documents.read_bytes` inside
:func:`recording_reads`, so no command has to list its inputs by hand.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from socialvalue.errors import OutputPathError, OutputWriteError

__all__ = ["STDOUT", "Output", "check_outputs", "current_reads", "note_read", "recording_reads", "write_outputs"]

STDOUT = "-"
"""The output path meaning standard output."""

_READS: ContextVar[list[Path] | None] = ContextVar("socialvalue_reads", default=None)


@contextmanager
def recording_reads() -> Iterator[list[Path]]:
    """Within this block, every file read through :func:`socialvalue.documents.read_bytes` is listed."""
    log: list[Path] = []
    token = _READS.set(log)
    try:
        yield log
    finally:
        _READS.reset(token)


def current_reads() -> list[Path]:
    """The files read so far inside the innermost :func:`recording_reads` block (empty outside one)."""
    return list(_READS.get() or ())


def note_read(path: Path) -> None:
    """Record that ``path`` was read (called by the one reader)."""
    log = _READS.get()
    if log is not None:
        log.append(path)


class Output:
    """One file to write: where, what, and what it is (for messages)."""

    __slots__ = ("label", "path", "text")

    def __init__(self, path: str | os.PathLike[str], text: str, label: str = "--output") -> None:
        self.path = str(path)
        self.text = text if text.endswith("\n") else text + "\n"
        self.label = label

    @property
    def to_stdout(self) -> bool:
        return self.path == STDOUT


def _identity(path: Path) -> tuple[object, ...]:
    """What makes two paths the same file: device and inode when it exists, else the resolved path."""
    try:
        info = path.stat()
        return ("inode", info.st_dev, info.st_ino)
    except OSError:
        return ("path", str(path.resolve()))


def check_outputs(outputs: Sequence[Output], inputs: Iterable[str | os.PathLike[str]]) -> None:
    """Refuse outputs that would overwrite an input or each other, or whose folder is unusable."""
    read = {_identity(Path(p)): str(p) for p in inputs}
    planned: dict[tuple[object, ...], Output] = {}
    stdout: Output | None = None
    for out in outputs:
        if out.to_stdout:
            if stdout is not None:
                raise OutputPathError(f"{stdout.label} and {out.label} both write to standard output",
                                      field=out.label, hint="send one of them to a file")
            stdout = out
            continue
        path = Path(out.path)
        if path.is_dir():
            raise OutputPathError(f"{out.path} is a folder, not a file", field=out.label,
                                  hint=f"give a file name inside it, e.g. {path / 'report.html'}")
        parent = path.parent if str(path.parent) else Path(".")
        if not parent.is_dir():
            raise OutputPathError(f"the folder {parent} does not exist", field=out.label,
                                  hint=f"create it first (mkdir -p {parent}) or write somewhere else")
        key = _identity(path)
        if key in read:
            raise OutputPathError(f"{out.path} is an input of this run ({read[key]}); writing it would destroy it",
                                  field=out.label, hint="write the output to another file")
        if key in planned:
            raise OutputPathError(f"{planned[key].label} and {out.label} both write {out.path}", field=out.label,
                                  hint="give each output its own file")
        planned[key] = out


def _write_atomically(path: Path, text: str) -> None:
    data = text.encode("utf-8")
    mode = None
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        pass
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent if str(path.parent) else ".")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temp, mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp, 0o666 & ~umask)
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise


def write_outputs(outputs: Sequence[Output], *, inputs: Iterable[str | os.PathLike[str]] = ()) -> list[str]:
    """Check every output (see :func:`check_outputs`), then write them; returns the files written.

    Files are written one by one, each atomically; standard output last, so a file error is
    reported before anything is printed.
    """
    check_outputs(outputs, inputs)
    written = []
    for out in outputs:
        if out.to_stdout:
            continue
        try:
            _write_atomically(Path(out.path), out.text)
        except OSError as exc:
            raise OutputWriteError(f"could not write {out.path}: {exc.strerror or exc}", field=out.label,
                                   hint="check free disk space and that you may write to that folder; "
                                        "the previous file, if any, is unchanged") from None
        written.append(out.path)
    for out in outputs:
        if out.to_stdout:
            sys.stdout.write(out.text)
            sys.stdout.flush()
    return written
