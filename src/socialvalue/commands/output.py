"""Shared options and output for commands that print a result.

Every file a command writes goes through the one output writer
(:mod:`socialvalue.outputs`): never over a file the run read, never half-written.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from socialvalue.outputs import STDOUT, Output, current_reads, write_outputs

__all__ = ["FORMATS", "add_dataset_option", "add_output_options", "emit", "emit_result", "number_arg",
           "whole_number_arg"]

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


KIND_COMMANDS: dict[str, str] = {"impact-map": "value", "tender": "score", "monitoring": "monitor",
                                 "assessment": "assess", "lm3": "assess", "comparison": "compare"}
"""The command that reads each built-in document kind."""


def read_for(path: str, command: str, kinds: Sequence[str]) -> Any:
    """The document at ``path`` if it is of one of ``kinds``; otherwise say which command reads it."""
    from socialvalue.documents import read_document
    from socialvalue.errors import ValidationError

    document = read_document(path)
    kind = document.get("kind") if isinstance(document, dict) else None
    if kind in kinds:
        return document
    what = " or ".join(kinds)
    other = KIND_COMMANDS.get(kind) if isinstance(kind, str) else None
    hint = (f"this is a {kind} document: run `socialvalue {other} {path}`" if other else
            f"start the file with 'kind: {kinds[0]}'" if kind is None else
            f"no built-in command reads kind {kind!r}; an installed framework may: run `socialvalue run {path}`")
    raise ValidationError(f"`socialvalue {command}` reads {what} documents, got kind {kind!r}", source=path,
                          field="kind", hint=hint)


def emit(text: str, args: argparse.Namespace, extra: Sequence[Output] = ()) -> None:
    """Print ``text`` or write it to ``--output``, together with any ``extra`` files, safely."""
    target = getattr(args, "output", None) or STDOUT
    outputs = [Output(target, text, "--output"), *extra]
    for path in write_outputs(outputs, inputs=current_reads()):
        print(f"wrote {path}", file=sys.stderr)


def emit_result(result: Any, args: argparse.Namespace, extra: Sequence[Output] = ()) -> None:
    emit(result.render(args.format), args, extra)
