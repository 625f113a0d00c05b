"""Golden cases: published or hand-computed results, checked through a framework as a user runs it.

A golden case is one YAML file: a document (inline, or a file next to the case), the framework
that evaluates it, the figures the result must hold and the publication or hand calculation
they come from. Expected values are written down from that source, never copied from the
code's own output, so a case fails when the arithmetic, a convention or a document reader
changes what a user would get. The built-in frameworks' cases live in ``tests/cases/``; a
framework plugin tests its own with the same four lines::

    from socialvalue.testing import check_case, golden_cases

    @golden_cases(Path(__file__).parent / "cases")
    def test_golden(case): check_case(case)

**Paths into a result.** An expected value is addressed by a path into the result's
``to_dict()``: keys joined by dots, ``[n]`` for the n-th item of a list (from 0; ``[-1]`` is the
last), ``[key=value]`` for the one list item whose ``key`` reads ``value`` (a supplier, an outcome
id, a reduction stage), and ``[text]`` for a mapping key that holds dots or spaces:
``by_year[0]``, ``bids[supplier=Acme].score``, ``outcomes[id=into-work].adjustments.deadweight``.

pytest is a test extra, not a dependency of socialvalue: only :func:`golden_cases` imports it.
"""

from __future__ import annotations

import copy
import datetime
import math
import os
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import attrs

from socialvalue import validation as v
from socialvalue.errors import DuplicateEntryError, SocialValueError, UnknownNameError, ValidationError

if TYPE_CHECKING:  # pragma: no cover
    from socialvalue.results.base import BaseResult

__all__ = ["CASE_KEYS", "GoldenCase", "check_case", "golden_cases", "load_cases", "parse_path", "resolve",
           "run_case"]

CASE_KEYS = ("id", "description", "source", "framework", "document", "document_file", "options", "expected",
             "tolerance")
"""The keys a case file may hold; any other key is refused (a typo would otherwise drop a check)."""

_TOLERANCE_KEYS = ("abs", "rel", "round")
_INTEGER = re.compile(r"-?[0-9]+")
_F = TypeVar("_F", bound=Callable[..., Any])

Step = tuple[str, Any]
"""One step of a parsed path: ``("key", name)``, ``("index", n)`` or ``("select", (key, value))``."""


@attrs.frozen(kw_only=True, eq=False)
class GoldenCase:
    """One golden case, validated. Build it with :func:`load_cases` (or :meth:`from_mapping`).

    ``document_file`` is the file the document was read from (``None`` for an inline document);
    ``path`` is the case file. Relative paths inside the document are taken from the folder of
    the file that holds it, exactly as when the document is evaluated on its own.
    """

    id: str
    source: str
    framework: str
    document: Mapping[str, Any]
    expected: Mapping[str, Any]
    description: str | None = None
    options: Mapping[str, Any] = attrs.field(factory=dict)
    tolerance: Mapping[str, float] = attrs.field(factory=dict)
    path: Path | None = None
    document_file: Path | None = None

    def __repr__(self) -> str:
        return f"<GoldenCase {self.id!r} ({self.framework}) from {self.path}>"

    @classmethod
    def from_mapping(cls, data: Any, *, path: str | os.PathLike[str] | None = None) -> GoldenCase:
        """A case from the mapping a case file holds; every refusal names the file (``path``) and
        the field, and says how to fix it."""
        where = None if path is None else Path(path)
        try:
            return cls._parse(data, where)
        except SocialValueError as exc:
            raise exc.with_context(source=None if where is None else str(where)) from None

    @classmethod
    def _parse(cls, data: Any, path: Path | None) -> GoldenCase:
        from socialvalue.identity import identifier

        m = v.mapping(data, None)
        v.check_keys(m, CASE_KEYS, None)
        case_id = identifier(v.require(m, "id", None), "id", what="case id")
        cite = m.get("source")
        if cite is None or (isinstance(cite, str) and not cite.strip()):
            raise ValidationError("a golden case must cite the source of its expected values", field="source",
                                  hint="add source: naming the publication (title, table or page) or the hand "
                                       "calculation the expected values were taken from")
        name = v.text(v.require(m, "framework", None), "framework")
        from socialvalue.frameworks import get_framework

        try:  # an unknown framework is refused here, when the cases are collected, with a suggestion
            get_framework(name)
        except SocialValueError as exc:
            raise exc.with_context(field_prefix="framework") from None
        document, document_file = _document(m, path)
        options = dict(v.mapping(m.get("options") or {}, "options"))
        if "base_dir" in options:
            raise ValidationError("base_dir is set by the runner", field="options.base_dir",
                                  hint="remove it: relative paths are taken from the folder of the file that holds "
                                       "the document")
        expected = v.mapping(v.require(m, "expected", None), "expected")
        if not expected:
            raise ValidationError("expected lists no values, so the case would check nothing", field="expected",
                                  hint="add at least one 'path: value' line, e.g. present_value: 15221.50")
        for key in expected:
            v.text(key, "expected")
            try:
                parse_path(key)
            except SocialValueError as exc:
                raise exc.with_context(field_prefix=f"expected[{key!r}]") from None
        return cls(id=case_id, source=v.text(cite, "source"), framework=name, document=document,
                   expected=dict(expected), description=v.optional_text(m.get("description"), "description"),
                   options=options, tolerance=_tolerance(m.get("tolerance")), path=path,
                   document_file=document_file)


