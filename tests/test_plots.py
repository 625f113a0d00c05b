"""Notebook experience, part 2: charts. Headless (Agg), object API only; each chart has the
expected bars and labels, money in £ with thousands separators, user text never read as
mathtext, and a clear error when the result lacks what the chart needs or matplotlib is missing.

Charts are declared by each framework in :mod:`socialvalue.results.plotting` and drawn with
``result.plot(kind)``; ``socialvalue.plots`` keeps one function per chart, which must draw the
same figure. A plugin's result declares frames and charts with the same public API."""

from __future__ import annotations

import io
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from socialvalue import plots
from socialvalue.documents import read_document
from socialvalue.errors import MissingDependencyError, UnknownNameError, ValidationError
from socialvalue.frameworks import evaluate
from socialvalue.frameworks.flexible import compare_assessments
from socialvalue.frameworks.sroi import FRAMEWORK as SROI
from socialvalue.results import plotting
from socialvalue.results.base import BaseResult
from socialvalue.results.frames import INT, TEXT, FrameSpec, columns, register_frames
from socialvalue.results.plotting import PlotSpec, register_plots
from tests.checks import raises_exactly

try:
    import matplotlib
except ImportError:  # pragma: no cover - without the notebook extra only the dependency test runs
    matplotlib = None
else:
    matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SOURCE = {"publisher": "test", "title": "test fixture, not a real value"}
COMPARISON = {
    "name": "Employment programme", "price_year": 2024, "views": ["sroi", "toms"],
    "facts": [{"fact": "local jobs", "values": {"sroi": 120_000.0, "toms": 300_000.0}},
              {"fact": "less lonely", "values": {"sroi": 50_000.0, "toms": None}}],
    "totals": {"sroi": 170_000.0, "toms": 300_000.0},
}


@pytest.fixture
def mpl():
    """matplotlib, for the tests that draw (CI installs the notebook extra)."""
    return pytest.importorskip("matplotlib")


@pytest.fixture(scope="module")
def sroi():
    return evaluate(EXAMPLES / "community-centre.yaml", options={"sensitivity": True, "monte_carlo": 400, "seed": 1})


@pytest.fixture(scope="module")
def plain():
    return evaluate(EXAMPLES / "employment-programme.yaml")


def texts(fig) -> list[str]:
    from matplotlib.text import Text

    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def ticks(axis) -> list[str]:
    return [t.get_text() for t in axis.get_ticklabels()]


def one_axes(fig):
    from matplotlib.figure import Figure

    assert isinstance(fig, Figure)
    (ax,) = fig.axes
    return ax


# -- SROI --------------------------------------------------------------------------------------------

def test_waterfall(mpl, sroi) -> None:
    fig = sroi.plot("waterfall")
    ax = one_axes(fig)
    assert len(ax.patches) == 8  # gross, five adjustments, discounting, present value
    assert ticks(ax.xaxis) == ["Gross value", "Deadweight", "Displacement", "Attribution", "Leakage", "Drop-off",
                               "Discounting", "Present value"]
    bars = ax.patches
    assert bars[0].get_height() == pytest.approx(sroi.valuation.reductions[0]["total"])
    assert bars[-1].get_height() == pytest.approx(sroi.present_value)
    assert bars[1].get_height() < 0  # deadweight removes value: drawn downwards, in the reduction colour
    assert mpl.colors.to_hex(bars[1].get_facecolor()).upper() == plotting.VERMILLION
    shown = texts(fig)
    assert "£437,001" in shown and "-£332,211" in shown  # £, thousands separators, signed steps
    assert "2024 prices" in " ".join(shown)


def test_waterfall_colours_steps_that_add_value(mpl) -> None:
    proxy = {"value": 1000, "unit": "GBP/person/year", "price_year": 2024, "source": SOURCE}
    doc = {"kind": "impact-map", "name": "mostly harm", "price_year": 2024, "investment": 1,
           "outcomes": [{"id": "good", "quantity": 10, "proxy": proxy, "duration": 1},
                        {"id": "harm", "quantity": 20, "proxy": proxy, "duration": 1, "negative": True,
                         "deadweight": 0.9}]}
    bars = one_axes(SROI.evaluate(doc).plot("waterfall")).patches
    assert bars[0].get_height() < 0 and bars[1].get_height() > 0  # gross is negative; deadweight adds
    assert mpl.colors.to_hex(bars[1].get_facecolor()).upper() == plotting.GREEN


