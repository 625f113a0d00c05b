"""Fuzz suite set-up: the fixture folder documents may name, and the run record.

After a run that fuzzed anything, ``tests/fuzz/last_run.json`` holds the number of
documents per kind, how many gave a result and how many were refused (by error type),
and the time taken; the terminal summary prints the totals.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from documents import write_fixture_folder
from mutations import STATS

LAST_RUN = Path(__file__).with_name("last_run.json")


@pytest.fixture(scope="session")
def fuzz_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with copies of the examples and the extra files the base documents name."""
    return write_fixture_folder(tmp_path_factory.mktemp("fuzz"))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not STATS.examples:
        return
    record = STATS.as_dict()
    record["pytest_exit_status"] = int(exitstatus)
    if exitstatus != 0:
        record["unexpected_exceptions"] = "see the failing test"
    LAST_RUN.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    if not STATS.examples:
        return
    record = STATS.as_dict()
    kinds = ", ".join(f"{k} {v['documents']:,}" for k, v in record["kinds"].items())
    terminalreporter.write_line(f"fuzz: {record['total_documents']:,} documents in {record['total_seconds']} s "
                                f"({kinds}); record in {LAST_RUN.relative_to(Path.cwd()) if LAST_RUN.is_relative_to(Path.cwd()) else LAST_RUN}")
