"""Units: one lazily built pint registry, parsing unit text, and checked conversion.

Units are checked at the edge (when a document or dataset is read) and stripped to
plain floats before any arithmetic, so the engine never sees pint. pint itself is
imported only when a unit is first parsed; ``import socialvalue`` stays fast.

Money is the ``GBP`` unit; a value's price year is kept beside it, not in the unit.
"""

from __future__ import annotations

import re
import threading
from functools import cache, lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from socialvalue.errors import UnitError, UnitMismatchError, UnknownUnitError, ValidationError
from socialvalue.suggest import close_matches

if TYPE_CHECKING:  # pragma: no cover
    import pint

__all__ = [
    "DOMAIN_UNITS",
    "annual_money_factor",
    "convert",
    "format_unit",
    "parse_quantity",
    "parse_unit",
    "registry",
    "unit_dimensions",
]

DOMAIN_UNITS: tuple[str, ...] = (
    "GBP", "person", "household", "FTE", "apprenticeship", "learner_start", "QALY", "WELLBY",
    "episode", "attendance", "appointment", "bed_day", "day_case", "offence", "collision",
    "casualty", "fatality", "tCO2e", "kgCO2e", "tonne", "hour", "day", "week", "month", "year",
)
"""Units defined for the domain (plus pint's own, e.g. time and mass)."""

_lock = threading.Lock()
_PER = re.compile(r"\s+per\s+", re.IGNORECASE)
_NUMBER = re.compile(r"\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)(.*)", re.DOTALL)


@cache
def _build() -> pint.UnitRegistry:
    import pint

    from socialvalue.cache import cache_dir

    # pint's own cache of its parsed default definitions (its largest start-up cost), kept with ours
    folder = cache_dir("pint")
    reg = pint.UnitRegistry(autoconvert_offset_to_baseunit=False, on_redefinition="raise",
                            cache_folder=None if folder is None else str(folder))
    text = resources.files("socialvalue").joinpath("units.txt").read_text(encoding="utf-8")
    reg.load_definitions(text.splitlines())
    return reg


def registry() -> pint.UnitRegistry:
    """The package's unit registry (built on first use, then shared)."""
    with _lock:
        return _build()


# --------------------------------------------------------------------------- remembered unit facts
#
# What socialvalue asks of pint about a unit text (its dimensions; the factor that turns one unit
# into another) depends only on the text, units.txt and pint's own definitions. Each answer is
# computed with pint once and remembered in the user's cache (socialvalue.cache), keyed by the
# SHA-256 of units.txt and the pint version, so that a run whose units were all seen before never
# imports pint. A factor is pint's result for a quantity of 1: pint converts by multiplying the
# magnitude by that factor, so ``q * factor`` is the very float pint gives (tests/test_units.py
# checks this). Errors are never remembered: a bad unit always goes through pint's parser.

_memo_lock = threading.Lock()
_memo: dict[str, dict[str, Any]] | None = None
_memo_dirty = False


def _memo_name() -> str:
    import hashlib

    from socialvalue.entrypoints import version

    text = resources.files("socialvalue").joinpath("units.txt").read_bytes()
    return hashlib.sha256(text + version("pint").encode()).hexdigest()[:32]


def _facts() -> dict[str, dict[str, Any]]:
    global _memo
    with _memo_lock:
        if _memo is None:
            from socialvalue.cache import read_json

            stored = read_json("units", _memo_name())
            _memo = {"dims": {}, "money": {}, "convert": {}}
            if isinstance(stored, dict):
                for kind in _memo:
                    if isinstance(stored.get(kind), dict):
                        _memo[kind].update(stored[kind])
        return _memo


def _remember(kind: str, key: str, value: Any) -> None:
    global _memo_dirty
    facts = _facts()
    with _memo_lock:
        facts[kind][key] = value
        if not _memo_dirty:
            import atexit

            _memo_dirty = True
            atexit.register(_save_facts)


def _save_facts() -> None:
    from socialvalue.cache import write_json

    with _memo_lock:
        if _memo is not None:
            write_json("units", _memo_name(), _memo)


def _check_text(text: Any, source: Any, field: str | None) -> None:
    from socialvalue.config import current_limits

    if not isinstance(text, str) or not text.strip():
        raise ValidationError(f"a unit must be non-empty text, got {text!r}"[:200], source=source, field=field,
                              hint="write a unit such as 'GBP/person/year'")
    if len(text) > current_limits().max_unit_chars:  # pint's parser is quadratic in the length of unknown names
        raise UnknownUnitError(f"unit text is {len(text):,} characters long (limit {current_limits().max_unit_chars})",
                               source=source, field=field)


