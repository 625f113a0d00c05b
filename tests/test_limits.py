"""The default limits agree with each other: a document at an entry limit, every optional field
filled, loads; a limit can be raised for one block (API) or one run (CLI); none is a global."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import socialvalue
from checks import raises_exactly
from socialvalue.config import Limits, current_limits
from socialvalue.errors import LimitExceededError, UnknownNameError

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def full_outcome(i: int) -> dict[str, Any]:
    """An outcome with every optional field of the impact-map format filled, and an inline proxy
    with every optional field filled too (the largest ordinary outcome a user writes)."""
    return {
        "id": f"outcome-{i:05d}",
        "description": "Adults move into sustained work after the employment support programme",
        "beneficiaries": {"group": "Long-term unemployed adults", "count": 40,
                          "characteristics": {"age": "25-64", "area": "Example ward"}},
        "theme": "employment", "domain": "thriving", "type": "well-defined outcome", "negative": False,
        "quantity": "18720 hour",
        "proxy": {"id": f"wage-{i:05d}", "name": "National Living Wage, April 2024", "description": "hourly rate",
                  "theme": "employment", "tags": ["wage", "employment"], "value": 11.44, "low": 10.42,
                  "high": 12.21, "unit": "GBP/hour", "currency": "GBP", "price_year": 2024, "region": "UK",
                  "source": {"publisher": "HM Government (GOV.UK)", "title": "National Minimum Wage and National "
                             "Living Wage rates", "year": 2024, "url": "https://www.gov.uk/national-minimum-wage-rates",
                             "locator": "table of rates from 1 April 2024", "via": "GOV.UK"},
                  "licence": "OGL-UK-3.0", "confidence": "C", "notes": "the statutory rate for 21 and over"},
        "duration": 3, "start_year": 1,
        "deadweight": 0.2, "displacement": 0.1, "attribution": 0.1, "leakage": 0.0, "drop_off": 0.25,
        "low": 10.0, "high": 12.5,
        "ranges": {"deadweight": [0.1, 0.35], "drop_off": [0.15, 0.4]},
        "notes": "12 people x 30 hours a week x 52 weeks",
    }


def full_map(n: int) -> dict[str, Any]:
    return {"kind": "impact-map", "framework": "sroi", "name": "A large programme", "description": "Many outcomes",
            "organisation": "Example Council", "place": "Example borough", "period": "2026/27",
            "mode": "forecast", "price_year": 2024, "first_year": 2026,
            "discounting": {"schedule": "green-book"}, "conventions": {"discount_start": "year-1"},
            "investment": [{"name": "Programme grant", "amount": 250000}],
            "outcomes": [full_outcome(i) for i in range(n)]}


def test_an_impact_map_at_max_outcomes_with_every_field_filled_loads_with_the_default_limits(tmp_path: Path) -> None:
    n = Limits().max_outcomes
    assert current_limits() == Limits(), "a test left limits changed"
    path = tmp_path / "big.json"
    path.write_text(json.dumps(full_map(n)), encoding="utf-8")
    result = socialvalue.value(path)
    assert len(result.outcome_rows()) == n
    one = socialvalue.value(full_map(1))
    assert result.present_value == pytest.approx(n * one.present_value, rel=1e-9)


def test_one_more_outcome_is_refused_naming_the_limit_and_how_to_raise_it() -> None:
    n = Limits().max_outcomes + 1
    with raises_exactly(LimitExceededError) as info:
        socialvalue.value(full_map(n))
    assert info.value.field == "outcomes" and "max_outcomes" in (info.value.hint or "")
    with socialvalue.limits(max_outcomes=n) as active:
        assert active.max_outcomes == n
        assert len(socialvalue.value(full_map(n)).outcome_rows()) == n
    assert current_limits().max_outcomes == n - 1, "the block's limit does not outlive it"


def test_limits_are_frozen_and_a_misspelt_limit_is_refused() -> None:
    with pytest.raises(AttributeError):
        current_limits().max_outcomes = 5  # type: ignore[misc]
    with raises_exactly(UnknownNameError) as info, socialvalue.limits(max_outcome=5):
        pass
    assert "max_outcomes" in info.value.suggestions


def test_the_cli_raises_a_limit_for_one_run(tmp_path: Path) -> None:
    path = tmp_path / "map.yaml"
    path.write_text(json.dumps(full_map(3)), encoding="utf-8")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "socialvalue", "value", str(path), *args], capture_output=True,
                              text=True, timeout=300, check=False)

    low = run("--limit", "max_outcomes=2")
    assert low.returncode == 2 and "max_outcomes" in low.stderr and "Traceback" not in low.stderr
    assert run("--limit", "max_outcomes=3").returncode == 0
    wrong = run("--limit", "max_outcome=3")
    assert wrong.returncode == 2 and "did you mean max_outcomes" in wrong.stderr


def test_no_module_level_limits_dict_remains() -> None:
    import socialvalue.documents as documents

    assert not hasattr(documents, "LIMITS")
    assert not any(isinstance(value, dict) and "max_outcomes" in value for value in vars(documents).values())
