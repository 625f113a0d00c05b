"""Seeded Monte Carlo (socialvalue.engine.monte_carlo)."""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialvalue.engine import (
    DiscreteUniform,
    LogNormal,
    Normal,
    Triangular,
    Uniform,
    compile_outcomes,
    monte_carlo,
    spawn_streams,
    valuate,
)
from socialvalue.engine import uncertainty as uncertainty_module
from socialvalue.errors import EngineInputError
from socialvalue.prices import discount_schedule
from tests.checks import raises_exactly
from tests.strategies import engine_columns

COLS = {"quantity": [10.0, 5.0, 3.0, 8.0], "proxy": [1000.0, 200.0, 50.0, 120.0],
        "deadweight": [0.2, 0.1, 0.5, 0.0], "attribution": 0.25, "drop_off": [0.1, 0.0, 0.3, 0.05],
        "duration": [3, 2, 5, 4], "start": [1, 2, 1, 1], "negative": [False, False, True, False]}


def _table(**changes: Any) -> Any:
    return compile_outcomes(**{**COLS, **changes})


ZERO_WIDTH = [
    {"proxy": Triangular(1.0, 1.0, 1.0, relative=True)},
    {"proxy": Uniform(COLS["proxy"], COLS["proxy"])},
    {"quantity": LogNormal(1.0, 0.0, relative=True), "deadweight": Normal(COLS["deadweight"], 0.0)},
    {"attribution": Triangular(0.25, 0.25, 0.25), "leakage": Uniform(0.0, 0.0)},
    {"drop_off": Uniform(COLS["drop_off"], COLS["drop_off"], rows=[0, 1, 2, 3])},
    {"duration": DiscreteUniform(0, 0, relative=True)},
    {"discount_rate": Uniform(0.035, 0.035)},
    {"discount_rate": Normal(1.0, 0.0, relative=True), "proxy": Normal(1.0, 0.0, relative=True, rows=[2])},
]


@pytest.mark.parametrize("uncertainty", ZERO_WIDTH)
@pytest.mark.parametrize("convention", ["sroi", "green-book"])
def test_zero_width_equals_deterministic(uncertainty: dict[str, Any], convention: str) -> None:
    table = _table()
    base = valuate(table, 0.035, 5000.0, convention=convention)
    result = monte_carlo(table, 0.035, 5000.0, uncertainty=uncertainty, draws=50, seed=1, convention=convention)
    assert (result.pv == base.present_value).all()
    assert (result.ratio == base.sroi_ratio).all()
    assert result.summary["pv"]["mean"] == base.present_value
    assert result.base_pv == base.present_value


def test_zero_width_with_kinked_schedule_and_yearly_proxy() -> None:
    table = compile_outcomes(quantity=[2.0, 1.0], proxy=[0.0, 300.0], duration=[35, 40], drop_off=[0.05, 0.01],
                             yearly_proxy={0: list(np.linspace(100.0, 400.0, 35))})
    gb = discount_schedule("green-book")
    base = valuate(table, gb, 100.0)
    for unc in ({"proxy": Triangular(1.0, 1.0, 1.0, relative=True)},
                {"drop_off": Uniform([0.05, 0.01], [0.05, 0.01]), "duration": DiscreteUniform(0, 0, relative=True)}):
        result = monte_carlo(table, gb, 100.0, uncertainty=unc, draws=20, seed=3)
        assert (result.pv == base.present_value).all()


@given(engine_columns(min_size=1, max_size=8), st.integers(0, 2**32))
@settings(max_examples=25)
def test_zero_width_property(cols: dict[str, Any], seed: int) -> None:
    table = compile_outcomes(**cols)
    base = valuate(table, 0.035, 100.0)
    unc = {"proxy": Triangular(1.0, 1.0, 1.0, relative=True),
           "drop_off": Uniform(np.asarray(table.drop_off), np.asarray(table.drop_off))}
    result = monte_carlo(table, 0.035, 100.0, uncertainty=unc, draws=5, seed=seed)
    assert (result.pv == base.present_value).all()


UNC = {"proxy": Triangular(0.8, 1.0, 1.2, relative=True), "deadweight": Uniform(0.0, 0.4, rows=[0, 1]),
       "attribution": Normal(0.25, 0.02), "drop_off": Uniform(0.0, 0.2, rows=[2]),
       "quantity": LogNormal(1.0, 0.1, relative=True)}


