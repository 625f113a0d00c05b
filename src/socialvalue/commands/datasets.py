"""``socialvalue datasets``: list installed proxy datasets; ``socialvalue datasets check FILE...``.

``check`` runs every test a dataset must pass to be shipped, on a user's own file or folder:

1. :func:`socialvalue.proxies.load_dataset`, with all of the model's validation (units,
   ranges, unique ids, components and regions);
2. the JSON Schema of dataset files (``socialvalue/schemas/proxy-dataset.schema.json``), when
   ``jsonschema`` is installed;
3. the licence allow-list (:mod:`socialvalue.proxies.licences`) for the dataset and each proxy.

It prints a summary of each good file (id, version, licence, proxies by theme and by
confidence mark), or every problem found with the file and the field, and exits 2 when any
file is bad.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from socialvalue.commands.output import add_dataset_option

__all__ = ["check_dataset", "register", "run_check"]

EXIT_OK, EXIT_INPUT = 0, 2
_SUFFIXES = (".yaml", ".yml", ".json")
_SHOWN = 50
"""Problems printed per file in text output (all are in the JSON output)."""


def register(sub: Any) -> None:
    raw = argparse.RawDescriptionHelpFormatter
    datasets = sub.add_parser("datasets", help="list installed proxy datasets; check a dataset file before "
                                               "shipping it (datasets check FILE...)",
                              description="List the installed proxy datasets, or check dataset files.",
                              epilog="examples:\n  socialvalue datasets\n  socialvalue datasets list --format json\n"
                                     "  socialvalue datasets check my-proxies.yaml", formatter_class=raw)
    datasets.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    add_dataset_option(datasets)
    datasets.set_defaults(handler=_cmd_list)
    dsub = datasets.add_subparsers(dest="action", metavar="ACTION")
    p_list = dsub.add_parser("list", help="list installed datasets with version, licence and hash (the default)",
                             formatter_class=raw,
                             epilog="examples:\n  socialvalue datasets list\n"
                                    "  socialvalue datasets list --dataset my-proxies.yaml --format json")
    p_list.add_argument("--format", choices=("text", "json"), default=argparse.SUPPRESS, help="output format")
    p_list.add_argument("--dataset", action="append", default=argparse.SUPPRESS, metavar="PATH",
                        help="also list a proxy dataset from a YAML/JSON file or directory (repeatable)")
    p_list.set_defaults(handler=_cmd_list)
    p_check = dsub.add_parser(
        "check", help="validate dataset files or folders: the model's checks, the JSON Schema (with jsonschema "
                      "installed) and the licence allow-list; exit 2 if any is bad", formatter_class=raw,
        epilog="examples:\n  socialvalue datasets check my-proxies.yaml\n  socialvalue datasets check my-datasets/\n"
               "  socialvalue datasets check my-proxies.yaml --format json")
    p_check.add_argument("files", nargs="+", metavar="FILE", help="a dataset .yaml/.yml/.json file or a folder of them")
    p_check.add_argument("--format", choices=("text", "json"), default=argparse.SUPPRESS,
                         help="output format (default text)")
    p_check.set_defaults(handler=_cmd_check)


# --------------------------------------------------------------------------- list


def _cmd_list(args: argparse.Namespace) -> int:
    from socialvalue.commands.output import terminal_width
    from socialvalue.plugins import proxy_datasets
    from socialvalue.proxies import installed_datasets, load_dataset
    from socialvalue.results.report import Table
    from socialvalue.results.text import text_table

    datasets = [load_dataset(path) for path in args.dataset] + installed_datasets()
    if args.format == "json":
        print(json.dumps([ds.summary() for ds in datasets], indent=2))
    else:
        rows = [[ds.id, f"v{ds.version}", len(ds), ds.licence, ", ".join(ds.themes), ds.sha256[:19] + "…"]
                for ds in datasets]
        print(text_table(Table(["id", "version", "proxies", "licence", "themes", "sha256"], rows,
                               numeric=[False, False, True, False, False, False]), terminal_width()))
        for name, reason in proxy_datasets.broken.items():
            print(f"\nnot loaded: {name}: {reason}")
    return EXIT_OK


# --------------------------------------------------------------------------- check


def _problem(check: str, exc_or_field: Any, message: str | None = None, hint: str | None = None,
             source: str | None = None) -> dict[str, Any]:
    from socialvalue.errors import SocialValueError

    if isinstance(exc_or_field, SocialValueError):
        return {"check": check, "file": exc_or_field.source or source, "field": exc_or_field.field,
                "message": exc_or_field.message, "hint": exc_or_field.hint}
    return {"check": check, "file": source, "field": exc_or_field, "message": message, "hint": hint}


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in _SUFFIXES)
    return [path]


def _raw_parts(path: Path, problems: list[dict[str, Any]]) -> list[tuple[Path, Any]]:
    """Each file of the dataset as parsed data (files that cannot be read are already a model problem)."""
    from socialvalue.documents import read_document
    from socialvalue.errors import SocialValueError

    parts = []
    for file in _files(path):
        try:
            parts.append((file, read_document(file)))
        except SocialValueError as exc:
            if not any(p["check"] == "model" for p in problems):
                problems.append(_problem("model", exc, source=str(file)))
    return parts


def _licences(parts: list[tuple[Path, Any]]) -> list[dict[str, Any]]:
    """The licence allow-list, on the raw files: the header's licence and each proxy's (by id)."""
    from socialvalue.errors import ValidationError
    from socialvalue.proxies.licences import check_licence

    out = []
    for file, data in parts:
        if not isinstance(data, dict):
            continue
        header = data.get("dataset")
        checks: list[tuple[str, Any]] = []
        if isinstance(header, dict):
            checks.append(("dataset.licence", header.get("licence")))
        names: dict[str, str] = {}
        records = data.get("proxies")
        for i, record in enumerate(records if isinstance(records, list) else []):
            if isinstance(record, dict):
                checks.append((f"proxies[{i}].licence", record.get("licence")))
                if isinstance(record.get("id"), str):
                    names[f"proxies[{i}].licence"] = record["id"]
        for field, licence in checks:
            if licence is None:
                continue  # a missing licence is the model's and the schema's to report
            try:
                check_licence(licence, field, source=str(file))
            except ValidationError as exc:
                problem = _problem("licence", exc)
                if field in names:
                    problem["message"] = f"proxy {names[field]!r}: {problem['message']}"
                out.append(problem)
    return out


def _schema(parts: list[tuple[Path, Any]]) -> tuple[str, list[dict[str, Any]]]:
    from socialvalue.proxies.schema import SCHEMA_FILE, schema_problems

    if not parts:
        return "not checked (no file could be read)", []
    out: list[dict[str, Any]] = []
    for file, data in parts:
        found = schema_problems(data)
        if found is None:
            return "not checked (install jsonschema, e.g. pip install 'socialvalue[test]')", []
        out += [_problem("schema", field, message, f"see {SCHEMA_FILE} and docs/howto/proxy-dataset.md",
                         source=str(file)) for field, message in found]
    return ("invalid" if out else "valid"), out


def _summary(dataset: Any) -> dict[str, Any]:
    confidence = Counter(p.confidence for p in dataset)
    licences = Counter(p.licence for p in dataset)
    return {
        "id": dataset.id, "name": dataset.name, "version": dataset.version, "licence": dataset.licence,
        "proxies": len(dataset), "themes": dataset.themes,
        "confidence": {mark: confidence.get(mark, 0) for mark in ("C", "P", "U")},
        "proxy_licences": dict(sorted(licences.items())), "sha256": dataset.sha256,
    }


def check_dataset(path: str | Path) -> dict[str, Any]:
    """Every check ``socialvalue datasets check`` runs on one dataset file or folder, as a record:
    ``ok``, ``dataset`` (a summary, when it loads), ``schema`` (valid, invalid or not checked) and
    ``problems`` (each with ``check``, ``file``, ``field``, ``message`` and ``hint``)."""
    from socialvalue.errors import SocialValueError
    from socialvalue.proxies import load_dataset

    path = Path(path)
    problems: list[dict[str, Any]] = []
    summary = None
    try:
        summary = _summary(load_dataset(path))
    except SocialValueError as exc:
        problems.append(_problem("model", exc, source=str(path)))
    parts = _raw_parts(path, problems) if path.exists() else []
    schema, found = _schema(parts)
    seen = {(p["file"], p["field"]) for p in problems}  # the model's refusal, said once
    problems += [p for p in found if (p["file"], p["field"]) not in seen] + _licences(parts)
    return {"file": str(path), "ok": not problems, "dataset": summary, "schema": schema, "problems": problems}


def _problem_line(p: dict[str, Any]) -> str:
    where = ": ".join(str(x) for x in (p["file"], p["field"]) if x)
    hint = f" (fix: {p['hint']})" if p.get("hint") else ""
    return f"error: {where}: {p['message']}{hint}" if where else f"error: {p['message']}{hint}"


def _text(record: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(lines for stdout, lines for stderr) of one file's check."""
    out: list[str] = []
    ds = record["dataset"]
    if record["ok"]:
        out.append(f"{record['file']}: ok")
    else:
        n = len(record["problems"])
        out.append(f"{record['file']}: {n} problem{'s' if n != 1 else ''} (listed on standard error)")
    if ds is not None:
        themes = ", ".join(f"{k} {v}" for k, v in ds["themes"].items())
        marks = ", ".join(f"{k} {v}" for k, v in ds["confidence"].items())
        licences = ", ".join(f"{k} {v}" for k, v in ds["proxy_licences"].items())
        out += [f"  dataset     {ds['id']} {ds['version']}: {ds['name']}",
                f"  licence     {ds['licence']}; proxies: {licences or '-'}",
                f"  proxies     {ds['proxies']}",
                f"  by theme    {themes or '-'}",
                f"  confidence  {marks}  (C confirmed, P partly confirmed, U unconfirmed)",
                f"  sha256      {ds['sha256']}"]
    out.append(f"  schema      {record['schema']}")
    err = [_problem_line(p) for p in record["problems"][:_SHOWN]]
    if len(record["problems"]) > _SHOWN:
        err.append(f"... and {len(record['problems']) - _SHOWN} more problems in {record['file']} "
                   "(all of them: --format json)")
    return out, err


def _cmd_check(args: argparse.Namespace) -> int:
    records = [check_dataset(path) for path in args.files]
    if args.format == "json":
        print(json.dumps(records, indent=2, ensure_ascii=False))
    else:
        for i, record in enumerate(records):
            out, err = _text(record)
            print(("\n" if i else "") + "\n".join(out))
            if err:
                sys.stdout.flush()
                print("\n".join(err), file=sys.stderr)
    return EXIT_OK if all(r["ok"] for r in records) else EXIT_INPUT


def run_check(files: Sequence[str], fmt: str = "text") -> int:
    """``socialvalue datasets check FILES`` from Python (returns the exit status)."""
    return _cmd_check(argparse.Namespace(files=list(files), format=fmt))
