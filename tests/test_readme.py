"""The README's quickstart: two commands, and the main job they run works."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _command(marker: str) -> str:
    text = (ROOT / "README.md").read_text()
    match = re.search(rf"<!-- quickstart:{marker} -->\s*```bash\n(.+?)\n```", text)
    assert match, f"README has no quickstart:{marker} block"
    return match.group(1)


def test_quickstart_has_exactly_two_commands() -> None:
    text = (ROOT / "README.md").read_text()
    assert text.count("<!-- quickstart:") == 2
    assert "pip install" in _command("main") and "pip install" in _command("test")


def test_main_command_runs_the_bundled_example() -> None:
    last = _command("main").split("&&")[-1].strip()
    argv = shlex.split(last)
    assert argv[0].endswith("socialvalue")
    proc = subprocess.run([sys.executable, "-m", "socialvalue", *argv[1:]], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "SROI ratio" in proc.stdout and "Assumptions" in proc.stdout
