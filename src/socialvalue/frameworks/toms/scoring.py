"""Tender scoring: pluggable quantitative methods, the qualitative part, and ranking.

A bid's social value score is

    score = quantitative + qualitative
    qualitative = weight × (1 − quantitative_share) × mark ÷ 100

where ``mark`` is the evaluators' mark (0–100) for the bid's method statement, and the
quantitative part comes from a **scoring method** applied to the bids' social value.
Methods live in :data:`SCORING_METHODS`; add one with :func:`register_scoring_method`.

A method is a function::

    def method(social_values: Sequence[float], *, contract_value: float, max_points: float,
               params: Mapping[str, Any]) -> list[float]

It receives every bid's social value (in bid order; the value the tender scores on) and
returns one quantitative score per bid, each between 0 and ``max_points`` (= weight ×
quantitative_share). It must treat each bid the same way wherever it sits in the list (the
result may not depend on bid order) and must not fail when every value is 0.
``params`` holds the method's own parameters from the tender's ``scoring:`` block, already
checked by the method's ``parameters`` parsers.

No official scale of qualitative marks exists (neither PPN 06/20 nor PPN 002 publishes
one that could be confirmed), so bands are a buyer parameter (``qualitative_bands``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs

from socialvalue import validation as v
from socialvalue.errors import UnknownNameError, ValidationError
from socialvalue.identity import check_unique
from socialvalue.suggest import close_matches

__all__ = [
    "SCORING_METHODS",
    "TIE_BREAKS",
    "RankedBid",
    "ScoringMethod",
    "ScoringRules",
    "parse_scoring",
    "rank_bids",
    "register_scoring_method",
    "relative",
    "target_percent",
]

SCORE_TOLERANCE_DECIMALS = 9
"""Scores (and social values, for tie-breaks) equal to 9 decimal places are ties."""

TIE_BREAKS: dict[str, str] = {
    "qualitative": "higher qualitative mark ranks first",
    "social_value": "higher social value (the scored figure) ranks first",
    "supplier-name": "alphabetical supplier name (case-insensitive) ranks first",
}
DEFAULT_TIE_BREAK: tuple[str, ...] = ("qualitative",)
"""Default: equal scores are split by the qualitative mark; bids still tied share a rank."""

_SCORING_KEYS = ("method", "weight", "quantitative_share", "tie_break", "basis", "unevidenced_factor",
                 "qualitative_bands")
BASES = ("adjusted", "offered")


def relative(social_values: Sequence[float], *, contract_value: float, max_points: float,
             params: Mapping[str, Any]) -> list[float]:
    """Relative to the best bid: ``max_points × SV ÷ SV_best``; 0 for all when SV_best is 0."""
    best = max(social_values, default=0.0)
    if best <= 0.0:
        return [0.0 for _ in social_values]
    return [max_points * (sv / best) for sv in social_values]


def target_percent(social_values: Sequence[float], *, contract_value: float, max_points: float,
                   params: Mapping[str, Any]) -> list[float]:
    """Against a buyer's target: ``max_points × min(1, sv_percent ÷ target_percent)``."""
    target = params["target_percent"]
    out = []
    for sv in social_values:
        percent = 100.0 * sv / contract_value
        out.append(max_points * min(1.0, percent / target))
    return out


def _positive(value: Any, field: str) -> float:
    out = v.number(value, field)
    if out <= 0:
        raise ValidationError(f"must be greater than 0, got {value!r}", field=field)
    return out


@attrs.frozen
class ScoringMethod:
    """A named quantitative scoring method and the parameters it reads from ``scoring:``."""

    name: str
    function: Callable[..., list[float]]
    description: str
    parameters: Mapping[str, Callable[[Any, str], Any]] = attrs.field(factory=dict)
    required: tuple[str, ...] = ()


SCORING_METHODS: dict[str, ScoringMethod] = {
    "relative": ScoringMethod(
        "relative", relative, "weight × quantitative_share × SV_bid ÷ SV_best (0 for all if SV_best = 0)"),
    "target-percent": ScoringMethod(
        "target-percent", target_percent,
        "weight × quantitative_share × min(1, sv_percent ÷ target_percent): full marks at the target",
        parameters={"target_percent": _positive}, required=("target_percent",)),
}
"""Quantitative scoring methods by name."""


