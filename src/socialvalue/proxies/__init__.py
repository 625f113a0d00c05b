"""Proxy datasets: loading, lookup, search and price-year indexation.

Datasets come from the ``socialvalue.proxies`` entry-point group (the bundled
``uk-open`` dataset registers there like any third-party one) or from a user's own file
or directory via :func:`load_dataset`, e.g. for values they hold a licence for (National
TOMs, HACT) that socialvalue must not ship.

A proxy is referred to by its id (``wellby-hmt``) or, when two datasets share an id, by
``dataset:id`` (``uk-open:wellby-hmt``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from socialvalue.errors import UnknownProxyError
from socialvalue.plugins import proxy_datasets
from socialvalue.proxies.dataset import ProxyDataset, load_dataset, loads_dataset, parse_dataset
from socialvalue.proxies.model import Proxy
from socialvalue.suggest import close_matches

__all__ = [
    "ProxyDataset",
    "all_proxies",
    "get_dataset",
    "get_proxy",
    "installed_datasets",
    "load_dataset",
    "loads_dataset",
    "parse_dataset",
    "resolve_proxy",
    "search",
]


def installed_datasets() -> list[ProxyDataset]:
    """Every installed dataset that loads (broken plugins warn and are skipped)."""
    return list(proxy_datasets.load_all().values())


def get_dataset(name: str) -> ProxyDataset:
    """An installed dataset by id."""
    return proxy_datasets.get(name)


def all_proxies(datasets: Iterable[ProxyDataset] | None = None) -> list[Proxy]:
    return [p for ds in (installed_datasets() if datasets is None else datasets) for p in ds]


def resolve_proxy(ref: str, datasets: Sequence[ProxyDataset], *, field: str | None = None,
                  source: str | None = None) -> Proxy:
    """Find proxy ``ref`` (``id`` or ``dataset:id``) in ``datasets`` (first match wins).

    Unknown ids raise :class:`UnknownProxyError` with close matches from every dataset.
    """
    if ":" in ref:
        ds_id, proxy_id = ref.split(":", 1)
        for ds in datasets:
            if ds.id == ds_id and proxy_id in ds:
                return ds[proxy_id]
    else:
        for ds in datasets:
            if ref in ds:
                return ds[ref]
    known = [p.id for ds in datasets for p in ds] + [f"{ds.id}:{p.id}" for ds in datasets for p in ds]
    where = ", ".join(ds.id for ds in datasets) or "no datasets"
    raise UnknownProxyError(f"unknown proxy {ref!r} (searched {where})", source=source, field=field,
                            suggestions=close_matches(ref, known),
                            hint=None if close_matches(ref, known) else
                            "list proxies with `socialvalue proxies list` or give the proxy inline")


def get_proxy(ref: str, datasets: Sequence[ProxyDataset] | None = None) -> Proxy:
    """A proxy from the installed datasets (or ``datasets``) by id or ``dataset:id``."""
    return resolve_proxy(ref, installed_datasets() if datasets is None else list(datasets))


def search(text: str | None = None, *, theme: str | None = None, tag: str | None = None,
           datasets: Iterable[ProxyDataset] | None = None) -> list[Proxy]:
    """Proxies matching every word of ``text`` (and ``theme``/``tag``) across datasets."""
    chosen = installed_datasets() if datasets is None else datasets
    return [p for ds in chosen for p in ds.search(text, theme=theme, tag=tag)]
