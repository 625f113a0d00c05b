"""Error quality: every error class is raised, documented and picklable; real mistakes get
errors naming the file, the field and a fix (with close matches for unknown names); the
command line exits 2 on input errors and 1 on internal errors, without a traceback unless
``--debug`` is given."""

from __future__ import annotations

import inspect
import pickle
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from socialvalue import errors
from socialvalue.errors import SocialValueError, UnknownNameError
from socialvalue.frameworks import evaluate
from tests.checks import raises_exactly

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "socialvalue"
DOC = ROOT / "docs" / "errors.md"
ALL_ERRORS = sorted((obj for _, obj in inspect.getmembers(errors, inspect.isclass)
                     if issubclass(obj, SocialValueError)), key=lambda c: c.__name__)
BASE_CLASSES = {"SocialValueError", "UnitError"}
"""Classes documented as base classes: raised through their subclasses."""


def _source_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(SRC.rglob("*.py")) if p.name != "errors.py")


SOURCE = _source_text()
SECTIONS = {m.group(1): m.start() for m in re.finditer(r"^## (\w+)\s*$", DOC.read_text(encoding="utf-8"), re.MULTILINE)}


@pytest.mark.parametrize("cls", ALL_ERRORS, ids=lambda c: c.__name__)
def test_every_error_class_is_raised_somewhere(cls) -> None:
    name = cls.__name__
    if name in BASE_CLASSES:
        raised = [sub for sub in ALL_ERRORS if issubclass(sub, cls) and sub is not cls
                  and re.search(rf"\b{sub.__name__}\(", SOURCE)]
        assert raised or re.search(rf"\b{name}\(", SOURCE), f"neither {name} nor a subclass is raised in src/"
    else:
        assert re.search(rf"\b{name}\(", SOURCE), f"{name} is never raised in src/socialvalue"


@pytest.mark.parametrize("cls", ALL_ERRORS, ids=lambda c: c.__name__)
def test_every_error_class_is_documented(cls) -> None:
    text = DOC.read_text(encoding="utf-8")
    name = cls.__name__
    assert name in SECTIONS, f"docs/errors.md has no '## {name}' section"
    start = SECTIONS[name]
    later = [pos for pos in SECTIONS.values() if pos > start]
    section = text[start:min(later) if later else len(text)]
    for part in ("**When it is raised.**", "**Example.**", "**How to fix.**"):
        assert part in section, f"docs/errors.md section {name} lacks {part}"
    if name in BASE_CLASSES:
        assert "base class" in section


def test_every_documented_section_is_an_error_class() -> None:
    assert set(SECTIONS) == {c.__name__ for c in ALL_ERRORS}


@pytest.mark.parametrize("cls", ALL_ERRORS, ids=lambda c: c.__name__)
def test_every_error_class_pickles_with_its_context(cls) -> None:
    kwargs = {"suggestions": ["wellby-hmt"]} if issubclass(cls, UnknownNameError) else {}
    exc = cls("bad value", source="map.yaml", field="outcomes[3].deadweight", hint="use 0.2", **kwargs)
    back = pickle.loads(pickle.dumps(exc))
    assert type(back) is cls and str(back) == str(exc) and back.to_dict() == exc.to_dict()
    if cls is not SocialValueError:
        assert isinstance(back, (ValueError, LookupError, RuntimeError, ImportError, OSError))
    if kwargs:
        assert back.suggestions == ("wellby-hmt",)


# --------------------------------------------------------------------------- real mistakes

MAP = """
kind: impact-map
name: Example
price_year: 2024
investment: 1000
outcomes:
  - {id: a, quantity: 10, proxy: wellby-hmt, duration: 2}
"""
TENDER = """
kind: tender
name: T
contract: {value: 100000, years: 2, price_year: 2024, start_year: 2026}
catalogue: open-toms-style
scoring: {method: relative, weight: 10, quantitative_share: 0.5}
bids:
  - supplier: A
    qualitative: 50
    commitments: [{measure: OPEN-JOBS-LOCAL, quantity: 2 FTE}]
"""
MONITORING = """
kind: monitoring
contract: {value: 100000, years: 1, price_year: 2024}
catalogue: open-toms-style
commitments: [{measure: OPEN-HEALTH-SPORT, quantity: 10}]
periods: [Q1, Q2, Q3, Q4]
period_length: quarter
deliveries: [{measure: OPEN-HEALTH-SPORT, period: Q1, quantity: 2}]
"""
LM3 = """
kind: lm3
name: L
boundary: Town
spend: [{recipient: A, kind: staff, amount: 100, local: true, local_respend: 0.5}]
"""
ASSESSMENT = """
kind: assessment
organisation: Org
date: 2026-01-01
criteria: [{id: people.1.a, status: met}]
"""

