"""The ``portfolio`` framework: an organisation's documents rolled up into one picture.

A portfolio names documents (awarded tenders, monitoring returns, SROI evaluations, action
plans, self-assessments, LM3 surveys) by path or glob, inside the portfolio's own folder.
Each is evaluated by its own framework, exactly as ``socialvalue run`` would; the portfolio then
adds up what they say, re-basing money to the portfolio's ``price_year`` with the GDP deflator:

* **delivery** (monitoring returns): social value committed (for the periods reported) and
  delivered, shortfall, by theme, supplier and contract, and the delivery rate;
* **plans** (action plans): completion, overdue actions and RAG status by supplier;
* **evaluations** (impact maps): present value and investment;
* **assessments** and **LM3 surveys**: the level reached and the multiplier, as they are.

Every total is a correctly rounded sum (``math.fsum``) of the documents' own figures, and the
documents are read in path order, so neither the order of the manifest nor of the matches of a
glob changes a bit.
"""

from __future__ import annotations

import argparse
import glob as _glob
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from socialvalue import validation as v
from socialvalue.errors import SocialValueError, ValidationError
from socialvalue.frameworks.base import Context, Framework, Options, Provenance, document_hash, option
from socialvalue.frameworks.portfolio.result import PortfolioResult

__all__ = ["FRAMEWORK", "PortfolioFramework"]

_TOP_KEYS = ("kind", "framework", "name", "organisation", "description", "price_year", "documents", "tables",
             "statement")
_STATEMENT_KEYS = ("title", "period", "introduction", "contact")
_TABLE_KEYS = ("deliveries", "price_year")
_ENGINES = ("memory", "dask")


def _engine(value: Any, name: str) -> str:
    text = v.text(value, name).strip()
    if text not in _ENGINES:
        raise ValidationError(f"unknown engine {text!r}", field=name, hint="memory (one machine) or dask (out of core)")
    return text


@attrs.frozen
class PortfolioOptions(Options):
    """How delivery tables are read; neither option changes a figure (both engines give the same bits)."""

    engine: str = option("memory", read=_engine, record=False,
                         doc="memory (default) or dask (out of core; the scale extra) for delivery tables")
    scheduler: Any = option(None, record=False, doc="a dask.distributed Client or scheduler address (implies dask)")
_ROLLED_UP = ("monitoring", "action-plan", "impact-map", "assessment", "lm3", "tender")


def _paths(raw: Any, context: Context) -> list[Path]:
    items = v.sequence(raw, "documents")
    if not items:
        raise ValidationError("the portfolio names no documents", field="documents",
                              hint="list document paths or globs (e.g. monitoring/*.yaml) under documents:")
    base = context.base_dir or Path(".")
    found: dict[Path, str] = {}  # resolved path -> the field that named it first
    chosen: list[Path] = []
    for i, item in enumerate(items):
        field = f"documents[{i}]"
        pattern = v.text(item, field).strip()
        if any(ch in pattern for ch in "*?["):
            if Path(pattern).is_absolute() or ".." in Path(pattern).parts:
                raise ValidationError(f"a glob must stay inside the portfolio's folder, got {pattern!r}", field=field)
            matches = sorted(_glob.glob(str(base / pattern), recursive=True))
            if not matches:
                raise ValidationError(f"no file matches {pattern!r}", field=field,
                                      hint="globs are taken from the portfolio file's folder")
            paths = [context.path(str(Path(m).relative_to(base)), field) for m in matches]
        else:
            paths = [context.path(pattern, field)]
        for path in paths:
            key = path.resolve()
            if key in found:
                raise ValidationError(f"{path.name} is named twice ({found[key]} and {field})", field=field,
                                      hint="each document counts once in a portfolio")
            found[key] = field
            chosen.append(path)
    return sorted(chosen, key=str)


def _rebased(amount: float, from_year: int, to_year: int) -> float:
    from socialvalue.prices import gdp_deflator

    return amount if from_year == to_year else amount * gdp_deflator().factor(from_year, to_year)


def _tables(raw: Any, context: Context, price_year: int, options: PortfolioOptions) -> tuple[dict[str, Any], list]:
    """The delivery tables' roll-up, re-based to the portfolio's price year, and their provenance records."""
    from socialvalue.data import file_hash
    from socialvalue.frameworks.portfolio.tables import GROUPS, MONEY, rollup, table_files

    m = v.mapping(raw, "tables")
    v.check_keys(m, _TABLE_KEYS, "tables")
    year = v.integer(v.require(m, "price_year", "tables"), "tables.price_year", minimum=1900)
    refs = v.require(m, "deliveries", "tables")
    refs = [refs] if isinstance(refs, str) else v.sequence(refs, "tables.deliveries")
    paths = []
    for i, ref in enumerate(refs):
        field = f"tables.deliveries[{i}]" if not isinstance(m["deliveries"], str) else "tables.deliveries"
        path = context.path(v.text(ref, field), field)
        if not path.exists():
            raise ValidationError(f"table not found: {path}", field=field,
                                  hint="paths are taken from the portfolio's folder")
        paths.append(path)
    engine = "dask" if options.scheduler is not None else options.engine
    rolled = rollup(paths, engine=engine, scheduler=options.scheduler)
    factor = _rebased(1.0, year, price_year)
    estate = {"rows": rolled["rows"], "price_year_of_tables": year,
              **{c: rolled[c] * factor for c in MONEY},
              **{g: [{"key": r["key"], **{c: r[c] * factor for c in MONEY}} for r in rolled[g]] for g in GROUPS}}
    records = [{"kind": "delivery table", "path": str(f.relative_to(context.base_dir)) if context.base_dir else str(f),
                "sha256": file_hash(f)} for f in sorted(table_files(paths))]
    return estate, records


