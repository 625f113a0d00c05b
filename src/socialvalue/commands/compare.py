"""``socialvalue compare FILE``: one activity (or several bids) through several frameworks, side by side."""

from __future__ import annotations

import argparse
from typing import Any

from socialvalue.commands.output import add_document_options, emit_result, evaluate_file

__all__ = ["COMMAND_HELP", "register"]

COMMAND_HELP = {"compare": "compare frameworks: one activity's value under each view, and why the values differ"}
"""The command this module adds and its one-line help (the CLI lists it without importing the framework)."""


def register(sub: Any) -> None:
    from socialvalue.compare import FRAMEWORK

    p = sub.add_parser(
        "compare", help=COMMAND_HELP["compare"],
        description="Run a comparison document (kind: comparison): the activity's facts valued under every view "
                    "(a framework such as sroi or toms, optionally with another proxy dataset), side by side, "
                    "with each difference decomposed into causes (proxy value, price year, adjustments, duration "
                    "and drop-off, discounting, no counterpart). With bids:, also the bids' ranks under each view "
                    "and Kendall's tau-b between views. FILE - reads standard input (its paths are then taken from "
                    "the current directory).",
        epilog="examples:\n"
               "  socialvalue compare examples/compare-construction.yaml\n"
               "  socialvalue compare examples/compare-construction.yaml --format html -o compare.html\n"
               "  socialvalue compare examples/compare-construction.yaml --format json -o - | jq .views",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", metavar="FILE", help="comparison document (YAML or JSON)")
    add_document_options(p, datasets=False)
    FRAMEWORK.add_cli_arguments(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from socialvalue.compare import FRAMEWORK

    emit_result(evaluate_file(FRAMEWORK, args, command="compare"), args)
    return 0
