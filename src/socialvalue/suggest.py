"""Close-match suggestions for unknown names, so an error can say "did you mean …?"."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["close_matches"]


def close_matches(word: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """Up to ``n`` candidates that look like ``word``, best first (case-insensitive)."""
    pool = list(dict.fromkeys(candidates))
    lowered = {c.lower(): c for c in pool}
    hits = difflib.get_close_matches(word.lower(), list(lowered), n=n, cutoff=0.6)
    prefix = [c for c in pool if c.lower().startswith(word.lower()) and word]
    out = [lowered[h] for h in hits]
    for c in prefix:
        if c not in out:
            out.append(c)
    return out[:n]