class PortfolioFramework(Framework[PortfolioOptions, PortfolioResult]):
    """Entry-point object for ``portfolio`` (documents of kind ``portfolio``)."""

    id = "portfolio"
    name = "Portfolio roll-up"
    version = "1.0"
    description = ("An organisation's tenders, monitoring returns, evaluations, action plans, assessments and LM3 "
                   "surveys rolled up: committed vs delivered social value by theme, supplier and contract, plan "
                   "completion, and the documents behind every figure.")
    document_kinds = ("portfolio",)
    options_class = PortfolioOptions

    def document_schema(self, kind: str) -> dict[str, Any] | None:
        """The shipped JSON Schema of a document of ``kind`` (``socialvalue/schemas/<kind>.schema.json``)."""
        from socialvalue.schemas import schema

        return schema(kind) if kind in self.document_kinds else None

    def add_cli_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--engine", choices=_ENGINES, default=None,
                            help="how delivery tables are read: memory (default) or dask (out of core)")
        parser.add_argument("--scheduler", metavar="ADDRESS", default=None,
                            help="run the delivery tables on this dask.distributed scheduler (tcp://host:8786)")

    def cli_options(self, args: argparse.Namespace) -> dict[str, Any]:
        return {"engine": "dask" if args.scheduler else args.engine, "scheduler": args.scheduler}

    def run(self, document: Mapping[str, Any], options: PortfolioOptions, context: Context) -> PortfolioResult:
        from socialvalue.documents import read_document
        from socialvalue.frameworks import framework_for

        v.check_keys(document, _TOP_KEYS, None)
        price_year = v.integer(v.require(document, "price_year", None), "price_year", minimum=1900)
        from socialvalue.prices import gdp_deflator

        gdp_deflator().level(price_year, field="price_year")
        paths = _paths(document.get("documents") or [], context) if document.get("documents") else []
        estate, table_inputs = None, []
        if document.get("tables") is not None:
            estate, table_inputs = _tables(document["tables"], context, price_year, options)
        if not paths and estate is None:
            raise ValidationError("the portfolio names no documents and no tables", field="documents",
                                  hint="list documents (paths or globs) and/or tables: {deliveries: ...}")
        results, inputs = [], []
        for path in paths:
            raw = read_document(path)
            framework = framework_for(raw, source=str(path))
            if framework.id == self.id:
                raise ValidationError(f"{path.name} is itself a portfolio", field="documents",
                                      hint="list the documents of both portfolios in one")
            try:
                result = framework.evaluate(raw, source=str(path), options={"base_dir": str(path.parent)})
            except SocialValueError as exc:
                raise exc.with_context(source=str(path)) from None
            rel = str(path.relative_to(context.base_dir)) if context.base_dir else str(path)
            results.append((rel, result))
            inputs.append({"kind": "document", "path": rel, "framework": framework.id,
                           "sha256": result.provenance.input_sha256})
        provenance = Provenance(
            framework=self.id, framework_version=self.version, input_sha256=document_hash(document),
            source=context.source, datasets=tuple(inputs + table_inputs), price_year=price_year,
            deflator=gdp_deflator().provenance(years_used=[price_year]),
            conventions={"money": f"each document's figures re-based from its own price year to {price_year} "
                                  "(GDP deflator)",
                         "delivery": "monitoring returns: committed for the periods reported vs delivered",
                         "sums": "math.fsum over documents read in path order"})
        statement = None
        if document.get("statement") is not None:
            raw = v.mapping(document["statement"], "statement")
            v.check_keys(raw, _STATEMENT_KEYS, "statement")
            statement = {k: v.text(str(raw[k]), f"statement.{k}") for k in _STATEMENT_KEYS if raw.get(k) is not None}
            v.require(statement, "period", "statement")
        return PortfolioResult.build(name=v.text(v.require(document, "name", None), "name"), statement=statement,
                                     organisation=v.optional_text(document.get("organisation"), "organisation"),
                                     price_year=price_year, documents=results, rebase=_rebased,
                                     provenance=provenance, estate=estate)


FRAMEWORK = PortfolioFramework()
"""The plugin instance named by the ``portfolio`` entry point."""
