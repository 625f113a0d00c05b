"""Valuation properties (socialvalue.engine.valuate): linearity, monotonicity, discounting,
conventions, exact and order-independent totals, breakdowns."""

from __future__ import annotations

import itertools
import json
import math
from typing import Any

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from socialvalue.engine import FRACTIONS, STAGES, ExactAccumulator, as_schedule, compile_outcomes, valuate
from socialvalue.engine import exact as exact_module
from socialvalue.errors import EngineInputError
from socialvalue.prices import DiscountSchedule, discount_schedule
from tests.checks import raises_exactly
from tests.published import annuity, discount_factors, green_book_bands
from tests.strategies import RATES_OUTSIDE, engine_columns, kinked_schedules, rates

REL = 1e-12


def _close(a: float, b: float, rel: float = REL, abs_: float = 1e-9) -> bool:
    return math.isclose(a, b, rel_tol=rel, abs_tol=abs_)


def reference(cols: dict[str, Any], factors: list[float], offset: int) -> tuple[list[float], float]:
    """Per-outcome PV by the definition (a year-by-year loop over Python floats)."""
    n = len(cols["quantity"])
    out = []
    for i in range(n):
        def get(name: str, default: float = 0.0, i: int = i) -> float:
            return float(cols[name][i]) if name in cols else default

        impact = get("quantity") * get("proxy")
        for name in ("deadweight", "displacement", "attribution", "leakage"):
            impact *= 1.0 - get(name)
        start, dur = int(get("start", 1)), int(get("duration"))
        terms = [impact * (1.0 - get("drop_off")) ** (t - start) * factors[t - offset]
                 for t in range(start, start + dur)]
        value = math.fsum(terms)
        negative = bool(cols["negative"][i]) if "negative" in cols else False
        out.append(-value if negative else value)
    return out, math.fsum(out)


@given(engine_columns(negatives=True), rates, st.sampled_from(["sroi", "green-book"]))
@settings(max_examples=120)
def test_matches_year_by_year_definition(cols: dict[str, Any], rate: float, convention: str) -> None:
    table = compile_outcomes(**cols)
    val = valuate(table, rate, convention=convention)
    factors = discount_factors((1,), (rate,), table.max_year)  # (1 + rate)**-t, computed here
    per, total = reference(cols, factors, 1 if convention == "green-book" else 0)
    scale = max([abs(v) for v in per] + [1e-300])
    for got, want in zip(val.pv_by_outcome.tolist(), per, strict=True):
        assert math.isclose(got, want, rel_tol=1e-11, abs_tol=1e-11 * scale)
    assert math.isclose(val.present_value, total, rel_tol=1e-11, abs_tol=1e-11 * scale * len(per))


@given(engine_columns(), rates, kinked_schedules(), st.sampled_from(["sroi", "green-book"]))
@settings(max_examples=80)
def test_kinked_schedule_matches_band_by_band_factors(cols: dict[str, Any], _rate: float,
                                                       bands: tuple[tuple[int, ...], tuple[float, ...]],
                                                       convention: str) -> None:
    schedule = DiscountSchedule(name="test", band_starts=bands[0], band_rates=bands[1])
    table = compile_outcomes(**cols)
    val = valuate(table, schedule, convention=convention)
    factors = discount_factors(bands[0], bands[1], table.max_year)  # compounded band by band, here
    # the engine's table and prices.DiscountSchedule's agree bit for bit, and with the hand-made one
    assert as_schedule(schedule).factors(table.max_year).tolist() == schedule.factors(table.max_year)
    for got, want in zip(schedule.factors(table.max_year), factors, strict=True):
        assert math.isclose(got, want, rel_tol=1e-13)
    per, _ = reference(cols, factors, 1 if convention == "green-book" else 0)
    scale = max([abs(v) for v in per] + [1e-300])
    for got, want in zip(val.pv_by_outcome.tolist(), per, strict=True):
        assert math.isclose(got, want, rel_tol=1e-11, abs_tol=1e-11 * scale)


