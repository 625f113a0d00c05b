"""TOMs-style tender scoring: worked tenders computed by hand, scoring methods, ranking, properties.

The worked tender uses inline TEST measures whose values are test fixtures, not real proxies,
so that every figure can be checked with pencil and paper.
"""

from __future__ import annotations

import copy
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialvalue.errors import DuplicateEntryError, UnknownNameError, ValidationError
from socialvalue.frameworks.toms import FRAMEWORK, SCORING_METHODS, register_scoring_method
from socialvalue.frameworks.toms.scoring import RankedBid, rank_bids
from tests.checks import raises_exactly

FIXTURE = "test fixture - not a real value"
MEASURES = [
    {"code": "TEST-JOBS", "description": "Test jobs measure", "theme": "jobs", "unit": "FTE",
     "proxy": {"value": 30000, "unit": "GBP/FTE/year", "price_year": 2024, "source": FIXTURE}},
    {"code": "TEST-HOURS", "description": "Test hours measure", "theme": "community", "unit": "hour",
     "proxy": {"value": 20, "unit": "GBP/hour", "price_year": 2024, "source": FIXTURE}},
]


def worked(method: str = "relative", **scoring) -> dict:
    """Three bidders on a £1,000,000, 3-year contract; 20 points, half quantitative."""
    return {
        "kind": "tender", "framework": "toms", "name": "Worked tender",
        "contract": {"value": 1_000_000, "years": 3, "price_year": 2024},
        "measures": copy.deepcopy(MEASURES),
        "scoring": {"method": method, "weight": 20, "quantitative_share": 0.5, "unevidenced_factor": 0.5,
                    **scoring},
        "bids": [
            # A: 2 FTE x 2 years x 30,000 = 120,000; 500 h x 20 = 10,000; SV 130,000 (13%).
            {"supplier": "A", "qualitative": 70, "commitments": [
                {"measure": "TEST-JOBS", "quantity": "2 FTE", "years": 2},
                {"measure": "TEST-HOURS", "quantity": "500 hour"}]},
            # B: 1 FTE in each of 3 years x 30,000 = 90,000; SV 90,000 (9%).
            {"supplier": "B", "qualitative": 90, "commitments": [
                {"measure": "TEST-JOBS", "quantities": [1, 1, 1]}]},
            # C: 1,000 h x 20 = 20,000; 3 FTE x 3 years x 30,000 = 270,000 offered, not evidenced,
            # so x 0.5 = 135,000 adjusted. SV offered 290,000; adjusted 155,000 (15.5%).
            {"supplier": "C", "qualitative": 50, "commitments": [
                {"measure": "TEST-HOURS", "quantity": 1000},
                {"measure": "TEST-JOBS", "quantity": 3, "years": 3, "evidence": False}]},
        ],
    }


def run(doc: dict, source: str = "tender.yaml"):
    return FRAMEWORK.evaluate(doc, source=source)


def by_supplier(result) -> dict:
    return {b.supplier: b for b in result.bids}


def test_worked_tender_relative() -> None:
    bids = by_supplier(run(worked()))
    assert bids["A"].social_value_offered == 130_000 and bids["A"].social_value == 130_000
    assert bids["B"].social_value == 90_000
    assert bids["C"].social_value_offered == 290_000 and bids["C"].social_value_adjusted == 155_000
    assert bids["C"].social_value == 155_000  # scored on the adjusted value by default
    assert bids["A"].sv_percent == pytest.approx(13.0) and bids["C"].sv_percent == pytest.approx(15.5)
    assert bids["C"].sv_percent_offered == pytest.approx(29.0)
    # Relative, best = C (155,000): 10 points x SV / 155,000.
    assert bids["C"].quantitative_score == 10.0
    assert bids["A"].quantitative_score == pytest.approx(10 * 130 / 155)  # 8.3871
    assert bids["B"].quantitative_score == pytest.approx(10 * 90 / 155)  # 5.8065
    # Qualitative: 10 points x mark / 100.
    assert (bids["A"].qualitative_score, bids["B"].qualitative_score, bids["C"].qualitative_score) == \
        pytest.approx((7.0, 9.0, 5.0))
    # Scores: A 15.387, C 15.000, B 14.806.
    assert bids["A"].score == pytest.approx(15.387096774)
    assert [b.supplier for b in run(worked()).bids] == ["A", "C", "B"]
    assert [bids[s].rank for s in "ACB"] == [1, 2, 3]


