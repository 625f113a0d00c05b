"""Benchmark of the valuation engine (``socialvalue.engine``).

Run from the repository root::

    PYTHONPATH=src python benchmarks/engine.py            # full run (< 3 minutes on 2 cores)
    PYTHONPATH=src python benchmarks/engine.py --quick    # smaller sizes, for a smoke test

It times, on a seeded synthetic portfolio (quantities, proxies, adjustments, durations of
1-10 years, a constant 3.5% rate):

(a) the engine through its public API, from arrays to exact totals:
    ``compile_outcomes`` (validation included) + ``valuate`` (present value, benefits,
    disbenefits, NPV, ratio, payback; every total a correctly rounded sum). Two input
    cases: read-only arrays (referenced without a copy) and ordinary writeable arrays
    (defensively copied while they are validated);
(b) the same arithmetic as a per-outcome pure-Python loop over floats;
(c) a bare numpy expression with a plain ``sum`` (no validation, order-dependent total);

and seeded Monte Carlo (10,000 draws x 1,000 outcomes) through the engine against a bare
numpy implementation of the same sampling and arithmetic. Every timing is the best of
several repeats. The last line printed is one JSON object with the headline ratios.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from socialvalue.engine import (
    Triangular,
    Uniform,
    compile_outcomes,
    monte_carlo,
    spawn_streams,
    valuate,
)

RATE = 0.035
SEED = 20240601


def best_of(func: Callable[[], Any], *, min_repeats: int = 5, budget: float = 1.0, max_repeats: int = 200) -> float:
    """Minimum wall time of ``func`` over repeats (at least ``min_repeats``, about ``budget`` seconds)."""
    gc.collect()
    times: list[float] = []
    start = time.perf_counter()
    while len(times) < min_repeats or (time.perf_counter() - start < budget and len(times) < max_repeats):
        t0 = time.perf_counter()
        func()
        times.append(time.perf_counter() - t0)
    return min(times)


def portfolio(n: int, seed: int = SEED) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {
        "quantity": rng.uniform(1.0, 500.0, n),
        "proxy": rng.uniform(10.0, 20_000.0, n),
        "deadweight": rng.uniform(0.0, 0.5, n),
        "displacement": rng.uniform(0.0, 0.5, n),
        "attribution": rng.uniform(0.0, 0.5, n),
        "drop_off": rng.uniform(0.0, 0.3, n),
        "duration": rng.integers(1, 11, n),
    }


def frozen(cols: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    out = {}
    for name, arr in cols.items():
        copy = arr.copy()
        copy.setflags(write=False)
        out[name] = copy
    return out


def engine_totals(cols: dict[str, np.ndarray], investment: float) -> tuple[float, float | None]:
    table = compile_outcomes(**cols)
    val = valuate(table, RATE, investment)
    return val.present_value, val.sroi_ratio


def numpy_baseline(c: dict[str, np.ndarray]) -> float:
    q, p, dw, ds, at, do, d = (c[k] for k in ("quantity", "proxy", "deadweight", "displacement", "attribution",
                                               "drop_off", "duration"))
    r = RATE
    impact = q * p * (1 - dw) * (1 - ds) * (1 - at)
    g = (1 - do) / (1 + r)
    pv = impact / (1 + r) * (1 - g**d) / (1 - g)
    return float(pv.sum())


def python_loop(rows: list[tuple[float, ...]]) -> float:
    r = RATE
    out = []
    for q, p, dw, ds, at, do, d in rows:
        impact = q * p * (1.0 - dw) * (1.0 - ds) * (1.0 - at)
        g = (1.0 - do) / (1.0 + r)
        annuity = d if g == 1.0 else (1.0 - g**d) / (1.0 - g)
        out.append(impact / (1.0 + r) * annuity)
    return math.fsum(out)


def mc_inputs(n: int) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    cols = portfolio(n, SEED + 1)
    lo = lambda x: np.maximum(x - 0.05, 0.0)
    hi = lambda x: np.minimum(x + 0.05, 1.0)
    dw, at, do = cols["deadweight"], cols["attribution"], cols["drop_off"]
    spec = {"proxy": Triangular(0.8, 1.0, 1.2, relative=True), "deadweight": Uniform(lo(dw), hi(dw)),
            "attribution": Triangular(lo(at), at, hi(at)), "drop_off": Uniform(lo(do), hi(do))}
    return cols, spec


def mc_numpy(cols: dict[str, np.ndarray], draws: int, seed: int, investment: float) -> np.ndarray:
    """The same draws (same streams, same order) and arithmetic in bare numpy."""
    q, p, ds, d = cols["quantity"], cols["proxy"], cols["displacement"], cols["duration"]
    dw, at, do = cols["deadweight"], cols["attribution"], cols["drop_off"]
    n = q.size
    # streams keyed (assumption index, position) as the engine does: proxy 0, deadweight 2, attribution 4, drop_off 6
    g_p, g_dw, g_at, g_do = spawn_streams(seed, [(0, 0), (2, 0), (4, 0), (6, 0)])
    proxy = g_p.triangular(0.8, 1.0, 1.2, size=(draws, n)) * p
    deadweight = g_dw.uniform(np.maximum(dw - 0.05, 0), np.minimum(dw + 0.05, 1), size=(draws, n))
    attribution = g_at.triangular(np.maximum(at - 0.05, 0), at, np.minimum(at + 0.05, 1), size=(draws, n))
    drop = g_do.uniform(np.maximum(do - 0.05, 0), np.minimum(do + 0.05, 1), size=(draws, n))
    impact = q * proxy * (1 - deadweight) * (1 - ds) * (1 - attribution)
    g = (1 - drop) / (1 + RATE)
    pv = impact / (1 + RATE) * (1 - g**d) / (1 - g)
    totals = pv.sum(axis=1)
    ratios = totals / investment
    np.percentile(totals, [5, 25, 50, 75, 95])
    np.percentile(ratios, [5, 25, 50, 75, 95])
    float(totals.mean()), float(totals.std(ddof=1)), float((ratios < 1).mean())
    return totals


def import_seconds(module: str, runs: int = 5) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", f"import {module}"], check=True, env=env)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def peak_bytes_per_row(n: int) -> float:
    table = compile_outcomes(**frozen(portfolio(n)))
    gc.collect()
    tracemalloc.start()
    val = valuate(table, RATE, 1e6)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del val
    return peak / n


def machine() -> str:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{os.cpu_count()} CPUs ({model}); Python {platform.python_version()}; numpy {np.__version__}; "
            f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes only (smoke test)")
    args = parser.parse_args()
    sizes = [10**3, 10**4, 10**5] if args.quick else [10**3, 10**4, 10**5, 10**6]
    draws, mc_n = (1_000, 200) if args.quick else (10_000, 1_000)
    started = time.perf_counter()
    print(f"machine: {machine()}")
    print()
    header = (f"{'rows':>9} | {'engine ro':>10} | {'engine copy':>11} | {'numpy':>9} | {'py loop':>9} | "
              f"{'eng/numpy':>9} | {'copy/numpy':>10} | {'loop/eng':>8} | {'rel diff':>8}")
    print(header)
    print("-" * len(header))
    results: dict[int, dict[str, float]] = {}
    for n in sizes:
        cols = portfolio(n)
        ro = frozen(cols)
        investment = 1000.0 * n
        pv_engine, _ = engine_totals(ro, investment)
        pv_numpy = numpy_baseline(cols)
        assert math.isclose(pv_engine, pv_numpy, rel_tol=1e-12), (pv_engine, pv_numpy)
        t_ro = best_of(lambda: engine_totals(ro, investment))  # noqa: B023
        t_copy = best_of(lambda: engine_totals(cols, investment))  # noqa: B023
        t_np = best_of(lambda: numpy_baseline(cols))  # noqa: B023
        t_loop = math.nan
        if n <= 10**5:
            rows = list(zip(*(cols[k].tolist() for k in ("quantity", "proxy", "deadweight", "displacement",
                                                          "attribution", "drop_off", "duration")), strict=True))
            assert math.isclose(python_loop(rows), pv_engine, rel_tol=1e-12)
            t_loop = best_of(lambda: python_loop(rows), min_repeats=3, budget=0.5)  # noqa: B023
        results[n] = {"engine": t_ro, "engine_copy": t_copy, "numpy": t_np, "loop": t_loop}
        loop_ratio = f"{t_loop / t_ro:8.1f}" if n <= 10**5 else f"{'-':>8}"
        loop_time = f"{t_loop * 1e3:7.2f}ms" if n <= 10**5 else f"{'-':>9}"
        print(f"{n:>9,} | {t_ro * 1e3:8.2f}ms | {t_copy * 1e3:9.2f}ms | {t_np * 1e3:7.2f}ms | {loop_time} | "
              f"{t_ro / t_np:9.2f} | {t_copy / t_np:10.2f} | {loop_ratio} | {abs(pv_engine / pv_numpy - 1):8.1e}")
    big = sizes[-1]
    table = compile_outcomes(**frozen(portfolio(big)))
    t_full = best_of(lambda: valuate(table, RATE, 1e6).to_dict(outcomes=False), min_repeats=3, budget=1.0)
    print(f"\nfull breakdown at {big:,} rows (valuate + waterfall + by-year + to_dict): {t_full * 1e3:.1f} ms")

    mc_cols, spec = mc_inputs(mc_n)
    mc_table = compile_outcomes(**mc_cols)
    inv = 2000.0 * mc_n
    engine_mc = monte_carlo(mc_table, RATE, inv, uncertainty=spec, draws=draws, seed=SEED)
    numpy_mc = mc_numpy(mc_cols, draws, SEED, inv)
    mc_diff = float(np.max(np.abs(engine_mc.pv / numpy_mc - 1.0)))
    assert mc_diff < 1e-12, mc_diff
    t_mc = best_of(lambda: monte_carlo(mc_table, RATE, inv, uncertainty=spec, draws=draws, seed=SEED),
                   min_repeats=3, budget=2.0)
    t_mc_np = best_of(lambda: mc_numpy(mc_cols, draws, SEED, inv), min_repeats=3, budget=2.0)
    print(f"\nMonte Carlo {draws:,} draws x {mc_n:,} outcomes (proxy triangular, deadweight uniform, "
          f"attribution triangular, drop-off uniform):")
    print(f"  engine {t_mc * 1e3:.1f} ms | bare numpy {t_mc_np * 1e3:.1f} ms | ratio {t_mc / t_mc_np:.2f} | "
          f"max rel diff of draws {mc_diff:.1e}")

    has_init = (ROOT / "src" / "socialvalue" / "__init__.py").exists()
    imp = import_seconds("socialvalue" if has_init else "socialvalue.engine")
    imp_engine = import_seconds("socialvalue.engine")
    print(f"\nimport {'socialvalue' if has_init else 'socialvalue.engine'}: {imp * 1e3:.0f} ms "
          f"(fresh interpreter, median of 5); import socialvalue.engine: {imp_engine * 1e3:.0f} ms")
    peak = peak_bytes_per_row(big)
    print(f"peak traced memory of valuate at {big:,} rows: {peak:.1f} bytes/row")
    ref = 10**5 if 10**5 in results else sizes[-1]
    summary = {
        "engine_vs_loop": round(results[ref]["loop"] / results[ref]["engine"], 2),
        "engine_vs_numpy": round(results[big]["engine"] / results[big]["numpy"], 3),
        "engine_copy_vs_numpy": round(results[big]["engine_copy"] / results[big]["numpy"], 3),
        "mc_vs_numpy": round(t_mc / t_mc_np, 3),
        "import_seconds": round(imp, 4),
        "import_engine_seconds": round(imp_engine, 4),
        "peak_bytes_per_row": round(peak, 1),
        "rows": big,
        "engine_ms": round(results[big]["engine"] * 1e3, 3),
        "numpy_ms": round(results[big]["numpy"] * 1e3, 3),
        "total_seconds": round(time.perf_counter() - started, 1),
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
