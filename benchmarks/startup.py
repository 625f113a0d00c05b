"""Start-up benchmark: how much longer the CLI takes than starting Python with yaml and numpy.

Run from the repository root (socialvalue installed, e.g. in the README's virtual environment)::

    python benchmarks/startup.py

It times, side by side and alternating, seven runs each of

* the baseline: ``python -c "import yaml, numpy"`` (the interpreter and the two heavy imports
  every socialvalue run needs), and
* the command: ``python -m socialvalue value examples/community-centre.yaml`` (read the map,
  load every installed proxy dataset, value it, print the report),

after two warm-up runs of each (the first run of a new installation validates the datasets and
fills the caches described in :mod:`socialvalue.cache`; later runs check them by hash). It prints
the medians and their ratio; the last line is one JSON object. The target (``startup_ratio`` in
``benchmarks/targets.json``) is a ratio of at most 2.5 with at least 250 proxies installed.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "community-centre.yaml"
RUNS, WARM_UPS = 7, 2


def _time(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(args, capture_output=True, text=True, env=env, cwd=ROOT, check=False, timeout=120)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return elapsed


def _proxies(env: dict[str, str]) -> int:
    out = subprocess.run([sys.executable, "-m", "socialvalue", "proxies", "list", "--format", "json"],
                         capture_output=True, text=True, env=env, cwd=ROOT, check=True, timeout=120).stdout
    return len({(p["dataset"], p["id"]) for p in json.loads(out)})


def main() -> dict[str, float]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # as a user's Python runs
    baseline = [sys.executable, "-c", "import yaml, numpy"]
    command = [sys.executable, "-m", "socialvalue", "value", str(EXAMPLE)]
    proxies = _proxies(env)
    for _ in range(WARM_UPS):
        _time(baseline, env)
        _time(command, env)
    base, cmd = [], []
    for _ in range(RUNS):
        base.append(_time(baseline, env))
        cmd.append(_time(command, env))
    result = {"proxies": proxies, "baseline_seconds": statistics.median(base),
              "command_seconds": statistics.median(cmd)}
    result["startup_ratio"] = result["command_seconds"] / result["baseline_seconds"]
    print(f"installed proxies: {proxies}")
    print(f"baseline  python -c 'import yaml, numpy'        median {result['baseline_seconds']:.3f} s "
          f"({', '.join(f'{x:.3f}' for x in base)})")
    print(f"command   socialvalue value community-centre   median {result['command_seconds']:.3f} s "
          f"({', '.join(f'{x:.3f}' for x in cmd)})")
    print(f"ratio     {result['startup_ratio']:.2f} (target <= 2.5 with >= 250 proxies)")
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
