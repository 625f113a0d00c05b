"""``socialvalue verify``: every example's result verifies bit for bit; an edited number, an
edited input or a changed dataset is caught and named; bad inputs exit 2."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from socialvalue.documents import read_document
from socialvalue.errors import UnknownPluginError, ValidationError
from socialvalue.verify import compare_trees, verify
from tests.checks import raises_exactly

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
FRAMEWORK_EXAMPLES = sorted(p for p in EXAMPLES.glob("*.yaml")
                            if isinstance(read_document(p), dict) and read_document(p).get("kind"))

def cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``socialvalue ARGS`` as a user would, in a fresh process."""
    return subprocess.run([sys.executable, "-m", "socialvalue", *args], capture_output=True, text=True, timeout=300,
                          cwd=ROOT, check=False)


def result_json(path: Path, out: Path, **options) -> Path:
    """Write ``path``'s result as the CLI's --format json would."""
    from socialvalue.frameworks import framework_for

    document = read_document(path)
    framework = framework_for(document)
    result = framework.evaluate(document, source=str(path), options={"base_dir": str(path.parent), **options})
    out.write_text(result.render("json") + "\n", encoding="utf-8")
    return out


@pytest.mark.parametrize("example", FRAMEWORK_EXAMPLES, ids=lambda p: p.name)
def test_every_example_verifies(tmp_path, example) -> None:
    out = result_json(example, tmp_path / "result.json")
    report = verify(out, example)
    assert report.matches, report.to_text()
    assert report.exit_code == 0 and report.input_matches and report.numbers > 0
    assert all(check.status == "unchanged" for check in report.datasets), report.to_text()
    assert "MATCH: all" in report.to_text()


@pytest.mark.parametrize("example", FRAMEWORK_EXAMPLES, ids=lambda p: p.name)
def test_editing_one_number_fails_verification(tmp_path, example) -> None:
    out = result_json(example, tmp_path / "result.json")
    data = json.loads(out.read_text(encoding="utf-8"))
    path = _first_number(data)
    _set(data, path, _get(data, path) + 1)
    out.write_text(json.dumps(data, indent=2), encoding="utf-8")
    report = verify(out, example)
    assert not report.matches and report.exit_code == 1
    assert [d.path for d in report.failures] == [_dotted(path)]
    assert "MISMATCH: 1 of" in report.to_text() and _dotted(path) in report.to_text()


