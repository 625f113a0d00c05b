"""``socialvalue compare FILE``: one activity (or several bids) through several frameworks, side by side."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from socialvalue.commands.output import add_output_options, emit_result, read_for

__all__ = ["register"]


def register(sub: Any) -> None:
    p = sub.add_parser(
        "compare", help="compare frameworks: one activity's value under each view, and why the values differ",
        description="Run a comparison document (kind: comparison): the activity's facts valued under every view "
                    "(a framework such as sroi or toms, optionally with another proxy dataset), side by side, "
                    "with each difference decomposed into causes (proxy value, price year, adjustments, duration "
                    "and drop-off, discounting, no counterpart). With bids:, also the bids' ranks under each view "
                    "and Kendall's tau-b between views.")
    p.add_argument("file", metavar="FILE", help="comparison document (YAML or JSON)")
    add_output_options(p)
    p.add_argument("--pairs", choices=("baseline", "all"), help="decompose each view against the first "
                   "(baseline, the default) or every pair of views (overrides the document's pairs:)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from socialvalue.compare import evaluate_comparison

    document = read_for(args.file, "compare", ("comparison",))
    if args.pairs:
        document = {**document, "pairs": args.pairs}
    result = evaluate_comparison(document, source=args.file, base_dir=str(Path(args.file).parent))
    emit_result(result, args)
    return 0
