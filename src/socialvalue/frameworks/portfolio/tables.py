"""Long tables for large estates: one row per delivery, rolled up column by column.

A national estate has millions of delivery rows; one Python object per row would not do. A
portfolio may name **delivery tables** (CSV or Parquet files, or a folder of Parquet parts),
with one row per contract, measure and financial year::

    contract, supplier, theme, region, year, committed, delivered

``committed`` and ``delivered`` are social value in pounds at the table's ``price_year``
(declared in the manifest). They are summed by theme, supplier, contract, region and year.

Two paths give **the same bits**:

* in memory (pyarrow reads the columns; :func:`socialvalue.engine.exact.exact_group_sums` adds
  each group with one extraction pass), and
* out of core with Dask (optional extra ``scale``): each partition reduces its rows to a few
  floats per group whose exact sum is the group's exact sum
  (:func:`~socialvalue.engine.exact.exact_partials`), and the driver adds those with
  :func:`math.fsum`. Both results are the correctly rounded exact sums, which do not depend on
  the order of rows or on how they were partitioned. ``scheduler`` names an existing
  ``dask.distributed`` cluster (``tcp://host:8786``) or is a ``Client``; otherwise Dask's local
  threads are used.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from socialvalue.errors import ValidationError

__all__ = ["COLUMNS", "GROUPS", "MONEY", "rollup", "rollup_dask", "rollup_memory", "table_files"]

GROUPS: tuple[str, ...] = ("theme", "supplier", "contract", "region", "year")
MONEY: tuple[str, ...] = ("committed", "delivered")
COLUMNS: tuple[str, ...] = (*GROUPS, *MONEY)


def _require(module: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise ValidationError(f"reading delivery tables needs {module.split('.')[0]}", field="tables",
                              hint='install the scale extra: pip install "socialvalue[scale]"') from None


def table_files(paths: Sequence[Path]) -> list[Path]:
    """The table files named: files as they are, folders as their Parquet parts (sorted)."""
    out = []
    for p in paths:
        out += sorted(q for q in p.rglob("*.parquet")) if p.is_dir() else [p]
    return out


def _arrow_table(path: Path) -> Any:
    if path.suffix.lower() == ".csv":
        csv = _require("pyarrow.csv")
        return csv.read_csv(path)
    pq = _require("pyarrow.parquet")
    return pq.read_table(path, columns=list(COLUMNS))


def _check(names: Iterable[str], where: str) -> None:
    missing = [c for c in COLUMNS if c not in set(names)]
    if missing:
        raise ValidationError(f"{where} has no column {missing[0]!r}", field="tables",
                              hint="delivery tables have columns " + ", ".join(COLUMNS))


def _money(values: Any, column: str, where: str) -> np.ndarray:
    arr = np.asarray(values, dtype=float)
    bad = np.flatnonzero(~np.isfinite(arr) | (arr < 0))
    if bad.size:
        raise ValidationError(f"{where}: row {int(bad[0])} has {column} {arr[bad[0]]!r}", field="tables",
                              hint="committed and delivered are pounds, zero or more; no blanks")
    return arr


Part = dict[str, dict[str, np.ndarray]]
"""Per grouping: ``keys`` (the groups with rows), ``rows`` (their row counts) and, per money column,
an array ``(rounds, groups)`` of floats whose exact column sum is each group's exact sum."""


def _reduce(keys: dict[str, tuple[np.ndarray, Sequence[Any]]], money: dict[str, np.ndarray]) -> Part:
    """One partition's exact partials per grouping (``keys[group]`` is ``(codes, uniques)``)."""
    from socialvalue.engine.exact import exact_group_partials, exact_split

    splits = {column: exact_split(values, name=column) for column, values in money.items()}
    out: Part = {}
    for group, (codes, uniques) in keys.items():
        counts = np.bincount(codes, minlength=len(uniques))
        used = np.flatnonzero(counts)  # a dictionary may list keys no row uses
        entry = {"keys": np.asarray(list(uniques), dtype=object)[used], "rows": counts[used]}
        for column, values in money.items():
            entry[column] = exact_group_partials(values, codes, len(uniques), name=column,
                                                 split=splits[column])[:, used]
        out[group] = entry
    return out


