"""Charts in reports: every kind of report draws its figures as SVG in HTML (no matplotlib), the
SVG escapes user text and is well-formed XML, the same input gives the same bytes, empty data
gives no chart, text and Markdown name charts without drawing them, and the page prints on A4."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from socialvalue.frameworks import evaluate
from socialvalue.frameworks.flexible import compare_assessments
from socialvalue.results import charts
from socialvalue.results.html import CSS, render_html
from socialvalue.results.report import Chart, Report, Section

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)
HOSTILE = "<script>alert('x')</script> & \"Co\" <img src=x onerror=alert(1)>"


def _sroi(name: str, **options):
    return evaluate(EXAMPLES / name, options={"base_dir": str(EXAMPLES), **options})


RESULTS = {
    "impact-map": lambda: _sroi("community-centre.yaml", sensitivity=True, monte_carlo=300, seed=7),
    "impact-map-plain": lambda: _sroi("employment-programme.yaml"),
    "evaluation": lambda: _sroi("employment-programme-evaluation.yaml"),
    "tender": lambda: evaluate(EXAMPLES / "tender-highways.yaml"),
    "monitoring": lambda: evaluate(EXAMPLES / "monitoring-highways.yaml"),
    "assessment": lambda: evaluate(EXAMPLES / "assessment-example-council.yaml"),
    "benchmark": lambda: compare_assessments([EXAMPLES / "assessment-example-council.yaml",
                                              EXAMPLES / "assessment-example-district.yaml"]),
    "lm3": lambda: evaluate(EXAMPLES / "lm3-council-catering.yaml"),
    "compare": lambda: evaluate(EXAMPLES / "compare-construction.yaml"),
    "action-plan": lambda: evaluate(EXAMPLES / "action-plans" / "tyne-civils-2026.yaml"),
}

# The charts each example's report must hold (by figure caption), at least.
EXPECTED = {
    "impact-map": ["From gross value to present value", "Present value by theme", "Present value by beneficiary group",
                   "Present value by place domain", "Sensitivity of the SROI ratio, one assumption at a time",
                   "Monte Carlo draws of present value"],
    "impact-map-plain": ["From gross value to present value"],
    "evaluation": ["From gross value to present value", "Forecast and actual present value by outcome"],
    "tender": ["Social value points per bid (quantitative + qualitative)", "Social value by theme"],
    "monitoring": ["Committed and delivered social value by period",
                   "Committed and delivered social value by theme (periods reported)"],
    "assessment": ["Level per theme (0-5)"],
    "benchmark": ["Level per theme (0-5)"],
    "lm3": ["The three rounds (LM3"],
    "compare": ["Total value under each view (GBP)", "the difference split into causes"],
    "action-plan": ["Actions by theme as of"],
}


def svgs(page: str) -> list[str]:
    return SVG.findall(page)


def captions(page: str) -> list[str]:
    return re.findall(r"<figcaption>(.*?)</figcaption>", page)


@pytest.fixture(scope="module")
def results() -> dict:
    return {name: make() for name, make in RESULTS.items()}


@pytest.mark.parametrize("name", sorted(RESULTS))
def test_every_kind_of_report_draws_accessible_svg_charts(results, name) -> None:
    page = results[name].to_html()
    found = svgs(page)
    assert found, f"{name}: no chart in the HTML report"
    for svg in found:
        root = ET.fromstring(svg)  # well-formed XML, so it also works saved as a .svg file
        assert root.get("role") == "img" and root.get("aria-label")
        assert root.get("width") == "100%" and re.fullmatch(r"0 0 720 [\d.]+", root.get("viewBox"))
        assert root.find("{http://www.w3.org/2000/svg}title").text
        assert len(root) > 3  # more than a frame: bars, labels
    shown = captions(page)
    for expected in EXPECTED[name]:
        assert any(expected in c for c in shown), f"{name}: no chart {expected!r} in {shown}"


@pytest.mark.parametrize("name", sorted(RESULTS))
def test_charts_are_deterministic_and_only_in_the_report(results, name) -> None:
    again = RESULTS[name]()
    assert svgs(results[name].to_html()) == svgs(again.to_html())
    assert results[name].to_json() == again.to_json()
    assert "<svg" not in results[name].to_text() and "<svg" not in results[name].to_json()
    assert "<svg" not in results[name]._repr_html_()  # the notebook's short view: result.plot() draws there


def test_text_and_markdown_name_a_chart_in_one_line_at_most(results) -> None:
    result = results["impact-map"]
    text = result.to_text()
    assert "Present value by theme" not in text  # the text report draws no chart and names none
    markdown = result.to_markdown()
    lines = [line for line in markdown.splitlines() if line.startswith("*Chart:")]
    assert lines == [f"*Chart: {c} (see the HTML report).*" for c in captions(result.to_html())]


def test_hostile_supplier_names_are_escaped_inside_the_svg() -> None:
    doc = yaml.safe_load((EXAMPLES / "tender-highways.yaml").read_text(encoding="utf-8"))
    doc["bids"][0]["supplier"] = HOSTILE
    page = evaluate(doc, options={"base_dir": str(EXAMPLES)}).to_html()
    charted = "".join(svgs(page))
    assert "&lt;script&gt;" in charted  # the name is in the chart (legend, labels, tooltips) ...
    assert "<script" not in page and "<img" not in page  # ... as text only
    for svg in svgs(page):
        ET.fromstring(svg)
        assert all(el.tag.split("}")[1] in {"svg", "title", "desc", "rect", "line", "text"} for el in ET.fromstring(svg).iter())


def test_hostile_text_in_every_builder_stays_text() -> None:
    built = [charts.bar_chart(HOSTILE, [HOSTILE, "b"], [(HOSTILE, [1.0, -2.0]), ("x", [None, 3.0])]),
             charts.bar_chart(HOSTILE, [HOSTILE], [(HOSTILE, [1.0]), ("y", [2.0])], stacked=True),
             charts.waterfall(HOSTILE, [(HOSTILE, 10.0), ("step", 4.0)], end_label=HOSTILE, alt=HOSTILE),
             charts.tornado(HOSTILE, [(HOSTILE, 1.0, 3.0)], 2.0, low_name=HOSTILE, target=(HOSTILE, 1.5)),
             charts.histogram(HOSTILE, [1.0, 2.0, 2.5], marks=[(HOSTILE, 2.0)])]
    for svg in built:
        assert svg is not None and "<script" not in svg and "<img" not in svg and "&lt;script&gt;" in svg
        ET.fromstring(svg)
    control = charts.bar_chart("t", ["a\x1bb\u202ec"], [("v", [1.0])])
    assert control is not None and "\x1b" not in control and "\u202e" not in control
    ET.fromstring(control)


def test_empty_data_gives_no_chart() -> None:
    assert charts.bar_chart("t", [], [("v", [])]) is None
    assert charts.bar_chart("t", ["a", "b"], [("v", [None, None])]) is None
    assert charts.bar_chart("t", ["a"], [("v", [float("nan")])]) is None
    assert charts.waterfall("t", []) is None
    assert charts.waterfall("t", [("gross", 10.0), ("step", float("nan"))]) is None
    assert charts.tornado("t", [], 1.0) is None
    assert charts.tornado("t", [("a", None, None)], 1.0) is None
    assert charts.histogram("t", []) is None
    report = Report("r", sections=[Section("s", [])])
    assert "<svg" not in render_html(report) and "<figure" not in render_html(report)


def test_a_single_group_draws_no_group_chart() -> None:
    doc = yaml.safe_load((EXAMPLES / "employment-programme.yaml").read_text(encoding="utf-8"))
    for outcome in doc["outcomes"]:
        outcome.pop("theme", None)
        outcome["beneficiaries"] = {"group": "Everyone", **{k: v for k, v in (outcome.get("beneficiaries") or {}).items()
                                                            if k != "group"}}
    shown = captions(evaluate(doc, options={"base_dir": str(EXAMPLES)}).to_html())
    assert "From gross value to present value" in shown
    assert "Present value by beneficiary group" not in shown


def test_negative_values_are_drawn_left_of_zero_and_labelled() -> None:
    svg = charts.bar_chart("t", ["gain", "loss"], [("v", [100.0, -40.0])])
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    rects = [r for r in root.iter(f"{ns}rect")]
    gain, loss = rects
    assert float(loss.get("x")) + float(loss.get("width")) == pytest.approx(float(gain.get("x")), abs=0.2)
    assert "-£40" in svg and "£100" in svg
    wf = charts.waterfall("t", [("gross", 100.0), ("cut", 60.0), ("disbenefit", -20.0)])
    assert "-£40" in wf and "-£80" in wf and "-£20" in wf


def test_a_missing_period_is_shown_as_missing_not_zero() -> None:
    doc = yaml.safe_load((EXAMPLES / "monitoring-highways.yaml").read_text(encoding="utf-8"))
    doc["deliveries"] = [d for d in doc["deliveries"] if d["period"] != "2027/28"]
    page = evaluate(doc, options={"base_dir": str(EXAMPLES)}).to_html()
    (svg,) = [s for s in svgs(page) if "2027/28" in s]
    assert "2027/28 (missing)" in svg and svg.count(">missing</text>") == 2
    assert 'text-anchor="start" fill="currentColor" font-size="10">£0</text>' not in svg  # no bar value of £0


def test_same_input_same_bytes() -> None:
    args = ("t", ["b", "a"], [("x", [1.5, 2.25]), ("y", [3.0, None])])
    assert charts.bar_chart(*args) == charts.bar_chart(*args)
    draws = [((i * 7919) % 1000) / 10 for i in range(2000)]
    assert charts.histogram("h", draws, marks=[("m", 50.0)]) == charts.histogram("h", list(draws),
                                                                                 marks=[("m", 50.0)])


def test_the_page_prints_on_a4_without_losing_columns(results) -> None:
    page = results["compare"].to_html()
    style = page[page.index("<style>"):page.index("</style>")]
    assert "@page{size:A4;margin:15mm}" in style.replace(" ", "")
    printed = style[style.index("@media print"):]
    for rule in ("table-layout:auto", "overflow-wrap:anywhere", ".sv-scroll{overflow:visible}",
                 "break-inside:avoid", "break-after:avoid", "display:table-header-group", "attr(href)"):
        assert rule in printed, rule
    assert "overflow-wrap:anywhere" in CSS  # links wrap on screen too


def test_the_sroi_report_explains_its_abbreviations_and_links_its_sources(results) -> None:
    page = results["impact-map"].to_html()
    assert "DW deadweight, DS displacement, AT attribution, LK leakage, DO drop-off" in page
    assert "Confidence: C confirmed" in page
    assert re.search(r'<td><a href="https://[^"]+">', page)


def test_the_page_says_when_it_was_produced(results, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01, for a reproducible build
    page = results["lm3"].to_html()
    assert "Report produced on 2026-01-01" in page
    assert page == results["lm3"].to_html()
    assert "Provenance" in page and "framework lm3" in page  # the LM3 report has its provenance


def test_a_chart_block_renders_as_a_figure_with_its_caption() -> None:
    svg = charts.bar_chart("t", ["a"], [("v", [1.0])])
    page = render_html(Report("r", sections=[Section("s", [Chart("A & B", svg, "alt text")])]))
    assert '<figure class="sv-chart"><svg' in page and "<figcaption>A &amp; B</figcaption>" in page
    assert "<svg" not in render_html(Report("r", sections=[Section("s", [Chart("A", svg, "x")], compact=True)]),
                                     compact=True, page=False)


def test_extreme_values_draw_no_chart_or_a_valid_one() -> None:
    """Found by the fuzz suite: a total of 1e308 or a subnormal value must not crash a report."""
    import xml.dom.minidom

    from socialvalue.results import charts

    assert charts.bar_chart("t", ["a", "b"], [("x", [1e308, 1.0])]) is None
    assert charts.waterfall("t", [("a", 1.7e308), ("b", 1.0)]) is None
    assert charts.histogram("t", [1e300, 2e300]) is None
    for svg in (charts.waterfall("t", [("a", 5e-324), ("b", 0.0)]), charts.bar_chart("t", ["a"], [("x", [5e-324])])):
        assert svg is not None and "nan" not in svg and "inf" not in svg
        xml.dom.minidom.parseString(svg)
