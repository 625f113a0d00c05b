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
from typing import TYPE_CHECKING, Any

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
    # typed entry points
    "value": "socialvalue.api",
    "score": "socialvalue.api",
    "monitor": "socialvalue.api",
    "assess": "socialvalue.api",
    "local_multiplier": "socialvalue.api",
    "evaluate": "socialvalue.frameworks",
    # documents and settings
    "read_document": "socialvalue.documents",
    "Limits": "socialvalue.config",
    "limits": "socialvalue.config",
    # JSON Schemas of documents and results
    "schema": "socialvalue.schemas",
}

__all__ = sorted([*_EXPORTS, "__version__"])


def __getattr__(name: str) -> Any:
    if name == "__version__":  # found with the entry points, once per installation (socialvalue.entrypoints)
        from socialvalue.entrypoints import version

        globals()["__version__"] = version("socialvalue")
        return globals()["__version__"]
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'socialvalue' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:  # pragma: no cover  (the "import X as X" form re-exports for type checkers)
    from socialvalue.api import assess as assess
    from socialvalue.api import local_multiplier as local_multiplier
    from socialvalue.api import monitor as monitor
    from socialvalue.api import score as score
    from socialvalue.api import value as value
    from socialvalue.config import Limits as Limits
    from socialvalue.config import limits as limits
    from socialvalue.documents import read_document as read_document
    from socialvalue.errors import DocumentError as DocumentError
    from socialvalue.errors import SocialValueError as SocialValueError
    from socialvalue.errors import UnitMismatchError as UnitMismatchError
    from socialvalue.errors import UnknownProxyError as UnknownProxyError
    from socialvalue.errors import ValidationError as ValidationError
    from socialvalue.frameworks import evaluate as evaluate
    from socialvalue.frameworks.sroi.model import Activity as Activity
    from socialvalue.frameworks.sroi.model import Beneficiary as Beneficiary
    from socialvalue.frameworks.sroi.model import Investment as Investment
    from socialvalue.frameworks.sroi.model import Outcome as Outcome
    from socialvalue.prices import DiscountSchedule as DiscountSchedule
    from socialvalue.prices import discount_schedule as discount_schedule
    from socialvalue.prices import gdp_deflator as gdp_deflator
    from socialvalue.prices import rebase as rebase
    from socialvalue.proxies import ProxyDataset as ProxyDataset
    from socialvalue.proxies import get_proxy as get_proxy
    from socialvalue.proxies import installed_datasets as installed_datasets
    from socialvalue.proxies import load_dataset as load_dataset
    from socialvalue.proxies import search as search
    from socialvalue.proxies.model import Derivation as Derivation
    from socialvalue.proxies.model import Proxy as Proxy
    from socialvalue.proxies.model import Source as Source
    from socialvalue.schemas import schema as schema
    from socialvalue.units import convert as convert
    from socialvalue.units import parse_unit as parse_unit
