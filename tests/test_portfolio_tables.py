"""Delivery tables: exact roll-ups, the same bits in memory, with Dask threads and on a process cluster."""

from __future__ import annotations

import csv
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
pytest.importorskip("dask.dataframe")

from socialvalue.errors import ValidationError  # noqa: E402
from socialvalue.frameworks import get_framework  # noqa: E402
from socialvalue.frameworks.portfolio.tables import GROUPS, rollup  # noqa: E402

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
CSV = EXAMPLES / "estate" / "deliveries.csv"


def _estate(tmp_path: Path, rows: int = 6000, parts: int = 3, seed: int = 7, shuffle: bool = False) -> Path:
    import numpy as np

    rng = np.random.default_rng(seed)
    contract = rng.integers(0, rows // 20, rows)
    table = {"contract": [f"C{c:05d}" for c in contract], "supplier": [f"S{c % 37:03d}" for c in contract],
             "theme": rng.choice(["jobs", "skills", "community", "environment"], rows),
             "region": rng.choice(["North East", "London", "Wales"], rows), "year": 2022 + rng.integers(0, 4, rows),
             # money over many magnitudes, so that a non-exact sum would show
             "committed": rng.lognormal(6, 3, rows), "delivered": rng.lognormal(6, 3, rows) * rng.integers(0, 2, rows)}
    order = rng.permutation(rows) if shuffle else np.arange(rows)
    folder = tmp_path / f"estate-{parts}-{shuffle}"
    folder.mkdir()
    for k in range(parts):
        idx = order[k * rows // parts:(k + 1) * rows // parts]
        pq.write_table(pa.table({c: np.asarray(v)[idx] for c, v in table.items()}), folder / f"p{k}.parquet")
    return folder


def _exact(path: Path) -> dict[str, dict[Any, Fraction]]:
    """Group sums in exact rational arithmetic, from the file read with the standard csv module."""
    out: dict[str, dict[Any, Fraction]] = {g: {} for g in GROUPS}
    with path.open(newline="") as handle:
        for row in csv.DictReader(handle):
            for g in GROUPS:
                key = int(row[g]) if g == "year" else row[g]
                out[g][key] = out[g].get(key, Fraction(0)) + Fraction(float(row["delivered"]))
    return out


def test_csv_rollup_is_the_exact_sum_of_its_rows() -> None:
    result = rollup([CSV])
    exact = _exact(CSV)
    assert result["rows"] == 72 and exact["contract"], "the example table has rows"
    for g in GROUPS:
        assert {r["key"]: r["delivered"] for r in result[g]} == {k: float(x) for k, x in exact[g].items()}


def test_dask_threads_give_the_same_bits_whatever_the_partitioning(tmp_path: Path) -> None:
    a = rollup([_estate(tmp_path, parts=1)])
    b = rollup([_estate(tmp_path, parts=5, shuffle=True)], engine="dask")
    assert a["rows"] == b["rows"] == 6000
    assert a == {**b, "rows": a["rows"]}


@pytest.mark.slow
def test_dask_on_a_process_cluster_gives_the_same_bits(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    folder = _estate(tmp_path, parts=4, shuffle=True)
    memory = rollup([folder])
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        on_cluster = rollup([folder], engine="dask", scheduler=client)
    assert on_cluster == memory


def test_portfolio_with_tables_rebases_and_records_the_files(tmp_path: Path) -> None:
    from socialvalue.prices import gdp_deflator

    doc = {"kind": "portfolio", "name": "e", "price_year": 2020,
           "tables": {"deliveries": "estate/deliveries.csv", "price_year": 2024}}
    result = get_framework("portfolio").evaluate(doc, options={"base_dir": str(EXAMPLES)})
    raw = rollup([CSV])
    assert result.estate["delivered"] == raw["delivered"] * gdp_deflator().factor(2024, 2020)
    assert any(d.get("kind") == "delivery table" for d in result.provenance.datasets)


@pytest.mark.parametrize(("edit", "message"), [
    (lambda rows: [r[:-1] for r in rows], "no column 'delivered'"),
    (lambda rows: rows[:1] + [[*rows[1][:-1], "-5"]] + rows[2:], "delivered"),
    (lambda rows: rows[:1] + [[*rows[1][:-1], "nan"]] + rows[2:], "delivered"),
])
def test_bad_tables_are_refused(tmp_path: Path, edit: Any, message: str) -> None:
    with CSV.open(newline="") as handle:
        rows = list(csv.reader(handle))
    bad = tmp_path / "bad.csv"
    with bad.open("w", newline="") as handle:
        csv.writer(handle).writerows(edit(rows))
    with pytest.raises(ValidationError, match=message) as info:
        rollup([bad])
    assert info.value.field == "tables"
