"""The ``local-model`` framework: offers scored under a council's own social value model.

For each offer:

* every **monetised** commitment is valued at ``amount x proxy``, the proxy indexed to the
  document's price year with HM Treasury's GDP deflator (socialvalue's ``Proxy.indexed``); an
  offer's **value** is the sum (``math.fsum``, so it does not depend on the order of lines);
* every commitment (monetised or not) gets a **measure score**: its amount divided by the
  largest amount any offer commits to that measure (0 when no offer commits to it);
* a **pillar score** is the mean of the measure scores of the pillar's measures, and the
  offer's **points** are ``points x sum(weight x pillar score)``, where ``points`` (an option,
  default 100) is what the council's social value question is worth.

Offers are ranked by points (equal points share a rank). The weights are the council's, as
declared in the model; pounds and points are reported side by side because they answer
different questions: what the commitments are worth, and how the council's priorities rank them.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Mapping
from importlib import resources
from typing import Any

import attrs

from socialvalue import validation as v
from socialvalue.compare.ranking import competition_ranks
from socialvalue.errors import ValidationError
from socialvalue.frameworks.base import Context, Framework, Options, Provenance, document_hash, option

from socialvalue_local_model.document import Submission, parse_submission
from socialvalue_local_model.result import CommitmentValue, LocalModelResult, OfferResult, PillarScore

__all__ = ["FRAMEWORK", "LocalModelFramework", "LocalModelOptions", "score_submission"]


def _points(value: Any, name: str) -> float:
    points = v.number(value, name)
    if points <= 0:
        raise ValidationError(f"{name} must be more than 0, got {points:g}", field=name,
                              hint="the points the social value question is worth, e.g. 10 or 20")
    return points


@attrs.frozen
class LocalModelOptions(Options):
    """Options of the ``local-model`` framework."""

    points: float = option(100.0, read=_points,
                           doc="points the social value question is worth in the evaluation (default 100)")


def score_submission(sub: Submission, points: float) -> tuple[OfferResult, ...]:
    """Value, score and rank every offer of a validated submission."""
    model = sub.model
    best: dict[str, float] = {}
    for offer in sub.offers:
        for c in offer.commitments:
            best[c.measure.code] = max(best.get(c.measure.code, 0.0), c.amount)
    results = []
    for offer in sub.offers:
        lines = []
        for c in offer.commitments:
            m = c.measure
            proxy_value = None if m.proxy is None else m.proxy.indexed(sub.price_year).headline_value
            value = None if proxy_value is None else c.amount * m.unit_factor * proxy_value
            lines.append(CommitmentValue(measure=m.code, pillar=m.pillar, quantity=c.quantity, years=c.years,
                                         unit=m.unit, amount=c.amount, value=value,
                                         proxy=None if m.proxy is None else m.proxy.qualified_id,
                                         proxy_value=proxy_value,
                                         score=c.amount / best[m.code] if best[m.code] > 0 else 0.0))
        scores = {ln.measure: ln.score for ln in lines}
        pillars = []
        for pillar in model.pillars:
            codes = [code for code, ms in model.measures.items() if ms.pillar == pillar.id]
            score = math.fsum(scores.get(code, 0.0) for code in codes) / len(codes) if codes else 0.0
            value = math.fsum(ln.value for ln in lines if ln.pillar == pillar.id and ln.value is not None)
            pillars.append(PillarScore(pillar=pillar.id, weight=pillar.weight, value=value, score=score,
                                       points=points * pillar.weight * score))
        results.append((offer.supplier, math.fsum(ln.value for ln in lines if ln.value is not None),
                        math.fsum(p.points for p in pillars), tuple(pillars), tuple(lines)))
    ranks = competition_ranks([r[2] for r in results])
    return tuple(OfferResult(supplier=s, value=val, points=pts, rank=rank, pillars=p, commitments=c)
                 for (s, val, pts, p, c), rank in zip(results, ranks, strict=True))


class LocalModelFramework(Framework[LocalModelOptions, LocalModelResult]):
    """Entry-point object of ``local-model`` (documents of kind ``local-commitment``)."""

    id = "local-model"
    name = "Local social value model (council pillars and weights)"
    version = "1.0"
    description = ("Scores suppliers' offers under a council's own social value model: pillars with declared "
                   "weights, measures valued with open proxies; pounds and weighted points side by side.")
    document_kinds = ("local-commitment",)
    options_class = LocalModelOptions

    def run(self, document: Mapping[str, Any], options: LocalModelOptions, context: Context) -> LocalModelResult:
        datasets = context.proxy_datasets()
        sub = parse_submission(document, datasets)
        used = {ms.proxy.dataset for ms in sub.model.measures.values() if ms.proxy is not None}
        records = []
        for ds in datasets:  # the first dataset with an id is the one proxies were resolved from
            if ds.id in used:
                used.discard(ds.id)
                records.append({"kind": "proxy dataset", "id": ds.id, "version": ds.version, "licence": ds.licence,
                                "sha256": ds.sha256})
        provenance = Provenance(
            framework=self.id, framework_version=self.version, input_sha256=document_hash(document),
            source=context.source, datasets=tuple(records), price_year=sub.price_year,
            conventions={"value": "amount x proxy indexed to the price year (GDP deflator); not discounted, "
                                  "no deadweight",
                         "measure_score": "amount / the largest amount any offer commits to the measure",
                         "pillar_score": "mean of the pillar's measure scores",
                         "points": "points x sum over pillars of weight x pillar score",
                         "model": sub.model.id, "sums": "math.fsum (independent of line order)"},
            options=self.options_record(options, context))
        return LocalModelResult(name=sub.name, description=sub.description, model=sub.model,
                                price_year=sub.price_year, points_available=options.points,
                                offers=score_submission(sub, options.points), provenance=provenance)

    def add_cli_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--points", type=str, default=None, metavar="N",
                            help="points the social value question is worth (default 100)")

    def cli_options(self, args: argparse.Namespace) -> dict[str, Any]:
        return {} if args.points is None else {"points": args.points}

    def document_schema(self, kind: str) -> dict[str, Any] | None:
        """The JSON Schema of a ``local-commitment`` document."""
        import json

        if kind not in self.document_kinds:
            return None
        text = resources.files("socialvalue_local_model").joinpath("schemas", f"{kind}.schema.json").read_text()
        return dict(json.loads(text))


FRAMEWORK = LocalModelFramework()
"""The plugin instance named by the ``local-model`` entry point."""
