"""Hostile and careless inputs, one named case each, for every document kind and the command line.

What this module proves: for each input below socialvalue gives exactly one right outcome, and
nothing else:

* either a figure (a present value, a ratio, a payback, a tender score or rank, a level, an LM3,
  a percentage delivered) equal to the one written out by hand in the case from the case's own
  inputs (never taken from the code under test); or
* the exact :class:`~socialvalue.errors.SocialValueError` subclass (not a parent class, not a
  builtin), with ``source`` naming the file that holds the bad input (or ``options`` for an
  evaluation option) and ``field`` pointing at the value, e.g. ``bids[1].commitments[0].quantity``
  or ``rows[3].quantity``; or, on the command line, the documented exit status with the error
  line naming what is wrong, and the input files left untouched.

The cases are a table (``Case`` and ``CliCase`` records), grouped by document kind, so that each
appears in the pytest output under a readable id such as
``test_tender[tender-bid-decimal-comma-in-quantity]``. Every file a case reads or writes lives
in ``tmp_path``; examples are copied there when a document names other files.

The regression tests of ``tests/test_trust.py`` are not repeated here one for one: these cases go
wider (other fields, other document kinds, other spellings of the same mistake).
"""

from __future__ import annotations

import contextlib
import copy
import datetime
import io
import json
import math
import shutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from socialvalue.errors import (
    DocumentError,
    DuplicateEntryError,
    DuplicateKeyError,
    NumberTextError,
    ParseError,
    PriceYearError,
    SocialValueError,
    UnitMismatchError,
    UnknownNameError,
    UnknownPluginError,
    UnknownUnitError,
    UnsafeDocumentError,
    ValidationError,
)
from socialvalue.frameworks import evaluate

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

Doc = dict[str, Any]
Edit = Callable[[Doc], None]


# =========================================================================== the case table


@dataclass(frozen=True)
class File:
    """A file of the case's own folder (``tmp_path / name``), as an expected error ``source``."""

    name: str


@dataclass(frozen=True)
class Case:
    """One hostile input and its one right outcome.

    ``run(tmp_path)`` builds the input in ``tmp_path``, evaluates it and returns the figure
    the case is about. With ``error`` unset that figure must equal ``expect`` (floats to a
    relative 1e-12, everything else exactly); with ``error`` set, ``run`` must raise exactly
    that class, with exactly that ``field`` and ``source``.
    """

    id: str
    run: Callable[[Path], Any]
    expect: Any = None
    error: type[SocialValueError] | None = None
    field: str | None = None
    source: File | str | None = None

    def param(self) -> Any:
        return pytest.param(self, id=self.id)


def assert_same(got: Any, expected: Any, where: str = "value") -> None:
    """``got == expected``, floats to a relative 1e-12, recursively through lists and mappings."""
    if isinstance(expected, float) and not isinstance(got, bool):
        assert isinstance(got, (int, float)), f"{where}: expected a number, got {got!r}"
        assert math.isclose(got, expected, rel_tol=1e-12, abs_tol=0.0), f"{where}: {got!r} != {expected!r}"
    elif isinstance(expected, Mapping):
        assert isinstance(got, Mapping) and set(got) == set(expected), f"{where}: {got!r} != {expected!r}"
        for key in expected:
            assert_same(got[key], expected[key], f"{where}[{key!r}]")
    elif isinstance(expected, (list, tuple)):
        assert isinstance(got, (list, tuple)) and len(got) == len(expected), f"{where}: {got!r} != {expected!r}"
        for i, (g, e) in enumerate(zip(got, expected, strict=True)):
            assert_same(g, e, f"{where}[{i}]")
    else:
        assert got == expected, f"{where}: {got!r} != {expected!r}"


def check(case: Case, tmp_path: Path) -> None:
    if case.error is None:
        assert_same(case.run(tmp_path), case.expect)
        return
    try:
        got = case.run(tmp_path)
    except SocialValueError as exc:
        error = exc
    else:
        pytest.fail(f"expected {case.error.__name__} at {case.field!r}; got a result instead: {got!r:.300}")
    assert type(error) is case.error, f"raised {type(error).__name__}: {error}"
    assert error.field == case.field, f"field {error.field!r}, expected {case.field!r}: {error}"
    source = str(tmp_path / case.source.name) if isinstance(case.source, File) else case.source
    assert error.source == source, f"source {error.source!r}, expected {source!r}: {error}"


# =========================================================================== helpers


def put(*path_and_value: Any) -> Edit:
    """An edit that sets ``doc[k1][k2]... = value``."""
    *path, value = path_and_value

    def edit(doc: Doc) -> None:
        target: Any = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = copy.deepcopy(value)

    return edit


def drop(*path: Any) -> Edit:
    """An edit that deletes ``doc[k1][k2]...``."""

    def edit(doc: Doc) -> None:
        target: Any = doc
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return edit


def add(*path_and_item: Any) -> Edit:
    """An edit that appends ``item`` to the list at ``doc[k1][k2]...``."""
    *path, item = path_and_item

    def edit(doc: Doc) -> None:
        target: Any = doc
        for key in path:
            target = target[key]
        target.append(copy.deepcopy(item))

    return edit


def edits(*steps: Edit) -> Edit:
    assert steps, "edits() needs at least one edit"

    def edit(doc: Doc) -> None:
        for step in steps:
            step(doc)

    return edit


def keep(doc: Doc) -> None:
    """The edit that changes nothing (the case is the base document itself)."""


