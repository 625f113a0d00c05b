"""Compiling and validating outcome columns (socialvalue.engine.compile)."""

from __future__ import annotations

import dataclasses
import math
import subprocess
import sys

import numpy as np
import pytest

from socialvalue.engine import MAX_YEAR, compile_outcomes, project_year_series, valuate
from socialvalue.errors import EngineInputError, SocialValueError
from tests.checks import raises_exactly
from tests.strategies import FRACTIONS_OUTSIDE

BASE = {"quantity": [1.0, 2.0, 3.0], "proxy": [10.0, 20.0, 30.0], "duration": [1, 2, 3]}


def _with(**changes: object) -> dict[str, object]:
    return {**BASE, **changes}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"quantity": [1.0, float("nan"), 3.0]}, "quantity[1]"),
        ({"quantity": [1.0, 2.0, -3.0]}, "quantity[2]"),
        ({"quantity": [float("inf"), 2.0, 3.0]}, "quantity[0]"),
        ({"proxy": [10.0, -1.0, 30.0]}, "proxy[1]"),
        ({"proxy": [10.0, 20.0, float("-inf")]}, "proxy[2]"),
        ({"deadweight": [0.1, 1.2, 0.0]}, "deadweight[1]"),
        ({"displacement": [0.1, 0.2, -0.01]}, "displacement[2]"),
        ({"attribution": [float("nan"), 0.2, 0.3]}, "attribution[0]"),
        ({"leakage": [0.0, 0.0, 2.0]}, "leakage[2]"),
        ({"drop_off": [0.0, 1.0000001, 0.0]}, "drop_off[1]"),
        ({"duration": [1, 0, 3]}, "duration[1]"),
        ({"duration": [1.0, 2.5, 3.0]}, "duration[1]"),
        ({"duration": [1, 2, MAX_YEAR + 1]}, "duration[2]"),
        ({"start": [1, 0, 1]}, "start[1]"),
        ({"start": [1, 2, MAX_YEAR]}, "duration[2]"),
        ({"proxy": [1.0, 2.0]}, "proxy"),
        ({"deadweight": [0.1, 0.2, 0.3, 0.4]}, "deadweight"),
        ({"duration": [1, 2]}, "duration"),
        ({"quantity": [[1.0, 2.0, 3.0]]}, "quantity"),
        ({"quantity": ["a", "b", "c"]}, "quantity[0]"),
        ({"negative": [True, False]}, "negative"),
        ({"negative": [0, 1, 2]}, "negative[2]"),
        ({"duration": [True, False, True]}, "duration"),
        ({"deadweight": 1.5}, "deadweight"),
        ({"groups": {"theme": [0, -1, 2]}}, "groups.theme[1]"),
        ({"groups": {"theme": [0, 1]}}, "groups.theme"),
        ({"yearly_proxy": {5: [1.0, 2.0]}}, "yearly_proxy[5]"),
        ({"yearly_proxy": {1: [1.0]}}, "yearly_proxy[1]"),
        ({"yearly_proxy": {2: [1.0, float("nan"), 3.0]}}, "yearly_proxy[2][1]"),
    ],
)
def test_invalid_input_names_the_field(changes: dict[str, object], field: str) -> None:
    with raises_exactly(EngineInputError) as err:
        compile_outcomes(**_with(**changes))  # type: ignore[arg-type]
    assert err.value.field == field
    assert isinstance(err.value, SocialValueError) and isinstance(err.value, ValueError)
    assert err.value.message


FRACTION_COLUMNS = ("deadweight", "displacement", "attribution", "leakage", "drop_off")


