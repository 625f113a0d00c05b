"""Entry-point targets for the datasets shipped inside socialvalue.

They are registered in ``pyproject.toml`` under ``socialvalue.proxies`` exactly as a
third-party package would register its own.
"""

from __future__ import annotations

from importlib import resources

from socialvalue.proxies.dataset import ProxyDataset, load_dataset

__all__ = ["gmca_ucd", "uk_open"]


def uk_open() -> ProxyDataset:
    """UK open appraisal and unit-cost proxies (Open Government Licence sources)."""
    with resources.as_file(resources.files("socialvalue.proxies").joinpath("data", "uk-open.yaml")) as path:
        return load_dataset(path)


def gmca_ucd() -> ProxyDataset:
    """GMCA Unit Cost Database v1.4 (CC BY 4.0): fiscal, economic and social values of public services,
    imported by ``tools/import_gmca.py``."""
    with resources.as_file(resources.files("socialvalue.proxies").joinpath("data", "gmca-ucd.yaml")) as path:
        return load_dataset(path)