def test_green_book_schedule_long_stream() -> None:
    gb = discount_schedule("green-book")
    factors = discount_factors(*green_book_bands(), 400)  # bands read from stpr_schedule.csv here
    table = compile_outcomes(quantity=[1.0, 2.0], proxy=[1.0, 3.0], duration=[300, 120], start=[1, 60],
                             drop_off=[0.0, 0.01])
    for convention, offset in (("sroi", 0), ("green-book", 1)):
        val = valuate(table, gb, convention=convention)
        want = math.fsum(factors[t - offset] for t in range(1, 301))
        want += math.fsum(6.0 * 0.99 ** (t - 60) * factors[t - offset] for t in range(60, 180))
        assert _close(val.present_value, want)


@given(st.integers(1, 200), st.one_of(st.floats(-0.5, -0.0001), st.floats(0.0001, 0.99)))
@settings(max_examples=100)
def test_constant_stream_equals_annuity_formula(n: int, rate: float) -> None:
    table = compile_outcomes(quantity=[1.0], proxy=[1.0], duration=[n])
    assert _close(valuate(table, rate).present_value, (1.0 - (1.0 + rate) ** -n) / rate)
    assert _close(valuate(table, rate, convention="green-book").present_value,
                  (1.0 + rate) * (1.0 - (1.0 + rate) ** -n) / rate)


def test_no_discount_no_drop_off_counts_years_exactly() -> None:
    table = compile_outcomes(quantity=[3.0], proxy=[7.0], duration=[12])
    assert valuate(table, 0.0).present_value == 252.0
    tiny = compile_outcomes(quantity=[1.0], proxy=[1.0], duration=[10], drop_off=[1e-12])
    value = valuate(tiny, 1e-12).present_value  # g within 2e-12 of 1: still accurate
    assert _close(value, math.fsum((1 - 1e-12) ** t / (1 + 1e-12) ** (t + 1) for t in range(10)), rel=1e-14)


@given(engine_columns(negatives=True), rates, st.sampled_from([0.5, 2.0, 4.0]))
@settings(max_examples=60)
def test_linear_in_quantity_and_proxy(cols: dict[str, Any], rate: float, k: float) -> None:
    base = valuate(compile_outcomes(**cols), rate)
    for name in ("quantity", "proxy"):
        scaled = valuate(compile_outcomes(**{**cols, name: cols[name] * k}), rate)
        assert scaled.present_value == k * base.present_value  # powers of two scale exactly
        assert scaled.annual_impact == k * base.annual_impact
    scaled = valuate(compile_outcomes(**{**cols, "quantity": cols["quantity"] * 1.37}), rate)
    assert math.isclose(scaled.benefits, 1.37 * base.benefits, rel_tol=1e-13)


@given(engine_columns(), rates, st.sampled_from(FRACTIONS), st.floats(0.0, 1.0), st.integers(0, 11))
@settings(max_examples=150)
def test_monotone_in_each_adjustment(cols: dict[str, Any], rate: float, name: str, bump: float, row: int) -> None:
    before = valuate(compile_outcomes(**cols), rate).present_value
    values = np.array(cols.get(name, np.zeros(len(cols["quantity"]))), dtype=float)
    everyone = np.minimum(values + bump, 1.0)
    after_all = valuate(compile_outcomes(**{**cols, name: everyone}), rate).present_value
    assert after_all <= before * (1 + 1e-12) + 1e-300
    one = values.copy()
    one[row % len(one)] = min(one[row % len(one)] + bump, 1.0)
    after_one = valuate(compile_outcomes(**{**cols, name: one}), rate).present_value
    assert after_one <= before * (1 + 1e-12) + 1e-300


@given(engine_columns(), rates, rates, st.sampled_from(["sroi", "green-book"]))
@settings(max_examples=80)
def test_monotone_in_discount_rate(cols: dict[str, Any], r1: float, r2: float, convention: str) -> None:
    low, high = sorted((r1, r2))
    table = compile_outcomes(**cols)
    assert valuate(table, high, convention=convention).present_value <= \
        valuate(table, low, convention=convention).present_value * (1 + 1e-12) + 1e-300


@pytest.mark.parametrize("name", ["deadweight", "displacement", "attribution", "leakage"])
def test_zero_when_an_adjustment_is_one(name: str) -> None:
    cols = {"quantity": [10.0, 3.0], "proxy": [1000.0, 50.0], "duration": [3, 5], "drop_off": 0.1, name: 1.0}
    val = valuate(compile_outcomes(**cols), 0.035, 100.0)  # type: ignore[arg-type]
    assert val.present_value == 0.0 and val.annual_impact == 0.0 and val.payback_months is None


