"""docs/howto/compare-frameworks.md runs: its Python prints what the page shows, its YAML works,
and its table of facts is the bundled crosswalk's."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest
import yaml

from socialvalue.compare import compare, load_crosswalk

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "howto" / "compare-frameworks.md"
BLOCK = re.compile(r"```(\w+)\n(.*?)```", re.DOTALL)


def blocks(kind: str) -> list[str]:
    return [body for k, body in BLOCK.findall(PAGE.read_text(encoding="utf-8")) if k == kind]


def run(code: str) -> tuple[str, dict]:
    namespace: dict = {"__name__": "__docs__"}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, str(PAGE), "exec"), namespace)  # noqa: S102 - our own documentation
    return out.getvalue(), namespace


def test_python_example_prints_what_the_page_shows(monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    text = PAGE.read_text(encoding="utf-8")
    match = re.search(r"```python\n(.*?)```\n\nprints\n\n```text\n(.*?)```", text, re.DOTALL)
    assert match, "the page shows a Python example followed by its output"
    printed, _ = run(match.group(1))
    assert printed == match.group(2)


def test_bids_example_ranks_as_the_page_says() -> None:
    code = next(b for b in blocks("python") if "compare_bids" in b)
    _, namespace = run(code)
    ranking = namespace["result"].ranking
    assert ranking.ranks == ((1, 2, 3), (2, 1, 3))
    assert ranking.taus[0][:2] == ("toms", "sroi") and ranking.taus[0][2] == pytest.approx(1 / 3)


def test_yaml_snippets_parse_and_the_crosswalk_extension_works() -> None:
    snippets = [yaml.safe_load(b) for b in blocks("yaml")]
    extension = next(s for s in snippets if "crosswalk" in s)["crosswalk"]
    cw = load_crosswalk(extension)
    assert cw.facts["mentoring-hours"].toms is None
    result = compare({"name": "x", "price_year": 2024, "facts": [
        {"fact": "local-jobs", "quantity": 2, "unit": "FTE", "years": 2},
        {"fact": "mentoring-hours", "quantity": 200, "unit": "hour"}]}, ["toms", "sroi"], extension)
    row = result.decomposition("sroi").row("mentoring-hours")
    assert row.status == "no counterpart in toms" and "no mentoring measure" in result.to_text()
    assert result.value("sroi", "mentoring-hours") > 0
    assert result.decomposition("sroi").row("local-jobs").parts["duration and drop-off"] != 0
    order = next(s for s in snippets if "order" in s)["order"]
    assert sorted(order) == sorted(result.order)


def test_fact_table_is_the_bundled_crosswalk() -> None:
    cw = load_crosswalk()
    rows = re.findall(r"^\| `([a-z-]+)` \| (\S+) \| (level|total) \| (.*?) \| (.*?) \|$",
                      PAGE.read_text(encoding="utf-8"), re.MULTILINE)
    assert [r[0] for r in rows] == list(cw.facts)
    for fact, unit, kind, toms, sroi in rows:
        spec = cw.facts[fact]
        assert (unit, kind) == (spec.unit, spec.kind)
        assert (toms == "no counterpart") == (spec.toms is None)
        assert spec.toms is None or toms.startswith(f"`{spec.toms.measure}`")
        assert (sroi == "no counterpart") == (spec.sroi is None)
        assert spec.sroi is None or sroi == f"`{spec.sroi.proxy}`"


def test_report_excerpts_are_the_example_output(monkeypatch) -> None:
    from socialvalue.compare import evaluate_comparison
    from socialvalue.documents import read_document

    monkeypatch.chdir(ROOT)
    example = "examples/compare-construction.yaml"
    lines = evaluate_comparison(read_document(example), source=example).to_text().splitlines()
    excerpts = [b for b in blocks("text") if "Value by fact" in b or b.startswith("Why ")]
    assert len(excerpts) == 2
    for block in excerpts:
        for line in block.splitlines():
            assert line == "..." or line in lines, line
