"""What a comparison view adapter writes, and the pieces it builds with.

A **view adapter** lets :func:`socialvalue.compare.compare` run a view through one
framework. It is a plugin in the ``socialvalue.compare_views`` entry-point group, named by
the framework's id; the built-in ``sroi`` and ``toms`` adapters register exactly as a
third-party package does. An adapter subclasses :class:`ViewAdapter` and writes:

* ``framework``: the framework id (also the key of its templates in a crosswalk fact and of
  its defaults under the crosswalk's ``frameworks:``);
* ``parse_template(raw, field)``: read and check how the framework values one fact (the
  mapping under ``facts.<fact>.<framework>`` of a crosswalk), returning an object with
  ``to_dict()``;
* ``run(view, subjects, crosswalk, source)``: build the framework's own document(s) from the
  activities' facts, evaluate them with the framework, and return a :class:`ViewRun` whose
  :class:`Cell` for each fact says whether it was valued and, if so, the
  :class:`~socialvalue.compare.decompose.Setting` (quantity, proxy, unit factor, price year,
  adjustments, years, discounting) under which the valuation engine gives the framework's
  own figure. The comparison checks that it does, so a view cannot report a figure the
  decomposition cannot explain.

The helpers below are what the built-in adapters use; a plugin uses the same ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from socialvalue.compare.decompose import Setting
from socialvalue.errors import SocialValueError, ValidationError

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Sequence

    from socialvalue.compare.activity import ActivityFacts, Fact, View
    from socialvalue.compare.crosswalk import Crosswalk

__all__ = [
    "NOT_MONETISED",
    "NO_COUNTERPART",
    "VALUED",
    "Cell",
    "FieldMap",
    "Setting",
    "ViewAdapter",
    "ViewRun",
    "check_series",
    "crosswalk_field",
    "proxy_override",
    "proxy_pool",
    "rebased",
    "unit_factor",
    "view_schedule",
]

VALUED, NO_COUNTERPART, NOT_MONETISED = "valued", "no counterpart", "not monetised"
"""The status of a fact in a view: valued, no template in the crosswalk, or counted but not given a value."""
_DISCOUNT_START = {"year-1": "sroi", "year-0": "green-book"}


@attrs.frozen
class Cell:
    """One fact in one view: its status, what valued it, and the setting the engine uses."""

    status: str
    counterpart: str | None = None
    reason: str | None = None
    setting: Setting | None = None
    framework_value: float | None = None

    def describe(self) -> dict[str, Any]:
        return {"status": self.status, "counterpart": self.counterpart, "reason": self.reason,
                "setting": None if self.setting is None else self.setting.to_dict()}


@attrs.frozen
class ViewRun:
    """A view's cells (``cells[subject][fact]``), framework results and conventions."""

    view: View
    cells: tuple[tuple[Cell, ...], ...]
    results: tuple[Any, ...]
    price_year: int
    schedule: Any
    convention: str
    sources: tuple[Mapping[str, Any], ...] = ()

    def describe(self) -> dict[str, Any]:
        return {**self.view.to_dict(), "effective": {
            "price_year": self.price_year, "discounting": self.schedule.to_dict(),
            "discount_start": "year-1" if self.convention == "sroi" else "year-0"},
            "sources": [dict(s) for s in self.sources]}


class ViewAdapter:
    """The base class of a comparison view adapter (see the module docstring)."""

    framework: ClassVar[str] = ""
    default_keys: ClassVar[tuple[str, ...]] = ()
    """Settings the crosswalk may give under ``frameworks.<framework>`` besides ``discounting`` and
    ``discount_start`` (e.g. ``catalogue`` for ``toms``)."""
    default_discounting: ClassVar[str] = "none"
    """The discounting when neither the view nor the crosswalk gives one."""

    def __repr__(self) -> str:
        return f"<ViewAdapter {self.framework!r}>"

    def parse_template(self, raw: Any, field: str) -> Any:  # pragma: no cover - every adapter writes it
        raise NotImplementedError(f"view adapter {self.framework!r} does not define parse_template()")

    def run(self, view: View, subjects: Sequence[ActivityFacts], crosswalk: Crosswalk,
            source: str | None) -> ViewRun:  # pragma: no cover - every adapter writes it
        raise NotImplementedError(f"view adapter {self.framework!r} does not define run()")


