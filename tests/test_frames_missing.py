"""In DataFrames, "not monetised" (and "no counterpart") is missing, never £0, and stays missing
through the pandas operations of docs/howto/notebooks.md: sums with ``min_count=1``, ``groupby``
and ``pivot_table``; a status column says why a value is missing."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from socialvalue.frameworks import evaluate

pd = pytest.importorskip("pandas")

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def comparison():
    return evaluate(EXAMPLES / "compare-construction.yaml")


@pytest.fixture(scope="module")
def tender():
    return evaluate(EXAMPLES / "tender-highways.yaml")


def test_comparison_values_are_missing_exactly_where_the_status_says_so(comparison) -> None:
    values = comparison.to_frame("values")
    assert set(values["status"]) == {"valued", "no counterpart", "not monetised"}
    assert (values["value"].isna() == (values["status"] != "valued")).all()
    spend = values[values["fact"] == "local-spend"]
    assert len(spend) == 4 and spend["value"].isna().all()
    assert set(spend["status"]) == {"not monetised", "no counterpart"}


def test_sums_with_min_count_keep_not_monetised_missing(comparison) -> None:
    values = comparison.to_frame("values")
    table = values.groupby(["fact", "view"])["value"].sum(min_count=1).unstack("view")
    assert len(table) == values["fact"].nunique()  # no fact dropped
    assert table.loc["local-spend"].isna().all()
    assert math.isnan(table.loc["slight-collisions-avoided", "TOMs (uk-open)"])
    assert table.loc["local-jobs"].notna().all() and (table.loc["local-jobs"] > 0).all()
    # what the views did value still adds up to the totals (sums skip the missing values)
    totals = values.groupby("view")["value"].sum(min_count=1)
    for view, total in comparison.totals[comparison.subjects[0].name].items():
        assert totals[view] == pytest.approx(total, rel=1e-12)


def test_pivot_table_with_min_count_keeps_not_monetised_missing(comparison) -> None:
    values = comparison.to_frame("values")
    if int(pd.__version__.split(".")[0]) >= 3:  # pivot_table passes min_count on to the sum from pandas 3
        table = values.pivot_table(index="fact", columns="view", values="value", aggfunc="sum", min_count=1,
                                   dropna=False)
    else:
        table = values.pivot_table(index="fact", columns="view", values="value",
                                   aggfunc=lambda s: s.sum(min_count=1), dropna=False)
    assert table.loc["local-spend"].isna().all()
    plain = values.pivot(index="fact", columns="view", values="value")
    assert table.equals(plain.reindex(index=table.index, columns=table.columns))


def test_tender_frames_keep_not_monetised_missing(tender) -> None:
    measures = tender.to_frame("measures")
    unvalued = measures[~measures["monetised"]]
    assert len(unvalued) > 0
    assert unvalued[["value_offered", "value_adjusted", "share_of_bid"]].isna().all().all()
    themes = tender.to_frame("themes")
    growth = themes[(themes["supplier"] == "Alpha Ltd") & (themes["theme"] == "growth")]
    assert len(growth) == 1 and not growth["monetised"].item() and growth["value_offered"].isna().item()
    assert themes.loc[themes["monetised"], "value_offered"].notna().all()
    by_bid = themes.groupby("supplier")["value_offered"].sum(min_count=1)
    for bid in tender.bids:
        assert by_bid[bid.supplier] == pytest.approx(bid.social_value_offered, rel=1e-12)
    # a theme is monetised in the frame exactly when one of the bid's measures in it is
    for row in themes.itertuples():
        bid = tender.bid(row.supplier)
        assert row.monetised == any(m["monetised"] for m in bid.by_measure if m["theme"] == row.theme)


def test_monitoring_frames_keep_not_monetised_missing() -> None:
    result = evaluate(EXAMPLES / "monitoring-highways.yaml")
    measures = result.to_frame("measures")
    unvalued = measures[~measures["monetised"]]
    assert len(unvalued) == 1
    assert unvalued[["committed_total", "committed_due", "committed_reported", "delivered"]].isna().all().all()
    assert measures["delivered"].sum(min_count=1) == pytest.approx(result.delivered, rel=1e-12)
    themes = result.to_frame("themes")
    assert themes.loc[~themes["monetised"], "delivered"].isna().all()