def test_negative_constant_rate_by_hand() -> None:
    # impact = 10 x 100 x (1 - 0.1) = 900 a year, drop-off 20%, 3 years, rate -10% (DF(t) = 0.9**-t).
    table = compile_outcomes(quantity=[10.0], proxy=[100.0], deadweight=[0.1], drop_off=[0.2], duration=[3])
    sroi = 900 / 0.9 + 900 * 0.8 / 0.9**2 + 900 * 0.64 / 0.9**3  # 1000 + 888.89 + 790.12 = 2679.01
    green_book = 900 + 900 * 0.8 / 0.9 + 900 * 0.64 / 0.9**2  # 900 + 800 + 711.11 = 2411.11
    assert math.isclose(valuate(table, -0.1).present_value, sroi, rel_tol=1e-13)
    assert math.isclose(valuate(table, -0.1, convention="green-book").present_value, green_book, rel_tol=1e-13)
    assert round(sroi, 2) == 2679.01 and round(green_book, 2) == 2411.11
    # no drop-off: each year is worth more than the one before
    flat = compile_outcomes(quantity=[1.0], proxy=[100.0], duration=[4])
    assert math.isclose(valuate(flat, -0.2).present_value, 100 / 0.8 + 100 / 0.8**2 + 100 / 0.8**3 + 100 / 0.8**4,
                        rel_tol=1e-13)
    # drop-off equal to the (negative) rate's growth: g = (1 - 0.5) / (1 - 0.5) = 1, every year worth DF(1)
    even = compile_outcomes(quantity=[1.0], proxy=[100.0], duration=[5], drop_off=[0.5])
    assert math.isclose(valuate(even, -0.5).present_value, 5 * 200.0, rel_tol=1e-13)


@given(engine_columns(negatives=True, max_size=6), st.floats(-0.5, -1e-9), st.sampled_from(["sroi", "green-book"]))
@settings(max_examples=60)
def test_negative_rates_match_exact_rational_arithmetic(cols: dict[str, Any], rate: float, convention: str) -> None:
    val = valuate(compile_outcomes(**cols), rate, convention=convention)
    offset = 1 if convention == "green-book" else 0
    n = len(cols["quantity"])
    for i, got in enumerate(val.pv_by_outcome.tolist()):
        impact = float(cols["quantity"][i]) * float(cols["proxy"][i])
        for name in ("deadweight", "displacement", "attribution", "leakage"):
            impact *= 1.0 - (float(cols[name][i]) if name in cols else 0.0)
        start = int(cols["start"][i]) if "start" in cols else 1
        want = impact * annuity(rate, float(cols["drop_off"][i]), int(cols["duration"][i]), start=start, offset=offset)
        want = -want if "negative" in cols and cols["negative"][i] else want
        assert math.isclose(got, want, rel_tol=1e-11, abs_tol=1e-300), (i, n, got, want)


@pytest.mark.parametrize("rate", [-0.999999, -0.5, -5e-324, 0.0, 5e-324, 0.5, 0.99, math.nextafter(1.0, 0.0)])
def test_every_rate_in_the_open_interval_is_accepted(rate: float) -> None:
    table = compile_outcomes(quantity=[1.0], proxy=[100.0], duration=[1])
    assert math.isclose(valuate(table, rate).present_value, 100.0 / (1.0 + rate), rel_tol=1e-15)
    assert math.isclose(valuate(table, rate, convention="green-book").present_value, 100.0, rel_tol=1e-15)


@pytest.mark.parametrize("rate", RATES_OUTSIDE)
def test_rates_at_or_beyond_the_bounds_are_refused(rate: float) -> None:
    table = compile_outcomes(quantity=[1.0], proxy=[100.0], duration=[1])
    with raises_exactly(EngineInputError) as err:
        valuate(table, rate)
    assert err.value.field == "discount"
    with raises_exactly(EngineInputError) as err:
        valuate(table, ((1, 5), (0.035, rate)))
    assert err.value.field == "discount.band_rates[1]"


def test_full_drop_off_keeps_the_first_year_only() -> None:
    val = valuate(compile_outcomes(quantity=[1.0], proxy=[100.0], duration=[5], drop_off=[1.0]), 0.05)
    assert _close(val.present_value, 100.0 / 1.05)