def test_by_theme_and_other_groupings(mpl, sroi) -> None:
    ax = one_axes(sroi.plot("by_theme"))
    by_theme = sroi.valuation.pv_by_group("theme")
    assert len(ax.patches) == len(by_theme)
    assert ticks(ax.yaxis) == sorted(by_theme, key=lambda k: -by_theme[k])  # largest first
    assert [p.get_width() for p in ax.patches] == pytest.approx(sorted(by_theme.values(), reverse=True))
    negative = [p for p in ax.patches if p.get_width() < 0]
    assert negative and all(mpl.colors.to_hex(p.get_facecolor()).upper() == plotting.VERMILLION for p in negative)
    domains = one_axes(sroi.plot("by_theme", group="domain"))
    assert len(domains.patches) == len(sroi.valuation.pv_by_group("domain"))
    with raises_exactly(UnknownNameError) as info:
        plots.by_theme(sroi, "themes")
    assert "theme" in info.value.suggestions


def test_tornado(mpl, sroi, plain) -> None:
    fig = sroi.plot("tornado")
    ax = one_axes(fig)
    rows = sroi.sensitivity.rows
    assert len(ax.patches) == 2 * len(rows)  # a low and a high bar per assumption
    assert ticks(ax.yaxis)[0].startswith(rows[0].assumption.replace("_", "-"))
    assert "SROI ratio" in ax.get_xlabel()
    assert [t.get_text() for t in fig.legends[0].get_texts()][-2:] == ["low setting", "high setting"]
    with raises_exactly(ValidationError) as info:
        plain.plot("tornado")
    assert "--sensitivity" in info.value.hint and "options={'sensitivity': True}" in info.value.hint


def test_monte_carlo(mpl, sroi, plain) -> None:
    fig = sroi.plot("monte_carlo", bins=25)
    ax = one_axes(fig)
    assert len(ax.patches) == 25 and sum(p.get_height() for p in ax.patches) == 400
    legend = " ".join(t.get_text() for t in fig.legends[0].get_texts())
    assert "deterministic result: £437,001" in legend and "5th-95th percentile" in legend
    assert len(ax.lines) == 4  # deterministic, median, 5th and 95th percentiles
    ratio = sroi.plot("monte_carlo", value="ratio")
    assert "below 1 : 1" in " ".join(t.get_text() for t in ratio.legends[0].get_texts())
    with raises_exactly(ValidationError, match="Monte Carlo") as info:
        plain.plot("monte_carlo")
    assert "--monte-carlo" in info.value.hint
    with raises_exactly(UnknownNameError):
        sroi.plot("monte_carlo", value="npv")


def test_charts_check_what_they_are_given(mpl, sroi) -> None:
    tender = evaluate(EXAMPLES / "tender-highways.yaml")
    for chart, wrong in ((plots.waterfall, tender), (plots.tender_scores, sroi), (plots.levels, sroi),
                         (plots.lm3_rounds, sroi), (plots.comparison, {"views": []})):
        with raises_exactly(ValidationError):
            chart(wrong)


# -- the registry: every built-in result, a plugin's result --------------------------------------------

CHARTS = ("by_theme", "comparison", "delivery", "levels", "lm3_rounds", "monte_carlo", "tender_scores", "tornado",
          "waterfall")
"""The chart functions of socialvalue.plots."""


@pytest.fixture(scope="module")
def every() -> dict:
    """One result of each built-in class, with every part its charts need."""
    doc = read_document(EXAMPLES / "employment-programme-evaluation.yaml")
    for outcome in doc["outcomes"]:
        outcome["ranges"] = {"deadweight": [0.1, 0.3]}
    council = evaluate(EXAMPLES / "assessment-example-council.yaml")
    return {
        "sroi": evaluate(doc, options={"base_dir": str(EXAMPLES), "sensitivity": True, "monte_carlo": 200, "seed": 1}),
        "tender": evaluate(EXAMPLES / "tender-highways.yaml"),
        "monitoring": evaluate(EXAMPLES / "monitoring-highways.yaml"),
        "assessment": council,
        "benchmark": compare_assessments([council, EXAMPLES / "assessment-example-district.yaml"]),
        "lm3": evaluate(EXAMPLES / "lm3-council-catering.yaml"),
        "compare": evaluate(EXAMPLES / "compare-construction.yaml"),
    }


