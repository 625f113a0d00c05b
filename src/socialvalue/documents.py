"""Reading documents safely.

Only this module (and the CLI) touches files. Documents are YAML or JSON; both are read
as plain data with hard limits, because a document may come from a supplier or the web:

* YAML is read with PyYAML's safe loader (the C one when available). Tags that would
  build Python objects are refused, duplicate keys are refused (one value would silently
  win), and alias expansion is bounded ("billion laughs").
* JSON is read with the standard library; ``NaN`` and ``Infinity`` are refused.
* Files larger than the ``max_bytes`` limit and structures deeper than ``max_depth``
  (:class:`socialvalue.config.Limits`) are refused before any work is done on them; only regular files are
  read (not directories, devices or pipes).
* A document may name other files (``datasets:``, ``presets:``, ``forecast:``,
  ``catalogue:``, ``bids_file:``, ``tender:``, ``previous:``). Such paths are resolved by
  :func:`document_path`: they must be relative and stay inside the naming document's own
  folder (symlinks are followed before the check), unless the caller allows otherwise
  with :func:`paths_outside_allowed` (``evaluate(..., allow_paths_outside=True)``).
* On the command line (inside :func:`socialvalue.stdin.reading_stdin`) the path ``-`` means
  standard input, read once with the same limits and named ``<stdin>`` (:mod:`socialvalue.stdin`).
"""

from __future__ import annotations

import gc
import json
import os
import re
import stat
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path, PureWindowsPath
from typing import Any

import yaml

from socialvalue.config import current_limits, paths_outside_allowed, paths_outside_are_allowed
from socialvalue.errors import (
    DocumentError,
    DuplicateKeyError,
    LimitExceededError,
    ParseError,
    UnsafeDocumentError,
)
from socialvalue.stdin import is_stdin, stdin_document

__all__ = ["document_path", "load_data", "paths_outside_allowed", "read_bytes", "read_document",
           "read_document_and_bytes"]


