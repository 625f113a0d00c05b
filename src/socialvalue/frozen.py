"""Read-only containers for results, so a "frozen" result cannot be changed through its dicts.

Results are attrs classes declared frozen, but a frozen class holding a ``dict`` can still be
changed through it (``result.contract["value"] = 1``), which would make the result disagree
with its own provenance. :func:`freeze` turns dicts and lists into :class:`FrozenDict` and
:class:`FrozenList`: subclasses of ``dict`` and ``list`` (so JSON, ``==`` and ``isinstance``
work as before) whose mutating methods raise ``TypeError``, and which pickle and deep-copy.
:func:`thaw` gives back ordinary, mutable copies, which is what ``to_dict()`` returns.

No dependencies beyond the standard library: the engine uses these too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NoReturn

__all__ = ["FrozenDict", "FrozenList", "freeze", "thaw"]


def _refuse(self: Any, *args: Any, **kwargs: Any) -> NoReturn:
    raise TypeError(f"{type(self).__name__} is read-only: results do not change after they are made "
                    "(use to_dict() for a copy you can edit)")


class FrozenDict(dict):  # type: ignore[type-arg]
    """A ``dict`` that cannot be changed after it is made."""

    __slots__ = ()
    __setitem__ = __delitem__ = __ior__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenDict, (dict(self),))

    def __copy__(self) -> FrozenDict:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> FrozenDict:
        return self

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple(sorted(((k, _hashable(v)) for k, v in self.items()), key=lambda kv: repr(kv[0]))))


class FrozenList(list):  # type: ignore[type-arg]
    """A ``list`` that cannot be changed after it is made."""

    __slots__ = ()
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse
    append = clear = extend = insert = pop = remove = reverse = sort = _refuse

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenList, (list(self),))

    def __copy__(self) -> FrozenList:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> FrozenList:
        return self

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple(_hashable(v) for v in self))


def _hashable(value: Any) -> Any:
    try:
        hash(value)
        return value
    except TypeError:
        return repr(value)


def freeze(value: Any) -> Any:
    """``value`` with every dict and list inside it (recursively) made read-only; tuples are kept
    as tuples of frozen items. Other objects are returned as they are."""
    if isinstance(value, (FrozenDict, FrozenList)):
        return value
    if isinstance(value, Mapping):
        return FrozenDict({k: freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return FrozenList(freeze(v) for v in value)
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        return tuple(freeze(v) for v in value)
    return value


def thaw(value: Any) -> Any:
    """Ordinary ``dict``/``list`` copies of frozen containers (recursively); tuples become lists."""
    if isinstance(value, Mapping):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)) and not hasattr(value, "_fields"):
        return [thaw(v) for v in value]
    return value