def picture(fig) -> list:
    """What a figure shows: its axes' bars, tick labels and titles, and every text, in order."""
    shown = [ax_picture(ax) for ax in fig.axes]
    return [shown, texts(fig), [tuple(fig.get_size_inches())]]


def ax_picture(ax) -> list:
    bars = [tuple(round(v, 9) for v in (p.get_x(), p.get_y(), p.get_width(), p.get_height())) + (p.get_facecolor(),)
            for p in ax.patches]
    return [bars, ticks(ax.xaxis), ticks(ax.yaxis), ax.get_title(loc="left"), ax.get_xlabel(), ax.get_ylabel()]


@pytest.mark.parametrize("name", ["sroi", "tender", "monitoring", "assessment", "benchmark", "lm3", "compare"])
def test_plot_kinds_are_exactly_the_charts_that_draw_the_result(mpl, every, name) -> None:
    result = every[name]
    kinds = result.plot_kinds()
    assert kinds, f"{type(result).__name__} lists no chart"
    assert picture(result.plot()) == picture(result.plot(kinds[0]))  # the first kind is the default
    for kind in kinds:  # every listed kind draws, and socialvalue.plots draws the same figure
        fig = result.plot(kind)
        assert one_axes(fig).patches, kind
        assert picture(fig) == picture(getattr(plots, kind)(result)), kind
    assert set(kinds) <= set(CHARTS)
    for chart in sorted(set(CHARTS) - set(kinds)):  # a chart it does not list refuses it, both ways
        with raises_exactly(ValidationError):
            getattr(plots, chart)(result)
        with raises_exactly(UnknownNameError):
            result.plot(chart)


def test_options_reach_the_chart(mpl, every) -> None:
    sroi = every["sroi"]
    assert picture(sroi.plot("by_theme", group="domain")) == picture(plots.by_theme(sroi, "domain"))
    assert picture(sroi.plot("monte_carlo", value="ratio", bins=12)) == picture(plots.monte_carlo(sroi, "ratio",
                                                                                                  bins=12))
    compare = every["compare"]
    assert picture(compare.plot(subject=0)) == picture(plots.comparison(compare, 0))
    with raises_exactly(UnknownNameError):  # a tender's value is grouped by theme only
        every["tender"].plot("by_theme", group="domain")


def test_a_result_without_charts_says_so(mpl) -> None:
    class Chartless(BaseResult):
        framework = "test-chartless"

        def to_dict(self) -> dict:
            return {"name": "chartless"}

    bare = Chartless()
    assert bare.plot_kinds() == ()
    with raises_exactly(ValidationError, match="no chart"):
        bare.plot()
    for chart in CHARTS:
        with raises_exactly(ValidationError):
            getattr(plots, chart)(bare)
    assert plotting.plot_kinds(object()) == ()


def test_the_delivery_chart_marks_a_missing_return_instead_of_drawing_zero(mpl) -> None:
    doc = read_document(EXAMPLES / "monitoring-highways.yaml")
    doc["deliveries"] = [d for d in doc["deliveries"] if d["period"] != "2027/28"]  # no return for 2027/28
    result = evaluate(doc, options={"base_dir": str(EXAMPLES)})
    assert [p["period"] for p in result.periods if p["status"] == "missing"] == ["2027/28"]
    fig = plots.delivery(result)
    shown = texts(fig)
    assert "2027/28 (missing)" in shown and "missing" in shown
    widths = [p.get_width() for p in one_axes(fig).patches]
    assert widths[1] == widths[-1] == 0  # the missing period's bars: none, the word instead
    assert shown.count("missing") == 2 and not any(t == "£0" for t in shown)


def test_unknown_chart_kind_is_refused_with_a_suggestion(mpl, every) -> None:
    with raises_exactly(UnknownNameError) as info:
        every["sroi"].plot("waterfal")
    assert info.value.field == "kind" and info.value.suggestions[0] == "waterfall"
    assert "tornado" in info.value.hint  # the kinds it does offer
    with raises_exactly(UnknownNameError) as info:
        every["lm3"].plot("rounds")
    assert info.value.suggestions[0] == "lm3_rounds"


