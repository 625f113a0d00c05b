"""``socialvalue assess``: score a Flexible Framework self-assessment or an LM3 survey.

* ``socialvalue assess FILE`` reads any document an installed framework handles
  (``kind: assessment`` or ``kind: lm3``) and prints its result;
* ``socialvalue assess --template flexible-framework`` prints a blank assessment to fill in;
* ``socialvalue assess --compare A.yaml B.yaml ...`` prints a benchmarking table.
"""

from __future__ import annotations

import argparse
from typing import Any

from socialvalue.commands.output import add_document_options, emit, emit_result, evaluate_file, read_for

__all__ = ["COMMAND_HELP", "register"]

COMMAND_HELP = {"assess": "score a Flexible Framework self-assessment or an LM3 survey"}
"""The command this module adds and its one-line help (the CLI lists it without importing the framework)."""

TEMPLATES = ("flexible-framework",)


def register(sub: Any) -> None:
    from socialvalue.frameworks.flexible import FRAMEWORK

    p = sub.add_parser(
        "assess", help=COMMAND_HELP["assess"],
        description="Score a document: a Flexible Framework self-assessment (kind: assessment) gives a level "
                    "per theme; an LM3 survey (kind: lm3) gives R1-R3, LM3 and leakage. Use --template to start "
                    "an assessment and --compare to benchmark several. FILE - reads standard input.",
        epilog="examples:\n"
               "  socialvalue assess examples/assessment-example-council.yaml\n"
               "  socialvalue assess examples/lm3-council-catering.yaml --format markdown\n"
               "  socialvalue assess --compare examples/assessment-example-council.yaml "
               "examples/assessment-example-district.yaml\n"
               "  socialvalue assess --template flexible-framework -o my-assessment.yaml",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", metavar="FILE", nargs="?", help="assessment or LM3 document (YAML or JSON)")
    p.add_argument("--template", metavar="FRAMEWORK", help="print a blank assessment to fill in "
                   "(flexible-framework)")
    p.add_argument("--compare", metavar="FILE", nargs="+", help="set several assessments side by side")
    add_document_options(p, datasets=False)
    FRAMEWORK.add_cli_arguments(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from socialvalue.errors import UnknownNameError, ValidationError
    from socialvalue.suggest import close_matches

    chosen = [name for name, value in (("FILE", args.file), ("--template", args.template),
                                       ("--compare", args.compare)) if value]
    if len(chosen) != 1:
        raise ValidationError("give exactly one of FILE, --template or --compare"
                              + (f" (got {', '.join(chosen)})" if chosen else ""), field="assess",
                              hint="e.g. socialvalue assess examples/assessment-example-council.yaml")
    from socialvalue.frameworks.flexible import FRAMEWORK

    rules = FRAMEWORK.cli_options(args)

    if args.template:
        if args.template not in TEMPLATES:
            hits = close_matches(args.template, TEMPLATES)
            raise UnknownNameError(f"no template for {args.template!r}", field="--template", suggestions=hits,
                                   hint=None if hits else "templates: " + ", ".join(TEMPLATES))
        if args.format != "text" or rules:
            raise ValidationError("--template prints YAML; it takes no --format or scoring switches",
                                  field="--template", hint="use -o FILE to save it")
        from socialvalue.frameworks.flexible import assessment_template

        emit(assessment_template().rstrip("\n"), args)
        return 0

    if args.compare:
        from socialvalue.frameworks.flexible import compare_assessments

        if args.compare.count("-") > 1:
            raise ValidationError("standard input (-) can be given once", field="--compare",
                                  hint="save the other assessments as files")

        emit_result(compare_assessments(args.compare, options=rules), args)
        return 0

    from socialvalue.frameworks import framework_for
    from socialvalue.stdin import source_name

    framework = framework_for(read_for(args.file, "assess", ("assessment", "lm3"), kind=args.kind),
                              source=source_name(args.file))
    if rules and framework is not FRAMEWORK:
        switch = "--partly-counts" if args.partly_counts else "--non-cumulative"
        raise ValidationError(f"{switch} applies to Flexible Framework assessments only",
                              source=source_name(args.file),
                              field=switch, hint=f"drop {switch} for this document")
    emit_result(evaluate_file(framework, args, command="assess", kinds=("assessment", "lm3")), args)
    return 0
