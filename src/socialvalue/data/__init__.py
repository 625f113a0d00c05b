"""Reference tables shipped with socialvalue (deflators, discount schedules) and their provenance."""

from __future__ import annotations

import csv
import hashlib
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = ["content_hash", "file_hash", "read_csv", "table_version"]


def _path(package: str, name: str) -> Any:
    return resources.files(package).joinpath(name)


def read_csv(package: str, name: str) -> list[dict[str, str]]:
    """Rows of a CSV file shipped inside ``package``."""
    with _path(package, name).open("r", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def content_hash(data: bytes) -> str:
    """The content hash used in provenance records (``sha256:<hex>``)."""
    return "sha256:" + hashlib.sha256(data).hexdigest()


def file_hash(path: Path) -> str:
    """:func:`content_hash` of a file's bytes, read in blocks (a Parquet part of an estate can be large)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return "sha256:" + digest.hexdigest()



@cache
def table_version(dataset: str) -> dict[str, str]:
    """Source, vintage and licence of one bundled appraisal table, plus its content hash."""
    package = "socialvalue.data.uk_appraisal"
    for row in read_csv(package, "versions.csv"):
        if row["dataset"] == dataset:
            raw = _path(package, row["file"]).read_bytes()
            return {**row, "sha256": content_hash(raw)}
    raise KeyError(dataset)