@pytest.mark.parametrize("name", FRACTION_COLUMNS)
@pytest.mark.parametrize("bad", FRACTIONS_OUTSIDE)
def test_fraction_columns_refuse_values_just_outside_0_1(name: str, bad: float) -> None:
    with raises_exactly(EngineInputError) as err:  # in an array: the bad entry is named
        compile_outcomes(**_with(**{name: [0.5, bad, 0.0]}))  # type: ignore[arg-type]
    assert err.value.field == f"{name}[1]"
    with raises_exactly(EngineInputError) as err:  # as one value for every outcome
        compile_outcomes(**_with(**{name: bad}))  # type: ignore[arg-type]
    assert err.value.field == name


@pytest.mark.parametrize("name", FRACTION_COLUMNS)
def test_fraction_columns_accept_0_and_1_exactly(name: str) -> None:
    edges = [0.0, 1.0, 5e-324]
    table = compile_outcomes(**_with(**{name: edges}))  # type: ignore[arg-type]
    assert getattr(table, name).tolist() == edges
    assert getattr(compile_outcomes(**_with(**{name: 1.0})), name).tolist() == [1.0, 1.0, 1.0]  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["quantity", "proxy"])
@pytest.mark.parametrize("bad", [-5e-324, -1e-300, -1.0, float("nan"), float("inf"), float("-inf")])
def test_amount_columns_refuse_anything_below_zero_or_not_finite(name: str, bad: float) -> None:
    with raises_exactly(EngineInputError) as err:
        compile_outcomes(**_with(**{name: [1.0, 2.0, bad]}))  # type: ignore[arg-type]
    assert err.value.field == f"{name}[2]"
    table = compile_outcomes(**_with(**{name: [0.0, 5e-324, 1e300]}))  # type: ignore[arg-type]
    assert getattr(table, name).tolist() == [0.0, 5e-324, 1e300]


def test_invalid_discount_investment_and_convention() -> None:
    table = compile_outcomes(**BASE)  # type: ignore[arg-type]
    cases = [
        ({"investment": -1.0}, "investment"),
        ({"investment": float("nan")}, "investment"),
        ({"investment": "100"}, "investment"),
        ({"discount": float("inf")}, "discount"),
        ({"discount": 1.5}, "discount"),
        ({"discount": 1.0}, "discount"),
        ({"discount": -1.0}, "discount"),
        ({"discount": True}, "discount"),
        ({"investment": -5e-324}, "investment"),
        ({"discount": ((1, 31), (0.035,))}, "discount.band_rates"),
        ({"discount": ((2,), (0.035,))}, "discount.band_starts[0]"),
        ({"discount": ((1, 1), (0.03, 0.02))}, "discount.band_starts[1]"),
        ({"discount": ((1, 5), (0.03, float("nan")))}, "discount.band_rates[1]"),
        ({"discount": "green-book"}, "discount"),
        ({"convention": "year-0"}, "convention"),
    ]
    for kwargs, field in cases:
        with raises_exactly(EngineInputError) as err:
            valuate(table, **kwargs)  # type: ignore[arg-type]
        assert err.value.field == field, kwargs


def test_nothing_is_clamped_or_changed() -> None:
    q = np.array([1.0, 2.0, 3.0])
    dw = np.array([0.0, 0.5, 1.0])
    table = compile_outcomes(quantity=q, proxy=[1.0, 1.0, 1.0], deadweight=dw, duration=1)
    assert table.deadweight.tolist() == [0.0, 0.5, 1.0]
    assert q.flags.writeable and dw.flags.writeable  # the caller's arrays are untouched


def test_columns_are_read_only_and_copied() -> None:
    q = np.array([1.0, 2.0, 3.0])
    table = compile_outcomes(quantity=q, proxy=[1.0, 1.0, 1.0], duration=1)
    q[0] = 99.0
    assert table.quantity[0] == 1.0
    for name in ("quantity", "proxy", "deadweight", "leakage", "duration", "start", "negative"):
        with raises_exactly(ValueError, match="read-only"):
            getattr(table, name)[0] = 0
    with raises_exactly(dataclasses.FrozenInstanceError):
        table.quantity = q  # type: ignore[misc]


