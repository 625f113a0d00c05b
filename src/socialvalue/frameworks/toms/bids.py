"""Reading bid returns from CSV or Excel: one row per supplier × measure.

Columns (names are case-insensitive; only ``supplier`` is required):

==============  ==========================================================================
``supplier``    the bidder's name (rows with the same name belong to one bid)
``qualitative`` the evaluators' mark (0–100, or a band label) for the method statement;
                give it on one row of the bid or repeat the same value on every row
``measure``     the measure code; leave empty on a row that only carries the mark
``quantity``    the quantity committed, in the measure's unit (``12.5``, or ``12.5 FTE``)
``unit``        the quantity's unit, if not in ``quantity`` (default: the measure's unit)
``years``       contract years the quantity is delivered in (per-year measures; default 1)
``quantities``  a phased commitment instead of ``quantity``: one figure per contract
                year separated by semicolons (``5;5;2.5``)
``confidence``  the buyer's confidence that the commitment will be delivered (0–1 or ``80%``)
``evidence``    ``false`` (or ``no``) if the commitment is not evidenced
``note``        free text, carried into the report
==============  ==========================================================================

Errors name the file and the row as a spreadsheet shows it (the column names are row 1):
``bids.csv: rows[4].quantity``. Excel files (``.xlsx``) need the optional ``openpyxl``
package (``pip install socialvalue[xlsx]``); the first worksheet is read, or the one named
``bids`` if there is one.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import Any

import attrs

from socialvalue.errors import DocumentError, LimitExceededError, ParseError, UnknownNameError, ValidationError
from socialvalue.suggest import close_matches

__all__ = ["BID_COLUMNS", "BidRows", "read_bids_file"]

BID_COLUMNS: tuple[str, ...] = ("supplier", "qualitative", "measure", "quantity", "unit", "years", "quantities",
                                "confidence", "evidence", "note")


def _max_rows() -> int:
    from socialvalue.config import current_limits

    return current_limits().max_rows


@attrs.frozen
class BidRows:
    """Bids read from a table, in the shape of a tender's ``bids:`` list, with each item's row."""

    bids: list[dict[str, Any]]
    bid_rows: list[int]
    commitment_rows: list[list[int]]
    path: str
    sha256: str

    def bid_field(self, i: int) -> str:
        return f"rows[{self.bid_rows[i]}]"

    def commitment_field(self, i: int, j: int) -> str:
        return f"rows[{self.commitment_rows[i][j]}]"


def _number_or_text(value: Any) -> Any:
    """A cell as a number when it is one by the one number rule, else its text.

    Text that is not a number by the rule (``"12,5"``, ``"1_2"``, ``"12.5 FTE"``) is kept as
    written: the field that reads it refuses a malformed number with its row and column.
    """
    from socialvalue.numbers import NumberTextError, parse_number_text

    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        try:
            return parse_number_text(text)
        except NumberTextError:
            return text
    return value


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    return value


def _evidence(value: Any, field: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = str(value).strip().lower()
    if text in ("true", "yes", "y", "1"):
        return True
    if text in ("false", "no", "n", "0"):
        return False
    raise ValidationError(f"evidence must be true or false, got {value!r}", field=field,
                          hint="write true/false or yes/no, or leave the cell empty")


def _rows_from_csv(raw: bytes, source: str) -> list[list[Any]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ParseError("bids file is not UTF-8 text", source=source, hint="save it as 'CSV UTF-8'") from None
    try:
        return [list(row) for row in csv.reader(io.StringIO(text))]
    except csv.Error as exc:
        raise ParseError(f"not a valid CSV file: {exc}", source=source) from None


def _rows_from_xlsx(path: Path, source: str) -> list[list[Any]]:
    try:
        import openpyxl
    except ImportError:
        raise DocumentError("reading .xlsx bid returns needs the optional openpyxl package", source=source,
                            hint="pip install 'socialvalue[xlsx]' (or openpyxl), or save the sheet as CSV") from None
    rows = _sheet_rows(openpyxl, path, source, data_only=True)
    formulas = _sheet_rows(openpyxl, path, source, data_only=False)
    for n, (values, written) in enumerate(zip(rows, formulas, strict=True), start=1):
        for k, (value, formula) in enumerate(zip(values, written, strict=False)):  # trailing empty cells may differ
            if value is None and isinstance(formula, str) and formula.startswith("="):
                column = openpyxl.utils.get_column_letter(k + 1)
                header = formulas[0][k] if formulas and k < len(formulas[0]) else None
                name = str(header).strip().lower() if header is not None else column
                raise ParseError(
                    f"cell {column}{n} holds the formula {formula[:60]!r} but no saved value",
                    source=source, field=f"rows[{n}].{name}",
                    hint="open the workbook in Excel or LibreOffice and save it (so each formula's value is "
                         "stored), or type the values; socialvalue does not calculate formulas")
    return rows


def _sheet_rows(openpyxl: Any, path: Path, source: str, *, data_only: bool) -> list[list[Any]]:
    """The rows of the ``bids`` sheet (or the first): values as saved, or formulas as written."""
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=data_only)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises several unrelated types for bad files
        raise ParseError(f"cannot read the workbook: {type(exc).__name__}: {exc}", source=source) from None
    try:
        sheet = book["bids"] if "bids" in book.sheetnames else book.worksheets[0]
        rows = []
        for n, row in enumerate(sheet.iter_rows(values_only=True)):
            if n > _max_rows():
                raise LimitExceededError(f"bids sheet has more than {_max_rows():,} rows", source=source,
                                         field="rows", hint="raise the max_rows limit (--limit max_rows=N) if you trust it")
            rows.append(list(row))
        return rows
    finally:
        book.close()


def read_bids_file(path: str | os.PathLike[str]) -> BidRows:
    """Read bids from ``.csv`` or ``.xlsx``, one row per supplier × measure (see module docs)."""
    from socialvalue.data import content_hash
    from socialvalue.documents import read_bytes

    path = Path(path)
    source = str(path)
    if not path.exists():
        raise DocumentError(f"bids file not found: {source}", source=source,
                            hint="check the path; relative paths are taken from the tender file's folder")
    raw = read_bytes(path)  # size-checked before it is read
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = _rows_from_csv(raw, source)
    elif suffix in (".xlsx", ".xlsm"):
        rows = _rows_from_xlsx(path, source)
    else:
        raise DocumentError(f"cannot read bids from a {suffix or 'suffix-less'} file", source=source,
                            hint="use .csv or .xlsx, or list the bids in the tender under bids:")
    try:
        return _to_bids(rows, source, content_hash(raw))
    except (ValidationError, UnknownNameError) as exc:
        raise exc.with_context(source=source) from None


def _to_bids(rows: list[list[Any]], source: str, sha256: str) -> BidRows:
    if len(rows) > _max_rows():
        raise LimitExceededError(f"bids file has more than {_max_rows():,} rows", field="rows",
                                 hint="raise the max_rows limit (--limit max_rows=N) if you trust it")
    if not rows or all(c in (None, "") for c in rows[0]):
        raise ValidationError("the first row must name the columns", field="rows[1]",
                              hint="columns: " + ", ".join(BID_COLUMNS))
    header = [str(c).strip().lower() if c is not None else "" for c in rows[0]]
    for k, name in enumerate(header):
        if name and name not in BID_COLUMNS:
            raise UnknownNameError(f"unknown column {name!r}", field=f"rows[1].{name}",
                                   suggestions=close_matches(name, BID_COLUMNS),
                                   hint="columns: " + ", ".join(BID_COLUMNS))
        if name and header.index(name) != k:
            raise ValidationError(f"column {name!r} appears twice", field=f"rows[1].{name}")
    if "supplier" not in header:
        raise ValidationError("the bids table has no 'supplier' column", field="rows[1]",
                              hint="columns: " + ", ".join(BID_COLUMNS))
    bids: dict[str, dict[str, Any]] = {}
    bid_rows: dict[str, int] = {}
    commitment_rows: dict[str, list[int]] = {}
    mark_rows: dict[str, int] = {}
    for n, values in enumerate(rows[1:], start=2):
        cells = {name: _cell(values[k]) if k < len(values) else None for k, name in enumerate(header) if name}
        if all(val is None for val in cells.values()):
            continue
        where = f"rows[{n}]"
        supplier = cells.get("supplier")
        if supplier is None:
            raise ValidationError("missing the supplier name", field=f"{where}.supplier")
        supplier = str(supplier) if not isinstance(supplier, float) else f"{supplier:g}"
        bid = bids.get(supplier)
        if bid is None:
            bid = bids[supplier] = {"supplier": supplier, "commitments": []}
            bid_rows[supplier] = n
            commitment_rows[supplier] = []
        mark = _number_or_text(cells.get("qualitative"))
        if mark is not None:
            if "qualitative" in bid and bid["qualitative"] != mark:
                raise ValidationError(
                    f"qualitative mark {mark!r} differs from {bid['qualitative']!r} given on row "
                    f"{mark_rows[supplier]} for the same supplier", field=f"{where}.qualitative",
                    hint="give the mark once per supplier, or the same mark on every row")
            if supplier not in mark_rows:
                bid["qualitative"] = mark
                mark_rows[supplier] = n
                bid_rows[supplier] = n
        if cells.get("measure") is None:
            extra = [k for k in ("quantity", "quantities", "unit", "years", "confidence", "evidence")
                     if cells.get(k) is not None]
            if extra:
                raise ValidationError("a row with a quantity needs a measure code", field=f"{where}.measure",
                                      hint="fill in the measure column, or clear the quantity cells")
            continue
        commitment: dict[str, Any] = {"measure": str(cells["measure"])}
        if cells.get("quantity") is not None:
            commitment["quantity"] = _number_or_text(cells["quantity"])
        if cells.get("quantities") is not None:
            parts = str(cells["quantities"]).split(";") if isinstance(cells["quantities"], str) else [
                cells["quantities"]]
            commitment["quantities"] = [_number_or_text(p) for p in parts]
        for key in ("unit", "note"):
            if cells.get(key) is not None:
                commitment[key] = str(cells[key])
        if cells.get("years") is not None:
            commitment["years"] = _number_or_text(cells["years"])
        if cells.get("confidence") is not None:
            conf = cells["confidence"]
            commitment["confidence"] = conf if isinstance(conf, str) and conf.endswith("%") else _number_or_text(conf)
        evidence = _evidence(cells.get("evidence"), f"{where}.evidence")
        if evidence is not None:
            commitment["evidence"] = evidence
        bid["commitments"].append(commitment)
        commitment_rows[supplier].append(n)
    names = list(bids)
    return BidRows(bids=[bids[s] for s in names], bid_rows=[bid_rows[s] for s in names],
                   commitment_rows=[commitment_rows[s] for s in names], path=source, sha256=sha256)