def write_yaml(folder: Path, name: str, data: Any) -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def write_text(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def copy_examples(folder: Path, *names: str) -> None:
    assert names, "name at least one example"
    for name in names:
        shutil.copy(EXAMPLES / name, folder / name)


def inline_proxy(value: float, unit: str, price_year: int = 2024) -> Doc:
    return {"value": value, "unit": unit, "price_year": price_year, "source": "test value"}


def lines_starting(texts: Sequence[str], prefix: str) -> list[str]:
    """Lines of the rendered reports that start (after indentation) with ``prefix``."""
    assert texts, "render at least one report"
    return [line for text in texts for line in text.splitlines() if line.lstrip().startswith(prefix)]


THE_DOCUMENT = File("<the document the case writes>")
"""The default expected ``source`` of a :func:`make_case` error: the case's own document file."""


@dataclass(frozen=True)
class Kind:
    """How to build, write and evaluate one document kind's cases."""

    base: Callable[[], Doc]
    filename: str
    setup: Callable[[Path], None] | None = None
    load: Callable[[Path], Any] = evaluate


def make_case(kind: Kind, id: str, edit: Edit, *, get: Callable[[Any], Any] | None = None, expect: Any = None,
              error: type[SocialValueError] | None = None, field: str | None = None,
              source: File | str = THE_DOCUMENT, options: Mapping[str, Any] | None = None,
              setup: Callable[[Path], None] | None = None) -> Case:
    """A case that edits ``kind``'s base document, writes it to ``kind.filename`` and evaluates it.

    An error is expected to name the written document as its source unless ``source`` says otherwise
    (another file of the case, or ``"options"``)."""
    if error is None:
        assert get is not None, f"{id}: a value case needs a getter"

    def run(tmp: Path) -> Any:
        if kind.setup is not None:
            kind.setup(tmp)
        if setup is not None:
            setup(tmp)
        doc = kind.base()
        edit(doc)
        path = write_yaml(tmp, kind.filename, doc)
        result = kind.load(path) if options is None else evaluate(path, options=options)
        return result if get is None else get(result)

    expected_source = File(kind.filename) if source is THE_DOCUMENT else source
    return Case(id, run, expect=expect, error=error, field=field, source=expected_source if error else None)


def text_case(id: str, name: str, text: str, *, load: Callable[[Path], Any] = evaluate,
              get: Callable[[Any], Any] | None = None, expect: Any = None,
              error: type[SocialValueError] | None = None, field: str | None = None,
              setup: Callable[[Path], None] | None = None) -> Case:
    """A case written as raw YAML or JSON text (tags, duplicate keys, JSON numbers)."""
    if error is None:
        assert get is not None, f"{id}: a value case needs a getter"

    def run(tmp: Path) -> Any:
        if setup is not None:
            setup(tmp)
        result = load(write_text(tmp, name, text))
        return result if get is None else get(result)

    return Case(id, run, expect=expect, error=error, field=field, source=File(name) if error else None)


# =========================================================================== impact maps (sroi)

Q, P = 10, 7.0  # the base map: 10 person-years valued at GBP 7 each, one year, undiscounted


def base_map() -> Doc:
    return {"kind": "impact-map", "name": "Employment", "price_year": 2024, "investment": 1000.0,
            "discounting": {"schedule": "none"},
            "outcomes": [{"id": "into-work", "quantity": Q, "proxy": inline_proxy(P, "GBP/person/year")}]}


MAP = Kind(base_map, "map.yaml")


def pv(result: Any) -> float:
    return result.present_value


def out0(key: str, value: Any) -> Edit:
    return put("outcomes", 0, key, value)


def map_case(id: str, edit: Edit, **kw: Any) -> Case:
    return make_case(MAP, id, edit, **kw)


def map_text(quantity_yaml: str) -> str:
    return ("kind: impact-map\nname: Employment\nprice_year: 2024\ninvestment: 1000\n"
            "discounting: {schedule: none}\noutcomes:\n"
            f"  - {{id: into-work, quantity: {quantity_yaml}, proxy: {{value: 7.0, unit: GBP/person/year, "
            "price_year: 2024, source: test value}}\n")


def rendered(result: Any) -> list[str]:
    return [result.to_text(), result.to_markdown()]


IMPACT_MAP_CASES = [
    # --- fractions: percentages, 0, 1 and just outside
    map_case("impact-map-deadweight-as-percent-text", out0("deadweight", "20%"), get=pv,
             expect=Q * P * (1 - 0.20)),
    map_case("impact-map-deadweight-20-meaning-percent", out0("deadweight", 20),
             error=ValidationError, field="outcomes[0].deadweight"),
    map_case("impact-map-deadweight-120-percent", out0("deadweight", "120%"),
             error=ValidationError, field="outcomes[0].deadweight"),
    map_case("impact-map-deadweight-just-above-one", out0("deadweight", 1.0000001),
             error=ValidationError, field="outcomes[0].deadweight"),
    map_case("impact-map-deadweight-exactly-one-is-worth-nothing", out0("deadweight", 1), get=pv, expect=0.0),
    map_case("impact-map-attribution-exactly-zero", out0("attribution", 0), get=pv, expect=Q * P),
    map_case("impact-map-deadweight-decimal-comma", out0("deadweight", "0,2"),
             error=NumberTextError, field="outcomes[0].deadweight"),
    map_case("impact-map-leakage-decimal-comma-percent", out0("leakage", "12,5%"),
             error=NumberTextError, field="outcomes[0].leakage"),
    # --- quantities written carelessly
    map_case("impact-map-quantity-decimal-comma-with-unit", out0("quantity", "12,5 person"),
             error=NumberTextError, field="outcomes[0].quantity"),
    map_case("impact-map-quantity-space-thousands", out0("quantity", "1 250 person"),
             error=NumberTextError, field="outcomes[0].quantity"),
    map_case("impact-map-quantity-pound-sign", out0("quantity", "£12"),
             error=NumberTextError, field="outcomes[0].quantity"),
    map_case("impact-map-quantity-1e309-text", out0("quantity", "1e309"),
             error=NumberTextError, field="outcomes[0].quantity"),
    map_case("impact-map-quantity-nan", out0("quantity", float("nan")),
             error=ValidationError, field="outcomes[0].quantity"),
    map_case("impact-map-quantity-negative-count", out0("quantity", -10),
             error=ValidationError, field="outcomes[0].quantity"),
    map_case("impact-map-quantity-thousands-text", out0("quantity", "1,250 person"), get=pv, expect=1250 * P),
    text_case("impact-map-yaml-int-tag-on-hex", "map.yaml", map_text("!!int 0x10"),
              error=NumberTextError, field="outcomes[0].quantity"),
    text_case("impact-map-yaml-str-tag-on-number", "map.yaml", map_text("!!str 12"), get=pv, expect=12 * P),
    text_case("impact-map-yaml-float-tag-exponent", "map.yaml", map_text("!!float 1e3"), get=pv, expect=1000 * P),
    text_case("impact-map-yaml-octal-looking-count", "map.yaml", map_text("012"),
              error=NumberTextError, field="outcomes[0].quantity"),
    # --- durations and years
    map_case("impact-map-duration-zero", out0("duration", 0), error=ValidationError, field="outcomes[0].duration"),
    map_case("impact-map-duration-half-a-year", out0("duration", 0.5),
             error=ValidationError, field="outcomes[0].duration"),
    map_case("impact-map-duration-1001-years", out0("duration", 1001),
             error=ValidationError, field="outcomes[0].duration"),
    map_case("impact-map-duration-1000-years-undiscounted", out0("duration", 1000), get=pv, expect=1000 * Q * P),
    map_case("impact-map-start-year-zero", out0("start_year", 0),
             error=ValidationError, field="outcomes[0].start_year"),
    map_case("impact-map-constant-rate-drop-off-and-deadweight",
             edits(out0("duration", 3), out0("drop_off", 0.5), out0("deadweight", 0.2),
                   put("discounting", {"schedule": "constant", "rate": 0.1})), get=pv,
             expect=Q * P * 0.8 * (1 / 1.1 + 0.5 / 1.1 ** 2 + 0.25 / 1.1 ** 3)),
    map_case("impact-map-year-0-convention-leaves-year-one-undiscounted",
             edits(out0("duration", 3), out0("drop_off", 0.5), put("conventions", {"discount_start": "year-0"}),
                   put("discounting", {"schedule": "constant", "rate": 0.1})), get=pv,
             expect=Q * P * (1 + 0.5 / 1.1 + 0.25 / 1.1 ** 2)),
    map_case("impact-map-start-year-two-discounted-twice",
             edits(out0("start_year", 2), put("discounting", {"schedule": "constant", "rate": 0.1})), get=pv,
             expect=Q * P / 1.1 ** 2),
    map_case("impact-map-disbenefit-is-netted-off",
             add("outcomes", {"id": "car-trips", "quantity": 3, "negative": True,
                              "proxy": inline_proxy(P, "GBP/person/year")}),
             get=lambda r: (r.present_value, r.valuation.benefits, r.valuation.disbenefits),
             expect=(Q * P - 3 * P, Q * P, 3 * P)),
    map_case("impact-map-payback-from-year-one-impact", out0("deadweight", 0.2),
             get=lambda r: r.valuation.payback_months, expect=1000.0 / (Q * P * 0.8 / 12)),
    map_case("impact-map-payback-never-when-nothing-starts-in-year-one", out0("start_year", 2),
             get=lambda r: r.valuation.payback_months, expect=None),
    # --- price years
    map_case("impact-map-price-year-before-deflator", put("price_year", 1989),
             error=PriceYearError, field="price_year"),
    map_case("impact-map-price-year-in-the-future", put("price_year", 2027),
             error=PriceYearError, field="price_year"),
    map_case("impact-map-inline-proxy-price-year-1900", out0("proxy", inline_proxy(P, "GBP/person/year", 1900)),
             error=PriceYearError, field="outcomes[0].proxy.price_year"),
    map_case("impact-map-proxy-price-year-as-number-text",
             out0("proxy", {**inline_proxy(P, "GBP/person/year"), "price_year": "2,024"}), get=pv, expect=Q * P),
    map_case("impact-map-option-price-year-outside-deflator", keep, options={"price_year": 2027},
             error=PriceYearError, field="price_year", source="options"),
    map_case("impact-map-option-monte-carlo-zero", keep, options={"monte_carlo": 0, "seed": 1},
             error=ValidationError, field="monte_carlo", source="options"),
    map_case("impact-map-option-negative-seed", keep, options={"monte_carlo": 5, "seed": -1},
             error=ValidationError, field="seed", source="options"),
    map_case("impact-map-option-sensitivity-as-text", keep, options={"sensitivity": "true"},
             error=ValidationError, field="sensitivity", source="options"),
    map_case("impact-map-series-proxy-without-first-year", edits(out0("quantity", "1 tCO2e"),
                                                                 out0("proxy", "carbon-value-desnz")),
             error=ValidationError, field="outcomes[0].proxy"),
    map_case("impact-map-series-proxy-in-a-year-after-the-series",
             edits(out0("quantity", "1 tCO2e"), out0("proxy", "carbon-value-desnz"), put("first_year", 2100)),
             error=ValidationError, field="outcomes[0].proxy"),
    map_case("impact-map-first-year-1700", put("first_year", 1700), error=ValidationError, field="first_year"),
    # --- discounting
    map_case("impact-map-discount-rate-3.5-meaning-percent", put("discounting", {"schedule": "constant", "rate": 3.5}),
             error=ValidationError, field="discounting.rate"),
    map_case("impact-map-discount-rate-as-number-text",
             edits(put("discounting", {"schedule": "constant", "rate": "0.1"})), get=pv, expect=Q * P / 1.1),
    # --- units
    map_case("impact-map-person-count-with-per-week-proxy",
             edits(out0("quantity", "10 person"), out0("proxy", inline_proxy(P, "GBP/person/week"))), get=pv,
             expect=10 * P * 365.25 / 7),
    map_case("impact-map-hours-valued-per-person-year", out0("quantity", "18720 hour"),
             error=UnitMismatchError, field="outcomes[0].quantity"),
    map_case("impact-map-temperature-scale-unit-kelvin", out0("quantity", "10 kelvin"),
             error=UnitMismatchError, field="outcomes[0].quantity"),
    map_case("impact-map-unknown-unit", out0("quantity", "10 WELBYs"),
             error=UnknownUnitError, field="outcomes[0].quantity"),
    map_case("impact-map-proxy-unit-not-money", out0("proxy", inline_proxy(P, "person/year")),
             error=ValidationError, field="outcomes[0].proxy.unit"),
    map_case("impact-map-money-as-the-quantity", out0("quantity", "5000 GBP"),
             error=UnitMismatchError, field="outcomes[0].quantity"),
    # --- investment
    map_case("impact-map-investment-pound-sign", put("investment", "£250,000"),
             error=NumberTextError, field="investment"),
    map_case("impact-map-investment-thousands-and-gbp", put("investment", "250,000 GBP"),
             get=lambda r: r.sroi_ratio, expect=Q * P / 250_000),
    map_case("impact-map-investment-in-people", put("investment", "250 person"),
             error=UnitMismatchError, field="investment"),
    map_case("impact-map-investment-zero-has-no-ratio", put("investment", 0),
             get=lambda r: (r.sroi_ratio, r.present_value), expect=(None, Q * P)),
    map_case("impact-map-investment-negative", put("investment", -1000), error=ValidationError, field="investment"),
    map_case("impact-map-investment-decimal-comma-read-as-thousands", put("investment", "0,500"),
             get=lambda r: r.sroi_ratio, error=NumberTextError, field="investment"),
    text_case("impact-map-json-investment-1e999", "map.json",
              '{"kind": "impact-map", "name": "t", "price_year": 2024, "investment": 1e999, '
              '"outcomes": [{"id": "o", "quantity": 1, "proxy": "wellby-hmt"}]}',
              error=ValidationError, field="investment"),
    # --- identities and duplicates
    map_case("impact-map-outcome-ids-differ-only-in-case",
             add("outcomes", {"id": "Into-Work", "quantity": 1, "proxy": inline_proxy(P, "GBP/person/year")}),
             error=DuplicateEntryError, field="outcomes[1].id"),
    map_case("impact-map-investment-names-differ-by-no-break-space",
             put("investment", [{"name": "Council grant", "amount": 1}, {"name": "council\u00a0 GRANT", "amount": 2}]),
             error=DuplicateEntryError, field="investment[1].name"),
    map_case("impact-map-outcome-id-zero-width-space", out0("id", "into\u200bwork"),
             error=ValidationError, field="outcomes[0].id"),
    map_case("impact-map-outcome-id-cyrillic-o", out0("id", "int\u043e-work"),
             error=ValidationError, field="outcomes[0].id"),
    map_case("impact-map-outcome-id-newline", out0("id", "into\nwork"),
             error=ValidationError, field="outcomes[0].id"),
    map_case("impact-map-theme-terminal-escape", out0("theme", "jobs\x1b[1m"),
             error=ValidationError, field="outcomes[0].theme"),
    text_case("impact-map-yaml-key-twice-in-an-outcome", "map.yaml",
              map_text("1").replace("quantity: 1,", "quantity: 1, quantity: 2,"),
              error=DuplicateKeyError, field=None),
    # --- kinds, keys, names
    map_case("impact-map-kind-tender-with-framework-sroi", edits(put("kind", "tender"), put("framework", "sroi")),
             error=ValidationError, field="kind"),
    map_case("impact-map-kind-capitalised", put("kind", "Impact-Map"), error=UnknownNameError, field="kind"),
    map_case("impact-map-framework-misspelt", put("framework", "sroy"), error=UnknownPluginError, field="framework"),
    map_case("impact-map-misspelt-adjustment-key", out0("deadwieght", 0.2),
             error=UnknownNameError, field="outcomes[0].deadwieght"),
    map_case("impact-map-domain-capitalised", out0("domain", "Thriving"),
             error=UnknownNameError, field="outcomes[0].domain"),
    map_case("impact-map-beneficiary-count-leading-zero", out0("beneficiaries", {"group": "Adults", "count": "012"}),
             error=NumberTextError, field="outcomes[0].beneficiaries.count"),
    map_case("impact-map-group-smaller-than-people-counted",
             edits(out0("quantity", "50 person"), out0("beneficiaries", {"group": "Adults", "count": 35})),
             error=ValidationError, field="outcomes[0].beneficiaries.count"),
    map_case("impact-map-range-does-not-contain-value",
             edits(out0("deadweight", 0.2), out0("ranges", {"deadweight": [0.3, 0.1]})),
             error=ValidationError, field="outcomes[0].ranges.deadweight"),
    map_case("impact-map-negative-flag-as-text", out0("negative", "yes"),
             error=ValidationError, field="outcomes[0].negative"),
    map_case("impact-map-forecast-outside-the-folder", edits(put("mode", "evaluation"), put("forecast", "../f.yaml")),
             error=UnsafeDocumentError, field="forecast"),
    map_case("impact-map-name-carriage-return-heading", put("name", "Programme\r# Injected"),
             get=lambda r: lines_starting(rendered(r), "# Injected"), expect=[]),
    map_case("impact-map-place-newline-heading", put("place", "Town\n## Injected <img src=x>"),
             get=lambda r: (lines_starting(rendered(r), "## Injected"), "<img" in r.to_markdown()),
             expect=([], False)),
]


# =========================================================================== tenders (toms)

JOBS_VALUE, HOUR_VALUE = 30_000.0, 10.0
JOBS = {"code": "JOBS", "description": "Local people employed", "theme": "jobs", "unit": "FTE",
        "proxy": inline_proxy(JOBS_VALUE, "GBP/FTE/year")}
HOURS = {"code": "HOURS", "description": "Volunteering hours", "theme": "community", "unit": "hour",
         "proxy": inline_proxy(HOUR_VALUE, "GBP/hour")}
HIRE = {"code": "HIRE", "description": "Hires from a disadvantaged group", "theme": "jobs", "unit": "person",
        "counting": "first-year-only", "proxy": inline_proxy(1000.0, "GBP/person")}

ALPHA_SV = 10 * 3 * JOBS_VALUE + 300 * HOUR_VALUE  # 10 FTE for 3 years + 300 hours
BETA_SV = 5 * 2 * JOBS_VALUE                        # 5 FTE for 2 years
CONTRACT_VALUE = 1_000_000.0


def base_tender() -> Doc:
    return {"kind": "tender", "name": "Highways", "contract": {"value": 1_000_000, "years": 3, "price_year": 2024},
            "measures": [copy.deepcopy(JOBS), copy.deepcopy(HOURS)],
            "scoring": {"method": "relative", "weight": 20, "quantitative_share": 0.5},
            "bids": [{"supplier": "Alpha Ltd", "qualitative": 70,
                      "commitments": [{"measure": "JOBS", "quantity": "10 FTE", "years": 3},
                                      {"measure": "HOURS", "quantity": "300 hour"}]},
                     {"supplier": "Beta Ltd", "qualitative": 80,
                      "commitments": [{"measure": "JOBS", "quantity": "5 FTE", "years": 2}]}]}


TENDER = Kind(base_tender, "tender.yaml")


def social_values(result: Any) -> dict[str, float]:
    return {b.supplier: b.social_value for b in result.bids}


def scores(result: Any) -> list[tuple[str, int, float]]:
    return [(b.supplier, b.rank, b.score) for b in result.bids]


def commit(bid: int, j: int, **changes: Any) -> Edit:
    """Change commitment ``j`` of bid ``bid``; a value of None removes the key."""
    assert changes, "name at least one change"

    def edit(doc: Doc) -> None:
        item = doc["bids"][bid]["commitments"][j]
        for key, value in changes.items():
            if value is None:
                item.pop(key, None)
            else:
                item[key] = copy.deepcopy(value)

    return edit


def tender_case(id: str, edit: Edit, **kw: Any) -> Case:
    return make_case(TENDER, id, edit, **kw)


B1C0 = "bids[1].commitments[0]"

TENDER_CASES = [
    tender_case("tender-relative-scores-and-ranks", keep, get=scores,
                expect=[("Alpha Ltd", 1, 10.0 + 10 * 70 / 100),
                        ("Beta Ltd", 2, 10 * BETA_SV / ALPHA_SV + 10 * 80 / 100)]),
    tender_case("tender-bid-decimal-comma-in-quantity", commit(1, 0, quantity="12,5 FTE"),
                error=NumberTextError, field=f"{B1C0}.quantity"),
    tender_case("tender-bid-decimal-comma-read-as-thousands", commit(1, 0, quantity="0,500 FTE"),
                get=social_values, error=NumberTextError, field=f"{B1C0}.quantity"),
    tender_case("tender-bid-underscore-in-hours", commit(0, 1, quantity="1_000 hour"),
                error=NumberTextError, field="bids[0].commitments[1].quantity"),
    tender_case("tender-bid-hex-quantity", commit(1, 0, quantity="0x10"),
                error=NumberTextError, field=f"{B1C0}.quantity"),
    tender_case("tender-bid-colon-quantity", commit(1, 0, quantity="1:30"),
                error=NumberTextError, field=f"{B1C0}.quantity"),
    tender_case("tender-bid-negative-fte", commit(1, 0, quantity=-5),
                error=ValidationError, field=f"{B1C0}.quantity"),
    tender_case("tender-bid-nan-quantity", commit(1, 0, quantity=float("nan")),
                error=ValidationError, field=f"{B1C0}.quantity"),
    tender_case("tender-bid-1e308-fte-overflows", commit(1, 0, quantity=1e308, years=3),
                error=ValidationError, field=f"{B1C0}.quantity"),
    tender_case("tender-phased-decimal-comma", commit(1, 0, quantity=None, years=None, quantities=[5, "5,5", 2]),
                error=NumberTextError, field=f"{B1C0}.quantities[1]"),
    tender_case("tender-phased-more-figures-than-years",
                commit(1, 0, quantity=None, years=None, quantities=[5, 5, 2, 1]),
                error=ValidationError, field=f"{B1C0}.quantities"),
    tender_case("tender-phased-values", commit(1, 0, quantity=None, years=None, quantities=[5, 5, 2.5]),
                get=social_values, expect={"Alpha Ltd": ALPHA_SV, "Beta Ltd": (5 + 5 + 2.5) * JOBS_VALUE}),
    tender_case("tender-years-beyond-the-contract", commit(1, 0, years=4),
                error=ValidationError, field=f"{B1C0}.years"),
    tender_case("tender-years-fractional", commit(1, 0, years=2.5), error=ValidationError, field=f"{B1C0}.years"),
    tender_case("tender-years-on-a-one-off-measure", commit(0, 1, years=3),
                error=ValidationError, field="bids[0].commitments[1].years"),
    tender_case("tender-hours-per-year-for-three-years", commit(0, 1, quantity="100 hour/year", years=3),
                get=social_values, expect={"Alpha Ltd": 10 * 3 * JOBS_VALUE + 100 * 3 * HOUR_VALUE,
                                           "Beta Ltd": BETA_SV}),
    tender_case("tender-confidence-80-meaning-percent", commit(1, 0, confidence=80),
                error=ValidationError, field=f"{B1C0}.confidence"),
    tender_case("tender-confidence-as-percent-text", commit(1, 0, confidence="80%"),
                get=social_values, expect={"Alpha Ltd": ALPHA_SV, "Beta Ltd": BETA_SV * 0.8}),
    tender_case("tender-confidence-just-above-one", commit(1, 0, confidence=1.0000001),
                error=ValidationError, field=f"{B1C0}.confidence"),
    tender_case("tender-evidence-as-text", commit(1, 0, evidence="false"),
                error=ValidationError, field=f"{B1C0}.evidence"),
    tender_case("tender-unevidenced-without-a-factor", commit(1, 0, evidence=False),
                error=ValidationError, field=f"{B1C0}.evidence"),
    tender_case("tender-unevidenced-with-a-factor",
                edits(commit(1, 0, evidence=False), put("scoring", "unevidenced_factor", 0.5)),
                get=social_values, expect={"Alpha Ltd": ALPHA_SV, "Beta Ltd": BETA_SV * 0.5}),
    tender_case("tender-qualitative-as-percent-text", put("bids", 0, "qualitative", "70%"),
                error=NumberTextError, field="bids[0].qualitative"),
    tender_case("tender-qualitative-above-100", put("bids", 0, "qualitative", 120),
                error=ValidationError, field="bids[0].qualitative"),
    tender_case("tender-qualitative-mark-not-a-band",
                put("scoring", "qualitative_bands", {"good": 70, "excellent": 100}),
                error=ValidationError, field="bids[1].qualitative"),
    tender_case("tender-fte-committed-in-hours", commit(1, 0, quantity="5 hour"),
                error=UnitMismatchError, field=f"{B1C0}.quantity"),
    tender_case("tender-unit-key-contradicts-quantity", commit(1, 0, unit="person"),
                error=ValidationError, field=f"{B1C0}.quantity"),
    tender_case("tender-contract-value-european-thousands", put("contract", "value", "2.000.000"),
                error=NumberTextError, field="contract.value"),
    tender_case("tender-contract-value-zero", put("contract", "value", 0), error=ValidationError,
                field="contract.value"),
    tender_case("tender-contract-value-thousands-text", put("contract", "value", "1,000,000"),
                get=lambda r: [b.sv_percent for b in r.bids],
                expect=[100 * ALPHA_SV / CONTRACT_VALUE, 100 * BETA_SV / CONTRACT_VALUE]),
    tender_case("tender-contract-price-year-outside-deflator", put("contract", "price_year", 2030),
                error=PriceYearError, field="contract.price_year"),
    tender_case("tender-contract-of-101-years", put("contract", "years", 101),
                error=ValidationError, field="contract.years"),
    tender_case("tender-weight-as-percent-text", put("scoring", "weight", "20%"),
                error=NumberTextError, field="scoring.weight"),
    tender_case("tender-quantitative-share-50-meaning-percent", put("scoring", "quantitative_share", 50),
                error=ValidationError, field="scoring.quantitative_share"),
    tender_case("tender-quantitative-share-as-percent-text", put("scoring", "quantitative_share", "50%"),
                get=scores, expect=[("Alpha Ltd", 1, 10.0 + 7.0), ("Beta Ltd", 2, 10 * BETA_SV / ALPHA_SV + 8.0)]),
    tender_case("tender-tie-break-unknown", put("scoring", "tie_break", "coin-toss"),
                error=UnknownNameError, field="scoring.tie_break"),
    tender_case("tender-target-percent-without-a-target", put("scoring", "method", "target-percent"),
                error=ValidationError, field="scoring.target_percent"),
    tender_case("tender-target-percent-scores",
                edits(put("scoring", "method", "target-percent"), put("scoring", "target_percent", 10)),
                get=scores,  # both bids offer more than 10% of the contract value: full quantitative marks
                expect=[("Beta Ltd", 1, 10.0 + 8.0), ("Alpha Ltd", 2, 10.0 + 7.0)]),
    tender_case("tender-unevidenced-factor-above-one", put("scoring", "unevidenced_factor", 1.5),
                error=ValidationError, field="scoring.unevidenced_factor"),
    tender_case("tender-discounted-at-ten-percent", put("discounting", {"schedule": "constant", "rate": 0.1}),
                get=social_values,
                expect={"Alpha Ltd": (10 * JOBS_VALUE + 100 * HOUR_VALUE) * (1 / 1.1 + 1 / 1.1 ** 2 + 1 / 1.1 ** 3),
                        "Beta Ltd": 5 * JOBS_VALUE * (1 / 1.1 + 1 / 1.1 ** 2)}),
    tender_case("tender-discount-rate-meaning-percent", put("discounting", {"schedule": "constant", "rate": 3.5}),
                error=ValidationError, field="discounting.rate"),
    tender_case("tender-suppliers-differ-by-ideographic-space", put("bids", 1, "supplier", "ALPHA\u3000LTD"),
                error=DuplicateEntryError, field="bids[1].supplier"),
    tender_case("tender-supplier-zero-width-joiner", put("bids", 1, "supplier", "Beta\u200dLtd"),
                error=ValidationError, field="bids[1].supplier"),
    tender_case("tender-supplier-greek-alpha", put("bids", 1, "supplier", "\u0391lpha Ltd"),
                error=ValidationError, field="bids[1].supplier"),
    tender_case("tender-commitment-repeated-with-padded-code", add("bids", 1, "commitments",
                                                                    {"measure": " JOBS ", "quantity": 1}),
                error=DuplicateEntryError, field="bids[1].commitments[1]"),
    tender_case("tender-commitment-code-in-lower-case", commit(1, 0, measure="jobs"),
                error=UnknownNameError, field=f"{B1C0}.measure"),
    tender_case("tender-inline-measure-code-twice-other-case", put("measures", 1, "code", "jobs"),
                error=DuplicateEntryError, field="measures[1].code"),
    tender_case("tender-inline-measure-code-zero-width", put("measures", 1, "code", "HOURS\u200b"),
                error=ValidationError, field="measures[1].code"),
    tender_case("tender-first-year-only-measure-for-two-years",
                edits(add("measures", HIRE), add("bids", 1, "commitments", {"measure": "HIRE", "quantities": [5, 5]})),
                error=ValidationError, field="bids[1].commitments[1].quantities"),
    tender_case("tender-without-bids", put("bids", []), error=ValidationError, field="bids"),
    tender_case("tender-bids-offering-nothing-score-on-marks-alone",
                edits(put("bids", 0, "commitments", []), put("bids", 1, "commitments", [])),
                get=scores, expect=[("Beta Ltd", 1, 10 * 80 / 100), ("Alpha Ltd", 2, 10 * 70 / 100)]),
    tender_case("tender-identical-bids-share-a-rank",
                edits(put("bids", 1, "qualitative", 70), put("bids", 1, "commitments",
                                                              base_tender()["bids"][0]["commitments"])),
                get=lambda r: [(b.supplier, b.rank, b.tied) for b in r.bids],
                expect=[("Alpha Ltd", 1, True), ("Beta Ltd", 1, True)]),
    tender_case("tender-identical-bids-split-by-supplier-name",
                edits(put("bids", 1, "qualitative", 70), put("scoring", "tie_break", ["supplier-name"]),
                      put("bids", 1, "commitments", base_tender()["bids"][0]["commitments"])),
                get=lambda r: [(b.supplier, b.rank, b.tied) for b in r.bids],
                expect=[("Alpha Ltd", 1, False), ("Beta Ltd", 2, False)]),
    tender_case("tender-qualitative-band-label", edits(put("scoring", "qualitative_bands", {"good": 70, "top": 80}),
                                                       put("bids", 1, "qualitative", "top")),
                get=scores, expect=[("Alpha Ltd", 1, 17.0), ("Beta Ltd", 2, 10 * BETA_SV / ALPHA_SV + 8.0)]),
    tender_case("tender-qualitative-bands-differ-only-in-case",
                put("scoring", "qualitative_bands", {"Good": 70, "good": 80}),
                error=DuplicateEntryError, field="scoring.qualitative_bands.good"),
    tender_case("tender-money-committed-to-a-jobs-measure", commit(1, 0, quantity="250000 GBP"),
                error=UnitMismatchError, field=f"{B1C0}.quantity"),
    tender_case("tender-carbon-series-in-a-year-after-the-series",
                edits(put("contract", "start_year", 2100),
                      add("measures", {"code": "CARBON", "description": "Carbon saved", "theme": "environment",
                                       "unit": "tCO2e", "proxy": "carbon-value-desnz"}),
                      add("bids", 1, "commitments", {"measure": "CARBON", "quantity": "40 tCO2e"})),
                error=ValidationError, field="contract.start_year"),
    tender_case("tender-contract-start-year-1700", put("contract", "start_year", 1700),
                error=ValidationError, field="contract.start_year"),
    tender_case("tender-description-terminal-escape", put("description", "Highways\x1b[2J"),
                error=ValidationError, field="description"),
    tender_case("tender-hostile-bid-note-stays-text", put("bids", 1, "note", "ok\n## Injected <img src=x>"),
                get=lambda r: (lines_starting(rendered(r), "## Injected"), "<img" in r.to_markdown()),
                expect=([], False)),
    tender_case("tender-bids-and-bids-file", put("bids_file", "bids.csv"), error=ValidationError, field="bids_file"),
    tender_case("tender-catalogue-outside-the-folder", put("catalogue", "../catalogue.yaml"),
                error=UnsafeDocumentError, field="catalogue"),
    text_case("tender-key-twice-inside-a-bid", "tender.yaml",
              yaml.safe_dump(base_tender(), sort_keys=False).replace("qualitative: 80",
                                                                     "qualitative: 80\n  qualitative: 90"),
              error=DuplicateKeyError, field=None),
    text_case("tender-yaml-int-tag-on-hex", "tender.yaml",
              yaml.safe_dump(base_tender(), sort_keys=False).replace("quantity: 5 FTE", "quantity: !!int 0x10"),
              error=NumberTextError, field=f"{B1C0}.quantity"),
]


# --------------------------------------------------------------------------- bids from CSV and Excel

BIDS_HEADER = "supplier,qualitative,measure,quantity,unit,years\n"
BIDS_ROWS = "Alpha Ltd,70,JOBS,10,FTE,3\nAlpha Ltd,,HOURS,300,hour,\nBeta Ltd,80,JOBS,5,FTE,2\n"


def bids_case(id: str, body: str, *, header: str = BIDS_HEADER, name: str = "bids.csv", data: bytes | None = None,
              get: Callable[[Any], Any] | None = None, expect: Any = None,
              error: type[SocialValueError] | None = None, field: str | None = None) -> Case:
    """A tender whose bids come from a CSV file (rows: the column names are row 1)."""

    def write_bids(tmp: Path) -> None:
        if data is not None:
            (tmp / name).write_bytes(data)
        else:
            write_text(tmp, name, header + body)

    return make_case(TENDER, id, edits(drop("bids"), put("bids_file", name)), setup=write_bids, get=get,
                     expect=expect, error=error, field=field, source=File(name))


def xlsx_case(id: str, rows: list[list[Any]], **kw: Any) -> Case:
    """A tender whose bids come from a workbook built here with openpyxl (formulas keep no saved value)."""

    def write_book(tmp: Path) -> None:
        openpyxl = pytest.importorskip("openpyxl")
        assert rows, "a workbook needs at least its header row"
        book = openpyxl.Workbook()
        for row in rows:
            book.active.append(row)
        book.save(tmp / "bids.xlsx")

    return make_case(TENDER, id, edits(drop("bids"), put("bids_file", "bids.xlsx")), setup=write_book,
                     source=File("bids.xlsx"), **kw)


XLSX_HEADER = ["supplier", "qualitative", "measure", "quantity", "unit", "years"]

BIDS_FILE_CASES = [
    bids_case("tender-csv-bids-value-like-the-yaml-bids", BIDS_ROWS, get=social_values,
              expect={"Alpha Ltd": ALPHA_SV, "Beta Ltd": BETA_SV}),
    bids_case("tender-csv-supplier-in-other-case", BIDS_ROWS + "alpha ltd,70,HOURS,1,hour,\n",
              error=DuplicateEntryError, field="rows[5].supplier"),
    bids_case("tender-csv-supplier-with-no-break-space", BIDS_ROWS + "Alpha\u00a0Ltd,70,HOURS,1,hour,\n",
              error=DuplicateEntryError, field="rows[5].supplier"),
    bids_case("tender-csv-supplier-full-width-letter", "Alpha Ltd,70,JOBS,10,FTE,3\n\uff21lpha Ltd,70,HOURS,1,hour,\n",
              error=DuplicateEntryError, field="rows[3].supplier"),
    bids_case("tender-csv-supplier-trailing-space-joins-its-bid",
              BIDS_ROWS.replace("Alpha Ltd,,HOURS", "Alpha Ltd ,,HOURS"), get=social_values,
              expect={"Alpha Ltd": ALPHA_SV, "Beta Ltd": BETA_SV}),
    bids_case("tender-csv-supplier-right-to-left-override",
              "Alpha Ltd,70,JOBS,10,FTE,3\nBeta\u202e Ltd,70,HOURS,1,hour,\n",
              error=ValidationError, field="rows[3].supplier"),
    bids_case("tender-csv-supplier-quoted-newline", 'Alpha Ltd,70,JOBS,10,FTE,3\n"Beta\nLtd",70,HOURS,1,hour,\n',
              error=ValidationError, field="rows[3].supplier"),
    bids_case("tender-csv-extra-unknown-column", BIDS_ROWS.replace("\n", ",x\n"),
              header=BIDS_HEADER.replace("\n", ",quantity_fte\n"), error=UnknownNameError,
              field="rows[1].quantity_fte"),
    bids_case("tender-csv-column-twice-in-other-case", BIDS_ROWS,
              header="supplier,qualitative,measure,quantity,QUANTITY,years\n",
              error=ValidationError, field="rows[1].quantity"),
    bids_case("tender-csv-quantity-without-a-measure", BIDS_ROWS + "Beta Ltd,,,5,FTE,\n",
              error=ValidationError, field="rows[5].measure"),
    bids_case("tender-csv-confidence-80-meaning-percent", "Alpha Ltd,70,JOBS,10,FTE,3,80\n",
              header=BIDS_HEADER.replace("\n", ",confidence\n"), error=ValidationError, field="rows[2].confidence"),
    bids_case("tender-csv-two-marks-for-one-supplier", BIDS_ROWS.replace("Alpha Ltd,,HOURS", "Alpha Ltd,75,HOURS"),
              error=ValidationError, field="rows[3].qualitative"),
    bids_case("tender-csv-qualitative-decimal-comma", 'Alpha Ltd,"7,5",JOBS,10,FTE,3\n',
              error=NumberTextError, field="rows[2].qualitative"),
    bids_case("tender-csv-phased-decimal-comma", 'Alpha Ltd,70,JOBS,,FTE,,"5;5,5;2"\n',
              header=BIDS_HEADER.replace("\n", ",quantities\n"), error=NumberTextError, field="rows[2].quantities[1]"),
    bids_case("tender-csv-evidence-maybe", "Alpha Ltd,70,JOBS,10,FTE,3,maybe\n",
              header=BIDS_HEADER.replace("\n", ",evidence\n"), error=ValidationError, field="rows[2].evidence"),
    bids_case("tender-csv-header-only", "", error=ValidationError, field="rows[2]"),
    bids_case("tender-csv-decimal-comma-read-as-thousands", 'Alpha Ltd,70,JOBS,"0,500",FTE,3\n',
              get=social_values, error=NumberTextError, field="rows[2].quantity"),
    bids_case("tender-csv-years-leading-zero", "Alpha Ltd,70,JOBS,10,FTE,03\n",
              error=NumberTextError, field="rows[2].years"),
    bids_case("tender-csv-missing-supplier", ",70,JOBS,10,FTE,3\n", error=ValidationError, field="rows[2].supplier"),
    bids_case("tender-csv-formula-text", "Alpha Ltd,70,JOBS,=5*2,FTE,3\n",
              error=ValidationError, field="rows[2].quantity"),
    bids_case("tender-csv-repeated-row-with-padded-code", "Alpha Ltd,70,JOBS,10,FTE,3\nAlpha Ltd,,JOBS ,1,FTE,1\n",
              error=DuplicateEntryError, field="rows[3]"),
    bids_case("tender-csv-byte-order-mark-and-upper-case-header", "Alpha Ltd,70,JOBS,10,FTE,3\n",
              header="\ufeffSUPPLIER,Qualitative,Measure,Quantity,Unit,Years\n", get=social_values,
              expect={"Alpha Ltd": 10 * 3 * JOBS_VALUE}),
    bids_case("tender-csv-saved-as-utf-16", "", data=(BIDS_HEADER + BIDS_ROWS).encode("utf-16"),
              error=ParseError, field=None),
    bids_case("tender-bids-file-with-txt-suffix", BIDS_ROWS, name="bids.txt", error=DocumentError, field=None),
    xlsx_case("tender-xlsx-float-cells", [XLSX_HEADER, ["Alpha Ltd", 70, "JOBS", 12.5, "FTE", 2.0]],
              get=social_values, expect={"Alpha Ltd": 12.5 * 2 * JOBS_VALUE}),
    xlsx_case("tender-xlsx-formula-without-saved-value-in-mark",
              [XLSX_HEADER, ["Alpha Ltd", "=60+10", "JOBS", 12.5, "FTE", 2]],
              error=ParseError, field="rows[2].qualitative"),
    xlsx_case("tender-xlsx-decimal-comma-text-cell", [XLSX_HEADER, ["Alpha Ltd", 70, "JOBS", "12,5", "FTE", 2]],
              error=NumberTextError, field="rows[2].quantity"),
    xlsx_case("tender-xlsx-true-as-quantity", [XLSX_HEADER, ["Alpha Ltd", 70, "JOBS", True, "FTE", 2]],
              error=ValidationError, field="rows[2].quantity"),
    xlsx_case("tender-xlsx-date-as-quantity",
              [XLSX_HEADER, ["Alpha Ltd", 70, "JOBS", datetime.datetime(2026, 1, 1), "FTE", 2]],
              error=ValidationError, field="rows[2].quantity"),
]


# =========================================================================== monitoring (toms)


def base_monitoring() -> Doc:
    return {"kind": "monitoring", "name": "Highways delivery", "supplier": "Alpha Ltd",
            "contract": {"value": 1_000_000, "years": 3, "price_year": 2024},
            "measures": [copy.deepcopy(JOBS), copy.deepcopy(HOURS)],
            "commitments": [{"measure": "JOBS", "quantity": "10 FTE", "years": 3},
                            {"measure": "HOURS", "quantity": "300 hour"}],
            "periods": ["2026/27", "2027/28", "2028/29"], "as_of": "2027/28",
            "deliveries": [{"measure": "JOBS", "period": "2026/27", "quantity": "12 FTE"},
                           {"measure": "JOBS", "period": "2027/28", "quantity": "9 FTE"},
                           {"measure": "HOURS", "period": "2026/27", "quantity": "150 hour"}]}


MONITORING = Kind(base_monitoring, "monitoring.yaml")

# By hand: JOBS committed 10 FTE x 30,000 a year, delivered 12 and 9 FTE in the two due years;
# HOURS committed 300 hours spread over 3 years (1,000 GBP a year), 150 hours delivered in year 1
# and no return for year 2 (missing, so year 2 is left out of its comparison).
JOBS_DELIVERED, JOBS_COMMITTED = (12 + 9) * JOBS_VALUE, 2 * 10 * JOBS_VALUE
HOURS_DELIVERED, HOURS_COMMITTED = 150 * HOUR_VALUE, 300 * HOUR_VALUE / 3


def measure_row(code: str, *keys: str) -> Callable[[Any], tuple[Any, ...]]:
    assert keys, "name at least one figure"
    return lambda r: tuple(r.measure(code)[k] for k in keys)


def delivery(i: int, **changes: Any) -> Edit:
    return edits(*(put("deliveries", i, k, v) for k, v in changes.items()))


def monitoring_case(id: str, edit: Edit, **kw: Any) -> Case:
    return make_case(MONITORING, id, edit, **kw)


def with_tender(tmp: Path) -> None:
    write_yaml(tmp, "tender.yaml", base_tender())


def from_tender(supplier: str) -> Edit:
    return edits(*(drop(k) for k in ("contract", "measures", "commitments")), put("tender", "tender.yaml"),
                 put("supplier", supplier))


MONITORING_CASES = [
    monitoring_case("monitoring-percent-delivered-overall", keep,
                    get=lambda r: r.totals["percent_delivered"],
                    expect=100 * (JOBS_DELIVERED + HOURS_DELIVERED) / (JOBS_COMMITTED + HOURS_COMMITTED)),
    monitoring_case("monitoring-over-delivery-is-not-clamped", keep,
                    get=measure_row("JOBS", "percent_delivered", "over_delivery", "shortfall"),
                    expect=(100 * 21 / 20, JOBS_DELIVERED - JOBS_COMMITTED, 0.0)),
    monitoring_case("monitoring-missing-period-is-not-zero", keep,
                    get=measure_row("HOURS", "percent_delivered", "missing_periods"),
                    expect=(100 * HOURS_DELIVERED / HOURS_COMMITTED, ["2027/28"])),
    monitoring_case("monitoring-as-of-defaults-to-the-last-delivery", drop("as_of"),
                    get=lambda r: r.as_of, expect="2027/28"),
    monitoring_case("monitoring-delivery-after-as-of", delivery(2, period="2028/29"),
                    error=ValidationError, field="deliveries[2].period"),
    monitoring_case("monitoring-delivery-unknown-period", delivery(2, period="2029/30"),
                    error=UnknownNameError, field="deliveries[2].period"),
    monitoring_case("monitoring-delivery-period-with-trailing-space", delivery(2, period="2026/27 "),
                    get=measure_row("HOURS", "delivered"), expect=(HOURS_DELIVERED,)),
    monitoring_case("monitoring-periods-out-of-order", put("periods", ["2026/27", "2028/29", "2027/28"]),
                    error=ValidationError, field="periods[2]"),
    monitoring_case("monitoring-period-repeated-with-a-space", put("periods", ["2026/27", "2026/27 ", "2028/29"]),
                    error=DuplicateEntryError, field="periods[1]"),
    monitoring_case("monitoring-period-as-number-and-as-text",
                    edits(put("periods", [2026, "2026", 2028]), put("as_of", 2026), put("deliveries", [])),
                    error=DuplicateEntryError, field="periods[1]"),
    monitoring_case("monitoring-quarters-that-do-not-cover-the-contract", put("period_length", "quarter"),
                    error=ValidationError, field="periods"),
    monitoring_case("monitoring-period-length-misspelt", put("period_length", "quarterly"),
                    error=UnknownNameError, field="period_length"),
    monitoring_case("monitoring-negative-delivery", delivery(0, quantity="-1 FTE"),
                    error=ValidationError, field="deliveries[0].quantity"),
    monitoring_case("monitoring-delivery-decimal-comma", delivery(0, quantity="1,5 FTE"),
                    error=NumberTextError, field="deliveries[0].quantity"),
    monitoring_case("monitoring-delivery-in-hours-for-an-fte-measure", delivery(0, quantity="14 hour"),
                    error=UnitMismatchError, field="deliveries[0].quantity"),
    monitoring_case("monitoring-delivery-repeated-with-padded-code",
                    add("deliveries", {"measure": " JOBS", "period": "2026/27", "quantity": 1}),
                    error=DuplicateEntryError, field="deliveries[3]"),
    monitoring_case("monitoring-commitment-repeated", add("commitments", {"measure": "JOBS", "quantity": 1}),
                    error=DuplicateEntryError, field="commitments[2]"),
    monitoring_case("monitoring-evidence-as-text", delivery(0, evidence="no"),
                    error=ValidationError, field="deliveries[0].evidence"),
    monitoring_case("monitoring-delivery-misspelt-code", delivery(0, measure="J0BS"),
                    error=UnknownNameError, field="deliveries[0].measure"),
    monitoring_case("monitoring-supplier-with-newline", put("supplier", "Alpha\nLtd"),
                    error=ValidationError, field="supplier"),
    monitoring_case("monitoring-delivery-of-1e308-hours", delivery(2, quantity="1e308 hour"),
                    error=ValidationError, field="deliveries[2].quantity"),
    monitoring_case("monitoring-first-year-only-measure-delivered-in-year-two",
                    edits(add("measures", HIRE), add("commitments", {"measure": "HIRE", "quantity": "10 person"}),
                          add("deliveries", {"measure": "HIRE", "period": "2027/28", "quantity": "5 person"})),
                    get=measure_row("HIRE", "delivered", "over_delivery"), error=ValidationError,
                    field="deliveries[3].period"),
    monitoring_case("monitoring-tender-and-own-contract", put("tender", "tender.yaml"),
                    error=ValidationError, field="contract"),
    monitoring_case("monitoring-from-tender-supplier-in-other-case", from_tender("ALPHA  LTD"), setup=with_tender,
                    get=measure_row("JOBS", "percent_delivered"), expect=(100 * 21 / 20,)),
    monitoring_case("monitoring-from-tender-unknown-supplier", from_tender("Gamma Ltd"), setup=with_tender,
                    error=UnknownNameError, field="supplier"),
    monitoring_case("monitoring-tender-outside-the-folder",
                    edits(from_tender("Alpha Ltd"), put("tender", "../tender.yaml")),
                    error=UnsafeDocumentError, field="tender"),
    monitoring_case("monitoring-hostile-name-stays-text",
                    put("name", "Delivery\n## Injected <script>alert(1)</script>"),
                    get=lambda r: (lines_starting(rendered(r), "## Injected"), "<script" in r.to_markdown()),
                    expect=([], False)),
]


# =========================================================================== assessments (flexible framework)

PEOPLE_1 = ["people.1.a", "people.1.b", "people.1.c"]
PEOPLE_2 = ["people.2.a", "people.2.b"]
PEOPLE_3 = ["people.3.a", "people.3.b", "people.3.c"]


def base_assessment() -> Doc:
    """People: levels 1 and 2 met, level 3 partly (one criterion) and met (two)."""
    return {"kind": "assessment", "framework": "flexible-framework", "organisation": "Example Council",
            "date": "2026-03-31",
            "criteria": [{"id": c, "status": "met"} for c in PEOPLE_1 + PEOPLE_2]
            + [{"id": "people.3.a", "status": "partly"}, {"id": "people.3.b", "status": "met"},
               {"id": "people.3.c", "status": "met"}]}


ASSESSMENT = Kind(base_assessment, "assessment.yaml")


def people(result: Any) -> int:
    return result.levels["people"]


def crit(i: int, **changes: Any) -> Edit:
    return edits(*(put("criteria", i, k, v) for k, v in changes.items()))


def with_previous(**changes: Any) -> Callable[[Path], None]:
    def setup(tmp: Path) -> None:
        doc = base_assessment()
        doc.update(changes)
        write_yaml(tmp, "previous.yaml", doc)

    return setup


def assessment_case(id: str, edit: Edit, **kw: Any) -> Case:
    return make_case(ASSESSMENT, id, edit, **kw)


ASSESSMENT_CASES = [
    assessment_case("assessment-cumulative-level", keep, get=people, expect=2),
    assessment_case("assessment-partly-counts-as-met-option", keep, options={"partly_counts_as_met": True},
                    get=people, expect=3),
    assessment_case("assessment-non-cumulative-skips-a-missing-level",
                    edits(crit(3, status="not-met"), crit(5, status="met")), options={"cumulative": False},
                    get=people, expect=3),
    assessment_case("assessment-cumulative-stops-at-a-missing-level",
                    edits(crit(3, status="not-met"), crit(5, status="met")), get=people, expect=1),
    assessment_case("assessment-unlisted-criteria-are-not-met",
                    put("criteria", [{"id": "people.1.a", "status": "met"}]),
                    get=people, expect=0),
    assessment_case("assessment-status-capitalised", crit(0, status="Met"),
                    error=UnknownNameError, field="criteria[0].status"),
    assessment_case("assessment-status-not-met-with-a-space", crit(0, status="not met"),
                    error=UnknownNameError, field="criteria[0].status"),
    assessment_case("assessment-status-partially", crit(0, status="partially"),
                    error=UnknownNameError, field="criteria[0].status"),
    assessment_case("assessment-status-boolean", crit(0, status=True), error=UnknownNameError,
                    field="criteria[0].status"),
    assessment_case("assessment-criterion-named-twice", add("criteria", {"id": "people.1.a", "status": "not-met"}),
                    error=DuplicateEntryError, field="criteria[8].id"),
    assessment_case("assessment-criterion-named-twice-with-spaces",
                    add("criteria", {"id": " people.1.a ", "status": "not-met"}),
                    error=DuplicateEntryError, field="criteria[8].id"),
    assessment_case("assessment-criterion-unknown", crit(0, id="people.1.z"),
                    error=UnknownNameError, field="criteria[0].id"),
    assessment_case("assessment-criterion-capitalised", crit(0, id="People.1.a"),
                    error=UnknownNameError, field="criteria[0].id"),
    assessment_case("assessment-criterion-zero-width-space", crit(0, id="people.1\u200b.a"),
                    error=UnknownNameError, field="criteria[0].id"),
    assessment_case("assessment-level-contradicts-the-id", crit(0, level=2),
                    error=ValidationError, field="criteria[0].level"),
    assessment_case("assessment-impossible-date", put("date", "2026-13-45"), error=ValidationError, field="date"),
    assessment_case("assessment-uk-date-format", put("date", "31/03/2026"), error=ValidationError, field="date"),
    text_case("assessment-timestamp-tag-on-impossible-date", "assessment.yaml",
              yaml.safe_dump(base_assessment(), sort_keys=False).replace("date: '2026-03-31'",
                                                                          "date: !!timestamp 2026-02-30"),
              error=ValidationError, field="date"),
    assessment_case("assessment-rule-as-text", put("rules", {"cumulative": "yes"}),
                    error=ValidationError, field="rules.cumulative"),
    assessment_case("assessment-previous-outside-the-folder", put("previous", "../previous.yaml"),
                    error=UnsafeDocumentError, field="previous"),
    assessment_case("assessment-previous-dated-later", put("previous", "previous.yaml"),
                    setup=with_previous(date="2027-01-01"), error=ValidationError, field="previous"),
    assessment_case("assessment-previous-of-another-organisation", put("previous", "previous.yaml"),
                    setup=with_previous(date="2025-03-31", organisation="Other Council"),
                    error=ValidationError, field="previous"),
    assessment_case("assessment-previous-rescored-and-compared", put("previous", "previous.yaml"),
                    setup=with_previous(date="2025-03-31", organisation="EXAMPLE  council",
                                        criteria=[{"id": c, "status": "met"} for c in PEOPLE_1]),
                    get=lambda r: [(c.id, c.before, c.after) for c in r.change if c.id == "people"],
                    expect=[("people", 1, 2)]),
    assessment_case("assessment-evidence-terminal-escape", crit(0, evidence="Signed off \x1b[2J"),
                    error=ValidationError, field="criteria[0].evidence"),
    assessment_case("assessment-evidence-right-to-left-override", crit(0, evidence="Signed \u202eff ngis"),
                    error=ValidationError, field="criteria[0].evidence"),
    assessment_case("assessment-evidence-as-a-number", crit(0, evidence=12),
                    error=ValidationError, field="criteria[0].evidence"),
    assessment_case("assessment-notes-terminal-escape", put("notes", "Self-assessed\x1b[31m"),
                    error=ValidationError, field="notes"),
    assessment_case("assessment-kind-lm3-with-framework-flexible", put("kind", "lm3"),
                    error=ValidationError, field="kind"),
    assessment_case("assessment-organisation-heading-injection", put("organisation", "Council\n## Injected"),
                    get=lambda r: lines_starting(rendered(r), "## Injected"), expect=[]),
]


# =========================================================================== LM3 surveys


def base_lm3() -> Doc:
    return {"kind": "lm3", "name": "Catering", "boundary": "The county", "spend": [
        {"recipient": "Greens Ltd", "kind": "supplier", "amount": 40000, "local": True, "local_respend": 0.5},
        {"recipient": "Staff wages", "kind": "staff", "amount": 20000, "local": True,
         "local_respend": ["40%", "60%"]},
        {"recipient": "National Foods plc", "kind": "supplier", "amount": 40000, "local": False}]}


LM3 = Kind(base_lm3, "lm3.yaml")
R1 = 40000 + 20000 + 40000
R2 = 40000 + 20000
R3 = 40000 * 0.5 + 20000 * (0.4 + 0.6) / 2


def lm3(result: Any) -> float:
    return result.lm3


def line(i: int, **changes: Any) -> Edit:
    return edits(*(put("spend", i, k, v) for k, v in changes.items()))


def lm3_case(id: str, edit: Edit, **kw: Any) -> Case:
    return make_case(LM3, id, edit, **kw)


LM3_CASES = [
    lm3_case("lm3-three-rounds", keep, get=lambda r: (r.r1, r.r2, r.r3, r.lm3, r.leakage),
             expect=(float(R1), float(R2), R3, (R1 + R2 + R3) / R1, 40000 / R1)),
    lm3_case("lm3-local-line-without-respend", drop("spend", 0, "local_respend"),
             error=ValidationError, field="spend[0].local_respend"),
    lm3_case("lm3-respend-for-a-line-outside-the-boundary", line(2, local_respend=0.1),
             error=ValidationError, field="spend[2].local_respend"),
    lm3_case("lm3-respend-zero-for-a-line-outside-the-boundary", line(2, local_respend=0),
             error=ValidationError, field="spend[2].local_respend"),
    lm3_case("lm3-r1-of-zero", edits(line(0, amount=0), line(1, amount=0), line(2, amount=0)),
             error=ValidationError, field="spend"),
    lm3_case("lm3-respend-35-meaning-percent", line(0, local_respend=35),
             error=ValidationError, field="spend[0].local_respend"),
    lm3_case("lm3-respend-decimal-comma-percent", line(0, local_respend="35,5%"),
             error=NumberTextError, field="spend[0].local_respend"),
    lm3_case("lm3-respend-decimal-comma-read-as-thousands", line(0, local_respend="0,355"),
             error=NumberTextError, field="spend[0].local_respend"),
    lm3_case("lm3-respend-120-percent", line(0, local_respend="120%"),
             error=ValidationError, field="spend[0].local_respend"),
    lm3_case("lm3-respend-exactly-one", line(0, local_respend=1), get=lm3,
             expect=(R1 + R2 + 40000 * 1.0 + 20000 * 0.5) / R1),
    lm3_case("lm3-respend-just-above-one", line(0, local_respend=1.0000001),
             error=ValidationError, field="spend[0].local_respend"),
    lm3_case("lm3-respend-empty-survey", line(0, local_respend=[]),
             error=ValidationError, field="spend[0].local_respend"),
    lm3_case("lm3-survey-answer-above-one", line(1, local_respend=["40%", 1.5]),
             error=ValidationError, field="spend[1].local_respend[1]"),
    lm3_case("lm3-respend-unknown-in-capitals", line(0, local_respend="Unknown"),
             get=lambda r: (r.lm3, r.unsurveyed), expect=((R1 + R2 + 20000 * 0.5) / R1, 40000.0)),
    lm3_case("lm3-amount-european-decimals", line(0, amount="40.000,50"),
             error=NumberTextError, field="spend[0].amount"),
    lm3_case("lm3-amount-thousands-text", line(0, amount="40,000"), get=lm3, expect=(R1 + R2 + R3) / R1),
    lm3_case("lm3-amount-negative", line(0, amount=-5), error=ValidationError, field="spend[0].amount"),
    lm3_case("lm3-amount-pound-sign", line(0, amount="£40000"), error=NumberTextError, field="spend[0].amount"),
    lm3_case("lm3-amounts-of-1e308", edits(line(0, amount=1e308), line(1, amount=1e308), line(2, amount=1e308)),
             error=ValidationError, field="spend"),
    lm3_case("lm3-recipient-no-break-space-and-case", line(2, recipient="GREENS\u00a0LTD"),
             error=DuplicateEntryError, field="spend[2].recipient"),
    lm3_case("lm3-recipient-full-width-letter", line(2, recipient="\uff27reens Ltd"),
             error=DuplicateEntryError, field="spend[2].recipient"),
    lm3_case("lm3-recipient-right-to-left-override", line(0, recipient="Greens \u202eLtd"),
             error=ValidationError, field="spend[0].recipient"),
    lm3_case("lm3-recipient-cyrillic-e", line(0, recipient="Gr\u0435\u0435ns Ltd"),
             error=ValidationError, field="spend[0].recipient"),
    lm3_case("lm3-kind-capitalised", line(1, kind="Staff"), error=UnknownNameError, field="spend[1].kind"),
    lm3_case("lm3-local-as-text", line(0, local="yes"), error=ValidationError, field="spend[0].local"),
    lm3_case("lm3-boundary-missing", drop("boundary"), error=ValidationError, field="boundary"),
    lm3_case("lm3-name-terminal-escape", put("name", "Catering\x1b[2J"), error=ValidationError, field="name"),
    lm3_case("lm3-framework-sroi", put("framework", "sroi"), error=ValidationError, field="kind"),
    text_case("lm3-json-key-twice", "lm3.json",
              '{"kind": "lm3", "name": "a", "name": "b", "boundary": "x", "spend": []}',
              error=DuplicateKeyError, field=None),
    text_case("lm3-json-amount-1e999", "lm3.json",
              '{"kind": "lm3", "name": "a", "boundary": "x", "spend": [{"recipient": "A", "kind": "other", '
              '"amount": 1e999, "local": false}]}',
              error=ValidationError, field="spend[0].amount"),
    lm3_case("lm3-hostile-boundary-and-notes-stay-text",
             edits(put("boundary", "County\n# Injected <img src=x>"), line(0, notes="paid\n# Injected")),
             get=lambda r: (lines_starting(rendered(r), "# Injected"), "<img" in r.to_markdown()),
             expect=([], False)),
]


# =========================================================================== proxy datasets


def base_dataset() -> Doc:
    return {"dataset": {"id": "mine", "name": "My proxies", "version": "1", "licence": "OGL-UK-3.0"},
            "proxies": [{"id": "job", "name": "A job for a year", "value": 30000, "unit": "GBP/person/year",
                         "price_year": 2024, "source": {"publisher": "ONS", "title": "ASHE"},
                         "licence": "OGL-UK-3.0"}]}


def load_dataset_file(path: Path) -> Any:
    from socialvalue.proxies import load_dataset

    return load_dataset(path)


DATASET = Kind(base_dataset, "proxies.yaml", load=load_dataset_file)


def proxy0(**changes: Any) -> Edit:
    return edits(*(put("proxies", 0, k, v) if v is not None else drop("proxies", 0, k) for k, v in changes.items()))


def dataset_case(id: str, edit: Edit, **kw: Any) -> Case:
    return make_case(DATASET, id, edit, **kw)


def loads(text: str) -> Any:
    from socialvalue.proxies import loads_dataset

    return loads_dataset(text, source="inline.yaml")


def loads_case(id: str, text: str, *, error: type[SocialValueError], field: str | None) -> Case:
    def run(tmp: Path) -> Any:
        return loads(text)

    return Case(id, run, error=error, field=field, source="inline.yaml")


def two_headers(tmp: Path) -> Any:
    folder = tmp / "proxies"
    folder.mkdir()
    write_yaml(folder, "a.yaml", base_dataset())
    write_yaml(folder, "b.yaml", {"dataset": base_dataset()["dataset"]})
    return load_dataset_file(folder)


DATASET_CASES = [
    dataset_case("dataset-proxy-value", keep, get=lambda d: (d.ids, d["job"].value), expect=(["job"], 30000.0)),
    dataset_case("dataset-proxy-ids-differ-only-in-case", add("proxies", {**base_dataset()["proxies"][0], "id": "JOB"}),
                 error=DuplicateEntryError, field="proxies[1].id"),
    dataset_case("dataset-proxy-id-zero-width-space", proxy0(id="jo\u200bb"),
                 error=ValidationError, field="proxies[0].id"),
    dataset_case("dataset-header-id-zero-width-space", put("dataset", "id", "mi\u200bne"),
                 error=ValidationError, field="dataset.id"),
    dataset_case("dataset-value-decimal-comma", proxy0(value="12,5"), error=NumberTextError, field="proxies[0].value"),
    dataset_case("dataset-value-decimal-comma-read-as-thousands", proxy0(value="0,500"),
                 get=lambda d: d["job"].value, error=NumberTextError, field="proxies[0].value"),
    dataset_case("dataset-value-negative", proxy0(value=-1), error=ValidationError, field="proxies[0].value"),
    dataset_case("dataset-value-nan", proxy0(value=float("nan")), error=ValidationError, field="proxies[0].value"),
    dataset_case("dataset-unit-not-money", proxy0(unit="person/year"), error=ValidationError, field="proxies[0].unit"),
    dataset_case("dataset-unit-unknown", proxy0(unit="GBP/WELBY"), error=UnknownUnitError, field="proxies[0].unit"),
    dataset_case("dataset-series-year-as-number-and-as-text", proxy0(value={2024: 1.0, "2024": 2.0}),
                 error=DuplicateEntryError, field="proxies[0].value['2024']"),
    dataset_case("dataset-series-year-not-a-number", proxy0(value={"20x4": 1.0}),
                 error=NumberTextError, field="proxies[0].value['20x4']"),
    dataset_case("dataset-low-above-value", proxy0(low=40000), error=ValidationError, field="proxies[0].low"),
    dataset_case("dataset-price-year-1799", proxy0(price_year=1799),
                 error=ValidationError, field="proxies[0].price_year"),
    dataset_case("dataset-price-year-fractional", proxy0(price_year=2024.5),
                 error=ValidationError, field="proxies[0].price_year"),
    dataset_case("dataset-price-year-as-number-text", proxy0(price_year="2,024"),
                 get=lambda d: d["job"].price_year, expect=2024),
    dataset_case("dataset-proxy-without-source", proxy0(source=None), error=ValidationError, field="proxies[0].source"),
    dataset_case("dataset-source-url-file-scheme", proxy0(source={"publisher": "p", "title": "t",
                                                                  "url": "file:///etc/passwd"}),
                 error=ValidationError, field="proxies[0].source.url"),
    dataset_case("dataset-confidence-unknown-mark", proxy0(confidence="X"),
                 error=ValidationError, field="proxies[0].confidence"),
    dataset_case("dataset-currency-euro", proxy0(currency="EUR"), error=ValidationError, field="proxies[0].currency"),
    dataset_case("dataset-name-right-to-left-override", proxy0(name="A job \u202e"),
                 error=ValidationError, field="proxies[0].name"),
    dataset_case("dataset-header-without-licence", drop("dataset", "licence"),
                 error=ValidationError, field="dataset.licence"),
    text_case("dataset-json-key-twice", "proxies.json",
              '{"dataset": {"id": "a", "id": "b", "name": "n", "version": "1", "licence": "l"}, "proxies": []}',
              load=load_dataset_file, error=DuplicateKeyError, field=None),
    text_case("dataset-wrong-suffix", "proxies.txt", yaml.safe_dump(base_dataset()), load=load_dataset_file,
              error=DocumentError, field=None),
    loads_case("dataset-text-hex-behind-int-tag",
               "dataset: {id: a, name: n, version: 1, licence: l}\nproxies:\n  - {id: x, name: n, value: !!int 0x10, "
               "unit: GBP/hour, price_year: 2024, source: s, licence: l}\n",
               error=NumberTextError, field="proxies[0].value"),
    loads_case("dataset-text-python-tag", "dataset: !!python/object/new:os.system [echo hi]\n",
               error=UnsafeDocumentError, field=None),
    Case("dataset-folder-with-two-headers", two_headers, error=ValidationError, field="dataset",
         source=File("proxies/b.yaml")),
]


# =========================================================================== measure catalogues


def base_catalogue() -> Doc:
    return {"catalogue": {"id": "mine", "name": "My catalogue", "version": "1", "licence": "own copy"},
            "measures": [copy.deepcopy(JOBS), copy.deepcopy(HOURS)]}


def load_catalogue_file(path: Path) -> Any:
    from socialvalue.frameworks.toms import load_catalogue

    return load_catalogue(path)


CATALOGUE = Kind(base_catalogue, "catalogue.yaml", load=load_catalogue_file)


def catalogue_case(id: str, edit: Edit, **kw: Any) -> Case:
    return make_case(CATALOGUE, id, edit, **kw)


def targets(*items: Doc) -> Edit:
    return put("targets", list(items))


CSV_CATALOGUE_HEADER = ("# licence: own copy\n"
                        "code,description,theme,unit,proxy_value,proxy_unit,proxy_price_year,proxy_source\n")
CSV_JOBS = "JOBS,Jobs,jobs,FTE,30000,GBP/FTE/year,2024,test\n"


def csv_catalogue_case(id: str, body: str, *, header: str = CSV_CATALOGUE_HEADER, **kw: Any) -> Case:
    return text_case(id, "catalogue.csv", header + body, load=load_catalogue_file, **kw)


def tender_on_catalogue(tmp: Path) -> Any:
    write_text(tmp, "catalogue.csv", CSV_CATALOGUE_HEADER + CSV_JOBS)
    doc = base_tender()
    del doc["measures"]
    doc["catalogue"] = "catalogue.csv"
    doc["bids"][0]["commitments"].pop()
    return social_values(evaluate(write_yaml(tmp, "tender.yaml", doc)))


CATALOGUE_CASES = [
    Case("catalogue-csv-scores-a-tender", tender_on_catalogue,
         expect={"Alpha Ltd": 10 * 3 * JOBS_VALUE, "Beta Ltd": BETA_SV}),
    catalogue_case("catalogue-code-twice-in-other-case", put("measures", 1, "code", "jobs"),
                   error=DuplicateEntryError, field="measures[1].code"),
    catalogue_case("catalogue-code-full-width", put("measures", 1, "code", "\uff2a\uff2f\uff22\uff33"),
                   error=DuplicateEntryError, field="measures[1].code"),
    catalogue_case("catalogue-code-zero-width-space", put("measures", 1, "code", "JO\u200bBS"),
                   error=ValidationError, field="measures[1].code"),
    catalogue_case("catalogue-not-monetised-but-with-proxy", put("measures", 0, "monetised", False),
                   error=ValidationError, field="measures[0].proxy"),
    catalogue_case("catalogue-each-year-for-hours", put("measures", 1, "counting", "each-year"),
                   error=ValidationError, field="measures[1].counting"),
    catalogue_case("catalogue-counting-misspelt", put("measures", 0, "counting", "every-year"),
                   error=UnknownNameError, field="measures[0].counting"),
    catalogue_case("catalogue-unit-not-valued-by-the-proxy", put("measures", 0, "unit", "hour"),
                   error=UnitMismatchError, field="measures[0].unit"),
    catalogue_case("catalogue-proxy-unit-as-changes-time", put("measures", 0, "proxy_unit_as", "GBP/FTE/week"),
                   error=ValidationError, field="measures[0].proxy_unit_as"),
    catalogue_case("catalogue-theme-not-declared", put("themes", [{"id": "jobs"}]),
                   error=UnknownNameError, field="measures[1].theme"),
    catalogue_case("catalogue-inline-proxy-without-source", drop("measures", 0, "proxy", "source"),
                   error=ValidationError, field="measures[0].proxy.source"),
    catalogue_case("catalogue-target-twice", targets({"measure": "JOBS", "quantity": "1 FTE"},
                                                     {"measure": "JOBS", "quantity": 2}),
                   error=DuplicateEntryError, field="targets[1]"),
    catalogue_case("catalogue-target-unknown-measure", targets({"measure": "J0BS", "quantity": 1}),
                   error=UnknownNameError, field="targets[0].measure"),
    catalogue_case("catalogue-target-decimal-comma", targets({"measure": "JOBS", "quantity": "12,5 FTE"}),
                   error=NumberTextError, field="targets[0].quantity"),
    catalogue_case("catalogue-target-in-hours-for-an-fte-measure", targets({"measure": "JOBS", "quantity": "12 hour"}),
                   error=UnitMismatchError, field="targets[0].quantity"),
    catalogue_case("catalogue-target-negative", targets({"measure": "JOBS", "quantity": -3}),
                   error=ValidationError, field="targets[0].quantity"),
    csv_catalogue_case("catalogue-csv-code-twice-in-other-case", CSV_JOBS + CSV_JOBS.replace("JOBS,", "jobs,", 1),
                       error=DuplicateEntryError, field="rows[4].code"),
    csv_catalogue_case("catalogue-csv-decimal-comma", CSV_JOBS.replace("30000", '"12,5"'),
                       error=NumberTextError, field="rows[3].proxy_value"),
    csv_catalogue_case("catalogue-csv-decimal-comma-read-as-thousands", CSV_JOBS.replace("30000", '"0,500"'),
                       get=lambda c: c["JOBS"].proxy.value, error=NumberTextError, field="rows[3].proxy_value"),
    csv_catalogue_case("catalogue-csv-price-year-fractional", CSV_JOBS.replace(",2024,", ",2024.5,"),
                       error=ValidationError, field="rows[3].proxy.price_year"),
    csv_catalogue_case("catalogue-csv-without-licence-line", CSV_JOBS, header=CSV_CATALOGUE_HEADER.split("\n", 1)[1],
                       error=ValidationError, field="line 1"),
    csv_catalogue_case("catalogue-csv-misspelt-header-key", CSV_JOBS,
                       header=CSV_CATALOGUE_HEADER.replace("# licence", "# licnce"),
                       error=UnknownNameError, field="line 1"),
    csv_catalogue_case("catalogue-csv-unknown-column", CSV_JOBS.replace("\n", ",red\n"),
                       header=CSV_CATALOGUE_HEADER.replace("proxy_source", "proxy_source,colour"),
                       error=UnknownNameError, field="columns.colour"),
    csv_catalogue_case("catalogue-csv-proxy-id-and-value", CSV_JOBS.replace("\n", ",ashe-median-annual-pay-ft-2024\n"),
                       header=CSV_CATALOGUE_HEADER.replace("proxy_source", "proxy_source,proxy"),
                       error=ValidationError, field="rows[3].proxy_value"),
    csv_catalogue_case("catalogue-csv-formula-as-value", CSV_JOBS.replace("30000", "=1+1"),
                       error=ValidationError, field="rows[3].proxy_value"),
]


# =========================================================================== comparisons


def own_dataset(tmp: Path) -> None:
    write_yaml(tmp, "mine.yaml", {
        "dataset": {"id": "mine", "name": "Mine", "version": "1", "licence": "OGL-UK-3.0"},
        "proxies": [{"id": "hour-value", "name": "An hour", "value": HOUR_VALUE, "unit": "GBP/hour",
                     "price_year": 2024, "source": "test value", "licence": "OGL-UK-3.0"}]})


MINE_VIEW = {"framework": "toms", "label": "TOMs (mine)", "dataset": "mine.yaml",
             "proxies": {"volunteering": "hour-value"}}


def base_comparison() -> Doc:
    return {"kind": "comparison", "name": "Volunteering",
            "activity": {"name": "Depot refit", "price_year": 2024, "investment": 100000,
                         "facts": [{"fact": "volunteering", "quantity": 1200, "unit": "hour", "years": 1}]},
            "views": [{"framework": "toms", "label": "TOMs"}, copy.deepcopy(MINE_VIEW)]}


def base_bid_comparison() -> Doc:
    return {"kind": "comparison", "name": "Bids", "price_year": 2024,
            "bids": [{"supplier": "Alpha Ltd", "facts": [{"fact": "volunteering", "quantity": 1200, "unit": "hour"}]},
                     {"supplier": "Beta Ltd", "facts": [{"fact": "volunteering", "quantity": 600, "unit": "hour"}]}],
            "views": [{"framework": "toms", "label": "TOMs"}, copy.deepcopy(MINE_VIEW)]}


COMPARISON = Kind(base_comparison, "comparison.yaml", setup=own_dataset)
BID_COMPARISON = Kind(base_bid_comparison, "comparison.yaml", setup=own_dataset)


def fact0(**changes: Any) -> Edit:
    return edits(*(put("activity", "facts", 0, k, v) if v is not None else drop("activity", "facts", 0, k)
                   for k, v in changes.items()))


def comparison_case(id: str, edit: Edit, **kw: Any) -> Case:
    return make_case(COMPARISON, id, edit, **kw)


def bid_comparison_case(id: str, edit: Edit, **kw: Any) -> Case:
    return make_case(BID_COMPARISON, id, edit, **kw)


def comparison_in_subfolder(edit: Edit) -> Callable[[Path], Any]:
    """Run a comparison kept in ``sub/`` (with its own dataset) beside a crosswalk file one folder up."""

    def run(tmp: Path) -> Any:
        (tmp / "sub").mkdir()
        own_dataset(tmp / "sub")
        shutil.copy(ROOT / "src" / "socialvalue" / "compare" / "crosswalks" / "open.yaml", tmp / "crosswalk.yaml")
        doc = base_comparison()
        edit(doc)
        return evaluate(write_yaml(tmp / "sub", "comparison.yaml", doc)).views

    return run


def wrong_kind_comparison(tmp: Path) -> Any:
    from socialvalue.compare import evaluate_comparison

    doc = base_comparison()
    doc["kind"] = "tender"
    return evaluate_comparison(doc, source=str(tmp / "comparison.yaml"), base_dir=tmp)


COMPARISON_CASES = [
    comparison_case("comparison-toms-view-with-own-proxy", keep, get=lambda r: r.value("TOMs (mine)", "volunteering"),
                    expect=1200 * HOUR_VALUE),
    bid_comparison_case("comparison-bids-ranked-under-each-view", keep,
                        get=lambda r: (r.ranking.ranks, r.value("TOMs (mine)", subject="Beta Ltd")),
                        expect=(((1, 2), (1, 2)), 600 * HOUR_VALUE)),
    comparison_case("comparison-view-labels-differ-in-case", put("views", 1, "label", "toms"),
                    error=DuplicateEntryError, field="views[1].label"),
    comparison_case("comparison-view-label-zero-width-space", put("views", 1, "label", "TOMs\u200b"),
                    get=lambda r: r.views, error=ValidationError, field="views[1].label"),
    comparison_case("comparison-fact-twice", add("activity", "facts", {"fact": "volunteering", "quantity": 1}),
                    error=DuplicateEntryError, field="activity.facts[1].id"),
    comparison_case("comparison-fact-id-zero-width-space",
                    add("activity", "facts", {"fact": "volunteering", "id": "volunteering\u200b", "quantity": 1}),
                    error=ValidationError, field="activity.facts[1].id"),
    comparison_case("comparison-fact-decimal-comma-beside-a-unit", fact0(quantity="12,5"),
                    error=NumberTextError, field="activity.facts[0].quantity"),
    comparison_case("comparison-fact-decimal-comma-read-as-thousands", fact0(quantity="0,500 hour", unit=None),
                    get=lambda r: r.value("TOMs (mine)"), error=NumberTextError, field="activity.facts[0].quantity"),
    comparison_case("comparison-fact-unit-not-convertible", fact0(unit="FTE"),
                    error=UnitMismatchError, field="activity.facts[0].unit"),
    comparison_case("comparison-fact-years-zero", fact0(years=0), error=ValidationError,
                    field="activity.facts[0].years"),
    comparison_case("comparison-fact-unknown", fact0(fact="volunteer"), error=UnknownNameError,
                    field="activity.facts[0].fact"),
    comparison_case("comparison-one-view", put("views", [MINE_VIEW]), error=ValidationError, field="views"),
    comparison_case("comparison-view-framework-lm3", put("views", 0, "framework", "lm3"),
                    error=UnknownNameError, field="views[0].framework"),
    comparison_case("comparison-view-dataset-outside-the-folder", put("views", 1, "dataset", "../mine.yaml"),
                    error=UnsafeDocumentError, field="views[1].dataset"),
    comparison_case("comparison-view-price-year-1989", put("views", 1, "price_year", 1989),
                    error=PriceYearError, field="views[1].price_year"),
    comparison_case("comparison-activity-and-bids", put("bids", []), error=ValidationError, field="bids"),
    comparison_case("comparison-price-year-in-the-future", put("activity", "price_year", 2030),
                    error=PriceYearError, field="activity.price_year"),
    comparison_case("comparison-investment-pound-sign", put("activity", "investment", "£100,000"),
                    error=NumberTextError, field="activity.investment"),
    Case("comparison-document-of-another-kind", wrong_kind_comparison, error=ValidationError, field="kind",
         source=File("comparison.yaml")),
    bid_comparison_case("comparison-bid-suppliers-no-break-space-and-case",
                        put("bids", 1, "supplier", "alpha\u00a0ltd"),
                        error=DuplicateEntryError, field="bids[1].supplier"),
    bid_comparison_case("comparison-bid-supplier-cyrillic-a", put("bids", 1, "supplier", "\u0410lpha Ltd"),
                        error=ValidationError, field="bids[1].supplier"),
    bid_comparison_case("comparison-bids-with-different-price-years", put("bids", 1, "price_year", 2023),
                        error=ValidationError, field="bids[1].price_year"),
    bid_comparison_case("comparison-a-single-bid", drop("bids", 1), error=ValidationError, field="bids"),
    comparison_case("comparison-contract-value-thousands-text", put("activity", "contract_value", "1,000,000"),
                    get=lambda r: [b.sv_percent for b in r.framework_results["TOMs (mine)"][0].bids],
                    expect=[100 * 1200 * HOUR_VALUE / 1_000_000]),
    comparison_case("comparison-pair-naming-an-unknown-view", put("pairs", [["TOMs", "SROI"]]),
                    error=UnknownNameError, field="pairs[0][1]"),
    comparison_case("comparison-pair-of-one-view", put("pairs", [["TOMs"]]), error=ValidationError, field="pairs[0]"),
    comparison_case("comparison-order-naming-a-cause-twice", put("order", ["proxy value", "proxy value"]),
                    error=ValidationError, field="order"),
    comparison_case("comparison-crosswalk-adjustment-20-meaning-percent",
                    put("crosswalk", {"extends": "open", "facts": {"volunteering": {"sroi": {"adjustments": {
                        "deadweight": {"value": 20, "assumption": "a guess"}}}}}}),
                    error=ValidationError, field="crosswalk.facts.volunteering.sroi.adjustments.deadweight.value"),
    Case("comparison-crosswalk-extends-a-file-outside-the-folder",
         comparison_in_subfolder(put("crosswalk", {"extends": "../crosswalk.yaml"})),
         error=UnsafeDocumentError, field="crosswalk.extends", source=File("sub/comparison.yaml")),
    Case("comparison-crosswalk-file-outside-the-folder",
         comparison_in_subfolder(put("crosswalk", "../crosswalk.yaml")),
         error=UnsafeDocumentError, field="crosswalk", source=File("sub/comparison.yaml")),
]


# =========================================================================== verify


def result_of(tmp: Path, example: str, *companions: str, options: Mapping[str, Any] | None = None) -> Doc:
    copy_examples(tmp, example, *companions)
    return json.loads(evaluate(tmp / example, options=options).to_json())


def verify_case(id: str, example: str, forge: Callable[[Doc], Any], *, against: str | None = None,
                companions: Sequence[str] = (), get: Callable[[Any], Any] | None = None, expect: Any = None,
                error: type[SocialValueError] | None = None, field: str | None = None,
                source: File | None = File("r.json")) -> Case:
    """Verify a result of ``example`` that ``forge`` edited (``forge`` may return replacement JSON text)."""

    def run(tmp: Path) -> Any:
        from socialvalue.verify import verify

        data = result_of(tmp, example, *companions)
        text = forge(data)
        write_text(tmp, "r.json", text if isinstance(text, str) else json.dumps(data))
        if against is not None:
            copy_examples(tmp, against)
        report = verify(tmp / "r.json", tmp / (against or example))
        return report if get is None else get(report)

    return Case(id, run, expect=expect, error=error, field=field, source=source if error else None)


def recorded(**options: Any) -> Callable[[Doc], None]:
    def forge(data: Doc) -> None:
        data["provenance"]["options"].update(options)

    return forge


def outcome(report: Any) -> tuple[bool, int, list[str]]:
    return report.matches, report.exit_code, [d.path for d in report.failures]


def one_ulp_up(data: Doc) -> None:
    data["bids"][1]["social_value"] = math.nextafter(data["bids"][1]["social_value"], math.inf)


def verify_with_previous_outside(tmp: Path) -> Any:
    """A result whose recorded options name a previous assessment one folder above the input's."""
    from socialvalue.verify import verify

    example = "assessment-example-council.yaml"
    (tmp / "sub").mkdir()
    data = result_of(tmp / "sub", example)
    previous = yaml.safe_load((EXAMPLES / example).read_text(encoding="utf-8"))
    previous["date"] = "2020-01-01"
    write_yaml(tmp, "previous.yaml", previous)
    data["provenance"]["options"]["previous"] = "../previous.yaml"
    write_text(tmp / "sub", "r.json", json.dumps(data))
    return verify(tmp / "sub" / "r.json", tmp / "sub" / example).matches


MAP_EXAMPLE, TENDER_EXAMPLE = "employment-programme.yaml", "tender-highways.yaml"

VERIFY_CASES = [
    verify_case("verify-an-untouched-result-matches", MAP_EXAMPLE, keep, get=outcome, expect=(True, 0, [])),
    verify_case("verify-a-tender-score-one-ulp-up", TENDER_EXAMPLE, one_ulp_up, get=outcome,
                expect=(False, 1, ["bids[1].social_value"])),
    verify_case("verify-an-lm3-result-against-an-assessment", "lm3-council-catering.yaml", keep,
                against="assessment-example-council.yaml", error=ValidationError, field="provenance.framework"),
    verify_case("verify-recorded-monte-carlo-zero", MAP_EXAMPLE, recorded(monte_carlo=0, seed=1),
                error=ValidationError, field="provenance.options.monte_carlo"),
    verify_case("verify-recorded-negative-seed", MAP_EXAMPLE, recorded(monte_carlo=10, seed=-1),
                error=ValidationError, field="provenance.options.seed"),
    verify_case("verify-recorded-price-year-1989", MAP_EXAMPLE, recorded(price_year=1989),
                error=PriceYearError, field="provenance.options.price_year"),
    verify_case("verify-recorded-negative-break-even-target", MAP_EXAMPLE, recorded(break_even_target=-1),
                error=ValidationError, field="provenance.options.break_even_target"),
    verify_case("verify-recorded-sensitivity-as-text", MAP_EXAMPLE, recorded(sensitivity="yes"),
                error=ValidationError, field="provenance.options.sensitivity"),
    verify_case("verify-recorded-unknown-option", MAP_EXAMPLE, recorded(montecarlo=5),
                error=UnknownNameError, field="provenance.options.montecarlo"),
    verify_case("verify-recorded-extra-dataset-not-given", MAP_EXAMPLE, recorded(extra_datasets=["mine"]),
                error=ValidationError, field="provenance.options.extra_datasets"),
    verify_case("verify-recorded-option-injected-into-a-tender-result", TENDER_EXAMPLE, recorded(monte_carlo=5),
                error=UnknownNameError, field="provenance.options.monte_carlo"),
    Case("verify-recorded-previous-file-outside-the-folder", verify_with_previous_outside,
         error=ValidationError, field="provenance.options.previous", source=File("sub/r.json")),
    verify_case("verify-recorded-assessment-rule-as-text", "assessment-example-council.yaml",
                recorded(cumulative="no"), error=ValidationError, field="provenance.options.cumulative"),
    verify_case("verify-framework-misspelt", MAP_EXAMPLE, lambda d: d["provenance"].update(framework="sroy"),
                error=UnknownPluginError, field="provenance.framework"),
    verify_case("verify-options-not-a-mapping", MAP_EXAMPLE, lambda d: d["provenance"].update(options=[1]),
                error=ValidationError, field="provenance.options"),
    verify_case("verify-a-result-without-provenance", MAP_EXAMPLE, lambda d: d.pop("provenance"),
                error=ValidationError, field="provenance"),
    verify_case("verify-nan-in-the-result", MAP_EXAMPLE,
                lambda d: json.dumps(d).replace('"present_value": ', '"present_value": NaN, "x": ', 1),
                error=ParseError, field=None),
    verify_case("verify-a-yaml-file-as-result", MAP_EXAMPLE, lambda d: "present_value: 1\n",
                error=ParseError, field=None),
]


# =========================================================================== the command line


@dataclass(frozen=True)
class CliCase:
    """A command line, its exit status, text its stderr must hold, and files it must leave unchanged."""

    id: str
    args: Callable[[Path], Sequence[Any]]
    code: int
    stderr: str = ""
    unchanged: tuple[str, ...] = ()

    def param(self) -> Any:
        return pytest.param(self, id=self.id)


def run_cli(*args: Any) -> tuple[int, str]:
    from socialvalue.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse refuses a malformed option before the command runs
            code = int(exc.code or 0)
    return code, err.getvalue()


CLI_EXAMPLES = (MAP_EXAMPLE, TENDER_EXAMPLE, "tender-highways-bids.csv", "monitoring-highways.yaml",
                "lm3-council-catering.yaml", "assessment-example-council.yaml", "compare-construction.yaml")


def tender_with_bids_file(tmp: Path) -> Path:
    doc = yaml.safe_load((tmp / TENDER_EXAMPLE).read_text(encoding="utf-8"))
    del doc["bids"]
    doc["bids_file"] = "tender-highways-bids.csv"
    return write_yaml(tmp, "tender-csv.yaml", doc)


def json_result(tmp: Path) -> Path:
    code, err = run_cli("value", tmp / MAP_EXAMPLE, "--format", "json", "-o", tmp / "r.json")
    assert code == 0, err
    return tmp / "r.json"


def edited_result(tmp: Path) -> Path:
    path = json_result(tmp)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["present_value"] = math.nextafter(data["present_value"], 0.0)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def the_map(tmp: Path) -> Path:
    """The impact map the option cases run."""
    return tmp / MAP_EXAMPLE


CLI_CASES = [
    CliCase("cli-value-given-a-tender", lambda t: ["value", t / TENDER_EXAMPLE], 2, "'tender'"),
    CliCase("cli-score-given-a-monitoring-document", lambda t: ["score", t / "monitoring-highways.yaml"], 2,
            "`socialvalue score` reads tender documents, got kind 'monitoring'"),
    CliCase("cli-monitor-given-a-tender", lambda t: ["monitor", t / TENDER_EXAMPLE], 2,
            "`socialvalue monitor` reads monitoring documents, got kind 'tender'"),
    CliCase("cli-compare-given-an-impact-map", lambda t: ["compare", the_map(t)], 2,
            "`socialvalue compare` reads comparison documents, got kind 'impact-map'"),
    CliCase("cli-assess-given-an-impact-map", lambda t: ["assess", the_map(t)], 2, "'impact-map'"),
    CliCase("cli-price-year-decimal-comma", lambda t: ["value", the_map(t), "--price-year", "20,24"], 2,
            "--price-year: cannot read '20,24' as a number"),
    CliCase("cli-price-year-underscore", lambda t: ["value", the_map(t), "--price-year", "2_024"], 2,
            "--price-year: cannot read '2_024' as a number"),
    CliCase("cli-price-year-thousands-separator", lambda t: ["value", the_map(t), "--price-year", "2,024"], 0),
    CliCase("cli-price-year-outside-deflator", lambda t: ["value", the_map(t), "--price-year", "2100"], 2,
            "error: --price-year: price year 2100 is outside"),
    CliCase("cli-monte-carlo-zero", lambda t: ["value", the_map(t), "--monte-carlo", "0", "--seed", "1"], 2,
            "error: --monte-carlo:"),
    CliCase("cli-seed-negative", lambda t: ["value", the_map(t), "--monte-carlo", "10", "--seed", "-1"], 2,
            "error: --seed: must be at least 0"),
    CliCase("cli-seed-underscore", lambda t: ["value", the_map(t), "--monte-carlo", "10", "--seed", "1_0"], 2,
            "--seed: cannot read '1_0' as a number"),
    CliCase("cli-monte-carlo-without-seed", lambda t: ["value", the_map(t), "--monte-carlo", "10"], 2,
            "error: --seed:"),
    CliCase("cli-break-even-target-nan",
            lambda t: ["value", the_map(t), "--sensitivity", "--break-even-target", "nan"], 2,
            "--break-even-target: cannot read 'nan' as a number"),
    CliCase("cli-format-pdf", lambda t: ["value", the_map(t), "--format", "pdf"], 2, "invalid choice: 'pdf'"),
    CliCase("cli-missing-document", lambda t: ["value", t / "missing.yaml"], 2, "file not found"),
    CliCase("cli-folder-as-document", lambda t: ["value", t], 2, "expected a file, got a directory"),
    CliCase("cli-assess-with-nothing", lambda t: ["assess"], 2, "error: assess: give exactly one of FILE"),
    CliCase("cli-template-with-a-format", lambda t: ["assess", "--template", "flexible-framework", "--format", "json"],
            2, "error: --template:"),
    CliCase("cli-template-misspelt", lambda t: ["assess", "--template", "flexibel"], 2, "no template for 'flexibel'"),
    CliCase("cli-proxies-price-year-1800", lambda t: ["proxies", "list", "--price-year", "1800"], 2,
            "error: --price-year: price year 1800 is outside"),
    CliCase("cli-compare-assessments-given-an-lm3-survey",
            lambda t: ["assess", "--compare", t / "assessment-example-council.yaml", t / "lm3-council-catering.yaml"],
            2, "lm3-council-catering.yaml"),
    CliCase("cli-dataset-that-is-a-tender", lambda t: ["value", the_map(t), "--dataset", t / TENDER_EXAMPLE], 2,
            "'tender' document, not a proxy dataset"),
    CliCase("cli-score-output-over-its-bids-file",
            lambda t: ["score", tender_with_bids_file(t), "-o", t / "tender-highways-bids.csv"], 2,
            "is an input of this run", ("tender-highways-bids.csv",)),
    CliCase("cli-monitor-output-over-the-tender-it-names",
            lambda t: ["monitor", t / "monitoring-highways.yaml", "-o", t / TENDER_EXAMPLE], 2,
            "is an input of this run", (TENDER_EXAMPLE,)),
    CliCase("cli-export-targets-over-the-monitoring-document",
            lambda t: ["monitor", t / "monitoring-highways.yaml", "--export-targets", t / "monitoring-highways.yaml"],
            2, "error: --export-targets:", ("monitoring-highways.yaml",)),
    CliCase("cli-verify-output-over-the-input-document",
            lambda t: ["verify", json_result(t), the_map(t), "-o", the_map(t)], 2,
            "is an input of this run", (MAP_EXAMPLE,)),
    CliCase("cli-verify-against-another-framework", lambda t: ["verify", json_result(t), t / TENDER_EXAMPLE], 2,
            "the result was made by the 'sroi' framework"),
    CliCase("cli-verify-a-result-one-ulp-down", lambda t: ["verify", edited_result(t), the_map(t)], 1),
    CliCase("cli-verify-an-untouched-result", lambda t: ["verify", json_result(t), the_map(t)], 0),
]


# =========================================================================== the tests

GROUPS: dict[str, list[Case]] = {
    "impact map": IMPACT_MAP_CASES, "tender": TENDER_CASES, "tender bids file": BIDS_FILE_CASES,
    "monitoring": MONITORING_CASES, "assessment": ASSESSMENT_CASES, "lm3": LM3_CASES,
    "proxy dataset": DATASET_CASES, "measure catalogue": CATALOGUE_CASES, "comparison": COMPARISON_CASES,
    "verify": VERIFY_CASES,
}


def test_the_case_table_is_complete() -> None:
    assert GROUPS and CLI_CASES
    ids = [c.id for cases in GROUPS.values() for c in cases] + [c.id for c in CLI_CASES]
    assert all(len(cases) >= 10 for cases in GROUPS.values()), {k: len(v) for k, v in GROUPS.items()}
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    assert len(ids) >= 110
    for cases in GROUPS.values():
        for case in cases:  # an error must name where it came from; a figure has no source to check
            assert (case.error is None) == (case.source is None), case.id


@pytest.mark.parametrize("case", [c.param() for c in IMPACT_MAP_CASES])
def test_impact_map(case: Case, tmp_path: Path) -> None:
    check(case, tmp_path)


@pytest.mark.parametrize("case", [c.param() for c in TENDER_CASES])
def test_tender(case: Case, tmp_path: Path) -> None:
    check(case, tmp_path)


@pytest.mark.parametrize("case", [c.param() for c in BIDS_FILE_CASES])
def test_tender_bids_file(case: Case, tmp_path: Path) -> None:
    check(case, tmp_path)


@pytest.mark.parametrize("case", [c.param() for c in MONITORING_CASES])
def test_monitoring(case: Case, tmp_path: Path) -> None:
    check(case, tmp_path)


@pytest.mark.parametrize("case", [c.param() for c in ASSESSMENT_CASES])
def test_assessment(case: Case, tmp_path: Path) -> None:
    check(case, tmp_path)


@pytest.mark.parametrize("case", [c.param() for c in LM3_CASES])
def test_lm3(case: Case, tmp_path: Path) -> None:
    check(case, tmp_path)


@pytest.mark.parametrize("case", [c.param() for c in DATASET_CASES])
def test_proxy_dataset(case: Case, tmp_path: Path) -> None:
    check(case, tmp_path)


@pytest.mark.parametrize("case", [c.param() for c in CATALOGUE_CASES])
def test_measure_catalogue(case: Case, tmp_path: Path) -> None:
    check(case, tmp_path)


@pytest.mark.parametrize("case", [c.param() for c in COMPARISON_CASES])
def test_comparison(case: Case, tmp_path: Path) -> None:
    check(case, tmp_path)


@pytest.mark.parametrize("case", [c.param() for c in VERIFY_CASES])
def test_verify(case: Case, tmp_path: Path) -> None:
    check(case, tmp_path)


@pytest.mark.parametrize("case", [c.param() for c in CLI_CASES])
def test_cli(case: CliCase, tmp_path: Path) -> None:
    copy_examples(tmp_path, *CLI_EXAMPLES)
    shutil.copytree(EXAMPLES / "compare-data", tmp_path / "compare-data")
    args = list(case.args(tmp_path))
    before = {name: (tmp_path / name).read_bytes() for name in case.unchanged}
    code, err = run_cli(*args)
    assert code == case.code, err
    assert case.stderr in err, err
    assert "internal error" not in err and "Traceback" not in err, err
    after = {name: (tmp_path / name).read_bytes() for name in case.unchanged}
    assert after == before, "an input of the run was changed"