def _document(m: Mapping[str, Any], path: Path | None) -> tuple[Mapping[str, Any], Path | None]:
    """The case's document: inline (``document:``) or read safely from ``document_file:``."""
    inline, ref = m.get("document"), m.get("document_file")
    if inline is not None and ref is not None:
        raise ValidationError("a case gives its document either inline or as a file, not both",
                              field="document_file", hint="keep document: or document_file:, and remove the other")
    if inline is None and ref is None:
        raise ValidationError("a case needs the document to evaluate", field="document",
                              hint="add document: (the document inline) or document_file: (a path relative to "
                                   "the case file)")
    if inline is not None:
        return v.mapping(inline, "document"), None
    # A case file is test code its author trusts, so the file may sit outside the case's folder
    # (e.g. ../../examples/x.yaml); it must still be relative, so the case works from any checkout.
    text = v.text(ref, "document_file")
    if Path(text).is_absolute() or text.startswith(("~", "/", "\\")):
        raise ValidationError(f"document_file must be a relative path, got {text!r}", field="document_file",
                              hint="write the path relative to the case file's folder")
    file = (path.parent if path is not None else Path(".")) / text
    if not file.is_file():
        raise ValidationError(f"file not found: {file}", field="document_file",
                              hint="paths are taken from the case file's folder")
    from socialvalue.documents import read_document

    return v.mapping(read_document(file), None, source=str(file)), file


def _tolerance(raw: Any) -> dict[str, float]:
    """``{abs: x}``, ``{rel: x}`` (both allowed: within either passes) or ``{round: n}``; none = exact."""
    if raw is None:
        return {}
    t = v.mapping(raw, "tolerance")
    v.check_keys(t, _TOLERANCE_KEYS, "tolerance")
    if "round" in t and len(t) > 1:
        raise ValidationError("round cannot be combined with abs or rel", field="tolerance",
                              hint="use {round: n} for figures published to n decimal places, or abs/rel alone")
    out = {key: v.non_negative(t[key], f"tolerance.{key}") for key in ("abs", "rel") if key in t}
    if "round" in t:
        out["round"] = v.integer(t["round"], "tolerance.round")
    return out