def test_same_seed_same_bits_and_seed_kinds() -> None:
    table = _table()
    a = monte_carlo(table, 0.035, 5000.0, uncertainty=UNC, draws=3000, seed=42)
    b = monte_carlo(table, 0.035, 5000.0, uncertainty=UNC, draws=3000, seed=42)
    assert a.pv.tobytes() == b.pv.tobytes() and a.ratio.tobytes() == b.ratio.tobytes()
    assert json.dumps(a.to_dict(include_draws=True)) == json.dumps(b.to_dict(include_draws=True))
    c = monte_carlo(table, 0.035, 5000.0, uncertainty=UNC, draws=3000, seed=43)
    assert c.pv.tobytes() != a.pv.tobytes()
    g1 = monte_carlo(table, 0.035, 5000.0, uncertainty=UNC, draws=100, seed=np.random.default_rng(7))
    g2 = monte_carlo(table, 0.035, 5000.0, uncertainty=UNC, draws=100, seed=np.random.default_rng(7))
    assert g1.pv.tobytes() == g2.pv.tobytes()
    ss = monte_carlo(table, 0.035, 5000.0, uncertainty=UNC, draws=100, seed=np.random.SeedSequence(42))
    assert ss.pv.tobytes() == a.pv[:100].tobytes()


def test_draws_do_not_depend_on_block_size(monkeypatch: pytest.MonkeyPatch) -> None:
    table = _table()
    unc = {**UNC, "duration": DiscreteUniform(-1, 1, relative=True, rows=[1, 2, 3]),
           "discount_rate": Uniform(0.02, 0.05)}
    a = monte_carlo(table, 0.035, 5000.0, uncertainty=unc, draws=500, seed=9)
    monkeypatch.setattr(uncertainty_module, "_BLOCK_CELLS", 7)
    b = monte_carlo(table, 0.035, 5000.0, uncertainty=unc, draws=500, seed=9)
    assert a.pv.tobytes() == b.pv.tobytes()


def test_adding_an_assumption_keeps_other_streams() -> None:
    table = _table()
    only_proxy = monte_carlo(table, 0.0, 1.0, uncertainty={"proxy": Uniform(0.5, 1.5, relative=True)}, draws=200,
                             seed=5)
    both = monte_carlo(table, 0.0, 1.0, uncertainty={"proxy": Uniform(0.5, 1.5, relative=True),
                                                     "leakage": Uniform(0.0, 0.0)}, draws=200, seed=5)
    assert only_proxy.pv.tobytes() == both.pv.tobytes()


def test_matches_a_direct_per_draw_revaluation() -> None:
    table = _table()
    unc = {"proxy": Triangular(0.8, 1.0, 1.2, relative=True), "drop_off": Uniform(0.0, 0.2, rows=[2])}
    result = monte_carlo(table, 0.035, 5000.0, uncertainty=unc, draws=40, seed=11)
    rng_proxy, rng_do = spawn_streams(11, [(0, 0), (6, 0)])
    mult = Triangular(0.8, 1.0, 1.2).draw(rng_proxy, (40, 4), {k: np.full(4, v) for k, v in
                                                                  (("low", 0.8), ("mode", 1.0), ("high", 1.2))})
    dos = rng_do.uniform(0.0, 0.2, (40, 1))
    for d in range(40):
        drop = np.array(COLS["drop_off"])
        drop[2] = dos[d, 0]
        val = valuate(table.derive(proxy=np.array(COLS["proxy"]) * mult[d], drop_off=drop), 0.035, 5000.0)
        assert math.isclose(result.pv[d], val.present_value, rel_tol=1e-13)