def test_worked_tender_target_percent() -> None:
    bids = by_supplier(run(worked("target-percent", target_percent=10)))
    # A 13% and C 15.5% reach the 10% target: full 10 points; B 9% gets 10 x 9/10 = 9.
    assert bids["A"].quantitative_score == 10.0 and bids["C"].quantitative_score == 10.0
    assert bids["B"].quantitative_score == pytest.approx(9.0)
    # Scores: B 9 + 9 = 18; A 10 + 7 = 17; C 10 + 5 = 15.
    assert [bids[s].score for s in "BAC"] == pytest.approx([18.0, 17.0, 15.0])
    assert [bids[s].rank for s in "BAC"] == [1, 2, 3]


def test_scoring_on_offered_value() -> None:
    bids = by_supplier(run(worked(basis="offered")))
    # Best offered = C 290,000: A = 10 x 130/290, B = 10 x 90/290.
    assert bids["C"].social_value == 290_000 and bids["C"].quantitative_score == 10.0
    assert bids["A"].quantitative_score == pytest.approx(10 * 130 / 290)
    assert bids["C"].social_value_adjusted == 155_000  # still shown beside it


def test_discounting_phased_values() -> None:
    doc = worked()
    doc["discounting"] = {"schedule": "constant", "rate": 0.1}
    bids = by_supplier(run(doc))
    # A: jobs 60,000 in years 1 and 2; hours 10,000 spread as 3,333.33 a year over 3 years.
    # Year 1 is discounted one period (impact-map convention): DF = 1/1.1, 1/1.21, 1/1.331.
    df = [1 / 1.1, 1 / 1.21, 1 / 1.331]
    expected_a = 60_000 * df[0] + 60_000 * df[1] + 10_000 / 3 * sum(df)
    assert bids["A"].present_value_offered == pytest.approx(expected_a, rel=1e-12)
    assert bids["A"].social_value == pytest.approx(expected_a, rel=1e-12)
    assert bids["A"].social_value_offered == 130_000  # undiscounted value kept beside it
    doc["conventions"] = {"discount_start": "year-0"}  # Green Book: year 1 undiscounted
    a0 = by_supplier(run(doc))["A"]
    assert a0.present_value_offered == pytest.approx(60_000 + 60_000 / 1.1 + 10_000 / 3 * (1 + 1 / 1.1 + 1 / 1.21))


def test_discounted_tender_scores_the_adjusted_present_value() -> None:
    doc = worked()
    doc["discounting"] = {"schedule": "constant", "rate": 0.1}
    bids = by_supplier(run(doc))
    df = 1 / 1.1 + 1 / 1.21 + 1 / 1.331
    # C: 1,000 h x 20 = 20,000 spread over 3 years; 3 FTE x 30,000 = 90,000 a year, unevidenced: x 0.5.
    offered = 20_000 / 3 * df + 90_000 * df
    adjusted = 20_000 / 3 * df + 45_000 * df
    c = bids["C"]
    assert c.present_value_offered == pytest.approx(offered, rel=1e-12)
    assert c.present_value_adjusted == pytest.approx(adjusted, rel=1e-12)
    assert c.social_value == pytest.approx(adjusted, rel=1e-12)  # the basis is "adjusted" by default
    assert c.sv_percent == pytest.approx(100 * adjusted / 1_000_000, rel=1e-12)
    assert c.quantitative_score == 10.0
    a_pv = 60_000 / 1.1 + 60_000 / 1.21 + 10_000 / 3 * df
    assert bids["A"].quantitative_score == pytest.approx(10 * a_pv / adjusted, rel=1e-12)
    doc["scoring"]["basis"] = "offered"
    assert by_supplier(run(doc))["C"].social_value == pytest.approx(offered, rel=1e-12)


