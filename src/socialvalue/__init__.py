"""socialvalue: transparent, reproducible social value figures.

The public API is loaded lazily (on first attribute access) so that ``import socialvalue``
stays fast for command-line use; pint in particular is imported only when a unit is
first parsed.

>>> import socialvalue
>>> socialvalue.rebase(100.0, 2023, 2024) > 100.0
True
"""

from __future__ import annotations

import importlib
from importlib import metadata
from typing import TYPE_CHECKING, Any

try:
    __version__ = metadata.version("socialvalue")
except metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0+unknown"

_EXPORTS: dict[str, str] = {
    # errors
    "SocialValueError": "socialvalue.errors",
    "DocumentError": "socialvalue.errors",
    "ValidationError": "socialvalue.errors",
    "UnitMismatchError": "socialvalue.errors",
    "UnknownProxyError": "socialvalue.errors",
    # domain model
    "Activity": "socialvalue.frameworks.sroi.model",
    "Beneficiary": "socialvalue.frameworks.sroi.model",
    "Derivation": "socialvalue.proxies.model",
    "Investment": "socialvalue.frameworks.sroi.model",
    "Outcome": "socialvalue.frameworks.sroi.model",
    "Proxy": "socialvalue.proxies.model",
    "Source": "socialvalue.proxies.model",
    # prices
    "DiscountSchedule": "socialvalue.prices",
    "discount_schedule": "socialvalue.prices",
    "gdp_deflator": "socialvalue.prices",
    "rebase": "socialvalue.prices",
    # proxies
    "ProxyDataset": "socialvalue.proxies",
    "get_proxy": "socialvalue.proxies",
    "installed_datasets": "socialvalue.proxies",
    "load_dataset": "socialvalue.proxies",
    "search": "socialvalue.proxies",
    # units
    "parse_unit": "socialvalue.units",
    "convert": "socialvalue.units",
    # documents and settings
    "read_document": "socialvalue.documents",
    "Limits": "socialvalue.config",
    "limits": "socialvalue.config",
}

__all__ = sorted([*_EXPORTS, "__version__"])


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'socialvalue' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:  # pragma: no cover
    from socialvalue.config import Limits, limits
    from socialvalue.documents import read_document
    from socialvalue.errors import (
        DocumentError,
        SocialValueError,
        UnitMismatchError,
        UnknownProxyError,
        ValidationError,
    )
    from socialvalue.frameworks.sroi.model import Activity, Beneficiary, Investment, Outcome
    from socialvalue.prices import DiscountSchedule, discount_schedule, gdp_deflator, rebase
    from socialvalue.proxies import ProxyDataset, get_proxy, installed_datasets, load_dataset, search
    from socialvalue.proxies.model import Derivation, Proxy, Source
    from socialvalue.units import convert, parse_unit
