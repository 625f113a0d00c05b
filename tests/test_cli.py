"""The command line as a user meets it: output formats, price years, exit codes, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from socialvalue.cli import main
from tests.checks import raises_exactly


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys) -> None:
    with raises_exactly(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.startswith("socialvalue ")


def test_proxies_list_json_contract(capsys) -> None:
    code, out, _ = run(capsys, "proxies", "list", "--format", "json")
    assert code == 0
    records = json.loads(out)
    required = {"id", "name", "value", "unit", "currency", "price_year", "region", "theme", "source", "licence",
                "dataset"}
    assert all(required <= set(r) for r in records)
    uk = [r for r in records if r["dataset"] == "uk-open"]
    assert len({r["id"] for r in uk}) >= 40 and len({r["theme"] for r in uk}) >= 6
    for r in uk:
        assert r["source"] and r["licence"] and r["unit"] and r["price_year"]
    carbon = next(r for r in uk if r["id"] == "carbon-value-desnz")
    assert carbon["value"] == carbon["series"][str(carbon["price_year"])]


def test_price_year_reexpresses_values_by_the_deflator(capsys) -> None:
    _, out, _ = run(capsys, "proxies", "list", "--format", "json", "--price-year", "2024")
    wellby = next(r for r in json.loads(out) if r["id"] == "wellby-hmt")
    # By hand: £13,000 in 2019 prices x D(2024)/D(2019) = 13000 x 100 / 81.1085.
    assert wellby["price_year"] == 2024
    assert wellby["value"] == pytest.approx(13000 * 100 / 81.1085, rel=1e-12)
    assert wellby["indexation"]["from_price_year"] == 2019


def test_values_the_deflator_cannot_reach_are_flagged_not_dropped(capsys) -> None:
    _, out, _ = run(capsys, "proxies", "list", "--format", "json", "--price-year", "2024")
    _, plain, _ = run(capsys, "proxies", "list", "--format", "json")
    records = json.loads(out)
    assert len(records) == len(json.loads(plain))
    for r in records:
        if r["value"] is None:
            assert "outside" in r["indexation"]["error"] and r["original_price_year"] > 2024


def test_show_and_search_text(capsys) -> None:
    code, out, _ = run(capsys, "proxies", "show", "wellby-hmt")
    assert code == 0 and "HM Treasury" in out and "licence" in out
    code, out, _ = run(capsys, "proxies", "search", "carbon", "--format", "json")
    assert code == 0 and any(r["id"] == "carbon-value-desnz" for r in json.loads(out))


def test_datasets_lists_hash_and_licence(capsys) -> None:
    code, out, _ = run(capsys, "datasets", "--format", "json")
    assert code == 0
    uk = next(d for d in json.loads(out) if d["id"] == "uk-open")
    assert uk["sha256"].startswith("sha256:") and uk["licence"] == "OGL-UK-3.0"


def test_input_errors_exit_2_with_one_line(capsys, tmp_path) -> None:
    code, out, err = run(capsys, "proxies", "show", "welby-hmt")
    assert code == 2 and out == ""
    assert err.startswith("error:") and "did you mean 'wellby-hmt'" in err and "Traceback" not in err
    bad = tmp_path / "bad.yaml"
    bad.write_text("dataset: {id: x, name: x, version: 1, licence: OGL-UK-3.0}\nproxies:\n  - {id: a}\n")
    code, _, err = run(capsys, "proxies", "list", "--dataset", str(bad))
    assert code == 2 and str(bad) in err and "proxies[0]" in err


def test_no_traceback_from_a_real_process(tmp_path) -> None:
    proc = subprocess.run([sys.executable, "-m", "socialvalue", "proxies", "list", "--price-year", "1800"],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "--price-year" in proc.stderr


def test_group_without_action_prints_usage(capsys) -> None:
    code, _, err = run(capsys, "proxies")
    assert code == 2 and "usage" in err
