"""Golden cases for the valuation engine: published or closed-form results, one YAML file each
in tests/cases/engine-*.yaml (input, expected, tolerance, source citation)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import yaml

from socialvalue.engine import compile_outcomes, valuate
from socialvalue.prices import discount_schedule

CASES = sorted((Path(__file__).parent / "cases").glob("engine-*.yaml"))


def _load(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        case = yaml.safe_load(handle)
    assert {"id", "source", "input", "expected", "tolerance"} <= set(case), path.name
    assert case["source"].strip(), f"{path.name} must cite its source"
    return case


def _check(name: str, got: Any, want: Any, tolerance: dict[str, Any]) -> None:
    if isinstance(want, list):
        assert len(got) == len(want), name
        for k, (g, w) in enumerate(zip(got, want, strict=True)):
            _check(f"{name}[{k}]", g, w, tolerance)
        return
    assert got is not None, name
    if "round" in tolerance:
        assert round(float(got), int(tolerance["round"])) == float(want), f"{name}: {got} does not round to {want}"
    else:
        assert math.isclose(float(got), float(want), rel_tol=float(tolerance.get("rel", 0.0)),
                            abs_tol=float(tolerance.get("abs", 0.0))), f"{name}: {got} != {want}"


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_golden_case(path: Path) -> None:
    case = _load(path)
    spec = case["input"]
    outcomes = dict(spec["outcomes"])
    if "yearly_proxy" in outcomes:
        outcomes["yearly_proxy"] = {int(k): v for k, v in outcomes["yearly_proxy"].items()}
    table = compile_outcomes(**outcomes)
    val = valuate(table, discount_schedule(spec["discount"]), float(spec.get("investment", 0.0)),
                  convention=spec.get("convention", "sroi"))
    figures = {
        "present_value": val.present_value, "npv": val.npv, "sroi_ratio": val.sroi_ratio,
        "net_sroi": val.net_sroi, "payback_months": val.payback_months, "annual_impact": val.annual_impact,
        "pv_by_year": val.pv_by_year.tolist(), "pv_by_outcome": val.pv_by_outcome.tolist(),
        "reductions": [r["total"] for r in val.reductions],
    }
    for key, want in case["expected"].items():
        _check(f"{case['id']}.{key}", figures[key], want, case["tolerance"])


def test_there_are_golden_cases() -> None:
    assert len(CASES) >= 10