_SURROGATE = re.compile("[\ud800-\udfff]")

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader that refuses duplicate keys and counts aliases."""


def _construct_mapping(loader: Any, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    out: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        try:
            hash(key)
        except TypeError:
            raise ParseError(f"a mapping key must be plain text or a number (line {key_node.start_mark.line + 1})",
                             hint="quote complex keys or restructure the mapping") from None
        if key in out:
            raise DuplicateKeyError(
                f"key {key!r} appears twice in one mapping (line {key_node.start_mark.line + 1})",
            )
        out[key] = loader.construct_object(value_node, deep=deep)
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)

# YAML 1.1, which PyYAML implements, reads 012 as octal 10, 1_000 as 1000, 1:30 as 90 and
# 0x1F as 31: numbers a person did not mean. Only plain decimal scalars become numbers here;
# every other numeric-looking scalar stays the text it is, so that a number field refuses it
# through the one number reader (socialvalue.numbers), with the field's path and a fix, and a
# text field (a code such as 012) keeps what was written.
_STRICT_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_STRICT_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")


def _construct_int(loader: Any, node: yaml.ScalarNode) -> Any:
    text = loader.construct_scalar(node)
    if _STRICT_INT.fullmatch(text):
        return int(text)
    return text


def _construct_float(loader: Any, node: yaml.ScalarNode) -> Any:
    text = loader.construct_scalar(node)
    if _STRICT_FLOAT.fullmatch(text):
        return loader.construct_yaml_float(node)
    return text


def _construct_timestamp(loader: Any, node: yaml.ScalarNode) -> Any:
    """A date or time; an impossible one (2026-02-30) stays text, so the field that expects a
    date refuses it with its path instead of the whole file failing without one."""
    try:
        return loader.construct_yaml_timestamp(node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_Loader.add_constructor("tag:yaml.org,2002:float", _construct_float)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def _check_scalar(item: Any, source: str) -> None:
    if isinstance(item, (set, frozenset, bytes, bytearray)):
        raise ParseError(f"a YAML {'!!set' if isinstance(item, (set, frozenset)) else '!!binary'} value is "
                         "not plain data", source=source, hint="write a list or text instead")
    if isinstance(item, str) and _SURROGATE.search(item):
        raise ParseError("text holds an unpaired UTF-16 surrogate escape (e.g. \\ud800)", source=source,
                         hint="fix the \\u escapes; text must be valid Unicode")


def _check_shape(data: Any, *, source: str) -> None:
    """Refuse documents that are too deep, expand to too many values, or hold values that are not
    plain data (YAML ``!!set``/``!!binary``, lone surrogates from JSON escapes).

    Each container is measured once (its size *as expanded* and its height), however many
    times YAML aliases repeat it, so the check costs time in proportion to the document as
    written, not as expanded: a document that would expand to 10^9 values is refused at once.
    """
    limits = current_limits()
    max_depth, max_nodes = limits.max_depth, limits.max_nodes
    sizes: dict[int, tuple[int, int]] = {}  # id(container) -> (values when expanded, height)
    open_: set[int] = set()
    kept: list[Any] = []  # keeps measured containers alive, so their ids stay theirs
    stack: list[tuple[Any, bool, int]] = [(data, False, 1)]  # (value, children done, depth)
    while stack:
        item, done, depth = stack.pop()
        if not isinstance(item, (Mapping, list)):
            _check_scalar(item, source)
            continue
        key = id(item)
        children = list(item.values()) if isinstance(item, Mapping) else item
        if not done:
            if key in sizes:
                continue
            if key in open_ or depth > max_depth:  # depth counts levels, never siblings: a long list is fine
                raise LimitExceededError(f"document is nested more than {max_depth} levels deep", source=source,
                                         hint="a YAML alias may refer to itself; write the values out instead")
            if isinstance(item, Mapping):
                for k in item:
                    if isinstance(k, str) and _SURROGATE.search(k):
                        raise ParseError("a key holds an unpaired UTF-16 surrogate escape (e.g. \\ud800)",
                                         source=source, hint="fix the \\u escapes; text must be valid Unicode")
            open_.add(key)
            stack.append((item, True, depth))
            stack.extend((child, False, depth + 1) for child in children
                         if not isinstance(child, (Mapping, list)) or id(child) not in sizes)
            continue
        open_.discard(key)
        count, height = 1, 1
        for child in children:
            if isinstance(child, (Mapping, list)):
                c_count, c_height = sizes[id(child)]
                count += c_count
                height = max(height, c_height + 1)
            else:
                count += 1
                height = max(height, 2)
        if count > max_nodes:
            raise LimitExceededError(f"document expands to more than {max_nodes:,} values", source=source,
                                     hint="split the document; if it uses YAML aliases (*name) to repeat parts, "
                                          "write them out instead")
        if height > max_depth:
            raise LimitExceededError(f"document is nested more than {max_depth} levels deep", source=source)
        sizes[key] = (count, height)
        kept.append(item)


def _prescan(text: str, source: str) -> None:
    """Refuse alias-heavy or oversized YAML from its event stream, before constructing anything."""
    aliases = nodes = 0
    max_aliases, max_nodes = current_limits().max_aliases, current_limits().max_nodes
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > max_aliases:
                    raise LimitExceededError(f"document uses more than {max_aliases:,} YAML aliases",
                                             source=source, hint="write the values out instead of using *aliases")
            elif isinstance(event, (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                nodes += 1
                if nodes > max_nodes:
                    raise LimitExceededError(f"document has more than {max_nodes:,} values", source=source,
                                             hint="split the document into smaller files")
    except yaml.YAMLError as exc:
        raise _parse_error(exc, source) from None


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a large document is built: the objects built are
    acyclic, and collections triggered by every few hundred new containers make loading a
    large YAML file several times slower (super-linear)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _parse_error(exc: yaml.YAMLError, source: str) -> DocumentError:
    mark = getattr(exc, "problem_mark", None)
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    if isinstance(exc, yaml.constructor.ConstructorError) and "tag" in str(exc):
        return UnsafeDocumentError(f"refused YAML tag{where}: {problem}", source=source)
    if "maximum nesting depth" in str(problem):  # libyaml's own guard against deep nesting
        return LimitExceededError(f"document is nested too deeply{where}", source=source)
    return ParseError(f"not valid YAML{where}: {problem}", source=source)


def _reject_constant(name: str) -> Any:
    raise ParseError(f"JSON value {name} is not a number socialvalue accepts",
                     hint="replace NaN/Infinity with a real value or remove the item")


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refusing a key that appears twice (JSON parsers keep the last one silently)."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise DuplicateKeyError(f"key {key!r} appears twice in one JSON object")
        out[key] = value
    return out


def load_data(text: str | bytes, *, source: str = "<string>", fmt: str | None = None) -> Any:
    """Parse YAML or JSON text into plain Python data, enforcing the limits in force."""
    if isinstance(text, bytes):
        if len(text) > current_limits().max_bytes:
            raise LimitExceededError(f"document is larger than {current_limits().max_bytes:,} bytes", source=source)
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ParseError(f"file is not UTF-8 text (byte {exc.start})", source=source,
                             hint="save the file as UTF-8 YAML or JSON") from None
    if len(text) > current_limits().max_bytes:
        raise LimitExceededError(f"document is larger than {current_limits().max_bytes:,} bytes", source=source)
    if "\x00" in text:
        raise ParseError("file contains NUL bytes; it is not a text document", source=source)
    fmt = fmt or ("json" if source.lower().endswith(".json") else "yaml")
    if fmt == "json":
        try:
            data = json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_json_object)
        except json.JSONDecodeError as exc:
            raise ParseError(f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}",
                             source=source) from None
        except RecursionError:
            raise LimitExceededError("document is nested too deeply", source=source) from None
        except DocumentError as exc:  # NaN/Infinity, a duplicate key
            raise exc.with_context(source=source) from None
        except ValueError as exc:  # e.g. an integer longer than Python's 4,300-digit limit
            raise ParseError(f"not valid JSON: {exc}", source=source,
                             hint="write numbers of a realistic size") from None
    else:
        _prescan(text, source)
        try:
            with _no_gc():
                data = yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader subclass
        except yaml.YAMLError as exc:
            raise _parse_error(exc, source) from None
        except RecursionError:
            raise LimitExceededError("document is nested too deeply", source=source) from None
        except DocumentError as exc:
            raise exc.with_context(source=source) from None
        except (ValueError, TypeError, OverflowError, AttributeError, IndexError, KeyError) as exc:
            # PyYAML's constructors fail this way on a scalar its tag cannot hold: 2026-13-45, !!int 1e3,
            # !!timestamp garbage (AttributeError), !!binary with bad base64 ...
            raise ParseError(f"cannot read a YAML value: {exc}", source=source,
                             hint="check dates (YYYY-MM-DD), numbers and explicit !!tags") from None
    _check_shape(data, source=source)
    return data


def read_document(path: str | os.PathLike[str]) -> Any:
    """Read a YAML or JSON file as plain data (see :func:`load_data`)."""
    return read_document_and_bytes(path)[0]


def read_document_and_bytes(path: str | os.PathLike[str]) -> tuple[Any, bytes]:
    """The parsed document and the very bytes it was parsed from (hash these, not a second read:
    the file may change in between)."""
    if is_stdin(path):
        return stdin_document()
    path = Path(path)
    raw = read_bytes(path)
    return load_data(raw, source=str(path), fmt="json" if path.suffix.lower() == ".json" else "yaml"), raw


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a regular file, refused by size (the ``max_bytes`` limit) before it is read (or of
    standard input, for ``-`` inside :func:`reading_stdin`)."""
    if is_stdin(path):
        from socialvalue.stdin import read_stdin

        return read_stdin()
    path = Path(path)
    source = str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise DocumentError(f"file not found: {source}", source=source,
                            hint="check the path; relative paths are taken from the current directory") from None
    except OSError as exc:
        raise DocumentError(f"cannot read file: {exc.strerror}", source=source) from None
    if stat.S_ISDIR(info.st_mode):
        raise DocumentError("expected a file, got a directory", source=source)
    if not stat.S_ISREG(info.st_mode):
        raise DocumentError("not a regular file (a device, pipe or socket)", source=source,
                            hint="save the document as a file and give its path")
    if info.st_size > current_limits().max_bytes:
        raise LimitExceededError(f"file is {info.st_size:,} bytes; the limit is {current_limits().max_bytes:,}",
                                 source=source)
    try:
        with path.open("rb") as handle:
            raw = handle.read(info.st_size + 1)  # not max_bytes: read(n) allocates n bytes up front
            if len(raw) > info.st_size:  # the file grew after stat(): read the rest, up to the limit
                raw += handle.read(current_limits().max_bytes + 1 - len(raw))
    except OSError as exc:
        raise DocumentError(f"cannot read file: {exc.strerror}", source=source) from None
    if len(raw) > current_limits().max_bytes:  # the file grew after stat()
        raise LimitExceededError(f"file is larger than {current_limits().max_bytes:,} bytes", source=source)
    from socialvalue.outputs import note_read

    note_read(path)
    return raw


