"""The illustrative council portfolio (examples/council-portfolio/): issue 15's acceptance example.

A portfolio of awarded tenders, monitoring returns and supplier action plans with at least five
suppliers, eight contracts and three financial years, whose roll-up equals the documents' own figures.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from socialvalue.frameworks import evaluate
from socialvalue.prices import gdp_deflator

FOLDER = Path(__file__).resolve().parents[1] / "examples" / "council-portfolio"
PORTFOLIO = FOLDER / "portfolio.yaml"
MONITORING = sorted((FOLDER / "contracts").glob("monitoring-*.yaml"))
EVERY_DOCUMENT = sorted(p for p in FOLDER.rglob("*.yaml") if p != PORTFOLIO)
YEARS = {"2024/25", "2025/26", "2026/27"}


@pytest.fixture(scope="module")
def portfolio() -> Any:
    return evaluate(str(PORTFOLIO))


@pytest.fixture(scope="module")
def returns() -> list[dict[str, Any]]:
    return [evaluate(str(path)).to_dict() for path in MONITORING]


def _rebased(amount: float, from_year: int, to_year: int) -> float:
    return amount if from_year == to_year else amount * gdp_deflator().factor(from_year, to_year)


def test_every_file_says_it_is_illustrative() -> None:
    for path in [PORTFOLIO, *EVERY_DOCUMENT]:
        assert path.read_text(encoding="utf-8").startswith("# ILLUSTRATIVE DATA"), path.name


@pytest.mark.parametrize("path", EVERY_DOCUMENT, ids=lambda p: str(p.relative_to(FOLDER)))
def test_every_document_runs_on_its_own(path: Path) -> None:
    result = evaluate(str(path))
    assert result.to_dict()["kind"] in {"tender", "monitoring", "action-plan"}


def test_portfolio_names_every_document(portfolio: Any) -> None:
    listed = {d["path"] for d in portfolio.documents}
    assert listed == {str(p.relative_to(FOLDER)) for p in EVERY_DOCUMENT}
    kinds = [d["kind"] for d in portfolio.documents]
    assert kinds.count("monitoring") == 8 and kinds.count("tender") >= 3 and kinds.count("action-plan") >= 2


def test_at_least_five_suppliers_and_eight_contracts(portfolio: Any, returns: list[dict[str, Any]]) -> None:
    assert len(MONITORING) == 8
    assert len(portfolio.by_contract) == 8
    assert {r.key for r in portfolio.by_contract} == {d["name"] for d in returns}
    assert len(portfolio.by_supplier) >= 5
    assert {r.key for r in portfolio.by_supplier} == {d["supplier"] for d in returns}
    assert sum(r.contracts for r in portfolio.by_supplier) == 8
    assert len({r.key for r in portfolio.by_theme}) >= 4
    assert {p["supplier"] for p in portfolio.plans} <= {d["supplier"] for d in returns}


def test_three_financial_years(returns: list[dict[str, Any]]) -> None:
    periods = {p["period"] for d in returns for p in d["periods"]}
    assert YEARS <= periods
    due = {p["period"] for d in returns for p in d["periods"] if p["status"] != "future"}
    assert due == YEARS


def test_rollup_equals_each_returns_own_themes(portfolio: Any, returns: list[dict[str, Any]]) -> None:
    assert portfolio.price_year == 2024
    assert all(d["contract"]["price_year"] == 2024 for d in returns), "keep every price year 2024 (exact sums)"

    def own(d: dict[str, Any], key: str) -> float:
        """A return's own figure: the fsum of its monetised themes, re-based to 2024 (a no-op here)."""
        year = d["contract"]["price_year"]
        return math.fsum(_rebased(t[key], year, 2024) for t in d["themes"] if t["monetised"])

    for row, d in zip(portfolio.by_contract, sorted(returns, key=lambda d: d["name"]), strict=True):
        assert row.key == d["name"]
        assert row.committed == own(d, "committed_reported")
        assert row.delivered == own(d, "delivered")
        assert math.isclose(row.delivered, d["totals"]["delivered"], rel_tol=1e-15)
    # The totals are one correctly rounded sum over every monetised theme of every return (not a sum of
    # rounded per-contract figures, which can differ in the last bit).
    flat = [t for d in returns for t in d["themes"] if t["monetised"]]
    assert portfolio.committed == math.fsum(t["committed_reported"] for t in flat)
    assert portfolio.delivered == math.fsum(t["delivered"] for t in flat)


def test_delivery_varies(portfolio: Any, returns: list[dict[str, Any]]) -> None:
    flagged = [m["measure"] for m in portfolio.measures if m["under_delivers"]]
    assert flagged, "some measure under-delivers across the portfolio"
    assert any(m["delivery_rate"] is not None and m["delivery_rate"] > 1 for m in portfolio.measures)
    assert any(r.rate is not None and r.rate > 1 for r in portfolio.by_contract)
    assert any(r.rate is not None and r.rate < 1 for r in portfolio.by_contract)
    missing = [d["name"] for d in returns if any(p["status"] == "missing" for p in d["periods"])]
    assert len(missing) == 1
