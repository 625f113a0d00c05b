"""Ranking change between frameworks: competition ranks and Kendall's tau-b, against hand-computed values."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialvalue.compare import compare_bids, competition_ranks, evaluate_comparison, kendall_tau_b
from socialvalue.errors import DuplicateEntryError, ValidationError
from tests.checks import raises_exactly


def test_identical_rankings_give_one() -> None:
    assert kendall_tau_b([1, 2, 3, 4], [1, 2, 3, 4]) == 1.0
    assert kendall_tau_b([10.0, 20.0, 30.0], [1.0, 5.0, 9.0]) == 1.0  # any increasing transform


def test_reversed_rankings_give_minus_one() -> None:
    assert kendall_tau_b([1, 2, 3, 4, 5], [5, 4, 3, 2, 1]) == -1.0


def test_worked_case_with_a_tie() -> None:
    # x = [1, 2, 2, 3], y = [1, 3, 2, 4]. The six pairs:
    #   (0,1) +,+ C   (0,2) +,+ C   (0,3) +,+ C   (1,2) tie in x   (1,3) +,+ C   (2,3) +,+ C
    # C = 5, D = 0, n0 = 6, n1 = 1 (tied in x), n2 = 0: tau_b = 5 / sqrt((6 - 1) * (6 - 0)) = 5 / sqrt(30)
    assert kendall_tau_b([1, 2, 2, 3], [1, 3, 2, 4]) == pytest.approx(5 / math.sqrt(30), abs=1e-15)


def test_worked_case_with_ties_on_both_sides() -> None:
    # x = [1, 1, 2, 3], y = [2, 1, 1, 3]. Pairs: (0,1) x tied; (0,2) +,- D; (0,3) +,+ C; (1,2) y tied;
    # (1,3) +,+ C; (2,3) +,+ C. C = 3, D = 1, n0 = 6, n1 = 1, n2 = 1: tau_b = 2 / sqrt(5 * 5) = 0.4
    assert kendall_tau_b([1, 1, 2, 3], [2, 1, 1, 3]) == pytest.approx(0.4, abs=1e-15)


def test_worked_case_without_ties() -> None:
    # x = [1, 2, 3, 4, 5], y = [3, 1, 2, 5, 4]: discordant pairs (0,1), (0,2), (3,4); 10 pairs: (7 - 3) / 10
    assert kendall_tau_b([1, 2, 3, 4, 5], [3, 1, 2, 5, 4]) == pytest.approx(0.4, abs=1e-15)


def test_undefined_cases() -> None:
    assert kendall_tau_b([1, 1, 1], [1, 2, 3]) is None  # every item tied in x
    assert kendall_tau_b([5], [5]) is None
    assert kendall_tau_b([], []) is None
    with raises_exactly(ValidationError):
        kendall_tau_b([1, 2], [1, 2, 3])
    with raises_exactly(ValidationError):
        kendall_tau_b([1, float("nan")], [1, 2])


def _brute_tau_b(x, y):
    n = len(x)
    c = d = tx = ty = 0
    for i in range(n):
        for j in range(i + 1, n):
            a, b = (x[i] > x[j]) - (x[i] < x[j]), (y[i] > y[j]) - (y[i] < y[j])
            tx += a == 0
            ty += b == 0
            c += a * b > 0
            d += a * b < 0
    n0 = n * (n - 1) // 2
    return None if n0 in (tx, ty) or n0 == 0 else (c - d) / math.sqrt((n0 - tx) * (n0 - ty))


@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4)), max_size=12))
def test_tau_b_matches_the_definition(pairs) -> None:
    x, y = [p[0] for p in pairs], [p[1] for p in pairs]
    expected = _brute_tau_b(x, y)
    got = kendall_tau_b(x, y)
    assert got == expected if expected is None else got == pytest.approx(expected, abs=1e-12)
    if got is not None:
        assert -1.0 <= got <= 1.0
        assert kendall_tau_b(y, x) == pytest.approx(got, abs=1e-12)


def test_competition_ranks() -> None:
    assert competition_ranks([30.0, 10.0, 20.0]) == [1, 3, 2]
    assert competition_ranks([5.0, 7.0, 5.0, 1.0]) == [2, 1, 2, 4]


# --------------------------------------------------------------------------- three suppliers


BIDS = [
    # gross jobs value wins under TOMs; SROI reduces jobs by deadweight and displacement
    {"supplier": "Alpha Ltd", "facts": [{"fact": "local-jobs", "quantity": 10, "unit": "FTE"}]},
    # fewer jobs, but collisions avoided: only SROI can value them (no TOMs counterpart)
    {"supplier": "Beta Construction", "facts": [{"fact": "local-jobs", "quantity": 9, "unit": "FTE"},
                                                {"fact": "slight-collisions-avoided", "quantity": 5,
                                                 "unit": "collision"}]},
    {"supplier": "Gamma Services", "facts": [{"fact": "volunteering", "quantity": 100, "unit": "hour"}]},
]


def test_rank_change_table_on_three_suppliers() -> None:
    result = compare_bids(BIDS, ["toms", "sroi"], price_year=2024, contract_value=1_000_000)
    rk = result.ranking
    assert rk.suppliers == ("Alpha Ltd", "Beta Construction", "Gamma Services")
    assert rk.ranks == ((1, 2, 3), (2, 1, 3))  # toms, sroi
    # pairs: (A,B) discordant, (A,G) concordant, (B,G) concordant: (2 - 1) / 3
    assert rk.taus == (("toms", "sroi", pytest.approx(1 / 3, abs=1e-15)),)
    assert [c["supplier"] for c in rk.changes()] == ["Alpha Ltd", "Beta Construction"]
    assert rk.changes()[0]["ranks"] == {"toms": 1, "sroi": 2}
    assert rk.values[0][0] == 10 * 37430  # toms value of Alpha: 10 FTE-years at the ASHE median
    # every bid's decomposition is exact, and the ranking uses the same totals
    for k, s in enumerate(result.subjects):
        d = s.decompositions[0]
        assert math.fsum(d.total.parts.values()) == d.total.difference
        assert (s.totals[0], s.totals[1]) == (rk.values[0][k], rk.values[1][k])
    beta = result.decomposition("sroi", subject="Beta Construction").total.parts
    assert beta["no counterpart"] > 0
    data = json.loads(result.to_json())
    assert data["ranking"]["kendall_tau_b"][0]["tau_b"] == pytest.approx(1 / 3)
    assert data["ranking"]["rank_changes"][1]["supplier"] == "Beta Construction"
    text = result.to_text()
    assert "Ranking of bids" in text and "toms vs sroi: 0.333" in text
    assert "Kendall" in result.to_html() and "Kendall" in result.to_markdown()


def test_ranks_frame() -> None:
    pytest.importorskip("pandas")
    result = compare_bids(BIDS, ["toms", "sroi"], price_year=2024)
    frame = result.to_frame("ranks")
    assert list(frame.columns) == ["subject", "view", "value", "rank"]
    assert frame[(frame.subject == "Beta Construction") & (frame.view == "sroi")]["rank"].iloc[0] == 1


def test_bids_document_and_errors() -> None:
    doc = {"kind": "comparison", "name": "Tender", "price_year": 2024, "first_year": 2026, "contract_value": 1e6,
           "bids": BIDS, "views": ["toms", "sroi", {"framework": "sroi", "label": "sroi pv0",
                                                     "discount_start": "year-0"}], "pairs": "all"}
    result = evaluate_comparison(doc)
    assert len(result.ranking.taus) == 3 and result.bids
    with raises_exactly(ValidationError) as info:
        compare_bids(BIDS[:1], ["toms", "sroi"], price_year=2024)
    assert info.value.field == "bids"
    with raises_exactly(DuplicateEntryError) as info:
        compare_bids([BIDS[0], {**BIDS[1], "supplier": "alpha ltd"}], ["toms", "sroi"], price_year=2024)
    assert info.value.field == "bids[1].supplier"
    with raises_exactly(ValidationError) as info:
        compare_bids([BIDS[0], {**BIDS[1], "price_year": 2023}], ["toms", "sroi"], price_year=2024)
    assert info.value.field == "bids[1].price_year"
    with raises_exactly(ValidationError) as info:
        compare_bids(BIDS, ["toms", "sroi"])
    assert info.value.field == "bids[0].price_year"
