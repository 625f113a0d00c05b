"""``socialvalue monitor CONTRACT_FILE``: delivered versus committed social value of a contract."""

from __future__ import annotations

import argparse
from typing import Any

from socialvalue.commands.output import add_document_options, emit_result, evaluate_file
from socialvalue.outputs import Output

__all__ = ["COMMAND_HELP", "register"]

COMMAND_HELP = {"monitor": "monitor a contract: delivered vs committed social value, missing periods, forecast"}
"""The command this module adds and its one-line help (the CLI lists it without importing the framework)."""


def register(sub: Any) -> None:
    p = sub.add_parser(
        "monitor", help=COMMAND_HELP["monitor"],
        description="Compare a contract's social value deliveries with the awarded bid's commitments "
                    "(kind: monitoring, toms framework): % delivered by measure and theme, shortfall, "
                    "over-delivery, missing periods and a run-rate forecast. FILE - reads standard input.",
        epilog="examples:\n"
               "  socialvalue monitor examples/monitoring-highways.yaml\n"
               "  socialvalue monitor examples/monitoring-highways.yaml --format json -o delivery.json\n"
               "  socialvalue monitor examples/monitoring-highways.yaml --export-targets targets.yaml",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", metavar="CONTRACT_FILE", help="monitoring document (YAML or JSON)")
    add_document_options(p)
    p.add_argument("--export-targets", metavar="OUT.yaml",
                   help="also write the delivered measures as a draft catalogue with targets (YAML)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import yaml

    from socialvalue.frameworks.toms import FRAMEWORK
    from socialvalue.stdin import source_name

    result = evaluate_file(FRAMEWORK, args, command="monitor", kinds=("monitoring",))
    extra = []
    if args.export_targets:
        data = result.export_targets()
        header = ("# Draft measure catalogue and targets exported by `socialvalue monitor` from\n"
                  f"# {source_name(args.file)}. Review before use. Proxies keep their own licences: do not\n"
                  "# publish values you are not licensed to share (e.g. National TOMs values).\n")
        text = header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
        extra.append(Output(args.export_targets, text, "--export-targets"))
    emit_result(result, args, extra)
    return 0
