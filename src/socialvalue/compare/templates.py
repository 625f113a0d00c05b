"""The pieces of a crosswalk: how one framework values one fact.

See :mod:`socialvalue.compare.crosswalk` for the file format and how crosswalks are loaded.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

__all__ = ["ADJUSTMENTS", "AdjustmentSpec", "CrosswalkFact", "SroiTemplate", "TomsTemplate"]

ADJUSTMENTS: tuple[str, ...] = ("deadweight", "displacement", "attribution", "leakage", "drop_off")
"""The adjustments an SROI template may set."""


@attrs.frozen
class AdjustmentSpec:
    """One default adjustment of an SROI template: a number or a preset step, and its basis."""

    name: str
    value: float | None = None
    preset: str | None = None
    source: str | None = None
    assumption: str | None = None

    @property
    def basis(self) -> str:
        """``source``, ``preset`` or ``assumption``: where the number comes from."""
        if self.source is not None:
            return "source"
        if self.preset is not None and self.assumption is None:
            return "preset"
        return "assumption"

    def document_value(self) -> Any:
        """The value as an impact map writes it (``0.25`` or ``{preset: limited}``)."""
        return {"preset": self.preset} if self.preset is not None else self.value

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"value": self.value} if self.preset is None else {"preset": self.preset}
        out["basis"] = self.basis
        if self.source is not None:
            out["source"] = self.source
        if self.assumption is not None:
            out["assumption"] = self.assumption
        return out


@attrs.frozen
class SroiTemplate:
    """How the ``sroi`` framework values a fact: an impact-map outcome template."""

    proxy: str
    quantity_unit: str | None = None
    extra_years: int = 0
    start_year: int = 1
    adjustments: Mapping[str, AdjustmentSpec] = attrs.field(factory=dict)
    notes: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"proxy": self.proxy, "quantity_unit": self.quantity_unit, "extra_years": self.extra_years,
                "start_year": self.start_year,
                "adjustments": {k: a.to_dict() for k, a in self.adjustments.items()}, "notes": self.notes}


@attrs.frozen
class TomsTemplate:
    """How the ``toms`` framework values a fact: a measure of the crosswalk's catalogue."""

    measure: str
    notes: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"measure": self.measure, "notes": self.notes}


@attrs.frozen
class CrosswalkFact:
    """One fact: its unit and kind, and its template (or none) in each framework a view can use.

    ``templates`` maps a framework id to what that framework's view adapter read from the
    fact's entry (an :class:`SroiTemplate`, a :class:`TomsTemplate`, or a plugin's own).
    """

    id: str
    unit: str
    kind: str
    description: str | None = None
    templates: Mapping[str, Any] = attrs.field(factory=dict)
    no_counterpart: Mapping[str, str] = attrs.field(factory=dict)

    def template(self, framework: str) -> Any:
        """How ``framework`` values this fact, or ``None`` when the crosswalk maps no counterpart."""
        return self.templates.get(framework)

    @property
    def sroi(self) -> SroiTemplate | None:
        return self.templates.get("sroi")

    @property
    def toms(self) -> TomsTemplate | None:
        return self.templates.get("toms")

    def reason(self, framework: str) -> str:
        """Why ``framework`` has no counterpart for this fact."""
        return self.no_counterpart.get(framework) or f"the crosswalk maps no {framework} counterpart for this fact"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "description": self.description, "unit": self.unit, "kind": self.kind}
        for framework in ("sroi", "toms", *sorted(set(self.templates) - {"sroi", "toms"})):
            template = self.templates.get(framework)
            out[framework] = None if template is None else template.to_dict()
        out["no_counterpart"] = dict(self.no_counterpart)
        return out
