"""``socialvalue value FILE``: value an impact map (SROI).

The options after FILE are the ``sroi`` framework's own (:class:`~socialvalue.frameworks.sroi.SroiOptions`),
declared once by the framework; ``socialvalue run FILE`` offers exactly the same.
"""

from __future__ import annotations

import argparse
from typing import Any

from socialvalue.commands.output import add_document_options, emit_result, evaluate_file

__all__ = ["COMMAND_HELP", "register"]

COMMAND_HELP = {"value": "value an impact map: present value, SROI ratio, reductions, sources"}
"""The command this module adds and its one-line help (the CLI lists it without importing the framework)."""


def register(sub: Any) -> None:
    from socialvalue.frameworks.sroi import FRAMEWORK

    p = sub.add_parser("value", help=COMMAND_HELP["value"],
                       description="Value an impact map (kind: impact-map) with the sroi framework. FILE - reads "
                                   "standard input (its paths are then taken from the current directory).",
                       epilog="examples:\n  socialvalue value examples/employment-programme.yaml\n"
                              "  socialvalue value map.yaml --sensitivity --format html -o report.html\n"
                              "  socialvalue value map.yaml --monte-carlo 10000 --seed 1 --format json\n"
                              "  cat map.yaml | socialvalue value - --format json -o - | jq .sroi_ratio",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", metavar="FILE", help="impact map (YAML or JSON)")
    add_document_options(p)
    FRAMEWORK.add_cli_arguments(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from socialvalue.frameworks.sroi import FRAMEWORK

    emit_result(evaluate_file(FRAMEWORK, args, command="value"), args)
    return 0
