"""Errors: builtin compatibility, pickling, and messages that name source, field and fix."""

from __future__ import annotations

import inspect
import pickle

import pytest

from socialvalue import errors
from socialvalue.errors import SocialValueError, UnknownNameError

ALL_ERRORS = [obj for _, obj in inspect.getmembers(errors, inspect.isclass) if issubclass(obj, SocialValueError)]


def test_every_error_is_exported() -> None:
    assert sorted(e.__name__ for e in ALL_ERRORS) == sorted(errors.__all__)


@pytest.mark.parametrize("cls", ALL_ERRORS, ids=lambda c: c.__name__)
def test_errors_pickle_with_context(cls: type[SocialValueError]) -> None:
    exc = cls("bad value", source="map.yaml", field="outcomes[3].deadweight", hint="use 0.2")
    back = pickle.loads(pickle.dumps(exc))
    assert type(back) is cls
    assert (back.message, back.source, back.field, back.hint) == ("bad value", "map.yaml", "outcomes[3].deadweight",
                                                                 "use 0.2")
    assert str(back) == str(exc)


@pytest.mark.parametrize("cls", [c for c in ALL_ERRORS if c is not SocialValueError], ids=lambda c: c.__name__)
def test_errors_are_also_builtins(cls: type[SocialValueError]) -> None:
    builtin_bases = [b for b in inspect.getmro(cls) if b.__module__ == "builtins" and b not in (Exception,
                                                                                                  BaseException,
                                                                                                  object)]
    assert builtin_bases, f"{cls.__name__} should also be a ValueError/LookupError/..."


def test_message_names_file_field_and_fix() -> None:
    exc = errors.ValidationError("must be between 0 and 1", source="map.yaml", field="outcomes[3].deadweight",
                                 hint="write 20% as 0.2")
    assert str(exc) == "map.yaml: outcomes[3].deadweight: must be between 0 and 1 (fix: write 20% as 0.2)"


def test_unknown_name_suggestions_survive_pickle_and_print_plainly() -> None:
    exc = errors.UnknownProxyError("unknown proxy 'welby'", suggestions=["wellby-hmt"])
    assert isinstance(exc, KeyError)
    assert "did you mean 'wellby-hmt'?" in str(exc)
    assert not str(exc).startswith('"')  # KeyError would quote its message
    assert pickle.loads(pickle.dumps(exc)).suggestions == ("wellby-hmt",)


def test_with_context_prefixes_field_paths() -> None:
    exc = errors.ValidationError("bad", field="deadweight").with_context(source="f.yaml", field_prefix="outcomes[2]")
    assert (exc.source, exc.field) == ("f.yaml", "outcomes[2].deadweight")
    assert errors.join_field("a", "[1].b") == "a[1].b"
    assert isinstance(UnknownNameError("x"), LookupError)
