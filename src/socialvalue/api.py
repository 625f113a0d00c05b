"""Typed entry points: one function per kind of work, each returning its own result type.

``socialvalue.frameworks.evaluate`` dispatches any document to the framework that reads it,
so it can only promise a :class:`~socialvalue.results.base.BaseResult`. These functions know
the framework, so a type checker knows what they return and what the result holds::

    result = socialvalue.value("map.yaml")      # SroiResult
    result.present_value                          # float
    socialvalue.score("tender.yaml").bids[0].score  # float

Each accepts a path to a YAML/JSON document, a parsed document (a mapping) or, for
:func:`value`, an :class:`~socialvalue.frameworks.sroi.model.Activity` built in code. A
document of another kind is refused with the function that reads it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from socialvalue.errors import ValidationError
from socialvalue.results.format import article

if TYPE_CHECKING:  # pragma: no cover
    from socialvalue.frameworks.flexible.result import AssessmentResult
    from socialvalue.frameworks.lm3.result import LM3Result
    from socialvalue.frameworks.sroi.model import Activity
    from socialvalue.frameworks.sroi.result import SroiResult
    from socialvalue.frameworks.toms.monitoring_result import MonitoringResult
    from socialvalue.frameworks.toms.result import TenderResult

__all__ = ["assess", "local_multiplier", "monitor", "score", "value"]

Document = str | os.PathLike[str] | Mapping[str, Any]
"""A document: a path to a YAML or JSON file, or the parsed mapping."""

R = TypeVar("R")

_READER = {"impact-map": "value", "tender": "score", "monitoring": "monitor", "assessment": "assess",
           "lm3": "local_multiplier"}


def _run(framework_id: str, kind: str, document: Any, options: Mapping[str, Any] | None,
         allow_paths_outside: bool) -> Any:
    from socialvalue.config import paths_outside_allowed
    from socialvalue.documents import read_document
    from socialvalue.frameworks import get_framework

    source = None
    opts = dict(options or {})
    if isinstance(document, (str, os.PathLike)):
        source = str(document)
        opts.setdefault("base_dir", str(Path(document).parent))
        document = read_document(document)
    if isinstance(document, Mapping) and document.get("kind") not in (None, kind):
        other = document.get("kind")
        reader = _READER.get(other) if isinstance(other, str) else None
        raise ValidationError(f"{_READER[kind]}() reads {kind} documents, got kind {other!r}", source=source,
                              field="kind", hint=f"this is {article(other)} {other} document: use socialvalue.{reader}()" if reader
                              else "use socialvalue.frameworks.evaluate() for a plugin's documents")
    framework = get_framework(framework_id)
    with paths_outside_allowed() if allow_paths_outside else nullcontext():
        return framework.evaluate(document, source=source, options=opts)


def value(document: Document | Activity, *, options: Mapping[str, Any] | None = None,
          allow_paths_outside: bool = False) -> SroiResult:
    """Value an impact map (``kind: impact-map``) with the ``sroi`` framework.

    ``options`` are :class:`~socialvalue.frameworks.sroi.SroiOptions` (``sensitivity``,
    ``monte_carlo`` and ``seed``, ``price_year``, …) plus ``datasets`` and ``base_dir``.
    """
    return cast("SroiResult", _run("sroi", "impact-map", document, options, allow_paths_outside))


def score(document: Document, *, options: Mapping[str, Any] | None = None,
          allow_paths_outside: bool = False) -> TenderResult:
    """Score a tender's bids (``kind: tender``) with the ``toms`` framework."""
    return cast("TenderResult", _run("toms", "tender", document, options, allow_paths_outside))


def monitor(document: Document, *, options: Mapping[str, Any] | None = None,
            allow_paths_outside: bool = False) -> MonitoringResult:
    """Compare a contract's deliveries with its commitments (``kind: monitoring``, ``toms`` framework)."""
    return cast("MonitoringResult", _run("toms", "monitoring", document, options, allow_paths_outside))


def assess(document: Document, *, options: Mapping[str, Any] | None = None,
           allow_paths_outside: bool = False) -> AssessmentResult:
    """Score a Flexible Framework self-assessment (``kind: assessment``)."""
    return cast("AssessmentResult", _run("flexible-framework", "assessment", document, options,
                                         allow_paths_outside))


def local_multiplier(document: Document, *, options: Mapping[str, Any] | None = None) -> LM3Result:
    """LM3 of a spend survey (``kind: lm3``)."""
    return cast("LM3Result", _run("lm3", "lm3", document, options, False))
