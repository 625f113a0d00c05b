"""Column preparation and vectorised checks for :func:`~.compile.compile_outcomes`.

A column is either a constant (a scalar or an omitted default, stored as a read-only
broadcast view that costs no memory, and validated at once) or an array that is scanned
block by block: copied if the caller could still change it, and reduced to its ``min`` and
``max``. ``min``/``max`` propagate NaN, so one comparison per column rejects NaN,
infinities and out-of-range values together; only when that fails is the first bad index
looked up, for the error message. Nothing is clamped.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from socialvalue.errors import EngineInputError
from socialvalue.frozen import FrozenDict

MAX_YEAR = 1000
"""Latest project year an outcome may reach (the Green Book schedule runs to year 1000)."""

_FRACTION_HINT = "write fractions as numbers between 0 and 1, e.g. 0.2 for 20%"
_MAX_FLOAT = float(np.finfo(np.float64).max)


@dataclass(frozen=True, slots=True)
class GroupCodes:
    """Integer codes ``0 … len(labels)-1`` per outcome, and the label of each code."""

    codes: np.ndarray
    labels: tuple[Any, ...]


@dataclass
class Column:
    """One input column on its way into the table."""

    name: str
    kind: str  # "fraction", "amount", "int" or "bool"
    data: np.ndarray
    constant: bool
    copy: bool = False
    minimum: int = 0
    lo: Any = None
    hi: Any = None


def readonly(a: np.ndarray) -> np.ndarray:
    """A read-only view (never changes the flags of an array the caller holds)."""
    view = a.view()
    view.setflags(write=False)
    return view


def constant(value: Any, n: int, dtype: Any) -> np.ndarray:
    return np.broadcast_to(np.asarray(value, dtype=dtype), (n,))


def as_array(value: Any, name: str, dtype: Any) -> np.ndarray:
    """``value`` as an array of ``dtype``, refusing what a cast would silently change: complex
    numbers (numpy drops the imaginary part with only a warning), masked arrays (the cast
    ignores the mask and values the hidden entries), booleans for numbers and text."""
    if isinstance(value, np.ma.MaskedArray):
        raise EngineInputError(f"{name} is a masked array; the mask would be ignored", field=name,
                               hint="fill the masked entries (array.filled(...)) or leave those outcomes out")
    kind = getattr(getattr(value, "dtype", None), "kind", None)
    if kind is None and not np.isscalar(value) and not isinstance(value, (bool, int, float)):
        try:
            kind = np.asarray(value).dtype.kind
        except (TypeError, ValueError):
            kind = None
    elif kind is None:
        kind = np.asarray(value).dtype.kind
    if kind == "c":
        raise EngineInputError(f"{name} holds complex numbers", field=name,
                               hint="give real numbers; the imaginary part would be dropped")
    if kind == "b" and np.dtype(dtype).kind == "f":
        raise EngineInputError(f"{name} holds true/false values, not numbers", field=name,
                               hint="give numbers; a boolean array would be read as 0 and 1")
    if kind in ("U", "S", "O") and np.dtype(dtype).kind == "f":
        arr = np.asarray(value, dtype=object).reshape(-1)
        bad = next((i for i, x in enumerate(arr.tolist()) if isinstance(x, (str, bytes, bool, complex))), None)
        if bad is not None:
            raise EngineInputError(f"{name}[{bad}] is {type(arr[bad]).__name__} {arr[bad]!r}, not a number",
                                   field=f"{name}[{bad}]", hint="give numbers (floats), not text")
    try:
        return np.asarray(value, dtype=dtype)
    except (TypeError, ValueError, OverflowError) as exc:
        raise EngineInputError(f"{name} must be numbers: {exc}", field=name) from None


def shape_error(name: str, arr: np.ndarray, n: int) -> EngineInputError:
    got = f"{arr.shape[0]} values" if arr.ndim == 1 else f"shape {arr.shape}"
    return EngineInputError(f"{name} has {got} but quantity has {n}", field=name,
                            hint="give one value per outcome, in the same order")


def frozen(arr: np.ndarray) -> bool:
    """True if no writeable array or buffer can change ``arr``'s memory (read-only all the
    way down its ``base`` chain, e.g. a read-only memory map or an Arrow/bytes buffer)."""
    obj: Any = arr
    while isinstance(obj, np.ndarray):
        if obj.flags.writeable:
            return False
        obj = obj.base
    if obj is None:
        return True
    try:
        return bool(memoryview(obj).readonly)
    except TypeError:
        return False


def must_copy(raw: Any, arr: np.ndarray, copy: bool | None) -> bool:
    """Copy an input that the caller could still modify (unless ``copy=False``)."""
    if copy is False:
        return False
    if not (isinstance(raw, np.ndarray) and np.may_share_memory(arr, raw)):
        return False  # already a fresh conversion that nobody else holds
    return copy is True or not frozen(raw)


def first_bad(good: np.ndarray) -> int:
    return int(np.flatnonzero(~good)[0])


def describe(x: float) -> str:
    return "NaN" if math.isnan(x) else repr(float(x))


def float_column(value: Any, name: str, n: int, *, kind: str, default: float | None, copy: bool | None,
                 converted: np.ndarray | None = None) -> Column:
    """A float column: validated constant, or an array to scan (``kind``: fraction/amount)."""
    if value is None:
        if default is None:
            raise EngineInputError(f"{name} is required", field=name)
        return Column(name, kind, constant(default, n, np.float64), True, lo=default, hi=default)
    arr = as_array(value, name, np.float64) if converted is None else converted
    if arr.ndim == 0:
        top = 1.0 if kind == "fraction" else _MAX_FLOAT
        if not (0.0 <= float(arr) <= top):
            raise EngineInputError(f"{name} {describe(float(arr))} is not a "
                                   + ("fraction in [0, 1]" if kind == "fraction" else "finite number >= 0"),
                                   field=name, hint=_FRACTION_HINT if kind == "fraction" else None)
        return Column(name, kind, constant(arr, n, np.float64), True, lo=float(arr), hi=float(arr))
    if arr.ndim != 1 or arr.shape[0] != n:
        raise shape_error(name, arr, n)
    contiguous = np.ascontiguousarray(arr)
    return Column(name, kind, contiguous, False, copy=must_copy(value, contiguous, copy))


def int_column(value: Any, name: str, n: int, *, default: int | None, minimum: int, copy: bool | None) -> Column:
    """A whole-number column (durations, start years) as int64."""
    if value is None:
        if default is None:
            raise EngineInputError(f"{name} is required", field=name)
        return Column(name, "int", constant(default, n, np.int64), True, minimum=minimum, lo=default, hi=default)
    raw = np.asarray(value)
    if raw.dtype == np.bool_ or raw.dtype.kind not in "iuf":
        raise EngineInputError(f"{name} must be whole numbers of years, got {raw.dtype} values", field=name)
    if raw.ndim == 0:
        if not (minimum <= raw <= MAX_YEAR and float(raw) == int(raw)):
            raise EngineInputError(f"{name} {raw!r} is not a whole number in {minimum}..{MAX_YEAR}", field=name)
        return Column(name, "int", constant(int(raw), n, np.int64), True, minimum=minimum, lo=int(raw),
                      hi=int(raw))
    if raw.ndim != 1 or raw.shape[0] != n:
        raise shape_error(name, raw, n)
    if raw.dtype.kind == "f":
        good = (raw >= minimum) & (raw <= MAX_YEAR) & (np.floor(raw) == raw)
        if n and not good.all():
            i = first_bad(good)
            raise EngineInputError(f"{name} {describe(raw[i])} is not a whole number of years in "
                                   f"{minimum}..{MAX_YEAR}", field=f"{name}[{i}]", hint=f"{name} counts whole years")
        return Column(name, "int", raw.astype(np.int64), False, minimum=minimum)
    contiguous = np.ascontiguousarray(raw, dtype=np.int64)
    return Column(name, "int", contiguous, False, copy=must_copy(value, contiguous, copy), minimum=minimum)


def bool_column(negative: Any, n: int, copy: bool | None) -> Column:
    if negative is None:
        return Column("negative", "bool", constant(False, n, bool), True, lo=False, hi=False)
    raw = np.asarray(negative)
    if raw.ndim == 0:
        if raw.dtype != np.bool_ and raw not in (0, 1):
            raise EngineInputError("negative must be True or False", field="negative")
        return Column("negative", "bool", constant(bool(raw), n, bool), True, lo=bool(raw), hi=bool(raw))
    if raw.shape != (n,):
        raise shape_error("negative", raw, n)
    if raw.dtype != np.bool_:
        ok = (raw == 0) | (raw == 1) if raw.dtype.kind in "iuf" else np.zeros(n, bool)
        if raw.dtype.kind not in "iu" or (n and not ok.all()):
            raise EngineInputError("negative must be True/False per outcome", field=f"negative[{first_bad(ok)}]")
        return Column("negative", "bool", raw.astype(bool), False)
    contiguous = np.ascontiguousarray(raw)
    return Column("negative", "bool", contiguous, False, copy=must_copy(negative, contiguous, copy))


def check(col: Column, n: int) -> None:
    """Raise for the first invalid entry, given the scanned ``lo``/``hi``."""
    if col.constant or n == 0 or col.kind == "bool":
        return
    arr = col.data
    if col.kind == "int":
        if col.lo >= col.minimum and col.hi <= MAX_YEAR:
            return
        i = first_bad((arr >= col.minimum) & (arr <= MAX_YEAR))
        raise EngineInputError(f"{col.name} {int(arr[i])} is outside {col.minimum}..{MAX_YEAR}",
                               field=f"{col.name}[{i}]", hint=f"{col.name} counts whole years, at least {col.minimum}")
    top = 1.0 if col.kind == "fraction" else _MAX_FLOAT
    if col.lo >= 0.0 and col.hi <= top:
        return
    i = first_bad((arr >= 0.0) & (arr <= top))
    if col.kind == "fraction":
        raise EngineInputError(f"{col.name} {describe(arr[i])} is not a fraction in [0, 1]", field=f"{col.name}[{i}]",
                               hint=_FRACTION_HINT)
    what = "negative" if arr[i] < 0 else "not a finite number"
    raise EngineInputError(f"{col.name} {describe(arr[i])} is {what}", field=f"{col.name}[{i}]",
                           hint=f"{col.name} must be a finite number >= 0; mark disbenefits with negative=True")


def groups_of(groups: Mapping[str, Any] | None, n: int) -> Mapping[str, GroupCodes]:
    out: dict[str, GroupCodes] = {}
    for name, raw_codes in (groups or {}).items():
        if not isinstance(name, str):
            raise EngineInputError(f"group names must be strings, got {name!r}", field="groups")
        raw = np.asarray(raw_codes)
        fieldname = f"groups.{name}"
        if raw.ndim != 1 or raw.shape[0] != n:
            raise EngineInputError(f"group {name!r} has shape {raw.shape} but quantity has {n} values",
                                   field=fieldname)
        if raw.dtype.kind in "iu":
            if n and int(raw.min()) < 0:
                i = first_bad(raw >= 0)
                raise EngineInputError(f"group code {int(raw[i])} is negative", field=f"{fieldname}[{i}]",
                                       hint="group codes are integers >= 0 (or pass labels as strings)")
            if n and int(raw.max()) > 10_000_000:
                raise EngineInputError("group codes above 10,000,000", field=fieldname,
                                       hint="number the groups 0, 1, 2, … or pass string labels")
            present = np.flatnonzero(np.bincount(raw)) if n else np.zeros(0, np.int64)
            remap = np.zeros(int(present[-1]) + 1 if present.size else 1, dtype=np.intp)
            remap[present] = np.arange(present.size)
            codes = remap[raw] if n else np.zeros(0, np.intp)
            labels: tuple[Any, ...] = tuple(int(v) for v in present)
        elif raw.dtype.kind in "USO":
            try:
                uniq, codes = np.unique(raw.astype(str), return_inverse=True)
            except (TypeError, ValueError) as exc:
                raise EngineInputError(f"group labels must be strings: {exc}", field=fieldname) from None
            labels = tuple(str(v) for v in uniq)
            codes = codes.astype(np.intp).reshape(-1)
        else:
            raise EngineInputError(f"group {name!r} must be integer codes or string labels", field=fieldname)
        out[name] = GroupCodes(codes=readonly(np.ascontiguousarray(codes, dtype=np.intp)), labels=labels)
    return FrozenDict(out)


def yearly_of(yearly: Mapping[int, Any], n: int, start: np.ndarray, dur: np.ndarray,
              proxy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows with a proxy per project year as ``(rows, (k, W) matrix)``; writes each row's
    first-year proxy into ``proxy``. Only the outcome's own years are read and checked."""
    if not isinstance(yearly, Mapping):
        raise EngineInputError("yearly_proxy must map row index -> proxy values by project year",
                               field="yearly_proxy")
    rows = []
    for key in yearly:
        if isinstance(key, bool) or not isinstance(key, (int, np.integer)) or not 0 <= int(key) < n:
            raise EngineInputError(f"row {key!r} is not an outcome index 0..{n - 1}", field=f"yearly_proxy[{key!r}]")
        rows.append(int(key))
    rows_arr = np.array(sorted(rows), dtype=np.intp)
    last = start[rows_arr] + dur[rows_arr] - 1
    values = np.zeros((rows_arr.size, int(last.max())))
    for k, row in enumerate(rows_arr.tolist()):
        fieldname = f"yearly_proxy[{row}]"
        try:
            series = np.asarray(yearly[row], dtype=np.float64)
        except (TypeError, ValueError) as exc:
            raise EngineInputError(f"proxy series must be numbers: {exc}", field=fieldname) from None
        s, e = int(start[row]), int(last[k])
        if series.ndim != 1 or series.shape[0] < e:
            got = series.shape[0] if series.ndim == 1 else series.shape
            raise EngineInputError(f"series has {got} values but the outcome runs to project year {e}",
                                   field=fieldname, hint="values[t - 1] is the proxy in project year t")
        used = series[s - 1:e]
        good = (used >= 0.0) & (used <= _MAX_FLOAT)
        if not good.all():
            i = first_bad(good) + s - 1
            raise EngineInputError(f"proxy {describe(series[i])} for project year {i + 1} is not a finite "
                                   "number >= 0", field=f"{fieldname}[{i}]")
        values[k, s - 1:e] = used
        proxy[row] = used[0]
    return readonly(rows_arr), readonly(values)
