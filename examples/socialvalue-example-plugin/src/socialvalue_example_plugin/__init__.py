"""Example third-party plugin: one proxy dataset registered through an entry point."""

from __future__ import annotations

from importlib import resources

from socialvalue.proxies import ProxyDataset, load_dataset

__all__ = ["dataset"]


def dataset() -> ProxyDataset:
    """The example dataset (loaded when socialvalue first asks for it)."""
    with resources.as_file(resources.files(__package__).joinpath("minimum-wage-2024.yaml")) as path:
        return load_dataset(path)
