"""Shared options and output for commands that print a result."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

__all__ = ["FORMATS", "add_dataset_option", "add_output_options", "emit"]

FORMATS = ("text", "json", "markdown", "html")


def add_output_options(parser: argparse.ArgumentParser, formats: tuple[str, ...] = FORMATS) -> None:
    parser.add_argument("--format", choices=formats, default="text", help="output format (default text)")
    parser.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")


def add_dataset_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dataset", action="append", default=[], metavar="PATH",
                        help="also load a proxy dataset from a YAML/JSON file or directory (repeatable)")


def emit(text: str, args: argparse.Namespace) -> None:
    """Print ``text`` or write it to ``--output``."""
    target = getattr(args, "output", None)
    if target:
        Path(target).write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
        print(f"wrote {target}", file=sys.stderr)
    else:
        print(text)


def emit_result(result: Any, args: argparse.Namespace) -> None:
    emit(result.render(args.format), args)
