"""The per-user cache: a cached answer is the answer a fresh run gives, or it is not used."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialvalue.cache import cache_dir
from socialvalue.errors import ValidationError
from socialvalue.proxies import load_dataset

DATASET = """dataset: {id: tiny, name: Tiny, version: "1", licence: CC0-1.0}
proxies:
  - {id: a, name: A, value: VALUE, unit: GBP/hour, price_year: 2024, licence: CC0-1.0,
     source: {publisher: test, title: fixture, url: "https://example.org"}}
"""


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SOCIALVALUE_CACHE_DIR", str(folder))
    return folder


def _write(path: Path, value: str) -> Path:
    path.write_text(DATASET.replace("VALUE", value), encoding="utf-8")
    return path


def test_a_dataset_is_read_back_and_revalidated_when_its_bytes_change(cache: Path, tmp_path: Path) -> None:
    path = _write(tmp_path / "d.yaml", "10")
    first = load_dataset(path)
    entries = list((cache / "datasets").glob("*.pickle"))
    assert len(entries) == 1
    again = load_dataset(path)
    assert again["a"].value == first["a"].value == 10 and again.sha256 == first.sha256
    _write(path, "-")  # now invalid: must be refused, not served from the cache
    with pytest.raises(ValidationError):
        load_dataset(path)
    _write(path, "12")
    assert load_dataset(path)["a"].value == 12


def test_an_entry_others_can_write_or_a_foreign_object_is_not_trusted(cache: Path, tmp_path: Path) -> None:
    path = _write(tmp_path / "d.yaml", "10")
    load_dataset(path)
    (entry,) = (cache / "datasets").glob("*.pickle")
    other = load_dataset(_write(tmp_path / "other.yaml", "99"))  # a valid dataset, of other bytes
    entry.write_bytes(pickle.dumps(other))
    assert load_dataset(path)["a"].value == 10  # its hash does not match: rebuilt
    real = load_dataset(path)
    forged = attrs.evolve(real, proxies=[attrs.evolve(real["a"], value=999.0)])  # same hash, other value
    entry.write_bytes(pickle.dumps(forged))
    entry.chmod(0o666)  # anyone could have written it
    assert load_dataset(path)["a"].value == 10
    entry.write_bytes(b"not a pickle")
    entry.chmod(0o600)
    assert load_dataset(path)["a"].value == 10


def test_the_cache_can_be_turned_off(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SOCIALVALUE_CACHE_DIR", "off")
    assert cache_dir("datasets") is None
    assert load_dataset(_write(tmp_path / "d.yaml", "10"))["a"].value == 10


PAIRS = [("person", "GBP/person/year"), ("hour", "GBP/hour"), ("FTE", "GBP/FTE/year"), ("person*week", "GBP/person/year"),
         ("kgCO2e", "GBP/tCO2e"), ("person", "GBP/person/month"), ("learner", "GBP/learner/year"), (None, "GBP/hour"),
         (None, "GBP/person/year")]


@given(st.sampled_from(PAIRS), st.floats(min_value=0, max_value=1e12, allow_nan=False))
def test_remembered_unit_factors_give_pints_own_floats(pair: tuple[str | None, str], quantity: float) -> None:
    from socialvalue import units

    quantity_unit, proxy_unit = pair
    remembered = units.annual_money_factor(quantity, quantity_unit, proxy_unit)
    assert units.annual_money_factor(quantity, quantity_unit, proxy_unit) == remembered  # second call: the memo
    assert units._annual_money_factor(quantity, quantity_unit, proxy_unit) == remembered  # pint, directly


def test_a_warm_run_does_not_import_pint_or_scan_distributions(tmp_path: Path) -> None:
    env = {**os.environ, "SOCIALVALUE_CACHE_DIR": str(tmp_path / "cache")}
    example = Path(__file__).resolve().parents[1] / "examples" / "community-centre.yaml"
    code = ("import sys, io, contextlib; from socialvalue.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()): code = main(['value', sys.argv[1]])\n"
            "print(code, 'pint' in sys.modules, 'importlib.metadata' in sys.modules)")
    runs = [subprocess.run([sys.executable, "-c", code, str(example)], env=env, capture_output=True, text=True,
                           check=True, timeout=120).stdout.split() for _ in range(2)]
    assert runs[0] == ["0", "True", "True"]  # cold: pint and the distribution scan fill the cache
    assert runs[1] == ["0", "False", "False"]  # warm: neither is needed
