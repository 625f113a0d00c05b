"""Settings a caller may change for a block of work: safety limits and the path rule.

Nothing here is a module-level mutable global. Each setting lives in a context variable
behind a context manager, so a change applies to the code inside the ``with`` block (and to
threads and tasks started from it) and ends with it:

>>> import socialvalue
>>> with socialvalue.limits(max_outcomes=50_000):
...     socialvalue.config.current_limits().max_outcomes
50000
>>> socialvalue.config.current_limits().max_outcomes
10000

:class:`Limits` is a frozen value; :func:`limits` checks each name and value (a misspelt
name is refused with a suggestion). The command line raises a limit with
``--limit max_outcomes=50000``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import attrs

from socialvalue.errors import UnknownNameError, ValidationError

__all__ = ["Limits", "current_limits", "limits", "paths_outside_allowed", "paths_outside_are_allowed"]


def _positive(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValidationError(f"limit {attribute.name} must be a whole number of at least 1, got {value!r}",
                              field=attribute.name, hint="give a positive whole number, e.g. 50000")


def _limit(default: int, doc: str) -> Any:
    return attrs.field(default=default, validator=_positive, metadata={"doc": doc})


@attrs.frozen
class Limits:
    """Safety limits on every document read and on the work one run may do.

    Document size (bytes, nesting, values, aliases) is bounded so that a hostile file cannot
    exhaust memory or time; entry counts are bounded per kind, and the size limits are set so
    that a document at any entry limit, with every optional field filled, still loads.
    """

    max_bytes: int = _limit(20 * 1024 * 1024, "bytes of any file read, checked before reading")
    max_depth: int = _limit(64, "nesting depth of any document")
    max_nodes: int = _limit(2_000_000, "values in a document, before and after YAML aliases are expanded")
    max_aliases: int = _limit(1_000, "YAML aliases in a document")
    max_outcomes: int = _limit(10_000, "outcomes of an impact map")
    max_bids: int = _limit(1_000, "bids of a tender (listed or from a bids file)")
    max_commitments: int = _limit(10_000, "commitments of a bid or a monitored contract")
    max_measures: int = _limit(10_000, "measures of a catalogue, or inline measures")
    max_deliveries: int = _limit(25_000, "deliveries of a monitoring document")
    max_periods: int = _limit(1_200, "reporting periods (100 years of months)")
    max_spend_lines: int = _limit(25_000, "spend lines of an LM3 survey")
    max_criteria: int = _limit(1_000, "criteria entries of an assessment")
    max_proxies: int = _limit(10_000, "proxies of a dataset")
    max_rows: int = _limit(100_000, "rows of a CSV/XLSX bids file or catalogue")
    max_unit_chars: int = _limit(200, "characters in a unit's text")
    max_draws: int = _limit(1_000_000, "Monte Carlo draws of one run")
    max_draw_cells: int = _limit(200_000_000, "Monte Carlo draws x outcomes of one run")

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(a.name for a in attrs.fields(cls))

    def replace(self, **changes: Any) -> Limits:
        """A copy with some limits changed; unknown names are refused with a suggestion."""
        from socialvalue.suggest import close_matches

        for name in changes:
            if name not in self.names():
                hits = close_matches(name, self.names())
                raise UnknownNameError(f"no limit is called {name!r}", field=name, suggestions=hits,
                                       hint=None if hits else "limits: " + ", ".join(self.names()))
        return attrs.evolve(self, **changes)

    def as_dict(self) -> dict[str, int]:
        return attrs.asdict(self)


_LIMITS: ContextVar[Limits] = ContextVar("socialvalue_limits", default=Limits())
_ALLOW_OUTSIDE: ContextVar[bool] = ContextVar("socialvalue_allow_paths_outside", default=False)


def current_limits() -> Limits:
    """The limits in force here (the defaults unless a :func:`limits` block changed them)."""
    return _LIMITS.get()


@contextmanager
def limits(value: Limits | None = None, /, **changes: int) -> Iterator[Limits]:
    """Within this block, use ``value`` (a :class:`Limits`) or the current limits with ``changes``."""
    new = (value if value is not None else current_limits()).replace(**changes)
    token = _LIMITS.set(new)
    try:
        yield new
    finally:
        _LIMITS.reset(token)


def paths_outside_are_allowed() -> bool:
    """True inside a :func:`paths_outside_allowed` block."""
    return _ALLOW_OUTSIDE.get()


@contextmanager
def paths_outside_allowed(allow: bool = True) -> Iterator[None]:
    """Within this block, documents may name absolute paths and paths outside their folder.

    For API users who trust their documents; the default refuses both, because a document
    from a supplier must not make socialvalue read arbitrary files.
    """
    token = _ALLOW_OUTSIDE.set(bool(allow))
    try:
        yield
    finally:
        _ALLOW_OUTSIDE.reset(token)