@pytest.mark.parametrize(("share", "weight"), [(0.8, 20), (0.0, 20), (1.0, 20), (0.25, 100), (0.5, 5e-324)])
def test_points_split_by_the_quantitative_share(share: float, weight: float) -> None:
    doc = worked(quantitative_share=share, weight=weight)
    if share == 1.0:
        for bid in doc["bids"]:
            bid.pop("qualitative")
    bids = by_supplier(run(doc))
    quantitative, qualitative = weight * share, weight * (1 - share)
    assert bids["C"].quantitative_score == pytest.approx(quantitative, rel=1e-15)  # C has the best SV
    assert bids["A"].quantitative_score == pytest.approx(quantitative * 130 / 155, rel=1e-12)
    if share < 1.0:  # marks A 70, B 90, C 50
        assert bids["A"].qualitative_score == pytest.approx(qualitative * 0.7, rel=1e-12)
        assert bids["B"].qualitative_score == pytest.approx(qualitative * 0.9, rel=1e-12)
    for b in bids.values():
        assert b.score == pytest.approx(b.quantitative_score + b.qualitative_score, rel=1e-15)
        assert b.score <= weight * (1 + 1e-12)


@pytest.mark.parametrize("mark", [0, 100, 0.0, 100.0, 5e-324, math.nextafter(100.0, 0.0)])
def test_qualitative_marks_from_0_to_100_are_accepted(mark: float) -> None:
    doc = worked()
    doc["bids"][0]["qualitative"] = mark
    assert by_supplier(run(doc))["A"].qualitative_score == pytest.approx(10 * mark / 100, rel=1e-15, abs=1e-300)


@pytest.mark.parametrize("mark", [math.nextafter(100.0, 200.0), 100.5, 101, -5e-324, -1])
def test_qualitative_marks_outside_0_to_100_are_refused(mark: float) -> None:
    doc = worked()
    doc["bids"][0]["qualitative"] = mark
    with raises_exactly(ValidationError, match="between 0 and 100") as info:
        run(doc)
    assert info.value.field == "bids[0].qualitative"


@pytest.mark.parametrize(("weight", "ok"), [(100, True), (100.0, True), (5e-324, True), (0.5, True),
                                            (math.nextafter(100.0, 200.0), False), (100.5, False), (0, False),
                                            (-5e-324, False)])
def test_weight_is_points_out_of_100(weight: float, ok: bool) -> None:
    doc = worked(weight=weight)
    if ok:
        assert max(b.quantitative_score for b in run(doc).bids) == pytest.approx(weight * 0.5, rel=1e-15)
        return
    with raises_exactly(ValidationError) as info:
        run(doc)
    assert info.value.field == "scoring.weight"


@pytest.mark.parametrize(("share", "ok"), [(0, True), (1, True), ("100%", True), (math.nextafter(1.0, 2.0), False),
                                           (-5e-324, False), (1.0001, False)])
def test_quantitative_share_bounds(share, ok: bool) -> None:
    doc = worked(quantitative_share=share)
    if ok:
        run(doc)
        return
    with raises_exactly(ValidationError, match="between 0 and 1") as info:
        run(doc)
    assert info.value.field == "scoring.quantitative_share"


def test_tied_bids_share_the_highest_rank() -> None:
    # standard competition ranking: 1, 1, 3 (not 2, 2, 3) and 1, 2, 2 (not 1, 3, 3)
    top = [RankedBid("x", 9.0, 50, 1.0), RankedBid("y", 9.0, 50, 1.0), RankedBid("z", 5.0, 50, 1.0)]
    assert rank_bids(top) == [(1, True), (1, True), (3, False)]
    second = [RankedBid("x", 9.0, 50, 1.0), RankedBid("y", 5.0, 50, 1.0), RankedBid("z", 5.0, 50, 1.0)]
    assert rank_bids(second) == [(1, False), (2, True), (2, True)]
    # equal to 9 decimal places is a tie; a difference in the 8th is not
    assert rank_bids([RankedBid("x", 1.0000000001, 50, 1.0), RankedBid("y", 1.0, 50, 1.0)]) == [(1, True), (1, True)]
    assert rank_bids([RankedBid("x", 1.00000001, 50, 1.0), RankedBid("y", 1.0, 50, 1.0)]) == [(1, False), (2, False)]
    doc = worked()
    for bid in doc["bids"]:  # everyone offers nothing and has the same mark: all share rank 1
        bid["commitments"], bid["qualitative"] = [], 60
    assert [(b.rank, b.tied) for b in run(doc).bids] == [(1, True)] * 3


