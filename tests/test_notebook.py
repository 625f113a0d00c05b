"""The worked notebook runs from top to bottom (the docs extra brings nbclient and ipykernel), its
tables are not empty (a filter that matches nothing still runs without an error), its checks
check something (a loop over nothing "passes"), and what is not monetised stays missing, not £0."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "examples" / "construction-contract-three-views.ipynb"


def _text(output: dict) -> str:
    if "text" in output:
        return "".join(output["text"])
    return "".join(output.get("data", {}).get("text/plain", ""))


def _html(output: dict) -> str:
    return "".join(output.get("data", {}).get("text/html", ""))


def _tables(html: str) -> list[str]:
    """The DataFrames in one output's HTML (pandas writes ``<table class="dataframe">``)."""
    return re.findall(r'<table[^>]*class="dataframe"[^>]*>.*?</table>', html, flags=re.DOTALL)


def _body_rows(table: str) -> list[tuple[str, list[str]]]:
    """(row label, cell texts) of each row in a pandas HTML table's body."""
    body = re.search(r"<tbody>(.*?)</tbody>", table, flags=re.DOTALL)
    rows = re.findall(r"<tr>(.*?)</tr>", body.group(1) if body else "", flags=re.DOTALL)
    out = []
    for row in rows:
        label = re.search(r"<th[^>]*>(.*?)</th>", row, flags=re.DOTALL)
        out.append((label.group(1).strip() if label else "",
                    [c.strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.DOTALL)]))
    return out


def _unchecked_loops(source: str) -> list[str]:
    """Loops of a cell over a name that the cell does not first assert to be non-empty.

    A check written as ``for x in xs: assert ...`` passes when ``xs`` is empty, so every loop of the
    notebook must follow an ``assert len(xs) > 0`` (or ``assert xs``) in the same cell.
    """
    tree = ast.parse(source)
    asserted: set[str] = set()
    missing = []
    for node in tree.body:
        if isinstance(node, ast.Assert):
            for sub in ast.walk(node.test):
                if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name) and sub.func.id == "len":
                    asserted.update(a.id for a in sub.args if isinstance(a, ast.Name))
            if isinstance(node.test, ast.Name):
                asserted.add(node.test.id)
        if isinstance(node, ast.For) and not (isinstance(node.iter, ast.Name) and node.iter.id in asserted):
            missing.append(ast.unparse(node).splitlines()[0])
    return missing


def test_unchecked_loops_are_found() -> None:
    assert _unchecked_loops("for x in xs:\n    assert x\n") == ["for x in xs:"]
    assert _unchecked_loops("for x in f(y):\n    assert x\n") == ["for x in f(y):"]
    assert _unchecked_loops("assert len(xs) > 0\nfor x in xs:\n    assert x\n") == []
    assert _unchecked_loops("assert len(ys) > 0\nfor x in xs:\n    pass\n") == ["for x in xs:"]


def test_empty_frames_are_found() -> None:
    pd = pytest.importorskip("pandas")
    empty = pd.DataFrame({"a": []})._repr_html_()
    full = pd.DataFrame({"a": [1.0, None]}, index=["x", "y"])._repr_html_()
    assert [_body_rows(t) for t in _tables(empty)] == [[]]
    assert [_body_rows(t) for t in _tables(full)] == [[("x", ["1.0"]), ("y", ["NaN"])]]


def _notebook_cells() -> list[Any]:
    nbformat = pytest.importorskip("nbformat")
    return [c for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "code"]


def test_every_check_in_the_notebook_has_something_to_check() -> None:
    unchecked = {c.source.splitlines()[0]: loops for c in _notebook_cells() if (loops := _unchecked_loops(c.source))}
    assert not unchecked, f"loops that would pass over nothing (assert len(...) > 0 first): {unchecked}"


@pytest.fixture(scope="module")
def executed() -> list[Any]:
    # Under CI (SOCIALVALUE_CI) tests/conftest.py turns these skips into failures: CI installs the docs extra.
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(ROOT)}})
    client.execute()
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def test_worked_notebook_executes(executed) -> None:
    outputs = [o for cell in executed for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert any("image/png" in o.get("data", {}) for o in outputs), "the plots should display"
    checked = [m for o in outputs for m in re.findall(r"every decomposition adds up exactly \((\d+) pairs checked\)",
                                                      _text(o))]
    assert checked and int(checked[0]) > 0, "the decomposition check should run over at least one pair"


def test_every_table_the_notebook_shows_has_rows(executed) -> None:
    shown = [(cell.source.splitlines()[-1], table) for cell in executed for o in cell.get("outputs", [])
             for table in _tables(_html(o))]
    assert len(shown) >= 4, "the notebook shows the values, statuses, decomposition totals and bids"
    empty = [line for line, table in shown if not _body_rows(table)]
    empty += [cell.source.splitlines()[-1] for cell in executed for o in cell.get("outputs", [])
              if "Empty DataFrame" in _text(o)]
    assert not empty, f"the notebook shows empty tables: {empty}"
    # the decomposition totals are read from the rows whose fact is "total": a frame without them is empty
    totals = next(cell for cell in executed if 'fact"] == "total"' in cell.source)
    text = "".join(_text(o) for o in totals.get("outputs", []))
    for cause in ("proxy value", "adjustments", "discounting"):
        assert cause in text, f"the decomposition totals table does not show {cause!r}:\n{text}"


def test_not_monetised_is_missing_in_the_side_by_side_table_not_zero(executed) -> None:
    cell = next(cell for cell in executed if 'to_frame("values")' in cell.source)
    tables = [t for o in cell.get("outputs", []) for t in _tables(_html(o))]
    assert len(tables) == 1
    rows = dict(_body_rows(tables[0]))
    # local spend: TOMs has a measure that is not monetised, SROI has no counterpart; collisions: TOMs has none
    assert rows["local-spend"] and all(v == "NaN" for v in rows["local-spend"]), rows["local-spend"]
    assert rows["slight-collisions-avoided"].count("NaN") == 2, rows["slight-collisions-avoided"]
    assert all(float(v.replace(",", "")) > 0 for v in rows["local-jobs"])
