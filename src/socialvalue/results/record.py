"""``record``: the frozen attrs classes results are made of, read-only all the way down."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform, overload

import attrs

__all__ = ["record"]

C = TypeVar("C", bound=type)


def _freeze_fields(cls: type, fields: list[attrs.Attribute[Any]]) -> list[attrs.Attribute[Any]]:
    """Give every field a converter that makes dicts and lists read-only (see :mod:`socialvalue.frozen`)."""
    from socialvalue.frozen import freeze

    out = []
    for field in fields:
        conv = field.converter
        out.append(field.evolve(converter=freeze if conv is None else attrs.converters.pipe(conv, freeze)))
    return out


@overload
def record(maybe_cls: C) -> C: ...


@overload
def record(maybe_cls: None = None, **kwargs: Any) -> Callable[[C], C]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(attrs.field, attrs.Factory))
def record(maybe_cls: Any = None, **kwargs: Any) -> Any:
    """``attrs.frozen`` whose dict and list fields are read-only too, so a result cannot be changed
    through them (``result.contract["value"] = 1`` raises ``TypeError``). Used for every result."""
    return attrs.frozen(maybe_cls, field_transformer=_freeze_fields, **kwargs)
