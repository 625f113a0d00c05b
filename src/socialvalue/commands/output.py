"""Shared options and output for commands that print a result.

Every file a command writes goes through the one output writer
(:mod:`socialvalue.outputs`): never over a file the run read, never half-written.

Every document command reads standard input when its FILE is ``-`` (see
:func:`socialvalue.documents.reading_stdin`); ``--kind KIND`` supplies the kind of a document
that has no ``kind:`` field (a piped fragment, say), and ``-o -`` writes to standard output.
Output is plain text: socialvalue never writes colour or other terminal escapes, so the
``NO_COLOR`` convention (https://no-color.org) holds whatever its value.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from socialvalue.outputs import STDOUT, Output, current_reads, write_outputs
from socialvalue.results.format import article

__all__ = ["FORMATS", "add_dataset_option", "add_document_options", "add_kind_option", "add_output_options",
           "add_trust_options", "emit", "emit_result", "evaluate_file", "limit_arg", "number_arg", "read_for",
           "terminal_width", "whole_number_arg"]

FORMATS = ("text", "json", "markdown", "html")


def add_output_options(parser: argparse.ArgumentParser, formats: tuple[str, ...] = FORMATS) -> None:
    parser.add_argument("--format", choices=formats, default="text", help="output format (default text)")
    parser.add_argument("--output", "-o", metavar="FILE",
                        help="write to FILE instead of standard output (- for standard output); never over an "
                             "input of the run")


def number_arg(text: str) -> float:
    """An argparse type: a number read by the one number rule (``float()`` would take ``1_0`` and ``nan``)."""
    from socialvalue.errors import SocialValueError
    from socialvalue.numbers import parse_number_text

    try:
        return parse_number_text(text)
    except SocialValueError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


def whole_number_arg(text: str) -> int:
    """An argparse type: a whole number read by the one number rule (``int()`` would take ``2_024``)."""
    value = number_arg(text)
    if value != int(value):
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}")
    return int(value)


def add_dataset_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dataset", action="append", default=[], metavar="PATH",
                        help="also load a proxy dataset from a YAML/JSON file or directory (repeatable)")


def limit_arg(text: str) -> tuple[str, int]:
    """An argparse type: ``NAME=VALUE`` naming one of :class:`socialvalue.config.Limits` and a whole number."""
    from socialvalue.config import Limits
    from socialvalue.suggest import close_matches

    name, sep, value = text.partition("=")
    name = name.strip()
    if not sep:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, e.g. max_outcomes=50000, got {text!r}")
    if name not in Limits.names():
        hits = close_matches(name, Limits.names())
        raise argparse.ArgumentTypeError(f"no limit is called {name!r}" + (f"; did you mean {hits[0]}?" if hits else
                                                                          "; limits: " + ", ".join(Limits.names())))
    number = whole_number_arg(value.strip())
    if number < 1:
        raise argparse.ArgumentTypeError(f"a limit must be at least 1, got {number}")
    return name, number


def add_trust_options(parser: argparse.ArgumentParser) -> None:
    """``--limit NAME=VALUE`` and ``--trust``: what a user who knows a document is sound may lift."""
    parser.add_argument("--limit", action="append", default=[], type=limit_arg, metavar="NAME=VALUE",
                        help="raise a safety limit for this run, e.g. --limit max_outcomes=50000 (repeatable; "
                             "names: docs/reliability.md)")
    parser.add_argument("--trust", action="store_true",
                        help="the document is yours: let it name files outside its own folder (absolute paths, "
                             "'..'); never use it for a supplier's file")


def add_kind_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--kind", metavar="KIND",
                        help="the document's kind when it has no kind: field (e.g. a document piped to FILE -); "
                             "a document's own kind: must agree")


def add_document_options(parser: argparse.ArgumentParser, *, datasets: bool = True) -> None:
    """The options of every command that evaluates a document: output, kind, datasets, limits, trust."""
    add_output_options(parser)
    add_kind_option(parser)
    if datasets:
        add_dataset_option(parser)
    add_trust_options(parser)


def evaluate_file(framework: Any, args: argparse.Namespace, *, command: str, kinds: Sequence[str] | None = None,
                  options: dict[str, Any] | None = None) -> Any:
    """Read ``args.file`` (refusing a document the command does not read, naming the one that does) and
    evaluate it with ``framework``, its own command-line options and the generic ones."""
    from pathlib import Path

    from socialvalue.stdin import source_name

    document = read_for(args.file, command, kinds or framework.document_kinds, kind=getattr(args, "kind", None))
    # a document read from standard input (-) has the current directory as its folder
    opts: dict[str, Any] = {"base_dir": str(Path(args.file).parent), **framework.cli_options(args),
                            **(options or {})}
    if getattr(args, "dataset", None):
        opts["datasets"] = list(args.dataset)
    return framework.evaluate(document, source=source_name(args.file), options=opts)


KIND_COMMANDS: dict[str, str] = {"impact-map": "value", "tender": "score", "monitoring": "monitor",
                                 "assessment": "assess", "lm3": "assess", "comparison": "compare"}
"""The command that reads each built-in document kind."""


def read_for(path: str, command: str, kinds: Sequence[str], kind: str | None = None) -> Any:
    """The document at ``path`` (``-``: standard input) if it is of one of ``kinds`` (``kind``: the kind of a
    document without a ``kind:`` field); otherwise say which command reads it."""
    from socialvalue.documents import read_document
    from socialvalue.errors import ValidationError
    from socialvalue.stdin import source_name, with_kind

    document = with_kind(read_document(path), kind, source_name(path))
    found: Any = document.get("kind") if isinstance(document, dict) else None
    if found in kinds:
        return document
    what = " or ".join(kinds)
    other = KIND_COMMANDS.get(found) if isinstance(found, str) else None
    hint = (f"this is {article(found)} {found} document: run `socialvalue {other} {path}`" if other else
            f"start the file with 'kind: {kinds[0]}' (or give --kind {kinds[0]})" if found is None else
            f"no built-in command reads kind {found!r}; an installed framework may: run `socialvalue run {path}`")
    raise ValidationError(f"`socialvalue {command}` reads {what} documents, got kind {found!r}",
                          source=source_name(path), field="kind", hint=hint)


def emit(text: str, args: argparse.Namespace, extra: Sequence[Output] = ()) -> None:
    """Print ``text`` or write it to ``--output``, together with any ``extra`` files, safely."""
    target = getattr(args, "output", None) or STDOUT
    outputs = [Output(target, text, "--output"), *extra]
    for path in write_outputs(outputs, inputs=current_reads()):
        print(f"wrote {path}", file=sys.stderr)


def terminal_width() -> int | None:
    """The terminal's width when standard output is one (tables are fitted to it); None when piped,
    so a file or a pipe gets every cell whole."""
    if not sys.stdout.isatty():
        return None
    import shutil

    return shutil.get_terminal_size((100, 24)).columns


def emit_result(result: Any, args: argparse.Namespace, extra: Sequence[Output] = ()) -> None:
    to_terminal = getattr(args, "output", None) in (None, STDOUT, "-")
    width = terminal_width() if args.format == "text" and to_terminal else None
    emit(result.render(args.format, width=width), args, extra)