def test_summary_statistics() -> None:
    table = compile_outcomes(quantity=[1.0], proxy=[100.0], duration=[1])
    result = monte_carlo(table, 0.0, 50.0, uncertainty={"proxy": Uniform(0.0, 2.0, relative=True)},
                         draws=20_000, seed=2, convention="green-book")
    summary = result.summary
    assert abs(summary["pv"]["mean"] - 100.0) < 2.0
    assert abs(summary["pv"]["p5"] - 10.0) < 2.0 and abs(summary["pv"]["p95"] - 190.0) < 2.0
    assert abs(summary["pv"]["std"] - 200.0 / math.sqrt(12)) < 2.0
    assert abs(summary["probability_ratio_below_1"] - 0.25) < 0.02
    assert summary["ratio"]["median"] == summary["pv"]["median"] / 50.0
    assert result.summary["pv"]["mean"] == math.fsum(result.pv.tolist()) / 20_000
    lognormal = monte_carlo(table, 0.0, 0.0, uncertainty={"proxy": LogNormal(1.0, 0.5, relative=True)},
                            draws=20_000, seed=2, convention="green-book")
    assert abs(lognormal.summary["pv"]["median"] - 100.0) < 2.0
    assert abs(lognormal.summary["pv"]["mean"] - 100.0 * math.exp(0.125)) < 2.0  # Jensen: mean above median
    assert lognormal.ratio is None and lognormal.summary["probability_ratio_below_1"] is None


def test_out_of_range_draws_raise_never_clip() -> None:
    table = _table()
    with raises_exactly(EngineInputError) as err:
        monte_carlo(table, 0.035, 5000.0, uncertainty={"deadweight": Normal(0.0, 0.1)}, draws=100, seed=1)
    assert err.value.field.startswith("uncertainty.deadweight[")
    assert "never clipped" in err.value.hint
    with raises_exactly(EngineInputError):
        monte_carlo(table, 0.035, 5000.0, uncertainty={"proxy": Normal(1.0, 5.0, relative=True)}, draws=100, seed=1)
    with raises_exactly(EngineInputError):
        monte_carlo(table, 0.035, 5000.0, uncertainty={"duration": DiscreteUniform(-5, 0, relative=True)},
                    draws=100, seed=1)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"uncertainty": {"colour": Uniform(0, 1)}}, "uncertainty.colour"),
        ({"uncertainty": {"proxy": Uniform(2.0, 1.0)}}, "uncertainty.proxy.low[0]"),
        ({"uncertainty": {"proxy": Triangular(0.0, 2.0, 1.0)}}, "uncertainty.proxy.mode[0]"),
        ({"uncertainty": {"proxy": Normal(1.0, -1.0)}}, "uncertainty.proxy.sd[0]"),
        ({"uncertainty": {"proxy": Uniform([1.0, 2.0], [3.0, 4.0])}}, "uncertainty.proxy.low"),
        ({"uncertainty": {"proxy": Uniform(0.0, 1.0, rows=[9])}}, "uncertainty.proxy.rows"),
        ({"uncertainty": {"proxy": [Uniform(0.0, 1.0, rows=[0]), Uniform(0.0, 1.0, rows=[0])]}},
         "uncertainty.proxy[1].rows"),
        ({"uncertainty": {"duration": Uniform(1.0, 2.0)}}, "uncertainty.duration"),
        ({"uncertainty": {"discount_rate": Uniform(0.0, 0.1, rows=[0])}}, "uncertainty.discount_rate"),
        ({"uncertainty": {"proxy": "wide"}}, "uncertainty.proxy"),
        ({"uncertainty": {}}, "uncertainty"),
        ({"seed": None}, "seed"),
        ({"seed": -3}, "seed"),
        ({"draws": 0}, "draws"),
    ],
)
def test_invalid_monte_carlo_input(kwargs: dict[str, Any], field: str) -> None:
    args = {"uncertainty": {"proxy": Uniform(0.9, 1.1, relative=True)}, "draws": 10, "seed": 1, **kwargs}
    with raises_exactly(EngineInputError) as err:
        monte_carlo(_table(), 0.035, 100.0, **args)
    assert err.value.field == field


def test_yearly_rows_need_relative_proxy_draws() -> None:
    table = compile_outcomes(quantity=[1.0], proxy=[0.0], duration=[2], yearly_proxy={0: [5.0, 6.0]})
    with raises_exactly(EngineInputError) as err:
        monte_carlo(table, 0.0, 1.0, uncertainty={"proxy": Uniform(4.0, 6.0)}, draws=5, seed=1)
    assert err.value.field == "uncertainty.proxy[0]"
    result = monte_carlo(table, 0.0, 1.0, uncertainty={"proxy": Uniform(2.0, 2.0, relative=True)}, draws=5, seed=1)
    assert (result.pv == 22.0).all()
