"""``socialvalue score TENDER_FILE``: score the bids of a TOMs-style tender."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from socialvalue.commands.output import add_document_options, emit, emit_result, evaluate_file, terminal_width

__all__ = ["COMMAND_HELP", "register"]

COMMAND_HELP = {"score": "score a tender's bids: social value offered, scores, ranking"}
"""The command this module adds and its one-line help (the CLI lists it without importing the framework)."""


def register(sub: Any) -> None:
    p = sub.add_parser(
        "score", help=COMMAND_HELP["score"],
        description="Score the bids of a tender (kind: tender) with the toms framework: social value offered "
                    "per bid (quantity x years x proxy), sv_percent, quantitative and qualitative scores, rank. "
                    "Use --measures to list the measures of a catalogue. FILE - reads standard input.",
        epilog="examples:\n"
               "  socialvalue score examples/tender-highways.yaml\n"
               "  socialvalue score examples/tender-highways.yaml --format html -o ranking.html\n"
               "  socialvalue score --measures open-toms-style",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", metavar="TENDER_FILE", nargs="?", help="tender document (YAML or JSON)")
    p.add_argument("--measures", metavar="CATALOGUE",
                   help="list the measures of an installed catalogue (e.g. open-toms-style) or catalogue file, "
                        "then exit")
    add_document_options(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from socialvalue.frameworks.toms import FRAMEWORK

    if args.measures is not None:
        emit(_measures_listing(args.measures, args.format, args.dataset), args)
        return 0
    if args.file is None:
        print("usage: socialvalue score TENDER_FILE [--format text|json|markdown|html] [-o FILE]", file=sys.stderr)
        return 2
    emit_result(evaluate_file(FRAMEWORK, args, command="score", kinds=("tender",)), args)
    return 0


def _measures_listing(ref: str, fmt: str, datasets: list[str]) -> str:
    import json

    from socialvalue.frameworks.toms.measures import catalogues, get_catalogue, installed_catalogues, load_catalogue
    from socialvalue.proxies import installed_datasets, load_dataset
    from socialvalue.results.report import Table
    from socialvalue.results.text import text_table

    installed_catalogues()
    if ref in catalogues.names():
        cat = get_catalogue(ref)
    else:
        pool = [load_dataset(p) for p in datasets] + installed_datasets()
        cat = load_catalogue(ref, datasets=pool)
    if fmt == "json":
        return json.dumps({**cat.summary(), "measures": [m.to_dict() for m in cat]}, indent=2, ensure_ascii=False)
    rows = []
    for m in cat:
        if m.proxy is None:
            value = "not monetised"
        else:
            value = f"{m.proxy.headline_value:,.2f} {m.value_unit} ({m.proxy.price_year}{', series' if m.proxy.is_series else ''})"
        rows.append([m.code, m.theme_name, m.unit, m.counting, value, m.proxy.qualified_id if m.proxy else "-"])
    head = f"{cat.name} ({cat.id} v{cat.version}, edition {cat.edition}; licence: {cat.licence})"
    body = text_table(Table(["code", "theme", "unit", "counting", "proxy value", "proxy"], rows,
                            numeric=[False, False, False, False, True, False]), terminal_width())
    return f"{head}\n\n{body}\n\nDetails and sources: `socialvalue proxies show ID`."