def load_cases(*paths: str | os.PathLike[str]) -> list[GoldenCase]:
    """The golden cases in ``paths``: case files, or folders whose ``*.yaml`` files (not their
    sub-folders, which may hold documents) are cases, in name order.

    Files are read with :func:`socialvalue.documents.read_document` (duplicate keys, unsafe tags
    and ambiguous numbers refused). A malformed case raises a
    :class:`~socialvalue.errors.SocialValueError` naming the file and field, and two cases with one
    id raise :class:`~socialvalue.errors.DuplicateEntryError`: ids name the tests.
    """
    from socialvalue.documents import read_document

    if not paths:
        raise ValidationError("load_cases() needs at least one case file or folder",
                              hint="e.g. load_cases(Path(__file__).parent / 'cases')")
    files: list[Path] = []
    for item in paths:
        given = Path(item)
        for file in (sorted(given.glob("*.yaml")) if given.is_dir() else [given]):
            if file.resolve() not in {f.resolve() for f in files}:
                files.append(file)
    cases: list[GoldenCase] = []
    seen: dict[str, Path] = {}
    for file in files:
        case = GoldenCase.from_mapping(read_document(file), path=file)
        if case.id in seen:
            raise DuplicateEntryError(f"case id {case.id!r} is also used by {seen[case.id]}", source=str(file),
                                      field="id", hint="give each case its own id: ids name the tests")
        seen[case.id] = file
        cases.append(case)
    return cases


def parse_path(path: str) -> list[Step]:
    """The steps of a dotted path (see the module docstring); a malformed path raises
    :class:`~socialvalue.errors.ValidationError` saying where."""
    steps: list[Step] = []

    def bad(message: str) -> ValidationError:
        return ValidationError(f"path {path!r}: {message}", hint="write keys joined by dots, [n] for a list item, "
                                                                   "[key=value] to select one, e.g. bids[0].score")

    i, n = 0, len(path)
    if not path.strip():
        raise bad("is empty")
    while i < n:
        if path[i] == "[":
            end = path.find("]", i)
            if end < 0:
                raise bad(f"'[' at position {i + 1} is not closed")
            inner = path[i + 1:end].strip()
            if not inner:
                raise bad(f"empty [] at position {i + 1}")
            key, eq, value = inner.partition("=")
            if eq:
                if not key.strip() or not value.strip():
                    raise bad(f"[{inner}] needs a key and a value, e.g. [supplier=Acme]")
                steps.append(("select", (key.strip(), value.strip())))
            elif _INTEGER.fullmatch(inner):
                steps.append(("index", int(inner)))
            else:
                steps.append(("key", inner))
            i = end + 1
        else:
            end = min((j for j in (path.find(".", i), path.find("[", i)) if j >= 0), default=n)
            name = path[i:end].strip()
            if not name or "]" in name:
                raise bad(f"empty or malformed key at position {i + 1}")
            steps.append(("key", name))
            i = end
        if i < n and path[i] == ".":
            i += 1
            if i == n or path[i] in ".[":
                raise bad(f"nothing follows the '.' at position {i}")
        elif i < n and path[i] != "[":
            raise bad(f"expected '.' or '[' at position {i + 1}")
    return steps


def _show(step: Step) -> str:
    kind, arg = step
    return f"[{arg}]" if kind == "index" else f"[{arg[0]}={arg[1]}]" if kind == "select" else str(arg)


def _join(walked: str, step: Step) -> str:
    shown = _show(step)
    return shown if not walked else (walked + shown if shown.startswith("[") else f"{walked}.{shown}")


