"""Proxy datasets: the bundled open dataset's coverage and provenance, lookup, search, bad files."""

from __future__ import annotations

import re
import textwrap

import pytest

from socialvalue.errors import (
    DuplicateEntryError,
    DuplicateKeyError,
    UnitMismatchError,
    UnknownProxyError,
    UnknownUnitError,
    UnsafeDocumentError,
    ValidationError,
)
from socialvalue.proxies import get_dataset, get_proxy, load_dataset, loads_dataset, resolve_proxy, search
from socialvalue.units import annual_money_factor
from tests.checks import raises_exactly

NON_OPEN = re.compile(r"\b(NC|ND)\b|non-?commercial|no-?deriv", re.IGNORECASE)


@pytest.fixture(scope="module")
def uk_open():
    return get_dataset("uk-open")


def test_bundled_dataset_breadth(uk_open) -> None:
    assert len(uk_open) >= 40
    assert len({p.theme for p in uk_open}) >= 6
    assert len({p.id for p in uk_open}) == len(uk_open)


def test_every_bundled_proxy_has_provenance_and_an_open_licence(uk_open) -> None:
    for proxy in uk_open:
        assert proxy.source.publisher.strip() and proxy.source.title.strip(), proxy.id
        assert proxy.source.url and proxy.source.url.startswith(("https://", "http://")), proxy.id
        assert proxy.licence.strip() and not NON_OPEN.search(proxy.licence), proxy.id
        assert proxy.unit and 1990 <= proxy.price_year <= 2030, proxy.id
        assert proxy.confidence in "CPU" and proxy.region, proxy.id


def test_dataset_identity_is_reported(uk_open) -> None:
    summary = uk_open.summary()
    assert summary["id"] == "uk-open" and summary["version"] and summary["licence"] == "OGL-UK-3.0"
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", summary["sha256"])


def test_series_proxy_carries_the_desnz_values(uk_open) -> None:
    carbon = uk_open["carbon-value-desnz"]
    assert carbon.is_series and carbon.price_year == 2022
    # shared/reference/uk-appraisal/carbon_values.csv, central 2024 = 268.97 (2022 prices).
    assert carbon.value_at(2024) == 268.97
    assert carbon.value_at(2024, scenario="low") == 134.48


def test_lookup_and_search() -> None:
    assert get_proxy("uk-open:wellby-hmt").id == "wellby-hmt"
    assert any(p.id == "wellby-hmt" for p in search("wellby"))
    assert all(p.theme == "crime" for p in search(theme="crime"))
    with raises_exactly(UnknownProxyError, match="did you mean 'wellby-hmt'"):
        get_proxy("welby-hmt")


GOOD = """\
dataset: {id: mine, name: Mine, version: "1", licence: OGL-UK-3.0}
proxies:
  - id: a
    name: A
    value: 5
    unit: GBP/hour
    price_year: 2020
    source: {publisher: ONS, title: Something}
    licence: OGL-UK-3.0
"""


def _write(tmp_path, text: str):
    path = tmp_path / "mine.yaml"
    path.write_text(textwrap.dedent(text))
    return path


def test_user_dataset_loads_from_file_and_directory(tmp_path) -> None:
    ds = load_dataset(_write(tmp_path, GOOD))
    assert ds.id == "mine" and ds["a"].dataset == "mine" and ds.sha256.startswith("sha256:")
    (tmp_path / "more.yaml").write_text(GOOD.split("proxies:")[1].join(["proxies:", ""]).replace("id: a", "id: b"))
    merged = load_dataset(tmp_path)
    assert merged.ids == ["b", "a"] or set(merged.ids) == {"a", "b"}


@pytest.mark.parametrize(
    ("text", "error", "field"),
    [
        (GOOD + "    licence: again\n", DuplicateKeyError, None),
        (GOOD.replace("value: 5", "value: !!python/object:os.system {}"), UnsafeDocumentError, None),
        (GOOD.replace("    source: {publisher: ONS, title: Something}\n", ""), ValidationError,
         "proxies[0].source"),
        (GOOD.replace("value: 5", "value: -5"), ValidationError, "proxies[0].value"),
        (GOOD.replace("unit: GBP/hour", "unit: GBP/hours_of_fun"), UnknownUnitError, "proxies[0].unit"),
        (GOOD.replace("unit: GBP/hour", "unit: hour"), ValidationError, "proxies[0].unit"),
        (GOOD.replace("value: 5", "value: 5\n    low: 1.5\n    high: 4"), ValidationError, "proxies[0].high"),
        (GOOD + GOOD.split("proxies:\n")[1], DuplicateEntryError, "proxies[1].id"),
    ],
    ids=["duplicate-key", "python-tag", "missing-source", "negative-value", "unknown-unit", "not-money",
         "high-below-value", "duplicate-id"],
)
def test_bad_datasets_name_file_and_field(tmp_path, text: str, error: type[Exception], field: str | None) -> None:
    path = _write(tmp_path, text)
    with raises_exactly(error) as info:
        load_dataset(path)
    assert info.value.source == str(path)
    if field is not None:
        assert info.value.field == field


def test_a_fraction_of_one_and_a_half_is_refused() -> None:
    from socialvalue.frameworks.sroi.model import Outcome

    with raises_exactly(ValidationError) as info:
        Outcome.from_dict({"id": "x", "quantity": 1, "proxy": "a", "displacement": 1.5}, source="m.yaml",
                          field="outcomes[0]")
    assert (info.value.source, info.value.field) == ("m.yaml", "outcomes[0].displacement")


def test_quantity_of_the_wrong_dimension_is_refused() -> None:
    ds = loads_dataset(GOOD.replace("unit: GBP/hour", "unit: GBP/FTE/year"))
    proxy = resolve_proxy("a", [ds])
    with raises_exactly(UnitMismatchError):
        annual_money_factor(1950, "hour", proxy.unit, field="outcomes[0].quantity")


def test_indexing_a_dataset_changes_every_value_by_the_deflator(tmp_path) -> None:
    ds = load_dataset(_write(tmp_path, GOOD))
    indexed = ds.indexed(2024)
    assert indexed["a"].value == pytest.approx(5 * 100 / 85.2137, rel=1e-14)  # 2020 deflator 85.2137
