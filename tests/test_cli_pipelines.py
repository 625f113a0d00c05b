"""The command line in pipelines: ``-`` reads standard input for every document command (with
``--kind`` for a document without one), one exit status per outcome, atomic output, every
input error of a document reported at once, tables that fit the terminal, plain text without
colour, and examples in every ``--help``."""

from __future__ import annotations

import argparse
import contextlib
import errno
import io
import json
import os
import pickle
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from socialvalue.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
DOCUMENTS = sorted(p for p in EXAMPLES.glob("*.yaml"))


def run_cli(*args: Any, stdin: bytes | None = None, monkeypatch: Any = None) -> tuple[int, str, str]:
    """Run ``socialvalue ARGS`` in this process; ``stdin`` is fed to standard input."""
    out, err = io.StringIO(), io.StringIO()
    if stdin is not None:
        assert monkeypatch is not None
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


def cli(*args: Any, stdin: bytes | None = None, cwd: Path = ROOT, env: dict[str, str] | None = None,
        ) -> subprocess.CompletedProcess[bytes]:
    """Run ``socialvalue ARGS`` as a real process, with a real pipe."""
    return subprocess.run([sys.executable, "-m", "socialvalue", *map(str, args)], input=stdin, capture_output=True,
                          cwd=cwd, env={**os.environ, **(env or {})}, timeout=300, check=False)


