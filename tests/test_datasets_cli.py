"""``socialvalue datasets`` and ``socialvalue datasets check FILE...``: through the handler and as a
user runs it (a fresh process): summaries, every problem with file and field, exit 2, no traceback."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from socialvalue.cli import main
from socialvalue.commands.datasets import check_dataset, run_check

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "socialvalue" / "proxies" / "data"
EXAMPLE = ROOT / "examples" / "socialvalue-example-plugin" / "src" / "socialvalue_example_plugin" / "minimum-wage-2024.yaml"

GOOD = {
    "dataset": {"id": "mine", "name": "Mine", "version": "1.0.0", "licence": "CC0-1.0"},
    "proxies": [
        {"id": "a", "name": "A", "value": 5, "unit": "GBP/person/year", "price_year": 2024, "theme": "health",
         "source": {"publisher": "P", "title": "T"}, "licence": "CC0-1.0", "confidence": "P"},
        {"id": "b", "name": "B", "value": 7.5, "unit": "GBP/hour", "price_year": 2020, "theme": "health",
         "source": {"publisher": "P", "title": "T", "based_on": "a study"}, "licence": "OGL-UK-3.0",
         "components": {"fiscal": {"value": 7.5, "price_year": 2020}, "social": {"value": 3, "price_year": 2018}},
         "regions": {"TLC": 6.5, "TLI": 9}},
    ],
}


def write(tmp_path: Path, name: str, data: object) -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def bad(tmp_path: Path) -> Path:
    data = json.loads(json.dumps(GOOD))
    data["proxies"][0]["value"] = -5
    data["proxies"][1]["licence"] = "CC-BY-NC-ND-4.0"
    return write(tmp_path, "bad.yaml", data)


def cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "socialvalue", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300, check=False)


# --------------------------------------------------------------------------- through the handler


def test_check_a_good_file_summarises_it(tmp_path, capsys) -> None:
    path = write(tmp_path, "mine.yaml", GOOD)
    assert run_check([str(path)]) == 0
    out = capsys.readouterr().out
    assert f"{path}: ok" in out and "mine 1.0.0" in out and "by theme    health 2" in out
    assert "confidence  C 1, P 1, U 0" in out
    assert "schema      valid" in out


def test_check_record_counts_by_theme_and_mark(tmp_path) -> None:
    record = check_dataset(write(tmp_path, "mine.yaml", GOOD))
    assert record["ok"] and record["problems"] == [] and record["schema"] == "valid"
    ds = record["dataset"]
    assert (ds["id"], ds["version"], ds["licence"], ds["proxies"]) == ("mine", "1.0.0", "CC0-1.0", 2)
    assert ds["themes"] == {"health": 2} and ds["confidence"] == {"C": 1, "P": 1, "U": 0}
    assert ds["proxy_licences"] == {"CC0-1.0": 1, "OGL-UK-3.0": 1} and ds["sha256"].startswith("sha256:")


@pytest.mark.parametrize("name", ["uk-open.yaml", "gmca-ucd.yaml"])
def test_the_bundled_datasets_pass_the_check(name: str) -> None:
    record = check_dataset(DATA / name)
    assert record["ok"], record["problems"][:5]
    assert record["schema"] == "valid" and record["dataset"]["proxies"] > 100


def test_check_names_every_problem_with_file_and_field(tmp_path) -> None:
    path = bad(tmp_path)
    record = check_dataset(path)
    assert not record["ok"] and record["dataset"] is None and record["schema"] == "invalid"
    by_check = {(p["check"], p["field"]): p for p in record["problems"]}
    model = by_check[("model", "proxies[0].value")]
    assert model["file"] == str(path) and "negative" in model["message"]
    licence = by_check[("licence", "proxies[1].licence")]
    assert "proxy 'b'" in licence["message"] and "no-derivatives (ND)" in licence["message"]
    assert ("schema", "proxies[0].value") not in by_check  # the model's refusal is said once


def test_check_json_and_exit_status_through_main(tmp_path, capsys) -> None:
    good, wrong = write(tmp_path, "mine.yaml", GOOD), bad(tmp_path)
    assert main(["datasets", "check", str(good), str(wrong), "--format", "json"]) == 2
    records = json.loads(capsys.readouterr().out)
    assert [r["ok"] for r in records] == [True, False]
    assert main(["datasets", "--format", "json", "check", str(good)]) == 0  # --format before the action too
    assert json.loads(capsys.readouterr().out)[0]["ok"]


def test_a_folder_dataset_is_checked_file_by_file(tmp_path) -> None:
    folder = tmp_path / "ds"
    folder.mkdir()
    write(folder, "00-header.yaml", {"dataset": GOOD["dataset"]})
    write(folder, "10-health.yaml", {"proxies": GOOD["proxies"]})
    assert check_dataset(folder)["ok"]
    write(folder, "20-more.yaml", {"proxies": [{**GOOD["proxies"][0], "id": "c", "theme": "enviroment"}]})
    record = check_dataset(folder)
    assert not record["ok"] and record["dataset"]["proxies"] == 3  # the loader takes any theme; the schema does not
    problem = record["problems"][0]
    assert problem["check"] == "schema" and problem["field"] == "proxies[0].theme"
    assert problem["file"].endswith("20-more.yaml")


def test_without_jsonschema_the_schema_step_says_it_did_not_run(tmp_path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "jsonschema", None)  # import jsonschema now raises ImportError
    record = check_dataset(write(tmp_path, "mine.yaml", GOOD))
    assert record["ok"] and record["schema"].startswith("not checked")


def test_unreadable_and_missing_files(tmp_path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("dataset: [oops\n", encoding="utf-8")
    record = check_dataset(broken)
    assert not record["ok"] and record["schema"].startswith("not checked")
    assert record["problems"][0]["check"] == "model" and len(record["problems"]) == 1
    missing = check_dataset(tmp_path / "nope.yaml")
    assert not missing["ok"] and "not found" in missing["problems"][0]["message"]


def test_listing_still_works_through_main(capsys) -> None:
    assert main(["datasets", "--format", "json"]) == 0
    ids = {d["id"] for d in json.loads(capsys.readouterr().out)}
    assert {"uk-open", "gmca-ucd"} <= ids
    assert main(["datasets", "list", "--dataset", str(EXAMPLE)]) == 0
    assert "example-minimum-wage" in capsys.readouterr().out


def test_the_command_is_registered_and_its_handler_is_the_one_run_check_calls(tmp_path, capsys) -> None:
    from socialvalue.cli import _parser
    from socialvalue.commands import COMMANDS

    assert "socialvalue.commands.datasets" in COMMANDS
    path = str(write(tmp_path, "mine.yaml", GOOD))
    args = _parser().parse_args(["datasets", "check", path])
    assert args.format == "text" and args.files == [path]
    assert args.handler(args) == 0 == run_check([path])
    assert args.handler(argparse.Namespace(files=[str(bad(tmp_path))], format="json")) == 2
    capsys.readouterr()


# --------------------------------------------------------------------------- as a user runs it


def test_cli_good_files_exit_0(tmp_path) -> None:
    proc = cli("datasets", "check", str(DATA / "uk-open.yaml"), str(write(tmp_path, "mine.yaml", GOOD)))
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == "" and proc.stdout.count(": ok") == 2 and "uk-open" in proc.stdout


def test_cli_bad_file_exits_2_with_file_and_field_and_no_traceback(tmp_path) -> None:
    path = bad(tmp_path)
    proc = cli("datasets", "check", str(path))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert lines[0].startswith(f"error: {path}: proxies[0].value: must not be negative")
    assert any(line.startswith(f"error: {path}: proxies[1].licence: proxy 'b': licence 'CC-BY-NC-ND-4.0'")
               for line in lines)
    assert "2 problems" in proc.stdout


def test_cli_json(tmp_path) -> None:
    proc = cli("datasets", "check", "--format", "json", str(bad(tmp_path)))
    assert proc.returncode == 2 and proc.stderr == ""
    [record] = json.loads(proc.stdout)
    assert {p["check"] for p in record["problems"]} == {"model", "licence"}


def test_cli_usage_errors_exit_2() -> None:
    proc = cli("datasets", "check")
    assert proc.returncode == 2 and "FILE" in proc.stderr and "Traceback" not in proc.stderr
