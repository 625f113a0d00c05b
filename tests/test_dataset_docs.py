"""The dataset pages (docs/datasets/<id>.md) are generated from the data by tools/gen_dataset_docs.py:
regenerated here into a temporary folder, they must equal the committed pages, so they cannot drift."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "tools" / "gen_dataset_docs.py"
DOCS = ROOT / "docs" / "datasets"
DATA = ROOT / "src" / "socialvalue" / "proxies" / "data"


@pytest.fixture(scope="module")
def gen() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_dataset_docs", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_committed_pages_are_what_the_data_gives(gen: ModuleType, tmp_path: Path) -> None:
    assert gen.main(["--output", str(tmp_path), "--intro-from", str(DOCS)]) == 0
    ids = sorted(yaml.safe_load(p.read_text(encoding="utf-8"))["dataset"]["id"] for p in DATA.glob("*.yaml"))
    assert sorted(p.stem for p in tmp_path.glob("*.md")) == ids == ["gmca-ucd", "uk-open"]
    for page in sorted(tmp_path.glob("*.md")):
        committed = DOCS / page.name
        assert committed.exists(), f"{committed} is missing: run python tools/gen_dataset_docs.py"
        new, old = page.read_text(encoding="utf-8").splitlines(), committed.read_text(encoding="utf-8").splitlines()
        first = next((i for i, (a, b) in enumerate(zip(new, old, strict=False)) if a != b), min(len(new), len(old)))
        assert page.read_bytes() == committed.read_bytes(), (
            f"{committed.name} differs from its data at line {first + 1}: "
            f"{new[first] if first < len(new) else '<end>'!r} vs {old[first] if first < len(old) else '<end>'!r}; "
            "run python tools/gen_dataset_docs.py and commit the pages")
    assert gen.main(["--check"]) == 0


def test_generation_is_deterministic(gen: ModuleType, tmp_path: Path) -> None:
    one = gen.generate(tmp_path, intro_dir=DOCS)
    two = gen.generate(tmp_path, intro_dir=DOCS)
    assert one == two


def test_the_hand_written_introduction_is_kept(gen: ModuleType) -> None:
    pages = gen.generate(DOCS)
    for name, text in pages.items():
        intro, generated = text.split(gen.MARKER)
        assert (DOCS / name).read_text(encoding="utf-8").split(gen.MARKER)[0] == intro
        assert intro.startswith("# Dataset `")
        for heading in ("## Summary", "## What is thin", "### Proxies per theme in each bundled dataset",
                        "## The proxies"):
            assert heading in generated


def _dataset(proxies: list[dict], **head: object) -> dict:
    return {"dataset": {"id": "t", "name": "Test", "version": "1", "licence": "CC-BY-4.0", **head},
            "proxies": proxies}


def _proxy(pid: str, theme: str = "health", **extra: object) -> dict:
    return {"id": pid, "name": pid.upper(), "value": 1000, "unit": "GBP/person", "price_year": 2020,
            "theme": theme, "source": {"publisher": "Pub", "title": "Title", "year": 2021},
            "licence": "CC-BY-4.0", "confidence": "C", **extra}


def test_components_regions_thin_themes_and_shares(gen: ModuleType, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    proxies = [_proxy(f"h{i}", confidence="P" if i < 3 else "C") for i in range(12)]
    proxies += [
        _proxy("c1", "crime", confidence="U",
               components={"fiscal": {"value": 1000, "price_year": 2020},
                           "social": {"value": 250.5, "price_year": 2018}}),
        _proxy("r1", "crime", regions={"TLC": 900, "TLI": 1200}, low=800, high=1300),
        _proxy("s1", "environment", value={2030: 10, 2040: 20}, name="Pipe | name <b>"),
    ]
    (data / "t.yaml").write_text(yaml.safe_dump(_dataset(proxies)), encoding="utf-8")
    out = tmp_path / "out"
    text = gen.generate(out, data_dir=data)["t.md"]
    assert text.startswith("# Dataset `t`: Test") and gen.MARKER in text  # a new page gets a default intro
    assert "| proxies | 15 (C 11, P 3, U 1) |" in text
    assert "| with components | 1 |" in text and "| with ITL1 regional values | 1 |" in text
    assert "Contains data from Pub, Title, licensed under CC BY 4.0." in text
    assert "Themes with fewer than 10 proxies in `t`: **crime** (2), **environment** (1). Themes with none:" in text
    assert "| health | 12 | 25% | 0% | 25% |" in text and "| crime | 2 | 0% | 50% | 50% |" in text
    assert "| crime | 2 *(thin)* | 2 |" in text and "| fire | 0 | 0 |" in text
    assert "1,000; components: fiscal 1,000, social 250.5 (2018 prices)" in text
    assert "1,000 (800 to 1,300)" in text and "UK; ITL1 values for 2 regions" in text
    assert "series 2030–2040: 10 … 20" in text and "Pipe \\| name &lt;b&gt;" in text
    assert "| `h0` | H0 | 1,000 | GBP/person | 2020 | UK | P | Pub (2021) |" in text


def test_a_page_without_the_marker_is_refused_not_overwritten(gen: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "uk-open.md").write_text("# hand-written only\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="no marker line"):
        gen.generate(tmp_path)
    assert (tmp_path / "uk-open.md").read_text(encoding="utf-8") == "# hand-written only\n"


def test_check_mode_reports_a_stale_page(gen: ModuleType, tmp_path: Path, capsys) -> None:
    for page in DOCS.glob("*.md"):
        (tmp_path / page.name).write_text(page.read_text(encoding="utf-8") + "stale\n", encoding="utf-8")
    assert gen.main(["--output", str(tmp_path), "--check"]) == 1
    assert "out of date" in capsys.readouterr().err