def differences(a: Any, b: Any, path: str = "") -> list[str]:
    """The dotted paths where two JSON trees differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        return [d for k in sorted(set(a) | set(b)) for d in differences(a.get(k), b.get(k), f"{path}.{k}".strip("."))]
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True)) for d in differences(x, y, f"{path}[{i}]")]
    return [] if a == b else [path]


# --------------------------------------------------------------------------- 1. standard input


def test_a_piped_impact_map_gives_the_files_own_result_but_its_source() -> None:
    """``cat examples/community-centre.yaml | socialvalue value - --format json``: a real pipe."""
    from socialvalue.documents import load_data
    from socialvalue.frameworks import document_hash

    source = EXAMPLES / "community-centre.yaml"
    piped = cli("value", "-", "--format", "json", stdin=source.read_bytes())
    assert piped.returncode == 0, piped.stderr
    named = cli("value", source.relative_to(ROOT), "--format", "json")
    a, b = json.loads(piped.stdout), json.loads(named.stdout)
    assert differences(a, b) == ["provenance.source"]
    assert a["provenance"]["source"] == "<stdin>" and b["provenance"]["source"] == "examples/community-centre.yaml"
    # the same bytes, so the same input hash: the hash of the document those bytes hold
    assert a["provenance"]["input_sha256"] == b["provenance"]["input_sha256"] == document_hash(
        load_data(source.read_bytes(), source=str(source)))


def _stdin_cases() -> list[tuple[str, list[str], str]]:
    return [("value", ["value", "-"], "community-centre.yaml"),
            ("score", ["score", "-"], "tender-highways.yaml"),
            ("monitor", ["monitor", "-"], "monitoring-highways.yaml"),
            ("assess-lm3", ["assess", "-"], "lm3-council-catering.yaml"),
            ("assess-flexible", ["assess", "-"], "assessment-example-council.yaml"),
            ("compare", ["compare", "-"], "compare-construction.yaml"),
            ("run", ["run", "-"], "employment-programme.yaml")]


@pytest.mark.parametrize(("args", "name"), [(a, n) for _, a, n in _stdin_cases()],
                         ids=[c for c, _, _ in _stdin_cases()])
def test_every_document_command_reads_standard_input(args, name, monkeypatch) -> None:
    """Run from the examples folder: paths inside a piped document are taken from the current directory."""
    monkeypatch.chdir(EXAMPLES)
    code, out, err = run_cli(*args, "--format", "json", "-o", "-", stdin=(EXAMPLES / name).read_bytes(),
                             monkeypatch=monkeypatch)
    assert code == 0, err
    piped = json.loads(out)
    code, out, err = run_cli(args[0], name, "--format", "json")
    assert code == 0, err
    named = json.loads(out)
    assert piped["provenance"]["source"] == "<stdin>"
    assert piped["provenance"]["input_sha256"] == named["provenance"]["input_sha256"]
    # the one difference: the document is named <stdin> wherever the file's name was
    assert differences(piped, named) and json.loads(json.dumps(piped).replace('"<stdin>"', json.dumps(name))) == named


def test_relative_paths_in_piped_documents_are_taken_from_the_current_directory(monkeypatch, tmp_path) -> None:
    """The monitoring example names its tender (tender-highways.yaml): found from the examples folder,
    not from elsewhere; the error names <stdin> and the field."""
    text = (EXAMPLES / "monitoring-highways.yaml").read_bytes()
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli("monitor", "-", stdin=text, monkeypatch=monkeypatch)
    assert code == 2 and out == "" and err.startswith("error: <stdin>: tender:") and "fix:" in err
    monkeypatch.chdir(EXAMPLES)
    assert run_cli("monitor", "-", stdin=text, monkeypatch=monkeypatch)[0] == 0


def test_verify_reads_its_input_or_its_result_from_standard_input(monkeypatch, tmp_path) -> None:
    source = EXAMPLES / "community-centre.yaml"
    result = tmp_path / "r.json"
    assert run_cli("value", source, "--format", "json", "-o", result)[0] == 0
    code, out, err = run_cli("verify", result, "-", stdin=source.read_bytes(), monkeypatch=monkeypatch)
    assert code == 0 and "against <stdin>" in out, err
    code, out, err = run_cli("verify", "-", source, stdin=result.read_bytes(), monkeypatch=monkeypatch)
    assert code == 0 and "Verifying <stdin>" in out, err
    edited = source.read_text(encoding="utf-8").replace("quantity: 60", "quantity: 61")
    assert edited != source.read_text(encoding="utf-8")
    code, out, _ = run_cli("verify", result, "-", stdin=edited.encode(), monkeypatch=monkeypatch)
    assert code == 1 and "MISMATCH" in out
    code, _, err = run_cli("verify", "-", "-", stdin=result.read_bytes(), monkeypatch=monkeypatch)
    assert code == 2 and "both be standard input" in err


def test_kind_is_given_with_kind_when_a_piped_document_has_none(monkeypatch, tmp_path) -> None:
    source = EXAMPLES / "community-centre.yaml"
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    no_kind = "".join(line for line in lines if not line.startswith("kind:")).encode()
    code, _, err = run_cli("value", "-", stdin=no_kind, monkeypatch=monkeypatch)
    assert code == 2 and err.startswith("error: <stdin>: kind:") and "--kind impact-map" in err
    code, out, err = run_cli("value", "-", "--kind", "impact-map", "--format", "json", stdin=no_kind,
                             monkeypatch=monkeypatch)
    assert code == 0, err
    with_kind = json.loads(out)
    named = json.loads(run_cli("value", source, "--format", "json")[1])
    assert with_kind["provenance"]["input_sha256"] == named["provenance"]["input_sha256"]  # as if it said kind:
    for args in (["run", "-", "--kind", "impact-map"], ["run", "--kind", "impact-map", "-"]):
        code, out, err = run_cli(*args, "--format", "json", stdin=no_kind, monkeypatch=monkeypatch)
        assert code == 0 and json.loads(out)["sroi_ratio"] == named["sroi_ratio"], err
    # --kind never overrides a document's own kind
    code, _, err = run_cli("value", "-", "--kind", "tender", stdin=source.read_bytes(), monkeypatch=monkeypatch)
    assert code == 2 and "--kind" in err and "disagrees" in err
    # verify takes --kind too, for the input the result was made from
    result = tmp_path / "r.json"
    result.write_text(out, encoding="utf-8")
    code, out, err = run_cli("verify", result, "-", "--kind", "impact-map", stdin=no_kind, monkeypatch=monkeypatch)
    assert code == 0, out + err


def test_a_json_document_on_standard_input_is_read_as_json(monkeypatch) -> None:
    data = yaml.safe_load((EXAMPLES / "community-centre.yaml").read_text(encoding="utf-8"))
    text = json.dumps(data, default=str).encode()
    code, out, err = run_cli("value", "-", "--format", "json", stdin=text, monkeypatch=monkeypatch)
    assert code == 0 and json.loads(out)["provenance"]["source"] == "<stdin>", err
    code, _, err = run_cli("value", "-", stdin=b'{"kind": "impact-map", "name": "x", "name": "y"}',
                           monkeypatch=monkeypatch)
    assert code == 2 and err.startswith("error: <stdin>:") and "twice" in err


@pytest.mark.parametrize(("text", "words"), [(b"", "standard input is empty"),
                                             (b"kind: impact-map\nname: [\n", "not valid YAML"),
                                             (b"{\"kind\": \"impact-map\", ", "not valid JSON"),
                                             (b"kind: impact-map\nname: x\n", "missing required field")])
def test_errors_in_standard_input_name_stdin(text, words, monkeypatch) -> None:
    code, out, err = run_cli("value", "-", stdin=text, monkeypatch=monkeypatch)
    assert code == 2 and out == "" and err.startswith("error: <stdin>") and words in err, err
    assert "Traceback" not in err


def test_standard_input_keeps_the_size_limit(monkeypatch) -> None:
    big = b"kind: impact-map\n" + b"# padding\n" * 1000
    code, _, err = run_cli("value", "-", "--limit", "max_bytes=1000", stdin=big, monkeypatch=monkeypatch)
    assert code == 2 and "<stdin>" in err and "1,000 bytes" in err


def test_outside_the_command_line_a_dash_is_a_file_name(tmp_path, monkeypatch) -> None:
    from socialvalue.documents import read_document
    from socialvalue.errors import DocumentError
    from socialvalue.stdin import source_name

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "stdin", io.StringIO("kind: impact-map\n"))
    with pytest.raises(DocumentError, match="file not found"):
        read_document("-")
    assert source_name("-") == "-"


def test_json_to_standard_output_with_o_dash_writes_no_file(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli("score", EXAMPLES / "tender-highways.yaml", "--format", "json", "-o", "-")
    assert code == 0 and json.loads(out)["kind"] == "tender" and err == "" and list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- 2. exit status


def test_exit_0_on_success() -> None:
    assert run_cli("value", EXAMPLES / "community-centre.yaml")[0] == 0


def test_exit_1_on_a_verify_mismatch(tmp_path) -> None:
    result = tmp_path / "r.json"
    assert run_cli("value", EXAMPLES / "community-centre.yaml", "--format", "json", "-o", result)[0] == 0
    data = json.loads(result.read_text(encoding="utf-8"))
    data["present_value"] += 1
    result.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run_cli("verify", result, EXAMPLES / "community-centre.yaml")
    assert code == 1 and "MISMATCH" in out and err == ""


def test_exit_2_on_bad_input_and_on_a_bad_option() -> None:
    code, out, err = run_cli("value", EXAMPLES / "no-such-map.yaml")
    assert code == 2 and out == "" and err.startswith("error: ") and "not found" in err
    with pytest.raises(SystemExit) as info, contextlib.redirect_stderr(io.StringIO()):
        main(["value", str(EXAMPLES / "community-centre.yaml"), "--format", "pdf"])
    assert info.value.code == 2


def test_exit_3_when_the_output_folder_is_read_only(tmp_path, monkeypatch) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    if not hasattr(os, "geteuid") or os.geteuid() == 0:  # root writes anyway: refuse as a read-only folder would

        def read_only(*args: Any, **kwargs: Any) -> Any:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

        monkeypatch.setattr("socialvalue.outputs.tempfile.mkstemp", read_only)
    try:
        code, out, err = run_cli("value", EXAMPLES / "community-centre.yaml", "-o", folder / "report.txt")
    finally:
        folder.chmod(0o700)
    assert code == 3 and out == "" and "could not write" in err and "Permission denied" in err
    assert list(folder.iterdir()) == []


def test_exit_3_when_the_writer_fails_and_the_old_file_stays(tmp_path, monkeypatch) -> None:
    report = tmp_path / "report.txt"
    report.write_text("the previous report\n", encoding="utf-8")

    def refused(src: Any, dst: Any) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr("socialvalue.outputs.os.replace", refused)
    code, out, err = run_cli("value", EXAMPLES / "community-centre.yaml", "-o", report)
    assert code == 3 and out == "" and "Permission denied" in err and "internal error" not in err
    assert report.read_text(encoding="utf-8") == "the previous report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]


class _HalfWriter(io.BytesIO):
    """A file that takes half of what is written, then fails (a disk filling up mid-write)."""

    def __init__(self, fd: int, path: Path) -> None:
        super().__init__()
        self.fd, self.path = fd, path

    def write(self, data: Any) -> int:
        os.write(self.fd, bytes(data)[: len(data) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self.fd)
        super().close()


@pytest.mark.parametrize("existing", [True, False], ids=["over-a-file", "new-file"])
def test_a_write_failing_half_way_leaves_no_partial_file(tmp_path, monkeypatch, existing) -> None:
    report = tmp_path / "report.html"
    if existing:
        report.write_text("<p>the previous report</p>\n", encoding="utf-8")
    seen: list[Path] = []

    def half(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        seen.append(Path(os.readlink(f"/proc/self/fd/{fd}")) if Path("/proc/self/fd").exists() else tmp_path)
        return _HalfWriter(fd, seen[-1])

    monkeypatch.setattr("socialvalue.outputs.os.fdopen", half)
    code, _, err = run_cli("value", EXAMPLES / "community-centre.yaml", "--format", "html", "-o", report)
    assert code == 3 and "No space left on device" in err
    assert seen, "the writer was not used"
    if existing:
        assert report.read_text(encoding="utf-8") == "<p>the previous report</p>\n"
        assert [p.name for p in tmp_path.iterdir()] == ["report.html"]
    else:
        assert list(tmp_path.iterdir()) == []


def test_exit_4_on_an_internal_error_in_process(monkeypatch) -> None:
    def bug(args: argparse.Namespace) -> int:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr("socialvalue.commands.score.run", bug)
    code, out, err = run_cli("score", EXAMPLES / "tender-highways.yaml")
    assert code == 4 and out == "" and err.startswith("internal error: RuntimeError: simulated bug")
    assert "Traceback" not in err and "please report it" in err


def test_exit_130_when_interrupted_while_writing_leaves_the_old_file(tmp_path, monkeypatch) -> None:
    report = tmp_path / "report.txt"
    report.write_text("the previous report\n", encoding="utf-8")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("socialvalue.outputs.os.fsync", interrupted)
    code, _, err = run_cli("value", EXAMPLES / "community-centre.yaml", "-o", report)
    assert code == 130 and "interrupted" in err and "Traceback" not in err
    assert report.read_text(encoding="utf-8") == "the previous report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]


# --------------------------------------------------------------------------- 3. every error of a document


def _bad_map(tmp_path: Path, bad_outcomes: int) -> Path:
    data = yaml.safe_load((EXAMPLES / "community-centre.yaml").read_text(encoding="utf-8"))
    template = data["outcomes"][0]
    data["outcomes"] = [{**template, "id": f"o{i}", "deadweight": 1.5} for i in range(bad_outcomes)]
    data["outcomes"].append({**template, "id": "good"})
    path = tmp_path / "map.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_every_bad_outcome_is_reported_with_its_file_field_and_fix(tmp_path) -> None:
    data = yaml.safe_load((EXAMPLES / "community-centre.yaml").read_text(encoding="utf-8"))
    data["outcomes"][0]["deadweight"] = 1.5
    data["outcomes"][1]["proxy"] = "no-such-proxy"
    data["outcomes"][2]["quantity"] = -3
    path = tmp_path / "map.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    code, out, err = run_cli("value", path)
    lines = err.splitlines()
    assert code == 2 and out == "" and len(lines) == 4 and lines[-1] == "3 errors"
    for line, field in zip(lines, ("outcomes[0].deadweight", "outcomes[1].proxy", "outcomes[2].quantity"),
                           strict=False):
        assert line.startswith(f"error: {path}: {field}: ") and "(fix: " in line


def test_one_error_is_reported_alone_and_raised_as_itself(tmp_path) -> None:
    from socialvalue.errors import ErrorGroup, ValidationError
    from socialvalue.frameworks import evaluate
    from tests.checks import raises_exactly

    path = _bad_map(tmp_path, 1)
    code, _, err = run_cli("value", path)
    assert code == 2 and len(err.splitlines()) == 1 and "errors" not in err
    with raises_exactly(ValidationError) as info:
        evaluate(path)
    assert not isinstance(info.value, ErrorGroup) and info.value.field == "outcomes[0].deadweight"


def test_errors_stop_at_twenty(tmp_path) -> None:
    from socialvalue.errors import MAX_REPORTED_ERRORS

    code, _, err = run_cli("value", _bad_map(tmp_path, 30))
    lines = err.splitlines()
    assert code == 2 and len(lines) == MAX_REPORTED_ERRORS + 1
    assert lines[-1].startswith(f"{MAX_REPORTED_ERRORS} errors (stopped")
    assert lines[MAX_REPORTED_ERRORS - 1].startswith(f"error: {tmp_path / 'map.yaml'}: outcomes[19].deadweight")


def test_the_group_behaves_as_its_first_error(tmp_path) -> None:
    from socialvalue.errors import ErrorGroup, UnknownProxyError, ValidationError
    from socialvalue.frameworks import evaluate

    data = yaml.safe_load((EXAMPLES / "community-centre.yaml").read_text(encoding="utf-8"))
    data["outcomes"][0]["proxy"] = "no-such-proxy"
    data["outcomes"][1]["deadweight"] = 2
    path = tmp_path / "map.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    with pytest.raises(UnknownProxyError) as info:  # the first error's class still catches it
        evaluate(path)
    group = info.value
    assert isinstance(group, ErrorGroup) and isinstance(group, ValidationError) and isinstance(group, KeyError)
    assert group.field == "outcomes[0].proxy" and group.source == str(path) and group.suggestions is not None
    assert [e.field for e in group.errors] == ["outcomes[0].proxy", "outcomes[1].deadweight"]
    assert all(e.source == str(path) for e in group.errors)
    assert str(group).splitlines()[1].startswith(f"{path}: outcomes[1].deadweight:")
    back = pickle.loads(pickle.dumps(group))
    assert isinstance(back, UnknownProxyError) and isinstance(back, ErrorGroup) and str(back) == str(group)
    assert back.to_dict() == group.to_dict() and len(back.to_dict()["errors"]) == 2


def test_every_bad_bid_and_commitment_is_reported(tmp_path) -> None:
    data = yaml.safe_load((EXAMPLES / "tender-highways.yaml").read_text(encoding="utf-8"))
    assert "bids" in data, "the example tender lists its bids inline"
    data["bids"][0]["commitments"][0]["quantity"] = -1
    data["bids"][0]["commitments"][1]["measure"] = "NO-SUCH-MEASURE"
    data["bids"][2]["qualitative"] = "excellent-ish"
    path = tmp_path / "tender.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    code, _, err = run_cli("score", path)
    lines = err.splitlines()
    assert code == 2 and lines[-1] == "3 errors", err
    assert [line.split(": ")[2] for line in lines[:-1]] == [
        "bids[0].commitments[0].quantity", "bids[0].commitments[1].measure", "bids[2].qualitative"]


def test_every_bad_delivery_of_a_contract_is_reported(tmp_path) -> None:
    data = yaml.safe_load((EXAMPLES / "monitoring-highways.yaml").read_text(encoding="utf-8"))
    data["deliveries"][0]["quantity"] = "-14 FTE"
    data["deliveries"][2]["measure"] = "NO-SUCH-MEASURE"
    (tmp_path / "monitoring.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    (tmp_path / data["tender"]).write_bytes((EXAMPLES / data["tender"]).read_bytes())
    code, _, err = run_cli("monitor", tmp_path / "monitoring.yaml")
    lines = err.splitlines()
    assert code == 2 and lines[-1] == "2 errors", err
    assert lines[0].split(": ")[2].startswith("deliveries[0]") and lines[1].split(": ")[2] == "deliveries[2].measure"


def test_an_error_outside_the_item_is_reported_once_not_per_item(tmp_path) -> None:
    """A contract price year the deflator does not reach fails every commitment: one error, raised as itself."""
    from socialvalue.errors import ErrorGroup, PriceYearError
    from socialvalue.frameworks import evaluate
    from tests.checks import raises_exactly

    data = yaml.safe_load((EXAMPLES / "tender-highways.yaml").read_text(encoding="utf-8"))
    data["contract"]["price_year"] = 2060
    path = tmp_path / "tender.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    code, _, err = run_cli("score", path)
    assert code == 2 and len(err.splitlines()) == 1 and "contract.price_year" in err, err
    with raises_exactly(PriceYearError) as info:
        evaluate(path)
    assert not isinstance(info.value, ErrorGroup)


def test_the_same_error_twice_is_kept_once() -> None:
    from socialvalue.errors import ValidationError
    from socialvalue.validation import ErrorCollector

    collector = ErrorCollector()
    for i in range(3):
        with collector.item(f"bids[{i}]"):
            raise ValidationError("bad", field=f"bids[{i}].quantity")
    with collector.item():
        raise ValidationError("bad", field="bids[2].quantity")  # the same error again
    assert [e.field for e in collector.errors] == ["bids[0].quantity", "bids[1].quantity", "bids[2].quantity"]
    assert not collector.full
    with collector.item("bids[4]"):
        raise ValidationError("shared", field="contract.price_year")  # not about the item: stop here
    assert collector.full and len(collector.errors) == 4


def test_every_bad_row_of_a_bids_file_is_reported(tmp_path) -> None:
    rows = (EXAMPLES / "tender-highways-bids.csv").read_text(encoding="utf-8").splitlines()
    header = rows[0].split(",")
    quantity = header.index("quantity")
    bad = [",".join("-5" if k == quantity else cell for k, cell in enumerate(row.split(",")))
           if n in (1, 3) else row for n, row in enumerate(rows)]
    (tmp_path / "bids.csv").write_text("\n".join(bad) + "\n", encoding="utf-8")
    data = yaml.safe_load((EXAMPLES / "tender-highways.yaml").read_text(encoding="utf-8"))
    data.pop("bids")
    data["bids_file"] = "bids.csv"
    (tmp_path / "tender.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    code, _, err = run_cli("score", tmp_path / "tender.yaml")
    lines = err.splitlines()
    assert code == 2 and lines[-1] == "2 errors", err
    assert all(line.startswith(f"error: {tmp_path / 'bids.csv'}: rows[") for line in lines[:-1])


# --------------------------------------------------------------------------- 4. tables that fit


def _results() -> list[tuple[str, Any]]:
    from socialvalue.frameworks import evaluate

    return [(p.name, evaluate(p)) for p in DOCUMENTS]


@pytest.fixture(scope="module")
def results() -> list[tuple[str, Any]]:
    return _results()


@pytest.mark.parametrize("width", [24, 40, 60, 80, 120])
def test_no_line_is_wider_than_the_terminal_for_any_example(results, width) -> None:
    for name, result in results:
        text = result.render("text", width=width)
        long = [line for line in text.splitlines() if len(line) > width]
        assert not long, f"{name} at width {width}: {long[:3]}"


def test_piped_text_keeps_every_cell_whole(results) -> None:
    from socialvalue.results.text import render_text

    for _, result in results:
        assert result.render("text") == render_text(result.report(), width=None)
    tender = dict(results)["tender-highways.yaml"]
    assert any(line.startswith("OPEN-SKILLS-APPRENTICE ") for line in tender.render("text").splitlines())
    assert not any(line.startswith("OPEN-SKILLS-APPRENTICE ") for line in tender.render("text", width=60).splitlines())


def test_narrow_tables_wrap_text_and_keep_numbers_whole() -> None:
    from socialvalue.results.report import Table
    from socialvalue.results.text import text_table

    table = Table(["outcome", "value", "share"],
                  [["people into sustained employment for a year or more", "£1,234,567.89", "12.5%"],
                   ["volunteering", "£12.00", "0.1%"]], numeric=[False, True, True])
    text = text_table(table, 40)
    assert all(len(line) <= 40 for line in text.splitlines())
    assert "£1,234,567.89" in text and "12.5%" in text  # numbers whole
    words = " ".join(line.split("£")[0].strip() for line in text.splitlines()[2:4])
    assert words.startswith("people into")  # the text wrapped onto a second line of the row
    assert text_table(table).splitlines()[2].startswith("people into sustained employment for a year or more")
    # too narrow for the numbers side by side: one block of header: value lines per row
    narrow = text_table(table, 18)
    assert all(len(line) <= 18 for line in narrow.splitlines()) and "£1,234,567.89" in narrow


def test_the_terminal_width_is_used_only_on_a_terminal(monkeypatch, tmp_path) -> None:
    from socialvalue.commands import output

    monkeypatch.setattr(sys.stdout, "isatty", lambda: False, raising=False)
    assert output.terminal_width() is None
    code, piped, _ = run_cli("score", EXAMPLES / "tender-highways.yaml")
    assert code == 0 and max(len(line) for line in piped.splitlines()) > 60  # piped: full width
    monkeypatch.setattr(output, "terminal_width", lambda: 60)  # a terminal 60 columns wide
    code, fitted, _ = run_cli("score", EXAMPLES / "tender-highways.yaml")
    assert code == 0 and max(len(line) for line in fitted.splitlines()) <= 60
    run_cli("score", EXAMPLES / "tender-highways.yaml", "-o", tmp_path / "r.txt")  # a file is never fitted
    assert (tmp_path / "r.txt").read_text(encoding="utf-8") == piped


# --------------------------------------------------------------------------- 5. plain text, no colour


def test_no_colour_or_escape_ever_and_no_color_changes_nothing() -> None:
    """socialvalue writes no colour: piped output holds no ANSI escape, and NO_COLOR (https://no-color.org)
    changes nothing."""
    commands = [["value", "examples/community-centre.yaml"], ["score", "examples/tender-highways.yaml"],
                ["proxies", "list"], ["value", "examples/no-such-file.yaml"]]
    for args in commands:
        plain = cli(*args)
        no_color = cli(*args, env={"NO_COLOR": "1"})
        assert plain.stdout == no_color.stdout and plain.stderr == no_color.stderr
        assert b"\x1b" not in plain.stdout + plain.stderr


# --------------------------------------------------------------------------- 6. examples in every --help


def _all_parsers() -> list[tuple[str, argparse.ArgumentParser]]:
    """Every parser of the command line: with no command chosen, every command is registered in full."""
    from socialvalue.cli import _parser

    found: list[tuple[str, argparse.ArgumentParser]] = []

    def walk(name: str, parser: argparse.ArgumentParser) -> None:
        found.append((name, parser))
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub_name, sub in action.choices.items():
                    walk(f"{name} {sub_name}", sub)

    walk("socialvalue", _parser([]))
    return found


def test_every_command_and_subcommand_has_examples_in_its_help() -> None:
    parsers = _all_parsers()
    names = {name for name, _ in parsers}
    assert {"socialvalue value", "socialvalue proxies show", "socialvalue datasets check",
            "socialvalue verify", "socialvalue run"} <= names
    for name, parser in parsers:
        text = parser.format_help()
        assert "examples:" in text, f"{name} --help has no examples"
        block = text.split("examples:", 1)[1]
        assert sum(line.strip().startswith(("socialvalue ", "cat ")) for line in block.splitlines()) >= 2, name
        assert isinstance(parser.formatter_class, type) and issubclass(
            parser.formatter_class, argparse.RawDescriptionHelpFormatter), name


def test_help_shows_examples_when_the_command_is_the_one_set_up(capsys) -> None:
    """`socialvalue COMMAND --help` goes through the start-up path that sets up only that command."""
    commands = [name for name, _ in _all_parsers() if name.count(" ") == 1]
    assert len(commands) >= 9
    for name in commands:
        with pytest.raises(SystemExit) as info:
            main([name.split()[1], "--help"])
        assert info.value.code == 0 and "examples:" in capsys.readouterr().out, name


def test_a_frameworks_own_help_after_file_has_examples(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["run", str(EXAMPLES / "lm3-council-catering.yaml"), "--help"])
    assert "examples:" in capsys.readouterr().out


PIPELINE_COMMANDS = ("run", "value", "score", "monitor", "assess", "compare", "verify", "proxies", "datasets")
"""The commands whose help examples are run here (reading the bundled examples, writing nothing)."""


def _example_lines() -> list[str]:
    lines = []
    for name, parser in _all_parsers():
        if name == "socialvalue" or name.split()[1] not in PIPELINE_COMMANDS:
            continue
        for line in (parser.epilog or "").splitlines():
            line = line.strip()
            if not line.startswith("socialvalue ") or any(t in line for t in ("|", " -o ", "my-", "map.yaml", "(",
                                                                               "result.json", "fragment", "--help")):
                continue
            words = shlex.split(line)[1:]
            if all(not w.endswith((".yaml", ".json", ".csv")) or (ROOT / w).exists() for w in words):
                lines.append(line)
    return sorted(set(lines))


@pytest.mark.parametrize("line", _example_lines())
def test_the_help_examples_run(line, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    code, _, err = run_cli(*shlex.split(line)[1:])
    assert code == 0, err