def _finish(parts: Iterable[Part], rows: int) -> dict[str, Any]:
    """Merge partitions: each group's sum is the correctly rounded sum of all its exact partials."""
    from socialvalue.engine.exact import exact_group_sums

    parts = list(parts)
    out: dict[str, Any] = {"rows": rows}
    for group in GROUPS:
        pieces = [p[group] for p in parts if group in p and len(p[group]["keys"])]
        if not pieces:
            out[group] = []
            continue
        keys, inverse = np.unique(np.concatenate([p["keys"] for p in pieces]), return_inverse=True)
        counts = np.bincount(inverse, weights=np.concatenate([p["rows"] for p in pieces]), minlength=len(keys))
        sums = {}
        for column in MONEY:
            values, codes, offset = [], [], 0
            for p in pieces:
                n = len(p["keys"])
                block = p[column]
                values.append(block.ravel())
                codes.append(np.tile(inverse[offset:offset + n], block.shape[0]))
                offset += n
            sums[column] = exact_group_sums(np.concatenate(values), np.concatenate(codes), len(keys), name=column)
        out[group] = [{"key": _plain(k), **{c: float(sums[c][i]) for c in MONEY}}
                      for i, k in enumerate(keys.tolist()) if counts[i]]
    for column in MONEY:  # every row has one theme: the exact total is the sum of the themes' exact partials
        pieces = [p["theme"][column].ravel() for p in parts if "theme" in p]
        out[column] = exact_group_sums(np.concatenate(pieces), np.zeros(sum(x.size for x in pieces), dtype=np.intp),
                                       1, name=column)[0] if pieces else 0.0
    return out


def _plain(value: Any) -> Any:
    return value.item() if hasattr(value, "item") else value


def rollup_memory(paths: Sequence[Path]) -> dict[str, Any]:
    """Read every table into memory (columns only) and roll it up."""
    pa = _require("pyarrow")
    parts, rows = [], 0
    for path in table_files(paths):
        table = _arrow_table(path)
        _check(table.column_names, str(path))
        keys = {}
        for g in GROUPS:
            column = table.column(g).combine_chunks()
            encoded = column if pa.types.is_dictionary(column.type) else column.dictionary_encode()
            keys[g] = (encoded.indices.to_numpy(zero_copy_only=False).astype(np.intp), encoded.dictionary.to_pylist())
        money = {c: _money(table.column(c).to_numpy(zero_copy_only=False), c, str(path)) for c in MONEY}
        rows += table.num_rows
        parts.append(_reduce(keys, money))
    return _finish(parts, rows)


def _partition(frame: Any) -> Any:
    import pandas as pd

    keys = {}
    for g in GROUPS:
        codes, uniques = pd.factorize(frame[g], sort=False)
        keys[g] = (codes, list(uniques))
    money = {c: _money(frame[c].to_numpy(dtype=float), c, "a delivery table") for c in MONEY}
    return pd.Series([(_reduce(keys, money), len(frame))])


def rollup_dask(paths: Sequence[Path], scheduler: Any = None) -> dict[str, Any]:
    """Roll the tables up out of core with Dask; ``scheduler`` is a Client or an address (optional)."""
    dd = _require("dask.dataframe")
    files = [str(p) for p in table_files(paths)]
    csv = [f for f in files if f.lower().endswith(".csv")]
    frame = dd.read_csv(csv, dtype={"year": "int64"}) if csv and len(csv) == len(files) else \
        dd.read_parquet(files, columns=list(COLUMNS))
    _check(frame.columns, "the delivery tables")
    reduced = frame.map_partitions(_partition, meta=(None, "object"))
    client = None
    if isinstance(scheduler, str):
        distributed = _require("distributed")
        client = distributed.Client(scheduler)
        scheduler = client
    try:
        values = reduced.compute(scheduler=scheduler) if scheduler is not None else reduced.compute()
    finally:
        if client is not None:
            client.close()
    results = list(values)
    return _finish([r[0] for r in results], sum(r[1] for r in results))


def rollup(paths: Sequence[Path], *, engine: str = "memory", scheduler: Any = None) -> dict[str, Any]:
    """The roll-up of the delivery tables by the chosen ``engine`` (``memory`` or ``dask``)."""
    return rollup_dask(paths, scheduler) if engine == "dask" else rollup_memory(paths)