def register_scoring_method(name: str, function: Callable[..., list[float]], *, description: str,
                            parameters: Mapping[str, Callable[[Any, str], Any]] | None = None,
                            required: Sequence[str] = (), replace: bool = False) -> ScoringMethod:
    """Add a scoring method (see the module docstring for the function's contract)."""
    if name in SCORING_METHODS and not replace:
        raise ValidationError(f"a scoring method called {name!r} already exists",
                              hint="pass replace=True to override it deliberately")
    method = ScoringMethod(name, function, description, dict(parameters or {}), tuple(required))
    SCORING_METHODS[name] = method
    return method


@attrs.frozen
class ScoringRules:
    """The buyer's scoring parameters, validated."""

    method: ScoringMethod
    weight: float
    quantitative_share: float
    params: Mapping[str, Any] = attrs.field(factory=dict)
    tie_break: tuple[str, ...] = DEFAULT_TIE_BREAK
    basis: str = "adjusted"
    unevidenced_factor: float | None = None
    qualitative_bands: Mapping[str, float] | None = None

    @property
    def quantitative_points(self) -> float:
        return self.weight * self.quantitative_share

    @property
    def qualitative_points(self) -> float:
        return self.weight * (1.0 - self.quantitative_share)

    def mark(self, raw: Any, field: str) -> float:
        """An evaluators' mark: a number 0–100, or a band label when bands are set."""
        if raw is None:
            if self.quantitative_share < 1.0:
                raise ValidationError("missing the qualitative mark (0-100) for the method statement", field=field,
                                      hint="add qualitative: <mark>, or set scoring.quantitative_share: 1")
            return 0.0
        if self.qualitative_bands is not None:
            if isinstance(raw, str):
                if raw not in self.qualitative_bands:
                    raise UnknownNameError(f"unknown qualitative band {raw!r}", field=field,
                                           suggestions=close_matches(raw, self.qualitative_bands),
                                           hint="bands: " + ", ".join(self.qualitative_bands))
                return self.qualitative_bands[raw]
            mark = v.number(raw, field)
            if mark not in self.qualitative_bands.values():
                raise ValidationError(f"mark {raw!r} is not one of the buyer's bands", field=field,
                                      hint="use one of: " + ", ".join(f"{k} ({val:g})"
                                                                      for k, val in self.qualitative_bands.items()))
            return mark
        mark = v.number(raw, field)
        if not 0.0 <= mark <= 100.0:
            raise ValidationError(f"a qualitative mark must be between 0 and 100, got {raw!r}", field=field,
                                  hint="give the evaluators' mark out of 100, or set scoring.qualitative_bands")
        return mark

    def qualitative_score(self, mark: float) -> float:
        return self.qualitative_points * mark / 100.0

    def quantitative_scores(self, social_values: Sequence[float], contract_value: float) -> list[float]:
        scores = self.method.function(list(social_values), contract_value=contract_value,
                                      max_points=self.quantitative_points, params=dict(self.params))
        if len(scores) != len(social_values):
            raise ValidationError(f"scoring method {self.method.name!r} returned {len(scores)} scores for "
                                  f"{len(social_values)} bids", field="scoring.method")
        for score in scores:
            if not (math.isfinite(score) and -1e-9 <= score <= self.quantitative_points * (1 + 1e-12) + 1e-9):
                raise ValidationError(f"scoring method {self.method.name!r} returned {score!r}, outside 0-"
                                      f"{self.quantitative_points:g}", field="scoring.method")
        return [float(s) for s in scores]

    def to_dict(self) -> dict[str, Any]:
        return {"method": self.method.name, "method_description": self.method.description, "weight": self.weight,
                "quantitative_share": self.quantitative_share, "quantitative_points": self.quantitative_points,
                "qualitative_points": self.qualitative_points, **{k: val for k, val in self.params.items()},
                "tie_break": list(self.tie_break), "basis": self.basis,
                "unevidenced_factor": self.unevidenced_factor,
                "qualitative_bands": None if self.qualitative_bands is None else dict(self.qualitative_bands)}


