"""Small helpers for the frozen, validated attrs classes of the domain model.

Every domain object (a proxy, a source, an outcome, an investment) is an attrs class that
validates itself when it is built, and a ``from_dict`` that names the field path of a bad
value. These helpers turn the checks of :mod:`socialvalue.validation` into attrs
validators and converters, and add the document's field path to an error on the way out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from socialvalue.errors import SocialValueError

__all__ = ["field_validator", "freeze_value", "frozen_map", "identifier_check", "number_if_numeric", "optional",
           "tuple_of_str", "wrap_errors"]


def wrap_errors(build: Any, *, source: Any, field: str | None) -> Any:
    """Run ``build`` and add ``source``/``field`` context to any error it raises."""
    try:
        return build()
    except SocialValueError as exc:
        raise exc.with_context(source=source, field_prefix=field) from None


def identifier_check(value: Any, field: str) -> None:
    from socialvalue.identity import identifier

    identifier(value, field, what=field)


def field_validator(check: Any) -> Any:
    """An attrs validator running ``check(value, field_name)``."""
    def run(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        check(value, attribute.name)

    return run


def optional(check: Any) -> Any:
    """Like :func:`field_validator`, skipping ``None``."""
    def run(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            check(value, attribute.name)

    return run


def tuple_of_str(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def number_if_numeric(value: Any) -> Any:
    """Convert ints to float but leave anything else for the validator to refuse."""
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def freeze_value(value: Any) -> Any:
    from socialvalue.frozen import freeze

    return freeze(value)


def frozen_map(value: Any) -> Mapping[str, Any]:
    from socialvalue.frozen import freeze

    return freeze(dict(value or {}))
