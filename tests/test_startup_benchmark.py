"""``benchmarks/startup.py`` runs and the CLI's start-up stays cheap as the proxy bank grows.

The documented target is a ratio of at most 2.5 (median of 7, side by side) with at least 250
proxies installed (docs/performance.md). On CI's shared 2-core machine timing is noisy, so the
bound here is 3.0 and a miss is measured once more before the test fails.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CI_BOUND = 3.0


def _run() -> dict[str, float]:
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "startup.py")], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.benchmark
@pytest.mark.slow
def test_startup_ratio_with_the_whole_proxy_bank_installed() -> None:
    result = _run()
    assert result["proxies"] >= 250
    if result["startup_ratio"] > CI_BOUND:
        result = _run()
    assert result["startup_ratio"] <= CI_BOUND, result