@pytest.mark.slow
def test_the_cli_exits_0_on_match_1_on_mismatch_2_on_input_errors(tmp_path) -> None:
    out = tmp_path / "result.json"
    example = EXAMPLES / "community-centre.yaml"
    proc = subprocess.run([sys.executable, "-m", "socialvalue", "value", str(example), "--sensitivity",
                           "--monte-carlo", "200", "--seed", "7", "--price-year", "2023", "--format", "json",
                           "-o", str(out)], capture_output=True, text=True, timeout=300, cwd=ROOT,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    proc = cli("verify", str(out), str(example))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "MATCH" in proc.stdout and "monte_carlo=200" in proc.stdout and "price_year=2023" in proc.stdout

    data = json.loads(out.read_text(encoding="utf-8"))
    data["present_value"] = data["present_value"] * (1 + 2**-52)  # one ulp: still caught
    out.write_text(json.dumps(data, indent=2), encoding="utf-8")
    proc = cli("verify", str(out), str(example))
    assert proc.returncode == 1 and "MISMATCH" in proc.stdout and "present_value" in proc.stdout
    proc = cli("verify", str(out), str(example), "--format", "json")
    assert proc.returncode == 1 and json.loads(proc.stdout)["differences"][0]["path"] == "present_value"

    proc = cli("verify", str(example), str(example))  # a YAML document is not a result
    assert proc.returncode == 2 and proc.stderr.startswith("error: ") and "Traceback" not in proc.stderr
    proc = cli("verify", str(tmp_path / "missing.json"), str(example))
    assert proc.returncode == 2 and "not found" in proc.stderr
    (tmp_path / "plain.json").write_text('{"present_value": 1}', encoding="utf-8")
    proc = cli("verify", str(tmp_path / "plain.json"), str(example))
    assert proc.returncode == 2 and "no provenance" in proc.stderr


def test_options_recorded_in_the_result_are_used(tmp_path) -> None:
    example = EXAMPLES / "employment-programme.yaml"
    out = result_json(example, tmp_path / "r.json", sensitivity=True, monte_carlo=300, seed=11, price_year=2022,
                      break_even_target=1.5)
    options = json.loads(out.read_text(encoding="utf-8"))["provenance"]["options"]
    assert options["monte_carlo"] == 300 and options["seed"] == 11 and options["price_year"] == 2022
    assert options["sensitivity"] is True and options["break_even_target"] == 1.5
    assert verify(out, example).matches
    # The same result verified without its options would not match: they are really used.
    data = json.loads(out.read_text(encoding="utf-8"))
    data["provenance"]["options"] = {}
    (tmp_path / "no-options.json").write_text(json.dumps(data), encoding="utf-8")
    assert not verify(tmp_path / "no-options.json", example).matches


def test_assessment_rule_switches_are_recorded_and_reused(tmp_path) -> None:
    example = EXAMPLES / "assessment-example-council.yaml"
    out = result_json(example, tmp_path / "r.json", partly_counts_as_met=True, cumulative=False)
    assert json.loads(out.read_text(encoding="utf-8"))["provenance"]["options"] == {
        "partly_counts_as_met": True, "cumulative": False}
    assert verify(out, example).matches


def test_a_changed_input_is_named(tmp_path) -> None:
    shutil.copy(EXAMPLES / "lm3-council-catering.yaml", tmp_path / "lm3.yaml")
    out = result_json(tmp_path / "lm3.yaml", tmp_path / "r.json")
    doc = yaml.safe_load((tmp_path / "lm3.yaml").read_text(encoding="utf-8"))
    doc["spend"][1]["amount"] += 1
    (tmp_path / "lm3.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    report = verify(out, tmp_path / "lm3.yaml")
    assert not report.matches and not report.input_matches
    assert "input      CHANGED" in report.to_text()
    assert {"r1", "r2", "provenance.input_sha256"} <= {d.path for d in report.failures}


def test_a_result_verified_from_another_folder_still_matches(tmp_path) -> None:
    for name in ("monitoring-highways.yaml", "tender-highways.yaml"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    out = result_json(EXAMPLES / "monitoring-highways.yaml", tmp_path / "r.json")
    report = verify(out, tmp_path / "monitoring-highways.yaml")
    assert report.matches, report.to_text()
    assert {d.category for d in report.differences} == {"location"}
    assert "notes" in report.to_text()


def test_changed_datasets_are_named(tmp_path) -> None:
    example = EXAMPLES / "tender-highways.yaml"
    out = result_json(example, tmp_path / "r.json")
    data = json.loads(out.read_text(encoding="utf-8"))
    uk = next(d for d in data["provenance"]["datasets"] if d.get("id") == "uk-open")
    uk["sha256"] = "sha256:" + "0" * 64
    data["provenance"]["deflator"]["sha256"] = "sha256:" + "1" * 64
    out.write_text(json.dumps(data), encoding="utf-8")
    report = verify(out, example)
    assert not report.matches
    changed = {c.label.split(" (now")[0] for c in report.datasets if c.status == "changed"}
    assert any(label.startswith("proxy dataset uk-open") for label in changed)
    assert any(label.startswith("deflator") for label in changed)
    assert "uk-open" in report.to_text() and "CHANGED" in report.to_text()


def test_a_result_made_with_an_extra_dataset_needs_it_again(tmp_path) -> None:
    (tmp_path / "extra.yaml").write_text(
        "dataset: {id: extra, name: Extra, version: '1', licence: OGL-UK-3.0}\n"
        "proxies:\n  - {id: x1, name: X, value: 10, unit: GBP/person/year, price_year: 2024,\n"
        "     source: {publisher: P, title: T}, licence: OGL-UK-3.0}\n", encoding="utf-8")
    (tmp_path / "map.yaml").write_text(
        "kind: impact-map\nname: m\nprice_year: 2024\ninvestment: 100\n"
        "outcomes: [{id: a, quantity: 3, proxy: 'extra:x1', duration: 2}]\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "socialvalue", "value", str(tmp_path / "map.yaml"), "--dataset",
                           str(tmp_path / "extra.yaml"), "--format", "json", "-o", str(tmp_path / "r.json")],
                          capture_output=True, text=True, timeout=300, cwd=ROOT,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    with raises_exactly(ValidationError) as info:
        verify(tmp_path / "r.json", tmp_path / "map.yaml")
    assert "--dataset" in info.value.hint and "extra" in info.value.message
    report = verify(tmp_path / "r.json", tmp_path / "map.yaml", datasets=[tmp_path / "extra.yaml"])
    assert report.matches, report.to_text()
    proc = cli("verify", str(tmp_path / "r.json"), str(tmp_path / "map.yaml"))
    assert proc.returncode == 2 and "--dataset" in proc.stderr


def test_verify_refuses_what_is_not_a_result(tmp_path) -> None:
    (tmp_path / "r.json").write_text('{"provenance": {"framework": "sroi"}}', encoding="utf-8")
    with raises_exactly(ValidationError, match="input_sha256"):
        verify(tmp_path / "r.json", EXAMPLES / "community-centre.yaml")
    (tmp_path / "r.json").write_text('{"provenance": {"framework": "nope", "input_sha256": "x"}}', encoding="utf-8")
    with raises_exactly(UnknownPluginError) as info:
        verify(tmp_path / "r.json", EXAMPLES / "community-centre.yaml")
    assert info.value.field == "provenance.framework"


def test_compare_trees_is_bit_exact() -> None:
    diffs, numbers, values = compare_trees({"a": 0.0, "b": 1, "c": [1.0, "x"], "d": {"e": None}},
                                           {"a": -0.0, "b": 1.0, "c": [1.0, "x", 2], "d": {"e": None}})
    assert [d.path for d in diffs] == ["a", "b", "c[2]"]
    assert numbers == 4 and values == 2
    assert compare_trees({"x": 0.1 + 0.2}, {"x": 0.3})[0]


def _first_number(data, path=()):
    """Path of the first number in the result's figures (not in its provenance)."""
    if isinstance(data, dict):
        items = [(k, val) for k, val in data.items() if k != "provenance"]
    elif isinstance(data, list):
        items = list(enumerate(data))
    else:
        return path if isinstance(data, (int, float)) and not isinstance(data, bool) else None
    for key, val in items:
        found = _first_number(val, (*path, key))
        if found is not None:
            return found
    return None


def _get(data, path):
    for key in path:
        data = data[key]
    return data


def _set(data, path, value):
    _get(data, path[:-1])[path[-1]] = value


def _dotted(path) -> str:
    out = ""
    for key in path:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
    return out
