"""``socialvalue verify RESULT.json INPUT_FILE``: re-run a result's input and compare bit for bit.

Exit status 0 when every number and value matches, 1 on a mismatch (the first differing
paths are listed), 2 on input errors (unreadable files, a result without provenance, an
input that no longer evaluates).
"""

from __future__ import annotations

import argparse
from typing import Any

from socialvalue.commands.output import add_dataset_option, add_kind_option, emit

__all__ = ["register"]


def register(sub: Any) -> None:
    p = sub.add_parser(
        "verify", help="re-run a result's input with its recorded options and compare every number",
        description="Check a published result: read INPUT_FILE again, evaluate it with the options recorded in "
                    "RESULT.json's provenance, and compare the two JSON results bit for bit. Also checks that the "
                    "input file, datasets, catalogues, preset tables and deflator hash as recorded, and says which "
                    "changed. Either file may be - (standard input). Exit status: 0 match, 1 mismatch, 2 input error.",
        epilog="examples:\n"
               "  socialvalue value examples/community-centre.yaml --format json -o result.json\n"
               "  socialvalue verify result.json examples/community-centre.yaml\n"
               "  cat examples/community-centre.yaml | socialvalue verify result.json - --format json",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("result", metavar="RESULT.json", help="a result written with --format json")
    p.add_argument("input", metavar="INPUT_FILE", help="the document the result was made from")
    p.add_argument("--format", choices=("text", "json"), default="text", help="report format (default text)")
    p.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE instead of standard output")
    add_kind_option(p)
    add_dataset_option(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from socialvalue.errors import ValidationError
    from socialvalue.verify import verify

    if args.result == "-" and args.input == "-":
        raise ValidationError("RESULT.json and INPUT_FILE cannot both be standard input (-)", field="INPUT_FILE",
                              hint="save one of them as a file")
    report = verify(args.result, args.input, datasets=list(args.dataset), kind=args.kind)
    emit(report.render(args.format), args)
    return report.exit_code
