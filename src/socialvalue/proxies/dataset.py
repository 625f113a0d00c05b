"""Proxy datasets: a versioned, licensed collection of proxies read from YAML/JSON."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

from socialvalue import validation as v
from socialvalue.data import content_hash
from socialvalue.documents import load_data
from socialvalue.errors import DocumentError, SocialValueError, UnknownProxyError, ValidationError
from socialvalue.identity import check_unique, identifier
from socialvalue.proxies.model import Proxy
from socialvalue.suggest import close_matches

__all__ = ["ProxyDataset", "load_dataset", "parse_dataset"]

_HEADER_KEYS = ("id", "name", "version", "licence", "description", "homepage", "price_year_note")
_SUFFIXES = (".yaml", ".yml", ".json")


@attrs.frozen(eq=False)
class ProxyDataset:
    """A named, versioned set of proxies with a licence and a content hash.

    The hash is of the file bytes as read, so a result that cites
    ``uk-open 2026.11.0 sha256:…`` can be checked against the data that produced it.
    """

    id: str
    name: str
    version: str
    licence: str
    proxies: tuple[Proxy, ...] = attrs.field(converter=tuple)
    description: str = ""
    homepage: str | None = None
    path: str | None = None
    sha256: str = ""
    _by_id: dict[str, Proxy] = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        check_unique(((p.id, f"proxies[{i}].id") for i, p in enumerate(self.proxies)),
                     what=f"proxy id in dataset {self.id!r}", source=self.path, hint="give each proxy its own id")
        object.__setattr__(self, "_by_id", {proxy.id: proxy for proxy in self.proxies})

    def __repr__(self) -> str:
        return f"<ProxyDataset {self.id!r} v{self.version}: {len(self)} proxies, {self.licence}>"

    def __len__(self) -> int:
        return len(self.proxies)

    def __iter__(self) -> Iterator[Proxy]:
        return iter(self.proxies)

    def __contains__(self, proxy_id: object) -> bool:
        return proxy_id in self._by_id

    def __getitem__(self, proxy_id: str) -> Proxy:
        try:
            return self._by_id[proxy_id]
        except KeyError:
            raise UnknownProxyError(f"dataset {self.id!r} has no proxy {proxy_id!r}", source=self.path,
                                    suggestions=close_matches(proxy_id, self._by_id)) from None

    @property
    def ids(self) -> list[str]:
        return list(self._by_id)

    @property
    def themes(self) -> dict[str, int]:
        """Number of proxies per theme."""
        out: dict[str, int] = {}
        for proxy in self.proxies:
            key = proxy.theme or "(none)"
            out[key] = out.get(key, 0) + 1
        return dict(sorted(out.items()))

    def search(self, text: str | None = None, *, theme: str | None = None, tag: str | None = None) -> list[Proxy]:
        """Proxies whose id, name, description, tags or notes contain every word of ``text``."""
        words = [w.lower() for w in (text or "").split()]
        hits = []
        for proxy in self.proxies:
            if theme is not None and (proxy.theme or "").lower() != theme.lower():
                continue
            if tag is not None and tag.lower() not in (t.lower() for t in proxy.tags):
                continue
            haystack = " ".join(
                [proxy.id, proxy.name, proxy.description or "", proxy.notes or "", proxy.theme or "", *proxy.tags]
            ).lower()
            if all(w in haystack for w in words):
                hits.append(proxy)
        return hits

    def indexed(self, price_year: int) -> ProxyDataset:
        """The same dataset with every value re-expressed in ``price_year`` prices."""
        return attrs.evolve(self, proxies=[p.indexed(price_year) for p in self.proxies])

    def summary(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "version": self.version, "licence": self.licence,
                "proxies": len(self), "themes": self.themes, "sha256": self.sha256, "path": self.path}


def parse_dataset(data: Any, *, source: str = "<data>", sha256: str = "", path: str | None = None) -> ProxyDataset:
    """Build a dataset from parsed document data, validating every record."""
    try:
        m = v.mapping(data, None)
        v.check_keys(m, ("dataset", "proxies"), None)
        header = v.mapping(v.require(m, "dataset", None), "dataset")
        v.check_keys(header, _HEADER_KEYS, "dataset")
        for key in ("id", "name", "version", "licence"):
            val = v.require(header, key, "dataset")
            v.text(str(val) if key == "version" and isinstance(val, (int, float)) else val, f"dataset.{key}")
        dataset_id = identifier(header["id"], "dataset.id", what="dataset id")
        records = v.sequence(v.require(m, "proxies", None), "proxies", limit="max_proxies")
        proxies = [Proxy.from_dict(r, field=f"proxies[{i}]", dataset=dataset_id) for i, r in enumerate(records)]
        return ProxyDataset(
            id=dataset_id, name=header["name"], version=str(header["version"]), licence=header["licence"],
            description=header.get("description", "") or "", homepage=header.get("homepage"),
            proxies=proxies, path=path, sha256=sha256,
        )
    except SocialValueError as exc:
        raise exc.with_context(source=source) from None


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in _SUFFIXES and p.is_file())
        if not files:
            raise ValidationError("directory holds no .yaml, .yml or .json files", source=str(path))
        return files
    return [path]


def load_dataset(path: str | os.PathLike[str]) -> ProxyDataset:
    """Load a proxy dataset from a YAML/JSON file, or a directory of them.

    In a directory, one file carries the ``dataset:`` header and every file may add
    ``proxies:``; files are read in name order and the hash covers all of them. A dataset
    whose bytes, path and validating code are unchanged since it was last validated is read
    from the user's cache (:mod:`socialvalue.cache`) instead of being validated again.
    """
    from socialvalue.cache import cached, code_fingerprint
    from socialvalue.config import current_limits
    from socialvalue.documents import read_bytes

    path = Path(path)
    files = _files(path) if path.exists() else [path]
    for file in files:
        if file.suffix.lower() not in _SUFFIXES:
            raise DocumentError(f"{file.name} is not a proxy dataset: datasets are .yaml, .yml or .json files",
                                source=str(file), hint=_NOT_A_DATASET)
    raws = [read_bytes(file) for file in files]
    sha = content_hash(b"".join(raws))
    from socialvalue import __version__

    key = hashlib.sha256("\n".join([sha, str(path.resolve()), __version__,
                                     code_fingerprint(_VALIDATING_CODE)]).encode()).hexdigest()
    limit = current_limits().max_proxies
    return cached("datasets", key, lambda: _parse_files(files, raws, path, sha),
                  lambda ds: isinstance(ds, ProxyDataset) and ds.sha256 == sha and len(ds) <= limit)


_VALIDATING_CODE = ("proxies/dataset.py", "proxies/model.py", "proxies/variants.py", "units.txt", "validation.py",
                    "identity.py", "numbers.py")
"""Source files whose change invalidates cached datasets."""


def _parse_files(files: list[Path], raws: list[bytes], path: Path, sha: str) -> ProxyDataset:
    header: Mapping[str, Any] | None = None
    records: list[Any] = []
    for file, raw in zip(files, raws, strict=True):
        data = load_data(raw, source=str(file), fmt="json" if file.suffix.lower() == ".json" else "yaml")
        _looks_like_a_dataset(data, str(file))
        part = v.mapping(data, None, source=str(file))
        if "dataset" in part:
            if header is not None:
                raise ValidationError("two files carry a dataset: header", source=str(file), field="dataset",
                                      hint="keep the header in one file")
            header = part["dataset"]
        records.extend(_records(part, str(file), len(records)))
    if header is None:
        raise ValidationError("no dataset: header found", source=str(path),
                              hint="add a dataset: block with id, name, version and licence")
    return parse_dataset({"dataset": header, "proxies": records}, source=str(path), sha256=sha, path=str(path))


_NOT_A_DATASET = ("a proxy dataset is a YAML or JSON mapping with a 'dataset:' header (id, name, version, licence) "
                  "and a 'proxies:' list; see docs/howto/proxy-dataset.md")


def _looks_like_a_dataset(data: Any, source: str) -> None:
    """Refuse another kind of file given as a dataset with a message that says so, not a key error."""
    if not isinstance(data, Mapping):
        raise DocumentError(f"this file is not a proxy dataset (it holds {type(data).__name__} data, not a mapping)",
                            source=source, hint=_NOT_A_DATASET)
    if "dataset" not in data and "proxies" not in data:
        kind = data.get("kind")
        what = f"a {kind!r} document" if isinstance(kind, str) else "not a proxy dataset"
        raise DocumentError(f"this file is {what}, not a proxy dataset (it has no 'dataset:' or 'proxies:')",
                            source=source, hint=_NOT_A_DATASET)


def _records(part: Mapping[str, Any], source: str, offset: int) -> Iterable[Any]:
    try:
        v.check_keys(part, ("dataset", "proxies"), None)
        return v.sequence(part.get("proxies", []), "proxies", limit="max_proxies")
    except SocialValueError as exc:
        raise exc.with_context(source=source) from None


def loads_dataset(text: str, *, source: str = "<string>") -> ProxyDataset:
    """Parse a dataset from YAML/JSON text (handy in tests and notebooks)."""
    data = load_data(text, source=source)
    return parse_dataset(data, source=source, sha256=content_hash(text.encode("utf-8")))
