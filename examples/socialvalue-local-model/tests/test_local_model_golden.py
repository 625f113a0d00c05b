"""The plugin's golden cases, run by socialvalue's own runner (socialvalue.testing)."""

from __future__ import annotations

from pathlib import Path

from socialvalue.testing import GoldenCase, check_case, golden_cases


@golden_cases(Path(__file__).parent / "cases")
def test_local_model_golden(case: GoldenCase) -> None:
    check_case(case)
