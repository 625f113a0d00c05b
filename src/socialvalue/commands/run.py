"""``socialvalue run FILE``: evaluate any document with the installed framework that reads it.

The framework is found from the document (its ``framework:`` field, else its ``kind:``), so
a third-party framework's documents run exactly like the built-ins'. The options after
FILE are the generic ones (format, output, datasets, limits, trust) and the framework's
own, which it declares itself (:meth:`socialvalue.frameworks.Framework.add_cli_arguments`):
``socialvalue run FILE --help`` lists them for that document's framework.
"""

from __future__ import annotations

import argparse
from typing import Any

from socialvalue.commands.output import add_document_options, add_kind_option, emit_result, evaluate_file

__all__ = ["register"]

_EPILOG = """examples:
  socialvalue run examples/employment-programme.yaml --sensitivity
  socialvalue run examples/tender-highways.yaml --format html -o ranking.html
  socialvalue run my-survey.yaml --help     (the options of that document's framework)
  cat fragment.yaml | socialvalue run - --kind impact-map --format json"""


def register(sub: Any) -> None:
    p = sub.add_parser("run", help="evaluate any document with the installed framework that reads it",
                       description="Evaluate FILE with the framework its framework: or kind: field names; "
                                   "built-in or installed from another package. Options after FILE are "
                                   "that framework's own (see FILE --help). FILE - reads standard input.",
                       epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter, add_help=True)
    p.add_argument("file", metavar="FILE", help="a document of any installed framework (YAML or JSON)")
    p.add_argument("framework_args", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    add_document_options(p)
    p.set_defaults(handler=run)


def framework_parser(framework: Any, file: str) -> argparse.ArgumentParser:
    """The parser of the options after FILE: the generic ones and the framework's own."""
    parser = argparse.ArgumentParser(
        prog=f"socialvalue run {file}",
        description=f"{framework.name} ({framework.id} {framework.version}): {framework.description}",
        epilog=f"examples:\n  socialvalue run {file}\n  socialvalue run {file} --format json -o result.json\n"
               f"  socialvalue run {file} --format html -o report.html",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    add_document_options(parser)
    framework.add_cli_arguments(parser)
    return parser


def _kind_after_file(framework_args: list[str]) -> str | None:
    """``--kind KIND`` among the options after FILE (needed before the framework, and so its parser, is known)."""
    pre = argparse.ArgumentParser(add_help=False)
    add_kind_option(pre)
    kind: str | None = pre.parse_known_args(framework_args)[0].kind
    return kind


def run(args: argparse.Namespace) -> int:
    from socialvalue.documents import read_document
    from socialvalue.frameworks import framework_for
    from socialvalue.stdin import source_name, with_kind

    kind = _kind_after_file(args.framework_args) or args.kind
    document = with_kind(read_document(args.file), kind, source_name(args.file))
    framework = framework_for(document, source=source_name(args.file))
    parser = framework_parser(framework, args.file)
    given = parser.parse_args(args.framework_args)
    for name in ("format", "output", "trust", "kind"):  # generic options given before FILE still count
        if getattr(given, name) in (None, False, "text") and getattr(args, name) not in (None, False):
            setattr(given, name, getattr(args, name))
    given.dataset = [*args.dataset, *given.dataset]
    given.file = args.file
    if given.limit:
        from socialvalue.config import limits

        with limits(**dict(given.limit)):
            return _evaluate(framework, given)
    return _evaluate(framework, given)


def _evaluate(framework: Any, args: argparse.Namespace) -> int:
    if args.trust:
        from socialvalue.config import paths_outside_allowed

        with paths_outside_allowed():
            emit_result(evaluate_file(framework, args, command="run"), args)
    else:
        emit_result(evaluate_file(framework, args, command="run"), args)
    return 0
