"""Benchmark of the portfolio's delivery-table path: in memory, against pandas, and out of core with Dask.

    python benchmarks/portfolio.py            # 1 and 10 million rows in memory, 50 million with Dask
    python benchmarks/portfolio.py --quick    # 200,000 and 1 million in memory, 2 million with Dask

Each size's synthetic estate is written once by ``benchmarks/generate_estate.py`` (into
``--work``, default a folder under the system's temporary directory) and reused. Timings are
wall-clock, each run in a fresh interpreter so that one run's memory does not weigh on the
next, after the imports: the time to read the Parquet files and roll them up by theme,
supplier, contract, region and year.

* **memory**: :func:`socialvalue.frameworks.portfolio.tables.rollup_memory` (exact sums);
* **pandas**: ``pandas.read_parquet`` and ``groupby(...).sum()`` of the same two columns by the
  same five keys: the bare baseline, with order-dependent floating-point sums;
* **dask**: :func:`~socialvalue.frameworks.portfolio.tables.rollup_dask` on Dask's local
  threads, with the peak resident memory of its process.

The Dask and in-memory results are compared bit for bit where both run (the smallest size).
The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNNER = r"""
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[3])
import numpy, pyarrow, pyarrow.parquet, pandas  # imports are not timed
from socialvalue.frameworks.portfolio import tables
import dask.dataframe
mode, folder = sys.argv[1], Path(sys.argv[2])
start = time.perf_counter()
if mode == "memory":
    result = tables.rollup_memory([folder])
elif mode == "dask":
    result = tables.rollup_dask([folder])
else:
    df = pandas.read_parquet(folder, columns=list(tables.COLUMNS))
    result = {g: df.groupby(g, observed=True)[["committed", "delivered"]].sum() for g in tables.GROUPS}
    result = {"rows": len(df)}
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
digest = json.dumps({k: result[k] for k in ("rows", "committed", "delivered") if k in result})
print(json.dumps({"seconds": seconds, "peak_bytes": peak, "rows": result["rows"], "digest": digest}))
"""


def _estate(work: Path, rows: int) -> Path:
    folder = work / f"estate-{rows}"
    done = work / f"estate-{rows}.done"
    if not done.exists():
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate_estate.py"), str(folder), "--rows",
                        str(rows), "--part-rows", str(min(rows, 1_000_000))], check=True)
        done.write_text("")
    return folder


def _run(mode: str, folder: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", RUNNER, mode, str(folder), str(ROOT / "src")], capture_output=True,
                         text=True, check=True, timeout=7200).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "socialvalue-estates")
    args = parser.parse_args()
    memory_sizes = (200_000, 1_000_000) if args.quick else (1_000_000, 10_000_000)
    dask_size = 2_000_000 if args.quick else 50_000_000
    results: dict[str, float] = {}
    for rows in memory_sizes:
        folder = _estate(args.work, rows)
        mem, base = _run("memory", folder), _run("pandas", folder)
        label = f"{rows // 1_000_000}m" if rows >= 1_000_000 else f"{rows // 1000}k"
        results[f"memory_rows_per_second_{label}"] = rows / mem["seconds"]
        results[f"memory_vs_pandas_{label}"] = mem["seconds"] / base["seconds"]
        results[f"memory_peak_gb_{label}"] = mem["peak_bytes"] / 2**30
        print(f"{rows:>12,} rows  memory {mem['seconds']:7.2f} s ({rows / mem['seconds']:,.0f} rows/s, peak "
              f"{mem['peak_bytes'] / 2**30:.2f} GB)  pandas {base['seconds']:6.2f} s  ratio "
              f"{mem['seconds'] / base['seconds']:.2f}")
    small = _estate(args.work, memory_sizes[0])
    results["dask_equals_memory"] = float(_run("dask", small)["digest"] == _run("memory", small)["digest"])
    big = _estate(args.work, dask_size)
    dask = _run("dask", big)
    results["dask_rows"] = dask_size
    results["dask_rows_per_second"] = dask_size / dask["seconds"]
    results["dask_peak_gb"] = dask["peak_bytes"] / 2**30
    print(f"{dask_size:>12,} rows  dask   {dask['seconds']:7.2f} s ({dask_size / dask['seconds']:,.0f} rows/s, peak "
          f"{dask['peak_bytes'] / 2**30:.2f} GB)  same bits as memory on {memory_sizes[0]:,} rows: "
          f"{bool(results['dask_equals_memory'])}")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