def test_a_plugin_result_gets_frames_and_charts_from_the_public_api(mpl) -> None:
    pytest.importorskip("pandas")

    class Headcount(BaseResult):
        framework = "test-headcount"  # not installed: declaring frames and charts needs no framework plugin

        def __init__(self, groups: dict[str, int]) -> None:
            self.groups = groups

        def summary(self) -> dict:
            return {"people": sum(self.groups.values())}

        def to_dict(self) -> dict:
            return {"groups": dict(self.groups)}

    def rows(result: Headcount) -> list[dict]:
        return [{"group": g, "people": n} for g, n in result.groups.items()]

    def chart(result: Headcount, *, ax=None, colour: str = plotting.BLUE):
        fig, ax = plotting.figure_axes(ax, 6.0, plotting.figure_height(len(result.groups)))
        ax.barh(range(len(result.groups)), list(result.groups.values()), color=colour)
        ax.set_yticks(range(len(result.groups)), [plotting.wrap_label(g) for g in result.groups])
        plotting.add_title(ax, "People reached", "by group")
        return plotting.finish(fig, ax)

    register_frames(Headcount, FrameSpec("people", "one per group", columns(
        ("group", TEXT, "group reached"), ("people", INT, "people in it")), rows))
    register_plots(Headcount, PlotSpec("people", "people reached per group", chart))
    result = Headcount({"tenants $5 club": 12, "carers": 30})
    assert result.frame_kinds() == ("people",) and result.plot_kinds() == ("people",)
    frame = result.to_frame()
    assert frame.to_dict("list") == {"group": ["tenants $5 club", "carers"], "people": [12, 30]}
    assert str(frame["people"].dtype) == "int64" and frame.attrs["framework"] == "test-headcount"
    fig = result.plot(colour=plotting.GREEN)
    ax = one_axes(fig)
    assert [p.get_width() for p in ax.patches] == [12, 30]
    assert mpl.colors.to_hex(ax.patches[0].get_facecolor()).upper() == plotting.GREEN
    assert type(fig).__name__ == "NotebookFigure" and fig._repr_png_().startswith(b"\x89PNG")
    fig.savefig(io.BytesIO(), format="png")  # "$5" is plain text (finish() turns mathtext off)

    class Subgroups(Headcount):
        """A subclass inherits its parent's frames and charts."""

    assert Subgroups({"a": 1}).plot_kinds() == ("people",) == Subgroups({"a": 1}).frame_kinds()
    with raises_exactly(UnknownNameError) as info:
        result.plot("peple")
    assert info.value.suggestions == ("people",)
    assert [s.kind for s in plotting.iter_plot_specs(Headcount)] == ["people"]


# -- other frameworks --------------------------------------------------------------------------------

def test_comparison_chart(mpl) -> None:
    fig = plots.comparison(COMPARISON)
    ax = one_axes(fig)
    assert len(ax.patches) == 2 * 3  # two views x (two facts + total)
    assert ticks(ax.yaxis) == ["local jobs", "less lonely", "Total"]
    assert "not valued" in texts(fig) and "£300,000" in texts(fig)
    assert "2024 prices" in " ".join(texts(fig))


def test_comparison_chart_of_a_compare_result(mpl) -> None:
    from socialvalue.compare import compare

    result = compare({"name": "Depot refit", "price_year": 2024,
                      "facts": [{"fact": "local-jobs", "quantity": 2, "unit": "FTE"},
                                {"fact": "local-spend", "quantity": 10000, "unit": "GBP"}]}, ["toms", "sroi"])
    fig = result.plot("comparison")
    ax = one_axes(fig)
    groups = len(result.subject().rows) + 1
    assert len(ax.patches) == len(result.views) * groups
    assert ticks(ax.yaxis)[0].startswith("local-jobs") and ticks(ax.yaxis)[-1] == "Total"
    totals = [ax.patches[j * groups + groups - 1].get_width() for j in range(len(result.views))]
    assert totals == pytest.approx(list(result.subject().totals))
    assert "2024 prices" in " ".join(texts(fig)) and "not monetised" in texts(fig)


