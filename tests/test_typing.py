"""The typed API: a user's script type-checks with ``mypy --strict`` and the types mean something."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "tests" / "typed" / "user_script.py"

pytestmark = pytest.mark.slow


def mypy(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", "/dev/null",
                           *map(str, paths)], capture_output=True, text=True, timeout=600, cwd=ROOT, check=False)


def test_a_typed_user_script_passes_mypy_strict() -> None:
    done = mypy(SCRIPT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Success" in done.stdout


def test_the_typed_script_runs() -> None:
    done = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True, timeout=300, cwd=ROOT,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert "present value" in done.stdout and "points" in done.stdout


def test_result_figures_are_typed_not_any(tmp_path: Path) -> None:
    """If a figure were ``Any``, assigning it to the wrong type would pass: mypy must refuse these."""
    wrong = tmp_path / "wrong.py"
    wrong.write_text(
        "import socialvalue\n"
        "pv: str = socialvalue.value('map.yaml').present_value\n"
        "ratio: float = socialvalue.value('map.yaml').sroi_ratio\n"
        "points: str = socialvalue.score('tender.yaml').bids[0].score\n"
        "npv: str = socialvalue.value('map.yaml').net_present_value\n"
        "winner: str = socialvalue.score('tender.yaml').winner\n"
        "delivered: str = socialvalue.monitor('monitoring.yaml').delivered\n", encoding="utf-8")
    done = mypy(wrong)
    assert done.returncode == 1, done.stdout
    for line in (2, 3, 4, 5, 6, 7):
        assert f"wrong.py:{line}: error" in done.stdout, done.stdout
