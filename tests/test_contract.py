"""The framework contract: every framework, built-in or not, is held to the same rules."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest
from checks import raises_exactly

from socialvalue.errors import PluginError, UnknownNameError, ValidationError
from socialvalue.frameworks import Framework, NoOptions, Options, available, evaluate, framework_for, option
from socialvalue.frameworks.base import describe_contract
from socialvalue.plugins import frameworks as registry

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = {
    "sroi": "employment-programme.yaml",
    "toms": "tender-highways.yaml",
    "flexible-framework": "assessment-example-council.yaml",
    "lm3": "lm3-council-catering.yaml",
    "compare": "compare-construction.yaml",
}


def installed() -> dict[str, Framework]:
    found = available()
    assert set(EXAMPLES) <= set(found), f"built-in frameworks missing: {set(EXAMPLES) - set(found)}"
    return found


@pytest.mark.parametrize("framework_id", sorted(EXAMPLES))
def test_a_misspelt_option_is_refused_the_same_way_by_every_framework(framework_id: str) -> None:
    assert framework_id in installed()
    path = ROOT / "examples" / EXAMPLES[framework_id]
    assert framework_for_path(path).id == framework_id
    with raises_exactly(UnknownNameError) as info:
        evaluate(path, options={"base_dirr": "."})
    error = info.value
    assert error.source == "options" and error.field == "base_dirr"
    assert "unknown option 'base_dirr'" in str(error)
    assert "base_dir" in error.suggestions, "the generic option is suggested by every framework"


def framework_for_path(path: Path) -> Framework:
    from socialvalue.documents import read_document

    return framework_for(read_document(path))


@pytest.mark.parametrize("framework_id", sorted(EXAMPLES))
def test_every_builtin_framework_meets_the_whole_contract(framework_id: str) -> None:
    framework = installed()[framework_id]
    assert isinstance(framework, Framework)
    assert describe_contract(framework) == []
    assert issubclass(framework.options_class, Options)
    assert framework.id == framework_id


def test_framework_options_are_typed_and_refuse_bad_values_naming_the_option() -> None:
    with raises_exactly(ValidationError) as info:
        evaluate(ROOT / "examples" / "assessment-example-council.yaml", options={"cumulative": "yes"})
    assert info.value.source == "options" and info.value.field == "cumulative"
    with raises_exactly(ValidationError) as info:
        evaluate(ROOT / "examples" / "employment-programme.yaml", options={"monte_carlo": 10})
    assert info.value.field == "seed", "a cross-option rule names the option to add"


class _Result:
    """Not used: contract checks refuse the framework before any result is made."""


class _Partial:
    id = "partial"
    name = "A framework missing parts"
    version = ""
    document_kinds = "partial"

    def evaluate(self, document, **kwargs):  # pragma: no cover - never called
        raise AssertionError


def test_a_plugin_missing_parts_of_the_contract_is_refused_at_load_naming_each_part() -> None:
    with raises_exactly(PluginError) as info:
        registry.register("partial", _Partial())
    message = str(info.value)
    for part in ("version", "description", "document_kinds", "options_class", "run()"):
        assert part in message, part
    assert "partial" not in registry.names()


def test_a_plugin_registered_under_another_name_than_its_id_is_refused() -> None:
    @attrs.frozen
    class HeadcountOptions(Options):
        rounding: int = option(0, doc="decimal places")

    class Headcount(Framework):
        id, name, version = "headcount", "Headcount", "0.1"
        description = "Counts people."
        document_kinds = ("headcount",)
        options_class = HeadcountOptions

    assert describe_contract(Headcount()) == []
    with raises_exactly(PluginError, match="has the id 'headcount'"):
        registry.register("head-count", Headcount())
    assert "head-count" not in registry.names()


def test_datasets_means_the_same_in_every_framework(tmp_path: Path) -> None:
    """An extra dataset is used in front of the installed ones (never instead of them)."""
    from socialvalue.frameworks.base import Context
    from socialvalue.proxies import installed_datasets, load_dataset

    example = ROOT / "examples" / "socialvalue-example-plugin" / "src" / "socialvalue_example_plugin"
    extra = load_dataset(next(example.glob("*.yaml")))
    context = Context.make(None, None, [extra])
    pool = context.proxy_datasets()
    installed_ids = [d.id for d in installed_datasets()]
    assert installed_ids, "no installed dataset to compare with"
    assert pool[0] is extra
    assert [d.id for d in pool[1:]] == installed_ids


def test_no_options_framework_names_that_it_takes_none() -> None:
    with raises_exactly(UnknownNameError) as info:
        NoOptions.build({"sensitivity": True})
    assert "takes no options" in (info.value.hint or "")