# (document, text to replace, replacement, error class, field, a word the hint must contain)
MISTAKES = [
    (MAP, "duration: 2", "duration: 2, deadweight: 20", errors.ValidationError, "outcomes[0].deadweight", "0.2"),
    (MAP, "duration: 2", "deadwieght: 0.2", UnknownNameError, "outcomes[0].deadwieght", "deadweight"),
    (MAP, "proxy: wellby-hmt", "proxy: welby-hmt", errors.UnknownProxyError, "outcomes[0].proxy", "wellby-hmt"),
    (MAP, "quantity: 10", "quantity: 10 WELBYs", errors.UnknownUnitError, "outcomes[0].quantity", "WELLBY"),
    (MAP, "quantity: 10", "quantity: 10 hour", errors.UnitMismatchError, "outcomes[0].quantity", "WELLBY"),
    (MAP, "price_year: 2024", "price_year: 1900", errors.PriceYearError, "price_year", "between"),
    (MAP, "investment: 1000", "investment: 1000\ndiscounting: {schedule: green-bok}", UnknownNameError,
     "discounting.schedule", "green-book"),
    (MAP, "duration: 2", "duration: 2000", errors.ValidationError, "outcomes[0].duration", "shorten"),
    (MAP, "investment: 1000", "investment: 1000\ndatasets: [../elsewhere.yaml]", errors.UnsafeDocumentError,
     "datasets[0]", "relative"),
    (TENDER, "measure: OPEN-JOBS-LOCAL", "measure: OPEN-JOBS-LOKAL", UnknownNameError,
     "bids[0].commitments[0].measure", "OPEN-JOBS-LOCAL"),
    (TENDER, "method: relative", "method: relativ", UnknownNameError, "scoring.method", "relative"),
    (TENDER, "quantity: 2 FTE", "quantity: 2 tonne", errors.UnitMismatchError, "bids[0].commitments[0].quantity",
     "FTE"),
    (TENDER, "value: 100000", "value: 0", errors.ValidationError, "contract.value", "contract value"),
    (TENDER, "qualitative: 50", "qualitative: 500", errors.ValidationError, "bids[0].qualitative", None),
    (TENDER, "catalogue: open-toms-style", "catalogue: open-toms", UnknownNameError, "catalogue",
     "open-toms-style"),
    (MONITORING, "period: Q1", "period: Q5", UnknownNameError, "deliveries[0].period", "Q1"),
    (MONITORING, "period_length: quarter", "period_length: quater", UnknownNameError, "period_length", "quarter"),
    (LM3, "kind: staff", "kind: stafff", UnknownNameError, "spend[0].kind", "staff"),
    (LM3, "local_respend: 0.5", "local_respend: 50", errors.ValidationError, "spend[0].local_respend", "0.2"),
    (LM3, "amount: 100", "amount: 1e999", errors.NumberTextError, "spend[0].amount", None),
    (ASSESSMENT, "id: people.1.a", "id: people.1.z", UnknownNameError, "criteria[0].id", "people.1."),
    (ASSESSMENT, "status: met", "status: mett", UnknownNameError, "criteria[0].status", "met"),
    (ASSESSMENT, "date: 2026-01-01", "date: 2026-13-01", errors.ValidationError, "date", "YYYY-MM-DD"),
]


@pytest.mark.parametrize(("doc", "old", "new", "error", "field", "hint"), MISTAKES,
                         ids=[f"{m[3].__name__}-{m[4]}" for m in MISTAKES])
def test_mistakes_name_file_field_and_fix(tmp_path, doc, old, new, error, field, hint) -> None:
    text = textwrap.dedent(doc)
    assert old in text
    path = tmp_path / "document.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert evaluate(tmp_path.joinpath("ok.yaml").write_text(text) and tmp_path / "ok.yaml")  # valid before
    with raises_exactly(error) as info:
        evaluate(path)
    exc = info.value
    assert exc.source == str(path), str(exc)
    assert exc.field == field, str(exc)
    assert exc.hint, f"no fix offered: {exc}"
    if hint is not None:
        assert hint in exc.hint, str(exc)
    if isinstance(exc, UnknownNameError) and hint is not None and "did you mean" in exc.hint:
        assert exc.suggestions and hint in " ".join(exc.suggestions)
    assert str(exc).startswith(f"{path}: ")


# --------------------------------------------------------------------------- command line

BOOM = """
import sys
import socialvalue.frameworks.lm3.framework as lm3
def boom(*args, **kwargs):
    raise RuntimeError("simulated bug")
lm3.calculate = boom
from socialvalue.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _run(*args: str, code: str | None = None) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-c", code, *args] if code else [sys.executable, "-m", "socialvalue", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=ROOT, check=False)


def test_cli_input_error_exits_2_with_one_line_and_no_traceback(tmp_path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(textwrap.dedent(LM3).replace("kind: staff", "kind: stafff"), encoding="utf-8")
    proc = _run("assess", str(bad))
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == "" and "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {bad}: spend[0].kind:") and "did you mean" in lines[0]


@pytest.mark.parametrize("args", [["assess", "examples/no-such-file.yaml"], ["value", "examples"],
                                  ["score", "examples/lm3-council-catering.yaml"],
                                  ["proxies", "show", "welby-hmt"]])
def test_cli_other_input_errors_exit_2(args) -> None:
    proc = _run(*args)
    assert proc.returncode == 2 and proc.stderr.startswith("error: ") and "Traceback" not in proc.stderr


def test_cli_internal_error_exits_4_without_traceback() -> None:
    proc = _run("assess", "examples/lm3-council-catering.yaml", code=BOOM)
    assert proc.returncode == 4, proc.stderr
    assert proc.stderr.startswith("internal error: RuntimeError: simulated bug")
    assert "Traceback" not in proc.stderr and "--debug" in proc.stderr


def test_cli_debug_shows_the_traceback_and_keeps_the_exit_status(tmp_path) -> None:
    proc = _run("--debug", "assess", "examples/lm3-council-catering.yaml", code=BOOM)
    assert proc.returncode == 4 and "Traceback" in proc.stderr and "simulated bug" in proc.stderr
    proc = _run("--debug", "proxies", "show", "welby-hmt")
    assert proc.returncode == 2 and "Traceback" in proc.stderr and "UnknownProxyError" in proc.stderr


def test_cli_hostile_file_exits_2(tmp_path) -> None:
    bad = tmp_path / "evil.yaml"
    bad.write_text("kind: lm3\nname: !!python/object/apply:os.system ['echo pwned']\n", encoding="utf-8")
    proc = _run("assess", str(bad))
    assert proc.returncode == 2 and "refused YAML tag" in proc.stderr and "pwned" not in proc.stdout
