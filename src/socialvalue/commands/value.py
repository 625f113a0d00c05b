"""``socialvalue value FILE``: value an impact map (SROI)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from socialvalue.commands.output import (
    add_dataset_option,
    add_output_options,
    emit_result,
    number_arg,
    read_for,
    whole_number_arg,
)

__all__ = ["register"]


def register(sub: Any) -> None:
    p = sub.add_parser("value", help="value an impact map: present value, SROI ratio, reductions, sources",
                       description="Value an impact map (kind: impact-map) with the sroi framework.")
    p.add_argument("file", metavar="FILE", help="impact map (YAML or JSON)")
    add_output_options(p)
    add_dataset_option(p)
    p.add_argument("--sensitivity", action="store_true",
                   help="add one-at-a-time sensitivity and break-even analysis")
    p.add_argument("--break-even-target", type=number_arg, default=1.0, metavar="RATIO",
                   help="ratio the break-even analysis solves for (default 1.0)")
    p.add_argument("--monte-carlo", type=whole_number_arg, metavar="N", help="add N seeded Monte Carlo draws")
    p.add_argument("--seed", type=whole_number_arg, metavar="S", help="random seed for --monte-carlo (required with it)")
    p.add_argument("--price-year", type=whole_number_arg, metavar="YEAR", help="express all money in this year's prices")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from socialvalue.errors import ValidationError
    from socialvalue.frameworks.sroi import FRAMEWORK
    from socialvalue.proxies import installed_datasets, load_dataset

    if args.monte_carlo is not None and args.seed is None:
        raise ValidationError("--monte-carlo needs --seed so the draws can be reproduced", field="--seed",
                              hint="add e.g. --seed 1")
    if args.monte_carlo is not None and args.monte_carlo < 1:
        raise ValidationError("--monte-carlo needs a positive number of draws", field="--monte-carlo")
    document = read_for(args.file, "value", ("impact-map",))
    datasets = None
    if args.dataset:
        datasets = [load_dataset(path) for path in args.dataset] + installed_datasets()
    options = {"base_dir": str(Path(args.file).parent), "price_year": args.price_year,
               "sensitivity": args.sensitivity, "break_even_target": args.break_even_target,
               "monte_carlo": args.monte_carlo, "seed": args.seed, "datasets": datasets}
    result = FRAMEWORK.evaluate(document, source=args.file, options=options)
    emit_result(result, args)
    return 0
