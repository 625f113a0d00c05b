"""Write a synthetic national-scale estate of delivery rows as partitioned Parquet.

    python benchmarks/generate_estate.py OUT_DIR --rows 50_000_000 [--contracts 100_000] [--seed 1]

One row per contract, theme and financial year (the columns of
:mod:`socialvalue.frameworks.portfolio.tables`): 100,000 contracts held by 5,000 suppliers in
the 12 ITL1 regions, 6 themes, years 2016-2025, committed and delivered social value drawn from
seeded log-normal distributions. THE DATA IS SYNTHETIC: it exists to measure speed and memory,
not to say anything about real contracts. Rows are written in parts of ``--part-rows`` rows with
dictionary-encoded text columns, so generation needs little memory whatever the size.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

THEMES = ["jobs", "skills", "community", "environment", "health", "growth"]
REGIONS = ["North East", "North West", "Yorkshire and The Humber", "East Midlands", "West Midlands",
           "East of England", "London", "South East", "South West", "Wales", "Scotland", "Northern Ireland"]


def generate(out: Path, rows: int, contracts: int = 100_000, suppliers: int = 5_000, seed: int = 1,
             part_rows: int = 1_000_000) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    out.mkdir(parents=True, exist_ok=True)
    contract_names = pa.array([f"CON-{c:06d}" for c in range(contracts)])
    supplier_names = pa.array([f"SUP-{s:05d}" for s in range(suppliers)])
    rng = np.random.default_rng(seed)
    contract_supplier = rng.integers(0, suppliers, contracts)
    contract_region = rng.integers(0, len(REGIONS), contracts)
    parts = 0
    for start in range(0, rows, part_rows):
        n = min(part_rows, rows - start)
        contract = rng.integers(0, contracts, n).astype(np.int32)
        committed = np.round(rng.lognormal(9.0, 1.6, n), 2)
        delivered = np.round(committed * rng.uniform(0.0, 1.3, n), 2)
        table = pa.table({
            "contract": pa.DictionaryArray.from_arrays(pa.array(contract), contract_names),
            "supplier": pa.DictionaryArray.from_arrays(pa.array(contract_supplier[contract].astype(np.int32)),
                                                       supplier_names),
            "theme": pa.DictionaryArray.from_arrays(pa.array(rng.integers(0, 6, n).astype(np.int32)), pa.array(THEMES)),
            "region": pa.DictionaryArray.from_arrays(pa.array(contract_region[contract].astype(np.int32)),
                                                     pa.array(REGIONS)),
            "year": (2016 + rng.integers(0, 10, n)).astype(np.int64),
            "committed": committed, "delivered": delivered})
        pq.write_table(table, out / f"part-{parts:05d}.parquet")
        parts += 1
    return parts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--contracts", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--part-rows", type=int, default=1_000_000)
    args = parser.parse_args()
    start = time.perf_counter()
    parts = generate(args.out, args.rows, args.contracts, seed=args.seed, part_rows=args.part_rows)
    print(f"wrote {args.rows:,} rows in {parts} parts to {args.out} in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