@given(engine_columns(negatives=True, max_size=10), rates, st.randoms(use_true_random=False),
       st.sampled_from(["sroi", "green-book"]))
@settings(max_examples=100)
def test_permuting_outcomes_gives_identical_bits(cols: dict[str, Any], rate: float, rnd: Any,
                                                 convention: str) -> None:
    n = len(cols["quantity"])
    codes = np.arange(n) % 3
    table = compile_outcomes(**cols, groups={"g": codes})
    order = list(range(n))
    rnd.shuffle(order)
    idx = np.array(order, dtype=np.intp)
    shuffled = compile_outcomes(**{k: v[idx] for k, v in cols.items()}, groups={"g": codes[idx]})
    a, b = valuate(table, rate, 1000.0, convention=convention), valuate(shuffled, rate, 1000.0,
                                                                          convention=convention)
    for name in ("present_value", "benefits", "disbenefits", "annual_impact", "npv", "sroi_ratio"):
        assert np.float64(getattr(a, name)).tobytes() == np.float64(getattr(b, name)).tobytes(), name
    assert a.pv_by_outcome[idx].tobytes() == b.pv_by_outcome.tobytes()
    assert a.pv_by_year.tobytes() == b.pv_by_year.tobytes()
    assert [r["total"] for r in a.reductions] == [r["total"] for r in b.reductions]
    assert a.pv_by_group("g") == b.pv_by_group("g")
    assert json.dumps(a.to_dict(outcomes=False)) == json.dumps(b.to_dict(outcomes=False))


def test_same_inputs_same_json_bytes() -> None:
    rng = np.random.default_rng(3)
    cols = {"quantity": rng.uniform(0, 100, 500), "proxy": rng.uniform(0, 1e4, 500),
            "deadweight": rng.uniform(0, 1, 500), "drop_off": rng.uniform(0, 1, 500),
            "duration": rng.integers(1, 20, 500), "negative": rng.uniform(0, 1, 500) < 0.2}
    first = json.dumps(valuate(compile_outcomes(**cols), 0.035, 1e5).to_dict())
    assert json.dumps(valuate(compile_outcomes(**cols), 0.035, 1e5).to_dict()) == first


def test_totals_are_exact_sums_of_outcomes() -> None:
    rng = np.random.default_rng(11)
    n = 70_000  # several chunks
    cols = {"quantity": rng.uniform(0, 100, n), "proxy": rng.uniform(0, 1e4, n) ** 2,
            "attribution": rng.uniform(0, 1, n), "drop_off": rng.uniform(0, 0.5, n),
            "duration": rng.integers(1, 12, n), "start": rng.integers(1, 3, n), "negative": rng.uniform(0, 1, n) < 0.3}
    val = valuate(compile_outcomes(**cols), discount_schedule("green-book"), 1e6)
    pv = val.pv_by_outcome.tolist()
    assert val.present_value == math.fsum(pv)
    assert val.benefits == math.fsum(v for v, neg in zip(pv, cols["negative"], strict=True) if not neg)
    assert val.disbenefits == math.fsum(-v for v, neg in zip(pv, cols["negative"], strict=True) if neg)
    assert val.pv_by_year.tolist() == [math.fsum(col) for col in val.streams().T.tolist()]