class FieldMap:
    """Maps field paths of a generated document back to the user's input, so that a framework's
    error on a document the adapter wrote names the fact, view or crosswalk entry that caused it."""

    def __init__(self, view: View, source: str | None) -> None:
        self.view, self.source, self.map = view, source, {}

    def add(self, generated: str, user: str) -> None:
        self.map[generated] = user

    def translate(self, exc: SocialValueError) -> SocialValueError:
        from socialvalue.errors import ErrorGroup

        if isinstance(exc, ErrorGroup):  # several errors of the generated document: each names its own place
            return ErrorGroup(errors=[self.translate(error) for error in exc.errors], stopped=exc.stopped)
        field = exc.field or ""
        best = max((g for g in self.map if field == g or field.startswith((g + ".", g + "["))), key=len, default=None)
        exc.field = self.map[best] + field[len(best):] if best is not None else self.view.field
        exc.message = f"view {self.view.label!r} ({self.view.framework}): {exc.message}"
        if exc.source is not None and exc.source.startswith("<"):
            exc.source = None
        return exc.with_context(source=self.source)


def proxy_pool(view: View) -> list[Any]:
    """The datasets a view's proxies are resolved from: the view's own first, then every installed one."""
    from socialvalue.proxies import installed_datasets

    own = list(view.datasets)
    return own + [d for d in installed_datasets() if all(d is not o for o in own)]


def view_schedule(view: View, crosswalk: Crosswalk, default: str = "none") -> tuple[Any, str]:
    """The discount schedule and first-year convention (``"sroi"`` or ``"green-book"``) of a view:
    the view's own, else the crosswalk's for its framework, else ``default``."""
    from socialvalue.prices import discount_schedule

    defaults = crosswalk.defaults(view.framework)
    spec = view.discounting if view.discounting is not None else defaults.get("discounting", default)
    start = view.discount_start or defaults.get("discount_start", "year-1")
    return discount_schedule(spec, field=f"{view.field}.discounting"), _DISCOUNT_START[start]


def unit_factor(unit: str, proxy_unit: str, field: str) -> float:
    """How many of the proxy's units one ``unit`` is (``UnitMismatchError`` when they do not convert)."""
    from socialvalue.units import annual_money_factor

    return annual_money_factor(1.0, unit, proxy_unit, field=field)[0]


def check_series(proxy: Any, subject: ActivityFacts, fact: Fact, view: View) -> None:
    """A proxy that changes by calendar year needs the activity's first calendar year."""
    if proxy.is_series and subject.first_year is None:
        raise ValidationError(f"fact {fact.id!r} is valued in view {view.label!r} with proxy {proxy.qualified_id!r}, "
                              "which changes by calendar year", field=f"{subject.field}.first_year",
                              hint="set first_year: the calendar year of the activity's first year")


def proxy_override(view: View, fact: Fact, has_template: bool) -> str | None:
    """The proxy the view names for ``fact`` (``views[i].proxies``), refused when the crosswalk has no
    template for the fact in the view's framework (there is nothing the proxy would value)."""
    ref = view.proxies.get(fact.fact)
    if ref is not None and not has_template:
        raise ValidationError(f"the crosswalk has no {view.framework} counterpart for fact {fact.fact!r}, so no "
                              "proxy can be chosen for it", field=f"{view.field}.proxies.{fact.fact}",
                              hint=f"add a {view.framework}: entry for the fact in a crosswalk that extends this one")
    return ref


def rebased(amount: float, from_year: int, to_year: int) -> float:
    """Money of the activity (investment, contract value) in the view's prices, so that a ratio or a
    share of the contract value does not depend on the price year a view is expressed in."""
    from socialvalue.prices import gdp_deflator

    return amount if from_year == to_year else amount * gdp_deflator().factor(from_year, to_year)


def crosswalk_field(crosswalk: Crosswalk, field: str) -> str:
    """``field`` (a path inside the crosswalk) as the user wrote it (``crosswalk.facts…`` when inline)."""
    return f"{crosswalk.field_prefix}.{field}" if crosswalk.field_prefix else field