def test_read_only_inputs_are_referenced_not_copied() -> None:
    q = np.array([1.0, 2.0, 3.0])
    q.setflags(write=False)
    table = compile_outcomes(quantity=q, proxy=[1.0, 1.0, 1.0], duration=1)
    assert np.shares_memory(table.quantity, q)
    writable_base = np.array([1.0, 2.0, 3.0])
    view = writable_base[:]
    view.setflags(write=False)  # read-only view of memory someone can still change: copy it
    table = compile_outcomes(quantity=view, proxy=[1.0, 1.0, 1.0], duration=1)
    assert not np.shares_memory(table.quantity, writable_base)
    table = compile_outcomes(quantity=writable_base, proxy=[1.0, 1.0, 1.0], duration=1, copy=False)
    assert np.shares_memory(table.quantity, writable_base)
    assert writable_base.flags.writeable


def test_defaults_and_scalars() -> None:
    table = compile_outcomes(quantity=[1.0, 2.0], proxy=5.0, duration=3, deadweight=0.25)
    assert table.proxy.tolist() == [5.0, 5.0]
    assert table.deadweight.tolist() == [0.25, 0.25]
    assert table.leakage.tolist() == [0.0, 0.0] and not table.has_leakage
    assert table.start.tolist() == [1, 1] and table.uniform_start == 1
    assert table.negative.tolist() == [False, False] and not table.has_negative
    assert table.max_year == 3 and len(table) == 2 and table.n == 2


def test_float_durations_that_are_whole_are_accepted() -> None:
    table = compile_outcomes(quantity=[1.0], proxy=[1.0], duration=[3.0], start=[2.0])
    assert table.duration.dtype == np.int64 and table.duration.tolist() == [3]
    assert table.max_year == 4


def test_groups_codes_and_labels() -> None:
    table = compile_outcomes(quantity=[1.0, 2.0, 3.0], proxy=[1.0, 1.0, 1.0], duration=1,
                             groups={"theme": ["jobs", "health", "jobs"], "domain": [7, 3, 7]})
    assert table.groups["theme"].labels == ("health", "jobs")
    assert table.groups["theme"].codes.tolist() == [1, 0, 1]
    assert table.groups["domain"].labels == (3, 7)
    val = valuate(table, 0.0)
    assert val.pv_by_group("theme") == {"health": 2.0, "jobs": 4.0}
    assert val.pv_by_group("domain") == {3: 2.0, 7: 4.0}
    with raises_exactly(EngineInputError):
        val.pv_by_group("nope")


def test_yearly_proxy_replaces_proxy_column() -> None:
    table = compile_outcomes(quantity=[2.0, 1.0], proxy=[float("nan"), 10.0], duration=[3, 1], start=[2, 1],
                             yearly_proxy={0: [float("nan"), 5.0, 6.0, 7.0]})
    assert table.proxy.tolist() == [5.0, 10.0]
    assert table.yearly_rows.tolist() == [0]
    assert table.yearly_values[0].tolist() == [0.0, 5.0, 6.0, 7.0]


def test_project_year_series() -> None:
    series = {2024: 100.0, 2025: 110.0, 2026: 120.0}
    assert project_year_series(series, 2025, 2).tolist() == [110.0, 120.0]
    with raises_exactly(EngineInputError) as err:
        project_year_series(series, 2025, 3, name="carbon")
    assert err.value.field == "carbon[2027]"


def test_empty_table_values_to_zero() -> None:
    table = compile_outcomes(quantity=[], proxy=[], duration=[])
    val = valuate(table, 0.035, 100.0)
    assert val.present_value == 0.0 and val.sroi_ratio == 0.0 and val.payback_months is None
    assert val.pv_by_year.tolist() == [] and val.reductions[-1]["total"] == 0.0
    assert math.isfinite(val.npv)


def test_engine_import_stays_light() -> None:
    code = ("import sys, socialvalue.engine; heavy = [m for m in ('pint', 'attrs', 'yaml', 'socialvalue.prices') "
            "if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
