"""The plugin registry: entry points, broken and duplicate plugins, register(), the example package."""

from __future__ import annotations

import sys
import textwrap
import warnings

import pytest

from socialvalue.errors import PluginError, UnknownPluginError
from socialvalue.plugins import PluginWarning, Registry, proxy_datasets
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
