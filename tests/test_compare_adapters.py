"""Comparison views are plugins: the built-in sroi and toms adapters register like a third party's."""

from __future__ import annotations

from importlib import metadata

import pytest

from socialvalue.compare import compare, load_crosswalk
from socialvalue.compare.adapters import (
    CROSSWALKS_GROUP,
    VIEWS_GROUP,
    BundledCrosswalk,
    bundled_crosswalks,
    crosswalk_ids,
    view_adapters,
    view_frameworks,
)
from socialvalue.compare.viewkit import ViewAdapter
from socialvalue.errors import PluginError, UnknownNameError

ACTIVITY = {"name": "Depot", "price_year": 2024, "facts": [{"fact": "local-jobs", "quantity": 2, "unit": "FTE"}]}


def test_builtins_register_through_entry_points() -> None:
    own = {ep.name: ep.value for ep in metadata.entry_points(group=VIEWS_GROUP)
           if ep.dist is not None and ep.dist.name == "socialvalue"}
    assert own == {"sroi": "socialvalue.compare.sroi_view:ADAPTER", "toms": "socialvalue.compare.toms_view:ADAPTER"}
    crosswalks = {ep.name for ep in metadata.entry_points(group=CROSSWALKS_GROUP)
                  if ep.dist is not None and ep.dist.name == "socialvalue"}
    assert crosswalks == {"open"}
    assert view_frameworks()[:2] == ("sroi", "toms")
    assert crosswalk_ids()[0] == "open"


def test_adapter_of_the_wrong_type_or_framework_is_refused_at_load() -> None:
    with pytest.raises(PluginError, match="not a ViewAdapter"):
        view_adapters.register("thing", object())

    class Other(ViewAdapter):
        framework = "sroi"

    with pytest.raises(PluginError, match="is for framework 'sroi'"):
        view_adapters.register("not-sroi", Other())
    with pytest.raises(PluginError, match="not a BundledCrosswalk"):
        bundled_crosswalks.register("x", "crosswalk.yaml")


def test_unknown_view_framework_lists_what_can_be_compared() -> None:
    with pytest.raises(UnknownNameError) as info:
        compare(ACTIVITY, ["toms", "lm3"])
    assert info.value.field == "views[1].framework"
    assert "sroi" in str(info.value) and "toms" in str(info.value)


def test_crosswalk_keys_follow_the_installed_adapters() -> None:
    with pytest.raises(UnknownNameError) as info:
        load_crosswalk({"extends": "open", "facts": {"local-jobs": {"tomz": {"measure": "X"}}}})
    assert info.value.field == "crosswalk.facts.local-jobs.tomz"
    assert info.value.suggestions[0] == "toms"


def test_a_registered_adapter_runs_a_view() -> None:
    """A minimal adapter registered in a test (as a notebook would) is used by compare()."""
    from socialvalue.compare.sroi_view import SroiView

    class Mirror(SroiView):  # values like sroi, under its own framework id and crosswalk key
        framework = "mirror"

    view_adapters.register("mirror", Mirror())
    try:
        walk = {"extends": "open", "facts": {"local-jobs": {"mirror": {"proxy": "ashe-median-annual-pay-ft-2024",
                                                                       "quantity_unit": "person"}}}}
        result = compare(ACTIVITY, ["sroi", {"framework": "mirror", "discounting": "green-book"}], walk)
        row = result.subjects[0].rows[0]
        assert row.values[1] is not None and row.values[1] > row.values[0]  # no adjustments in the mirror template
        d = result.decomposition("mirror")
        assert d.total.difference == row.values[1] - row.values[0]
    finally:
        view_adapters.unregister("mirror")


def test_bundled_crosswalk_label_has_no_machine_path() -> None:
    assert BundledCrosswalk("socialvalue.compare", "crosswalks/open.yaml").label == \
        "socialvalue:compare/crosswalks/open.yaml"
    assert BundledCrosswalk("pkg", "cw.yaml").label == "pkg:cw.yaml"
