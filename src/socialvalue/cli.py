"""The ``socialvalue`` command.

Exit status, the same for every command:

====  ==================================================================================
0     success
1     ``socialvalue verify``: the result does not match its input (a mismatch, not an error)
2     bad input: a file, field, option or output path is wrong (an ``error:`` line naming the
      file, the field and the fix; independent mistakes in one document, such as several bad
      outcomes, bids or deliveries, one line each, up to 20, then "N errors")
3     an output could not be written (a full disk, no permission); nothing partial is left
4     internal error: a bug in socialvalue (please report it)
130   interrupted (Ctrl-C)
====  ==================================================================================

Tracebacks are shown only with ``--debug``.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

__all__ = ["main"]

EXIT_OK, EXIT_MISMATCH, EXIT_INPUT, EXIT_OUTPUT, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 130


def _parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser. Only the command being run is set up in full: a command module that lists its
    commands in ``COMMAND_HELP`` is otherwise represented by its name and help line, so that running
    one command does not import every framework (start-up time)."""
    from socialvalue import __version__
    from socialvalue.commands import COMMANDS

    parser = argparse.ArgumentParser(
        prog="socialvalue",
        description="Transparent, reproducible social value: proxies, SROI, tender scoring, LM3.",
        epilog="examples:\n  socialvalue value examples/employment-programme.yaml\n"
               "  socialvalue score examples/tender-highways.yaml --format html -o ranking.html\n"
               "  cat map.yaml | socialvalue value - --format json -o - > result.json\n\n"
               "Exit status: 0 ok, 1 verify mismatch, 2 bad input, 3 output not written, 4 internal error, "
               "130 interrupted.\nEach command has its own --help.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"socialvalue {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    chosen = _chosen_command(sys.argv[1:] if argv is None else argv)
    for name in COMMANDS:
        module = importlib.import_module(name)
        summaries = getattr(module, "COMMAND_HELP", None)
        if chosen is None or summaries is None or chosen in summaries:
            module.register(sub)
        else:
            for command, text in summaries.items():
                sub.add_parser(command, help=text)
    return parser


def _chosen_command(argv: Sequence[str]) -> str | None:
    """The command word of ``argv`` (the first argument that is not an option), if any."""
    return next((a for a in argv if not a.startswith("-")), None)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (see the module docstring)."""
    try:
        return _main(argv)
    except KeyboardInterrupt:  # while starting up or parsing arguments
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def _main(argv: Sequence[str] | None) -> int:
    import traceback
    import warnings

    from socialvalue.errors import OutputWriteError, SocialValueError
    from socialvalue.outputs import recording_reads
    from socialvalue.stdin import reading_stdin

    parser = _parser(argv)
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_INPUT
    try:
        with warnings.catch_warnings(), recording_reads(), reading_stdin(), _trust(args):
            warnings.simplefilter("default")
            return int(args.handler(args))
    except OutputWriteError as exc:
        if args.debug:
            traceback.print_exc()
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_OUTPUT
    except SocialValueError as exc:
        if args.debug:  # the traceback, then the same exit status as without --debug
            traceback.print_exc()
        _print_errors(exc)
        return EXIT_INPUT
    except BrokenPipeError:  # e.g. `socialvalue proxies list | head`
        _quiet_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:
        if args.debug:
            traceback.print_exc()
            return EXIT_INTERNAL
        print(f"internal error: {type(exc).__name__}: {exc}\n"
              "This is a bug in socialvalue; please report it with the command you ran "
              "(re-run with --debug for the traceback).", file=sys.stderr)
        return EXIT_INTERNAL


def _print_errors(exc: BaseException) -> None:
    """One ``error:`` line per input error (an :class:`~socialvalue.errors.ErrorGroup` has several), then,
    for more than one, how many there were."""
    from socialvalue.errors import ErrorGroup, SocialValueError

    errors = list(exc.errors) if isinstance(exc, ErrorGroup) else [exc]
    for error in errors:
        if isinstance(error, SocialValueError) and error.source == "options" and error.field:
            # an evaluation option came from a command-line flag
            error.source, error.field = None, "--" + error.field.split(".")[0].replace("_", "-")
        print(f"error: {error}", file=sys.stderr)
    if len(errors) > 1:
        stopped = isinstance(exc, ErrorGroup) and exc.stopped
        print(f"{len(errors)} errors" + (" (stopped there; fix these and run again to see any more)" if stopped
                                         else ""), file=sys.stderr)


@contextmanager
def _trust(args: argparse.Namespace) -> Iterator[None]:
    """Apply ``--limit NAME=VALUE`` and ``--trust`` (commands that evaluate documents have them)."""
    from socialvalue.config import limits, paths_outside_allowed

    with limits(**dict(getattr(args, "limit", None) or ())), paths_outside_allowed(bool(getattr(args, "trust", False))):
        yield


def _quiet_stdout() -> None:
    """After a closed pipe, point stdout at /dev/null so the interpreter's final flush stays quiet."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