def document_path(ref: Any, base_dir: str | os.PathLike[str] | None, *, field: str, source: Any = None) -> Path:
    """The file a document names in ``field`` (e.g. ``datasets[0]``), resolved safely.

    ``ref`` must be non-empty text. It is taken relative to ``base_dir`` (the naming
    document's folder; the current directory for in-memory documents). Unless
    :func:`paths_outside_allowed` is in effect, absolute paths, ``~`` and paths that
    resolve (after following symlinks) outside ``base_dir`` are refused with
    :class:`~socialvalue.errors.UnsafeDocumentError`.
    """
    from socialvalue.errors import ValidationError

    if not isinstance(ref, str) or not ref.strip():
        raise ValidationError(f"expected a file path, got {ref!r}"[:200], source=source, field=field,
                              hint="write the path of the file relative to this document's folder")
    if "\x00" in ref:
        raise ValidationError("a file path must not contain NUL characters", source=source, field=field)
    if len(ref) > 1024 or any(len(part) > 255 for part in Path(ref).parts):
        raise ValidationError(f"file path is too long ({len(ref):,} characters)", source=source, field=field,
                              hint="file names are at most 255 characters and paths at most 1,024")
    base = Path(base_dir) if base_dir not in (None, "") else Path(".")
    path = Path(ref)
    if paths_outside_are_allowed():
        return path if path.is_absolute() else base / path
    hint = ("write the path relative to this document's folder, e.g. 'data/my-proxies.yaml', and keep the "
            "file inside that folder; API users who trust the document can pass allow_paths_outside=True")
    if path.is_absolute() or ref.startswith(("~", "/", "\\")) or PureWindowsPath(ref).drive:
        raise UnsafeDocumentError(f"refused absolute path {ref!r}: a document may only name files inside its "
                                  "own folder", source=source, field=field, hint=hint)
    target = base / path
    try:
        root = base.resolve()
        resolved = target.resolve()
    except (OSError, RuntimeError) as exc:  # RuntimeError: symlink loop (Python < 3.13)
        raise DocumentError(f"cannot resolve path {ref!r}: {exc}", source=source, field=field,
                            hint="check the path; it may be a symlink loop") from None
    if resolved != root and root not in resolved.parents:
        raise UnsafeDocumentError(f"refused path {ref!r}: it leads outside the document's folder ({root})",
                                  source=source, field=field, hint=hint)
    return target
