"""The plugin registry: entry points, broken and duplicate plugins, register(), the example package."""

from __future__ import annotations

import sys
import textwrap
import warnings

import pytest

from socialvalue.errors import PluginError, UnknownPluginError
from socialvalue.frameworks import evaluate
from socialvalue.plugins import PluginWarning, Registry, frameworks, proxy_datasets
from socialvalue.proxies import loads_dataset
from tests.checks import raises_exactly


def _fake_distribution(tmp_path, name: str, entry_points: str, modules: dict[str, str]) -> None:
    info = tmp_path / f"{name}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(textwrap.dedent(entry_points))
    for module, body in modules.items():
        (tmp_path / f"{module}.py").write_text(textwrap.dedent(body))


@pytest.fixture
def fresh_registry(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    registry = Registry("socialvalue.proxies", "proxy dataset", proxy_datasets._check)
    yield registry
    for module in ("broken_plugin", "wrong_plugin"):
        sys.modules.pop(module, None)


def test_a_broken_plugin_does_not_stop_the_others(tmp_path, fresh_registry) -> None:
    _fake_distribution(
        tmp_path, "broken_plugin_dist",
        """
        [socialvalue.proxies]
        broken = broken_plugin:dataset
        wrong = wrong_plugin:dataset
        """,
        {"broken_plugin": "raise ImportError('this plugin is broken on purpose')\n",
         "wrong_plugin": "def dataset():\n    return 42\n"},
    )
    with pytest.warns(PluginWarning) as caught:
        loaded = fresh_registry.load_all()
    messages = " ".join(str(w.message) for w in caught)
    assert "broken on purpose" in messages and "not a ProxyDataset" in messages
    assert "uk-open" in loaded and "broken" not in loaded and "wrong" not in loaded
    with raises_exactly(PluginError, match="broken"):
        fresh_registry.get("broken")


def test_duplicate_names_warn_and_first_wins(tmp_path, fresh_registry) -> None:
    _fake_distribution(tmp_path, "aaa_dup", "[socialvalue.proxies]\nuk-open = somewhere_else:dataset\n", {})
    with pytest.warns(PluginWarning, match="two proxy dataset plugins are named 'uk-open'"):
        names = fresh_registry.names()
    assert names.count("uk-open") == 1


def test_unknown_name_lists_installed(fresh_registry) -> None:
    with raises_exactly(UnknownPluginError) as info:
        fresh_registry.get("uk-opne")
    assert "uk-open" in str(info.value)


def test_register_for_notebooks(fresh_registry) -> None:
    ds = loads_dataset(textwrap.dedent("""\
        dataset: {id: nb, name: Notebook, version: "1", licence: OGL-UK-3.0}
        proxies: []
        """))
    fresh_registry.register("nb", ds)
    assert fresh_registry.get("nb") is ds
    with raises_exactly(PluginError, match="already exists"):
        fresh_registry.register("nb", ds)
    with raises_exactly(PluginError, match="not a ProxyDataset"):
        fresh_registry.register("bad", object(), replace=True)
    fresh_registry.reset()
    assert "nb" not in fresh_registry.names()


def test_registry_is_lazy_and_cached(fresh_registry) -> None:
    assert fresh_registry._loaded == {}
    first = fresh_registry.get("uk-open")
    assert fresh_registry.get("uk-open") is first


def test_the_example_third_party_package_is_found() -> None:
    """examples/socialvalue-example-plugin is installed by the README's test command."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", PluginWarning)
        ds = proxy_datasets.get("example-minimum-wage")
    assert ds["nlw-2024"].value == 11.44


def test_a_framework_plugin_declares_frames_and_charts_that_load_when_its_result_first_needs_them(
        tmp_path, monkeypatch) -> None:
    """A third-party framework's result gets to_frame() and plot() like the built-ins, through the registry."""
    pytest.importorskip("pandas")
    pytest.importorskip("matplotlib")
    _fake_distribution(tmp_path, "probe_views", "[socialvalue.frameworks]\nprobe-views = probe_views:FRAMEWORK\n", {
        "probe_result": """
            from socialvalue.results.base import BaseResult

            class ProbeResult(BaseResult):
                framework = "probe-views"

                def __init__(self, people):
                    self.people = people

                def summary(self):
                    return {"people": self.people}

                def to_dict(self):
                    return {"people": self.people}
            """,
        "probe_views": """
            from probe_result import ProbeResult
            from socialvalue.frameworks import Framework, NoOptions
            from socialvalue.results.frames import INT, FrameSpec, columns, register_frames
            from socialvalue.results.plotting import PlotSpec, figure_axes, finish, register_plots

            class Probe(Framework):
                id, name, version = "probe-views", "Probe", "0.1"
                description = "Counts people."
                document_kinds = ("probe",)
                options_class = NoOptions

                def run(self, document, options, context):
                    return ProbeResult(document["people"])

            FRAMEWORK = Probe()

            def chart(result, *, ax=None):
                fig, ax = figure_axes(ax, 4.0, 3.0)
                ax.bar([0], [result.people])
                return finish(fig, ax)

            register_frames(ProbeResult, FrameSpec("people", "one row", columns(("people", INT, "people reached")),
                                                   lambda result: [{"people": result.people}]))
            register_plots(ProbeResult, PlotSpec("people", "people reached", chart))
            """})
    monkeypatch.syspath_prepend(str(tmp_path))
    frameworks.reset()  # discover the new entry point
    try:
        from probe_result import ProbeResult

        result = ProbeResult(7)
        assert "probe_views" not in sys.modules  # nothing has declared its charts yet
        assert result.plot_kinds() == ("people",)  # found through the plugin registry, by result.framework
        assert "probe_views" in sys.modules
        assert [p.get_height() for p in result.plot().axes[0].patches] == [7]
        assert result.to_frame()["people"].tolist() == [7]
        assert evaluate({"kind": "probe", "framework": "probe-views", "people": 3}).to_frame()["people"].tolist() == [3]
    finally:
        for module in ("probe_result", "probe_views"):
            sys.modules.pop(module, None)
        frameworks.reset()
