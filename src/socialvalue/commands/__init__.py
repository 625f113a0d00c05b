"""Subcommands of the ``socialvalue`` command line, one module each.

Each module has ``register(subparsers)``, which adds its parser and sets ``handler``.
"""

from __future__ import annotations

COMMANDS: tuple[str, ...] = (
    "socialvalue.commands.run",
    "socialvalue.commands.value",
    "socialvalue.commands.score",
    "socialvalue.commands.monitor",
    "socialvalue.commands.assess",
    "socialvalue.commands.compare",
    "socialvalue.commands.verify",
    "socialvalue.commands.proxies",
    "socialvalue.commands.datasets",
    "socialvalue.commands.schema",
    "socialvalue.commands.serve",
)
"""Modules providing subcommands, in help order."""