def test_confidence_discounts_and_both_values_are_shown() -> None:
    doc = worked()
    doc["bids"][0]["commitments"][0]["confidence"] = "75%"
    a = by_supplier(run(doc))["A"]
    jobs = next(c for c in a.commitments if c["measure"] == "TEST-JOBS")
    assert jobs["value_offered"] == 120_000 and jobs["value_adjusted"] == 90_000
    assert jobs["deliverability_factor"] == 0.75
    assert a.social_value_offered == 130_000 and a.social_value_adjusted == 100_000


def test_breakdown_by_measure_and_theme() -> None:
    a = by_supplier(run(worked()))["A"]
    rows = {m["measure"]: m for m in a.by_measure}
    assert rows["TEST-JOBS"]["value_offered"] == 120_000 and rows["TEST-JOBS"]["quantity"] == 4.0  # FTE-years
    assert rows["TEST-HOURS"]["quantity"] == 500.0
    assert {t["theme"]: t["value_offered"] for t in a.by_theme} == {"jobs": 120_000, "community": 10_000}


def test_tie_break_rules() -> None:
    doc = worked()
    # Make A and B equal on score: both offer 90,000 (A: 1.5 FTE x 2 years) and both have mark 70.
    doc["bids"][0]["commitments"] = [{"measure": "TEST-JOBS", "quantity": 1.5, "years": 2}]
    doc["bids"][1]["qualitative"] = 70
    bids = by_supplier(run(doc))
    assert bids["A"].score == bids["B"].score
    assert bids["A"].rank == bids["B"].rank and bids["A"].tied and bids["B"].tied  # still tied: shared rank
    doc["scoring"]["tie_break"] = ["qualitative", "supplier-name"]
    bids = by_supplier(run(doc))
    assert (bids["A"].rank, bids["B"].rank) == (2, 3) and not bids["A"].tied
    # Equal scores: the declared rule decides (higher qualitative mark, or higher social value).
    assert rank_bids([RankedBid("x", 5.0, 10, 2.0), RankedBid("y", 5.0, 90, 1.0)], ["social_value"]) == \
        [(1, False), (2, False)]
    assert rank_bids([RankedBid("x", 5.0, 10, 2.0), RankedBid("y", 5.0, 90, 1.0)], ["qualitative"]) == \
        [(2, False), (1, False)]


def test_no_commitments_scores_zero_not_an_error() -> None:
    doc = worked()
    doc["bids"].append({"supplier": "D", "qualitative": 40, "commitments": []})
    doc["bids"].append({"supplier": "E", "qualitative": 40})
    bids = by_supplier(run(doc))
    for name in "DE":
        assert bids[name].social_value == 0 and bids[name].quantitative_score == 0
        assert bids[name].score == pytest.approx(4.0) and bids[name].by_measure == ()


def test_all_zero_social_value_gives_zero_quantitative_scores() -> None:
    doc = worked()
    for bid in doc["bids"]:
        bid["commitments"] = []
    assert all(b.quantitative_score == 0 for b in run(doc).bids)


def test_qualitative_bands_are_buyer_parameters() -> None:
    doc = worked(qualitative_bands={"poor": 0, "fair": 40, "good": 70, "excellent": 100})
    doc["bids"][1]["qualitative"] = "excellent"
    doc["bids"][2]["qualitative"] = 40
    bids = by_supplier(run(doc))
    assert bids["B"].qualitative_score == 10.0 and bids["C"].qualitative_score == 4.0
    doc["bids"][2]["qualitative"] = 55
    with raises_exactly(ValidationError) as info:
        run(doc)
    assert info.value.field == "bids[2].qualitative" and "bands" in str(info.value)


def test_custom_scoring_method_can_be_registered() -> None:
    def pass_fail(social_values, *, contract_value, max_points, params):
        return [max_points if sv >= params["threshold"] else 0.0 for sv in social_values]

    register_scoring_method("pass-fail-test", pass_fail, description="full marks at or above a threshold",
                            parameters={"threshold": lambda value, field: float(value)}, required=("threshold",),
                            replace=True)
    try:
        bids = by_supplier(run(worked("pass-fail-test", threshold=100_000)))
        assert (bids["A"].quantitative_score, bids["B"].quantitative_score) == (10.0, 0.0)
    finally:
        SCORING_METHODS.pop("pass-fail-test")


