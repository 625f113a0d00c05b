"""Entry-point targets for the datasets shipped inside socialvalue.

They are registered in ``pyproject.toml`` under ``socialvalue.proxies`` exactly as a
third-party package would register its own.
"""

from __future__ import annotations

from importlib import resources

from socialvalue.proxies.dataset import ProxyDataset, load_dataset

__all__ = ["uk_open"]


def uk_open() -> ProxyDataset:
    """UK open appraisal and unit-cost proxies (Open Government Licence sources)."""
    with resources.as_file(resources.files("socialvalue.proxies").joinpath("data", "uk-open.yaml")) as path:
        return load_dataset(path)