def parse_scoring(raw: Any, field: str = "scoring") -> ScoringRules:
    """Validate a tender's ``scoring:`` block."""
    m = v.mapping(raw, field)
    name = v.text(v.require(m, "method", field), f"{field}.method")
    if name not in SCORING_METHODS:
        raise UnknownNameError(f"unknown scoring method {name!r}", field=f"{field}.method",
                               suggestions=close_matches(name, SCORING_METHODS),
                               hint="methods: " + ", ".join(SCORING_METHODS))
    method = SCORING_METHODS[name]
    v.check_keys(m, _SCORING_KEYS + tuple(method.parameters), field)
    weight = _positive(v.require(m, "weight", field), f"{field}.weight")
    if weight > 100.0:
        raise ValidationError(f"a weight is points out of 100, got {weight:g}", field=f"{field}.weight",
                              hint="give the social value share of the total score, e.g. weight: 20 for 20%")
    share = v.fraction(v.require(m, "quantitative_share", field), f"{field}.quantitative_share")
    params: dict[str, Any] = {}
    for key in method.required:
        v.require(m, key, field)
    for key, parse in method.parameters.items():
        if m.get(key) is not None:
            params[key] = parse(m[key], f"{field}.{key}")
    raw_tb = m.get("tie_break", list(DEFAULT_TIE_BREAK))
    tie_break = [raw_tb] if isinstance(raw_tb, str) else v.sequence(raw_tb, f"{field}.tie_break")
    for i, rule in enumerate(tie_break):
        if not isinstance(rule, str) or rule not in TIE_BREAKS:
            raise UnknownNameError(f"unknown tie-break rule {rule!r}", field=f"{field}.tie_break",
                                   suggestions=close_matches(str(rule), TIE_BREAKS),
                                   hint="rules: " + ", ".join(TIE_BREAKS))
    basis = m.get("basis", "adjusted")
    if basis not in BASES:
        raise ValidationError(f"basis must be 'adjusted' or 'offered', got {basis!r}", field=f"{field}.basis",
                              hint="adjusted: after confidence and evidence factors; offered: as the bidder wrote it")
    factor = m.get("unevidenced_factor")
    bands = None
    if m.get("qualitative_bands") is not None:
        raw_bands = v.mapping(m["qualitative_bands"], f"{field}.qualitative_bands")
        if not raw_bands:
            raise ValidationError("give at least one band", field=f"{field}.qualitative_bands")
        bands = {}
        check_unique(((str(label), f"{field}.qualitative_bands.{label}") for label in raw_bands),
                     what="qualitative band", hint="name each band once")
        for label, mark in raw_bands.items():
            f = f"{field}.qualitative_bands.{label}"
            mark = v.number(mark, f)
            if not 0.0 <= mark <= 100.0:
                raise ValidationError(f"a band mark must be between 0 and 100, got {mark!r}", field=f)
            bands[str(label)] = mark
    return ScoringRules(method=method, weight=weight, quantitative_share=share, params=params,
                        tie_break=tuple(dict.fromkeys(tie_break)), basis=basis,
                        unevidenced_factor=None if factor is None else v.fraction(factor, f"{field}.unevidenced_factor"),
                        qualitative_bands=bands)


@attrs.frozen
class RankedBid:
    """What ranking needs to know about a bid."""

    supplier: str
    score: float
    qualitative_mark: float
    social_value: float


def _key(bid: RankedBid, tie_break: Sequence[str]) -> tuple[Any, ...]:
    parts: list[Any] = [-round(bid.score, SCORE_TOLERANCE_DECIMALS)]
    for rule in tie_break:
        if rule == "qualitative":
            parts.append(-bid.qualitative_mark)
        elif rule == "social_value":
            parts.append(-round(bid.social_value, SCORE_TOLERANCE_DECIMALS))
        elif rule == "supplier-name":
            parts.append(bid.supplier.casefold())
    return tuple(parts)


def rank_bids(bids: Sequence[RankedBid], tie_break: Sequence[str] = DEFAULT_TIE_BREAK) -> list[tuple[int, bool]]:
    """``(rank, tied)`` for each bid, in the order given.

    Bids are ordered by score, then by each tie-break rule in turn. Bids that are still
    equal share a rank (standard competition ranking: 1, 1, 3) and are marked ``tied``.
    The result does not depend on the order of ``bids``.
    """
    keys = [_key(b, tie_break) for b in bids]
    out = []
    for key in keys:
        rank = 1 + sum(1 for other in keys if other < key)
        tied = sum(1 for other in keys if other == key) > 1
        out.append((rank, tied))
    return out
