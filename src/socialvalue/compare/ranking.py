"""Do frameworks rank the same bids in the same order? Ranks and Kendall's tau-b.

Under each view the bids are ranked by the social value the view gives them, highest first
(standard competition ranking: equal values share a rank, ``1, 1, 3``). Agreement between
two views is measured with Kendall's tau-b, which counts, over every pair of bids, whether
the two views order the pair the same way (concordant) or the opposite way (discordant),
and corrects for ties:

``tau_b = (C - D) / sqrt((n0 - n1) (n0 - n2))``

with ``n0 = n (n - 1) / 2`` pairs, ``n1`` the pairs tied in the first view and ``n2`` those
tied in the second. ``1`` means the same order, ``-1`` the reverse; it is undefined (``None``)
when either view ties every bid (or there are fewer than two bids).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np

from socialvalue.errors import ValidationError

__all__ = ["Ranking", "competition_ranks", "kendall_tau_b"]


def _vector(values: Sequence[float], name: str) -> np.ndarray:
    try:
        out = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValidationError(f"{name} must be a list of numbers", field=name) from None
    if out.ndim != 1:
        raise ValidationError(f"{name} must be one-dimensional", field=name)
    if not np.isfinite(out).all():
        raise ValidationError(f"{name} holds a value that is not a finite number", field=name)
    return out


def kendall_tau_b(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Kendall's tau-b of two scorings of the same items (values or ranks); ``None`` if undefined.

    >>> kendall_tau_b([1, 2, 3], [10, 20, 30])
    1.0
    >>> kendall_tau_b([1, 2, 3], [3, 2, 1])
    -1.0
    >>> round(kendall_tau_b([1, 2, 2, 3], [1, 3, 2, 4]), 6)  # one tie: 5 / sqrt(5 * 6)
    0.912871
    """
    a, b = _vector(x, "x"), _vector(y, "y")
    if a.shape != b.shape:
        raise ValidationError(f"x has {a.size} items but y has {b.size}", field="y",
                              hint="give both scorings for the same items, in the same order")
    i, j = np.triu_indices(a.size, k=1)
    dx, dy = np.sign(a[i] - a[j]).astype(np.int64), np.sign(b[i] - b[j]).astype(np.int64)
    n0 = int(i.size)
    n1, n2 = int(np.count_nonzero(dx == 0)), int(np.count_nonzero(dy == 0))
    if n0 == 0 or n1 == n0 or n2 == n0:
        return None
    return int(np.dot(dx, dy)) / math.sqrt((n0 - n1) * (n0 - n2))


def competition_ranks(values: Sequence[float]) -> list[int]:
    """Rank 1 for the highest value; equal values share the best rank of their group (1, 1, 3)."""
    v = _vector(values, "values")
    return [1 + int(np.count_nonzero(v > x)) for x in v]


@attrs.frozen
class Ranking:
    """Bids ranked under every view, and Kendall's tau-b between every pair of views."""

    suppliers: tuple[str, ...]
    views: tuple[str, ...]
    values: tuple[tuple[float, ...], ...]  # values[view][bid]
    ranks: tuple[tuple[int, ...], ...]     # ranks[view][bid]
    taus: tuple[tuple[str, str, float | None], ...]

    @classmethod
    def build(cls, suppliers: Sequence[str], views: Sequence[str], values: Sequence[Sequence[float]]) -> Ranking:
        ranks = tuple(tuple(competition_ranks(row)) for row in values)
        taus = tuple((views[a], views[b], kendall_tau_b(values[a], values[b]))
                     for a in range(len(views)) for b in range(a + 1, len(views)))
        return cls(suppliers=tuple(suppliers), views=tuple(views), values=tuple(tuple(r) for r in values),
                   ranks=ranks, taus=taus)

    def changes(self) -> list[dict[str, Any]]:
        """Bids whose rank is not the same in every view."""
        out = []
        for k, supplier in enumerate(self.suppliers):
            ranks = {view: self.ranks[i][k] for i, view in enumerate(self.views)}
            if len(set(ranks.values())) > 1:
                out.append({"supplier": supplier, "ranks": ranks})
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "bids": [{"supplier": s, "values": {v: self.values[i][k] for i, v in enumerate(self.views)},
                      "ranks": {v: self.ranks[i][k] for i, v in enumerate(self.views)}}
                     for k, s in enumerate(self.suppliers)],
            "kendall_tau_b": [{"views": [a, b], "tau_b": t} for a, b, t in self.taus],
            "rank_changes": self.changes(),
        }
