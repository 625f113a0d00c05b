"""The grown uk-open dataset (issue 13 point 3): coverage, provenance of every record, clean citations.

Each record must say where its number was read: source publisher and title, price year, unit, region,
an allowed open licence and a confidence mark (C: checked against the publisher's own table; P: read in a
secondary copy, named in source.via). Curation remarks belong in ``notes``: reports print the citation
(``Source.cite``) and "read via ...", so no ``source.*`` field may carry them.
"""

from __future__ import annotations

import ast
import math
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from socialvalue.proxies import get_dataset, load_dataset

DATASET = Path(__file__).resolve().parents[1] / "src" / "socialvalue" / "proxies" / "data" / "uk-open.yaml"
LICENCES = {"OGL-UK-3.0", "OPL-3.0", "CC-BY-4.0", "CC0-1.0"}
ITL1 = {"TLC", "TLD", "TLE", "TLF", "TLG", "TLH", "TLI", "TLJ", "TLK", "TLL", "TLM", "TLN"}
# Remarks about how a figure was curated, moved out of source.* into notes (and kept out of new records).
CURATION = re.compile(
    r"\bstored\b|\bcop(?:y|ies)\b|second-hand|cut off|not read\b|not reached|itself was not|shared reference"
    r"|open-proxies\.md|stored-index|decoded locally|rdata package|REPORT\.md|before shipping",
    re.IGNORECASE)


@pytest.fixture(scope="module")
def records() -> list[dict]:
    """The records as written in the file (what reports and the docs generator read)."""
    return yaml.safe_load(DATASET.read_text(encoding="utf-8"))["proxies"]


@pytest.fixture(scope="module")
def uk_open():
    return get_dataset("uk-open")


def test_the_file_loads_as_the_installed_dataset(uk_open) -> None:
    direct = load_dataset(DATASET)
    assert direct.id == uk_open.id == "uk-open"
    assert direct.version == uk_open.version and direct.sha256 == uk_open.sha256
    assert [p.id for p in direct] == [p.id for p in uk_open]


def test_coverage(uk_open, records) -> None:
    assert len(uk_open) >= 100
    themes = Counter(p.theme for p in uk_open)
    assert themes["environment"] >= 10, themes
    assert themes["wellbeing"] >= 10, themes
    assert len(records) == len({r["id"] for r in records}) == len(uk_open)


def test_records_are_grouped_by_theme(records) -> None:
    order = [r["theme"] for r in records]
    seen: list[str] = []
    for theme in order:
        if not seen or seen[-1] != theme:
            assert theme not in seen, f"theme {theme!r} appears in two places in the file"
            seen.append(theme)


def test_every_record_has_complete_provenance(uk_open) -> None:
    for p in uk_open:
        assert p.source.publisher.strip() and p.source.title.strip(), p.id
        assert p.source.url and p.source.url.startswith(("https://", "http://")), p.id
        assert isinstance(p.price_year, int) and 1990 <= p.price_year <= 2030, p.id
        assert p.unit.startswith("GBP/"), p.id
        assert p.region and p.region.strip(), p.id
        assert p.licence in LICENCES, (p.id, p.licence)
        assert p.confidence in {"C", "P"}, (p.id, p.confidence)
        assert p.theme and p.description, p.id


def test_secondary_readings_name_what_was_read(uk_open) -> None:
    for p in uk_open:
        if p.confidence == "P":
            assert p.source.via and p.source.via.strip(), p.id


def test_no_curation_remarks_in_citations(records) -> None:
    bad = [(r["id"], key, m.group(0)) for r in records for key, text in r["source"].items()
           if isinstance(text, str) and (m := CURATION.search(text))]
    assert not bad, bad


def test_regional_values_are_itl1_and_near_the_national_value(uk_open) -> None:
    regional = [p for p in uk_open if p.regions]
    assert {p.id for p in regional} >= {"ashe-median-weekly-pay-all-employees-residence-2025-regional",
                                        "gdhi-per-head-2023-regional"}
    for p in regional:
        assert set(p.regions) == ITL1, p.id
        national = p.headline_value
        # ITL1 values bracket the national one and stay within a factor of two of it
        assert min(p.regions.values()) <= national <= max(p.regions.values()), p.id
        assert all(national / 2 < v < national * 2 for v in p.regions.values()), p.id


def test_published_figures_read_in_the_sources(uk_open) -> None:
    """Spot checks of values as read (HMT wellbeing guidance Annex 2 and Box 8; ONS; TAG data book)."""
    expect = {
        "wellby-hmt": (13000, 10000, 16000),
        "unemployment-wellbeing-loss-hmt": (5980, 3800, 8480),
        "loneliness-moderate-to-mild-wellbeing-hmt": (9100, 5900, 12960),
        "flooding-internal-sewer-wellbeing-per-property": (145220, 112000, 179000),
    }
    for pid, (value, low, high) in expect.items():
        p = uk_open[pid]
        assert (p.value, p.low, p.high) == (value, low, high), pid
        assert p.price_year == 2019, pid
    assert uk_open["ashe-median-weekly-pay-all-employees-residence-2025-regional"].regions["TLI"] == 767.4
    assert uk_open["tag-vot-working-average-2010"].value == 19.27
    assert uk_open["crime-homicide"].value == 3200000  # press figure; the RR99 table was not read


def test_derived_values_follow_from_their_inputs(records) -> None:
    derived = [r for r in records if r.get("derivation")]
    assert len(derived) >= 10
    for r in derived:
        der = r["derivation"]
        names = {k: v["value"] for k, v in der["inputs"].items()}
        tree = ast.parse(der["formula"], mode="eval")
        assert all(isinstance(n, (ast.Expression, ast.BinOp, ast.Name, ast.Load, ast.Mult, ast.Div, ast.Add,
                                  ast.Sub, ast.Constant)) for n in ast.walk(tree)), r["id"]
        result = eval(compile(tree, r["id"], "eval"), {"__builtins__": {}}, names)  # arithmetic on names only
        assert math.isclose(result, r["value"], rel_tol=5e-4), (r["id"], result, r["value"])


def test_new_count_units_are_used_where_they_fit(uk_open) -> None:
    assert uk_open["flooding-internal-water-wellbeing-per-property"].unit == "GBP/property"
    assert uk_open["ncc-2024-25-ambulance-see-and-convey"].unit == "GBP/incident"
    assert uk_open["nearby-roadworks-wellbeing-loss"].unit == "GBP/person/incident"
