"""Golden cases: published or hand-computed results for every built-in framework, one YAML file
each in tests/cases/ (document, expected values, tolerance, source citation), run through
``socialvalue.testing`` exactly as a framework plugin runs its own (docs/testing.md)."""

from __future__ import annotations

from pathlib import Path

from socialvalue.testing import GoldenCase, check_case, golden_cases, load_cases

CASES = Path(__file__).parent / "cases"


@golden_cases(CASES)
def test_golden(case: GoldenCase) -> None:
    check_case(case)


def test_every_built_in_framework_has_golden_cases() -> None:
    frameworks = {case.framework for case in load_cases(CASES)}
    assert {"sroi", "toms", "flexible-framework", "lm3", "compare"} <= frameworks
    assert len(load_cases(CASES)) >= 20
