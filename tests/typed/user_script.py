"""A small user script, type-checked with ``mypy --strict`` by tests/test_typing.py.

It values an impact map, scores a tender and monitors a contract through the typed entry
points, and reads figures with their declared types: if a result attribute loses its type
(becomes ``Any``) or changes type, mypy fails this file.
"""

from __future__ import annotations

from pathlib import Path

import socialvalue
from socialvalue.frameworks.sroi import SroiResult
from socialvalue.frameworks.toms import BidResult, TenderResult

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def ratio_text(result: SroiResult) -> str:
    ratio: float | None = result.sroi_ratio
    return "no investment" if ratio is None else f"{ratio:.2f}"


def main() -> None:
    valued = socialvalue.value(EXAMPLES / "employment-programme.yaml", options={"sensitivity": True})
    present_value: float = valued.present_value
    npv: float = valued.net_present_value
    payback: float | None = valued.payback_months
    print(f"present value {present_value:,.0f}, NPV {npv:,.0f}, ratio {ratio_text(valued)}, payback {payback}")

    tender: TenderResult = socialvalue.score(EXAMPLES / "tender-highways.yaml")
    for bid in tender.bids:
        score: float = bid.score
        rank: int = bid.rank
        supplier: str = bid.supplier
        print(f"{rank}. {supplier}: {score:.2f} points")
    winner: BidResult | None = tender.winner
    print("winner:", "none" if winner is None else winner.supplier)

    monitored = socialvalue.monitor(EXAMPLES / "monitoring-highways.yaml")
    summary: dict[str, object] = monitored.summary()
    print(summary["delivered"])
    delivered: float = monitored.delivered
    share: float | None = monitored.percent_delivered
    print(f"delivered {delivered:,.0f} ({share}% of committed)")

    with socialvalue.limits(max_outcomes=20_000) as active:
        limit: int = active.max_outcomes
        print(limit)


if __name__ == "__main__":
    main()
