"""The public entry points: :func:`compare`, :func:`compare_bids` and ``kind: comparison`` documents.

A comparison document (``socialvalue compare FILE``)::

    kind: comparison
    name: Leisure centre build, three ways
    activity:                      # or bids: [{supplier: ..., facts: [...]}, ...]
      name: Leisure centre build
      price_year: 2024
      first_year: 2026
      investment: 150000
      facts:
        - {fact: local-jobs, quantity: 12, unit: FTE, years: 3}
    views:
      - {framework: toms}
      - {framework: sroi}
      - {framework: sroi, dataset: council-proxies.yaml, label: SROI (council values)}
    crosswalk: my-crosswalk.yaml   # optional: a path, an inline mapping, or a bundled id (default open)
    order: [proxy value, price year, adjustments, duration and drop-off, discounting]   # optional
    pairs: baseline                # or all, or [[from, to], ...] by view label

For ``bids:``, ``price_year``, ``first_year`` and ``contract_value`` may be given once at the
top level for every bid. Relative paths are taken from the document's folder.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from socialvalue import validation as v
from socialvalue.compare.activity import ActivityFacts, parse_activity, parse_views
from socialvalue.compare.crosswalk import Crosswalk, load_crosswalk
from socialvalue.compare.decompose import check_order
from socialvalue.compare.result import VERSION, ComparisonResult
from socialvalue.errors import SocialValueError, ValidationError
from socialvalue.frameworks.base import Context, Framework, Options, option
from socialvalue.identity import check_unique

if TYPE_CHECKING:  # pragma: no cover
    import argparse

__all__ = ["DOCUMENT_KEYS", "FRAMEWORK", "CompareOptions", "ComparisonFramework", "compare", "compare_bids", "evaluate_comparison"]

DOCUMENT_KEYS = ("kind", "framework", "name", "description", "activity", "bids", "price_year", "first_year",
                 "contract_value", "views", "crosswalk", "order", "pairs")
_BID_DEFAULTS = ("price_year", "first_year", "contract_value")


def _crosswalk(crosswalk: Any, base_dir: Path | None, source: str | None) -> Crosswalk:
    if crosswalk is not None and not isinstance(crosswalk, (str, os.PathLike, Mapping, Crosswalk)):
        raise ValidationError("crosswalk must be a bundled id, a path or a mapping", field="crosswalk")
    return load_crosswalk(crosswalk, base_dir=base_dir, source=source)


def _named_crosswalk(crosswalk: Any, base_dir: Path | None, source: str | None) -> Any:
    """A crosswalk file a *document* names follows the same rule as every other path in a document."""
    from socialvalue.compare.adapters import crosswalk_ids
    from socialvalue.documents import document_path

    if isinstance(crosswalk, str) and crosswalk not in crosswalk_ids():
        try:
            return document_path(crosswalk, base_dir, field="crosswalk", source=source)
        except SocialValueError as exc:
            raise exc.with_context(source=source) from None
    return crosswalk


def compare(activity: Mapping[str, Any] | ActivityFacts, views: Sequence[Any], crosswalk: Any = None, *,
            order: Sequence[str] | None = None, pairs: Any = "baseline",
            base_dir: str | os.PathLike[str] | None = None, source: str | None = None,
            name: str | None = None, description: str | None = None) -> ComparisonResult:
    """Value one activity under several views and decompose every difference.

    ``activity`` is a mapping (see :mod:`socialvalue.compare.activity`) or a parsed
    :class:`ActivityFacts`; ``views`` a list such as ``["toms", "sroi", {"framework":
    "sroi", "dataset": "mine.yaml"}]``; ``crosswalk`` a bundled id, a path, a mapping or a
    :class:`Crosswalk` (default: the bundled ``open``). ``order`` is the order of the
    sequential attribution (default :data:`~socialvalue.compare.DEFAULT_ORDER`); ``pairs``
    which differences to decompose: ``"baseline"`` (every view against the first), ``"all"``
    or a list of ``(from_label, to_label)``.

    Bad input raises a :class:`~socialvalue.errors.SocialValueError` naming the field
    (``activity.facts[2].unit``, ``views[1].framework``, ``crosswalk.facts.x.sroi.proxy``).
    """
    base = None if base_dir is None else Path(base_dir)
    try:
        cw = _crosswalk(crosswalk, base, source)
        subject = activity if isinstance(activity, ActivityFacts) else parse_activity(activity, cw)
        parsed_views = parse_views(views, cw, base_dir=base)
        causes = check_order(order)
    except SocialValueError as exc:
        raise exc.with_context(source=source) from None
    from socialvalue.compare.core import run_comparison

    try:
        return run_comparison([subject], parsed_views, cw, order=causes, pairs=pairs, name=name, source=source,
                              description=description or subject.description)
    except SocialValueError as exc:
        raise exc.with_context(source=source) from None


def compare_bids(bids: Sequence[Mapping[str, Any] | ActivityFacts], views: Sequence[Any], crosswalk: Any = None, *,
                 price_year: int | None = None, first_year: int | None = None,
                 contract_value: float | None = None, order: Sequence[str] | None = None, pairs: Any = "baseline",
                 base_dir: str | os.PathLike[str] | None = None, source: str | None = None,
                 name: str | None = None, description: str | None = None) -> ComparisonResult:
    """Compare several bids (each an activity with ``supplier:`` and ``facts:``) under several views.

    Besides every bid's values and decompositions, the result's ``ranking`` gives each
    bid's rank under each view and Kendall's tau-b between each pair of views. The bids
    share the price year, first year and contract value (give them here or on each bid).
    """
    base = None if base_dir is None else Path(base_dir)
    defaults = {k: val for k, val in (("price_year", price_year), ("first_year", first_year),
                                      ("contract_value", contract_value)) if val is not None}
    try:
        cw = _crosswalk(crosswalk, base, source)
        items = v.sequence(bids, "bids")
        if len(items) < 2:
            raise ValidationError(f"a ranking needs at least two bids, got {len(items)}", field="bids")
        subjects = [b if isinstance(b, ActivityFacts) else
                    parse_activity(b, cw, field=f"bids[{i}]", defaults=defaults, name_key="supplier")
                    for i, b in enumerate(items)]
        check_unique(((s.name, f"bids[{i}].supplier") for i, s in enumerate(subjects)), what="supplier",
                     hint="give each bid its own supplier name")
        for i, s in enumerate(subjects):
            for key in ("price_year", "first_year"):
                if getattr(s, key) != getattr(subjects[0], key):
                    raise ValidationError(f"every bid must share the {key} of the first bid", field=f"bids[{i}].{key}",
                                          hint=f"give {key} once, for all bids")
        parsed_views = parse_views(views, cw, base_dir=base)
        causes = check_order(order)
    except SocialValueError as exc:
        raise exc.with_context(source=source) from None
    from socialvalue.compare.core import run_comparison

    try:
        return run_comparison(subjects, parsed_views, cw, order=causes, pairs=pairs, source=source, bids=True,
                              name=name or "Bids", description=description)
    except SocialValueError as exc:
        raise exc.with_context(source=source) from None


def evaluate_comparison(document: Mapping[str, Any], *, source: str | None = None,
                        base_dir: str | os.PathLike[str] | None = None, pairs: str | None = None) -> ComparisonResult:
    """Run a ``kind: comparison`` document (see the module docstring); ``pairs`` (``baseline`` or ``all``)
    overrides the document's ``pairs:``."""
    if base_dir is None and source is not None:
        base_dir = Path(source).parent
    try:
        m = v.mapping(document, None)
        v.check_keys(m, DOCUMENT_KEYS, None)
        if m.get("kind", "comparison") != "comparison":
            raise ValidationError(f"expected kind: comparison, got {m.get('kind')!r}", field="kind")
        if m.get("framework") not in (None, "compare"):
            raise ValidationError("a comparison document names its views' frameworks under views:",
                                  field="framework", hint="remove framework:, or write framework: compare")
        if (m.get("activity") is None) == (m.get("bids") is None):
            raise ValidationError("give activity: (one activity) or bids: (several bids), not both",
                                  field="activity" if m.get("activity") is None else "bids")
        views = v.require(m, "views", None)
        name = v.optional_text(m.get("name"), "name")
        description = v.optional_text(m.get("description"), "description")
        if m.get("activity") is not None:
            for key in _BID_DEFAULTS:
                if m.get(key) is not None:
                    raise ValidationError(f"{key} belongs inside activity:", field=key,
                                          hint="top-level price_year, first_year and contract_value are for bids:")
    except SocialValueError as exc:
        raise exc.with_context(source=source) from None
    common = {"order": m.get("order"), "pairs": pairs or m.get("pairs", "baseline"), "base_dir": base_dir, "source": source,
              "name": name, "description": description}
    crosswalk = _named_crosswalk(m.get("crosswalk"), None if base_dir is None else Path(base_dir), source)
    if m.get("activity") is not None:
        return compare(m["activity"], views, crosswalk, **common)
    return compare_bids(m["bids"], views, crosswalk, price_year=m.get("price_year"),
                        first_year=m.get("first_year"), contract_value=m.get("contract_value"), **common)