def test_tender_scores_and_themes(mpl) -> None:
    tender = evaluate(EXAMPLES / "tender-highways.yaml")
    fig = tender.plot("tender_scores")
    ax = one_axes(fig)
    assert len(ax.patches) == 2 * len(tender.bids)  # quantitative + qualitative per bid
    assert ticks(ax.yaxis)[0] == "1. Alpha Ltd"
    assert [p.get_width() for p in ax.patches[: len(tender.bids)]] == pytest.approx(
        [b.quantitative_score for b in tender.bids])
    assert "2024 prices" in " ".join(texts(fig)) and any(t.startswith("17.00 points; £971,664") for t in texts(fig))
    themes = one_axes(tender.plot("by_theme"))
    n_themes = len({t["theme"] for b in tender.bids for t in b.by_theme})
    assert len(themes.patches) == n_themes * len(tender.bids)


def test_levels(mpl) -> None:
    council = evaluate(EXAMPLES / "assessment-example-council.yaml")
    ax = one_axes(council.plot("levels"))
    assert [p.get_width() for p in ax.patches] == [t.level for t in council.themes]
    assert ticks(ax.yaxis)[0] == "People" and ax.get_xlim() == (0, 5.9)
    benchmark = compare_assessments([council, council])
    assert len(one_axes(benchmark.plot("levels")).patches) == 2 * len(council.themes)


def test_lm3_rounds(mpl) -> None:
    lm3 = evaluate(EXAMPLES / "lm3-council-catering.yaml")
    fig = lm3.plot("lm3_rounds")
    ax = one_axes(fig)
    assert len(ax.patches) == 6  # R1, R2, R3, leakage, not re-spent, unsurveyed
    assert [p.get_height() for p in ax.patches[:3]] == pytest.approx([lm3.r1, lm3.r2, lm3.r3])
    assert f"LM3 {lm3.lm3:.2f}" in ax.get_title(loc="left") and "£250,000" in texts(fig)


# -- text, display, embedding, dependencies ----------------------------------------------------------

def test_user_text_is_plain_text_not_mathtext(mpl) -> None:
    odd = r"Cost $5 & $\notacommand{x}$ <b>"
    proxy = {"value": 10, "unit": "GBP/person/year", "price_year": 2024, "source": SOURCE}
    result = SROI.evaluate({"kind": "impact-map", "name": odd, "price_year": 2024, "investment": 5,
                            "outcomes": [{"id": "o", "quantity": 1, "proxy": proxy, "duration": 2, "theme": odd}]},
                           options={"sensitivity": True})
    for fig in (plots.by_theme(result), plots.waterfall(result), plots.tornado(result),
                plots.comparison(COMPARISON | {"views": [odd, "toms"]})):
        fig.savefig(io.BytesIO(), format="png")  # would raise ValueError if $...$ were parsed as mathtext
        from matplotlib.text import Text

        dollars = [t for t in fig.findobj(Text) if "$" in t.get_text()]
        assert dollars and not any(t.get_parse_math() for t in dollars)


def test_figures_show_themselves_in_notebooks_and_pickle(mpl, sroi) -> None:
    fig = plots.waterfall(sroi)
    png = fig._repr_png_()
    assert png.startswith(b"\x89PNG")
    back = pickle.loads(pickle.dumps(fig))
    assert type(back).__name__ == "NotebookFigure" and len(back.axes[0].patches) == 8


def test_drawing_into_an_axes_of_your_own(mpl, sroi) -> None:
    from matplotlib.figure import Figure

    fig = Figure()
    left, right = fig.subplots(1, 2)
    assert plots.tornado(sroi, ax=right) is fig
    assert right.get_legend() is not None and not fig.legends and not left.patches


def test_missing_matplotlib_names_the_extra(monkeypatch, sroi) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with raises_exactly(MissingDependencyError) as info:
        plots.waterfall(sroi)
    assert isinstance(info.value, ImportError)
    assert "matplotlib" in str(info.value) and "socialvalue[notebook]" in str(info.value)


def test_plots_never_touch_pyplot(mpl, tmp_path) -> None:
    code = ("import sys; from socialvalue import plots; from socialvalue.frameworks import evaluate; "
            "plots.lm3_rounds(evaluate('examples/lm3-council-catering.yaml')).savefig(sys.argv[1]); "
            "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot was imported'")
    proc = subprocess.run([sys.executable, "-c", code, str(tmp_path / "chart.png")], cwd=ROOT, check=False,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "chart.png").read_bytes().startswith(b"\x89PNG")
