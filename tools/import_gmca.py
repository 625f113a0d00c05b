#!/usr/bin/env python3
"""Import the GMCA Unit Cost Database v1.4 workbook into one socialvalue proxy dataset.

Usage::

    python tools/import_gmca.py WORKBOOK.xlsx -o src/socialvalue/proxies/data/gmca-ucd.yaml

A maintainer's tool, not run at install time (needs openpyxl and pyyaml). It writes one
YAML dataset and prints to stderr every excluded row with its code and reason, then counts.
The output is deterministic: no timestamps, records in sheet order then code order, so
re-running on the same workbook gives the same bytes (tests/test_gmca_import.py checks it).

Rules, and why each exists
--------------------------
* Cells read: code (C), detail (D), unit (E) and three (value, price year) pairs, fiscal
  (H, I), economic (K, L), social (N, O); GMCA's source (Q), RAG rating (R) and the note
  GMCA attaches to the fiscal cell. Columns J, M and P (GMCA's uprating to 2015/16 prices)
  are NOT read: values stay as published in their own price base, so that re-indexing is
  done openly by socialvalue. Formulas are read through their cached results (the numbers
  the workbook shows); a formula without one stops the import (re-save the workbook).
* ``value`` is the fiscal value (the cost GMCA prints first: cost or saving to the public
  sector) with its price year, as every row shares that column. Economic and social values
  go in ``components`` with their own price years and are never added to ``value``: GMCA's
  Guidance counts them only in the public-value case. A row with no fiscal value takes the
  economic value (else the social one) as ``value``, so it still has a headline number;
  every record is tagged ``value-basis:fiscal|economic|social`` to say which it is.
* Excluded (each reported): no code (an id must come from GMCA's code; guessing one would
  not be reversible); historic/obsolete (detail marked "HISTORIC": benefits or programmes
  that no longer exist); benefit rates and other transfer payments (the Guidance: tax and
  social security payments are not public value) -- (a) a payment rate of a named benefit
  (unit per week/month/year, not an administration cost), or (b) the benefit-payment,
  welfare-payment or "fiscal cost to DWP/HMRC" element of a fiscal value, which GMCA's own
  comments say is benefits and tax; no number; exact repeats (same detail, unit, values and
  price years as a row kept earlier: GMCA lists some rows under two sub-themes).
* Kept but tagged ``gmca-transfer-in-fiscal``: rows that are not themselves transfers but
  whose fiscal value contains one -- GMCA's note on the fiscal cell (the Guidance's marker),
  a Comment saying the fiscal value comprises benefit payments, or a constituent excluded as
  a transfer. The fiscal value stays as published; the notes say what GMCA says to remove.
* Units: an explicit table (UNITS); unit text not in it stops the import, so a new workbook
  version cannot be mapped by guesswork. Count units it needs are defined in units.txt.
* Price years: GMCA gives UK financial years ("2010/11"); ``price_year`` is the calendar
  year in which the financial year starts (2010/11 -> 2010: 9 of its 12 months fall in it).
  The raw text is kept in the notes.
* Confidence carries GMCA's own RAG rating of the estimate: green -> C, amber -> P,
  red -> U; the raw rating is kept as tag ``gmca-rag:<colour>``.
* Levels (Guidance): headline (bold code), constituent (code X.Y.Z, indented detail: part of
  X.Y's value, never add both), otherwise subsidiary; tagged ``gmca-level:<level>``.
* Region: GMCA's costs are national figures (mostly England, or England and Wales), recorded
  as "England"; source.based_on names the underlying study.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
import yaml

GMCA_VERSION = "1.4"
DATASET_VERSION = "1.4.0"  # GMCA version 1.4, import revision 0
URL = "https://www.greatermanchester-ca.gov.uk/what-we-do/research/research-cost-benefit-analysis/"
PUBLISHER = "New Economy / GMCA Research Team (Greater Manchester Combined Authority)"
TITLE = "Unit Cost Database v1.4"
VIA = "copy of the workbook in github.com/charlescoverdale/econstack-data, src/gmca-raw/unit-cost-database.xlsx"
SHEETS: dict[str, str] = {  # sheet -> socialvalue theme, in output order
    "Crime": "crime", "Education & Skills": "skills", "Employment & Economy": "employment",
    "Fire": "fire", "Health": "health", "Housing": "housing", "Social Services": "social-care",
}
CODE, DETAIL, UNIT, SOURCE, RAG_COL, COMMENT = 3, 4, 5, 17, 18, 19  # columns C, D, E, Q, R, S
COMPONENTS: tuple[tuple[str, int, int], ...] = (("fiscal", 8, 9), ("economic", 11, 12), ("social", 14, 15))
HEADERS: dict[tuple[int, int], str] = {  # (row, column) -> expected header text (regex)
    (1, 3): "cost code", (1, 4): "cost / saving detail", (1, 5): "unit", (1, 8): "fiscal",
    (1, 11): "economic", (1, 14): "social", (1, 17): "original source", (1, 18): "rag",
    (2, 8): "estimated", (2, 9): "year", (2, 11): "estimated", (2, 12): "year", (2, 14): "estimated", (2, 15): "year",
}
# GMCA unit text (lower case, spaces collapsed) -> socialvalue unit. Children, claimants,
# customers, users and participants are persons; a period ("over a ten year period",
# "lifetime") is a total per person and is stated in the record's notes.
UNITS: dict[str, str] = {
    "per incident": "GBP/incident", "per event": "GBP/event", "per action": "GBP/action",
    "each": "GBP/item", "per claim": "GBP/claim", "per application": "GBP/application",
    "per process": "GBP/process", "per session": "GBP/session", "per course": "GBP/course",
    "per case": "GBP/case", "per scheme": "GBP/scheme", "per visit": "GBP/visit",
    "per contact": "GBP/contact", "per service user contact": "GBP/contact",
    "per admission": "GBP/admission", "per attendance": "GBP/attendance", "per episode": "GBP/episode",
    "per bed day": "GBP/bed_day", "per consultation": "GBP/appointment",  # a consultation is one appointment
    "per hour": "GBP/hour", "per day": "GBP/day", "per week": "GBP/week", "per month": "GBP/month",
    "per year": "GBP/year",
    "per person": "GBP/person", "per child": "GBP/person", "per claimant": "GBP/person",
    "per customer": "GBP/person", "per user": "GBP/person", "per participant": "GBP/person",
    "per child over a ten year period": "GBP/person", "per child over a 25 year period": "GBP/person",
    "lifetime": "GBP/person",
    "per person per year": "GBP/person/year", "per claimant per year": "GBP/person/year",
    "per child per year": "GBP/person/year", "per client per week": "GBP/person/week",
    "per fte": "GBP/FTE/year",  # GMCA's per-FTE rows are annual staffing costs of one post
}
RAG: dict[str, tuple[str, str]] = {"G": ("C", "green"), "A": ("P", "amber"), "R": ("U", "red")}
HISTORIC = re.compile(r"\bhistoric\b|\bobsolete\b", re.I)
BENEFIT = re.compile(r"job ?seekers?'?s? allowance|employment and support allowance|income support|incapacity "
                     r"benefit|personal independence payment|disability living allowance|attendance allowance|"
                     r"carer'?s allowance|housing benefit|local housing allowance|universal credit|pension credit|"
                     r"child benefit|tax credit", re.I)
ADMIN = re.compile(r"\bcosts? of\b|processing|maintaining|interview|advice|signing on", re.I)
RATE_UNITS = {"per week", "per month", "per year"}
TRANSFER_ELEMENT = re.compile(r"benefits? payments|welfare payments|fiscal cost to (?:the )?(?:DWP|HMRC)", re.I)
FISCAL_IS_BENEFITS = re.compile(r"fiscal value comprises (?:the additional )?benefit payments", re.I)
FY = re.compile(r"(\d{4})/(\d{2})")


class ImportFailure(Exception):
    """The workbook does not fit the rules above; nothing is written."""


@dataclass
class Row:
    sheet: str
    row: int
    code: str
    detail: str
    unit_text: str
    unit_raw: str
    values: dict[str, tuple[int | float, str]]  # component -> (value, financial year as printed)
    based_on: str
    rag: str
    fiscal_note: str
    comment: str
    bold: bool
    notes: list[str] = field(default_factory=list)
    transfer: bool = False


def tidy(text: Any) -> str:
    """Whitespace collapsed; a line break becomes ': ' unless the next line continues the text."""
    lines = [" ".join(part.split()) for part in str(text or "").splitlines()]
    out = ""
    for line in (x for x in lines if x):
        if not out:
            out = line
        elif line[0] in "(-" or line[0].islower() or out.endswith((":", "-", ",", "(")):
            out = f"{out} {line}"
        else:
            out = f"{out}: {line}"
    return out


def calendar_year(fy: str, where: str) -> int:
    m = FY.fullmatch(fy.strip())
    if not m or (int(m[1]) + 1) % 100 != int(m[2]):
        raise ImportFailure(f"{where}: price year {fy!r} is not a financial year like 2010/11")
    return int(m[1])


def number(value: Any) -> int | float:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def code_key(code: str) -> tuple[str, tuple[int, ...]]:
    return re.sub(r"[\d.]", "", code), tuple(int(n) for n in re.findall(r"\d+", code))


def proxy_id(code: str) -> str:
    return "gmca-" + code.lower().replace("&", "").replace(".", "-")


def read_rows(path: Path) -> tuple[list[Row], list[tuple[Row, str]], int, int]:
    """Every cost row of the thematic sheets; rows with no code/number are returned as excluded."""
    book = openpyxl.load_workbook(path, data_only=True)
    formulas = openpyxl.load_workbook(path, data_only=False)
    title = str(book["Introduction"]["C2"].value or "")
    if f"v.{GMCA_VERSION}" not in title:
        raise ImportFailure(f"this importer is for Unit Cost Database v{GMCA_VERSION}; the workbook says {title!r}")
    rows: list[Row] = []
    excluded: list[tuple[Row, str]] = []
    read = skipped = 0
    problems: list[str] = []
    for sheet in SHEETS:
        ws, wf = book[sheet], formulas[sheet]
        for (r, c), pattern in HEADERS.items():
            if not re.search(pattern, str(ws.cell(r, c).value or ""), re.I):
                problems.append(f"sheet {sheet}: cell {ws.cell(r, c).coordinate} should say {pattern!r}")
        for r in range(3, ws.max_row + 1):
            code = str(ws.cell(r, CODE).value or "").strip()
            detail = tidy(ws.cell(r, DETAIL).value)
            if not code and not detail:  # blank, or GMCA's drop-down lists below "Do not delete rows"
                skipped += any(c.value is not None for c in ws[r])
                continue
            read += 1
            values: dict[str, tuple[int | float, str]] = {}
            for name, vcol, ycol in COMPONENTS:
                cell, year = ws.cell(r, vcol), str(ws.cell(r, ycol).value or "").strip()
                raw = wf.cell(r, vcol).value
                if cell.value is None and isinstance(raw, str) and raw.startswith("="):
                    problems.append(f"{sheet}!{cell.coordinate}: formula without a cached value")
                elif cell.value is None:
                    continue
                elif not isinstance(cell.value, (int, float)) or isinstance(cell.value, bool) or cell.value < 0:
                    problems.append(f"{sheet}!{cell.coordinate}: {cell.value!r} is not a number >= 0")
                elif not year:
                    problems.append(f"{sheet}!{cell.coordinate}: {name} value without a price year")
                else:
                    calendar_year(year, f"{sheet}!{ws.cell(r, ycol).coordinate}")
                    values[name] = (number(cell.value), year)
            note = ws.cell(r, COMPONENTS[0][1]).comment
            rag = str(ws.cell(r, RAG_COL).value or "").strip().upper()
            unit = " ".join(str(ws.cell(r, UNIT).value or "").split())
            item = Row(sheet, r, code, detail, unit.lower(), unit, values,
                       tidy(ws.cell(r, SOURCE).value), rag, tidy(note.text) if note else "",
                       tidy(ws.cell(r, COMMENT).value), bool(ws.cell(r, CODE).font.b))
            if not code:
                excluded.append((item, "no GMCA code"))
            elif not values:
                excluded.append((item, "no number"))
            else:
                if rag not in RAG:
                    problems.append(f"{sheet} {code}: RAG rating {rag!r} is not R, A or G")
                rows.append(item)
    unmapped: dict[str, list[str]] = {}
    for r in rows:
        if r.unit_text not in UNITS:
            unmapped.setdefault(r.unit_raw, []).append(r.code)
    problems += [f"unit text {text!r} is not in the UNITS table ({len(codes)} rows, e.g. {', '.join(codes[:3])})"
                 for text, codes in sorted(unmapped.items())]
    if problems:
        raise ImportFailure("\n".join(problems))
    return rows, excluded, read, skipped


def exclusion(row: Row) -> str | None:
    """Why a coded row with a number is not imported (None: import it). See the module docstring."""
    if HISTORIC.search(row.detail):
        return "historic/obsolete (marked HISTORIC by GMCA)"
    if row.unit_text in RATE_UNITS and BENEFIT.search(row.detail) and not ADMIN.search(row.detail):
        return "benefit rate (transfer payment)"
    if TRANSFER_ELEMENT.search(row.detail):
        return "transfer payment (benefit/tax element of a fiscal value)"
    return None


def select(rows: list[Row], excluded: list[tuple[Row, str]]) -> list[Row]:
    order = {sheet: i for i, sheet in enumerate(SHEETS)}
    rows = sorted(rows, key=lambda r: (order[r.sheet], code_key(r.code), r.row))
    kept: list[Row] = []
    seen: dict[tuple[Any, ...], Row] = {}
    for row in rows:
        reason = exclusion(row)
        key = (row.detail.lower(), row.unit_text, tuple(sorted(row.values.items())))
        if reason is None and key in seen:
            first = seen[key]
            reason = f"duplicate of {first.code} ({first.sheet}, row {first.row})"
            first.notes.append(f"GMCA repeats this row as {row.code} (sheet {row.sheet}, row {row.row}); "
                               "the repeat is not imported.")
        if reason:
            excluded.append((row, reason))
            continue
        seen[key] = row
        kept.append(row)
    transfers: dict[str, list[Row]] = {}
    for row, reason in excluded:
        if reason.startswith("transfer") and row.code.count(".") == 2 and "fiscal" in row.values:
            transfers.setdefault(row.code.rsplit(".", 1)[0], []).append(row)
    for row in kept:  # kept rows whose fiscal value contains a transfer, strongest evidence first
        parts = ", ".join(f"{p.code} ({p.values['fiscal'][0]:,})" for p in transfers.get(row.code, []))
        if row.fiscal_note:
            note = f'GMCA note on the fiscal value: "{row.fiscal_note}"'
        elif FISCAL_IS_BENEFITS.search(row.comment) and "fiscal" in row.values:
            note = ("GMCA's comment says the fiscal value comprises benefit payments (and foregone tax), which are "
                    "transfer payments: leave them out of public value.")
        elif parts:
            note = (f"Its fiscal value includes {parts}, benefit payments or tax, which GMCA's Guidance says to "
                    "leave out of public value.")
        else:
            continue
        row.transfer = True
        row.notes.append(note)
    return kept


def record(row: Row) -> dict[str, Any]:
    basis = next(name for name, _, _ in COMPONENTS if name in row.values)
    value, fy = row.values[basis]
    level = "constituent" if row.code.count(".") == 2 else "headline" if row.bold else "subsidiary"
    confidence, colour = RAG[row.rag]
    name = row.detail if len(row.detail) <= 100 else row.detail[:99].rsplit(" ", 1)[0].rstrip(" ,;:-") + "…"
    years = sorted({y for _, y in row.values.values()})
    base = (f"GMCA price base {years[0]}" if len(years) == 1 else "GMCA price base "
            + ", ".join(f"{k} {y}" for k, (_, y) in row.values.items()))
    notes = [f"{base}; GMCA unit '{row.unit_raw}'."]
    if basis != "fiscal":
        notes.append(f"GMCA gives no fiscal value; value is the {basis} value.")
    if level == "constituent":
        notes.append(f"Constituent of {row.code.rsplit('.', 1)[0]}: part of that value, do not add both.")
    tags = [f"gmca-code:{row.code}", f"gmca-rag:{colour}", f"gmca-level:{level}", f"value-basis:{basis}"]
    if row.transfer:
        tags.append("gmca-transfer-in-fiscal")
    return {
        "id": proxy_id(row.code),
        "name": name,
        "description": f"GMCA {basis} value, {row.unit_text}: {row.detail.rstrip('.')}.",
        "theme": SHEETS[row.sheet],
        "tags": tags,
        "value": value,
        "unit": UNITS[row.unit_text],
        "currency": "GBP",
        "price_year": calendar_year(fy, row.code),
        "region": "England",
        "source": {"publisher": PUBLISHER, "title": TITLE, "year": 2015, "url": URL,
                   "locator": f"sheet {row.sheet}, code {row.code}, row {row.row}", "via": VIA,
                   **({"based_on": row.based_on} if row.based_on else {})},
        "licence": "CC-BY-4.0",
        "confidence": confidence,
        "notes": " ".join(notes + row.notes),
        "components": {k: {"value": v, "price_year": calendar_year(y, row.code)} for k, (v, y) in row.values.items()},
    }


def dataset(records: list[dict[str, Any]]) -> dict[str, Any]:
    description = (
        "The Unit Cost Database v1.4 (March 2015) of New Economy, now the GMCA Research Team: unit costs of "
        "public services and outcomes in crime, education and skills, employment, fire, health, housing and "
        "social care. Attribution: GMCA Research (New Economy), Unit Cost Database v1.4, CC BY 4.0 "
        "(https://creativecommons.org/licenses/by/4.0/). Derived data: made from the workbook by "
        "tools/import_gmca.py, which selected rows, tidied text and mapped units, themes, ratings and financial "
        "years; values are unchanged from the workbook, each in its own price base (not re-indexed; GMCA's "
        "2015/16 uprated columns are not used). GMCA does not endorse this dataset. `value` is GMCA's fiscal "
        "value (cost or saving to the public sector); economic and social values are in `components`, not "
        "added in. Where a row has no fiscal value, `value` is its economic value (else social): tag "
        "value-basis:* says which. The confidence mark carries GMCA's own quality (RAG) rating of the "
        "estimate, not a check by socialvalue: green C, amber P, red U (raw rating in tag gmca-rag:*). "
        "Not imported: benefit rates and other transfer payments, rows marked historic, rows without a code "
        "or a number, exact repeats. Tag gmca-transfer-in-fiscal: GMCA says part or all of the fiscal value is a "
        "transfer payment, to leave out of public value (see notes). Constituent rows (gmca-level:constituent) "
        "are parts of their parent's value. Costs are national (mostly England, or England and Wales; see "
        "source.based_on) and recorded as England.")
    return {
        "dataset": {
            "id": "gmca-ucd", "name": "GMCA Unit Cost Database v1.4 (fiscal, economic and social values)",
            "version": DATASET_VERSION, "licence": "CC-BY-4.0", "description": description, "homepage": URL,
            "price_year_note": (
                "GMCA gives price bases as UK financial years (April to March), e.g. 2010/11. price_year, and each "
                "component's price_year, is the calendar year in which the financial year starts (2010/11 -> "
                "2010), since 9 of its 12 months fall in that year. The raw financial year is in each record's "
                "notes ('GMCA price base 2010/11')."),
        },
        "proxies": records,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workbook", type=Path, help="gmca-unit-cost-database-v1.4.xlsx")
    parser.add_argument("-o", "--output", type=Path, required=True, help="YAML dataset to write")
    args = parser.parse_args(argv)
    try:
        rows, excluded, read, skipped = read_rows(args.workbook)
        kept = select(rows, excluded)
        records = [record(r) for r in kept]
        names = Counter(r["name"] for r in records)
        for rec in records:  # a name cut short can lose what tells siblings apart: add the code
            if names[rec["name"]] > 1:
                rec["name"] = f"{rec['name']} ({rec['tags'][0].split(':', 1)[1]})"
        ids = Counter(r["id"] for r in records)
        clashes = [i for i, n in ids.items() if n > 1 or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i)]
        if clashes:
            raise ImportFailure(f"ids not unique or not kebab-case: {clashes}")
    except ImportFailure as exc:
        print(f"import_gmca: refused, nothing written:\n{exc}", file=sys.stderr)
        return 1
    sha = hashlib.sha256(args.workbook.read_bytes()).hexdigest()
    head = ("# GMCA Unit Cost Database v1.4 as a socialvalue proxy dataset. Generated; do not edit by hand:\n"
            f"#   python tools/import_gmca.py WORKBOOK.xlsx -o src/socialvalue/proxies/data/gmca-ucd.yaml\n"
            f"# Workbook sha256 {sha}.\n"
            "# Contains data from GMCA Research (New Economy), Unit Cost Database v1.4, licensed CC BY 4.0.\n")
    body = yaml.safe_dump(dataset(records), sort_keys=False, allow_unicode=True, width=100)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes((head + body).encode("utf-8"))
    err = sys.stderr
    order = {sheet: i for i, sheet in enumerate(SHEETS)}
    for row, reason in sorted(excluded, key=lambda e: (order[e[0].sheet], e[0].row)):
        print(f"excluded  {row.sheet:<21} {row.code or '(none)':<10} row {row.row:<4} {reason}: {row.detail[:70]}",
              file=err)
    print(f"\nrows read {read} (GMCA drop-down list rows skipped {skipped}); kept {len(records)}; "
          f"excluded {len(excluded)}", file=err)
    for label, counts in (("excluded by reason", Counter(r.split(" (")[0].split(" of ")[0] for _, r in excluded)),
                          ("kept by theme", Counter(r["theme"] for r in records)),
                          ("kept by confidence", Counter(r["confidence"] for r in records)),
                          ("kept by value basis", Counter(r["tags"][3] for r in records))):
        print(f"{label}: " + ", ".join(f"{k} {n}" for k, n in sorted(counts.items())), file=err)
    with_parts = Counter(k for r in records for k in r["components"] if k != "fiscal")
    print(f"kept with economic value {with_parts['economic']}, with social value {with_parts['social']}, "
          f"tagged gmca-transfer-in-fiscal {sum('gmca-transfer-in-fiscal' in r['tags'] for r in records)}", file=err)
    print(f"wrote {args.output} (workbook sha256 {sha})", file=err)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