def _pairs(value: Any, name: str) -> str:
    if value not in ("baseline", "all"):
        raise ValidationError(f"{name} must be 'baseline' or 'all', got {value!r}", field=name,
                              hint="baseline: each view against the first; all: every pair of views")
    return str(value)


@attrs.frozen
class CompareOptions(Options):
    """Options of the ``compare`` framework."""

    pairs: str | None = option(read=_pairs, doc="decompose each view against the first (baseline) or every pair "
                                                "of views (all), instead of the document's pairs: (--pairs)")

    def record(self, context: Context) -> dict[str, Any]:
        return {} if self.pairs is None else {"pairs": self.pairs}


class ComparisonFramework(Framework[CompareOptions, ComparisonResult]):
    """``kind: comparison``: one set of facts through several frameworks' views (registered under the
    ``socialvalue.frameworks`` entry-point group as ``compare``, like every framework)."""

    id = "compare"
    name = "Framework comparison"
    version = VERSION
    description = ("One activity (or several bids) valued under several frameworks and proxy datasets side by "
                   "side, with every difference decomposed into causes and rankings compared (Kendall's tau-b).")
    document_kinds = ("comparison",)
    options_class = CompareOptions

    def document_schema(self, kind: str) -> dict[str, Any] | None:
        """The shipped JSON Schema of a document of ``kind`` (``socialvalue/schemas/<kind>.schema.json``)."""
        from socialvalue.schemas import schema

        return schema(kind) if kind in self.document_kinds else None

    def add_cli_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--pairs", choices=("baseline", "all"),
                            help="decompose each view against the first (baseline, the default) or every pair of "
                                 "views (overrides the document's pairs:)")

    def cli_options(self, args: argparse.Namespace) -> dict[str, Any]:
        return {"pairs": args.pairs}

    def run(self, document: Mapping[str, Any], options: CompareOptions, context: Context) -> ComparisonResult:
        if context.datasets:
            raise ValidationError("a comparison's views name their own proxy datasets", source="options",
                                  field="datasets", hint="add dataset: PATH to the views that should use it")
        result = evaluate_comparison(document, source=context.source, base_dir=context.base_dir,
                                     pairs=options.pairs)
        recorded = options.record(context)
        return attrs.evolve(result, provenance=attrs.evolve(result.provenance, options=recorded)) if recorded \
            else result


FRAMEWORK = ComparisonFramework()
