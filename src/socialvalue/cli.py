"""The ``socialvalue`` command.

Input problems (a bad file, an unknown proxy, a unit mismatch) print one clear message
naming the file and field and exit with status 2; anything else is an internal error
(status 1). Tracebacks are shown only with ``--debug``.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

__all__ = ["main"]

EXIT_OK, EXIT_INTERNAL, EXIT_INPUT = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    from socialvalue import __version__
    from socialvalue.commands import COMMANDS

    parser = argparse.ArgumentParser(
        prog="socialvalue",
        description="Transparent, reproducible social value: proxies, SROI, tender scoring, LM3.",
    )
    parser.add_argument("--version", action="version", version=f"socialvalue {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    import traceback
    import warnings

    from socialvalue.errors import SocialValueError

    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_INPUT
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("default")
            return int(args.handler(args))
    except SocialValueError as exc:
        if args.debug:  # the traceback, then the same exit status as without --debug
            traceback.print_exc()
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except BrokenPipeError:  # e.g. `socialvalue proxies list | head`
        return EXIT_OK
    except Exception as exc:
        if args.debug:
            traceback.print_exc()
            return EXIT_INTERNAL
        print(f"internal error: {type(exc).__name__}: {exc}\n"
              "This is a bug in socialvalue; please report it with the command you ran "
              "(re-run with --debug for the traceback).", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
