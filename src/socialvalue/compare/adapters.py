"""The plugin registries of the comparison: view adapters and bundled crosswalks.

* ``socialvalue.compare_views``: one :class:`~socialvalue.compare.viewkit.ViewAdapter` per
  framework a comparison can run a view through, named by the framework's id. The built-in
  ``sroi`` and ``toms`` adapters are registered in socialvalue's own ``pyproject.toml``.
* ``socialvalue.crosswalks``: crosswalks a document can name by id (``crosswalk: open``),
  each a :class:`BundledCrosswalk` (a YAML file inside an installed package). A plugin that
  adds a framework ships a crosswalk that ``extends: open`` with its own templates.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import attrs

from socialvalue.compare.viewkit import ViewAdapter
from socialvalue.errors import PluginError, UnknownNameError
from socialvalue.plugins import Registry
from socialvalue.suggest import close_matches

__all__ = ["CROSSWALKS_GROUP", "VIEWS_GROUP", "BundledCrosswalk", "bundled_crosswalks", "crosswalk_ids",
           "get_adapter", "view_adapters", "view_frameworks"]

VIEWS_GROUP = "socialvalue.compare_views"
CROSSWALKS_GROUP = "socialvalue.crosswalks"


@attrs.frozen
class BundledCrosswalk:
    """A crosswalk YAML file shipped inside a package: ``BundledCrosswalk("my_pkg", "crosswalk.yaml")``."""

    package: str
    resource: str

    @property
    def label(self) -> str:
        """How results name the file: ``top_package:sub/path/file.yaml`` (no machine-specific path)."""
        top, _, rest = self.package.partition(".")
        return f"{top}:{'/'.join([*rest.split('.'), self.resource]) if rest else self.resource}"

    def read_bytes(self) -> bytes:
        return resources.files(self.package).joinpath(self.resource).read_bytes()


def _check_adapter(obj: Any, name: str) -> ViewAdapter:
    if not isinstance(obj, ViewAdapter):
        raise PluginError(f"comparison view plugin {name!r} is a {type(obj).__name__}, not a ViewAdapter",
                          hint="subclass socialvalue.compare.viewkit.ViewAdapter; see docs/howto/framework-plugin.md")
    if obj.framework != name:
        raise PluginError(f"comparison view plugin {name!r} is for framework {obj.framework!r}",
                          hint="register the adapter under the id of the framework it runs")
    return obj


def _check_crosswalk(obj: Any, name: str) -> BundledCrosswalk:
    if not isinstance(obj, BundledCrosswalk):
        raise PluginError(f"crosswalk plugin {name!r} is a {type(obj).__name__}, not a BundledCrosswalk",
                          hint="name a socialvalue.compare.adapters.BundledCrosswalk(package, resource)")
    return obj


view_adapters: Registry[ViewAdapter] = Registry(VIEWS_GROUP, "comparison view", _check_adapter)
"""Installed view adapters (entry-point group ``socialvalue.compare_views``)."""

bundled_crosswalks: Registry[BundledCrosswalk] = Registry(CROSSWALKS_GROUP, "crosswalk", _check_crosswalk)
"""Installed crosswalks named by id (entry-point group ``socialvalue.crosswalks``)."""


def view_frameworks() -> tuple[str, ...]:
    """Ids of the frameworks a comparison can run a view through (built-in ones first)."""
    names = view_adapters.names()
    return (*[n for n in ("sroi", "toms") if n in names], *[n for n in names if n not in ("sroi", "toms")])


def crosswalk_ids() -> tuple[str, ...]:
    """Ids of the installed crosswalks (``open`` first)."""
    names = bundled_crosswalks.names()
    return (*[n for n in ("open",) if n in names], *[n for n in names if n != "open"])


def get_adapter(framework: str, *, field: str | None = None) -> ViewAdapter:
    """The view adapter of ``framework``, or :class:`UnknownNameError` listing those that can be compared."""
    known = view_frameworks()
    if framework not in known:
        hits = close_matches(framework, known)
        raise UnknownNameError(f"a comparison cannot run a view through framework {framework!r}", field=field,
                               suggestions=hits,
                               hint=None if hits else "frameworks that can be compared: " + ", ".join(known))
    return view_adapters.get(framework)
