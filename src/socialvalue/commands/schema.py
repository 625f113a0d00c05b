"""``socialvalue schema KIND``: print the JSON Schema of a document kind or a result.

The schemas are shipped in the package (:mod:`socialvalue.schemas`); a framework plugin's own
document kinds are found through its ``document_schema``. ``--list`` names every kind.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

__all__ = ["COMMAND_HELP", "register"]

COMMAND_HELP = {"schema": "print the JSON Schema of a document kind or a result (schema --list)"}
"""The command this module adds and its one-line help (the CLI lists it without importing the framework)."""


def register(sub: Any) -> None:
    p = sub.add_parser("schema", help=COMMAND_HELP["schema"],
                       description="Print the JSON Schema (draft 2020-12) of a document kind (impact-map, tender, "
                                   "...), a result (<kind>-result), a proxy dataset or a TOMs catalogue.",
                       epilog="examples:\n  socialvalue schema --list\n"
                              "  socialvalue schema tender\n"
                              "  socialvalue schema tender-result -o tender-result.schema.json\n\n"
                              "Relative references between schemas (monitoring -> tender.schema.json) resolve\n"
                              "against the other shipped files: write them to one folder, or validate with\n"
                              "socialvalue.schemas.validator(kind), which never fetches anything.",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("kind", metavar="KIND", nargs="?", help="document kind or result, e.g. tender, tender-result")
    p.add_argument("--list", action="store_true", help="list every kind with a schema, and exit")
    p.add_argument("-o", "--output", metavar="FILE", default=None, help="write the schema to FILE (default stdout)")
    p.set_defaults(handler=run)


def _plugin_kinds() -> dict[str, str]:
    """Document kinds of installed framework plugins that ship a schema, with the framework's id."""
    from socialvalue.frameworks import kinds as framework_kinds
    from socialvalue.schemas import kinds

    shipped = kinds()
    out = {}
    for kind, framework in framework_kinds().items():
        if kind not in shipped and framework.document_schema(kind) is not None:
            out[kind] = f"{kind} document read by the {framework.id} framework (plugin)"
    return out


def run(args: argparse.Namespace) -> int:
    from socialvalue.errors import ValidationError
    from socialvalue.schemas import kinds, schema

    if args.list:
        if args.kind is not None:
            raise ValidationError("give either KIND or --list, not both", field="kind",
                                  hint="socialvalue schema --list names the kinds")
        rows = {**kinds(), **_plugin_kinds()}
        width = max(map(len, rows))
        sys.stdout.write("".join(f"{k.ljust(width)}  {text}\n" for k, text in rows.items()))
        return 0
    if args.kind is None:
        raise ValidationError("name a kind, e.g. socialvalue schema tender", field="kind",
                              hint="socialvalue schema --list names the kinds")
    text = json.dumps(schema(args.kind), indent=2, ensure_ascii=False) + "\n"
    if args.output is None:
        sys.stdout.write(text)
    else:
        from pathlib import Path

        from socialvalue.errors import OutputWriteError

        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise OutputWriteError(f"cannot write {args.output}: {exc.strerror or exc}",
                                   hint="check the folder exists and is writable") from None
    return 0