def unit_dimensions(text: Any, *, source: Any = None, field: str | None = None) -> dict[str, float]:
    """The dimensions of a unit (``{"[currency]": 1, "[person]": -1, "[time]": -1}`` for GBP/person/year),
    checked exactly as :func:`parse_unit` checks it."""
    _check_text(text, source, field)
    known = _facts()["dims"].get(text)
    if known is not None:
        return dict(known)
    dims = {str(k): float(x) for k, x in parse_unit(text, source=source, field=field).dimensionality.items()}
    _remember("dims", text, dims)
    return dict(dims)


def _normalise(text: str) -> str:
    text = text.strip()
    text = _PER.sub(" / ", f" {text} ").strip()
    return text


@lru_cache(maxsize=4096)
def _parse_cached(text: str) -> pint.Unit:
    reg = registry()
    return reg.parse_units(_normalise(text))


def parse_unit(text: Any, *, source: Any = None, field: str | None = None) -> pint.Unit:
    """Parse unit text such as ``"GBP per person per year"``, ``"GBP/FTE/year"``, ``"GBP/tCO2e"``.

    Raises :class:`UnknownUnitError` (with close matches) for names the registry lacks.
    """
    _check_text(text, source, field)
    try:
        unit = _parse_cached(text)
    except Exception as exc:  # pint raises several unrelated types for bad text
        bad = _first_unknown(text)
        suggestions = close_matches(bad, _known_names()) if bad else []
        hint = ("did you mean " + ", ".join(repr(s) for s in suggestions) + "?") if suggestions else None
        raise UnknownUnitError(
            f"cannot understand unit {text!r}" + (f": {bad!r} is not a known unit" if bad else f" ({exc})"),
            source=source, field=field, hint=hint,
        ) from None
    offset = _offset_part(unit)
    if offset is not None:
        raise UnitError(
            f"unit {text!r} measures from an offset zero ({offset}), so amounts in it cannot be multiplied or "
            "added", source=source, field=field,
            hint="social value counts things (people, hours, tonnes); temperatures and decibels are not counts")
    return unit


def _offset_part(unit: pint.Unit) -> str | None:
    """The first non-multiplicative unit in ``unit`` (degC, degF, decibel), if any."""
    reg = registry()
    for name in unit._units:
        definition = reg._units.get(name)
        if definition is not None and not definition.is_multiplicative:
            return name
    return None


def _known_names() -> list[str]:
    reg = registry()
    return sorted(set(DOMAIN_UNITS) | {str(u) for u in reg._units})


def _first_unknown(text: str) -> str | None:
    reg = registry()
    for token in re.findall(r"[A-Za-z_£][A-Za-z_0-9£]*", _normalise(text)):
        if token.lower() == "per":
            continue
        try:
            reg.parse_units(token)
        except Exception:
            return token
    return None


def format_unit(unit: pint.Unit | str) -> str:
    """A compact, stable spelling of a unit (``GBP / person / year``)."""
    if isinstance(unit, str):
        unit = parse_unit(unit)
    return str(unit)


def parse_quantity(value: Any, *, default_unit: str | None = None, source: Any = None,
                   field: str | None = None) -> tuple[float, str | None]:
    """Split ``"12.5 FTE"`` into ``(12.5, "FTE")``; a bare number takes ``default_unit``.

    The number is read by the one number rule (:mod:`socialvalue.numbers`): ``"1,250 hour"``
    is 1250 hours, ``"12,5 FTE"`` is refused. The unit is validated. Returns the unit text
    as written so that messages can echo the user's own words.
    """
    from socialvalue.numbers import number_token, parse_number_text, read_number

    if isinstance(value, str):
        split = number_token(value)
        rest = split[1].strip() if split else ""
        if split is None or "\n" in rest or "\r" in rest:
            raise ValidationError(f"cannot read a quantity from {value!r}"[:200], source=source, field=field,
                                  hint="write a number followed by a unit, e.g. '1200 hour' or '12.5 FTE'")
        number = parse_number_text(split[0], field=field, source=source)
        unit = rest or default_unit
    else:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValidationError(f"expected a number or text like '12 FTE', got {type(value).__name__} "
                                  f"{value!r}"[:200], source=source, field=field,
                                  hint="write a number such as 12.5, or a number and a unit such as '12.5 FTE'")
        number, unit = read_number(value, field, source=source), default_unit
    if unit is not None:
        unit_dimensions(unit, source=source, field=field)
    return number, unit