def test_fallback_path_gives_the_same_totals(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(2)
    cols = {"quantity": rng.uniform(0, 10, 3000), "proxy": rng.uniform(0, 100, 3000),
            "duration": rng.integers(1, 6, 3000), "negative": rng.uniform(0, 1, 3000) < 0.5}
    fast = valuate(compile_outcomes(**cols), 0.035, 100.0)
    monkeypatch.setattr(ExactAccumulator, "result", lambda self: None)
    slow = valuate(compile_outcomes(**cols), 0.035, 100.0)
    assert json.dumps(fast.to_dict()) == json.dumps(slow.to_dict())


def test_disbenefits_are_netted_and_reported_positive() -> None:
    table = compile_outcomes(quantity=[10.0, 2.0], proxy=[100.0, 150.0], duration=[1, 1], negative=[False, True])
    val = valuate(table, 0.0, 100.0, convention="green-book")
    assert (val.benefits, val.disbenefits, val.present_value) == (1000.0, 300.0, 700.0)
    assert val.pv_by_outcome.tolist() == [1000.0, -300.0]
    assert val.annual_impact == 700.0 and val.payback_months == 100.0 / (700.0 / 12.0)
    assert val.reductions[0] == {"stage": "gross", "total": 700.0, "reduction": 0.0}


def test_ratio_undefined_without_investment_and_payback_never() -> None:
    table = compile_outcomes(quantity=[1.0], proxy=[100.0], duration=[2], negative=[True])
    val = valuate(table, 0.035, 0.0)
    assert val.sroi_ratio is None and val.net_sroi is None and val.payback_months is None
    assert val.npv == val.present_value < 0
    assert valuate(compile_outcomes(quantity=[1.0], proxy=[12.0], duration=[1]), 0.0, 0.0).payback_months == 0.0


def test_reductions_waterfall() -> None:
    table = compile_outcomes(quantity=[10.0], proxy=[1000.0], deadweight=[0.2], displacement=[0.1],
                             attribution=[0.25], leakage=[0.05], drop_off=[0.1], duration=[3])
    val = valuate(table, 0.035, 5000.0)
    rows = val.reductions
    assert [r["stage"] for r in rows] == list(STAGES)
    totals = [r["total"] for r in rows]
    assert totals[0] == 30000.0
    # gross 10 x 1000 x 3 years; then x 0.8, x 0.9, x 0.75, x 0.95; drop-off 10% a year; then 3.5% discounting
    expected = [30000.0, 24000.0, 21600.0, 16200.0, 15390.0, 5130.0 * (1 + 0.9 + 0.81),
                5130.0 * (1 / 1.035 + 0.9 / 1.035**2 + 0.81 / 1.035**3)]
    for got, want in zip(totals, expected, strict=True):
        assert _close(got, want)
    assert totals[-1] == val.present_value
    for prev, row in zip(totals[:-1], rows[1:], strict=True):
        assert row["reduction"] == prev - row["total"]
    assert all(a >= b for a, b in itertools.pairwise(totals))


def test_start_year_shifts_the_stream() -> None:
    later = compile_outcomes(quantity=[1.0], proxy=[100.0], duration=[3], start=[3])
    now = compile_outcomes(quantity=[1.0], proxy=[100.0], duration=[3])
    v_later, v_now = valuate(later, 0.05), valuate(now, 0.05)
    assert _close(v_later.present_value, v_now.present_value / 1.05**2)
    assert v_later.pv_by_year[:2].tolist() == [0.0, 0.0]
    assert v_now.annual_impact == 100.0 and v_later.annual_impact == 0.0  # year 1 holds nothing of it
    assert v_later.payback_months is None


def test_yearly_proxy_uses_each_years_value() -> None:
    series = [50.0, 60.0, 70.0, 80.0]
    table = compile_outcomes(quantity=[2.0, 1.0], proxy=[0.0, 10.0], duration=[3, 1], start=[2, 1],
                             drop_off=[0.1, 0.0], attribution=[0.5, 0.0], yearly_proxy={0: series})
    for convention, offset in (("sroi", 0), ("green-book", 1)):
        val = valuate(table, 0.04, convention=convention)
        df = [1.0, 1 / 1.04, 1 / 1.04**2, 1 / 1.04**3, 1 / 1.04**4]
        want0 = math.fsum(2.0 * series[t - 1] * 0.5 * 0.9 ** (t - 2) * df[t - offset] for t in (2, 3, 4))
        assert _close(float(val.pv_by_outcome[0]), want0)
        assert _close(val.present_value, want0 + 10.0 * df[1 - offset])
        assert val.annual_impact == 10.0  # row 0 starts in year 2: only row 1 is impact of year 1
        streams = val.streams()
        assert streams.shape == (2, 4)
        assert _close(math.fsum(streams[0]), want0)
        gross = val.reductions[0]["total"]
        assert gross == 2.0 * (60.0 + 70.0 + 80.0) + 10.0
        assert val.pv_by_year.tolist() == [math.fsum(c) for c in streams.T.tolist()]


def test_streams_for_a_subset_and_undiscounted() -> None:
    table = compile_outcomes(quantity=[1.0, 2.0], proxy=[10.0, 10.0], duration=[2, 3], drop_off=[0.5, 0.0])
    val = valuate(table, 0.1)
    assert val.streams(rows=[1], discounted=False).tolist() == [[20.0, 20.0, 20.0]]
    assert val.streams(discounted=False)[0].tolist() == [10.0, 5.0, 0.0]
    with raises_exactly(EngineInputError):
        val.streams(rows=[5])
    with raises_exactly(EngineInputError):
        val.streams(max_cells=1)


def test_synthetic_convention_check() -> None:
    table = compile_outcomes(quantity=[10.0], proxy=[1000.0], deadweight=[0.2], attribution=[0.25],
                             drop_off=[0.1], duration=[3])
    sroi, gb = valuate(table, 0.035, 5000.0), valuate(table, 0.035, 5000.0, convention="green-book")
    assert round(sroi.present_value, 2) == 15221.50 and round(gb.present_value, 2) == 15754.25
    assert round(sroi.sroi_ratio, 4) == 3.0443 and round(sroi.net_sroi, 4) == 2.0443
    assert math.isclose(sroi.payback_months, 10.0, rel_tol=1e-12)
    assert repr(sroi).startswith("<Valuation 1 outcomes")


def test_valuation_of_non_table_is_rejected() -> None:
    with raises_exactly(EngineInputError) as err:
        valuate({"quantity": [1.0]}, 0.035)  # type: ignore[arg-type]
    assert err.value.field == "table"


def test_overflowing_values_raise_engine_input_error() -> None:
    table = compile_outcomes(quantity=[1e300, 1.0], proxy=[1e300, 1.0], duration=[1, 1])
    with raises_exactly(EngineInputError) as err:
        valuate(table, 0.0)
    assert err.value.field == "proxy[0]"


@given(engine_columns(max_size=6))
@settings(max_examples=30)
def test_to_dict_is_plain_json(cols: dict[str, Any]) -> None:
    assume(len(cols["quantity"]) > 0)
    data = valuate(compile_outcomes(**cols, groups={"t": ["a"] * len(cols["quantity"])}), 0.035, 10.0).to_dict()
    text = json.dumps(data, allow_nan=False)
    assert json.loads(text)["present_value"] == data["present_value"]
    assert set(data) >= {"present_value", "benefits", "disbenefits", "npv", "sroi_ratio", "net_sroi",
                         "payback_months", "reductions", "pv_by_year", "pv_by_outcome", "pv_by_group"}


def test_chunk_boundaries_do_not_matter(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(4)
    cols = {"quantity": rng.uniform(0, 10, 5000), "proxy": rng.uniform(0, 100, 5000),
            "drop_off": rng.uniform(0, 1, 5000), "duration": rng.integers(1, 9, 5000),
            "start": rng.integers(1, 4, 5000)}
    first = valuate(compile_outcomes(**cols), 0.035, 10.0)
    monkeypatch.setattr(exact_module, "CHUNK", 333)
    second = valuate(compile_outcomes(**cols), 0.035, 10.0)
    assert first.pv_by_outcome.tobytes() == second.pv_by_outcome.tobytes()
    assert json.dumps(first.to_dict()) == json.dumps(second.to_dict())


def test_permutation_with_yearly_proxies_and_kinked_schedule() -> None:
    rng = np.random.default_rng(8)
    n = 40
    cols = {"quantity": rng.uniform(0, 10, n), "proxy": rng.uniform(0, 100, n), "drop_off": rng.uniform(0, 0.3, n),
            "duration": rng.integers(1, 60, n), "start": rng.integers(1, 5, n), "negative": rng.uniform(0, 1, n) < 0.3}
    yearly = {int(i): rng.uniform(10, 500, 70).tolist() for i in rng.choice(n, 6, replace=False)}
    codes = rng.integers(0, 4, n)
    order = rng.permutation(n)
    inverse = np.argsort(order)
    gb = discount_schedule("green-book")
    a = valuate(compile_outcomes(**cols, yearly_proxy=yearly, groups={"g": codes}), gb, 500.0)
    b = valuate(compile_outcomes(**{k: v[order] for k, v in cols.items()}, groups={"g": codes[order]},
                                 yearly_proxy={int(inverse[i]): v for i, v in yearly.items()}), gb, 500.0)
    assert json.dumps(a.to_dict(outcomes=False)) == json.dumps(b.to_dict(outcomes=False))
    assert a.pv_by_outcome[order].tobytes() == b.pv_by_outcome.tobytes()
    assert a.streams()[order].tobytes() == b.streams().tobytes()