@pytest.mark.parametrize(("change", "field", "text", "error"), [
    (lambda d: d["scoring"].update(method="relativ"), "scoring.method", "did you mean 'relative'", UnknownNameError),
    (lambda d: d["scoring"].update(method="target-percent"), "scoring.target_percent", "missing", ValidationError),
    (lambda d: d["scoring"].update(quantitative_share=50), "scoring.quantitative_share", "between 0 and 1",
     ValidationError),
    (lambda d: d["scoring"].update(tie_break="price"), "scoring.tie_break", "unknown tie-break", UnknownNameError),
    (lambda d: d["scoring"].pop("unevidenced_factor"), "bids[2].commitments[1].evidence", "unevidenced_factor",
     ValidationError),
    (lambda d: d["bids"][0].update(qualitative=120), "bids[0].qualitative", "between 0 and 100", ValidationError),
    (lambda d: d["bids"][0].pop("qualitative"), "bids[0].qualitative", "missing", ValidationError),
    (lambda d: d["bids"][1].update(supplier="a"), "bids[1].supplier", "appears twice", DuplicateEntryError),
    (lambda d: d["bids"][0]["commitments"][0].update(years=4), "bids[0].commitments[0].years", "runs 3 years",
     ValidationError),
    (lambda d: d["bids"][0]["commitments"][1].update(years=2), "bids[0].commitments[1].years", "years does not",
     ValidationError),
    (lambda d: d["bids"][1]["commitments"][0].update(quantities=[1, 1, 1, 1]), "bids[1].commitments[0].quantities",
     "contract runs 3 years", ValidationError),
    (lambda d: d["contract"].update(value=0), "contract.value", "greater than 0", ValidationError),
])
def test_bad_tenders_name_source_and_field(change, field, text, error) -> None:
    doc = worked()
    change(doc)
    with raises_exactly(error) as info:
        run(doc, source="my-tender.yaml")
    assert info.value.source == "my-tender.yaml"
    assert info.value.field == field
    assert text in str(info.value)


# --------------------------------------------------------------------------- properties

quantities = st.floats(min_value=0.0, max_value=1e4, allow_nan=False, allow_infinity=False)


@st.composite
def tenders(draw: st.DrawFn) -> dict:
    n = draw(st.integers(1, 5))
    bids = []
    for i in range(n):
        commitments = []
        for measure in draw(st.lists(st.sampled_from(["TEST-JOBS", "TEST-HOURS"]), max_size=2, unique=True)):
            if measure == "TEST-JOBS":
                commitments.append({"measure": "TEST-JOBS", "quantity": draw(quantities),
                                    "years": draw(st.integers(1, 3))})
            else:
                commitments.append({"measure": "TEST-HOURS", "quantity": draw(quantities)})
        bids.append({"supplier": f"S{i}", "qualitative": draw(st.integers(0, 100)), "commitments": commitments})
    doc = worked()
    doc["bids"] = bids
    return doc


@settings(max_examples=30)
@given(tenders())
def test_best_bid_gets_full_quantitative_weight(doc) -> None:
    result = run(doc)
    best = max(b.social_value for b in result.bids)
    for b in result.bids:
        if best > 0 and b.social_value == best:
            assert b.quantitative_score == 10.0
        assert 0.0 <= b.quantitative_score <= 10.0


@settings(max_examples=25)
@given(tenders(), st.randoms(use_true_random=False))
def test_scores_do_not_depend_on_bid_order(doc, rnd) -> None:
    first = {b.supplier: (b.score, b.rank, b.social_value) for b in run(doc).bids}
    rnd.shuffle(doc["bids"])
    for bid in doc["bids"]:
        rnd.shuffle(bid["commitments"])
    assert {b.supplier: (b.score, b.rank, b.social_value) for b in run(doc).bids} == first


@settings(max_examples=25)
@given(tenders())
def test_doubling_commitments_doubles_value_not_relative_scores(doc) -> None:
    before = by_supplier(run(doc))
    for bid in doc["bids"]:
        for c in bid["commitments"]:
            c["quantity"] = 2 * c["quantity"]
    after = by_supplier(run(doc))
    for name, b in before.items():
        assert after[name].social_value == pytest.approx(2 * b.social_value, rel=1e-12, abs=1e-9)
        assert after[name].quantitative_score == pytest.approx(b.quantitative_score, rel=1e-12, abs=1e-9)
        assert after[name].rank == b.rank
