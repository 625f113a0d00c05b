"""One-at-a-time sensitivity and break-even (socialvalue.engine.sensitivity)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialvalue.engine import ASSUMPTIONS, break_even, compile_outcomes, sensitivity, valuate
from socialvalue.errors import EngineInputError
from socialvalue.prices import discount_schedule
from tests.checks import raises_exactly
from tests.strategies import engine_columns

COLS = {"quantity": [10.0, 5.0, 3.0], "proxy": [1000.0, 200.0, 50.0], "deadweight": [0.2, 0.1, 0.5],
        "attribution": 0.25, "drop_off": 0.1, "duration": [3, 2, 5]}


def _table(**changes: Any) -> Any:
    return compile_outcomes(**{**COLS, **changes})


def test_rows_cover_every_assumption_widest_first() -> None:
    result = sensitivity(_table(), 0.035, 5000.0)
    assert sorted(r.assumption for r in result.rows) == sorted(ASSUMPTIONS)
    swings = [r.swing for r in result.rows]
    assert swings == sorted(swings, reverse=True)
    base = valuate(_table(), 0.035, 5000.0)
    assert result.base_pv == base.present_value and result.base_ratio == base.sroi_ratio
    for row in result.rows:
        assert row.ratio_low == row.pv_low / 5000.0 and row.ratio_high == row.pv_high / 5000.0
    data = result.to_dict()
    assert data["rows"][0]["assumption"] == result.rows[0].assumption


def test_rows_agree_with_revaluing() -> None:
    result = {r.assumption: r for r in sensitivity(_table(), 0.035, 5000.0).rows}
    assert result["proxy"].pv_low == valuate(_table(proxy=np.array(COLS["proxy"]) * 0.8), 0.035).present_value
    dw = np.array(COLS["deadweight"])
    assert result["deadweight"].pv_high == valuate(_table(deadweight=dw + 0.1), 0.035).present_value
    assert result["duration"].pv_high == valuate(_table(duration=np.array(COLS["duration"]) + 1), 0.035).present_value
    assert result["discount_rate"].pv_low == valuate(_table(), 0.0).present_value
    assert result["discount_rate"].pv_high == valuate(_table(), 0.07).present_value


def test_clipping_is_reported_not_applied_to_inputs() -> None:
    table = _table(displacement=[0.0, 0.05, 0.95], duration=[1, 2, 3])
    rows = {r.assumption: r for r in sensitivity(table, 0.035, 5000.0).rows}
    assert rows["displacement"].clipped_low == 2 and rows["displacement"].clipped_high == 1
    assert rows["duration"].clipped_low == 1 and rows["duration"].clipped_high == 0
    assert table.displacement.tolist() == [0.0, 0.05, 0.95]


def test_single_outcome_sensitivity() -> None:
    result = sensitivity(_table(), 0.035, 5000.0, outcome=1)
    rows = {r.assumption: r for r in result.rows}
    proxy = np.array(COLS["proxy"])
    proxy[1] *= 1.2
    assert rows["proxy"].pv_high == valuate(_table(proxy=proxy), 0.035).present_value
    assert result.outcome == 1
    with raises_exactly(EngineInputError) as err:
        sensitivity(_table(), 0.035, 5000.0, outcome=7)
    assert err.value.field == "outcome"


@pytest.mark.parametrize("kwargs,field", [({"scale": (1.2, 0.8)}, "scale"), ({"shift": 2.0}, "shift"),
                                          ({"years": -1}, "years"), ({"assumptions": ("colour",)}, "assumptions")])
def test_sensitivity_rejects_bad_settings(kwargs: dict[str, Any], field: str) -> None:
    with raises_exactly(EngineInputError) as err:
        sensitivity(_table(), 0.035, 5000.0, **kwargs)
    assert err.value.field == field


def _ratio_after(assumption: str, value: float, table: Any = None, outcome: int | None = None,
                 discount: Any = 0.035) -> float:
    table = table or _table()
    rows = slice(None) if outcome is None else [outcome]
    if assumption in ("proxy", "quantity"):
        col = np.array(getattr(table, assumption))
        col[rows] *= value
        return valuate(table.derive(**{assumption: col}), discount, 5000.0).sroi_ratio
    if assumption == "discount_rate":
        return valuate(table, value, 5000.0).sroi_ratio
    if assumption == "duration":
        col = np.array(table.duration)
        col[rows] = np.maximum(col[rows] + int(value), 1)
        return valuate(table.derive(duration=col), discount, 5000.0).sroi_ratio
    col = np.array(getattr(table, assumption))
    col[rows] = np.clip(col[rows] + value, 0.0, 1.0)
    return valuate(table.derive(**{assumption: col}), discount, 5000.0).sroi_ratio


@pytest.mark.parametrize("target", [1.0, 3.0])
def test_break_even_values_reach_the_target(target: float) -> None:
    for row in break_even(_table(), 0.035, 5000.0, target=target):
        if row.value is None:
            assert row.reason
            continue
        ratio = _ratio_after(row.assumption, row.value)
        if row.assumption == "duration":
            assert ratio <= target < _ratio_after("duration", row.value + 1)
        else:
            assert math.isclose(ratio, target, rel_tol=1e-9), row


def test_break_even_closed_forms() -> None:
    base = valuate(_table(), 0.035, 5000.0)
    rows = {r.assumption: r for r in break_even(_table(), 0.035, 5000.0)}
    assert rows["proxy"].value == pytest.approx(5000.0 / base.present_value, rel=1e-15)
    assert rows["proxy"].kind == "multiplier" and not rows["proxy"].clipped
    assert rows["attribution"].kind == "shift" and not rows["attribution"].clipped
    assert rows["deadweight"].clipped  # one outcome's deadweight would pass 1: root on the clipped shift
    assert rows["duration"].value is None and "1 year" in rows["duration"].reason
    assert rows["discount_rate"].value is None and "99%" in rows["discount_rate"].reason


def test_break_even_discount_rate_and_duration_found() -> None:
    rows = {r.assumption: r for r in break_even(_table(), 0.035, 5000.0, target=3.0)}
    rate = rows["discount_rate"].value
    assert rate is not None and math.isclose(valuate(_table(), rate, 5000.0).sroi_ratio, 3.0, rel_tol=1e-9)
    assert rows["duration"].value == -1.0


def test_break_even_single_outcome_and_never() -> None:
    rows = {r.assumption: r for r in break_even(_table(), 0.035, 5000.0, target=3.0, outcome=0)}
    ratio = _ratio_after("proxy", rows["proxy"].value, outcome=0)
    assert math.isclose(ratio, 3.0, rel_tol=1e-12)
    rows = {r.assumption: r for r in break_even(_table(), 0.035, 5000.0, outcome=2)}
    assert rows["proxy"].value is None and rows["proxy"].reason  # outcome 2 alone cannot sink the ratio


def test_break_even_without_investment_is_never() -> None:
    rows = break_even(_table(), 0.035, 0.0)
    assert all(r.value is None and "investment" in r.reason for r in rows)
    with raises_exactly(EngineInputError) as err:
        break_even(_table(), 0.035, 10.0, target=float("nan"))
    assert err.value.field == "target"


def test_break_even_with_kinked_schedule_and_yearly_proxy() -> None:
    table = compile_outcomes(quantity=[1.0, 2.0], proxy=[0.0, 400.0], duration=[40, 50], drop_off=[0.0, 0.02],
                             yearly_proxy={0: list(np.linspace(100.0, 300.0, 40))})
    gb = discount_schedule("green-book")
    for row in break_even(table, gb, 5000.0, target=2.0):
        if row.value is None or row.assumption in ("duration", "discount_rate"):
            continue
        col = np.array(getattr(table, row.assumption))
        if row.assumption in ("proxy", "quantity"):
            changes = {row.assumption: col * row.value}
            if row.assumption == "proxy":
                changes["yearly_values"] = table.yearly_values * row.value
        else:
            changes = {row.assumption: np.clip(col + row.value, 0, 1)}
        assert math.isclose(valuate(table.derive(**changes), gb, 5000.0).sroi_ratio, 2.0, rel_tol=1e-9)


@given(engine_columns(min_size=1, max_size=6), st.floats(0.5, 5.0))
@settings(max_examples=25)
def test_break_even_multiplier_property(cols: dict[str, Any], target: float) -> None:
    table = compile_outcomes(**cols)
    base = valuate(table, 0.035, 1000.0)
    row = break_even(table, 0.035, 1000.0, target=target, assumptions=("quantity",))[0]
    if base.present_value <= 0.0:
        assert row.value is None
    else:
        assert math.isclose(row.value * base.present_value, target * 1000.0, rel_tol=1e-12)


def test_non_table_input_is_rejected() -> None:
    for call in (lambda: sensitivity({"quantity": [1.0]}, 0.035, 1.0), lambda: break_even([1.0], 0.035, 1.0)):
        with raises_exactly(EngineInputError) as err:
            call()
        assert err.value.field == "table"
