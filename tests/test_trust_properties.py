"""Laws the trust issue asks for, as property tests.

* The SROI ratio, the sign of the NPV and the payback period do not depend on the price year
  the figures are expressed in (any year the bundled deflator covers).
* Break-even, on every assumption: a reported setting reaches the target (within the root
  finder's tolerance; for duration, the first whole year on the other side of it); "never"
  means a dense scan of the whole range, made here independently of the search, finds no
  setting that reaches it.
* A duplicate in any keyed list is refused whatever the order of the list and whichever
  spelling of the name (case, spaces, no-break space, full-width letters) comes first.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from socialvalue.engine import ASSUMPTIONS, MAX_YEAR, break_even, compile_outcomes, valuate
from socialvalue.errors import DuplicateEntryError
from socialvalue.frameworks import evaluate
from socialvalue.prices import gdp_deflator

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
DEFLATOR_YEARS = sorted(gdp_deflator().values)

# --------------------------------------------------------------------------- price year

_units = st.sampled_from(["GBP/person/year", "GBP/hour", "GBP/tCO2e", "GBP/person"])
_fractions = st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.9, 1.0])


@st.composite
def impact_maps(draw: st.DrawFn) -> dict[str, Any]:
    outcomes = []
    for i in range(draw(st.integers(1, 4))):
        outcomes.append({
            "id": f"o{i}", "quantity": draw(st.floats(0.5, 1e4)),
            "proxy": {"value": draw(st.floats(1.0, 1e5)), "unit": draw(_units),
                      "price_year": draw(st.sampled_from(DEFLATOR_YEARS)), "source": "property test"},
            "duration": draw(st.integers(1, 8)), "start_year": draw(st.integers(1, 3)),
            "deadweight": draw(_fractions), "attribution": draw(_fractions), "drop_off": draw(_fractions),
            "negative": draw(st.booleans()) if i else False,
        })
    rate = draw(st.sampled_from([None, -0.02, 0.0, 0.035, 0.2]))
    return {"kind": "impact-map", "name": "p", "price_year": draw(st.sampled_from(DEFLATOR_YEARS)),
            "investment": draw(st.floats(100.0, 1e7)), "outcomes": outcomes,
            "discounting": {"schedule": "green-book"} if rate is None else {"schedule": "constant", "rate": rate},
            "conventions": {"discount_start": draw(st.sampled_from(["year-1", "year-0"]))}}


@settings(max_examples=150)
@given(impact_maps(), st.sampled_from(DEFLATOR_YEARS))
def test_ratio_npv_sign_and_payback_do_not_depend_on_the_price_year(doc, year) -> None:
    base = evaluate(doc)
    moved = evaluate(doc, options={"price_year": year})
    b, m = base.valuation, moved.valuation
    assert moved.sroi_ratio == pytest.approx(base.sroi_ratio, rel=1e-9, abs=1e-12)
    assert m.investment == pytest.approx(b.investment * gdp_deflator().values[year]
                                         / gdp_deflator().values[doc["price_year"]], rel=1e-12)
    if abs(b.npv) > 1e-9 * max(b.present_value, b.investment, 1.0):
        assert math.copysign(1.0, m.npv) == math.copysign(1.0, b.npv)
    if b.payback_months is None:
        assert m.payback_months is None
    else:
        assert m.payback_months == pytest.approx(b.payback_months, rel=1e-9)


# --------------------------------------------------------------------------- break-even


@st.composite
def tables(draw: st.DrawFn) -> tuple[Any, float, float, float, str]:
    n = draw(st.integers(1, 4))
    pick = lambda values: [draw(st.sampled_from(values)) for _ in range(n)]  # noqa: E731
    table = compile_outcomes(
        quantity=pick([1.0, 2.0, 5.0]), proxy=pick([100.0, 300.0, 1000.0]), duration=pick([1, 2, 3, 10]),
        start=pick([1, 1, 2]), deadweight=pick([0.0, 0.2, 0.6]), attribution=pick([0.0, 0.3]),
        drop_off=pick([0.0, 0.1, 0.5]), negative=[False] + pick([False, True])[1:],
    )
    rate = draw(st.sampled_from([0.0, 0.035, -0.01]))
    return table, rate, draw(st.floats(50.0, 20_000.0)), draw(st.sampled_from([0.5, 1.0, 2.0])), \
        draw(st.sampled_from(["sroi", "green-book"]))


def _columns(table: Any) -> dict[str, np.ndarray]:
    names = ("quantity", "proxy", "deadweight", "displacement", "attribution", "leakage", "drop_off", "duration",
             "start", "negative")
    return {name: np.array(getattr(table, name)) for name in names}


def _pv(table: Any, rate: float, convention: str, **changes: Any) -> float:
    cols = _columns(table)
    cols.update(changes)
    return valuate(compile_outcomes(**cols), rate, convention=convention).present_value


def _setting_pv(table: Any, rate: float, convention: str, assumption: str, x: float) -> float:
    cols = _columns(table)
    if assumption in ("proxy", "quantity"):
        return _pv(table, rate, convention, **{assumption: cols[assumption] * x})
    if assumption == "discount_rate":
        return _pv(table, x, convention)
    if assumption == "duration":
        cap = MAX_YEAR - cols["start"] + 1
        return _pv(table, rate, convention, duration=np.clip(cols["duration"] + int(x), 1, cap))
    return _pv(table, rate, convention, **{assumption: np.clip(cols[assumption] + x, 0.0, 1.0)})


def _duration_pvs(table: Any, rate: float, convention: str, shifts: np.ndarray) -> np.ndarray:
    """Net PV for every whole-year shift of every duration, by the textbook formula written out here
    (independently of the engine): sum over outcomes and years of impact x (1 - drop-off)^m x DF."""
    c = _columns(table)
    impact = (c["quantity"] * c["proxy"] * (1 - c["deadweight"]) * (1 - c["displacement"]) * (1 - c["attribution"])
              * (1 - c["leakage"]))
    sign = np.where(c["negative"], -1.0, 1.0)
    m = np.arange(MAX_YEAR)
    offset = 0 if convention == "sroi" else 1
    periods = np.maximum(c["start"][:, None] + m[None, :] - offset, 0)
    terms = (1 - c["drop_off"][:, None]) ** m[None, :] / (1 + rate) ** periods
    cumulative = np.cumsum(terms, axis=1)  # cumulative[i, d - 1]: the first d years of outcome i
    cap = MAX_YEAR - c["start"] + 1
    years = np.clip(c["duration"][None, :] + shifts[:, None], 1, cap[None, :])
    return (sign * impact * cumulative[np.arange(len(impact))[None, :], years - 1]).sum(axis=1)


def _scan(assumption: str, table: Any) -> list[float]:
    """Settings this test tries, independently of the search: a 128-interval lattice of the range."""
    if assumption == "discount_rate":
        return [0.99 * i / 128 for i in range(129)]
    return [-1.0 + 2.0 * i / 128 for i in range(129)]


@pytest.mark.slow
@settings(max_examples=60)
@given(tables())
def test_break_even_reaches_the_target_or_nothing_in_the_range_does(case) -> None:
    table, rate, investment, target, convention = case
    base_pv = valuate(table, rate, convention=convention).present_value
    target_pv = target * investment
    assume(base_pv != target_pv)
    above = base_pv > target_pv
    rows = break_even(table, rate, investment, target=target, convention=convention)
    assert [r.assumption for r in rows] == list(ASSUMPTIONS)
    for row in rows:
        if row.value is not None:
            pv = _setting_pv(table, rate, convention, row.assumption, row.value)
            if row.assumption == "duration":
                assert pv == target_pv or (pv > target_pv) != above, row
            else:
                assert pv == pytest.approx(target_pv, rel=1e-7, abs=1e-6 * max(1.0, abs(target_pv))), row
            continue
        if row.assumption in ("proxy", "quantity"):
            continue  # closed form: no multiplier >= 0 solves a linear equation
        if row.assumption == "duration":
            shifts = np.arange(1 - int(_columns(table)["duration"].max()), MAX_YEAR)
            pvs = _duration_pvs(table, rate, convention, shifts)
            assert pvs[shifts.tolist().index(0)] == pytest.approx(base_pv, rel=1e-9, abs=1e-9)  # the formula is right
            margin = 1e-9 * max(abs(target_pv), 1.0)  # the formula here is not correctly rounded
            reached = shifts[(pvs > target_pv + margin) if not above else (pvs < target_pv - margin)].tolist()
        else:
            reached = [x for x in _scan(row.assumption, table)
                       if (pv := _setting_pv(table, rate, convention, row.assumption, x)) == target_pv
                       or (pv > target_pv) != above]
        assert reached == [], f"{row.assumption}: reported never, but {reached[:3]} reach the target"


def test_break_even_duration_is_the_nearest_whole_year_in_either_direction() -> None:
    """Worked case (undiscounted): a benefit of 1000 with 50% drop-off and a steady disbenefit of 300,
    both lasting one year, against an investment of 800. Extending both by k years gives
    PV(k) = 1000 x (1 + 0.5 + ... + 0.5^k) - 300 x (k + 1): 700, 900, 850, 675, 487.5, ... so the ratio
    reaches 1 at k = +1 and never again; no shortening is possible (already one year)."""
    table = compile_outcomes(quantity=[1.0, 1.0], proxy=[1000.0, 300.0], duration=[1, 1], drop_off=[0.5, 0.0],
                             negative=[False, True])
    duration = next(r for r in break_even(table, 0.0, 800.0) if r.assumption == "duration")
    assert duration.value == 1.0 and duration.ratio == 900.0 / 800.0
    later = next(r for r in break_even(table, 0.0, 800.0, target=1.2) if r.assumption == "duration")
    assert later.value is None and "below" in later.reason  # 900 is the most it ever reaches: ratio 1.125


# --------------------------------------------------------------------------- duplicates


_SPELLINGS = st.sampled_from([str.lower, str.upper, lambda s: s.replace(" ", "\u00a0"),
                              lambda s: s.replace(" ", "  "), lambda s: "\uff21" + s[1:] if s[:1] == "A" else s])


def _with_twin(items: list[Any], index: int, twin: Any, position: int) -> list[Any]:
    out = list(items)
    out.insert(position, twin)
    return out


@settings(max_examples=40)
@given(st.permutations(range(3)), st.integers(0, 3), _SPELLINGS)
def test_duplicate_suppliers_are_refused_in_any_order(order, position, spell) -> None:
    doc = yaml.safe_load((EXAMPLES / "tender-highways.yaml").read_text(encoding="utf-8"))
    bids = [doc["bids"][i] for i in order]
    twin = {**bids[0], "supplier": spell("Alpha Ltd") if bids[0]["supplier"] == "Alpha Ltd" else
            spell(bids[0]["supplier"])}
    doc["bids"] = _with_twin(bids, 0, twin, position)
    with pytest.raises(DuplicateEntryError):
        evaluate(doc, options={"base_dir": str(EXAMPLES)})


@settings(max_examples=30)
@given(st.permutations(range(4)), st.integers(0, 4))
def test_a_repeated_commitment_is_refused_in_any_order(order, position) -> None:
    doc = yaml.safe_load((EXAMPLES / "tender-highways.yaml").read_text(encoding="utf-8"))
    commitments = [doc["bids"][0]["commitments"][i] for i in order]
    doc["bids"][0]["commitments"] = _with_twin(commitments, 0, dict(commitments[0]), position)
    with pytest.raises(DuplicateEntryError):
        evaluate(doc, options={"base_dir": str(EXAMPLES)})


@settings(max_examples=30)
@given(st.randoms(use_true_random=False), st.integers(0, 7))
def test_a_repeated_delivery_is_refused_in_any_order(rnd, pick) -> None:
    doc = yaml.safe_load((EXAMPLES / "monitoring-highways.yaml").read_text(encoding="utf-8"))
    deliveries = doc["deliveries"]
    assert deliveries
    deliveries.append(dict(deliveries[pick % len(deliveries)]))
    rnd.shuffle(deliveries)
    with pytest.raises(DuplicateEntryError):
        evaluate(doc, options={"base_dir": str(EXAMPLES)})


@settings(max_examples=30)
@given(st.randoms(use_true_random=False), _SPELLINGS)
def test_repeated_lm3_recipients_and_outcome_ids_are_refused_in_any_order(rnd, spell) -> None:
    lm3 = yaml.safe_load((EXAMPLES / "lm3-council-catering.yaml").read_text(encoding="utf-8"))
    lines = lm3["spend"]
    assert lines
    lines.append({**lines[0], "recipient": spell(lines[0]["recipient"])})
    rnd.shuffle(lines)
    with pytest.raises(DuplicateEntryError):
        evaluate(lm3)
    sroi = yaml.safe_load((EXAMPLES / "employment-programme.yaml").read_text(encoding="utf-8"))
    outcomes = sroi["outcomes"]
    outcomes.append({**outcomes[0], "id": spell(outcomes[0]["id"])})
    rnd.shuffle(outcomes)
    with pytest.raises(DuplicateEntryError):
        evaluate(sroi, options={"base_dir": str(EXAMPLES)})
