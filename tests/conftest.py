"""Shared test set-up.

* A fixed, seeded hypothesis profile so CI is reproducible.
* **Under CI a skipped test is a failed test.** ``.ci/run`` exports ``SOCIALVALUE_CI=1``; with
  it set, every skip (``pytest.skip``, ``pytest.importorskip``, ``skipif``) is reported as a
  failure, unless its reason starts with one of :data:`ALLOWED_SKIPS`. CI installs every
  extra, so an ``importorskip`` of an installed extra that stops importing fails there
  instead of silently leaving its tests out. Locally (variable unset) skips stay skips.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None, max_examples=50)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

if "SOCIALVALUE_CACHE_DIR" not in os.environ:  # the suite's own cache (socialvalue.cache), not the user's home
    import tempfile

    os.environ["SOCIALVALUE_CACHE_DIR"] = tempfile.mkdtemp(prefix="socialvalue-test-cache-")

CI = os.environ.get("SOCIALVALUE_CI", "") not in ("", "0")
"""True under CI (``SOCIALVALUE_CI=1``, exported by ``.ci/run``)."""

ALLOWED_SKIPS: tuple[str, ...] = (
    "platform:",  # the operating system lacks the feature under test (symlinks, FIFOs, /dev/zero)
    "GMCA workbook not found",  # tests/test_gmca_import.py: the licensed workbook is not in the repository
)
"""Skip reasons (prefixes) that stay skips under CI."""


def _reason(report: pytest.TestReport | pytest.CollectReport) -> str:
    longrepr = report.longrepr
    text = longrepr[2] if isinstance(longrepr, tuple) and len(longrepr) == 3 else str(longrepr)
    return text.removeprefix("Skipped: ").strip()


def skip_is_allowed(reason: str) -> bool:
    return reason.startswith(ALLOWED_SKIPS)


def _fail_skip(report: pytest.TestReport | pytest.CollectReport) -> None:
    reason = _reason(report)
    report.outcome = "failed"
    report.longrepr = (f"skipped under CI (SOCIALVALUE_CI is set): {reason}\n"
                       f"CI installs every extra, so this skip means something is broken. Only skips whose reason "
                       f"starts with one of {ALLOWED_SKIPS} are allowed (see tests/conftest.py).")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    if CI and report.skipped and not hasattr(report, "wasxfail") and not skip_is_allowed(_reason(report)):
        _fail_skip(report)


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector):
    outcome = yield
    report: pytest.CollectReport = outcome.get_result()
    if CI and report.skipped and not skip_is_allowed(_reason(report)):  # a module-level skip or importorskip
        _fail_skip(report)


_DOCS_MODULES = {"test_docs.py", "test_readme.py", "test_notebook.py"}
"""Modules that build or execute the documentation, README and notebooks (marker ``docs``)."""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the fuzz suite (``fuzz``) and the documentation tests (``docs``) by where they live, so that
    ``-m "not fuzz and not docs and not slow"`` is the fast local tier; CI runs every marker."""
    for item in items:
        path = item.path
        if "fuzz" in path.parent.parts[-1:]:
            item.add_marker(pytest.mark.fuzz)
        if path.name in _DOCS_MODULES:
            item.add_marker(pytest.mark.docs)
