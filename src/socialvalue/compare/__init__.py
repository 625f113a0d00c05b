"""Compare frameworks: one activity through several frameworks and proxy sets, side by side.

The Social Value Engine style SROI, TOMs-style tender scoring and a council's own model give
different figures for the same work. :func:`compare` shows by how much and why:

* an **activity** says what was done, in facts (``{fact: local-jobs, quantity: 12, unit:
  FTE, years: 3}``), with no framework in it;
* a **crosswalk** (data, :mod:`socialvalue.compare.crosswalk`) says which TOMs measure and
  which SROI outcome template value each fact;
* each **view** (a framework, optionally with another proxy dataset, price year or
  discounting) is evaluated by the framework itself;
* every difference between two views is **decomposed** into named causes by sequential
  attribution (:mod:`socialvalue.compare.decompose`), in exact arithmetic;
* for tenders, :func:`compare_bids` ranks the bids under every view and gives Kendall's
  tau-b between the views (:mod:`socialvalue.compare.ranking`).

>>> from socialvalue.compare import compare
>>> result = compare({"name": "Depot refit", "price_year": 2024,
...                   "facts": [{"fact": "local-jobs", "quantity": 2, "unit": "FTE"}]},
...                  ["toms", "sroi"])
>>> d = result.decomposition("sroi")
>>> import math
>>> math.fsum(d.total.parts.values()) == d.total.difference
True
"""

from __future__ import annotations

from socialvalue.compare import frames, plots  # noqa: F401  (registers ComparisonResult's frames and charts)
from socialvalue.compare.activity import ActivityFacts, Fact, View, parse_activity, parse_views
from socialvalue.compare.crosswalk import (
    BUNDLED_CROSSWALKS,
    FRAMEWORKS,
    AdjustmentSpec,
    Crosswalk,
    CrosswalkFact,
    SroiTemplate,
    TomsTemplate,
    load_crosswalk,
)
from socialvalue.compare.decompose import CAUSE_MEANINGS, CAUSES, DEFAULT_ORDER, NO_COUNTERPART, Setting, engine_value
from socialvalue.compare.document import (
    FRAMEWORK,
    ComparisonFramework,
    compare,
    compare_bids,
    evaluate_comparison,
)
from socialvalue.compare.ranking import Ranking, competition_ranks, kendall_tau_b
from socialvalue.compare.result import ComparisonResult, Decomposition, FactRow, PartsRow, SubjectComparison

__all__ = [
    "BUNDLED_CROSSWALKS",
    "CAUSES",
    "CAUSE_MEANINGS",
    "DEFAULT_ORDER",
    "FRAMEWORK",
    "FRAMEWORKS",
    "NO_COUNTERPART",
    "ActivityFacts",
    "AdjustmentSpec",
    "ComparisonFramework",
    "ComparisonResult",
    "Crosswalk",
    "CrosswalkFact",
    "Decomposition",
    "Fact",
    "FactRow",
    "PartsRow",
    "Ranking",
    "Setting",
    "SroiTemplate",
    "SubjectComparison",
    "TomsTemplate",
    "View",
    "compare",
    "compare_bids",
    "competition_ranks",
    "engine_value",
    "evaluate_comparison",
    "kendall_tau_b",
    "load_crosswalk",
    "parse_activity",
    "parse_views",
]
