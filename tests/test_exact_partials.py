"""Exact group partials: splitting a sum across partitions never changes the correctly rounded total."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from socialvalue.engine.exact import exact_group_partials, exact_split

values = st.lists(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300), min_size=1,
                  max_size=60)


@given(values, st.data())
def test_partitioned_partials_add_up_to_the_correctly_rounded_group_sums(xs: list[float], data: st.DataObject) -> None:
    x = np.array(xs)
    groups = data.draw(st.integers(1, 4))
    codes = np.array(data.draw(st.lists(st.integers(0, groups - 1), min_size=len(xs), max_size=len(xs))))
    cut = data.draw(st.integers(0, len(xs)))
    order = np.array(data.draw(st.permutations(range(len(xs)))), dtype=np.intp)
    a, b = order[:cut], order[cut:]
    parts = [exact_group_partials(x[i], codes[i], groups) for i in (a, b)]
    for g in range(groups):
        exact = sum((Fraction(v) for v in x[codes == g]), Fraction(0))
        merged = [float(v) for p in parts for v in p[:, g]]
        assert sum((Fraction(v) for v in merged), Fraction(0)) == exact  # the partials are exact
        assert math.fsum(merged) == float(exact)  # and add up to the correctly rounded total


@given(values)
def test_split_rounds_add_up_exactly(xs: list[float]) -> None:
    x = np.array(xs)
    split = exact_split(x)
    if split is None:  # beyond 2**±800: the caller uses exact partials per group
        return
    assert all(q.shape == x.shape for q in split)
    for i in range(x.size):
        assert sum((Fraction(float(q[i])) for q in split), Fraction(0)) == Fraction(float(x[i]))