def _as_text(value: Any) -> str:
    """How a ``[key=value]`` selector reads a value: booleans as true/false, numbers without '.0'."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _listed(what: str, names: Sequence[str]) -> str:
    return f"{what}: {', '.join(names[:30])}{', …' if len(names) > 30 else ''}" if names else f"no {what}"


def _step(value: Any, step: Step, walked: str) -> Any:
    """One step of :func:`resolve`: the value it leads to, or an error naming where and what is there."""
    from socialvalue.suggest import close_matches

    kind, arg = step
    here, name = _join(walked, step), repr(walked) if walked else "the top level"
    if isinstance(value, Mapping):
        names = [str(k) for k in value]
        # a number in a path also finds a key that is a number, and the other way round
        candidates = (arg, str(arg)) if kind == "index" else (arg, int(arg)) if _INTEGER.fullmatch(str(arg)) \
            else (arg,)
        for key in candidates if kind != "select" else ():
            if key in value:
                return value[key]
        if kind == "select":
            raise ValidationError(f"{name} is a mapping, and {_show(step)} selects a list item",
                                  field=here, hint=_listed("keys there", names))
        raise UnknownNameError(f"no key {str(arg)!r} {'under ' if walked else 'at '}{name}", field=here,
                               suggestions=close_matches(str(arg), names), hint=_listed("keys there", names))
    if isinstance(value, (list, tuple)):
        if kind == "index" and -len(value) <= arg < len(value):
            return value[arg]
        if kind != "select":
            hint = f"write [{arg}] to index a list" if _INTEGER.fullmatch(str(arg)) else \
                "select an item with [n] or [key=value], e.g. [id=...]"
            raise (UnknownNameError if kind == "index" else ValidationError)(
                f"{name} is a list of {len(value)}, so {_show(step)} is not in it", field=here,
                hint=f"index from 0 to {len(value) - 1}" if kind == "index" and value else hint)
        key, want = arg
        present = [_as_text(item[key]) for item in value if isinstance(item, Mapping) and key in item]
        if present.count(want) == 1:
            return next(item for item in value if isinstance(item, Mapping) and key in item
                        and _as_text(item[key]) == want)
        if present.count(want) > 1:
            raise ValidationError(f"{present.count(want)} items of {name} have {key}={want}",
                                  field=here, hint="select by a key whose values differ, or by position [n]")
        raise UnknownNameError(f"no item of {name} has {key}={want}", field=here,
                               suggestions=close_matches(want, present), hint=_listed(f"its items' {key} values",
                                                                                       present))
    raise ValidationError(f"{name} is {type(value).__name__} {value!r:.60}, so {_show(step)} "
                          "cannot be looked up in it", field=here,
                          hint="the path goes one step too far; check the result's to_dict()")


def resolve(data: Any, path: str) -> Any:
    """The value at ``path`` in ``data`` (a result's ``to_dict()``).

    A step that is not there raises :class:`~socialvalue.errors.UnknownNameError` naming the path
    walked so far (``field``), the missing segment, and the keys (or list items) that are there,
    with close matches; a step into the wrong shape raises
    :class:`~socialvalue.errors.ValidationError`.

    >>> resolve({"bids": [{"supplier": "A", "score": 15.0}]}, "bids[supplier=A].score")
    15.0
    """
    value, walked = data, ""
    for step in parse_path(path):
        value = _step(value, step, walked)
        walked = _join(walked, step)
    return value


def run_case(case: GoldenCase) -> BaseResult:
    """Evaluate the case's document with its framework and options, as a user would.

    Relative paths in the document are taken from the folder of the file holding it (``base_dir``);
    the document is copied first, so a framework cannot change the case. An error from the
    framework is raised as it is, with a note naming the case.
    """
    from socialvalue.frameworks import get_framework

    origin = case.document_file or case.path
    options: dict[str, Any] = dict(case.options)
    if origin is not None:
        options["base_dir"] = str(origin.parent)
    framework = get_framework(case.framework)
    try:
        result: BaseResult = framework.evaluate(copy.deepcopy(dict(case.document)), options=options,
                                                source=None if origin is None else str(origin))
        return result
    except SocialValueError as exc:
        if case.document_file is None and case.path is not None and exc.source == str(case.path):
            exc.with_context(field_prefix="document")
        exc.add_note(f"while running golden case {case.id!r} ({case.path})")
        raise


def _tolerance_text(tolerance: Mapping[str, float]) -> str:
    if "round" in tolerance:
        return f"rounded to {int(tolerance['round'])} decimal places"
    return " or ".join(f"{k} {tolerance[k]:g}" for k in ("abs", "rel") if k in tolerance) or "exact"


def _close(got: float, want: float, tolerance: Mapping[str, float]) -> bool:
    """``got`` matches ``want``: exactly; or after Python's ``round(got, n)``; or within ``abs`` of it
    or within ``rel`` times ``|want|`` (whichever is wider)."""
    if "round" in tolerance:
        return round(float(got), int(tolerance["round"])) == want
    if not tolerance:
        return got == want
    allowed = max(tolerance.get("abs", 0.0), tolerance.get("rel", 0.0) * abs(want))
    return math.isfinite(got) and abs(got - want) <= allowed


def _compare(got: Any, want: Any, path: str, tolerance: Mapping[str, float], out: list[str]) -> None:
    """Append to ``out`` one line for each way ``got`` differs from ``want`` (lists element-wise,
    mappings key by key, numbers with the tolerance, everything else exactly)."""
    def differs(note: str = "") -> None:
        out.append(f"{path}: got {got!r}, want {want!r}{note}")

    if isinstance(want, Mapping):
        if not isinstance(got, Mapping):
            differs(" (want a mapping)")
            return
        for key in want:
            if key in got:
                _compare(got[key], want[key], f"{path}.{key}", tolerance, out)
            else:
                out.append(f"{path}.{key}: missing, want {want[key]!r}")
        if extra := [str(k) for k in got if k not in want]:
            out.append(f"{path}: has keys the expected mapping lacks: {', '.join(extra)}")
    elif isinstance(want, list):
        if not isinstance(got, (list, tuple)):
            differs(" (want a list)")
        elif len(got) != len(want):
            differs(f" ({len(got)} items, want {len(want)})")
        else:
            for i, (g, w) in enumerate(zip(got, want, strict=True)):
                _compare(g, w, f"{path}[{i}]", tolerance, out)
    elif isinstance(want, (int, float)) and not isinstance(want, bool):
        if isinstance(got, bool) or not isinstance(got, (int, float)):
            differs(" (want a number)")
        elif not _close(got, want, tolerance):
            off = f"; off by {got - want:.6g}" if math.isfinite(got - want) else ""
            differs(f" (tolerance: {_tolerance_text(tolerance)}{off})")
    elif isinstance(want, datetime.date) and isinstance(got, str):
        if got != want.isoformat():
            differs()
    elif type(got) is not type(want) or got != want:
        note = " (want is text: write numbers with a decimal point, e.g. 0.000005)" \
            if isinstance(want, str) and isinstance(got, (int, float)) else ""
        differs(note)


def check_case(case: GoldenCase) -> None:
    """Run ``case`` and compare every expected value with the result's ``to_dict()``.

    Raises :class:`AssertionError` listing **every** mismatch (path, got, want, tolerance) and every
    path missing from the result, so one run shows all that changed, not only the first.
    """
    data = run_case(case).to_dict()
    problems: list[str] = []
    for path, want in case.expected.items():
        try:
            got = resolve(data, path)
        except SocialValueError as exc:
            problems.append(f"{path}: not in the result: {exc}")
            continue
        _compare(got, want, path, case.tolerance, problems)
    if problems:
        lines = "\n".join(f"  - {p}" for p in problems)
        raise AssertionError(f"golden case {case.id!r} ({case.path}): {len(problems)} mismatch"
                             f"{'es' if len(problems) != 1 else ''} (of {len(case.expected)} expected values)\n"
                             f"{lines}\n  source: {case.source}")


def golden_cases(*paths: str | os.PathLike[str]) -> Callable[[_F], _F]:
    """A ``pytest.mark.parametrize("case", ...)`` decorator over the cases in ``paths``, one test per
    case, named by its id. Cases are loaded when pytest collects the module, so a malformed case
    is a collection error naming its file; finding no case at all is an error too, never a test
    that silently passes."""
    import pytest

    cases = load_cases(*paths)
    if not cases:
        raise ValidationError("no golden cases found", source=", ".join(str(p) for p in paths),
                              hint="add one case per NAME.yaml file, or check the folder's path")
    return cast(Callable[[_F], _F], pytest.mark.parametrize("case", cases, ids=[c.id for c in cases]))