def convert(magnitude: float, from_unit: str, to_unit: str, *, source: Any = None,
            field: str | None = None) -> float:
    """Convert ``magnitude`` from one unit to another of the same dimension.

    Raises :class:`UnitMismatchError` when the dimensions differ (an hour is never an FTE-year).
    """
    if isinstance(from_unit, str) and isinstance(to_unit, str):
        factor = _facts()["convert"].get(f"{from_unit}\n{to_unit}")
        if factor is not None:
            _check_text(from_unit, source, field)
            _check_text(to_unit, source, field)
            return float(magnitude) * factor
        result = _convert(1.0, from_unit, to_unit, source=source, field=field)
        _remember("convert", f"{from_unit}\n{to_unit}", result)
        return float(magnitude) * result
    return _convert(magnitude, from_unit, to_unit, source=source, field=field)


def _convert(magnitude: float, from_unit: str, to_unit: str, *, source: Any, field: str | None) -> float:
    src = parse_unit(from_unit, source=source, field=field)
    dst = parse_unit(to_unit, source=source, field=field)
    if src.dimensionality != dst.dimensionality:
        raise UnitMismatchError(
            f"{from_unit!r} cannot be converted to {to_unit!r}: "
            f"{_dims(src)} is not {_dims(dst)}",
            source=source, field=field,
        )
    reg = registry()
    return float(reg.Quantity(float(magnitude), src).to(dst).magnitude)


def _dims(unit: pint.Unit) -> str:
    dims = str(unit.dimensionality)
    return "a plain number" if dims == "dimensionless" else dims


def annual_money_factor(quantity: float, quantity_unit: str | None, proxy_unit: str, *,
                        source: Any = None, field: str | None = None) -> tuple[float, bool]:
    """Express ``quantity`` so that ``result × proxy value`` is money.

    Returns ``(q, per_year)`` where ``q`` is the quantity in the proxy's own terms and
    ``per_year`` tells whether ``q × proxy`` is money *per year* (the proxy or the
    quantity carries a time denominator) or money once per year of the outcome's
    duration (the value-map convention for counts).

    **The one rule for bare quantities:** a bare number (``quantity_unit`` is None) is a
    count of the proxy's own unit, exactly as written: ``10`` with a ``GBP/hour`` proxy is
    10 hours, with ``GBP/person/year`` 10 person-years, with ``GBP/person/week`` 10
    person-weeks. It is never converted. Give a unit (``"10 person"``) to have socialvalue
    convert it. A quantity whose dimension does not fit the proxy raises
    :class:`UnitMismatchError` naming what would fit.
    """
    key = f"{quantity_unit or ''}\n{proxy_unit}"
    if not isinstance(proxy_unit, str) or not (quantity_unit is None or isinstance(quantity_unit, str)):
        return _annual_money_factor(quantity, quantity_unit, proxy_unit, source=source, field=field)
    known = _facts()["money"].get(key)
    if known is None:  # pint once; errors are raised here and never remembered
        result = _annual_money_factor(1.0, quantity_unit, proxy_unit, source=source, field=field)
        known = [None if quantity_unit is None else result[0], result[1]]
        _remember("money", key, known)
    else:
        _check_text(proxy_unit, source, field)
        if quantity_unit is not None:
            _check_text(quantity_unit, source, field)
    factor, per_year = known
    return (float(quantity) if factor is None else float(quantity) * factor), bool(per_year)


def _annual_money_factor(quantity: float, quantity_unit: str | None, proxy_unit: str, *,
                         source: Any = None, field: str | None = None) -> tuple[float, bool]:
    punit = parse_unit(proxy_unit, source=source, field=field)
    reg = registry()
    gbp = reg.parse_units("GBP")
    if quantity_unit is None:
        if (gbp / punit).dimensionality == reg.parse_units("dimensionless").dimensionality or \
                punit.dimensionality.get("[currency]") != 1:
            raise UnitMismatchError(
                f"proxy unit {proxy_unit!r} is not money or money per something",
                source=source, field=field, hint="proxy units start with GBP, e.g. 'GBP/person/year'",
            )
        dims = dict((gbp / punit).dimensionality)
        return float(quantity), "[time]" in dims and len(dims) > 1
    qunit = parse_unit(quantity_unit, source=source, field=field)
    money = reg.Quantity(float(quantity), qunit) * reg.Quantity(1.0, punit)
    denominator = gbp / punit
    if money.dimensionality == gbp.dimensionality:
        return float(money.to(gbp).magnitude), False
    per_year = gbp / reg.parse_units("year")
    if money.dimensionality == per_year.dimensionality:
        return float(money.to(per_year).magnitude), True
    raise UnitMismatchError(
        f"a quantity in {quantity_unit!r} cannot be valued with a proxy in {proxy_unit!r}",
        source=source, field=field,
        hint=f"give the quantity in units of {_pretty(denominator)} (a bare number is read in exactly those units)",
    )


def _pretty(unit: Any) -> str:
    text = str(unit)
    return text.replace(" ** -1", "^-1")
