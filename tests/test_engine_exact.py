"""Correctly rounded, order-independent sums (socialvalue.engine.exact)."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from socialvalue.engine import (
    ExactAccumulator,
    exact_group_sums,
    exact_partials,
    exact_row_sums,
    exact_sum,
)
from socialvalue.engine import exact as exact_module
from socialvalue.errors import EngineInputError, SocialValueError
from tests.checks import raises_exactly
from tests.strategies import float_arrays


def _bits(x: float) -> bytes:
    return np.float64(x).tobytes()


def _fsum(x: np.ndarray) -> float:
    return math.fsum(x.tolist()) + 0.0


@given(float_arrays())
@settings(max_examples=300)
def test_exact_sum_equals_fsum(x: np.ndarray) -> None:
    try:
        ref = _fsum(x)
    except OverflowError:
        with raises_exactly(EngineInputError):
            exact_sum(x)
        return
    if not math.isfinite(ref):
        with raises_exactly(EngineInputError):
            exact_sum(x)
        return
    assert exact_sum(x) == ref


@given(float_arrays(max_size=40), st.randoms(use_true_random=False))
@settings(max_examples=200)
def test_exact_sum_permutation_gives_identical_bits(x: np.ndarray, rnd: object) -> None:
    try:
        first = exact_sum(x)
    except EngineInputError:
        return
    order = list(range(x.size))
    rnd.shuffle(order)  # type: ignore[attr-defined]
    assert _bits(exact_sum(x[np.array(order, dtype=np.intp)])) == _bits(first)


def test_exact_sum_classic_cases() -> None:
    assert exact_sum([1e16, 1.0, -1e16]) == 1.0
    assert exact_sum([0.1] * 10) == math.fsum([0.1] * 10)
    assert exact_sum([1.0, 2.0**-53, 2.0**-106]) == 1.0 + 2.0**-52  # just above the tie: rounds up
    assert exact_sum([1.0, 2.0**-53]) == 1.0  # exact tie: round half to even
    assert exact_sum([]) == 0.0
    assert _bits(exact_sum([-0.0])) == _bits(0.0)


def test_exact_sum_many_chunks_and_permutations() -> None:
    rng = np.random.default_rng(5)
    x = rng.uniform(0, 1e6, 3 * exact_module.CHUNK + 17) * rng.uniform(0, 1, 3 * exact_module.CHUNK + 17) ** 20
    ref = _fsum(x)
    assert exact_sum(x) == ref
    for _ in range(3):
        assert _bits(exact_sum(rng.permutation(x))) == _bits(ref)


def test_exact_sum_rejects_non_finite() -> None:
    with raises_exactly(EngineInputError) as err:
        exact_sum([1.0, float("nan"), 2.0], name="pv")
    assert err.value.field == "pv[1]"
    assert isinstance(err.value, SocialValueError) and isinstance(err.value, ValueError)
    with raises_exactly(EngineInputError):
        exact_sum([1.7e308, 1.7e308])


def test_accumulator_merge_is_exact() -> None:
    rng = np.random.default_rng(1)
    a, b = rng.uniform(0, 1e5, 1000), rng.uniform(0, 1e5, 700)
    acc_a, acc_b = ExactAccumulator(), ExactAccumulator()
    acc_a.add(a, nonneg=True)
    acc_b.add(b)
    assert acc_a.merge(acc_b, -1.0).result() == _fsum(np.concatenate([a, -b]))
    assert acc_a.merge(acc_b).result() == _fsum(np.concatenate([a, b]))


def test_accumulator_undecided_on_nan() -> None:
    acc = ExactAccumulator()
    acc.add(np.array([1.0, np.nan]))
    assert acc.result() is None


@given(float_arrays(max_size=50), st.integers(1, 5))
@settings(max_examples=150)
def test_group_sums_equal_fsum_per_group(x: np.ndarray, groups: int) -> None:
    codes = (np.arange(x.size) * 7 + 3) % groups
    try:
        got = exact_group_sums(x, codes, groups)
    except EngineInputError:
        return
    for g in range(groups):
        assert got[g] == _fsum(x[codes == g])


def test_group_sums_wide_range_and_validation() -> None:
    x = np.array([1e9, 1e-3, 2e-3, 3.0, 1e-9, 5e8])
    codes = np.array([0, 1, 1, 2, 1, 0])
    assert exact_group_sums(x, codes, 4).tolist() == [1.5e9, math.fsum([1e-3, 2e-3, 1e-9]), 3.0, 0.0]
    with raises_exactly(EngineInputError) as err:
        exact_group_sums(x, np.array([0, 1, 9, 0, 0, 0]), 3)
    assert err.value.field == "codes[2]"


def test_row_sums_equal_fsum() -> None:
    rng = np.random.default_rng(9)
    m = rng.uniform(-1, 1, (50, 300)) * 10.0 ** rng.integers(-12, 12, (50, 300))
    m[3] = 0.0
    m[4, :2] = [1e16, -1e16]
    got = exact_row_sums(m)
    assert [got[i] for i in range(50)] == [_fsum(m[i]) for i in range(50)]


@given(float_arrays(max_size=40))
@settings(max_examples=100)
def test_partials_sum_exactly(x: np.ndarray) -> None:
    if x.size and not np.isfinite(x).all():
        return
    parts = exact_partials(x)
    assert sum(map(Fraction, parts), Fraction(0)) == sum(map(Fraction, x.tolist()), Fraction(0))
